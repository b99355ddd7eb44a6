//! Baselines: record today's findings, then see only new ones, even after lines move.

use redlint_core::{Baseline, Input, NoFiles, Report, Settings, check};

fn run(files: &[(&str, &str)], baseline: Option<&Baseline>) -> Report {
    let inputs = files.iter().map(|(path, text)| Input::new(*path, *text)).collect();
    let settings = Settings { baseline: baseline.cloned(), ..Settings::default() };
    check(inputs, &NoFiles, &settings)
}

fn rules(report: &Report) -> Vec<(String, &'static str)> {
    report
        .diagnostics()
        .iter()
        .map(|diagnostic| (report.sources().get(diagnostic.span.file).path().to_owned(), diagnostic.rule))
        .collect()
}

const BEFORE: &str = "port 6379\ndir ./\nsave \"\"\ndaemonize yes\nrequirepass hunter2\nmaxmemory 2g\n";
/// The same findings with lines moved around, blank lines and comments added, whitespace
/// changed, one finding fixed and one new finding added.
const AFTER: &str = "# moved around\nmaxmemory   2g\n\nrequirepass hunter2\nport 6380\n\n\ndaemonize yes\nsave \"\"\n\
                     dir ./\nenable-debug-command yes\n";

#[test]
fn round_trip_reports_only_new_findings_after_lines_move() {
    let first = run(&[("redis.conf", BEFORE)], None);
    assert!(first.diagnostics().len() >= 6, "{:?}", rules(&first));
    let file = Baseline::render(&first);
    assert!(!file.contains("hunter2"), "the baseline must not contain the password:\n{file}");
    let baseline = Baseline::parse(&file).unwrap();
    assert_eq!(baseline.len(), first.diagnostics().len());

    // Nothing changed: nothing is new.
    let same = run(&[("redis.conf", BEFORE)], Some(&baseline));
    assert_eq!(rules(&same), []);
    assert_eq!(same.summary().suppressed, first.diagnostics().len());

    let after = run(&[("redis.conf", AFTER)], Some(&baseline));
    assert_eq!(rules(&after), [("redis.conf".to_owned(), "debug-command-enabled")]);
    // Without the baseline, every old finding is still there.
    let unfiltered = run(&[("redis.conf", AFTER)], None);
    assert_eq!(unfiltered.diagnostics().len(), first.diagnostics().len() + 1);
}

#[test]
fn a_second_identical_finding_is_new() {
    let one = "dir ./\n";
    let baseline = Baseline::parse(&Baseline::render(&run(&[("a/redis.conf", one)], None))).unwrap();
    // The same text in another file is another finding.
    let other_file = run(&[("a/redis.conf", one), ("b/redis.conf", one)], Some(&baseline));
    assert_eq!(rules(&other_file).iter().filter(|(_, rule)| *rule == "relative-dir").count(), 1);
    assert!(rules(&other_file).iter().all(|(path, _)| path == "b/redis.conf"));
}

#[test]
fn the_file_format_is_checked() {
    assert!(Baseline::parse("{\"version\": 2, \"findings\": []}").unwrap_err().contains("version 2"));
    assert!(Baseline::parse("[]").is_err());
    assert!(Baseline::parse("{\"version\": 1, \"findings\": []}").unwrap().is_empty());
    assert!(Baseline::parse("{\"version\": 1, \"findings\": [{\"rule\": \"r\"}]}").is_err());
    let none = Settings { select: Some(Vec::new()), ..Settings::default() };
    let empty = Baseline::render(&check(vec![Input::new("redis.conf", "dir ./\n")], &NoFiles, &none));
    assert_eq!(empty, "{\n  \"version\": 1,\n  \"tool\": \"redlint\",\n  \"findings\": []\n}\n");
    assert!(Baseline::parse(&empty).unwrap().is_empty());
}
