//! `vulnerable-redis-version`: see `policies/security/vulnerable-redis-version.md`.

use crate::model::Model;
use crate::model::container::Container;
use crate::model::image::{ServerImage, known_vulnerability};
use crate::rules::{Rule, RuleContext};

pub(crate) const RULE: Rule = Rule { name: "vulnerable-redis-version", check };

fn check(ctx: &mut RuleContext<'_>, model: &Model) {
    for instance in &model.instances {
        let Some(image) = instance.container.as_ref().and_then(|container| container.image.as_ref()) else {
            continue;
        };
        let facts = image.facts();
        // Version data is for Redis itself; Valkey and Redis Stack number their releases differently.
        let redis = facts.server.is_some_and(|server| {
            matches!(
                server.image,
                ServerImage::OfficialRedis | ServerImage::BitnamiRedis | ServerImage::BitnamiOther
            )
        });
        let (true, Some(version)) = (redis, facts.version) else { continue };
        let Some(why) = known_vulnerability(version) else { continue };
        let mut report = ctx.report(image.span, format!("`{}` runs Redis {version}: {why}", image.text));
        if let Some((span, message)) = instance.container.as_ref().and_then(Container::build_label) {
            report = report.label(span, message);
        }
        report.help("use a patched release: 7.2.11 or later in 7.2, 7.4.6 or later in 7.4, or a newer major");
    }
}
