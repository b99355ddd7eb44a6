//! SARIF 2.1.0, as GitHub code scanning reads it: rule metadata from the policy pages (help
//! text and Markdown, `security-severity` and tags), exact regions in UTF-16 code units
//! (SARIF's default `columnKind`, declared explicitly; `endColumn` is exclusive),
//! `relatedLocations` for labels, stable `partialFingerprints`, `suppressions` with their
//! justification, and `fixes`. No source snippets are emitted, so no secret can leak through
//! them; messages never contain secrets.

use std::fmt::Write as _;

use serde::Serialize;

use super::Report;
use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::rules::{self, Category, RuleMeta};
use crate::source::{ColumnEncoding, Span};
use crate::suppress::{Suppression, SuppressionKind};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// GitHub shows at most this many characters of a rule's descriptions.
const MAX_DESCRIPTION: usize = 1024;

// The SARIF subset redlint writes, as typed structs rather than `serde_json::Value` (whose
// sorted maps cost WebAssembly size). Fields are declared in alphabetical order, so the JSON
// reads the same as a sorted map would.

#[derive(Serialize)]
struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    runs: Vec<Run>,
    version: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    column_kind: &'static str,
    invocations: Vec<Invocation>,
    results: Vec<SarifResult>,
    tool: Tool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    information_uri: &'static str,
    name: &'static str,
    rules: Vec<ReportingDescriptor>,
    semantic_version: String,
    version: String,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

impl Text {
    fn new(text: impl Into<String>) -> Text {
        Text { text: text.into() }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReportingDescriptor {
    #[serde(skip_serializing_if = "Option::is_none")]
    default_configuration: Option<Configuration>,
    #[serde(skip_serializing_if = "Option::is_none")]
    full_description: Option<Text>,
    help: Help,
    #[serde(skip_serializing_if = "Option::is_none")]
    help_uri: Option<String>,
    id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<RuleProperties>,
    short_description: Text,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct Help {
    #[serde(skip_serializing_if = "Option::is_none")]
    markdown: Option<String>,
    text: String,
}

#[derive(Serialize)]
struct RuleProperties {
    precision: &'static str,
    #[serde(rename = "problem.severity")]
    problem_severity: &'static str,
    #[serde(rename = "security-severity", skip_serializing_if = "Option::is_none")]
    security_severity: Option<&'static str>,
    tags: Vec<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<SarifFix>,
    level: &'static str,
    locations: Vec<Location>,
    message: Text,
    partial_fingerprints: Fingerprints,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<RelatedLocation>,
    rule_id: &'static str,
    rule_index: usize,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suppressions: Vec<SarifSuppression>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Fingerprints {
    primary_location_line_hash: String,
    #[serde(rename = "redlint/v1")]
    redlint_v1: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RelatedLocation {
    id: usize,
    message: Text,
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Clone, Copy, Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    end_column: u32,
    end_line: u32,
    start_column: u32,
    start_line: u32,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix {
    artifact_changes: Vec<ArtifactChange>,
    description: Text,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange {
    artifact_location: ArtifactLocation,
    replacements: Vec<Replacement>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement {
    deleted_region: Region,
    inserted_content: Text,
}

#[derive(Serialize)]
struct SarifSuppression {
    justification: String,
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<Location>,
    status: &'static str,
}

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
        crate::sort::sort(&mut referenced);
        referenced.dedup();
        let index_of = |rule: &str| referenced.iter().position(|referenced| *referenced == rule).unwrap_or(0);
        let rules: Vec<ReportingDescriptor> = referenced.iter().map(|rule| sarif_rule(rule)).collect();

        let mut results: Vec<SarifResult> = Vec::new();
        for (diagnostic, fingerprint) in self.findings() {
            results.push(self.sarif_result(diagnostic, fingerprint, index_of(diagnostic.rule), None));
        }
        for (diagnostic, suppression, fingerprint) in self.suppressed_findings() {
            results.push(self.sarif_result(
                diagnostic,
                fingerprint,
                index_of(diagnostic.rule),
                Some(suppression),
            ));
        }
        let log = Log {
            schema: SCHEMA,
            runs: vec![Run {
                column_kind: "utf16CodeUnits",
                invocations: vec![Invocation { execution_successful: true }],
                results,
                tool: Tool {
                    driver: Driver {
                        information_uri: env!("CARGO_PKG_REPOSITORY"),
                        name: "redlint",
                        rules,
                        semantic_version: tool_version.to_owned(),
                        version: tool_version.to_owned(),
                    },
                },
            }],
            version: "2.1.0",
        };
        let mut out = serde_json::to_string_pretty(&log).expect("serialising plain structs cannot fail");
        out.push('\n');
        out
    }

    fn physical_location(&self, span: Span) -> PhysicalLocation {
        let location = self.location(span, ColumnEncoding::Utf16);
        PhysicalLocation {
            artifact_location: ArtifactLocation { uri: uri(location.file) },
            region: Region {
                end_column: location.end_column,
                end_line: location.end_line,
                start_column: location.column,
                start_line: location.line,
            },
        }
    }

    fn sarif_result(
        &self,
        diagnostic: &Diagnostic,
        fingerprint: &str,
        rule_index: usize,
        suppression: Option<&Suppression>,
    ) -> SarifResult {
        let mut message = diagnostic.message.clone();
        if let Some(help) = &diagnostic.help {
            message.push_str("\n\nhelp: ");
            message.push_str(help);
        }
        let related_locations = diagnostic
            .labels
            .iter()
            .enumerate()
            .map(|(id, label)| RelatedLocation {
                id: id + 1,
                message: Text::new(label.message.clone()),
                physical_location: self.physical_location(label.span),
            })
            .collect();
        SarifResult {
            fixes: diagnostic.fix.iter().map(|fix| self.sarif_fix(fix)).collect(),
            level: level(diagnostic.severity),
            locations: vec![Location { physical_location: self.physical_location(diagnostic.span) }],
            message: Text::new(message),
            partial_fingerprints: Fingerprints {
                primary_location_line_hash: fingerprint.to_owned(),
                redlint_v1: fingerprint.to_owned(),
            },
            related_locations,
            rule_id: diagnostic.rule,
            rule_index,
            suppressions: suppression
                .map(|suppression| self.sarif_suppression(suppression))
                .into_iter()
                .collect(),
        }
    }

    fn sarif_fix(&self, fix: &Fix) -> SarifFix {
        // One artifactChange per file (in path order), replacements in order.
        let mut changes: Vec<ArtifactChange> = Vec::new();
        for edit in &fix.edits {
            let location = self.physical_location(edit.span);
            let replacement = Replacement {
                deleted_region: location.region,
                inserted_content: Text::new(edit.replacement.clone()),
            };
            let uri = location.artifact_location.uri;
            match changes.iter_mut().find(|change| change.artifact_location.uri == uri) {
                Some(change) => change.replacements.push(replacement),
                None => changes.push(ArtifactChange {
                    artifact_location: ArtifactLocation { uri },
                    replacements: vec![replacement],
                }),
            }
        }
        crate::sort::sort_by(&mut changes, |a, b| a.artifact_location.uri.cmp(&b.artifact_location.uri));
        SarifFix { artifact_changes: changes, description: Text::new(fix.description.clone()) }
    }

    fn sarif_suppression(&self, suppression: &Suppression) -> SarifSuppression {
        let justification = match (&suppression.reason, suppression.kind) {
            (Some(reason), _) => reason.clone(),
            (None, SuppressionKind::Baseline) => "recorded in the baseline".to_owned(),
            (None, kind) => format!("suppressed by a {} without a reason", kind.as_str().replace('-', " ")),
        };
        SarifSuppression {
            justification,
            kind: if suppression.kind.is_inline() { "inSource" } else { "external" },
            location: suppression
                .origin
                .map(|origin| Location { physical_location: self.physical_location(origin) }),
            status: "accepted",
        }
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
fn sarif_rule(name: &str) -> ReportingDescriptor {
    let Some(meta) = rules::meta(name) else {
        return ReportingDescriptor {
            default_configuration: None,
            full_description: None,
            help: Help { markdown: None, text: name.to_owned() },
            help_uri: None,
            id: name.to_owned(),
            name: None,
            properties: None,
            short_description: Text::new(name),
        };
    };
    let body = page_without_title(meta);
    let what = meta.section("What it does").unwrap_or(meta.summary);
    let properties = RuleProperties {
        precision: "high",
        problem_severity: match meta.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "recommendation",
        },
        security_severity: (meta.category == Category::Security).then(|| security_severity(meta.severity)),
        tags: vec![meta.category.as_str()],
    };
    ReportingDescriptor {
        default_configuration: Some(Configuration { level: level(meta.severity) }),
        full_description: Some(Text::new(truncate(&what.replace('\n', " "), MAX_DESCRIPTION))),
        help: Help { markdown: Some(body.to_owned()), text: body.to_owned() },
        help_uri: Some(meta.url()),
        id: meta.name.to_owned(),
        name: Some(meta.name.to_owned()),
        properties: Some(properties),
        short_description: Text::new(truncate(meta.summary, MAX_DESCRIPTION)),
    }
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
