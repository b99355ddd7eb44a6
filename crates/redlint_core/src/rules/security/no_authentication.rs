//! `no-authentication`: see `policies/security/no-authentication.md`.

use super::{default_user_auth_known, exposed_without_auth, open_default_user_span};
use crate::model::Model;
use crate::rules::{Rule, RuleContext};

pub(crate) const RULE: Rule = Rule { name: "no-authentication", check };

fn check(ctx: &mut RuleContext<'_>, model: &Model) {
    for instance in &model.instances {
        let config = &instance.config;
        // The exposed case is `protected-mode-off-without-auth`, an error.
        if !config.default_user_auth().is_open()
            || exposed_without_auth(config)
            || !default_user_auth_known(config)
        {
            continue;
        }
        let guard = if !config.listens_on_tcp() {
            "it only listens on a unix socket"
        } else if config.binds_loopback_only() {
            "only its loopback binding keeps other hosts out"
        } else {
            "only protected mode keeps remote clients out"
        };
        ctx.report(open_default_user_span(instance), format!("the default user has no password: {guard}"))
            .help("set `requirepass`, or define ACL users with passwords (`user default on >… ~* +@all`)");
    }
}
