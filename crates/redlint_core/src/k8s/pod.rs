//! Pods as typed views: the pod template of each workload kind, the pod spec, its containers
//! and volumes, and the security context a container ends up with (pod-level fields inherited
//! unless the container sets its own, each keeping the span of the level that set it).

use super::object::{Labels, Object, Str, WorkloadKind, bool_at, int_at, labels_of, str_at};
use crate::model::container::{Identity, Located};
use crate::source::Span;
use crate::yaml::YamlRef;

/// Most items read from one list of a pod (containers, volumes, env, ports, mounts).
pub const MAX_ITEMS: usize = 1_000;

/// A workload's pod: its labels and annotations, and its spec.
#[derive(Clone, Copy, Debug)]
pub struct PodTemplate<'a> {
    /// The template's (or the Pod's) `metadata`.
    pub metadata: Option<YamlRef<'a>>,
    pub spec: PodSpec<'a>,
    /// The template (the whole object for a Pod).
    pub span: Span,
}

impl<'a> PodTemplate<'a> {
    /// The pod template of a workload: `spec.template` (`spec.jobTemplate.spec.template` for a
    /// CronJob), or the Pod itself.
    pub fn of(object: &Object<'a>, kind: WorkloadKind) -> Option<PodTemplate<'a>> {
        let node = object.node;
        let template = match kind {
            WorkloadKind::Pod => {
                return Some(PodTemplate {
                    metadata: object.metadata(),
                    spec: PodSpec(node.get("spec").filter(YamlRef::is_mapping)?),
                    span: object.span(),
                });
            }
            WorkloadKind::CronJob => node.path(&["spec", "jobTemplate", "spec", "template"])?,
            _ => node.path(&["spec", "template"])?,
        };
        Some(PodTemplate {
            metadata: template.get("metadata").filter(YamlRef::is_mapping),
            spec: PodSpec(template.get("spec").filter(YamlRef::is_mapping)?),
            span: template.span(),
        })
    }

    pub fn labels(&self) -> Labels {
        self.metadata.map(labels_of).unwrap_or_default()
    }

    pub fn annotation(&self, key: &str) -> Option<Str<'a>> {
        self.metadata
            .and_then(|metadata| metadata.get("annotations"))
            .and_then(|annotations| str_at(annotations, key))
    }
}

/// `spec` of a pod.
#[derive(Clone, Copy, Debug)]
pub struct PodSpec<'a>(pub YamlRef<'a>);

impl<'a> PodSpec<'a> {
    /// The containers, each once (a container repeated through an alias is the same one).
    pub fn containers(&self) -> Vec<ContainerSpec<'a>> {
        let mut seen = std::collections::HashSet::new();
        self.list("containers")
            .into_iter()
            .filter(|container| container.is_mapping() && seen.insert(container.id()))
            .map(ContainerSpec)
            .collect()
    }

    pub fn init_containers(&self) -> Vec<ContainerSpec<'a>> {
        self.list("initContainers").into_iter().filter(YamlRef::is_mapping).map(ContainerSpec).collect()
    }

    pub fn volumes(&self) -> Vec<YamlRef<'a>> {
        self.list("volumes").into_iter().filter(YamlRef::is_mapping).collect()
    }

    /// A volume by name.
    pub fn volume(&self, name: &str) -> Option<YamlRef<'a>> {
        self.volumes().into_iter().find(|volume| volume.get("name").and_then(|n| n.as_str()) == Some(name))
    }

    pub fn host_network(&self) -> Option<Located<bool>> {
        bool_at(self.0, "hostNetwork")
    }

    pub fn security_context(&self) -> Option<YamlRef<'a>> {
        self.0.get("securityContext").filter(YamlRef::is_mapping)
    }

    /// `securityContext.sysctls` as `name=value`, located at the name.
    pub fn sysctls(&self) -> Vec<Located<String>> {
        let Some(context) = self.security_context() else { return Vec::new() };
        let Some(list) = context.get("sysctls") else { return Vec::new() };
        list.items()
            .take(MAX_ITEMS)
            .filter_map(|item| {
                let name = str_at(item, "name")?;
                let value = str_at(item, "value").map_or("", |value| value.value);
                Some(Located::new(format!("{}={value}", name.value), name.span))
            })
            .collect()
    }

    fn list(&self, key: &str) -> Vec<YamlRef<'a>> {
        self.0.get(key).map(|list| list.items().take(MAX_ITEMS).collect()).unwrap_or_default()
    }
}

/// One container of a pod.
#[derive(Clone, Copy, Debug)]
pub struct ContainerSpec<'a>(pub YamlRef<'a>);

impl<'a> ContainerSpec<'a> {
    pub fn name(&self) -> Option<Str<'a>> {
        str_at(self.0, "name")
    }

    pub fn image(&self) -> Option<Str<'a>> {
        str_at(self.0, "image")
    }

    /// `command` or `args`: the node, and its items.
    pub fn list(&self, key: &str) -> Option<(YamlRef<'a>, Vec<YamlRef<'a>>)> {
        let node = self.0.get(key)?;
        if node.is_null() {
            return None;
        }
        Some((node, node.items().take(MAX_ITEMS).collect()))
    }

    pub fn env(&self) -> Vec<YamlRef<'a>> {
        self.items("env")
    }

    pub fn env_from(&self) -> Vec<YamlRef<'a>> {
        self.items("envFrom")
    }

    pub fn ports(&self) -> Vec<YamlRef<'a>> {
        self.items("ports")
    }

    pub fn volume_mounts(&self) -> Vec<YamlRef<'a>> {
        self.items("volumeMounts")
    }

    pub fn security_context(&self) -> Option<YamlRef<'a>> {
        self.0.get("securityContext").filter(YamlRef::is_mapping)
    }

    /// `resources.limits.<name>` or `resources.requests.<name>`.
    pub fn resource(&self, section: &str, name: &str) -> Option<Str<'a>> {
        self.0.path(&["resources", section]).and_then(|section| str_at(section, name))
    }

    pub fn probe(&self, key: &str) -> Option<YamlRef<'a>> {
        self.0.get(key).filter(YamlRef::is_mapping)
    }

    fn items(&self, key: &str) -> Vec<YamlRef<'a>> {
        self.0
            .get(key)
            .map(|list| list.items().take(MAX_ITEMS).filter(YamlRef::is_mapping).collect())
            .unwrap_or_default()
    }
}

/// The security context a container runs with: its own fields, then the pod's for the fields
/// both levels have (`runAsUser`, `runAsGroup`, `runAsNonRoot`, `seccompProfile`), plus the
/// pod-only `fsGroup`. Every value keeps the span of the level that set it.
pub fn resolve_identity(
    pod: Option<YamlRef<'_>>,
    container: Option<YamlRef<'_>>,
    seccomp_annotation: Option<Str<'_>>,
) -> Identity {
    let int_text = |node: YamlRef<'_>, key: &str| {
        int_at(node, key).map(|value| Located::new(value.value.to_string(), value.span))
    };
    let either = |key: &str| {
        container
            .and_then(|context| int_text(context, key))
            .or_else(|| pod.and_then(|context| int_text(context, key)))
    };
    let own_bool = |key: &str| container.and_then(|context| bool_at(context, key));
    let seccomp = |context: YamlRef<'_>| {
        context.get("seccompProfile").and_then(|profile| str_at(profile, "type")).map(|kind| kind.located())
    };
    let capabilities = |key: &str| -> Vec<Located<String>> {
        container
            .and_then(|context| context.path(&["capabilities", key]))
            .map(|list| list.items().take(MAX_ITEMS).filter_map(Str::of).map(|item| item.located()).collect())
            .unwrap_or_default()
    };
    Identity {
        user: either("runAsUser"),
        group: either("runAsGroup"),
        run_as_non_root: own_bool("runAsNonRoot")
            .or_else(|| pod.and_then(|context| bool_at(context, "runAsNonRoot"))),
        privileged: own_bool("privileged"),
        allow_privilege_escalation: own_bool("allowPrivilegeEscalation"),
        read_only_root_filesystem: own_bool("readOnlyRootFilesystem"),
        capabilities_add: capabilities("add"),
        capabilities_drop: capabilities("drop"),
        // The `seccomp.security.alpha.kubernetes.io/pod` annotation is the pre-1.19 form.
        seccomp: container
            .and_then(seccomp)
            .or_else(|| pod.and_then(seccomp))
            .or_else(|| seccomp_annotation.map(|annotation| annotation.located())),
        fs_group: pod.and_then(|context| int_text(context, "fsGroup")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::k8s::object::{Kind, objects};
    use crate::source::FileId;
    use crate::yaml::parse;

    const DEPLOYMENT: &str = "apiVersion: apps/v1
kind: Deployment
metadata: {name: cache}
spec:
  template:
    metadata:
      labels: {app: cache}
    spec:
      securityContext:
        runAsUser: 1000
        runAsNonRoot: true
        fsGroup: 1000
        seccompProfile: {type: RuntimeDefault}
        sysctls:
        - {name: net.core.somaxconn, value: \"1024\"}
      initContainers:
      - name: init
        image: busybox
      containers:
      - name: redis
        image: redis:7.4.6
        securityContext:
          runAsUser: 999
          allowPrivilegeEscalation: false
          capabilities: {drop: [ALL]}
        resources:
          limits: {memory: 1Gi}
      - name: exporter
        image: oliver006/redis_exporter
";

    #[test]
    fn container_fields_override_pod_fields() {
        let yaml = parse(FileId(0), DEPLOYMENT);
        let object = objects(FileId(0), &yaml)[0];
        let Kind::Workload(kind) = object.kind else { panic!("a workload") };
        let template = PodTemplate::of(&object, kind).unwrap();
        assert_eq!(template.labels(), [("app".to_owned(), "cache".to_owned())]);
        let containers = template.spec.containers();
        assert_eq!(containers.len(), 2);
        assert_eq!(template.spec.init_containers().len(), 1);
        let redis = containers[0];
        assert_eq!(redis.resource("limits", "memory").unwrap().value, "1Gi");
        let identity = resolve_identity(template.spec.security_context(), redis.security_context(), None);
        let at = |span: Span| &DEPLOYMENT[span.range()];
        let user = identity.user.unwrap();
        assert_eq!((user.value.as_str(), at(user.span)), ("999", "999"));
        let non_root = identity.run_as_non_root.unwrap();
        assert!(non_root.value);
        assert_eq!(DEPLOYMENT[..non_root.span.start as usize].matches('\n').count() + 1, 11, "from the pod");
        assert_eq!(identity.seccomp.unwrap().value, "RuntimeDefault");
        assert_eq!(identity.fs_group.unwrap().value, "1000");
        assert_eq!(identity.capabilities_drop[0].value, "ALL");
        assert!(!identity.allow_privilege_escalation.unwrap().value);
        let exporter =
            resolve_identity(template.spec.security_context(), containers[1].security_context(), None);
        assert_eq!(exporter.user.unwrap().value, "1000", "inherited");
        assert!(exporter.capabilities_drop.is_empty());
        let sysctls = template.spec.sysctls();
        assert_eq!(sysctls[0].value, "net.core.somaxconn=1024");
        assert_eq!(at(sysctls[0].span), "net.core.somaxconn");
    }
}
