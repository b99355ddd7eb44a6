//! SARIF 2.1.0, as GitHub code scanning reads it: rule metadata from the policy pages (help
//! text and Markdown, `security-severity` and tags), exact regions in UTF-16 code units
//! (SARIF's default `columnKind`, declared explicitly; `endColumn` is exclusive),
//! `relatedLocations` for labels, stable `partialFingerprints`, `suppressions` with their
//! justification, and `fixes`. No source snippets are emitted, so no secret can leak through
//! them; messages never contain secrets.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::{Value, json};

use super::Report;
use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::rules::{self, Category, RuleMeta};
use crate::source::{ColumnEncoding, Span};
use crate::suppress::{Suppression, SuppressionKind};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// GitHub shows at most this many characters of a rule's descriptions.
const MAX_DESCRIPTION: usize = 1024;

impl Report {
    /// The SARIF 2.1.0 log, pretty-printed, ending with a newline.
    pub fn to_sarif(&self, tool_version: &str) -> String {
        // Rules referenced by a result (reported or suppressed), sorted; `ruleIndex` points here.
        let mut referenced: Vec<&'static str> = self
            .diagnostics
            .iter()
            .chain(self.suppressed.iter().map(|(diagnostic, _)| diagnostic))
            .map(|diagnostic| diagnostic.rule)
            .collect();
        referenced.sort_unstable();
        referenced.dedup();
        let index_of: BTreeMap<&str, usize> =
            referenced.iter().enumerate().map(|(index, rule)| (*rule, index)).collect();
        let rules: Vec<Value> = referenced.iter().map(|rule| sarif_rule(rule)).collect();

        let mut results: Vec<Value> = Vec::new();
        for (diagnostic, fingerprint) in self.findings() {
            results.push(self.sarif_result(diagnostic, fingerprint, index_of[diagnostic.rule], None));
        }
        for (diagnostic, suppression, fingerprint) in self.suppressed_findings() {
            results.push(self.sarif_result(
                diagnostic,
                fingerprint,
                index_of[diagnostic.rule],
                Some(suppression),
            ));
        }
        let repository = env!("CARGO_PKG_REPOSITORY");
        let log = json!({
            "$schema": SCHEMA,
            "version": "2.1.0",
            "runs": [{
                "tool": {
                    "driver": {
                        "name": "redlint",
                        "version": tool_version,
                        "semanticVersion": tool_version,
                        "informationUri": repository,
                        "rules": rules,
                    }
                },
                "columnKind": "utf16CodeUnits",
                "invocations": [{ "executionSuccessful": true }],
                "results": results,
            }]
        });
        let mut out = serde_json::to_string_pretty(&log).expect("serialising JSON values cannot fail");
        out.push('\n');
        out
    }

    fn physical_location(&self, span: Span) -> Value {
        let location = self.location(span, ColumnEncoding::Utf16);
        json!({
            "artifactLocation": { "uri": uri(location.file) },
            "region": {
                "startLine": location.line,
                "startColumn": location.column,
                "endLine": location.end_line,
                "endColumn": location.end_column,
            }
        })
    }

    fn sarif_result(
        &self,
        diagnostic: &Diagnostic,
        fingerprint: &str,
        rule_index: usize,
        suppression: Option<&Suppression>,
    ) -> Value {
        let mut message = diagnostic.message.clone();
        if let Some(help) = &diagnostic.help {
            message.push_str("\n\nhelp: ");
            message.push_str(help);
        }
        let mut result = json!({
            "ruleId": diagnostic.rule,
            "ruleIndex": rule_index,
            "level": level(diagnostic.severity),
            "message": { "text": message },
            "locations": [{ "physicalLocation": self.physical_location(diagnostic.span) }],
            "partialFingerprints": {
                "primaryLocationLineHash": fingerprint,
                "redlint/v1": fingerprint,
            },
        });
        let object = result.as_object_mut().expect("a JSON object");
        if !diagnostic.labels.is_empty() {
            let related: Vec<Value> = diagnostic
                .labels
                .iter()
                .enumerate()
                .map(|(id, label)| {
                    json!({
                        "id": id + 1,
                        "message": { "text": label.message },
                        "physicalLocation": self.physical_location(label.span),
                    })
                })
                .collect();
            object.insert("relatedLocations".into(), Value::Array(related));
        }
        if let Some(fix) = &diagnostic.fix {
            object.insert("fixes".into(), json!([self.sarif_fix(fix)]));
        }
        if let Some(suppression) = suppression {
            object.insert("suppressions".into(), json!([self.sarif_suppression(suppression)]));
        }
        result
    }

    fn sarif_fix(&self, fix: &Fix) -> Value {
        // One artifactChange per file, replacements in order.
        let mut by_file: BTreeMap<&str, Vec<Value>> = BTreeMap::new();
        for edit in &fix.edits {
            let location = self.physical_location(edit.span);
            by_file.entry(self.sources.get(edit.span.file).path()).or_default().push(json!({
                "deletedRegion": location["region"],
                "insertedContent": { "text": edit.replacement },
            }));
        }
        let changes: Vec<Value> = by_file
            .into_iter()
            .map(|(path, replacements)| {
                json!({ "artifactLocation": { "uri": uri(path) }, "replacements": replacements })
            })
            .collect();
        json!({ "description": { "text": fix.description }, "artifactChanges": changes })
    }

    fn sarif_suppression(&self, suppression: &Suppression) -> Value {
        let justification = match (&suppression.reason, suppression.kind) {
            (Some(reason), _) => reason.clone(),
            (None, SuppressionKind::Baseline) => "recorded in the baseline".to_owned(),
            (None, kind) => format!("suppressed by a {} without a reason", kind.as_str().replace('-', " ")),
        };
        let mut value = json!({
            "kind": if suppression.kind.is_inline() { "inSource" } else { "external" },
            "status": "accepted",
            "justification": justification,
        });
        if let Some(origin) = suppression.origin {
            value["location"] = json!({ "physicalLocation": self.physical_location(origin) });
        }
        value
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// GitHub's `security-severity` for a security rule's default severity: high, medium, low.
fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "8.0",
        Severity::Warning => "5.0",
        Severity::Info => "2.0",
    }
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(max - 1).collect();
    out.push('…');
    out
}

/// A rule's `reportingDescriptor`, from its policy page.
fn sarif_rule(name: &str) -> Value {
    let Some(meta) = rules::meta(name) else {
        return json!({ "id": name, "shortDescription": { "text": name }, "help": { "text": name } });
    };
    let body = page_without_title(meta);
    let what = meta.section("What it does").unwrap_or(meta.summary);
    let tags = vec![meta.category.as_str().to_owned()];
    let mut properties = json!({
        "precision": "high",
        "problem.severity": match meta.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "recommendation",
        },
    });
    if meta.category == Category::Security {
        properties["security-severity"] = json!(security_severity(meta.severity));
    }
    properties["tags"] = json!(tags);
    json!({
        "id": meta.name,
        "name": meta.name,
        "shortDescription": { "text": truncate(meta.summary, MAX_DESCRIPTION) },
        "fullDescription": { "text": truncate(&what.replace('\n', " "), MAX_DESCRIPTION) },
        "help": { "text": body, "markdown": body },
        "helpUri": format!(
            "{}/blob/main/policies/{}/{}.md",
            env!("CARGO_PKG_REPOSITORY"),
            meta.category.as_str(),
            meta.name
        ),
        "defaultConfiguration": { "level": level(meta.severity) },
        "properties": properties,
    })
}

/// The page body without its `# name` title (SARIF viewers show the rule id already).
fn page_without_title(meta: &RuleMeta) -> &'static str {
    let body = meta.body();
    body.strip_prefix(&format!("# {}\n", meta.name)).unwrap_or(body).trim_start_matches('\n')
}

/// A relative path as a URI reference: `/` kept, everything outside the unreserved set
/// percent-encoded (spaces, `%`, `#`, `?`, non-ASCII).
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(uri("deploy/redis.conf"), "deploy/redis.conf");
        assert_eq!(uri("my dir/ré#1.conf"), "my%20dir/r%C3%A9%231.conf");
        assert_eq!(uri("<command line>"), "%3Ccommand%20line%3E");
    }

    #[test]
    fn descriptions_are_truncated_for_github() {
        assert_eq!(truncate("abc", 3), "abc");
        assert_eq!(truncate("abcd", 3).chars().count(), 3);
    }
}
