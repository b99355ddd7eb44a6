//! The table of directives Redis 7 accepts, transcribed from `static_configs[]` in Redis's
//! `src/config.c` (types, bounds, flags, aliases and defaults), with the version each one
//! appeared in. Defaults are written as `CONFIG GET` prints them and are parsed with the same
//! code that parses user values, so the two can never disagree.

use crate::settings::RedisVersion::{self, V7_0, V7_2, V7_4};

/// How a directive's value is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueType {
    /// `yes` or `no`, case-insensitive (`yesnotoi`).
    Bool,
    /// One string. `check` is the validation Redis runs on it.
    Str(StrCheck),
    /// One of a fixed set of names, case-insensitive. Entries with the same number are
    /// synonyms; `CONFIG GET` prints the first.
    Enum(&'static [(&'static str, u8)]),
    /// Several flags from a set (the `shutdown-on-sig*` directives); `default` means none.
    Flags(&'static [(&'static str, u8)]),
    /// A number with bounds. `unsigned` bounds are compared as unsigned, as Redis does for
    /// `unsigned long long`, `unsigned int` and `size_t` configs.
    Num { min: i128, max: i128, unsigned: bool, format: NumFormat },
    /// Directives with their own setter in Redis.
    Special(Special),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumFormat {
    /// `string2ll`: an optional `-`, no leading zeros, no `+`, no spaces.
    Integer,
    /// `memtoull`: digits plus an optional unit (`b`, `k`, `kb`, `m`, `mb`, `g`, `gb`).
    Memory,
    /// A memory value or `N%` (`maxmemory-clients`).
    MemoryOrPercent,
    /// Octal (`unixsocketperm`).
    Octal,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StrCheck {
    None,
    /// `dbfilename`, `appendfilename`, `appenddirname`: a base name, not a path.
    BaseName {
        what: &'static str,
        allow_empty: bool,
    },
    /// `cluster-announce-hostname`.
    Hostname,
    /// `proc-title-template`.
    ProcTitleTemplate,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Special {
    Dir,
    Save,
    ClientOutputBufferLimit,
    OomScoreAdjValues,
    NotifyKeyspaceEvents,
    Bind,
    ReplicaOf,
    LatencyTrackingInfoPercentiles,
}

/// Flags from Redis's `standardConfig.flags` that matter to a linter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Flags(u8);

impl Flags {
    pub const NONE: Flags = Flags(0);
    /// `IMMUTABLE_CONFIG`: cannot be changed with `CONFIG SET`.
    pub const IMMUTABLE: Flags = Flags(1);
    /// `SENSITIVE_CONFIG`: a secret; never printed.
    pub const SENSITIVE: Flags = Flags(2);
    /// `PROTECTED_CONFIG`: `CONFIG SET` needs `enable-protected-configs`.
    pub const PROTECTED: Flags = Flags(4);
    /// `HIDDEN_CONFIG`: accepted, but not listed by `CONFIG GET *`.
    pub const HIDDEN: Flags = Flags(8);
    /// `MULTI_ARG_CONFIG`: takes any number of arguments.
    pub const MULTI_ARG: Flags = Flags(16);

    pub const fn union(self, other: Flags) -> Flags {
        Flags(self.0 | other.0)
    }
    pub const fn contains(self, other: Flags) -> bool {
        self.0 & other.0 == other.0
    }
}

#[derive(Clone, Copy, Debug)]
pub struct DirectiveSpec {
    pub name: &'static str,
    pub alias: Option<&'static str>,
    pub ty: ValueType,
    /// The compiled default, as `CONFIG GET` prints it.
    pub default: &'static str,
    pub flags: Flags,
    pub since: RedisVersion,
    /// The last version that has this spelling (the `*_cpulist` names became aliases in 7.4).
    pub until: Option<RedisVersion>,
}

impl DirectiveSpec {
    pub fn exists_in(&self, version: RedisVersion) -> bool {
        self.since <= version && self.until.is_none_or(|until| version <= until)
    }
    pub fn is_multi_arg(&self) -> bool {
        self.flags.contains(Flags::MULTI_ARG)
    }
    pub fn is_sensitive(&self) -> bool {
        self.flags.contains(Flags::SENSITIVE)
    }
}

pub const INT_MAX: i128 = i32::MAX as i128;
pub const INT_MIN: i128 = i32::MIN as i128;
pub const UINT_MAX: i128 = u32::MAX as i128;
pub const LONG_MAX: i128 = i64::MAX as i128;
pub const LLONG_MAX: i128 = i64::MAX as i128;
pub const ULLONG_MAX: i128 = u64::MAX as i128;
pub const SSIZE_MAX: i128 = i64::MAX as i128;

const fn int(min: i128, max: i128) -> ValueType {
    ValueType::Num { min, max, unsigned: false, format: NumFormat::Integer }
}
const fn uint(min: i128, max: i128) -> ValueType {
    ValueType::Num { min, max, unsigned: true, format: NumFormat::Integer }
}
const fn mem(min: i128, max: i128) -> ValueType {
    ValueType::Num { min, max, unsigned: false, format: NumFormat::Memory }
}
const fn umem(min: i128, max: i128) -> ValueType {
    ValueType::Num { min, max, unsigned: true, format: NumFormat::Memory }
}
const STR: ValueType = ValueType::Str(StrCheck::None);

const fn d(name: &'static str, ty: ValueType, default: &'static str, flags: Flags) -> DirectiveSpec {
    DirectiveSpec { name, alias: None, ty, default, flags, since: V7_0, until: None }
}
const fn a(
    name: &'static str,
    alias: &'static str,
    ty: ValueType,
    default: &'static str,
    flags: Flags,
) -> DirectiveSpec {
    DirectiveSpec { name, alias: Some(alias), ty, default, flags, since: V7_0, until: None }
}
const fn since(spec: DirectiveSpec, version: RedisVersion) -> DirectiveSpec {
    DirectiveSpec { since: version, ..spec }
}
const fn until(spec: DirectiveSpec, version: RedisVersion) -> DirectiveSpec {
    DirectiveSpec { until: Some(version), ..spec }
}

const N: Flags = Flags::NONE;
const I: Flags = Flags::IMMUTABLE;
const S: Flags = Flags::SENSITIVE;
const P: Flags = Flags::PROTECTED;
const H: Flags = Flags::HIDDEN;
const M: Flags = Flags::MULTI_ARG;

pub const MAXMEMORY_POLICIES: &[(&str, u8)] = &[
    ("volatile-lru", 0),
    ("volatile-lfu", 1),
    ("volatile-random", 2),
    ("volatile-ttl", 3),
    ("allkeys-lru", 4),
    ("allkeys-lfu", 5),
    ("allkeys-random", 6),
    ("noeviction", 7),
];
const SYSLOG_FACILITIES: &[(&str, u8)] = &[
    ("user", 0),
    ("local0", 1),
    ("local1", 2),
    ("local2", 3),
    ("local3", 4),
    ("local4", 5),
    ("local5", 6),
    ("local6", 7),
    ("local7", 8),
];
const LOGLEVELS: &[(&str, u8)] = &[("debug", 0), ("verbose", 1), ("notice", 2), ("warning", 3)];
const SUPERVISED: &[(&str, u8)] = &[("upstart", 0), ("systemd", 1), ("auto", 2), ("no", 3)];
const APPENDFSYNC: &[(&str, u8)] = &[("everysec", 0), ("always", 1), ("no", 2)];
const REPL_DISKLESS_LOAD: &[(&str, u8)] = &[("disabled", 0), ("on-empty-db", 1), ("swapdb", 2)];
const TLS_AUTH_CLIENTS: &[(&str, u8)] = &[("no", 0), ("yes", 1), ("optional", 2)];
const OOM_SCORE_ADJ: &[(&str, u8)] = &[("no", 0), ("yes", 1), ("relative", 1), ("absolute", 2)];
const ACL_PUBSUB_DEFAULT: &[(&str, u8)] = &[("allchannels", 0), ("resetchannels", 1)];
const SANITIZE_DUMP_PAYLOAD: &[(&str, u8)] = &[("no", 0), ("yes", 1), ("clients", 2)];
const PROTECTED_ACTION: &[(&str, u8)] = &[("no", 0), ("yes", 1), ("local", 2)];
const CLUSTER_ENDPOINT: &[(&str, u8)] = &[("ip", 0), ("hostname", 1), ("unknown-endpoint", 2)];
const PROPAGATION_ERROR: &[(&str, u8)] = &[("ignore", 0), ("panic", 1), ("panic-on-replicas", 2)];
/// Bit flags; `default` is the empty set.
const SHUTDOWN_ON_SIG: &[(&str, u8)] =
    &[("default", 0), ("save", 1), ("nosave", 2), ("now", 4), ("force", 8)];

/// Every directive, in `static_configs[]` order.
pub static DIRECTIVES: &[DirectiveSpec] = &[
    // Bool configs
    d("rdbchecksum", ValueType::Bool, "yes", I),
    d("daemonize", ValueType::Bool, "no", I),
    d("io-threads-do-reads", ValueType::Bool, "no", I),
    d("always-show-logo", ValueType::Bool, "no", I),
    d("protected-mode", ValueType::Bool, "yes", N),
    d("rdbcompression", ValueType::Bool, "yes", N),
    d("rdb-del-sync-files", ValueType::Bool, "no", N),
    d("activerehashing", ValueType::Bool, "yes", N),
    d("stop-writes-on-bgsave-error", ValueType::Bool, "yes", N),
    d("set-proc-title", ValueType::Bool, "yes", I),
    d("dynamic-hz", ValueType::Bool, "yes", N),
    d("lazyfree-lazy-eviction", ValueType::Bool, "no", N),
    d("lazyfree-lazy-expire", ValueType::Bool, "no", N),
    d("lazyfree-lazy-server-del", ValueType::Bool, "no", N),
    d("lazyfree-lazy-user-del", ValueType::Bool, "no", N),
    d("lazyfree-lazy-user-flush", ValueType::Bool, "no", N),
    d("repl-disable-tcp-nodelay", ValueType::Bool, "no", N),
    d("repl-diskless-sync", ValueType::Bool, "yes", N),
    d("aof-rewrite-incremental-fsync", ValueType::Bool, "yes", N),
    d("no-appendfsync-on-rewrite", ValueType::Bool, "no", N),
    d("cluster-require-full-coverage", ValueType::Bool, "yes", N),
    d("rdb-save-incremental-fsync", ValueType::Bool, "yes", N),
    d("aof-load-truncated", ValueType::Bool, "yes", N),
    d("aof-use-rdb-preamble", ValueType::Bool, "yes", N),
    d("aof-timestamp-enabled", ValueType::Bool, "no", N),
    a("cluster-replica-no-failover", "cluster-slave-no-failover", ValueType::Bool, "no", N),
    a("replica-lazy-flush", "slave-lazy-flush", ValueType::Bool, "no", N),
    a("replica-serve-stale-data", "slave-serve-stale-data", ValueType::Bool, "yes", N),
    a("replica-read-only", "slave-read-only", ValueType::Bool, "yes", N),
    a("replica-ignore-maxmemory", "slave-ignore-maxmemory", ValueType::Bool, "yes", N),
    d("jemalloc-bg-thread", ValueType::Bool, "yes", N),
    d("activedefrag", ValueType::Bool, "no", N),
    d("syslog-enabled", ValueType::Bool, "no", I),
    d("cluster-enabled", ValueType::Bool, "no", I),
    d("appendonly", ValueType::Bool, "no", N),
    d("cluster-allow-reads-when-down", ValueType::Bool, "no", N),
    d("cluster-allow-pubsubshard-when-down", ValueType::Bool, "yes", N),
    d("crash-log-enabled", ValueType::Bool, "yes", N),
    d("crash-memcheck-enabled", ValueType::Bool, "yes", N),
    d("use-exit-on-panic", ValueType::Bool, "no", H),
    d("disable-thp", ValueType::Bool, "yes", I),
    d("cluster-allow-replica-migration", ValueType::Bool, "yes", N),
    d("replica-announced", ValueType::Bool, "yes", N),
    d("latency-tracking", ValueType::Bool, "yes", N),
    d("aof-disable-auto-gc", ValueType::Bool, "no", N),
    d("replica-ignore-disk-write-errors", ValueType::Bool, "no", N),
    since(d("hide-user-data-from-log", ValueType::Bool, "no", N), V7_4),
    // String configs
    d("aclfile", STR, "", I),
    d("unixsocket", STR, "", I),
    d("pidfile", STR, "", I),
    a("replica-announce-ip", "slave-announce-ip", STR, "", N),
    d("masteruser", STR, "", S),
    d("cluster-announce-ip", STR, "", N),
    d("cluster-config-file", STR, "nodes.conf", I),
    d("cluster-announce-hostname", ValueType::Str(StrCheck::Hostname), "", N),
    since(d("cluster-announce-human-nodename", STR, "", N), V7_2),
    d("syslog-ident", STR, "redis", I),
    d(
        "dbfilename",
        ValueType::Str(StrCheck::BaseName { what: "dbfilename", allow_empty: true }),
        "dump.rdb",
        P,
    ),
    d(
        "appendfilename",
        ValueType::Str(StrCheck::BaseName { what: "appendfilename", allow_empty: false }),
        "appendonly.aof",
        I,
    ),
    d(
        "appenddirname",
        ValueType::Str(StrCheck::BaseName { what: "appenddirname", allow_empty: false }),
        "appendonlydir",
        I,
    ),
    until(d("server_cpulist", STR, "", I), V7_2),
    until(d("bio_cpulist", STR, "", I), V7_2),
    until(d("aof_rewrite_cpulist", STR, "", I), V7_2),
    until(d("bgsave_cpulist", STR, "", I), V7_2),
    since(a("server-cpulist", "server_cpulist", STR, "", I), V7_4),
    since(a("bio-cpulist", "bio_cpulist", STR, "", I), V7_4),
    since(a("aof-rewrite-cpulist", "aof_rewrite_cpulist", STR, "", I), V7_4),
    since(a("bgsave-cpulist", "bgsave_cpulist", STR, "", I), V7_4),
    d("ignore-warnings", STR, "", N),
    d(
        "proc-title-template",
        ValueType::Str(StrCheck::ProcTitleTemplate),
        "{title} {listen-addr} {server-mode}",
        N,
    ),
    d("bind-source-addr", STR, "", N),
    d("logfile", STR, "", I),
    since(d("locale-collate", STR, "", N), V7_2),
    // SDS configs
    d("masterauth", STR, "", S),
    d("requirepass", STR, "", S),
    // Enum configs
    d("supervised", ValueType::Enum(SUPERVISED), "no", I),
    d("syslog-facility", ValueType::Enum(SYSLOG_FACILITIES), "local0", I),
    d("repl-diskless-load", ValueType::Enum(REPL_DISKLESS_LOAD), "disabled", N),
    d("loglevel", ValueType::Enum(LOGLEVELS), "notice", N),
    d("maxmemory-policy", ValueType::Enum(MAXMEMORY_POLICIES), "noeviction", N),
    d("appendfsync", ValueType::Enum(APPENDFSYNC), "everysec", N),
    d("oom-score-adj", ValueType::Enum(OOM_SCORE_ADJ), "no", N),
    d("acl-pubsub-default", ValueType::Enum(ACL_PUBSUB_DEFAULT), "resetchannels", N),
    d("sanitize-dump-payload", ValueType::Enum(SANITIZE_DUMP_PAYLOAD), "no", N),
    d("enable-protected-configs", ValueType::Enum(PROTECTED_ACTION), "no", I),
    d("enable-debug-command", ValueType::Enum(PROTECTED_ACTION), "no", I),
    d("enable-module-command", ValueType::Enum(PROTECTED_ACTION), "no", I),
    d("cluster-preferred-endpoint-type", ValueType::Enum(CLUSTER_ENDPOINT), "ip", N),
    d("propagation-error-behavior", ValueType::Enum(PROPAGATION_ERROR), "ignore", N),
    d("shutdown-on-sigint", ValueType::Flags(SHUTDOWN_ON_SIG), "default", M),
    d("shutdown-on-sigterm", ValueType::Flags(SHUTDOWN_ON_SIG), "default", M),
    // Integer configs
    d("databases", int(1, INT_MAX), "16", I),
    d("port", int(0, 65535), "6379", N),
    d("io-threads", int(1, 128), "1", I),
    d("auto-aof-rewrite-percentage", int(0, INT_MAX), "100", N),
    a("cluster-replica-validity-factor", "cluster-slave-validity-factor", int(0, INT_MAX), "10", N),
    a("list-max-listpack-size", "list-max-ziplist-size", int(INT_MIN, INT_MAX), "-2", N),
    d("tcp-keepalive", int(0, INT_MAX), "300", N),
    d("cluster-migration-barrier", int(0, INT_MAX), "1", N),
    d("active-defrag-cycle-min", int(1, 99), "1", N),
    d("active-defrag-cycle-max", int(1, 99), "25", N),
    d("active-defrag-threshold-lower", int(0, 1000), "10", N),
    d("active-defrag-threshold-upper", int(0, 1000), "100", N),
    d("lfu-log-factor", int(0, INT_MAX), "10", N),
    d("lfu-decay-time", int(0, INT_MAX), "1", N),
    a("replica-priority", "slave-priority", int(0, INT_MAX), "100", N),
    d("repl-diskless-sync-delay", int(0, INT_MAX), "5", N),
    d("maxmemory-samples", int(1, INT_MAX), "5", N),
    d("maxmemory-eviction-tenacity", int(0, 100), "10", N),
    d("timeout", int(0, INT_MAX), "0", N),
    a("replica-announce-port", "slave-announce-port", int(0, 65535), "0", N),
    d("tcp-backlog", int(0, INT_MAX), "511", I),
    d("cluster-port", int(0, 65535), "0", I),
    d("cluster-announce-bus-port", int(0, 65535), "0", N),
    d("cluster-announce-port", int(0, 65535), "0", N),
    d("cluster-announce-tls-port", int(0, 65535), "0", N),
    d("repl-timeout", int(1, INT_MAX), "60", N),
    a("repl-ping-replica-period", "repl-ping-slave-period", int(1, INT_MAX), "10", N),
    d("list-compress-depth", int(0, INT_MAX), "0", N),
    d("rdb-key-save-delay", int(INT_MIN, INT_MAX), "0", H),
    d("key-load-delay", int(INT_MIN, INT_MAX), "0", H),
    d("active-expire-effort", int(1, 10), "1", N),
    d("hz", int(0, INT_MAX), "10", N),
    a("min-replicas-to-write", "min-slaves-to-write", int(0, INT_MAX), "0", N),
    a("min-replicas-max-lag", "min-slaves-max-lag", int(0, INT_MAX), "10", N),
    d("watchdog-period", int(0, INT_MAX), "0", H),
    d("shutdown-timeout", int(0, INT_MAX), "10", N),
    d("repl-diskless-sync-max-replicas", int(0, INT_MAX), "0", N),
    since(d("max-new-connections-per-cycle", uint(1, 1000), "10", N), V7_4),
    since(d("max-new-tls-connections-per-cycle", uint(1, 1000), "1", N), V7_4),
    // Unsigned int configs
    d("maxclients", uint(1, UINT_MAX), "10000", N),
    d(
        "unixsocketperm",
        ValueType::Num { min: 0, max: 0o777, unsigned: true, format: NumFormat::Octal },
        "0",
        I,
    ),
    d("socket-mark-id", uint(0, UINT_MAX), "0", N),
    // Unsigned long configs
    d("active-defrag-max-scan-fields", int(1, LONG_MAX), "1000", N),
    d("slowlog-max-len", int(0, LONG_MAX), "128", N),
    d("acllog-max-len", int(0, LONG_MAX), "128", N),
    // Long long configs
    a("busy-reply-threshold", "lua-time-limit", int(0, LONG_MAX), "5000", N),
    d("cluster-node-timeout", int(0, LLONG_MAX), "15000", N),
    d("slowlog-log-slower-than", int(-1, LLONG_MAX), "10000", N),
    d("latency-monitor-threshold", int(0, LLONG_MAX), "0", N),
    d("proto-max-bulk-len", mem(1024 * 1024, LONG_MAX), "536870912", N),
    d("stream-node-max-entries", int(0, LLONG_MAX), "100", N),
    d("repl-backlog-size", mem(1, LLONG_MAX), "1048576", N),
    // Unsigned long long configs
    d("maxmemory", umem(0, ULLONG_MAX), "0", N),
    d("cluster-link-sendbuf-limit", umem(0, ULLONG_MAX), "0", N),
    // Size_t configs
    a("hash-max-listpack-entries", "hash-max-ziplist-entries", uint(0, LONG_MAX), "512", N),
    d("set-max-intset-entries", uint(0, LONG_MAX), "512", N),
    since(d("set-max-listpack-entries", uint(0, LONG_MAX), "128", N), V7_2),
    since(d("set-max-listpack-value", umem(0, LONG_MAX), "64", N), V7_2),
    a("zset-max-listpack-entries", "zset-max-ziplist-entries", uint(0, LONG_MAX), "128", N),
    d("active-defrag-ignore-bytes", umem(1, LLONG_MAX), "104857600", N),
    a("hash-max-listpack-value", "hash-max-ziplist-value", umem(0, LONG_MAX), "64", N),
    d("stream-node-max-bytes", umem(0, LONG_MAX), "4096", N),
    a("zset-max-listpack-value", "zset-max-ziplist-value", umem(0, LONG_MAX), "64", N),
    d("hll-sparse-max-bytes", umem(0, LONG_MAX), "3000", N),
    d("tracking-table-max-keys", uint(0, LONG_MAX), "1000000", N),
    d("client-query-buffer-limit", umem(1024 * 1024, LONG_MAX), "1073741824", N),
    d(
        "maxmemory-clients",
        ValueType::Num { min: -100, max: SSIZE_MAX, unsigned: false, format: NumFormat::MemoryOrPercent },
        "0",
        N,
    ),
    // Other configs
    d("repl-backlog-ttl", int(0, LONG_MAX), "3600", N),
    d("auto-aof-rewrite-min-size", mem(0, LLONG_MAX), "67108864", N),
    d("loading-process-events-interval-bytes", int(1024, INT_MAX), "2097152", H),
    // TLS (the official image and Debian's package are built with TLS)
    d("tls-port", int(0, 65535), "0", N),
    d("tls-session-cache-size", int(0, INT_MAX), "20480", N),
    d("tls-session-cache-timeout", int(0, INT_MAX), "300", N),
    d("tls-cluster", ValueType::Bool, "no", N),
    d("tls-replication", ValueType::Bool, "no", N),
    d("tls-auth-clients", ValueType::Enum(TLS_AUTH_CLIENTS), "yes", N),
    d("tls-prefer-server-ciphers", ValueType::Bool, "no", N),
    d("tls-session-caching", ValueType::Bool, "yes", N),
    d("tls-cert-file", STR, "", N),
    d("tls-key-file", STR, "", N),
    d("tls-key-file-pass", STR, "", S),
    d("tls-client-cert-file", STR, "", N),
    d("tls-client-key-file", STR, "", N),
    d("tls-client-key-file-pass", STR, "", S),
    d("tls-dh-params-file", STR, "", N),
    d("tls-ca-cert-file", STR, "", N),
    d("tls-ca-cert-dir", STR, "", N),
    d("tls-protocols", STR, "", N),
    d("tls-ciphers", STR, "", N),
    d("tls-ciphersuites", STR, "", N),
    // Special configs
    d("dir", ValueType::Special(Special::Dir), "", P),
    d("save", ValueType::Special(Special::Save), "3600 1 300 100 60 10000", M),
    d(
        "client-output-buffer-limit",
        ValueType::Special(Special::ClientOutputBufferLimit),
        "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60",
        M,
    ),
    d("oom-score-adj-values", ValueType::Special(Special::OomScoreAdjValues), "0 200 800", M),
    d("notify-keyspace-events", ValueType::Special(Special::NotifyKeyspaceEvents), "", N),
    d("bind", ValueType::Special(Special::Bind), "* -::*", M),
    DirectiveSpec {
        flags: I.union(M),
        ..a("replicaof", "slaveof", ValueType::Special(Special::ReplicaOf), "", N)
    },
    d(
        "latency-tracking-info-percentiles",
        ValueType::Special(Special::LatencyTrackingInfoPercentiles),
        "50 99 99.9",
        M,
    ),
];

/// Directives Redis accepts and ignores (`deprecated_configs[]`), each with exactly one argument.
pub const IGNORED_DEPRECATED: &[&str] =
    &["list-max-ziplist-entries", "list-max-ziplist-value", "lua-replicate-commands"];

/// Index of a directive in [`DIRECTIVES`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DirectiveId(pub u16);

impl DirectiveId {
    pub fn spec(self) -> &'static DirectiveSpec {
        &DIRECTIVES[self.0 as usize]
    }
    pub fn name(self) -> &'static str {
        self.spec().name
    }
}

/// Result of looking a (lower-cased) name up for a version.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lookup {
    Found {
        id: DirectiveId,
        via_alias: bool,
    },
    /// Known to Redis, but not in this version: (the directive, the version it appeared in or
    /// the last version that had this spelling).
    OtherVersion {
        id: DirectiveId,
    },
    Unknown,
}

/// FNV-1a: directive names are short and trusted-length, so a cheap hash wins over SipHash
/// on the per-line lookup.
#[derive(Default)]
struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut hash = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for &byte in bytes {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = hash;
    }
}

type NameMap =
    std::collections::HashMap<&'static str, Vec<(DirectiveId, bool)>, std::hash::BuildHasherDefault<Fnv>>;

pub fn lookup(name: &str, version: RedisVersion) -> Lookup {
    static BY_NAME: std::sync::OnceLock<NameMap> = std::sync::OnceLock::new();
    let by_name = BY_NAME.get_or_init(|| {
        let mut map = NameMap::default();
        for (index, spec) in DIRECTIVES.iter().enumerate() {
            let id = DirectiveId(index as u16);
            map.entry(spec.name).or_default().push((id, false));
            if let Some(alias) = spec.alias {
                map.entry(alias).or_default().push((id, true));
            }
        }
        map
    });
    let Some(candidates) = by_name.get(name) else { return Lookup::Unknown };
    candidates.iter().find(|(id, _)| id.spec().exists_in(version)).map_or(
        Lookup::OtherVersion { id: candidates[0].0 },
        |&(id, via_alias)| Lookup::Found { id, via_alias },
    )
}

/// The directive's id by its canonical name. Panics on a name not in the table: callers pass
/// literals, and a test checks every literal the rules use.
pub fn id_of(name: &str) -> DirectiveId {
    DIRECTIVES
        .iter()
        .position(|spec| spec.name == name)
        .map_or_else(|| panic!("`{name}` is not a Redis directive"), |index| DirectiveId(index as u16))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_aliases_are_unique_per_version() {
        for version in RedisVersion::ALL {
            let mut seen = std::collections::HashSet::new();
            for spec in DIRECTIVES.iter().filter(|spec| spec.exists_in(version)) {
                assert!(seen.insert(spec.name), "{} twice in {version}", spec.name);
                if let Some(alias) = spec.alias {
                    assert!(seen.insert(alias), "{alias} twice in {version}");
                }
            }
        }
    }

    #[test]
    fn lookups_follow_versions() {
        assert!(matches!(lookup("slaveof", V7_0), Lookup::Found { via_alias: true, .. }));
        assert!(matches!(lookup("locale-collate", V7_0), Lookup::OtherVersion { .. }));
        assert!(matches!(lookup("locale-collate", V7_2), Lookup::Found { via_alias: false, .. }));
        assert!(matches!(lookup("server_cpulist", V7_2), Lookup::Found { via_alias: false, .. }));
        assert!(matches!(lookup("server_cpulist", V7_4), Lookup::Found { via_alias: true, .. }));
        assert!(matches!(lookup("server-cpulist", V7_2), Lookup::OtherVersion { .. }));
        assert_eq!(lookup("maxmemory-polcy", V7_4), Lookup::Unknown);
    }
}
