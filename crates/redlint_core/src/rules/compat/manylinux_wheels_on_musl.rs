//! `manylinux-wheels-on-musl`: see `policies/compat/manylinux-wheels-on-musl.md`.

use super::libc_span;
use crate::model::Model;
use crate::model::image::Libc;
use crate::rules::{Rule, RuleContext};

pub(crate) const RULE: Rule = Rule { name: "manylinux-wheels-on-musl", check };

fn check(ctx: &mut RuleContext<'_>, model: &Model) {
    for build in &model.builds {
        for stage in build.stages.iter().filter(|stage| stage.libc == Libc::Musl) {
            for pip in stage.runs.iter().flat_map(|run| &run.facts.pip) {
                if pip.wheels {
                    // Downloading wheels for another platform is what `--platform` is for.
                    continue;
                }
                for (platform, span) in
                    pip.platforms.iter().filter(|(platform, _)| platform.contains("manylinux"))
                {
                    ctx.report(
                        *span,
                        format!("`{platform}` wheels are built for glibc: installed into this musl image, their compiled extensions do not load"),
                    )
                    .label(libc_span(stage), "musl here")
                    .help("drop `--platform` so pip picks `musllinux` wheels (or builds from source), or install on a glibc image");
                }
            }
        }
    }
}
