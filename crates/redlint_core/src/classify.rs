//! Which files redlint checks, decided from the name and, when the name is not conclusive,
//! the content.

use crate::paths::file_name;
use crate::redis_conf::directives::{IGNORED_DEPRECATED, Lookup, lookup};
use crate::settings::RedisVersion;
use crate::source::FileKind;

/// Extensions of files that are never configuration (Redis's own data files among them).
const DATA_EXTENSIONS: &[&str] = &[
    "rdb", "aof", "log", "pid", "sock", "so", "gz", "tgz", "zip", "tar", "png", "jpg", "svg", "md", "txt",
    "rs", "go", "py", "js", "ts", "java", "c", "h", "sh", "lock",
];

/// Worth reading when walking a directory tree (cheap: looks at the name only).
pub fn is_candidate(path: &str) -> bool {
    let name = file_name(path).to_ascii_lowercase();
    if crate::dockerfile::is_dockerfile_name(&name) {
        return true;
    }
    if DATA_EXTENSIONS.iter().any(|extension| has_extension(&name, extension)) {
        return false;
    }
    ["conf", "cnf", "yml", "yaml"].iter().any(|extension| has_extension(&name, extension))
        || name.contains("redis")
        || name.contains("sentinel")
        || name.contains("compose")
}

/// The kind a file's name alone gives it: what a binary file claims to be.
pub fn classify_by_name(path: &str) -> Option<FileKind> {
    let name = file_name(path).to_ascii_lowercase();
    let conf_like = has_extension(&name, "conf") || name.contains(".conf.");
    if crate::dockerfile::is_dockerfile_name(&name) {
        Some(FileKind::Dockerfile)
    } else if conf_like && name.contains("sentinel") {
        Some(FileKind::SentinelConf)
    } else if conf_like && (name.contains("redis") || name.contains("valkey")) {
        Some(FileKind::RedisConf)
    } else {
        None
    }
}

/// The kind of a file, or `None` when redlint has nothing to say about it.
pub fn classify(path: &str, text: &str) -> Option<FileKind> {
    let name = file_name(path).to_ascii_lowercase();
    if crate::compose::is_compose_name(&name) {
        return Some(FileKind::Compose);
    }
    if crate::dockerfile::is_dockerfile_name(&name) {
        return Some(FileKind::Dockerfile);
    }
    if ["yml", "yaml"]
        .iter()
        .any(|extension| has_extension(&name, extension) || name.contains(&format!(".{extension}.")))
    {
        return sniff_yaml(text);
    }
    let conf_like = has_extension(&name, "conf") || name.contains(".conf.");
    if conf_like && name.contains("sentinel") {
        return Some(FileKind::SentinelConf);
    }
    if conf_like && (name.contains("redis") || name.contains("valkey")) {
        return Some(if has_sentinel_directives(text) {
            FileKind::SentinelConf
        } else {
            FileKind::RedisConf
        });
    }
    if conf_like || has_extension(&name, "cnf") || !name.contains('.') {
        return sniff_redis_conf(text);
    }
    None
}

fn has_extension(name: &str, extension: &str) -> bool {
    std::path::Path::new(name).extension().is_some_and(|found| found.eq_ignore_ascii_case(extension))
}

/// A YAML file with a top-level `services:` whose entries use `image:` or `build:`, and no
/// top-level `apiVersion:` (a manifest), is a Compose file.
fn sniff_yaml(text: &str) -> Option<FileKind> {
    let mut services = false;
    let mut service_field = false;
    for line in text.lines().take(5000) {
        if line.starts_with("apiVersion:") || line.starts_with("kind:") {
            return None;
        }
        services |= line.starts_with("services:");
        let trimmed = line.trim_start();
        if services
            && line.len() > trimmed.len()
            && (trimmed.starts_with("image:") || trimmed.starts_with("build:"))
        {
            service_field = true;
        }
    }
    (services && service_field).then_some(FileKind::Compose)
}

fn has_sentinel_directives(text: &str) -> bool {
    text.lines().any(|line| {
        let line = line.trim_start();
        line.len() > 9 && line[..9].eq_ignore_ascii_case("sentinel ")
    })
}

/// Most directive lines must be Redis directives: enough to tell a redis.conf from an
/// nginx.conf or a MySQL `.cnf`.
fn sniff_redis_conf(text: &str) -> Option<FileKind> {
    let (mut known, mut unknown, mut sentinel) = (0usize, 0usize, false);
    for line in text.lines().take(2000) {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let name = line.split_ascii_whitespace().next().unwrap_or("").to_ascii_lowercase();
        if name == "sentinel" {
            sentinel = true;
            known += 1;
        } else if !matches!(lookup(&name, RedisVersion::V7_4), Lookup::Unknown)
            || IGNORED_DEPRECATED.contains(&name.as_str())
            || matches!(name.as_str(), "include" | "rename-command" | "user" | "loadmodule")
        {
            known += 1;
        } else {
            unknown += 1;
        }
    }
    (known >= 2 && known * 4 >= (known + unknown) * 3).then_some(if sentinel {
        FileKind::SentinelConf
    } else {
        FileKind::RedisConf
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_name_then_content() {
        assert_eq!(classify("conf/redis.conf", ""), Some(FileKind::RedisConf));
        assert_eq!(classify("redis-master.conf", "bind 0.0.0.0"), Some(FileKind::RedisConf));
        assert_eq!(classify("x/sentinel.conf", "port 26379"), Some(FileKind::SentinelConf));
        assert_eq!(classify("redis.conf", "sentinel monitor m 1.2.3.4 6379 2"), Some(FileKind::SentinelConf));
        assert_eq!(
            classify("cache.conf", "maxmemory 1gb\nmaxmemory-policy allkeys-lru\n"),
            Some(FileKind::RedisConf)
        );
        assert_eq!(classify("nginx.conf", "server {\n listen 80;\n}\nworker_processes 1;\n"), None);
        assert_eq!(classify("my.cnf", "[mysqld]\nport = 3306\n"), None);
        assert_eq!(classify("notes.txt", "maxmemory 1gb\nport 1\n"), None);
        assert_eq!(classify("deploy/compose.yaml", ""), Some(FileKind::Compose));
        assert_eq!(classify("docker-compose.prod.yml", ""), Some(FileKind::Compose));
        assert_eq!(
            classify("stack.yml", "version: '3'\nservices:\n  cache:\n    image: redis\n"),
            Some(FileKind::Compose)
        );
        assert_eq!(classify("deploy.yaml", "apiVersion: v1\nkind: Service\n"), None);
        assert_eq!(classify("values.yaml", "replicaCount: 1\n"), None);
        assert_eq!(classify("Dockerfile", ""), Some(FileKind::Dockerfile));
        assert_eq!(classify("docker/redis.Dockerfile", ""), Some(FileKind::Dockerfile));
        assert_eq!(classify("Dockerfile.prod", ""), Some(FileKind::Dockerfile));
        assert_eq!(classify("build/Containerfile", ""), Some(FileKind::Dockerfile));
        assert_eq!(classify("Dockerfile.dockerignore", ""), None);
        assert!(is_candidate("app/Dockerfile") && is_candidate("x.dockerfile"));
        assert_eq!(classify_by_name("Dockerfile"), Some(FileKind::Dockerfile));
    }
}
