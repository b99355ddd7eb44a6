//! How a scalar's decoded text maps back to the bytes of the file, so findings inside a
//! redis.conf embedded in a ConfigMap (`redis.conf: |`, or a JSON string with `\n` escapes)
//! point at the manifest's own lines and columns.
//!
//! Quoted and plain scalars are decoded again here, the way YAML folds and unescapes them,
//! recording where each decoded byte came from; the result is compared with the parser's value
//! and only used when they agree. Block scalars keep their lines verbatim, minus indentation.

use super::Style;
use crate::source::{FileId, Span};

/// A stretch of decoded text and the stretch of the file it came from. When both have the same
/// length the text is a verbatim copy; otherwise (an escape, a folded line break) every decoded
/// byte maps to the start of the file stretch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Piece {
    decoded: usize,
    file: usize,
    decoded_len: usize,
    file_len: usize,
}

impl Piece {
    fn verbatim(&self) -> bool {
        self.decoded_len == self.file_len
    }
}

/// Decoded-text offsets → file offsets for one scalar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScalarMap {
    /// Sorted by `decoded`, not overlapping.
    pieces: Vec<Piece>,
    /// The scalar's span in the file: where offsets no piece covers fall.
    span: (usize, usize),
    /// True when every decoded byte is accounted for (quoted and plain scalars decoded again
    /// exactly, block scalars whose lines were all found).
    pub exact: bool,
}

impl ScalarMap {
    pub(super) fn new(text: &str, span: Span, value: &str, style: Style) -> ScalarMap {
        let source = &text[span.range()];
        let base = span.start as usize;
        let whole = (base, span.end as usize);
        let decoded = match style {
            Style::DoubleQuoted | Style::SingleQuoted => {
                let inner_end = source.len().saturating_sub(1).max(1);
                source.get(1..inner_end).map(|inner| fold(inner, base + 1, style))
            }
            Style::Plain => Some(fold(source, base, style)),
            Style::Literal | Style::Folded => None,
        };
        if let Some((decoded, pieces)) = decoded {
            if decoded == value {
                return ScalarMap { pieces, span: whole, exact: true };
            }
        }
        // Block scalars (and anything the decoder above disagrees with): find each line.
        let pieces = block_pieces(source, base, value);
        let covered: usize = pieces.iter().map(|piece| piece.decoded_len).sum();
        let exact = covered + value.matches('\n').count() + value.matches(' ').count() >= value.len();
        ScalarMap { pieces, span: whole, exact }
    }

    /// A value whose text cannot be traced back character by character (base64 `data` of a
    /// Secret): every offset maps to the whole value.
    pub fn opaque(span: Span, decoded_len: usize) -> ScalarMap {
        let (start, end) = (span.start as usize, span.end as usize);
        ScalarMap {
            pieces: vec![Piece { decoded: 0, file: start, decoded_len, file_len: end - start }],
            span: (start, end),
            exact: false,
        }
    }

    /// The piece holding decoded byte `offset`, or the first one after it.
    fn piece_at(&self, offset: usize) -> Option<&Piece> {
        let index = self.pieces.partition_point(|piece| piece.decoded + piece.decoded_len <= offset);
        self.pieces.get(index)
    }

    /// The file offset of a decoded-text offset (a binary search: mapping every token of a
    /// large embedded redis.conf stays linear overall).
    pub fn to_file(&self, offset: usize) -> usize {
        match self.piece_at(offset) {
            Some(piece) if offset >= piece.decoded && piece.verbatim() => {
                piece.file + (offset - piece.decoded)
            }
            Some(piece) => piece.file,
            // Past the end: the end of the last piece, or of the scalar.
            None => self.pieces.last().map_or(self.span.1, |piece| piece.file + piece.file_len),
        }
    }

    /// The file offset just after decoded byte `end - 1`.
    pub fn to_file_end(&self, end: usize) -> usize {
        if end == 0 {
            return self.to_file(0);
        }
        let index = self.pieces.partition_point(|piece| piece.decoded + piece.decoded_len < end);
        match self.pieces.get(index) {
            Some(piece) if end > piece.decoded && piece.verbatim() => piece.file + (end - piece.decoded),
            Some(piece) if end > piece.decoded => piece.file + piece.file_len,
            // In a gap between pieces (a block scalar's line break and indentation): the end
            // of the piece before it.
            _ => match index.checked_sub(1).and_then(|previous| self.pieces.get(previous)) {
                Some(previous) => previous.file + previous.file_len,
                None => self.pieces.first().map_or(self.span.0, |piece| piece.file),
            },
        }
    }

    /// A span of the decoded text as a span of the file.
    pub fn span(&self, file: FileId, start: usize, end: usize) -> Span {
        let file_start = self.to_file(start);
        let file_end = if end > start { self.to_file_end(end) } else { file_start };
        Span::new(file, file_start, file_end.max(file_start))
    }
}

/// Builds pieces, merging adjacent verbatim ones.
#[derive(Default)]
struct Pieces {
    out: String,
    pieces: Vec<Piece>,
}

impl Pieces {
    fn verbatim(&mut self, text: &str, file: usize) {
        if text.is_empty() {
            return;
        }
        let decoded = self.out.len();
        self.out.push_str(text);
        if let Some(last) = self.pieces.last_mut() {
            if last.verbatim()
                && last.decoded + last.decoded_len == decoded
                && last.file + last.file_len == file
            {
                last.decoded_len += text.len();
                last.file_len += text.len();
                return;
            }
        }
        self.pieces.push(Piece { decoded, file, decoded_len: text.len(), file_len: text.len() });
    }

    fn replaced(&mut self, text: &str, file: usize, file_len: usize) {
        let decoded = self.out.len();
        self.out.push_str(text);
        self.pieces.push(Piece { decoded, file, decoded_len: text.len(), file_len });
    }
}

/// Decode a flow scalar (quoted or plain) as YAML does: escapes (double quotes), `''` (single
/// quotes), and line folding — trailing white space dropped, a line break becomes a space or,
/// followed by empty lines, one `\n` per empty line; leading white space of the next line dropped.
fn fold(source: &str, base: usize, style: Style) -> (String, Vec<Piece>) {
    let bytes = source.as_bytes();
    let mut built = Pieces::default();
    // Literal white space not yet known to be content (it is dropped before a line break).
    let mut pending_white: Option<usize> = None;
    let mut index = 0;
    let flush_white = |built: &mut Pieces, pending: &mut Option<usize>, until: usize| {
        if let Some(start) = pending.take() {
            built.verbatim(&source[start..until], base + start);
        }
    };
    while index < bytes.len() {
        let byte = bytes[index];
        match byte {
            b' ' | b'\t' => {
                pending_white.get_or_insert(index);
                index += 1;
            }
            b'\r' | b'\n' => {
                // An unescaped line break: fold it.
                pending_white = None;
                let break_at = index;
                index = skip_break(bytes, index);
                let mut empty_lines = 0;
                loop {
                    let after_white = skip_white(bytes, index);
                    if after_white < bytes.len() && matches!(bytes[after_white], b'\r' | b'\n') {
                        empty_lines += 1;
                        index = skip_break(bytes, after_white);
                    } else {
                        index = after_white;
                        break;
                    }
                }
                let replacement = if empty_lines == 0 { " ".to_owned() } else { "\n".repeat(empty_lines) };
                built.replaced(&replacement, base + break_at, index - break_at);
            }
            b'\\' if style == Style::DoubleQuoted => {
                flush_white(&mut built, &mut pending_white, index);
                if matches!(bytes.get(index + 1), Some(b'\r' | b'\n')) {
                    // An escaped line break: nothing, then empty lines as `\n`, then the next
                    // line's leading white space dropped.
                    let start = index;
                    index = skip_break(bytes, index + 1);
                    let mut newlines = 0;
                    loop {
                        let after_white = skip_white(bytes, index);
                        if after_white < bytes.len() && matches!(bytes[after_white], b'\r' | b'\n') {
                            newlines += 1;
                            index = skip_break(bytes, after_white);
                        } else {
                            index = after_white;
                            break;
                        }
                    }
                    built.replaced(&"\n".repeat(newlines), base + start, index - start);
                    continue;
                }
                let (decoded, length) = unescape(&source[index..]);
                built.replaced(&decoded, base + index, length);
                index += length;
            }
            b'\'' if style == Style::SingleQuoted && bytes.get(index + 1) == Some(&b'\'') => {
                flush_white(&mut built, &mut pending_white, index);
                built.replaced("'", base + index, 2);
                index += 2;
            }
            _ => {
                flush_white(&mut built, &mut pending_white, index);
                let start = index;
                while index < bytes.len()
                    && !matches!(bytes[index], b' ' | b'\t' | b'\r' | b'\n' | b'\\' | b'\'')
                {
                    index += 1;
                }
                if index == start {
                    // A `\` outside double quotes, or a lone `'`: an ordinary character.
                    index += 1;
                }
                built.verbatim(&source[start..index], base + start);
            }
        }
    }
    // Trailing white space at the very end is content only inside quotes.
    if style != Style::Plain {
        flush_white(&mut built, &mut pending_white, bytes.len());
    }
    (built.out, built.pieces)
}

fn skip_break(bytes: &[u8], index: usize) -> usize {
    if bytes.get(index) == Some(&b'\r') && bytes.get(index + 1) == Some(&b'\n') {
        index + 2
    } else {
        index + 1
    }
}

fn skip_white(bytes: &[u8], mut index: usize) -> usize {
    while index < bytes.len() && matches!(bytes[index], b' ' | b'\t') {
        index += 1;
    }
    index
}

/// One double-quoted escape (`text` starts at the backslash): what it decodes to and how many
/// bytes it takes. An escape YAML does not define decodes to itself, so the comparison with
/// the parser's value fails and the scalar falls back to the approximate map.
fn unescape(text: &str) -> (String, usize) {
    let mut chars = text.chars();
    chars.next();
    let Some(escape) = chars.next() else { return ("\\".to_owned(), 1) };
    let hex = |digits: usize| {
        let code = text.get(2..2 + digits)?;
        u32::from_str_radix(code, 16).ok().and_then(char::from_u32).map(|c| (c.to_string(), 2 + digits))
    };
    let simple = |c: char| Some((c.to_string(), 1 + escape.len_utf8()));
    let decoded = match escape {
        '0' => simple('\0'),
        'a' => simple('\x07'),
        'b' => simple('\x08'),
        't' | '\t' => simple('\t'),
        'n' => simple('\n'),
        'v' => simple('\x0b'),
        'f' => simple('\x0c'),
        'r' => simple('\r'),
        'e' => simple('\x1b'),
        ' ' => simple(' '),
        '"' => simple('"'),
        '/' => simple('/'),
        '\\' => simple('\\'),
        'N' => simple('\u{85}'),
        '_' => simple('\u{a0}'),
        'L' => simple('\u{2028}'),
        'P' => simple('\u{2029}'),
        'x' => hex(2),
        'u' => hex(4),
        'U' => hex(8),
        _ => None,
    };
    decoded.unwrap_or_else(|| (format!("\\{escape}"), 1 + escape.len_utf8()))
}

/// Literal and folded scalars: every content line is the file line minus the indentation.
fn block_pieces(source: &str, base: usize, value: &str) -> Vec<Piece> {
    // `source` starts at the first content character; its indentation is that column.
    let mut pieces = Vec::new();
    let mut value_offset = 0;
    let mut file_offset = base;
    let mut first = true;
    for line in source.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let trimmed = if first { content } else { content.trim_start_matches(' ') };
        let skipped = content.len() - trimmed.len();
        first = false;
        // Literal keeps the line; folded joins lines with a space: both keep its characters.
        if !trimmed.is_empty() {
            if let Some(found) = value[value_offset..].find(trimmed) {
                pieces.push(Piece {
                    decoded: value_offset + found,
                    file: file_offset + skipped,
                    decoded_len: trimmed.len(),
                    file_len: trimmed.len(),
                });
                value_offset += found + trimmed.len();
            }
        }
        file_offset += line.len();
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::ScalarMap;
    use crate::source::FileId;

    /// The file text a decoded needle maps to, for the scalar at `path`.
    fn mapped<'a>(text: &'a str, path: &[&str], needle: &str) -> (&'a str, bool) {
        let tree = parse(FileId(0), text);
        assert!(tree.problems.is_empty(), "{:?}", tree.problems);
        let value = tree.document(0).unwrap().path(path).unwrap();
        let decoded = value.as_str().unwrap();
        let map = value.scalar_map(text).unwrap();
        let offset = decoded.find(needle).unwrap_or_else(|| panic!("{needle:?} in {decoded:?}"));
        let span = map.span(FileId(0), offset, offset + needle.len());
        (&text[span.range()], map.exact)
    }

    #[test]
    fn literal_block_lines_map_to_their_file_lines() {
        let text =
            "data:\n  redis.conf: |\n    maxmemory 2gb\n\n    # comment\n    appendonly yes\nnext: 1\n";
        let tree = parse(FileId(0), text);
        let value = tree.document(0).unwrap().path(&["data", "redis.conf"]).unwrap();
        let decoded = value.as_str().unwrap();
        assert_eq!(decoded, "maxmemory 2gb\n\n# comment\nappendonly yes\n");
        let map = value.scalar_map(text).unwrap();
        assert_eq!(map.to_file(decoded.find("appendonly").unwrap()), text.find("appendonly").unwrap());
        assert_eq!(mapped(text, &["data", "redis.conf"], "2gb").0, "2gb");
        assert_eq!(mapped(text, &["data", "redis.conf"], "appendonly yes").0, "appendonly yes");
        // A span ending at a line break ends before it.
        assert_eq!(mapped(text, &["data", "redis.conf"], "2gb\n").0, "2gb");
    }

    #[test]
    fn folded_and_plain_multi_line_scalars() {
        let text = "a: >\n  maxmemory\n  2gb\nb: one\n  two  \n\n  three\n";
        assert_eq!(mapped(text, &["a"], "2gb").0, "2gb");
        let (found, exact) = mapped(text, &["b"], "three");
        assert_eq!((found, exact), ("three", true));
        assert_eq!(mapped(text, &["b"], "two").0, "two");
    }

    #[test]
    fn quoted_scalars_skip_quotes_and_escapes() {
        let text = "a: \"maxmemory 1gb\\nappendonly yes\"\nb: 'it''s here'\n";
        let (found, exact) = mapped(text, &["a"], "appendonly");
        assert_eq!((found, exact), ("appendonly", true));
        assert_eq!(mapped(text, &["a"], "1gb\nappendonly").0, "1gb\\nappendonly");
        assert_eq!(mapped(text, &["b"], "here").0, "here");
        assert_eq!(mapped(text, &["b"], "it's").0, "it''s");
    }

    #[test]
    fn escaped_line_breaks_as_in_json_style_manifests() {
        // The shape of the Kubernetes documentation's example ConfigMap.
        let text = "{\n  data: {\n    redis-config: \"\\\n       maxmemory 2mb\\n\\\n       maxmemory-policy allkeys-lru\\n\\\n      \",\n  },\n}\n";
        let tree = parse(FileId(0), text);
        let value = tree.document(0).unwrap().path(&["data", "redis-config"]).unwrap();
        assert_eq!(value.as_str().unwrap(), "maxmemory 2mb\nmaxmemory-policy allkeys-lru\n");
        let (found, exact) = mapped(text, &["data", "redis-config"], "2mb");
        assert_eq!((found, exact), ("2mb", true));
        let offset = text.find("2mb").unwrap();
        let line_start = text[..offset].rfind('\n').unwrap() + 1;
        assert_eq!((text[..offset].matches('\n').count() + 1, offset - line_start + 1), (4, 18));
        assert_eq!(
            mapped(text, &["data", "redis-config"], "maxmemory-policy allkeys-lru").0,
            "maxmemory-policy allkeys-lru"
        );
    }

    #[test]
    fn quoted_folding_and_unicode_escapes() {
        let text = "a: \"x  \n   y\n\n  z\\u00e9 w\"\n";
        let tree = parse(FileId(0), text);
        let value = tree.document(0).unwrap().get("a").unwrap();
        assert_eq!(value.as_str().unwrap(), "x y\nzé w");
        let map = value.scalar_map(text).unwrap();
        assert!(map.exact);
        assert_eq!(mapped(text, &["a"], "w").0, "w");
        assert_eq!(mapped(text, &["a"], "é").0, "\\u00e9");
    }

    #[test]
    fn opaque_values_map_to_the_whole_value() {
        let span = crate::source::Span::new(FileId(3), 10, 30);
        let map = ScalarMap::opaque(span, 12);
        assert_eq!(map.span(FileId(3), 2, 5).range(), 10..30);
        assert_eq!(map.span(FileId(3), 0, 0).range(), 10..10);
    }
}
