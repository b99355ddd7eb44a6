//! `yaml-syntax-error`: see `policies/config/yaml-syntax-error.md`.

use crate::model::Model;
use crate::model::config::ProblemKind;
use crate::rules::{Rule, RuleContext};

pub(crate) const RULE: Rule = Rule { name: "yaml-syntax-error", check };

fn check(ctx: &mut RuleContext<'_>, model: &Model) {
    ctx.report_problems(model, ProblemKind::YamlSyntax);
}
