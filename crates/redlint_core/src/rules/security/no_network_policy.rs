//! `no-network-policy`: see `policies/security/no-network-policy.md`.

use crate::diagnostic::Severity;
use crate::model::Model;
use crate::rules::{Rule, RuleContext};

pub(crate) const RULE: Rule = Rule { name: "no-network-policy", check };

fn check(ctx: &mut RuleContext<'_>, model: &Model) {
    for instance in &model.instances {
        let Some(container) = &instance.container else { continue };
        let Some(isolation) = &container.exposure.network_policies else { continue };
        let open = instance.config.default_user_auth().is_open();
        let consequence = if open { ", and Redis has no password" } else { "" };
        let ports = instance.redis_ports();
        if isolation.policies.is_empty() {
            let (span, pods) = match container.workload() {
                Some(workload) => {
                    (workload.name.span, format!("the pods of {} `{}`", workload.kind, workload.name.value))
                }
                None => (container.span, "these pods".to_owned()),
            };
            let report = ctx
                .report(span, format!("no NetworkPolicy selects {pods}: every pod in the cluster can connect to Redis{consequence}"))
                .help(format!(
                    "add a NetworkPolicy whose `podSelector` matches these pods and whose ingress rule admits only Redis's clients on port {}",
                    ports.first().copied().unwrap_or(6379)
                ));
            if open {
                report.escalate(Severity::Error);
            }
            continue;
        }
        for rule in &isolation.open_rules {
            let Some(port) = ports.iter().copied().find(|&port| rule.admits(port)) else { continue };
            let report = ctx
                .report(
                    rule.span,
                    format!(
                        "NetworkPolicy `{}` lets {} connect to Redis's port {port}{consequence}",
                        rule.policy, rule.sources
                    ),
                )
                .label(container.span, "this Redis")
                .help("list Redis's clients in `from` (a `podSelector` on their labels)");
            if open {
                report.escalate(Severity::Error);
            }
        }
    }
}
