//! `floating-image-tag`: see `policies/reliability/floating-image-tag.md`.

use crate::model::Model;
use crate::model::container::Container;
use crate::model::image::Floating;
use crate::rules::{Rule, RuleContext};

pub(crate) const RULE: Rule = Rule { name: "floating-image-tag", check };

fn check(ctx: &mut RuleContext<'_>, model: &Model) {
    for instance in &model.instances {
        let Some(image) = instance.container.as_ref().and_then(|container| container.image.as_ref()) else {
            continue;
        };
        let facts = image.facts();
        if facts.floating != Floating::Major {
            continue;
        }
        let major = facts.version.map_or(0, |version| version.major);
        // Redis 7.4 came out under RSALv2/SSPLv1 instead of BSD-3-Clause.
        let licence = if major == 7 && image.short_name() == "redis" {
            "; from 7.2 to 7.4 the licence also changed from BSD to RSALv2/SSPLv1"
        } else {
            ""
        };
        let mut report = ctx.report(
            image.span,
            format!(
                "`{}` floats across {major}.x minor releases: a new pull can bring a different minor",
                image.text
            ),
        );
        if let Some((span, message)) = instance.container.as_ref().and_then(Container::build_label) {
            report = report.label(span, message);
        }
        report.help(format!(
            "pin the minor (`{}:{major}.N-…`) or the patch release{licence}",
            image.repository
        ));
    }
}
