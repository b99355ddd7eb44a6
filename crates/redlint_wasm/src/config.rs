//! The playground's and the action's optional configuration: the text of a `redlint.toml`,
//! parsed and validated by the core exactly as the CLI reads it (presets, rule levels and
//! options, `[[ignore]]` entries). The file is taken to sit at the root of the checked files.

use redlint_core::Settings;
use redlint_core::config::Config;
use redlint_core::source::LineIndex;

/// Turn `redlint.toml` text into settings; an empty text gives the defaults. An invalid file
/// is an error naming the first problem and where it is (`line:column: message`).
pub fn settings_from_config(text: &str) -> Result<Settings, String> {
    let mut settings = Settings::default();
    if text.trim().is_empty() {
        return Ok(settings);
    }
    match Config::parse(text) {
        Ok(config) => {
            config.apply(&mut settings, "", "");
            Ok(settings)
        }
        Err(errors) => {
            let first = errors.first().map_or_else(
                || "invalid configuration".to_owned(),
                |error| match &error.span {
                    Some(span) => {
                        let index = LineIndex::new(text);
                        let position =
                            index.position(text, span.start, redlint_core::source::ColumnEncoding::Chars);
                        format!("{}:{}: {}", position.line, position.column, error.message)
                    }
                    None => error.message.clone(),
                },
            );
            Err(first)
        }
    }
}

#[cfg(test)]
mod tests {
    use redlint_core::{RedisVersion, RuleLevel, Severity};

    use super::*;

    #[test]
    fn reads_redlint_toml_as_the_cli_does() {
        let settings = settings_from_config(
            "extends = \"strict\"\nredis-version = \"7.2\"\n\n[rules]\nrelative-dir = \"error\"\naof-disabled = \"off\"\n",
        )
        .unwrap();
        assert_eq!(settings.redis_version, RedisVersion::V7_2);
        assert_eq!(settings.levels.get("relative-dir"), Some(&RuleLevel::On(Severity::Error)));
        assert_eq!(settings.levels.get("aof-disabled"), Some(&RuleLevel::Off));
        assert!(settings_from_config("  \n").unwrap().levels.is_empty());
    }

    #[test]
    fn problems_say_where_they_are() {
        assert_eq!(
            settings_from_config("[rules]\nno-such-rule = \"off\"\n")
                .unwrap_err()
                .split(':')
                .take(2)
                .collect::<Vec<_>>(),
            ["2", "1"]
        );
        assert!(settings_from_config("redis-version = \"6.2\"\n").unwrap_err().starts_with("1:17: "));
    }
}
