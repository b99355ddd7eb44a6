//! GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` line per finding,
//! which GitHub shows as annotations on the pull request's lines. Every workflow command
//! redlint writes, the action's own messages included, is escaped here.

use std::fmt::Write as _;

use super::Report;
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::ColumnEncoding;

/// Escaping for the message (the command's data): `%`, `\r`, `\n`.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escaping for a property value: the data escapes plus `:` and `,`.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// One workflow command, `::command key=value,…::message` without the line break, escaped
/// as the Actions toolkit escapes it: whatever a file name or message holds, it stays one
/// command. `command` and the keys are the caller's constants.
pub fn workflow_command(command: &str, properties: &[(&str, &str)], message: &str) -> String {
    let mut out = format!("::{command}");
    for (index, (key, value)) in properties.iter().enumerate() {
        out.push(if index == 0 { ' ' } else { ',' });
        let _ = write!(out, "{key}={}", escape_property(value));
    }
    out.push_str("::");
    out.push_str(&escape_data(message));
    out
}

/// Counts per severity (annotations use GitHub's names: errors, warnings, notices).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SeverityCounts {
    pub errors: usize,
    pub warnings: usize,
    pub notices: usize,
}

impl SeverityCounts {
    fn get_mut(&mut self, severity: Severity) -> &mut usize {
        match severity {
            Severity::Error => &mut self.errors,
            Severity::Warning => &mut self.warnings,
            Severity::Info => &mut self.notices,
        }
    }

    pub fn total(&self) -> usize {
        self.errors + self.warnings + self.notices
    }
}

/// The annotations of one step: the commands, and how many findings of each severity were
/// written and left out.
#[derive(Clone, Debug, Default)]
pub struct Annotations {
    pub commands: String,
    pub annotated: SeverityCounts,
    pub omitted: SeverityCounts,
}

impl Report {
    /// `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`, one per finding,
    /// in report order. Columns count characters; `endColumn` is exclusive, like everywhere
    /// in redlint.
    pub fn to_github(&self) -> String {
        let mut out = String::new();
        for diagnostic in &self.diagnostics {
            out.push_str(&self.github_command(diagnostic));
            out.push('\n');
        }
        out
    }

    /// The annotations for one workflow step. GitHub shows at most 10 error and 10 warning
    /// annotations per step and drops the rest silently, so errors come first, then
    /// warnings, then notices (each in report order), and with `limit` at most that many
    /// of each severity are written; the rest are counted in `omitted`.
    pub fn github_annotations(&self, limit: Option<usize>) -> Annotations {
        let mut annotations = Annotations::default();
        for severity in [Severity::Error, Severity::Warning, Severity::Info] {
            for diagnostic in self.diagnostics.iter().filter(|diagnostic| diagnostic.severity == severity) {
                let written = annotations.annotated.get_mut(severity);
                if limit.is_some_and(|limit| *written >= limit) {
                    *annotations.omitted.get_mut(severity) += 1;
                    continue;
                }
                *written += 1;
                annotations.commands.push_str(&self.github_command(diagnostic));
                annotations.commands.push('\n');
            }
        }
        annotations
    }

    fn github_command(&self, diagnostic: &Diagnostic) -> String {
        let location = self.location(diagnostic.span, ColumnEncoding::Chars);
        let command = match diagnostic.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut message = diagnostic.message.clone();
        if let Some(help) = &diagnostic.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        let (line, column) = (location.line.to_string(), location.column.to_string());
        let (end_line, end_column) = (location.end_line.to_string(), location.end_column.to_string());
        let title = format!("redlint ({})", diagnostic.rule);
        workflow_command(
            command,
            &[
                ("file", location.file),
                ("line", &line),
                ("col", &column),
                ("endLine", &end_line),
                ("endColumn", &end_column),
                ("title", &title),
            ],
            &message,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_like_the_actions_toolkit() {
        assert_eq!(escape_data("50% off\r\nnext: a,b"), "50%25 off%0D%0Anext: a,b");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }

    #[test]
    fn commands_stay_one_line_whatever_they_hold() {
        assert_eq!(workflow_command("notice", &[], "done"), "::notice::done");
        assert_eq!(
            workflow_command("error", &[("file", "a,b:c.conf"), ("title", "x")], "line 1\n::warning::2"),
            "::error file=a%2Cb%3Ac.conf,title=x::line 1%0A::warning::2"
        );
    }
}
