//! A strict JSON reader (RFC 8259) for the two places the engine reads JSON: a Dockerfile's
//! exec form (`CMD ["redis-server", "/etc/redis.conf"]`) and the WASM API's list of files.
//!
//! Why not `serde_json`'s deserializer: it costs about 15 KB of the gzipped WASM module, a
//! twentieth of its budget, for what is here a few hundred lines. The report is still
//! *written* with `serde_json`.
//!
//! Values keep the byte range they came from, so a diagnostic can point at one argument of
//! an exec form. Nesting is limited to [`MAX_DEPTH`], so hostile input cannot overflow the
//! stack, and every step consumes input, so parsing is linear.

use std::ops::Range;

/// The deepest nesting of arrays and objects the reader accepts.
pub const MAX_DEPTH: usize = 128;

/// A JSON value and the bytes of the text it was read from.
#[derive(Clone, Debug, PartialEq)]
pub struct Value {
    pub kind: Kind,
    pub span: Range<usize>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    Null,
    Bool(bool),
    /// A number, as written (only its syntax is checked: nothing here does arithmetic).
    Number,
    String(String),
    Array(Vec<Value>),
    /// Members in the order written; a repeated key is kept twice (RFC 8259 leaves it open).
    Object(Vec<(String, Value)>),
}

impl Value {
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::String(text) => Some(text),
            _ => None,
        }
    }

    /// What the value is, for messages: `an array`, `a string`, …
    pub fn describe(&self) -> &'static str {
        match self.kind {
            Kind::Null => "null",
            Kind::Bool(_) => "a boolean",
            Kind::Number => "a number",
            Kind::String(_) => "a string",
            Kind::Array(_) => "an array",
            Kind::Object(_) => "an object",
        }
    }
}

/// Why a text is not JSON, and the byte where reading stopped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    pub message: &'static str,
    pub offset: usize,
}

impl Error {
    /// `LINE:COLUMN: message`, 1-based, the column in characters.
    pub fn at(&self, text: &str) -> String {
        let before = &text[..self.offset.min(text.len())];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().unwrap_or_default().chars().count() + 1;
        format!("{line}:{column}: {}", self.message)
    }
}

/// Read one JSON value that makes up the whole of `text` (whitespace around it allowed).
pub fn parse(text: &str) -> Result<Value, Error> {
    let mut reader = Reader { text, at: 0 };
    reader.skip_whitespace();
    let value = reader.value(0)?;
    reader.skip_whitespace();
    if reader.at < text.len() {
        return Err(reader.error("unexpected text after the JSON value"));
    }
    Ok(value)
}

struct Reader<'t> {
    text: &'t str,
    at: usize,
}

impl Reader<'_> {
    fn error(&self, message: &'static str) -> Error {
        Error { message, offset: self.at }
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn expect(&mut self, byte: u8, message: &'static str) -> Result<(), Error> {
        if self.peek() != Some(byte) {
            return Err(self.error(message));
        }
        self.at += 1;
        Ok(())
    }

    fn value(&mut self, depth: usize) -> Result<Value, Error> {
        let start = self.at;
        let kind = match self.peek() {
            None => return Err(self.error("expected a value, found the end of the text")),
            Some(b'[') => self.array(depth)?,
            Some(b'{') => self.object(depth)?,
            Some(b'"') => Kind::String(self.string()?),
            Some(b'-' | b'0'..=b'9') => self.number()?,
            Some(_) => {
                let rest = &self.text.as_bytes()[self.at..];
                let (kind, word) = if rest.starts_with(b"true") {
                    (Kind::Bool(true), 4)
                } else if rest.starts_with(b"false") {
                    (Kind::Bool(false), 5)
                } else if rest.starts_with(b"null") {
                    (Kind::Null, 4)
                } else {
                    return Err(self.error("expected a value"));
                };
                self.at += word;
                kind
            }
        };
        Ok(Value { kind, span: start..self.at })
    }

    fn nested(&mut self, depth: usize) -> Result<usize, Error> {
        if depth >= MAX_DEPTH {
            return Err(self.error("JSON nested deeper than 128 levels"));
        }
        self.at += 1; // `[` or `{`
        self.skip_whitespace();
        Ok(depth + 1)
    }

    fn array(&mut self, depth: usize) -> Result<Kind, Error> {
        let depth = self.nested(depth)?;
        let mut items = Vec::new();
        if self.peek() == Some(b']') {
            self.at += 1;
            return Ok(Kind::Array(items));
        }
        loop {
            items.push(self.value(depth)?);
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => {
                    self.at += 1;
                    self.skip_whitespace();
                }
                Some(b']') => {
                    self.at += 1;
                    return Ok(Kind::Array(items));
                }
                _ => return Err(self.error("expected `,` or `]`")),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Kind, Error> {
        let depth = self.nested(depth)?;
        let mut members = Vec::new();
        if self.peek() == Some(b'}') {
            self.at += 1;
            return Ok(Kind::Object(members));
        }
        loop {
            if self.peek() != Some(b'"') {
                return Err(self.error("expected a member name in double quotes"));
            }
            let key = self.string()?;
            self.skip_whitespace();
            self.expect(b':', "expected `:`")?;
            self.skip_whitespace();
            members.push((key, self.value(depth)?));
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => {
                    self.at += 1;
                    self.skip_whitespace();
                }
                Some(b'}') => {
                    self.at += 1;
                    return Ok(Kind::Object(members));
                }
                _ => return Err(self.error("expected `,` or `}`")),
            }
        }
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    fn number(&mut self) -> Result<Kind, Error> {
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        match self.peek() {
            Some(b'0') => self.at += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.error("expected a digit")),
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            self.required_digits()?;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            self.required_digits()?;
        }
        Ok(Kind::Number)
    }

    fn digits(&mut self) {
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.at += 1;
        }
    }

    fn required_digits(&mut self) -> Result<(), Error> {
        if !matches!(self.peek(), Some(b'0'..=b'9')) {
            return Err(self.error("expected a digit"));
        }
        self.digits();
        Ok(())
    }

    /// A string literal, decoded; `self.at` is at its opening quote.
    fn string(&mut self) -> Result<String, Error> {
        self.at += 1;
        let mut out = String::new();
        loop {
            let run_start = self.at;
            while let Some(byte) = self.peek() {
                if byte == b'"' || byte == b'\\' || byte < 0x20 {
                    break;
                }
                self.at += 1;
            }
            // The run stops at ASCII bytes only, so it ends on a character boundary.
            out.push_str(&self.text[run_start..self.at]);
            match self.peek() {
                None => return Err(self.error("unterminated string")),
                Some(b'"') => {
                    self.at += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.at += 1;
                    self.escape(&mut out)?;
                }
                Some(_) => return Err(self.error("control character in a string (escape it)")),
            }
        }
    }

    /// The escape after a backslash.
    fn escape(&mut self, out: &mut String) -> Result<(), Error> {
        let decoded = match self.peek() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                self.at += 1;
                let unit = self.hex4()?;
                let code = if (0xD800..0xDC00).contains(&unit) {
                    let rest = &self.text.as_bytes()[self.at..];
                    if !rest.starts_with(b"\\u") {
                        return Err(self.error("a high surrogate must be followed by a low one"));
                    }
                    self.at += 2;
                    let low = self.hex4()?;
                    if !(0xDC00..0xE000).contains(&low) {
                        return Err(self.error("a high surrogate must be followed by a low one"));
                    }
                    0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                } else {
                    unit
                };
                let Some(decoded) = char::from_u32(code) else {
                    return Err(self.error("a low surrogate without a high one"));
                };
                out.push(decoded);
                return Ok(());
            }
            _ => return Err(self.error("invalid escape")),
        };
        self.at += 1;
        out.push(decoded);
        Ok(())
    }

    fn hex4(&mut self) -> Result<u32, Error> {
        let digits = self
            .text
            .as_bytes()
            .get(self.at..self.at + 4)
            .ok_or_else(|| self.error("expected four hex digits"))?;
        let mut value = 0;
        for &digit in digits {
            let nibble =
                (digit as char).to_digit(16).ok_or_else(|| self.error("expected four hex digits"))?;
            value = value * 16 + nibble;
        }
        self.at += 4;
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(value: &Value) -> Vec<&str> {
        let Kind::Array(items) = &value.kind else { panic!("not an array: {value:?}") };
        items.iter().map(|item| item.as_str().expect("a string")).collect()
    }

    #[test]
    fn arrays_of_strings_with_their_spans() {
        let text = r#" ["redis-server", "/etc/redis.conf" ] "#;
        let value = parse(text).unwrap();
        assert_eq!(strings(&value), ["redis-server", "/etc/redis.conf"]);
        assert_eq!(value.span, 1..37);
        let Kind::Array(items) = &value.kind else { unreachable!() };
        assert_eq!(&text[items[1].span.clone()], "\"/etc/redis.conf\"");
    }

    #[test]
    fn escapes_decode_as_in_javascript() {
        let value = parse(r#"["a\"b\\c\/d\n\t\u00e9\ud83d\ude00\u0000"]"#).unwrap();
        assert_eq!(strings(&value), ["a\"b\\c/d\n\té😀\0"]);
        // Text that is not ASCII passes through as is.
        assert_eq!(strings(&parse("[\"é😀\"]").unwrap()), ["é😀"]);
    }

    #[test]
    fn every_kind_of_value() {
        let value = parse(r#"{"a": [1, -0.5e+3, true, false, null, {}], "b": "x", "a": 2}"#).unwrap();
        let Kind::Object(members) = &value.kind else { panic!() };
        assert_eq!(members.len(), 3, "a repeated key is kept");
        assert_eq!(members[0].1.describe(), "an array");
        let Kind::Array(items) = &members[0].1.kind else { panic!() };
        let kinds: Vec<_> = items.iter().map(Value::describe).collect();
        assert_eq!(kinds, ["a number", "a number", "a boolean", "a boolean", "null", "an object"]);
    }

    #[test]
    fn invalid_json_is_an_error_at_the_right_place() {
        let cases = [
            (r#"["a" "b"]"#, 5, "expected `,` or `]`"),
            ("['a']", 1, "expected a value"),
            (r#"["a",]"#, 5, "expected a value"),
            (r#"["a"] x"#, 6, "unexpected text after the JSON value"),
            ("[01]", 2, "expected `,` or `]`"),
            ("[1.]", 3, "expected a digit"),
            ("[-]", 2, "expected a digit"),
            (r#"["\x"]"#, 3, "invalid escape"),
            (r#"["\ud800"]"#, 8, "a high surrogate must be followed by a low one"),
            (r#"["\udc00"]"#, 8, "a low surrogate without a high one"),
            ("[\"a\nb\"]", 3, "control character in a string (escape it)"),
            (r#"["abc"#, 5, "unterminated string"),
            ("", 0, "expected a value, found the end of the text"),
            (r#"{"a" 1}"#, 5, "expected `:`"),
            ("{a: 1}", 1, "expected a member name in double quotes"),
            ("[tru]", 1, "expected a value"),
        ];
        for (text, offset, message) in cases {
            assert_eq!(parse(text), Err(Error { message, offset }), "{text}");
        }
        assert_eq!(parse("[\n  1,\n  é]").unwrap_err().at("[\n  1,\n  é]"), "3:3: expected a value");
    }

    #[test]
    fn deep_nesting_is_refused_without_overflowing_the_stack() {
        let deep = "[".repeat(100_000);
        assert_eq!(parse(&deep).unwrap_err().message, "JSON nested deeper than 128 levels");
        let fine = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(&fine).is_ok());
    }

    /// Agreement with `serde_json` on which texts are JSON and what strings they hold.
    #[test]
    fn agrees_with_serde_json() {
        let texts = [
            r#"["a", "b"]"#,
            r#"[ "a" , 1 , [ ] , { } ]"#,
            r#"["\u20AC", "\uD834\uDD1E"]"#,
            "[1e5, 0.0, -0, 1E-2]",
            "[00]",
            "[+1]",
            "[.5]",
            "[1e]",
            "[\"\t\"]",
            "[\"a\\u00\"]",
            "[] []",
            "[1,]",
            "{\"a\":1,}",
            "[\"\\uDFFF\"]",
            "[\"\\uD800\\u0041\"]",
            " \r\n\t[]",
            "[\u{a0}]",
            "[true, false, null]",
            "[nul]",
        ];
        for text in texts {
            let ours = parse(text);
            let theirs = serde_json::from_str::<serde_json::Value>(text);
            assert_eq!(ours.is_ok(), theirs.is_ok(), "{text}: {ours:?} / {theirs:?}");
            if let (Ok(ours), Ok(serde_json::Value::Array(theirs))) = (ours, theirs) {
                let Kind::Array(items) = ours.kind else { panic!() };
                for (ours, theirs) in items.iter().zip(theirs) {
                    assert_eq!(ours.as_str(), theirs.as_str(), "{text}");
                }
            }
        }
    }
}
