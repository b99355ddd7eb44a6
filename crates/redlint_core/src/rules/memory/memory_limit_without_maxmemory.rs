//! `memory-limit-without-maxmemory`: see `policies/memory/memory-limit-without-maxmemory.md`.

use crate::model::Model;
use crate::redis_conf::values::{describe_bytes, format_bytes};
use crate::rules::{Rule, RuleContext};

pub(crate) const RULE: Rule = Rule { name: "memory-limit-without-maxmemory", check };

fn check(ctx: &mut RuleContext<'_>, model: &Model) {
    let options = ctx.options().clone();
    for instance in &model.instances {
        let (Some(limit), Some(budget)) = (instance.memory_limit(), instance.maxmemory_budget(&options))
        else {
            continue;
        };
        let config = &instance.config;
        // Not known when part of the configuration could not be read.
        if instance.is_sentinel() || config.bytes("maxmemory") != 0 || !config.is_complete() {
            continue;
        }
        let explicit = config.origin("maxmemory").value_span();
        let mut report = ctx.report(
            explicit.unwrap_or(limit.span),
            format!(
                "the container may use {}, but Redis has no `maxmemory`: it is killed at the limit instead of evicting",
                describe_bytes(limit.value)
            ),
        );
        if explicit.is_some() {
            report = report.label(limit.span, "memory limit");
        }
        report.help(format!(
            "set `maxmemory {}` ({}% of the limit) and a `maxmemory-policy`",
            format_bytes(budget.bytes),
            budget.percent
        ));
    }
}
