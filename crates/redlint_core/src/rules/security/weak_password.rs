//! `weak-password`: see `policies/security/weak-password.md`.

use crate::model::{Model, Value};
use crate::rules::{Rule, RuleContext};
use crate::source::Span;

pub(crate) const RULE: Rule = Rule { name: "weak-password", check };

/// Passwords from documentation, tutorials and images' examples.
const WELL_KNOWN: &[&str] = &[
    "foobared",
    "redis",
    "password",
    "passw0rd",
    "p@ssw0rd",
    "changeme",
    "change-me",
    "secret",
    "admin",
    "root",
    "test",
    "pass",
    "default",
    "123456",
    "12345678",
    "qwerty",
    "letmein",
    "redispassword",
    "redis123",
    "redispass",
    "mypassword",
    "yourpassword",
    "your_password",
    "your-password",
    "sOmE_sEcUrE_pAsS",
    "str0ng_passw0rd",
    "bitnami",
    "example",
];

fn check(ctx: &mut RuleContext<'_>, model: &Model) {
    let min_length = ctx.options().min_password_length;
    for instance in &model.instances {
        let config = &instance.config;
        let mut passwords: Vec<(String, Span)> = Vec::new();
        for directive in ["requirepass", "masterauth"] {
            let setting = config.setting(directive);
            if let (Value::Str(password), Some(span)) = (&setting.value, setting.origin.value_span()) {
                // A value from a variable is not in the repository to judge.
                if !password.is_empty() && !config.is_runtime(directive) {
                    passwords.push((password.clone(), span));
                }
            }
        }
        for user in &config.users {
            for &span in &user.passwords {
                // `>secret` (a `user` rule): the password is what follows `>`.
                let text = ctx.text(span);
                let password = text.trim_matches(|c| c == '"' || c == '\'').trim_start_matches('>');
                passwords.push((password.to_owned(), span));
            }
        }
        for (password, span) in passwords {
            if let Some(reason) = weakness(&password, min_length) {
                ctx.report(span, format!("weak password: {reason}"))
                    .help(format!("use a random password of at least {min_length} characters, e.g. from `openssl rand -base64 32`"));
            }
        }
    }
}

/// Why a password is weak, without repeating it.
fn weakness(password: &str, min_length: usize) -> Option<String> {
    if password.starts_with("${")
        || password.starts_with('$') && password[1..].chars().all(|c| c.is_ascii_uppercase() || c == '_')
    {
        return Some("redis.conf does not expand variables, so Redis uses this text literally".to_owned());
    }
    if WELL_KNOWN.iter().any(|known| known.eq_ignore_ascii_case(password)) {
        return Some("a well-known default password".to_owned());
    }
    let length = password.chars().count();
    if length < min_length {
        return Some(format!("{length} characters, fewer than {min_length}"));
    }
    let mut distinct: Vec<char> = password.chars().collect();
    crate::sort::sort(&mut distinct);
    distinct.dedup();
    if distinct.len() < 8 {
        return Some(format!("only {} distinct characters", distinct.len()));
    }
    None
}
