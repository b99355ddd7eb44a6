//! What kind a file is, for the playground's tabs (highlighting, the kind selector).
//!
//! The core decides ([`redlint_core::classify::classify`]): redis.conf, Sentinel, Compose and
//! Kubernetes files are recognised there, by name and content, exactly as the CLI finds them.
//!
//! **Provisional, Dockerfiles only:** the core does not classify Dockerfiles until their
//! parser lands, so a guess from the name and the first instruction keeps a Dockerfile tab
//! highlighted and labelled meanwhile. It is only asked when the core has no answer, and
//! goes away with the Dockerfile parser.

use redlint_core::FileKind;
use redlint_core::classify::classify;
use redlint_core::paths::{file_name, normalize_path};

/// The kind the playground shows for a file.
pub fn kind_of(path: &str, content: &str) -> FileKind {
    let path = normalize_path(path);
    classify(&path, content).or_else(|| guess_dockerfile(&path, content)).unwrap_or(FileKind::Unknown)
}

/// Provisional (until the core's Dockerfile parser): a Dockerfile by its conventional names,
/// or an extensionless file whose first instruction is `FROM` (or `ARG`s before a `FROM`).
fn guess_dockerfile(path: &str, content: &str) -> Option<FileKind> {
    let name = file_name(path).to_ascii_lowercase();
    if name == "dockerfile"
        || name == "containerfile"
        || name.starts_with("dockerfile.")
        || name.ends_with(".dockerfile")
    {
        return Some(FileKind::Dockerfile);
    }
    if name.contains('.') {
        return None;
    }
    let mut instructions = content
        .lines()
        .take(200)
        .map(str::trim_start)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| line.split_ascii_whitespace().next().unwrap_or("").to_ascii_uppercase());
    let first = instructions.next()?;
    (first == "FROM" || first == "ARG" && instructions.any(|instruction| instruction == "FROM"))
        .then_some(FileKind::Dockerfile)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_core_classifies_config_compose_and_kubernetes() {
        assert_eq!(kind_of("redis.conf", ""), FileKind::RedisConf);
        assert_eq!(kind_of("conf.d/tuning.conf", "maxmemory 1gb\nappendonly yes\n"), FileKind::RedisConf);
        assert_eq!(kind_of("sentinel.conf", "port 26379\n"), FileKind::SentinelConf);
        assert_eq!(kind_of("compose.yaml", ""), FileKind::Compose);
        assert_eq!(kind_of("./deploy//docker-compose.prod.yml", ""), FileKind::Compose);
        assert_eq!(
            kind_of("stack.yaml", "# app\nservices:\n  redis:\n    image: redis\n"),
            FileKind::Compose
        );
        assert_eq!(
            kind_of("k8s/redis.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: redis\n"),
            FileKind::Kubernetes
        );
        // The core's rules, not the old guess: JSON manifests and extensionless files are
        // manifests too, and an indented `kind:` counts.
        assert_eq!(kind_of("cache.json", r#"{"apiVersion": "v1", "kind": "Service"}"#), FileKind::Kubernetes);
        assert_eq!(kind_of("manifest", "---\napiVersion: v1\nkind: Secret\n"), FileKind::Kubernetes);
    }

    #[test]
    fn what_the_core_declines_stays_unchecked() {
        // A Helm template is not a manifest until rendered; a YAML file with `services:` but
        // no service fields is not a Compose file. The old guess called both checked kinds.
        let template = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-redis\n";
        assert_eq!(kind_of("templates/configmap.yaml", template), FileKind::Unknown);
        assert_eq!(kind_of("values.yaml", "services:\n  enabled: true\n"), FileKind::Unknown);
        assert_eq!(kind_of("values.yaml", "replicas: 3\n"), FileKind::Unknown);
        assert_eq!(kind_of("notes.md", "FROM redis\n"), FileKind::Unknown);
        assert_eq!(kind_of("nginx.conf", "server {\n listen 80;\n}\n"), FileKind::Unknown);
    }

    #[test]
    fn dockerfiles_are_guessed_until_the_core_classifies_them() {
        assert_eq!(kind_of("Dockerfile", ""), FileKind::Dockerfile);
        assert_eq!(kind_of("build/Dockerfile.alpine", ""), FileKind::Dockerfile);
        assert_eq!(kind_of("redis.dockerfile", ""), FileKind::Dockerfile);
        assert_eq!(kind_of("Containerfile", "FROM redis:7-alpine\n"), FileKind::Dockerfile);
        assert_eq!(
            kind_of("image", "# syntax=docker/dockerfile:1\nFROM redis:7-alpine\n"),
            FileKind::Dockerfile
        );
        assert_eq!(kind_of("image", "ARG BASE=redis\nFROM ${BASE}\n"), FileKind::Dockerfile);
        assert_eq!(kind_of("image", "ARG ONLY=1\n"), FileKind::Unknown);
        // Only when the core has no answer: an extensionless redis.conf stays one.
        assert_eq!(kind_of("cache", "maxmemory 1gb\nappendonly yes\n"), FileKind::RedisConf);
    }
}
