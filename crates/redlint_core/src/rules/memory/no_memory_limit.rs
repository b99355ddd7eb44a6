//! `no-memory-limit`: see `policies/memory/no-memory-limit.md`.

use crate::model::Model;
use crate::rules::{Rule, RuleContext};

pub(crate) const RULE: Rule = Rule { name: "no-memory-limit", check };

fn check(ctx: &mut RuleContext<'_>, model: &Model) {
    for instance in &model.instances {
        let Some(container) = &instance.container else { continue };
        // Decided where the image runs, not in the Dockerfile.
        if instance.is_image_only() {
            continue;
        }
        if container.memory_limit.is_some() || instance.is_sentinel() {
            continue;
        }
        let (what, help) = if instance.is_kubernetes() {
            (
                "no memory limit: a growing Redis can take the node's memory from every other pod on it",
                "set `resources.limits.memory` and a `maxmemory` below it",
            )
        } else {
            (
                "no memory limit: a growing Redis can take the host's memory from everything else on it",
                "set `mem_limit` (or `deploy.resources.limits.memory`) and a `maxmemory` below it",
            )
        };
        ctx.report(container.span, what).help(help);
    }
}
