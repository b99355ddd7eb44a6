//! `container-security-context-weak`: see `policies/security/container-security-context-weak.md`.

use crate::model::Model;
use crate::model::launch::RunsAs;
use crate::rules::{Rule, RuleContext};

pub(crate) const RULE: Rule = Rule { name: "container-security-context-weak", check };

fn check(ctx: &mut RuleContext<'_>, model: &Model) {
    for instance in model.instances.iter().filter(|instance| instance.is_kubernetes()) {
        let Some(container) = &instance.container else { continue };
        let identity = &container.identity;
        let mut missing = Vec::new();
        let mut labels = Vec::new();
        match &identity.allow_privilege_escalation {
            Some(value) if !value.value => {}
            Some(value) => {
                missing.push("privilege escalation allowed");
                labels.push((value.span, "allows privilege escalation"));
            }
            None => missing.push("privilege escalation allowed"),
        }
        if !identity.capabilities_drop.iter().any(|capability| capability.value.eq_ignore_ascii_case("ALL")) {
            missing.push("every capability kept");
        }
        match &identity.read_only_root_filesystem {
            Some(value) if value.value => {}
            Some(value) => {
                missing.push("the root filesystem writable");
                labels.push((value.span, "writable root filesystem"));
            }
            None => missing.push("the root filesystem writable"),
        }
        match &identity.seccomp {
            Some(profile) if !profile.value.eq_ignore_ascii_case("Unconfined") => {}
            Some(profile) => {
                missing.push("no seccomp profile");
                labels.push((profile.span, "seccomp disabled"));
            }
            None => missing.push("no seccomp profile"),
        }
        if missing.is_empty() {
            continue;
        }
        let list = match missing.split_last() {
            Some((last, [])) => (*last).to_owned(),
            Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
            None => continue,
        };
        // The official entrypoint switches users itself (it needs CAP_SETUID, CAP_SETGID and
        // CAP_CHOWN), so dropping every capability goes with a fixed user.
        let user = if instance.launch().runs_as == RunsAs::Dropped {
            ", with `runAsUser: 999` so the entrypoint does not need to switch users"
        } else {
            ""
        };
        let mut report =
            ctx.report(container.span, format!("the Redis container's security context leaves {list}"));
        for (span, message) in labels {
            report = report.label(span, message);
        }
        report.help(format!(
            "set `securityContext: {{allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {{drop: [ALL]}}, seccompProfile: {{type: RuntimeDefault}}}}`{user}"
        ));
    }
}
