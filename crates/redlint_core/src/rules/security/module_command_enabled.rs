//! `module-command-enabled`: see `policies/security/module-command-enabled.md`.

use crate::model::Model;
use crate::rules::{Rule, RuleContext};

pub(crate) const RULE: Rule = Rule { name: "module-command-enabled", check };

fn check(ctx: &mut RuleContext<'_>, model: &Model) {
    super::report_enabled(
        ctx,
        model,
        "enable-module-command",
        "`MODULE LOAD` (which runs any shared library on the server's disk)",
        "load the modules you need with `loadmodule` in the config and remove this line",
    );
}
