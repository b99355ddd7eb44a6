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
                if instance.is_kubernetes() {
                    ctx.report(health.span, "`redis-cli ping` exits 0 on `NOAUTH` and `LOADING` errors: this probe passes while Redis refuses clients")
                        .help("compare the answer: `command: [\"sh\", \"-c\", \"redis-cli ping | grep PONG\"]`");
                } else {
                    ctx.report(health.span, "`redis-cli ping` exits 0 on `NOAUTH` and `LOADING` errors: this health check passes while Redis refuses clients")
                        .help("compare the answer: `[\"CMD-SHELL\", \"redis-cli ping | grep PONG\"]`");
                }
            }
        }
    }
}
