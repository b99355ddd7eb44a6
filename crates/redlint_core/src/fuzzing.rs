//! The fuzz targets' harnesses (`fuzz/fuzz_targets/*.rs`), here so that the regression tests
//! (`tests/fuzz_regressions.rs`) run a crashing input through exactly the code its target
//! ran. Not an API: it may change with the targets.
//!
//! Every harness takes arbitrary bytes and must return without panicking, in time linear (or
//! close) in the input's size; what it returns is only there for tests to assert on.

use std::collections::{BTreeMap, HashSet};

use crate::provider::{FileProvider, Provided};
use crate::report::{Format, Report};
use crate::settings::Settings;
use crate::source::{FileId, FileKind};
use crate::{Input, check};

/// A `redis.conf`: the lexer, then the whole engine with the file as the only input. Every
/// `include` resolves to the input itself, so include cycles and fan-out are exercised.
pub fn redis_conf(data: &[u8]) -> Report {
    let text = String::from_utf8_lossy(data);
    let _ = crate::redis_conf::lexer::lex(FileId(0), &text);
    let provider = MapProvider::single("redis.conf", data);
    let report = check_one("redis.conf", data, FileKind::RedisConf, &provider);
    render(&report);
    report
}

/// The YAML layer alone: the span tree, then every reader Compose and Kubernetes use on it
/// (lookups with merges, comments, entry extents, scalar maps).
pub fn yaml(data: &[u8]) -> crate::yaml::Yaml {
    let text = String::from_utf8_lossy(data);
    let tree = crate::yaml::parse(FileId(0), &text);
    let _ = tree.comment_spans(&text);
    let _ = tree.entry_extents(&text);
    let mut visited = HashSet::new();
    for document in tree.documents() {
        walk_yaml(document, &text, &mut visited);
    }
    tree
}

/// Each node once: aliases make the tree a graph, and walking it as a tree is exponential
/// (an alias bomb).
fn walk_yaml(node: crate::yaml::YamlRef<'_>, text: &str, visited: &mut HashSet<crate::yaml::NodeId>) {
    if !visited.insert(node.id()) {
        return;
    }
    let _ = node.scalar_map(text);
    let _ = (node.as_bool(), node.as_i64(), node.is_null(), node.tag());
    // Readers look up fixed keys; one lookup per key of the mapping would make the harness
    // itself quadratic in a wide mapping.
    for key in ["services", "kind", "metadata", "<<"] {
        let _ = node.get(key);
    }
    for (_, value) in node.entries() {
        walk_yaml(value, text, visited);
    }
    for item in node.items() {
        walk_yaml(item, text, visited);
    }
}

/// A Compose file, checked as the only file of its project.
pub fn compose(data: &[u8]) -> Report {
    let report = check_one("compose.yaml", data, FileKind::Compose, &MapProvider::default());
    render(&report);
    report
}

/// A Dockerfile: the parser, then the whole engine (stage graph, RUN analysis, the image as a
/// Redis instance).
pub fn dockerfile(data: &[u8]) -> Report {
    let _ = crate::dockerfile::parse(&String::from_utf8_lossy(data));
    let report = check_one("Dockerfile", data, FileKind::Dockerfile, &MapProvider::default());
    render(&report);
    report
}

/// A Kubernetes manifest (any number of documents), checked as the whole cluster.
pub fn kubernetes(data: &[u8]) -> Report {
    let report = check_one("manifest.yaml", data, FileKind::Kubernetes, &MapProvider::default());
    render(&report);
    report
}

/// The line that starts a file in [`engine`]'s input: `@@ path`, then the file's content up
/// to the next such line.
pub const FILE_HEADER: &[u8] = b"@@ ";

/// Several files checked together, so cross-file links are exercised: Compose ↔ redis.conf ↔
/// Dockerfile, ConfigMap ↔ Deployment, `include`, `redlint.toml` (its `[[ignore]]` globs and
/// rule selection). The input is split at lines starting with [`FILE_HEADER`]; text before
/// the first header is `redis.conf`. Files are classified by name and content, as the CLI
/// does, and every file is also served to the provider (for includes and mounts).
pub fn engine(data: &[u8]) -> Report {
    let files = split_files(data);
    let mut settings = Settings::default();
    #[cfg(feature = "config")]
    if let Some(config) = files.get("redlint.toml") {
        if let Ok(config) = crate::config::Config::parse(&String::from_utf8_lossy(config)) {
            config.apply(&mut settings, "", "");
        }
    }
    let provider = MapProvider { files: files.clone(), fallback: None };
    let inputs = files.into_iter().map(|(path, content)| Input::new(path, content)).collect();
    let report = check(inputs, &provider, &settings);
    render(&report);
    report
}

/// `@@ path` lines split the input into files (the last of two files with one path wins).
pub fn split_files(data: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut path = "redis.conf".to_owned();
    let mut content = Vec::new();
    for line in data.split_inclusive(|&byte| byte == b'\n') {
        if let Some(header) = line.strip_prefix(FILE_HEADER) {
            let finished = std::mem::replace(&mut path, String::from_utf8_lossy(header).trim().to_owned());
            if !content.is_empty() {
                files.insert(finished, std::mem::take(&mut content));
            }
        } else {
            content.extend_from_slice(line);
        }
    }
    if !content.is_empty() || files.is_empty() {
        files.insert(path, content);
    }
    files
}

fn check_one(path: &str, data: &[u8], kind: FileKind, provider: &dyn FileProvider) -> Report {
    let input = Input { kind: Some(kind), ..Input::new(path, data) };
    check(vec![input], provider, &Settings::default())
}

/// The renderers read spans back into lines and columns: a span out of its
/// file's bounds, or inside a character, panics here.
fn render(report: &Report) {
    let _ = report.render(Format::Json, crate::VERSION);
    let _ = report.render(Format::Concise, crate::VERSION);
}

/// Serves the harness's files by path; with `fallback`, every other path too.
#[derive(Debug, Default)]
struct MapProvider {
    files: BTreeMap<String, Vec<u8>>,
    fallback: Option<Vec<u8>>,
}

impl MapProvider {
    fn single(path: &str, data: &[u8]) -> MapProvider {
        MapProvider {
            files: BTreeMap::from([(path.to_owned(), data.to_vec())]),
            fallback: Some(data.to_vec()),
        }
    }
}

impl FileProvider for MapProvider {
    fn read(&self, path: &str) -> Provided {
        match self.files.get(path).or(self.fallback.as_ref()) {
            Some(content) => Provided::Found(content.clone()),
            None => Provided::NotFound,
        }
    }

    fn list_dir(&self, dir: &str) -> Vec<String> {
        self.files.keys().filter(|path| crate::paths::parent(path) == dir).cloned().collect()
    }
}
