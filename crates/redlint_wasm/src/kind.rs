//! What kind a file is, for the playground's tabs (highlighting, the kind selector): the core
//! decides ([`redlint_core::classify::classify`]), exactly as the CLI finds files — by name and
//! content, redis.conf, Sentinel, Compose, Kubernetes and Dockerfiles.

use redlint_core::FileKind;
use redlint_core::classify::classify;
use redlint_core::paths::normalize_path;

/// The kind the playground shows for a file.
pub fn kind_of(path: &str, content: &str) -> FileKind {
    classify(&normalize_path(path), content).unwrap_or(FileKind::Unknown)
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
    fn dockerfiles_by_name_and_first_instruction() {
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
        // An extensionless redis.conf stays one.
        assert_eq!(kind_of("cache", "maxmemory 1gb\nappendonly yes\n"), FileKind::RedisConf);
    }
}
