//! `input-limit-exceeded`: see `policies/config/input-limit-exceeded.md`. The engine (file
//! size, file count), the YAML layer (nodes, depth) and the redis.conf loader (include depth)
//! find these problems where each limit is crossed; this rule reports them.

use crate::model::Model;
use crate::model::config::ProblemKind;
use crate::rules::{Rule, RuleContext};

pub(crate) const RULE: Rule = Rule { name: "input-limit-exceeded", check };

fn check(ctx: &mut RuleContext<'_>, model: &Model) {
    ctx.report_problems(model, ProblemKind::InputLimit);
}
