//! `healthcheck-passes-on-auth-error`: see `policies/reliability/healthcheck-passes-on-auth-error.md`.

use crate::model::Model;
use crate::rules::{Rule, RuleContext};

pub(crate) const RULE: Rule = Rule { name: "healthcheck-passes-on-auth-error", check };

fn check(ctx: &mut RuleContext<'_>, model: &Model) {
    for instance in &model.instances {
        let Some(container) = &instance.container else { continue };
        for health in container.health.iter().filter(|health| !health.disabled) {
            let text: String =
                health.command.iter().map(|arg| arg.value.as_str()).collect::<Vec<_>>().join(" ");
            let pings = text
                .split_whitespace()
                .any(|word| word.ends_with("redis-cli") || word.ends_with("valkey-cli"))
                && text.split_whitespace().any(|word| word.eq_ignore_ascii_case("ping"));
            if pings && !text.contains("PONG") {
                let in_dockerfile =
                    container.built.as_ref().is_some_and(|built| built.dockerfile == health.span.file);
                let what = if instance.is_kubernetes() { "probe" } else { "health check" };
                let mut report = ctx.report(
                    health.span,
                    format!("`redis-cli ping` exits 0 on `NOAUTH` and `LOADING` errors: this {what} passes while Redis refuses clients"),
                );
                if let Some((span, message)) = container.build_label().filter(|_| in_dockerfile) {
                    report = report.label(span, message);
                }
                report.help(if in_dockerfile {
                    "compare the answer: `HEALTHCHECK CMD redis-cli ping | grep PONG`"
                } else if instance.is_kubernetes() {
                    "compare the answer: `command: [\"sh\", \"-c\", \"redis-cli ping | grep PONG\"]`"
                } else {
                    "compare the answer: `[\"CMD-SHELL\", \"redis-cli ping | grep PONG\"]`"
                });
            }
        }
    }
}
