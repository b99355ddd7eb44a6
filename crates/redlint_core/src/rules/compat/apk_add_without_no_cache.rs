//! `apk-add-without-no-cache`: see `policies/compat/apk-add-without-no-cache.md`.

use crate::diagnostic::{Applicability, Edit, Fix};
use crate::dockerfile::run::Manager;
use crate::model::Model;
use crate::rules::{Rule, RuleContext};
use crate::source::Span;

pub(crate) const RULE: Rule = Rule { name: "apk-add-without-no-cache", check };

fn check(ctx: &mut RuleContext<'_>, model: &Model) {
    for build in &model.builds {
        let shipped = build.shipped();
        for stage in build.stages.iter().filter(|stage| shipped[stage.index]) {
            for run in stage.runs.iter().filter(|run| !run.facts.clears_apk_cache && !run.apk_cache_mounted) {
                for op in &run.facts.packages {
                    if op.manager != Manager::Apk || !op.install || op.no_cache {
                        continue;
                    }
                    let insert = Span::new(op.action.file, op.action.end as usize, op.action.end as usize);
                    ctx.report(
                        op.program.cover(op.action),
                        "`apk add` without `--no-cache` leaves the package index in `/var/cache/apk`, in the image",
                    )
                    .help("add `--no-cache`: apk then fetches the index, installs, and keeps nothing")
                    .fix(Fix {
                        description: "add `--no-cache`".to_owned(),
                        edits: vec![Edit { span: insert, replacement: " --no-cache".to_owned() }],
                        applicability: Applicability::Safe,
                    });
                }
            }
        }
    }
}
