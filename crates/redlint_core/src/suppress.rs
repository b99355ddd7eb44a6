//! Inline suppressions, the same in every format (all four use `#` comments):
//! `# redlint-ignore RULE[,RULE…] -- reason` silences those rules on the next line that is
//! neither blank nor a comment; `# redlint-ignore-file RULE[,RULE…] -- reason` silences
//! them in the whole file.

use crate::diagnostic::Diagnostic;
use crate::source::{SourceFile, Span};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suppression {
    /// The comment.
    pub span: Span,
    pub rules: Vec<String>,
    pub reason: Option<String>,
    /// 0-based line it applies to; `None` for the whole file.
    pub target_line: Option<usize>,
}

impl Suppression {
    pub fn covers(&self, diagnostic: &Diagnostic, diagnostic_line: usize) -> bool {
        self.rules.iter().any(|rule| rule == diagnostic.rule)
            && self.target_line.is_none_or(|line| line == diagnostic_line)
    }
}

/// Every suppression comment in a file.
pub fn find(file: &SourceFile) -> Vec<Suppression> {
    let text = file.text();
    if !text.contains("redlint-ignore") {
        return Vec::new();
    }
    let index = file.line_index();
    let mut found = Vec::new();
    let mut pending: Vec<Suppression> = Vec::new();
    for line in 0..index.line_count() {
        let range = index.line_range(text, line);
        let content = &text[range.clone()];
        let trimmed = content.trim_start();
        if trimmed.is_empty() {
            continue;
        }
        let Some(comment) = trimmed.strip_prefix('#') else {
            for mut suppression in pending.drain(..) {
                suppression.target_line = Some(line);
                found.push(suppression);
            }
            continue;
        };
        let comment = comment.trim_start();
        let (file_wide, rest) = if let Some(rest) = comment.strip_prefix("redlint-ignore-file") {
            (true, rest)
        } else if let Some(rest) = comment.strip_prefix("redlint-ignore") {
            (false, rest)
        } else {
            continue;
        };
        if !rest.is_empty() && !rest.starts_with([' ', '\t']) {
            continue;
        }
        let (rules, reason) = match rest.split_once("--") {
            Some((rules, reason)) => {
                (rules, Some(reason.trim().to_owned()).filter(|reason| !reason.is_empty()))
            }
            None => (rest, None),
        };
        let rules: Vec<String> = rules
            .split([',', ' ', '\t'])
            .map(str::trim)
            .filter(|rule| !rule.is_empty())
            .map(str::to_owned)
            .collect();
        if rules.is_empty() {
            continue;
        }
        let start = range.start + (content.len() - trimmed.len());
        let suppression =
            Suppression { span: Span::new(file.id(), start, range.end), rules, reason, target_line: None };
        if file_wide {
            found.push(suppression);
        } else {
            pending.push(suppression);
        }
    }
    found
}
