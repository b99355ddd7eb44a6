//! The redis.conf tokenizer: Redis's `loadServerConfigFromString` line handling plus
//! `sdssplitargs`, reproduced exactly, with a byte span for every token.
//!
//! Redis splits the whole text on `\n`, trims `" \t\r\n"` from both ends of each line, skips
//! lines that then start with `#` or are empty, and splits the rest into arguments. There
//! are no inline comments and no line continuations.

use std::ops::Range;

use crate::source::{FileId, Span};

/// One argument of a directive line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// Where the token is written, quotes included.
    pub span: Span,
    value: TokenValue,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum TokenValue {
    /// The value is exactly the source text of the span (an unquoted token).
    Verbatim,
    /// Quotes or escapes were removed; `\xHH` bytes that are not UTF-8 become U+FFFD.
    Decoded(Box<str>),
}

impl Token {
    pub fn decoded(span: Span, value: impl Into<Box<str>>) -> Token {
        Token { span, value: TokenValue::Decoded(value.into()) }
    }

    /// The argument's value. `text` is the text of the file the span points into.
    pub fn value<'a>(&'a self, text: &'a str) -> &'a str {
        match &self.value {
            TokenValue::Verbatim => &text[self.span.range()],
            TokenValue::Decoded(value) => value,
        }
    }

    /// True when the token was written with quotes (so `#` or `\` in it are deliberate).
    pub fn is_quoted(&self) -> bool {
        matches!(self.value, TokenValue::Decoded(_))
    }
}

/// Why Redis refuses a line before looking at its directive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LexError {
    /// A quote that is never closed. Span: from the quote to the end of the line.
    UnterminatedQuote(Span),
    /// A closing quote followed by something other than whitespace. Span: the quote and the
    /// character after it.
    TextAfterClosingQuote(Span),
    /// A NUL byte: Redis reads the file as C strings and silently drops what follows it.
    NulByte(Span),
}

impl LexError {
    pub fn span(self) -> Span {
        match self {
            LexError::UnterminatedQuote(span)
            | LexError::TextAfterClosingQuote(span)
            | LexError::NulByte(span) => span,
        }
    }
}

/// A non-empty, non-comment line.
#[derive(Clone, Debug)]
pub struct Line {
    /// 1-based line number in its file.
    pub number: u32,
    /// The line as Redis sees it after trimming.
    pub span: Span,
    tokens: Range<u32>,
    pub error: Option<LexError>,
}

/// A tokenised redis.conf (or the command-line options turned into config lines).
#[derive(Clone, Debug, Default)]
pub struct Lines {
    lines: Vec<Line>,
    tokens: Vec<Token>,
}

impl Lines {
    pub fn iter(&self) -> impl Iterator<Item = (&Line, &[Token])> {
        self.lines
            .iter()
            .map(|line| (line, &self.tokens[line.tokens.start as usize..line.tokens.end as usize]))
    }

    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// Point every span at another file (lines are tokenised before the file has an id).
    pub(crate) fn set_file(&mut self, file: FileId) {
        for line in &mut self.lines {
            line.span.file = file;
            if let Some(error) = &mut line.error {
                match error {
                    LexError::UnterminatedQuote(span)
                    | LexError::TextAfterClosingQuote(span)
                    | LexError::NulByte(span) => {
                        span.file = file;
                    }
                }
            }
        }
        for token in &mut self.tokens {
            token.span.file = file;
        }
    }

    /// Add a line whose tokens were built elsewhere (the command-line form).
    pub(crate) fn push(&mut self, number: u32, span: Span, tokens: Vec<Token>, error: Option<LexError>) {
        let start = self.tokens.len() as u32;
        self.tokens.extend(tokens);
        self.lines.push(Line { number, span, tokens: start..self.tokens.len() as u32, error });
    }
}

/// `isspace()` in the C locale.
fn is_c_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r')
}

/// Tokenise a whole file.
pub fn lex(file: FileId, text: &str) -> Lines {
    let mut out = Lines { lines: Vec::new(), tokens: Vec::with_capacity(text.len() / 24) };
    let mut start = 0;
    let mut number = 0u32;
    let bytes = text.as_bytes();
    while start <= bytes.len() {
        number += 1;
        let end = text[start..].find('\n').map_or(bytes.len(), |index| start + index);
        lex_line(file, text, start, end, number, &mut out);
        if end == bytes.len() {
            break;
        }
        start = end + 1;
    }
    out
}

/// Tokenise one line `text[start..end]` (without its `\n`) and append it unless Redis skips it.
pub(crate) fn lex_line(file: FileId, text: &str, start: usize, end: usize, number: u32, out: &mut Lines) {
    let bytes = text.as_bytes();
    let trim = |byte: u8| matches!(byte, b' ' | b'\t' | b'\r' | b'\n');
    let mut line_start = start;
    let mut line_end = end;
    while line_start < line_end && trim(bytes[line_start]) {
        line_start += 1;
    }
    while line_end > line_start && trim(bytes[line_end - 1]) {
        line_end -= 1;
    }
    if line_start == line_end || bytes[line_start] == b'#' {
        return;
    }
    let span = Span::new(file, line_start, line_end);
    let token_start = out.tokens.len() as u32;
    let error = split_args(file, text, line_start, line_end, &mut out.tokens);
    if error.is_none() && out.tokens.len() as u32 == token_start {
        // Only blanks that `sdstrim` keeps (`\v`, `\f`): Redis skips the line.
        return;
    }
    if error.is_some() {
        out.tokens.truncate(token_start as usize);
    }
    out.lines.push(Line { number, span, tokens: token_start..out.tokens.len() as u32, error });
}

/// `sdssplitargs` over `text[start..end]`.
fn split_args(
    file: FileId,
    text: &str,
    start: usize,
    end: usize,
    tokens: &mut Vec<Token>,
) -> Option<LexError> {
    let bytes = &text.as_bytes()[..end];
    if let Some(nul) = bytes[start..].iter().position(|&byte| byte == 0) {
        return Some(LexError::NulByte(Span::new(file, start + nul, start + nul + 1)));
    }
    let at = |index: usize| bytes.get(index).copied().unwrap_or(0);
    let mut p = start;
    loop {
        while p < end && is_c_space(bytes[p]) {
            p += 1;
        }
        if p >= end {
            return None;
        }
        let token_start = p;
        let mut decoded: Option<Vec<u8>> = None;
        let mut in_double = false;
        let mut in_single = false;
        let mut quote_start = 0;
        loop {
            let c = at(p);
            if in_double {
                if c == b'\\'
                    && at(p + 1) == b'x'
                    && at(p + 2).is_ascii_hexdigit()
                    && at(p + 3).is_ascii_hexdigit()
                {
                    let byte = hex(at(p + 2)) * 16 + hex(at(p + 3));
                    decoded.get_or_insert_with(Vec::new).push(byte);
                    p += 4;
                    continue;
                } else if c == b'\\' && p + 1 < end {
                    let escaped = match at(p + 1) {
                        b'n' => b'\n',
                        b'r' => b'\r',
                        b't' => b'\t',
                        b'b' => b'\x08',
                        b'a' => b'\x07',
                        other => other,
                    };
                    decoded.get_or_insert_with(Vec::new).push(escaped);
                    p += 2;
                    continue;
                } else if c == b'"' {
                    if p + 1 < end && !is_c_space(at(p + 1)) {
                        let next = next_char_end(text, p + 1);
                        return Some(LexError::TextAfterClosingQuote(Span::new(file, p, next)));
                    }
                    p += 1;
                    break;
                } else if p >= end {
                    return Some(LexError::UnterminatedQuote(Span::new(file, quote_start, end)));
                }
                decoded.get_or_insert_with(Vec::new).push(c);
                p += 1;
            } else if in_single {
                if c == b'\\' && at(p + 1) == b'\'' && p + 1 < end {
                    decoded.get_or_insert_with(Vec::new).push(b'\'');
                    p += 2;
                    continue;
                } else if c == b'\'' {
                    if p + 1 < end && !is_c_space(at(p + 1)) {
                        let next = next_char_end(text, p + 1);
                        return Some(LexError::TextAfterClosingQuote(Span::new(file, p, next)));
                    }
                    p += 1;
                    break;
                } else if p >= end {
                    return Some(LexError::UnterminatedQuote(Span::new(file, quote_start, end)));
                }
                decoded.get_or_insert_with(Vec::new).push(c);
                p += 1;
            } else {
                if p >= end || matches!(c, b' ' | b'\n' | b'\r' | b'\t') {
                    break;
                }
                if c == b'"' || c == b'\'' {
                    // A quote may start in the middle of a token: `ab"cd ef"` is `abcd ef`.
                    decoded.get_or_insert_with(|| bytes[token_start..p].to_vec());
                    in_double = c == b'"';
                    in_single = c == b'\'';
                    quote_start = p;
                } else if let Some(value) = decoded.as_mut() {
                    value.push(c);
                }
                p += 1;
            }
        }
        let span = Span::new(file, token_start, p);
        tokens.push(match decoded {
            None => Token { span, value: TokenValue::Verbatim },
            Some(bytes) => Token { span, value: TokenValue::Decoded(String::from_utf8_lossy(&bytes).into()) },
        });
    }
}

fn hex(digit: u8) -> u8 {
    match digit {
        b'0'..=b'9' => digit - b'0',
        b'a'..=b'f' => digit - b'a' + 10,
        _ => digit - b'A' + 10,
    }
}

fn next_char_end(text: &str, index: usize) -> usize {
    let mut end = index + 1;
    while end < text.len() && !text.is_char_boundary(end) {
        end += 1;
    }
    end.min(text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(line: &str) -> Result<Vec<String>, LexError> {
        let lines = lex(FileId(0), line);
        let Some((line_info, tokens)) = lines.iter().next() else { return Ok(Vec::new()) };
        if let Some(error) = line_info.error {
            return Err(error);
        }
        Ok(tokens.iter().map(|token| token.value(line).to_owned()).collect())
    }

    #[test]
    fn splits_like_sdssplitargs() {
        assert_eq!(args("maxmemory 100mb").unwrap(), ["maxmemory", "100mb"]);
        assert_eq!(args("  maxmemory\t7mb  \r").unwrap(), ["maxmemory", "7mb"]);
        assert_eq!(args(r#"masteruser "a\x41b\tc d""#).unwrap(), ["masteruser", "aAb\tc d"]);
        assert_eq!(args(r"masteruser 'a\x41 b\'c'").unwrap(), ["masteruser", r"a\x41 b'c"]);
        assert_eq!(args(r#"masteruser ab"cd ef""#).unwrap(), ["masteruser", "abcd ef"]);
        assert_eq!(args(r#"save """#).unwrap(), ["save", ""]);
        assert_eq!(args(r#"x "a\"b\\c""#).unwrap(), ["x", r#"a"b\c"#]);
        assert_eq!(args(r#"x "\q\n""#).unwrap(), ["x", "q\n"]);
        assert_eq!(args(r#"x "\x4""#).unwrap(), ["x", "x4"]);
        assert_eq!(args("bind 127.0.0.1 # c").unwrap(), ["bind", "127.0.0.1", "#", "c"]);
        assert_eq!(args("maxmemory-policy \\").unwrap(), ["maxmemory-policy", "\\"]);
        // \v and \f are skipped between tokens but belong to an unquoted token.
        assert_eq!(args("a\x0bb c").unwrap(), ["a\x0bb", "c"]);
        assert_eq!(args("a \x0bb").unwrap(), ["a", "b"]);
    }

    #[test]
    fn comments_and_blank_lines_are_skipped() {
        assert!(args("# comment").unwrap().is_empty());
        assert!(args("   # indented comment").unwrap().is_empty());
        assert!(args("\t\r").unwrap().is_empty());
        assert!(args("\x0b").unwrap().is_empty());
        let lines = lex(FileId(0), "a 1\n\n# c\r\nb 2\r\n");
        let numbers: Vec<u32> = lines.iter().map(|(line, _)| line.number).collect();
        assert_eq!(numbers, [1, 4]);
    }

    #[test]
    fn refuses_what_redis_refuses() {
        assert!(
            matches!(args(r#"masteruser "ab"cd"#), Err(LexError::TextAfterClosingQuote(span)) if span.range() == (14..16))
        );
        assert!(
            matches!(args(r#"masteruser "abc"#), Err(LexError::UnterminatedQuote(span)) if span.range() == (11..15))
        );
        assert!(matches!(args("masteruser 'abc"), Err(LexError::UnterminatedQuote(_))));
        assert!(matches!(args(r#"x "abc\"#), Err(LexError::UnterminatedQuote(_))));
        assert!(matches!(args("x a\0b"), Err(LexError::NulByte(span)) if span.range() == (3..4)));
    }

    #[test]
    fn token_spans_cover_quotes() {
        let text = r#"requirepass "se cret" next"#;
        let lines = lex(FileId(0), text);
        let (_, tokens) = lines.iter().next().unwrap();
        assert_eq!(&text[tokens[1].span.range()], r#""se cret""#);
        assert_eq!(&text[tokens[2].span.range()], "next");
        assert!(tokens[1].is_quoted());
    }
}
