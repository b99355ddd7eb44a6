//! Rule fixtures: `tests/fixtures/<category>/<rule>/{valid,invalid}-<case>/` are small
//! projects, checked with only that rule enabled. Every `invalid-*` folder must trigger the
//! rule (its findings are snapshotted in `tests/snapshots/`); no `valid-*` folder may.

mod common;

use std::path::{Path, PathBuf};

use common::{DirProvider, inputs_from_dir, render_detailed, workspace_root};
use redlint_core::config::Config;
use redlint_core::rules::{self, RULES};
use redlint_core::{Settings, check};

/// The first line of the first file of every `valid-*` folder.
const VALID_MARKER: &str = "# should not generate diagnostics";

struct Fixture {
    category: String,
    rule: String,
    /// The folder name: `valid-…` or `invalid-…`.
    case: String,
    dir: PathBuf,
}

impl Fixture {
    fn is_valid(&self) -> bool {
        self.case.starts_with("valid-")
    }
    /// Only the fixture's rule, plus what a `redlint.toml` in the folder configures (its
    /// `select` adds rules that must run for the case, e.g. the rule an unused suppression
    /// names; it must not report).
    fn settings(&self) -> Settings {
        let mut settings = Settings::only(&self.rule);
        if let Ok(text) = std::fs::read_to_string(self.dir.join("redlint.toml")) {
            let config = Config::parse(&text).unwrap_or_else(|errors| panic!("{}: {errors:?}", self.id()));
            config.apply(&mut settings, "", "");
            let select = settings.select.get_or_insert_with(Vec::new);
            if !select.contains(&self.rule) {
                select.push(self.rule.clone());
            }
        }
        settings
    }

    /// `security/weak-password/invalid-short`, for messages.
    fn id(&self) -> String {
        format!("{}/{}/{}", self.category, self.rule, self.case)
    }
}

fn fixtures_root() -> PathBuf {
    workspace_root().join("crates/redlint_core/tests/fixtures")
}

fn subdirs(dir: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|error| panic!("{}: {error}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.is_dir())
        .collect();
    dirs.sort();
    dirs
}

fn name(path: &Path) -> String {
    path.file_name().expect("a name").to_string_lossy().into_owned()
}

fn fixtures() -> Vec<Fixture> {
    let mut fixtures = Vec::new();
    for category in subdirs(&fixtures_root()) {
        for rule in subdirs(&category) {
            for dir in subdirs(&rule) {
                fixtures.push(Fixture {
                    category: name(&category),
                    rule: name(&rule),
                    case: name(&dir),
                    dir,
                });
            }
        }
    }
    fixtures
}

#[test]
fn fixtures_trigger_their_rule() {
    let mut failures = Vec::new();
    for fixture in fixtures() {
        if rules::meta(&fixture.rule).is_none() {
            continue; // reported by `every_rule_has_fixtures`
        }
        let report =
            check(inputs_from_dir(&fixture.dir), &DirProvider(fixture.dir.clone()), &fixture.settings());
        let output = render_detailed(&report);
        let diagnostics = report.diagnostics();
        if fixture.is_valid() {
            if !diagnostics.is_empty() {
                failures.push(format!("{}: expected no diagnostics, got:\n{output}", fixture.id()));
            }
            continue;
        }
        if diagnostics.is_empty() {
            failures.push(format!("{}: expected at least one diagnostic, got none\n{output}", fixture.id()));
            continue;
        }
        if let Some(wrong) = diagnostics.iter().find(|diagnostic| diagnostic.rule != fixture.rule) {
            failures.push(format!("{}: reported by `{}`:\n{output}", fixture.id(), wrong.rule));
        }
        let snapshot = format!("{}__{}__{}", fixture.category, fixture.rule, fixture.case);
        let matched = std::panic::catch_unwind(|| {
            insta::with_settings!({ description => fixture.id(), omit_expression => true }, {
                insta::assert_snapshot!(snapshot, output);
            });
        });
        if matched.is_err() {
            failures.push(format!("{}: the findings differ from the snapshot (see above)", fixture.id()));
        }
    }
    assert!(failures.is_empty(), "{} fixture(s) failed:\n\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn every_rule_has_fixtures() {
    let fixtures = fixtures();
    let mut problems = Vec::new();
    for rule in RULES {
        let category = rules::meta(rule.name).expect("every rule has a page").category.as_str();
        let of_rule = || fixtures.iter().filter(|fixture| fixture.rule == rule.name);
        if !of_rule().any(Fixture::is_valid) {
            problems.push(format!("{category}/{}: no valid-* folder", rule.name));
        }
        if !of_rule().any(|fixture| !fixture.is_valid()) {
            problems.push(format!("{category}/{}: no invalid-* folder", rule.name));
        }
    }
    for fixture in &fixtures {
        match rules::meta(&fixture.rule) {
            None => problems.push(format!("{}: there is no rule `{}`", fixture.id(), fixture.rule)),
            Some(meta) if meta.category.as_str() != fixture.category => {
                problems.push(format!("{}: `{}` is a {} rule", fixture.id(), fixture.rule, meta.category));
            }
            Some(_) => {}
        }
        if !fixture.case.starts_with("valid-") && !fixture.case.starts_with("invalid-") {
            problems.push(format!("{}: folder names start with valid- or invalid-", fixture.id()));
        }
        let inputs = inputs_from_dir(&fixture.dir);
        match inputs.first() {
            None => problems.push(format!("{}: no files", fixture.id())),
            Some(first) if fixture.is_valid() && !first.content.starts_with(VALID_MARKER.as_bytes()) => {
                problems.push(format!("{}: {} must start with `{VALID_MARKER}`", fixture.id(), first.path));
            }
            Some(_) => {}
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
