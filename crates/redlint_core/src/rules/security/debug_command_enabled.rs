//! `debug-command-enabled`: see `policies/security/debug-command-enabled.md`.

use crate::model::Model;
use crate::rules::{Rule, RuleContext};

pub(crate) const RULE: Rule = Rule { name: "debug-command-enabled", check };

fn check(ctx: &mut RuleContext<'_>, model: &Model) {
    super::report_enabled(
        ctx,
        model,
        "enable-debug-command",
        "`DEBUG` (which can crash the server or dump its memory)",
        "remove the line outside of development",
    );
}
