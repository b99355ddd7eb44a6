//! Docker Compose: files grouped into projects (`compose.yaml` + `compose.override.yaml`,
//! `include:`), services merged and extended as `docker compose` does, and every service that
//! runs Redis turned into a [`RedisInstance`](crate::model::RedisInstance) whose effective
//! config combines the image's defaults, the redis.conf mounted into it and its command.

mod instance;
pub mod interpolate;
mod project;
pub mod service;

pub(crate) use instance::{credentials, instances, is_password_variable, suppressions, url_password};
pub(crate) use project::projects;

pub use interpolate::{Environment, interpolate};
pub use service::{CommandSpec, HealthSpec, IgnoreEntry, PortSpec, ServiceDef, Text, VolumeSpec};

use std::collections::HashMap;

use crate::source::{FileId, Span};
use crate::yaml::Yaml;

/// A top-level `volumes:` entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TopVolume {
    pub external: bool,
    pub span: Span,
}

/// A top-level `networks:` entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TopNetwork {
    /// `internal: true`: no route to or from outside the network (published ports do not work).
    pub internal: bool,
    pub external: bool,
    pub span: Span,
}

/// A top-level `configs:` or `secrets:` entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TopFile {
    /// `file:` relative to the project directory, as a repository path.
    pub repository_path: Option<String>,
    pub span: Span,
}

/// Top-level entries by name, in the order first defined; a later definition (an override
/// file) replaces an earlier one. Indexed by name: a file can define thousands.
#[derive(Clone, Debug)]
pub struct Named<T> {
    entries: Vec<(String, T)>,
    index: HashMap<String, usize>,
}

impl<T> Default for Named<T> {
    fn default() -> Self {
        Named { entries: Vec::new(), index: HashMap::new() }
    }
}

impl<T> Named<T> {
    pub fn get(&self, name: &str) -> Option<&T> {
        self.index.get(name).map(|&at| &self.entries[at].1)
    }

    pub fn insert(&mut self, name: String, value: T) {
        match self.index.get(&name) {
            Some(&at) => self.entries[at].1 = value,
            None => {
                self.index.insert(name.clone(), self.entries.len());
                self.entries.push((name, value));
            }
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &T)> {
        self.entries.iter().map(|(name, value)| (name.as_str(), value))
    }
}

/// One Compose project: the files `docker compose` would read together.
#[derive(Clone, Debug, Default)]
pub struct Project {
    pub files: Vec<FileId>,
    /// Repository path of the directory the first file is in.
    pub directory: String,
    pub services: Vec<ServiceDef>,
    pub volumes: Named<TopVolume>,
    pub networks: Named<TopNetwork>,
    pub configs: Named<TopFile>,
    pub secrets: Named<TopFile>,
    pub environment: Environment,
    /// Files named by `include:` (read as part of this project).
    pub included: Vec<FileId>,
}

/// What a project needs from the engine.
pub(crate) trait ComposeFiles {
    fn yaml(&mut self, file: FileId) -> Option<std::sync::Arc<Yaml>>;
    fn text(&self, file: FileId) -> std::sync::Arc<str>;
    fn path(&self, file: FileId) -> String;
    /// A YAML file by repository path (loaded through the provider if needed).
    fn load_yaml(&mut self, path: &str) -> Option<FileId>;
    /// A file's text by repository path (`.env`).
    fn read_text(&mut self, path: &str) -> Option<String>;
    /// The engine as a container's configuration needs it: redis.conf files by repository
    /// path.
    fn config_sources(&mut self) -> &mut dyn crate::model::configure::ConfigSources;
    /// The build of a Dockerfile by repository path, with its context directory and build
    /// arguments (loaded through the provider if needed).
    fn build(
        &mut self,
        dockerfile: &str,
        context: &str,
        args: &[(String, String)],
    ) -> Option<std::sync::Arc<crate::dockerfile::Build>>;
}

/// Merge one file's definition of a service into the project's, as `docker compose -f a -f b`
/// does: single values are replaced, lists are merged by their key (volumes by target,
/// environment by name, ports appended). The service stays declared where `base` declares it.
pub fn merge_service(base: &mut ServiceDef, over: ServiceDef) {
    macro_rules! replace {
        ($($field:ident),*) => { $( if over.$field.is_some() { base.$field = over.$field; } )* };
    }
    replace!(
        image,
        build,
        command,
        entrypoint,
        network_mode,
        user,
        read_only,
        privileged,
        mem_limit,
        deploy_memory_limit,
        mem_reservation,
        healthcheck,
        restart,
        extends
    );
    for network in over.networks {
        base.networks.retain(|existing| existing.value != network.value);
        base.networks.push(network);
    }
    for port in over.expose {
        base.expose.push(port);
    }
    for port in over.ports {
        if !base.ports.contains(&port) {
            base.ports.push(port);
        }
    }
    for volume in over.volumes {
        base.volumes.retain(|existing| existing.target != volume.target);
        base.volumes.push(volume);
    }
    for var in over.environment {
        base.environment.retain(|existing| existing.name != var.name);
        base.environment.push(var);
    }
    for config in over.configs {
        base.configs.retain(|existing| existing.target != config.target);
        base.configs.push(config);
    }
    let key = |text: &Text| text.value.split('=').next().unwrap_or("").to_owned();
    for sysctl in over.sysctls {
        base.sysctls.retain(|existing| key(existing) != key(&sysctl));
        base.sysctls.push(sysctl);
    }
    base.env_files.extend(over.env_files);
    base.tmpfs.extend(over.tmpfs);
    for secret in over.secrets {
        base.secrets.retain(|existing| existing.target != secret.target);
        base.secrets.push(secret);
    }
    base.cap_add.extend(over.cap_add);
    base.cap_drop.extend(over.cap_drop);
    base.security_opt.extend(over.security_opt);
    base.profiles.extend(over.profiles);
    base.ignore.extend(over.ignore);
    base.definitions.extend(over.definitions);
}

/// Docker's byte sizes (`mem_limit: 1g`): units are powers of 1024 whatever their case, and
/// decimals are allowed (`1.5g`), unlike redis.conf.
pub fn parse_docker_bytes(text: &str) -> Option<u64> {
    let text = text.trim().to_ascii_lowercase();
    let number_end = text.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(text.len());
    let (number, unit) = text.split_at(number_end);
    let number: f64 = number.parse().ok()?;
    let multiplier: f64 = match unit.trim() {
        "" | "b" => 1.0,
        "k" | "kb" | "kib" => 1024.0,
        "m" | "mb" | "mib" => 1024.0 * 1024.0,
        "g" | "gb" | "gib" => 1024.0 * 1024.0 * 1024.0,
        "t" | "tb" | "tib" => 1024.0 * 1024.0 * 1024.0 * 1024.0,
        _ => return None,
    };
    let bytes = number * multiplier;
    (bytes.is_finite() && bytes >= 0.0).then_some(bytes as u64)
}

/// Is this the name of a Compose file (`compose.yaml`, `docker-compose.prod.yml`, …)?
pub fn is_compose_name(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    let yaml = std::path::Path::new(&name)
        .extension()
        .is_some_and(|extension| extension == "yml" || extension == "yaml");
    yaml && (name.starts_with("compose.")
        || name.starts_with("docker-compose")
        || name.starts_with("docker-stack")
        || name.ends_with(".compose.yml")
        || name.ends_with(".compose.yaml"))
}

/// Is this an override file of `base` (`compose.override.yaml` for `compose.yaml`)?
pub fn is_override_of(base: &str, candidate: &str) -> bool {
    let Some((stem, extension)) = base.rsplit_once('.') else { return false };
    candidate
        .strip_prefix(stem)
        .and_then(|rest| rest.strip_prefix(".override."))
        .is_some_and(|ext| ext == "yml" || ext == "yaml")
        && matches!(extension, "yml" | "yaml")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docker_sizes_are_binary() {
        assert_eq!(parse_docker_bytes("1g"), Some(1 << 30));
        assert_eq!(parse_docker_bytes("1GB"), Some(1 << 30));
        assert_eq!(parse_docker_bytes("512m"), Some(512 << 20));
        assert_eq!(parse_docker_bytes("1.5g"), Some(3 << 29));
        assert_eq!(parse_docker_bytes("1024"), Some(1024));
        assert_eq!(parse_docker_bytes("1x"), None);
    }

    #[test]
    fn compose_names_and_overrides() {
        assert!(is_compose_name("compose.yaml"));
        assert!(is_compose_name("docker-compose.prod.yml"));
        assert!(is_compose_name("docker-stack.yml"));
        assert!(!is_compose_name("values.yaml"));
        assert!(is_override_of("compose.yaml", "compose.override.yaml"));
        assert!(is_override_of("docker-compose.yml", "docker-compose.override.yml"));
        assert!(!is_override_of("compose.yaml", "compose.prod.yaml"));
    }
}
