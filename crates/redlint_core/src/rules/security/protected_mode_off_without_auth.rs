//! `protected-mode-off-without-auth`: see `policies/security/protected-mode-off-without-auth.md`.

use super::{default_user_auth_known, exposed_without_auth};
use crate::model::{Model, Origin};
use crate::rules::{Rule, RuleContext};

pub(crate) const RULE: Rule = Rule { name: "protected-mode-off-without-auth", check };

fn check(ctx: &mut RuleContext<'_>, model: &Model) {
    for instance in &model.instances {
        let config = &instance.config;
        if !exposed_without_auth(config)
            || !default_user_auth_known(config)
            || !config.is_known("protected-mode")
        {
            continue;
        }
        let origin = config.origin("protected-mode");
        let span = origin.value_span().unwrap_or(instance.anchor);
        let why = match origin {
            Origin::ImageDefault { image } => format!("the `{image}` image turns protected mode off"),
            Origin::SentinelDefault => "Sentinel turns protected mode off by default".to_owned(),
            _ => "protected mode is off".to_owned(),
        };
        let who = if instance.is_sentinel() { "Sentinel" } else { "Redis" };
        let mut report = ctx.report(
            span,
            format!("{why} and the default user has no password: anyone who reaches {who} gets full access"),
        );
        let bind = config.setting("bind");
        if let Some(bind_span) = bind.origin.value_span() {
            report = report.label(bind_span, "listens on these addresses");
        }
        report.help(
            "set a password (`requirepass`, or an ACL `user default on >…`), or bind to 127.0.0.1 only",
        );
    }
}
