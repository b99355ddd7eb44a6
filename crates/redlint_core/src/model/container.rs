//! The container around a Redis process, as Compose, Kubernetes or a Dockerfile describe it:
//! image, how the process starts, who it runs as, what it can reach and be reached by, what
//! backs its data, its memory, its health check. Every fact keeps the span that states it.

use super::image::{ImageFacts, ImageRef};
use crate::redis_conf::load::PathMapping;
use crate::source::{FileId, Span};

/// A value and where it is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Located<T> {
    pub fn new(value: T, span: Span) -> Self {
        Located { value, span }
    }
}

/// One argument of a command, with where its text came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Arg {
    /// After variable interpolation (unset variables are empty, as Compose makes them).
    pub value: String,
    pub span: Span,
    /// The argument comes (partly) from a variable (`${REDIS_PASSWORD}`), so its text is not
    /// written where the argument is.
    pub from_variable: bool,
    /// Its value is only known when the container starts: a Compose variable the repository
    /// does not set, or a shell variable (`$REDIS_PASSWORD` in `sh -c`).
    pub runtime: bool,
    /// The file offset of the value's first byte when the value is written verbatim (a plain
    /// or simply quoted scalar), so a word inside it (of an `sh -c` script) can be located.
    pub verbatim_at: Option<u32>,
}

impl Arg {
    /// An argument written as is.
    pub fn literal(value: impl Into<String>, span: Span) -> Arg {
        Arg { value: value.into(), span, from_variable: false, runtime: false, verbatim_at: None }
    }

    /// Where bytes `start..end` of the value are in the file: exact for a verbatim value,
    /// otherwise the whole argument.
    pub fn sub_span(&self, start: usize, end: usize) -> Span {
        match self.verbatim_at {
            Some(at) if !self.from_variable => {
                Span::new(self.span.file, at as usize + start, at as usize + end)
            }
            _ => self.span,
        }
    }
}

/// How the container's main process is started.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Process {
    /// The entrypoint, when the deployment overrides the image's (Compose `entrypoint:`,
    /// Kubernetes `command:`, Dockerfile `ENTRYPOINT`).
    pub entrypoint: Option<Located<Vec<Arg>>>,
    /// The command (Compose `command:`, Kubernetes `args:`, Dockerfile `CMD`); `None` keeps
    /// the image's.
    pub command: Option<Located<Vec<Arg>>>,
    /// A shell runs the server (`sh -c "redis-server …"`): the span of the shell script.
    pub shell: Option<Span>,
}

/// Who the process runs as, and what it may do.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Identity {
    /// `user:` / `runAsUser` / `USER`: as written (`999`, `redis`, `1000:1000`).
    pub user: Option<Located<String>>,
    pub group: Option<Located<String>>,
    pub run_as_non_root: Option<Located<bool>>,
    pub privileged: Option<Located<bool>>,
    pub allow_privilege_escalation: Option<Located<bool>>,
    pub read_only_root_filesystem: Option<Located<bool>>,
    pub capabilities_add: Vec<Located<String>>,
    pub capabilities_drop: Vec<Located<String>>,
    /// A seccomp profile is set (Compose `security_opt: seccomp=…`, Kubernetes `seccompProfile`).
    pub seccomp: Option<Located<String>>,
    pub fs_group: Option<Located<String>>,
}

/// A port reachable from outside the container.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublishedPort {
    /// The host address it binds to; `None` means every interface.
    pub host_ip: Option<String>,
    /// The host port (or range, as written).
    pub published: Option<String>,
    /// The container port.
    pub target: u16,
    pub span: Span,
}

/// A port the container declares (Kubernetes `containerPort`), which Services and
/// NetworkPolicies may name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeclaredPort {
    pub name: Option<String>,
    pub port: u16,
    pub span: Span,
}

/// How a Kubernetes Service exposes the pod.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ServiceType {
    ClusterIp,
    /// `clusterIP: None`: DNS records for the pods, no virtual IP.
    Headless,
    NodePort,
    LoadBalancer,
    ExternalName,
}

impl ServiceType {
    /// Reachable from outside the cluster through every node or a load balancer.
    pub fn is_external(self) -> bool {
        matches!(self, ServiceType::NodePort | ServiceType::LoadBalancer)
    }
}

/// One `ports` entry of a Service, resolved to the container port it reaches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServicePort {
    /// The Service's own port.
    pub port: u16,
    /// The container port (`targetPort`, a number or the name of a declared port; default `port`).
    pub target: u16,
    pub node_port: Option<Located<u16>>,
    pub span: Span,
}

/// A Service whose selector matches the pod.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceExposure {
    pub name: Located<String>,
    /// The `type:` value, or the Service's name when the type is the default.
    pub service_type: Located<ServiceType>,
    pub ports: Vec<ServicePort>,
    /// `externalIPs`: addresses every node accepts traffic for, whatever the type.
    pub external_ips: Vec<Located<String>>,
    /// `loadBalancerSourceRanges`.
    pub source_ranges: Vec<Located<String>>,
}

/// An ingress rule of a NetworkPolicy that admits any source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenIngress {
    /// The NetworkPolicy's name.
    pub policy: String,
    /// The rule (the `ingress` item), or its `from` entry that admits everything.
    pub span: Span,
    /// The container port ranges it opens (inclusive); `None` for every port.
    pub ports: Option<Vec<(u16, u16)>>,
    /// Who it admits, for messages: "any pod or address", "every address (`0.0.0.0/0`)".
    pub sources: String,
}

impl OpenIngress {
    pub fn admits(&self, port: u16) -> bool {
        self.ports
            .as_ref()
            .is_none_or(|ranges| ranges.iter().any(|&(start, end)| (start..=end).contains(&port)))
    }
}

/// The NetworkPolicies that isolate the pod for ingress.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NetworkIsolation {
    /// Names of the policies that select the pod for ingress; none means every connection is
    /// allowed.
    pub policies: Vec<Located<String>>,
    pub open_rules: Vec<OpenIngress>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Exposure {
    pub published: Vec<PublishedPort>,
    /// `network_mode: host` / `hostNetwork: true`.
    pub host_network: Option<Span>,
    /// Every network the container joins is internal (Compose `internal: true`): nothing
    /// outside them can reach it, and published ports have no effect. The span of the
    /// container's `networks:`.
    pub internal_only: Option<Span>,
    /// Ports the container declares (Kubernetes `ports`).
    pub declared_ports: Vec<DeclaredPort>,
    /// Kubernetes Services selecting the pod.
    pub services: Vec<ServiceExposure>,
    /// Kubernetes NetworkPolicies; `None` where the platform has none (Compose).
    pub network_policies: Option<NetworkIsolation>,
}

/// What backs a path in the container.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MountSource {
    /// A named volume (Compose) or a PersistentVolumeClaim (Kubernetes): survives the container.
    Volume { name: String },
    /// A host path; `repository_path` when it is inside the checked repository.
    Bind { host_path: String, repository_path: Option<String> },
    /// In memory (`tmpfs`, `emptyDir` with medium Memory).
    Tmpfs,
    /// Gone with the pod or the container (`emptyDir`, an anonymous volume).
    Ephemeral { what: String },
    /// A ConfigMap, Secret or Compose config or secret: read-only files. `secret`: meant to
    /// stay out of the repository.
    ConfigFiles { name: String, repository_path: Option<String>, secret: bool },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mount {
    /// Absolute path in the container.
    pub target: String,
    pub source: MountSource,
    pub read_only: bool,
    pub span: Span,
}

impl Mount {
    /// Survives the container being recreated.
    pub fn is_durable(&self) -> bool {
        matches!(self.source, MountSource::Volume { .. } | MountSource::Bind { .. })
    }
}

/// An environment variable of the container.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnvVar {
    pub name: String,
    pub name_span: Span,
    pub value: EnvValue,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EnvValue {
    /// Written in the file (after interpolation); `from_variable` when it came from `${…}`.
    Literal { value: String, span: Span, from_variable: bool },
    /// From a secret store (`secretKeyRef`, `_FILE` conventions, Compose secrets).
    Secret { span: Span },
    /// Passed through from the host environment or unset.
    Unset,
}

/// What a health check decides.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HealthKind {
    /// Compose `healthcheck`, Dockerfile `HEALTHCHECK`: marks the container unhealthy.
    Check,
    /// Kubernetes `livenessProbe`: restarts the container.
    Liveness,
    /// Kubernetes `readinessProbe`: takes the pod out of its Services.
    Readiness,
    /// Kubernetes `startupProbe`: holds the other probes until it passes.
    Startup,
}

/// How health is checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HealthCheck {
    pub kind: HealthKind,
    /// The command, as written; for shell forms a single shell string. Empty for checks that
    /// run no command (a Kubernetes `tcpSocket` or `httpGet` probe).
    pub command: Vec<Arg>,
    pub shell: bool,
    pub span: Span,
    /// Compose `healthcheck.disable: true` / `test: ["NONE"]`.
    pub disabled: bool,
}

impl HealthCheck {
    /// The command's words: a shell form split as the shell would, each word with its span.
    pub fn password_args(&self) -> Vec<Arg> {
        self.command
            .iter()
            .flat_map(|arg| {
                if self.shell {
                    crate::shell::split(&arg.value, crate::shell::Mode::Script)
                        .into_iter()
                        .map(|word| Arg {
                            runtime: arg.runtime || word.expands(),
                            span: arg.sub_span(word.start, word.end),
                            ..Arg::literal(word.text, arg.span)
                        })
                        .collect()
                } else {
                    vec![arg.clone()]
                }
            })
            .collect()
    }

    /// Passwords written in the command: the word after `redis-cli -a` or `--pass`, when it
    /// is literal text (a secret, masked in every output).
    pub fn passwords(&self) -> Vec<Arg> {
        self.password_args()
            .windows(2)
            .filter(|pair| matches!(pair[0].value.as_str(), "-a" | "--pass"))
            .map(|pair| pair[1].clone())
            .filter(|word| !word.value.is_empty() && !word.runtime && !word.from_variable)
            .collect()
    }
}

/// A file of the repository baked into the image (`COPY redis.conf /usr/local/etc/redis/`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageFile {
    /// Where it is in the container: the file, or a directory the copied files are in.
    pub target: String,
    /// What it is in the repository (relative to the build context).
    pub repository_path: String,
    /// The `COPY`/`ADD` instruction.
    pub span: Span,
}

/// The image is built from a Dockerfile of the repository.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuiltImage {
    pub dockerfile: FileId,
    /// The stage that is the image (the last one, or the Compose `target`).
    pub stage: usize,
    /// Its `FROM` instruction.
    pub from: Span,
    /// What asks for the build (a Compose `build:`); `None` for a Dockerfile checked on its own.
    pub reference: Option<Span>,
    /// A `RUN` that installs the server from a package (`apk add redis`).
    pub installs_server: Option<Span>,
    /// Files the Dockerfile writes from a heredoc (`COPY <<EOF /etc/redis/redis.conf`), with
    /// the instruction.
    pub inline_files: Vec<Located<String>>,
}

/// Everything about the container running one Redis.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Container {
    /// What declares it: a Compose service's key, a Kubernetes container's `name`.
    pub span: Span,
    pub image: Option<ImageRef>,
    pub process: Process,
    pub identity: Identity,
    pub exposure: Exposure,
    pub mounts: Vec<Mount>,
    pub memory_limit: Option<Located<u64>>,
    pub memory_request: Option<Located<u64>>,
    pub environment: Vec<EnvVar>,
    /// Health checks (Compose `healthcheck`, Dockerfile `HEALTHCHECK`, Kubernetes probes).
    pub health: Vec<HealthCheck>,
    /// Kernel parameters set for the container (`name=value`).
    pub sysctls: Vec<Located<String>>,
    /// The Kubernetes objects the container's deployment is made of: its workload first, then
    /// the Services and NetworkPolicies selecting it and the ConfigMaps, Secrets and claims it
    /// uses. Empty for other platforms.
    pub objects: Vec<ManifestObject>,
    /// The working directory the deployment or the Dockerfile sets (`WORKDIR`).
    pub working_dir: Option<Located<String>>,
    /// The image is built from a Dockerfile of the repository.
    pub built: Option<BuiltImage>,
    /// Files of the repository the Dockerfile copies into the image.
    pub image_files: Vec<ImageFile>,
}

/// Kernel parameters a container (or pod) may set: the network namespace's, and System V IPC.
pub fn is_namespaced_sysctl(name: &str) -> bool {
    name.starts_with("net.")
        || name.starts_with("kernel.shm")
        || name.starts_with("kernel.msg")
        || name == "kernel.sem"
        || name == "fs.mqueue"
        || name.starts_with("fs.mqueue.")
}

/// The sysctls Kubernetes lets every pod set; other namespaced ones need the kubelet's
/// `--allowed-unsafe-sysctls`.
pub const SAFE_SYSCTLS: &[&str] = &[
    "kernel.shm_rmid_forced",
    "net.ipv4.ip_local_port_range",
    "net.ipv4.tcp_syncookies",
    "net.ipv4.ping_group_range",
    "net.ipv4.ip_unprivileged_port_start",
    "net.ipv4.ip_local_reserved_ports",
    "net.ipv4.tcp_keepalive_time",
    "net.ipv4.tcp_fin_timeout",
    "net.ipv4.tcp_keepalive_intvl",
    "net.ipv4.tcp_keepalive_probes",
    "net.ipv4.tcp_rmem",
    "net.ipv4.tcp_wmem",
];

impl Located<String> {
    /// The name of a `name=value` sysctl.
    pub fn sysctl_name(&self) -> &str {
        self.value.split(['=', ':']).next().unwrap_or("").trim()
    }
}

/// A Kubernetes object, for findings about the object itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ManifestObject {
    pub kind: String,
    /// `metadata.name`'s value.
    pub name: Located<String>,
    pub api_version: Located<String>,
    /// `spec.replicas` of a workload, where it is written.
    pub replicas: Option<Located<i64>>,
    /// The whole object.
    pub span: Span,
}

impl Container {
    pub fn new(span: Span) -> Self {
        Container {
            span,
            image: None,
            process: Process::default(),
            identity: Identity::default(),
            exposure: Exposure::default(),
            mounts: Vec::new(),
            memory_limit: None,
            memory_request: None,
            environment: Vec::new(),
            health: Vec::new(),
            sysctls: Vec::new(),
            objects: Vec::new(),
            working_dir: None,
            built: None,
            image_files: Vec::new(),
        }
    }

    /// The Kubernetes workload (Deployment, StatefulSet, Pod …) the container belongs to.
    pub fn workload(&self) -> Option<&ManifestObject> {
        self.objects.first()
    }

    /// The kubelet refuses to start this container as root (`runAsNonRoot: true`), so whatever
    /// the command, Redis cannot run as root in it.
    pub fn refuses_root(&self) -> bool {
        self.identity.run_as_non_root.as_ref().is_some_and(|value| value.value)
    }

    /// Fill in what the deployment leaves to the image built for it: the image's base, and its
    /// `ENTRYPOINT`, `CMD`, `USER`, `HEALTHCHECK`, `ENV`, `VOLUME`s, `WORKDIR` and copied files
    /// unless the deployment sets them. As in Compose and Kubernetes, replacing the
    /// entrypoint also drops the image's command.
    pub fn apply_image(&mut self, image: Container) {
        self.image = image.image;
        if self.process.entrypoint.is_none() {
            self.process.entrypoint = image.process.entrypoint;
            if self.process.command.is_none() {
                self.process.command = image.process.command;
            }
        }
        if self.identity.user.is_none() {
            self.identity.user = image.identity.user;
        }
        if self.health.is_empty() {
            self.health = image.health;
        }
        let mut environment = image.environment;
        environment.append(&mut self.environment);
        self.environment = environment;
        for volume in image.mounts {
            if !self
                .mounts
                .iter()
                .any(|mount| mount.target.trim_end_matches('/') == volume.target.trim_end_matches('/'))
            {
                self.mounts.push(volume);
            }
        }
        if self.working_dir.is_none() {
            self.working_dir = image.working_dir;
        }
        self.image_files = image.image_files;
        self.built = image.built;
    }

    /// Where the server starts: the `WORKDIR` set for it, else the image's (`/data`).
    pub fn workdir(&self) -> Option<String> {
        self.working_dir.as_ref().map(|dir| dir.value.clone()).or_else(|| {
            self.image_facts()
                .and_then(|facts| facts.server)
                .and_then(|server| server.workdir)
                .map(str::to_owned)
        })
    }

    /// Container paths whose files are in the repository: bind mounts, mounted configs, and
    /// files the Dockerfile copies in (unless a mount hides them).
    pub fn path_mappings(&self) -> Vec<PathMapping> {
        let mut mappings: Vec<PathMapping> = self
            .mounts
            .iter()
            .filter_map(|mount| match &mount.source {
                MountSource::Bind { repository_path: Some(repository), .. }
                | MountSource::ConfigFiles { repository_path: Some(repository), .. } => {
                    Some(PathMapping { container: mount.target.clone(), repository: repository.clone() })
                }
                _ => None,
            })
            .collect();
        // A bind mount or a tmpfs hides what the image has there; volumes start as a copy of it.
        let hidden = |path: &str| {
            self.mount_for(path).is_some_and(|mount| {
                matches!(
                    mount.source,
                    MountSource::Bind { .. } | MountSource::ConfigFiles { .. } | MountSource::Tmpfs
                )
            })
        };
        for file in &self.image_files {
            if !hidden(&file.target) {
                mappings.push(PathMapping {
                    container: file.target.clone(),
                    repository: file.repository_path.clone(),
                });
            }
        }
        mappings
    }

    /// The `COPY` that brings a repository file into the image, if one does.
    pub fn copy_of(&self, repository_path: &str) -> Option<&ImageFile> {
        self.image_files.iter().find(|file| {
            repository_path == file.repository_path
                || repository_path
                    .strip_prefix(file.repository_path.as_str())
                    .is_some_and(|rest| rest.starts_with('/') || file.repository_path.is_empty())
        })
    }

    /// A label for findings about what the Dockerfile says, at what asks for the build
    /// (`build:` of a Compose service).
    pub fn build_label(&self) -> Option<(Span, &'static str)> {
        let reference = self.built.as_ref()?.reference?;
        Some((reference, "the image is built from this Dockerfile"))
    }

    pub fn image_facts(&self) -> Option<ImageFacts> {
        self.image.as_ref().map(ImageRef::facts)
    }

    /// The mount whose target contains `path` (the longest match).
    pub fn mount_for(&self, path: &str) -> Option<&Mount> {
        self.mounts
            .iter()
            .filter(|mount| {
                let target = mount.target.trim_end_matches('/');
                path == target || path.starts_with(&format!("{target}/")) || target.is_empty()
            })
            .max_by_key(|mount| mount.target.len())
    }

    /// Every argument of the entrypoint and command the deployment sets.
    pub fn process_args(&self) -> impl Iterator<Item = &Arg> {
        let process = &self.process;
        process.entrypoint.iter().chain(&process.command).flat_map(|args| &args.value)
    }

    pub fn env(&self, name: &str) -> Option<&EnvVar> {
        self.environment.iter().rev().find(|var| var.name == name)
    }
}
