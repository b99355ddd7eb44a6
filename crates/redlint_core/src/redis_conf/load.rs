//! Executes redis.conf lines the way `loadServerConfigFromString` does, producing an
//! [`EffectiveConfig`] and the problems Redis would stop at (or silently paper over).
//!
//! Faithful details that matter:
//! - a file's lines, then the command-line options, are one pass ("last line wins");
//! - `save` accumulates: the first `save` line clears the compiled default, later lines
//!   append; after any `include` returns, each `save` line replaces instead (the
//!   `reading_config_file` static is reset by the nested load);
//! - a multi-argument directive given one non-empty argument re-splits it (`--save "60 1"`);
//! - `include` is executed inline, relative paths resolve against the working directory,
//!   which `dir` changes; a glob with no match is ignored, a missing plain path is fatal;
//! - `user` lines are checked when read and applied at startup; `rename-command` follows the
//!   live command table.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::acl::{AclUser, apply_rule, merge_selector_arguments};
use super::commands::is_command;
use super::directives::{
    DirectiveId, IGNORED_DEPRECATED, Lookup, NumFormat, Special, StrCheck, ValueType, lookup,
};
use super::lexer::{LexError, Line, Lines, Token, lex_line};
use super::values::{MemoryValue, memtoull, parse_bool, parse_octal, string2ll, strtoll_full};
use crate::diagnostic::{Applicability, Edit, Fix, Label};
use crate::model::config::{
    Assignment, BufferLimit, DirectiveSettings, EffectiveConfig, Include, LoadModule, MemoryLiteral, Origin,
    Problem, ProblemKind, Rename, Save, SavePoint, SetAt, Setting, Value, Via,
};
use crate::paths;
use crate::settings::RedisVersion;
use crate::source::{FileId, Span};

/// What the loader needs from the engine: parsed files and include resolution.
pub trait ConfFiles {
    fn lines(&mut self, file: FileId) -> Arc<Lines>;
    fn text(&self, file: FileId) -> Arc<str>;
    /// Resolve an `include` argument. `cwd` is Redis's working directory inside the
    /// container when known; otherwise relative paths are taken relative to the directory of
    /// `base`, the config file redis-server was started with.
    fn resolve_include(
        &mut self,
        path: &str,
        cwd: Option<&str>,
        base: FileId,
        mounts: &[PathMapping],
    ) -> IncludeTarget;
    /// How deep `include`s are followed (`max-include-depth` of `input-limit-exceeded`).
    fn max_include_depth(&self) -> usize {
        MAX_INCLUDE_DEPTH
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IncludeTarget {
    /// The files to read, in order (several for a glob; none for a glob without matches).
    Files(Vec<FileId>),
    /// The path maps into the repository but no such file exists there.
    NotFound { repository_path: String },
    /// A container path redlint cannot map to a file it has.
    OutsideRepository,
}

/// Everything that determines one Redis process's configuration.
#[derive(Clone, Debug, Default)]
pub struct LoadRequest {
    pub version: RedisVersion,
    pub sentinel: bool,
    pub config_file: Option<FileId>,
    /// Command-line options, already turned into config lines (see [`super::cmdline`]).
    pub options: Option<Arc<Lines>>,
    /// Directives whose default the image changed: (directive, value as `CONFIG GET` prints it, image).
    pub image_defaults: Vec<(DirectiveId, &'static str, String)>,
    /// Redis's working directory in the container, when known (`/data` in the official image).
    pub cwd: Option<String>,
    /// Settings the image's scripts derive from environment variables, as config lines read
    /// after the file and before the command line.
    pub environment_options: Option<Arc<Lines>>,
    /// Which container paths hold files of the repository (bind mounts, configs).
    pub mounts: Vec<PathMapping>,
    /// Configuration known to exist but not readable here (a config file on a volume).
    pub unseen: Vec<Span>,
    /// Command-line arguments whose values are only known when the container starts.
    pub runtime_values: Vec<Span>,
}

/// A container path backed by a repository path (a file, or a directory and everything in it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathMapping {
    pub container: String,
    pub repository: String,
}

/// The repository path of a container path, through the mappings (the longest match wins).
pub fn map_container_path(mappings: &[PathMapping], path: &str) -> Option<String> {
    mappings
        .iter()
        .filter_map(|mapping| {
            let target = mapping.container.trim_end_matches('/');
            if path == target {
                Some((target.len(), mapping.repository.clone()))
            } else {
                path.strip_prefix(target)
                    .and_then(|rest| rest.strip_prefix('/'))
                    .map(|rest| (target.len(), paths::join(&mapping.repository, rest)))
            }
        })
        .max_by_key(|(length, _)| *length)
        .map(|(_, repository)| repository)
}

/// One stretch of lines to execute, with the text its verbatim tokens point into.
struct Segment {
    lines: Arc<Lines>,
    text: Arc<str>,
    via: Via,
    /// Line numbers to leave out (read as part of a line joined across files).
    skip: Vec<u32>,
    /// The file being read, for include cycles (`None` for the command line).
    file: Option<FileId>,
}

impl Segment {
    fn file(file: FileId, lines: Arc<Lines>, text: Arc<str>) -> Segment {
        Segment { lines, text, via: Via::ConfigFile, skip: Vec::new(), file: Some(file) }
    }
}

/// What Redis's command table looks like after the `rename-command` lines so far.
#[derive(Default)]
struct CommandTable {
    removed: HashSet<String>,
    /// New name → original command.
    added: HashMap<String, String>,
}

impl CommandTable {
    fn original_of(&self, name: &str, version: RedisVersion) -> Option<String> {
        let lower = name.to_ascii_lowercase();
        if let Some(original) = self.added.get(&lower) {
            return Some(original.clone());
        }
        (is_command(&lower, version) && !self.removed.contains(&lower)).then_some(lower)
    }
}

pub struct Loader<'a> {
    files: &'a mut dyn ConfFiles,
    config: EffectiveConfig,
    reading_config_file: bool,
    save_loaded: bool,
    /// The first `include` line seen, for the `save` quirk.
    first_include: Option<Span>,
    include_stack: Vec<FileId>,
    cwd: Option<String>,
    commands: CommandTable,
    /// Lines of `user` directives with their arguments, applied after the whole load.
    pending_users: Vec<PendingUser>,
    /// Container paths backed by repository files, for includes.
    mounts: Vec<PathMapping>,
    /// The line defining each user name so far (Redis refuses duplicates).
    user_lines: HashMap<String, Span>,
    /// (file, line number) of a line the previous line tried to continue.
    continued_line: Option<(FileId, u32)>,
    /// Bytes read through `include` so far, against [`MAX_INCLUDED_BYTES`].
    included_bytes: usize,
}

/// Directives whose arguments are passwords, for misspellings of them.
const SENSITIVE_NAMES: [&str; 4] =
    ["requirepass", "masterauth", "tls-key-file-pass", "tls-client-key-file-pass"];

/// Where a config file's text holds passwords, line by line, whatever the loader makes of
/// the lines: also on lines Redis refuses (an unbalanced quote, a duplicate user), after a
/// line that stops the load, in files nothing loads, and under a misspelt directive. Masked
/// in every output.
pub fn password_spans(lines: &Lines, text: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    for (line, tokens) in lines.iter() {
        let line_text = &text[line.span.range()];
        let trimmed = line_text.trim_start();
        let name_start = line.span.start as usize + (line_text.len() - trimmed.len());
        let name_len = trimmed.find(|c: char| c.is_ascii_whitespace()).unwrap_or(trimmed.len());
        let name = trimmed[..name_len].to_ascii_lowercase();
        // A directive of any version is not a misspelling: most lines are not compared.
        let sensitive = name.contains("pass")
            || SENSITIVE_NAMES.contains(&name.as_str())
            || (matches!(lookup(&name, RedisVersion::default()), Lookup::Unknown)
                && crate::spelling::closest(&name, SENSITIVE_NAMES.iter().copied()).is_some());
        if line.error.is_some() {
            // Tokens cannot be trusted: everything after the directive's name.
            if sensitive || name == "user" || name == "sentinel" {
                let after = &trimmed[name_len..];
                let rest = name_start + name_len + (after.len() - after.trim_start().len());
                spans.push(Span::new(line.span.file, rest, (line.span.end as usize).max(rest)));
            }
            continue;
        }
        let values = tokens.iter().skip(1);
        match name.as_str() {
            "user" => spans.extend(
                values.filter(|token| token.value(text).starts_with(['>', '<'])).map(|token| token.span),
            ),
            "sentinel" => {
                let password =
                    match tokens.get(1).map(|token| token.value(text).to_ascii_lowercase()).as_deref() {
                        Some("auth-pass") => tokens.get(3),
                        Some("sentinel-pass") => tokens.get(2),
                        _ => None,
                    };
                spans.extend(password.map(|token| token.span));
            }
            _ if sensitive => spans.extend(values.map(|token| token.span)),
            _ => {}
        }
    }
    spans
}

/// How deep `include`s are followed by default.
pub const MAX_INCLUDE_DEPTH: usize = 32;
/// Most bytes one load reads through `include`. Each include reads its file again, so a file
/// that includes a big file many times (or files that include each other's includes, level
/// after level) would otherwise cost the product of their sizes, or grow exponentially.
const MAX_INCLUDED_BYTES: usize = 4 << 20;

/// A `user` line read but not applied yet: (name, line, name span, rules with their spans).
type PendingUser = (String, Span, Span, Vec<(String, Span)>);

impl<'a> Loader<'a> {
    pub fn load(files: &'a mut dyn ConfFiles, request: &LoadRequest) -> EffectiveConfig {
        let mut settings = DirectiveSettings::new(request.version);
        for (id, value, image) in &request.image_defaults {
            if let Some(value) = parse_default_text(*id, value, request.version) {
                settings.set(*id, Setting { value, origin: Origin::ImageDefault { image: image.clone() } });
            }
        }
        if request.sentinel {
            // `initSentinelConfig`: "Sentinel must be exposed".
            for (name, value) in [("protected-mode", Value::Bool(false)), ("port", Value::Int(26379))] {
                settings
                    .set(super::directives::id_of(name), Setting { value, origin: Origin::SentinelDefault });
            }
        }
        let save_points = match &settings.get(super::directives::id_of("save")).value {
            Value::List(values) => pairs(values),
            _ => Vec::new(),
        };
        let config = EffectiveConfig {
            version: request.version,
            sentinel: request.sentinel,
            settings,
            save: Save { points: save_points, origin: Origin::RedisDefault, lines: Vec::new() },
            client_output_buffer_limit: [
                BufferLimit { hard: 0, soft: 0, soft_seconds: 0, origin: Origin::RedisDefault },
                BufferLimit {
                    hard: 256 << 20,
                    soft: 64 << 20,
                    soft_seconds: 60,
                    origin: Origin::RedisDefault,
                },
                BufferLimit { hard: 32 << 20, soft: 8 << 20, soft_seconds: 60, origin: Origin::RedisDefault },
            ],
            renames: Vec::new(),
            users: Vec::new(),
            includes: Vec::new(),
            modules: Vec::new(),
            module_configs: Vec::new(),
            assignments: Vec::new(),
            memory_literals: Vec::new(),
            problems: Vec::new(),
            secrets: Vec::new(),
            files: Vec::new(),
            config_file: request.config_file,
            working_dir: request.cwd.clone(),
            unseen: request.unseen.clone(),
            runtime_values: request.runtime_values.clone(),
        };
        let mut loader = Loader {
            files,
            config,
            reading_config_file: false,
            save_loaded: false,
            first_include: None,
            include_stack: Vec::new(),
            cwd: request.cwd.clone(),
            commands: CommandTable::default(),
            pending_users: Vec::new(),
            user_lines: HashMap::new(),
            mounts: request.mounts.clone(),
            continued_line: None,
            included_bytes: 0,
        };
        let mut segments = Vec::new();
        if let Some(file) = request.config_file {
            loader.config.files.push(file);
            segments.push(Segment::file(file, loader.files.lines(file), loader.files.text(file)));
        }
        if let Some(options) = &request.environment_options {
            segments.push(Segment {
                lines: Arc::clone(options),
                text: Arc::from(""),
                via: Via::Environment,
                skip: Vec::new(),
                file: None,
            });
        }
        if let Some(options) = &request.options {
            segments.push(Segment {
                lines: Arc::clone(options),
                text: Arc::from(""),
                via: Via::CommandLine,
                skip: Vec::new(),
                file: None,
            });
        }
        loader.load_frame(&segments);
        loader.finish()
    }

    /// One call of `loadServerConfigFromString`.
    fn load_frame(&mut self, segments: &[Segment]) {
        self.reading_config_file = true;
        for segment in segments {
            // Only the file being read counts for cycles: a glob's earlier files are done.
            self.include_stack.extend(segment.file);
            for (line, tokens) in segment.lines.iter() {
                if segment.skip.contains(&line.number) {
                    continue;
                }
                self.process_line(line, tokens, &segment.text, segment.via);
            }
            if segment.file.is_some() {
                self.include_stack.pop();
            }
        }
        self.end_of_load_checks();
        self.reading_config_file = false;
    }

    fn problem(&mut self, kind: ProblemKind, span: Span, message: impl Into<String>) -> &mut Problem {
        self.config.problems.push(Problem {
            kind,
            span,
            message: message.into(),
            labels: Vec::new(),
            help: None,
            fix: None,
        });
        self.config.problems.last_mut().expect("just pushed")
    }

    fn process_line(&mut self, line: &Line, tokens: &[Token], text: &str, via: Via) {
        if self.continued_line.take() == Some((line.span.file, line.number)) {
            // Reported with the line that ends in `\`.
            return;
        }
        // A comment with a quote in it (`# the pod's memory`) makes the line unparsable; the
        // comment is the mistake to report, and the part before it is what the author meant.
        let mut prefix = Lines::default();
        let mut comment_from_error = None;
        let tokens: &[Token] = match line.error {
            None => tokens,
            Some(error) => match comment_before(text, line, error.span().start as usize, via) {
                Some(hash) => {
                    lex_line(line.span.file, text, line.span.start as usize, hash, line.number, &mut prefix);
                    match prefix.iter().next() {
                        Some((prefix_line, prefix_tokens)) if prefix_line.error.is_none() => {
                            comment_from_error =
                                Some(Span::new(line.span.file, hash, line.span.end as usize));
                            prefix_tokens
                        }
                        _ => return self.syntax_error(error),
                    }
                }
                None => return self.syntax_error(error),
            },
        };
        let mut tokens: Vec<(&str, Span, bool)> =
            tokens.iter().map(|token| (token.value(text), token.span, token.is_quoted())).collect();
        // Names are case-insensitive; most are already lower case.
        let name: std::borrow::Cow<'_, str> = if tokens[0].0.bytes().any(|byte| byte.is_ascii_uppercase()) {
            std::borrow::Cow::Owned(tokens[0].0.to_ascii_lowercase())
        } else {
            std::borrow::Cow::Borrowed(tokens[0].0)
        };

        let comment = match comment_from_error {
            Some(span) => Some((span, tokens.len())),
            None => inline_comment_index(&name, &tokens, self.config.version)
                .map(|index| (covering(tokens[index].1, tokens[tokens.len() - 1].1), index)),
        };
        if let Some((comment, keep)) = comment {
            let cut_from = tokens[keep - 1].1.end as usize;
            let problem = self.problem(
                ProblemKind::InlineComment,
                comment,
                "`#` starts a comment only at the beginning of a line; here it is read as an argument",
            );
            problem.help = Some("move the comment to its own line above the directive".to_owned());
            problem.fix = Some(Fix {
                description: "remove the trailing comment".to_owned(),
                edits: vec![Edit {
                    span: Span::new(comment.file, cut_from, comment.end as usize),
                    replacement: String::new(),
                }],
                applicability: Applicability::Unsafe,
            });
            tokens.truncate(keep);
        }
        if let (Some(&(last, span, false)), Via::ConfigFile) = (tokens.last(), via) {
            if tokens.len() >= 2 && last.ends_with('\\') {
                let next_is_directive = self.next_line_is_directive(line);
                if last == "\\" || !next_is_directive {
                    let problem = self.problem(
                        ProblemKind::LineContinuation,
                        span,
                        "a trailing `\\` does not continue a redis.conf line",
                    );
                    problem.help = Some("write the whole directive on one line".to_owned());
                    if !next_is_directive {
                        // Reported here, not again as an unknown directive.
                        self.continued_line = Some((line.span.file, line.number + 1));
                    }
                    return;
                }
            }
        }
        let at = |tokens: &[(&str, Span, bool)]| SetAt {
            line: line.span,
            name: tokens[0].1,
            value: match (tokens.get(1), tokens.last()) {
                (Some(first), Some(last)) => covering(first.1, last.1),
                _ => Span::new(line.span.file, tokens[0].1.end as usize, tokens[0].1.end as usize),
            },
            via,
        };
        let set_at = at(&tokens);
        match lookup(&name, self.config.version) {
            Lookup::Found { id, via_alias } => {
                if via_alias {
                    let canonical = id.name();
                    let problem = self.problem(
                        ProblemKind::DeprecatedDirective,
                        tokens[0].1,
                        format!("`{name}` is an old name of `{canonical}`"),
                    );
                    problem.help = Some(format!("use `{canonical}`"));
                    if via == Via::ConfigFile {
                        problem.fix = Some(Fix {
                            description: format!("rename to `{canonical}`"),
                            edits: vec![Edit { span: tokens[0].1, replacement: canonical.to_owned() }],
                            applicability: Applicability::Safe,
                        });
                    }
                }
                self.process_standard(id, &tokens, set_at);
            }
            Lookup::OtherVersion { id } => {
                let spec = id.spec();
                let version = self.config.version;
                let message = if spec.since > version {
                    format!("`{name}` needs Redis {} or later; Redis {version} refuses to start", spec.since)
                } else {
                    let renamed = super::directives::DIRECTIVES
                        .iter()
                        .find(|other| other.alias == Some(spec.name) && other.exists_in(version))
                        .map_or(String::new(), |other| format!(" (it is called `{}` there)", other.name));
                    format!("`{name}` does not exist in Redis {version}{renamed}")
                };
                let problem = self.problem(ProblemKind::UnknownDirective, tokens[0].1, message);
                problem.help =
                    Some("remove it, or set the target Redis version to the one you run".to_owned());
            }
            Lookup::Unknown => self.process_other(&name, &tokens, set_at),
        }
    }

    fn syntax_error(&mut self, error: LexError) {
        let message = match error {
            LexError::UnterminatedQuote(_) => "unbalanced quotes: this quote is never closed",
            LexError::TextAfterClosingQuote(_) => {
                "unbalanced quotes: a closing quote must be followed by a space"
            }
            LexError::NulByte(_) => "NUL byte in the configuration: Redis stops reading the line here",
        };
        self.problem(ProblemKind::SyntaxError, error.span(), message).help =
            Some("Redis refuses the whole file; fix the quoting of this line".to_owned());
    }

    fn next_line_is_directive(&mut self, line: &Line) -> bool {
        let version = self.config.version;
        let lines = self.files.lines(line.span.file);
        let text = self.files.text(line.span.file);
        lines.iter().find(|(next, _)| next.number == line.number + 1).is_none_or(|(_, tokens)| {
            tokens.first().is_some_and(|token| {
                let name = token.value(&text).to_ascii_lowercase();
                !matches!(lookup(&name, version), Lookup::Unknown)
                    || matches!(
                        name.as_str(),
                        "include" | "rename-command" | "user" | "loadmodule" | "sentinel"
                    )
            })
        })
    }

    fn process_standard(&mut self, id: DirectiveId, tokens: &[(&str, Span, bool)], at: SetAt) {
        let spec = id.spec();
        if spec.is_sensitive() {
            self.config.secrets.extend(tokens[1..].iter().map(|token| token.1));
        }
        let args: Vec<(&str, Span)> = tokens[1..].iter().map(|&(value, span, _)| (value, span)).collect();
        if !spec.is_multi_arg() && args.len() != 1 {
            let (span, message) = match args.get(1) {
                None => (at.name, format!("`{}` needs a value", spec.name)),
                Some(extra) => (
                    covering(extra.1, Span::new(at.value.file, at.value.end as usize, at.value.end as usize)),
                    format!("`{}` takes one argument, {} given", spec.name, args.len()),
                ),
            };
            let help = if args.is_empty() {
                "give it a value (`\"\"` for an empty one)"
            } else {
                "quote a value that contains spaces"
            };
            self.problem(ProblemKind::WrongArgumentCount, span, message).help = Some(help.to_owned());
            return;
        }
        // A multi-argument directive given one non-empty argument re-splits it.
        let resplit;
        let args: Vec<(&str, Span)> = if spec.is_multi_arg() && args.len() == 1 && !args[0].0.is_empty() {
            resplit = split_value(args[0].0);
            match &resplit {
                Some(parts) => parts.iter().map(|part| (part.as_str(), args[0].1)).collect(),
                None => {
                    self.problem(ProblemKind::InvalidValue, args[0].1, "unbalanced quotes inside the value");
                    return;
                }
            }
        } else {
            args
        };
        let mut literals = Vec::new();
        match parse_value(id, &args, self.config.version, &mut literals) {
            Ok(parsed) => {
                self.config.memory_literals.extend(literals.into_iter().map(|(text, span, value)| {
                    MemoryLiteral {
                        exact: self.files.text(span.file).get(span.range()) == Some(text.as_str()),
                        text,
                        span,
                        value,
                        via: at.via,
                    }
                }));
                self.apply(id, parsed, at);
            }
            Err(message) => {
                let span = args
                    .first()
                    .map_or(at.line, |first| covering(first.1, args.last().expect("non-empty").1));
                let message = if spec.is_sensitive() {
                    format!("invalid `{}` value", spec.name)
                } else {
                    format!("invalid `{}` value: {message}", spec.name)
                };
                self.problem(ProblemKind::InvalidValue, span, message).help =
                    Some(format!("Redis refuses to start with this `{}` line", spec.name));
            }
        }
    }

    fn apply(&mut self, id: DirectiveId, parsed: Parsed, at: SetAt) {
        let spec = id.spec();
        match parsed {
            Parsed::Value(value) => {
                if spec.ty == ValueType::Special(Special::Dir) {
                    if let Value::Str(path) = &value {
                        self.cwd = Some(match &self.cwd {
                            Some(cwd) => paths::join(cwd, path),
                            None if path.starts_with('/') => paths::normalize_path(path),
                            None => path.clone(),
                        });
                    }
                }
                self.config.assignments.push(Assignment { directive: id, at, value: value.clone() });
                self.config.settings.set(id, Setting { value, origin: Origin::Set(at) });
            }
            Parsed::Save(points) => self.apply_save(points, at),
            Parsed::BufferLimits(limits) => {
                for (class, hard, soft, seconds) in limits {
                    self.config.client_output_buffer_limit[class] =
                        BufferLimit { hard, soft, soft_seconds: seconds, origin: Origin::Set(at) };
                }
            }
        }
    }

    /// `setConfigSaveOption`, including its two statics.
    fn apply_save(&mut self, points: Vec<SavePoint>, at: SetAt) {
        let replaces = if self.reading_config_file {
            !std::mem::replace(&mut self.save_loaded, true)
        } else {
            if !self.config.save.lines.is_empty() && !points.is_empty() {
                let dropped = self.config.save.lines.clone();
                let first_include = self.first_include;
                let problem = self.problem(
                    ProblemKind::SaveAfterInclude,
                    at.line,
                    "after an `include`, each `save` line replaces the save points instead of adding to them",
                );
                for earlier in dropped {
                    problem.labels.push(Label {
                        span: earlier.line,
                        message: "these save points are discarded".to_owned(),
                    });
                }
                if let Some(include) = first_include {
                    problem
                        .labels
                        .push(Label { span: include, message: "because of this include".to_owned() });
                }
                problem.help = Some(
                    "put all save points on one `save` line, or move the `include` after the `save` lines"
                        .to_owned(),
                );
            }
            true
        };
        if replaces {
            self.config.save.points.clear();
            self.config.save.lines.clear();
        }
        if points.is_empty() {
            // `save ""` clears everything so far.
            self.config.save.points.clear();
            self.config.save.lines.clear();
        } else {
            self.config.save.points.extend(points);
            self.config.save.lines.push(at);
        }
        self.config.save.origin = Origin::Set(at);
    }

    fn process_other(&mut self, name: &str, tokens: &[(&str, Span, bool)], at: SetAt) {
        let argc = tokens.len();
        if IGNORED_DEPRECATED.contains(&name) && argc == 2 {
            self.problem(ProblemKind::IgnoredDirective, at.line, format!("Redis 7 ignores `{name}`")).help =
                Some("remove the line; it has no effect".to_owned());
            return;
        }
        // Passwords are masked in every output, also on lines Redis refuses.
        match name {
            "user" => {
                let passwords = tokens.iter().skip(2).filter(|token| token.0.starts_with(['>', '<']));
                self.config.secrets.extend(passwords.map(|token| token.1));
            }
            // `sentinel auth-pass <master> <password>`, `sentinel sentinel-pass <password>`.
            "sentinel" => {
                let password = match tokens.get(1).map(|token| token.0.to_ascii_lowercase()).as_deref() {
                    Some("auth-pass") => tokens.get(3),
                    Some("sentinel-pass") => tokens.get(2),
                    _ => None,
                };
                self.config.secrets.extend(password.map(|token| token.1));
            }
            // A misspelt password directive (`requirepas`) still holds a password.
            _ if name.contains("pass")
                || crate::spelling::closest(name, SENSITIVE_NAMES.iter().copied()).is_some() =>
            {
                self.config.secrets.extend(tokens[1..].iter().map(|token| token.1));
            }
            _ => {}
        }
        match name {
            "include" if argc == 2 => self.include(tokens[1].0, tokens[1].1, at),
            "rename-command" if argc == 3 => self.rename(tokens, at),
            "user" if argc >= 2 => {
                let name = tokens[1].0.to_owned();
                if let Some(&first) = self.user_lines.get(&name) {
                    let problem = self.problem(
                        ProblemKind::ConflictingDirectives,
                        tokens[1].1,
                        format!("user `{name}` is defined twice; Redis refuses duplicate users"),
                    );
                    problem.labels.push(Label { span: first, message: "first defined here".to_owned() });
                    problem.help = Some("merge the rules into one `user` line".to_owned());
                    return;
                }
                let rules: Vec<(String, Span)> =
                    tokens[2..].iter().map(|&(value, span, _)| (value.to_owned(), span)).collect();
                self.check_user_rules(&name, tokens[1].1, &rules, at.line);
                self.user_lines.insert(name.clone(), at.line);
                self.pending_users.push((name, at.line, tokens[1].1, rules));
            }
            "loadmodule" if argc >= 2 => {
                self.config.modules.push(LoadModule { path: tokens[1].0.to_owned(), line: at.line });
            }
            _ if name.contains('.') => {
                if argc == 2 {
                    self.config.module_configs.push(at.line);
                } else {
                    self.problem(
                        ProblemKind::WrongArgumentCount,
                        at.line,
                        format!("module configuration `{name}` takes exactly one value"),
                    );
                }
            }
            "sentinel" => {
                if argc != 1 && !self.config.sentinel {
                    let problem = self.problem(
                        ProblemKind::UnknownDirective,
                        tokens[0].1,
                        "`sentinel` directives are only valid when Redis runs as Sentinel",
                    );
                    problem.help = Some(
                        "start it with `redis-sentinel` (or `redis-server --sentinel`), or remove the line"
                            .to_owned(),
                    );
                }
            }
            "include" | "rename-command" | "user" | "loadmodule" => {
                let expected = match name {
                    "include" => "one path",
                    "rename-command" => "a command and its new name",
                    "user" => "a user name and its rules",
                    _ => "a module path",
                };
                self.problem(
                    ProblemKind::WrongArgumentCount,
                    at.line,
                    format!("`{name}` takes {expected}"),
                )
                .help = Some("quote an argument that contains spaces".to_owned());
            }
            _ if IGNORED_DEPRECATED.contains(&name) => {
                self.problem(
                    ProblemKind::WrongArgumentCount,
                    at.line,
                    format!("`{name}` takes one argument"),
                );
            }
            _ => {
                let suggestion = suggest(name, self.config.version);
                let problem = self.problem(
                    ProblemKind::UnknownDirective,
                    tokens[0].1,
                    format!("unknown directive `{name}`: Redis refuses to start"),
                );
                if let Some(suggestion) = suggestion {
                    problem.help = Some(format!("did you mean `{suggestion}`?"));
                    problem.fix = Some(Fix {
                        description: format!("replace with `{suggestion}`"),
                        edits: vec![Edit { span: tokens[0].1, replacement: suggestion.to_owned() }],
                        applicability: Applicability::Unsafe,
                    });
                } else {
                    problem.help =
                        Some("remove the line, or check the spelling against redis.conf".to_owned());
                }
            }
        }
    }

    fn include(&mut self, path: &str, span: Span, at: SetAt) {
        self.first_include.get_or_insert(at.line);
        if !path.starts_with('/') {
            let problem = self.problem(
                ProblemKind::RelativeInclude,
                span,
                "relative include paths resolve against Redis's working directory, not this file's directory",
            );
            problem.help = Some("use an absolute path".to_owned());
        }
        // Relative paths resolve against the working directory, which for a config checked on
        // its own is taken to be the directory of the file given to redis-server — also for
        // includes inside included files.
        let base = self.config.config_file.unwrap_or(at.line.file);
        let target = self.files.resolve_include(path, self.cwd.as_deref(), base, &self.mounts);
        match target {
            IncludeTarget::Files(files) => {
                self.config.includes.push(Include { path: path.to_owned(), span, files: files.clone() });
                if files.iter().any(|file| self.include_stack.contains(file)) {
                    self.problem(
                        ProblemKind::IncludeCycle,
                        span,
                        format!("`{path}` is already being read: this include closes a cycle, and Redis recurses until it crashes"),
                    )
                    .help = Some("remove the include that closes the cycle".to_owned());
                    return;
                }
                let max_depth = self.files.max_include_depth();
                if self.include_stack.len() >= max_depth {
                    self.problem(
                        ProblemKind::InputLimit,
                        span,
                        format!(
                            "includes nest deeper than {max_depth} levels (the include depth limit): `{path}` was not read"
                        ),
                    )
                    .help = Some(
                        "flatten the includes, or raise `max-include-depth` under `[rules.input-limit-exceeded]` in redlint.toml"
                            .to_owned(),
                    );
                    return;
                }
                let bytes: usize = files.iter().map(|&file| self.files.text(file).len()).sum();
                if self.included_bytes + bytes > MAX_INCLUDED_BYTES {
                    let limit = MAX_INCLUDED_BYTES >> 20;
                    self.problem(
                        ProblemKind::InputLimit,
                        span,
                        format!(
                            "`{path}` was not read: this config's includes add up to more than {limit} MiB (the included bytes limit)"
                        ),
                    )
                    .help = Some("include each file once; redlint stops following includes there".to_owned());
                    return;
                }
                self.included_bytes += bytes;
                let segments = self.glob_segments(&files, path);
                for &file in &files {
                    if !self.config.files.contains(&file) {
                        self.config.files.push(file);
                    }
                }
                self.load_frame(&segments);
            }
            IncludeTarget::NotFound { repository_path } => {
                // Redis would have read the file (or exited): the nested load resets the flag.
                self.reading_config_file = false;
                let problem = self.problem(
                    ProblemKind::IncludeNotFound,
                    span,
                    format!("included file `{path}` does not exist (looked for `{repository_path}`); Redis refuses to start"),
                );
                problem.help = Some("fix the path, or add the file".to_owned());
            }
            IncludeTarget::OutsideRepository => {
                self.reading_config_file = false;
                self.config.unseen.push(span);
                let problem = self.problem(
                    ProblemKind::IncludeOutsideRepository,
                    span,
                    format!("`{path}` is not a file redlint can see, so its directives were not checked"),
                );
                problem.help = Some(
                    "mount or copy the file from the repository, so its settings can be checked".to_owned(),
                );
            }
        }
    }

    /// The files a glob matched, as Redis reads them: concatenated into one text, so a file
    /// without a final newline joins its last line with the next file's first line.
    fn glob_segments(&mut self, files: &[FileId], pattern: &str) -> Vec<Segment> {
        let mut segments: Vec<Segment> = files
            .iter()
            .map(|&file| Segment::file(file, self.files.lines(file), self.files.text(file)))
            .collect();
        for index in (0..files.len().saturating_sub(1)).rev() {
            let (first, second) = (files[index], files[index + 1]);
            let first_text = self.files.text(first);
            if first_text.is_empty() || first_text.ends_with('\n') {
                continue;
            }
            let second_text = self.files.text(second);
            let joined = join_boundary(first, &first_text, second, &second_text);
            segments[index].skip.push(joined.first_line);
            segments[index + 1].skip.push(1);
            let swallowed = joined.lines.is_empty();
            segments.insert(
                index + 1,
                Segment {
                    lines: Arc::new(joined.lines),
                    text: Arc::clone(&first_text),
                    via: Via::ConfigFile,
                    skip: Vec::new(),
                    file: Some(first),
                },
            );
            let consequence = if swallowed {
                "which ends up in a comment and is ignored"
            } else {
                "and reads the two as one line"
            };
            let problem = self.problem(
                ProblemKind::MissingFinalNewline,
                joined.first_span,
                format!("no newline at the end of this file: `include {pattern}` joins its last line with the first line of the next file, {consequence}"),
            );
            problem
                .labels
                .push(Label { span: joined.second_span, message: "joined with this line".to_owned() });
            problem.help = Some("end every included file with a newline".to_owned());
        }
        segments
    }

    fn rename(&mut self, tokens: &[(&str, Span, bool)], at: SetAt) {
        let version = self.config.version;
        let (old, new) = (tokens[1], tokens[2]);
        let Some(original) = self.commands.original_of(old.0, version) else {
            let earlier = self
                .config
                .renames
                .iter()
                .rev()
                .find(|rename| rename.command.eq_ignore_ascii_case(old.0))
                .map(|rename| rename.line);
            let problem = self.problem(
                ProblemKind::InvalidValue,
                old.1,
                format!("no command `{}` to rename: Redis refuses to start", old.0.to_ascii_lowercase()),
            );
            if let Some(earlier) = earlier {
                problem.labels.push(Label { span: earlier, message: "already renamed here".to_owned() });
                problem.help = Some("rename each command once".to_owned());
            }
            return;
        };
        let old_lower = old.0.to_ascii_lowercase();
        if self.commands.added.remove(&old_lower).is_none() {
            self.commands.removed.insert(old_lower);
        }
        if !new.0.is_empty() {
            if self.commands.original_of(new.0, version).is_some() {
                self.problem(
                    ProblemKind::InvalidValue,
                    new.1,
                    format!("cannot rename to `{}`: a command with that name already exists", new.0),
                );
                return;
            }
            self.commands.added.insert(new.0.to_ascii_lowercase(), original.clone());
        }
        self.config.renames.push(Rename {
            command: original,
            new_name: new.0.to_owned(),
            line: at.line,
            new_name_span: new.1,
        });
    }

    /// `ACLAppendUserForLoading`: rules are tried on a scratch user as the line is read.
    fn check_user_rules(&mut self, name: &str, name_span: Span, rules: &[(String, Span)], line: Span) {
        let args: Vec<(&str, Span)> = rules.iter().map(|(rule, span)| (rule.as_str(), *span)).collect();
        let merged = match merge_selector_arguments(&args) {
            Ok(merged) => merged,
            Err(error) => {
                self.problem(
                    ProblemKind::InvalidValue,
                    error.span,
                    format!("user `{name}`: {}", error.message),
                );
                return;
            }
        };
        let mut user = AclUser::new(name, line, name_span);
        for (rule, span) in merged {
            if let Err(error) = apply_rule(&mut user, &rule, span, self.config.version) {
                let is_secret = rule.starts_with('>') || rule.starts_with('<');
                let shown = if is_secret { String::new() } else { format!(" `{rule}`") };
                self.problem(
                    ProblemKind::InvalidValue,
                    error.span,
                    format!("user `{name}`: invalid rule{shown}: {}", error.message),
                )
                .help = Some("Redis refuses to start with this user".to_owned());
                return;
            }
        }
    }

    /// The checks at the end of `loadServerConfigFromString` (run for every nested load).
    fn end_of_load_checks(&mut self) {
        let cluster = self.config.setting("cluster-enabled");
        let replicaof = self.config.setting("replicaof");
        if cluster.value == Value::Bool(true) && replicaof.value != Value::List(Vec::new()) {
            if let (Some(replica_line), Some(cluster_line)) =
                (replicaof.origin.line_span(), cluster.origin.line_span())
            {
                if !self.config.problems.iter().any(|problem| problem.span == replica_line) {
                    let problem = self.problem(
                        ProblemKind::ConflictingDirectives,
                        replica_line,
                        "`replicaof` is not allowed in cluster mode: Redis refuses to start",
                    );
                    problem
                        .labels
                        .push(Label { span: cluster_line, message: "cluster mode enabled here".to_owned() });
                    problem.help = Some(
                        "a cluster node becomes a replica with `CLUSTER REPLICATE`, not `replicaof`"
                            .to_owned(),
                    );
                }
            }
        }
        // Redis clamps hz into 1..=500 after loading.
        let hz = super::directives::id_of("hz");
        if let Setting { value: Value::Int(value), origin } = self.config.settings.get(hz) {
            if !(1..=500).contains(value) {
                let clamped = Setting { value: Value::Int((*value).clamp(1, 500)), origin: origin.clone() };
                self.config.settings.set(hz, clamped);
            }
        }
    }

    fn finish(mut self) -> EffectiveConfig {
        self.config.working_dir = self.cwd.take();
        let users = std::mem::take(&mut self.pending_users);
        let aclfile = self.config.aclfile();
        for (name, line, name_span, rules) in users {
            if let Some(aclfile) = aclfile {
                let problem = self.problem(
                    ProblemKind::ConflictingDirectives,
                    line,
                    "`user` lines cannot be combined with `aclfile`: Redis refuses to start",
                );
                problem.labels.push(Label { span: aclfile, message: "ACL file set here".to_owned() });
                problem.help = Some("define the users in the ACL file, or drop `aclfile`".to_owned());
            }
            // `ACLLoadConfiguredUsers`: the default user is reset before its rules apply.
            let mut user = AclUser::new(&name, line, name_span);
            let args: Vec<(&str, Span)> = rules.iter().map(|(rule, span)| (rule.as_str(), *span)).collect();
            if let Ok(merged) = merge_selector_arguments(&args) {
                for (rule, span) in merged {
                    let _ = apply_rule(&mut user, &rule, span, self.config.version);
                }
            }
            self.config.users.push(user);
        }
        if self.config.modules.is_empty() {
            for line in self.config.module_configs.clone() {
                let problem = self.problem(
                    ProblemKind::ModuleConfigWithoutModule,
                    line,
                    "module configuration without a `loadmodule`: Redis aborts at startup",
                );
                problem.help = Some("load the module that owns this setting, or remove the line".to_owned());
            }
        }
        self.config
    }
}

/// From `first` to `last`; only `first` when they are in different files (a line joined
/// across two included files).
fn covering(first: Span, last: Span) -> Span {
    if first.file == last.file { first.cover(last) } else { first }
}

/// The line made of one file's last line and the next file's first line.
struct JoinedLine {
    lines: Lines,
    /// Number of the first file's last line.
    first_line: u32,
    first_span: Span,
    second_span: Span,
}

fn join_boundary(first: FileId, first_text: &str, second: FileId, second_text: &str) -> JoinedLine {
    let first_start = first_text.rfind('\n').map_or(0, |newline| newline + 1);
    let first_line = first_text[..first_start].matches('\n').count() as u32 + 1;
    let second_end = second_text.find('\n').unwrap_or(second_text.len());
    let joined = format!("{}{}", &first_text[first_start..], &second_text[..second_end]);
    let split = first_text.len() - first_start;
    let map = |span: Span| {
        let (start, end) = (span.start as usize, span.end as usize);
        if end <= split {
            Span::new(first, first_start + start, first_start + end)
        } else if start >= split {
            Span::new(second, start - split, end - split)
        } else {
            // A token across the boundary: point at its part in the first file.
            Span::new(first, first_start + start, first_text.len())
        }
    };
    let mut synthetic = Lines::default();
    lex_line(FileId(u32::MAX), &joined, 0, joined.len(), first_line, &mut synthetic);
    let mut lines = Lines::default();
    for (line, tokens) in synthetic.iter() {
        let mapped =
            tokens.iter().map(|token| Token::decoded(map(token.span), token.value(&joined))).collect();
        let error = line.error.map(|error| match error {
            LexError::UnterminatedQuote(span) => LexError::UnterminatedQuote(map(span)),
            LexError::TextAfterClosingQuote(span) => LexError::TextAfterClosingQuote(map(span)),
            LexError::NulByte(span) => LexError::NulByte(map(span)),
        });
        lines.push(line.number, map(line.span), mapped, error);
    }
    JoinedLine {
        lines,
        first_line,
        first_span: Span::new(first, first_start, first_text.len()),
        second_span: Span::new(second, 0, second_end),
    }
}

/// Start of a ` #` comment in a config-file line, before the byte where lexing failed.
fn comment_before(text: &str, line: &Line, error_at: usize, via: Via) -> Option<usize> {
    if via != Via::ConfigFile {
        return None;
    }
    let bytes = text.as_bytes();
    let end = error_at.min(line.span.end as usize).min(bytes.len());
    (line.span.start as usize + 1..end)
        .find(|&index| bytes[index] == b'#' && matches!(bytes[index - 1], b' ' | b'\t'))
}

/// Index of the token where an inline comment starts, if the author wrote one: an unquoted
/// argument starting with `#` in a position where the directive takes no such argument. A
/// value that may legitimately start with `#` (a password, a new command name, a password
/// hash in a `user` line, anything in `sentinel` and `loadmodule` lines) is not a comment.
fn inline_comment_index(name: &str, tokens: &[(&str, Span, bool)], version: RedisVersion) -> Option<usize> {
    let first_comment_position = match name {
        "sentinel" | "loadmodule" => return None,
        "rename-command" => 3,
        "user" => 2,
        _ => match lookup(name, version) {
            Lookup::Found { id, .. } if id.spec().is_multi_arg() => 1,
            _ => 2,
        },
    };
    tokens.iter().enumerate().skip(1).find_map(|(index, &(value, _, quoted))| {
        if quoted || !value.starts_with('#') {
            return None;
        }
        let is_hash = value.len() == 65 && value[1..].bytes().all(|b| b.is_ascii_hexdigit());
        let comment = if name == "user" { !is_hash } else { index >= first_comment_position || value == "#" };
        comment.then_some(index)
    })
}

/// Closest directive name for a typo (edit distance at most 2, or a prefix match).
fn suggest(name: &str, version: RedisVersion) -> Option<&'static str> {
    let mut best: Option<(usize, &'static str)> = None;
    let candidates = super::directives::DIRECTIVES
        .iter()
        .filter(|spec| spec.exists_in(version) && !spec.flags.contains(super::directives::Flags::HIDDEN))
        .map(|spec| spec.name)
        .chain(["include", "rename-command", "user", "loadmodule"]);
    let limit = 2.max(name.len() / 6);
    let length = name.chars().count();
    for candidate in candidates {
        // The distance is at least the difference in length: a long name (a line of junk)
        // is far from every directive, and is not compared character by character.
        if length.abs_diff(candidate.len()) > limit {
            continue;
        }
        let distance = edit_distance(name, candidate);
        if distance <= limit && best.is_none_or(|(best_distance, _)| distance < best_distance) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, candidate)| candidate)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, &cb) in b.iter().enumerate() {
            current[j + 1] =
                (previous[j] + usize::from(ca != cb)).min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    previous[b.len()]
}

/// `sdssplitargs` on a value (for multi-argument directives given one argument).
fn split_value(value: &str) -> Option<Vec<String>> {
    let lines = super::lexer::lex(FileId(u32::MAX), value);
    let mut parts = Vec::new();
    for (line, tokens) in lines.iter() {
        if line.error.is_some() {
            return None;
        }
        parts.extend(tokens.iter().map(|token| token.value(value).to_owned()));
    }
    Some(parts)
}

fn pairs(values: &[String]) -> Vec<SavePoint> {
    values
        .chunks(2)
        .filter_map(|pair| match pair {
            [seconds, changes] => Some(SavePoint {
                seconds: strtoll_full(seconds).unwrap_or(0),
                changes: strtoll_full(changes).unwrap_or(0),
            }),
            _ => None,
        })
        .collect()
}

/// A parsed directive line.
enum Parsed {
    Value(Value),
    Save(Vec<SavePoint>),
    /// (class index, hard, soft, soft seconds).
    BufferLimits(Vec<(usize, u64, u64, i64)>),
}

/// The compiled default of a directive, parsed like a user value.
pub(crate) fn parse_default(id: DirectiveId, version: RedisVersion) -> Option<Value> {
    parse_default_text(id, id.spec().default, version)
}

fn parse_default_text(id: DirectiveId, text: &str, version: RedisVersion) -> Option<Value> {
    let spec = id.spec();
    let args: Vec<(&str, Span)> = if spec.is_multi_arg() {
        text.split(' ')
            .filter(|part| !part.is_empty())
            .map(|part| (part, Span::file_start(FileId(0))))
            .collect()
    } else {
        vec![(text, Span::file_start(FileId(0)))]
    };
    match spec.ty {
        ValueType::Special(Special::Save) => {
            Some(Value::List(args.iter().map(|(arg, _)| (*arg).to_owned()).collect()))
        }
        ValueType::Special(Special::ClientOutputBufferLimit) => Some(Value::Str(text.to_owned())),
        ValueType::Special(Special::Dir) => Some(Value::Str(String::new())),
        ValueType::Special(Special::ReplicaOf) if text.is_empty() => Some(Value::List(Vec::new())),
        _ => match parse_value(id, &args, version, &mut Vec::new()) {
            Ok(Parsed::Value(value)) => Some(value),
            _ => None,
        },
    }
}

/// A memory size as written (`512m`), where, and what Redis reads it as.
type Literal = (String, Span, MemoryValue);

/// Validate and convert a directive's arguments. Memory sizes found go to `literals`.
fn parse_value(
    id: DirectiveId,
    args: &[(&str, Span)],
    version: RedisVersion,
    literals: &mut Vec<Literal>,
) -> Result<Parsed, String> {
    let spec = id.spec();
    let first = args.first().map_or("", |arg| arg.0);
    let value = match spec.ty {
        ValueType::Bool => Value::Bool(parse_bool(first).ok_or("argument must be 'yes' or 'no'")?),
        ValueType::Str(check) => {
            check_string(check, first)?;
            Value::Str(first.to_owned())
        }
        ValueType::Enum(table) => {
            let (_, number) = table
                .iter()
                .find(|(name, _)| name.eq_ignore_ascii_case(first))
                .ok_or_else(|| enum_error(table))?;
            // `CONFIG GET` prints the first name with this number.
            let canonical = table.iter().find(|(_, other)| other == number).expect("itself").0;
            Value::Enum(canonical)
        }
        ValueType::Flags(table) => {
            let mut bits = 0u8;
            for (arg, _) in args {
                let (_, bit) = table
                    .iter()
                    .find(|(name, _)| name.eq_ignore_ascii_case(arg))
                    .ok_or_else(|| enum_error(table))?;
                bits |= bit;
            }
            if bits & 1 != 0 && bits & 2 != 0 {
                return Err("'save' and 'nosave' can't be set together".to_owned());
            }
            let names: Vec<&'static str> =
                table.iter().filter(|(_, bit)| *bit != 0 && bits & bit != 0).map(|(name, _)| *name).collect();
            Value::Flags(if names.is_empty() { vec!["default"] } else { names })
        }
        ValueType::Num { min, max, unsigned, format } => {
            let value = parse_number(first, min, max, unsigned, format)?;
            if let (Value::Memory(memory), Some((text, span))) = (&value, args.first()) {
                literals.push(((*text).to_owned(), *span, *memory));
            }
            value
        }
        ValueType::Special(special) => return parse_special(special, args, version, literals),
    };
    Ok(Parsed::Value(value))
}

fn enum_error(table: &[(&str, u8)]) -> String {
    let names: Vec<&str> = table.iter().map(|(name, _)| *name).collect();
    format!("argument must be one of the following: {}", names.join(", "))
}

fn check_string(check: StrCheck, value: &str) -> Result<(), String> {
    match check {
        StrCheck::None => Ok(()),
        StrCheck::BaseName { what, allow_empty } => {
            if !allow_empty && value.is_empty() {
                Err(format!("{what} can't be empty"))
            } else if value.contains('/') || value.contains('\\') {
                Err(format!(
                    "{what} can't be a path, just a {}",
                    if what == "appenddirname" { "dirname" } else { "filename" }
                ))
            } else {
                Ok(())
            }
        }
        StrCheck::Hostname => {
            if value.len() >= 256 {
                Err("Hostnames must be less than 256 characters".to_owned())
            } else if !value.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.') {
                Err("Hostnames may only contain alphanumeric characters, hyphens or dots".to_owned())
            } else {
                Ok(())
            }
        }
        StrCheck::ProcTitleTemplate => {
            const VARIABLES: &[&str] =
                &["title", "listen-addr", "server-mode", "port", "tls-port", "unixsocket", "config-file"];
            let mut rest = value;
            while let Some(open) = rest.find('{') {
                let Some(close) = rest[open..].find('}') else {
                    return Err("template format is invalid or contains unknown variables".to_owned());
                };
                if !VARIABLES.contains(&&rest[open + 1..open + close]) {
                    return Err("template format is invalid or contains unknown variables".to_owned());
                }
                rest = &rest[open + close + 1..];
            }
            if rest.contains('}') || !value.contains("{title}") {
                return Err("template format is invalid or contains unknown variables".to_owned());
            }
            Ok(())
        }
    }
}

/// `numericParseString` + `numericBoundaryCheck`.
fn parse_number(
    text: &str,
    min: i128,
    max: i128,
    unsigned: bool,
    format: NumFormat,
) -> Result<Value, String> {
    let (value, shown): (i128, Value) = match format {
        NumFormat::Memory | NumFormat::MemoryOrPercent => {
            if let Some(memory) = memtoull(text) {
                (i128::from(memory.bytes), Value::Memory(memory))
            } else if format == NumFormat::MemoryOrPercent
                && text.len() > 1
                && text.ends_with('%')
                && string2ll(&text[..text.len() - 1]).is_some_and(|n| n >= 0)
            {
                let percent = string2ll(&text[..text.len() - 1]).expect("checked");
                // Stored as a negative number, so the lower bound limits the percentage.
                if -i128::from(percent) < min {
                    return Err(format!("percentage argument must be less or equal to {}", -min));
                }
                return Ok(Value::Percent(percent));
            } else if format == NumFormat::MemoryOrPercent {
                return Err("argument must be a memory or percent value".to_owned());
            } else {
                return Err("argument must be a memory value".to_owned());
            }
        }
        NumFormat::Octal => {
            let value = parse_octal(text).ok_or("argument couldn't be parsed as an octal number")?;
            (i128::from(value), Value::Int(value))
        }
        NumFormat::Integer => {
            let value = string2ll(text).ok_or("argument couldn't be parsed into an integer")?;
            (i128::from(value), Value::Int(value))
        }
    };
    // Unsigned configs compare the value reinterpreted as unsigned, as Redis does.
    let checked = if unsigned && value < 0 { value + (1i128 << 64) } else { value };
    // Signed memory configs reinterpret values above LLONG_MAX as negative.
    let checked = if !unsigned && checked > i128::from(i64::MAX) { checked - (1i128 << 64) } else { checked };
    if checked < min || checked > max {
        return Err(if format == NumFormat::Octal {
            format!("argument must be between {min:o} and {max:o} inclusive")
        } else {
            format!("argument must be between {min} and {max} inclusive")
        });
    }
    Ok(shown)
}

fn parse_special(
    special: Special,
    args: &[(&str, Span)],
    _version: RedisVersion,
    literals: &mut Vec<Literal>,
) -> Result<Parsed, String> {
    let values: Vec<&str> = args.iter().map(|(value, _)| *value).collect();
    let value = match special {
        Special::Dir => Value::Str(values[0].to_owned()),
        Special::Save => {
            let values: &[&str] = if values.len() == 1 && values[0].is_empty() { &[] } else { &values };
            if values.len() % 2 == 1 {
                return Err("Invalid save parameters".to_owned());
            }
            let mut points = Vec::new();
            for pair in values.chunks(2) {
                let seconds = strtoll_full(pair[0]).filter(|&seconds| seconds >= 1);
                let changes = strtoll_full(pair[1]).filter(|&changes| changes >= 0);
                match (seconds, changes) {
                    (Some(seconds), Some(changes)) => points.push(SavePoint { seconds, changes }),
                    _ => return Err("Invalid save parameters".to_owned()),
                }
            }
            return Ok(Parsed::Save(points));
        }
        Special::ClientOutputBufferLimit => {
            if values.len() % 4 != 0 || values.is_empty() {
                return Err("Wrong number of arguments in buffer limit configuration.".to_owned());
            }
            let mut limits = Vec::new();
            for (chunk, spans) in values.chunks(4).zip(args.chunks(4)) {
                let class = match chunk[0].to_ascii_lowercase().as_str() {
                    "normal" => 0,
                    "replica" | "slave" => 1,
                    "pubsub" => 2,
                    _ => {
                        return Err(
                            "Invalid client class specified in buffer limit configuration.".to_owned()
                        );
                    }
                };
                let hard = memtoull(chunk[1]);
                let soft = memtoull(chunk[2]);
                let seconds =
                    strtoll_full(chunk[3]).filter(|&seconds| seconds >= 0 && seconds <= i64::from(i32::MAX));
                match (hard, soft, seconds) {
                    (Some(hard), Some(soft), Some(seconds)) => {
                        literals.push((chunk[1].to_owned(), spans[1].1, hard));
                        literals.push((chunk[2].to_owned(), spans[2].1, soft));
                        limits.push((class, hard.bytes, soft.bytes, seconds));
                    }
                    _ => {
                        return Err(
                            "Error in hard, soft or soft_seconds setting in buffer limit configuration."
                                .to_owned(),
                        );
                    }
                }
            }
            return Ok(Parsed::BufferLimits(limits));
        }
        Special::OomScoreAdjValues => {
            if values.len() != 3 {
                return Err("wrong number of arguments".to_owned());
            }
            for value in &values {
                if strtoll_full(value).is_none_or(|number| !(-2000..=2000).contains(&number)) {
                    return Err(
                        "Invalid oom-score-adj-values, elements must be between -2000 and 2000.".to_owned()
                    );
                }
            }
            Value::List(values.iter().map(|value| strtoll_full(value).unwrap_or(0).to_string()).collect())
        }
        Special::NotifyKeyspaceEvents => Value::Str(keyspace_events(values[0])?),
        Special::Bind => {
            if values.len() > 16 {
                return Err("Too many bind addresses specified.".to_owned());
            }
            if values.len() == 1 && values[0].is_empty() {
                Value::List(Vec::new())
            } else {
                Value::List(values.iter().map(|value| (*value).to_owned()).collect())
            }
        }
        Special::ReplicaOf => {
            if values.len() != 2 {
                return Err("wrong number of arguments".to_owned());
            }
            if values[0].eq_ignore_ascii_case("no") && values[1].eq_ignore_ascii_case("one") {
                Value::List(Vec::new())
            } else {
                let port = strtoll_full(values[1]).filter(|port| (0..=65535).contains(port));
                if port.is_none() || values[1].is_empty() {
                    return Err("Invalid master port".to_owned());
                }
                Value::List(vec![values[0].to_owned(), port.expect("checked").to_string()])
            }
        }
        Special::LatencyTrackingInfoPercentiles => {
            let values: &[&str] = if values.len() == 1 && values[0].is_empty() { &[] } else { &values };
            let mut out = Vec::new();
            for value in values {
                let number: f64 =
                    value.parse().map_err(|_| "Invalid latency-tracking-info-percentiles parameters")?;
                if !(0.0..=100.0).contains(&number) {
                    return Err(
                        "latency-tracking-info-percentiles parameters should sit between [0.0,100.0]"
                            .to_owned(),
                    );
                }
                out.push(format_percentile(number));
            }
            Value::List(out)
        }
    };
    Ok(Parsed::Value(value))
}

/// `%f` then `trimDoubleString`.
fn format_percentile(value: f64) -> String {
    let text = format!("{value:.6}");
    let text = text.trim_end_matches('0');
    text.trim_end_matches('.').to_owned()
}

/// `keyspaceEventsStringToFlags` then `keyspaceEventsFlagsToString`.
fn keyspace_events(text: &str) -> Result<String, String> {
    const ALL: &str = "g$lshzxetd";
    let mut flags = HashSet::new();
    for c in text.chars() {
        match c {
            'A' => flags.extend(ALL.chars()),
            'g' | '$' | 'l' | 's' | 'h' | 'z' | 'x' | 'e' | 'K' | 'E' | 't' | 'm' | 'd' | 'n' => {
                flags.insert(c);
            }
            _ => return Err("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.".to_owned()),
        }
    }
    let mut out = String::new();
    if ALL.chars().all(|c| flags.contains(&c)) {
        out.push('A');
    } else {
        out.extend("g$lshzxetdn".chars().filter(|c| flags.contains(c)));
    }
    out.extend("KEm".chars().filter(|c| flags.contains(c)));
    Ok(out)
}
