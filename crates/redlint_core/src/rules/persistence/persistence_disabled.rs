//! `persistence-disabled`: see `policies/persistence/persistence-disabled.md`.

use crate::model::Model;
use crate::rules::{Rule, RuleContext};

pub(crate) const RULE: Rule = Rule { name: "persistence-disabled", check };

fn check(ctx: &mut RuleContext<'_>, model: &Model) {
    for instance in &model.instances {
        let config = &instance.config;
        if instance.is_sentinel()
            || config.is_cache()
            || config.persistence_enabled()
            || !config.is_known("appendonly")
            || !config.save.origin.is_explicit() && !config.is_complete()
        {
            continue;
        }
        let save = config.save.origin.line_span();
        let appendonly = config.origin("appendonly").line_span();
        let span = save.or(appendonly).unwrap_or(instance.anchor);
        let mut report = ctx.report(span, "persistence is off: every key is lost when Redis restarts");
        if let (Some(_), Some(appendonly)) = (save, appendonly) {
            report = report.label(appendonly, "and AOF is off");
        }
        report.help(
            "turn on AOF (`appendonly yes`) or RDB snapshots (`save 3600 1 300 100`); if this Redis is a disposable cache, suppress this finding with a reason",
        );
    }
}
