//! `privilege-drop-bypassed`: see `policies/security/privilege-drop-bypassed.md`.

use crate::model::Model;
use crate::model::launch::{NoDrop, RunsAs};
use crate::rules::{Rule, RuleContext};

pub(crate) const RULE: Rule = Rule { name: "privilege-drop-bypassed", check };

fn check(ctx: &mut RuleContext<'_>, model: &Model) {
    for instance in &model.instances {
        let Some(container) = &instance.container else { continue };
        // The kubelet refuses to start it as root (`run-as-non-root-without-uid` says why).
        if container.refuses_root() {
            continue;
        }
        let RunsAs::Root(reason) = instance.launch().runs_as else { continue };
        let kubernetes = instance.is_kubernetes();
        let (span, why) = match reason {
            NoDrop::EntrypointReplaced(span) if kubernetes => (
                span,
                "`command:` replaces the image's entrypoint, so its drop to the `redis` user never runs",
            ),
            NoDrop::EntrypointReplaced(span) => {
                (span, "the entrypoint is replaced, so the image's drop to the `redis` user never runs")
            }
            NoDrop::Shell(span) => (
                span,
                "a shell starts the server, so the image's entrypoint does not drop to the `redis` user",
            ),
            NoDrop::NotServerProgram(span) => (
                span,
                "the first argument is not exactly `redis-server`, so the image's entrypoint does not drop to the `redis` user",
            ),
            NoDrop::RootUser(span) => (span, "the container is set to run as root"),
        };
        let in_dockerfile = container.built.as_ref().is_some_and(|built| built.dockerfile == span.file);
        let what = if instance.is_image_only() { "this image" } else { "this container" };
        let mut report = ctx.report(span, format!("Redis runs as root: {why}")).label(container.span, what);
        if let Some((span, message)) = container.build_label().filter(|_| in_dockerfile) {
            report = report.label(span, message);
        }
        report.help(if in_dockerfile {
            "keep the image's entrypoint and start with `redis-server` as the first argument in exec form (`CMD [\"redis-server\", …]`), or set an unprivileged `USER` (with a writable data directory)"
        } else if kubernetes {
            "keep the image's entrypoint (`args:` rather than `command:`, starting with `redis-server`), or run as the image's user: `runAsUser: 999`, `runAsGroup: 1000`, `fsGroup: 1000`"
        } else {
            "keep the image's entrypoint and start with `redis-server …` as the first argument, or run as an unprivileged user (`user: \"999:1000\"` with a writable data volume)"
        });
    }
}
