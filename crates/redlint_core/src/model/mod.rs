//! The deployment model: every Redis instance redlint found, with its effective
//! configuration and (as the other formats land) its image, exposure, storage, resources,
//! identity, secrets and health. Rules read only this model.

pub mod config;
pub(crate) mod configure;
pub mod container;
pub mod image;
pub(crate) mod instance;
pub mod launch;

use crate::settings::RuleOptions;
use crate::source::{FileId, Span};
pub use config::{DefaultUserAuth, EffectiveConfig, Origin, Setting, Value, Via};

/// How redlint came to know about an instance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InstanceSource {
    /// A redis.conf (or sentinel.conf) that nothing else references, checked on its own as
    /// `redis-server <file>` with Redis's compiled defaults and no container context.
    ConfigFile { file: FileId },
    /// A Compose service.
    ComposeService { file: FileId, service: String },
    /// A container of a Kubernetes workload (or of a Pod).
    KubernetesContainer { file: FileId, workload: String, container: String },
    /// The image a Dockerfile builds, when nothing in the repository runs it: checked as
    /// `docker run <image>` would start it.
    Dockerfile { file: FileId },
}

/// Where a container runs, for rules whose advice depends on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Platform {
    Compose,
    Kubernetes,
}

impl InstanceSource {
    /// The platform a container runs on; `None` for a config file checked on its own.
    pub fn platform(&self) -> Option<Platform> {
        match self {
            InstanceSource::ConfigFile { .. } => None,
            InstanceSource::ComposeService { .. } => Some(Platform::Compose),
            InstanceSource::KubernetesContainer { .. } => Some(Platform::Kubernetes),
            // An image checked as `docker run` would start it: Docker's terms apply.
            InstanceSource::Dockerfile { .. } => Some(Platform::Compose),
        }
    }
}

/// One Redis (or Sentinel) process.
#[derive(Clone, Debug)]
pub struct RedisInstance {
    /// For messages: the file name or the service/container name.
    pub name: String,
    pub source: InstanceSource,
    /// Where findings about the instance as a whole point (a file start, a service key).
    pub anchor: Span,
    pub config: EffectiveConfig,
    /// The container around it; `None` for a config file checked on its own.
    pub container: Option<container::Container>,
}

/// Typical places Redis data volumes are mounted.
const DATA_PATHS: &[&str] =
    &["/data", "/var/lib/redis", "/bitnami/redis/data", "/redis-data", "/var/redis", "/data/redis"];

impl RedisInstance {
    /// The platform the container runs on; `None` for a config file checked on its own.
    pub fn platform(&self) -> Option<Platform> {
        self.source.platform()
    }

    pub fn is_kubernetes(&self) -> bool {
        self.platform() == Some(Platform::Kubernetes)
    }

    /// The ports Redis listens on (`port`, `tls-port`), when set.
    pub fn redis_ports(&self) -> Vec<u16> {
        [self.config.int("port"), self.config.int("tls-port")]
            .into_iter()
            .filter_map(|port| u16::try_from(port).ok())
            .filter(|&port| port != 0)
            .collect()
    }

    /// Services that reach Redis's port, with the ports that do.
    pub fn services_reaching_redis(
        &self,
    ) -> Vec<(&container::ServiceExposure, Vec<&container::ServicePort>)> {
        let Some(container) = &self.container else { return Vec::new() };
        let redis_ports = self.redis_ports();
        container
            .exposure
            .services
            .iter()
            .filter_map(|service| {
                let ports: Vec<&container::ServicePort> =
                    service.ports.iter().filter(|port| redis_ports.contains(&port.target)).collect();
                (!ports.is_empty()).then_some((service, ports))
            })
            .collect()
    }

    /// How the container starts Redis (an empty launch for a config checked on its own).
    pub fn launch(&self) -> launch::Launch {
        match &self.container {
            Some(container) => launch::analyze(container),
            None => launch::Launch {
                program: None,
                args: Vec::new(),
                runs_as: launch::RunsAs::Unknown,
                sentinel: self.is_sentinel(),
                unfollowed: None,
                client_tool: false,
            },
        }
    }

    /// Published ports that reach Redis (its `port` or `tls-port`).
    pub fn published_redis_ports(&self) -> Vec<&container::PublishedPort> {
        let Some(container) = &self.container else { return Vec::new() };
        let ports = self.redis_ports();
        container.exposure.published.iter().filter(|port| ports.contains(&port.target)).collect()
    }

    /// The absolute directory Redis writes its RDB and AOF files to, when known.
    pub fn data_dir(&self) -> Option<String> {
        self.config.working_dir.clone().filter(|dir| dir.starts_with('/'))
    }

    /// A durable volume mounted where Redis data usually goes, while Redis writes elsewhere
    /// and nothing durable backs where it writes.
    pub fn misplaced_data_volume(&self) -> Option<&container::Mount> {
        let container = self.container.as_ref()?;
        let data_dir = self.data_dir()?;
        if container.mount_for(&data_dir).is_some_and(container::Mount::is_durable) {
            return None;
        }
        container.mounts.iter().find(|mount| {
            let target = mount.target.trim_end_matches('/');
            mount.is_durable() && DATA_PATHS.contains(&target) && target != data_dir
        })
    }

    /// The container's memory limit, when one is set.
    pub fn memory_limit(&self) -> Option<&container::Located<u64>> {
        self.container.as_ref()?.memory_limit.as_ref()
    }

    /// How much of the container's memory limit `maxmemory` may take: the configured share
    /// of it, smaller when Redis forks (RDB snapshots, AOF rewrites and replicas can copy
    /// every page they touch). `None` without a limit.
    pub fn maxmemory_budget(&self, options: &RuleOptions) -> Option<MemoryBudget> {
        let limit = self.memory_limit()?.value;
        let forks = self.config.forks_for_persistence() || self.config.is_replica();
        let percent = if forks {
            options.maxmemory_headroom_percent
        } else {
            options.maxmemory_headroom_percent_no_fork
        };
        let bytes = u64::try_from(u128::from(limit) * u128::from(percent) / 100).unwrap_or(u64::MAX);
        Some(MemoryBudget { bytes, percent, forks })
    }

    pub fn is_sentinel(&self) -> bool {
        self.config.sentinel
    }
    /// True when redlint knows nothing about the container around this Redis (a lone
    /// redis.conf): rules that need that context state what they assumed.
    pub fn is_standalone_config(&self) -> bool {
        self.container.is_none()
    }
    /// True when only the image is known (a Dockerfile checked on its own): what a deployment
    /// decides — ports, volumes, memory limits, health checks — is not judged.
    pub fn is_image_only(&self) -> bool {
        matches!(self.source, InstanceSource::Dockerfile { .. })
    }
}

/// The share of a container's memory limit `maxmemory` may take.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MemoryBudget {
    pub bytes: u64,
    pub percent: u8,
    /// Redis forks (persistence or replication), which is why the share is smaller.
    pub forks: bool,
}

/// A password (or a URL with one) written in a deployment file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Credential {
    /// The value's span: a secret, masked in every output.
    pub span: Span,
    /// What holds it, for messages: "environment variable `REDIS_PASSWORD` of service `app`".
    pub holder: String,
    /// Written in the file, rather than taken from a variable or a secret store.
    pub literal: bool,
}

/// Everything the rules look at.
#[derive(Clone, Debug, Default)]
pub struct Model {
    pub instances: Vec<RedisInstance>,
    /// Passwords found in Compose files, manifests and Dockerfiles (redis.conf passwords are
    /// in each instance's config).
    pub credentials: Vec<Credential>,
    /// Problems with input files themselves (binary, unreadable, Dockerfile syntax).
    pub file_problems: Vec<config::Problem>,
    /// Texts held in a secret store (a Kubernetes Secret's keys): a password there is where it
    /// belongs.
    pub secret_files: Vec<FileId>,
    /// Every Dockerfile checked, analysed: its stages and what they contain.
    pub builds: Vec<std::sync::Arc<crate::dockerfile::Build>>,
}

impl Model {
    /// Every loader and file problem, for the `config` rules.
    pub fn problems(&self) -> impl Iterator<Item = &config::Problem> {
        self.instances
            .iter()
            .flat_map(|instance| instance.config.problems.iter())
            .chain(self.file_problems.iter())
    }
}
