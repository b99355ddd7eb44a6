//! Turning the services of a project that run Redis into Redis instances.

use super::service::{BuildSpec, CommandSpec, IgnoreEntry, ServiceDef, Text};
use super::{ComposeFiles, Project, parse_docker_bytes};
use crate::model::container::{
    Container, EnvValue, HealthCheck, HealthKind, Located, Mount, MountSource, PublishedPort,
};
use crate::model::image::ImageRef;
use crate::model::instance::redis_instance;
use crate::model::{Credential, InstanceSource, RedisInstance};
use crate::paths;
use crate::settings::Settings;
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
        let mut container = container(project, service);
        if let Some(build) = &service.build {
            if let Some(image) = built_image(files, project, build) {
                container.apply_image(image);
            }
        }
        let (Some(file), Some(key_span)) = (service.file, service.key_span) else { continue };
        let source = InstanceSource::ComposeService { file, service: service.name.clone() };
        let name = format!("service `{}`", service.name);
        if let Some(instance) =
            redis_instance(files.config_sources(), container, settings, name, source, key_span)
        {
            referenced.extend(instance.config.files.iter().copied());
            instances.push(instance);
        }
    }
    (instances, referenced)
}

/// The image a service's `build:` builds, when its Dockerfile is in the repository: the
/// `target` stage, or the last one.
fn built_image(files: &mut dyn ComposeFiles, project: &Project, build: &BuildSpec) -> Option<Container> {
    let context = build.context.as_ref().map_or(".", |context| context.value.as_str());
    // A Git URL, a path outside the project or an unset variable: nothing to read.
    if context.contains("://")
        || context.starts_with("git@")
        || context.starts_with('/')
        || context.contains("${")
    {
        return None;
    }
    let context_dir = paths::join(&project.directory, context);
    let dockerfile = build.dockerfile.as_ref().map_or("Dockerfile", |dockerfile| dockerfile.value.as_str());
    let path = paths::join(&context_dir, dockerfile);
    let args: Vec<(String, String)> = build
        .args
        .iter()
        .filter_map(|(name, value)| Some((name.clone(), value.as_ref()?.value.clone())))
        .collect();
    let built = files.build(&path, &context_dir, &args)?;
    let stage = match &build.target {
        Some(target) => built.stage_named(&target.value)?,
        None => built.stages.len().checked_sub(1)?,
    };
    let mut container = built.container(stage);
    if let Some(image) = &mut container.built {
        image.reference = Some(build.span);
    }
    Some(container)
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
            kind: HealthKind::Check,
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
