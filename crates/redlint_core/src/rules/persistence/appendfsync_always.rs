//! `appendfsync-always`: see `policies/persistence/appendfsync-always.md`.

use crate::model::Model;
use crate::rules::{Rule, RuleContext};

pub(crate) const RULE: Rule = Rule { name: "appendfsync-always", check };

fn check(ctx: &mut RuleContext<'_>, model: &Model) {
    for instance in &model.instances {
        let config = &instance.config;
        if !config.aof_enabled() || config.enum_value("appendfsync") != "always" {
            continue;
        }
        let span = config.origin("appendfsync").value_span().unwrap_or(instance.anchor);
        ctx.report(
            span,
            "`appendfsync always` waits for the disk on every write: latency follows the slowest fsync",
        )
        .help("`appendfsync everysec` loses at most a second of writes at a fraction of the latency");
    }
}
