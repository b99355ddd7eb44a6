//! `non-namespaced-sysctl`: see `policies/reliability/non-namespaced-sysctl.md`.

use crate::model::Model;
use crate::rules::{Rule, RuleContext};

pub(crate) const RULE: Rule = Rule { name: "non-namespaced-sysctl", check };

/// Kernel parameters a container (or pod) may set: the network namespace's, and System V IPC.
fn is_namespaced(name: &str) -> bool {
    name.starts_with("net.")
        || name.starts_with("kernel.shm")
        || name.starts_with("kernel.msg")
        || name == "kernel.sem"
        || name == "fs.mqueue"
        || name.starts_with("fs.mqueue.")
}

fn check(ctx: &mut RuleContext<'_>, model: &Model) {
    for instance in &model.instances {
        let Some(container) = &instance.container else { continue };
        for sysctl in &container.sysctls {
            let name = sysctl.value.split(['=', ':']).next().unwrap_or("").trim();
            if name.is_empty() || is_namespaced(name) {
                continue;
            }
            let advice = if name == "vm.overcommit_memory" {
                "set it on the host (`sysctl vm.overcommit_memory=1`); Redis warns about it but runs"
            } else {
                "set it on the host, or drop it"
            };
            ctx.report(
                sysctl.span,
                format!("`{name}` is not namespaced: the container cannot set it and fails to start"),
            )
            .help(advice);
        }
    }
}
