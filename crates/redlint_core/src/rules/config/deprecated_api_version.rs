//! `deprecated-api-version`: see `policies/config/deprecated-api-version.md`.

use crate::k8s::object::removed_api;
use crate::model::Model;
use crate::rules::{Rule, RuleContext};

pub(crate) const RULE: Rule = Rule { name: "deprecated-api-version", check };

fn check(ctx: &mut RuleContext<'_>, model: &Model) {
    for instance in &model.instances {
        let Some(container) = &instance.container else { continue };
        for object in &container.objects {
            let Some((removed, replacement)) = removed_api(&object.api_version.value, &object.kind) else {
                continue;
            };
            let selector = if replacement == "apps/v1" { " (it also requires `spec.selector`)" } else { "" };
            ctx.report(
                object.api_version.span,
                format!(
                    "`{}` no longer serves {} since Kubernetes {removed}: the API server rejects this object",
                    object.api_version.value, object.kind
                ),
            )
            .help(format!("use `apiVersion: {replacement}`{selector}"));
        }
    }
}
