//! `redis-exposed-by-service`: see `policies/security/redis-exposed-by-service.md`.

use crate::diagnostic::Severity;
use crate::model::Model;
use crate::model::container::ServiceType;
use crate::rules::{Rule, RuleContext};

pub(crate) const RULE: Rule = Rule { name: "redis-exposed-by-service", check };

/// `loadBalancerSourceRanges` that still admit every address.
fn admits_everyone(range: &str) -> bool {
    matches!(range.trim(), "0.0.0.0/0" | "::/0")
}

fn check(ctx: &mut RuleContext<'_>, model: &Model) {
    for instance in &model.instances {
        let Some(container) = &instance.container else { continue };
        let open = instance.config.default_user_auth().is_open();
        let consequence = if open { ", and Redis has no password" } else { "" };
        for (service, ports) in instance.services_reaching_redis() {
            let name = &service.name.value;
            let target = ports[0].target;
            let kind = service.service_type.value;
            let restricted = kind == ServiceType::LoadBalancer
                && !service.source_ranges.is_empty()
                && !service.source_ranges.iter().any(|range| admits_everyone(&range.value));
            if kind.is_external() && !restricted {
                let message = if kind == ServiceType::NodePort {
                    let node_port = ports
                        .iter()
                        .find_map(|port| port.node_port.as_ref())
                        .map_or_else(String::new, |node_port| format!(" (as port {})", node_port.value));
                    format!(
                        "Service `{name}` (NodePort) makes Redis's port {target} reachable on every node of the cluster{node_port}{consequence}"
                    )
                } else {
                    format!(
                        "Service `{name}` (LoadBalancer) exposes Redis's port {target} outside the cluster{consequence}"
                    )
                };
                let mut report = ctx
                    .report(service.service_type.span, message)
                    .label(container.span, "this Redis")
                    .help("use a ClusterIP Service (the default): clients in the cluster reach Redis through it; reach it from outside through a VPN or `kubectl port-forward`");
                for port in &ports {
                    report = report.label(
                        port.node_port.as_ref().map_or(port.span, |node_port| node_port.span),
                        "reaches Redis",
                    );
                }
                if open {
                    report.escalate(Severity::Error);
                }
            }
            for ip in &service.external_ips {
                let report = ctx
                    .report(
                        ip.span,
                        format!("Service `{name}` sends traffic for the external address `{}` to Redis's port {target}{consequence}", ip.value),
                    )
                    .label(container.span, "this Redis")
                    .help("remove `externalIPs`: clients in the cluster reach Redis through the Service's cluster IP");
                if open {
                    report.escalate(Severity::Error);
                }
            }
        }
    }
}
