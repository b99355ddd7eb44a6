//! Baselines: `redlint check --write-baseline FILE` records the current findings by
//! fingerprint; `--baseline FILE` then reports only findings that are not in it. The file is
//! JSON, sorted, one finding per line, so it diffs well in review.

use std::collections::HashSet;
use std::fmt::Write as _;

use crate::report::Report;

/// A recorded set of findings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Baseline {
    entries: HashSet<(String, String, String)>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct BaselineFile {
    version: u32,
    #[allow(dead_code)]
    tool: Option<String>,
    findings: Vec<BaselineEntry>,
}

#[derive(serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
struct BaselineEntry {
    rule: String,
    file: String,
    fingerprint: String,
    /// For people reading the file; not used for matching (messages may mention lines).
    #[serde(default)]
    message: String,
}

impl Baseline {
    /// Parse a baseline file.
    pub fn parse(text: &str) -> Result<Baseline, String> {
        let file: BaselineFile =
            serde_json::from_str(text).map_err(|error| format!("not a redlint baseline: {error}"))?;
        if file.version != 1 {
            return Err(format!("baseline version {} is not supported (expected 1)", file.version));
        }
        Ok(Baseline {
            entries: file
                .findings
                .into_iter()
                .map(|entry| (entry.rule, entry.file, entry.fingerprint))
                .collect(),
        })
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn contains(&self, rule: &str, file: &str, fingerprint: &str) -> bool {
        self.entries.contains(&(rule.to_owned(), file.to_owned(), fingerprint.to_owned()))
    }

    /// The baseline file for a report's findings (suppressed ones are not recorded).
    pub fn render(report: &Report) -> String {
        let mut entries: Vec<BaselineEntry> = report
            .findings()
            .map(|(diagnostic, fingerprint)| BaselineEntry {
                rule: diagnostic.rule.to_owned(),
                file: report.sources().get(diagnostic.span.file).path().to_owned(),
                fingerprint: fingerprint.to_owned(),
                message: diagnostic.message.clone(),
            })
            .collect();
        crate::sort::sort_by(&mut entries, |a, b| {
            (&a.file, &a.rule, &a.fingerprint).cmp(&(&b.file, &b.rule, &b.fingerprint))
        });
        let mut out = String::from("{\n  \"version\": 1,\n  \"tool\": \"redlint\",\n  \"findings\": [");
        for (index, entry) in entries.iter().enumerate() {
            let separator = if index == 0 { "\n" } else { ",\n" };
            let line = serde_json::to_string(entry).expect("serialising strings cannot fail");
            let _ = write!(out, "{separator}    {line}");
        }
        out.push_str(if entries.is_empty() { "]\n}\n" } else { "\n  ]\n}\n" });
        out
    }
}
