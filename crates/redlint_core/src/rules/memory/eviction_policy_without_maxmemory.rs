//! `eviction-policy-without-maxmemory`: see `policies/memory/eviction-policy-without-maxmemory.md`.

use crate::model::Model;
use crate::rules::{Rule, RuleContext};

pub(crate) const RULE: Rule = Rule { name: "eviction-policy-without-maxmemory", check };

fn check(ctx: &mut RuleContext<'_>, model: &Model) {
    for instance in &model.instances {
        let config = &instance.config;
        let policy = config.enum_value("maxmemory-policy");
        if instance.is_sentinel()
            || config.bytes("maxmemory") != 0
            || policy == "noeviction"
            || !config.is_known("maxmemory")
        {
            continue;
        }
        let span = config.origin("maxmemory-policy").value_span().unwrap_or(instance.anchor);
        let mut report = ctx.report(
            span,
            format!("`maxmemory-policy {policy}` never evicts anything: `maxmemory` is 0 (no limit)"),
        );
        if let Some(maxmemory) = config.origin("maxmemory").value_span() {
            report = report.label(maxmemory, "no memory limit");
        }
        report.help("set `maxmemory` so the policy has a limit to enforce");
    }
}
