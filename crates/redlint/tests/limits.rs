//! Input limits and undecodable files end to end: each is a finding in the report, the other
//! files are still checked, and the exit code follows `--fail-on` (2 is only for redlint's own
//! failures: bad flags, a bad configuration file, a report it cannot write).

use std::path::Path;
use std::process::{Command, Output};

fn redlint(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_redlint"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("redlint runs")
}

fn write(dir: &Path, path: &str, content: &[u8]) {
    let path = dir.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, content).unwrap();
}

/// `(file, rule, message)` of every finding of a JSON report.
fn findings(output: &Output) -> Vec<(String, String, String)> {
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("a JSON report");
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let text = |key: &str| d[key].as_str().unwrap().to_owned();
            (text("file"), text("rule"), text("message"))
        })
        .collect()
}

fn rules_of(output: &Output) -> Vec<(String, String)> {
    findings(output).into_iter().map(|(file, rule, _)| (file, rule)).collect()
}

const SELECT: &str = "select = [\"input-limit-exceeded\", \"unreadable-file\", \"weak-password\"]\n";

/// A project with one healthy finding (a weak password) next to the bad inputs.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "redis.conf", b"requirepass short\n");
    write(dir.path(), "redlint.toml", SELECT.as_bytes());
    dir
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items.iter().map(|(file, rule)| ((*file).to_owned(), (*rule).to_owned())).collect()
}

#[test]
fn files_over_the_size_limit_are_findings_and_the_rest_is_checked() {
    let dir = project();
    let padding = "# padding\n".repeat(110_000).into_bytes();
    write(dir.path(), "big/redis.conf", &padding);
    let mut manifest = b"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: redis\n".to_vec();
    manifest.extend(&padding);
    write(dir.path(), "deploy/generated.yaml", &manifest);
    // Not a file redlint checks, whatever its size: not reported.
    let mut data = b"- 1\n".to_vec();
    data.extend(&padding);
    write(dir.path(), "data/list.yaml", &data);

    let output = redlint(dir.path(), &["check", "--format", "json", "--max-file-size", "1"]);
    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stderr));
    let found = findings(&output);
    assert_eq!(
        found.iter().map(|(file, rule, _)| (file.as_str(), rule.as_str())).collect::<Vec<_>>(),
        [
            ("big/redis.conf", "input-limit-exceeded"),
            ("deploy/generated.yaml", "input-limit-exceeded"),
            ("redis.conf", "weak-password"),
        ]
    );
    assert_eq!(found[0].2, "skipped: the file is 1.0 MiB, over the file size limit of 1 MiB");

    // The default (32 MiB) reads them; the configuration file's limit applies too, and the flag wins.
    assert!(
        !rules_of(&redlint(dir.path(), &["check", "--format", "json"]))
            .iter()
            .any(|(_, rule)| rule == "input-limit-exceeded")
    );
    let config = format!("{SELECT}[rules.input-limit-exceeded]\nmax-file-size = 1\n");
    write(dir.path(), "redlint.toml", config.as_bytes());
    assert_eq!(rules_of(&redlint(dir.path(), &["check", "--format", "json"])).len(), 3);
    assert_eq!(
        rules_of(&redlint(dir.path(), &["check", "--format", "json", "--max-file-size", "2"])).len(),
        1
    );

    // Named explicitly: reported whatever its name; a warning, so `--fail-on error` passes.
    write(dir.path(), "dump.bin", &padding);
    let output =
        redlint(dir.path(), &["check", "--format", "json", "--fail-on", "error", "dump.bin", "redis.conf"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        rules_of(&output),
        pairs(&[("dump.bin", "input-limit-exceeded"), ("redis.conf", "weak-password")])
    );
}

#[test]
fn files_over_the_count_limit_are_one_finding() {
    let dir = project();
    for index in 0..5 {
        write(dir.path(), &format!("conf/{index}/redis.conf"), b"maxmemory 1gb\nappendonly yes\n");
    }
    let output = redlint(
        dir.path(),
        &["check", "--format", "json", "--max-files", "3", "--select", "input-limit-exceeded"],
    );
    assert_eq!(output.status.code(), Some(1));
    let found = findings(&output);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "conf/3/redis.conf");
    assert_eq!(
        found[0].2,
        "skipped: over the file count limit of 3; this file and the 2 after it (by path) were not checked"
    );
    write(dir.path(), "redlint.toml", b"[rules.input-limit-exceeded]\nmax-files = 3\n");
    let output = redlint(dir.path(), &["check", "--format", "json", "--select", "input-limit-exceeded"]);
    assert_eq!(findings(&output).len(), 1);
}

#[test]
fn undecodable_files_are_findings_at_their_first_bad_byte() {
    let dir = project();
    write(dir.path(), "latin1/redis.conf", b"maxmemory 1gb\n# m\xe9moire\n");
    write(dir.path(), "binary/redis.conf", b"maxmemory 1gb\x00\x01\n");
    let output = redlint(dir.path(), &["check", "--format", "concise"]);
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("binary/redis.conf:1:1: warning [unreadable-file] skipped: binary file"), "{text}");
    assert!(
        text.contains("latin1/redis.conf:2:4: warning [unreadable-file] skipped: not valid UTF-8 text"),
        "{text}"
    );
    assert!(text.contains("redis.conf:1:13: warning [weak-password]"), "{text}");
    let output = redlint(dir.path(), &["check", "--fail-on", "error"]);
    assert_eq!(output.status.code(), Some(0));
    // The human report shows where, and nothing of the line before the bad byte.
    write(dir.path(), "latin1/redis.conf", b"requirepass sesame\xe9\n");
    let human = String::from_utf8(redlint(dir.path(), &["check", "latin1/redis.conf"]).stdout).unwrap();
    assert!(human.contains("latin1/redis.conf:1:19"), "{human}");
    assert!(!human.contains("sesame"), "{human}");
}

#[test]
fn exit_2_only_for_redlints_own_failures() {
    let dir = project();
    // Bad flags.
    for flags in [["--max-files", "0"], ["--max-file-size", "0"], ["--max-file-size", "x"]] {
        let output = redlint(dir.path(), &["check", flags[0], flags[1]]);
        assert_eq!(output.status.code(), Some(2), "{flags:?}");
    }
    // A bad configuration file: its line in the message.
    write(dir.path(), "redlint.toml", b"[rules.input-limit-exceeded]\n\nmax-files = 0\n");
    let output = redlint(dir.path(), &["check"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("`max-files` must be a whole number from 1 to 10000000") && stderr.contains(":3:"),
        "{stderr}"
    );
    std::fs::remove_file(dir.path().join("redlint.toml")).unwrap();
    // A report it cannot write.
    let output = redlint(dir.path(), &["check", "--output", "no/such/dir/report.json"]);
    assert_eq!(output.status.code(), Some(2));
    // Bad input files are findings, never 2.
    write(dir.path(), "a/redis.conf", b"\xff\xfe\x00\x00");
    write(dir.path(), "b/redis.conf", b"include b/redis.conf\n");
    write(dir.path(), "compose.yaml", b"services: [\n");
    assert_eq!(redlint(dir.path(), &["check"]).status.code(), Some(1));
    assert_eq!(redlint(dir.path(), &["check", "--fail-on", "never"]).status.code(), Some(0));
}

#[test]
fn an_include_over_the_size_limit_is_a_finding_not_a_missing_file() {
    let dir = project();
    write(dir.path(), "main/redis.conf", b"include extra.inc\nmaxmemory 1gb\n");
    write(dir.path(), "main/extra.inc", &"# padding\n".repeat(110_000).into_bytes());
    write(dir.path(), "other/redis.conf", b"include latin1.inc\n");
    write(dir.path(), "other/latin1.inc", b"# m\xe9moire\n");
    let config = format!("{SELECT}[rules.input-limit-exceeded]\nmax-file-size = 1\n")
        .replace("\"weak-password\"", "\"weak-password\", \"include-not-found\"");
    write(dir.path(), "redlint.toml", config.as_bytes());
    let output = redlint(dir.path(), &["check", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        rules_of(&output),
        pairs(&[
            ("main/extra.inc", "input-limit-exceeded"),
            ("other/latin1.inc", "unreadable-file"),
            ("redis.conf", "weak-password"),
        ])
    );
}
