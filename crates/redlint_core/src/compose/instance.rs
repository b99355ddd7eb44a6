//! Turning the services of a project that run Redis into Redis instances.

use std::sync::Arc;

use super::service::{CommandSpec, IgnoreEntry, ServiceDef, Text};
use super::{ComposeFiles, Project, parse_docker_bytes};
use crate::model::config::{Problem, ProblemKind};
use crate::model::container::{Container, EnvValue, HealthCheck, Located, Mount, MountSource, PublishedPort};
use crate::model::image::{ImageRef, ServerImage};
use crate::model::launch;
use crate::model::{Credential, InstanceSource, RedisInstance};
use crate::paths;
use crate::redis_conf::cmdline::parse_command_line;
use crate::redis_conf::directives::id_of;
use crate::redis_conf::load::{LoadRequest, Loader, PathMapping, map_container_path};
use crate::settings::{RedisVersion, Settings};
use crate::source::{FileId, SourceMap, Span};
use crate::suppress::{Suppression, SuppressionKind};

/// The Redis instances of a project, and every file they read (so those files are not also
/// checked on their own).
pub(crate) fn instances(
    files: &mut dyn ComposeFiles,
    project: &Project,
    settings: &Settings,
) -> (Vec<RedisInstance>, Vec<FileId>) {
    let mut instances = Vec::new();
    let mut referenced = Vec::new();
    for service in &project.services {
        let container = container(project, service);
        let launch = launch::analyze(&container);
        let runs_redis =
            container.image.as_ref().is_some_and(ImageRef::runs_redis) || launch.program.is_some();
        if !runs_redis || launch.client_tool {
            continue;
        }
        let (Some(file), Some(key_span)) = (service.file, service.key_span) else { continue };
        let facts = container.image_facts();
        let server = facts.as_ref().and_then(|facts| facts.server);
        let version = facts
            .as_ref()
            .and_then(|facts| facts.version)
            .filter(|version| version.major == 7)
            .and_then(|version| version.minor)
            .and_then(|minor| RedisVersion::parse(&format!("7.{minor}")))
            .unwrap_or(settings.redis_version);
        let mounts = path_mappings(&container, project);
        let config_arg = launch.config_file();
        // The repository file mounted where redis-server reads its config, if any.
        let config_repository_path = config_arg.and_then(|arg| {
            let path = if arg.value.starts_with('/') {
                arg.value.clone()
            } else {
                paths::join(server.and_then(|server| server.workdir).unwrap_or("/"), &arg.value)
            };
            map_container_path(&mounts, &path)
        });
        let config_file =
            config_repository_path.as_deref().and_then(|repository| files.load_conf(repository));
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
            cwd: server.and_then(|server| server.workdir).map(str::to_owned),
            environment_options,
            mounts,
            unseen: unseen.clone(),
            runtime_values: launch.args.iter().filter(|arg| arg.runtime).map(|arg| arg.span).collect(),
        };
        let mut config = Loader::load(files.conf_files(), &request);
        // A config kept in a secret is meant to stay out of the repository: not a finding.
        let from_secret = config_arg
            .and_then(|arg| container.mount_for(&arg.value))
            .is_some_and(|mount| matches!(mount.source, MountSource::ConfigFiles { secret: true, .. }));
        for span in unseen
            .into_iter()
            .filter(|&span| !(from_secret && config_arg.is_some_and(|arg| arg.span == span)))
        {
            let (message, help) = match &config_repository_path {
                _ if Some(span) == launch.unfollowed => (
                    "redlint cannot follow this command to `redis-server`: the configuration it starts Redis with was not checked".to_owned(),
                    "start the server directly (`command: [\"redis-server\", \"/usr/local/etc/redis/redis.conf\"]`) with a config file from the repository",
                ),
                Some(path) => (
                    format!("redis-server reads the config mounted from `{path}`, which is not among the checked files: its settings were not checked"),
                    "check the directory that holds it too (`redlint check .` at the repository root)",
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
        referenced.extend(config.files.iter().copied());
        instances.push(RedisInstance {
            name: format!("service `{}`", service.name),
            source: InstanceSource::ComposeService { file, service: service.name.clone() },
            anchor: key_span,
            config,
            container: Some(container),
        });
    }
    (instances, referenced)
}

/// A service's container, read from its definition.
fn container(project: &Project, service: &ServiceDef) -> Container {
    let span = service.key_span.unwrap_or(Span::file_start(FileId(0)));
    let mut container = Container::new(span);
    container.image = service
        .image
        .as_ref()
        .filter(|image| !image.value.is_empty())
        .map(|image| ImageRef::parse(&image.value, image.span));
    let located_args = |command: &CommandSpec| Located::new(command.args.clone(), command.span);
    container.process.entrypoint = service.entrypoint.as_ref().map(located_args);
    container.process.command = service.command.as_ref().map(located_args);
    let located = |text: &Text| Located::new(text.value.clone(), text.span);
    container.identity.user = service.user.as_ref().map(located);
    container.identity.privileged.clone_from(&service.privileged);
    container.identity.read_only_root_filesystem.clone_from(&service.read_only);
    container.identity.capabilities_add = service.cap_add.iter().map(located).collect();
    container.identity.capabilities_drop = service.cap_drop.iter().map(located).collect();
    container.identity.seccomp =
        service.security_opt.iter().find(|option| option.value.starts_with("seccomp")).map(located);
    container.exposure.published = service
        .ports
        .iter()
        .filter_map(|port| {
            Some(PublishedPort {
                host_ip: port.host_ip.clone(),
                published: port.published.clone(),
                target: port.target?,
                span: port.span,
            })
        })
        .collect();
    container.exposure.host_network =
        service.network_mode.as_ref().filter(|mode| mode.value == "host").map(|mode| mode.span);
    let internal = |network: &Text| project.networks.get(&network.value).is_some_and(|top| top.internal);
    if !service.networks.is_empty() && service.networks.iter().all(internal) && service.network_mode.is_none()
    {
        container.exposure.internal_only = service.networks.first().map(|network| network.span);
    }
    for volume in &service.volumes {
        let source = match (volume.kind.as_str(), &volume.source) {
            ("tmpfs", _) => MountSource::Tmpfs,
            ("bind", Some(host)) => {
                MountSource::Bind { host_path: host.clone(), repository_path: repository_path(project, host) }
            }
            ("volume", Some(name)) => MountSource::Volume { name: name.clone() },
            _ => MountSource::Ephemeral { what: "an anonymous volume".to_owned() },
        };
        container.mounts.push(Mount {
            target: volume.target.clone(),
            source,
            read_only: volume.read_only,
            span: volume.span,
        });
    }
    for tmpfs in &service.tmpfs {
        let target = tmpfs.value.split(':').next().unwrap_or("").to_owned();
        container.mounts.push(Mount {
            target,
            source: MountSource::Tmpfs,
            read_only: false,
            span: tmpfs.span,
        });
    }
    let configs = service.configs.iter().map(|config| (config, &project.configs, false));
    let secrets = service.secrets.iter().map(|secret| (secret, &project.secrets, true));
    for (config, top, secret) in configs.chain(secrets) {
        let repository_path = top.get(&config.name).and_then(|top| top.repository_path.clone());
        container.mounts.push(Mount {
            target: config.target.clone(),
            source: MountSource::ConfigFiles { name: config.name.clone(), repository_path, secret },
            read_only: true,
            span: config.span,
        });
    }
    let memory = service.mem_limit.as_ref().or(service.deploy_memory_limit.as_ref());
    container.memory_limit =
        memory.and_then(|text| Some(Located::new(parse_docker_bytes(&text.value)?, text.span)));
    container.memory_request = service
        .mem_reservation
        .as_ref()
        .and_then(|text| Some(Located::new(parse_docker_bytes(&text.value)?, text.span)));
    container.environment.clone_from(&service.environment);
    container.health = service
        .healthcheck
        .iter()
        .map(|health| HealthCheck {
            command: health.test.clone(),
            shell: health.shell,
            span: health.span,
            disabled: health.disabled,
        })
        .collect();
    container.sysctls = service.sysctls.iter().map(located).collect();
    container
}

/// A bind source as a repository path, when it is inside the project.
fn repository_path(project: &Project, host: &str) -> Option<String> {
    if host.starts_with('/') || host.starts_with('~') || host.contains("${") {
        return None;
    }
    Some(paths::join(&project.directory, host))
}

/// Container paths whose files are in the repository.
fn path_mappings(container: &Container, _project: &Project) -> Vec<PathMapping> {
    container
        .mounts
        .iter()
        .filter_map(|mount| match &mount.source {
            MountSource::Bind { repository_path: Some(repository), .. }
            | MountSource::ConfigFiles { repository_path: Some(repository), .. } => {
                Some(PathMapping { container: mount.target.clone(), repository: repository.clone() })
            }
            _ => None,
        })
        .collect()
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

/// Names of environment variables that hold a password.
pub(crate) fn is_password_variable(name: &str) -> bool {
    let name = name.to_ascii_uppercase();
    (name.contains("PASSWORD")
        || name.contains("PASSWD")
        || name.ends_with("_PASS")
        || name.contains("_PASS_")
        || name.starts_with("REDISPASS")
        || name.contains("SECRET")
        || name == "REDISCLI_AUTH"
        || name.ends_with("_AUTH"))
        && !name.ends_with("_FILE")
        && !name.contains("ALLOW_EMPTY")
}

/// The password inside a Redis URL (`redis://user:password@host`), as a byte range of `url`.
pub(crate) fn url_password(url: &str) -> Option<std::ops::Range<usize>> {
    let lower = url.to_ascii_lowercase();
    let start = ["redis://", "rediss://", "valkey://", "valkeys://"]
        .iter()
        .find_map(|scheme| lower.find(scheme).map(|index| index + scheme.len()))?;
    let rest = &url[start..];
    let at = rest.find('@')?;
    let userinfo = &rest[..at];
    if userinfo.contains('/') {
        return None;
    }
    let colon = userinfo.find(':')?;
    let password = (start + colon + 1)..(start + at);
    (!password.is_empty()).then_some(password)
}

/// Passwords written in the project's environments: Redis password variables of Redis
/// services, any password variable mentioning Redis, and Redis URLs with a password in any
/// service.
pub(crate) fn credentials(
    project: &Project,
    text_of: &dyn Fn(FileId) -> std::sync::Arc<str>,
) -> Vec<Credential> {
    let mut found = Vec::new();
    for service in &project.services {
        let redis_service = service
            .image
            .as_ref()
            .is_some_and(|image| ImageRef::parse(&image.value, image.span).runs_redis());
        for var in &service.environment {
            let EnvValue::Literal { value, span, from_variable } = &var.value else { continue };
            if value.is_empty() {
                continue;
            }
            let holder = format!("environment variable `{}` of service `{}`", var.name, service.name);
            if let Some(range) = url_password(value) {
                // Point at the password inside the URL when the text maps one to one.
                let source = text_of(span.file);
                let written = &source[span.range()];
                let password_span = written.find(&value[range.clone()]).map_or(*span, |offset| {
                    Span::new(
                        span.file,
                        span.start as usize + offset,
                        span.start as usize + offset + range.len(),
                    )
                });
                found.push(Credential {
                    span: password_span,
                    holder: format!("a Redis URL in {holder}"),
                    literal: !from_variable,
                });
            } else if is_password_variable(&var.name)
                && (redis_service || var.name.to_ascii_uppercase().contains("REDIS"))
            {
                found.push(Credential { span: *span, holder, literal: !from_variable });
            }
        }
    }
    found
}

/// The `x-redlint-ignore` entries of every service, as suppressions covering the service's
/// definitions and, for a service running Redis, the config files that Redis reads.
pub(crate) fn suppressions(
    project: &Project,
    instances: &[RedisInstance],
    sources: &SourceMap,
) -> Vec<Suppression> {
    let mut found = Vec::new();
    for service in project.services.iter().filter(|service| !service.ignore.is_empty()) {
        let mut regions = service.definitions.clone();
        let instance = instances.iter().find(|instance| {
            matches!(&instance.source, InstanceSource::ComposeService { service: name, .. } if *name == service.name)
        });
        if let Some(instance) = instance {
            regions.extend(
                instance.config.files.iter().map(|&file| Span::new(file, 0, sources.get(file).text().len())),
            );
        }
        let kind = SuppressionKind::ComposeExtension;
        for entry in &service.ignore {
            let suppression = match entry {
                IgnoreEntry::Value(text) => {
                    let covers = regions.first().copied().unwrap_or(text.span);
                    Suppression::from_value(
                        kind,
                        &text.value,
                        text.value_span(),
                        text.verbatim_at.is_some(),
                        covers,
                    )
                }
                IgnoreEntry::Rules { rules, reason, span } => Some(Suppression::object(
                    kind,
                    rules.iter().map(|rule| (rule.value.clone(), Some(rule.value_span()))),
                    reason.clone(),
                    *span,
                    *span,
                )),
            };
            found.extend(suppression.map(|suppression| suppression.covering(regions.clone())));
        }
    }
    found
}
