//! `glibc-shim-on-musl`: see `policies/compat/glibc-shim-on-musl.md`.

use crate::dockerfile::run::Manager;
use crate::model::Model;
use crate::model::image::Libc;
use crate::rules::{Rule, RuleContext};

pub(crate) const RULE: Rule = Rule { name: "glibc-shim-on-musl", check };

fn check(ctx: &mut RuleContext<'_>, model: &Model) {
    for build in &model.builds {
        for stage in build.stages.iter().filter(|stage| stage.libc != Libc::Glibc) {
            for op in stage.runs.iter().flat_map(|run| &run.facts.packages).filter(|op| op.install) {
                for package in &op.packages {
                    if op.manager != Manager::Apk
                        || !matches!(package.name.as_str(), "gcompat" | "libc6-compat")
                    {
                        continue;
                    }
                    ctx.report(
                        package.span,
                        format!("`{}` makes glibc programs start on musl, but only partly works: something here was built for glibc", package.name),
                    )
                    .help("build what needs glibc in this Alpine image too (or link it statically), or run it on a glibc image");
                }
            }
        }
    }
}
