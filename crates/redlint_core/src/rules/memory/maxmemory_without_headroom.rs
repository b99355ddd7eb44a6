//! `maxmemory-without-headroom`: see `policies/memory/maxmemory-without-headroom.md`.

use crate::model::Model;
use crate::redis_conf::values::describe_bytes;
use crate::rules::{Rule, RuleContext, delivery_labels};

pub(crate) const RULE: Rule = Rule { name: "maxmemory-without-headroom", check };

fn check(ctx: &mut RuleContext<'_>, model: &Model) {
    let options = ctx.options().clone();
    for instance in &model.instances {
        let (Some(limit), Some(budget)) = (instance.memory_limit(), instance.maxmemory_budget(&options))
        else {
            continue;
        };
        let config = &instance.config;
        let maxmemory = config.bytes("maxmemory");
        // Above the limit itself is `maxmemory-exceeds-memory-limit`.
        if maxmemory == 0 || maxmemory >= limit.value || maxmemory <= budget.bytes {
            continue;
        }
        let share = u128::from(maxmemory) * 100 / u128::from(limit.value);
        let why = if budget.forks {
            "snapshots, AOF rewrites and replica syncs fork Redis, and the copy can double its memory"
        } else {
            "client and replication buffers come on top of it"
        };
        let span = config.origin("maxmemory").value_span().unwrap_or(instance.anchor);
        let labels = delivery_labels(instance, ctx.sources(), span.file);
        let mut report = ctx
            .report(
                span,
                format!(
                    "`maxmemory` is {share}% of the container's memory limit ({} of {}): {why}",
                    describe_bytes(maxmemory),
                    describe_bytes(limit.value)
                ),
            )
            .label(limit.span, "memory limit");
        for (span, message) in labels {
            report = report.label(span, message);
        }
        report.help(format!(
            "keep `maxmemory` at or below {}% of the limit: {}",
            budget.percent,
            describe_bytes(budget.bytes)
        ));
    }
}
