//! `tls-with-plaintext-port`: see `policies/security/tls-with-plaintext-port.md`.

use crate::model::Model;
use crate::rules::{Rule, RuleContext};

pub(crate) const RULE: Rule = Rule { name: "tls-with-plaintext-port", check };

fn check(ctx: &mut RuleContext<'_>, model: &Model) {
    for instance in &model.instances {
        let config = &instance.config;
        let (tls_port, port) = (config.int("tls-port"), config.int("port"));
        if tls_port == 0 || port == 0 || !config.is_known("port") {
            continue;
        }
        let tls = config.origin("tls-port").value_span().unwrap_or(instance.anchor);
        let message = format!("TLS is on (port {tls_port}) but plaintext port {port} is still open");
        let mut report = ctx.report(config.origin("port").value_span().unwrap_or(tls), message);
        if config.origin("port").is_explicit() {
            report = report.label(tls, "TLS port");
        }
        report.help("set `port 0` so clients cannot bypass TLS");
    }
}
