//! `dockerfile-syntax-error`: see `policies/config/dockerfile-syntax-error.md`.

use crate::model::Model;
use crate::model::config::ProblemKind;
use crate::rules::{Rule, RuleContext};

pub(crate) const RULE: Rule = Rule { name: "dockerfile-syntax-error", check };

fn check(ctx: &mut RuleContext<'_>, model: &Model) {
    ctx.report_problems(model, ProblemKind::DockerfileSyntax);
}
