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
    ["conf", "cnf", "yml", "yaml", "json"].iter().any(|extension| has_extension(&name, extension))
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
        return sniff_yaml(text).or_else(|| sniff_kubernetes(text));
    }
    if has_extension(&name, "json") {
        return sniff_kubernetes(text);
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
    if conf_like || has_extension(&name, "cnf") {
        return sniff_redis_conf(text);
    }
    if !name.contains('.') {
        return sniff_redis_conf(text).or_else(|| sniff_kubernetes(text)).or_else(|| sniff_dockerfile(text));
    }
    None
}

/// An extensionless file whose first instruction is `FROM` (or `ARG`s before a `FROM`), as
/// BuildKit accepts any file name with `-f`.
fn sniff_dockerfile(text: &str) -> Option<FileKind> {
    let mut instructions = text
        .lines()
        .take(200)
        .map(str::trim_start)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| line.split_ascii_whitespace().next().unwrap_or("").to_ascii_uppercase());
    let first = instructions.next()?;
    (first == "FROM" || first == "ARG" && instructions.any(|instruction| instruction == "FROM"))
        .then_some(FileKind::Dockerfile)
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

/// A Kubernetes manifest: YAML or JSON with `apiVersion` and `kind` keys, and not a Helm
/// template (its `{{ … }}` actions make it something other than YAML until it is rendered).
fn sniff_kubernetes(text: &str) -> Option<FileKind> {
    if is_helm_template(text) {
        return None;
    }
    let trimmed = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    if trimmed.starts_with(['{', '[']) {
        // JSON (or YAML flow style), possibly on one line.
        let has_key = |key: &str| {
            [format!("\"{key}\""), key.to_owned()].iter().any(|quoted| {
                text.match_indices(quoted.as_str()).any(|(at, found)| {
                    text[at + found.len()..].trim_start_matches(['"', '\'']).trim_start().starts_with(':')
                })
            })
        };
        return (has_key("apiVersion") && has_key("kind")).then_some(FileKind::Kubernetes);
    }
    let (mut api_version, mut kind) = (false, false);
    for line in text.lines().take(5000) {
        let key = line.trim_start().trim_start_matches(['-', ' ']).trim_start_matches(['"', '\'']);
        let is = |name: &str| {
            key.strip_prefix(name)
                .is_some_and(|rest| rest.trim_start_matches(['"', '\'']).trim_start().starts_with(':'))
        };
        api_version |= is("apiVersion");
        kind |= is("kind");
        if api_version && kind {
            return Some(FileKind::Kubernetes);
        }
    }
    None
}

/// Helm chart templates (`{{ .Values.x }}`, `{{- if … }}`) are not manifests until `helm
/// template` renders them; rendered output (`# Source: chart/templates/…`) is.
pub fn is_helm_template(text: &str) -> bool {
    const ACTIONS: &[&str] = &[
        "if", "else", "end", "range", "with", "include", "template", "define", "block", "toYaml", "tpl",
        "required", "default", "printf", "quote", "fail", "lookup", "nindent", "indent",
    ];
    text.match_indices("{{").any(|(at, _)| {
        let action = text[at + 2..].trim_start_matches('-').trim_start();
        action.starts_with('.')
            || ACTIONS.iter().any(|word| {
                action
                    .strip_prefix(word)
                    .is_some_and(|rest| rest.starts_with([' ', '(', '}', '\n', '\t', '-']))
            })
    })
}

/// Why a file given by name is not checked, when redlint can say more than "not recognised".
pub fn why_not_checked(path: &str, text: &str) -> Option<&'static str> {
    let name = file_name(path).to_ascii_lowercase();
    let yaml = ["yml", "yaml", "json", "tpl"].iter().any(|extension| has_extension(&name, extension));
    (yaml && is_helm_template(text)).then_some(
        "a Helm template: render it first (`helm template . | redlint check - --stdin-filename rendered.yaml`)",
    )
}

fn has_sentinel_directives(text: &str) -> bool {
    text.lines().any(|line| {
        let line = line.trim_start();
        line.len() > 9 && line.get(..9).is_some_and(|prefix| prefix.eq_ignore_ascii_case("sentinel "))
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
        assert_eq!(classify("values.yaml", "replicaCount: 1\n"), None);
        assert_eq!(classify("Dockerfile", ""), Some(FileKind::Dockerfile));
        assert_eq!(classify("docker/redis.Dockerfile", ""), Some(FileKind::Dockerfile));
        assert_eq!(classify("Dockerfile.prod", ""), Some(FileKind::Dockerfile));
        assert_eq!(classify("build/Containerfile", ""), Some(FileKind::Dockerfile));
        assert_eq!(classify("Dockerfile.dockerignore", ""), None);
        assert_eq!(
            classify("image", "# syntax=docker/dockerfile:1\nFROM redis:7-alpine\n"),
            Some(FileKind::Dockerfile)
        );
        assert_eq!(classify("image", "ARG BASE=redis\nFROM ${BASE}\n"), Some(FileKind::Dockerfile));
        assert_eq!(classify("image", "ARG ONLY=1\n"), None);
        assert_eq!(classify("notes.md", "FROM redis\n"), None);
        assert!(is_candidate("app/Dockerfile") && is_candidate("x.dockerfile"));
        assert_eq!(classify_by_name("Dockerfile"), Some(FileKind::Dockerfile));
    }

    #[test]
    fn kubernetes_manifests_by_content() {
        assert_eq!(classify("deploy.yaml", "apiVersion: v1\nkind: Service\n"), Some(FileKind::Kubernetes));
        assert_eq!(
            classify("x/any-name.yml", "# c\n---\nkind: Pod\napiVersion: v1\n"),
            Some(FileKind::Kubernetes)
        );
        assert_eq!(
            classify("cm.yaml", "{\n  apiVersion: \"v1\",\n  kind: \"ConfigMap\",\n}\n"),
            Some(FileKind::Kubernetes)
        );
        assert_eq!(
            classify("list.json", "{\"kind\":\"List\",\"apiVersion\":\"v1\",\"items\":[]}"),
            Some(FileKind::Kubernetes)
        );
        assert_eq!(classify("package.json", "{\"name\": \"x\", \"version\": \"1.0.0\"}"), None);
        assert_eq!(classify("Chart.yaml", "apiVersion: v2\nname: redis\n"), None);
        // Helm templates are not manifests until rendered; rendered output is.
        let template = "apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ include \"x.fullname\" . }}\n";
        assert_eq!(classify("templates/svc.yaml", template), None);
        assert!(why_not_checked("templates/svc.yaml", template).is_some());
        let rendered = "---\n# Source: redis/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap\ndata:\n  alert: \"{{ $labels.instance }} is down\"\n";
        assert_eq!(classify("rendered.yaml", rendered), Some(FileKind::Kubernetes));
        assert!(is_candidate("deploy/redis.json"));
        assert_eq!(classify("manifests/redis", "apiVersion: v1\nkind: Pod\n"), Some(FileKind::Kubernetes));
    }
}
