//! `unsafe-sysctl`: see `policies/reliability/unsafe-sysctl.md`.

use crate::model::Model;
use crate::model::container::{SAFE_SYSCTLS, is_namespaced_sysctl};
use crate::rules::{Rule, RuleContext};

pub(crate) const RULE: Rule = Rule { name: "unsafe-sysctl", check };

fn check(ctx: &mut RuleContext<'_>, model: &Model) {
    for instance in model.instances.iter().filter(|instance| instance.is_kubernetes()) {
        let Some(container) = &instance.container else { continue };
        for sysctl in &container.sysctls {
            let name = sysctl.sysctl_name();
            // Not namespaced at all is `non-namespaced-sysctl`.
            if !is_namespaced_sysctl(name) || SAFE_SYSCTLS.contains(&name) {
                continue;
            }
            ctx.report(
                sysctl.span,
                format!("`{name}` is not a safe sysctl: the pod is rejected (`SysctlForbidden`) unless every node's kubelet allows it with `--allowed-unsafe-sysctls`"),
            )
            .help("allow it on the nodes that run Redis (kubelet `allowedUnsafeSysctls`), or set it on the nodes and drop it from the pod");
        }
    }
}
