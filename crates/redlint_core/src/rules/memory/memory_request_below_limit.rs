//! `memory-request-below-limit`: see `policies/memory/memory-request-below-limit.md`.

use crate::model::Model;
use crate::redis_conf::values::describe_bytes;
use crate::rules::{Rule, RuleContext};

pub(crate) const RULE: Rule = Rule { name: "memory-request-below-limit", check };

fn check(ctx: &mut RuleContext<'_>, model: &Model) {
    for instance in model.instances.iter().filter(|instance| instance.is_kubernetes()) {
        let Some(container) = &instance.container else { continue };
        let (Some(request), Some(limit)) = (&container.memory_request, &container.memory_limit) else {
            continue;
        };
        if request.value >= limit.value {
            continue;
        }
        ctx.report(
            request.span,
            format!(
                "the memory request ({}) is below the limit ({}): the node may not have the difference when Redis needs it, and under memory pressure the pod is among the first evicted",
                describe_bytes(request.value),
                describe_bytes(limit.value)
            ),
        )
        .label(limit.span, "memory limit")
        .help("request what Redis may use: set `requests.memory` to `limits.memory` (the Guaranteed QoS class)");
    }
}
