//! `data-volume-shared-by-replicas`: see `policies/persistence/data-volume-shared-by-replicas.md`.

use crate::model::Model;
use crate::model::container::MountSource;
use crate::rules::{Rule, RuleContext};

pub(crate) const RULE: Rule = Rule { name: "data-volume-shared-by-replicas", check };

fn check(ctx: &mut RuleContext<'_>, model: &Model) {
    for instance in model.instances.iter().filter(|instance| instance.is_kubernetes()) {
        let Some(container) = &instance.container else { continue };
        let Some(workload) = container.workload() else { continue };
        if !matches!(workload.kind.as_str(), "Deployment" | "ReplicaSet" | "ReplicationController") {
            continue;
        }
        let Some(replicas) = workload.replicas.as_ref().filter(|replicas| replicas.value > 1) else {
            continue;
        };
        if instance.is_sentinel() || !instance.config.persistence_enabled() {
            continue;
        }
        let Some(data_dir) = instance.data_dir() else { continue };
        let Some(mount) = container.mount_for(&data_dir) else { continue };
        let MountSource::Volume { name } = &mount.source else { continue };
        ctx.report(
            replicas.span,
            format!(
                "the {} pods of {} `{}` share the volume `{name}` at `{data_dir}`: a ReadWriteOnce claim keeps the pods on other nodes from starting, and Redis servers writing one directory overwrite each other's RDB and AOF files",
                replicas.value, workload.kind, workload.name.value
            ),
        )
        .label(mount.span, "mounted by every replica")
        .help("use a StatefulSet with `volumeClaimTemplates` (a claim per pod) and Redis replication, or `replicas: 1`");
    }
}
