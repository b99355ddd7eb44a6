//! Dockerfiles: a hand-written parser that reads them as BuildKit does ([`syntax`]), variable
//! substitution with BuildKit's `ARG` scoping ([`expand`]), the stage graph and what each
//! stage contains ([`stages`]), and what `RUN` scripts do ([`run`]).

pub mod expand;
pub mod run;
pub mod stages;
pub mod syntax;

pub use stages::{Artifact, ArtifactKind, Base, Build, CopySource, Stage};
pub use syntax::{Syntax, parse};

/// Extensions of files named like Dockerfiles that are not (`Dockerfile.dockerignore` is
/// BuildKit's per-Dockerfile ignore file).
const NOT_DOCKERFILES: &[&str] = &[
    "dockerignore",
    "md",
    "txt",
    "orig",
    "rej",
    "bak",
    "swp",
    "json",
    "yml",
    "yaml",
    "sh",
    "lock",
    "j2",
    "tmpl",
    "template",
];

/// `Dockerfile`, `Dockerfile.prod`, `api.Dockerfile`, `Containerfile` (any case).
pub fn is_dockerfile_name(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    if matches!(name.as_str(), "dockerfile" | "containerfile")
        || name.ends_with(".dockerfile")
        || name.ends_with(".containerfile")
    {
        return true;
    }
    ["dockerfile.", "containerfile."].iter().any(|prefix| {
        name.strip_prefix(prefix)
            .and_then(|rest| rest.rsplit('.').next())
            .is_some_and(|extension| !extension.is_empty() && !NOT_DOCKERFILES.contains(&extension))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dockerfile_names() {
        for name in [
            "Dockerfile",
            "dockerfile",
            "Dockerfile.prod",
            "api.Dockerfile",
            "app.dockerfile",
            "Containerfile",
        ] {
            assert!(is_dockerfile_name(name), "{name}");
        }
        for name in
            ["Dockerfile.dockerignore", "Dockerfile.md", "Dockerfiles", "notes.txt", "dockerfile-lint.yml"]
        {
            assert!(!is_dockerfile_name(name), "{name}");
        }
    }
}
