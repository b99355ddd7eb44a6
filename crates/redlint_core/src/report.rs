//! The result of a check, and the renderings every frontend shares: the JSON report
//! (version 1, the contract the CLI, the playground and the action rely on) and the concise
//! one-line-per-finding form.

use std::fmt::Write as _;

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
    /// `diagnostics` are sorted with [`sort_diagnostics`].
    pub(crate) fn new(
        sources: SourceMap,
        checked: Vec<FileId>,
        diagnostics: Vec<Diagnostic>,
        suppressed: Vec<(Diagnostic, Suppression)>,
        secrets: Vec<Span>,
    ) -> Report {
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

    fn location(&self, span: Span, encoding: ColumnEncoding) -> Location<'_> {
        let file = self.sources.get(span.file);
        let (start, end) = file.range_of(span, encoding);
        Location {
            file: file.path(),
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
        }
    }

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

    /// The JSON report as a string (see [`Report::write_json`]).
    pub fn json_string(&self, tool_version: &str, utf16: bool, pretty: bool) -> String {
        let mut out = Vec::new();
        self.write_json(&mut out, tool_version, utf16, pretty).expect("writing to memory cannot fail");
        String::from_utf8(out).expect("serde_json writes UTF-8")
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

/// Sort by file path, line, column, rule and message (positions computed once per finding).
pub(crate) fn sort_diagnostics(sources: &SourceMap, diagnostics: &mut Vec<Diagnostic>) {
    let mut rank = vec![0u32; sources.len()];
    let mut by_path: Vec<&crate::source::SourceFile> = sources.iter().collect();
    by_path.sort_by(|a, b| a.path().cmp(b.path()));
    for (position, file) in by_path.iter().enumerate() {
        rank[file.id().index()] = position as u32;
    }
    let mut keyed: Vec<((u32, u32, u32), Diagnostic)> = diagnostics
        .drain(..)
        .map(|diagnostic| {
            let (start, _) =
                sources.get(diagnostic.span.file).range_of(diagnostic.span, ColumnEncoding::Chars);
            ((rank[diagnostic.span.file.index()], start.line, start.column), diagnostic)
        })
        .collect();
    keyed.sort_by(|(a_key, a), (b_key, b)| {
        a_key.cmp(b_key).then_with(|| a.rule.cmp(b.rule)).then_with(|| a.message.cmp(&b.message))
    });
    diagnostics.extend(keyed.into_iter().map(|(_, diagnostic)| diagnostic));
}

/// A location in the JSON report: 1-based, `end_column` exclusive.
#[derive(serde::Serialize)]
struct Location<'a> {
    file: &'a str,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
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
