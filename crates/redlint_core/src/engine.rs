//! One check, start to finish: prepare each file (decode, classify, tokenise; independent,
//! so frontends may do it in parallel), build the model (instances, includes fetched
//! through the provider), run the rules, apply suppressions.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::classify::classify;
use crate::compose;
use crate::diagnostic::Diagnostic;
use crate::dockerfile::{self, Build, Syntax};
use crate::model::config::{Problem, ProblemKind};
use crate::model::{InstanceSource, Model, RedisInstance};
use crate::paths;
use crate::provider::{FileProvider, Provided};
use crate::redis_conf::lexer::{Lines, lex};
use crate::redis_conf::load::{
    ConfFiles, IncludeTarget, LoadRequest, Loader, PathMapping, map_container_path,
};
use crate::report::Report;
use crate::settings::Settings;
use crate::source::{FileId, FileKind, SourceMap, Span};
use crate::suppress;
use crate::yaml::{Yaml, YamlProblem};

/// A file handed to the core by a frontend.
#[derive(Clone, Debug)]
pub struct Input {
    /// Path relative to the working directory (any separator; normalised here).
    pub path: String,
    pub content: Vec<u8>,
    /// Forces the kind (a playground tab's selector, `--stdin-filename`); `None` classifies.
    pub kind: Option<FileKind>,
    /// Why the frontend could not read the file (too large, permission denied): reported as
    /// a finding, and the other files are still checked.
    pub unreadable: Option<String>,
}

impl Input {
    pub fn new(path: impl Into<String>, content: impl Into<Vec<u8>>) -> Input {
        Input { path: path.into(), content: content.into(), kind: None, unreadable: None }
    }

    /// A file the frontend found but could not read.
    pub fn unreadable(path: impl Into<String>, reason: impl Into<String>, kind: Option<FileKind>) -> Input {
        Input { path: path.into(), content: Vec::new(), kind, unreadable: Some(reason.into()) }
    }
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
    /// Why the file could not be read as text.
    unreadable: Option<String>,
}

impl PreparedFile {
    pub fn path(&self) -> &str {
        &self.path
    }
    pub fn kind(&self) -> Option<FileKind> {
        self.kind
    }
}

/// Decode, classify and tokenise one file.
pub fn prepare(input: Input) -> PreparedFile {
    let path = paths::normalize_path(&input.path);
    if let Some(reason) = input.unreadable {
        let kind = input.kind.or_else(|| crate::classify::classify_by_name(&path));
        return PreparedFile {
            path,
            text: Arc::from(""),
            kind,
            conf: None,
            yaml: None,
            dockerfile: None,
            unreadable: Some(reason),
        };
    }
    let sample = &input.content[..input.content.len().min(8000)];
    if sample.contains(&0) {
        // Binary: only worth a finding when it claims to be a file redlint checks.
        let kind = input.kind.or_else(|| crate::classify::classify_by_name(&path));
        return PreparedFile {
            path,
            text: Arc::from(""),
            kind,
            conf: None,
            yaml: None,
            dockerfile: None,
            unreadable: Some("binary file (it contains NUL bytes)".to_owned()),
        };
    }
    // Invalid UTF-8 becomes U+FFFD, one per bad byte, so lines and columns stay right.
    let text: Arc<str> = match String::from_utf8(input.content) {
        Ok(text) => Arc::from(text),
        Err(error) => Arc::from(String::from_utf8_lossy(error.as_bytes()).into_owned()),
    };
    let kind = input.kind.or_else(|| classify(&path, &text));
    let mut file =
        PreparedFile { path, text, kind, conf: None, yaml: None, dockerfile: None, unreadable: None };
    // The real FileId is only known in `check_prepared`, which rebases the spans.
    match kind {
        Some(FileKind::RedisConf | FileKind::SentinelConf) => file.conf = Some(lex(FileId(0), &file.text)),
        Some(FileKind::Compose | FileKind::Kubernetes) => {
            file.yaml = Some(crate::yaml::parse(FileId(0), &file.text));
        }
        Some(FileKind::Dockerfile) => file.dockerfile = Some(dockerfile::parse(&file.text)),
        _ => {}
    }
    file
}

/// Check a set of inputs.
pub fn check(inputs: Vec<Input>, provider: &dyn FileProvider, settings: &Settings) -> Report {
    check_prepared(inputs.into_iter().map(prepare).collect(), provider, settings)
}

/// Check files prepared with [`prepare`].
pub fn check_prepared(files: Vec<PreparedFile>, provider: &dyn FileProvider, settings: &Settings) -> Report {
    let mut workspace = Workspace::from_prepared(files, provider, settings);
    let mut instances = compose_instances(&mut workspace);
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
    let mut workspace =
        Workspace::from_prepared(inputs.into_iter().map(prepare).collect(), provider, settings);
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
    compose_files.sort();
    let projects = compose::projects(workspace, &compose_files);
    let mut instances = Vec::new();
    for project in &projects {
        workspace.checked.extend(project.files.iter().chain(&project.included).copied());
        let settings = workspace.settings;
        let credentials = compose::credentials(project, &|file| workspace.sources.get(file).shared_text());
        workspace.credentials.extend(credentials);
        let (found, referenced) = compose::instances(workspace, project, settings);
        workspace.referenced.extend(referenced);
        instances.extend(found);
    }
    instances
}

/// Every Dockerfile no Compose service builds: analysed with its own directory as the build
/// context, and a Redis instance when the image it builds runs Redis.
fn standalone_dockerfiles(workspace: &mut Workspace<'_>) -> Vec<RedisInstance> {
    let mut files: Vec<FileId> = workspace
        .dockerfiles
        .keys()
        .copied()
        .filter(|file| {
            workspace.checked.contains(file) && !workspace.builds.iter().any(|build| build.file == *file)
        })
        .collect();
    files.sort();
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
    config_files.sort();
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
    instances.sort_by(|a, b| a.name.cmp(&b.name));
    instances
}

/// Dedupe, sort, and apply suppressions.
fn finish(workspace: Workspace<'_>, mut diagnostics: Vec<Diagnostic>, mut secrets: Vec<Span>) -> Report {
    let Workspace { sources, checked, dockerfiles, .. } = workspace;
    crate::report::sort_diagnostics(&sources, &mut diagnostics);
    // The same finding from two instances that share a file (an include) is one finding.
    diagnostics.dedup_by(|a, b| a.rule == b.rule && a.span == b.span && a.message == b.message);
    let mut suppressions: HashMap<FileId, Vec<suppress::Suppression>> = HashMap::new();
    let mut kept = Vec::new();
    let mut suppressed = Vec::new();
    for diagnostic in diagnostics {
        let file = sources.get(diagnostic.span.file);
        let found = suppressions.entry(file.id()).or_insert_with(|| suppress::find(file));
        let mut line = file.line_index().line_of(diagnostic.span.start as usize);
        // A suppression before a Dockerfile instruction covers all its lines (continuations
        // and heredocs): findings count as being on its first line.
        if let Some(syntax) = dockerfiles.get(&file.id()) {
            let start = diagnostic.span.start;
            // Instructions are in file order: the last one starting at or before the finding.
            let index = syntax.instructions.partition_point(|instruction| instruction.loc.start <= start);
            if let Some(instruction) = index.checked_sub(1).map(|index| &syntax.instructions[index]) {
                if start <= instruction.loc.end {
                    line = file.line_index().line_of(instruction.loc.start as usize);
                }
            }
        }
        match found.iter().find(|suppression| suppression.covers(&diagnostic, line)) {
            Some(suppression) => suppressed.push((diagnostic, suppression.clone())),
            None => kept.push(diagnostic),
        }
    }
    secrets.sort();
    secrets.dedup();
    let mut checked: Vec<FileId> = checked.into_iter().collect();
    checked.sort_by(|a, b| sources.get(*a).path().cmp(sources.get(*b).path()));
    Report::new(sources, checked, kept, suppressed, secrets)
}

struct Workspace<'a> {
    sources: SourceMap,
    conf: HashMap<FileId, Arc<Lines>>,
    yaml: HashMap<FileId, Arc<Yaml>>,
    dockerfiles: HashMap<FileId, Arc<Syntax>>,
    /// Analysed Dockerfiles (one build per file: the first service's, else its own).
    builds: Vec<Arc<Build>>,
    /// Files a container reads (a mounted redis.conf): not checked on their own.
    referenced: HashSet<FileId>,
    /// Passwords found in deployment files.
    credentials: Vec<crate::model::Credential>,
    /// Files redlint checked: recognised, read through an include, or reported unreadable.
    checked: HashSet<FileId>,
    /// Files given but not readable as text.
    file_problems: Vec<Problem>,
    provider: &'a dyn FileProvider,
    settings: &'a Settings,
}

impl<'a> Workspace<'a> {
    fn new(provider: &'a dyn FileProvider, settings: &'a Settings) -> Self {
        Workspace {
            sources: SourceMap::new(),
            conf: HashMap::new(),
            yaml: HashMap::new(),
            dockerfiles: HashMap::new(),
            builds: Vec::new(),
            referenced: HashSet::new(),
            credentials: Vec::new(),
            checked: HashSet::new(),
            file_problems: Vec::new(),
            provider,
            settings,
        }
    }

    fn from_prepared(
        mut files: Vec<PreparedFile>,
        provider: &'a dyn FileProvider,
        settings: &'a Settings,
    ) -> Self {
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files.dedup_by(|a, b| a.path == b.path);
        let mut workspace = Workspace::new(provider, settings);
        for file in files {
            workspace.add(file);
        }
        workspace
    }

    /// Run the rules over these instances and finish the report.
    fn run(self, instances: Vec<RedisInstance>) -> (Report, Model) {
        let mut credentials = self.credentials.clone();
        for build in &self.builds {
            credentials.extend(build.credentials(self.sources.get(build.file).text()));
        }
        let model = Model {
            instances,
            credentials,
            file_problems: self.file_problems.clone(),
            builds: self.builds.clone(),
        };
        let mut diagnostics = Vec::new();
        crate::rules::run(&model, self.settings, &self.sources, &mut diagnostics);
        let secrets: Vec<Span> = model
            .instances
            .iter()
            .flat_map(|instance| instance.config.secrets.iter().copied())
            .chain(model.credentials.iter().map(|credential| credential.span))
            .collect();
        (finish(self, diagnostics, secrets), model)
    }

    /// Take a prepared file in; recognised and unreadable files count as checked.
    fn add(&mut self, file: PreparedFile) -> FileId {
        let id = self.sources.add(file.path, file.text, file.kind.unwrap_or(FileKind::Unknown));
        if file.kind.is_some() {
            self.checked.insert(id);
            if let Some(reason) = &file.unreadable {
                self.file_problems.push(Problem {
                    kind: ProblemKind::UnreadableFile,
                    span: Span::file_start(id),
                    message: format!("skipped: {reason}"),
                    labels: Vec::new(),
                    help: None,
                    fix: None,
                });
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
        if !self.builds.iter().any(|existing| existing.file == file) {
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
                YamlProblem::Limit { span, message } => {
                    (ProblemKind::UnreadableFile, *span, message.clone(), Vec::new())
                }
                YamlProblem::DuplicateKey { first, second, key } => (
                    ProblemKind::DuplicateKey,
                    *second,
                    format!("`{key}` appears twice in this mapping"),
                    vec![crate::diagnostic::Label { span: *first, message: "first defined here".to_owned() }],
                ),
            };
            self.file_problems.push(Problem { kind, span, message, labels, help: None, fix: None });
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
        match self.provider.read(path) {
            Provided::Found(bytes) if !bytes[..bytes.len().min(8000)].contains(&0) => {
                let text = match String::from_utf8(bytes) {
                    Ok(text) => text,
                    Err(error) => String::from_utf8_lossy(error.as_bytes()).into_owned(),
                };
                Some(self.sources.add(path.to_owned(), text, FileKind::Unknown))
            }
            _ => None,
        }
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
        let yaml = crate::yaml::parse(file, self.sources.get(file).text());
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
}

impl crate::model::instance::InstanceFiles for Workspace<'_> {
    fn load_conf(&mut self, path: &str) -> Option<FileId> {
        let id = self.load(path)?;
        self.referenced.insert(id);
        Some(id)
    }

    fn conf_files(&mut self) -> &mut dyn ConfFiles {
        self
    }
}

impl ConfFiles for Workspace<'_> {
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
            let dir = paths::parent(&repository_path).to_owned();
            let mut matches: Vec<String> = self
                .sources
                .iter()
                .map(|file| file.path().to_owned())
                .chain(self.provider.list_dir(&dir))
                .filter(|candidate| paths::glob_match(&repository_path, candidate))
                .collect();
            matches.sort();
            matches.dedup();
            return IncludeTarget::Files(matches.iter().filter_map(|path| self.load(path)).collect());
        }
        match self.load(&repository_path) {
            Some(id) => IncludeTarget::Files(vec![id]),
            None => IncludeTarget::NotFound { repository_path },
        }
    }
}
