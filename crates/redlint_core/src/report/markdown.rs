//! `markdown`: a summary for people, in GitHub-flavoured Markdown — the totals, the findings
//! by rule (with links to the rule pages and the suppressed counts) and by file. The GitHub
//! Action writes it to the job summary; `redlint check --format markdown >>
//! "$GITHUB_STEP_SUMMARY"` does the same from the CLI.
//!
//! Everything that comes from the checked files (paths, and the values messages quote) is
//! escaped here, so a file name or a directive cannot add links, HTML or table cells.

use std::fmt::Write as _;

use super::Report;
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::ColumnEncoding;
use crate::suppress::SuppressionKind;

/// Findings listed one by one; beyond this the summary gives counts only (GitHub shows at
/// most 1 MiB of summary per step).
const MAX_LISTED: usize = 500;
/// Files named in one row of the rules table.
const MAX_FILES_PER_RULE: usize = 3;

impl Report {
    /// The Markdown summary. `notes` are shown as a list under the totals (plain text: they
    /// are escaped like everything else).
    pub fn to_markdown(&self, notes: &[String]) -> String {
        let summary = self.summary();
        let mut out = String::from("## redlint\n\n");
        let files = count(summary.files, "checked file", "checked files");
        let findings = [
            (summary.errors, "error", "errors"),
            (summary.warnings, "warning", "warnings"),
            (summary.infos, "info", "infos"),
        ];
        let found: Vec<String> = findings
            .iter()
            .filter(|(number, _, _)| *number > 0)
            .map(|&(number, one, many)| {
                let text = count(number, one, many);
                if one == "info" { text } else { format!("**{text}**") }
            })
            .collect();
        match found.split_last() {
            None => {
                let _ = write!(out, "No findings in {files}");
            }
            Some((last, [])) => {
                let _ = write!(out, "{last} in {files}");
            }
            Some((last, rest)) => {
                let _ = write!(out, "{} and {last} in {files}", rest.join(", "));
            }
        }
        if summary.suppressed > 0 {
            let _ = write!(out, "; {} suppressed", summary.suppressed);
        }
        out.push_str(".\n");
        if !notes.is_empty() {
            out.push('\n');
            for note in notes {
                let _ = writeln!(out, "- {}", inline(note));
            }
        }
        if self.diagnostics.is_empty() && self.suppressed.is_empty() {
            return out;
        }
        self.rules_table(&mut out);
        self.files_sections(&mut out);
        self.suppressions_line(&mut out);
        out
    }

    /// One row per rule with findings (reported or suppressed): most severe first, then the
    /// most frequent.
    fn rules_table(&self, out: &mut String) {
        struct Row<'a> {
            rule: &'static str,
            severity: Severity,
            reported: usize,
            suppressed: usize,
            files: Vec<&'a str>,
        }
        let mut rows: Vec<Row<'_>> = Vec::new();
        let all = self.diagnostics.iter().map(|diagnostic| (diagnostic, false));
        let suppressed = self.suppressed.iter().map(|(diagnostic, _)| (diagnostic, true));
        for (diagnostic, is_suppressed) in all.chain(suppressed) {
            let index = match rows.iter().position(|row| row.rule == diagnostic.rule) {
                Some(index) => index,
                None => {
                    rows.push(Row {
                        rule: diagnostic.rule,
                        severity: diagnostic.severity,
                        reported: 0,
                        suppressed: 0,
                        files: Vec::new(),
                    });
                    rows.len() - 1
                }
            };
            let row = &mut rows[index];
            if is_suppressed {
                row.suppressed += 1;
                continue;
            }
            // A rule's severity can be raised per finding: show the highest reported one.
            if row.reported == 0 || diagnostic.severity > row.severity {
                row.severity = diagnostic.severity;
            }
            row.reported += 1;
            let path = self.sources.get(diagnostic.span.file).path();
            if !row.files.contains(&path) {
                row.files.push(path);
            }
        }
        crate::sort::sort_by(&mut rows, |a, b| {
            (a.reported == 0)
                .cmp(&(b.reported == 0))
                .then(b.severity.cmp(&a.severity))
                .then(b.reported.cmp(&a.reported))
                .then(a.rule.cmp(b.rule))
        });
        out.push_str(
            "\n| rule | severity | findings | suppressed | files |\n| :-- | :-- | --: | --: | :-- |\n",
        );
        for row in &rows {
            let mut files: Vec<String> =
                row.files.iter().take(MAX_FILES_PER_RULE).map(|path| code(path)).collect();
            if row.files.len() > MAX_FILES_PER_RULE {
                files.push(format!("and {} more", row.files.len() - MAX_FILES_PER_RULE));
            }
            let severity = if row.reported == 0 { "–" } else { row.severity.as_str() };
            let _ = writeln!(
                out,
                "| {} | {severity} | {} | {} | {} |",
                rule_link(row.rule),
                row.reported,
                row.suppressed,
                files.join(", ")
            );
        }
    }

    /// The reported findings of each file, in a collapsed section per file.
    fn files_sections(&self, out: &mut String) {
        if self.diagnostics.is_empty() {
            return;
        }
        out.push_str("\n### Findings by file\n");
        let mut listed = 0;
        let mut start = 0;
        while start < self.diagnostics.len() {
            let file = self.diagnostics[start].span.file;
            let end = start
                + self.diagnostics[start..]
                    .iter()
                    .take_while(|diagnostic| diagnostic.span.file == file)
                    .count();
            let group = &self.diagnostics[start..end];
            start = end;
            if listed >= MAX_LISTED {
                continue;
            }
            let path = self.sources.get(file).path();
            let counts = severity_counts(group);
            let _ = write!(
                out,
                "\n<details><summary>{} — {counts}</summary>\n\n| line | severity | rule | message |\n| --: | :-- | :-- | :-- |\n",
                html(path)
            );
            for diagnostic in group.iter().take(MAX_LISTED - listed) {
                let location = self.location(diagnostic.span, ColumnEncoding::Chars);
                let _ = writeln!(
                    out,
                    "| {}:{} | {} | {} | {} |",
                    location.line,
                    location.column,
                    diagnostic.severity,
                    rule_link(diagnostic.rule),
                    inline(&diagnostic.message)
                );
            }
            listed += group.len().min(MAX_LISTED - listed);
            out.push_str("\n</details>\n");
        }
        if listed < self.diagnostics.len() {
            let _ = writeln!(
                out,
                "\n{} more findings are not listed here: the annotations, the SARIF file and `--format json` have them all.",
                self.diagnostics.len() - listed
            );
        }
    }

    /// What silenced the suppressed findings.
    fn suppressions_line(&self, out: &mut String) {
        if self.suppressed.is_empty() {
            return;
        }
        let kinds = [
            (SuppressionKind::Comment, "`# redlint-ignore` comments"),
            (SuppressionKind::FileComment, "`# redlint-ignore-file` comments"),
            (SuppressionKind::ComposeExtension, "`x-redlint-ignore` fields"),
            (SuppressionKind::KubernetesAnnotation, "`redlint.dev/ignore` annotations"),
            (SuppressionKind::ConfigFile, "`[[ignore]]` entries of `redlint.toml`"),
            (SuppressionKind::Baseline, "the baseline"),
        ];
        let parts: Vec<String> = kinds
            .iter()
            .filter_map(|(kind, name)| {
                let number =
                    self.suppressed.iter().filter(|(_, suppression)| suppression.kind == *kind).count();
                (number > 0).then(|| format!("{number} by {name}"))
            })
            .collect();
        let _ = writeln!(
            out,
            "\n{} suppressed: {}.",
            count(self.suppressed.len(), "finding", "findings"),
            parts.join(", ")
        );
    }
}

fn count(number: usize, one: &str, many: &str) -> String {
    format!("{number} {}", if number == 1 { one } else { many })
}

fn severity_counts(group: &[Diagnostic]) -> String {
    let parts: Vec<String> = [
        (Severity::Error, "error", "errors"),
        (Severity::Warning, "warning", "warnings"),
        (Severity::Info, "info", "infos"),
    ]
    .iter()
    .filter_map(|&(severity, one, many)| {
        let number = group.iter().filter(|diagnostic| diagnostic.severity == severity).count();
        (number > 0).then(|| count(number, one, many))
    })
    .collect();
    parts.join(", ")
}

fn rule_link(rule: &str) -> String {
    match crate::rules::meta(rule) {
        Some(meta) => format!("[{}]({})", escape(rule), meta.url()),
        None => escape(rule),
    }
}

/// Text with Markdown's punctuation escaped (and `|`, which ends a table cell), on one line.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '#' | '$' => {
                out.push('\\');
                out.push(c);
            }
            '\r' | '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A code span that holds `text` literally: the fence is longer than any run of backticks
/// in it, and `|` is escaped (GitHub splits table cells on it even inside code).
fn code(text: &str) -> String {
    let text = text.replace(['\r', '\n'], " ").replace('|', "\\|");
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') { " " } else { "" };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// A message: its `` `quoted` `` parts become code spans, the rest is escaped text.
fn inline(text: &str) -> String {
    let parts: Vec<&str> = text.split('`').collect();
    let mut out = String::new();
    for (index, part) in parts.iter().enumerate() {
        // Odd parts follow an opening backtick; a last odd part has no closing one.
        let closed = index + 1 < parts.len();
        match (index % 2 == 1, closed, part.is_empty()) {
            (false, _, _) => out.push_str(&escape(part)),
            (true, true, false) => out.push_str(&code(part)),
            (true, true, true) => out.push_str("\\`\\`"),
            (true, false, _) => {
                out.push_str("\\`");
                out.push_str(&escape(part));
            }
        }
    }
    out
}

/// Text inside an HTML element (a `<summary>`).
fn html(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace(['\r', '\n'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_from_files_cannot_become_markup() {
        assert_eq!(escape("a|b [x](y) <img> *z* #1"), "a\\|b \\[x\\](y) \\<img\\> \\*z\\* \\#1");
        assert_eq!(escape("two\nlines"), "two lines");
        assert_eq!(code("deploy/redis.conf"), "`deploy/redis.conf`");
        assert_eq!(code("a`b|c"), "``a`b\\|c``");
        assert_eq!(code("`x"), "`` `x ``");
        assert_eq!(html("<b>&"), "&lt;b&gt;&amp;");
    }

    #[test]
    fn quoted_parts_of_messages_are_code() {
        assert_eq!(inline("`maxmemory` is 2gb"), "`maxmemory` is 2gb");
        assert_eq!(inline("unknown `a|b` [here]"), "unknown `a\\|b` \\[here\\]");
        // An unbalanced backtick is text, not the start of a code span.
        assert_eq!(inline("odd ` tick"), "odd \\` tick");
        assert_eq!(inline("empty `` pair"), "empty \\`\\` pair");
    }
}
