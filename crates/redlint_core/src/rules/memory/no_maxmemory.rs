//! `no-maxmemory`: see `policies/memory/no-maxmemory.md`.

use crate::model::Model;
use crate::rules::{Rule, RuleContext};

pub(crate) const RULE: Rule = Rule { name: "no-maxmemory", check };

fn check(ctx: &mut RuleContext<'_>, model: &Model) {
    for instance in &model.instances {
        let config = &instance.config;
        // A non-default policy with no limit is `eviction-policy-without-maxmemory`; a
        // container memory limit without one is `memory-limit-without-maxmemory`.
        if instance.is_sentinel()
            || instance.memory_limit().is_some()
            || !config.is_known("maxmemory")
            || config.bytes("maxmemory") != 0
            || config.enum_value("maxmemory-policy") != "noeviction"
        {
            continue;
        }
        let span = config.origin("maxmemory").value_span().unwrap_or(instance.anchor);
        ctx.report(
            span,
            "no `maxmemory`: Redis ignores the container's memory limit and grows until it is OOM-killed",
        )
        .help(
            "set `maxmemory` to about 75% of the memory available to Redis, and choose a `maxmemory-policy`",
        );
    }
}
