//! What kind a file is, for the playground's tabs (highlighting, the kind selector).
//!
//! The core decides first ([`redlint_core::classify::classify`]). For the kinds the core does
//! not classify yet (Compose, Dockerfile, Kubernetes: their parsers are being written), a
//! provisional guess from the name and the first lines keeps the playground's tabs right;
//! once the core knows a kind, its answer wins and the guess is never reached.

use redlint_core::FileKind;
use redlint_core::classify::classify;
use redlint_core::paths::{file_name, normalize_path};

/// The kind the playground shows for a file.
pub fn kind_of(path: &str, content: &str) -> FileKind {
    let path = normalize_path(path);
    classify(&path, content).or_else(|| guess(&path, content)).unwrap_or(FileKind::Unknown)
}

fn guess(path: &str, content: &str) -> Option<FileKind> {
    let name = file_name(path).to_ascii_lowercase();
    let yaml = std::path::Path::new(&name)
        .extension()
        .is_some_and(|extension| extension == "yaml" || extension == "yml");
    if name == "dockerfile"
        || name == "containerfile"
        || name.starts_with("dockerfile.")
        || name.ends_with(".dockerfile")
    {
        return Some(FileKind::Dockerfile);
    }
    if yaml && (name.starts_with("compose") || name.starts_with("docker-compose")) {
        return Some(FileKind::Compose);
    }
    // Top-level keys, in the first lines: enough to tell the formats apart.
    let top_level = || {
        content
            .lines()
            .take(200)
            .filter(|line| !line.starts_with([' ', '\t', '#', '-']) && !line.trim().is_empty())
    };
    if yaml || !name.contains('.') {
        let has = |key: &str| top_level().any(|line| line.starts_with(key));
        if has("apiVersion:") && has("kind:") {
            return Some(FileKind::Kubernetes);
        }
        if has("services:") {
            return Some(FileKind::Compose);
        }
    }
    if !name.contains('.') {
        let instruction = |line: &str| line.to_ascii_uppercase().starts_with("FROM ");
        let first = top_level().next().unwrap_or("");
        if instruction(first)
            || first.to_ascii_uppercase().starts_with("ARG ") && top_level().any(instruction)
        {
            return Some(FileKind::Dockerfile);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_core_decides_first() {
        assert_eq!(kind_of("redis.conf", ""), FileKind::RedisConf);
        assert_eq!(kind_of("conf.d/tuning.conf", "maxmemory 1gb\nappendonly yes\n"), FileKind::RedisConf);
        assert_eq!(kind_of("sentinel.conf", "port 26379\n"), FileKind::SentinelConf);
    }

    #[test]
    fn guesses_the_other_kinds() {
        assert_eq!(kind_of("compose.yaml", ""), FileKind::Compose);
        assert_eq!(kind_of("deploy/docker-compose.prod.yml", ""), FileKind::Compose);
        assert_eq!(
            kind_of("stack.yaml", "# app\nservices:\n  redis:\n    image: redis\n"),
            FileKind::Compose
        );
        assert_eq!(
            kind_of("k8s/redis.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: redis\n"),
            FileKind::Kubernetes
        );
        assert_eq!(kind_of("Dockerfile", ""), FileKind::Dockerfile);
        assert_eq!(kind_of("build/Dockerfile.alpine", ""), FileKind::Dockerfile);
        assert_eq!(kind_of("redis.dockerfile", ""), FileKind::Dockerfile);
        assert_eq!(
            kind_of("image", "# syntax=docker/dockerfile:1\nFROM redis:7-alpine\n"),
            FileKind::Dockerfile
        );
        assert_eq!(kind_of("image", "ARG BASE=redis\nFROM ${BASE}\n"), FileKind::Dockerfile);
    }

    #[test]
    fn unknown_stays_unknown() {
        assert_eq!(kind_of("notes.md", "FROM redis\n"), FileKind::Unknown);
        assert_eq!(kind_of("values.yaml", "replicas: 3\n"), FileKind::Unknown);
        assert_eq!(kind_of("nginx.conf", "server {\n listen 80;\n}\n"), FileKind::Unknown);
        assert_eq!(kind_of("image", "ARG ONLY=1\n"), FileKind::Unknown);
    }
}
