//! `port-published-on-all-interfaces`: see `policies/security/port-published-on-all-interfaces.md`.

use crate::diagnostic::Severity;
use crate::model::Model;
use crate::rules::{Rule, RuleContext};

pub(crate) const RULE: Rule = Rule { name: "port-published-on-all-interfaces", check };

fn check(ctx: &mut RuleContext<'_>, model: &Model) {
    for instance in &model.instances {
        let Some(container) = &instance.container else { continue };
        // Docker publishes nothing for a container on internal networks only.
        if container.exposure.internal_only.is_some() {
            continue;
        }
        let open = instance.config.default_user_auth().is_open();
        for port in instance.published_redis_ports() {
            if port.host_ip.as_deref().is_some_and(|ip| !matches!(ip, "0.0.0.0" | "::" | "[::]")) {
                continue;
            }
            let consequence = if open {
                ", and Redis has no password: anyone who reaches the host owns the data"
            } else {
                ""
            };
            let report = if instance.is_kubernetes() {
                ctx.report(
                    port.span,
                    format!(
                        "Redis port {} is opened on every interface of the node by `hostPort`{consequence}",
                        port.target
                    ),
                )
                .help("remove `hostPort`: pods reach Redis through a ClusterIP Service")
            } else {
                ctx.report(port.span, format!("Redis port {} is published on every interface of the host{consequence}", port.target))
                    .help(format!(
                        "publish it on 127.0.0.1 only (`\"127.0.0.1:{}:{}\"`), or not at all: other services reach Redis over the Compose network",
                        port.published.as_deref().unwrap_or("6379"),
                        port.target
                    ))
            };
            let report = report.label(container.span, "this Redis");
            if open {
                report.escalate(Severity::Error);
            }
        }
    }
}
