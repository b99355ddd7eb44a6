//! `plaintext-password`: see `policies/security/plaintext-password.md`.

use crate::model::{Model, Value, Via};
use crate::rules::{Rule, RuleContext};
use crate::source::FileKind;

pub(crate) const RULE: Rule = Rule { name: "plaintext-password", check };

const PASSWORD_DIRECTIVES: [&str; 4] =
    ["requirepass", "masterauth", "tls-key-file-pass", "tls-client-key-file-pass"];

fn check(ctx: &mut RuleContext<'_>, model: &Model) {
    for instance in &model.instances {
        let config = &instance.config;
        for directive in PASSWORD_DIRECTIVES {
            let setting = config.setting(directive);
            let (Value::Str(password), Some(at)) = (&setting.value, setting.origin.set_at()) else {
                continue;
            };
            // A config file held in a Kubernetes Secret keeps its password where it belongs.
            if password.is_empty() || at.via != Via::ConfigFile || model.secret_files.contains(&at.value.file)
            {
                continue;
            }
            ctx.report(at.value, format!("plaintext password in `{directive}`"))
                .help("keep passwords out of the repository: mount a file from a secret and `include` it, or store a SHA-256 hash in an ACL user (`#<sha256>`)");
        }
        for user in &config.users {
            for &password in user.passwords.iter().filter(|span| !model.secret_files.contains(&span.file)) {
                ctx.report(password, format!("plaintext password for ACL user `{}`", user.name))
                    .help("use the SHA-256 form (`#<64 hex digits>`) so the password itself is not stored");
            }
        }
    }
    for credential in model.credentials.iter().filter(|credential| credential.literal) {
        let help = if ctx.sources().get(credential.span.file).kind() == FileKind::Kubernetes {
            "keep it in a Secret and reference it (`valueFrom: {secretKeyRef: …}`)"
        } else {
            "take it from a variable kept out of the repository (`${REDIS_PASSWORD:?}`) or a secret file"
        };
        ctx.report(credential.span, format!("plaintext password in {}", credential.holder)).help(help);
    }
}
