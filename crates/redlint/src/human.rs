//! Human output: rustc-style snippets through miette, with secrets masked in every snippet.
//! Labels in another file are shown as related notes with that file's snippet.

use std::fmt::{self, Write as _};

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan};
use redlint_core::source::FileId;
use redlint_core::{Report, Severity, Span};

/// One snippet-bearing message: the finding itself, or a note for labels in another file.
struct Rendered {
    message: String,
    code: Option<String>,
    severity: miette::Severity,
    help: Option<String>,
    source: NamedSource<String>,
    labels: Vec<LabeledSpan>,
    related: Vec<Rendered>,
}

impl fmt::Debug for Rendered {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for Rendered {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Rendered {}

impl miette::Diagnostic for Rendered {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.code.as_ref().map(|code| Box::new(code) as Box<dyn fmt::Display>)
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help.as_ref().map(|help| Box::new(help) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }
    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        if self.related.is_empty() {
            None
        } else {
            Some(Box::new(self.related.iter().map(|related| related as &dyn miette::Diagnostic)))
        }
    }
}

fn source_span(span: Span) -> SourceSpan {
    SourceSpan::new((span.start as usize).into(), span.len())
}

/// Render every finding, then a summary line.
pub(crate) fn render(report: &Report, color: bool) -> String {
    let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(100).with_links(false);
    let masked = |file: FileId| NamedSource::new(report.sources().get(file).path(), report.masked_text(file));
    let mut out = String::new();
    for diagnostic in report.diagnostics() {
        let file = diagnostic.span.file;
        let mut labels = vec![LabeledSpan::new_primary_with_span(None, source_span(diagnostic.span))];
        let mut related = Vec::new();
        for label in &diagnostic.labels {
            if label.span.file == file {
                labels.push(LabeledSpan::new_with_span(Some(label.message.clone()), source_span(label.span)));
            } else {
                related.push(Rendered {
                    message: label.message.clone(),
                    code: None,
                    severity: miette::Severity::Advice,
                    help: None,
                    source: masked(label.span.file),
                    labels: vec![LabeledSpan::new_primary_with_span(None, source_span(label.span))],
                    related: Vec::new(),
                });
            }
        }
        let mut help = diagnostic.help.clone().unwrap_or_default();
        if let Some(fix) = &diagnostic.fix {
            if !help.is_empty() {
                help.push('\n');
            }
            let _ = write!(help, "fix available: {}", fix.description);
        }
        let rendered = Rendered {
            message: diagnostic.message.clone(),
            code: Some(diagnostic.rule.to_owned()),
            severity: match diagnostic.severity {
                Severity::Error => miette::Severity::Error,
                Severity::Warning => miette::Severity::Warning,
                Severity::Info => miette::Severity::Advice,
            },
            help: Some(help).filter(|help| !help.is_empty()),
            source: masked(file),
            labels,
            related,
        };
        if handler.render_report(&mut out, &rendered).is_err() {
            let _ = writeln!(out, "{}: {}", diagnostic.rule, diagnostic.message);
        }
        out.push('\n');
    }
    out.push_str(&summary_line(report));
    out
}

fn summary_line(report: &Report) -> String {
    let summary = report.summary();
    let plural = |count: usize, word: &str| format!("{count} {word}{}", if count == 1 { "" } else { "s" });
    let suppressed =
        if summary.suppressed > 0 { format!(" ({} suppressed)", summary.suppressed) } else { String::new() };
    let files = plural(summary.files, "file");
    if summary.errors + summary.warnings + summary.infos == 0 {
        format!("No problems found in {files}{suppressed}.\n")
    } else {
        format!(
            "Found {}, {} and {} in {files}{suppressed}.\n",
            plural(summary.errors, "error"),
            plural(summary.warnings, "warning"),
            plural(summary.infos, "info")
        )
    }
}
