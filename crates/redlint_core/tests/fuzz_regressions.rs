//! Inputs that crashed a fuzz target or made it slow, run through the target's own harness
//! (`redlint_core::fuzzing`, which `fuzz/fuzz_targets/*.rs` call too).
//!
//! Small inputs are files under `tests/fuzz-regressions/<target>/`; every file there runs
//! through its target's harness and must return. Pathological inputs are built here instead,
//! big enough that the super-linear path they once took would run for minutes (these tests
//! take a second or two each), and the test asserts what the engine says about them.

use std::fmt::Write as _;
use std::path::Path;

use redlint_core::fuzzing;

/// Every saved input runs through its target's harness without panicking.
#[test]
fn saved_inputs_return() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions");
    let Ok(targets) = std::fs::read_dir(&root) else { return };
    for target in targets {
        let target = target.expect("entry").path();
        let name = target.file_name().and_then(|name| name.to_str()).expect("UTF-8 name").to_owned();
        let harness: fn(&[u8]) = match name.as_str() {
            "redis_conf" => |data| drop(fuzzing::redis_conf(data)),
            "yaml" => |data| drop(fuzzing::yaml(data)),
            "compose" => |data| drop(fuzzing::compose(data)),
            "dockerfile" => |data| drop(fuzzing::dockerfile(data)),
            "kubernetes" => |data| drop(fuzzing::kubernetes(data)),
            "engine" => |data| drop(fuzzing::engine(data)),
            other => panic!("tests/fuzz-regressions/{other}: not a fuzz target"),
        };
        for input in std::fs::read_dir(&target).expect("readable directory") {
            let input = input.expect("entry").path();
            harness(&std::fs::read(&input).expect("readable input"));
        }
    }
}

fn rules_of(report: &redlint_core::Report) -> Vec<&'static str> {
    report.diagnostics().iter().map(|diagnostic| diagnostic.rule).collect()
}

/// Suppression comments used to be matched by trying every suppression for every finding:
/// quadratic in a file with a finding and a suppression on every line.
#[test]
fn redis_conf_suppression_above_every_line() {
    const LINES: usize = 40_000;
    let mut text = String::new();
    for index in 0..LINES {
        writeln!(text, "# redlint-ignore unknown-directive -- generated\nz{index} x").unwrap();
    }
    let report = fuzzing::redis_conf(text.as_bytes());
    assert_eq!(report.suppressed().len(), LINES);
    assert!(!rules_of(&report).contains(&"unknown-directive"));
}

/// The line a suppression comment covers used to be found by scanning forward from each
/// comment: quadratic in a long run of suppression comments.
#[test]
fn redis_conf_run_of_suppression_comments() {
    const COMMENTS: usize = 50_000;
    let mut text = "# redlint-ignore unknown-directive -- generated\n".repeat(COMMENTS);
    text.push_str("not-a-directive x\n");
    let report = fuzzing::redis_conf(text.as_bytes());
    // The first comment silences the finding; the others are redundant.
    assert_eq!(report.suppressed().len(), 1);
    assert!(!rules_of(&report).contains(&"unknown-directive"));
}

/// "Did you mean" used to compute the edit distance from every directive name to any unknown
/// name, however long: a 1 MiB line cost billions of steps.
#[test]
fn redis_conf_very_long_unknown_directive() {
    let text = format!("{} yes\n", "maxmemory".repeat(120_000));
    let report = fuzzing::redis_conf(text.as_bytes());
    let unknown: Vec<_> =
        report.diagnostics().iter().filter(|diagnostic| diagnostic.rule == "unknown-directive").collect();
    assert_eq!(unknown.len(), 1);
    let help = unknown[0].help.as_deref().unwrap_or_default();
    assert!(!help.contains("did you mean"), "no directive is close to a 1 MiB name: {help}");
}

/// Each `include` reads its file again: files including the next one a hundred times, three
/// levels deep, used to read a million copies of the last file.
#[test]
fn engine_include_fan_out() {
    let mut input = String::from("@@ redis.conf\n");
    input.push_str(&"include b.conf\n".repeat(100));
    input.push_str("@@ b.conf\n");
    input.push_str(&"include c.conf\n".repeat(100));
    input.push_str("@@ c.conf\n");
    input.push_str(&"include big.conf\n".repeat(100));
    input.push_str("@@ big.conf\n");
    input.push_str(&"# a comment line of a big included file\n".repeat(300));
    let report = fuzzing::engine(input.as_bytes());
    assert!(
        report.diagnostics().iter().any(|diagnostic| diagnostic.rule == "input-limit-exceeded"
            && diagnostic.message.contains("includes add up to more than")),
        "{:?}",
        rules_of(&report)
    );
}

/// `[[ignore]]` globs used to try every split of the path for every `**`: exponential in
/// their number.
#[test]
fn engine_ignore_glob_with_many_double_stars() {
    let pattern = format!("{}nothing.conf", "**/".repeat(40));
    let dir = "d/".repeat(40);
    let input = format!(
        "@@ redlint.toml\n[[ignore]]\npaths = [\"{pattern}\"]\nrules = [\"unknown-directive\"]\nreason = \"generated\"\n@@ {dir}redis.conf\nnot-a-directive x\n"
    );
    let report = fuzzing::engine(input.as_bytes());
    assert!(rules_of(&report).contains(&"unknown-directive"), "the glob matches nothing");
}

/// Entry extents (what a comment above an entry covers) used to look for the start of each
/// entry's line by scanning back: quadratic in a long flow mapping on one line.
#[test]
fn yaml_long_flow_mapping_on_one_line() {
    const ENTRIES: usize = 30_000;
    let mut text = String::from("{");
    for index in 0..ENTRIES {
        write!(text, "key{index}: {index}, ").unwrap();
    }
    text.push_str("last: 0}\n");
    let tree = fuzzing::yaml(text.as_bytes());
    assert!(tree.problems.is_empty(), "{:?}", &tree.problems[..1]);
    assert_eq!(tree.document(0).expect("a document").own_entries().count(), ENTRIES + 1);
}

/// Stages built on the previous one (`FROM s1 AS s2`, …) and many stages built on the last:
/// names used to be looked up over every earlier stage, and each output walked its whole
/// chain.
#[test]
fn dockerfile_long_stage_chain() {
    const CHAIN: usize = 10_000;
    const LEAVES: usize = 5_000;
    let mut text = String::from("FROM redis:7.4 AS s0\n");
    for index in 1..CHAIN {
        writeln!(text, "FROM s{} AS s{index}\nCOPY --from=s{} /a /root/a{index}", index - 1, index - 1)
            .unwrap();
    }
    for index in 0..LEAVES {
        writeln!(text, "FROM s{} AS leaf{index}", CHAIN - 1).unwrap();
    }
    text.push_str("USER redis\n");
    let report = fuzzing::dockerfile(text.as_bytes());
    assert!(rules_of(&report).contains(&"files-under-root-for-non-root-user"), "{:?}", rules_of(&report));
}

/// `ENV A=$A$A` doubles the value at each line: forty lines used to ask for a terabyte.
#[test]
fn dockerfile_doubling_variable() {
    let mut text = String::from("FROM redis:7.4\nENV A=x\n");
    text.push_str(&"ENV A=$A$A\n".repeat(40));
    text.push_str("WORKDIR /data/$A\n");
    fuzzing::dockerfile(text.as_bytes());
}

/// `${A//*b/c}` used to try the pattern from every position to every end, each match
/// itself quadratic: hours for a value of a few thousand characters.
#[test]
fn dockerfile_pattern_replacement_over_a_long_value() {
    let text = format!(
        "FROM redis:7.4\nENV A={}\nENV B=${{A//*b/c}} C=${{A%%*b}} D=${{A##*b}}\nWORKDIR /$B$C$D\n",
        "a".repeat(20_000)
    );
    fuzzing::dockerfile(text.as_bytes());
}

/// ConfigMaps of one name get numbered paths; each used to try every number taken before it
/// against every path taken before it (cubic).
#[test]
fn kubernetes_many_config_maps_of_one_name() {
    const OBJECTS: usize = 2_000;
    let text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: same}\ndata: {redis.conf: \"maxmemory 1gb\"}\n---\n"
        .repeat(OBJECTS);
    let report = fuzzing::kubernetes(text.as_bytes());
    let last = format!("manifest.yaml#ConfigMap/same~{OBJECTS}/redis.conf");
    assert!(report.sources().iter().any(|file| file.path() == last), "{last} is registered");
}

/// Fingerprints hash the text of a finding's lines: thousands of findings on one long line
/// each hashed all of it.
#[test]
fn dockerfile_many_findings_on_one_long_line() {
    const INSTALLS: usize = 4_000;
    let installs: Vec<String> = (0..INSTALLS).map(|index| format!("apk add package{index}")).collect();
    let text = format!("FROM alpine:3.20\nRUN {}\n", installs.join(" && "));
    let report = fuzzing::dockerfile(text.as_bytes());
    let findings: Vec<&str> = report
        .findings()
        .filter(|(diagnostic, _)| diagnostic.rule == "apk-add-without-no-cache")
        .map(|(_, fingerprint)| fingerprint)
        .collect();
    assert_eq!(findings.len(), INSTALLS);
    let distinct: std::collections::HashSet<&str> = findings.iter().copied().collect();
    assert_eq!(distinct.len(), INSTALLS, "each finding keeps its own fingerprint");
}

/// Every service merging one anchor (the compose target was slow on these, not
/// super-linear): a lookup through a merge stops at the first match instead of building every
/// merged entry. Asserts that merged keys still reach every service.
#[test]
fn compose_services_merging_one_anchor() {
    const SERVICES: usize = 1_000;
    let mut text = String::from(
        "x-redis: &redis {image: \"redis:7.4\", command: redis-server --protected-mode no}\nservices:\n",
    );
    for index in 0..SERVICES {
        writeln!(text, "  cache{index}: {{<<: *redis}}").unwrap();
    }
    let report = fuzzing::compose(text.as_bytes());
    let without_maxmemory = rules_of(&report).iter().filter(|rule| **rule == "no-maxmemory").count();
    assert_eq!(without_maxmemory, SERVICES, "every service runs the merged image");
}

/// `copied-config-not-used` grouped an image's files by `COPY` by filtering all of them for
/// each one: quadratic in the number of `COPY` instructions.
#[test]
fn dockerfile_many_copies() {
    const COPIES: usize = 10_000;
    let mut text = String::from("FROM redis:7.4\n");
    for index in 0..COPIES {
        writeln!(text, "COPY redis{index}.conf /etc/redis/").unwrap();
    }
    let report = fuzzing::dockerfile(text.as_bytes());
    let unused = rules_of(&report).iter().filter(|rule| **rule == "copied-config-not-used").count();
    assert_eq!(unused, COPIES);
}

/// Services and top-level entries were found by name with a linear search, for each one
/// (quadratic, and very slow under the fuzzer's instrumented string comparisons). The
/// override file still merges into every service of the same name.
#[test]
fn engine_override_file_merges_every_service() {
    const SERVICES: usize = 2_000;
    let mut input = String::from("@@ compose.yaml\nservices:\n");
    for index in 0..SERVICES {
        writeln!(input, "  cache{index}:\n    image: redis:7.4\n    volumes: [data{index}:/data]").unwrap();
    }
    input.push_str("volumes:\n");
    for index in 0..SERVICES {
        writeln!(input, "  data{index}: {{}}").unwrap();
    }
    input.push_str("@@ compose.override.yaml\nservices:\n");
    for index in 0..SERVICES {
        writeln!(input, "  cache{index}: {{command: redis-server --maxmemory 1gb}}").unwrap();
    }
    let report = fuzzing::engine(input.as_bytes());
    assert!(!rules_of(&report).contains(&"no-maxmemory"), "every override applies");
}
