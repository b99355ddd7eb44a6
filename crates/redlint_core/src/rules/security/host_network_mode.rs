//! `host-network-mode`: see `policies/security/host-network-mode.md`.

use crate::diagnostic::Severity;
use crate::model::Model;
use crate::rules::{Rule, RuleContext};

pub(crate) const RULE: Rule = Rule { name: "host-network-mode", check };

fn check(ctx: &mut RuleContext<'_>, model: &Model) {
    for instance in &model.instances {
        let Some(span) = instance.container.as_ref().and_then(|container| container.exposure.host_network)
        else {
            continue;
        };
        let bind = instance.config.list("bind").join(" ");
        let open = instance.config.default_user_auth().is_open();
        let consequence = if open { ", with no password" } else { "" };
        let report = if instance.is_kubernetes() {
            ctx.report(span, format!("Redis shares the node's network: it listens on the node's interfaces (`bind {bind}`){consequence}"))
                .help("remove `hostNetwork: true`: pods reach Redis through a ClusterIP Service")
        } else {
            ctx.report(span, format!("Redis shares the host's network: it listens on the host's interfaces (`bind {bind}`){consequence}"))
                .help("use the default bridge network and publish the port on 127.0.0.1 if the host needs it")
        };
        if open {
            report.escalate(Severity::Error);
        }
    }
}
