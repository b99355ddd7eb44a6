//! Variable substitution and quote removal in instruction arguments, as BuildKit's shell
//! lexer (`frontend/dockerfile/shell`) does for `FROM`, `COPY`, `ENV`, `WORKDIR`, `USER` and
//! the other instructions it expands: `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`,
//! `${VAR:+alt}`, `${VAR+alt}`, `${VAR:?message}`, `${VAR#pattern}` and friends; single
//! quotes are literal, double quotes allow `$`, and the escape character escapes.
//!
//! A variable whose value is not known when linting (an `ARG` without a default, a platform
//! argument, an `ENV` of the base image) is kept as written and marks the result unresolved.

/// What a variable is while linting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Lookup {
    Known(String),
    /// Not set: expands to nothing.
    Unset,
    /// Set or not depending on the build (a build argument, the base image's environment).
    Unknown,
}

/// The result of expanding one word.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Expanded {
    pub value: String,
    /// A variable with an unknown value is part of it (kept as written in `value`).
    pub unresolved: bool,
    /// A variable supplied part of it.
    pub from_variable: bool,
}

/// Expand a word. Never fails: malformed substitutions are kept as written and unresolved.
pub fn expand(word: &str, escape: char, vars: &dyn Fn(&str) -> Lookup) -> Expanded {
    let mut lexer = Lexer { chars: word.char_indices().collect(), at: 0, text: word, escape, vars };
    let mut out = Expanded::default();
    lexer.run(None, &mut out);
    out
}

struct Lexer<'a> {
    chars: Vec<(usize, char)>,
    at: usize,
    text: &'a str,
    escape: char,
    vars: &'a dyn Fn(&str) -> Lookup,
}

impl Lexer<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).map(|(_, c)| *c)
    }
    fn next(&mut self) -> Option<char> {
        let c = self.peek();
        self.at += usize::from(c.is_some());
        c
    }
    fn offset(&self) -> usize {
        self.chars.get(self.at).map_or(self.text.len(), |(offset, _)| *offset)
    }

    /// Process until `stop` (consumed) or the end. Returns whether `stop` was found.
    fn run(&mut self, stop: Option<char>, out: &mut Expanded) -> bool {
        while let Some(c) = self.peek() {
            if Some(c) == stop {
                self.next();
                return true;
            }
            match c {
                '$' => self.dollar(out),
                '\'' => {
                    self.next();
                    while let Some(c) = self.next() {
                        if c == '\'' {
                            break;
                        }
                        out.value.push(c);
                    }
                }
                '"' => {
                    self.next();
                    while let Some(c) = self.peek() {
                        if c == '"' {
                            self.next();
                            break;
                        }
                        if c == '$' {
                            self.dollar(out);
                            continue;
                        }
                        self.next();
                        if c == self.escape {
                            match self.peek() {
                                None => continue,
                                Some(next) if next == '"' || next == '$' || next == self.escape => {
                                    self.next();
                                    out.value.push(next);
                                    continue;
                                }
                                Some(_) => {}
                            }
                        }
                        out.value.push(c);
                    }
                }
                _ => {
                    self.next();
                    if c == self.escape {
                        match self.next() {
                            Some(escaped) => out.value.push(escaped),
                            None => break,
                        }
                    } else {
                        out.value.push(c);
                    }
                }
            }
        }
        stop.is_none()
    }

    fn name(&mut self) -> String {
        let mut name = String::new();
        if let Some(c) = self.peek() {
            if c.is_ascii_digit() {
                while let Some(digit) = self.peek().filter(char::is_ascii_digit) {
                    self.next();
                    name.push(digit);
                }
                return name;
            }
            if matches!(c, '*' | '#' | '@' | '!' | '?' | '-' | '$') {
                self.next();
                return c.to_string();
            }
        }
        while let Some(c) = self.peek().filter(|c| c.is_alphanumeric() || *c == '_') {
            self.next();
            name.push(c);
        }
        name
    }

    fn dollar(&mut self, out: &mut Expanded) {
        let start = self.offset();
        self.next();
        if self.peek() != Some('{') {
            let name = self.name();
            if name.is_empty() {
                out.value.push('$');
                return;
            }
            let written = &self.text[start..self.offset()];
            return push_lookup(out, (self.vars)(&name), written);
        }
        self.next();
        let name = self.name();
        let modifier = self.next();
        let mut word = Expanded::default();
        let (colon, operator) = match modifier {
            Some('}') => {
                let written = &self.text[start..self.offset()];
                return push_lookup(out, (self.vars)(&name), written);
            }
            Some(':') => (true, self.next()),
            other => (false, other),
        };
        let closed = self.run(Some('}'), &mut word);
        let written = &self.text[start..self.offset()];
        if !closed || name.is_empty() {
            out.value.push_str(written);
            out.unresolved = true;
            return;
        }
        out.from_variable = true;
        out.unresolved |= word.unresolved;
        let value = match (self.vars)(&name) {
            Lookup::Unknown => {
                out.value.push_str(written);
                out.unresolved = true;
                return;
            }
            Lookup::Known(value) => Some(value),
            Lookup::Unset => None,
        };
        let set_and_nonempty = value.as_deref().is_some_and(|value| !value.is_empty());
        let used = if colon { set_and_nonempty } else { value.is_some() };
        let result = match operator {
            Some('-') => {
                if used {
                    value.unwrap_or_default()
                } else {
                    word.value
                }
            }
            Some('+') => {
                if used {
                    word.value
                } else {
                    String::new()
                }
            }
            // The build fails when it is unset; while linting, keep what is known.
            Some('?') => value.unwrap_or_default(),
            Some('#' | '%') if !colon => {
                let value = value.unwrap_or_default();
                let operator = operator.expect("matched");
                let (longest, pattern) = match word.value.strip_prefix(operator) {
                    Some(pattern) => (true, pattern.to_owned()),
                    None => (false, word.value.clone()),
                };
                remove_pattern(&value, &pattern, operator == '#', longest)
            }
            Some('/') if !colon => {
                let value = value.unwrap_or_default();
                let (all, rest) = match word.value.strip_prefix('/') {
                    Some(rest) => (true, rest),
                    None => (false, word.value.as_str()),
                };
                let (pattern, replacement) = rest.split_once('/').unwrap_or((rest, ""));
                replace_pattern(&value, pattern, replacement, all)
            }
            _ => {
                out.value.push_str(written);
                out.unresolved = true;
                return;
            }
        };
        out.value.push_str(&result);
    }
}

fn push_lookup(out: &mut Expanded, lookup: Lookup, written: &str) {
    out.from_variable = true;
    match lookup {
        Lookup::Known(value) => out.value.push_str(&value),
        Lookup::Unset => {}
        Lookup::Unknown => {
            out.value.push_str(written);
            out.unresolved = true;
        }
    }
}

/// Shell pattern match (`*`, `?`, literal otherwise) of a whole string.
fn glob(pattern: &[char], text: &[char]) -> bool {
    let (mut p, mut t) = (0, 0);
    let (mut star, mut star_t) = (usize::MAX, 0);
    while t < text.len() {
        if p < pattern.len() && (pattern[p] == '?' || pattern[p] == text[t]) && pattern[p] != '*' {
            p += 1;
            t += 1;
        } else if p < pattern.len() && pattern[p] == '*' {
            star = p;
            star_t = t;
            p += 1;
        } else if star != usize::MAX {
            p = star + 1;
            star_t += 1;
            t = star_t;
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|c| *c == '*')
}

/// `${VAR#pattern}` (prefix) / `${VAR%pattern}` (suffix), shortest or longest match.
fn remove_pattern(value: &str, pattern: &str, prefix: bool, longest: bool) -> String {
    let chars: Vec<char> = value.chars().collect();
    let pattern: Vec<char> = pattern.chars().collect();
    let lengths: Vec<usize> =
        if longest { (0..=chars.len()).rev().collect() } else { (0..=chars.len()).collect() };
    for length in lengths {
        let (matched, kept) = if prefix {
            (&chars[..length], &chars[length..])
        } else {
            (&chars[chars.len() - length..], &chars[..chars.len() - length])
        };
        if glob(&pattern, matched) {
            return kept.iter().collect();
        }
    }
    value.to_owned()
}

/// `${VAR/pattern/replacement}` and `${VAR//pattern/replacement}` (longest match at each place).
fn replace_pattern(value: &str, pattern: &str, replacement: &str, all: bool) -> String {
    let chars: Vec<char> = value.chars().collect();
    let pattern: Vec<char> = pattern.chars().collect();
    if pattern.is_empty() {
        return value.to_owned();
    }
    let mut out = String::new();
    let mut at = 0;
    let mut replaced = false;
    while at < chars.len() {
        let found = (!replaced || all)
            .then(|| (at + 1..=chars.len()).rev().find(|&end| glob(&pattern, &chars[at..end])))
            .flatten();
        match found {
            Some(end) => {
                out.push_str(replacement);
                at = end;
                replaced = true;
            }
            None => {
                out.push(chars[at]);
                at += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(name: &str) -> Lookup {
        match name {
            "TAG" => Lookup::Known("7.4.6-alpine".to_owned()),
            "EMPTY" => Lookup::Known(String::new()),
            "PLATFORM" => Lookup::Unknown,
            "FILE" => Lookup::Known("archive.tar.gz".to_owned()),
            _ => Lookup::Unset,
        }
    }

    fn run(word: &str) -> (String, bool) {
        let expanded = expand(word, '\\', &vars);
        (expanded.value, expanded.unresolved)
    }

    #[test]
    fn substitutes_like_buildkit() {
        assert_eq!(run("redis:${TAG}"), ("redis:7.4.6-alpine".into(), false));
        assert_eq!(run("redis:$TAG"), ("redis:7.4.6-alpine".into(), false));
        assert_eq!(run("${NOPE:-7.2}-alpine"), ("7.2-alpine".into(), false));
        assert_eq!(run("${EMPTY:-x}${EMPTY-y}"), ("x".into(), false));
        assert_eq!(run("${TAG:+set}${NOPE+set}"), ("set".into(), false));
        assert_eq!(run("a$NOPE-b"), ("a-b".into(), false));
        assert_eq!(
            run("${FILE%.gz}|${FILE%%.*}|${FILE#*.}|${FILE##*.}"),
            ("archive.tar|archive|tar.gz|gz".into(), false)
        );
        assert_eq!(run("${FILE/tar/zip}"), ("archive.zip.gz".into(), false));
        assert_eq!(run("${NOPE:-${TAG}}"), ("7.4.6-alpine".into(), false));
    }

    #[test]
    fn quotes_and_escapes() {
        assert_eq!(
            run(r#"'$TAG' "$TAG" \$TAG "a\"b" "c\d""#),
            (r#"$TAG 7.4.6-alpine $TAG a"b c\d"#.into(), false)
        );
        assert_eq!(expand("`$TAG", '`', &vars).value, "$TAG");
        assert_eq!(run("$"), ("$".into(), false));
        assert_eq!(run("100$"), ("100$".into(), false));
    }

    #[test]
    fn unknown_values_are_kept_as_written() {
        assert_eq!(run("--platform=$PLATFORM"), ("--platform=$PLATFORM".into(), true));
        assert_eq!(run("python:${PLATFORM:-3.12}-alpine"), ("python:${PLATFORM:-3.12}-alpine".into(), true));
        assert_eq!(run("${broken"), ("${broken".into(), true));
    }
}
