//! `python-artifacts-without-python`: see `policies/compat/python-artifacts-without-python.md`.

use super::describe_source;
use crate::dockerfile::ArtifactKind;
use crate::dockerfile::stages::Interpreter;
use crate::model::Model;
use crate::model::image::Python;
use crate::rules::{Rule, RuleContext};

pub(crate) const RULE: Rule = Rule { name: "python-artifacts-without-python", check };

/// An interpreter that can run packages installed for `needed`: the same installation
/// (prefix) and, when both are known, the same minor version.
fn can_run(interpreter: &Python, needed: &Python) -> bool {
    interpreter.prefix == needed.prefix
        && match (interpreter.version, needed.version) {
            (Some(have), Some(want)) => have == want,
            _ => true,
        }
}

fn check(ctx: &mut RuleContext<'_>, model: &Model) {
    for build in &model.builds {
        for stage in &build.stages {
            for copy in &stage.copies {
                let Some(from) = &copy.from else { continue };
                let Some(copied) =
                    copy.artifacts.iter().find(|copied| copied.artifact.kind == ArtifactKind::PythonPackages)
                else {
                    continue;
                };
                let needed = copied.artifact.python;
                let usable = |interpreter: &&Interpreter| {
                    needed.is_none_or(|needed| can_run(&interpreter.python, &needed))
                };
                if stage.pythons.iter().any(|interpreter| usable(&interpreter)) {
                    continue;
                }
                let (source_name, source_span, _) = describe_source(build, from);
                let for_python =
                    needed.map_or_else(String::new, |needed| format!(" for {}", needed.describe()));
                let (why, help) = match stage.pythons.first() {
                    None => (
                        "this image has no Python interpreter to run them".to_owned(),
                        "run the Python code in its own container built from a Python image, and reach Redis over the network",
                    ),
                    Some(other) => (
                        format!(
                            "the only Python here is {} ({}), a different installation: it does not look in their directories, and their scripts point at the other interpreter",
                            other.python.describe(),
                            other.how
                        ),
                        "build and run with the same Python image (for Alpine, `python:3.X-alpine` in both stages), or run the Python code in its own container",
                    ),
                };
                let mut report = ctx
                    .report(
                        copied.source.span,
                        format!(
                            "`{}` holds Python packages installed{for_python} in {source_name}, but {why}",
                            copied.source.value
                        ),
                    )
                    .label(source_span, "installed with this Python");
                if let Some(other) = stage.pythons.first() {
                    report = report.label(other.span, "the only Python in this image");
                } else {
                    report = report.label(stage.base_span, "no Python in this image");
                }
                report.help(help);
            }
        }
    }
}
