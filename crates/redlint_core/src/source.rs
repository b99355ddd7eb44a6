//! Source files, byte spans and the line index that turns byte offsets into the
//! positions users and editors see (1-based lines; columns in characters or UTF-16 units).

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, OnceLock};

use crate::yaml::ScalarMap;

/// Index of a file in a [`SourceMap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub(crate) u32);

impl FileId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A byte range in one file. `start <= end`, both on UTF-8 boundaries of the file's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub file: FileId,
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(file: FileId, start: usize, end: usize) -> Self {
        debug_assert!(start <= end, "span start {start} after end {end}");
        Span { file, start: start as u32, end: end as u32 }
    }

    /// An empty span at the start of a file: where findings about a whole file point.
    pub fn file_start(file: FileId) -> Self {
        Span { file, start: 0, end: 0 }
    }

    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// The smallest span covering both. Both must be in the same file.
    pub fn cover(self, other: Span) -> Span {
        debug_assert_eq!(self.file, other.file);
        Span { file: self.file, start: self.start.min(other.start), end: self.end.max(other.end) }
    }

    pub fn contains(self, other: Span) -> bool {
        self.file == other.file && self.start <= other.start && other.end <= self.end
    }
}

/// What a file is, as far as redlint is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FileKind {
    /// A `redis.conf` (or any file Redis reads as its configuration).
    RedisConf,
    /// A Sentinel configuration (`sentinel.conf`).
    SentinelConf,
    Compose,
    Dockerfile,
    Kubernetes,
    /// Read but not understood (a binary file, an unknown format given explicitly).
    Unknown,
}

impl FileKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FileKind::RedisConf => "redis-conf",
            FileKind::SentinelConf => "sentinel-conf",
            FileKind::Compose => "compose",
            FileKind::Dockerfile => "dockerfile",
            FileKind::Kubernetes => "kubernetes",
            FileKind::Unknown => "unknown",
        }
    }

    pub fn parse(text: &str) -> Option<FileKind> {
        Some(match text {
            "redis-conf" => FileKind::RedisConf,
            "sentinel-conf" => FileKind::SentinelConf,
            "compose" => FileKind::Compose,
            "dockerfile" => FileKind::Dockerfile,
            "kubernetes" | "k8s" => FileKind::Kubernetes,
            "unknown" => FileKind::Unknown,
            _ => return None,
        })
    }
}

impl fmt::Display for FileKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One file known to the engine: given by the frontend or fetched through the
/// [`FileProvider`](crate::FileProvider) because another file referenced it.
pub struct SourceFile {
    id: FileId,
    /// Repository path: relative, `/`-separated, normalised (see [`normalize_path`](crate::paths::normalize_path)).
    path: String,
    text: Arc<str>,
    kind: FileKind,
    line_index: OnceLock<LineIndex>,
    /// For a text embedded in another file (a redis.conf in a ConfigMap): that file, and where
    /// each byte of this text is written there.
    embedded_in: Option<(FileId, Arc<ScalarMap>)>,
}

impl SourceFile {
    pub fn id(&self) -> FileId {
        self.id
    }
    pub fn path(&self) -> &str {
        &self.path
    }
    pub fn text(&self) -> &str {
        &self.text
    }
    pub fn shared_text(&self) -> Arc<str> {
        Arc::clone(&self.text)
    }
    pub fn kind(&self) -> FileKind {
        self.kind
    }
    pub(crate) fn set_kind(&mut self, kind: FileKind) {
        self.kind = kind;
    }
    /// The file this text is embedded in, when it is one (a ConfigMap value).
    pub fn host(&self) -> Option<FileId> {
        self.embedded_in.as_ref().map(|(host, _)| *host)
    }
    /// Built on first use: most files never need one because they have no findings.
    pub fn line_index(&self) -> &LineIndex {
        self.line_index.get_or_init(|| LineIndex::new(&self.text))
    }
    pub fn slice(&self, span: Span) -> &str {
        debug_assert_eq!(span.file, self.id);
        &self.text[span.range()]
    }
    /// Start and end position of a span, in the given column encoding.
    pub fn range_of(&self, span: Span, encoding: ColumnEncoding) -> (Position, Position) {
        let index = self.line_index();
        (
            index.position(&self.text, span.start as usize, encoding),
            index.position(&self.text, span.end as usize, encoding),
        )
    }
}

impl fmt::Debug for SourceFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SourceFile")
            .field("id", &self.id)
            .field("path", &self.path)
            .field("kind", &self.kind)
            .finish_non_exhaustive()
    }
}

/// All files of one check, addressed by [`FileId`].
#[derive(Debug, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
    /// The first file added under each path: a repository of thousands of files looks
    /// paths up for every mount, include and build context.
    /// Indexes into `files` (a `usize` value shares the map code with the other
    /// `HashMap<String, usize>`s: the WASM module carries one copy per key and value type).
    by_path: HashMap<String, usize>,
}

impl SourceMap {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, path: String, text: impl Into<Arc<str>>, kind: FileKind) -> FileId {
        let id = FileId(u32::try_from(self.files.len()).expect("fewer than 2^32 files"));
        self.by_path.entry(path.clone()).or_insert(id.index());
        self.files.push(SourceFile {
            id,
            path,
            text: text.into(),
            kind,
            line_index: OnceLock::new(),
            embedded_in: None,
        });
        id
    }

    /// Add a text embedded in `host` (a ConfigMap or Secret value): it is read, tokenised and
    /// loaded like a file of its own, and [`SourceMap::to_host`] turns its spans into spans of
    /// `host` through `map`.
    pub fn add_embedded(
        &mut self,
        path: String,
        text: impl Into<Arc<str>>,
        kind: FileKind,
        host: FileId,
        map: ScalarMap,
    ) -> FileId {
        let id = self.add(path, text, kind);
        self.files[id.index()].embedded_in = Some((host, Arc::new(map)));
        id
    }

    /// A span as it is written: spans of an embedded text become spans of its host file.
    pub fn to_host(&self, span: Span) -> Span {
        match &self.get(span.file).embedded_in {
            Some((host, map)) => map.span(*host, span.start as usize, span.end as usize),
            None => span,
        }
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.index()]
    }

    pub(crate) fn get_mut(&mut self, id: FileId) -> &mut SourceFile {
        &mut self.files[id.index()]
    }

    pub fn find(&self, path: &str) -> Option<FileId> {
        self.by_path.get(path).map(|&index| self.files[index].id)
    }

    pub fn iter(&self) -> impl Iterator<Item = &SourceFile> {
        self.files.iter()
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

/// How columns are counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ColumnEncoding {
    /// Unicode scalar values: what terminals, GitHub annotations and the JSON report use.
    #[default]
    Chars,
    /// UTF-16 code units: what JavaScript editors (CodeMirror, Monaco) and SARIF use.
    Utf16,
    /// Bytes.
    Utf8,
}

/// A 1-based line and column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

/// Byte offsets of the start of every line. `\n` ends a line; a `\r` before it belongs
/// to the line it ends (Redis, YAML and Dockerfiles all treat CRLF files this way).
#[derive(Clone, Debug)]
pub struct LineIndex {
    line_starts: Vec<u32>,
    /// True when the text is pure ASCII, so every column encoding equals the byte offset.
    ascii: bool,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut line_starts = Vec::with_capacity(text.len() / 32 + 1);
        line_starts.push(0);
        // `match_indices` of a char searches with memchr: several times faster than a byte loop.
        line_starts.extend(text.match_indices('\n').map(|(offset, _)| offset as u32 + 1));
        LineIndex { line_starts, ascii: text.is_ascii() }
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// 0-based line containing the byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&(offset as u32)) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// Byte offset where a 0-based line starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts[line] as usize
    }

    /// The byte range of a 0-based line, without its line terminator.
    pub fn line_range(&self, text: &str, line: usize) -> std::ops::Range<usize> {
        let start = self.line_start(line);
        let mut end = self.line_starts.get(line + 1).map_or(text.len(), |&next| next as usize - 1);
        if end > start && text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        start..end.max(start)
    }

    pub fn position(&self, text: &str, offset: usize, encoding: ColumnEncoding) -> Position {
        let offset = offset.min(text.len());
        let line = self.line_of(offset);
        let start = self.line_start(line);
        let column = if self.ascii || encoding == ColumnEncoding::Utf8 {
            offset - start
        } else {
            let before = &text[start..offset];
            match encoding {
                ColumnEncoding::Chars => before.chars().count(),
                ColumnEncoding::Utf16 => before.encode_utf16().count(),
                ColumnEncoding::Utf8 => unreachable!(),
            }
        };
        Position { line: line as u32 + 1, column: column as u32 + 1 }
    }

    /// The byte offset of a 1-based position; columns past the end of the line clamp to it.
    pub fn offset(&self, text: &str, position: Position, encoding: ColumnEncoding) -> Option<usize> {
        let line = (position.line as usize).checked_sub(1)?;
        if line >= self.line_starts.len() {
            return None;
        }
        let range = self.line_range(text, line);
        let wanted = (position.column as usize).checked_sub(1)?;
        if self.ascii || encoding == ColumnEncoding::Utf8 {
            return Some(range.start + wanted.min(range.len()));
        }
        let mut units = 0;
        for (index, ch) in text[range.clone()].char_indices() {
            if units >= wanted {
                return Some(range.start + index);
            }
            units += match encoding {
                ColumnEncoding::Utf16 => ch.len_utf16(),
                _ => 1,
            };
        }
        Some(range.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_chars_and_utf16_units() {
        let text = "ab\né😀x\r\nlast";
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 3);
        let x = text.find('x').unwrap();
        assert_eq!(index.position(text, x, ColumnEncoding::Chars), Position { line: 2, column: 3 });
        assert_eq!(index.position(text, x, ColumnEncoding::Utf16), Position { line: 2, column: 4 });
        assert_eq!(index.position(text, x, ColumnEncoding::Utf8), Position { line: 2, column: 7 });
        assert_eq!(index.line_range(text, 1), 3..text.find('\r').unwrap());
        let last = text.find("last").unwrap();
        assert_eq!(index.position(text, last, ColumnEncoding::Chars), Position { line: 3, column: 1 });
        assert_eq!(index.position(text, text.len(), ColumnEncoding::Chars), Position { line: 3, column: 5 });
    }

    #[test]
    fn offsets_round_trip() {
        let text = "é😀x\nyz";
        let index = LineIndex::new(text);
        for encoding in [ColumnEncoding::Chars, ColumnEncoding::Utf16, ColumnEncoding::Utf8] {
            for (offset, _) in text.char_indices() {
                let position = index.position(text, offset, encoding);
                assert_eq!(index.offset(text, position, encoding), Some(offset), "{encoding:?} {offset}");
            }
        }
    }
}
