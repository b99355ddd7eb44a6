//! How a scalar's decoded text maps back to the bytes of the file, so findings inside a
//! redis.conf embedded in a ConfigMap (`redis.conf: |`) point at the manifest's own lines.

use super::Style;
use crate::source::Span;

/// Stretches of the decoded text that are verbatim copies of the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScalarMap {
    /// (offset in the decoded text, offset in the file, length), in order.
    segments: Vec<(usize, usize, usize)>,
    /// Where positions fall that no segment covers (folded line breaks, escapes).
    fallback: usize,
    /// True when every character of the decoded text was found in the file.
    pub exact: bool,
}

impl ScalarMap {
    pub(super) fn new(text: &str, span: Span, value: &str, style: Style) -> ScalarMap {
        let source = &text[span.range()];
        let base = span.start as usize;
        let segments = match style {
            Style::Literal | Style::Folded => block_segments(source, base, value),
            Style::DoubleQuoted | Style::SingleQuoted => quoted_segments(source, base, value, style),
            Style::Plain => plain_segments(source, base, value),
        };
        let covered: usize = segments.iter().map(|(_, _, len)| len).sum();
        let newlines = value.matches('\n').count();
        let exact = covered + newlines >= value.len() || covered == value.len();
        ScalarMap { segments, fallback: base, exact }
    }

    /// The file offset of a decoded-text offset (segments are sorted: a binary search, so a
    /// large embedded redis.conf maps in linear time overall).
    pub fn to_file(&self, offset: usize) -> usize {
        // The first segment that ends at or after `offset`.
        let index = self.segments.partition_point(|&(start, _, len)| start + len < offset);
        match self.segments.get(index) {
            Some(&(start, file, _)) if offset >= start => file + (offset - start),
            // Between segments (a newline, an escape): the start of the next segment.
            Some(&(_, file, _)) => file,
            None => self.fallback,
        }
    }

    /// A span of the decoded text as a span of the file.
    pub fn span(&self, file: crate::source::FileId, start: usize, end: usize) -> Span {
        let file_start = self.to_file(start);
        let file_end = if end > start { self.to_file(end - 1) + 1 } else { file_start };
        Span::new(file, file_start, file_end.max(file_start))
    }
}

/// Literal and folded scalars: every content line is the file line minus the indentation.
fn block_segments(source: &str, base: usize, value: &str) -> Vec<(usize, usize, usize)> {
    // `source` starts at the first content character; its indentation is that column.
    let mut segments = Vec::new();
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
                segments.push((value_offset + found, file_offset + skipped, trimmed.len()));
                value_offset += found + trimmed.len();
            }
        }
        file_offset += line.len();
    }
    segments
}

/// Quoted scalars: runs of characters copied verbatim, skipping quotes and escapes.
fn quoted_segments(source: &str, base: usize, value: &str, style: Style) -> Vec<(usize, usize, usize)> {
    let inner_start = 1;
    let inner_end = source.len().saturating_sub(1).max(inner_start);
    let inner = source.get(inner_start..inner_end).unwrap_or("");
    let mut segments = Vec::new();
    let mut value_offset = 0;
    let mut run_start = 0;
    let bytes = inner.as_bytes();
    let mut index = 0;
    let flush =
        |segments: &mut Vec<(usize, usize, usize)>, value_offset: &mut usize, from: usize, to: usize| {
            if to > from {
                let chunk = &inner[from..to];
                if value[*value_offset..].starts_with(chunk) {
                    segments.push((*value_offset, base + inner_start + from, chunk.len()));
                    *value_offset += chunk.len();
                } else if let Some(found) = value[*value_offset..].find(chunk) {
                    segments.push((*value_offset + found, base + inner_start + from, chunk.len()));
                    *value_offset += found + chunk.len();
                }
            }
        };
    while index < bytes.len() {
        let escape = match style {
            Style::DoubleQuoted => bytes[index] == b'\\' || bytes[index] == b'\n',
            _ => bytes[index] == b'\'' && bytes.get(index + 1) == Some(&b'\'') || bytes[index] == b'\n',
        };
        if escape {
            flush(&mut segments, &mut value_offset, run_start, index);
            // Skip the escape (or line break) and the decoded character it produced.
            let skip = match bytes[index] {
                b'\\' => escape_length(&bytes[index..]),
                b'\'' => 2,
                _ => 1,
            };
            index += skip;
            while index < bytes.len() && bytes[index] == b' ' && skip == 1 {
                index += 1;
            }
            value_offset = (value_offset + 1).min(value.len());
            while !value.is_char_boundary(value_offset) {
                value_offset += 1;
            }
            run_start = index;
        } else {
            index += 1;
        }
    }
    flush(&mut segments, &mut value_offset, run_start, bytes.len());
    segments
}

fn escape_length(bytes: &[u8]) -> usize {
    match bytes.get(1) {
        Some(b'x') => 4,
        Some(b'u') => 6,
        Some(b'U') => 10,
        Some(_) => 2,
        None => 1,
    }
}

/// Plain scalars: one or more lines folded with spaces.
fn plain_segments(source: &str, base: usize, value: &str) -> Vec<(usize, usize, usize)> {
    block_segments(source, base, value)
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use crate::source::FileId;

    #[test]
    fn literal_block_lines_map_to_their_file_lines() {
        let text =
            "data:\n  redis.conf: |\n    maxmemory 2gb\n\n    # comment\n    appendonly yes\nnext: 1\n";
        let tree = parse(FileId(0), text);
        let value = tree.document(0).unwrap().path(&["data", "redis.conf"]).unwrap();
        let decoded = value.as_str().unwrap();
        assert_eq!(decoded, "maxmemory 2gb\n\n# comment\nappendonly yes\n");
        let map = value.scalar_map(text).unwrap();
        let at = |needle: &str| {
            let offset = decoded.find(needle).unwrap();
            let span = map.span(FileId(0), offset, offset + needle.len());
            &text[span.range()]
        };
        assert_eq!(at("2gb"), "2gb");
        assert_eq!(at("appendonly yes"), "appendonly yes");
        assert_eq!(map.to_file(decoded.find("appendonly").unwrap()), text.find("appendonly").unwrap());
    }

    #[test]
    fn quoted_scalars_skip_quotes_and_escapes() {
        let text = "a: \"maxmemory 1gb\\nappendonly yes\"\nb: 'it''s here'\n";
        let tree = parse(FileId(0), text);
        let root = tree.document(0).unwrap();
        let a = root.get("a").unwrap();
        let decoded = a.as_str().unwrap();
        let map = a.scalar_map(text).unwrap();
        let offset = decoded.find("appendonly").unwrap();
        assert_eq!(&text[map.span(FileId(0), offset, offset + 10).range()], "appendonly");
        let b = root.get("b").unwrap();
        let decoded = b.as_str().unwrap();
        let map = b.scalar_map(text).unwrap();
        let offset = decoded.find("here").unwrap();
        assert_eq!(&text[map.span(FileId(0), offset, offset + 4).range()], "here");
    }
}
