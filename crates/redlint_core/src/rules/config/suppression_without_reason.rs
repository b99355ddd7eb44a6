//! `suppression-without-reason`: see `policies/config/suppression-without-reason.md`.
//! Suppressions are found by the engine, not the model, so the engine reports this rule
//! (`engine::report_missing_reasons`); the rule is registered for its page, its selection
//! and its severity.

use crate::model::Model;
use crate::rules::{Rule, RuleContext};

pub(crate) const RULE: Rule = Rule { name: "suppression-without-reason", check };

fn check(_: &mut RuleContext<'_>, _: &Model) {}
