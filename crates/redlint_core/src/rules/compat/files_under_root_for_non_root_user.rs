//! `files-under-root-for-non-root-user`: see `policies/compat/files-under-root-for-non-root-user.md`.

use std::collections::HashSet;

use crate::dockerfile::stages::within;
use crate::model::Model;
use crate::model::launch::{self, RunsAs};
use crate::rules::{Rule, RuleContext};

pub(crate) const RULE: Rule = Rule { name: "files-under-root-for-non-root-user", check };

fn check(ctx: &mut RuleContext<'_>, model: &Model) {
    for build in &model.builds {
        let copies_under_root =
            build.in_chain(|stage| stage.copies.iter().any(|copy| within(&copy.dest.value, "/root")));
        // Stages already reported for a user: their findings would be the same ones again.
        let mut reported: HashSet<(usize, String)> = HashSet::new();
        for output in build.outputs() {
            if !copies_under_root[output] {
                continue;
            }
            let container = build.container(output);
            let image = container.image.as_ref();
            let (who, span, label) = match launch::analyze(&container).runs_as {
                RunsAs::Dropped => {
                    let Some(image) = image else { continue };
                    let user = image
                        .facts()
                        .server
                        .and_then(|server| server.entrypoint_drops_to)
                        .unwrap_or("its user");
                    // `redis (uid 999)` reads as "`redis` (uid 999)".
                    let user = match user.split_once(" (") {
                        Some((name, rest)) => format!("`{name}` ({rest}"),
                        None => format!("`{user}`"),
                    };
                    let label = format!("the `{}` entrypoint switches to {user}", image.text);
                    (user, image.span, label)
                }
                RunsAs::User(span) => {
                    let user = container.identity.user.as_ref().map_or("", |user| user.value.as_str());
                    (format!("`{user}`"), span, "the process runs as this user".to_owned())
                }
                RunsAs::ImageUser(user) => {
                    let Some(image) = image else { continue };
                    (format!("`{user}`"), image.span, format!("`{}` runs as `{user}`", image.text))
                }
                RunsAs::Root(_) | RunsAs::Unknown => continue,
            };
            for index in build.chain_until(output, |index| reported.contains(&(index, who.clone()))) {
                reported.insert((index, who.clone()));
                for copy in &build.stages[index].copies {
                    if !within(&copy.dest.value, "/root") {
                        continue;
                    }
                    ctx.report(
                        copy.dest.span,
                        format!(
                            "`{}` is under root's home directory (mode 0700), but the container runs as {who}: it cannot read what is copied there",
                            copy.dest.value
                        ),
                    )
                    .label(span, label.clone())
                    .help("copy to a directory the runtime user can read (`/opt/app`) and point `PATH`/`PYTHONPATH` there");
                }
            }
        }
    }
}
