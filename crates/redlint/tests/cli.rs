//! The `redlint` binary end to end: exit codes, every output format, discovery and stdin.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

fn redlint(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_redlint"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("redlint runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn write(dir: &Path, path: &str, text: &str) {
    let path = dir.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

#[test]
fn exit_codes_follow_fail_on() {
    let root = workspace();
    assert_eq!(redlint(&root, &["check", "examples/hardened"]).status.code(), Some(0));
    assert_eq!(redlint(&root, &["check", "examples/insecure"]).status.code(), Some(1));
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "redis.conf",
        "appendonly yes\nmaxmemory 1gb\nmaxmemory-policy allkeys-lru\nuser default on #0b14d501a594442a01c6859541bcb3e8164d183d32937b851835442f69d5c94e ~* &* +@all -@dangerous\nrelative-dir-typo yes\n",
    );
    // Only an error: fails at every threshold but `never`.
    assert_eq!(redlint(dir.path(), &["check", "--fail-on", "error"]).status.code(), Some(1));
    assert_eq!(redlint(dir.path(), &["check", "--fail-on", "never"]).status.code(), Some(0));
    write(
        dir.path(),
        "redis.conf",
        "appendonly yes\nmaxmemory 1gb\nmaxmemory-policy allkeys-lru\nuser default on #0b14d501a594442a01c6859541bcb3e8164d183d32937b851835442f69d5c94e ~* &* +@all -@dangerous\ndir ./\n",
    );
    // Only a warning.
    assert_eq!(redlint(dir.path(), &["check", "--fail-on", "error"]).status.code(), Some(0));
    assert_eq!(redlint(dir.path(), &["check"]).status.code(), Some(1));
}

#[test]
fn usage_and_io_errors_exit_2() {
    let root = workspace();
    let missing = redlint(&root, &["check", "no/such/path"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no/such/path"));
    assert_eq!(redlint(&root, &["check", "--select", "no-such-rule", "examples"]).status.code(), Some(2));
    assert_eq!(
        redlint(&root, &["check", "--severity", "weak-password=loud", "examples"]).status.code(),
        Some(2)
    );
    assert_eq!(redlint(&root, &["check", "--redis-version", "6.2", "examples"]).status.code(), Some(2));
    assert_eq!(redlint(&root, &["rule", "no-such-rule"]).status.code(), Some(2));
}

#[test]
fn json_report_follows_the_contract() {
    let root = workspace();
    let output = redlint(&root, &["check", "examples/insecure", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["version"], 1);
    assert_eq!(report["tool"]["name"], "redlint");
    let files: Vec<&str> =
        report["files"].as_array().unwrap().iter().map(|file| file["path"].as_str().unwrap()).collect();
    assert_eq!(files, ["examples/insecure/conf.d/tuning.conf", "examples/insecure/redis.conf"]);
    assert!(report["files"].as_array().unwrap().iter().all(|file| file["kind"] == "redis-conf"));
    let diagnostics = report["diagnostics"].as_array().unwrap();
    let protected = diagnostics.iter().find(|d| d["rule"] == "protected-mode-off-without-auth").unwrap();
    assert_eq!(protected["category"], "security");
    assert_eq!(protected["severity"], "error");
    assert_eq!(protected["file"], "examples/insecure/redis.conf");
    assert_eq!((protected["line"].as_u64(), protected["column"].as_u64()), (Some(5), Some(16)));
    assert_eq!((protected["end_line"].as_u64(), protected["end_column"].as_u64()), (Some(5), Some(18)));
    assert_eq!(protected["labels"][0]["line"], 4);
    assert_eq!(protected["labels"][0]["column"], 6);
    assert_eq!(protected["labels"][0]["message"], "listens on these addresses");
    let decimal = diagnostics.iter().find(|d| d["rule"] == "decimal-memory-unit").unwrap();
    assert_eq!(decimal["fix"]["applicability"], "unsafe");
    assert_eq!(decimal["fix"]["edits"][0]["replacement"], "2gb");
    assert_eq!(decimal["fix"]["edits"][0]["column"], 11);
    // Sorted by file, line, column, rule.
    let keys: Vec<(String, u64, u64, String)> = diagnostics
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["rule"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    let summary = &report["summary"];
    assert_eq!(
        (
            summary["files"].as_u64(),
            summary["errors"].as_u64(),
            summary["warnings"].as_u64(),
            summary["infos"].as_u64(),
            summary["suppressed"].as_u64()
        ),
        (Some(2), Some(3), Some(5), Some(2), Some(0))
    );
}

#[test]
fn concise_and_human_output() {
    let root = workspace();
    insta::assert_snapshot!(
        "concise_insecure",
        stdout(&redlint(&root, &["check", "examples/insecure", "--format", "concise"]))
    );
    insta::assert_snapshot!(
        "human_insecure",
        stdout(&redlint(&root, &["check", "examples/insecure", "--color", "never"]))
    );
}

#[test]
fn passwords_are_masked_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "redis.conf",
        "requirepass hunter2-secret\nmasterauth \"other secret\"\nuser bob on >bobs-secret ~* +@all\nrequirepass hunter2-secret extra\n",
    );
    for format in ["human", "concise", "json"] {
        let output = redlint(dir.path(), &["check", "--format", format]);
        let text = stdout(&output);
        assert!(text.contains("plaintext") || format != "concise", "{format}: {text}");
        for secret in ["hunter2", "other secret", "bobs-secret"] {
            assert!(!text.contains(secret), "{format} shows `{secret}`:\n{text}");
        }
    }
    let human = stdout(&redlint(dir.path(), &["check", "--format", "human"]));
    assert!(human.contains("requirepass **************"), "{human}");
}

#[test]
fn discovery_respects_gitignore_and_finds_configs_by_content() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), ".gitignore", "ignored/\n");
    write(dir.path(), "ignored/redis.conf", "daemonize yes\n");
    write(
        dir.path(),
        "deploy/cache.conf",
        "# the cache\nmaxmemory 1gb\nmaxmemory-policy allkeys-lru\ndaemonize yes\n",
    );
    write(dir.path(), "deploy/nginx.conf", "server {\n  listen 80;\n}\n");
    let output = redlint(dir.path(), &["check", "--format", "concise", "--select", "daemonize-enabled"]);
    assert_eq!(
        stdout(&output),
        "deploy/cache.conf:4:11: error [daemonize-enabled] `daemonize yes` forks Redis into the background: in a container the main process exits and the container stops\n"
    );
    // An explicit path is checked even when ignored.
    let output = redlint(
        dir.path(),
        &["check", "ignored/redis.conf", "--format", "concise", "--select", "daemonize-enabled"],
    );
    assert!(stdout(&output).starts_with("ignored/redis.conf:1:11: error [daemonize-enabled]"));
}

#[test]
fn discovery_finds_dockerfiles_and_compose_builds_read_them() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "app/Dockerfile",
        "FROM python:3.12 AS b\nRUN pip install --user x\nFROM python:3.12-alpine\nCOPY --from=b /root/.local /root/.local\n",
    );
    write(dir.path(), "tools/lint.Dockerfile", "FROM alpine:3.20\nRUN apk add shellcheck\n");
    write(dir.path(), "Containerfile", "FROM alpine:3.20\nRUN apk add --no-cache curl\n");
    write(dir.path(), "app/Dockerfile.dockerignore", "*.pyc\n");
    write(dir.path(), "compose.yaml", "services:\n  cache:\n    build: cache\n");
    write(dir.path(), "cache/Dockerfile", "FROM redis:7.4.6-alpine\nCMD redis-server --save ''\n");
    let output = redlint(dir.path(), &["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let files: Vec<(&str, &str)> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|file| (file["path"].as_str().unwrap(), file["kind"].as_str().unwrap()))
        .collect();
    assert_eq!(
        files,
        [
            ("Containerfile", "dockerfile"),
            ("app/Dockerfile", "dockerfile"),
            ("cache/Dockerfile", "dockerfile"),
            ("compose.yaml", "compose"),
            ("tools/lint.Dockerfile", "dockerfile"),
        ]
    );
    let found: Vec<(&str, &str, u64)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|diagnostic| {
            matches!(
                diagnostic["rule"].as_str(),
                Some(
                    "glibc-artifacts-in-musl-image" | "apk-add-without-no-cache" | "privilege-drop-bypassed"
                )
            )
        })
        .map(|diagnostic| {
            (
                diagnostic["rule"].as_str().unwrap(),
                diagnostic["file"].as_str().unwrap(),
                diagnostic["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("glibc-artifacts-in-musl-image", "app/Dockerfile", 4),
            ("privilege-drop-bypassed", "cache/Dockerfile", 2),
            ("apk-add-without-no-cache", "tools/lint.Dockerfile", 2),
        ]
    );
    // The privilege drop finding points into the Dockerfile and at the service's `build:`.
    let labels = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|diagnostic| diagnostic["rule"] == "privilege-drop-bypassed")
        .map(|diagnostic| diagnostic["labels"].as_array().unwrap().len())
        .unwrap();
    assert_eq!(labels, 2);
}

/// Files named from elsewhere (`redlint check ../stack`) link up as they do from inside:
/// the Dockerfile's `COPY redis.conf` is the config file beside it, whose findings then
/// point at the image that runs it.
#[test]
fn a_stack_checked_from_another_directory_links_up() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "stack/redis.conf", "bind 0.0.0.0\nrename-command CONFIG \"\"\n");
    write(
        dir.path(),
        "stack/Dockerfile",
        "FROM redis:7.4.6-alpine\nCOPY redis.conf /usr/local/etc/redis/redis.conf\nCMD [\"redis-server\", \"/usr/local/etc/redis/redis.conf\"]\n",
    );
    std::fs::create_dir(dir.path().join("elsewhere")).unwrap();
    let findings = |cwd: &Path, target: &str| {
        let output = redlint(
            cwd,
            &[
                "check",
                target,
                "--format",
                "concise",
                "--select",
                "protected-mode-off-without-auth,config-outside-repository",
            ],
        );
        stdout(&output)
    };
    let inside = findings(&dir.path().join("stack"), ".");
    assert_eq!(
        inside,
        "Dockerfile:1:1: error [protected-mode-off-without-auth] the `redis:7.4.6-alpine` image turns protected mode off and the default user has no password: anyone who reaches Redis gets full access\n"
    );
    let outside = findings(&dir.path().join("elsewhere"), "../stack");
    assert_eq!(outside, inside.replace("Dockerfile", "../stack/Dockerfile"));
}

#[test]
fn stdin_uses_the_given_file_name() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_redlint"))
        .args([
            "check",
            "-",
            "--stdin-filename",
            "conf/redis.conf",
            "--format",
            "concise",
            "--select",
            "inline-comment",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), b"port 6379\nmaxmemory 1gb # half\n").unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stdout(&output),
        "conf/redis.conf:2:15: error [inline-comment] `#` starts a comment only at the beginning of a line; here it is read as an argument\n"
    );
}

#[test]
fn selection_severity_and_output_file() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "redis.conf", "dir ./\nmaxmemory 2g\n");
    let output = redlint(
        dir.path(),
        &[
            "check",
            "--format",
            "concise",
            "--ignore",
            "no-authentication,config-command-enabled,aof-disabled",
            "--severity",
            "decimal-memory-unit=error",
            "--severity",
            "no-maxmemory=off",
            "-o",
            "report.txt",
        ],
    );
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stdout(&output), "");
    let report = std::fs::read_to_string(dir.path().join("report.txt")).unwrap();
    assert_eq!(
        report,
        "redis.conf:1:5: warning [relative-dir] `dir ./` is relative: the data goes wherever Redis happens to be started\nredis.conf:2:11: error [decimal-memory-unit] `2g` is 2000000000 bytes (1.8 GiB); `2gb` would be 2 GiB\n"
    );
}

#[test]
fn suppression_comments_silence_and_are_counted() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "redis.conf",
        "# redlint-ignore relative-dir -- the image's WORKDIR is the volume\ndir ./\n# redlint-ignore-file no-maxmemory\n",
    );
    let output = redlint(dir.path(), &["check", "--format", "json", "--select", "relative-dir,no-maxmemory"]);
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["diagnostics"].as_array().unwrap().len(), 0);
    assert_eq!(report["summary"]["suppressed"], 2);
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn rules_and_rule_print_the_catalogue() {
    let root = workspace();
    let table = stdout(&redlint(&root, &["rules"]));
    assert!(table.lines().any(|line| line.starts_with("protected-mode-off-without-auth")
        && line.contains("security")
        && line.contains("error")));
    let json: serde_json::Value =
        serde_json::from_slice(&redlint(&root, &["rules", "--format", "json"]).stdout).unwrap();
    let weak = json.as_array().unwrap().iter().find(|rule| rule["name"] == "weak-password").unwrap();
    assert_eq!((weak["category"].as_str(), weak["severity"].as_str()), (Some("security"), Some("warning")));
    // The playground's rules.json: the page body (no front matter) and the references too.
    let page = weak["page"].as_str().unwrap();
    assert!(page.starts_with("# weak-password\n") && page.contains("## Why is this bad?"), "{page}");
    assert!(weak["references"].as_array().is_some_and(|references| !references.is_empty()));
    let page = stdout(&redlint(&root, &["rule", "decimal-memory-unit"]));
    assert!(page.starts_with("decimal-memory-unit  (memory · default severity info"));
    // Rendered for a terminal: no front matter, no Markdown markup.
    assert!(page.contains("Why is this bad?\n────────────────"), "{page}");
    assert!(!page.contains("## ") && !page.contains("```") && !page.contains("summary:"), "{page}");
    assert!(page.contains("    maxmemory 2g"), "{page}");
    let markdown = stdout(&redlint(&root, &["rules", "--format", "markdown"]));
    assert!(markdown.starts_with("| rule | category | severity | summary | applies to |\n"));
    assert!(markdown.contains("| [`unused-suppression`](config/unused-suppression.md) | config | warning |"));
}

#[test]
fn every_format_is_the_cores_rendering() {
    // The CLI, the playground and the action share the core's renderers: byte for byte.
    let root = workspace();
    let mut inputs = Vec::new();
    for entry in ["examples/insecure/redis.conf", "examples/insecure/conf.d/tuning.conf"] {
        inputs.push(redlint_core::Input::new(entry, std::fs::read(root.join(entry)).unwrap()));
    }
    let report = redlint_core::check(inputs, &redlint_core::NoFiles, &redlint_core::Settings::default());
    for &format in redlint_core::Format::ALL {
        let output =
            redlint(&root, &["check", "examples/insecure", "--format", format.as_str(), "--no-config"]);
        assert_eq!(output.status.code(), Some(1), "{format}");
        assert_eq!(
            stdout(&output),
            report.render(format, env!("CARGO_PKG_VERSION")),
            "--format {format} differs from the core's rendering"
        );
    }
}

#[test]
fn configuration_file_is_found_upwards_and_applied() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "redlint.toml",
        "select = [\"persistence\", \"weak-password\"]\n[rules]\nrelative-dir = \"error\"\naof-disabled = \"off\"\n\
         [rules.weak-password]\nmin-length = 8\n[[ignore]]\nrules = [\"persistence-disabled\"]\npaths = [\"caches/**\"]\nreason = \"rebuilt on start\"\n",
    );
    let conf = "dir ./\nsave \"\"\nrequirepass abcdefghij\n";
    write(dir.path(), "deploy/redis.conf", conf);
    write(dir.path(), "caches/redis.conf", conf);
    let concise = |output: &Output| {
        let mut lines: Vec<String> = stdout(output).lines().map(str::to_owned).collect();
        lines.sort();
        lines
    };
    // From the root, and from a subdirectory (the file is found by walking up; `[[ignore]]`
    // paths stay relative to the file's directory).
    let from_root = redlint(dir.path(), &["check", "--format", "concise"]);
    assert_eq!(from_root.status.code(), Some(1));
    let lines = concise(&from_root);
    assert!(
        lines.iter().any(|line| line.starts_with("deploy/redis.conf:1:5: error [relative-dir]")),
        "{lines:?}"
    );
    assert!(
        lines.iter().any(|line| line.starts_with("deploy/redis.conf:2:1: warning [persistence-disabled]")),
        "{lines:?}"
    );
    assert!(!lines.iter().any(|line| line.starts_with("caches/redis.conf:2:")), "{lines:?}");
    // min-length 8: a 10-character password is not weak; selection keeps security rules off.
    assert!(
        !lines.iter().any(|line| line.contains("weak-password") || line.contains("no-authentication")),
        "{lines:?}"
    );
    assert!(!lines.iter().any(|line| line.contains("aof-disabled")), "{lines:?}");
    let from_caches = redlint(&dir.path().join("caches"), &["check", "--format", "concise"]);
    let lines = concise(&from_caches);
    assert!(lines.iter().any(|line| line.starts_with("redis.conf:1:5: error [relative-dir]")), "{lines:?}");
    assert!(!lines.iter().any(|line| line.contains("persistence-disabled")), "{lines:?}");
    // --no-config: the defaults again.
    let defaults = concise(&redlint(dir.path(), &["check", "--format", "concise", "--no-config"]));
    assert!(
        defaults.iter().any(|line| line.contains("caches/redis.conf:2:1: warning [persistence-disabled]")),
        "{defaults:?}"
    );
    // --config: another file, and flags win over it.
    write(dir.path(), "other.toml", "redis-version = \"7.0\"\nselect = [\"relative-dir\"]\n");
    let other = redlint(
        dir.path(),
        &[
            "check",
            "deploy",
            "--config",
            "other.toml",
            "--format",
            "concise",
            "--severity",
            "relative-dir=info",
        ],
    );
    assert_eq!(
        stdout(&other),
        "deploy/redis.conf:1:5: info [relative-dir] `dir ./` is relative: the data goes wherever Redis happens to be started\n"
    );
}

#[test]
fn a_bad_configuration_file_exits_2_and_points_at_the_line() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "redis.conf", "dir ./\n");
    write(
        dir.path(),
        ".redlint.toml",
        "# settings\n[rules]\nrelative-dir = \"loud\"\n[rules.weak-password]\nmax-length = 3\n",
    );
    let output = redlint(dir.path(), &["check", "--color", "never"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stdout(&output), "");
    let stderr = String::from_utf8_lossy(&output.stderr);
    insta::assert_snapshot!("bad_config", stderr);
    assert!(stderr.contains(".redlint.toml:3:16"), "{stderr}");
    assert!(stderr.contains(".redlint.toml:5:1"), "{stderr}");
    write(dir.path(), ".redlint.toml", "[rules\n");
    let output = redlint(dir.path(), &["check", "--color", "never"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains(".redlint.toml:1:"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn no_inline_ignores_keeps_the_configuration_files_ignores() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "redlint.toml",
        "[[ignore]]\nrules = [\"no-maxmemory\"]\nreason = \"the orchestrator sets limits\"\n",
    );
    write(
        dir.path(),
        "redis.conf",
        "# redlint-ignore relative-dir -- the image's WORKDIR is the volume\ndir ./\n# redlint-ignore-file aof-disabled -- replicas persist\n",
    );
    let args = [
        "check",
        "--format",
        "json",
        "--select",
        "relative-dir,no-maxmemory,aof-disabled,unused-suppression",
    ];
    let report: serde_json::Value = serde_json::from_slice(&redlint(dir.path(), &args).stdout).unwrap();
    assert_eq!(report["diagnostics"].as_array().unwrap().len(), 0, "{report:#}");
    assert_eq!(report["summary"]["suppressed"], 3);
    let mut audit = args.to_vec();
    audit.push("--no-inline-ignores");
    let output = redlint(dir.path(), &audit);
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let rules: Vec<&str> =
        report["diagnostics"].as_array().unwrap().iter().map(|d| d["rule"].as_str().unwrap()).collect();
    assert_eq!(rules, ["aof-disabled", "relative-dir"], "{report:#}");
    assert_eq!(report["summary"]["suppressed"], 1);
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn baselines_report_only_new_findings() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "redis.conf", "dir ./\ndaemonize yes\nmaxmemory 1gb\n");
    let written = redlint(dir.path(), &["check", "--write-baseline", "baseline.json", "--format", "concise"]);
    assert_eq!(written.status.code(), Some(0), "{}", String::from_utf8_lossy(&written.stderr));
    let baseline = std::fs::read_to_string(dir.path().join("baseline.json")).unwrap();
    assert!(baseline.contains("\"rule\":\"daemonize-enabled\""), "{baseline}");
    let unchanged = redlint(dir.path(), &["check", "--baseline", "baseline.json", "--format", "concise"]);
    assert_eq!((unchanged.status.code(), stdout(&unchanged)), (Some(0), String::new()));
    // Lines move, one is fixed, one is new: only the new one is reported.
    write(dir.path(), "redis.conf", "# tuned\nmaxmemory 1gb\n\ndaemonize yes\nenable-debug-command yes\n");
    let changed = redlint(dir.path(), &["check", "--baseline", "baseline.json", "--format", "concise"]);
    assert_eq!(changed.status.code(), Some(1));
    assert_eq!(
        stdout(&changed),
        "redis.conf:5:22: warning [debug-command-enabled] `enable-debug-command yes` re-enables `DEBUG` (which can crash the server or dump its memory)\n"
    );
    assert!(String::from_utf8_lossy(&changed.stderr).contains("1 baseline entr(ies) matched no finding"));
    write(dir.path(), "broken.json", "{\"version\": 7, \"findings\": []}");
    assert_eq!(redlint(dir.path(), &["check", "--baseline", "broken.json"]).status.code(), Some(2));
}

#[test]
fn expired_suppressions_stop_applying_and_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "redlint.toml",
        "[[ignore]]\nrules = [\"no-maxmemory\"]\nreason = \"until the limits land\"\nuntil = 2001-01-01\n\
         [[ignore]]\nrules = [\"aof-disabled\"]\nreason = \"replicas persist\"\nuntil = \"2999-12-31\"\n",
    );
    write(
        dir.path(),
        "redis.conf",
        "# redlint-ignore relative-dir -- moving to /data (until 2001-01-01)\ndir ./\n\
         # redlint-ignore daemonize-enabled -- legacy supervisor (until 2999-12-31)\ndaemonize yes\n",
    );
    let output = redlint(
        dir.path(),
        &[
            "check",
            "--format",
            "concise",
            "--select",
            "relative-dir,no-maxmemory,aof-disabled,daemonize-enabled,unused-suppression",
        ],
    );
    assert_eq!(
        stdout(&output),
        "redis.conf:1:1: warning [no-maxmemory] no `maxmemory`: Redis ignores the container's memory limit and grows until it is OOM-killed\n\
         redis.conf:1:1: warning [unused-suppression] this suppression expired on 2001-01-01, so it silences nothing\n\
         redis.conf:2:5: warning [relative-dir] `dir ./` is relative: the data goes wherever Redis happens to be started\n"
    );
}

#[test]
fn manifests_are_found_by_content_and_helm_templates_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: cache\nspec:\n  selector:\n    matchLabels: {app: cache}\n  template:\n    metadata:\n      labels: {app: cache}\n    spec:\n      containers:\n      - name: redis\n        image: redis:7.4.6-alpine\n";
    write(dir.path(), "deploy/base/cache.yml", deployment);
    write(
        dir.path(),
        "deploy/base/expose.json",
        "{\"apiVersion\": \"v1\", \"kind\": \"Service\", \"metadata\": {\"name\": \"cache\"}, \"spec\": {\"type\": \"LoadBalancer\", \"selector\": {\"app\": \"cache\"}, \"ports\": [{\"port\": 6379}]}}\n",
    );
    write(
        dir.path(),
        "chart/templates/svc.yaml",
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ include \"x.name\" . }}\n",
    );
    write(dir.path(), "package.json", "{\"name\": \"web\"}\n");
    let output = redlint(dir.path(), &["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let files: Vec<(&str, &str)> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|file| (file["path"].as_str().unwrap(), file["kind"].as_str().unwrap()))
        .collect();
    assert_eq!(files, [("deploy/base/cache.yml", "kubernetes"), ("deploy/base/expose.json", "kubernetes")]);
    let exposed = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|diagnostic| diagnostic["rule"] == "redis-exposed-by-service")
        .expect("the Service in the JSON file selects the Deployment's pods");
    assert_eq!(exposed["file"], "deploy/base/expose.json");
    // Named explicitly, a Helm template is skipped with the reason.
    let output = redlint(dir.path(), &["check", "chart/templates/svc.yaml"]);
    assert!(String::from_utf8_lossy(&output.stderr).contains("a Helm template"), "{output:?}");
}
