//! `config-outside-repository`: see `policies/config/config-outside-repository.md`.

use crate::model::Model;
use crate::model::config::ProblemKind;
use crate::rules::{Rule, RuleContext};

pub(crate) const RULE: Rule = Rule { name: "config-outside-repository", check };

fn check(ctx: &mut RuleContext<'_>, model: &Model) {
    ctx.report_problems(model, ProblemKind::ConfigOutsideRepository);
}
