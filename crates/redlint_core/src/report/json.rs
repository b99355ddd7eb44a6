//! The JSON report, version 1: the contract the CLI, the playground and the action share.

use super::{Location, Report, Summary};
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::ColumnEncoding;

impl Report {
    fn json_diagnostic<'a>(&'a self, diagnostic: &'a Diagnostic, utf16: bool) -> JsonDiagnostic<'a> {
        let utf16_of = |span| utf16.then(|| self.location(span, ColumnEncoding::Utf16));
        JsonDiagnostic {
            rule: diagnostic.rule,
            category: crate::rules::meta(diagnostic.rule).map(|meta| meta.category.as_str()),
            severity: diagnostic.severity,
            message: &diagnostic.message,
            location: self.location(diagnostic.span, ColumnEncoding::Chars),
            labels: diagnostic
                .labels
                .iter()
                .map(|label| JsonLabel {
                    location: self.location(label.span, ColumnEncoding::Chars),
                    message: &label.message,
                    utf16: utf16_of(label.span),
                })
                .collect(),
            help: diagnostic.help.as_deref(),
            fix: diagnostic.fix.as_ref().map(|fix| JsonFix {
                description: &fix.description,
                applicability: fix.applicability,
                edits: fix
                    .edits
                    .iter()
                    .map(|edit| JsonEdit {
                        location: self.location(edit.span, ColumnEncoding::Chars),
                        replacement: &edit.replacement,
                    })
                    .collect(),
            }),
            utf16: utf16_of(diagnostic.span),
        }
    }

    fn json_report<'a>(&'a self, tool_version: &'a str, utf16: bool) -> JsonReport<'a> {
        JsonReport {
            version: 1,
            tool: JsonTool { name: "redlint", version: tool_version },
            files: self
                .checked_files()
                .map(|id| {
                    let file = self.sources.get(id);
                    JsonFile { path: file.path(), kind: file.kind() }
                })
                .collect(),
            diagnostics: self
                .diagnostics
                .iter()
                .map(|diagnostic| self.json_diagnostic(diagnostic, utf16))
                .collect(),
            summary: self.summary(),
        }
    }

    /// Write the JSON report, version 1 (the contract the CLI, the playground and the action
    /// share). With `utf16`, every location also carries a `utf16` object with columns in
    /// UTF-16 code units, for JavaScript editors.
    pub fn write_json(
        &self,
        writer: impl std::io::Write,
        tool_version: &str,
        utf16: bool,
        pretty: bool,
    ) -> serde_json::Result<()> {
        let report = self.json_report(tool_version, utf16);
        if pretty {
            serde_json::to_writer_pretty(writer, &report)
        } else {
            serde_json::to_writer(writer, &report)
        }
    }

    /// The JSON report as a compact string (see [`Report::write_json`]). Compact only: the
    /// pretty printer is a second copy of every serializer, which a WASM module that only
    /// hands the report to JavaScript should not carry.
    pub fn json_string(&self, tool_version: &str, utf16: bool) -> String {
        serde_json::to_string(&self.json_report(tool_version, utf16))
            .expect("serialising plain structs cannot fail")
    }
}

#[derive(serde::Serialize)]
struct JsonReport<'a> {
    version: u32,
    tool: JsonTool<'a>,
    files: Vec<JsonFile<'a>>,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    summary: Summary,
}

#[derive(serde::Serialize)]
struct JsonTool<'a> {
    name: &'static str,
    version: &'a str,
}

#[derive(serde::Serialize)]
struct JsonFile<'a> {
    path: &'a str,
    kind: crate::source::FileKind,
}

#[derive(serde::Serialize)]
struct JsonDiagnostic<'a> {
    rule: &'static str,
    category: Option<&'static str>,
    severity: Severity,
    message: &'a str,
    #[serde(flatten)]
    location: Location<'a>,
    labels: Vec<JsonLabel<'a>>,
    help: Option<&'a str>,
    fix: Option<JsonFix<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    utf16: Option<Location<'a>>,
}

#[derive(serde::Serialize)]
struct JsonLabel<'a> {
    #[serde(flatten)]
    location: Location<'a>,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    utf16: Option<Location<'a>>,
}

#[derive(serde::Serialize)]
struct JsonFix<'a> {
    description: &'a str,
    applicability: crate::diagnostic::Applicability,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(serde::Serialize)]
struct JsonEdit<'a> {
    #[serde(flatten)]
    location: Location<'a>,
    replacement: &'a str,
}
