//! `daemonize-enabled`: see `policies/persistence/daemonize-enabled.md`.

use crate::model::Model;
use crate::rules::{Rule, RuleContext};

pub(crate) const RULE: Rule = Rule { name: "daemonize-enabled", check };

fn check(ctx: &mut RuleContext<'_>, model: &Model) {
    for instance in &model.instances {
        let config = &instance.config;
        if !config.bool("daemonize") {
            continue;
        }
        let span = config.origin("daemonize").value_span().unwrap_or(instance.anchor);
        ctx.report(span, "`daemonize yes` forks Redis into the background: in a container the main process exits and the container stops")
            .help("set `daemonize no`; the container runtime already supervises Redis");
    }
}
