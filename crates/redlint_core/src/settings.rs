//! Resolved settings for one check: which rules run, at which severity, against which Redis.
//! `redlint.toml` (see [`crate::config`]) and the CLI's flags are turned into this; the core
//! never reads files.

use std::collections::HashMap;
use std::fmt;

use crate::baseline::Baseline;
use crate::diagnostic::Severity;
use crate::suppress::{Date, Suppression};

/// The Redis minor versions redlint models. Directive tables, defaults and known commands
/// differ between them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum RedisVersion {
    V7_0,
    V7_2,
    #[default]
    V7_4,
}

impl RedisVersion {
    pub const ALL: [RedisVersion; 3] = [RedisVersion::V7_0, RedisVersion::V7_2, RedisVersion::V7_4];

    pub fn as_str(self) -> &'static str {
        match self {
            RedisVersion::V7_0 => "7.0",
            RedisVersion::V7_2 => "7.2",
            RedisVersion::V7_4 => "7.4",
        }
    }

    /// Accepts `7.0`, `7.2`, `7.4`, and full versions such as `7.2.6` (the minor decides).
    pub fn parse(text: &str) -> Option<RedisVersion> {
        let mut parts = text.trim().split('.');
        let (major, minor) = (parts.next()?, parts.next()?);
        if major != "7" || parts.clone().any(|patch| patch.parse::<u32>().is_err()) {
            return None;
        }
        match minor {
            "0" => Some(RedisVersion::V7_0),
            "2" => Some(RedisVersion::V7_2),
            "4" => Some(RedisVersion::V7_4),
            _ => None,
        }
    }
}

impl fmt::Display for RedisVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How one rule is configured.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleLevel {
    Off,
    /// On, at this severity.
    On(Severity),
}

/// One rule option: where it lives in `redlint.toml` (`[rules.<rule>]`, key `<key>`), its
/// bounds and its documentation. Generated with [`RuleOptions`] by `rule_options!`, so the
/// configuration parser, the JSON Schema and the docs cannot disagree.
#[derive(Debug)]
pub struct OptionSpec {
    pub rule: &'static str,
    pub key: &'static str,
    pub doc: &'static str,
    pub default: u64,
    pub min: u64,
    pub max: u64,
    pub set: fn(&mut RuleOptions, u64),
}

/// Declares [`RuleOptions`] and [`OPTIONS`]: adding an option to a rule is one line here.
macro_rules! rule_options {
    ($($doc:literal $rule:literal . $key:literal => $field:ident: $ty:ty = $default:literal, $min:literal..=$max:literal;)*) => {
        /// Options that individual rules read. Every field has the documented default.
        #[derive(Clone, Debug, PartialEq)]
        pub struct RuleOptions {
            $(#[doc = $doc] pub $field: $ty,)*
        }

        impl Default for RuleOptions {
            fn default() -> Self {
                RuleOptions { $($field: $default,)* }
            }
        }

        /// Every rule option, sorted by rule then key.
        pub static OPTIONS: &[OptionSpec] = &[
            $(OptionSpec {
                rule: $rule,
                key: $key,
                doc: $doc,
                default: $default,
                min: $min,
                max: $max,
                set: |options, value| options.$field = value as $ty,
            },)*
        ];
    };
}

rule_options! {
    "A renamed command's new name shorter than this is guessable."
        "guessable-command-rename" . "min-length" => min_rename_length: usize = 16, 1..=1024;
    "Files larger than this many MiB are not read (the CLI's `--max-file-size`)."
        "input-limit-exceeded" . "max-file-size" => max_file_size_mib: u64 = 32, 1..=4096;
    "At most this many files are checked; the rest, by path, are not read (the CLI's `--max-files`)."
        "input-limit-exceeded" . "max-files" => max_files: usize = 10_000, 1..=10_000_000;
    "`include` directives nested deeper than this are not followed."
        "input-limit-exceeded" . "max-include-depth" => max_include_depth: usize = 32, 1..=128;
    "YAML nested deeper than this ends the file's checking."
        "input-limit-exceeded" . "max-yaml-depth" => max_yaml_depth: usize = 256, 1..=1024;
    "A YAML file with more nodes than this is read only up to here."
        "input-limit-exceeded" . "max-yaml-nodes" => max_yaml_nodes: usize = 2_000_000, 1..=100_000_000;
    "`maxmemory` may use at most this share (percent) of the container memory limit when Redis forks for RDB/AOF rewrites or replication."
        "maxmemory-without-headroom" . "headroom-percent" => maxmemory_headroom_percent: u8 = 75, 1..=100;
    "The same share when nothing forks (a pure cache)."
        "maxmemory-without-headroom" . "headroom-percent-no-fork" => maxmemory_headroom_percent_no_fork: u8 = 90, 1..=100;
    "Passwords shorter than this are reported as weak."
        "weak-password" . "min-length" => min_password_length: usize = 32, 1..=1024;
}

/// Resolved settings. Rules not mentioned in `levels` run at their default severity.
#[derive(Clone, Debug, Default)]
pub struct Settings {
    pub redis_version: RedisVersion,
    /// Per-rule overrides, by rule name.
    pub levels: HashMap<String, RuleLevel>,
    /// When set, only these rules run (before `levels` turns some off or changes severities).
    pub select: Option<Vec<String>>,
    pub options: RuleOptions,
    /// Ignore suppression comments, annotations and extension fields (an audit); the
    /// `[[ignore]]` entries of `redlint.toml` still apply.
    pub no_inline_ignores: bool,
    /// The `[[ignore]]` entries of `redlint.toml`.
    pub ignores: Vec<Suppression>,
    /// Findings recorded earlier (`--baseline`): matching findings are suppressed.
    pub baseline: Option<Baseline>,
    /// Today, from the frontend's clock (the core has none): suppressions with an `until`
    /// date before it no longer apply. `None`: no suppression expires.
    pub today: Option<Date>,
}

impl Settings {
    /// The size limit in bytes (`max-file-size` is in MiB).
    pub fn max_file_size(&self) -> u64 {
        self.options.max_file_size_mib.saturating_mul(1 << 20)
    }

    /// Settings that run exactly one rule, at its default severity: what rule tests use.
    pub fn only(rule: &str) -> Settings {
        Settings { select: Some(vec![rule.to_owned()]), ..Settings::default() }
    }

    /// Whether a rule runs at all.
    pub fn is_enabled(&self, rule: &str) -> bool {
        crate::rules::meta(rule).is_some_and(|meta| self.level_of(rule, meta.severity).is_some())
    }

    /// The severity a rule runs at, or `None` when it is off.
    pub fn level_of(&self, rule: &str, default: Severity) -> Option<Severity> {
        if let Some(select) = &self.select {
            if !select.iter().any(|name| name == rule) {
                return None;
            }
        }
        match self.levels.get(rule) {
            Some(RuleLevel::Off) => None,
            Some(RuleLevel::On(severity)) => Some(*severity),
            None => Some(default),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The parsers' own limits (used where no settings reach them) are the options' defaults.
    #[test]
    fn limit_defaults_match_the_parsers_constants() {
        let options = RuleOptions::default();
        assert_eq!(options.max_yaml_depth, crate::yaml::MAX_DEPTH);
        assert_eq!(options.max_yaml_nodes, crate::yaml::MAX_NODES);
        assert_eq!(options.max_include_depth, crate::redis_conf::load::MAX_INCLUDE_DEPTH);
    }

    #[test]
    fn parses_versions() {
        assert_eq!(RedisVersion::parse("7.2"), Some(RedisVersion::V7_2));
        assert_eq!(RedisVersion::parse("7.4.1"), Some(RedisVersion::V7_4));
        assert_eq!(RedisVersion::parse("7.0.15"), Some(RedisVersion::V7_0));
        assert_eq!(RedisVersion::parse("6.2"), None);
        assert_eq!(RedisVersion::parse("7.1"), None);
        assert_eq!(RedisVersion::parse("7.2.x"), None);
        assert_eq!(RedisVersion::default(), RedisVersion::V7_4);
    }

    #[test]
    fn select_then_levels() {
        let mut settings = Settings::only("a");
        assert_eq!(settings.level_of("a", Severity::Warning), Some(Severity::Warning));
        assert_eq!(settings.level_of("b", Severity::Warning), None);
        settings.levels.insert("a".into(), RuleLevel::On(Severity::Error));
        assert_eq!(settings.level_of("a", Severity::Warning), Some(Severity::Error));
        settings.levels.insert("a".into(), RuleLevel::Off);
        assert_eq!(settings.level_of("a", Severity::Warning), None);
    }
}
