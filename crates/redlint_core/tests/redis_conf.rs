//! The redis.conf loader through the public API: the behaviours that decide the effective
//! configuration (redis-facts.md §1.7–§1.9, §4.3), each with where the value came from.

mod common;

use redlint_core::model::EffectiveConfig;
use redlint_core::model::config::{DefaultUserAuth, Origin, Via};
use redlint_core::source::ColumnEncoding;
use redlint_core::{Input, NoFiles, RedisVersion, Report, Settings, check, check_command_line};

fn run(files: &[(&str, &str)], args: &[&str]) -> (Report, EffectiveConfig) {
    let inputs = files.iter().map(|(path, text)| Input::new(*path, *text)).collect();
    check_command_line(inputs, &NoFiles, &Settings::default(), "redis-server", args)
}

/// `path:line:col` of a span.
fn at(report: &Report, span: redlint_core::Span) -> String {
    let file = report.sources().get(span.file);
    let (start, _) = file.range_of(span, ColumnEncoding::Chars);
    format!("{}:{}:{}", file.path(), start.line, start.column)
}

fn findings(report: &Report) -> Vec<String> {
    report.diagnostics().iter().map(|d| format!("{} [{}]", at(report, d.span), d.rule)).collect()
}

#[test]
fn save_lines_accumulate_and_the_command_line_appends() {
    let (_, config) =
        run(&[("redis.conf", "save 900 1\nsave 300 10\n")], &["redis.conf", "--save", "60", "1"]);
    assert_eq!(config.config_get("save").unwrap(), "900 1 300 10 60 1");
    let (_, config) = run(&[("redis.conf", "save 900 1\n")], &["redis.conf", "--save", ""]);
    assert_eq!(config.config_get("save").unwrap(), "");
    let (_, config) = run(&[("redis.conf", "appendonly yes\n")], &["redis.conf"]);
    assert_eq!(config.config_get("save").unwrap(), "3600 1 300 100 60 10000");
    assert_eq!(config.save.origin, Origin::RedisDefault);
}

#[test]
fn after_an_include_each_save_line_replaces() {
    let files =
        [("redis.conf", "include common.conf\nsave 900 1\nsave 300 10\n"), ("common.conf", "timeout 0\n")];
    let (report, config) = run(&files, &["redis.conf"]);
    assert_eq!(config.config_get("save").unwrap(), "300 10");
    let quirk: Vec<_> = report.diagnostics().iter().filter(|d| d.rule == "save-after-include").collect();
    assert_eq!(quirk.len(), 1);
    assert_eq!(at(&report, quirk[0].span), "redis.conf:3:1");
    assert_eq!(at(&report, quirk[0].labels[0].span), "redis.conf:2:1");
    assert_eq!(at(&report, quirk[0].labels[1].span), "redis.conf:1:1");
    // Command-line --save options suffer the same.
    let (_, config) = run(
        &files[..1].iter().copied().chain([files[1]]).collect::<Vec<_>>(),
        &["redis.conf", "--save", "60", "1", "--save", "30", "5"],
    );
    assert_eq!(config.config_get("save").unwrap(), "30 5");
}

#[test]
fn command_line_options_come_last() {
    let (_, config) = run(
        &[("redis.conf", "requirepass from-the-file\nappendonly no\n")],
        &["redis.conf", "--requirepass", "", "--appendonly", "yes"],
    );
    assert!(matches!(config.default_user_auth(), DefaultUserAuth::Open { .. }));
    assert!(config.aof_enabled());
    let origin = config.origin("appendonly").set_at().unwrap();
    assert_eq!(origin.via, Via::CommandLine);
    // A name still waiting for a value takes the next argument, even `--appendonly`.
    let (_, config) = run(&[], &["--requirepass", "--appendonly"]);
    assert_eq!(config.config_get("requirepass").unwrap(), "--appendonly");
    assert!(!config.aof_enabled());
}

#[test]
fn a_config_path_after_an_option_is_that_options_value() {
    let (report, _) = run(&[("redis.conf", "port 6379\n")], &["--port", "6380", "redis.conf"]);
    let found = findings(&report);
    assert!(
        found.iter().any(|finding| finding.starts_with("<command line>:1:26 [wrong-argument-count]")),
        "{found:?}"
    );
}

#[test]
fn values_point_at_the_line_that_set_them_in_any_file() {
    let files = [
        ("conf/redis.conf", "# main\nmaxmemory 1gb\ninclude limits.conf\n"),
        ("conf/limits.conf", "# shared limits\n\nmaxmemory 2gb\n"),
    ];
    let (report, config) = run(&files, &["conf/redis.conf"]);
    assert_eq!(config.bytes("maxmemory"), 2 << 30);
    let span = config.origin("maxmemory").value_span().unwrap();
    assert_eq!(at(&report, span), "conf/limits.conf:3:11");
    assert_eq!(config.includes[0].path, "limits.conf");
}

#[test]
fn include_globs_resolve_in_order_and_empty_globs_are_ignored() {
    let files = [
        ("redis.conf", "include conf.d/*.conf\ninclude nothing/*.conf\n"),
        ("conf.d/20-b.conf", "maxmemory 2gb\n"),
        ("conf.d/10-a.conf", "maxmemory 1gb\nappendonly yes\n"),
    ];
    let (report, config) = run(&files, &["redis.conf"]);
    assert_eq!(config.bytes("maxmemory"), 2 << 30, "20-b.conf is read after 10-a.conf");
    assert!(config.aof_enabled());
    assert!(!report.diagnostics().iter().any(|d| d.rule == "include-not-found"));
}

#[test]
fn includes_after_an_absolute_dir_are_container_paths() {
    let (report, _) = run(
        &[("redis.conf", "dir /data\ninclude extra.conf\n"), ("extra.conf", "maxmemory 1gb\n")],
        &["redis.conf"],
    );
    let found = findings(&report);
    assert!(found.contains(&"redis.conf:2:9 [include-outside-repository]".to_owned()), "{found:?}");
}

#[test]
fn include_cycles_are_reported_once_per_entry_point() {
    let files = [("redis-a.conf", "include redis-b.conf\n"), ("redis-b.conf", "include redis-a.conf\n")];
    let report = check(
        files.iter().map(|(path, text)| Input::new(*path, *text)).collect(),
        &NoFiles,
        &Settings::only("include-cycle"),
    );
    assert_eq!(findings(&report), ["redis-a.conf:1:9 [include-cycle]", "redis-b.conf:1:9 [include-cycle]"]);
}

#[test]
fn directives_follow_the_target_version() {
    let text = "locale-collate \"\"\nset-max-listpack-entries 128\n";
    let inputs = || vec![Input::new("redis.conf", text)];
    let v70 = Settings { redis_version: RedisVersion::V7_0, ..Settings::only("unknown-directive") };
    assert_eq!(
        findings(&check(inputs(), &NoFiles, &v70)),
        ["redis.conf:1:1 [unknown-directive]", "redis.conf:2:1 [unknown-directive]"]
    );
    let v72 = Settings { redis_version: RedisVersion::V7_2, ..Settings::only("unknown-directive") };
    assert!(findings(&check(inputs(), &NoFiles, &v72)).is_empty());
}

#[test]
fn the_default_user_follows_acl_semantics() {
    let auth = |text: &str| run(&[("redis.conf", text)], &["redis.conf"]).1.default_user_auth();
    assert!(matches!(
        auth("requirepass rp\nuser default on >up ~* +@all\n"),
        DefaultUserAuth::Password { .. }
    ));
    assert!(matches!(auth("user default >pw\n"), DefaultUserAuth::Disabled { .. }));
    assert!(matches!(auth("user default on nopass ~* +@all\n"), DefaultUserAuth::Open { .. }));
    assert!(matches!(
        auth("requirepass rp\naclfile /etc/redis/users.acl\n"),
        DefaultUserAuth::Unknown { .. }
    ));
    assert!(matches!(auth("requirepass \"\"\n"), DefaultUserAuth::Open { .. }));
}

#[test]
fn secrets_are_recorded_and_never_in_messages() {
    let text = "requirepass s3cr3t-one\nmasterauth s3cr3t-two\nuser bob on >s3cr3t-three ~* +@all\nrequirepass s3cr3t-four extra\n";
    let (report, config) = run(&[("redis.conf", text)], &["redis.conf", "--masterauth", "s3cr3t-five"]);
    let secret_texts: Vec<&str> =
        config.secrets.iter().map(|span| report.sources().get(span.file).slice(*span)).collect();
    for secret in ["s3cr3t-one", "s3cr3t-two", ">s3cr3t-three", "s3cr3t-four", "s3cr3t-five"] {
        assert!(secret_texts.contains(&secret), "{secret} not recorded: {secret_texts:?}");
    }
    let json = report.json_string("test", true);
    let concise = report.to_concise();
    let masked = report.masked_text(report.diagnostics()[0].span.file);
    for output in [json, concise, masked] {
        assert!(!output.contains("s3cr3t"), "a secret leaked: {output}");
    }
}
