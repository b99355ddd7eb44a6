//! Kubernetes objects as typed views over the YAML span tree: what every object has
//! (`apiVersion`, `kind`, `metadata`), the kinds redlint understands, `List`s unwrapped, and
//! the API versions the API server no longer serves.

use crate::model::container::Located;
use crate::source::{FileId, Span};
use crate::yaml::{Yaml, YamlRef};

/// Most nodes visited while collecting one file's objects (`List`s included): aliases can
/// make a small file hold a huge tree, so the walk has a budget rather than a depth alone.
const MAX_VISITS: usize = 100_000;
/// `List`s inside `List`s are followed this deep.
const MAX_LIST_DEPTH: usize = 4;

/// A scalar's text and where it is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Str<'a> {
    pub value: &'a str,
    pub span: Span,
}

impl<'a> Str<'a> {
    /// A scalar that is not null.
    pub fn of(node: YamlRef<'a>) -> Option<Str<'a>> {
        if node.is_null() {
            return None;
        }
        Some(Str { value: node.as_str()?, span: node.span() })
    }

    pub fn located(&self) -> Located<String> {
        Located::new(self.value.to_owned(), self.span)
    }
}

/// The string at `key` of a mapping.
pub fn str_at<'a>(node: YamlRef<'a>, key: &str) -> Option<Str<'a>> {
    node.get(key).and_then(Str::of)
}

/// The integer at `key` of a mapping (`6379` or `"6379"`).
pub fn int_at(node: YamlRef<'_>, key: &str) -> Option<Located<i64>> {
    let value = node.get(key)?;
    Some(Located::new(value.as_i64()?, value.span()))
}

/// The boolean at `key` of a mapping.
pub fn bool_at(node: YamlRef<'_>, key: &str) -> Option<Located<bool>> {
    let value = node.get(key)?;
    Some(Located::new(value.as_bool()?, value.span()))
}

/// Workload kinds: objects with a pod template (or a Pod itself).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum WorkloadKind {
    Pod,
    Deployment,
    StatefulSet,
    DaemonSet,
    ReplicaSet,
    ReplicationController,
    Job,
    CronJob,
}

impl WorkloadKind {
    /// Replaces its pods with fresh ones (new names, new `emptyDir`s) when they are deleted or
    /// rescheduled; a StatefulSet keeps each pod's claims.
    pub fn is_replicated(self) -> bool {
        matches!(
            self,
            WorkloadKind::Deployment | WorkloadKind::ReplicaSet | WorkloadKind::ReplicationController
        )
    }
}

/// Custom resources of Redis operators: recognised so they are never read as something else.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OperatorKind {
    /// OT-CONTAINER-KIT `Redis`, `RedisCluster`, `RedisReplication`, `RedisSentinel`.
    OpsTree,
    /// spotahome `RedisFailover`.
    Spotahome,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    Workload(WorkloadKind),
    Service,
    NetworkPolicy,
    ConfigMap,
    Secret,
    PersistentVolumeClaim,
    Operator(OperatorKind),
    /// Any other kind (a `Namespace`, an `Ingress`, a custom resource): read, not used.
    Other,
}

impl Kind {
    /// The kind an `apiVersion` and `kind` name, checking the API group: a Knative `Service`
    /// is not a core Service.
    pub fn of(api_version: &str, kind: &str) -> Kind {
        let group = api_version.rsplit_once('/').map_or("", |(group, _)| group);
        let core = group.is_empty();
        let apps = matches!(group, "apps" | "extensions");
        let batch = group == "batch";
        match kind {
            "Pod" if core => Kind::Workload(WorkloadKind::Pod),
            "ReplicationController" if core => Kind::Workload(WorkloadKind::ReplicationController),
            "Service" if core => Kind::Service,
            "ConfigMap" if core => Kind::ConfigMap,
            "Secret" if core => Kind::Secret,
            "PersistentVolumeClaim" if core => Kind::PersistentVolumeClaim,
            "Deployment" if apps => Kind::Workload(WorkloadKind::Deployment),
            "StatefulSet" if apps => Kind::Workload(WorkloadKind::StatefulSet),
            "DaemonSet" if apps => Kind::Workload(WorkloadKind::DaemonSet),
            "ReplicaSet" if apps => Kind::Workload(WorkloadKind::ReplicaSet),
            "Job" if batch => Kind::Workload(WorkloadKind::Job),
            "CronJob" if batch => Kind::Workload(WorkloadKind::CronJob),
            "NetworkPolicy" if matches!(group, "networking.k8s.io" | "extensions") => Kind::NetworkPolicy,
            "Redis" | "RedisCluster" | "RedisReplication" | "RedisSentinel"
                if group == "redis.redis.opstreelabs.in" =>
            {
                Kind::Operator(OperatorKind::OpsTree)
            }
            "RedisFailover" if group == "databases.spotahome.com" => Kind::Operator(OperatorKind::Spotahome),
            _ => Kind::Other,
        }
    }
}

/// One Kubernetes object of a manifest.
#[derive(Clone, Copy, Debug)]
pub struct Object<'a> {
    pub file: FileId,
    pub node: YamlRef<'a>,
    pub api_version: Str<'a>,
    pub kind_name: Str<'a>,
    pub kind: Kind,
}

impl<'a> Object<'a> {
    /// An object from a mapping with `apiVersion` and `kind`.
    pub fn read(file: FileId, node: YamlRef<'a>) -> Option<Object<'a>> {
        let api_version = str_at(node, "apiVersion")?;
        let kind_name = str_at(node, "kind")?;
        let kind = Kind::of(api_version.value.trim(), kind_name.value.trim());
        Some(Object { file, node, api_version, kind_name, kind })
    }

    pub fn span(&self) -> Span {
        self.node.span()
    }

    pub fn metadata(&self) -> Option<YamlRef<'a>> {
        self.node.get("metadata").filter(YamlRef::is_mapping)
    }

    pub fn name(&self) -> Option<Str<'a>> {
        self.metadata().and_then(|metadata| str_at(metadata, "name"))
    }

    /// `metadata.namespace`; `None` when the manifest leaves it to `kubectl -n`.
    pub fn namespace(&self) -> Option<&'a str> {
        self.metadata().and_then(|metadata| str_at(metadata, "namespace")).map(|namespace| namespace.value)
    }

    /// The name for messages, `-` when it has none.
    pub fn display_name(&self) -> &'a str {
        self.name().map_or("-", |name| name.value)
    }

    /// Where findings about the object point: its name, or the `kind:` line.
    pub fn anchor(&self) -> Span {
        self.name().map_or(self.kind_name.span, |name| name.span)
    }

    pub fn labels(&self) -> Labels {
        self.metadata().map(labels_of).unwrap_or_default()
    }

    pub fn annotation(&self, key: &str) -> Option<Str<'a>> {
        self.metadata()
            .and_then(|metadata| metadata.get("annotations"))
            .and_then(|annotations| str_at(annotations, key))
    }

    /// The object as the model records it.
    pub fn manifest_object(&self) -> crate::model::container::ManifestObject {
        crate::model::container::ManifestObject {
            kind: self.kind_name.value.to_owned(),
            name: self
                .name()
                .map_or_else(|| Located::new("-".to_owned(), self.kind_name.span), |name| name.located()),
            api_version: self.api_version.located(),
            replicas: self.node.get("spec").and_then(|spec| int_at(spec, "replicas")),
            span: self.span(),
        }
    }

    /// Whether two objects are in the same namespace. An object without a namespace is applied
    /// to whichever namespace `kubectl` targets, so it matches any namespace.
    pub fn same_namespace(&self, other: &Object<'_>) -> bool {
        match (self.namespace(), other.namespace()) {
            (Some(a), Some(b)) => a == b,
            _ => true,
        }
    }
}

/// Labels as (name, value) pairs.
pub type Labels = Vec<(String, String)>;

/// `labels` of a `metadata` mapping.
pub fn labels_of(metadata: YamlRef<'_>) -> Labels {
    let Some(labels) = metadata.get("labels") else { return Vec::new() };
    labels
        .entries()
        .into_iter()
        .filter_map(|(key, value)| Some((key.as_str()?.to_owned(), value.as_str().unwrap_or("").to_owned())))
        .collect()
}

/// Every object of a file, in order: documents, and the `items` of `List`s (`kubectl get -o
/// yaml` output). Documents that are not objects (Helm's empty documents, plain data) are
/// skipped.
pub fn objects(file: FileId, yaml: &Yaml) -> Vec<Object<'_>> {
    let mut out: Vec<Object<'_>> = Vec::new();
    let mut budget = MAX_VISITS;
    for document in yaml.documents() {
        collect(file, document, 0, &mut budget, &mut out);
    }
    // An object written once and listed again through an alias is one object.
    let mut seen = std::collections::HashSet::new();
    out.retain(|object| seen.insert(object.node.id()));
    out
}

fn collect<'a>(file: FileId, node: YamlRef<'a>, depth: usize, budget: &mut usize, out: &mut Vec<Object<'a>>) {
    if *budget == 0 || !node.is_mapping() {
        return;
    }
    *budget -= 1;
    let Some(object) = Object::read(file, node) else { return };
    let items = node.get("items").filter(YamlRef::is_sequence);
    match items {
        Some(items) if object.kind_name.value.ends_with("List") && depth < MAX_LIST_DEPTH => {
            for item in items.items() {
                if *budget == 0 {
                    break;
                }
                collect(file, item, depth + 1, budget, out);
            }
        }
        _ => out.push(object),
    }
}

/// API versions the API server no longer serves for a kind: (removed in, use instead).
pub fn removed_api(api_version: &str, kind: &str) -> Option<(&'static str, &'static str)> {
    const REMOVED: &[(&str, &[&str], &str, &str)] = &[
        ("extensions/v1beta1", &["Deployment", "DaemonSet", "ReplicaSet"], "1.16", "apps/v1"),
        ("extensions/v1beta1", &["NetworkPolicy"], "1.16", "networking.k8s.io/v1"),
        ("extensions/v1beta1", &["PodSecurityPolicy"], "1.16", "policy/v1beta1 (itself removed in 1.25)"),
        ("extensions/v1beta1", &["Ingress"], "1.22", "networking.k8s.io/v1"),
        ("apps/v1beta1", &["Deployment", "StatefulSet", "ReplicaSet"], "1.16", "apps/v1"),
        ("apps/v1beta2", &["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"], "1.16", "apps/v1"),
        ("batch/v2alpha1", &["CronJob"], "1.21", "batch/v1"),
        ("batch/v1beta1", &["CronJob"], "1.25", "batch/v1"),
        ("policy/v1beta1", &["PodDisruptionBudget"], "1.25", "policy/v1"),
        ("policy/v1beta1", &["PodSecurityPolicy"], "1.25", "Pod Security Admission"),
        ("networking.k8s.io/v1beta1", &["Ingress", "IngressClass"], "1.22", "networking.k8s.io/v1"),
        ("autoscaling/v2beta1", &["HorizontalPodAutoscaler"], "1.25", "autoscaling/v2"),
        ("autoscaling/v2beta2", &["HorizontalPodAutoscaler"], "1.26", "autoscaling/v2"),
    ];
    let api_version = api_version.trim();
    REMOVED
        .iter()
        .find(|(api, kinds, _, _)| *api == api_version && kinds.contains(&kind))
        .map(|(_, _, removed, replacement)| (*removed, *replacement))
}

/// The `redlint.dev/ignore` annotation: rules (comma- or space-separated), and an optional
/// reason after ` -- `.
pub const IGNORE_ANNOTATION: &str = "redlint.dev/ignore";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::parse;

    #[test]
    fn kinds_check_the_api_group() {
        assert_eq!(Kind::of("v1", "Service"), Kind::Service);
        assert_eq!(Kind::of("serving.knative.dev/v1", "Service"), Kind::Other);
        assert_eq!(Kind::of("apps/v1", "StatefulSet"), Kind::Workload(WorkloadKind::StatefulSet));
        assert_eq!(Kind::of("extensions/v1beta1", "Deployment"), Kind::Workload(WorkloadKind::Deployment));
        assert_eq!(Kind::of("batch/v1", "CronJob"), Kind::Workload(WorkloadKind::CronJob));
        assert_eq!(Kind::of("networking.k8s.io/v1", "NetworkPolicy"), Kind::NetworkPolicy);
        assert_eq!(
            Kind::of("databases.spotahome.com/v1", "RedisFailover"),
            Kind::Operator(OperatorKind::Spotahome)
        );
        assert_eq!(
            Kind::of("redis.redis.opstreelabs.in/v1beta2", "RedisCluster"),
            Kind::Operator(OperatorKind::OpsTree)
        );
        assert_eq!(Kind::of("example.com/v1", "Redis"), Kind::Other);
    }

    #[test]
    fn documents_and_lists_become_objects() {
        let text = "---\n# Source: chart/templates/a.yaml\napiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a, namespace: x}\n- apiVersion: v1\n  kind: Secret\n  metadata: {name: b}\n---\n---\nnot: an object\n---\n{\"apiVersion\": \"v1\", \"kind\": \"Service\", \"metadata\": {\"name\": \"c\"}}\n";
        let yaml = parse(FileId(0), text);
        assert!(yaml.problems.is_empty(), "{:?}", yaml.problems);
        let found = objects(FileId(0), &yaml);
        let names: Vec<(&str, Kind)> =
            found.iter().map(|object| (object.display_name(), object.kind)).collect();
        assert_eq!(names, [("a", Kind::ConfigMap), ("b", Kind::Secret), ("c", Kind::Service)]);
        assert_eq!(found[0].namespace(), Some("x"));
        assert!(found[0].same_namespace(&found[1]), "no namespace matches any");
        assert_eq!(&text[found[2].anchor().range()], "\"c\"");
    }

    #[test]
    fn removed_apis() {
        assert_eq!(removed_api("extensions/v1beta1", "Deployment"), Some(("1.16", "apps/v1")));
        assert_eq!(removed_api("apps/v1", "Deployment"), None);
        assert_eq!(removed_api("batch/v1beta1", "CronJob"), Some(("1.25", "batch/v1")));
    }
}
