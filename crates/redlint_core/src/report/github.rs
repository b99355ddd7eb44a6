//! GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` line per finding,
//! which GitHub shows as annotations on the pull request's lines.

use std::fmt::Write as _;

use super::Report;
use crate::diagnostic::Severity;
use crate::source::ColumnEncoding;

/// Escaping for the message (the command's data): `%`, `\r`, `\n`.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escaping for a property value: the data escapes plus `:` and `,`.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

impl Report {
    /// `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`, one per finding.
    /// Columns count characters; `endColumn` is exclusive, like everywhere in redlint.
    pub fn to_github(&self) -> String {
        let mut out = String::new();
        for diagnostic in &self.diagnostics {
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
            let _ = writeln!(
                out,
                "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                escape_property(location.file),
                location.line,
                location.column,
                location.end_line,
                location.end_column,
                escape_property(&format!("redlint ({})", diagnostic.rule)),
                escape_data(&message),
            );
        }
        out
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
}
