//! Compose variable interpolation: `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`,
//! `${VAR:?error}`, `${VAR?error}`, `${VAR:+alternative}`, `${VAR+alternative}`, nested
//! `${A:-${B}}`, and `$$` for a literal `$`. Values come from the `.env` file beside the
//! Compose file; the shell environment of whoever runs Compose is unknown, so a variable the
//! `.env` does not set is unset.

use std::collections::HashMap;

/// Variables known when linting.
#[derive(Clone, Debug, Default)]
pub struct Environment {
    values: HashMap<String, String>,
}

impl Environment {
    pub fn new(values: HashMap<String, String>) -> Self {
        Environment { values }
    }
    pub fn get(&self, name: &str) -> Option<&str> {
        self.values.get(name).map(String::as_str)
    }
}

/// The result of interpolating one string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Interpolated {
    pub value: String,
    /// Variables it referred to, in order.
    pub variables: Vec<String>,
    /// Variables that are required (`${VAR?err}`) and unset: Compose refuses the file.
    pub missing_required: Vec<String>,
    /// A variable the `.env` does not set supplied (part of) the text: its real value comes
    /// from the environment of whoever runs Compose, and is unknown here.
    pub unresolved: bool,
}

impl Interpolated {
    /// A variable the repository does not set: its value comes from whoever runs Compose.
    /// The reference stays as written (`redis:${TAG}` reads as a template, not as `redis:`),
    /// and everything built from this text knows its value is only known at run time.
    fn keep_unresolved(&mut self, written: &str) {
        self.value.push_str(written);
        self.unresolved = true;
    }

    /// The text depends on a variable.
    pub fn from_variable(&self) -> bool {
        !self.variables.is_empty()
    }
}

pub fn interpolate(text: &str, environment: &Environment) -> Interpolated {
    let mut out = Interpolated {
        value: String::with_capacity(text.len()),
        variables: Vec::new(),
        missing_required: Vec::new(),
        unresolved: false,
    };
    expand(text, environment, &mut out, 0);
    out
}

fn expand(text: &str, environment: &Environment, out: &mut Interpolated, depth: usize) {
    let bytes = text.as_bytes();
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] != b'$' {
            let next = text[index..].find('$').map_or(text.len(), |offset| index + offset);
            out.value.push_str(&text[index..next]);
            index = next;
            continue;
        }
        match bytes.get(index + 1) {
            Some(b'$') => {
                out.value.push('$');
                index += 2;
            }
            Some(b'{') => {
                let Some(close) = matching_brace(text, index + 1) else {
                    // Compose refuses an unclosed `${`; keep the text as written.
                    out.value.push_str(&text[index..]);
                    return;
                };
                let inner = &text[index + 2..close];
                substitute(inner, &text[index..=close], environment, out, depth);
                index = close + 1;
            }
            Some(c) if c.is_ascii_alphabetic() || *c == b'_' => {
                let end = text[index + 1..]
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .map_or(text.len(), |offset| index + 1 + offset);
                let name = &text[index + 1..end];
                out.variables.push(name.to_owned());
                match environment.get(name) {
                    Some(value) => out.value.push_str(value),
                    None => out.keep_unresolved(&text[index..end]),
                }
                index = end;
            }
            _ => {
                out.value.push('$');
                index += 1;
            }
        }
    }
}

/// `NAME`, `NAME:-default`, `NAME-default`, `NAME:?err`, `NAME?err`, `NAME:+alt`, `NAME+alt`.
/// `written` is the whole `${…}`, kept when the value is unknown.
fn substitute(inner: &str, written: &str, environment: &Environment, out: &mut Interpolated, depth: usize) {
    let name_end = inner.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(inner.len());
    let name = &inner[..name_end];
    let rest = &inner[name_end..];
    out.variables.push(name.to_owned());
    let value = environment.get(name);
    let (colon, operator, argument) = match rest.strip_prefix(':') {
        Some(after) => (true, after.chars().next(), after.get(1..).unwrap_or("")),
        None => (false, rest.chars().next(), rest.get(1..).unwrap_or("")),
    };
    let is_set = value.is_some_and(|value| !colon || !value.is_empty());
    let nested = |out: &mut Interpolated| {
        if depth < 8 {
            expand(argument, environment, out, depth + 1);
        }
    };
    match operator {
        Some('-') => {
            if is_set {
                out.value.push_str(value.unwrap_or(""));
            } else {
                nested(out);
            }
        }
        Some('?') => {
            if is_set {
                out.value.push_str(value.unwrap_or(""));
            } else {
                out.missing_required.push(name.to_owned());
                out.keep_unresolved(written);
            }
        }
        Some('+') => {
            if is_set {
                nested(out);
            }
        }
        _ => match value {
            Some(value) => out.value.push_str(value),
            None => out.keep_unresolved(written),
        },
    }
}

fn matching_brace(text: &str, open: usize) -> Option<usize> {
    let mut depth = 0;
    for (offset, byte) in text.as_bytes()[open..].iter().enumerate() {
        match byte {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(open + offset);
                }
            }
            _ => {}
        }
    }
    None
}

/// A `.env` file: `KEY=value` lines, `export` prefixes, `#` comments, quoted values.
pub fn parse_dotenv(text: &str) -> HashMap<String, String> {
    let mut values = HashMap::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let line = line.strip_prefix("export ").unwrap_or(line);
        let Some((key, value)) = line.split_once('=') else { continue };
        let key = key.trim();
        if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            continue;
        }
        let value = value.trim();
        let value = if let Some(quoted) = value.strip_prefix('"').and_then(|value| value.strip_suffix('"')) {
            quoted.replace("\\n", "\n").replace("\\\"", "\"")
        } else if let Some(quoted) = value.strip_prefix('\'').and_then(|value| value.strip_suffix('\'')) {
            quoted.to_owned()
        } else {
            // An unquoted value ends at ` #`.
            value.split(" #").next().unwrap_or("").trim().to_owned()
        };
        values.insert(key.to_owned(), value);
    }
    values
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Environment {
        Environment::new(pairs.iter().map(|(key, value)| ((*key).to_owned(), (*value).to_owned())).collect())
    }

    #[test]
    fn interpolates_like_compose() {
        let e = env(&[("TAG", "7.2"), ("EMPTY", "")]);
        assert_eq!(interpolate("redis:${TAG}", &e).value, "redis:7.2");
        assert_eq!(interpolate("redis:$TAG-alpine", &e).value, "redis:7.2-alpine");
        assert_eq!(interpolate("${NOPE:-7}", &e).value, "7");
        assert_eq!(interpolate("${EMPTY:-7}", &e).value, "7");
        assert_eq!(interpolate("${EMPTY-7}", &e).value, "");
        assert_eq!(interpolate("${NOPE-7}", &e).value, "7");
        assert_eq!(interpolate("${TAG:+set}", &e).value, "set");
        assert_eq!(interpolate("${NOPE:+set}", &e).value, "");
        assert_eq!(interpolate("${NOPE:-${TAG}}", &e).value, "7.2");
        assert_eq!(interpolate("$$HOME and $$", &e).value, "$HOME and $");
        let required = interpolate("${NOPE:?set it}", &e);
        assert_eq!(required.value, "${NOPE:?set it}");
        assert_eq!(interpolate("redis:${NOPE}-alpine $NOPE", &e).value, "redis:${NOPE}-alpine $NOPE");
        assert_eq!(required.missing_required, ["NOPE"]);
        assert_eq!(interpolate("plain", &e).variables, Vec::<String>::new());
        assert!(interpolate("${TAG}", &e).from_variable());
        assert!(!interpolate("${TAG}", &e).unresolved);
        assert!(interpolate("${NOPE}", &e).unresolved);
        assert!(interpolate("a $NOPE", &e).unresolved);
        assert!(!interpolate("${NOPE:-7}", &e).unresolved, "a default is written in the file");
        assert!(!interpolate("${EMPTY}", &e).unresolved, "set to empty in .env is known");
        assert_eq!(interpolate("${UNCLOSED", &e).value, "${UNCLOSED");
    }

    #[test]
    fn reads_dotenv_files() {
        let values =
            parse_dotenv("# comment\nexport A=1\nB=\"two words\"\nC='$raw'\nD=plain # comment\nbad line\n");
        assert_eq!(values["A"], "1");
        assert_eq!(values["B"], "two words");
        assert_eq!(values["C"], "$raw");
        assert_eq!(values["D"], "plain");
        assert_eq!(values.len(), 4);
    }
}
