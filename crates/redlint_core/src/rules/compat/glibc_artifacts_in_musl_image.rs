//! `glibc-artifacts-in-musl-image`: see `policies/compat/glibc-artifacts-in-musl-image.md`.

use super::{describe_source, libc_name, libc_span};
use crate::dockerfile::ArtifactKind;
use crate::model::Model;
use crate::model::image::Libc;
use crate::rules::{Rule, RuleContext};

pub(crate) const RULE: Rule = Rule { name: "glibc-artifacts-in-musl-image", check };

/// Which artifact a finding is about when a source holds several: the one that fails first.
fn rank(kind: ArtifactKind) -> u8 {
    match kind {
        ArtifactKind::PythonInterpreter => 0,
        ArtifactKind::Binary => 1,
        ArtifactKind::PythonPackages => 2,
        ArtifactKind::NodeModules => 3,
        ArtifactKind::PythonWheels => 4,
    }
}

fn check(ctx: &mut RuleContext<'_>, model: &Model) {
    for build in &model.builds {
        for stage in build.stages.iter().filter(|stage| stage.libc == Libc::Musl) {
            for copy in &stage.copies {
                let Some(from) = &copy.from else { continue };
                let (source_name, source_libc_span, _) = describe_source(build, from);
                let mut sources: Vec<_> = copy.artifacts.iter().map(|copied| &copied.source).collect();
                sources.dedup();
                for source in sources {
                    let Some(copied) = copy
                        .artifacts
                        .iter()
                        .filter(|copied| &copied.source == source && copied.artifact.libc == Libc::Glibc)
                        .min_by_key(|copied| rank(copied.artifact.kind))
                    else {
                        continue;
                    };
                    let artifact = &copied.artifact;
                    let with_packages = artifact.kind == ArtifactKind::PythonInterpreter
                        && copy.artifacts.iter().any(|other| {
                            &other.source == source
                                && other.artifact.kind == ArtifactKind::PythonPackages
                                && other.artifact.libc == Libc::Glibc
                        });
                    let (what, help) = match artifact.kind {
                        ArtifactKind::PythonInterpreter if with_packages => (
                            "a Python interpreter and packages built on glibc: the interpreter fails to start there (`no such file or directory`) and the packages' compiled extensions do not load",
                            "copy nothing from a glibc Python: build in the `-alpine` variant of the image, or run on a glibc image (`-slim`)",
                        ),
                        ArtifactKind::PythonInterpreter => (
                            "a Python interpreter linked against glibc, which fails to start there (`no such file or directory`)",
                            "copy nothing from a glibc Python: build in the `-alpine` variant of the image, or run on a glibc image (`-slim`)",
                        ),
                        ArtifactKind::PythonPackages => (
                            "Python packages whose compiled extensions are linked against glibc and named for its ABI (`-linux-gnu`), so they do not import there",
                            "install the packages in a musl builder (the `-alpine` variant of the image), or run on a glibc image (`-slim`)",
                        ),
                        ArtifactKind::PythonWheels => (
                            "wheels built on glibc: pip on musl refuses the `manylinux` ones and installs the others with extensions that do not load",
                            "build the wheels in a musl builder (the `-alpine` variant of the image), or run on a glibc image (`-slim`)",
                        ),
                        ArtifactKind::NodeModules => (
                            "Node modules whose native addons (`*.node`) are linked against glibc",
                            "run `npm ci` in a `node:*-alpine` builder, or run on a glibc image (`node:*-slim`)",
                        ),
                        ArtifactKind::Binary if artifact.how.starts_with("built by `go") => (
                            "a Go program built with cgo, dynamically linked against glibc, which fails to start there (`no such file or directory`)",
                            "build it with `CGO_ENABLED=0` (a static binary), or in a `golang:*-alpine` builder",
                        ),
                        ArtifactKind::Binary => (
                            "a program linked against glibc, which fails to start there (`no such file or directory`)",
                            "build it in an Alpine-based stage, or link it statically",
                        ),
                    };
                    let image = stage.image.as_ref().map_or("this image", |image| image.text.as_str());
                    let mut report = ctx
                        .report(
                            source.span,
                            format!(
                                "`{}` is copied from {source_name}, which uses glibc, into a musl image: it holds {what}",
                                source.value
                            ),
                        )
                        .label(source_libc_span, "glibc here")
                        .label(libc_span(stage), format!("`{image}` uses {}", libc_name(stage.libc)));
                    if artifact.made_by != source_libc_span && artifact.made_by.file == source.span.file {
                        report = report.label(artifact.made_by, format!("{} here", artifact.how));
                    }
                    report.help(help);
                }
            }
        }
    }
}
