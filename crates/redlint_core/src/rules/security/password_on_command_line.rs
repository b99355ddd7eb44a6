//! `password-on-command-line`: see `policies/security/password-on-command-line.md`.

use crate::model::Model;
use crate::model::container::Arg;
use crate::rules::{Rule, RuleContext};

pub(crate) const RULE: Rule = Rule { name: "password-on-command-line", check };

const PASSWORD_OPTIONS: &[&str] =
    &["--requirepass", "--masterauth", "--tls-key-file-pass", "--tls-client-key-file-pass"];

/// A password the container's definition holds: written literally, or a Compose variable
/// (Compose writes its value into the definition) — not a shell variable, which the shell
/// reads from the environment when the container starts.
fn visible_in_definition(value: &Arg) -> bool {
    if value.from_variable {
        return true;
    }
    !value.value.is_empty() && !value.runtime
}

fn check(ctx: &mut RuleContext<'_>, model: &Model) {
    for instance in &model.instances {
        let Some(container) = &instance.container else { continue };
        let launch = instance.launch();
        let kubernetes = instance.is_kubernetes();
        let (shows_in, inspect) = if kubernetes {
            ("the pod spec (`kubectl get pod -o yaml`), the process list", "the pod spec")
        } else {
            ("`docker inspect`", "`docker inspect`")
        };
        for pair in launch.args.windows(2) {
            if PASSWORD_OPTIONS.contains(&pair[0].value.as_str()) && visible_in_definition(&pair[1]) {
                let help = if kubernetes {
                    "put the password in a Secret: mount a config file from it and `include` it, or use ACL users with hashed passwords"
                } else {
                    "put the password in a config file mounted from a secret, or use ACL users with hashed passwords"
                };
                ctx.report(
                    pair[1].span,
                    format!(
                        "password passed as `{}`: it shows in {shows_in} and in every copy of this file",
                        pair[0].value
                    ),
                )
                .help(help);
            }
        }
        for health in &container.health {
            for pair in health.password_args().windows(2) {
                if matches!(pair[0].value.as_str(), "-a" | "--pass") && visible_in_definition(&pair[1]) {
                    ctx.report(
                        pair[1].span,
                        format!(
                            "the health check passes a password with `{}`: it shows in {inspect}",
                            pair[0].value
                        ),
                    )
                    .help("set `REDISCLI_AUTH` in the container's environment instead");
                }
            }
        }
    }
}
