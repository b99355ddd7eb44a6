//! `nopass-user-with-all-commands`: see `policies/security/nopass-user-with-all-commands.md`.

use crate::model::Model;
use crate::rules::{Rule, RuleContext};

pub(crate) const RULE: Rule = Rule { name: "nopass-user-with-all-commands", check };

fn check(ctx: &mut RuleContext<'_>, model: &Model) {
    for instance in &model.instances {
        for user in &instance.config.users {
            // The default user without a password is reported by the authentication rules.
            if user.name == "default" || !user.enabled || !user.nopass || !user.has_all_commands() {
                continue;
            }
            let mut report = ctx.report(
                user.nopass_span.unwrap_or(user.line),
                format!("user `{}` needs no password and may run every command", user.name),
            );
            if let Some(all) = user.all_commands_span {
                report = report.label(all, "every command allowed here");
            }
            report.help("give the user a password (`>…` or `#<sha256>`) or restrict its commands");
        }
    }
}
