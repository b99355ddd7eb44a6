//! `unused-suppression`: see `policies/config/unused-suppression.md`. Only the engine knows
//! which suppressions silenced something, so it reports this rule after applying them
//! (`engine::unused_suppressions`); the rule is registered for its page, its selection and
//! its severity.

use crate::model::Model;
use crate::rules::{Rule, RuleContext};

pub(crate) const RULE: Rule = Rule { name: "unused-suppression", check };

fn check(_: &mut RuleContext<'_>, _: &Model) {}
