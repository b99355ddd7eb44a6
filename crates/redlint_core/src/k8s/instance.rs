//! Turning the containers of Kubernetes workloads that run Redis into Redis instances: the
//! container's image, process (`command` replaces the image's entrypoint, `args` its command,
//! `$(VAR)` expanded), identity, mounts (ConfigMap and Secret keys become embedded files, PVCs
//! and `volumeClaimTemplates` durable volumes, `emptyDir` ephemeral), memory, probes and
//! sysctls, and what reaches the pod (Services, NetworkPolicies, `hostNetwork`, `hostPort`).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::data::{self, data_dir};
use super::network::{network_isolation, service_exposure};
use super::object::{IGNORE_ANNOTATION, Kind, Labels, Object, Str, WorkloadKind, int_at, objects, str_at};
use super::pod::{ContainerSpec, MAX_ITEMS, PodTemplate, resolve_identity};
use super::quantity;
use crate::model::configure::{ConfigSources, configure};
use crate::model::container::{
    Arg, Container, DeclaredPort, EnvValue, EnvVar, HealthCheck, HealthKind, Located, ManifestObject, Mount,
    MountSource, PublishedPort,
};
use crate::model::image::ImageRef;
use crate::model::{Credential, InstanceSource, Platform, RedisInstance, launch};
use crate::paths;
use crate::settings::Settings;
use crate::source::{FileId, Span};
use crate::suppress::{Suppression, SuppressionKind};
use crate::yaml::{ScalarMap, Yaml, YamlRef};

/// Most containers examined in one manifest: a budget against crafted input (aliases can
/// repeat one pod, and one container in it, many times over).
const MAX_CONTAINERS_PER_FILE: usize = 1_000;

/// What reading Kubernetes manifests needs from the engine.
pub(crate) trait K8sFiles {
    fn path(&self, file: FileId) -> String;
    fn text(&self, file: FileId) -> Arc<str>;
    /// Is a repository path already a file (or an embedded text)?
    fn path_taken(&self, path: &str) -> bool;
    /// Register a text embedded in a manifest (a ConfigMap or Secret key).
    fn add_embedded(&mut self, path: String, text: String, host: FileId, map: ScalarMap) -> FileId;
    fn config_sources(&mut self) -> &mut dyn ConfigSources;
}

/// Everything the manifests contribute to the model.
#[derive(Default)]
pub(crate) struct Found {
    pub instances: Vec<RedisInstance>,
    /// Files a container reads: not checked on their own.
    pub referenced: Vec<FileId>,
    pub credentials: Vec<Credential>,
    /// `redlint.dev/ignore` annotations, as suppressions covering their object.
    pub suppressions: Vec<Suppression>,
    /// Embedded texts held in Secrets.
    pub secret_files: Vec<FileId>,
}

/// One key of a ConfigMap or Secret, registered as an embedded file.
struct DataKey {
    key: String,
    /// Repository path of the embedded file.
    path: String,
    text: String,
    value_span: Span,
}

/// A ConfigMap or Secret of the manifests.
struct DataObject {
    kind: Kind,
    file: FileId,
    name: String,
    /// Repository path of the directory its keys are files of.
    dir: String,
    keys: Vec<DataKey>,
    object: usize,
}

/// Indexes over every object of the manifests. A cluster can hold thousands of objects, each
/// looking up others: lookups go through indexes, never over every object.
struct Cluster<'a> {
    objects: Vec<Object<'a>>,
    data: Vec<DataObject>,
    /// ConfigMaps and Secrets by kind and name, as indexes into `data`.
    data_by_name: HashMap<(Kind, String), Vec<usize>>,
    /// Objects by kind: those of each namespace, and those that name none (which
    /// [`Object::same_namespace`] places in every namespace); indexes into `objects`, in order.
    /// A list, not a map: there are a dozen kinds.
    by_kind: Vec<(Kind, KindIndex<'a>)>,
}

#[derive(Default)]
struct KindIndex<'a> {
    all: Vec<usize>,
    by_namespace: HashMap<&'a str, Vec<usize>>,
    without_namespace: Vec<usize>,
}

impl<'a> Cluster<'a> {
    fn new(objects: Vec<Object<'a>>) -> Cluster<'a> {
        let mut by_kind: Vec<(Kind, KindIndex<'a>)> = Vec::new();
        for (index, object) in objects.iter().enumerate() {
            let position = match by_kind.iter().position(|(kind, _)| *kind == object.kind) {
                Some(position) => position,
                None => {
                    by_kind.push((object.kind, KindIndex::default()));
                    by_kind.len() - 1
                }
            };
            let kind = &mut by_kind[position].1;
            kind.all.push(index);
            match object.namespace() {
                Some(namespace) => kind.by_namespace.entry(namespace).or_default().push(index),
                None => kind.without_namespace.push(index),
            }
        }
        Cluster { objects, data: Vec::new(), data_by_name: HashMap::new(), by_kind }
    }

    fn add_data(&mut self, data: DataObject) {
        self.data_by_name.entry((data.kind, data.name.clone())).or_default().push(self.data.len());
        self.data.push(data);
    }

    /// The ConfigMap or Secret a pod refers to: same namespace, preferably from the same file.
    fn data(&self, kind: Kind, name: &str, pod: &Object<'_>) -> Option<&DataObject> {
        let candidates = self
            .data_by_name
            .get(&(kind, name.to_owned()))
            .into_iter()
            .flatten()
            .map(|&index| &self.data[index])
            .filter(|data| self.objects[data.object].same_namespace(pod));
        let mut first = None;
        for candidate in candidates {
            if candidate.file == pod.file {
                return Some(candidate);
            }
            first.get_or_insert(candidate);
        }
        first
    }

    /// The objects of a kind in the pod's namespace, in manifest order.
    fn of_kind(&self, kind: Kind, pod: &Object<'_>) -> Vec<&Object<'a>> {
        let Some((_, index)) = self.by_kind.iter().find(|(indexed, _)| *indexed == kind) else {
            return Vec::new();
        };
        let mut found: Vec<usize> = match pod.namespace() {
            None => index.all.clone(),
            Some(namespace) => {
                let mut found = index.without_namespace.clone();
                found.extend(index.by_namespace.get(namespace).into_iter().flatten());
                crate::sort::sort(&mut found);
                found
            }
        };
        found.dedup();
        found.into_iter().map(|index| &self.objects[index]).collect()
    }
}

/// Read every manifest, register the ConfigMap and Secret keys as embedded files, and build
/// an instance for every container that runs Redis.
pub(crate) fn instances(
    files: &mut dyn K8sFiles,
    manifests: &[(FileId, Arc<Yaml>)],
    settings: &Settings,
) -> Found {
    let mut found = Found::default();
    let mut cluster = Cluster::new(manifests.iter().flat_map(|(file, yaml)| objects(*file, yaml)).collect());
    let mut dirs: HashSet<String> = HashSet::new();
    let mut next_suffix = HashMap::new();
    let mut data_objects = Vec::new();
    for (index, object) in cluster.objects.iter().enumerate() {
        if let Some(value) = object.annotation(IGNORE_ANNOTATION) {
            found.suppressions.extend(annotation_suppression(&files.text(object.file), value, object.span()));
        }
        if !matches!(object.kind, Kind::ConfigMap | Kind::Secret) {
            continue;
        }
        let text = files.text(object.file);
        let host_path = files.path(object.file);
        let name = object.display_name();
        let dir = data_dir(&host_path, object.kind_name.value, name, &mut next_suffix, &|path| {
            dirs.contains(path) || files.path_taken(path)
        });
        dirs.insert(dir.clone());
        // Secret values are masked in every output.
        for (key, span) in data::secret_values(object) {
            let holder = format!("key `{key}` of Secret `{name}`");
            found.credentials.push(Credential { span, holder, literal: false });
        }
        let mut keys = Vec::new();
        for entry in data::entries(object, &text) {
            let path = format!("{dir}/{}", entry.key.value);
            let id = files.add_embedded(path.clone(), entry.text.clone(), object.file, entry.map);
            if entry.secret {
                found.secret_files.push(id);
            }
            keys.push(DataKey {
                key: entry.key.value.to_owned(),
                path,
                text: entry.text,
                value_span: entry.value_span,
            });
        }
        data_objects.push(DataObject {
            kind: object.kind,
            file: object.file,
            name: name.to_owned(),
            dir,
            keys,
            object: index,
        });
    }
    for data in data_objects {
        cluster.add_data(data);
    }
    let mut examined: std::collections::HashMap<FileId, usize> = std::collections::HashMap::new();
    for workload in &cluster.objects {
        let Kind::Workload(kind) = workload.kind else { continue };
        let Some(template) = PodTemplate::of(workload, kind) else { continue };
        if let Some(value) = template.annotation(IGNORE_ANNOTATION) {
            found.suppressions.extend(annotation_suppression(
                &files.text(workload.file),
                value,
                template.span,
            ));
        }
        let pod = Pod { workload, kind, template, labels: template.labels() };
        for spec in template.spec.containers() {
            let count = examined.entry(workload.file).or_default();
            *count += 1;
            if *count > MAX_CONTAINERS_PER_FILE {
                break;
            }
            let container = pod.container(&cluster, spec);
            found.credentials.extend(credentials(&container, &spec, &|file| files.text(file)));
            let launch = launch::analyze(&container);
            let runs_redis =
                container.image.as_ref().is_some_and(ImageRef::runs_redis) || launch.program.is_some();
            if !runs_redis || launch.client_tool {
                continue;
            }
            let config =
                configure(files.config_sources(), &container, &launch, settings, Platform::Kubernetes);
            found.referenced.extend(config.files.iter().copied());
            let container_name = spec.name().map_or("-", |name| name.value);
            found.instances.push(RedisInstance {
                name: format!(
                    "container `{container_name}` of {} `{}`",
                    workload.kind_name.value,
                    workload.display_name()
                ),
                source: InstanceSource::KubernetesContainer {
                    file: workload.file,
                    workload: format!("{}/{}", workload.kind_name.value, workload.display_name()),
                    container: container_name.to_owned(),
                },
                anchor: container.span,
                config,
                container: Some(container),
            });
        }
    }
    found
}

/// A workload's pod, while its containers are read.
struct Pod<'a, 'b> {
    workload: &'b Object<'a>,
    kind: WorkloadKind,
    template: PodTemplate<'a>,
    labels: Labels,
}

impl Pod<'_, '_> {
    fn container(&self, cluster: &Cluster<'_>, spec: ContainerSpec<'_>) -> Container {
        let span = spec.name().map_or(spec.0.span(), |name| name.span);
        let mut container = Container::new(span);
        container.image = spec
            .image()
            .filter(|image| !image.value.is_empty())
            .map(|image| ImageRef::parse(image.value, image.span));
        let mut objects = vec![self.workload.manifest_object()];
        container.environment = self.environment(cluster, spec, &mut objects);
        container.process.entrypoint =
            spec.list("command").map(|(node, items)| Self::args(node, &items, &container.environment));
        container.process.command =
            spec.list("args").map(|(node, items)| Self::args(node, &items, &container.environment));
        let seccomp_annotation = self
            .template
            .annotation(&format!(
                "container.seccomp.security.alpha.kubernetes.io/{}",
                spec.name().map_or("", |name| name.value)
            ))
            .or_else(|| self.template.annotation("seccomp.security.alpha.kubernetes.io/pod"));
        container.identity = resolve_identity(
            self.template.spec.security_context(),
            spec.security_context(),
            seccomp_annotation,
        );
        for port in spec.ports() {
            let Some(number) = int_at(port, "containerPort").and_then(|port| u16::try_from(port.value).ok())
            else {
                continue;
            };
            let name = str_at(port, "name").map(|name| name.value.to_owned());
            container.exposure.declared_ports.push(DeclaredPort { name, port: number, span: port.span() });
            if let Some(host_port) = int_at(port, "hostPort").filter(|port| port.value > 0) {
                container.exposure.published.push(PublishedPort {
                    host_ip: str_at(port, "hostIP").map(|ip| ip.value.to_owned()).filter(|ip| !ip.is_empty()),
                    published: Some(host_port.value.to_string()),
                    target: number,
                    span: host_port.span,
                });
            }
        }
        container.exposure.host_network =
            self.template.spec.host_network().filter(|host| host.value).map(|host| host.span);
        let declared = container.exposure.declared_ports.clone();
        for service in cluster.of_kind(Kind::Service, self.workload) {
            if let Some(exposure) = service_exposure(service, &self.labels, &declared) {
                objects.push(service.manifest_object());
                container.exposure.services.push(exposure);
            }
        }
        let policies = cluster.of_kind(Kind::NetworkPolicy, self.workload);
        let isolation = network_isolation(&policies, &self.labels, &declared);
        let isolating: Vec<Span> = isolation.policies.iter().map(|name| name.span).collect();
        for policy in policies {
            if policy.name().is_some_and(|own| isolating.contains(&own.span)) {
                objects.push(policy.manifest_object());
            }
        }
        container.exposure.network_policies = Some(isolation);
        container.mounts = self.mounts(cluster, spec, &mut objects);
        let memory = |section: &str| {
            spec.resource(section, "memory").and_then(|quantity| {
                Some(Located::new(quantity::parse_bytes(quantity.value)?, quantity.span))
            })
        };
        container.memory_limit = memory("limits");
        container.memory_request = memory("requests");
        container.health = [
            ("livenessProbe", HealthKind::Liveness),
            ("readinessProbe", HealthKind::Readiness),
            ("startupProbe", HealthKind::Startup),
        ]
        .into_iter()
        .filter_map(|(key, kind)| probe(spec.probe(key)?, kind))
        .collect();
        container.sysctls = self.template.spec.sysctls();
        objects.dedup_by(|a, b| a.span == b.span);
        container.objects = objects;
        container
    }

    /// `env` after `envFrom`, so explicit variables win as they do in the kubelet.
    fn environment(
        &self,
        cluster: &Cluster<'_>,
        spec: ContainerSpec<'_>,
        objects: &mut Vec<ManifestObject>,
    ) -> Vec<EnvVar> {
        let mut vars = Vec::new();
        for source in spec.env_from() {
            let prefix = str_at(source, "prefix").map_or("", |prefix| prefix.value);
            for (key, kind) in [("configMapRef", Kind::ConfigMap), ("secretRef", Kind::Secret)] {
                let Some(name) = source.get(key).and_then(|reference| str_at(reference, "name")) else {
                    continue;
                };
                let Some(data) = cluster.data(kind, name.value, self.workload) else { continue };
                objects.push(cluster.objects[data.object].manifest_object());
                for entry in &data.keys {
                    let value = if kind == Kind::Secret {
                        EnvValue::Secret { span: source.span() }
                    } else {
                        // Written in the ConfigMap, where the span points.
                        EnvValue::Literal {
                            value: entry.text.clone(),
                            span: entry.value_span,
                            from_variable: false,
                        }
                    };
                    vars.push(EnvVar {
                        name: format!("{prefix}{}", entry.key),
                        name_span: source.span(),
                        value,
                    });
                }
            }
        }
        for item in spec.env() {
            let Some(name) = str_at(item, "name") else { continue };
            let value = if let Some(value) = item.get("value").and_then(Str::of) {
                let expanded = expand(value.value, &vars);
                EnvValue::Literal {
                    value: expanded.value,
                    span: value.span,
                    from_variable: expanded.from_variable,
                }
            } else if let Some(from) = item.get("valueFrom") {
                if let Some(reference) = from.get("secretKeyRef") {
                    if let Some(data) = str_at(reference, "name")
                        .and_then(|name| cluster.data(Kind::Secret, name.value, self.workload))
                    {
                        objects.push(cluster.objects[data.object].manifest_object());
                    }
                    EnvValue::Secret { span: reference.span() }
                } else if let Some(reference) = from.get("configMapKeyRef") {
                    let entry =
                        str_at(reference, "name").zip(str_at(reference, "key")).and_then(|(name, key)| {
                            let data = cluster.data(Kind::ConfigMap, name.value, self.workload)?;
                            objects.push(cluster.objects[data.object].manifest_object());
                            data.keys.iter().find(|entry| entry.key == key.value)
                        });
                    match entry {
                        Some(entry) => EnvValue::Literal {
                            value: entry.text.clone(),
                            span: entry.value_span,
                            from_variable: false,
                        },
                        None => EnvValue::Unset,
                    }
                } else {
                    // `fieldRef`, `resourceFieldRef`: known when the pod runs.
                    EnvValue::Unset
                }
            } else {
                EnvValue::Literal { value: String::new(), span: name.span, from_variable: false }
            };
            vars.push(EnvVar { name: name.value.to_owned(), name_span: name.span, value });
        }
        vars
    }

    /// `command` or `args` items, with `$(VAR)` references expanded as the kubelet does.
    fn args(node: YamlRef<'_>, items: &[YamlRef<'_>], environment: &[EnvVar]) -> Located<Vec<Arg>> {
        let args = items
            .iter()
            .filter_map(|item| {
                let value =
                    Str::of(*item).or_else(|| item.as_str().map(|value| Str { value, span: item.span() }))?;
                let expanded = expand(value.value, environment);
                let verbatim_at = (!expanded.from_variable && !expanded.runtime)
                    .then(|| verbatim_at(item, value.value))
                    .flatten();
                Some(Arg {
                    value: expanded.value,
                    span: value.span,
                    from_variable: expanded.from_variable,
                    runtime: expanded.runtime,
                    verbatim_at,
                })
            })
            .collect();
        Located::new(args, node.span())
    }

    fn mounts(
        &self,
        cluster: &Cluster<'_>,
        spec: ContainerSpec<'_>,
        objects: &mut Vec<ManifestObject>,
    ) -> Vec<Mount> {
        let claim_templates: Vec<&str> = match self.kind {
            WorkloadKind::StatefulSet => self
                .workload
                .node
                .path(&["spec", "volumeClaimTemplates"])
                .map(|templates| {
                    templates
                        .items()
                        .take(MAX_ITEMS)
                        .filter_map(|template| {
                            template.path(&["metadata", "name"]).and_then(|name| name.as_str())
                        })
                        .collect()
                })
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        let mut mounts = Vec::new();
        for mount in spec.volume_mounts() {
            let (Some(name), Some(target)) = (str_at(mount, "name"), str_at(mount, "mountPath")) else {
                continue;
            };
            let target = paths::normalize_path(target.value);
            let target = if target.starts_with('/') { target } else { format!("/{target}") };
            let read_only = mount.get("readOnly").and_then(|value| value.as_bool()).unwrap_or(false);
            let sub_path = str_at(mount, "subPath")
                .map(|sub| sub.value.trim_matches('/').to_owned())
                .filter(|sub| !sub.is_empty());
            let push = |mounts: &mut Vec<Mount>, target: String, source: MountSource| {
                mounts.push(Mount { target, source, read_only, span: mount.span() });
            };
            if claim_templates.contains(&name.value) && self.template.spec.volume(name.value).is_none() {
                push(&mut mounts, target, MountSource::Volume { name: name.value.to_owned() });
                continue;
            }
            let Some(volume) = self.template.spec.volume(name.value) else { continue };
            if let Some(claim) = volume.get("persistentVolumeClaim") {
                let claim_name = str_at(claim, "claimName").map_or(name.value, |claim| claim.value);
                if let Some(object) = cluster
                    .of_kind(Kind::PersistentVolumeClaim, self.workload)
                    .into_iter()
                    .find(|object| object.name().is_some_and(|own| own.value == claim_name))
                {
                    objects.push(object.manifest_object());
                }
                push(&mut mounts, target, MountSource::Volume { name: claim_name.to_owned() });
            } else if let Some(empty) = volume.get("emptyDir") {
                let memory = empty.is_mapping()
                    && str_at(empty, "medium").is_some_and(|medium| medium.value == "Memory");
                let source = if memory {
                    MountSource::Tmpfs
                } else {
                    MountSource::Ephemeral { what: "an `emptyDir` volume, deleted with the pod".to_owned() }
                };
                push(&mut mounts, target, source);
            } else if volume.get("ephemeral").is_some() {
                push(
                    &mut mounts,
                    target,
                    MountSource::Ephemeral {
                        what: "a generic ephemeral volume, deleted with the pod".to_owned(),
                    },
                );
            } else if let Some(host) = volume.get("hostPath") {
                let host_path = str_at(host, "path").map_or("", |path| path.value).to_owned();
                push(&mut mounts, target, MountSource::Bind { host_path, repository_path: None });
            } else if let Some(files) = self.volume_files(cluster, volume, objects) {
                match (files, &sub_path) {
                    (VolumeFiles::Dir { label, dir }, Some(sub)) => {
                        let repository_path = dir.map(|dir| paths::join(&dir, sub));
                        let secret = from_secret(&label);
                        push(
                            &mut mounts,
                            target,
                            MountSource::ConfigFiles { name: label, repository_path, secret },
                        );
                    }
                    (VolumeFiles::Dir { label, dir }, None) => {
                        push(
                            &mut mounts,
                            target,
                            MountSource::ConfigFiles {
                                secret: from_secret(&label),
                                name: label,
                                repository_path: dir,
                            },
                        );
                    }
                    (VolumeFiles::Files(files), Some(sub)) => {
                        let file = files.iter().find(|file| file.path == *sub);
                        let (name, repository_path) = match file {
                            Some(file) => (file.label.clone(), Some(file.repository_path.clone())),
                            None => (format!("volume `{}`", name.value), None),
                        };
                        let secret = from_secret(&name);
                        push(&mut mounts, target, MountSource::ConfigFiles { name, repository_path, secret });
                    }
                    (VolumeFiles::Files(files), None) => {
                        for file in files {
                            let source = MountSource::ConfigFiles {
                                secret: from_secret(&file.label),
                                name: file.label,
                                repository_path: Some(file.repository_path),
                            };
                            push(&mut mounts, paths::join(&target, &file.path), source);
                        }
                    }
                }
            } else {
                // A network or cloud volume (nfs, csi, awsElasticBlockStore …): it outlives the pod.
                push(&mut mounts, target, MountSource::Volume { name: name.value.to_owned() });
            }
        }
        mounts
    }

    /// The files of a ConfigMap, Secret or projected volume.
    fn volume_files(
        &self,
        cluster: &Cluster<'_>,
        volume: YamlRef<'_>,
        objects: &mut Vec<ManifestObject>,
    ) -> Option<VolumeFiles> {
        let sources: Vec<(Kind, YamlRef<'_>, &str)> = if let Some(config_map) = volume.get("configMap") {
            vec![(Kind::ConfigMap, config_map, "name")]
        } else if let Some(secret) = volume.get("secret") {
            vec![(Kind::Secret, secret, "secretName")]
        } else if let Some(projected) = volume.get("projected") {
            projected
                .get("sources")
                .map(|sources| {
                    sources
                        .items()
                        .take(MAX_ITEMS)
                        .filter_map(|source| {
                            if let Some(config_map) = source.get("configMap") {
                                Some((Kind::ConfigMap, config_map, "name"))
                            } else {
                                source.get("secret").map(|secret| (Kind::Secret, secret, "name"))
                            }
                        })
                        .collect()
                })
                .unwrap_or_default()
        } else if volume.get("downwardAPI").is_some() {
            return Some(VolumeFiles::Dir { label: "a downwardAPI volume".to_owned(), dir: None });
        } else {
            return None;
        };
        let projected = volume.get("projected").is_some();
        let mut files = Vec::new();
        for (kind, source, name_key) in sources {
            let name = str_at(source, name_key).map_or("", |name| name.value);
            let kind_name = if kind == Kind::Secret { "Secret" } else { "ConfigMap" };
            let label = format!("{kind_name} `{name}`");
            let data = cluster.data(kind, name, self.workload);
            if let Some(data) = data {
                objects.push(cluster.objects[data.object].manifest_object());
            }
            let items: Vec<(String, String)> = source
                .get("items")
                .map(|items| {
                    items
                        .items()
                        .take(MAX_ITEMS)
                        .filter_map(|item| {
                            Some((
                                str_at(item, "key")?.value.to_owned(),
                                str_at(item, "path")?.value.to_owned(),
                            ))
                        })
                        .collect()
                })
                .unwrap_or_default();
            if items.is_empty() && !projected {
                return Some(VolumeFiles::Dir { label, dir: data.map(|data| data.dir.clone()) });
            }
            let Some(data) = data else {
                if !projected {
                    return Some(VolumeFiles::Dir { label, dir: None });
                }
                continue;
            };
            let listed: Vec<(String, String)> = if items.is_empty() {
                data.keys.iter().map(|entry| (entry.key.clone(), entry.key.clone())).collect()
            } else {
                items
            };
            for (key, path) in listed {
                if let Some(entry) = data.keys.iter().find(|entry| entry.key == key) {
                    files.push(VolumeFile {
                        path: paths::normalize_path(&path),
                        label: label.clone(),
                        repository_path: entry.path.clone(),
                    });
                }
            }
        }
        Some(VolumeFiles::Files(files))
    }
}

/// What a ConfigMap, Secret or projected volume holds.
enum VolumeFiles {
    /// Every key of one object, as files of a directory (`None`: the object was not read).
    Dir { label: String, dir: Option<String> },
    /// Chosen keys, each at its own path.
    Files(Vec<VolumeFile>),
}

struct VolumeFile {
    /// Path inside the volume.
    path: String,
    label: String,
    repository_path: String,
}

/// A probe as a health check; `None` for a probe with no handler.
fn probe(node: YamlRef<'_>, kind: HealthKind) -> Option<HealthCheck> {
    if let Some(command) = node.path(&["exec", "command"]) {
        let items: Vec<Arg> = command
            .items()
            .take(MAX_ITEMS)
            .filter_map(|item| Some(Arg::literal(item.as_str()?, item.span())))
            .collect();
        // `sh -c "script"`: the script, as a shell health check.
        let shell = items.len() >= 3
            && matches!(items[0].value.rsplit('/').next(), Some("sh" | "bash" | "ash" | "dash"))
            && items[1].value.starts_with('-')
            && items[1].value.contains('c');
        let (command_args, shell) = if shell { (items[2..].to_vec(), true) } else { (items, false) };
        return Some(HealthCheck {
            kind,
            command: command_args,
            shell,
            span: command.span(),
            disabled: false,
        });
    }
    ["tcpSocket", "httpGet", "grpc"].iter().any(|handler| node.get(handler).is_some()).then(|| HealthCheck {
        kind,
        command: Vec::new(),
        shell: false,
        span: node.span(),
        disabled: false,
    })
}

/// A value after `$(VAR)` expansion.
struct Expanded {
    value: String,
    /// A literal variable supplied part of it.
    from_variable: bool,
    /// A variable only known when the container starts (a Secret, a field) supplied part of it.
    runtime: bool,
}

/// Expand `$(VAR)` with the container's variables as the kubelet does: `$$` is a literal `$`,
/// and a reference to a variable that is not defined stays as written.
fn expand(text: &str, environment: &[EnvVar]) -> Expanded {
    let mut out = Expanded { value: String::with_capacity(text.len()), from_variable: false, runtime: false };
    let mut rest = text;
    while let Some(dollar) = rest.find('$') {
        out.value.push_str(&rest[..dollar]);
        let after = &rest[dollar + 1..];
        if let Some(escaped) = after.strip_prefix('$') {
            out.value.push('$');
            rest = escaped;
        } else if let Some((name, tail)) = after.strip_prefix('(').and_then(|inner| inner.split_once(')')) {
            match environment.iter().rev().find(|var| var.name == name).map(|var| &var.value) {
                Some(EnvValue::Literal { value, .. }) => {
                    out.value.push_str(value);
                    out.from_variable = true;
                }
                Some(EnvValue::Secret { .. } | EnvValue::Unset) => {
                    out.value.push_str(&rest[dollar..dollar + 3 + name.len()]);
                    out.runtime = true;
                }
                None => out.value.push_str(&rest[dollar..dollar + 3 + name.len()]),
            }
            rest = tail;
        } else {
            out.value.push('$');
            rest = after;
        }
    }
    out.value.push_str(rest);
    out
}

/// Where a scalar's value starts when the file holds it verbatim, bare or between quotes.
fn verbatim_at(node: &YamlRef<'_>, value: &str) -> Option<u32> {
    let span = node.span();
    let written_len = span.len();
    if written_len == value.len() {
        Some(span.start)
    } else if written_len == value.len() + 2
        && node.style().is_some_and(|style| style != crate::yaml::Style::Plain)
    {
        Some(span.start + 1)
    } else {
        None
    }
}

/// Passwords written in a container's environment (or the ConfigMap it reads): Redis password
/// variables of Redis containers, any password variable mentioning Redis, and Redis URLs with
/// a password.
fn credentials(
    container: &Container,
    spec: &ContainerSpec<'_>,
    text_of: &dyn Fn(FileId) -> Arc<str>,
) -> Vec<Credential> {
    let redis_container = container.image.as_ref().is_some_and(ImageRef::runs_redis);
    let name = spec.name().map_or("-", |name| name.value);
    let mut found = Vec::new();
    for var in &container.environment {
        // A value built from another variable (`$(PASSWORD)`) is reported where that one is written.
        let EnvValue::Literal { value, span, from_variable: false } = &var.value else { continue };
        if value.is_empty() {
            continue;
        }
        let holder = format!("environment variable `{}` of container `{name}`", var.name);
        if let Some(range) = crate::compose::url_password(value) {
            // Point at the password inside the URL when the text holds it verbatim.
            let source = text_of(span.file);
            let written = source.get(span.range()).unwrap_or("");
            let password_span = written.find(&value[range.clone()]).map_or(*span, |offset| {
                Span::new(span.file, span.start as usize + offset, span.start as usize + offset + range.len())
            });
            found.push(Credential {
                span: password_span,
                holder: format!("a Redis URL in {holder}"),
                literal: true,
            });
        } else if crate::compose::is_password_variable(&var.name)
            && (redis_container || var.name.to_ascii_uppercase().contains("REDIS"))
        {
            found.push(Credential { span: *span, holder, literal: true });
        }
    }
    found
}

/// A `redlint.dev/ignore: "rule-a,rule-b -- reason"` annotation covering `object`. When the
/// value is written verbatim (bare or between quotes), each rule name keeps its own span.
fn annotation_suppression(text: &str, value: Str<'_>, object: Span) -> Option<Suppression> {
    let written = &text[value.span.range()];
    let (span, verbatim) = if written == value.value {
        (value.span, true)
    } else if written.len() == value.value.len() + 2 && written.get(1..written.len() - 1) == Some(value.value)
    {
        (Span::new(value.span.file, value.span.start as usize + 1, value.span.end as usize - 1), true)
    } else {
        (value.span, false)
    };
    Suppression::from_value(SuppressionKind::KubernetesAnnotation, value.value, span, verbatim, object)
}

/// Whether a volume's files come from a Secret (its label is `Secret `name``): kept out of the
/// repository on purpose, so an unread one is not a finding.
fn from_secret(label: &str) -> bool {
    label.starts_with("Secret ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn literal(name: &str, value: &str) -> EnvVar {
        let span = Span::new(FileId(0), 0, 0);
        EnvVar {
            name: name.to_owned(),
            name_span: span,
            value: EnvValue::Literal { value: value.to_owned(), span, from_variable: false },
        }
    }

    #[test]
    fn variables_expand_like_the_kubelet_does() {
        let span = Span::new(FileId(0), 0, 0);
        let env = vec![
            literal("PASS", "s3cret"),
            EnvVar { name: "TOKEN".into(), name_span: span, value: EnvValue::Secret { span } },
        ];
        let expanded = expand("--requirepass=$(PASS)", &env);
        assert_eq!(
            (expanded.value.as_str(), expanded.from_variable, expanded.runtime),
            ("--requirepass=s3cret", true, false)
        );
        let expanded = expand("$(TOKEN)", &env);
        assert_eq!((expanded.value.as_str(), expanded.runtime), ("$(TOKEN)", true));
        let expanded = expand("$$(PASS) $(MISSING) $5 $", &env);
        assert_eq!(
            (expanded.value.as_str(), expanded.from_variable, expanded.runtime),
            ("$(PASS) $(MISSING) $5 $", false, false)
        );
    }
}
