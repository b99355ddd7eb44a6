//! `unpinned-image`: see `policies/reliability/unpinned-image.md`.

use crate::model::Model;
use crate::model::container::Container;
use crate::model::image::Floating;
use crate::rules::{Rule, RuleContext};

pub(crate) const RULE: Rule = Rule { name: "unpinned-image", check };

fn check(ctx: &mut RuleContext<'_>, model: &Model) {
    for instance in &model.instances {
        let Some(image) = instance.container.as_ref().and_then(|container| container.image.as_ref()) else {
            continue;
        };
        if image.facts().floating != Floating::Any || image.is_templated() {
            continue;
        }
        let tag = image.effective_tag();
        let mut report = ctx.report(
            image.span,
            format!(
                "`{}` follows `{tag}`: any release, including the next major, can arrive on the next pull",
                image.text
            ),
        );
        if let Some((span, message)) = instance.container.as_ref().and_then(Container::build_label) {
            report = report.label(span, message);
        }
        report.help("pin a version (`redis:7.4.6-alpine`), or a digest for byte-for-byte reproducibility");
    }
}
