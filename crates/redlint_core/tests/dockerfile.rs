//! Dockerfiles end to end: every Dockerfile of the third-party corpus parses, the corpus's
//! glibc-to-musl history is flagged at the right `COPY`, the broken multi-stage Python
//! template is flagged, static builds are not, and a Compose `build:` resolves to its
//! Dockerfile and the redis.conf it copies.

mod common;

use std::collections::HashMap;

use common::corpus_dir;
use redlint_core::rules;
use redlint_core::source::ColumnEncoding;
use redlint_core::{FileKind, FileProvider, Input, NoFiles, Provided, Report, Settings, check};

/// `(rule, file, line, column)` of every finding.
fn findings(report: &Report) -> Vec<(String, String, usize, usize)> {
    report
        .diagnostics()
        .iter()
        .map(|diagnostic| {
            let file = report.sources().get(diagnostic.span.file);
            let (start, _) = file.range_of(diagnostic.span, ColumnEncoding::Chars);
            (diagnostic.rule.to_owned(), file.path().to_owned(), start.line as usize, start.column as usize)
        })
        .collect()
}

fn compat_findings(report: &Report) -> Vec<(String, String, usize, usize)> {
    findings(report)
        .into_iter()
        .filter(|(rule, ..)| rules::meta(rule).is_some_and(|meta| meta.category.as_str() == "compat"))
        .collect()
}

fn dockerfile(text: &str) -> Report {
    check(vec![Input::new("Dockerfile", text)], &NoFiles, &Settings::default())
}

fn corpus_dockerfiles() -> Vec<(String, Vec<u8>)> {
    let dir = corpus_dir().join("dockerfile");
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|error| panic!("the corpus is expected at {}: {error}", dir.display()))
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|extension| extension == "Dockerfile"))
        .map(|path| {
            let name = path.file_name().expect("name").to_string_lossy().into_owned();
            (name, std::fs::read(&path).expect("readable"))
        })
        .collect();
    files.sort();
    files
}

fn corpus_file(prefix: &str) -> Vec<u8> {
    corpus_dockerfiles()
        .into_iter()
        .find(|(name, _)| name.starts_with(prefix))
        .unwrap_or_else(|| panic!("no corpus Dockerfile {prefix}*"))
        .1
}

#[test]
fn every_corpus_dockerfile_parses() {
    let files = corpus_dockerfiles();
    assert!(files.len() >= 27, "expected the corpus's Dockerfiles, found {}", files.len());
    let mut failures = Vec::new();
    for (name, content) in files {
        let inputs = vec![Input::new(name.clone(), content)];
        let report = check(inputs, &NoFiles, &Settings::only("dockerfile-syntax-error"));
        assert_eq!(report.sources().get(report.checked_files().next().unwrap()).kind(), FileKind::Dockerfile);
        if !report.diagnostics().is_empty() {
            failures.push(format!("{name}: {:?}", findings(&report)));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_opengsq_history_is_flagged_at_the_copy_lines() {
    for (prefix, line) in [
        ("opengsq-master-server-e600788", 14),
        ("opengsq-master-server-81d8e56", 17),
        ("opengsq-master-server-25ec093", 16),
    ] {
        let report = dockerfile(&String::from_utf8(corpus_file(prefix)).unwrap());
        assert_eq!(
            compat_findings(&report),
            [("glibc-artifacts-in-musl-image".to_owned(), "Dockerfile".to_owned(), line, 21)],
            "{prefix}"
        );
        let diagnostic = &report.diagnostics()[0];
        // The glibc and the musl base are both pointed at.
        let label_lines: Vec<usize> = diagnostic
            .labels
            .iter()
            .map(|label| {
                report.sources().get(label.span.file).range_of(label.span, ColumnEncoding::Chars).0.line
                    as usize
            })
            .collect();
        assert!(label_lines.contains(&2), "{prefix}: {label_lines:?}");
    }
    // The fix that followed: one glibc stage, nothing copied across libcs.
    let report = dockerfile(&String::from_utf8(corpus_file("opengsq-master-server__final")).unwrap());
    assert_eq!(findings(&report), []);
}

#[test]
fn the_multi_stage_python_template_into_redis_alpine_is_flagged() {
    // The pattern of the seed document's template: packages installed for root by a glibc
    // Python, copied into the Redis image, which has no such Python and does not run as root.
    let template = "\
FROM python:3.11-slim AS deps
WORKDIR /build
COPY requirements.txt .
RUN pip install --user --no-cache-dir -r requirements.txt

FROM redis:7.4.6-alpine
RUN apk add --no-cache python3 py3-pip
COPY --from=deps /root/.local /root/.local
ENV PATH=/root/.local/bin:$PATH
";
    let report = dockerfile(template);
    assert_eq!(
        compat_findings(&report),
        [
            ("glibc-artifacts-in-musl-image".to_owned(), "Dockerfile".to_owned(), 8, 18),
            ("python-artifacts-without-python".to_owned(), "Dockerfile".to_owned(), 8, 18),
            ("files-under-root-for-non-root-user".to_owned(), "Dockerfile".to_owned(), 8, 31),
        ]
    );
    let without =
        report.diagnostics().iter().find(|diagnostic| diagnostic.rule == "python-artifacts-without-python");
    let without = without.expect("reported");
    assert!(without.message.contains("the only Python here is the Python in `/usr`"), "{without:?}");
    // Without Alpine's python3 there is no interpreter at all.
    let report = dockerfile(&template.replace("RUN apk add --no-cache python3 py3-pip\n", ""));
    let message =
        &report.diagnostics().iter().find(|d| d.rule == "python-artifacts-without-python").unwrap().message;
    assert!(message.contains("no Python interpreter"), "{message}");
}

#[test]
fn static_go_and_rust_builds_on_alpine_raise_no_compat_finding() {
    let go = "\
FROM golang:1.22 AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /out/server ./cmd/server
FROM alpine:3.20
COPY --from=build /out/server /usr/local/bin/server
ENTRYPOINT [\"/usr/local/bin/server\"]
";
    assert_eq!(compat_findings(&dockerfile(go)), []);
    let go_env = go.replace("RUN CGO_ENABLED=0 go build", "ENV CGO_ENABLED=0\nRUN go build");
    assert_eq!(compat_findings(&dockerfile(&go_env)), []);
    // The same build with cgo on is linked against glibc.
    let dynamic = go.replace("CGO_ENABLED=0 ", "");
    assert_eq!(
        compat_findings(&dockerfile(&dynamic)),
        [("glibc-artifacts-in-musl-image".to_owned(), "Dockerfile".to_owned(), 6, 19)]
    );
    let rust = "\
FROM rust:1.80-alpine AS build
RUN apk add --no-cache musl-dev
WORKDIR /src
COPY . .
RUN cargo build --release
FROM alpine:3.20
COPY --from=build /src/target/release/app /usr/local/bin/app
CMD [\"app\"]
";
    assert_eq!(compat_findings(&dockerfile(rust)), []);
    let musl_target = rust
        .replace("rust:1.80-alpine", "rust:1.80")
        .replace("RUN apk add --no-cache musl-dev\n", "RUN rustup target add x86_64-unknown-linux-musl\n")
        .replace("cargo build --release", "cargo build --release --target x86_64-unknown-linux-musl")
        .replace("target/release", "target/x86_64-unknown-linux-musl/release");
    assert_eq!(compat_findings(&dockerfile(&musl_target)), []);
    let glibc =
        rust.replace("rust:1.80-alpine", "rust:1.80").replace("RUN apk add --no-cache musl-dev\n", "");
    assert_eq!(
        compat_findings(&dockerfile(&glibc)),
        [("glibc-artifacts-in-musl-image".to_owned(), "Dockerfile".to_owned(), 6, 19)]
    );
}

/// Serves files by repository path, like a frontend reading a checkout.
struct Files(HashMap<&'static str, &'static str>);

impl FileProvider for Files {
    fn read(&self, path: &str) -> Provided {
        self.0.get(path).map_or(Provided::NotFound, |text| Provided::Found(text.as_bytes().to_vec()))
    }
    fn list_dir(&self, _dir: &str) -> Vec<String> {
        Vec::new()
    }
}

const COMPOSE: &str = "\
services:
  cache:
    build:
      context: ./redis
      target: server
    mem_limit: 256m
    volumes:
      - cache-data:/data
volumes:
  cache-data:
";

const DOCKERFILE: &str = "\
FROM redis:7.4.6-alpine AS server
COPY redis.conf /usr/local/etc/redis/redis.conf
CMD [\"redis-server\", \"/usr/local/etc/redis/redis.conf\"]

FROM server AS debug
CMD [\"redis-server\", \"--loglevel\", \"debug\"]
";

const REDIS_CONF: &str = "\
requirepass \"a-long-passphrase-nobody-guesses-1234\"
maxmemory 512mb
maxmemory-policy allkeys-lru
";

#[test]
fn a_compose_build_reads_the_config_its_dockerfile_copies() {
    let files = Files(HashMap::from([("redis/Dockerfile", DOCKERFILE), ("redis/redis.conf", REDIS_CONF)]));
    // Only the Compose file is given: the Dockerfile and the config come through the provider.
    let report = check(vec![Input::new("compose.yaml", COMPOSE)], &files, &Settings::default());
    let found = findings(&report);
    assert!(
        found.contains(&("maxmemory-exceeds-memory-limit".to_owned(), "redis/redis.conf".to_owned(), 2, 11)),
        "{found:?}"
    );
    let diagnostic = report
        .diagnostics()
        .iter()
        .find(|diagnostic| diagnostic.rule == "maxmemory-exceeds-memory-limit")
        .unwrap();
    let labels: Vec<(String, usize, &str)> = diagnostic
        .labels
        .iter()
        .map(|label| {
            let file = report.sources().get(label.span.file);
            (
                file.path().to_owned(),
                file.range_of(label.span, ColumnEncoding::Chars).0.line as usize,
                label.message.as_str(),
            )
        })
        .collect();
    assert_eq!(
        labels,
        [
            ("compose.yaml".to_owned(), 6, "memory limit"),
            ("redis/Dockerfile".to_owned(), 2, "copied into the image here"),
            ("compose.yaml".to_owned(), 4, "the image is built from this Dockerfile"),
        ]
    );
    // The config was read as the service's: nothing about a missing password, and the
    // redis.conf is not checked again on its own.
    assert!(
        !found.iter().any(|(rule, ..)| rule.contains("authentication") || rule.contains("protected-mode"))
    );
    assert_eq!(found.iter().filter(|(rule, ..)| rule == "maxmemory-exceeds-memory-limit").count(), 1);
    let checked: Vec<&str> = report.checked_files().map(|file| report.sources().get(file).path()).collect();
    assert_eq!(checked, ["compose.yaml", "redis/Dockerfile", "redis/redis.conf"]);

    // The `debug` stage passes no config file: the copied one is not used, and Redis runs open.
    let debug = COMPOSE.replace("target: server", "target: debug");
    let report = check(vec![Input::new("compose.yaml", debug)], &files, &Settings::default());
    let found = findings(&report);
    assert!(
        found.contains(&("copied-config-not-used".to_owned(), "redis/Dockerfile".to_owned(), 2, 1)),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|(rule, file, ..)| rule == "protected-mode-off-without-auth" && file == "compose.yaml")
    );
}

#[test]
fn a_suppression_covers_every_line_of_an_instruction() {
    let text = "\
FROM alpine:3.20
# redlint-ignore apk-add-without-no-cache -- the cache is a BuildKit cache elsewhere
RUN set -eux; \\
    apk add curl; \\
    apk add jq
RUN apk add git
";
    let report = dockerfile(text);
    assert_eq!(findings(&report), [("apk-add-without-no-cache".to_owned(), "Dockerfile".to_owned(), 6, 5)]);
    let suppressed: Vec<usize> = report
        .suppressed()
        .iter()
        .map(|(diagnostic, _)| {
            report.sources().get(diagnostic.span.file).range_of(diagnostic.span, ColumnEncoding::Chars).0.line
                as usize
        })
        .collect();
    assert_eq!(suppressed, [4, 5]);
}
