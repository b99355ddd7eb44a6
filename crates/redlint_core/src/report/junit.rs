//! JUnit XML: one `<testsuite>` per file (every checked file, so a clean file shows as a
//! passing test), one `<testcase>` per finding with a `<failure>`, suppressed findings as
//! `<skipped>` test cases, and a passing `no findings` test case for a clean file.

use std::fmt::Write as _;

use super::Report;
use crate::diagnostic::Diagnostic;
use crate::source::ColumnEncoding;
use crate::suppress::Suppression;

fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            // Not allowed in XML 1.0 at all.
            c if (c as u32) < 0x20 => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

#[derive(Default)]
struct Suite<'a> {
    failures: Vec<&'a Diagnostic>,
    skipped: Vec<(&'a Diagnostic, &'a Suppression)>,
}

impl Report {
    pub fn to_junit(&self) -> String {
        // One suite per file, sorted by path (a sorted list: no map type to instantiate).
        let mut paths: Vec<&str> = self.checked_files().map(|file| self.sources.get(file).path()).collect();
        paths.extend(self.diagnostics.iter().map(|diagnostic| self.sources.get(diagnostic.span.file).path()));
        paths.extend(
            self.suppressed.iter().map(|(diagnostic, _)| self.sources.get(diagnostic.span.file).path()),
        );
        crate::sort::sort(&mut paths);
        paths.dedup();
        let mut suites: Vec<(&str, Suite<'_>)> =
            paths.into_iter().map(|path| (path, Suite::default())).collect();
        let suite_of = |suites: &[(&str, Suite<'_>)], diagnostic: &Diagnostic| {
            let path = self.sources.get(diagnostic.span.file).path();
            suites.binary_search_by(|(suite, _)| (*suite).cmp(path)).expect("every path has a suite")
        };
        for diagnostic in &self.diagnostics {
            let index = suite_of(&suites, diagnostic);
            suites[index].1.failures.push(diagnostic);
        }
        for (diagnostic, suppression) in &self.suppressed {
            let index = suite_of(&suites, diagnostic);
            suites[index].1.skipped.push((diagnostic, suppression));
        }
        let tests: usize =
            suites.iter().map(|(_, suite)| (suite.failures.len() + suite.skipped.len()).max(1)).sum();
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        let _ = writeln!(
            out,
            "<testsuites name=\"redlint\" tests=\"{tests}\" failures=\"{}\" errors=\"0\" skipped=\"{}\">",
            self.diagnostics.len(),
            self.suppressed.len()
        );
        for (path, suite) in &suites {
            let count = (suite.failures.len() + suite.skipped.len()).max(1);
            let _ = writeln!(
                out,
                "  <testsuite name=\"{}\" tests=\"{count}\" failures=\"{}\" errors=\"0\" skipped=\"{}\">",
                xml(path),
                suite.failures.len(),
                suite.skipped.len()
            );
            if count == suite.failures.len() + suite.skipped.len() {
                for diagnostic in &suite.failures {
                    let location = self.location(diagnostic.span, ColumnEncoding::Chars);
                    let mut body = format!(
                        "{}: {}\nat {}:{}:{}",
                        diagnostic.severity,
                        diagnostic.message,
                        location.file,
                        location.line,
                        location.column
                    );
                    for label in &diagnostic.labels {
                        let at = self.location(label.span, ColumnEncoding::Chars);
                        let _ = write!(body, "\n{}:{}:{}: {}", at.file, at.line, at.column, label.message);
                    }
                    if let Some(help) = &diagnostic.help {
                        let _ = write!(body, "\nhelp: {help}");
                    }
                    let _ = writeln!(
                        out,
                        "    <testcase name=\"{}\" classname=\"{}\" file=\"{}\" line=\"{}\">\n      \
                         <failure type=\"{}\" message=\"{}\">{}</failure>\n    </testcase>",
                        xml(&format!("{} at {}:{}", diagnostic.rule, location.line, location.column)),
                        xml(path),
                        xml(path),
                        location.line,
                        diagnostic.severity,
                        xml(&diagnostic.message),
                        xml(&body),
                    );
                }
                for (diagnostic, suppression) in &suite.skipped {
                    let location = self.location(diagnostic.span, ColumnEncoding::Chars);
                    let why = match &suppression.reason {
                        Some(reason) => format!("suppressed ({}): {reason}", suppression.kind.as_str()),
                        None => format!("suppressed ({})", suppression.kind.as_str()),
                    };
                    let _ = writeln!(
                        out,
                        "    <testcase name=\"{}\" classname=\"{}\" file=\"{}\" line=\"{}\">\n      \
                         <skipped message=\"{}\"/>\n    </testcase>",
                        xml(&format!("{} at {}:{}", diagnostic.rule, location.line, location.column)),
                        xml(path),
                        xml(path),
                        location.line,
                        xml(&why),
                    );
                }
            } else {
                let _ = writeln!(out, "    <testcase name=\"no findings\" classname=\"{}\"/>", xml(path));
            }
            out.push_str("  </testsuite>\n");
        }
        out.push_str("</testsuites>\n");
        out
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_xml() {
        assert_eq!(super::xml("a<b>&\"c'\n\u{1}"), "a&lt;b&gt;&amp;&quot;c&apos;&#10;\u{fffd}");
    }
}
