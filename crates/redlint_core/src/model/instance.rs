//! From a container to the Redis instance it runs, whatever declared the container (a Compose
//! service, a Dockerfile checked on its own): how it starts, which config file of the
//! repository the server reads (through mounts and files the Dockerfile copies in), what the
//! image changes, and the effective configuration.

use std::sync::Arc;

use super::config::{Problem, ProblemKind};
use super::container::{Container, EnvValue};
use super::image::{ImageRef, ServerImage};
use super::launch;
use super::{InstanceSource, RedisInstance};
use crate::paths;
use crate::redis_conf::cmdline::parse_command_line;
use crate::redis_conf::directives::id_of;
use crate::redis_conf::load::{ConfFiles, LoadRequest, Loader, map_container_path};
use crate::settings::{RedisVersion, Settings};
use crate::source::{FileId, Span};

/// What loading an instance needs from the engine.
pub(crate) trait InstanceFiles {
    /// A redis.conf by repository path (through the provider if needed). It is then read as
    /// part of the instance rather than on its own.
    fn load_conf(&mut self, path: &str) -> Option<FileId>;
    fn conf_files(&mut self) -> &mut dyn ConfFiles;
}

/// The Redis instance a container runs, or `None` when it runs something else.
pub(crate) fn redis_instance(
    files: &mut dyn InstanceFiles,
    container: Container,
    settings: &Settings,
    name: String,
    source: InstanceSource,
    anchor: Span,
) -> Option<RedisInstance> {
    let launch = launch::analyze(&container);
    let runs_redis = container.image.as_ref().is_some_and(ImageRef::runs_redis)
        || launch.program.is_some()
        || container.built.as_ref().is_some_and(|built| built.installs_server.is_some());
    if !runs_redis || launch.client_tool {
        return None;
    }
    let facts = container.image_facts();
    let server = facts.as_ref().and_then(|facts| facts.server);
    let version = facts
        .as_ref()
        .and_then(|facts| facts.version)
        .filter(|version| version.major == 7)
        .and_then(|version| version.minor)
        .and_then(|minor| RedisVersion::parse(&format!("7.{minor}")))
        .unwrap_or(settings.redis_version);
    let mounts = container.path_mappings();
    let workdir = container.workdir();
    let config_arg = launch.config_file();
    // The repository file mounted or copied where redis-server reads its config, if any.
    let config_repository_path = config_arg.and_then(|arg| {
        let path = if arg.value.starts_with('/') {
            arg.value.clone()
        } else {
            paths::join(workdir.as_deref().unwrap_or("/"), &arg.value)
        };
        map_container_path(&mounts, &path)
    });
    let config_file = config_repository_path.as_deref().and_then(|repository| files.load_conf(repository));
    // A config file redis-server reads but redlint cannot, or a command redlint cannot
    // follow to redis-server: its settings are unknown.
    let unseen: Vec<Span> = config_arg
        .filter(|_| config_file.is_none())
        .map(|arg| arg.span)
        .into_iter()
        .chain(launch.unfollowed)
        .collect();
    let options: Vec<(String, Span)> = launch
        .args
        .iter()
        .skip(usize::from(launch.config_file().is_some()))
        .map(|arg| (arg.value.clone(), arg.span))
        .collect();
    let program = launch.program.as_ref().map_or("redis-server", |program| program.value.as_str());
    let command = parse_command_line(program, &options);
    let mut image_defaults = Vec::new();
    if let (Some(server), Some(image)) = (server, &container.image) {
        if server.protected_mode_off {
            image_defaults.push((id_of("protected-mode"), "no", image.text.clone()));
        }
        if server.image == ServerImage::BitnamiRedis {
            image_defaults.push((id_of("appendonly"), "yes", image.text.clone()));
        }
    }
    let environment_options = server
        .filter(|server| server.image == ServerImage::BitnamiRedis)
        .map(|_| Arc::new(bitnami_options(&container)));
    let request = LoadRequest {
        version,
        sentinel: launch.sentinel || command.sentinel,
        config_file,
        options: Some(Arc::new(command.options)),
        image_defaults,
        cwd: workdir,
        environment_options,
        mounts,
        unseen: unseen.clone(),
        runtime_values: launch.args.iter().filter(|arg| arg.runtime).map(|arg| arg.span).collect(),
    };
    let mut config = Loader::load(files.conf_files(), &request);
    let built = container.built.is_some();
    let config_path =
        config_arg.map(|arg| paths::join(container.workdir().as_deref().unwrap_or("/"), &arg.value));
    let inline = container
        .built
        .as_ref()
        .is_some_and(|built| built.inline_files.iter().any(|file| Some(&file.value) == config_path.as_ref()));
    for span in unseen {
        let copied = config_repository_path.as_deref().and_then(|path| container.copy_of(path));
        let (message, help) = match &config_repository_path {
            _ if Some(span) == launch.unfollowed => (
                "redlint cannot follow this command to `redis-server`: the configuration it starts Redis with was not checked".to_owned(),
                "start the server directly (`command: [\"redis-server\", \"/usr/local/etc/redis/redis.conf\"]`) with a config file from the repository",
            ),
            Some(path) if copied.is_some() => (
                format!("redis-server reads the config copied from `{path}`, which is not among the checked files: its settings were not checked"),
                "check the build context too (`redlint check .` at the repository root)",
            ),
            Some(path) => (
                format!("redis-server reads the config mounted from `{path}`, which is not among the checked files: its settings were not checked"),
                "check the directory that holds it too (`redlint check .` at the repository root)",
            ),
            None if inline => (
                "redis-server reads a config the Dockerfile writes from a heredoc (`COPY <<EOF`), which redlint does not check yet".to_owned(),
                "keep the config in a file of the repository and `COPY` it, so redlint can check it",
            ),
            None if built => (
                "redis-server reads this config file, but nothing copies or mounts it from the repository: its settings were not checked".to_owned(),
                "copy the file in the Dockerfile (`COPY redis.conf /usr/local/etc/redis/redis.conf`) or mount it, so redlint can check it",
            ),
            None => (
                "redis-server reads this config file, but nothing mounts it from the repository: its settings were not checked".to_owned(),
                "mount the file from the repository (a bind mount or a Compose config) so redlint can check it",
            ),
        };
        config.problems.push(Problem {
            kind: ProblemKind::ConfigOutsideRepository,
            span,
            message,
            labels: Vec::new(),
            help: Some(help.to_owned()),
            fix: None,
        });
    }
    Some(RedisInstance { name, source, anchor, config, container: Some(container) })
}

/// What Bitnami's scripts make of its environment variables, as `redis-server` options
/// pointing at the variables that set them.
fn bitnami_options(container: &Container) -> crate::redis_conf::lexer::Lines {
    let mut args: Vec<(String, Span)> = Vec::new();
    let literal = |name: &str| match container.env(name).map(|var| &var.value) {
        Some(EnvValue::Literal { value, span, .. }) => Some((value.clone(), *span)),
        _ => None,
    };
    let yes = |name: &str| {
        literal(name).filter(|(value, _)| matches!(value.to_ascii_lowercase().as_str(), "yes" | "true" | "1"))
    };
    if let Some((password, span)) = literal("REDIS_PASSWORD").filter(|(password, _)| !password.is_empty()) {
        args.push(("--requirepass".to_owned(), span));
        args.push((password, span));
    } else if let Some(var) = container.env("REDIS_PASSWORD_FILE") {
        // The password comes from a file at run time: set, but not known here.
        args.push(("--requirepass".to_owned(), var.name_span));
        args.push(("<from REDIS_PASSWORD_FILE>".to_owned(), var.name_span));
    } else if let Some((_, span)) = yes("ALLOW_EMPTY_PASSWORD") {
        args.push(("--protected-mode".to_owned(), span));
        args.push(("no".to_owned(), span));
    }
    if let Some((value, span)) = literal("REDIS_AOF_ENABLED") {
        args.push(("--appendonly".to_owned(), span));
        args.push((
            if matches!(value.to_ascii_lowercase().as_str(), "yes" | "true" | "1") { "yes" } else { "no" }
                .to_owned(),
            span,
        ));
    }
    if let Some((_, span)) = yes("REDIS_RDB_POLICY_DISABLED") {
        args.push(("--save".to_owned(), span));
        args.push((String::new(), span));
    }
    if let Some((commands, span)) = literal("REDIS_DISABLE_COMMANDS") {
        for command in commands.split(',').map(str::trim).filter(|command| !command.is_empty()) {
            args.push(("--rename-command".to_owned(), span));
            args.push((command.to_owned(), span));
            args.push((String::new(), span));
        }
    }
    parse_command_line("redis-server", &args).options
}
