//! Differential test against the real server: for every redis.conf we have (conformance
//! cases below, the rule fixtures, and `../shared/corpus/redis-conf`), start Debian's
//! `redis-server` (7.0.x) on a unix socket with the file, read `CONFIG GET *`, and compare it
//! with redlint's effective configuration for every directive redlint models. Where the
//! server refuses a file, redlint must report an error.
//!
//! `redis-server` must be installed (`.ci/run` installs it). Set
//! `REDLINT_SKIP_DIFFERENTIAL=1` to skip on a machine without it.

mod common;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Write as _};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use redlint_core::model::EffectiveConfig;
use redlint_core::redis_conf::directives::{DIRECTIVES, Flags};
use redlint_core::{Input, RedisVersion, Settings, Severity, check_command_line};

/// Small configurations for the behaviours redis-facts.md §9 lists, plus a few more.
const CASES: &[(&str, &str)] = &[
    ("save-accumulates", "save 900 1\nsave 300 10\n"),
    ("save-cleared", "save 900 1\nsave \"\"\n"),
    ("save-after-clear", "save \"\"\nsave 900 1\n"),
    ("save-several-pairs", "save 3600 1 300 100\n"),
    (
        "units",
        "maxmemory 1g\nactive-defrag-ignore-bytes 1k\nauto-aof-rewrite-min-size 1kb\nrepl-backlog-size 2mb\n",
    ),
    ("units-binary", "maxmemory 1GB\n"),
    ("maxmemory-empty", "maxmemory \"\"\n"),
    (
        "case-insensitive",
        "MAXMEMORY 100MB\nMaxMemory-Policy ALLKEYS-LRU\nAPPENDONLY YES\nappendfsync EverySec\n",
    ),
    ("bool-true", "appendonly true\n"),
    ("typo", "maxmemory-polcy allkeys-lru\n"),
    ("bad-enum", "maxmemory-policy lru\n"),
    ("inline-comment", "maxmemory 100mb # c\n"),
    ("inline-comment-quote", "maxmemory 100mb # the pod's memory\n"),
    ("decimal", "maxmemory 1.5gb\n"),
    ("terabytes", "maxmemory 1tb\n"),
    ("negative", "maxmemory -1\n"),
    ("space-in-value", "maxmemory 1 gb\n"),
    ("escapes", "masteruser \"a\\x41b\\tc d\"\n"),
    ("single-quotes", "masteruser 'a\\x41 b\\'c'\n"),
    ("quote-mid-token", "masteruser ab\"cd ef\"\n"),
    ("quote-followed", "masteruser \"ab\"cd\n"),
    ("quote-unterminated", "masteruser \"abc\n"),
    ("crlf-and-tabs", "maxmemory\t7mb\r\n  # indented comment\r\nappendonly yes\r\n"),
    ("continuation", "maxmemory-policy \\\nallkeys-lru\n"),
    ("slave-alias", "slave-read-only no\nslaveof 10.0.0.1 6380\n"),
    ("ignored-deprecated", "list-max-ziplist-entries 512\n"),
    ("module-config", "search.timeout 500\n"),
    ("rename-twice", "rename-command CONFIG \"\"\nrename-command CONFIG \"\"\n"),
    ("rename-case", "rename-command flushall \"\"\n"),
    (
        "rename-chain",
        "rename-command config cfg-renamed-xxxxxxxxxxxx\nrename-command cfg-renamed-xxxxxxxxxxxx \"\"\n",
    ),
    ("rename-target-exists", "rename-command config get\n"),
    ("user-twice", "user alice on >pw ~* +@all\nuser alice off\n"),
    ("user-default-locked", "user default >pw\n"),
    ("user-unknown-command", "user alice on +foobar ~* >x\n"),
    ("user-unknown-category", "user alice on +@foobar ~* >x\n"),
    ("user-bad-hash", "user alice on >pw #\n"),
    ("user-pattern-after-all", "user alice on ~* ~foo\n"),
    ("user-selector", "user alice on >pw (~k +get) ~* +@read\n"),
    ("requirepass-extra", "requirepass a b\n"),
    ("replicaof-bad-port", "replicaof %master-ip% %master-port%\n"),
    ("bind-resplit", "bind \"127.0.0.1 ::1\"\n"),
    ("bind-last-wins", "bind 127.0.0.1 ::1\nbind 127.0.0.1\n"),
    ("bind-empty", "bind \"\"\n"),
    ("notify-last-wins", "notify-keyspace-events Ex\nnotify-keyspace-events Kg\n"),
    ("notify-all", "notify-keyspace-events KEA\n"),
    (
        "obuf-merge",
        "client-output-buffer-limit normal 1mb 2mb 3\nclient-output-buffer-limit replica 512mb 128mb 30\n",
    ),
    ("obuf-bad-class", "client-output-buffer-limit master 1mb 2mb 3\n"),
    ("oom-values", "oom-score-adj relative\noom-score-adj-values 0 100 900\n"),
    ("shutdown-flags", "shutdown-on-sigterm save now\nshutdown-on-sigint nosave\n"),
    ("shutdown-conflict", "shutdown-on-sigterm save nosave\n"),
    ("hz-clamped", "hz 1000\n"),
    ("leading-zero", "port 06379\n"),
    ("octal", "unixsocketperm 700\n"),
    ("percent", "maxmemory-clients 10%\n"),
    ("percent-too-big", "maxmemory-clients 200%\n"),
    ("dbfilename-path", "dbfilename /tmp/dump.rdb\n"),
    ("appendfilename-empty", "appendfilename \"\"\n"),
    ("latency-percentiles", "latency-tracking-info-percentiles 50 99.99 100\n"),
    ("sentinel-outside", "sentinel monitor m 127.0.0.1 6379 2\n"),
    ("unknown-7-2", "locale-collate \"\"\n"),
    ("proc-title", "proc-title-template \"{title} {nope}\"\n"),
    ("include-missing", "include /nonexistent-redlint-test.conf\n"),
    ("include-glob-empty", "include /nonexistent-redlint-dir/*.conf\n"),
    (
        "everything-explicit",
        "bind 0.0.0.0\nprotected-mode no\nport 6379\ntimeout 300\nmaxmemory 256mb\nmaxmemory-policy allkeys-lfu\nappendonly yes\nappendfsync always\nsave \"\"\ntcp-keepalive 60\nrequirepass \"a-differential-test-password-0123456789\"\n",
    ),
];

/// Directives whose value depends on the machine, not the file.
const ENVIRONMENT: &[&str] = &["dir", "maxclients"];

/// Rules whose findings mean "Redis refuses to start".
const REFUSAL_RULES: &[&str] = &[
    "syntax-error",
    "unknown-directive",
    "wrong-argument-count",
    "invalid-value",
    "inline-comment",
    "line-continuation",
    "conflicting-directives",
    "module-config-without-loadmodule",
    "include-not-found",
    "include-cycle",
];

/// Kills the server when the comparison is done (or panics).
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

enum Outcome {
    Running(BTreeMap<String, String>),
    Refused(String),
    /// Running, but `CONFIG GET` is not allowed to the default user (ACL rules, password).
    Unqueryable(String),
}

fn start(conf_dir: &Path, conf: &Path, work: &Path, password: Option<&str>, sentinel: bool) -> Outcome {
    let socket = work.join("redis.sock");
    let mut child = Command::new("redis-server")
        .arg(conf)
        .args(if sentinel { &["--sentinel"][..] } else { &[] })
        .args(["--port", "0", "--unixsocket"])
        .arg(&socket)
        .arg("--dir")
        .arg(work)
        .args(["--daemonize", "no", "--logfile", ""])
        .current_dir(conf_dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("redis-server runs");
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut server = None;
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            break;
        }
        if let Ok(stream) = UnixStream::connect(&socket) {
            // Some errors (ACL rules, module configs) only stop Redis after it listens.
            std::thread::sleep(Duration::from_millis(150));
            if child.try_wait().ok().flatten().is_none() {
                server = Some(stream);
            }
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let Some(mut stream) = server else {
        let _ = child.kill();
        let output = child.wait_with_output().expect("output");
        let mut text = String::from_utf8_lossy(&output.stderr).into_owned();
        text.push_str(&String::from_utf8_lossy(&output.stdout));
        let reason = text
            .lines()
            .filter(|line| {
                line.contains("FATAL")
                    || line.contains("Fatal")
                    || line.contains("Bad directive")
                    || line.contains(">>>")
                    || line.contains("rror")
                    || line.contains("abort")
                    || line.contains("Exiting")
                    || !line.contains(" # ") && !line.trim().is_empty() && !line.contains(" * ")
            })
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with('_') && !line.contains("oO0OoO0OoO0Oo"))
            .collect::<Vec<_>>()
            .join(" | ");
        return Outcome::Refused(reason);
    };
    let _server = Server(child);
    stream.set_read_timeout(Some(Duration::from_secs(5))).expect("timeout");
    if let Some(password) = password {
        if let Err(error) = command(&mut stream, &["AUTH", password]) {
            return Outcome::Unqueryable(error);
        }
    }
    match command(&mut stream, &["CONFIG", "GET", "*"]) {
        Ok(values) => {
            Outcome::Running(values.chunks(2).map(|pair| (pair[0].clone(), pair[1].clone())).collect())
        }
        Err(error) => Outcome::Unqueryable(error),
    }
}

/// One RESP command; the reply as a flat list of strings.
fn command(stream: &mut UnixStream, args: &[&str]) -> Result<Vec<String>, String> {
    let mut request = format!("*{}\r\n", args.len());
    for arg in args {
        let _ = write!(request, "${}\r\n{arg}\r\n", arg.len());
    }
    stream.write_all(request.as_bytes()).map_err(|error| error.to_string())?;
    let mut reader = BufReader::new(stream);
    read_reply(&mut reader)
}

fn read_reply(reader: &mut impl BufRead) -> Result<Vec<String>, String> {
    let mut line = String::new();
    reader.read_line(&mut line).map_err(|error| error.to_string())?;
    let line = line.trim_end();
    let (kind, rest) = line.split_at(1.min(line.len()));
    match kind {
        "+" => Ok(vec![rest.to_owned()]),
        "-" => Err(rest.to_owned()),
        ":" => Ok(vec![rest.to_owned()]),
        "$" => {
            let length: i64 = rest.parse().map_err(|_| format!("bad length {rest}"))?;
            if length < 0 {
                return Ok(vec![String::new()]);
            }
            let mut buffer = vec![0; length as usize + 2];
            reader.read_exact(&mut buffer).map_err(|error| error.to_string())?;
            buffer.truncate(length as usize);
            Ok(vec![String::from_utf8_lossy(&buffer).into_owned()])
        }
        "*" => {
            let count: i64 = rest.parse().map_err(|_| format!("bad count {rest}"))?;
            let mut out = Vec::new();
            for _ in 0..count.max(0) {
                out.extend(read_reply(reader)?);
            }
            Ok(out)
        }
        _ => Err(format!("unexpected reply `{line}`")),
    }
}

/// A config to test: its directory (copied to a scratch directory, so includes resolve and
/// Sentinel-style rewrites stay out of the repository) and its file name.
struct Case {
    name: String,
    dir: PathBuf,
    file: String,
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("scratch dir");
    for entry in std::fs::read_dir(from).expect("readable") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}

fn cases(scratch: &Path) -> Vec<Case> {
    let mut cases = Vec::new();
    for (name, text) in CASES {
        let dir = scratch.join("cases").join(name);
        std::fs::create_dir_all(&dir).expect("case dir");
        std::fs::write(dir.join("redis.conf"), text).expect("write case");
        cases.push(Case { name: format!("case {name}"), dir, file: "redis.conf".to_owned() });
    }
    let fixtures = common::workspace_root().join("crates/redlint_core/tests/fixtures");
    let mut stack = vec![fixtures.clone()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        let mut entries: Vec<_> = entries.filter_map(Result::ok).map(|entry| entry.path()).collect();
        entries.sort();
        let top_confs: Vec<&PathBuf> = entries
            .iter()
            .filter(|path| path.is_file() && path.extension().is_some_and(|extension| extension == "conf"))
            .collect();
        let is_case = dir.file_name().is_some_and(|name| {
            let name = name.to_string_lossy();
            name.starts_with("valid") || name.starts_with("invalid")
        });
        if is_case {
            let relative =
                dir.strip_prefix(&fixtures).expect("under fixtures").to_string_lossy().into_owned();
            let copy = scratch.join("fixtures").join(&relative);
            copy_dir(&dir, &copy);
            for conf in top_confs {
                let file = conf.file_name().expect("name").to_string_lossy().into_owned();
                cases.push(Case { name: format!("fixture {relative}/{file}"), dir: copy.clone(), file });
            }
        } else {
            stack.extend(entries.into_iter().filter(|path| path.is_dir()));
        }
    }
    let corpus = common::corpus_dir().join("redis-conf");
    if let Ok(entries) = std::fs::read_dir(&corpus) {
        let copy = scratch.join("corpus");
        copy_dir(&corpus, &copy);
        let mut names: Vec<String> = entries
            .filter_map(Result::ok)
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        for file in names {
            cases.push(Case { name: format!("corpus {file}"), dir: copy.clone(), file });
        }
    }
    cases
}

/// The refusal comes from the machine running the test, not from the file: a `dir` or an
/// absolute `include` (one redlint reported as outside the repository) that exists in the
/// container but not here.
fn environment_dependent(reason: &str, include_outside_repository: bool) -> bool {
    let missing = reason.contains("No such file or directory");
    missing
        && (reason.contains(">>> 'dir ")
            || include_outside_repository && reason.contains("can't open config file"))
        || reason.contains("Can't open the log file")
        || reason.contains("Failed to load certificate")
        || reason.contains("Error loading ACLs, opening file")
        || reason.contains("Can't load module from")
        || reason.contains("Permission denied")
}

#[test]
fn redis_server_agrees_with_the_effective_config() {
    if std::env::var_os("REDLINT_SKIP_DIFFERENTIAL").is_some() {
        eprintln!("REDLINT_SKIP_DIFFERENTIAL is set: skipping the differential test");
        return;
    }
    let version = Command::new("redis-server").arg("--version").output().unwrap_or_else(|error| {
        panic!("redis-server is required ({error}); install it (`.ci/run` does) or set REDLINT_SKIP_DIFFERENTIAL=1")
    });
    let version = String::from_utf8_lossy(&version.stdout).into_owned();
    assert!(version.contains("v=7.0."), "the differential test expects Redis 7.0.x, found {version}");

    let scratch = std::env::temp_dir().join(format!("redlint-differential-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    let settings = Settings { redis_version: RedisVersion::V7_0, ..Settings::default() };
    let (mut compared, mut agreed, mut refusals_matched, mut environment, mut unqueryable) = (0, 0, 0, 0, 0);
    let (mut files_running, mut files_refused, mut skipped_binary) = (0, 0, 0);
    let mut failures = Vec::new();
    for (index, case) in cases(&scratch).iter().enumerate() {
        let work = scratch.join("work").join(index.to_string());
        std::fs::create_dir_all(&work).expect("work dir");
        let sentinel = case.file.contains("sentinel");
        let inputs = common::inputs_from_dir(&case.dir)
            .into_iter()
            .map(|input| {
                if input.path == case.file {
                    Input {
                        kind: Some(if sentinel {
                            redlint_core::FileKind::SentinelConf
                        } else {
                            redlint_core::FileKind::RedisConf
                        }),
                        ..input
                    }
                } else {
                    input
                }
            })
            .collect::<Vec<_>>();
        let socket = work.join("redis.sock").to_string_lossy().into_owned();
        let work_text = work.to_string_lossy().into_owned();
        let mut args = vec![
            case.file.as_str(),
            "--port",
            "0",
            "--unixsocket",
            &socket,
            "--dir",
            &work_text,
            "--daemonize",
            "no",
            "--logfile",
            "",
        ];
        if sentinel {
            args.push("--sentinel");
        }
        let (report, config) = check_command_line(
            inputs,
            &common::DirProvider(case.dir.clone()),
            &settings,
            "redis-server",
            &args,
        );
        let refusals: Vec<String> = report
            .diagnostics()
            .iter()
            .filter(|diagnostic| {
                diagnostic.severity == Severity::Error && REFUSAL_RULES.contains(&diagnostic.rule)
            })
            .map(|diagnostic| format!("[{}] {}", diagnostic.rule, diagnostic.message))
            .collect();
        if report.diagnostics().iter().any(|diagnostic| diagnostic.rule == "unreadable-file") {
            // Binary input: redlint reports it and does not analyse it; nothing to compare.
            skipped_binary += 1;
            continue;
        }
        let password = match config.setting("requirepass").value {
            redlint_core::model::Value::Str(ref password) if !password.is_empty() => Some(password.clone()),
            _ => None,
        };
        let outcome = if sentinel {
            sentinel_outcome(&case.dir, &case.file, &work)
        } else {
            start(&case.dir, Path::new(&case.file), &work, password.as_deref(), false)
        };
        match outcome {
            Outcome::Refused(reason) => {
                files_refused += 1;
                let outside = report
                    .diagnostics()
                    .iter()
                    .any(|diagnostic| diagnostic.rule == "include-outside-repository");
                if environment_dependent(&reason, outside) {
                    environment += 1;
                    eprintln!("{}: refused for an environment reason: {reason}", case.name);
                } else if refusals.is_empty() {
                    failures.push(format!(
                        "{}: redis-server refuses it ({reason}) but redlint reports no error",
                        case.name
                    ));
                } else {
                    refusals_matched += 1;
                }
            }
            Outcome::Unqueryable(reason) => {
                unqueryable += 1;
                if !refusals.is_empty() {
                    failures.push(format!(
                        "{}: redis-server starts but redlint says it would not: {refusals:?}",
                        case.name
                    ));
                }
                eprintln!("{}: running, CONFIG GET not allowed ({reason})", case.name);
            }
            Outcome::Running(values) => {
                files_running += 1;
                if !refusals.is_empty() {
                    failures.push(format!(
                        "{}: redis-server starts but redlint says it would not: {refusals:?}",
                        case.name
                    ));
                }
                if sentinel {
                    continue;
                }
                let (total, same, differences) = compare(&config, &values);
                compared += total;
                agreed += same;
                for difference in differences {
                    failures.push(format!("{}: {difference}", case.name));
                }
            }
        }
    }
    let _ = std::fs::remove_dir_all(&scratch);
    eprintln!(
        "differential: {files_running} files started, {files_refused} refused ({refusals_matched} refusals matched by an \
         error, {environment} for environment reasons), {unqueryable} not queryable, {skipped_binary} binary files skipped; \
         {agreed}/{compared} directive values agree"
    );
    assert!(failures.is_empty(), "{} disagreements:\n{}", failures.len(), failures.join("\n"));
    assert!(compared > 0, "nothing was compared");
}

fn sentinel_outcome(dir: &Path, file: &str, work: &Path) -> Outcome {
    // Sentinel has no CONFIG GET; starting it (it rewrites its file, so use the copy) is the check.
    let conf = work.join("sentinel.conf");
    std::fs::copy(dir.join(file), &conf).expect("copy sentinel.conf");
    match start(dir, &conf, work, None, true) {
        Outcome::Unqueryable(_) | Outcome::Running(_) => Outcome::Running(BTreeMap::new()),
        refused @ Outcome::Refused(_) => refused,
    }
}

/// (compared, equal, differences) for every directive redlint models in 7.0.
fn compare(config: &EffectiveConfig, server: &BTreeMap<String, String>) -> (usize, usize, Vec<String>) {
    let mut differences = Vec::new();
    let mut total = 0;
    for spec in DIRECTIVES.iter().filter(|spec| spec.exists_in(RedisVersion::V7_0)) {
        if spec.flags.contains(Flags::HIDDEN) || ENVIRONMENT.contains(&spec.name) {
            continue;
        }
        let ours = config.config_get(spec.name).expect("modelled");
        let Some(theirs) = server.get(spec.name) else {
            differences.push(format!("`{}` is not in the server's CONFIG GET *", spec.name));
            continue;
        };
        total += 1;
        if &ours != theirs {
            let shown = |value: &str| {
                if spec.flags.contains(Flags::SENSITIVE) && !value.is_empty() {
                    "<secret>".to_owned()
                } else {
                    value.to_owned()
                }
            };
            differences.push(format!(
                "`{}`: redlint {:?}, redis-server {:?}",
                spec.name,
                shown(&ours),
                shown(theirs)
            ));
        }
    }
    let same = total - differences.len();
    (total, same, differences)
}
