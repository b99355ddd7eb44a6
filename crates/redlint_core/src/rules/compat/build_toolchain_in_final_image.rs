//! `build-toolchain-in-final-image`: see `policies/compat/build-toolchain-in-final-image.md`.

use std::collections::HashSet;
use std::sync::Arc;

use crate::dockerfile::run::Package;
use crate::dockerfile::stages::Shared;
use crate::model::Model;
use crate::rules::{Rule, RuleContext};

pub(crate) const RULE: Rule = Rule { name: "build-toolchain-in-final-image", check };

/// Compilers, their C library headers and development packages (`*-dev`).
fn is_toolchain(name: &str) -> bool {
    matches!(
        name,
        "build-base"
            | "build-essential"
            | "gcc"
            | "g++"
            | "clang"
            | "musl-dev"
            | "libc-dev"
            | "libc6-dev"
            | "linux-headers"
    ) || name.ends_with("-dev")
}

fn check(ctx: &mut RuleContext<'_>, model: &Model) {
    for build in &model.builds {
        // Stages built on one another share their package list: judge each list once.
        let mut seen: HashSet<*const Vec<Package>> = HashSet::new();
        for output in build.outputs() {
            let packages: &Shared<Package> = &build.stages[output].packages;
            if !seen.insert(Arc::as_ptr(packages)) {
                continue;
            }
            // Installed twice: the later install is what is left, in the order of the last
            // installs (from the end, keeping each name's first sighting).
            let mut names = HashSet::new();
            let mut found: Vec<&Package> = packages
                .iter()
                .rev()
                .filter(|package| is_toolchain(&package.name) && names.insert(package.name.as_str()))
                .collect();
            found.reverse();
            let Some(first) = found.first() else { continue };
            let mut names: Vec<String> =
                found.iter().take(4).map(|package| format!("`{}`", package.name)).collect();
            if found.len() > 4 {
                names.push(format!("{} more", found.len() - 4));
            }
            let mut report = ctx.report(
                first.span,
                format!(
                    "the build toolchain ({}) stays in the image: it is only needed to build, and adds size and attack surface",
                    names.join(", ")
                ),
            );
            for package in found.iter().skip(1).filter(|package| package.span != first.span) {
                report = report.label(package.span, "also left in the image");
            }
            report.help("install it in a builder stage and copy only the result, or remove it in the same `RUN` (`apk add --virtual .build-deps … && … && apk del .build-deps`)");
        }
    }
}
