//! `privileged-container`: see `policies/security/privileged-container.md`.

use crate::model::Model;
use crate::rules::{Rule, RuleContext};

pub(crate) const RULE: Rule = Rule { name: "privileged-container", check };

fn check(ctx: &mut RuleContext<'_>, model: &Model) {
    for instance in &model.instances {
        let Some(container) = &instance.container else { continue };
        let Some(privileged) = container.identity.privileged.as_ref().filter(|value| value.value) else {
            continue;
        };
        let host = if instance.is_kubernetes() { "node" } else { "host" };
        ctx.report(
            privileged.span,
            format!("the Redis container is privileged: it has every capability and the {host}'s devices, so whoever takes over Redis takes over the {host}"),
        )
        .label(container.span, "this container")
        .help(format!("remove `privileged: true`; set kernel parameters Redis wants (`vm.overcommit_memory`, transparent huge pages) on the {host}"));
    }
}
