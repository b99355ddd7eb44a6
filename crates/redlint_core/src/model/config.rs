//! The effective configuration of one Redis process: compiled defaults, image patches, the
//! config file with its includes, and command-line options, combined with Redis's own
//! accumulate and last-wins rules. Every value remembers where it came from.

use crate::diagnostic::{Fix, Label};
use crate::redis_conf::acl::AclUser;
use crate::redis_conf::directives::{DIRECTIVES, DirectiveId, id_of};
use crate::redis_conf::values::MemoryValue;
use crate::settings::RedisVersion;
use crate::source::{FileId, Span};

/// A parsed directive value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Bool(bool),
    Int(i64),
    Memory(MemoryValue),
    /// `N%` of `maxmemory` (`maxmemory-clients`).
    Percent(i64),
    /// The canonical spelling from the directive table.
    Enum(&'static str),
    Flags(Vec<&'static str>),
    Str(String),
    List(Vec<String>),
}

impl Value {
    /// Same effective value: `1gb` and `1024mb` are the same size.
    pub fn same_as(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Memory(a), Value::Memory(b)) => a.bytes == b.bytes,
            _ => self == other,
        }
    }
}

/// Which part of the process's configuration a directive line came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Via {
    ConfigFile,
    CommandLine,
    /// Set from an environment variable by the image's scripts (Bitnami's `REDIS_PASSWORD`).
    Environment,
}

/// A directive line that set a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SetAt {
    /// The whole line (or the `--name value...` arguments).
    pub line: Span,
    /// The directive name as written.
    pub name: Span,
    /// The arguments; an empty span right after the name when there are none.
    pub value: Span,
    pub via: Via,
}

/// Where a value came from.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Origin {
    /// Compiled into Redis.
    RedisDefault,
    /// Changed from Redis's default by the container image (the official `redis` image
    /// patches `protected-mode` to `no`).
    ImageDefault {
        image: String,
    },
    /// Sentinel changes a few defaults for itself (`initSentinelConfig`): protected mode off,
    /// port 26379.
    SentinelDefault,
    Set(SetAt),
}

impl Origin {
    /// The value's span, when a line set it.
    pub fn value_span(&self) -> Option<Span> {
        match self {
            Origin::Set(at) => Some(at.value),
            _ => None,
        }
    }
    pub fn line_span(&self) -> Option<Span> {
        match self {
            Origin::Set(at) => Some(at.line),
            _ => None,
        }
    }
    pub fn set_at(&self) -> Option<&SetAt> {
        match self {
            Origin::Set(at) => Some(at),
            _ => None,
        }
    }
    pub fn is_explicit(&self) -> bool {
        matches!(self, Origin::Set(_))
    }
    /// "Redis's default", "the `redis:7` image's default": for messages about defaults.
    pub fn describe_default(&self) -> String {
        match self {
            Origin::RedisDefault => "Redis's default".to_owned(),
            Origin::ImageDefault { image } => format!("the default of the `{image}` image"),
            Origin::SentinelDefault => "Sentinel's default".to_owned(),
            Origin::Set(_) => "set explicitly".to_owned(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Setting {
    pub value: Value,
    pub origin: Origin,
}

/// Every line that assigned a last-wins directive, in order: what `overridden-directive`
/// and the command-line override rule read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assignment {
    pub directive: DirectiveId,
    pub at: SetAt,
    pub value: Value,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SavePoint {
    pub seconds: i64,
    pub changes: i64,
}

/// RDB snapshot points. `save` accumulates instead of replacing (see `redis_conf::load`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Save {
    pub points: Vec<SavePoint>,
    /// The line that last changed the list; `RedisDefault` when no `save` line ran.
    pub origin: Origin,
    /// Every line that contributed points since the list was last cleared.
    pub lines: Vec<SetAt>,
}

/// A memory size as written in a directive (`maxmemory 2g`, each size in
/// `client-output-buffer-limit`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemoryLiteral {
    pub text: String,
    pub span: Span,
    pub value: MemoryValue,
    /// The span holds exactly `text` (not a larger quoted argument Redis re-split).
    pub exact: bool,
    pub via: Via,
}

/// One class of `client-output-buffer-limit`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BufferLimit {
    pub hard: u64,
    pub soft: u64,
    pub soft_seconds: i64,
    pub origin: Origin,
}

/// `rename-command <command> <new-name>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rename {
    /// The command as Redis knows it (lower case), after earlier renames were followed back.
    pub command: String,
    /// The new name; empty when the command is removed.
    pub new_name: String,
    pub line: Span,
    pub new_name_span: Span,
}

/// `include <path>` as it was resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Include {
    pub path: String,
    pub span: Span,
    pub files: Vec<FileId>,
}

/// `loadmodule <path> [args]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadModule {
    pub path: String,
    pub line: Span,
}

/// What makes Redis refuse a configuration, or what it silently does differently from what
/// the author wrote. Each kind is reported by the `config` rule of the same name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ProblemKind {
    SyntaxError,
    UnknownDirective,
    WrongArgumentCount,
    InvalidValue,
    InlineComment,
    LineContinuation,
    ConflictingDirectives,
    ModuleConfigWithoutModule,
    DeprecatedDirective,
    IgnoredDirective,
    IncludeNotFound,
    IncludeOutsideRepository,
    /// `redis-server <file>` names a file redlint cannot read.
    ConfigOutsideRepository,
    IncludeCycle,
    RelativeInclude,
    SaveAfterInclude,
    /// A file that is not text (reported by `unreadable-file`).
    UnreadableFile,
    /// A file, a YAML tree or an include chain over one of redlint's limits (reported by
    /// `input-limit-exceeded`).
    InputLimit,
    MissingFinalNewline,
    /// YAML the parser cannot read.
    YamlSyntax,
    /// A key repeated in a YAML mapping.
    DuplicateKey,
    /// A Dockerfile BuildKit refuses to build.
    DockerfileSyntax,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub kind: ProblemKind,
    pub span: Span,
    pub message: String,
    pub labels: Vec<Label>,
    pub help: Option<String>,
    pub fix: Option<Fix>,
}

/// Who can log in as the `default` user (the one clients get without `AUTH`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DefaultUserAuth {
    /// No password: anyone who reaches the port has full access.
    Open { origin: Origin },
    /// A password (`requirepass`, or `user default … >…`/`#…`).
    Password { origin: Origin },
    /// `user default off` (or on, with neither `nopass` nor a password): nobody can use the
    /// default user.
    Disabled { origin: Origin },
    /// Defined in an ACL file redlint could not read.
    Unknown { aclfile: Span },
}

impl DefaultUserAuth {
    pub fn is_open(&self) -> bool {
        matches!(self, DefaultUserAuth::Open { .. })
    }
}

/// The effective configuration.
#[derive(Clone, Debug)]
pub struct EffectiveConfig {
    pub version: RedisVersion,
    pub sentinel: bool,
    pub(crate) settings: DirectiveSettings,
    pub save: Save,
    /// normal, replica, pubsub.
    pub client_output_buffer_limit: [BufferLimit; 3],
    pub renames: Vec<Rename>,
    pub users: Vec<AclUser>,
    pub includes: Vec<Include>,
    pub modules: Vec<LoadModule>,
    /// Module configuration lines (`name.param value`).
    pub module_configs: Vec<Span>,
    pub assignments: Vec<Assignment>,
    /// Every memory size written, in order.
    pub memory_literals: Vec<MemoryLiteral>,
    pub problems: Vec<Problem>,
    /// Spans holding passwords: never printed.
    pub secrets: Vec<Span>,
    /// Every file whose lines were read (the config file and everything it included).
    pub files: Vec<FileId>,
    /// The config file given to `redis-server`, if any.
    pub config_file: Option<FileId>,
    /// Redis's working directory after loading (`dir` changes it), when known: the absolute
    /// container path, or a path relative to where Redis was started.
    pub working_dir: Option<String>,
    /// Configuration redlint could not read (a config file or include outside the
    /// repository). Rules that judge what is *absent* stay silent when this is not empty.
    pub unseen: Vec<Span>,
    /// Command-line values only known when the container starts (an unset Compose variable,
    /// a shell variable): a setting whose value span is one of these has an unknown value.
    pub runtime_values: Vec<Span>,
}

impl EffectiveConfig {
    pub fn setting(&self, name: &str) -> &Setting {
        self.settings.get(id_of(name))
    }
    pub fn setting_by_id(&self, id: DirectiveId) -> &Setting {
        self.settings.get(id)
    }
    pub fn origin(&self, name: &str) -> &Origin {
        &self.setting(name).origin
    }
    pub fn bool(&self, name: &str) -> bool {
        match self.setting(name).value {
            Value::Bool(value) => value,
            ref other => panic!("`{name}` is not a boolean: {other:?}"),
        }
    }
    pub fn int(&self, name: &str) -> i64 {
        match self.setting(name).value {
            Value::Int(value) => value,
            Value::Memory(value) => value.bytes as i64,
            ref other => panic!("`{name}` is not a number: {other:?}"),
        }
    }
    pub fn bytes(&self, name: &str) -> u64 {
        match self.setting(name).value {
            Value::Memory(value) => value.bytes,
            ref other => panic!("`{name}` is not a memory value: {other:?}"),
        }
    }
    pub fn memory(&self, name: &str) -> MemoryValue {
        match self.setting(name).value {
            Value::Memory(value) => value,
            ref other => panic!("`{name}` is not a memory value: {other:?}"),
        }
    }
    pub fn enum_value(&self, name: &str) -> &'static str {
        match self.setting(name).value {
            Value::Enum(value) => value,
            ref other => panic!("`{name}` is not an enum: {other:?}"),
        }
    }
    pub fn string(&self, name: &str) -> &str {
        match &self.setting(name).value {
            Value::Str(value) => value,
            other => panic!("`{name}` is not a string: {other:?}"),
        }
    }
    pub fn list(&self, name: &str) -> &[String] {
        match &self.setting(name).value {
            Value::List(values) => values,
            other => panic!("`{name}` is not a list: {other:?}"),
        }
    }

    /// The setting's value is only known when the container starts.
    pub fn is_runtime(&self, name: &str) -> bool {
        self.origin(name)
            .value_span()
            .is_some_and(|span| self.runtime_values.iter().any(|runtime| runtime.contains(span)))
    }

    /// The value is known: set by a line redlint read, or a default nothing unread could have
    /// changed. Rules that judge a default ask this first.
    pub fn is_known(&self, name: &str) -> bool {
        self.is_complete() || self.origin(name).is_explicit()
    }

    /// Every file of the configuration was read: an absent directive is really absent.
    pub fn is_complete(&self) -> bool {
        self.unseen.is_empty()
    }

    /// Configured as a cache: a `maxmemory` with an `allkeys-*` policy, which drops any key
    /// when full, so losing keys (on eviction or restart) is by design.
    pub fn is_cache(&self) -> bool {
        self.bytes("maxmemory") != 0 && self.enum_value("maxmemory-policy").starts_with("allkeys-")
    }

    /// RDB snapshots happen (at least one save point).
    pub fn rdb_enabled(&self) -> bool {
        !self.save.points.is_empty()
    }
    pub fn aof_enabled(&self) -> bool {
        self.bool("appendonly")
    }
    /// Anything is written to disk.
    pub fn persistence_enabled(&self) -> bool {
        self.rdb_enabled() || self.aof_enabled()
    }
    /// Redis forks a child for BGSAVE or AOF rewrites, which can double its memory.
    pub fn forks_for_persistence(&self) -> bool {
        self.persistence_enabled()
    }
    pub fn is_replica(&self) -> bool {
        !self.list("replicaof").is_empty()
    }

    /// An ACL file takes over user management (and silently disables `requirepass`).
    pub fn aclfile(&self) -> Option<Span> {
        let setting = self.setting("aclfile");
        match &setting.value {
            Value::Str(path) if !path.is_empty() => setting.origin.value_span(),
            _ => None,
        }
    }

    pub fn user(&self, name: &str) -> Option<&AclUser> {
        self.users.iter().find(|user| user.name == name)
    }

    /// How the default user authenticates, following Redis: `user default` lines win over
    /// `requirepass`; an `aclfile` replaces both.
    pub fn default_user_auth(&self) -> DefaultUserAuth {
        if let Some(aclfile) = self.aclfile() {
            return DefaultUserAuth::Unknown { aclfile };
        }
        if let Some(user) = self.user("default") {
            let origin = Origin::Set(SetAt {
                line: user.line,
                name: user.name_span,
                value: user.line,
                via: Via::ConfigFile,
            });
            // A client is logged in as `default` automatically only when it is on and `nopass`;
            // on, without `nopass` and without passwords, nobody can authenticate as it.
            return if user.enabled && user.nopass {
                DefaultUserAuth::Open { origin }
            } else if user.enabled && user.has_password() {
                DefaultUserAuth::Password { origin }
            } else {
                DefaultUserAuth::Disabled { origin }
            };
        }
        let requirepass = self.setting("requirepass");
        match &requirepass.value {
            // A password from a variable: taken to be set (an unset one is its own finding).
            _ if self.is_runtime("requirepass") => {
                DefaultUserAuth::Password { origin: requirepass.origin.clone() }
            }
            Value::Str(password) if !password.is_empty() => {
                DefaultUserAuth::Password { origin: requirepass.origin.clone() }
            }
            _ => DefaultUserAuth::Open { origin: requirepass.origin.clone() },
        }
    }

    /// Redis listens on TCP (a non-zero `port` or `tls-port`, and at least one bind address).
    pub fn listens_on_tcp(&self) -> bool {
        (self.int("port") != 0 || self.int("tls-port") != 0) && !self.list("bind").is_empty()
    }

    /// Every bind address is a loopback address, so only processes in the same network
    /// namespace (the container or pod) can connect.
    pub fn binds_loopback_only(&self) -> bool {
        let addresses = self.list("bind");
        !addresses.is_empty() && addresses.iter().all(|address| is_loopback(address))
    }

    /// Could a client on another host or container connect over TCP?
    pub fn accepts_remote_clients(&self) -> bool {
        self.listens_on_tcp() && !self.binds_loopback_only()
    }

    /// The names a command can be called by now: `None` when it was removed
    /// (`rename-command X ""`).
    pub fn command_name(&self, command: &str) -> Option<String> {
        let mut current = Some(command.to_ascii_lowercase());
        for rename in &self.renames {
            if rename.command.eq_ignore_ascii_case(command) {
                current = if rename.new_name.is_empty() { None } else { Some(rename.new_name.clone()) };
            }
        }
        current
    }

    /// The rename that decided a command's name, if any.
    pub fn rename_of(&self, command: &str) -> Option<&Rename> {
        self.renames.iter().rev().find(|rename| rename.command.eq_ignore_ascii_case(command))
    }
}

/// `127.0.0.0/8`, `::1`, `localhost`; a leading `-` (optional address) does not matter.
pub fn is_loopback(address: &str) -> bool {
    let address = address.strip_prefix('-').unwrap_or(address);
    address.starts_with("127.") || address == "::1" || address.eq_ignore_ascii_case("localhost")
}

/// Every directive's setting: the version's compiled defaults, shared by every process of a
/// check, under the few this process changed. A repository has thousands of Redis processes
/// and each changes a few dozen of some 250 directives: a copy of the table per process was
/// most of the memory of a large check.
#[derive(Clone, Debug)]
pub(crate) struct DirectiveSettings {
    defaults: &'static [Setting],
    /// Sorted by directive.
    changed: Vec<(DirectiveId, Setting)>,
}

impl DirectiveSettings {
    pub(crate) fn new(version: RedisVersion) -> DirectiveSettings {
        DirectiveSettings { defaults: default_settings(version), changed: Vec::new() }
    }

    pub(crate) fn get(&self, id: DirectiveId) -> &Setting {
        match self.changed.binary_search_by_key(&id.0, |(changed, _)| changed.0) {
            Ok(index) => &self.changed[index].1,
            Err(_) => &self.defaults[id.0 as usize],
        }
    }

    pub(crate) fn set(&mut self, id: DirectiveId, setting: Setting) {
        match self.changed.binary_search_by_key(&id.0, |(changed, _)| changed.0) {
            Ok(index) => self.changed[index].1 = setting,
            Err(index) => self.changed.insert(index, (id, setting)),
        }
    }
}

/// Defaults for every directive of a version, before any line is read: built once.
fn default_settings(version: RedisVersion) -> &'static [Setting] {
    static DEFAULTS: [std::sync::OnceLock<Vec<Setting>>; 3] =
        [std::sync::OnceLock::new(), std::sync::OnceLock::new(), std::sync::OnceLock::new()];
    let index = RedisVersion::ALL.iter().position(|&known| known == version).expect("a known version");
    DEFAULTS[index].get_or_init(|| {
        DIRECTIVES
            .iter()
            .enumerate()
            .map(|(index, spec)| {
                let value = crate::redis_conf::load::parse_default(DirectiveId(index as u16), version)
                    .unwrap_or_else(|| panic!("default of `{}` does not parse", spec.name));
                Setting { value, origin: Origin::RedisDefault }
            })
            .collect()
    })
}

impl EffectiveConfig {
    /// The value as `CONFIG GET <name>` prints it (canonical names only), or `None` for a
    /// directive this version does not have. `dir` is the path as written (Redis prints the
    /// absolute working directory).
    pub fn config_get(&self, name: &str) -> Option<String> {
        use crate::redis_conf::directives::{DIRECTIVES, NumFormat, Special, ValueType};
        let index = DIRECTIVES.iter().position(|spec| spec.name == name && spec.exists_in(self.version))?;
        let spec = &DIRECTIVES[index];
        match spec.ty {
            ValueType::Special(Special::Save) => {
                let points: Vec<String> = self
                    .save
                    .points
                    .iter()
                    .map(|point| format!("{} {}", point.seconds, point.changes))
                    .collect();
                return Some(points.join(" "));
            }
            ValueType::Special(Special::ClientOutputBufferLimit) => {
                let classes = ["normal", "slave", "pubsub"];
                let parts: Vec<String> = self
                    .client_output_buffer_limit
                    .iter()
                    .zip(classes)
                    .map(|(limit, class)| {
                        format!("{class} {} {} {}", limit.hard, limit.soft, limit.soft_seconds)
                    })
                    .collect();
                return Some(parts.join(" "));
            }
            _ => {}
        }
        Some(match &self.settings.get(DirectiveId(index as u16)).value {
            Value::Bool(value) => if *value { "yes" } else { "no" }.to_owned(),
            Value::Int(value) => match spec.ty {
                ValueType::Num { format: NumFormat::Octal, .. } => format!("{value:o}"),
                _ => value.to_string(),
            },
            Value::Memory(value) => value.bytes.to_string(),
            Value::Percent(value) => format!("{value}%"),
            Value::Enum(value) => (*value).to_owned(),
            Value::Flags(values) => values.join(" "),
            Value::Str(value) => value.clone(),
            Value::List(values) => values.join(" "),
        })
    }
}
