//! The third-party corpus next to the checkout (`../shared/corpus`): every file of a format
//! redlint reads is classified as that format and parses without a syntax error, and a few
//! deployments report what a Redis expert would, at the right lines.

mod common;

use std::path::Path;

use common::{DirProvider, corpus_dir, render_detailed};
use redlint_core::source::ColumnEncoding;
use redlint_core::{FileKind, Input, Report, Settings, check};

fn corpus_files(format: &str) -> Vec<(String, Vec<u8>)> {
    let dir = corpus_dir().join(format);
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|error| panic!("{}: {error}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|extension| extension == "yml" || extension == "yaml"))
        .map(|path| (path.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&path).unwrap()))
        .collect();
    files.sort();
    files
}

fn check_one(dir: &Path, name: &str, content: Vec<u8>) -> Report {
    check(vec![Input::new(name, content)], &DirProvider(dir.to_path_buf()), &Settings::default())
}

/// `(line, rule)` of every finding in the file itself.
fn found(report: &Report, name: &str) -> Vec<(u32, String)> {
    report
        .diagnostics()
        .iter()
        .filter(|diagnostic| report.sources().get(diagnostic.span.file).path() == name)
        .map(|diagnostic| {
            let file = report.sources().get(diagnostic.span.file);
            (file.range_of(diagnostic.span, ColumnEncoding::Chars).0.line, diagnostic.rule.to_owned())
        })
        .collect()
}

#[test]
fn every_compose_file_is_read_without_a_syntax_error() {
    let dir = corpus_dir().join("compose");
    let files = corpus_files("compose");
    assert!(files.len() >= 30, "the compose corpus is missing");
    for (name, content) in files {
        let report = check_one(&dir, &name, content);
        let kind = report.sources().find(&name).map(|id| report.sources().get(id).kind());
        assert_eq!(kind, Some(FileKind::Compose), "{name} is not read as Compose");
        let broken: Vec<_> = report
            .diagnostics()
            .iter()
            .filter(|diagnostic| {
                matches!(diagnostic.rule, "yaml-syntax-error" | "duplicate-key" | "unreadable-file")
            })
            .collect();
        assert!(broken.is_empty(), "{name}:\n{}", render_detailed(&report));
    }
}

/// Five deployments checked by hand: each expected finding at its line, and nothing that would
/// be a false alarm.
#[test]
fn compose_deployments_report_what_an_expert_would() {
    let dir = corpus_dir().join("compose");
    let expect = |name: &str, wanted: &[(u32, &str)], absent: &[&str]| {
        let content = std::fs::read(dir.join(name)).unwrap();
        let report = check_one(&dir, name, content);
        let findings = found(&report, name);
        for (line, rule) in wanted {
            assert!(
                findings.iter().any(|(found_line, found_rule)| found_line == line && found_rule == rule),
                "{name}: expected `{rule}` at line {line}\n{}",
                render_detailed(&report)
            );
        }
        for rule in absent {
            assert!(
                !findings.iter().any(|(_, found)| found == rule),
                "{name}: unexpected `{rule}`\n{}",
                render_detailed(&report)
            );
        }
    };
    // `"6379:6379"` on the Bitnami image with ALLOW_EMPTY_PASSWORD: open to the world.
    expect(
        "bitnami-containers__redis-7.4-debian-12-docker-compose.yml",
        &[(9, "protected-mode-off-without-auth"), (12, "port-published-on-all-interfaces")],
        &["privilege-drop-bypassed", "redis-data-on-ephemeral-storage"],
    );
    // A Debian-style volume path on the official image: the data is not where Redis writes it.
    expect(
        "docker-gitlab__docker-compose.swarm.yml",
        &[(7, "volume-not-at-data-dir")],
        &["redis-data-on-ephemeral-storage"],
    );
    // `sh -c` with the password from the environment: root, but no password leak or weak password.
    expect(
        "netbox-docker__docker-compose.yml",
        &[(66, "privilege-drop-bypassed"), (81, "privilege-drop-bypassed")],
        &[
            "password-on-command-line",
            "weak-password",
            "protected-mode-off-without-auth",
            "no-authentication",
        ],
    );
    // A redis.conf mounted from the repository but not in the corpus: defaults are not judged.
    expect(
        "sentry-self-hosted__docker-compose.yml",
        &[(160, "config-outside-repository")],
        &["protected-mode-off-without-auth", "no-maxmemory", "healthcheck-passes-on-auth-error"],
    );
    // The entrypoint re-run from `sh -c` keeps the privilege drop; the password comes from a file.
    expect(
        "docker-zulip__compose.yaml",
        &[(53, "unpinned-image")],
        &["privilege-drop-bypassed", "env-var-ignored-by-image", "protected-mode-off-without-auth"],
    );
}
