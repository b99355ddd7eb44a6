//! Suppressions: every way a finding can be silenced, in one shape the engine applies.
//!
//! - **Comments**, the same in every format (all four use `#` comments):
//!   `# redlint-ignore RULE[,RULE…] -- reason` silences those rules on the next line that is
//!   neither blank nor a comment (or, written after code on the same line, on that line);
//!   `# redlint-ignore-file RULE[,RULE…] -- reason` silences them in the whole file. Which
//!   byte ranges are comments is the format's business (a `#` inside a YAML block scalar is
//!   content), so [`from_comments`] takes the comment spans a format layer found
//!   ([`hash_line_comments`] is the rule for redis.conf).
//! - **Structured suppressions** from the model: a Compose service's `x-redlint-ignore`
//!   field, a Kubernetes object's `redlint.dev/ignore` annotation. Each covers the span of
//!   its object ([`Suppression::object`]).
//! - **`[[ignore]]` entries** of `redlint.toml`: rules in files matching path globs
//!   ([`PathIgnore`]).
//!
//! The engine matches each finding against them, reports suppressions that silenced nothing
//! (`unused-suppression`) and suppressions without a reason (`suppression-without-reason`).

use crate::diagnostic::Diagnostic;
use crate::paths;
use crate::source::{FileId, SourceFile, Span};

/// Where a suppression comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SuppressionKind {
    /// `# redlint-ignore` (the next line, or its own line after code).
    Comment,
    /// `# redlint-ignore-file`.
    FileComment,
    /// A Compose service's `x-redlint-ignore` field.
    ComposeExtension,
    /// A Kubernetes object's `redlint.dev/ignore` annotation.
    KubernetesAnnotation,
    /// An `[[ignore]]` entry of `redlint.toml`.
    ConfigFile,
    /// A finding recorded in the baseline (`--baseline`).
    Baseline,
}

impl SuppressionKind {
    /// Written in the checked files themselves: what `--no-inline-ignores` turns off.
    pub fn is_inline(self) -> bool {
        matches!(
            self,
            SuppressionKind::Comment
                | SuppressionKind::FileComment
                | SuppressionKind::ComposeExtension
                | SuppressionKind::KubernetesAnnotation
        )
    }

    pub fn as_str(self) -> &'static str {
        match self {
            SuppressionKind::Comment => "comment",
            SuppressionKind::FileComment => "file-comment",
            SuppressionKind::ComposeExtension => "compose-extension",
            SuppressionKind::KubernetesAnnotation => "kubernetes-annotation",
            SuppressionKind::ConfigFile => "config-file",
            SuppressionKind::Baseline => "baseline",
        }
    }
}

/// A calendar date, for suppressions that expire (`(until 2026-12-31)`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Option<Date> {
        let mut parts = text.split('-');
        let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || year.len() != 4 || month.len() != 2 || day.len() != 2 {
            return None;
        }
        let date = Date { year: year.parse().ok()?, month: month.parse().ok()?, day: day.parse().ok()? };
        ((1..=12).contains(&date.month) && (1..=31).contains(&date.day)).then_some(date)
    }

    /// The date of a day counted from 1970-01-01 (what a frontend's clock gives).
    pub fn from_unix_days(days: i64) -> Date {
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date { year: year as u16, month: month as u8, day: day as u8 }
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// What a suppression covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Every finding in the file.
    File(FileId),
    /// Findings whose primary span starts inside this span (a line, an instruction). For
    /// object suppressions (Compose, Kubernetes), also findings with a label inside it.
    Span(Span),
    /// The same, for an object written in several places: a Compose service defined in a
    /// file and its override, and the redis.conf files its Redis reads.
    Spans(Vec<Span>),
    /// Findings in files whose path matches the globs (`[[ignore]]`).
    Paths(PathIgnore),
}

/// A rule named by a suppression, with where its name is written (for `unused-suppression`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SuppressedRule {
    pub name: String,
    pub span: Option<Span>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suppression {
    pub kind: SuppressionKind,
    pub rules: Vec<SuppressedRule>,
    pub reason: Option<String>,
    pub scope: Scope,
    /// Where it is written: the comment, the annotation or the extension field. `None` for
    /// `redlint.toml` entries and baselines.
    pub origin: Option<Span>,
    /// The last day it applies (`(until 2026-12-31)` after the reason, `until` in
    /// `[[ignore]]`). After it, the findings come back and `unused-suppression` says why.
    pub until: Option<Date>,
}

impl Suppression {
    /// A suppression the model found on an object: a Compose service's `x-redlint-ignore`
    /// or a Kubernetes object's `redlint.dev/ignore` annotation. `covers` is the object's
    /// span; `origin` the field or annotation (where `unused-suppression` points).
    pub fn object(
        kind: SuppressionKind,
        rules: impl IntoIterator<Item = (String, Option<Span>)>,
        reason: Option<String>,
        covers: Span,
        origin: Span,
    ) -> Suppression {
        Suppression {
            kind,
            rules: rules.into_iter().map(|(name, span)| SuppressedRule { name, span }).collect(),
            reason: reason.filter(|reason| !reason.trim().is_empty()),
            scope: Scope::Span(covers),
            origin: Some(origin),
            until: None,
        }
    }

    /// Whether it has expired on `today` (never, when the frontend gives no date).
    pub fn expired(&self, today: Option<Date>) -> bool {
        matches!((self.until, today), (Some(until), Some(today)) if today > until)
    }

    /// Whether the finding starts inside `region` (or, for object suppressions, has a label
    /// inside it).
    fn covers_region(&self, diagnostic: &Diagnostic, region: Span) -> bool {
        let inside = |other: Span| {
            other.file == region.file
                && region.start <= other.start
                && other.start < region.end.max(region.start + 1)
        };
        inside(diagnostic.span)
            || (!matches!(self.kind, SuppressionKind::Comment)
                && diagnostic.labels.iter().any(|label| inside(label.span)))
    }

    /// The same suppression over several regions (see [`Scope::Spans`]).
    pub fn covering(mut self, regions: Vec<Span>) -> Suppression {
        self.scope = Scope::Spans(regions);
        self
    }

    pub fn names(&self, rule: &str) -> bool {
        self.rules.iter().any(|named| named.name == rule)
    }

    /// Whether this suppression silences the finding (`path` is its file's repository path).
    pub fn covers(&self, diagnostic: &Diagnostic, path: &str) -> bool {
        if !self.names(diagnostic.rule) {
            return false;
        }
        match &self.scope {
            Scope::File(file) => diagnostic.span.file == *file,
            Scope::Span(span) => self.covers_region(diagnostic, *span),
            Scope::Spans(spans) => spans.iter().any(|span| self.covers_region(diagnostic, *span)),
            Scope::Paths(ignore) => ignore.matches(path),
        }
    }
}

/// An `[[ignore]]` entry's paths: globs relative to the directory of `redlint.toml`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PathIgnore {
    /// Globs: `*` and `?` stay within one path segment, `**` crosses segments, a pattern
    /// also covers everything under a directory it matches. Empty: every file.
    pub globs: Vec<String>,
    /// Where the config file's directory is, relative to the working directory (`""` when
    /// it is the working directory).
    pub config_dir: String,
    /// The working directory relative to the config file's directory, when it is inside it
    /// (`redlint check` run from a subdirectory).
    pub cwd_in_config_dir: String,
}

impl PathIgnore {
    /// A report path (relative to the working directory), relative to the config file's
    /// directory; `None` when the file is outside it.
    pub fn config_relative(&self, path: &str) -> Option<String> {
        if !self.config_dir.is_empty() {
            return path.strip_prefix(&self.config_dir)?.strip_prefix('/').map(str::to_owned);
        }
        let relative = paths::join(&self.cwd_in_config_dir, path);
        (!relative.starts_with("../") && relative != ".." && !relative.starts_with('/')).then_some(relative)
    }

    pub fn matches(&self, path: &str) -> bool {
        if self.globs.is_empty() {
            return true;
        }
        let Some(relative) = self.config_relative(path) else { return false };
        self.globs.iter().any(|glob| paths::path_glob_match(glob, &relative))
    }
}

/// Comments of a file as its format sees them.
#[derive(Clone, Debug, Default)]
pub struct Comments {
    /// Every comment, from its `#` to the end of its line.
    pub spans: Vec<Span>,
    /// Constructs that span several lines (a Dockerfile instruction with continuations, a
    /// YAML entry with a nested block), so a `# redlint-ignore` above the line where one
    /// starts covers all of it. Optional: without them a suppression covers one line.
    pub extents: Vec<Span>,
}

/// redis.conf (and, until their parsers report their own, other formats): a line whose first
/// non-blank character is `#` is a comment; there are no trailing comments.
pub fn hash_line_comments(file: &SourceFile) -> Comments {
    let text = file.text();
    let mut spans = Vec::new();
    if !text.contains('#') {
        return Comments::default();
    }
    let index = file.line_index();
    for line in 0..index.line_count() {
        let range = index.line_range(text, line);
        let content = &text[range.clone()];
        let trimmed = content.trim_start();
        if trimmed.starts_with('#') {
            spans.push(Span::new(file.id(), range.start + content.len() - trimmed.len(), range.end));
        }
    }
    Comments { spans, extents: Vec::new() }
}

/// Whether a text can hold a suppression comment at all: most files do not, and finding
/// their comments costs a pass over every line.
pub fn may_hold_suppressions(text: &str) -> bool {
    text.contains("redlint-ignore")
}

/// Every `# redlint-ignore` and `# redlint-ignore-file` comment among a file's comments.
pub fn from_comments(file: &SourceFile, comments: &Comments) -> Vec<Suppression> {
    let text = file.text();
    if !may_hold_suppressions(text) {
        return Vec::new();
    }
    let index = file.line_index();
    // Lines that hold nothing but a comment are skipped when looking for the next line.
    let mut comment_only = vec![false; index.line_count()];
    for span in &comments.spans {
        let line = index.line_of(span.start as usize);
        let range = index.line_range(text, line);
        if text[range.start..span.start as usize].trim().is_empty() {
            comment_only[line] = true;
        }
    }
    // The next line with code after each line, and the widest extent starting on each line:
    // computed once, since a file may be a long run of suppression comments.
    let mut next_code_line = vec![None; index.line_count() + 1];
    for line in (0..index.line_count()).rev() {
        let is_code = !comment_only[line] && !text[index.line_range(text, line)].trim().is_empty();
        next_code_line[line] = if is_code { Some(line) } else { next_code_line[line + 1] };
    }
    // By line, like `next_code_line`.
    let mut widest_extent: Vec<Option<Span>> = vec![None; index.line_count() + 1];
    for &extent in &comments.extents {
        let widest = &mut widest_extent[index.line_of(extent.start as usize)];
        // `>=`: of equally wide extents, the last one written.
        if widest.is_none_or(|widest| extent.end >= widest.end) {
            *widest = Some(extent);
        }
    }
    let mut found = Vec::new();
    for &span in &comments.spans {
        let Some(parsed) = parse_comment(file, span) else { continue };
        let line = index.line_of(span.start as usize);
        let line_range = index.line_range(text, line);
        let scope = if parsed.file_wide {
            Scope::File(file.id())
        } else if !text[line_range.start..span.start as usize].trim().is_empty() {
            // After code: this very line.
            Scope::Span(Span::new(file.id(), line_range.start, line_range.end))
        } else {
            match next_code_line[line + 1] {
                Some(target) => {
                    let range = index.line_range(text, target);
                    let line_span = Span::new(file.id(), range.start, range.end.max(range.start));
                    let extent = widest_extent[target];
                    Scope::Span(extent.map_or(line_span, |extent| line_span.cover(extent)))
                }
                // Nothing follows: it covers nothing, and `unused-suppression` says so.
                None => Scope::Span(Span::new(file.id(), text.len(), text.len())),
            }
        };
        found.push(Suppression {
            kind: if parsed.file_wide { SuppressionKind::FileComment } else { SuppressionKind::Comment },
            rules: parsed.rules,
            reason: parsed.reason,
            scope,
            origin: Some(span),
            until: parsed.until,
        });
    }
    found
}

/// `RULE[,RULE…] [-- reason] [(until YYYY-MM-DD)]`: rule names separated by commas or
/// blanks, the reason, and the last day the suppression applies. With `at` (the file and byte
/// offset where `text` starts verbatim), each name gets its span.
fn rules_and_reason(
    text: &str,
    at: Option<(FileId, usize)>,
) -> (Vec<SuppressedRule>, Option<String>, Option<Date>) {
    let (names, mut reason) = match text.split_once("--") {
        Some((names, reason)) => (names, reason.trim()),
        None => (text, ""),
    };
    let mut until = None;
    if let Some(open) = reason.rfind("(until ") {
        if let Some(date) = reason[open + 7..].strip_suffix(')').and_then(|date| Date::parse(date.trim())) {
            until = Some(date);
            reason = reason[..open].trim_end();
        }
    }
    let reason = Some(reason.to_owned()).filter(|reason| !reason.is_empty());
    let mut rules = Vec::new();
    let mut offset = 0;
    for piece in names.split([',', ' ', '\t', '\n']) {
        if !piece.is_empty() {
            rules.push(SuppressedRule {
                name: piece.to_owned(),
                span: at.map(|(file, start)| Span::new(file, start + offset, start + offset + piece.len())),
            });
        }
        offset += piece.len() + 1;
    }
    (rules, reason, until)
}

impl Suppression {
    /// A structured suppression whose value is written like a comment's, without the
    /// `# redlint-ignore` prefix: `"rule-a,rule-b -- reason"` in a Kubernetes
    /// `redlint.dev/ignore` annotation or a Compose `x-redlint-ignore` field. `value` is the
    /// span of the value (where `unused-suppression` points); when `verbatim` (the decoded
    /// text is exactly the file's text at `value`, as for a plain or simply quoted scalar
    /// whose span excludes the quotes), each rule name gets its own span. `covers` is the
    /// service or object. `None` when the value names no rule.
    pub fn from_value(
        kind: SuppressionKind,
        text: &str,
        value: Span,
        verbatim: bool,
        covers: Span,
    ) -> Option<Suppression> {
        let (rules, reason, until) =
            rules_and_reason(text, verbatim.then_some((value.file, value.start as usize)));
        if rules.is_empty() {
            return None;
        }
        Some(Suppression { kind, rules, reason, scope: Scope::Span(covers), origin: Some(value), until })
    }
}

struct ParsedComment {
    file_wide: bool,
    rules: Vec<SuppressedRule>,
    reason: Option<String>,
    until: Option<Date>,
}

/// `# redlint-ignore[-file] RULE[,RULE…] [-- reason]`, or `None` for any other comment.
fn parse_comment(file: &SourceFile, span: Span) -> Option<ParsedComment> {
    let comment = file.slice(span);
    let after_hash = comment.strip_prefix('#')?;
    let body = after_hash.trim_start();
    let (file_wide, rest) = if let Some(rest) = body.strip_prefix("redlint-ignore-file") {
        (true, rest)
    } else {
        (false, body.strip_prefix("redlint-ignore")?)
    };
    if !rest.is_empty() && !rest.starts_with([' ', '\t']) {
        return None;
    }
    let rest_start = span.start as usize + (comment.len() - rest.len());
    let (rules, reason, until) = rules_and_reason(rest, Some((file.id(), rest_start)));
    // A comment that names no rule is not a suppression (there is no "ignore everything").
    if rules.is_empty() {
        return None;
    }
    Some(ParsedComment { file_wide, rules, reason, until })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;
    use crate::source::{FileKind, SourceMap};

    fn diagnostic(rule: &'static str, span: Span) -> Diagnostic {
        Diagnostic {
            rule,
            severity: Severity::Warning,
            message: String::new(),
            span,
            labels: Vec::new(),
            help: None,
            fix: None,
        }
    }

    #[test]
    fn comments_cover_the_next_code_line_or_their_own() {
        let mut sources = SourceMap::new();
        let text = "# redlint-ignore a, b -- why not\n\n# other comment\nport 1\nkey: v # redlint-ignore c\n# redlint-ignore-file d\n";
        let id = sources.add("x.yaml".into(), text, FileKind::Compose);
        let file = sources.get(id);
        // As a YAML layer would report them: the trailing comment on line 5 too.
        let trailing = text.find("# redlint-ignore c").unwrap();
        let mut comments = hash_line_comments(file);
        comments.spans.push(Span::new(id, trailing, trailing + "# redlint-ignore c".len()));
        comments.spans.sort();
        let found = from_comments(file, &comments);
        assert_eq!(found.len(), 3);
        let names: Vec<&str> = found[0].rules.iter().map(|rule| rule.name.as_str()).collect();
        assert_eq!(names, ["a", "b"]);
        assert_eq!(file.slice(found[0].rules[1].span.unwrap()), "b");
        assert_eq!(found[0].reason.as_deref(), Some("why not"));
        let port = text.find("port").unwrap();
        assert_eq!(found[0].scope, Scope::Span(Span::new(id, port, port + 6)));
        assert!(found[0].covers(&diagnostic("b", Span::new(id, port + 5, port + 6)), "x.yaml"));
        assert!(!found[0].covers(&diagnostic("c", Span::new(id, port + 5, port + 6)), "x.yaml"));
        let key = text.find("key").unwrap();
        assert!(found[1].covers(&diagnostic("c", Span::new(id, key, key + 3)), "x.yaml"));
        assert_eq!(found[1].reason, None);
        assert_eq!(found[2].kind, SuppressionKind::FileComment);
        assert!(found[2].covers(&diagnostic("d", Span::file_start(id)), "x.yaml"));
    }

    #[test]
    fn suppressions_can_expire() {
        let mut sources = SourceMap::new();
        let text = "# redlint-ignore a -- moving to /data (until 2026-03-31)\ndir ./\n# redlint-ignore b -- (until 2026-13-01)\nx\n";
        let id = sources.add("redis.conf".into(), text, FileKind::RedisConf);
        let found = from_comments(sources.get(id), &hash_line_comments(sources.get(id)));
        assert_eq!(found[0].reason.as_deref(), Some("moving to /data"));
        let until = Date { year: 2026, month: 3, day: 31 };
        assert_eq!(found[0].until, Some(until));
        assert!(!found[0].expired(Some(until)));
        assert!(found[0].expired(Some(Date { year: 2026, month: 4, day: 1 })));
        assert!(!found[0].expired(None));
        // Not a date: part of the reason, no expiry.
        assert_eq!(found[1].until, None);
        assert_eq!(found[1].reason.as_deref(), Some("(until 2026-13-01)"));
        assert_eq!(Date::from_unix_days(0).to_string(), "1970-01-01");
        assert_eq!(Date::from_unix_days(20_818).to_string(), "2026-12-31");
        assert_eq!(Date::from_unix_days(11_016).to_string(), "2000-02-29");
    }

    #[test]
    fn a_hash_inside_content_is_not_a_comment() {
        // A YAML block scalar: the layer reports no comment on line 3, so nothing is found.
        let mut sources = SourceMap::new();
        let text = "data: |\n  port 1\n  # redlint-ignore x\n  port 2\n";
        let id = sources.add("cm.yaml".into(), text, FileKind::Kubernetes);
        assert!(from_comments(sources.get(id), &Comments::default()).is_empty());
    }

    #[test]
    fn extents_widen_the_covered_line() {
        let mut sources = SourceMap::new();
        let text = "# redlint-ignore r\nRUN a \\\n    b\nRUN c\n";
        let id = sources.add("Dockerfile".into(), text, FileKind::Dockerfile);
        let file = sources.get(id);
        let mut comments = hash_line_comments(file);
        let run = text.find("RUN a").unwrap();
        comments.extents.push(Span::new(id, run, text.find("\nRUN c").unwrap()));
        let found = from_comments(file, &comments);
        let b = text.find("b\n").unwrap();
        assert!(found[0].covers(&diagnostic("r", Span::new(id, b, b + 1)), "Dockerfile"));
        let c = text.find("RUN c").unwrap();
        assert!(!found[0].covers(&diagnostic("r", Span::new(id, c, c + 1)), "Dockerfile"));
    }

    #[test]
    fn object_suppressions_cover_labels_too() {
        let mut sources = SourceMap::new();
        let compose =
            sources.add("compose.yaml".into(), "services:\n  redis:\n    image: redis\n", FileKind::Compose);
        let conf = sources.add("redis.conf".into(), "maxmemory 2gb\n", FileKind::RedisConf);
        let service = Span::new(compose, 12, 34);
        let suppression = Suppression::object(
            SuppressionKind::ComposeExtension,
            [("rule-a".to_owned(), None)],
            Some(" ".into()),
            service,
            Span::new(compose, 12, 17),
        );
        assert_eq!(suppression.reason, None);
        let mut finding = diagnostic("rule-a", Span::new(conf, 0, 9));
        assert!(!suppression.covers(&finding, "redis.conf"));
        finding = finding.with_label(Span::new(compose, 20, 25), "the service");
        assert!(suppression.covers(&finding, "redis.conf"));
    }

    #[test]
    fn annotation_values_read_like_comments() {
        let mut sources = SourceMap::new();
        let text = "metadata:\n  annotations:\n    redlint.dev/ignore: no-maxmemory,relative-dir -- sized by the VPA\nspec: {}\n";
        let id = sources.add("k8s.yaml".into(), text, FileKind::Kubernetes);
        let start = text.find("no-maxmemory").unwrap();
        let end = text.find("\nspec").unwrap();
        let value = Span::new(id, start, end);
        let object = Span::new(id, 0, text.len());
        let found = Suppression::from_value(
            SuppressionKind::KubernetesAnnotation,
            &text[start..end],
            value,
            true,
            object,
        )
        .unwrap();
        assert_eq!(found.reason.as_deref(), Some("sized by the VPA"));
        let file = sources.get(id);
        let names: Vec<&str> = found.rules.iter().map(|rule| file.slice(rule.span.unwrap())).collect();
        assert_eq!(names, ["no-maxmemory", "relative-dir"]);
        assert!(found.covers(&diagnostic("relative-dir", Span::new(id, 0, 8)), "k8s.yaml"));
        let escaped =
            Suppression::from_value(SuppressionKind::ComposeExtension, "a", value, false, object).unwrap();
        assert_eq!(escaped.rules[0].span, None);
        assert!(
            Suppression::from_value(SuppressionKind::ComposeExtension, " -- why", value, false, object)
                .is_none()
        );
    }

    #[test]
    fn path_ignores_are_relative_to_the_config_file() {
        let ignore = PathIgnore { globs: vec!["vendor/**".into(), "*.conf".into()], ..PathIgnore::default() };
        assert!(ignore.matches("vendor/a/redis.conf"));
        assert!(ignore.matches("redis.conf"));
        assert!(!ignore.matches("deploy/redis.conf"));
        let below = PathIgnore { config_dir: "deploy".into(), ..ignore.clone() };
        assert!(below.matches("deploy/redis.conf"));
        assert!(!below.matches("redis.conf"));
        let above = PathIgnore { cwd_in_config_dir: "vendor".into(), ..ignore };
        assert!(above.matches("x/redis.conf"));
        assert!(above.matches("../inside.conf"));
        assert!(!above.matches("../../outside.conf"));
    }
}
