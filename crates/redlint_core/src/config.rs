//! `redlint.toml`: the configuration file, parsed in the core so the CLI, the playground and
//! the action read the same text the same way. Frontends find the file; the core parses it,
//! validates every key and value against the rule registry and [`OPTIONS`], and reports
//! every problem with the byte range it is at, so frontends can point at the TOML line.
//!
//! ```toml
//! extends = "recommended"          # a preset from policies/presets/
//! redis-version = "7.2"
//! select = ["security", "memory"]   # rules or categories; default: every rule
//! inline-ignores = true             # false: like --no-inline-ignores
//!
//! [rules]
//! relative-dir = "off"              # error, warning, info or off
//! [rules.weak-password]
//! severity = "error"
//! min-length = 40                   # a rule option
//!
//! [[ignore]]
//! rules = ["persistence-disabled"]
//! paths = ["cache/**"]              # relative to this file; default: every file
//! reason = "disposable caches"
//! ```
//!
//! [`json_schema`] describes the same file for editors, generated from the same tables.

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;

use toml::de::{DeTable, DeValue};

use crate::diagnostic::Severity;
use crate::rules::{self, Category};
use crate::settings::{OPTIONS, OptionSpec, RedisVersion, RuleLevel, Settings};
use crate::spelling::closest;
use crate::suppress::{Date, PathIgnore, Scope, SuppressedRule, Suppression, SuppressionKind};

/// The presets `extends` accepts, embedded from `policies/presets/`.
pub const PRESETS: &[(&str, &str)] = &[
    ("recommended", include_str!("../../../policies/presets/recommended.toml")),
    ("strict", include_str!("../../../policies/presets/strict.toml")),
];

/// The file names looked for, in this order, in each directory.
pub const FILE_NAMES: [&str; 2] = ["redlint.toml", ".redlint.toml"];

const TOP_LEVEL_KEYS: [&str; 6] = ["extends", "redis-version", "select", "inline-ignores", "rules", "ignore"];
const IGNORE_KEYS: [&str; 4] = ["rules", "paths", "reason", "until"];
const CATEGORIES: [Category; 6] = [
    Category::Security,
    Category::Persistence,
    Category::Memory,
    Category::Compat,
    Category::Reliability,
    Category::Config,
];

/// A problem in a configuration file, at a byte range of its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub message: String,
    pub span: Option<Range<usize>>,
    pub help: Option<String>,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl ConfigError {
    fn at(span: Range<usize>, message: impl Into<String>) -> Self {
        ConfigError { message: message.into(), span: Some(span), help: None }
    }
    fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// One `[[ignore]]` entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IgnoreEntry {
    pub rules: Vec<String>,
    pub paths: Vec<String>,
    pub reason: String,
    /// The last day the entry applies.
    pub until: Option<Date>,
}

/// A parsed, validated configuration (its preset already merged in).
#[derive(Clone, Debug, Default)]
pub struct Config {
    pub redis_version: Option<RedisVersion>,
    /// Rule names (categories expanded).
    pub select: Option<Vec<String>>,
    pub inline_ignores: Option<bool>,
    pub levels: HashMap<String, RuleLevel>,
    /// `(option, value)` in file order; later entries win.
    pub options: Vec<(&'static OptionSpec, u64)>,
    pub ignores: Vec<IgnoreEntry>,
}

impl Config {
    /// Parse and validate a configuration file's text. Every problem found is returned,
    /// sorted by position.
    pub fn parse(text: &str) -> Result<Config, Vec<ConfigError>> {
        let table = match DeTable::parse(text) {
            Ok(table) => table.into_inner(),
            Err(error) => {
                return Err(vec![ConfigError {
                    message: error.message().trim_end().to_owned(),
                    span: error.span(),
                    help: None,
                }]);
            }
        };
        let mut parser = Parser::default();
        let config = parser.config(&table);
        if parser.errors.is_empty() {
            Ok(config)
        } else {
            crate::sort::sort_by_key(&mut parser.errors, |error| {
                error.span.as_ref().map_or(0, |span| span.start)
            });
            Err(parser.errors)
        }
    }

    /// A built-in preset by name.
    pub fn preset(name: &str) -> Option<Config> {
        let (_, text) = PRESETS.iter().find(|(preset, _)| *preset == name)?;
        Some(Config::parse(text).unwrap_or_else(|errors| panic!("preset `{name}` is invalid: {errors:?}")))
    }

    /// Apply on top of settings. `config_dir` is the file's directory relative to the working
    /// directory, `cwd_in_config_dir` the working directory relative to it when it is inside
    /// (see [`PathIgnore`]); both `""` for a file in the working directory.
    pub fn apply(&self, settings: &mut Settings, config_dir: &str, cwd_in_config_dir: &str) {
        if let Some(version) = self.redis_version {
            settings.redis_version = version;
        }
        if let Some(select) = &self.select {
            settings.select = Some(select.clone());
        }
        if let Some(inline_ignores) = self.inline_ignores {
            settings.no_inline_ignores = !inline_ignores;
        }
        for (rule, level) in &self.levels {
            settings.levels.insert(rule.clone(), *level);
        }
        for (option, value) in &self.options {
            (option.set)(&mut settings.options, *value);
        }
        for entry in &self.ignores {
            settings.ignores.push(Suppression {
                kind: SuppressionKind::ConfigFile,
                rules: entry
                    .rules
                    .iter()
                    .map(|name| SuppressedRule { name: name.clone(), span: None })
                    .collect(),
                reason: Some(entry.reason.clone()),
                scope: Scope::Paths(PathIgnore {
                    globs: entry.paths.clone(),
                    config_dir: crate::paths::normalize_path(config_dir),
                    cwd_in_config_dir: crate::paths::normalize_path(cwd_in_config_dir),
                }),
                origin: None,
                until: entry.until,
            });
        }
    }

    /// This configuration on top of another (its preset): scalars and `select` replace,
    /// rule levels and options merge, `[[ignore]]` entries add up.
    fn over(self, base: Config) -> Config {
        let mut merged = base;
        merged.redis_version = self.redis_version.or(merged.redis_version);
        merged.select = self.select.or(merged.select);
        merged.inline_ignores = self.inline_ignores.or(merged.inline_ignores);
        merged.levels.extend(self.levels);
        merged.options.extend(self.options);
        merged.ignores.extend(self.ignores);
        merged
    }
}

#[derive(Default)]
struct Parser {
    errors: Vec<ConfigError>,
}

type Entry<'a, 'i> = (&'a toml::Spanned<std::borrow::Cow<'i, str>>, &'a toml::Spanned<DeValue<'i>>);

impl Parser {
    fn error(&mut self, error: ConfigError) {
        self.errors.push(error);
    }

    fn unknown_key(&mut self, key: &toml::Spanned<std::borrow::Cow<'_, str>>, known: &[&str], what: &str) {
        let mut error = ConfigError::at(key.span(), format!("unknown key `{}` in {what}", key.get_ref()));
        error = match closest(key.get_ref(), known.iter().copied()) {
            Some(close) => error.help(format!("did you mean `{close}`?")),
            None => error.help(format!("expected one of: {}", known.join(", "))),
        };
        self.error(error);
    }

    fn string<'v>(&mut self, value: &'v toml::Spanned<DeValue<'_>>, what: &str) -> Option<&'v str> {
        match value.get_ref() {
            DeValue::String(text) => Some(text.as_ref()),
            other => {
                self.error(ConfigError::at(
                    value.span(),
                    format!("{what} must be a string, not {}", other.type_str()),
                ));
                None
            }
        }
    }

    fn strings(&mut self, value: &toml::Spanned<DeValue<'_>>, what: &str) -> Vec<(String, Range<usize>)> {
        let DeValue::Array(array) = value.get_ref() else {
            self.error(ConfigError::at(
                value.span(),
                format!("{what} must be an array of strings, not {}", value.get_ref().type_str()),
            ));
            return Vec::new();
        };
        array
            .into_iter()
            .filter_map(|item| {
                self.string(item, &format!("every item of {what}")).map(|text| (text.to_owned(), item.span()))
            })
            .collect()
    }

    fn config(&mut self, table: &DeTable<'_>) -> Config {
        let mut config = Config::default();
        let mut base = None;
        for (key, value) in table {
            match key.get_ref().as_ref() {
                "extends" => {
                    if let Some(name) = self.string(value, "`extends`") {
                        match Config::preset(name) {
                            Some(preset) => base = Some(preset),
                            None => self.error(
                                ConfigError::at(value.span(), format!("there is no preset `{name}`")).help(
                                    format!(
                                        "presets: {}",
                                        PRESETS.iter().map(|(name, _)| *name).collect::<Vec<_>>().join(", ")
                                    ),
                                ),
                            ),
                        }
                    }
                }
                "redis-version" => {
                    if let Some(text) = self.string(value, "`redis-version`") {
                        match RedisVersion::parse(text) {
                            Some(version) => config.redis_version = Some(version),
                            None => self.error(
                                ConfigError::at(
                                    value.span(),
                                    format!("`{text}` is not a Redis version redlint models"),
                                )
                                .help("use 7.0, 7.2 or 7.4 (a patch level such as 7.2.5 is fine)"),
                            ),
                        }
                    }
                }
                "select" => {
                    let mut names = Vec::new();
                    for (name, span) in self.strings(value, "`select`") {
                        if let Some(found) = self.rules_named(&name, span, true) {
                            names.extend(found);
                        }
                    }
                    crate::sort::sort(&mut names);
                    names.dedup();
                    config.select = Some(names);
                }
                "inline-ignores" => match value.get_ref() {
                    DeValue::Boolean(flag) => config.inline_ignores = Some(*flag),
                    other => self.error(ConfigError::at(
                        value.span(),
                        format!("`inline-ignores` must be true or false, not {}", other.type_str()),
                    )),
                },
                "rules" => match value.get_ref() {
                    DeValue::Table(rules) => {
                        for entry in rules {
                            self.rule_entry(entry, &mut config);
                        }
                    }
                    other => self.error(ConfigError::at(
                        value.span(),
                        format!("`rules` must be a table, not {}", other.type_str()),
                    )),
                },
                "ignore" => match value.get_ref() {
                    DeValue::Array(entries) => {
                        for entry in entries {
                            if let Some(entry) = self.ignore_entry(entry) {
                                config.ignores.push(entry);
                            }
                        }
                    }
                    other => self.error(
                        ConfigError::at(
                            value.span(),
                            format!("`ignore` must be an array of tables, not {}", other.type_str()),
                        )
                        .help("write each entry as an `[[ignore]]` table with `rules`, `paths` and `reason`"),
                    ),
                },
                _ => self.unknown_key(key, &TOP_LEVEL_KEYS, "redlint.toml"),
            }
        }
        match base {
            Some(base) => config.over(base),
            None => config,
        }
    }

    /// A rule name (or, when `categories`, a category or `all`), or an error at `span`.
    fn rules_named(&mut self, name: &str, span: Range<usize>, categories: bool) -> Option<Vec<String>> {
        if rules::meta(name).is_some() || OPTIONS.iter().any(|option| option.rule == name) && !categories {
            return Some(vec![name.to_owned()]);
        }
        if categories {
            if name == "all" {
                return Some(rules::all().map(|meta| meta.name.to_owned()).collect());
            }
            if let Some(category) = CATEGORIES.iter().find(|category| category.as_str() == name) {
                return Some(
                    rules::all()
                        .filter(|meta| meta.category == *category)
                        .map(|meta| meta.name.to_owned())
                        .collect(),
                );
            }
        }
        let mut error = ConfigError::at(span, format!("unknown rule `{name}`"));
        error = match closest(name, rules::all().map(|meta| meta.name)) {
            Some(close) => error.help(format!("did you mean `{close}`? (`redlint rules` lists every rule)")),
            None if categories => error.help("use rule names, categories (security, persistence, memory, compat, reliability, config) or `all`"),
            None => error.help("`redlint rules` lists every rule"),
        };
        self.error(error);
        None
    }

    fn level(&mut self, value: &toml::Spanned<DeValue<'_>>, what: &str) -> Option<RuleLevel> {
        let text = self.string(value, what)?;
        match text {
            "off" => Some(RuleLevel::Off),
            other => match Severity::parse(other) {
                Some(severity) => Some(RuleLevel::On(severity)),
                None => {
                    self.error(
                        ConfigError::at(value.span(), format!("`{other}` is not a severity"))
                            .help("use error, warning, info or off"),
                    );
                    None
                }
            },
        }
    }

    /// `rule = "level"` or `[rules.rule]` with `severity` and the rule's options.
    fn rule_entry(&mut self, (key, value): Entry<'_, '_>, config: &mut Config) {
        let name = key.get_ref().as_ref();
        if self.rules_named(name, key.span(), false).is_none() {
            return;
        }
        match value.get_ref() {
            DeValue::Table(table) => {
                let options: Vec<&OptionSpec> = OPTIONS.iter().filter(|option| option.rule == name).collect();
                for (option_key, option_value) in table {
                    let option_name = option_key.get_ref().as_ref();
                    if option_name == "severity" {
                        if let Some(level) = self.level(option_value, "`severity`") {
                            config.levels.insert(name.to_owned(), level);
                        }
                        continue;
                    }
                    let Some(spec) = options.iter().find(|option| option.key == option_name) else {
                        let known: Vec<&str> = std::iter::once("severity")
                            .chain(options.iter().map(|option| option.key))
                            .collect();
                        let mut error = ConfigError::at(
                            option_key.span(),
                            format!("`{name}` has no option `{option_name}`"),
                        );
                        error = if options.is_empty() {
                            error.help("this rule has no options; only `severity` can be set")
                        } else {
                            error.help(format!("its keys: {}", known.join(", ")))
                        };
                        self.error(error);
                        continue;
                    };
                    let number = match option_value.get_ref() {
                        DeValue::Integer(integer) => {
                            u64::from_str_radix(&integer.as_str().replace('_', ""), integer.radix()).ok()
                        }
                        _ => None,
                    };
                    match number {
                        Some(number) if (spec.min..=spec.max).contains(&number) => {
                            config.options.push((spec, number));
                        }
                        _ => self.error(ConfigError::at(
                            option_value.span(),
                            format!(
                                "`{option_name}` must be a whole number from {} to {}",
                                spec.min, spec.max
                            ),
                        )),
                    }
                }
            }
            _ => {
                if let Some(level) = self.level(value, &format!("the level of `{name}`")) {
                    config.levels.insert(name.to_owned(), level);
                }
            }
        }
    }

    fn ignore_entry(&mut self, entry: &toml::Spanned<DeValue<'_>>) -> Option<IgnoreEntry> {
        let DeValue::Table(table) = entry.get_ref() else {
            self.error(ConfigError::at(
                entry.span(),
                "every `ignore` entry must be a table with `rules`, `paths` and `reason`",
            ));
            return None;
        };
        let (mut rules, mut paths, mut reason, mut until) = (None, Vec::new(), None, None);
        let errors_before = self.errors.len();
        for (key, value) in table {
            match key.get_ref().as_ref() {
                "rules" => {
                    let mut names = Vec::new();
                    let listed = self.strings(value, "`rules`");
                    if listed.is_empty() && self.errors.len() == errors_before {
                        self.error(ConfigError::at(
                            value.span(),
                            "`rules` is empty: name the rules to ignore",
                        ));
                    }
                    for (name, span) in listed {
                        if let Some(found) = self.rules_named(&name, span, false) {
                            names.extend(found);
                        }
                    }
                    rules = Some(names);
                }
                "paths" => {
                    for (glob, span) in self.strings(value, "`paths`") {
                        if glob.starts_with('/') || glob.split('/').any(|segment| segment == "..") {
                            self.error(
                                ConfigError::at(
                                    span,
                                    format!("`{glob}` leaves the directory of redlint.toml"),
                                )
                                .help(
                                    "paths are relative to the directory of redlint.toml, e.g. `vendor/**`",
                                ),
                            );
                        } else {
                            paths.push(glob);
                        }
                    }
                }
                "reason" => {
                    if let Some(text) = self.string(value, "`reason`") {
                        if text.trim().is_empty() {
                            self.error(ConfigError::at(value.span(), "`reason` is empty"));
                        } else {
                            reason = Some(text.trim().to_owned());
                        }
                    }
                }
                "until" => {
                    // A TOML date (`until = 2026-12-31`) or a string.
                    let text = match value.get_ref() {
                        DeValue::Datetime(datetime) => Some(datetime.to_string()),
                        DeValue::String(text) => Some(text.to_string()),
                        _ => None,
                    };
                    match text.as_deref().and_then(Date::parse) {
                        Some(date) => until = Some(date),
                        None => self.error(ConfigError::at(
                            value.span(),
                            "`until` must be a date: `until = 2026-12-31`",
                        )),
                    }
                }
                _ => self.unknown_key(key, &IGNORE_KEYS, "an `[[ignore]]` entry"),
            }
        }
        let missing: Vec<&str> = [
            ("rules", rules.is_none()),
            ("reason", reason.is_none() && !table.iter().any(|(key, _)| key.get_ref() == "reason")),
        ]
        .into_iter()
        .filter_map(|(key, missing)| missing.then_some(key))
        .collect();
        if !missing.is_empty() {
            self.error(
                ConfigError::at(
                    entry.span(),
                    format!("this `[[ignore]]` entry has no `{}`", missing.join("` and no `")),
                )
                .help("every entry names its `rules` and gives a `reason` (`paths` is optional)"),
            );
        }
        if self.errors.len() > errors_before {
            return None;
        }
        Some(IgnoreEntry { rules: rules?, paths, reason: reason?, until })
    }
}

/// A JSON Schema (draft-07) for `redlint.toml`, generated from the rule registry and
/// [`OPTIONS`], so editors (Taplo, Even Better TOML) complete and check the file. (It quotes
/// each rule's summary, hence the `pages` feature.)
#[cfg(feature = "pages")]
pub fn json_schema() -> serde_json::Value {
    use serde_json::json;
    let level = json!({ "type": "string", "enum": ["error", "warning", "info", "off"] });
    let mut rule_properties = serde_json::Map::new();
    let mut names: Vec<&str> = rules::all().map(|meta| meta.name).collect();
    names.extend(OPTIONS.iter().map(|option| option.rule));
    crate::sort::sort(&mut names);
    names.dedup();
    for name in &names {
        let mut table_properties = serde_json::Map::new();
        table_properties.insert("severity".into(), level.clone());
        for option in OPTIONS.iter().filter(|option| option.rule == *name) {
            table_properties.insert(
                option.key.into(),
                json!({
                    "description": option.doc,
                    "type": "integer",
                    "minimum": option.min,
                    "maximum": option.max,
                    "default": option.default,
                }),
            );
        }
        let description = rules::meta(name).map_or_else(
            || format!("`{name}` (options only)"),
            |meta| format!("{} ({}, default severity {})", meta.summary, meta.category, meta.severity),
        );
        rule_properties.insert(
            (*name).into(),
            json!({
                "description": description,
                "oneOf": [
                    level,
                    { "type": "object", "additionalProperties": false, "properties": table_properties },
                ],
            }),
        );
    }
    let mut selectable: Vec<String> = vec!["all".to_owned()];
    selectable.extend(CATEGORIES.iter().map(|category| category.as_str().to_owned()));
    selectable.extend(rules::all().map(|meta| meta.name.to_owned()));
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": format!("{}/blob/main/policies/redlint.schema.json", env!("CARGO_PKG_REPOSITORY")),
        "title": "redlint.toml",
        "description": "Configuration of redlint, the policy checker for containerized Redis 7 deployments.",
        "type": "object",
        "additionalProperties": false,
        "properties": {
            "extends": {
                "description": "A preset this file builds on.",
                "type": "string",
                "enum": PRESETS.iter().map(|(name, _)| *name).collect::<Vec<_>>(),
            },
            "redis-version": {
                "description": "The Redis version the configuration is for (7.0, 7.2 or 7.4; a patch level is fine).",
                "type": "string",
                "pattern": "^7\\.(0|2|4)(\\.[0-9]+)?$",
            },
            "select": {
                "description": "Run only these rules: names, categories or `all`.",
                "type": "array",
                "items": { "type": "string", "enum": selectable },
            },
            "inline-ignores": {
                "description": "Honour suppression comments, annotations and extension fields (false: like --no-inline-ignores).",
                "type": "boolean",
            },
            "rules": {
                "description": "Per rule: a level (error, warning, info, off), or a table with `severity` and the rule's options.",
                "type": "object",
                "additionalProperties": false,
                "properties": rule_properties,
            },
            "ignore": {
                "description": "Findings to suppress by rule and path, with the reason.",
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["rules", "reason"],
                    "properties": {
                        "rules": { "type": "array", "minItems": 1, "items": { "type": "string", "enum": names } },
                        "paths": {
                            "description": "Globs relative to this file's directory (`*`, `?`, `[…]`, `**`); default: every file.",
                            "type": "array",
                            "items": { "type": "string" },
                        },
                        "reason": { "type": "string", "minLength": 1 },
                        "until": {
                            "description": "The last day the entry applies (YYYY-MM-DD); after it the findings come back.",
                            "type": "string",
                            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
                        },
                    },
                },
            },
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(text: &str) -> Vec<(String, String)> {
        Config::parse(text)
            .expect_err("should fail")
            .into_iter()
            .map(|error| (text[error.span.unwrap()].to_owned(), error.message))
            .collect()
    }

    #[test]
    fn parses_every_section() {
        let config = Config::parse(
            "extends = \"strict\"\nredis-version = \"7.2.4\"\nselect = [\"security\", \"relative-dir\"]\n\
             inline-ignores = false\n[rules]\nrelative-dir = \"off\"\n[rules.weak-password]\nseverity = \"info\"\nmin-length = 0x28\n\
             [[ignore]]\nrules = [\"no-maxmemory\"]\npaths = [\"cache/**\"]\nreason = \"caches\"\nuntil = 2026-12-31\n",
        )
        .unwrap();
        assert_eq!(config.redis_version, Some(RedisVersion::V7_2));
        let select = config.select.as_ref().unwrap();
        assert!(select.contains(&"weak-password".to_owned()) && select.contains(&"relative-dir".to_owned()));
        assert!(!select.contains(&"no-maxmemory".to_owned()));
        assert_eq!(config.levels["relative-dir"], RuleLevel::Off);
        assert_eq!(config.levels["weak-password"], RuleLevel::On(Severity::Info));
        let mut settings = Settings::default();
        config.apply(&mut settings, "", "");
        assert_eq!(settings.options.min_password_length, 40);
        assert!(settings.no_inline_ignores);
        assert_eq!(settings.ignores.len(), 1);
        assert_eq!(settings.ignores[0].reason.as_deref(), Some("caches"));
        assert_eq!(settings.ignores[0].until.map(|date| date.to_string()).as_deref(), Some("2026-12-31"));
        // From the strict preset, not overridden.
        assert_eq!(settings.levels["suppression-without-reason"], RuleLevel::On(Severity::Error));
    }

    #[test]
    fn options_of_rules_in_other_builds_are_accepted() {
        let config = Config::parse("[rules.maxmemory-without-headroom]\nheadroom-percent = 80\n").unwrap();
        let mut settings = Settings::default();
        config.apply(&mut settings, "", "");
        assert_eq!(settings.options.maxmemory_headroom_percent, 80);
        assert_eq!(settings.options.maxmemory_headroom_percent_no_fork, 90);
    }

    #[test]
    fn every_problem_points_at_its_text() {
        assert_eq!(
            errors(
                "selec = []\nredis-version = \"6.2\"\n[rules]\nweak-pasword = \"error\"\nrelative-dir = \"loud\"\n\
                 [rules.weak-password]\nmax-length = 3\nmin-length = 0\n[rules.no-maxmemory]\nfoo = 1\n\
                 [[ignore]]\nrules = [\"no-maxmemory\"]\npaths = [\"../x\"]\n[[ignore]]\nreason = \"x\"\nrule = []\n"
            ),
            [
                ("selec".into(), "unknown key `selec` in redlint.toml".into()),
                ("\"6.2\"".into(), "`6.2` is not a Redis version redlint models".into()),
                ("weak-pasword".into(), "unknown rule `weak-pasword`".into()),
                ("\"loud\"".into(), "`loud` is not a severity".into()),
                ("max-length".into(), "`weak-password` has no option `max-length`".into()),
                ("0".into(), "`min-length` must be a whole number from 1 to 1024".into()),
                ("foo".into(), "`no-maxmemory` has no option `foo`".into()),
                ("[[ignore]]".into(), "this `[[ignore]]` entry has no `reason`".into()),
                ("\"../x\"".into(), "`../x` leaves the directory of redlint.toml".into()),
                ("[[ignore]]".into(), "this `[[ignore]]` entry has no `rules`".into()),
                ("rule".into(), "unknown key `rule` in an `[[ignore]]` entry".into()),
            ]
        );
    }

    #[test]
    fn syntax_errors_have_a_span() {
        let error = Config::parse("[rules\n").unwrap_err();
        assert_eq!(error.len(), 1);
        assert!(error[0].span.is_some());
    }

    #[test]
    fn presets_are_valid() {
        for (name, _) in PRESETS {
            assert!(Config::preset(name).is_some());
        }
    }
}
