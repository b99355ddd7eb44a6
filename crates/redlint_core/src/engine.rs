//! One check, start to finish: prepare each file (decode, classify, tokenise; independent,
//! so frontends may do it in parallel), build the model (instances, includes fetched
//! through the provider), run the rules, apply suppressions.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::classify::classify;
use crate::compose;
use crate::diagnostic::Diagnostic;
use crate::dockerfile::{self, Build, Syntax};
use crate::k8s;
use crate::model::config::{Problem, ProblemKind};
use crate::model::configure::ConfigSources;
use crate::model::{InstanceSource, Model, RedisInstance};
use crate::paths;
use crate::provider::{FileProvider, Provided};
use crate::redis_conf::lexer::{Lines, lex};
use crate::redis_conf::load::{
    ConfFiles, IncludeTarget, LoadRequest, Loader, PathMapping, map_container_path,
};
use crate::report::Report;
use crate::report::fingerprint::Fingerprinter;
use crate::settings::Settings;
use crate::source::{FileId, FileKind, SourceMap, Span};
use crate::suppress::{self, Comments, Scope, SuppressedRule, Suppression, SuppressionKind};
use crate::yaml::{ScalarMap, Yaml, YamlProblem};

/// A file handed to the core by a frontend.
#[derive(Clone, Debug)]
pub struct Input {
    /// Path relative to the working directory (any separator; normalised here).
    pub path: String,
    pub content: Vec<u8>,
    /// Forces the kind (a playground tab's selector, `--stdin-filename`); `None` classifies.
    pub kind: Option<FileKind>,
    /// Why the frontend could not read the file (permission denied): reported as a finding,
    /// and the other files are still checked.
    pub unreadable: Option<String>,
    /// The file's size when the frontend read only its beginning (or nothing) because it is
    /// over a limit: `content` then holds that beginning, enough to classify the file.
    pub size: Option<u64>,
}

impl Input {
    pub fn new(path: impl Into<String>, content: impl Into<Vec<u8>>) -> Input {
        Input { path: path.into(), content: content.into(), kind: None, unreadable: None, size: None }
    }

    /// A file the frontend found but could not read.
    pub fn unreadable(path: impl Into<String>, reason: impl Into<String>, kind: Option<FileKind>) -> Input {
        Input { unreadable: Some(reason.into()), kind, ..Input::new(path, Vec::new()) }
    }

    /// A file over a limit (`--max-file-size`, `--max-files`) that the frontend did not read
    /// beyond `head`: the core reports the limit, and never sees the whole file.
    pub fn partial(
        path: impl Into<String>,
        head: impl Into<Vec<u8>>,
        size: u64,
        kind: Option<FileKind>,
    ) -> Input {
        Input { size: Some(size), kind, ..Input::new(path, head) }
    }
}

/// Why a file given to the core is not checked.
#[derive(Clone, Debug)]
enum Skip {
    /// The frontend could not read it, or it is binary.
    Unreadable(String),
    /// Not UTF-8: `at` is the first invalid byte's offset in the (blanked) text.
    InvalidUtf8 { at: usize },
    /// Over the size limit.
    TooLarge { size: u64 },
    /// The frontend read only part of it, yet it is within the limits.
    NotRead,
    /// The first file over the file count limit; `rest` more files were dropped after it.
    TooManyFiles { rest: usize },
}

/// A file after the per-file work.
#[derive(Debug)]
pub struct PreparedFile {
    path: String,
    text: Arc<str>,
    /// `None` when redlint does not check this file itself; it stays available to files that
    /// reference it (an `include`).
    kind: Option<FileKind>,
    /// Tokenised redis.conf lines, for config files.
    conf: Option<Lines>,
    /// The YAML tree, for Compose files and manifests.
    yaml: Option<Yaml>,
    /// The parsed Dockerfile.
    dockerfile: Option<Syntax>,
    /// Why the file is not checked.
    skip: Option<Skip>,
}

impl PreparedFile {
    pub fn path(&self) -> &str {
        &self.path
    }
    pub fn kind(&self) -> Option<FileKind> {
        self.kind
    }
    /// The decoded text; empty for a file that could not be read as text.
    pub fn text(&self) -> &str {
        &self.text
    }
}

impl PreparedFile {
    /// A file that is not checked, with an empty (or blanked) text.
    fn skipped(path: String, text: String, kind: Option<FileKind>, skip: Skip) -> PreparedFile {
        PreparedFile {
            path,
            text: Arc::from(text),
            kind,
            conf: None,
            yaml: None,
            dockerfile: None,
            skip: Some(skip),
        }
    }
}

/// Decode, classify and tokenise one file, with the default limits.
pub fn prepare(input: Input) -> PreparedFile {
    prepare_with(input, &Settings::default())
}

/// [`prepare`] with the limits of `settings` (`input-limit-exceeded`'s options).
pub fn prepare_with(input: Input, settings: &Settings) -> PreparedFile {
    let path = paths::normalize_path(&input.path);
    if let Some(reason) = input.unreadable {
        let kind = input.kind.or_else(|| crate::classify::classify_by_name(&path));
        return PreparedFile::skipped(path, String::new(), kind, Skip::Unreadable(reason));
    }
    let sample = &input.content[..input.content.len().min(8000)];
    let size = input.size.unwrap_or(input.content.len() as u64);
    if size > settings.max_file_size() || input.size.is_some() {
        // Classified from its beginning: only worth a finding when it is a file redlint checks.
        let kind = input.kind.or_else(|| classify(&path, &String::from_utf8_lossy(sample)));
        let skip = if size > settings.max_file_size() { Skip::TooLarge { size } } else { Skip::NotRead };
        return PreparedFile::skipped(path, String::new(), kind, skip);
    }
    if sample.contains(&0) {
        // Binary: only worth a finding when it claims to be a file redlint checks.
        let kind = input.kind.or_else(|| crate::classify::classify_by_name(&path));
        let reason = "binary file (it contains NUL bytes)".to_owned();
        return PreparedFile::skipped(path, String::new(), kind, Skip::Unreadable(reason));
    }
    let text: Arc<str> = match String::from_utf8(input.content) {
        Ok(text) => Arc::from(text),
        Err(error) => {
            // Not checked: redlint cannot know the encoding, and decoding it lossily would
            // check other text than Redis reads. The finding points at the first invalid byte;
            // the text before it is blanked (same lines and columns), so no snippet can show
            // a password the file was never parsed far enough to know about.
            let kind = input.kind.or_else(|| classify(&path, &String::from_utf8_lossy(error.as_bytes())));
            let valid = &error.as_bytes()[..error.utf8_error().valid_up_to()];
            let valid = std::str::from_utf8(valid).unwrap_or_default();
            let line_start = valid.rfind('\n').map_or(0, |newline| newline + 1);
            let mut blank = "\n".repeat(valid[..line_start].matches('\n').count());
            blank.extend(std::iter::repeat_n(' ', valid[line_start..].chars().count()));
            let at = blank.len();
            return PreparedFile::skipped(path, blank, kind, Skip::InvalidUtf8 { at });
        }
    };
    let kind = input.kind.or_else(|| classify(&path, &text));
    let mut file = PreparedFile { path, text, kind, conf: None, yaml: None, dockerfile: None, skip: None };
    // The real FileId is only known in `check_prepared`, which rebases the spans.
    match kind {
        Some(FileKind::RedisConf | FileKind::SentinelConf) => file.conf = Some(lex(FileId(0), &file.text)),
        Some(FileKind::Compose | FileKind::Kubernetes) => {
            file.yaml = Some(crate::yaml::parse_with(FileId(0), &file.text, yaml_limits(settings)));
        }
        Some(FileKind::Dockerfile) => file.dockerfile = Some(dockerfile::parse(&file.text)),
        _ => {}
    }
    file
}

fn yaml_limits(settings: &Settings) -> crate::yaml::Limits {
    crate::yaml::Limits {
        max_depth: settings.options.max_yaml_depth,
        max_nodes: settings.options.max_yaml_nodes,
    }
}

/// A safety net under the model's secrets: in Compose files, manifests and Dockerfiles, the
/// word after a password flag of `redis-server` (`--requirepass`, `--masterauth`, …) or of
/// `redis-cli` (`-a`, `--pass`) is masked wherever it is written — also in a `RUN`, a probe
/// or a script no layer reads. Words taken from a variable (`$…`) are not secrets.
fn command_line_passwords(file: FileId, text: &str) -> Vec<Span> {
    const SERVER_FLAGS: [&str; 4] =
        ["--requirepass", "--masterauth", "--tls-key-file-pass", "--tls-client-key-file-pass"];
    let is_separator =
        |c: char| c.is_whitespace() || matches!(c, '"' | '\'' | ',' | '[' | ']' | ';' | '|' | '&');
    let mut spans = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let mut words = Vec::new();
        let mut start = None;
        for (index, c) in line.char_indices().chain([(line.len(), ' ')]) {
            match (start, is_separator(c)) {
                (None, false) => start = Some(index),
                (Some(from), true) => {
                    words.push((from, &line[from..index]));
                    start = None;
                }
                _ => {}
            }
        }
        let mut cli = false;
        for pair in words.windows(2) {
            let (flag, (at, value)) = (pair[0].1, pair[1]);
            cli |= flag == "redis-cli" || flag.ends_with("/redis-cli");
            let password_flag = SERVER_FLAGS.contains(&flag) || cli && matches!(flag, "-a" | "--pass");
            if password_flag && !value.starts_with('$') && !value.starts_with('-') {
                spans.push(Span::new(file, offset + at, offset + at + value.len()));
            }
        }
        offset += line.len();
    }
    spans
}

/// `41.5 MiB`, `812 KiB`.
fn format_size(size: u64) -> String {
    if size >= 1 << 20 {
        format!("{:.1} MiB", size as f64 / f64::from(1u32 << 20))
    } else {
        format!("{} KiB", size.div_ceil(1 << 10))
    }
}

/// Check a set of inputs.
pub fn check(inputs: Vec<Input>, provider: &dyn FileProvider, settings: &Settings) -> Report {
    check_prepared(
        inputs.into_iter().map(|input| prepare_with(input, settings)).collect(),
        provider,
        settings,
    )
}

/// Check files prepared with [`prepare`].
pub fn check_prepared(files: Vec<PreparedFile>, provider: &dyn FileProvider, settings: &Settings) -> Report {
    let mut workspace = Workspace::from_prepared(files, provider, settings);
    let mut instances = compose_instances(&mut workspace);
    instances.extend(kubernetes_instances(&mut workspace));
    instances.extend(standalone_dockerfiles(&mut workspace));
    instances.extend(standalone_configs(&mut workspace));
    workspace.run(instances).0
}

/// Evaluate one `redis-server` invocation — `program args…`, where the first argument may be
/// a config file among `inputs` — and check it. The arguments are shown in diagnostics as a
/// synthetic `<command line>` file. For tests and tools that need one exact process.
pub fn check_command_line(
    inputs: Vec<Input>,
    provider: &dyn FileProvider,
    settings: &Settings,
    program: &str,
    args: &[&str],
) -> (Report, crate::model::EffectiveConfig) {
    let mut workspace = Workspace::from_prepared(
        inputs.into_iter().map(|input| prepare_with(input, settings)).collect(),
        provider,
        settings,
    );
    // `program arg1 arg2 …`, with each argument's span.
    let mut text = program.to_owned();
    let mut ranges = Vec::new();
    for arg in args {
        text.push(' ');
        let start = text.len();
        text.push_str(arg);
        ranges.push(start..text.len());
    }
    let command_file = workspace.sources.add("<command line>".to_owned(), text, FileKind::Unknown);
    workspace.checked.insert(command_file);
    let argv: Vec<(String, Span)> = args
        .iter()
        .zip(ranges)
        .map(|(arg, range)| ((*arg).to_owned(), Span::new(command_file, range.start, range.end)))
        .collect();
    let command = crate::redis_conf::cmdline::parse_command_line(program, &argv);
    let config_file =
        command.config_file.as_ref().and_then(|(path, _)| workspace.load(&paths::normalize_path(path)));
    let request = LoadRequest {
        version: settings.redis_version,
        sentinel: command.sentinel,
        config_file,
        options: Some(Arc::new(command.options)),
        ..LoadRequest::default()
    };
    let config = Loader::load(&mut workspace, &request);
    let instance = RedisInstance {
        name: program.to_owned(),
        source: InstanceSource::ConfigFile { file: config_file.unwrap_or(command_file) },
        anchor: Span::file_start(command_file),
        config,
        container: None,
    };
    let (report, mut model) = workspace.run(vec![instance]);
    (report, model.instances.remove(0).config)
}

/// Redis instances of every Compose project.
fn compose_instances(workspace: &mut Workspace<'_>) -> Vec<RedisInstance> {
    let mut compose_files: Vec<FileId> = workspace
        .checked
        .iter()
        .copied()
        .filter(|&file| workspace.sources.get(file).kind() == FileKind::Compose)
        .collect();
    crate::sort::sort(&mut compose_files);
    let projects = compose::projects(workspace, &compose_files);
    let mut instances = Vec::new();
    for project in &projects {
        workspace.checked.extend(project.files.iter().chain(&project.included).copied());
        let settings = workspace.settings;
        let credentials = compose::credentials(project, &|file| workspace.sources.get(file).shared_text());
        workspace.credentials.extend(credentials);
        let (found, referenced) = compose::instances(workspace, project, settings);
        workspace.referenced.extend(referenced);
        let suppressions = compose::suppressions(project, &found, &workspace.sources);
        workspace.suppressions.extend(suppressions);
        instances.extend(found);
    }
    instances
}

/// Redis instances of every Kubernetes manifest, read together as one cluster.
fn kubernetes_instances(workspace: &mut Workspace<'_>) -> Vec<RedisInstance> {
    let mut files: Vec<FileId> = workspace
        .checked
        .iter()
        .copied()
        .filter(|&file| workspace.sources.get(file).kind() == FileKind::Kubernetes)
        .collect();
    crate::sort::sort(&mut files);
    let manifests: Vec<(FileId, Arc<Yaml>)> = files
        .into_iter()
        .filter_map(|file| Some((file, compose::ComposeFiles::yaml(workspace, file)?)))
        .collect();
    let settings = workspace.settings;
    let found = k8s::instances(workspace, &manifests, settings);
    workspace.referenced.extend(found.referenced);
    workspace.credentials.extend(found.credentials);
    workspace.suppressions.extend(found.suppressions);
    workspace.secret_files.extend(found.secret_files);
    found.instances
}

/// Every Dockerfile no Compose service builds: analysed with its own directory as the build
/// context, and a Redis instance when the image it builds runs Redis.
fn standalone_dockerfiles(workspace: &mut Workspace<'_>) -> Vec<RedisInstance> {
    let mut files: Vec<FileId> = workspace
        .dockerfiles
        .keys()
        .copied()
        .filter(|file| workspace.checked.contains(file) && !workspace.built.contains(file))
        .collect();
    crate::sort::sort(&mut files);
    let mut instances = Vec::new();
    for file in files {
        let path = workspace.sources.get(file).path().to_owned();
        let Some(build) = workspace.analyze_dockerfile(file, paths::parent(&path), &[]) else { continue };
        let Some(last) = build.stages.len().checked_sub(1) else { continue };
        let container = build.container(last);
        let anchor = container.span;
        let settings = workspace.settings;
        let source = InstanceSource::Dockerfile { file };
        if let Some(instance) =
            crate::model::instance::redis_instance(workspace, container, settings, path, source, anchor)
        {
            workspace.referenced.extend(instance.config.files.iter().copied());
            instances.push(instance);
        }
    }
    instances
}

/// Every redis.conf and sentinel.conf checked on its own, except those another config
/// includes or a container mounts (they are checked as part of it).
fn standalone_configs(workspace: &mut Workspace<'_>) -> Vec<RedisInstance> {
    let mut config_files: Vec<FileId> = workspace
        .conf
        .keys()
        .copied()
        .filter(|file| !workspace.referenced.contains(file) && workspace.checked.contains(file))
        .collect();
    crate::sort::sort(&mut config_files);
    let mut loaded: Vec<(FileId, RedisInstance)> = Vec::new();
    for file in config_files {
        let kind = workspace.sources.get(file).kind();
        let request = LoadRequest {
            version: workspace.settings.redis_version,
            sentinel: kind == FileKind::SentinelConf,
            config_file: Some(file),
            ..LoadRequest::default()
        };
        let config = Loader::load(workspace, &request);
        let name = workspace.sources.get(file).path().to_owned();
        let instance = RedisInstance {
            name,
            source: InstanceSource::ConfigFile { file },
            anchor: Span::file_start(file),
            config,
            container: None,
        };
        loaded.push((file, instance));
    }
    // Which instances read each file other than their own config file.
    let mut included_by: HashMap<FileId, Vec<usize>> = HashMap::new();
    for (index, (own, instance)) in loaded.iter().enumerate() {
        for &file in instance.config.files.iter().filter(|&file| file != own) {
            included_by.entry(file).or_default().push(index);
        }
    }
    // A file another config includes is checked as part of it; files that include each
    // other (a cycle) are all kept, so the cycle is reported.
    let keep: Vec<bool> = loaded
        .iter()
        .map(|(file, instance)| {
            included_by.get(file).is_none_or(|includers| {
                includers.iter().all(|&includer| instance.config.files.contains(&loaded[includer].0))
            })
        })
        .collect();
    let mut instances: Vec<RedisInstance> =
        loaded.into_iter().zip(keep).filter(|(_, keep)| *keep).map(|((_, instance), _)| instance).collect();
    crate::sort::sort_by(&mut instances, |a, b| a.name.cmp(&b.name));
    instances
}

/// Spans of embedded texts (a redis.conf in a ConfigMap) become spans of their manifest; then
/// dedupe, sort, fingerprint, and apply suppressions (comments — in every file and in an
/// embedded text's own lines —, the model's structured suppressions, `[[ignore]]` entries, the
/// baseline); report suppressions that silence nothing or give no reason.
fn finish(workspace: Workspace<'_>, diagnostics: Vec<Diagnostic>, secrets: Vec<Span>) -> Report {
    let Workspace { sources, checked, settings, mut comments, suppressions: structured, .. } = workspace;
    let mut diagnostics: Vec<Diagnostic> =
        diagnostics.into_iter().map(|diagnostic| to_host(&sources, diagnostic)).collect();
    let mut secrets: Vec<Span> = secrets.into_iter().map(|span| sources.to_host(span)).collect();
    crate::sort::sort(&mut secrets);
    secrets.dedup();
    let mut checked: Vec<FileId> =
        checked.into_iter().filter(|&file| sources.get(file).host().is_none()).collect();
    crate::sort::sort_by(&mut checked, |a, b| sources.get(*a).path().cmp(sources.get(*b).path()));

    let mut suppressions: Vec<Suppression> = Vec::new();
    if !settings.no_inline_ignores {
        for &file in &checked {
            let source = sources.get(file);
            if !suppress::may_hold_suppressions(source.text()) {
                continue;
            }
            let file_comments =
                comments.remove(&file).unwrap_or_else(|| suppress::hash_line_comments(source));
            suppressions.extend(suppress::from_comments(source, &file_comments));
        }
        // A comment inside an embedded text (a redis.conf in a ConfigMap) covers its own next
        // line, as in a file; the manifest's YAML sees that line as content.
        for source in sources
            .iter()
            .filter(|source| source.host().is_some() && suppress::may_hold_suppressions(source.text()))
        {
            let found = suppress::from_comments(source, &suppress::hash_line_comments(source));
            suppressions
                .extend(found.into_iter().map(|suppression| suppression_to_host(&sources, suppression)));
        }
        suppressions.extend(structured);
    }
    let inline = suppressions.len();
    suppressions.extend(settings.ignores.iter().cloned());
    report_missing_reasons(settings, &suppressions[..inline], &mut diagnostics);

    crate::report::sort_diagnostics(&sources, &mut diagnostics);
    // The same finding from two instances that share a file (an include) is one finding.
    diagnostics.dedup_by(|a, b| a.rule == b.rule && a.span == b.span && a.message == b.message);
    let mut fingerprinter = Fingerprinter::new(&sources, &secrets);
    let findings: Vec<(Diagnostic, String)> = diagnostics
        .into_iter()
        .map(|diagnostic| {
            let fingerprint = fingerprinter.fingerprint(&diagnostic);
            (diagnostic, fingerprint)
        })
        .collect();
    let mut used: Vec<Vec<bool>> =
        suppressions.iter().map(|suppression| vec![false; suppression.rules.len()]).collect();
    let mut kept = Vec::new();
    let mut suppressed = Vec::new();
    // Expired suppressions silence nothing; `unused-suppression` reports the inline ones.
    let active: Vec<bool> =
        suppressions.iter().map(|suppression| !suppression.expired(settings.today)).collect();
    apply(&sources, &suppressions, &active, &mut used, findings, &mut kept, &mut suppressed);

    let mut unused = unused_suppressions(settings, &suppressions[..inline], &used);
    crate::report::sort_diagnostics(&sources, &mut unused);
    let unused = unused
        .into_iter()
        .map(|diagnostic| {
            let fingerprint = fingerprinter.fingerprint(&diagnostic);
            (diagnostic, fingerprint)
        })
        .collect();
    apply(&sources, &suppressions, &active, &mut used, unused, &mut kept, &mut suppressed);

    if let Some(baseline) = &settings.baseline {
        let (new, known): (Vec<_>, Vec<_>) =
            kept.into_iter().partition(|(diagnostic, fingerprint): &(Diagnostic, String)| {
                !baseline.contains(diagnostic.rule, sources.get(diagnostic.span.file).path(), fingerprint)
            });
        kept = new;
        for (diagnostic, fingerprint) in known {
            let suppression = Suppression {
                kind: SuppressionKind::Baseline,
                rules: vec![SuppressedRule { name: diagnostic.rule.to_owned(), span: None }],
                reason: None,
                scope: Scope::File(diagnostic.span.file),
                origin: None,
                until: None,
            };
            suppressed.push((diagnostic, suppression, fingerprint));
        }
    }
    crate::report::sort_by_position(&sources, &mut kept, |(diagnostic, _)| diagnostic);
    crate::report::sort_by_position(&sources, &mut suppressed, |(diagnostic, _, _)| diagnostic);
    Report::new(sources, checked, kept, suppressed, secrets)
}

/// Split findings into kept and suppressed, marking which rule of which suppression was used.
fn apply(
    sources: &SourceMap,
    suppressions: &[Suppression],
    active: &[bool],
    used: &mut [Vec<bool>],
    findings: Vec<(Diagnostic, String)>,
    kept: &mut Vec<(Diagnostic, String)>,
    suppressed: &mut Vec<(Diagnostic, Suppression, String)>,
) {
    let diagnostics: Vec<&Diagnostic> = findings.iter().map(|(diagnostic, _)| diagnostic).collect();
    let first = first_covering(sources, suppressions, active, used, &diagnostics);
    for ((diagnostic, fingerprint), first) in findings.into_iter().zip(first) {
        match first {
            Some(index) => suppressed.push((diagnostic, suppressions[index].clone(), fingerprint)),
            None => kept.push((diagnostic, fingerprint)),
        }
    }
}

/// For each finding, the first active suppression that covers it ([`Suppression::covers`]);
/// marks each rule of a suppression that covers some finding of that rule as used.
///
/// A file can hold a suppression comment above every line and a finding on every line, so
/// the pairs are never all tried: findings are indexed by (rule, file) and position, each
/// suppression looks up the findings in its regions by binary search, and it claims those no
/// earlier suppression claimed, skipping claimed ones in constant amortised time.
fn first_covering(
    sources: &SourceMap,
    suppressions: &[Suppression],
    active: &[bool],
    used: &mut [Vec<bool>],
    diagnostics: &[&Diagnostic],
) -> Vec<Option<usize>> {
    let mut index: HashMap<(&str, FileId), FindingPositions> = HashMap::new();
    let mut files_by_rule: HashMap<&str, Vec<FileId>> = HashMap::new();
    for (finding, diagnostic) in diagnostics.iter().enumerate() {
        let positions = index.entry((diagnostic.rule, diagnostic.span.file)).or_default();
        if positions.primary.entries.is_empty() {
            files_by_rule.entry(diagnostic.rule).or_default().push(diagnostic.span.file);
        }
        positions.primary.entries.push((diagnostic.span.start, finding));
        for label in &diagnostic.labels {
            index
                .entry((diagnostic.rule, label.span.file))
                .or_default()
                .labels
                .entries
                .push((label.span.start, finding));
        }
    }
    for positions in index.values_mut() {
        positions.primary.finish();
        positions.labels.finish();
    }
    let mut first = vec![None; diagnostics.len()];
    for (suppression_index, suppression) in suppressions.iter().enumerate() {
        if !active[suppression_index] {
            continue;
        }
        // Object suppressions also cover findings with a label in the object; comments only
        // findings that start under them.
        let with_labels = !matches!(suppression.kind, SuppressionKind::Comment);
        for (rule_index, rule) in suppression.rules.iter().enumerate() {
            let regions: Vec<(FileId, Option<(u32, u32)>)> = match &suppression.scope {
                Scope::File(file) => vec![(*file, None)],
                Scope::Span(span) => vec![(span.file, Some(region(*span)))],
                Scope::Spans(spans) => spans.iter().map(|span| (span.file, Some(region(*span)))).collect(),
                Scope::Paths(ignore) => files_by_rule
                    .get(rule.name.as_str())
                    .into_iter()
                    .flatten()
                    .filter(|&&file| ignore.matches(sources.get(file).path()))
                    .map(|&file| (file, None))
                    .collect(),
            };
            for (file, bounds) in regions {
                let Some(positions) = index.get_mut(&(rule.name.as_str(), file)) else { continue };
                let mut any = positions.primary.claim(bounds, suppression_index, &mut first);
                if with_labels && bounds.is_some() {
                    any |= positions.labels.claim(bounds, suppression_index, &mut first);
                }
                if any {
                    used[suppression_index][rule_index] = true;
                }
            }
        }
    }
    first
}

/// A suppression's region as `[start, end)`; an empty region still covers a finding that
/// starts where it does.
fn region(span: Span) -> (u32, u32) {
    (span.start, span.end.max(span.start + 1))
}

/// The findings of one rule in one file: where they start, and where their labels start.
#[derive(Default)]
struct FindingPositions {
    primary: Positions,
    labels: Positions,
}

/// Positions sorted, each with its finding; `skip` jumps over the positions whose finding is
/// already claimed (a union-find over the array, with path halving).
#[derive(Default)]
struct Positions {
    entries: Vec<(u32, usize)>,
    skip: Vec<usize>,
}

impl Positions {
    fn finish(&mut self) {
        crate::sort::sort(&mut self.entries);
        self.skip = (0..=self.entries.len()).collect();
    }

    fn next_unclaimed(&mut self, mut at: usize) -> usize {
        while self.skip[at] != at {
            self.skip[at] = self.skip[self.skip[at]];
            at = self.skip[at];
        }
        at
    }

    /// Claim the unclaimed findings with a position in `bounds` (all of them for `None`);
    /// whether there is any finding there at all, claimed or not.
    fn claim(&mut self, bounds: Option<(u32, u32)>, suppression: usize, first: &mut [Option<usize>]) -> bool {
        let (from, to) = match bounds {
            None => (0, self.entries.len()),
            Some((start, end)) => (
                self.entries.partition_point(|&(position, _)| position < start),
                self.entries.partition_point(|&(position, _)| position < end),
            ),
        };
        let mut at = self.next_unclaimed(from);
        while at < to {
            let finding = self.entries[at].1;
            first[finding].get_or_insert(suppression);
            self.skip[at] = at + 1;
            at = self.next_unclaimed(at + 1);
        }
        from < to
    }
}

/// `suppression-without-reason`: inline suppressions that do not say why.
fn report_missing_reasons(settings: &Settings, inline: &[Suppression], diagnostics: &mut Vec<Diagnostic>) {
    let rule = crate::rules::config::suppression_without_reason::RULE.name;
    let Some(severity) = crate::rules::meta(rule).and_then(|meta| settings.level_of(rule, meta.severity))
    else {
        return;
    };
    for suppression in inline.iter().filter(|suppression| suppression.reason.is_none()) {
        let Some(origin) = suppression.origin else { continue };
        let help = match suppression.kind {
            SuppressionKind::Comment | SuppressionKind::FileComment => {
                "say why after `--`: `# redlint-ignore RULE -- why this is fine here`"
            }
            _ => "say why after `--`: `RULE -- why this is fine here`",
        };
        diagnostics.push(Diagnostic {
            rule,
            severity,
            message: "this suppression does not say why the finding is acceptable".to_owned(),
            span: origin,
            labels: Vec::new(),
            help: Some(help.to_owned()),
            fix: None,
        });
    }
}

/// `unused-suppression`: rules named by an inline suppression that silenced nothing, and
/// names that are not rules. Rules that did not run (not selected, turned off) are not
/// reported: their suppressions may well be needed when they do run.
fn unused_suppressions(settings: &Settings, inline: &[Suppression], used: &[Vec<bool>]) -> Vec<Diagnostic> {
    let rule = crate::rules::config::unused_suppression::RULE.name;
    let Some(severity) = crate::rules::meta(rule).and_then(|meta| settings.level_of(rule, meta.severity))
    else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for (suppression, used) in inline.iter().zip(used) {
        let Some(origin) = suppression.origin else { continue };
        if let Some(until) = suppression.until.filter(|_| suppression.expired(settings.today)) {
            found.push(Diagnostic {
                rule,
                severity,
                message: format!("this suppression expired on {until}, so it silences nothing"),
                span: origin,
                labels: Vec::new(),
                help: Some(
                    "fix the findings it silenced, or extend it with a new date and reason".to_owned(),
                ),
                fix: None,
            });
            continue;
        }
        for (named, &used) in suppression.rules.iter().zip(used) {
            if used || named.name == rule {
                continue;
            }
            let (message, help) = if crate::rules::meta(&named.name).is_none() {
                (
                    format!("`{}` is not a redlint rule, so this suppression silences nothing", named.name),
                    match crate::spelling::closest(&named.name, crate::rules::all().map(|meta| meta.name)) {
                        Some(close) => format!("did you mean `{close}`?"),
                        None => "check the spelling; `redlint rules` lists every rule".to_owned(),
                    },
                )
            } else if !settings.is_enabled(&named.name) {
                continue;
            } else {
                (
                    format!("`{}` reports nothing here, so this suppression is unused", named.name),
                    format!("remove `{}` from the suppression (or the whole comment)", named.name),
                )
            };
            found.push(Diagnostic {
                rule,
                severity,
                message,
                span: named.span.unwrap_or(origin),
                labels: Vec::new(),
                help: Some(help),
                fix: None,
            });
        }
    }
    found
}

/// A suppression written in an embedded text, with its spans in the manifest.
fn suppression_to_host(sources: &SourceMap, mut suppression: Suppression) -> Suppression {
    suppression.scope = match suppression.scope {
        Scope::Span(span) => Scope::Span(sources.to_host(span)),
        Scope::Spans(spans) => Scope::Spans(spans.into_iter().map(|span| sources.to_host(span)).collect()),
        other => other,
    };
    suppression.origin = suppression.origin.map(|span| sources.to_host(span));
    for rule in &mut suppression.rules {
        rule.span = rule.span.map(|span| sources.to_host(span));
    }
    suppression
}

/// A diagnostic with every span in the file where its text is written. A fix inside an
/// embedded text is kept only when each edit covers text written there verbatim.
fn to_host(sources: &SourceMap, mut diagnostic: Diagnostic) -> Diagnostic {
    diagnostic.span = sources.to_host(diagnostic.span);
    for label in &mut diagnostic.labels {
        label.span = sources.to_host(label.span);
    }
    if let Some(fix) = &mut diagnostic.fix {
        let mut verbatim = true;
        for edit in &mut fix.edits {
            let host = sources.to_host(edit.span);
            if host != edit.span {
                verbatim &=
                    sources.get(host.file).slice(host) == sources.get(edit.span.file).slice(edit.span);
                edit.span = host;
            }
        }
        if !verbatim {
            diagnostic.fix = None;
        }
    }
    diagnostic
}

struct Workspace<'a> {
    sources: SourceMap,
    conf: HashMap<FileId, Arc<Lines>>,
    yaml: HashMap<FileId, Arc<Yaml>>,
    dockerfiles: HashMap<FileId, Arc<Syntax>>,
    /// Analysed Dockerfiles (one build per file: the first service's, else its own).
    builds: Vec<Arc<Build>>,
    /// The Dockerfiles in `builds`.
    built: HashSet<FileId>,
    /// Files a container reads (a mounted redis.conf): not checked on their own.
    referenced: HashSet<FileId>,
    /// Passwords found in deployment files.
    credentials: Vec<crate::model::Credential>,
    /// Embedded texts held in Secrets.
    secret_files: Vec<FileId>,
    /// Files redlint checked: recognised, read through an include, or reported unreadable.
    checked: HashSet<FileId>,
    /// Files given but not readable as text.
    file_problems: Vec<Problem>,
    provider: &'a dyn FileProvider,
    settings: &'a Settings,
    /// Comments per file, as the format layers found them. Files without an entry use
    /// [`suppress::hash_line_comments`] (right for redis.conf; YAML layers must report theirs,
    /// since a `#` inside a block scalar is content).
    comments: HashMap<FileId, Comments>,
    /// Structured suppressions the model layers found: a Compose service's
    /// `x-redlint-ignore`, a Kubernetes object's `redlint.dev/ignore` annotation
    /// (see [`Suppression::object`]).
    suppressions: Vec<Suppression>,
}

impl<'a> Workspace<'a> {
    fn new(provider: &'a dyn FileProvider, settings: &'a Settings) -> Self {
        Workspace {
            sources: SourceMap::new(),
            conf: HashMap::new(),
            yaml: HashMap::new(),
            dockerfiles: HashMap::new(),
            builds: Vec::new(),
            built: HashSet::new(),
            referenced: HashSet::new(),
            credentials: Vec::new(),
            secret_files: Vec::new(),
            checked: HashSet::new(),
            file_problems: Vec::new(),
            provider,
            settings,
            comments: HashMap::new(),
            suppressions: Vec::new(),
        }
    }

    fn from_prepared(
        mut files: Vec<PreparedFile>,
        provider: &'a dyn FileProvider,
        settings: &'a Settings,
    ) -> Self {
        crate::sort::sort_by(&mut files, |a, b| a.path.cmp(&b.path));
        files.dedup_by(|a, b| a.path == b.path);
        // Over the file count limit: the files after the limit, by path, are not checked, and
        // the first of them carries the finding.
        let max_files = settings.options.max_files;
        let over = if files.len() > max_files {
            let rest = files.len() - max_files - 1;
            files.drain(max_files..).next().map(|first| {
                let kind = Some(first.kind.unwrap_or(FileKind::Unknown));
                PreparedFile::skipped(first.path, String::new(), kind, Skip::TooManyFiles { rest })
            })
        } else {
            None
        };
        let mut workspace = Workspace::new(provider, settings);
        for file in files.into_iter().chain(over) {
            workspace.add(file);
        }
        workspace
    }

    /// Run the rules over these instances and finish the report.
    fn run(self, instances: Vec<RedisInstance>) -> (Report, Model) {
        let mut credentials = self.credentials.clone();
        // A ConfigMap value read by several containers is one credential.
        let mut seen = HashSet::new();
        credentials.retain(|credential| seen.insert((credential.span, credential.literal)));
        for build in &self.builds {
            credentials.extend(build.credentials(self.sources.get(build.file).text()));
            if let Some(syntax) = self.dockerfiles.get(&build.file) {
                credentials.extend(build.arg_credentials(syntax, self.sources.get(build.file).text()));
            }
        }
        let model = Model {
            instances,
            credentials,
            file_problems: self.file_problems.clone(),
            secret_files: self.secret_files.clone(),
            builds: self.builds.clone(),
        };
        let mut diagnostics = Vec::new();
        crate::rules::run(&model, self.settings, &self.sources, &mut diagnostics);
        // Every config file's password lines, whether or not an instance loaded them.
        let mut conf_files: Vec<(&FileId, &Arc<Lines>)> = self.conf.iter().collect();
        crate::sort::sort_by(&mut conf_files, |a, b| a.0.cmp(b.0));
        let conf_passwords: Vec<Span> = conf_files
            .into_iter()
            .flat_map(|(&file, lines)| {
                crate::redis_conf::load::password_spans(lines, self.sources.get(file).text())
            })
            .collect();
        let secrets: Vec<Span> = model
            .instances
            .iter()
            .flat_map(|instance| instance.config.secrets.iter().copied())
            .chain(model.credentials.iter().map(|credential| credential.span))
            .chain(model.instances.iter().flat_map(|instance| {
                instance.container.iter().flat_map(|container| {
                    container
                        .health
                        .iter()
                        .flat_map(|health| health.passwords().into_iter().map(|arg| arg.span))
                })
            }))
            .chain(conf_passwords)
            .chain(self.checked.iter().flat_map(|&file| {
                let source = self.sources.get(file);
                match source.kind() {
                    FileKind::Compose | FileKind::Kubernetes | FileKind::Dockerfile => {
                        command_line_passwords(file, source.text())
                    }
                    _ => Vec::new(),
                }
            }))
            .collect();
        (finish(self, diagnostics, secrets), model)
    }

    /// Take a prepared file in; recognised and unreadable files count as checked.
    fn add(&mut self, file: PreparedFile) -> FileId {
        let id = self.sources.add(file.path, file.text, file.kind.unwrap_or(FileKind::Unknown));
        if file.kind.is_some() {
            self.checked.insert(id);
            if let Some(skip) = &file.skip {
                let problem = self.skip_problem(id, skip);
                self.file_problems.push(problem);
            }
        }
        if let Some(mut lines) = file.conf {
            lines.set_file(id);
            self.conf.insert(id, Arc::new(lines));
        }
        if let Some(mut yaml) = file.yaml {
            yaml.set_file(id);
            self.add_yaml(id, yaml);
        }
        if let Some(syntax) = file.dockerfile {
            self.add_dockerfile(id, syntax);
        }
        id
    }

    /// The finding for a file that is not checked.
    fn skip_problem(&self, id: FileId, skip: &Skip) -> Problem {
        let raise = |flag: &str, option: &str| {
            format!(
                "raise the limit with `{flag}`, or `{option}` under `[rules.input-limit-exceeded]` in redlint.toml"
            )
        };
        let (kind, span, message, help) = match skip {
            Skip::Unreadable(reason) => {
                (ProblemKind::UnreadableFile, Span::file_start(id), format!("skipped: {reason}"), None)
            }
            Skip::InvalidUtf8 { at } => (
                ProblemKind::UnreadableFile,
                Span::new(id, *at, *at),
                "skipped: not valid UTF-8 text (the first invalid byte is here)".to_owned(),
                Some("save the file as UTF-8 (for example `iconv -f latin1 -t utf-8`)".to_owned()),
            ),
            Skip::NotRead => (
                ProblemKind::UnreadableFile,
                Span::file_start(id),
                "skipped: the file was not read".to_owned(),
                None,
            ),
            Skip::TooLarge { size } => (
                ProblemKind::InputLimit,
                Span::file_start(id),
                format!(
                    "skipped: the file is {}, over the file size limit of {} MiB",
                    format_size(*size),
                    self.settings.options.max_file_size_mib
                ),
                Some(raise("--max-file-size", "max-file-size")),
            ),
            Skip::TooManyFiles { rest } => (
                ProblemKind::InputLimit,
                Span::file_start(id),
                format!(
                    "skipped: over the file count limit of {}; this file and the {rest} after it (by path) were not checked",
                    self.settings.options.max_files
                ),
                Some(raise("--max-files", "max-files")),
            ),
        };
        Problem { kind, span, message, labels: Vec::new(), help, fix: None }
    }

    /// Keep a parsed Dockerfile; what BuildKit would refuse becomes findings.
    fn add_dockerfile(&mut self, id: FileId, syntax: Syntax) -> Arc<Syntax> {
        for problem in &syntax.problems {
            self.file_problems.push(Problem {
                kind: ProblemKind::DockerfileSyntax,
                span: Span::new(id, problem.loc.start as usize, problem.loc.end as usize),
                message: problem.message.clone(),
                labels: Vec::new(),
                help: None,
                fix: None,
            });
        }
        // Comment lines are comments everywhere but in a heredoc's body, and a suppression
        // above an instruction covers all of its lines (continuations, heredocs). Only
        // suppressions read comments: a file that holds none needs no list of them.
        let source = self.sources.get(id);
        if suppress::may_hold_suppressions(source.text()) {
            // Heredoc bodies in file order, for a binary search.
            let bodies: Vec<(u32, u32)> = syntax
                .instructions
                .iter()
                .flat_map(|instruction| &instruction.heredocs)
                .map(|heredoc| (heredoc.body.start, heredoc.body.end))
                .collect();
            let inside_heredoc = |span: &Span| {
                let index = bodies.partition_point(|&(start, _)| start <= span.start);
                index > 0 && span.start < bodies[index - 1].1
            };
            let mut comments = suppress::hash_line_comments(source);
            comments.spans.retain(|span| !inside_heredoc(span));
            comments.extents = syntax
                .instructions
                .iter()
                .map(|instruction| {
                    Span::new(id, instruction.loc.start as usize, instruction.loc.end as usize)
                })
                .collect();
            self.comments.insert(id, comments);
        }
        let syntax = Arc::new(syntax);
        self.dockerfiles.insert(id, Arc::clone(&syntax));
        syntax
    }

    /// Analyse a Dockerfile with a build context and arguments; the first analysis of each
    /// file is the one its compat findings come from.
    fn analyze_dockerfile(
        &mut self,
        file: FileId,
        context: &str,
        args: &[(String, String)],
    ) -> Option<Arc<Build>> {
        let syntax = Arc::clone(self.dockerfiles.get(&file)?);
        let text = self.sources.get(file).shared_text();
        let build = Arc::new(Build::analyze(file, &text, &syntax, context, args));
        if self.built.insert(file) {
            self.builds.push(Arc::clone(&build));
        }
        Some(build)
    }

    /// Keep a parsed YAML file; its problems become findings.
    fn add_yaml(&mut self, id: FileId, yaml: Yaml) -> Arc<Yaml> {
        for problem in &yaml.problems {
            let (kind, span, message, labels) = match problem {
                YamlProblem::Syntax { span, message } => {
                    (ProblemKind::YamlSyntax, *span, format!("invalid YAML: {message}"), Vec::new())
                }
                YamlProblem::Limit { span, message, .. } => {
                    (ProblemKind::InputLimit, *span, message.clone(), Vec::new())
                }
                YamlProblem::DuplicateKey { first, second, key } => (
                    ProblemKind::DuplicateKey,
                    *second,
                    format!("`{key}` appears twice in this mapping"),
                    vec![crate::diagnostic::Label { span: *first, message: "first defined here".to_owned() }],
                ),
            };
            let help = match problem {
                YamlProblem::Limit { option, .. } => {
                    Some(format!("raise `{option}` under `[rules.input-limit-exceeded]` in redlint.toml"))
                }
                _ => None,
            };
            self.file_problems.push(Problem { kind, span, message, labels, help, fix: None });
        }
        // A `#` inside a block scalar is content, and a comment above a key covers the key's
        // whole value. Only suppressions read comments.
        let text = self.sources.get(id).text();
        if suppress::may_hold_suppressions(text) {
            let comments = Comments { spans: yaml.comment_spans(text), extents: yaml.entry_extents(text) };
            self.comments.insert(id, comments);
        }
        let yaml = Arc::new(yaml);
        self.yaml.insert(id, Arc::clone(&yaml));
        yaml
    }

    /// A file by repository path: one already given, or one the provider supplies (its kind
    /// is left to the caller).
    fn file_by_path(&mut self, path: &str) -> Option<FileId> {
        if let Some(id) = self.sources.find(path) {
            return Some(id);
        }
        // The same limits and decoding as a file given directly; a file that cannot be
        // checked is reported (and read as empty), not mistaken for a missing one.
        let input = match self.provider.read(path) {
            Provided::Found(bytes) => Input::new(path, bytes),
            Provided::TooLarge(size) => Input::partial(path, Vec::new(), size, None),
            Provided::NotFound | Provided::Error(_) => return None,
        };
        let prepared = prepare_with(Input { kind: Some(FileKind::Unknown), ..input }, self.settings);
        if prepared.skip.is_some() {
            return Some(self.add(prepared));
        }
        Some(self.sources.add(path.to_owned(), prepared.text, FileKind::Unknown))
    }

    /// A redis.conf by repository path: one already loaded, or one the provider supplies.
    fn load(&mut self, path: &str) -> Option<FileId> {
        let id = self.file_by_path(path)?;
        if self.sources.get(id).kind() == FileKind::Unknown {
            self.sources.get_mut(id).set_kind(FileKind::RedisConf);
        }
        self.checked.insert(id);
        Some(id)
    }
}

impl compose::ComposeFiles for Workspace<'_> {
    fn yaml(&mut self, file: FileId) -> Option<Arc<Yaml>> {
        if let Some(yaml) = self.yaml.get(&file) {
            return Some(Arc::clone(yaml));
        }
        let limits = yaml_limits(self.settings);
        let yaml = crate::yaml::parse_with(file, self.sources.get(file).text(), limits);
        Some(self.add_yaml(file, yaml))
    }

    fn text(&self, file: FileId) -> Arc<str> {
        self.sources.get(file).shared_text()
    }

    fn path(&self, file: FileId) -> String {
        self.sources.get(file).path().to_owned()
    }

    fn load_yaml(&mut self, path: &str) -> Option<FileId> {
        let id = self.file_by_path(path)?;
        if self.sources.get(id).kind() == FileKind::Unknown {
            self.sources.get_mut(id).set_kind(FileKind::Compose);
        }
        Some(id)
    }

    fn read_text(&mut self, path: &str) -> Option<String> {
        let id = self.file_by_path(path)?;
        Some(self.sources.get(id).text().to_owned())
    }

    fn build(&mut self, dockerfile: &str, context: &str, args: &[(String, String)]) -> Option<Arc<Build>> {
        let id = self.file_by_path(dockerfile)?;
        if !self.dockerfiles.contains_key(&id) {
            self.sources.get_mut(id).set_kind(FileKind::Dockerfile);
            let syntax = dockerfile::parse(self.sources.get(id).text());
            self.add_dockerfile(id, syntax);
        }
        self.checked.insert(id);
        self.analyze_dockerfile(id, context, args)
    }

    fn config_sources(&mut self) -> &mut dyn ConfigSources {
        self
    }
}

impl ConfigSources for Workspace<'_> {
    fn load_conf(&mut self, path: &str) -> Option<FileId> {
        let id = self.load(path)?;
        self.referenced.insert(id);
        Some(id)
    }

    fn conf_files(&mut self) -> &mut dyn ConfFiles {
        self
    }
}

impl k8s::K8sFiles for Workspace<'_> {
    fn path(&self, file: FileId) -> String {
        self.sources.get(file).path().to_owned()
    }

    fn text(&self, file: FileId) -> Arc<str> {
        self.sources.get(file).shared_text()
    }

    fn path_taken(&self, path: &str) -> bool {
        self.sources.find(path).is_some()
    }

    fn add_embedded(&mut self, path: String, text: String, host: FileId, map: ScalarMap) -> FileId {
        let key = paths::file_name(&path).to_owned();
        let kind =
            classify(&key, &text).filter(|kind| matches!(kind, FileKind::RedisConf | FileKind::SentinelConf));
        let id = self.sources.add_embedded(path, text, kind.unwrap_or(FileKind::Unknown), host, map);
        if kind.is_some() {
            // Checked on its own when no container reads it.
            let lines = lex(id, self.sources.get(id).text());
            self.conf.insert(id, Arc::new(lines));
            self.checked.insert(id);
        }
        id
    }

    fn config_sources(&mut self) -> &mut dyn ConfigSources {
        self
    }
}

impl ConfFiles for Workspace<'_> {
    fn max_include_depth(&self) -> usize {
        self.settings.options.max_include_depth
    }

    fn lines(&mut self, file: FileId) -> Arc<Lines> {
        if let Some(lines) = self.conf.get(&file) {
            return Arc::clone(lines);
        }
        let lines = Arc::new(lex(file, self.sources.get(file).text()));
        self.conf.insert(file, Arc::clone(&lines));
        lines
    }

    fn text(&self, file: FileId) -> Arc<str> {
        self.sources.get(file).shared_text()
    }

    fn resolve_include(
        &mut self,
        path: &str,
        cwd: Option<&str>,
        base: FileId,
        mounts: &[PathMapping],
    ) -> IncludeTarget {
        // Where Redis would look, inside the container.
        let container_path = match cwd {
            _ if path.starts_with('/') => Some(paths::normalize_path(path)),
            Some(cwd) if cwd.starts_with('/') => Some(paths::join(cwd, path)),
            _ => None,
        };
        let repository_path = match container_path {
            // A glob in the container: files mounted one by one match it where they are
            // mounted, and a mounted directory holding the pattern is globbed in the repository.
            Some(container_path) if paths::has_glob_chars(&container_path) => {
                let mounted_files = mounts
                    .iter()
                    .filter(|mapping| paths::glob_match(&container_path, &mapping.container))
                    .map(|mapping| mapping.repository.clone());
                let mut matches: Vec<String> = mounted_files.collect();
                let in_directory = map_container_path(mounts, &container_path);
                if matches.is_empty() && in_directory.is_none() {
                    return IncludeTarget::OutsideRepository;
                }
                if let Some(repository_glob) = in_directory {
                    matches.extend(self.glob_repository(&repository_glob));
                }
                crate::sort::sort(&mut matches);
                matches.dedup();
                return IncludeTarget::Files(matches.iter().filter_map(|path| self.load(path)).collect());
            }
            Some(container_path) => match map_container_path(mounts, &container_path) {
                Some(repository_path) => repository_path,
                None => return IncludeTarget::OutsideRepository,
            },
            // Relative to an unknown working directory: assume Redis was started in the
            // directory of its config file (documented in `relative-include`).
            None => {
                let base = paths::parent(self.sources.get(base).path()).to_owned();
                let base = match cwd {
                    Some(relative) => paths::join(&base, relative),
                    None => base,
                };
                paths::join(&base, path)
            }
        };
        if paths::has_glob_chars(&repository_path) {
            let matches = self.glob_repository(&repository_path);
            return IncludeTarget::Files(matches.iter().filter_map(|path| self.load(path)).collect());
        }
        match self.load(&repository_path) {
            Some(id) => IncludeTarget::Files(vec![id]),
            None => IncludeTarget::NotFound { repository_path },
        }
    }
}

impl Workspace<'_> {
    /// Repository paths matching a glob, among the given files and in its directory (through
    /// the provider), in glob(3) order.
    fn glob_repository(&self, pattern: &str) -> Vec<String> {
        let dir = paths::parent(pattern).to_owned();
        let mut matches: Vec<String> = self
            .sources
            .iter()
            .map(|file| file.path().to_owned())
            .chain(self.provider.list_dir(&dir))
            .filter(|candidate| paths::glob_match(pattern, candidate))
            .collect();
        crate::sort::sort(&mut matches);
        matches.dedup();
        matches
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::NoFiles;
    use crate::engine::Input;

    /// What the Compose and Kubernetes layers will do: push object suppressions while they
    /// build the model. Here, synthetic ones over a redis.conf and a stand-in manifest.
    fn run_with_objects(settings: &Settings) -> Report {
        let manifest = "metadata:\n  annotations:\n    redlint.dev/ignore: relative-dir,no-maxmemory -- sized by the VPA\n";
        let inputs = vec![
            Input::new("redis.conf", "dir ./\nsave \"\"\n"),
            Input { kind: Some(FileKind::Kubernetes), ..Input::new("k8s/redis.yaml", manifest) },
        ];
        let mut workspace =
            Workspace::from_prepared(inputs.into_iter().map(prepare).collect(), &NoFiles, settings);
        let conf = workspace.sources.find("redis.conf").unwrap();
        let k8s = workspace.sources.find("k8s/redis.yaml").unwrap();
        let start = manifest.find("relative-dir").unwrap();
        let value = Span::new(k8s, start, manifest.len() - 1);
        // The object "is" the config file here; a real layer covers the object's own span and
        // relies on labels pointing into it.
        let covers = Span::new(conf, 0, workspace.sources.get(conf).text().len() as usize);
        let text = &manifest[start..manifest.len() - 1];
        let suppression =
            Suppression::from_value(SuppressionKind::KubernetesAnnotation, text, value, true, covers)
                .unwrap();
        workspace.suppressions.push(suppression);
        let instances = standalone_configs(&mut workspace);
        workspace.run(instances).0
    }

    #[test]
    fn object_suppressions_from_the_model_apply_and_are_audited() {
        let settings = Settings {
            select: Some(vec![
                "relative-dir".into(),
                "no-maxmemory".into(),
                "persistence-disabled".into(),
                "unused-suppression".into(),
            ]),
            ..Settings::default()
        };
        let report = run_with_objects(&settings);
        let suppressed: Vec<&str> =
            report.suppressed().iter().map(|(diagnostic, _)| diagnostic.rule).collect();
        assert_eq!(suppressed, ["no-maxmemory", "relative-dir"]);
        assert_eq!(report.suppressed()[0].1.kind, SuppressionKind::KubernetesAnnotation);
        assert_eq!(report.suppressed()[0].1.reason.as_deref(), Some("sized by the VPA"));
        let reported: Vec<&str> = report.diagnostics().iter().map(|diagnostic| diagnostic.rule).collect();
        assert_eq!(reported, ["persistence-disabled"]);

        // An audit ignores it: the findings come back.
        let audit = Settings { no_inline_ignores: true, ..settings.clone() };
        let report = run_with_objects(&audit);
        assert!(report.suppressed().is_empty());
        assert_eq!(report.diagnostics().len(), 3);

        // A rule named by the annotation that silences nothing is reported at its name.
        let only = Settings {
            select: Some(vec!["relative-dir".into(), "no-maxmemory".into(), "unused-suppression".into()]),
            ..Settings::default()
        };
        let mut quiet = only.clone();
        quiet.levels.insert("no-maxmemory".into(), crate::RuleLevel::Off);
        let report = run_with_objects(&quiet);
        assert!(report.diagnostics().is_empty(), "a rule that did not run is not reported as unused");
        let conf_with_maxmemory = {
            let settings = only;
            // `no-maxmemory` runs but the config sets maxmemory: nothing to silence.
            let inputs = vec![Input::new("redis.conf", "maxmemory 1gb\n")];
            let mut workspace =
                Workspace::from_prepared(inputs.into_iter().map(prepare).collect(), &NoFiles, &settings);
            let conf = workspace.sources.find("redis.conf").unwrap();
            let suppression = Suppression::object(
                SuppressionKind::ComposeExtension,
                [("no-maxmemory".to_owned(), None)],
                Some("the limit is the cap".to_owned()),
                Span::new(conf, 0, 13),
                Span::new(conf, 0, 9),
            );
            workspace.suppressions.push(suppression);
            let instances = standalone_configs(&mut workspace);
            workspace.run(instances).0
        };
        let unused: Vec<(&str, &str)> = conf_with_maxmemory
            .diagnostics()
            .iter()
            .map(|diagnostic| (diagnostic.rule, diagnostic.message.as_str()))
            .collect();
        assert_eq!(
            unused,
            [("unused-suppression", "`no-maxmemory` reports nothing here, so this suppression is unused")]
        );
    }
}
