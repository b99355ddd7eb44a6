//! End-to-end cases: realistic deployments under `tests/e2e/<case>/`, checked with every rule
//! at its default severity. `expected.txt` lists every finding as `file:line:column severity
//! rule` (1-based, columns in characters, in report order), then every suppressed finding as
//! `file:line:column suppressed rule by <kind>`; the case passes only when redlint reports
//! exactly those.

mod common;

use std::fmt::Write as _;
use std::path::Path;

use common::{DirProvider, inputs_from_dir, workspace_root};
use redlint_core::source::ColumnEncoding;
use redlint_core::{Settings, check};

fn findings(case: &Path) -> String {
    let report = check(inputs_from_dir(case), &DirProvider(case.to_path_buf()), &Settings::default());
    let mut out = String::new();
    for diagnostic in report.diagnostics() {
        let file = report.sources().get(diagnostic.span.file);
        let (start, _) = file.range_of(diagnostic.span, ColumnEncoding::Chars);
        writeln!(
            out,
            "{}:{}:{} {} {}",
            file.path(),
            start.line,
            start.column,
            diagnostic.severity,
            diagnostic.rule
        )
        .unwrap();
    }
    for (diagnostic, suppression) in report.suppressed() {
        let file = report.sources().get(diagnostic.span.file);
        let (start, _) = file.range_of(diagnostic.span, ColumnEncoding::Chars);
        let (path, rule, kind) = (file.path(), diagnostic.rule, suppression.kind.as_str());
        writeln!(out, "{path}:{}:{} suppressed {rule} by {kind}", start.line, start.column).unwrap();
    }
    out
}

fn expected(case: &Path) -> String {
    let text = std::fs::read_to_string(case.join("expected.txt"))
        .unwrap_or_else(|error| panic!("{}: expected.txt: {error}", case.display()));
    let mut lines = String::new();
    for line in text.lines().filter(|line| !line.starts_with('#') && !line.trim().is_empty()) {
        lines.push_str(line);
        lines.push('\n');
    }
    lines
}

#[test]
fn deployments_report_exactly_the_expected_findings() {
    let root = workspace_root().join("tests/e2e");
    let mut cases: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 3, "no cases under {}", root.display());
    let mut failures = Vec::new();
    for case in &cases {
        let (found, wanted) = (findings(case), expected(case));
        if found != wanted {
            failures.push(format!("{}:\n--- expected\n{wanted}--- found\n{found}", case.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
