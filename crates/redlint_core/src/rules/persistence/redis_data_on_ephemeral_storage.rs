//! `redis-data-on-ephemeral-storage`: see `policies/persistence/redis-data-on-ephemeral-storage.md`.

use crate::model::Model;
use crate::model::container::MountSource;
use crate::rules::{Rule, RuleContext};

pub(crate) const RULE: Rule = Rule { name: "redis-data-on-ephemeral-storage", check };

fn check(ctx: &mut RuleContext<'_>, model: &Model) {
    for instance in &model.instances {
        let Some(container) = &instance.container else { continue };
        // Decided where the image runs, not in the Dockerfile.
        if instance.is_image_only() {
            continue;
        }
        let config = &instance.config;
        if instance.is_sentinel() || !config.persistence_enabled() || !config.is_complete() {
            continue;
        }
        let Some(data_dir) = instance.data_dir() else { continue };
        // A volume at a data-like path elsewhere is `volume-not-at-data-dir`.
        if instance.misplaced_data_volume().is_some() {
            continue;
        }
        let mount = container.mount_for(&data_dir);
        let kubernetes = instance.is_kubernetes();
        let what = match mount.map(|mount| &mount.source) {
            Some(MountSource::Volume { .. } | MountSource::Bind { .. }) => continue,
            Some(MountSource::Tmpfs) => "a tmpfs, in memory".to_owned(),
            Some(MountSource::Ephemeral { what }) => what.clone(),
            Some(MountSource::ConfigFiles { .. }) => "a read-only config mount".to_owned(),
            // Kubernetes gives the image's `VOLUME` no volume of its own: it lives and dies with
            // the container.
            None if kubernetes => {
                "the container's writable layer (Kubernetes keeps nothing of it when the container restarts)"
                    .to_owned()
            }
            None => {
                let image_volume =
                    container.image_facts().and_then(|facts| facts.server).and_then(|server| server.volume);
                match image_volume {
                    Some(volume) if data_dir == volume || data_dir.starts_with(&format!("{volume}/")) => {
                        format!(
                            "the anonymous volume the image declares for `{volume}` (deleted by `docker compose down -v`, not reattached when the container is recreated from scratch)"
                        )
                    }
                    _ => "the container's writable layer".to_owned(),
                }
            }
        };
        let span = mount.map_or(container.span, |mount| mount.span);
        let lost = if kubernetes {
            "the data does not survive the pod"
        } else {
            "the data is lost with the container"
        };
        let mut report = ctx.report(span, format!("Redis persists to `{data_dir}`, which is {what}: {lost}"));
        if let Some(dir) = config.origin("dir").line_span() {
            report = report.label(dir, "data directory");
        }
        if kubernetes {
            report.help(format!(
                "mount a PersistentVolumeClaim at `{data_dir}`: a StatefulSet's `volumeClaimTemplates` gives each pod its own"
            ));
        } else {
            report.help(format!(
                "mount a named volume at `{data_dir}` (`volumes: [\"redis-data:{data_dir}\"]`)"
            ));
        }
    }
}
