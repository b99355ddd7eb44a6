//! `missing-healthcheck`: see `policies/reliability/missing-healthcheck.md`.

use crate::model::Model;
use crate::rules::{Rule, RuleContext};

pub(crate) const RULE: Rule = Rule { name: "missing-healthcheck", check };

fn check(ctx: &mut RuleContext<'_>, model: &Model) {
    for instance in &model.instances {
        let Some(container) = &instance.container else { continue };
        // Decided where the image runs, not in the Dockerfile.
        if instance.is_image_only() {
            continue;
        }
        if !container.health.is_empty() || instance.is_sentinel() {
            continue;
        }
        ctx.report(
            container.span,
            "no health check: dependants start before Redis answers, and a hung Redis is never restarted",
        )
        .help("add `healthcheck: test: [\"CMD-SHELL\", \"redis-cli ping | grep PONG\"]`");
    }
}
