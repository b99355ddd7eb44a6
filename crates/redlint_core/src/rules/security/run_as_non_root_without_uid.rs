//! `run-as-non-root-without-uid`: see `policies/security/run-as-non-root-without-uid.md`.

use crate::model::Model;
use crate::model::image::ServerImage;
use crate::rules::{Rule, RuleContext};

pub(crate) const RULE: Rule = Rule { name: "run-as-non-root-without-uid", check };

fn check(ctx: &mut RuleContext<'_>, model: &Model) {
    for instance in model.instances.iter().filter(|instance| instance.is_kubernetes()) {
        let Some(container) = &instance.container else { continue };
        let Some(non_root) = container.identity.run_as_non_root.as_ref().filter(|value| value.value) else {
            continue;
        };
        let image = container.image.as_ref();
        let message = match &container.identity.user {
            Some(user) if user.value == "0" => {
                "`runAsNonRoot: true` with `runAsUser: 0`: the kubelet refuses to start the container"
                    .to_owned()
            }
            Some(_) => continue,
            None => {
                // Only images known to have no `USER`: the official images start as root.
                let Some(server) = container.image_facts().and_then(|facts| facts.server) else { continue };
                if server.user.is_some()
                    || !matches!(
                        server.image,
                        ServerImage::OfficialRedis | ServerImage::Valkey | ServerImage::RedisStack
                    )
                {
                    continue;
                }
                format!(
                    "`runAsNonRoot: true` without `runAsUser`: the `{}` image has no numeric `USER`, so the kubelet refuses to start the container (`CreateContainerConfigError`)",
                    image.map_or("redis", |image| image.text.as_str())
                )
            }
        };
        ctx.report(non_root.span, message)
            .label(container.span, "this container")
            .help("set `runAsUser: 999` (the image's `redis` user) with `fsGroup: 1000` (`999` for Debian-based tags) so the data volume stays writable");
    }
}
