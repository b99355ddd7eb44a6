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

/// Longest expansion of one word. `ENV A=$A$A` doubles a value at each line: past this, the
/// value is treated as unknown rather than built.
pub const MAX_EXPANDED_LEN: usize = 64 * 1024;
/// Most steps (text characters × pattern states) one `${VAR#…}`, `${VAR%…}` or `${VAR/…}`
/// may take; past it the result is unknown.
const MAX_PATTERN_STEPS: usize = 1 << 22;

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
                match remove_pattern(&value, &pattern, operator == '#', longest) {
                    Some(result) => result,
                    None => return push_unknown(out, written),
                }
            }
            Some('/') if !colon => {
                let value = value.unwrap_or_default();
                let (all, rest) = match word.value.strip_prefix('/') {
                    Some(rest) => (true, rest),
                    None => (false, word.value.as_str()),
                };
                let (pattern, replacement) = rest.split_once('/').unwrap_or((rest, ""));
                match replace_pattern(&value, pattern, replacement, all) {
                    Some(result) => result,
                    None => return push_unknown(out, written),
                }
            }
            _ => return push_unknown(out, written),
        };
        push_value(out, &result, written);
    }
}

/// A value too long or too costly to work out: kept as written, like an unknown variable.
fn push_unknown(out: &mut Expanded, written: &str) {
    out.value.push_str(written);
    out.unresolved = true;
}

fn push_value(out: &mut Expanded, value: &str, written: &str) {
    if out.value.len() + value.len() > MAX_EXPANDED_LEN {
        push_unknown(out, written);
    } else {
        out.value.push_str(value);
    }
}

fn push_lookup(out: &mut Expanded, lookup: Lookup, written: &str) {
    out.from_variable = true;
    match lookup {
        Lookup::Known(value) => push_value(out, &value, written),
        Lookup::Unset => {}
        Lookup::Unknown => push_unknown(out, written),
    }
}

/// Which prefixes of `text` the shell pattern (`*`, `?`, literal otherwise) matches:
/// `matches[length]`. The pattern runs as an automaton over the text, all prefixes at once, in
/// O(text × pattern) steps charged to `budget`; matching each prefix on its own would take a
/// factor of the text's length more. `None` when the budget runs out.
fn prefix_matches(pattern: &[char], text: &[char], budget: &mut usize) -> Option<Vec<bool>> {
    // `states[i]`: the first `i` pattern characters match the text read so far.
    let close = |states: &mut Vec<bool>| {
        for i in 0..pattern.len() {
            if states[i] && pattern[i] == '*' {
                states[i + 1] = true;
            }
        }
    };
    let mut states = vec![false; pattern.len() + 1];
    states[0] = true;
    close(&mut states);
    // Grown as the text is read: the automaton usually dies within a few characters, and the
    // replacement loop calls this at every position.
    let mut matches = vec![states[pattern.len()]];
    for &c in text {
        *budget = budget.checked_sub(pattern.len() + 1)?;
        let mut next = vec![false; pattern.len() + 1];
        for i in 0..pattern.len() {
            if !states[i] {
                continue;
            }
            match pattern[i] {
                '*' => next[i] = true,
                '?' => next[i + 1] = true,
                literal if literal == c => next[i + 1] = true,
                _ => {}
            }
        }
        close(&mut next);
        states = next;
        if !states.contains(&true) {
            // No longer prefix can match.
            break;
        }
        matches.push(states[pattern.len()]);
    }
    Some(matches)
}

/// `${VAR#pattern}` (prefix) / `${VAR%pattern}` (suffix), shortest or longest match. A suffix
/// is a prefix of the reversed text under the reversed pattern.
fn remove_pattern(value: &str, pattern: &str, prefix: bool, longest: bool) -> Option<String> {
    let mut chars: Vec<char> = value.chars().collect();
    let mut pattern: Vec<char> = pattern.chars().collect();
    if !prefix {
        chars.reverse();
        pattern.reverse();
    }
    let mut budget = MAX_PATTERN_STEPS;
    let matches = prefix_matches(&pattern, &chars, &mut budget)?;
    let mut lengths = (0..matches.len()).filter(|&length| matches[length]);
    let Some(length) = (if longest { lengths.next_back() } else { lengths.next() }) else {
        return Some(value.to_owned());
    };
    let mut kept = chars.split_off(length);
    if !prefix {
        kept.reverse();
    }
    Some(kept.into_iter().collect())
}

/// `${VAR/pattern/replacement}` and `${VAR//pattern/replacement}` (longest match at each place).
fn replace_pattern(value: &str, pattern: &str, replacement: &str, all: bool) -> Option<String> {
    let chars: Vec<char> = value.chars().collect();
    let pattern: Vec<char> = pattern.chars().collect();
    if pattern.is_empty() {
        return Some(value.to_owned());
    }
    let mut budget = MAX_PATTERN_STEPS;
    let mut out = String::new();
    let mut at = 0;
    let mut replaced = false;
    while at < chars.len() {
        let found = if !replaced || all {
            let matches = prefix_matches(&pattern, &chars[at..], &mut budget)?;
            (1..matches.len()).rev().find(|&length| matches[length]).map(|length| at + length)
        } else {
            None
        };
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
        if out.len() > MAX_EXPANDED_LEN {
            return None;
        }
    }
    Some(out)
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
