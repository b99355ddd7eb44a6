//! `missing-healthcheck`: see `policies/reliability/missing-healthcheck.md`.

use crate::model::Model;
use crate::model::container::HealthKind;
use crate::rules::{Rule, RuleContext};

pub(crate) const RULE: Rule = Rule { name: "missing-healthcheck", check };

fn check(ctx: &mut RuleContext<'_>, model: &Model) {
    for instance in &model.instances {
        let Some(container) = &instance.container else { continue };
        // Decided where the image runs, not in the Dockerfile.
        if instance.is_sentinel() || instance.is_image_only() {
            continue;
        }
        if !instance.is_kubernetes() {
            if container.health.is_empty() {
                ctx.report(
                    container.span,
                    "no health check: dependants start before Redis answers, and a hung Redis is never restarted",
                )
                .help("add `healthcheck: test: [\"CMD-SHELL\", \"redis-cli ping | grep PONG\"]`");
            }
            continue;
        }
        let has = |kind: HealthKind| container.health.iter().any(|health| health.kind == kind);
        let message = match (has(HealthKind::Liveness), has(HealthKind::Readiness)) {
            (true, true) => continue,
            (false, false) => {
                "no liveness or readiness probe: Services send clients to a Redis still loading its data, and a hung Redis is never restarted"
            }
            (true, false) => "no readiness probe: Services send clients to a Redis still loading its data",
            (false, true) => "no liveness probe: a hung Redis is never restarted",
        };
        ctx.report(container.span, message).help(
            "add probes that compare the answer: `exec: {command: [\"sh\", \"-c\", \"redis-cli ping | grep PONG\"]}`",
        );
    }
}
