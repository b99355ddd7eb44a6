//! `config-command-enabled`: see `policies/security/config-command-enabled.md`.

use crate::model::Model;
use crate::model::config::DefaultUserAuth;
use crate::redis_conf::commands::categories_of;
use crate::rules::{Rule, RuleContext};

pub(crate) const RULE: Rule = Rule { name: "config-command-enabled", check };

fn check(ctx: &mut RuleContext<'_>, model: &Model) {
    for instance in &model.instances {
        let config = &instance.config;
        // A config file redlint could not read may rename it or define ACL users.
        if instance.is_sentinel() || !config.is_complete() {
            continue;
        }
        // Renamed away: `guessable-command-rename` judges the new name.
        if config.rename_of("config").is_some() {
            continue;
        }
        // Defined in an ACL file redlint cannot read: nothing to say.
        if matches!(config.default_user_auth(), DefaultUserAuth::Unknown { .. }) {
            continue;
        }
        let default_can_run = match config.user("default") {
            Some(user) => user.enabled && user.can_run("config", categories_of("config")),
            None => true,
        };
        if !default_can_run {
            continue;
        }
        ctx.report(instance.anchor, "the `CONFIG` command is available to every client of the default user")
            .help("deny it with ACLs (`user default on >… ~* +@all -@dangerous`), or `rename-command CONFIG \"\"`");
    }
}
