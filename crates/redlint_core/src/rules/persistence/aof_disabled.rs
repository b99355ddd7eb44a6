//! `aof-disabled`: see `policies/persistence/aof-disabled.md`.

use crate::model::Model;
use crate::rules::{Rule, RuleContext};

pub(crate) const RULE: Rule = Rule { name: "aof-disabled", check };

fn check(ctx: &mut RuleContext<'_>, model: &Model) {
    for instance in &model.instances {
        let config = &instance.config;
        if instance.is_sentinel()
            || config.is_cache()
            || config.aof_enabled()
            || !config.rdb_enabled()
            || !config.is_known("appendonly")
        {
            continue;
        }
        // With few writes, the longest interval decides how much is lost.
        let longest = config.save.points.iter().map(|point| point.seconds).max().unwrap_or(0);
        let window =
            if longest >= 120 { format!("{} minutes", longest / 60) } else { format!("{longest} seconds") };
        // Point at `appendonly no` if written, else at the snapshot schedule that is all there is.
        let save_line = config.save.lines.first().map(|save| save.line);
        let explicit = config.origin("appendonly").value_span();
        let span = explicit.or(save_line).unwrap_or(instance.anchor);
        let mut report = ctx.report(
            span,
            format!("AOF is off: a crash loses every write since the last RDB snapshot (up to {window} with these save points)"),
        );
        if let (Some(_), Some(save)) = (explicit, save_line) {
            report = report.label(save, "snapshot schedule");
        }
        report.help("set `appendonly yes` (with the default `appendfsync everysec`, at most a second of writes is at risk)");
    }
}
