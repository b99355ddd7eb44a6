//! What reaches a pod: the Services whose selector matches it (type, ports resolved to
//! container ports, `externalIPs`) and the NetworkPolicies that isolate it for ingress, with
//! their rules that admit any source.

use super::object::{Labels, Object, Str, int_at, str_at};
use super::pod::MAX_ITEMS;
use super::selector::{LabelSelector, service_selects};
use crate::model::container::{
    DeclaredPort, Located, NetworkIsolation, OpenIngress, ServiceExposure, ServicePort, ServiceType,
};
use crate::yaml::YamlRef;

/// A port given as a number or the name of a container port, resolved for this container.
fn resolve_port(node: YamlRef<'_>, declared: &[DeclaredPort]) -> Option<u16> {
    if let Some(number) = node.as_i64() {
        return u16::try_from(number).ok();
    }
    let name = node.as_str()?;
    declared.iter().find(|port| port.name.as_deref() == Some(name)).map(|port| port.port)
}

/// How `service` exposes a pod with these labels, if it selects it.
pub fn service_exposure(
    service: &Object<'_>,
    labels: &Labels,
    declared: &[DeclaredPort],
) -> Option<ServiceExposure> {
    let spec = service.node.get("spec").filter(YamlRef::is_mapping)?;
    if !service_selects(spec.get("selector"), labels) {
        return None;
    }
    let name = service
        .name()
        .map_or_else(|| Located::new("-".to_owned(), service.kind_name.span), |name| name.located());
    let service_type = match str_at(spec, "type") {
        Some(Str { value, span }) => {
            let kind = match value {
                "NodePort" => ServiceType::NodePort,
                "LoadBalancer" => ServiceType::LoadBalancer,
                "ExternalName" => ServiceType::ExternalName,
                _ if str_at(spec, "clusterIP").is_some_and(|ip| ip.value == "None") => ServiceType::Headless,
                _ => ServiceType::ClusterIp,
            };
            Located::new(kind, span)
        }
        None if str_at(spec, "clusterIP").is_some_and(|ip| ip.value == "None") => {
            Located::new(ServiceType::Headless, name.span)
        }
        None => Located::new(ServiceType::ClusterIp, name.span),
    };
    let ports = spec
        .get("ports")
        .map(|ports| {
            ports
                .items()
                .take(MAX_ITEMS)
                .filter_map(|item| {
                    let port = u16::try_from(int_at(item, "port")?.value).ok()?;
                    let target = match item.get("targetPort") {
                        Some(target) if !target.is_null() => resolve_port(target, declared)?,
                        _ => port,
                    };
                    let node_port = int_at(item, "nodePort").and_then(|node_port| {
                        Some(Located::new(u16::try_from(node_port.value).ok()?, node_port.span))
                    });
                    Some(ServicePort { port, target, node_port, span: item.span() })
                })
                .collect()
        })
        .unwrap_or_default();
    let strings = |key: &str| -> Vec<Located<String>> {
        spec.get(key)
            .map(|list| list.items().take(MAX_ITEMS).filter_map(Str::of).map(|item| item.located()).collect())
            .unwrap_or_default()
    };
    Some(ServiceExposure {
        name,
        service_type,
        ports,
        external_ips: strings("externalIPs"),
        source_ranges: strings("loadBalancerSourceRanges"),
    })
}

/// Does this policy isolate pods with these labels for ingress?
fn isolates_for_ingress(spec: YamlRef<'_>, labels: &Labels) -> bool {
    let selects = spec.get("podSelector").map_or(Some(LabelSelector::default()), LabelSelector::read);
    if !selects.is_some_and(|selector| selector.matches(labels)) {
        return false;
    }
    match spec.get("policyTypes").filter(YamlRef::is_sequence) {
        Some(types) => types.items().any(|kind| kind.as_str() == Some("Ingress")),
        // Without `policyTypes`, every policy isolates for ingress.
        None => true,
    }
}

/// The NetworkPolicies (of the pod's namespace) that isolate a pod with these labels, and the
/// ingress rules among them that admit any source.
pub fn network_isolation(
    policies: &[&Object<'_>],
    labels: &Labels,
    declared: &[DeclaredPort],
) -> NetworkIsolation {
    let mut isolation = NetworkIsolation::default();
    for policy in policies {
        let Some(spec) = policy.node.get("spec").filter(YamlRef::is_mapping) else { continue };
        if !isolates_for_ingress(spec, labels) {
            continue;
        }
        isolation.policies.push(
            policy
                .name()
                .map_or_else(|| Located::new("-".to_owned(), policy.kind_name.span), |name| name.located()),
        );
        let Some(rules) = spec.get("ingress") else { continue };
        for rule in rules.items().take(MAX_ITEMS) {
            let Some(sources) = open_sources(rule) else { continue };
            let ports = rule.get("ports").filter(|ports| ports.items().next().is_some()).map(|ports| {
                ports
                    .items()
                    .take(MAX_ITEMS)
                    .filter_map(|entry| {
                        let Some(port) = entry.get("port").filter(|port| !port.is_null()) else {
                            // A protocol without a port: every port of that protocol.
                            return Some((1, u16::MAX));
                        };
                        let start = resolve_port(port, declared)?;
                        let end = int_at(entry, "endPort")
                            .and_then(|end| u16::try_from(end.value).ok())
                            .unwrap_or(start);
                        Some((start, end.max(start)))
                    })
                    .collect()
            });
            let (span, sources) = sources;
            isolation.open_rules.push(OpenIngress {
                policy: policy.display_name().to_owned(),
                span: span.unwrap_or(rule.span()),
                ports,
                sources,
            });
        }
    }
    isolation
}

/// When an ingress rule admits any source: what it admits, and the `from` entry that does.
fn open_sources(rule: YamlRef<'_>) -> Option<(Option<crate::source::Span>, String)> {
    let from = match rule.get("from") {
        Some(from) if from.items().next().is_some() => from,
        // No `from` (or an empty one): every source.
        _ => return Some((None, "any pod or address".to_owned())),
    };
    for peer in from.items().take(MAX_ITEMS) {
        if let Some(cidr) = peer.get("ipBlock").and_then(|block| str_at(block, "cidr")) {
            if matches!(cidr.value, "0.0.0.0/0" | "::/0") {
                return Some((Some(peer.span()), format!("every address (`{}`)", cidr.value)));
            }
        }
        let namespaces = peer.get("namespaceSelector").and_then(LabelSelector::read);
        let pods = peer.get("podSelector").map_or(Some(LabelSelector::default()), LabelSelector::read);
        if namespaces.is_some_and(|selector| selector.is_empty())
            && pods.is_some_and(|selector| selector.is_empty())
        {
            return Some((Some(peer.span()), "any pod in any namespace".to_owned()));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::k8s::object::objects;
    use crate::source::FileId;
    use crate::yaml::parse;

    fn labels() -> Labels {
        vec![("app".to_owned(), "redis".to_owned())]
    }

    fn declared() -> Vec<DeclaredPort> {
        let span = crate::source::Span::new(FileId(0), 0, 0);
        vec![DeclaredPort { name: Some("redis".to_owned()), port: 6379, span }]
    }

    #[test]
    fn services_resolve_named_target_ports() {
        let text = "apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec:\n  type: NodePort\n  selector: {app: redis}\n  externalIPs: [10.0.0.1]\n  ports:\n  - {port: 80, targetPort: redis, nodePort: 30079}\n  - {port: 6379}\n  - {port: 1, targetPort: metrics}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: b}\nspec:\n  clusterIP: None\n  selector: {app: redis}\n  ports: [{port: 6379}]\n---\napiVersion: v1\nkind: Service\nmetadata: {name: c}\nspec:\n  selector: {app: web}\n";
        let yaml = parse(FileId(0), text);
        let objects = objects(FileId(0), &yaml);
        let a = service_exposure(&objects[0], &labels(), &declared()).unwrap();
        assert_eq!(a.service_type.value, ServiceType::NodePort);
        assert_eq!(&text[a.service_type.span.range()], "NodePort");
        let ports: Vec<(u16, u16)> = a.ports.iter().map(|port| (port.port, port.target)).collect();
        assert_eq!(ports, [(80, 6379), (6379, 6379)]);
        assert_eq!(a.ports[0].node_port.as_ref().unwrap().value, 30079);
        assert_eq!(a.external_ips[0].value, "10.0.0.1");
        let b = service_exposure(&objects[1], &labels(), &declared()).unwrap();
        assert_eq!(b.service_type.value, ServiceType::Headless);
        assert!(service_exposure(&objects[2], &labels(), &declared()).is_none());
    }

    #[test]
    fn policies_isolate_and_open() {
        let text = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: egress-only}\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: open}\nspec:\n  podSelector: {matchLabels: {app: redis}}\n  ingress:\n  - ports: [{port: redis}]\n  - from: [{podSelector: {matchLabels: {app: web}}}]\n  - from: [{namespaceSelector: {}}]\n    ports: [{port: 6000, endPort: 7000}]\n  - from: [{ipBlock: {cidr: 0.0.0.0/0}}]\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: other}\nspec:\n  podSelector: {matchExpressions: [{key: app, operator: In, values: [web]}]}\n";
        let yaml = parse(FileId(0), text);
        let objects = objects(FileId(0), &yaml);
        let refs: Vec<&Object<'_>> = objects.iter().collect();
        let isolation = network_isolation(&refs, &labels(), &declared());
        let names: Vec<&str> = isolation.policies.iter().map(|name| name.value.as_str()).collect();
        assert_eq!(names, ["open"]);
        type Ranges = Option<Vec<(u16, u16)>>;
        let open: Vec<(Ranges, &str)> =
            isolation.open_rules.iter().map(|rule| (rule.ports.clone(), rule.sources.as_str())).collect();
        assert_eq!(
            open,
            [
                (Some(vec![(6379, 6379)]), "any pod or address"),
                (Some(vec![(6000, 7000)]), "any pod in any namespace"),
                (None, "every address (`0.0.0.0/0`)"),
            ]
        );
        assert!(network_isolation(&refs[..1], &labels(), &declared()).policies.is_empty());
    }
}
