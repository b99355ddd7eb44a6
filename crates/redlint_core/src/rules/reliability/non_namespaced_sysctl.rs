//! `non-namespaced-sysctl`: see `policies/reliability/non-namespaced-sysctl.md`.

use crate::model::Model;
use crate::model::container::is_namespaced_sysctl;
use crate::rules::{Rule, RuleContext};

pub(crate) const RULE: Rule = Rule { name: "non-namespaced-sysctl", check };

fn check(ctx: &mut RuleContext<'_>, model: &Model) {
    for instance in &model.instances {
        let Some(container) = &instance.container else { continue };
        for sysctl in &container.sysctls {
            let name = sysctl.sysctl_name();
            if name.is_empty() || is_namespaced_sysctl(name) {
                continue;
            }
            let (host, fails) = if instance.is_kubernetes() {
                ("node", "the pod is rejected (`SysctlForbidden`)")
            } else {
                ("host", "the container cannot set it and fails to start")
            };
            let advice = if name == "vm.overcommit_memory" {
                format!(
                    "set it on the {host} (`sysctl vm.overcommit_memory=1`); Redis warns about it but runs"
                )
            } else {
                format!("set it on the {host}, or drop it")
            };
            ctx.report(sysctl.span, format!("`{name}` is not namespaced: {fails}")).help(advice);
        }
    }
}
