//! The result of a check, and the renderings every frontend shares, one file per format:
//! the JSON report (version 1, the contract the CLI, the playground and the action rely on),
//! `concise`, SARIF 2.1.0, GitHub workflow commands, JUnit XML, GitLab code quality and a
//! Markdown summary. They live in the core so the CLI, the WASM playground and the action
//! produce identical bytes.

mod concise;
pub(crate) mod fingerprint;
#[cfg(feature = "formats")]
mod github;
#[cfg(feature = "formats")]
mod gitlab;
mod json;
#[cfg(feature = "formats")]
mod junit;
#[cfg(feature = "formats")]
mod markdown;
#[cfg(feature = "formats")]
mod sarif;

#[cfg(feature = "formats")]
pub use github::{Annotations, SeverityCounts, workflow_command};

use std::fmt;

use crate::diagnostic::{Diagnostic, Severity};
use crate::source::{ColumnEncoding, FileId, SourceMap, Span};
use crate::suppress::Suppression;

pub struct Report {
    sources: SourceMap,
    /// Files redlint checked, sorted by path.
    checked: Vec<FileId>,
    /// Sorted by file path, line, column, rule.
    diagnostics: Vec<Diagnostic>,
    /// `fingerprints[i]` belongs to `diagnostics[i]`.
    fingerprints: Vec<String>,
    suppressed: Vec<(Diagnostic, Suppression)>,
    /// `suppressed_fingerprints[i]` belongs to `suppressed[i]`.
    suppressed_fingerprints: Vec<String>,
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

/// The machine-readable formats every frontend can produce.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// The JSON report, version 1.
    Json,
    /// `file:line:col: severity [rule] message`.
    Concise,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    #[cfg(feature = "formats")]
    Sarif,
    /// GitHub Actions workflow commands (`::error file=…::message`).
    #[cfg(feature = "formats")]
    Github,
    /// JUnit XML.
    #[cfg(feature = "formats")]
    Junit,
    /// GitLab code quality (Code Climate) JSON.
    #[cfg(feature = "formats")]
    Gitlab,
    /// A Markdown summary (GitHub's job summary).
    #[cfg(feature = "formats")]
    Markdown,
}

impl Format {
    #[cfg(feature = "formats")]
    pub const ALL: &[Format] = &[
        Format::Json,
        Format::Concise,
        Format::Sarif,
        Format::Github,
        Format::Junit,
        Format::Gitlab,
        Format::Markdown,
    ];
    /// Without the `formats` feature (the playground's module): JSON and concise only.
    #[cfg(not(feature = "formats"))]
    pub const ALL: &[Format] = &[Format::Json, Format::Concise];

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Concise => "concise",
            #[cfg(feature = "formats")]
            Format::Sarif => "sarif",
            #[cfg(feature = "formats")]
            Format::Github => "github",
            #[cfg(feature = "formats")]
            Format::Junit => "junit",
            #[cfg(feature = "formats")]
            Format::Gitlab => "gitlab",
            #[cfg(feature = "formats")]
            Format::Markdown => "markdown",
        }
    }

    pub fn parse(text: &str) -> Option<Format> {
        Format::ALL.iter().copied().find(|format| format.as_str() == text)
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A location in a report: 1-based, `end_column` exclusive.
#[derive(Clone, Copy, serde::Serialize)]
pub(crate) struct Location<'a> {
    pub(crate) file: &'a str,
    pub(crate) line: u32,
    pub(crate) column: u32,
    pub(crate) end_line: u32,
    pub(crate) end_column: u32,
}

impl Report {
    /// `diagnostics` are sorted with [`sort_diagnostics`]; fingerprints are parallel.
    pub(crate) fn new(
        sources: SourceMap,
        checked: Vec<FileId>,
        findings: Vec<(Diagnostic, String)>,
        suppressed: Vec<(Diagnostic, Suppression, String)>,
        secrets: Vec<Span>,
    ) -> Report {
        let (diagnostics, fingerprints) = findings.into_iter().unzip();
        let mut report = Report {
            sources,
            checked,
            diagnostics,
            fingerprints,
            suppressed: Vec::with_capacity(suppressed.len()),
            suppressed_fingerprints: Vec::with_capacity(suppressed.len()),
            secrets,
        };
        for (diagnostic, suppression, fingerprint) in suppressed {
            report.suppressed.push((diagnostic, suppression));
            report.suppressed_fingerprints.push(fingerprint);
        }
        report
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

    /// Reported findings with their fingerprints.
    pub fn findings(&self) -> impl Iterator<Item = (&Diagnostic, &str)> {
        self.diagnostics.iter().zip(self.fingerprints.iter().map(String::as_str))
    }

    /// Suppressed findings with what suppressed them and their fingerprints.
    pub fn suppressed_findings(&self) -> impl Iterator<Item = (&Diagnostic, &Suppression, &str)> {
        self.suppressed
            .iter()
            .zip(self.suppressed_fingerprints.iter())
            .map(|((diagnostic, suppression), fingerprint)| (diagnostic, suppression, fingerprint.as_str()))
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

    /// Keep only the findings, reported or suppressed, that involve a file `keep` accepts:
    /// their location or one of their labels is in it. A finding that spans files (a
    /// `maxmemory` in one file against a memory limit in another) stays when either side is
    /// kept. Returns the counts of the findings left out (`files` is 0). The checked files
    /// stay as they are: they were all read, and gave the findings their context.
    pub fn retain_files(&mut self, keep: impl Fn(&str) -> bool) -> Summary {
        let sources = &self.sources;
        let involved = |diagnostic: &Diagnostic| {
            std::iter::once(diagnostic.span)
                .chain(diagnostic.labels.iter().map(|label| label.span))
                .any(|span| keep(sources.get(span.file).path()))
        };
        let mut left_out = Summary::default();
        let findings =
            std::mem::take(&mut self.diagnostics).into_iter().zip(std::mem::take(&mut self.fingerprints));
        for (diagnostic, fingerprint) in findings {
            if involved(&diagnostic) {
                self.diagnostics.push(diagnostic);
                self.fingerprints.push(fingerprint);
            } else {
                match diagnostic.severity {
                    Severity::Error => left_out.errors += 1,
                    Severity::Warning => left_out.warnings += 1,
                    Severity::Info => left_out.infos += 1,
                }
            }
        }
        let suppressed = std::mem::take(&mut self.suppressed)
            .into_iter()
            .zip(std::mem::take(&mut self.suppressed_fingerprints));
        for ((diagnostic, suppression), fingerprint) in suppressed {
            if involved(&diagnostic) {
                self.suppressed.push((diagnostic, suppression));
                self.suppressed_fingerprints.push(fingerprint);
            } else {
                left_out.suppressed += 1;
            }
        }
        left_out
    }

    /// The highest severity found, if any.
    pub fn max_severity(&self) -> Option<Severity> {
        self.diagnostics.iter().map(|diagnostic| diagnostic.severity).max()
    }

    /// A file's text with every secret replaced by `*` (same byte length, so spans stay valid).
    pub fn masked_text(&self, file: FileId) -> String {
        mask(self.sources.get(file).text(), file, &self.secrets)
    }

    /// Write one of the machine-readable formats. JSON is streamed (a report with a hundred
    /// thousand findings is never held in memory as text); the others are rendered first.
    pub fn write(
        &self,
        format: Format,
        tool_version: &str,
        mut writer: impl std::io::Write,
    ) -> std::io::Result<()> {
        if let Format::Json = format {
            self.write_json(&mut writer, tool_version, false, true).map_err(std::io::Error::from)?;
            writer.write_all(b"\n")
        } else {
            writer.write_all(self.render(format, tool_version).as_bytes())
        }
    }

    /// Render in one of the machine-readable formats.
    pub fn render(&self, format: Format, tool_version: &str) -> String {
        match format {
            Format::Json => {
                let mut out = Vec::new();
                self.write(Format::Json, tool_version, &mut out).expect("writing to memory cannot fail");
                String::from_utf8(out).expect("serde_json writes UTF-8")
            }
            Format::Concise => self.to_concise(),
            #[cfg(feature = "formats")]
            Format::Sarif => self.to_sarif(tool_version),
            #[cfg(feature = "formats")]
            Format::Github => self.to_github(),
            #[cfg(feature = "formats")]
            Format::Junit => self.to_junit(),
            #[cfg(feature = "formats")]
            Format::Gitlab => self.to_gitlab(),
            #[cfg(feature = "formats")]
            Format::Markdown => self.to_markdown(&[]),
        }
    }

    pub(crate) fn location(&self, span: Span, encoding: ColumnEncoding) -> Location<'_> {
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
}

/// `text` with the secrets of `file` replaced by `*`, byte for byte.
pub(crate) fn mask(text: &str, file: FileId, secrets: &[Span]) -> String {
    let mut text = text.to_owned();
    for secret in secrets.iter().filter(|secret| secret.file == file) {
        let range = secret.range();
        if range.end <= text.len() && text.is_char_boundary(range.start) && text.is_char_boundary(range.end) {
            text.replace_range(range.clone(), &"*".repeat(range.len()));
        }
    }
    text
}

/// Sort by file path, line, column, rule and message (positions computed once per finding).
pub(crate) fn sort_diagnostics(sources: &SourceMap, diagnostics: &mut Vec<Diagnostic>) {
    sort_by_position(sources, diagnostics, |diagnostic| diagnostic);
}

/// [`sort_diagnostics`] for anything that holds a diagnostic.
pub(crate) fn sort_by_position<T>(
    sources: &SourceMap,
    items: &mut Vec<T>,
    diagnostic: impl Fn(&T) -> &Diagnostic,
) {
    let mut rank = vec![0u32; sources.len()];
    let mut by_path: Vec<&crate::source::SourceFile> = sources.iter().collect();
    crate::sort::sort_by(&mut by_path, |a, b| a.path().cmp(b.path()));
    for (position, file) in by_path.iter().enumerate() {
        rank[file.id().index()] = position as u32;
    }
    let mut keyed: Vec<((u32, u32, u32), T)> = items
        .drain(..)
        .map(|item| {
            let span = diagnostic(&item).span;
            let (start, _) = sources.get(span.file).range_of(span, ColumnEncoding::Chars);
            ((rank[span.file.index()], start.line, start.column), item)
        })
        .collect();
    crate::sort::sort_by(&mut keyed, |(a_key, a), (b_key, b)| {
        let (a, b) = (diagnostic(a), diagnostic(b));
        a_key.cmp(b_key).then_with(|| a.rule.cmp(b.rule)).then_with(|| a.message.cmp(&b.message))
    });
    items.extend(keyed.into_iter().map(|(_, item)| item));
}
