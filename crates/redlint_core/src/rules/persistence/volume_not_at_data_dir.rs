//! `volume-not-at-data-dir`: see `policies/persistence/volume-not-at-data-dir.md`.

use crate::model::Model;
use crate::rules::{Rule, RuleContext};

pub(crate) const RULE: Rule = Rule { name: "volume-not-at-data-dir", check };

fn check(ctx: &mut RuleContext<'_>, model: &Model) {
    for instance in &model.instances {
        if instance.is_sentinel() || !instance.config.persistence_enabled() {
            continue;
        }
        let (Some(mount), Some(data_dir)) = (instance.misplaced_data_volume(), instance.data_dir()) else {
            continue;
        };
        let mut report = ctx.report(
            mount.span,
            format!("the volume is mounted at `{}`, but Redis writes its data to `{data_dir}`", mount.target),
        );
        if let Some(dir) = instance.config.origin("dir").line_span() {
            report = report.label(dir, "data directory set here");
        }
        report.help(format!("mount the volume at `{data_dir}`, or set `dir {}`", mount.target));
    }
}
