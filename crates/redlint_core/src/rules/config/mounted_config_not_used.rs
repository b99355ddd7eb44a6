//! `mounted-config-not-used`: see `policies/config/mounted-config-not-used.md`.

use crate::model::Model;
use crate::model::container::MountSource;
use crate::paths;
use crate::rules::{Rule, RuleContext};
use crate::source::FileKind;

pub(crate) const RULE: Rule = Rule { name: "mounted-config-not-used", check };

fn check(ctx: &mut RuleContext<'_>, model: &Model) {
    for instance in &model.instances {
        let Some(container) = &instance.container else { continue };
        let launch = instance.launch();
        // A command redlint cannot follow may well pass the file.
        if launch.unfollowed.is_some() || launch.program.is_none() {
            continue;
        }
        let used = launch.config_file().map(|arg| arg.value.as_str());
        for mount in &container.mounts {
            let (MountSource::Bind { repository_path: Some(repository_path), .. }
            | MountSource::ConfigFiles { repository_path: Some(repository_path), .. }) = &mount.source
            else {
                continue;
            };
            // The redis.conf files the mount brings into the container (a file, or the
            // config files of a mounted directory), as container paths.
            let configs: Vec<String> = ctx
                .sources()
                .iter()
                .filter(|file| matches!(file.kind(), FileKind::RedisConf | FileKind::SentinelConf))
                .filter_map(|file| {
                    let path = file.path();
                    if path == repository_path {
                        Some(mount.target.clone())
                    } else {
                        let rest = path.strip_prefix(repository_path.as_str())?.strip_prefix('/')?;
                        Some(paths::join(&mount.target, rest))
                    }
                })
                .collect();
            let Some(first) = configs.first() else { continue };
            if used.is_some_and(|used| configs.iter().any(|config| config == used)) {
                continue;
            }
            // A file the server reads through an `include` is used too: mounted on its own (a
            // key of a projected volume) or in a mounted directory.
            let read = |file: &crate::source::SourceFile| instance.config.files.contains(&file.id());
            let in_mount = |path: &str| {
                path == repository_path
                    || path.strip_prefix(repository_path.as_str()).is_some_and(|rest| rest.starts_with('/'))
            };
            if ctx.sources().iter().filter(|file| read(file)).any(|file| in_mount(file.path())) {
                continue;
            }
            let what = match used {
                Some(used) => format!("redis-server reads `{used}` instead"),
                None => {
                    "redis-server is started without a config file: Redis runs with its defaults".to_owned()
                }
            };
            let mut report = ctx.report(mount.span, format!("`{first}` is mounted, but {what}"));
            if let Some(program) = &launch.program {
                report = report.label(program.span, "the server starts here");
            }
            if instance.is_kubernetes() {
                report.help(format!("pass the file as the first argument: `args: [\"{first}\"]`"));
            } else {
                report.help(format!(
                    "pass the file as the first argument: `command: [\"redis-server\", \"{first}\"]`"
                ));
            }
        }
    }
}
