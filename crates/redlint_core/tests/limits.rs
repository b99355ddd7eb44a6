//! The input limits (`input-limit-exceeded`) and undecodable files (`unreadable-file`) with
//! inputs too big to commit as fixtures: each is reported where the limit was crossed, names
//! the limit and how to raise it, and the other files are still checked.

mod common;

use common::render_detailed;
use redlint_core::{FileKind, Input, NoFiles, Settings, check};

fn settings() -> Settings {
    let mut settings = Settings::only("input-limit-exceeded");
    let select = settings.select.as_mut().unwrap();
    select.extend(["unreadable-file".to_owned(), "weak-password".to_owned()]);
    settings
}

/// A redis.conf whatever its name.
fn conf(path: String, text: String) -> Input {
    Input { kind: Some(FileKind::RedisConf), ..Input::new(path, text) }
}

/// A file that still gets checked next to the one over the limit.
fn other() -> Input {
    Input::new("other/redis.conf", "requirepass short\n")
}

#[test]
fn a_file_over_the_size_limit_is_reported_and_the_others_checked() {
    let mut settings = settings();
    settings.options.max_file_size_mib = 1;
    let mut big = "# padding\n".repeat((1 << 20) / 10 + 1);
    big.push_str("requirepass short\n");
    let report = check(vec![Input::new("redis.conf", big), other()], &NoFiles, &settings);
    insta::assert_snapshot!(render_detailed(&report), @r"
    other/redis.conf:1:13-1:18 warning [weak-password] weak password: 5 characters, fewer than 32
        help: use a random password of at least 32 characters, e.g. from `openssl rand -base64 32`
    redis.conf:1:1-1:1 warning [input-limit-exceeded] skipped: the file is 1.0 MiB, over the file size limit of 1 MiB
        help: raise the limit with `--max-file-size`, or `max-file-size` under `[rules.input-limit-exceeded]` in redlint.toml
    ");
}

#[test]
fn a_partly_read_file_is_classified_by_its_beginning() {
    // What the CLI hands over for a 40 MiB file: its first bytes and its size.
    let manifest = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: redis\n";
    let data = Input::partial("deploy/generated.yaml", manifest, 40 << 20, None);
    let unrelated = Input::partial("data/dump.json", "[1, 2, 3", 40 << 20, None);
    let report = check(vec![data, unrelated, other()], &NoFiles, &settings());
    let found: Vec<(&str, &str, &str)> = report
        .diagnostics()
        .iter()
        .map(|d| (report.sources().get(d.span.file).path(), d.rule, d.message.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (
                "deploy/generated.yaml",
                "input-limit-exceeded",
                "skipped: the file is 40.0 MiB, over the file size limit of 32 MiB"
            ),
            ("other/redis.conf", "weak-password", "weak password: 5 characters, fewer than 32"),
        ]
    );
}

#[test]
fn files_over_the_count_limit_are_reported_once() {
    let mut settings = settings();
    settings.options.max_files = 3;
    let inputs: Vec<Input> =
        (0..6).map(|index| conf(format!("conf/{index}.conf"), "maxmemory 1gb\n".to_owned())).collect();
    let report = check(inputs, &NoFiles, &settings);
    insta::assert_snapshot!(render_detailed(&report), @r"
    conf/3.conf:1:1-1:1 warning [input-limit-exceeded] skipped: over the file count limit of 3; this file and the 2 after it (by path) were not checked
        help: raise the limit with `--max-files`, or `max-files` under `[rules.input-limit-exceeded]` in redlint.toml
    ");
    let checked: Vec<&str> = report.checked_files().map(|id| report.sources().get(id).path()).collect();
    assert_eq!(checked, ["conf/0.conf", "conf/1.conf", "conf/2.conf", "conf/3.conf"]);
}

#[test]
fn invalid_utf8_is_reported_at_its_first_byte_and_shows_nothing_before_it() {
    let conf = b"port 6379\nrequirepass s\xc3\xa9cret-\xe9t\xe9\nmaxmemory 1gb\n".to_vec();
    let report = check(vec![Input::new("redis.conf", conf), other()], &NoFiles, &settings());
    insta::assert_snapshot!(render_detailed(&report), @r"
    other/redis.conf:1:13-1:18 warning [weak-password] weak password: 5 characters, fewer than 32
        help: use a random password of at least 32 characters, e.g. from `openssl rand -base64 32`
    redis.conf:2:20-2:20 warning [unreadable-file] skipped: not valid UTF-8 text (the first invalid byte is here)
        help: save the file as UTF-8 (for example `iconv -f latin1 -t utf-8`)
    ");
    let text = report.sources().find("redis.conf").map(|id| report.sources().get(id).text()).unwrap();
    assert!(!text.contains("cret"), "the text before the bad byte is blanked: {text:?}");
}

#[test]
fn default_yaml_depth_and_include_depth() {
    // 300 nested block mappings, over the default depth of 256.
    let deep: String = (0..300).map(|depth| "  ".repeat(depth) + "k:\n").collect();
    let chain: Vec<Input> = (0..40)
        .map(|index| conf(format!("conf/{index}.conf"), format!("include {}.conf\n", index + 1)))
        .chain([conf("conf/40.conf".to_owned(), "maxmemory 1gb\n".to_owned())])
        .collect();
    let mut inputs = vec![Input { kind: Some(FileKind::Kubernetes), ..Input::new("deep.yaml", deep) }];
    inputs.extend(chain);
    let report = check(inputs, &NoFiles, &settings());
    let found: Vec<String> = report
        .diagnostics()
        .iter()
        .map(|d| {
            let file = report.sources().get(d.span.file);
            let (start, _) = file.range_of(d.span, redlint_core::source::ColumnEncoding::Chars);
            format!(
                "{}:{}:{} {} | {}",
                file.path(),
                start.line,
                start.column,
                d.message,
                d.help.as_deref().unwrap_or("")
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            "conf/31.conf:1:9 includes nest deeper than 32 levels (the include depth limit): `32.conf` was not read | flatten the includes, or raise `max-include-depth` under `[rules.input-limit-exceeded]` in redlint.toml",
            "deep.yaml:257:513 YAML nested deeper than 256 levels (the depth limit): the rest of the file was not checked | raise `max-yaml-depth` under `[rules.input-limit-exceeded]` in redlint.toml",
        ]
    );
}

#[test]
fn the_highest_limits_do_not_overflow_the_stack() {
    let mut settings = settings();
    settings.options.max_yaml_depth = 1024;
    settings.options.max_include_depth = 128;
    let deep: String = (0..1100).map(|depth| " ".repeat(depth) + "k:\n").collect();
    let mut inputs = vec![Input { kind: Some(FileKind::Compose), ..Input::new("compose.yaml", deep) }];
    inputs.extend(
        (0..140).map(|index| conf(format!("conf/{index}.conf"), format!("include {}.conf\n", index + 1))),
    );
    let report = check(inputs, &NoFiles, &settings);
    assert_eq!(report.diagnostics().len(), 2, "{}", render_detailed(&report));
}
