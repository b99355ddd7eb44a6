//! What breaks between musl (Alpine) and glibc images, and what images built by Dockerfiles
//! carry that they should not.

pub(crate) mod apk_add_without_no_cache;
pub(crate) mod build_toolchain_in_final_image;
pub(crate) mod files_under_root_for_non_root_user;
pub(crate) mod glibc_artifacts_in_musl_image;
pub(crate) mod glibc_shim_on_musl;
pub(crate) mod manylinux_wheels_on_musl;
pub(crate) mod python_artifacts_without_python;

use crate::dockerfile::stages::{CopyFrom, CopySource};
use crate::dockerfile::{Build, Stage};
use crate::model::image::Libc;
use crate::source::Span;

/// "stage `builder` (`python:3.12`)", or "`python:3.12`" for an unnamed first stage.
fn describe_stage(stage: &Stage) -> String {
    let image =
        stage.image.as_ref().map_or_else(|| "`scratch`".to_owned(), |image| format!("`{}`", image.text));
    match &stage.name {
        Some(name) => format!("stage `{name}` ({image})"),
        None => format!("stage {} ({image})", stage.index),
    }
}

/// Where a `COPY --from` copies from: a description, where its libc is stated, its libc.
fn describe_source(build: &Build, from: &CopyFrom) -> (String, Span, Libc) {
    match &from.source {
        CopySource::Stage(index) => {
            let stage = &build.stages[*index];
            let evidence = stage.libc_evidence.unwrap_or(stage.base_span);
            (describe_stage(stage), evidence, stage.libc)
        }
        CopySource::Image(image) => {
            (format!("the `{}` image", image.text), from.span, crate::model::image::libc_of(image))
        }
    }
}

/// Where a stage's libc is stated: its base image, or the package manager that tells.
fn libc_span(stage: &Stage) -> Span {
    stage.libc_evidence.unwrap_or(stage.base_span)
}

fn libc_name(libc: Libc) -> &'static str {
    match libc {
        Libc::Musl => "musl",
        Libc::Glibc => "glibc",
        Libc::None => "no libc",
        Libc::Unknown => "an unknown libc",
    }
}
