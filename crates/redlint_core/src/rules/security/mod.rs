//! Who can connect, with what credentials, and what they can do once in.
pub(crate) mod config_command_enabled;
pub(crate) mod container_security_context_weak;
pub(crate) mod debug_command_enabled;
pub(crate) mod env_var_ignored_by_image;
pub(crate) mod guessable_command_rename;
pub(crate) mod host_network_mode;
pub(crate) mod module_command_enabled;
pub(crate) mod no_authentication;
pub(crate) mod no_network_policy;
pub(crate) mod nopass_user_with_all_commands;
pub(crate) mod password_on_command_line;
pub(crate) mod plaintext_password;
pub(crate) mod port_published_on_all_interfaces;
pub(crate) mod privilege_drop_bypassed;
pub(crate) mod privileged_container;
pub(crate) mod protected_configs_enabled;
pub(crate) mod protected_mode_off_without_auth;
pub(crate) mod redis_exposed_by_service;
pub(crate) mod requirepass_ignored_with_aclfile;
pub(crate) mod run_as_non_root_without_uid;
pub(crate) mod tls_with_plaintext_port;
pub(crate) mod vulnerable_redis_version;
pub(crate) mod weak_password;
use crate::model::RedisInstance;
use crate::model::config::{DefaultUserAuth, EffectiveConfig};
use crate::source::Span;

/// Where to point for a finding about the default user's missing password: the line that
/// made it passwordless, else the instance.
fn open_default_user_span(instance: &RedisInstance) -> Span {
    match instance.config.default_user_auth() {
        DefaultUserAuth::Open { origin } => origin.value_span().unwrap_or(instance.anchor),
        _ => instance.anchor,
    }
}

/// The `protected-mode-off-without-auth` condition, shared with `no-authentication` so the
/// two never report the same instance.
fn exposed_without_auth(config: &EffectiveConfig) -> bool {
    !config.bool("protected-mode") && config.default_user_auth().is_open() && config.accepts_remote_clients()
}

/// Whether the default user has a password is known: set by a line redlint read, or no
/// configuration went unread (a config file outside the repository could set one).
fn default_user_auth_known(config: &EffectiveConfig) -> bool {
    config.is_complete()
        || match config.default_user_auth() {
            DefaultUserAuth::Open { origin } => origin.is_explicit(),
            _ => true,
        }
}

/// An `enable-*-command`/`enable-protected-configs` directive set to `yes` or `local`.
fn report_enabled(
    ctx: &mut crate::rules::RuleContext<'_>,
    model: &crate::model::Model,
    directive: &str,
    what: &str,
    help: &str,
) {
    for instance in &model.instances {
        let setting = instance.config.setting(directive);
        let crate::model::Value::Enum(value) = setting.value else { continue };
        if value == "no" {
            continue;
        }
        let span = setting.origin.value_span().unwrap_or(instance.anchor);
        let scope = if value == "local" {
            " to clients on the loopback interface (and every container of the pod)"
        } else {
            ""
        };
        ctx.report(span, format!("`{directive} {value}` re-enables {what}{scope}")).help(help.to_owned());
    }
}
