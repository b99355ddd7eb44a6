//! The build a Dockerfile describes: its stages, each stage's base (an image or an earlier
//! stage), the libc and runtimes it has, and what its instructions leave in it — packages,
//! Python packages and interpreters, Node modules, compiled programs, files copied from the
//! build context or from other stages — with the `CMD`, `ENTRYPOINT`, `USER`, `HEALTHCHECK`,
//! `VOLUME`, `WORKDIR` and `ENV` the image ends with. Variables are substituted with BuildKit's
//! `ARG` scoping: global `ARG`s (before the first `FROM`) are visible in `FROM` lines, and
//! inside a stage only after `ARG NAME` declares them again.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use super::expand::{Expanded, Lookup, expand};
use super::run::{self, Manager, Package, RunFacts};
use super::syntax::{Args, Instruction, Keyword, Loc, Syntax, Word};
use crate::model::Credential;
use crate::model::container::{
    Arg, BuiltImage, Container, EnvValue, EnvVar, HealthCheck, HealthKind, ImageFile, Located, Mount,
    MountSource,
};
use crate::model::image::{ImageRef, Libc, Python, libc_of};
use crate::paths;
use crate::source::{FileId, Span};

/// What a stage is built on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Base {
    Image(ImageRef),
    /// An earlier stage, by index.
    Stage(usize),
    /// `FROM scratch`: an empty filesystem.
    Scratch,
}

/// Something in an image that only works with the libc (or the Python) it was built for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ArtifactKind {
    /// Installed Python packages: site-packages, a virtualenv, `pip install --user`.
    PythonPackages,
    /// Wheel files (`pip wheel`, `pip download`).
    PythonWheels,
    /// A Python interpreter and its standard library.
    PythonInterpreter,
    NodeModules,
    /// A compiled program or shared library.
    Binary,
}

impl ArtifactKind {
    pub fn is_python(self) -> bool {
        matches!(
            self,
            ArtifactKind::PythonPackages | ArtifactKind::PythonWheels | ArtifactKind::PythonInterpreter
        )
    }
}

/// An artifact at a path of a stage's filesystem.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Artifact {
    pub path: String,
    pub kind: ArtifactKind,
    /// The libc it is linked against; `Libc::None` for a static program.
    pub libc: Libc,
    /// The interpreter Python packages were installed for.
    pub python: Option<Python>,
    /// What made it: a `RUN` command, or the `FROM` of the image that ships it.
    pub made_by: Span,
    /// How, for messages: `pip install`, `go build`, `the python:3.12 image`.
    pub how: String,
}

/// The artifacts of a stage, indexed by path: one per path and kind (a later one replaces the
/// earlier), found by directory in logarithmic time.
#[derive(Clone, Debug, Default)]
pub struct Artifacts {
    list: Vec<Artifact>,
    by_path: BTreeMap<String, Vec<usize>>,
}

impl Artifacts {
    pub fn iter(&self) -> impl Iterator<Item = &Artifact> {
        self.list.iter()
    }

    fn add(&mut self, artifact: Artifact) {
        let indexes = self.by_path.entry(artifact.path.clone()).or_default();
        match indexes.iter().find(|&&index| self.list[index].kind == artifact.kind) {
            Some(&index) => self.list[index] = artifact,
            None => {
                indexes.push(self.list.len());
                self.list.push(artifact);
            }
        }
    }

    fn at(&self, path: &str) -> impl Iterator<Item = &Artifact> {
        self.by_path.get(path).into_iter().flatten().map(|&index| &self.list[index])
    }

    /// Artifacts at `dir` or under it.
    fn under<'a>(&'a self, dir: &'a str) -> impl Iterator<Item = &'a Artifact> {
        let dir = dir.trim_end_matches('/');
        self.by_path
            .range::<str, _>((std::ops::Bound::Included(dir), std::ops::Bound::Unbounded))
            .take_while(move |(path, _)| path.starts_with(dir))
            .filter(move |(path, _)| within(path, dir))
            .flat_map(|(_, indexes)| indexes.iter().map(|&index| &self.list[index]))
    }

    /// Artifacts at a directory that holds `path` (not `path` itself).
    fn around<'a>(&'a self, path: &'a str) -> impl Iterator<Item = &'a Artifact> {
        let mut ancestors = Vec::new();
        let mut current = path.trim_end_matches('/');
        while let Some((parent, _)) = current.rsplit_once('/') {
            ancestors.push(if parent.is_empty() { "/" } else { parent });
            current = parent;
        }
        ancestors.into_iter().flat_map(|ancestor| self.at(ancestor))
    }
}

/// A Python interpreter present in a stage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Interpreter {
    pub python: Python,
    pub libc: Libc,
    /// What provides it: the `FROM`, the `apk add python3`, the `COPY`.
    pub span: Span,
    pub how: String,
}

/// Where `COPY --from` copies from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CopySource {
    Stage(usize),
    Image(ImageRef),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CopyFrom {
    pub source: CopySource,
    /// The `--from=…` flag.
    pub span: Span,
}

/// An artifact a `COPY --from` brings in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CopiedArtifact {
    /// The source argument that names it (or a directory holding it).
    pub source: Located<String>,
    /// The artifact as it is in the source.
    pub artifact: Artifact,
    /// Where it lands in this stage.
    pub dest: String,
}

/// A `COPY` or `ADD`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Copy {
    pub span: Span,
    pub keyword: Span,
    pub add: bool,
    pub from: Option<CopyFrom>,
    /// Source paths after substitution.
    pub sources: Vec<Located<String>>,
    /// The absolute destination.
    pub dest: Located<String>,
    /// `COPY <<EOF …`: the content is in the Dockerfile.
    pub heredoc: bool,
    pub artifacts: Vec<CopiedArtifact>,
}

/// One `RUN` and what it does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    pub span: Span,
    pub facts: RunFacts,
    /// `--mount=type=cache` on apk's cache directory: the cache stays out of the image.
    pub apk_cache_mounted: bool,
}

/// One build stage, as it is after its last instruction.
#[derive(Clone, Debug)]
pub struct Stage {
    pub index: usize,
    /// `AS name`, lower-cased.
    pub name: Option<String>,
    /// The `FROM` instruction.
    pub from: Span,
    /// Where the base is written.
    pub base_span: Span,
    pub base: Base,
    /// The external image at the root of the stage chain, with the span of its `FROM`.
    pub image: Option<ImageRef>,
    pub libc: Libc,
    /// Why the libc is known when the image's name does not tell (`apk` means Alpine).
    pub libc_evidence: Option<Span>,
    pub pythons: Shared<Interpreter>,
    /// Every `ENV` written, in order (a later one of the same name wins).
    pub env: Shared<EnvVar>,
    pub user: Option<Located<String>>,
    pub workdir: Option<Located<String>>,
    pub entrypoint: Option<Located<Vec<Arg>>>,
    pub cmd: Option<Located<Vec<Arg>>>,
    pub health: Option<HealthCheck>,
    pub volumes: Shared<Located<String>>,
    /// Packages installed and not removed since.
    pub packages: Shared<Package>,
    pub artifacts: Arc<Artifacts>,
    /// Files copied from the build context.
    pub context_files: Shared<ImageFile>,
    /// Files written from heredocs (`COPY <<EOF /path`).
    pub inline_files: Shared<Located<String>>,
    /// This stage's own instructions.
    pub copies: Vec<Copy>,
    pub runs: Vec<Run>,
    shell: Vec<String>,
    /// `ENV` values (inherited with the image), then `ARG`s (this stage's only).
    env_values: Arc<HashMap<String, Lookup>>,
    args: HashMap<String, Lookup>,
    /// How many `env` entries came from the stage it is built on.
    inherited_env: usize,
}

/// What a stage inherits from the stage it is built on: shared until one of them changes it,
/// so a chain of stages costs no copies.
pub type Shared<T> = Arc<Vec<T>>;

impl Stage {
    /// The interpreter `python` and `pip` run (`/usr/local` comes first on `PATH`).
    pub fn python(&self) -> Option<&Interpreter> {
        self.pythons.iter().find(|python| python.python.prefix == "/usr/local").or(self.pythons.first())
    }

    /// A variable as `RUN` and substitutions see it: `ENV` wins over `ARG`.
    fn lookup(&self, name: &str) -> Lookup {
        if let Some(value) = self.env_values.get(name).or_else(|| self.args.get(name)) {
            return value.clone();
        }
        match self.base {
            Base::Scratch if self.image.is_none() => Lookup::Unset,
            // The base image's environment is not known.
            _ => Lookup::Unknown,
        }
    }

    /// `USER` is unset or root.
    fn runs_as_root(&self) -> bool {
        self.user.as_ref().is_none_or(|user| matches!(user.value.split(':').next(), Some("root" | "0")))
    }
}

/// An analysed Dockerfile.
#[derive(Clone, Debug)]
pub struct Build {
    pub file: FileId,
    /// The repository directory of the build context.
    pub context: String,
    pub stages: Vec<Stage>,
}

/// Build arguments BuildKit defines for every build, unknown while linting.
const PLATFORM_ARGS: &[&str] = &[
    "TARGETPLATFORM",
    "TARGETOS",
    "TARGETARCH",
    "TARGETVARIANT",
    "BUILDPLATFORM",
    "BUILDOS",
    "BUILDARCH",
    "BUILDVARIANT",
];

impl Build {
    /// Analyse a parsed Dockerfile whose build context is the repository directory `context`,
    /// with build arguments (Compose `build.args`) overriding `ARG` defaults.
    pub fn analyze(
        file: FileId,
        text: &str,
        syntax: &Syntax,
        context: &str,
        build_args: &[(String, String)],
    ) -> Build {
        let mut analyzer = Analyzer {
            file,
            text,
            escape: syntax.escape,
            context,
            build_args,
            globals: Vec::new(),
            stage_names: HashMap::new(),
        };
        let mut stages: Vec<Stage> = Vec::new();
        for instruction in &syntax.instructions {
            if instruction.keyword == Keyword::From {
                let stage = analyzer.from(instruction, &stages);
                if let Some(name) = &stage.name {
                    analyzer.stage_names.entry(name.clone()).or_insert(stage.index);
                }
                stages.push(stage);
                continue;
            }
            match stages.last_mut() {
                Some(_) => {
                    let index = stages.len() - 1;
                    let (done, current) = stages.split_at_mut(index);
                    analyzer.instruction(instruction, &mut current[0], done);
                }
                None if instruction.keyword == Keyword::Arg => analyzer.global_arg(instruction),
                None => {}
            }
        }
        Build { file, context: context.to_owned(), stages }
    }

    /// A stage by `AS` name (case-insensitive) or index.
    pub fn stage_named(&self, name: &str) -> Option<usize> {
        let name = name.to_ascii_lowercase();
        self.stages
            .iter()
            .position(|stage| stage.name.as_deref() == Some(name.as_str()))
            .or_else(|| name.parse::<usize>().ok().filter(|index| *index < self.stages.len()))
    }

    /// The stage and the stages it is built on, the stage itself first.
    pub fn chain(&self, stage: usize) -> Vec<usize> {
        let mut chain = vec![stage];
        let mut current = stage;
        // A stage is only ever built on an earlier one, so the walk ends.
        while let Base::Stage(parent) = self.stages[current].base {
            if parent >= current {
                break;
            }
            chain.push(parent);
            current = parent;
        }
        chain
    }

    /// Stages that are images of their own: the last one, and every stage no other stage
    /// builds on or copies from.
    pub fn outputs(&self) -> Vec<usize> {
        let mut used = vec![false; self.stages.len()];
        for stage in &self.stages {
            if let Base::Stage(parent) = stage.base {
                used[parent] = true;
            }
            for copy in &stage.copies {
                if let Some(CopyFrom { source: CopySource::Stage(source), .. }) = copy.from {
                    used[source] = true;
                }
            }
        }
        let last = self.stages.len().saturating_sub(1);
        (0..self.stages.len()).filter(|&index| !used[index] || index == last).collect()
    }

    /// Whether each stage ends up in an output image (an output or a stage one is built on).
    pub fn shipped(&self) -> Vec<bool> {
        let mut shipped = vec![false; self.stages.len()];
        for output in self.outputs() {
            // Stop at a stage already marked: the rest of its chain is too. Many outputs on
            // one long chain would otherwise walk it once each.
            for index in self.chain_until(output, |index| shipped[index]) {
                shipped[index] = true;
            }
        }
        shipped
    }

    /// For each stage, whether it or a stage it is built on satisfies `test`, in one pass.
    pub fn in_chain(&self, test: impl Fn(&Stage) -> bool) -> Vec<bool> {
        let mut found = Vec::with_capacity(self.stages.len());
        for (index, stage) in self.stages.iter().enumerate() {
            let inherited = match stage.base {
                Base::Stage(parent) if parent < index => found[parent],
                _ => false,
            };
            found.push(inherited || test(stage));
        }
        found
    }

    /// [`Build::chain`] up to the first stage for which `stop` holds (excluded).
    pub(crate) fn chain_until(&self, stage: usize, stop: impl Fn(usize) -> bool) -> Vec<usize> {
        let mut chain = Vec::new();
        let mut current = stage;
        loop {
            if stop(current) {
                break;
            }
            chain.push(current);
            match self.stages[current].base {
                Base::Stage(parent) if parent < current => current = parent,
                _ => break,
            }
        }
        chain
    }

    /// The container an image built from this stage runs, as far as the Dockerfile says.
    pub fn container(&self, index: usize) -> Container {
        let stage = &self.stages[index];
        let mut container = Container::new(stage.from);
        container.image.clone_from(&stage.image);
        container.process.entrypoint.clone_from(&stage.entrypoint);
        container.process.command.clone_from(&stage.cmd);
        container.identity.user.clone_from(&stage.user);
        container.health = stage.health.iter().cloned().collect();
        container.mounts = stage
            .volumes
            .iter()
            .map(|volume| Mount {
                target: volume.value.clone(),
                source: MountSource::Ephemeral {
                    what: "an anonymous volume (`VOLUME` in the Dockerfile)".to_owned(),
                },
                read_only: false,
                span: volume.span,
            })
            .collect();
        container.environment = stage.env.to_vec();
        container.working_dir.clone_from(&stage.workdir);
        container.image_files = stage.context_files.to_vec();
        container.built = Some(BuiltImage {
            dockerfile: self.file,
            stage: index,
            from: stage.from,
            reference: None,
            installs_server: self.installs_server(index),
            inline_files: stage.inline_files.to_vec(),
        });
        container
    }

    /// Passwords written in `ENV` instructions: Redis password variables of stages that run
    /// Redis, any password variable naming Redis, and Redis URLs with a password. They end
    /// up in the image's configuration, readable by anyone who can pull it.
    pub fn credentials(&self, text: &str) -> Vec<Credential> {
        let mut found: Vec<Credential> = Vec::new();
        for stage in &self.stages {
            let redis = stage.image.as_ref().is_some_and(ImageRef::runs_redis);
            // Each stage's own `ENV`s: inherited ones were seen in the stage that wrote them.
            for var in &stage.env[stage.inherited_env..] {
                let EnvValue::Literal { value, span, from_variable } = &var.value else { continue };
                if value.is_empty() {
                    continue;
                }
                let holder = format!("`ENV {}` of the Dockerfile", var.name);
                if let Some(range) = crate::compose::url_password(value) {
                    let written = &text[span.range()];
                    let password = written.find(&value[range.clone()]).map_or(*span, |offset| {
                        Span::new(
                            span.file,
                            span.start as usize + offset,
                            span.start as usize + offset + range.len(),
                        )
                    });
                    found.push(Credential {
                        span: password,
                        holder: format!("a Redis URL in {holder}"),
                        literal: !from_variable,
                    });
                } else if crate::compose::is_password_variable(&var.name)
                    && (redis || var.name.to_ascii_uppercase().contains("REDIS"))
                {
                    found.push(Credential { span: *span, holder, literal: !from_variable });
                }
            }
        }
        found
    }

    /// Passwords written as `ARG` defaults, on the same terms as [`Build::credentials`]: a
    /// default is recorded in the image's build history and in every copy of the Dockerfile.
    pub fn arg_credentials(&self, syntax: &super::Syntax, text: &str) -> Vec<Credential> {
        let any_redis =
            self.stages.iter().any(|stage| stage.image.as_ref().is_some_and(ImageRef::runs_redis));
        let mut found = Vec::new();
        for instruction in
            syntax.instructions.iter().filter(|instruction| instruction.keyword == Keyword::Arg)
        {
            let Args::Pairs(pairs) = &instruction.args else { continue };
            for pair in pairs {
                let Some(value) = pair.value.as_ref().filter(|value| !value.raw.is_empty()) else { continue };
                let name = &pair.key.raw;
                let span = Span::new(self.file, value.loc.start as usize, value.loc.end as usize);
                let holder = format!("the default of `ARG {name}` of the Dockerfile");
                if let Some(range) = crate::compose::url_password(&value.raw) {
                    // Only the password: the rest of the URL stays readable.
                    let written = text.get(span.range()).unwrap_or_default();
                    let password = written.find(&value.raw[range.clone()]).map_or(span, |offset| {
                        let start = span.start as usize + offset;
                        Span::new(self.file, start, start + range.len())
                    });
                    found.push(Credential {
                        span: password,
                        holder: format!("a Redis URL in {holder}"),
                        literal: true,
                    });
                } else if crate::compose::is_password_variable(name)
                    && (any_redis || name.to_ascii_uppercase().contains("REDIS"))
                {
                    found.push(Credential { span, holder, literal: true });
                }
            }
        }
        found
    }

    /// A `RUN` that installs a Redis-compatible server package in the stage.
    pub fn installs_server(&self, index: usize) -> Option<Span> {
        self.stages[index]
            .packages
            .iter()
            .find(|package| {
                matches!(
                    (package.manager, package.name.as_str()),
                    (Manager::Apk, "redis" | "valkey")
                        | (Manager::Apt, "redis-server" | "redis" | "valkey-server")
                )
            })
            .map(|package| package.span)
    }
}

struct Analyzer<'a> {
    file: FileId,
    text: &'a str,
    escape: char,
    context: &'a str,
    build_args: &'a [(String, String)],
    /// Global `ARG`s: visible in `FROM` and, once declared again, in stages.
    globals: Vec<(String, Lookup)>,
    /// The first stage of each `AS` name (lowercase), for `FROM name` and `COPY --from=name`:
    /// a Dockerfile can have thousands of stages, each naming an earlier one.
    stage_names: HashMap<String, usize>,
}

impl Analyzer<'_> {
    fn span(&self, loc: Loc) -> Span {
        Span::new(self.file, loc.start as usize, loc.end as usize)
    }

    fn build_arg(&self, name: &str) -> Option<Lookup> {
        self.build_args
            .iter()
            .rev()
            .find(|(key, _)| key == name)
            .map(|(_, value)| Lookup::Known(value.clone()))
    }

    fn expand(&self, word: &Word, lookup: &dyn Fn(&str) -> Lookup) -> Expanded {
        expand(&word.raw, self.escape, lookup)
    }

    fn global_arg(&mut self, instruction: &Instruction) {
        let Args::Pairs(pairs) = &instruction.args else { return };
        for pair in pairs {
            let value = self.build_arg(&pair.key.raw).unwrap_or_else(|| match &pair.value {
                Some(value) => {
                    let globals = &self.globals;
                    let lookup = |name: &str| global_lookup(globals, name);
                    known(&self.expand(value, &lookup))
                }
                None => Lookup::Unknown,
            });
            self.globals.push((pair.key.raw.clone(), value));
        }
    }

    fn from(&mut self, instruction: &Instruction, stages: &[Stage]) -> Stage {
        let index = stages.len();
        let words = instruction.words();
        let from = self.span(instruction.loc);
        let (base_word, name) = match words {
            [image, _, name] => (Some(image), Some(name.raw.to_ascii_lowercase())),
            [image, ..] => (Some(image), None),
            [] => (None, None),
        };
        let base_span = base_word.map_or(self.span(instruction.keyword_loc), |word| self.span(word.loc));
        let globals = &self.globals;
        let expanded = base_word.map(|word| self.expand(word, &|name: &str| global_lookup(globals, name)));
        let reference = expanded.as_ref().map_or(String::new(), |expanded| {
            // An unresolved variable stays as written, so the name still tells what it can.
            if expanded.unresolved {
                base_word.map_or(String::new(), |word| word.raw.clone())
            } else {
                expanded.value.clone()
            }
        });
        let lowered = reference.to_ascii_lowercase();
        let earlier = self.stage_names.get(&lowered).copied();
        let mut stage = match earlier {
            Some(parent) => {
                let parent = &stages[parent];
                Stage {
                    index,
                    name: name.clone(),
                    from,
                    base_span,
                    base: Base::Stage(parent.index),
                    image: parent.image.clone(),
                    libc: parent.libc,
                    libc_evidence: parent.libc_evidence,
                    pythons: Arc::clone(&parent.pythons),
                    env: Arc::clone(&parent.env),
                    user: parent.user.clone(),
                    workdir: parent.workdir.clone(),
                    entrypoint: parent.entrypoint.clone(),
                    cmd: parent.cmd.clone(),
                    health: parent.health.clone(),
                    volumes: Arc::clone(&parent.volumes),
                    packages: Arc::clone(&parent.packages),
                    artifacts: Arc::clone(&parent.artifacts),
                    context_files: Arc::clone(&parent.context_files),
                    inline_files: Arc::clone(&parent.inline_files),
                    copies: Vec::new(),
                    runs: Vec::new(),
                    shell: parent.shell.clone(),
                    env_values: Arc::clone(&parent.env_values),
                    args: HashMap::new(),
                    inherited_env: parent.env.len(),
                }
            }
            None => {
                let (base, image) = if lowered == "scratch" {
                    (Base::Scratch, None)
                } else {
                    let image = ImageRef::parse(&reference, base_span);
                    (Base::Image(image.clone()), Some(image))
                };
                let libc = image.as_ref().map_or(Libc::None, libc_of);
                let mut stage = Stage {
                    index,
                    name: name.clone(),
                    from,
                    base_span,
                    base,
                    image: image.clone(),
                    libc,
                    libc_evidence: None,
                    pythons: Shared::default(),
                    env: Shared::default(),
                    user: None,
                    workdir: None,
                    entrypoint: None,
                    cmd: None,
                    health: None,
                    volumes: Shared::default(),
                    packages: Shared::default(),
                    artifacts: Arc::default(),
                    context_files: Shared::default(),
                    inline_files: Shared::default(),
                    copies: Vec::new(),
                    runs: Vec::new(),
                    shell: vec!["/bin/sh".to_owned(), "-c".to_owned()],
                    env_values: Arc::default(),
                    args: HashMap::new(),
                    inherited_env: 0,
                };
                if let Some(image) = &image {
                    image_artifacts(&mut stage, image);
                }
                stage
            }
        };
        stage.name = name;
        // `ARG`s are scoped to their stage; `ENV` is inherited with the image.
        stage.args.clear();
        stage
    }

    fn instruction(&mut self, instruction: &Instruction, stage: &mut Stage, done: &[Stage]) {
        let keyword_span = self.span(instruction.keyword_loc);
        match instruction.keyword {
            Keyword::Arg => {
                let Args::Pairs(pairs) = &instruction.args else { return };
                for pair in pairs {
                    let name = pair.key.raw.clone();
                    let value = self.build_arg(&name).unwrap_or_else(|| match &pair.value {
                        Some(value) => known(&self.expand(value, &|name: &str| stage.lookup(name))),
                        None if PLATFORM_ARGS.contains(&name.as_str()) => Lookup::Unknown,
                        None => global_lookup(&self.globals, &name),
                    });
                    // A global that was never declared has no value either.
                    let value = if value == Lookup::Unset { Lookup::Unknown } else { value };
                    stage.args.insert(name, value);
                }
            }
            Keyword::Env => {
                let Args::Pairs(pairs) = &instruction.args else { return };
                // Every value is expanded with the environment from before the instruction.
                let lookup = |name: &str| stage.lookup(name);
                let values: Vec<(Word, Expanded, Option<Span>)> = pairs
                    .iter()
                    .map(|pair| {
                        let value =
                            pair.value.as_ref().map(|value| self.expand(value, &lookup)).unwrap_or_default();
                        (pair.key.clone(), value, pair.value.as_ref().map(|value| self.span(value.loc)))
                    })
                    .collect();
                for (key, value, value_span) in values {
                    Arc::make_mut(&mut stage.env_values).insert(key.raw.clone(), known(&value));
                    Arc::make_mut(&mut stage.env).push(EnvVar {
                        name: key.raw.clone(),
                        name_span: self.span(key.loc),
                        value: EnvValue::Literal {
                            value: value.value,
                            span: value_span.unwrap_or(keyword_span),
                            from_variable: value.from_variable,
                        },
                    });
                }
            }
            Keyword::Workdir => {
                let Args::Text(word) = &instruction.args else { return };
                let value = self.expand(word, &|name: &str| stage.lookup(name)).value;
                let current = stage.workdir.as_ref().map_or("/", |dir| dir.value.as_str()).to_owned();
                stage.workdir = Some(Located::new(paths::join(&current, &value), self.span(word.loc)));
            }
            Keyword::User => {
                let Args::Text(word) = &instruction.args else { return };
                let value = self.expand(word, &|name: &str| stage.lookup(name)).value;
                stage.user = Some(Located::new(value, self.span(word.loc)));
            }
            Keyword::Shell => {
                if let Args::Exec(args) = &instruction.args {
                    stage.shell = args.iter().map(|arg| arg.value.clone()).collect();
                }
            }
            Keyword::Cmd => {
                let command = self.command(instruction, stage);
                stage.cmd = command;
            }
            Keyword::Entrypoint => {
                stage.entrypoint = self.command(instruction, stage);
                // An ENTRYPOINT resets the CMD the base had, unless this stage set one.
                let own_cmd = stage
                    .cmd
                    .as_ref()
                    .is_some_and(|cmd| cmd.span.start > stage.from.start && cmd.span.file == stage.from.file);
                if !own_cmd {
                    stage.cmd = None;
                }
            }
            Keyword::Healthcheck => {
                let span = instruction.args_span().map_or(keyword_span, |loc| self.span(loc));
                let none = instruction
                    .health_type
                    .as_ref()
                    .is_some_and(|kind| kind.raw.eq_ignore_ascii_case("none"));
                let (command, shell) = match self.command(instruction, stage) {
                    Some(command) => {
                        let shell = matches!(instruction.args, Args::Shell { .. });
                        let mut args = command.value;
                        if shell {
                            // `HEALTHCHECK CMD text` is `CMD-SHELL text`: keep the text only.
                            args = args.split_off(args.len().saturating_sub(1));
                        }
                        (args, shell)
                    }
                    None => (Vec::new(), false),
                };
                stage.health =
                    Some(HealthCheck { command, shell, span, disabled: none, kind: HealthKind::Check });
            }
            Keyword::Volume => {
                let lookup = |name: &str| stage.lookup(name);
                let volumes: Vec<Located<String>> = match &instruction.args {
                    Args::Exec(args) => args
                        .iter()
                        .map(|arg| {
                            let value = expand(&arg.value, self.escape, &lookup).value;
                            Located::new(paths::normalize_path(&value), self.span(arg.loc))
                        })
                        .collect(),
                    Args::Words(words) => words
                        .iter()
                        .map(|word| {
                            Located::new(
                                paths::normalize_path(&self.expand(word, &lookup).value),
                                self.span(word.loc),
                            )
                        })
                        .collect(),
                    _ => Vec::new(),
                };
                Arc::make_mut(&mut stage.volumes).extend(volumes);
            }
            Keyword::Copy | Keyword::Add => self.copy(instruction, stage, done),
            Keyword::Run => self.run(instruction, stage),
            _ => {}
        }
    }

    /// `CMD`, `ENTRYPOINT`, `HEALTHCHECK CMD`: exec form as is, shell form run by the
    /// stage's shell (`/bin/sh -c "…"`).
    fn command(&self, instruction: &Instruction, stage: &Stage) -> Option<Located<Vec<Arg>>> {
        let span = self.span(instruction.args_span()?);
        match &instruction.args {
            Args::Exec(args) => {
                let args = args
                    .iter()
                    .map(|arg| {
                        let literal = &self.text[arg.loc.range()];
                        let verbatim = literal.len() == arg.value.len() + 2;
                        Arg {
                            value: arg.value.clone(),
                            span: self.span(arg.loc),
                            from_variable: false,
                            runtime: false,
                            verbatim_at: verbatim.then_some(arg.loc.start + 1),
                        }
                    })
                    .collect();
                Some(Located::new(args, span))
            }
            Args::Shell { start, end, loc } => {
                let keyword = self.span(instruction.keyword_loc);
                let mut args: Vec<Arg> =
                    stage.shell.iter().map(|part| Arg::literal(part.clone(), keyword)).collect();
                let text = &instruction.logical.text[*start..*end];
                let verbatim = &self.text[loc.range()] == text;
                args.push(Arg {
                    value: text.to_owned(),
                    span: self.span(*loc),
                    from_variable: false,
                    runtime: false,
                    verbatim_at: verbatim.then_some(loc.start),
                });
                Some(Located::new(args, span))
            }
            _ => None,
        }
    }

    fn copy(&self, instruction: &Instruction, stage: &mut Stage, done: &[Stage]) {
        let add = instruction.keyword == Keyword::Add;
        let lookup = |name: &str| stage.lookup(name);
        let mut words: Vec<Located<String>> = match &instruction.args {
            // The JSON form is expanded too.
            Args::Exec(args) => args
                .iter()
                .map(|arg| Located::new(expand(&arg.value, self.escape, &lookup).value, self.span(arg.loc)))
                .collect(),
            Args::Words(words) => words
                .iter()
                .map(|word| Located::new(self.expand(word, &lookup).value, self.span(word.loc)))
                .collect(),
            _ => return,
        };
        let Some(dest_word) = words.pop() else { return };
        let heredoc = !instruction.heredocs.is_empty();
        words.retain(|word| !word.value.starts_with("<<"));
        let workdir = stage.workdir.as_ref().map_or("/".to_owned(), |dir| dir.value.clone());
        let dir_dest = dest_word.value.ends_with('/') || words.len() > 1;
        let dest_path = run::absolute(&workdir, &dest_word.value);
        let dest = Located::new(dest_path.clone(), dest_word.span);
        let from = instruction.flag("from").and_then(|flag| {
            let value = flag.value.as_ref()?;
            let value = expand(value, self.escape, &lookup).value;
            let span = self.span(flag.loc);
            // The stage being built is not a source of its own (`done` ends before it).
            let source = match (self.stage_names.get(&value.to_ascii_lowercase()).copied())
                .or_else(|| value.parse::<usize>().ok())
                .filter(|index| *index < done.len())
            {
                Some(index) => CopySource::Stage(index),
                None => CopySource::Image(ImageRef::parse(&value, span)),
            };
            Some(CopyFrom { source, span })
        });
        let mut copied = Vec::new();
        match &from {
            Some(from) => {
                for source in &words {
                    let source_path = run::absolute("/", &source.value);
                    for artifact in source_artifacts(from, &source_path, done) {
                        let dest = landing(&source_path, &artifact, &dest_path, dir_dest);
                        copied.push(CopiedArtifact { source: source.clone(), artifact, dest });
                    }
                    // Files of the repository the other stage copied in come along.
                    if let CopySource::Stage(index) = from.source {
                        let span = self.span(instruction.loc);
                        let files = &done[index].context_files;
                        for file in files.iter().filter(|file| within(&file.target, &source_path)) {
                            let rest = file.target[source_path.trim_end_matches('/').len()..]
                                .trim_start_matches('/');
                            let target = if dir_dest && file.target == source_path {
                                paths::join(&dest_path, paths::file_name(&source_path))
                            } else {
                                paths::join(&dest_path, rest)
                            };
                            Arc::make_mut(&mut stage.context_files).push(ImageFile {
                                target,
                                repository_path: file.repository_path.clone(),
                                span,
                            });
                        }
                        // A file inside a directory the other stage copied in.
                        let exact = files.iter().any(|file| file.target == source_path);
                        let parent = files
                            .iter()
                            .filter(|file| file.target != source_path && within(&source_path, &file.target))
                            .max_by_key(|file| file.target.len());
                        if let Some(file) = parent.filter(|_| !exact) {
                            let rest = source_path[file.target.trim_end_matches('/').len()..]
                                .trim_start_matches('/');
                            let target = if dir_dest {
                                paths::join(&dest_path, paths::file_name(&source_path))
                            } else {
                                dest_path.clone()
                            };
                            Arc::make_mut(&mut stage.context_files).push(ImageFile {
                                target,
                                repository_path: paths::join(&file.repository_path, rest),
                                span,
                            });
                        }
                    }
                }
            }
            None if !heredoc => {
                for source in &words {
                    if add && source.value.contains("://") {
                        continue;
                    }
                    let relative = source.value.trim_start_matches('/');
                    // A source that leaves the build context is not sent to the builder. (The
                    // context itself may well be `../app`: the CLI names files relative to
                    // where it runs.)
                    if paths::normalize_path(relative).starts_with("..") {
                        continue;
                    }
                    let repository_path = paths::join(self.context, relative);
                    if dir_dest {
                        // A file lands under its name; a directory's content lands in `dest`.
                        let name = paths::file_name(relative);
                        if !name.is_empty() && !paths::has_glob_chars(name) {
                            Arc::make_mut(&mut stage.context_files).push(ImageFile {
                                target: paths::join(&dest_path, name),
                                repository_path: repository_path.clone(),
                                span: self.span(instruction.loc),
                            });
                        }
                    }
                    let repository_path = if paths::has_glob_chars(&repository_path) {
                        paths::parent(&repository_path).to_owned()
                    } else {
                        repository_path
                    };
                    Arc::make_mut(&mut stage.context_files).push(ImageFile {
                        target: dest_path.clone(),
                        repository_path,
                        span: self.span(instruction.loc),
                    });
                }
            }
            None => {
                let into_dir = dest_word.value.ends_with('/') || instruction.heredocs.len() > 1;
                for heredoc in &instruction.heredocs {
                    let target =
                        if into_dir { paths::join(&dest_path, &heredoc.name) } else { dest_path.clone() };
                    Arc::make_mut(&mut stage.inline_files)
                        .push(Located::new(target, self.span(instruction.loc)));
                }
            }
        }
        for copied_artifact in &copied {
            let mut artifact = copied_artifact.artifact.clone();
            artifact.path.clone_from(&copied_artifact.dest);
            if artifact.kind == ArtifactKind::PythonInterpreter {
                if let Some(python) = artifact.python {
                    Arc::make_mut(&mut stage.pythons).push(Interpreter {
                        python,
                        libc: artifact.libc,
                        span: self.span(instruction.keyword_loc),
                        how: format!("copied by `{}`", instruction.keyword),
                    });
                }
            }
            add_artifact(stage, artifact);
        }
        stage.copies.push(Copy {
            span: self.span(instruction.loc),
            keyword: self.span(instruction.keyword_loc),
            add,
            from,
            sources: words,
            dest,
            heredoc,
            artifacts: copied,
        });
    }

    fn run(&self, instruction: &Instruction, stage: &mut Stage) {
        let workdir = stage.workdir.as_ref().map_or("/".to_owned(), |dir| dir.value.clone());
        let active_venv = active_venv(stage);
        let python = stage.python().map(|interpreter| interpreter.python);
        let site_packages = python.and_then(|python| python.site_packages());
        let lookup = |name: &str| stage.lookup(name);
        let context = run::Context {
            workdir: &workdir,
            vars: &lookup,
            root: stage.runs_as_root(),
            active_venv: active_venv.as_deref(),
            site_packages: site_packages.as_deref(),
        };
        let mut facts = RunFacts::default();
        let mut analyze = |text: &str, locate: &dyn Fn(usize, usize) -> Span| {
            let script = run::Script { text, locate };
            let found = run::analyze(&script, &context);
            facts.packages.extend(found.packages);
            facts.clears_apk_cache |= found.clears_apk_cache;
            facts.pip.extend(found.pip);
            facts.venvs.extend(found.venvs);
            facts.node_modules.extend(found.node_modules);
            facts.compiled.extend(found.compiled);
        };
        match &instruction.args {
            Args::Shell { start, end, .. } => {
                let logical = &instruction.logical;
                let text = &logical.text[*start..*end];
                let locate = |from: usize, to: usize| {
                    let loc = logical.loc(start + from, start + to);
                    Span::new(self.file, loc.start as usize, loc.end as usize)
                };
                analyze(text, &locate);
                // `RUN <<EOF` (or `RUN sh <<EOF`) runs the heredoc as the script.
                let words: Vec<&str> = text.split_whitespace().collect();
                let script_heredoc = words.iter().all(|word| {
                    word.contains("<<") || matches!(*word, "sh" | "bash" | "ash" | "/bin/sh" | "/bin/bash")
                });
                if script_heredoc {
                    for heredoc in &instruction.heredocs {
                        let body = &self.text[heredoc.body.range()];
                        let base = heredoc.body.start as usize;
                        let locate = |from: usize, to: usize| Span::new(self.file, base + from, base + to);
                        analyze(body, &locate);
                    }
                }
            }
            Args::Exec(args) => {
                let span = instruction.args_span().map_or(self.span(instruction.loc), |loc| self.span(loc));
                let script_index = match args.first().map(|arg| arg.value.rsplit('/').next().unwrap_or("")) {
                    Some("sh" | "bash" | "ash" | "dash") => args
                        .iter()
                        .position(|arg| arg.value.starts_with('-') && arg.value.contains('c'))
                        .map(|at| at + 1),
                    _ => None,
                };
                match script_index.and_then(|index| args.get(index)) {
                    Some(script) => analyze(&script.value, &|_, _| self.span(script.loc)),
                    None => {
                        let joined = args.iter().map(|arg| arg.value.as_str()).collect::<Vec<_>>().join(" ");
                        analyze(&joined, &|_, _| span);
                    }
                }
            }
            _ => {}
        }
        let apk_cache_mounted = instruction.flags.iter().filter(|flag| flag.name == "mount").any(|flag| {
            let value = flag.value.as_deref().unwrap_or("");
            let cache = value.split(',').any(|part| part == "type=cache");
            cache
                && value.split(',').any(|part| {
                    part.split_once('=').is_some_and(|(key, path)| {
                        matches!(key, "target" | "dst" | "destination")
                            && matches!(path.trim_end_matches('/'), "/var/cache/apk" | "/etc/apk/cache")
                    })
                })
        });
        Self::apply(stage, &facts);
        stage.runs.push(Run { span: self.span(instruction.loc), facts, apk_cache_mounted });
    }

    /// Record what a `RUN` leaves in the stage.
    fn apply(stage: &mut Stage, facts: &RunFacts) {
        for op in &facts.packages {
            if stage.libc == Libc::Unknown {
                stage.libc = if op.manager == Manager::Apk { Libc::Musl } else { Libc::Glibc };
                stage.libc_evidence = Some(op.program);
            }
            if op.install {
                for package in &op.packages {
                    Arc::make_mut(&mut stage.packages).push(package.clone());
                    if matches!(package.name.as_str(), "python3" | "python3-minimal" | "python") {
                        Arc::make_mut(&mut stage.pythons).push(Interpreter {
                            python: Python { prefix: "/usr", version: None },
                            libc: stage.libc,
                            span: package.span,
                            how: format!("`{}` from the package manager", package.name),
                        });
                    }
                }
            } else if !op.packages.is_empty() {
                // Removed by name or by their `--virtual` group.
                let removed: HashSet<&str> =
                    op.packages.iter().map(|package| package.name.as_str()).collect();
                Arc::make_mut(&mut stage.packages).retain(|package| {
                    !removed.contains(package.name.as_str())
                        && !package.group.as_deref().is_some_and(|group| removed.contains(group))
                });
            }
        }
        let python = stage.python().map(|interpreter| interpreter.python);
        let libc = stage.libc;
        for (path, span) in &facts.venvs {
            add_artifact(
                stage,
                Artifact {
                    path: path.clone(),
                    kind: ArtifactKind::PythonPackages,
                    libc,
                    python,
                    made_by: *span,
                    how: "virtualenv created".to_owned(),
                },
            );
        }
        for pip in &facts.pip {
            let Some(destination) = &pip.destination else { continue };
            // Packages installed into a virtualenv (or directory) already recorded belong to it.
            let recorded = |artifact: &Artifact| artifact.kind == ArtifactKind::PythonPackages;
            if !pip.wheels
                && stage.artifacts.at(destination).chain(stage.artifacts.around(destination)).any(recorded)
            {
                continue;
            }
            let (kind, how) = if pip.wheels {
                (ArtifactKind::PythonWheels, "wheels built by pip")
            } else {
                (ArtifactKind::PythonPackages, "packages installed by pip")
            };
            let artifact = Artifact {
                path: destination.clone(),
                kind,
                libc,
                python,
                made_by: pip.span,
                how: how.to_owned(),
            };
            add_artifact(stage, artifact);
        }
        for (path, span) in &facts.node_modules {
            let artifact = Artifact {
                path: path.clone(),
                kind: ArtifactKind::NodeModules,
                libc,
                python: None,
                made_by: *span,
                how: "Node modules installed".to_owned(),
            };
            add_artifact(stage, artifact);
        }
        for compiled in &facts.compiled {
            let artifact = Artifact {
                path: compiled.path.clone(),
                kind: ArtifactKind::Binary,
                libc: if compiled.static_ { Libc::None } else { libc },
                python: None,
                made_by: compiled.span,
                how: format!("built by `{}`", compiled.tool),
            };
            add_artifact(stage, artifact);
        }
    }
}

impl Instruction {
    /// The arguments' location (after flags), when there are any.
    pub fn args_span(&self) -> Option<Loc> {
        match &self.args {
            Args::None => None,
            Args::Exec(args) => Some(args.iter().fold(args.first()?.loc, |loc, arg| loc.cover(arg.loc))),
            Args::Shell { loc, .. } => Some(*loc),
            Args::Words(words) => {
                Some(words.iter().fold(words.first()?.loc, |loc, word| loc.cover(word.loc)))
            }
            Args::Pairs(pairs) => {
                let first = pairs.first()?.key.loc;
                Some(pairs.iter().fold(first, |loc, pair| {
                    pair.value.as_ref().map_or(loc.cover(pair.key.loc), |value| loc.cover(value.loc))
                }))
            }
            Args::Text(word) => Some(word.loc),
        }
    }
}

fn known(expanded: &Expanded) -> Lookup {
    if expanded.unresolved { Lookup::Unknown } else { Lookup::Known(expanded.value.clone()) }
}

fn global_lookup(globals: &[(String, Lookup)], name: &str) -> Lookup {
    if let Some((_, value)) = globals.iter().rev().find(|(key, _)| key == name) {
        return value.clone();
    }
    if PLATFORM_ARGS.contains(&name) { Lookup::Unknown } else { Lookup::Unset }
}

/// `path` is `dir` or inside it.
pub fn within(path: &str, dir: &str) -> bool {
    let dir = dir.trim_end_matches('/');
    dir.is_empty() || path == dir || path.strip_prefix(dir).is_some_and(|rest| rest.starts_with('/'))
}

fn add_artifact(stage: &mut Stage, artifact: Artifact) {
    Arc::make_mut(&mut stage.artifacts).add(artifact);
}

/// The virtualenv `pip` installs into: `$VIRTUAL_ENV`, or a known virtualenv whose `bin` is
/// first on `PATH`.
fn active_venv(stage: &Stage) -> Option<String> {
    if let Lookup::Known(venv) = stage.lookup("VIRTUAL_ENV") {
        return Some(venv);
    }
    let first = match stage.lookup("PATH") {
        Lookup::Known(path) => path.split(':').next().map(str::to_owned),
        Lookup::Unknown => {
            stage.env.iter().rev().find(|var| var.name == "PATH").and_then(|var| match &var.value {
                EnvValue::Literal { value, .. } => value.split(':').next().map(str::to_owned),
                _ => None,
            })
        }
        Lookup::Unset => None,
    }?;
    let venv = first.strip_suffix("/bin")?;
    stage
        .artifacts
        .at(venv)
        .any(|artifact| artifact.kind == ArtifactKind::PythonPackages)
        .then(|| venv.to_owned())
}

/// What an image ships that only works with its libc: the interpreter and standard library of
/// the official `python` images, `node` and its global modules.
fn image_artifacts(stage: &mut Stage, image: &ImageRef) {
    let contents = image.contents();
    let how = format!("shipped by the `{}` image", image.text);
    if let Some(python) = contents.python {
        Arc::make_mut(&mut stage.pythons).push(Interpreter {
            python,
            libc: stage.libc,
            span: stage.base_span,
            how: how.clone(),
        });
        if python.prefix == "/usr/local" {
            let mut add = |path: String, kind| {
                Arc::make_mut(&mut stage.artifacts).add(Artifact {
                    path,
                    kind,
                    libc: stage.libc,
                    python: Some(python),
                    made_by: stage.base_span,
                    how: how.clone(),
                });
            };
            add("/usr/local/bin".to_owned(), ArtifactKind::PythonInterpreter);
            if let Some((major, minor)) = python.version {
                add(format!("/usr/local/lib/python{major}.{minor}"), ArtifactKind::PythonPackages);
            }
        }
    }
    if contents.node {
        for (path, kind) in [
            ("/usr/local/bin/node", ArtifactKind::Binary),
            ("/usr/local/lib/node_modules", ArtifactKind::NodeModules),
        ] {
            Arc::make_mut(&mut stage.artifacts).add(Artifact {
                path: path.to_owned(),
                kind,
                libc: stage.libc,
                python: None,
                made_by: stage.base_span,
                how: how.clone(),
            });
        }
    }
}

/// The artifacts a `COPY --from` source path takes: those the source stage (or image) has at
/// or under the path, or inside which the path is; else what the path itself says
/// (`site-packages`, `node_modules`, `*.so`).
fn source_artifacts(from: &CopyFrom, source: &str, done: &[Stage]) -> Vec<Artifact> {
    let external;
    let stage: &Stage = match &from.source {
        CopySource::Stage(index) => &done[*index],
        CopySource::Image(image) => {
            let mut stage = Stage {
                index: usize::MAX,
                name: None,
                from: from.span,
                base_span: from.span,
                base: Base::Image(image.clone()),
                image: Some(image.clone()),
                libc: libc_of(image),
                libc_evidence: None,
                pythons: Shared::default(),
                env: Shared::default(),
                user: None,
                workdir: None,
                entrypoint: None,
                cmd: None,
                health: None,
                volumes: Shared::default(),
                packages: Shared::default(),
                artifacts: Arc::default(),
                context_files: Shared::default(),
                inline_files: Shared::default(),
                copies: Vec::new(),
                runs: Vec::new(),
                shell: Vec::new(),
                env_values: Arc::default(),
                args: HashMap::new(),
                inherited_env: 0,
            };
            image_artifacts(&mut stage, image);
            external = stage;
            &external
        }
    };
    let matched: Vec<Artifact> = if paths::has_glob_chars(source) {
        stage
            .artifacts
            .under(paths::parent(source))
            .filter(|artifact| {
                paths::glob_match(source, &artifact.path)
                    || paths::glob_match(paths::file_name(source), paths::file_name(&artifact.path))
            })
            .cloned()
            .collect()
    } else {
        let mut matched: Vec<Artifact> = stage.artifacts.under(source).cloned().collect();
        // A part of one: a directory or a program, not a data file (`pyvenv.cfg`).
        if !is_data_file(source) {
            matched.extend(stage.artifacts.around(source).cloned());
        }
        matched
    };
    if !matched.is_empty() {
        return matched;
    }
    let kind = artifact_kind_of_path(source).filter(|_| !is_data_file(source));
    kind.map(|kind| Artifact {
        path: source.to_owned(),
        kind,
        libc: if kind == ArtifactKind::Binary && source.starts_with("/go/bin") && go_static(stage) {
            Libc::None
        } else {
            stage.libc
        },
        python: if kind.is_python() { stage.python().map(|interpreter| interpreter.python) } else { None },
        made_by: stage.base_span,
        how: "named by the path".to_owned(),
    })
    .into_iter()
    .collect()
}

/// A file that is data, not code: copying it alone brings nothing compiled.
fn is_data_file(path: &str) -> bool {
    const DATA: &[&str] = &[
        "cfg", "txt", "json", "yaml", "yml", "md", "toml", "ini", "log", "pth", "py", "js", "html", "css",
        "lock",
    ];
    paths::file_name(path).rsplit_once('.').is_some_and(|(_, extension)| DATA.contains(&extension))
}

fn go_static(stage: &Stage) -> bool {
    matches!(stage.lookup("CGO_ENABLED"), Lookup::Known(value) if value == "0")
}

/// What a path says it holds.
// Extensions are compared as written: Linux paths are case-sensitive.
#[allow(clippy::case_sensitive_file_extension_comparisons)]
pub fn artifact_kind_of_path(path: &str) -> Option<ArtifactKind> {
    let components: Vec<&str> = path.split('/').collect();
    let name = paths::file_name(path);
    if components.iter().any(|part| {
        matches!(*part, "site-packages" | "dist-packages" | ".local" | "venv" | ".venv" | "virtualenv")
    }) || path.starts_with("/usr/local/lib/python")
        || path.starts_with("/usr/lib/python")
    {
        return Some(ArtifactKind::PythonPackages);
    }
    if name.ends_with(".whl") || components.contains(&"wheels") || components.contains(&"wheelhouse") {
        return Some(ArtifactKind::PythonWheels);
    }
    if components.contains(&"node_modules") || name.ends_with(".node") {
        return Some(ArtifactKind::NodeModules);
    }
    if name.ends_with(".so") || name.contains(".so.") || path.starts_with("/go/bin/") || path == "/go/bin" {
        return Some(ArtifactKind::Binary);
    }
    None
}

/// Where an artifact found through `source` lands when copied to `dest`.
fn landing(source: &str, artifact: &Artifact, dest: &str, dir_dest: bool) -> String {
    if within(&artifact.path, source) && artifact.path != source {
        let rest = artifact.path[source.trim_end_matches('/').len()..].trim_start_matches('/');
        return paths::join(dest, rest);
    }
    if artifact.path == source && dir_dest && artifact.kind == ArtifactKind::Binary {
        return paths::join(dest, paths::file_name(source));
    }
    dest.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dockerfile::syntax::parse;

    fn build(text: &str) -> Build {
        Build::analyze(FileId(0), text, &parse(text), "app", &[])
    }

    #[test]
    fn arg_scoping_and_from_substitution() {
        let text = "ARG VERSION=7.4.6\nARG VARIANT\nFROM redis:${VERSION}-alpine AS base\nRUN echo $VERSION\nARG VERSION\nENV V=$VERSION\nFROM python:${VARIANT:-3.12}-slim\n";
        let build = build(text);
        let image = build.stages[0].image.as_ref().unwrap();
        assert_eq!(image.text, "redis:7.4.6-alpine");
        assert_eq!(&text[image.span.range()], "redis:${VERSION}-alpine");
        assert_eq!(build.stages[0].libc, Libc::Musl);
        match &build.stages[0].env[0].value {
            EnvValue::Literal { value, .. } => assert_eq!(value, "7.4.6"),
            other => panic!("{other:?}"),
        }
        // VARIANT has no default: unknown, kept as written.
        let second = build.stages[1].image.as_ref().unwrap();
        assert_eq!(second.text, "python:${VARIANT:-3.12}-slim");
        assert_eq!(build.stages[1].libc, Libc::Glibc);
        let with_args =
            Build::analyze(FileId(0), text, &parse(text), "", &[("VERSION".into(), "7.2.11".into())]);
        assert_eq!(with_args.stages[0].image.as_ref().unwrap().text, "redis:7.2.11-alpine");
    }

    #[test]
    fn a_stage_arg_is_not_visible_before_it_is_declared() {
        let text = "ARG NAME=global\nFROM alpine\nENV A=${NAME:-unset}\nARG NAME\nENV B=$NAME\nARG LOCAL=x\nFROM alpine\nENV C=${LOCAL:-gone}\n";
        let build = build(text);
        let value = |stage: usize, index: usize| match &build.stages[stage].env[index].value {
            EnvValue::Literal { value, .. } => value.clone(),
            other => panic!("{other:?}"),
        };
        // Before `ARG NAME` the stage does not see the global (the base image's env is unknown).
        assert_eq!(value(0, 0), "${NAME:-unset}");
        assert_eq!(value(0, 1), "global");
        assert_eq!(value(1, 0), "${LOCAL:-gone}");
    }

    #[test]
    fn stages_inherit_and_copies_carry_artifacts() {
        let text = "FROM python:3.12 AS builder\nRUN python -m venv /opt/venv\nENV PATH=/opt/venv/bin:$PATH\nRUN pip install psutil\nFROM python:3.12-alpine\nCOPY --from=builder /opt/venv /opt/venv\nFROM builder AS again\nUSER app\n";
        let build = build(text);
        let copy = &build.stages[1].copies[0];
        assert_eq!(copy.artifacts.len(), 1);
        assert_eq!(copy.artifacts[0].artifact.libc, Libc::Glibc);
        assert_eq!(copy.artifacts[0].artifact.path, "/opt/venv");
        assert_eq!(build.stages[2].base, Base::Stage(0));
        assert_eq!(build.stages[2].libc, Libc::Glibc);
        assert!(build.stages[2].artifacts.iter().any(|artifact| artifact.path == "/opt/venv"));
        assert_eq!(build.outputs(), vec![1, 2]);
        assert_eq!(build.shipped(), vec![true, true, true]);
    }

    #[test]
    fn copies_from_the_context_map_to_the_repository() {
        let text = "FROM redis:7.4.6-alpine\nWORKDIR /usr/local/etc\nCOPY redis.conf redis/\nCOPY conf/users.acl /etc/redis/users.acl\nCMD [\"redis-server\", \"/usr/local/etc/redis/redis.conf\"]\n";
        let build = build(text);
        let container = build.container(0);
        let mappings = container.path_mappings();
        let mapped =
            crate::redis_conf::load::map_container_path(&mappings, "/usr/local/etc/redis/redis.conf");
        assert_eq!(mapped.as_deref(), Some("app/redis.conf"));
        let acl = crate::redis_conf::load::map_container_path(&mappings, "/etc/redis/users.acl");
        assert_eq!(acl.as_deref(), Some("app/conf/users.acl"));
        let command = container.process.command.unwrap();
        assert_eq!(command.value[1].value, "/usr/local/etc/redis/redis.conf");
        assert_eq!(&text[command.value[1].span.range()], "\"/usr/local/etc/redis/redis.conf\"");
    }

    #[test]
    fn files_copied_between_stages_keep_their_repository_path() {
        let text = "FROM alpine:3.20 AS conf\nCOPY conf/ /conf/\nCOPY redis.conf /etc/\nFROM redis:7.4.6\nCOPY --from=conf /conf /usr/local/etc/redis\nCOPY --from=conf /etc/redis.conf /srv/\n";
        let container = build(text).container(1);
        let mappings = container.path_mappings();
        let map = |path| crate::redis_conf::load::map_container_path(&mappings, path);
        assert_eq!(map("/usr/local/etc/redis/users.acl").as_deref(), Some("app/conf/users.acl"));
        assert_eq!(map("/srv/redis.conf").as_deref(), Some("app/redis.conf"));
    }

    #[test]
    fn entrypoint_resets_the_base_command() {
        let built =
            build("FROM redis:7.4.6 AS base\nCMD [\"redis-server\"]\nFROM base\nENTRYPOINT [\"/run.sh\"]\n");
        assert!(built.stages[0].cmd.is_some());
        assert!(built.stages[1].cmd.is_none(), "ENTRYPOINT without CMD clears the inherited CMD");
        let kept = build("FROM redis:7.4.6 AS base\nFROM base\nCMD [\"x\"]\nENTRYPOINT [\"/run.sh\"]\n");
        assert!(kept.stages[1].cmd.is_some(), "a CMD of the same stage stays");
        let shell = build("FROM redis:7.4.6\nCMD redis-server --port 1\n");
        let command = shell.stages[0].cmd.as_ref().unwrap();
        let values: Vec<&str> = command.value.iter().map(|arg| arg.value.as_str()).collect();
        assert_eq!(values, ["/bin/sh", "-c", "redis-server --port 1"]);
    }
}
