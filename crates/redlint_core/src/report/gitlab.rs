//! GitLab code quality: a JSON array of Code Climate issues (`description`, `check_name`,
//! `fingerprint`, `severity`, `location.path`, `location.lines`), which GitLab shows in merge
//! requests. Severities: an error of a security rule is `critical`, other errors `major`,
//! warnings `minor`, infos `info`.

use serde::Serialize;

use super::Report;
use crate::diagnostic::Severity;
use crate::rules::{self, Category};
use crate::source::ColumnEncoding;

// Typed rather than `serde_json::Value` (smaller in WebAssembly); fields in alphabetical
// order, as a sorted map would write them.
#[derive(Serialize)]
struct Issue<'a> {
    categories: [&'static str; 1],
    check_name: &'static str,
    description: String,
    fingerprint: &'a str,
    location: Location<'a>,
    severity: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
}

#[derive(Serialize)]
struct Location<'a> {
    lines: Lines,
    path: &'a str,
}

#[derive(Serialize)]
struct Lines {
    begin: u32,
    end: u32,
}

impl Report {
    pub fn to_gitlab(&self) -> String {
        let issues: Vec<Issue<'_>> = self
            .findings()
            .map(|(diagnostic, fingerprint)| {
                let location = self.location(diagnostic.span, ColumnEncoding::Chars);
                let category = rules::meta(diagnostic.rule).map(|meta| meta.category);
                let severity = match diagnostic.severity {
                    Severity::Error if category == Some(Category::Security) => "critical",
                    Severity::Error => "major",
                    Severity::Warning => "minor",
                    Severity::Info => "info",
                };
                let categories = match category {
                    Some(Category::Security) => "Security",
                    Some(Category::Compat) => "Compatibility",
                    Some(Category::Memory) => "Performance",
                    _ => "Bug Risk",
                };
                let mut description = diagnostic.message.clone();
                if let Some(help) = &diagnostic.help {
                    description.push_str(" (help: ");
                    description.push_str(help);
                    description.push(')');
                }
                Issue {
                    categories: [categories],
                    check_name: diagnostic.rule,
                    description,
                    fingerprint,
                    location: Location {
                        lines: Lines { begin: location.line, end: location.end_line },
                        path: location.file,
                    },
                    severity,
                    kind: "issue",
                }
            })
            .collect();
        let mut out = serde_json::to_string_pretty(&issues).expect("serialising plain structs cannot fail");
        out.push('\n');
        out
    }
}
