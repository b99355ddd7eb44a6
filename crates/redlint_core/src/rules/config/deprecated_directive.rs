//! `deprecated-directive`: see `policies/config/deprecated-directive.md`. The redis.conf loader finds these
//! problems while it executes the configuration; this rule reports them.

use crate::model::Model;
use crate::model::config::ProblemKind;
use crate::rules::{Rule, RuleContext};

pub(crate) const RULE: Rule = Rule { name: "deprecated-directive", check };

fn check(ctx: &mut RuleContext<'_>, model: &Model) {
    ctx.report_problems(model, ProblemKind::DeprecatedDirective);
}
