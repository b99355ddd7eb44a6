//! `maxmemory-exceeds-memory-limit`: see `policies/memory/maxmemory-exceeds-memory-limit.md`.

use crate::model::Model;
use crate::redis_conf::values::describe_bytes;
use crate::rules::{Rule, RuleContext, delivery_labels};

pub(crate) const RULE: Rule = Rule { name: "maxmemory-exceeds-memory-limit", check };

fn check(ctx: &mut RuleContext<'_>, model: &Model) {
    let options = ctx.options().clone();
    for instance in &model.instances {
        let (Some(limit), Some(budget)) = (instance.memory_limit(), instance.maxmemory_budget(&options))
        else {
            continue;
        };
        let maxmemory = instance.config.bytes("maxmemory");
        if maxmemory == 0 || maxmemory < limit.value {
            continue;
        }
        let span = instance.config.origin("maxmemory").value_span().unwrap_or(instance.anchor);
        let labels = delivery_labels(instance, ctx.sources(), span.file);
        let mut report = ctx.report(
            span,
            format!(
                "`maxmemory` ({}) is not below the container's memory limit ({}): the kernel kills Redis before it evicts anything",
                describe_bytes(maxmemory),
                describe_bytes(limit.value)
            ),
        )
        .label(limit.span, "memory limit");
        for (span, message) in labels {
            report = report.label(span, message);
        }
        report.help(format!(
            "set `maxmemory` to at most {} ({}% of the limit) to leave room for forks and buffers",
            describe_bytes(budget.bytes),
            budget.percent
        ));
    }
}
