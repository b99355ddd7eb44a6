//! `missing-final-newline`: see `policies/config/missing-final-newline.md`. The redis.conf
//! loader finds these problems while it executes the configuration; this rule reports them.

use crate::model::Model;
use crate::model::config::ProblemKind;
use crate::rules::{Rule, RuleContext};

pub(crate) const RULE: Rule = Rule { name: "missing-final-newline", check };

fn check(ctx: &mut RuleContext<'_>, model: &Model) {
    ctx.report_problems(model, ProblemKind::MissingFinalNewline);
}
