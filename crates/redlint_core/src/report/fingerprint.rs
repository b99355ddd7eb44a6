//! Fingerprints: a finding's identity that survives unrelated edits and line shifts, for
//! SARIF `partialFingerprints`, GitLab's `fingerprint` and baselines.
//!
//! Derived from the rule, the file path, the primary span's text and the text of the lines it
//! is on (whitespace collapsed, secrets masked — never from raw secret text), plus an
//! occurrence counter among findings with the same key in the file. Never from line numbers
//! or messages (messages may mention line numbers). A text longer than [`LONG_TEXT`] (a
//! generated line, a minified manifest) counts through its own hash, computed once per range:
//! thousands of findings on one such line would otherwise each hash all of it.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::diagnostic::Diagnostic;
use crate::source::{FileId, SourceMap, Span};

/// 64-bit FNV-1a: small, and stable across platforms, Rust versions and WASM.
struct Fnv(u64);

impl Fnv {
    fn new() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 ^= u64::from(byte);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    /// A field followed by a separator, so `("ab", "c")` and `("a", "bc")` differ.
    fn field(&mut self, text: &str) {
        self.write(text.as_bytes());
        self.write(&[0xff]);
    }
    /// [`Fnv::field`] of the text with its whitespace collapsed (runs become one space, none
    /// at the ends), without building that string: a large file has hundreds of thousands of
    /// findings.
    fn normalized_field(&mut self, text: &str) {
        for (index, word) in text.split_whitespace().enumerate() {
            if index > 0 {
                self.write(b" ");
            }
            self.write(word.as_bytes());
        }
        self.write(&[0xff]);
    }
}

/// How many long ranges' fields a [`Fingerprinter`] keeps.
const RECENT_LONG_FIELDS: usize = 8;

/// Longest normalised text a fingerprint hashes as it is.
const LONG_TEXT: usize = 4096;

/// What a fingerprint hashes for a text longer than [`LONG_TEXT`]: the text with its
/// whitespace collapsed, or past [`LONG_TEXT`] that text's hash.
fn long_field(text: &str) -> String {
    let normalized = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if normalized.len() <= LONG_TEXT {
        return normalized;
    }
    let mut hash = Fnv::new();
    hash.write(normalized.as_bytes());
    format!("{:016x}", hash.0)
}

/// Computes fingerprints for findings, masking secrets once per file.
pub(crate) struct Fingerprinter<'a> {
    sources: &'a SourceMap,
    /// Sorted.
    secrets: &'a [Span],
    /// Texts with their secrets masked; a file without secrets is not copied.
    masked: HashMap<FileId, Cow<'a, str>>,
    seen: HashMap<u64, u32>,
    /// [`long_field`] of the latest long ranges: findings come in file order, so those on one
    /// long line, which share its text and often their spans, come one after the other. A
    /// short list rather than a map, whose code the WASM module would carry once more.
    recent_long_fields: Vec<((FileId, usize, usize), String)>,
}

impl<'a> Fingerprinter<'a> {
    /// `secrets` must be sorted.
    pub(crate) fn new(sources: &'a SourceMap, secrets: &'a [Span]) -> Self {
        debug_assert!(secrets.is_sorted(), "secrets must be sorted");
        Fingerprinter {
            sources,
            secrets,
            masked: HashMap::new(),
            seen: HashMap::new(),
            recent_long_fields: Vec::new(),
        }
    }

    fn masked(&mut self, file: FileId) -> &str {
        let (sources, secrets) = (self.sources, self.secrets);
        self.masked.entry(file).or_insert_with(|| {
            let text = sources.get(file).text();
            let first = secrets.partition_point(|secret| secret.file < file);
            let count = secrets[first..].partition_point(|secret| secret.file == file);
            if count == 0 {
                Cow::Borrowed(text)
            } else {
                Cow::Owned(super::mask(text, file, &secrets[first..first + count]))
            }
        })
    }

    /// The fingerprint of the next finding, in report order (the occurrence counter counts
    /// earlier findings with the same key).
    pub(crate) fn fingerprint(&mut self, diagnostic: &Diagnostic) -> String {
        let span = diagnostic.span;
        let source = self.sources.get(span.file);
        let index = source.line_index();
        let path = source.path();
        let (first, last) =
            (index.line_of(span.start as usize), index.line_of(span.end.max(span.start) as usize));
        let text = self.masked(span.file);
        let lines_start = index.line_start(first);
        let lines_end = index.line_range(text, last).end.max(lines_start);
        let mut key = Fnv::new();
        key.field(diagnostic.rule);
        key.field(path);
        if span.is_empty() && span.start == 0 {
            // A finding about the whole file: no text to anchor on.
            key.field("");
            key.field("");
        } else {
            self.text_field(&mut key, span.file, span.range());
            self.text_field(&mut key, span.file, lines_start..lines_end);
        }
        let occurrence = self.seen.entry(key.0).or_insert(0);
        let mut hash = Fnv(key.0);
        hash.write(&occurrence.to_le_bytes());
        *occurrence += 1;
        format!("{:016x}", hash.0)
    }

    /// Hashes the masked text of `range` into `key`, its whitespace collapsed; a long text
    /// through [`long_field`], once per range.
    fn text_field(&mut self, key: &mut Fnv, file: FileId, range: std::ops::Range<usize>) {
        let text = &self.masked[&file][range.clone()];
        if text.len() <= LONG_TEXT {
            key.normalized_field(text);
            return;
        }
        let range_key = (file, range.start, range.end);
        let recent = &mut self.recent_long_fields;
        let position = match recent.iter().position(|(cached, _)| *cached == range_key) {
            Some(position) => position,
            None => {
                if recent.len() == RECENT_LONG_FIELDS {
                    recent.remove(0);
                }
                recent.push((range_key, long_field(text)));
                recent.len() - 1
            }
        };
        key.field(&recent[position].1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;
    use crate::source::FileKind;

    fn finding(rule: &'static str, span: Span) -> Diagnostic {
        Diagnostic {
            rule,
            severity: Severity::Error,
            message: format!("at {}", span.start),
            span,
            labels: Vec::new(),
            help: None,
            fix: None,
        }
    }

    fn fingerprints(text: &str, needle: &str, secret: Option<&str>) -> Vec<String> {
        let mut sources = SourceMap::new();
        let id = sources.add("redis.conf".into(), text, FileKind::RedisConf);
        let secrets: Vec<Span> = secret
            .map(|secret| {
                let start = text.find(secret).unwrap();
                vec![Span::new(id, start, start + secret.len())]
            })
            .unwrap_or_default();
        let mut fingerprinter = Fingerprinter::new(&sources, &secrets);
        text.match_indices(needle)
            .map(|(start, _)| {
                fingerprinter.fingerprint(&finding("r", Span::new(id, start, start + needle.len())))
            })
            .collect()
    }

    #[test]
    fn survive_line_shifts_and_unrelated_edits() {
        let before = fingerprints("port 6379\ndaemonize yes\n", "daemonize", None);
        let after = fingerprints("# a comment\n\nport  7000\n   daemonize   yes\n", "daemonize", None);
        assert_eq!(before.len(), 1);
        assert_eq!(before, after);
        assert_ne!(before, fingerprints("daemonize yes # no\n", "daemonize", None));
    }

    #[test]
    fn identical_findings_get_distinct_fingerprints() {
        let both = fingerprints("save \"\"\nsave \"\"\n", "save", None);
        assert_eq!(both.len(), 2);
        assert_ne!(both[0], both[1]);
    }

    #[test]
    fn secrets_do_not_reach_the_hash() {
        let one = fingerprints("requirepass hunter2\n", "requirepass", Some("hunter2"));
        let other = fingerprints("requirepass swordfi\n", "requirepass", Some("swordfi"));
        assert_eq!(one, other, "same length, different secret: the same fingerprint");
    }
}
