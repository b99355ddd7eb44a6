//! The result of a check, and the renderings every frontend shares: the JSON report
//! (version 1, the contract the CLI, the playground and the action rely on) and the concise
//! one-line-per-finding form.

use std::fmt::Write as _;

use serde_json::{Value as Json, json};

use crate::diagnostic::{Diagnostic, Severity};
use crate::source::{ColumnEncoding, FileId, SourceMap, Span};
use crate::suppress::Suppression;

pub struct Report {
    sources: SourceMap,
    /// Files redlint checked, sorted by path.
    checked: Vec<FileId>,
    /// Sorted by file path, line, column, rule.
    diagnostics: Vec<Diagnostic>,
    suppressed: Vec<(Diagnostic, Suppression)>,
    /// Spans that hold secrets; renderers that show source text mask them.
    secrets: Vec<Span>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub suppressed: usize,
}

impl Report {
    pub(crate) fn new(
        sources: SourceMap,
        checked: Vec<FileId>,
        mut diagnostics: Vec<Diagnostic>,
        suppressed: Vec<(Diagnostic, Suppression)>,
        secrets: Vec<Span>,
    ) -> Report {
        let key = |diagnostic: &Diagnostic| {
            let file = sources.get(diagnostic.span.file);
            let (start, _) = file.range_of(diagnostic.span, ColumnEncoding::Chars);
            (file.path().to_owned(), start.line, start.column, diagnostic.rule, diagnostic.message.clone())
        };
        diagnostics.sort_by_cached_key(key);
        Report { sources, checked, diagnostics, suppressed, secrets }
    }

    pub fn sources(&self) -> &SourceMap {
        &self.sources
    }
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }
    pub fn suppressed(&self) -> &[(Diagnostic, Suppression)] {
        &self.suppressed
    }
    pub fn secrets(&self) -> &[Span] {
        &self.secrets
    }

    /// Files that were checked (everything the engine read and understood).
    pub fn checked_files(&self) -> impl Iterator<Item = FileId> + '_ {
        self.checked.iter().copied()
    }

    pub fn summary(&self) -> Summary {
        let count =
            |severity| self.diagnostics.iter().filter(|diagnostic| diagnostic.severity == severity).count();
        Summary {
            files: self.checked.len(),
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            infos: count(Severity::Info),
            suppressed: self.suppressed.len(),
        }
    }

    /// The highest severity found, if any.
    pub fn max_severity(&self) -> Option<Severity> {
        self.diagnostics.iter().map(|diagnostic| diagnostic.severity).max()
    }

    /// A file's text with every secret replaced by `*` (same byte length, so spans stay valid).
    pub fn masked_text(&self, file: FileId) -> String {
        let mut text = self.sources.get(file).text().to_owned();
        for secret in self.secrets.iter().filter(|secret| secret.file == file) {
            let range = secret.range();
            if range.end <= text.len() {
                text.replace_range(range.clone(), &"*".repeat(range.len()));
            }
        }
        text
    }

    fn location(&self, span: Span, encoding: ColumnEncoding) -> Json {
        let file = self.sources.get(span.file);
        let (start, end) = file.range_of(span, encoding);
        json!({
            "file": file.path(),
            "line": start.line,
            "column": start.column,
            "end_line": end.line,
            "end_column": end.column,
        })
    }

    fn diagnostic_json(&self, diagnostic: &Diagnostic, utf16: bool) -> Json {
        let meta = crate::rules::meta(diagnostic.rule);
        let mut object = self.location(diagnostic.span, ColumnEncoding::Chars);
        let map = object.as_object_mut().expect("location is an object");
        let mut ordered = serde_json::Map::new();
        ordered.insert("rule".into(), json!(diagnostic.rule));
        ordered.insert("category".into(), json!(meta.map(|meta| meta.category.as_str())));
        ordered.insert("severity".into(), json!(diagnostic.severity));
        ordered.insert("message".into(), json!(diagnostic.message));
        ordered.append(map);
        let labels: Vec<Json> = diagnostic
            .labels
            .iter()
            .map(|label| {
                let mut location = self.location(label.span, ColumnEncoding::Chars);
                location.as_object_mut().expect("object").insert("message".into(), json!(label.message));
                if utf16 {
                    location
                        .as_object_mut()
                        .expect("object")
                        .insert("utf16".into(), self.location(label.span, ColumnEncoding::Utf16));
                }
                location
            })
            .collect();
        ordered.insert("labels".into(), json!(labels));
        ordered.insert("help".into(), json!(diagnostic.help));
        let fix = diagnostic.fix.as_ref().map(|fix| {
            json!({
                "description": fix.description,
                "applicability": fix.applicability,
                "edits": fix.edits.iter().map(|edit| {
                    let mut location = self.location(edit.span, ColumnEncoding::Chars);
                    location.as_object_mut().expect("object").insert("replacement".into(), json!(edit.replacement));
                    location
                }).collect::<Vec<_>>(),
            })
        });
        ordered.insert("fix".into(), json!(fix));
        if utf16 {
            ordered.insert("utf16".into(), self.location(diagnostic.span, ColumnEncoding::Utf16));
        }
        Json::Object(ordered)
    }

    /// The JSON report, version 1. With `utf16`, every location also carries a `utf16`
    /// object with columns in UTF-16 code units (for JavaScript editors).
    pub fn to_json(&self, tool_version: &str, utf16: bool) -> Json {
        let files: Vec<Json> = self
            .checked_files()
            .map(|id| {
                let file = self.sources.get(id);
                json!({ "path": file.path(), "kind": file.kind() })
            })
            .collect();
        let diagnostics: Vec<Json> =
            self.diagnostics.iter().map(|diagnostic| self.diagnostic_json(diagnostic, utf16)).collect();
        json!({
            "version": 1,
            "tool": { "name": "redlint", "version": tool_version },
            "files": files,
            "diagnostics": diagnostics,
            "summary": self.summary(),
        })
    }

    /// `file:line:col: severity [rule] message`, one line per finding.
    pub fn to_concise(&self) -> String {
        let mut out = String::new();
        for diagnostic in &self.diagnostics {
            let file = self.sources.get(diagnostic.span.file);
            let (start, _) = file.range_of(diagnostic.span, ColumnEncoding::Chars);
            let _ = writeln!(
                out,
                "{}:{}:{}: {} [{}] {}",
                file.path(),
                start.line,
                start.column,
                diagnostic.severity,
                diagnostic.rule,
                diagnostic.message
            );
        }
        out
    }
}
