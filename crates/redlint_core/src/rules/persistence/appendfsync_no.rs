//! `appendfsync-no`: see `policies/persistence/appendfsync-no.md`.

use crate::model::Model;
use crate::rules::{Rule, RuleContext};

pub(crate) const RULE: Rule = Rule { name: "appendfsync-no", check };

fn check(ctx: &mut RuleContext<'_>, model: &Model) {
    for instance in &model.instances {
        let config = &instance.config;
        if !config.aof_enabled() || config.enum_value("appendfsync") != "no" {
            continue;
        }
        let span = config.origin("appendfsync").value_span().unwrap_or(instance.anchor);
        ctx.report(
            span,
            "`appendfsync no` leaves flushing to the kernel: a crash can lose about 30 seconds of writes",
        )
        .help("use `appendfsync everysec`");
    }
}
