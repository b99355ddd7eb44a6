//! GitLab code quality: a JSON array of Code Climate issues (`description`, `check_name`,
//! `fingerprint`, `severity`, `location.path`, `location.lines`), which GitLab shows in merge
//! requests. Severities: an error of a security rule is `critical`, other errors `major`,
//! warnings `minor`, infos `info`.

use serde_json::{Value, json};

use super::Report;
use crate::diagnostic::Severity;
use crate::rules::{self, Category};
use crate::source::ColumnEncoding;

impl Report {
    pub fn to_gitlab(&self) -> String {
        let issues: Vec<Value> = self
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
                json!({
                    "type": "issue",
                    "check_name": diagnostic.rule,
                    "description": description,
                    "categories": [categories],
                    "severity": severity,
                    "fingerprint": fingerprint,
                    "location": {
                        "path": location.file,
                        "lines": { "begin": location.line, "end": location.end_line },
                    },
                })
            })
            .collect();
        let mut out = serde_json::to_string_pretty(&issues).expect("serialising JSON values cannot fail");
        out.push('\n');
        out
    }
}
