//! Every output format the core renders: snapshots on the bundled examples and on fixtures,
//! SARIF validated against the official 2.1.0 schema for every fixture (plus what GitHub code
//! scanning requires), and the properties each format promises (escaping, fingerprints).

mod common;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use common::{DirProvider, inputs_from_dir, workspace_root};
use redlint_core::config::Config;
use redlint_core::{Format, Report, Settings, check};
use serde_json::Value;

const VERSION: &str = "0.0.0-test";

fn check_dir(dir: &Path, settings: &Settings) -> Report {
    check(inputs_from_dir(dir), &DirProvider(dir.to_path_buf()), settings)
}

/// Settings for a fixture folder: its rule, and its `redlint.toml` if any.
fn fixture_settings(rule: &str, dir: &Path) -> Settings {
    let mut settings = Settings::only(rule);
    if let Ok(text) = std::fs::read_to_string(dir.join("redlint.toml")) {
        Config::parse(&text).unwrap().apply(&mut settings, "", "");
        settings.select.get_or_insert_with(Vec::new).push(rule.to_owned());
    }
    settings
}

fn fixture_dirs() -> Vec<(String, PathBuf)> {
    let root = workspace_root().join("crates/redlint_core/tests/fixtures");
    let mut dirs = Vec::new();
    for category in std::fs::read_dir(&root).unwrap() {
        for rule in std::fs::read_dir(category.unwrap().path()).unwrap() {
            let rule = rule.unwrap().path();
            let name = rule.file_name().unwrap().to_string_lossy().into_owned();
            for case in std::fs::read_dir(&rule).unwrap() {
                dirs.push((name.clone(), case.unwrap().path()));
            }
        }
    }
    dirs.sort();
    dirs
}

struct SarifValidator {
    schemas: boon::Schemas,
    index: boon::SchemaIndex,
}

impl SarifValidator {
    fn new() -> Self {
        let path = workspace_root().join("../shared/schemas/sarif-schema-2.1.0.json");
        let schema: Value = serde_json::from_str(
            &std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display())),
        )
        .unwrap();
        let mut compiler = boon::Compiler::new();
        compiler.enable_format_assertions();
        compiler.add_resource("file:///sarif-schema-2.1.0.json", schema).unwrap();
        let mut schemas = boon::Schemas::new();
        let index = compiler.compile("file:///sarif-schema-2.1.0.json", &mut schemas).unwrap();
        SarifValidator { schemas, index }
    }

    /// Schema-valid, and what GitHub code scanning needs. Returns the problems.
    fn problems(&self, sarif: &str) -> Vec<String> {
        let log: Value = serde_json::from_str(sarif).expect("SARIF is JSON");
        let mut problems = Vec::new();
        if let Err(error) = self.schemas.validate(&log, self.index) {
            problems.push(format!("{error:#}"));
        }
        let run = &log["runs"][0];
        for rule in run["tool"]["driver"]["rules"].as_array().unwrap() {
            let id = rule["id"].as_str().unwrap();
            for field in ["shortDescription", "fullDescription"] {
                let text = rule[field]["text"].as_str().unwrap_or("");
                if text.is_empty() || text.chars().count() > 1024 {
                    problems.push(format!("{id}: {field}.text is empty or over 1024 characters"));
                }
            }
            if rule["help"]["text"].as_str().is_none_or(str::is_empty) || rule["help"]["markdown"].is_null() {
                problems.push(format!("{id}: no help text and markdown"));
            }
            let tags: Vec<&str> = rule["properties"]["tags"]
                .as_array()
                .unwrap()
                .iter()
                .map(|tag| tag.as_str().unwrap())
                .collect();
            let security = redlint_core::rules::meta(id).unwrap().category.as_str() == "security";
            match rule["properties"]["security-severity"].as_str() {
                Some(score) if security => {
                    let score: f64 = score.parse().unwrap();
                    if !(score > 0.0 && score <= 10.0 && tags.contains(&"security")) {
                        problems.push(format!("{id}: security-severity {score} or the `security` tag"));
                    }
                }
                None if !security => {}
                other => problems.push(format!("{id}: security-severity {other:?} on a {} rule", tags[0])),
            }
        }
        for result in run["results"].as_array().unwrap() {
            let rule_index = result["ruleIndex"].as_u64().unwrap() as usize;
            if run["tool"]["driver"]["rules"][rule_index]["id"] != result["ruleId"] {
                problems.push(format!("ruleIndex {rule_index} is not {}", result["ruleId"]));
            }
            if result["partialFingerprints"]["primaryLocationLineHash"].as_str().is_none_or(str::is_empty) {
                problems.push("a result without primaryLocationLineHash".into());
            }
            let region = &result["locations"][0]["physicalLocation"]["region"];
            for field in ["startLine", "startColumn", "endLine", "endColumn"] {
                if region[field].as_u64().is_none_or(|value| value == 0) {
                    problems.push(format!("{}: region.{field} missing", result["ruleId"]));
                }
            }
        }
        problems
    }
}

#[test]
fn sarif_of_every_fixture_is_valid_for_the_schema_and_github() {
    let validator = SarifValidator::new();
    let mut failures = Vec::new();
    let mut results = 0;
    for (rule, dir) in fixture_dirs() {
        let report = check_dir(&dir, &fixture_settings(&rule, &dir));
        let sarif = report.render(Format::Sarif, VERSION);
        results += report.diagnostics().len() + report.suppressed().len();
        for problem in validator.problems(&sarif) {
            failures.push(format!("{}: {problem}", dir.display()));
        }
    }
    // Every rule on the examples, too.
    for example in ["examples/insecure", "examples/hardened"] {
        let report = check_dir(&workspace_root().join(example), &Settings::default());
        for problem in validator.problems(&report.render(Format::Sarif, VERSION)) {
            failures.push(format!("{example}: {problem}"));
        }
    }
    assert!(results > 100, "the fixtures should give many results, got {results}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn sarif_of_the_corpus_is_valid_and_masks_secrets() {
    // Real third-party files (`../shared/corpus`), every rule on, each directory at once.
    let corpus = common::corpus_dir();
    assert!(corpus.is_dir(), "{} is missing: the corpus is test data CI provides", corpus.display());
    let validator = SarifValidator::new();
    let (mut results, mut secrets) = (0, 0);
    for kind in ["redis-conf", "compose", "dockerfile", "k8s"] {
        let dir = corpus.join(kind);
        let report = check_dir(&dir, &Settings::default());
        results += report.diagnostics().len();
        let sarif = report.render(Format::Sarif, VERSION);
        let problems = validator.problems(&sarif);
        assert!(problems.is_empty(), "{kind}: {problems:?}");
        // A secret can only be told apart when its text appears nowhere else: `bitnami` as a
        // password is also in `bitnami/redis:7.4`.
        let elsewhere = |text: &str| {
            report.sources().iter().any(|file| {
                file.path().contains(text)
                    || file.text().match_indices(text).any(|(at, _)| {
                        !report
                            .secrets()
                            .iter()
                            .any(|secret| secret.file == file.id() && secret.range().contains(&at))
                    })
            })
        };
        for secret in report.secrets() {
            let text = report.sources().get(secret.file).slice(*secret);
            if text.len() >= 6 && !elsewhere(text) {
                secrets += 1;
                for &format in Format::ALL {
                    assert!(
                        !report.render(format, VERSION).contains(text),
                        "{kind}: {format} shows a secret"
                    );
                }
            }
        }
    }
    // The corpus has no committed passwords today; `showcase` covers masking either way.
    assert!(results > 0, "{results} results, {secrets} secrets checked");
}

#[test]
fn the_validator_rejects_broken_sarif() {
    let validator = SarifValidator::new();
    let report = check_dir(&workspace_root().join("examples/insecure"), &Settings::default());
    let sarif = report.render(Format::Sarif, VERSION);
    assert!(validator.problems(&sarif).is_empty());
    let broken = sarif.replacen("\"startLine\": ", "\"startLine\": -", 1);
    assert!(!validator.problems(&broken).is_empty(), "a negative line must fail the schema");
    let broken = sarif.replacen("\"level\": \"error\"", "\"level\": \"fatal\"", 1);
    assert!(!validator.problems(&broken).is_empty(), "an unknown level must fail the schema");
}

fn snapshot_all_formats(name: &str, report: &Report) {
    for &format in Format::ALL {
        insta::with_settings!({ omit_expression => true, description => format!("{name} as {format}") }, {
            insta::assert_snapshot!(format!("{name}__{format}"), report.render(format, VERSION));
        });
    }
}

#[test]
fn every_format_on_the_examples() {
    for example in ["insecure", "hardened"] {
        let dir = workspace_root().join("examples").join(example);
        // Paths as the CLI shows them from the repository root.
        let inputs = inputs_from_dir(&dir)
            .into_iter()
            .map(|input| redlint_core::Input { path: format!("examples/{example}/{}", input.path), ..input })
            .collect();
        let report = check(inputs, &DirProvider(workspace_root()), &Settings::default());
        snapshot_all_formats(&format!("example_{example}"), &report);
    }
}

/// Suppressions of every kind, a label in another file, a fix, a secret and non-ASCII text.
fn showcase() -> Report {
    let conf = "# Réglages: clé\u{e9}\nmasterauth \"s3cr3t-pässword\"\nprotected-mode no\n# redlint-ignore relative-dir -- the image's WORKDIR is /data\ndir ./\n\
                include conf.d/extra.conf\nmaxmemory 2g\n# redlint-ignore-file aof-disabled\n";
    let extra = "daemonize yes\nbind 0.0.0.0\n";
    let inputs = vec![
        redlint_core::Input::new("deploy/redis.conf", conf),
        redlint_core::Input::new("deploy/conf.d/extra.conf", extra),
    ];
    let mut settings = Settings::default();
    Config::parse(
        "[[ignore]]\nrules = [\"no-maxmemory\", \"config-command-enabled\"]\npaths = [\"deploy/**\"]\nreason = \"limits are set by the orchestrator\"\n",
    )
    .unwrap()
    .apply(&mut settings, "", "");
    check(inputs, &redlint_core::NoFiles, &settings)
}

#[test]
fn every_format_on_suppressions_labels_fixes_and_unicode() {
    let report = showcase();
    assert!(report.suppressed().len() >= 3, "{:?}", report.suppressed());
    snapshot_all_formats("showcase", &report);
    for &format in Format::ALL {
        let text = report.render(format, VERSION);
        assert!(!text.contains("s3cr3t"), "{format} shows the password:\n{text}");
    }
    let validator = SarifValidator::new();
    let sarif = report.render(Format::Sarif, VERSION);
    assert!(validator.problems(&sarif).is_empty(), "{:?}", validator.problems(&sarif));
    let log: Value = serde_json::from_str(&sarif).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    let suppressions: Vec<(&str, &str)> = results
        .iter()
        .filter_map(|result| result["suppressions"][0].as_object())
        .map(|suppression| {
            (suppression["kind"].as_str().unwrap(), suppression["justification"].as_str().unwrap())
        })
        .collect();
    assert!(suppressions.contains(&("inSource", "the image's WORKDIR is /data")), "{suppressions:?}");
    assert!(suppressions.contains(&("external", "limits are set by the orchestrator")), "{suppressions:?}");
    // A label in another file becomes a related location in that file.
    assert!(results.iter().any(|result| {
        result["relatedLocations"].as_array().is_some_and(|related| {
            related.iter().any(|location| {
                location["physicalLocation"]["artifactLocation"]["uri"] == "deploy/conf.d/extra.conf"
            })
        }) && result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "deploy/redis.conf"
    }));
}

#[test]
fn sarif_columns_are_utf16_and_json_columns_are_characters() {
    let report = check(
        vec![redlint_core::Input::new(
            "redis.conf",
            "# 😀 émoji\nmaxmemory-policy allkeys-lru\ndir \"./😀\"\n",
        )],
        &redlint_core::NoFiles,
        &Settings::only("relative-dir"),
    );
    let sarif: Value = serde_json::from_str(&report.render(Format::Sarif, VERSION)).unwrap();
    let region = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(sarif["runs"][0]["columnKind"], "utf16CodeUnits");
    // `"./😀"` starts at column 5 and ends before column 11 in UTF-16 (the emoji is two units) …
    assert_eq!((region["startColumn"].as_u64(), region["endColumn"].as_u64()), (Some(5), Some(11)));
    let json: Value = serde_json::from_str(&report.render(Format::Json, VERSION)).unwrap();
    // … and before column 10 in characters.
    assert_eq!(json["diagnostics"][0]["end_column"], 10);
    let github = report.render(Format::Github, VERSION);
    assert!(
        github.starts_with(
            "::warning file=redis.conf,line=3,col=5,endLine=3,endColumn=10,title=redlint (relative-dir)::"
        ),
        "{github}"
    );
}

#[test]
fn github_commands_escape_data_and_properties() {
    let report = check(
        vec![redlint_core::Input {
            kind: Some(redlint_core::FileKind::RedisConf),
            ..redlint_core::Input::new("a,b:c%.conf", "dir ./\n")
        }],
        &redlint_core::NoFiles,
        &Settings::only("relative-dir"),
    );
    let github = report.render(Format::Github, VERSION);
    assert!(github.starts_with("::warning file=a%2Cb%3Ac%25.conf,line=1,"), "{github}");
    // The help is on a second line of the annotation: an escaped newline, never a real one.
    assert_eq!(github.lines().count(), 1);
    assert!(github.contains("%0Ahelp: "), "{github}");
    assert!(github.contains("title=redlint (relative-dir)::"), "{github}");
}

#[test]
fn gitlab_issues_have_unique_fingerprints_and_gitlab_severities() {
    let report = check_dir(&workspace_root().join("examples/insecure"), &Settings::default());
    let issues: Value = serde_json::from_str(&report.render(Format::Gitlab, VERSION)).unwrap();
    let issues = issues.as_array().unwrap();
    assert_eq!(issues.len(), report.diagnostics().len());
    let fingerprints: HashSet<&str> =
        issues.iter().map(|issue| issue["fingerprint"].as_str().unwrap()).collect();
    assert_eq!(fingerprints.len(), issues.len());
    for issue in issues {
        assert!(
            ["info", "minor", "major", "critical", "blocker"].contains(&issue["severity"].as_str().unwrap())
        );
        assert!(issue["location"]["lines"]["begin"].as_u64().unwrap() >= 1);
        assert!(issue["check_name"].as_str().is_some() && issue["description"].as_str().is_some());
    }
}

#[test]
fn junit_counts_match_the_report() {
    let report = showcase();
    let junit = report.render(Format::Junit, VERSION);
    let failures = junit.matches("<failure ").count();
    let skipped = junit.matches("<skipped ").count();
    assert_eq!(failures, report.diagnostics().len());
    assert_eq!(skipped, report.suppressed().len());
    assert!(junit.contains(&format!("failures=\"{failures}\"")));
    assert_eq!(junit.matches("<testsuite ").count(), junit.matches("</testsuite>").count());
}

/// A Compose service mounting a config whose `maxmemory` exceeds the service's memory limit
/// (a finding in the config with a label in the Compose file), and an unrelated config.
fn cross_file() -> Report {
    let compose = "services:\n  cache:\n    image: redis:7.2-alpine\n    command: [\"redis-server\", \"/usr/local/etc/redis/redis.conf\"]\n    volumes:\n      - ./conf:/usr/local/etc/redis:ro\n    deploy:\n      resources:\n        limits:\n          memory: 1g\n";
    let inputs = vec![
        redlint_core::Input::new("compose.yaml", compose),
        redlint_core::Input::new("conf/redis.conf", "maxmemory 2gb\n"),
        redlint_core::Input::new(
            "other/redis.conf",
            "daemonize yes\n# redlint-ignore relative-dir -- test\ndir ./\n",
        ),
    ];
    let mut settings = Settings::default();
    Config::parse("select = [\"maxmemory-exceeds-memory-limit\", \"daemonize-enabled\", \"relative-dir\"]\n")
        .unwrap()
        .apply(&mut settings, "", "");
    check(inputs, &redlint_core::NoFiles, &settings)
}

#[test]
fn retain_files_keeps_findings_that_involve_a_kept_file() {
    let rules = |report: &Report| -> Vec<(String, &'static str)> {
        report
            .diagnostics()
            .iter()
            .map(|diagnostic| (report.sources().get(diagnostic.span.file).path().to_owned(), diagnostic.rule))
            .collect()
    };
    let mut report = cross_file();
    assert_eq!(rules(&report).len(), 2, "{:?}", rules(&report));
    // Only the Compose file changed: the finding in the config stays, through its label.
    let left_out = report.retain_files(|path| path == "compose.yaml");
    assert_eq!(rules(&report), [("conf/redis.conf".to_owned(), "maxmemory-exceeds-memory-limit")]);
    assert_eq!((left_out.errors, left_out.warnings, left_out.suppressed), (1, 0, 1));
    assert_eq!(report.summary().files, 3, "the checked files stay");
    assert!(report.suppressed().is_empty());
    // Keeping the other config keeps its suppressed finding too.
    let mut report = cross_file();
    let left_out = report.retain_files(|path| path == "other/redis.conf");
    assert_eq!(rules(&report), [("other/redis.conf".to_owned(), "daemonize-enabled")]);
    assert_eq!(report.suppressed().len(), 1);
    assert_eq!((left_out.errors, left_out.suppressed), (1, 0));
}

#[test]
fn github_annotations_put_errors_first_and_count_what_they_leave_out() {
    let report = cross_file();
    let all = report.github_annotations(None);
    assert_eq!((all.annotated.errors, all.annotated.warnings, all.omitted.total()), (2, 0, 0));
    let first = report.github_annotations(Some(1));
    assert_eq!(first.commands.lines().count(), 1);
    assert!(first.commands.starts_with("::error file=conf/redis.conf,line=1,col=11,"), "{}", first.commands);
    assert_eq!((first.annotated.errors, first.omitted.errors), (1, 1));
    // The same command as the `github` format writes for that finding.
    assert!(report.to_github().lines().any(|line| line == first.commands.trim_end()));
}
