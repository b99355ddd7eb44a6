//! `protected-configs-enabled`: see `policies/security/protected-configs-enabled.md`.

use crate::model::Model;
use crate::rules::{Rule, RuleContext};

pub(crate) const RULE: Rule = Rule { name: "protected-configs-enabled", check };

fn check(ctx: &mut RuleContext<'_>, model: &Model) {
    super::report_enabled(
        ctx,
        model,
        "enable-protected-configs",
        "`CONFIG SET dir` and `dbfilename` (the classic way to write files through Redis)",
        "remove the line: the default `no` is what Redis 7 intends",
    );
}
