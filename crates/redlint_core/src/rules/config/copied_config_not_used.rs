//! `copied-config-not-used`: see `policies/config/copied-config-not-used.md`.

use std::collections::HashMap;

use crate::classify::classify_by_name;
use crate::model::Model;
use crate::model::container::ImageFile;
use crate::paths;
use crate::rules::{Rule, RuleContext};
use crate::source::{FileId, FileKind, Span};

pub(crate) const RULE: Rule = Rule { name: "copied-config-not-used", check };

fn check(ctx: &mut RuleContext<'_>, model: &Model) {
    let config_sources: Vec<(String, FileId)> = ctx
        .sources()
        .iter()
        .filter(|source| matches!(source.kind(), FileKind::RedisConf | FileKind::SentinelConf))
        .map(|source| (source.path().to_owned(), source.id()))
        .collect();
    for instance in &model.instances {
        let Some(container) = &instance.container else { continue };
        let launch = instance.launch();
        // A command redlint cannot follow may well pass the file.
        if launch.unfollowed.is_some() || launch.program.is_none() {
            continue;
        }
        let workdir = container.workdir().unwrap_or_else(|| "/".to_owned());
        let used = launch.config_file().map(|arg| paths::join(&workdir, &arg.value));
        // One `COPY` can stand for several mappings (a file, or a directory's content): the
        // mappings grouped by `COPY` in one pass, as an image can have thousands of them.
        let mut copies: Vec<(Span, Vec<&ImageFile>)> = Vec::new();
        let mut group_of: HashMap<Span, usize> = HashMap::new();
        for file in &container.image_files {
            let group = *group_of.entry(file.span).or_insert_with(|| {
                copies.push((file.span, Vec::new()));
                copies.len() - 1
            });
            copies[group].1.push(file);
        }
        for (copy, files) in copies {
            // The redis.conf files the `COPY` brings into the image, with their container paths.
            let configs: Vec<(String, Option<FileId>)> = files
                .into_iter()
                .flat_map(|file| {
                    let mut found: Vec<(String, Option<FileId>)> = config_sources
                        .iter()
                        .filter_map(|(path, id)| {
                            let target = if *path == file.repository_path {
                                file.target.clone()
                            } else {
                                let rest =
                                    path.strip_prefix(file.repository_path.as_str())?.strip_prefix('/')?;
                                paths::join(&file.target, rest)
                            };
                            Some((target, Some(*id)))
                        })
                        .collect();
                    // A file named like a Redis config that was not read (nothing referenced it).
                    if found.is_empty() && classify_by_name(&file.repository_path).is_some() {
                        found.push((file.target.clone(), None));
                    }
                    found
                })
                .collect();
            // The name the file has in the image: the longest mapping is the exact one.
            let Some((first, _)) = configs.iter().max_by_key(|(target, _)| target.len()) else { continue };
            let read = configs.iter().any(|(target, file)| {
                file.is_some_and(|file| instance.config.files.contains(&file))
                    || used.as_deref() == Some(target.as_str())
            });
            if read {
                continue;
            }
            let what = match &used {
                Some(used) => format!("redis-server reads `{used}` instead"),
                None => {
                    "redis-server is started without a config file: Redis runs with its defaults".to_owned()
                }
            };
            let mut report = ctx.report(copy, format!("`{first}` is copied into the image, but {what}"));
            if let Some(program) = &launch.program {
                report = report.label(program.span, "the server starts here");
            }
            if let Some((span, message)) = container.build_label() {
                report = report.label(span, message);
            }
            report
                .help(format!("pass the file as the first argument: `CMD [\"redis-server\", \"{first}\"]`"));
        }
    }
}
