//! The playground's and the action's optional configuration → [`Settings`].
//!
//! Kept in one function, [`settings_from_config`], so it can be replaced by the core's
//! `redlint.toml` parser when that lands. Until then it reads, by hand, the subset both
//! frontends need, given either as `redlint.toml` text or as a JSON object:
//!
//! ```toml
//! redis-version = "7.2"
//! select = ["no-authentication", "protected-mode-off-without-auth"]
//! ignore = ["aof-disabled"]
//!
//! [severity]
//! relative-dir = "error"      # error | warning | info | off
//! ```
//!
//! (`severity` may also be an inline table or dotted keys; the JSON form uses the same keys:
//! `{"redis-version": "7.2", "ignore": ["aof-disabled"], "severity": {"relative-dir": "error"}}`.)
//! Anything else is an error that names what is supported, never silently ignored.

use redlint_core::{RedisVersion, RuleLevel, Settings, Severity, rules};

const SUPPORTED: &str = "`select`, `ignore`, `severity` and `redis-version`";

/// Turn configuration text into settings; an empty text gives the defaults.
pub fn settings_from_config(text: &str) -> Result<Settings, String> {
    let config = if text.trim_start().starts_with('{') { from_json(text)? } else { from_toml(text)? };
    config.into_settings()
}

/// The keys read, before validation.
#[derive(Debug, Default, PartialEq)]
struct Config {
    select: Option<Vec<String>>,
    ignore: Option<Vec<String>>,
    severity: Vec<(String, String)>,
    redis_version: Option<String>,
}

impl Config {
    fn into_settings(self) -> Result<Settings, String> {
        let known = |name: String| {
            if rules::meta(&name).is_some() { Ok(name) } else { Err(format!("unknown rule `{name}`")) }
        };
        let mut settings = Settings::default();
        if let Some(version) = self.redis_version {
            settings.redis_version = RedisVersion::parse(&version)
                .ok_or_else(|| format!("`redis-version = \"{version}\"`: expected 7.0, 7.2 or 7.4"))?;
        }
        if let Some(select) = self.select {
            settings.select = Some(select.into_iter().map(known).collect::<Result<_, _>>()?);
        }
        for name in self.ignore.unwrap_or_default() {
            settings.levels.insert(known(name)?, RuleLevel::Off);
        }
        for (name, level) in self.severity {
            let level = match level.as_str() {
                "off" => RuleLevel::Off,
                other => RuleLevel::On(Severity::parse(other).ok_or_else(|| {
                    format!("severity of `{name}`: `{other}` is not error, warning, info or off")
                })?),
            };
            settings.levels.insert(known(name)?, level);
        }
        Ok(settings)
    }
}

fn from_json(text: &str) -> Result<Config, String> {
    use serde_json::Value;
    let value: Value = serde_json::from_str(text).map_err(|error| format!("configuration JSON: {error}"))?;
    let Value::Object(object) = value else { unreachable!("the text starts with `{{`") };
    let strings = |key: &str, value: Value| -> Result<Vec<String>, String> {
        match value {
            Value::Array(items) => items
                .into_iter()
                .map(|item| match item {
                    Value::String(text) => Ok(text),
                    other => Err(format!("`{key}`: expected rule names, found {other}")),
                })
                .collect(),
            other => Err(format!("`{key}`: expected a list of rule names, found {other}")),
        }
    };
    let mut config = Config::default();
    for (key, value) in object {
        match key.as_str() {
            "select" => config.select = Some(strings(&key, value)?),
            "ignore" => config.ignore = Some(strings(&key, value)?),
            "redis-version" => match value {
                Value::String(version) => config.redis_version = Some(version),
                other => return Err(format!("`redis-version`: expected a string, found {other}")),
            },
            "severity" => match value {
                Value::Object(levels) => {
                    for (rule, level) in levels {
                        match level {
                            Value::String(level) => config.severity.push((rule, level)),
                            other => {
                                return Err(format!(
                                    "severity of `{rule}`: expected a string, found {other}"
                                ));
                            }
                        }
                    }
                }
                other => return Err(format!("`severity`: expected an object, found {other}")),
            },
            other => return Err(format!("`{other}` is not supported here (only {SUPPORTED})")),
        }
    }
    Ok(config)
}

/// A value of the TOML subset.
enum Value {
    String(String),
    Array(Vec<String>),
    Table(Vec<(String, String)>),
}

fn from_toml(text: &str) -> Result<Config, String> {
    let mut parser = Toml { chars: text.chars().collect(), at: 0, line: 1 };
    let mut config = Config::default();
    // `None` at the top level, `Some(name)` after a `[name]` header.
    let mut table: Option<String> = None;
    loop {
        parser.skip_blank_lines();
        let Some(next) = parser.peek() else { break };
        if next == '[' {
            parser.at += 1;
            if parser.peek() == Some('[') {
                return Err(parser
                    .error(format!("arrays of tables (`[[…]]`) are not supported here (only {SUPPORTED})")));
            }
            parser.skip_spaces();
            let name = parser.key()?;
            parser.skip_spaces();
            parser.expect(']')?;
            parser.end_of_line()?;
            if name != "severity" {
                return Err(
                    parser.error(format!("table `[{name}]` is not supported here (only {SUPPORTED})"))
                );
            }
            table = Some(name);
            continue;
        }
        let line = parser.line;
        let mut key = vec![parser.key()?];
        parser.skip_spaces();
        while parser.peek() == Some('.') {
            parser.at += 1;
            parser.skip_spaces();
            key.push(parser.key()?);
            parser.skip_spaces();
        }
        parser.expect('=')?;
        parser.skip_spaces();
        let value = parser.value()?;
        parser.end_of_line()?;
        let at_line = |message: String| format!("line {line}: {message}");
        let full: Vec<&str> =
            table.iter().map(String::as_str).chain(key.iter().map(String::as_str)).collect();
        let set_before = match full.as_slice() {
            ["select"] => config.select.is_some(),
            ["ignore"] => config.ignore.is_some(),
            ["redis-version"] => config.redis_version.is_some(),
            _ => false,
        };
        if set_before {
            return Err(at_line(format!("`{}` is set twice", full[0])));
        }
        match (full.as_slice(), value) {
            (["select"], Value::Array(names)) => config.select = Some(names),
            (["ignore"], Value::Array(names)) => config.ignore = Some(names),
            (["redis-version"], Value::String(version)) => config.redis_version = Some(version),
            (["severity"], Value::Table(levels)) => config.severity.extend(levels),
            (["severity", rule], Value::String(level)) => config.severity.push(((*rule).to_owned(), level)),
            (["select" | "ignore"], _) => {
                return Err(at_line(format!("`{}`: expected a list of rule names", full[0])));
            }
            (["redis-version"], _) => return Err(at_line("`redis-version`: expected a string".to_owned())),
            (["severity", ..], _) => {
                return Err(at_line("`severity`: expected `rule = \"level\"` entries".to_owned()));
            }
            _ => {
                return Err(at_line(format!(
                    "`{}` is not supported here (only {SUPPORTED})",
                    full.join(".")
                )));
            }
        }
    }
    let mut seen = std::collections::HashSet::new();
    if let Some((rule, _)) = config.severity.iter().find(|(rule, _)| !seen.insert(rule.as_str())) {
        return Err(format!("the severity of `{rule}` is set twice"));
    }
    Ok(config)
}

struct Toml {
    chars: Vec<char>,
    at: usize,
    line: usize,
}

impl Toml {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn error(&self, message: impl std::fmt::Display) -> String {
        format!("line {}: {message}", self.line)
    }

    fn skip_spaces(&mut self) {
        while matches!(self.peek(), Some(' ' | '\t')) {
            self.at += 1;
        }
    }

    fn skip_comment(&mut self) {
        if self.peek() == Some('#') {
            while !matches!(self.peek(), None | Some('\n')) {
                self.at += 1;
            }
        }
    }

    /// Spaces, comments and newlines (between entries and inside arrays).
    fn skip_blank_lines(&mut self) {
        loop {
            self.skip_spaces();
            self.skip_comment();
            match self.peek() {
                Some('\n') => {
                    self.at += 1;
                    self.line += 1;
                }
                Some('\r') if self.chars.get(self.at + 1) == Some(&'\n') => self.at += 1,
                _ => return,
            }
        }
    }

    fn expect(&mut self, wanted: char) -> Result<(), String> {
        match self.peek() {
            Some(found) if found == wanted => {
                self.at += 1;
                Ok(())
            }
            Some(found) => Err(self.error(format!("expected `{wanted}`, found `{found}`"))),
            None => Err(self.error(format!("expected `{wanted}` at the end of the text"))),
        }
    }

    fn end_of_line(&mut self) -> Result<(), String> {
        self.skip_spaces();
        self.skip_comment();
        if self.peek() == Some('\r') {
            self.at += 1;
        }
        match self.peek() {
            None => Ok(()),
            Some('\n') => {
                self.at += 1;
                self.line += 1;
                Ok(())
            }
            Some(found) => Err(self.error(format!("unexpected `{found}` after the value"))),
        }
    }

    /// A bare key (`A-Za-z0-9_-`) or a quoted one.
    fn key(&mut self) -> Result<String, String> {
        match self.peek() {
            Some('"' | '\'') => self.string(),
            _ => {
                let start = self.at;
                while self.peek().is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
                    self.at += 1;
                }
                if start == self.at {
                    return Err(match self.peek() {
                        Some(found) => self.error(format!("expected a key, found `{found}`")),
                        None => self.error("expected a key"),
                    });
                }
                Ok(self.chars[start..self.at].iter().collect())
            }
        }
    }

    fn value(&mut self) -> Result<Value, String> {
        match self.peek() {
            Some('"' | '\'') => self.string().map(Value::String),
            Some('[') => {
                self.at += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_blank_lines();
                    if self.peek() == Some(']') {
                        self.at += 1;
                        return Ok(Value::Array(items));
                    }
                    match self.peek() {
                        Some('"' | '\'') => items.push(self.string()?),
                        _ => return Err(self.error("expected a quoted rule name in the list")),
                    }
                    self.skip_blank_lines();
                    match self.peek() {
                        Some(',') => self.at += 1,
                        Some(']') => {}
                        _ => return Err(self.error("expected `,` or `]` in the list")),
                    }
                }
            }
            Some('{') => {
                self.at += 1;
                let mut entries = Vec::new();
                loop {
                    self.skip_spaces();
                    if self.peek() == Some('}') && entries.is_empty() {
                        self.at += 1;
                        return Ok(Value::Table(entries));
                    }
                    let key = self.key()?;
                    self.skip_spaces();
                    self.expect('=')?;
                    self.skip_spaces();
                    match self.peek() {
                        Some('"' | '\'') => entries.push((key, self.string()?)),
                        _ => return Err(self.error(format!("`{key}`: expected a quoted value"))),
                    }
                    self.skip_spaces();
                    match self.peek() {
                        Some(',') => self.at += 1,
                        Some('}') => {
                            self.at += 1;
                            return Ok(Value::Table(entries));
                        }
                        _ => return Err(self.error("expected `,` or `}` in the inline table")),
                    }
                }
            }
            Some(found) => {
                Err(self.error(format!("expected a string, a list or an inline table, found `{found}`")))
            }
            None => Err(self.error("expected a value")),
        }
    }

    /// A basic (`"…"`, with escapes) or literal (`'…'`) single-line string.
    fn string(&mut self) -> Result<String, String> {
        let quote = self.peek().expect("called on a quote");
        self.at += 1;
        let mut out = String::new();
        loop {
            let Some(c) = self.peek() else { return Err(self.error("unterminated string")) };
            self.at += 1;
            match c {
                '\n' => return Err(self.error("unterminated string")),
                c if c == quote => return Ok(out),
                '\\' if quote == '"' => {
                    let escaped = self.peek().ok_or_else(|| self.error("unterminated string"))?;
                    self.at += 1;
                    match escaped {
                        '"' => out.push('"'),
                        '\\' => out.push('\\'),
                        'n' => out.push('\n'),
                        't' => out.push('\t'),
                        'r' => out.push('\r'),
                        'u' | 'U' => {
                            let digits = if escaped == 'u' { 4 } else { 8 };
                            let hex: String = self.chars.iter().skip(self.at).take(digits).collect();
                            let scalar = u32::from_str_radix(&hex, 16)
                                .ok()
                                .filter(|_| hex.len() == digits)
                                .and_then(char::from_u32)
                                .ok_or_else(|| self.error(format!("invalid escape `\\{escaped}{hex}`")))?;
                            self.at += digits;
                            out.push(scalar);
                        }
                        other => return Err(self.error(format!("invalid escape `\\{other}`"))),
                    }
                }
                c => out.push(c),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_text_gives_defaults() {
        let settings = settings_from_config("").unwrap();
        assert_eq!(settings.redis_version, RedisVersion::V7_4);
        assert!(settings.select.is_none());
        assert!(settings.levels.is_empty());
        let settings = settings_from_config("# nothing yet\n\n").unwrap();
        assert!(settings.levels.is_empty());
    }

    #[test]
    fn reads_the_toml_subset() {
        let text = "\
# the team's settings
redis-version = \"7.2\"   # the servers run 7.2.6
select = [
  \"no-authentication\",  # comments inside lists
  'relative-dir',
]
ignore = [\"aof-disabled\"]
severity.no-maxmemory = \"info\"

[severity]
relative-dir = \"error\"
\"weak-password\" = 'off'
";
        let settings = settings_from_config(text).unwrap();
        assert_eq!(settings.redis_version, RedisVersion::V7_2);
        assert_eq!(settings.select, Some(vec!["no-authentication".to_owned(), "relative-dir".to_owned()]));
        assert_eq!(settings.levels.get("aof-disabled"), Some(&RuleLevel::Off));
        assert_eq!(settings.levels.get("no-maxmemory"), Some(&RuleLevel::On(Severity::Info)));
        assert_eq!(settings.levels.get("relative-dir"), Some(&RuleLevel::On(Severity::Error)));
        assert_eq!(settings.levels.get("weak-password"), Some(&RuleLevel::Off));
        assert_eq!(settings.levels.len(), 4);
    }

    #[test]
    fn reads_inline_tables_and_crlf() {
        let settings =
            settings_from_config("severity = { relative-dir = \"warning\", aof-disabled = \"off\" }\r\n")
                .unwrap();
        assert_eq!(settings.levels.get("relative-dir"), Some(&RuleLevel::On(Severity::Warning)));
        assert_eq!(settings.levels.get("aof-disabled"), Some(&RuleLevel::Off));
    }

    #[test]
    fn reads_json() {
        let settings = settings_from_config(
            r#"{"redis-version": "7.0", "ignore": ["aof-disabled"], "severity": {"relative-dir": "info"}}"#,
        )
        .unwrap();
        assert_eq!(settings.redis_version, RedisVersion::V7_0);
        assert_eq!(settings.levels.get("aof-disabled"), Some(&RuleLevel::Off));
        assert_eq!(settings.levels.get("relative-dir"), Some(&RuleLevel::On(Severity::Info)));
        assert_eq!(
            settings_from_config(r#"{"select": "no-authentication"}"#).unwrap_err(),
            "`select`: expected a list of rule names, found \"no-authentication\""
        );
        assert_eq!(
            settings_from_config(r#"{"fail-on": "error"}"#).unwrap_err(),
            "`fail-on` is not supported here (only `select`, `ignore`, `severity` and `redis-version`)"
        );
    }

    #[test]
    fn errors_say_where_and_what() {
        let error = |text: &str| settings_from_config(text).unwrap_err();
        assert_eq!(error("ignore = [\"no-such-rule\"]"), "unknown rule `no-such-rule`");
        assert_eq!(error("redis-version = \"6.2\""), "`redis-version = \"6.2\"`: expected 7.0, 7.2 or 7.4");
        assert_eq!(
            error("[severity]\nrelative-dir = \"fatal\""),
            "severity of `relative-dir`: `fatal` is not error, warning, info or off"
        );
        assert_eq!(
            error("\n\nselect = \"no-authentication\""),
            "line 3: `select`: expected a list of rule names"
        );
        assert_eq!(error("select = [\"a\"\nselect = []"), "line 2: expected `,` or `]` in the list");
        assert_eq!(error("ignore = []\nignore = []"), "line 2: `ignore` is set twice");
        assert_eq!(
            error("redis-version = 7.2"),
            "line 1: expected a string, a list or an inline table, found `7`"
        );
        assert_eq!(error("ignore = [\"a\"] x"), "line 1: unexpected `x` after the value");
        assert_eq!(error("name = \"unterminated"), "line 1: unterminated string");
        assert_eq!(
            error("[[ignore]]\nrule = \"aof-disabled\""),
            "line 1: arrays of tables (`[[…]]`) are not supported here (only `select`, `ignore`, `severity` and `redis-version`)"
        );
        assert_eq!(
            error("[rules]"),
            "line 1: table `[rules]` is not supported here (only `select`, `ignore`, `severity` and `redis-version`)"
        );
        assert_eq!(
            error("fail-on = \"error\""),
            "line 1: `fail-on` is not supported here (only `select`, `ignore`, `severity` and `redis-version`)"
        );
        assert_eq!(
            error("severity.relative-dir = \"info\"\n[severity]\nrelative-dir = \"error\""),
            "the severity of `relative-dir` is set twice"
        );
        assert_eq!(error("select = [\"\\q\"]"), "line 1: invalid escape `\\q`");
        assert_eq!(
            settings_from_config("redis-version = \"\\u0037.2\"").unwrap().redis_version,
            RedisVersion::V7_2
        );
    }
}
