//! The last step every deployment format shares: a container that runs Redis becomes an
//! [`EffectiveConfig`]. The image's defaults, the config file the server is started with (read
//! through the container's mounts: a bind mount, a Compose config, a ConfigMap key), what the
//! image's scripts make of environment variables, and the command line, loaded by the
//! redis.conf [`Loader`]. Configuration that exists but cannot be read becomes a
//! `config-outside-repository` problem, and rules that judge defaults stay silent about it.

use std::sync::Arc;

use super::Platform;
use super::config::{EffectiveConfig, Problem, ProblemKind};
use super::container::{Container, EnvValue, MountSource};
use super::image::ServerImage;
use super::launch::Launch;
use crate::paths;
use crate::redis_conf::cmdline::parse_command_line;
use crate::redis_conf::directives::id_of;
use crate::redis_conf::load::{ConfFiles, LoadRequest, Loader, map_container_path};
use crate::settings::{RedisVersion, Settings};
use crate::source::{FileId, Span};

/// What configuring a container needs from the engine.
pub(crate) trait ConfigSources {
    /// A redis.conf by repository path (given, supplied by the frontend, or embedded in a
    /// manifest); it counts as read by a container, not checked on its own.
    fn load_conf(&mut self, path: &str) -> Option<FileId>;
    fn conf_files(&mut self) -> &mut dyn ConfFiles;
}

/// How a repository path reads in a message: embedded texts (`deploy.yaml#ConfigMap/x/redis.conf`)
/// as the key of their object.
fn describe_repository_path(path: &str) -> String {
    crate::k8s::describe_data_path(path).unwrap_or_else(|| format!("`{path}`"))
}

/// The effective configuration of the Redis a container starts.
pub(crate) fn configure(
    sources: &mut dyn ConfigSources,
    container: &Container,
    launch: &Launch,
    settings: &Settings,
    platform: Platform,
) -> EffectiveConfig {
    let facts = container.image_facts();
    let server = facts.as_ref().and_then(|facts| facts.server);
    let version = facts
        .as_ref()
        .and_then(|facts| facts.version)
        .filter(|version| version.major == 7)
        .and_then(|version| version.minor)
        .and_then(|minor| RedisVersion::parse(&format!("7.{minor}")))
        .unwrap_or(settings.redis_version);
    // Bind mounts, mounted configs and ConfigMaps, and files a Dockerfile copies in.
    let mounts = container.path_mappings();
    let workdir = container.workdir();
    let config_arg = launch.config_file();
    // The config file as a container path, and the repository file mounted there, if any.
    let config_path = config_arg.map(|arg| {
        if arg.value.starts_with('/') {
            arg.value.clone()
        } else {
            paths::join(workdir.as_deref().unwrap_or("/"), &arg.value)
        }
    });
    let config_repository_path = config_path.as_deref().and_then(|path| map_container_path(&mounts, path));
    let config_file = config_repository_path.as_deref().and_then(|repository| sources.load_conf(repository));
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
    let (environment_options, environment_runtime) =
        match server.filter(|server| server.image == ServerImage::BitnamiRedis) {
            Some(_) => {
                let (lines, runtime) = bitnami_options(container);
                (Some(Arc::new(lines)), runtime)
            }
            None => (None, Vec::new()),
        };
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
        runtime_values: launch
            .args
            .iter()
            .filter(|arg| arg.runtime)
            .map(|arg| arg.span)
            .chain(environment_runtime)
            .collect(),
    };
    let mut config = Loader::load(sources.conf_files(), &request);
    // The mount the config path is on, when nothing in the repository backs it.
    let unread_mount = config_path.as_deref().and_then(|path| container.mount_for(path)).and_then(|mount| {
        match &mount.source {
            MountSource::ConfigFiles { name, repository_path: None, .. } => Some(name.clone()),
            _ => None,
        }
    });
    // A config kept in a secret (a Compose secret) is meant to stay out of the repository:
    // not a finding.
    let from_secret = config_path
        .as_deref()
        .and_then(|path| container.mount_for(path))
        .is_some_and(|mount| matches!(mount.source, MountSource::ConfigFiles { secret: true, .. }));
    let written_by_heredoc = container
        .built
        .as_ref()
        .is_some_and(|built| built.inline_files.iter().any(|file| Some(&file.value) == config_path.as_ref()));
    for span in
        unseen.into_iter().filter(|&span| !(from_secret && config_arg.is_some_and(|arg| arg.span == span)))
    {
        let kubernetes = platform == Platform::Kubernetes;
        let (message, help) = if Some(span) == launch.unfollowed {
            (
                "redlint cannot follow this command to `redis-server`: the configuration it starts Redis with was not checked".to_owned(),
                if kubernetes {
                    "keep the image's entrypoint and start the server directly (`args: [\"redis-server\", \"/usr/local/etc/redis/redis.conf\"]`) with a config file from a ConfigMap"
                } else {
                    "start the server directly (`command: [\"redis-server\", \"/usr/local/etc/redis/redis.conf\"]`) with a config file from the repository"
                },
            )
        } else if let Some(path) =
            config_repository_path.as_deref().filter(|path| container.copy_of(path).is_some())
        {
            (
                format!(
                    "redis-server reads the config copied from `{path}`, which is not among the checked files: its settings were not checked"
                ),
                "check the build context too (`redlint check .` at the repository root)",
            )
        } else if let Some(path) = &config_repository_path {
            (
                format!(
                    "redis-server reads the config mounted from {}, which is not among the checked files: its settings were not checked",
                    describe_repository_path(path)
                ),
                "check the directory that holds it too (`redlint check .` at the repository root)",
            )
        } else if written_by_heredoc {
            (
                "redis-server reads a config the Dockerfile writes from a heredoc (`COPY <<EOF`), which redlint does not check yet".to_owned(),
                "keep the config in a file of the repository and `COPY` it, so redlint can check it",
            )
        } else if container.built.is_some() {
            (
                "redis-server reads this config file, but nothing copies or mounts it from the repository: its settings were not checked".to_owned(),
                "copy the file in the Dockerfile (`COPY redis.conf /usr/local/etc/redis/redis.conf`) or mount it, so redlint can check it",
            )
        } else if let Some(name) = &unread_mount {
            (
                format!(
                    "redis-server reads this config file from {name}, which is not among the checked files: its settings were not checked"
                ),
                "check the manifest that defines it too (`redlint check .` at the repository root)",
            )
        } else {
            (
                "redis-server reads this config file, but nothing mounts it from the repository: its settings were not checked".to_owned(),
                if kubernetes {
                    "mount the file from a ConfigMap defined in the checked manifests so redlint can check it"
                } else {
                    "mount the file from the repository (a bind mount or a Compose config) so redlint can check it"
                },
            )
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
    config
}

/// What Bitnami's scripts make of its environment variables, as `redis-server` options
/// pointing at the variables that set them, and the spans of values only known when the
/// container starts.
fn bitnami_options(container: &Container) -> (crate::redis_conf::lexer::Lines, Vec<Span>) {
    let mut args: Vec<(String, Span)> = Vec::new();
    let mut runtime = Vec::new();
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
        runtime.push(var.name_span);
    } else if let Some(var) =
        container.env("REDIS_PASSWORD").filter(|var| matches!(var.value, EnvValue::Secret { .. }))
    {
        // From a Kubernetes Secret: set when the container starts.
        args.push(("--requirepass".to_owned(), var.name_span));
        args.push(("<from a secret>".to_owned(), var.name_span));
        runtime.push(var.name_span);
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
    (parse_command_line("redis-server", &args).options, runtime)
}
