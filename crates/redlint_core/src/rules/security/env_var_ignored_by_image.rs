//! `env-var-ignored-by-image`: see `policies/security/env-var-ignored-by-image.md`.

use crate::model::Model;
use crate::model::image::ServerImage;
use crate::rules::{Rule, RuleContext};

pub(crate) const RULE: Rule = Rule { name: "env-var-ignored-by-image", check };

/// Variables other images (Bitnami, Redis Stack) read, which the official images ignore.
const OTHER_IMAGES_VARIABLES: &[&str] = &[
    "REDIS_PASSWORD",
    "REDIS_PASSWORD_FILE",
    "ALLOW_EMPTY_PASSWORD",
    "REDIS_AOF_ENABLED",
    "REDIS_RDB_POLICY",
    "REDIS_DISABLE_COMMANDS",
    "REDIS_EXTRA_FLAGS",
    "REDIS_PORT_NUMBER",
    "REDIS_ARGS",
    "REDIS_MAXMEMORY",
    "REDIS_REPLICATION_MODE",
    "REDIS_MASTER_PASSWORD",
    "REDIS_ACLFILE",
    "REDIS_TLS_ENABLED",
];

fn check(ctx: &mut RuleContext<'_>, model: &Model) {
    for instance in &model.instances {
        let Some(container) = &instance.container else { continue };
        let Some(server) = container.image_facts().and_then(|facts| facts.server) else { continue };
        if !matches!(server.image, ServerImage::OfficialRedis | ServerImage::Valkey) {
            continue;
        }
        for var in &container.environment {
            if !OTHER_IMAGES_VARIABLES.contains(&var.name.as_str()) {
                continue;
            }
            // A command or health check that reads the variable itself
            // (`--requirepass "$$REDIS_PASSWORD"` in `sh -c`) uses it.
            let used = container
                .process_args()
                .chain(container.health.iter().flat_map(|health| &health.command))
                .any(|arg| {
                    arg.value.contains(&format!("${}", var.name))
                        || arg.value.contains(&format!("${{{}", var.name))
                });
            if used {
                continue;
            }
            let image = container.image.as_ref().map_or("redis", |image| image.repository.as_str());
            let password = var.name.ends_with("PASSWORD") || var.name.ends_with("PASSWORD_FILE");
            let consequence = if password && !var.name.starts_with("ALLOW_") {
                ": Redis runs without this password"
            } else {
                ""
            };
            ctx.report(var.name_span, format!("the `{image}` image ignores `{}`{consequence}", var.name))
                .help("configure the official image through redis.conf or `redis-server` options (`--requirepass`), or use the image whose variable this is");
        }
    }
}
