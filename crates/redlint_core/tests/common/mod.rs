//! Helpers shared by the core's integration tests.
#![allow(dead_code, unreachable_pub)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use redlint_core::source::ColumnEncoding;
use redlint_core::{FileProvider, Input, Provided, Report};

/// Serves files from a directory, by repository path relative to it.
pub struct DirProvider(pub PathBuf);

impl FileProvider for DirProvider {
    fn read(&self, path: &str) -> Provided {
        match std::fs::read(self.0.join(path)) {
            Ok(bytes) => Provided::Found(bytes),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Provided::NotFound,
            Err(error) => Provided::Error(error.to_string()),
        }
    }
    fn list_dir(&self, dir: &str) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(self.0.join(dir)) else { return Vec::new() };
        entries
            .filter_map(Result::ok)
            .filter(|entry| entry.path().is_file())
            .map(|entry| {
                let name = entry.file_name().to_string_lossy().into_owned();
                if dir.is_empty() { name } else { format!("{dir}/{name}") }
            })
            .collect()
    }
}

/// Every file under a directory, as inputs with paths relative to it.
pub fn inputs_from_dir(root: &Path) -> Vec<Input> {
    let mut inputs = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("readable fixture directory") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative =
                    path.strip_prefix(root).expect("under root").to_string_lossy().replace('\\', "/");
                inputs.push(Input::new(relative, std::fs::read(&path).expect("readable fixture")));
            }
        }
    }
    inputs.sort_by(|a, b| a.path.cmp(&b.path));
    inputs
}

/// Every diagnostic with its exact range, labels, help and fix: what fixture snapshots assert.
pub fn render_detailed(report: &Report) -> String {
    let mut out = String::new();
    let location = |span: redlint_core::Span| {
        let file = report.sources().get(span.file);
        let (start, end) = file.range_of(span, ColumnEncoding::Chars);
        format!("{}:{}:{}-{}:{}", file.path(), start.line, start.column, end.line, end.column)
    };
    for diagnostic in report.diagnostics() {
        writeln!(
            out,
            "{} {} [{}] {}",
            location(diagnostic.span),
            diagnostic.severity,
            diagnostic.rule,
            diagnostic.message
        )
        .unwrap();
        for label in &diagnostic.labels {
            writeln!(out, "    label {}: {}", location(label.span), label.message).unwrap();
        }
        if let Some(help) = &diagnostic.help {
            writeln!(out, "    help: {help}").unwrap();
        }
        if let Some(fix) = &diagnostic.fix {
            writeln!(out, "    fix ({:?}): {}", fix.applicability, fix.description).unwrap();
        }
    }
    for (diagnostic, suppression) in report.suppressed() {
        writeln!(
            out,
            "{} suppressed [{}] {} (reason: {})",
            location(diagnostic.span),
            diagnostic.rule,
            diagnostic.message,
            suppression.reason.as_deref().unwrap_or("none")
        )
        .unwrap();
    }
    out
}

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("workspace root")
}

/// `../shared/corpus` next to the checkout, where CI keeps the third-party test corpus.
pub fn corpus_dir() -> PathBuf {
    workspace_root().join("../shared/corpus")
}
