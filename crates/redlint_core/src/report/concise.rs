//! `concise`: `file:line:col: severity [rule] message`, one line per finding, for editors and
//! problem matchers (columns count characters).

use std::fmt::Write as _;

use super::Report;
use crate::source::ColumnEncoding;

impl Report {
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
