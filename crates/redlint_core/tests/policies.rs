//! The policy pages are the rules' documentation: every rule has one, every page has the
//! fixed sections, and every example does what the page says (an *Example* triggers exactly
//! that rule, once; a *Use instead* does not trigger it).

mod common;

use redlint_core::rules::{self, RULES, page};
use redlint_core::{FileKind, Input, NoFiles, Settings, check};

fn kind_and_default_name(language: &str) -> (FileKind, &'static str) {
    match language {
        "redis-conf" => (FileKind::RedisConf, "redis.conf"),
        "sentinel-conf" => (FileKind::SentinelConf, "sentinel.conf"),
        "compose" => (FileKind::Compose, "compose.yaml"),
        "dockerfile" => (FileKind::Dockerfile, "Dockerfile"),
        "k8s" | "kubernetes" => (FileKind::Kubernetes, "manifest.yaml"),
        other => panic!("unknown example language `{other}`"),
    }
}

/// `\xHH` escapes, for examples that need bytes Markdown cannot hold.
fn unescape(code: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let bytes = code.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\\' && bytes.get(i + 1) == Some(&b'x') && i + 3 < bytes.len() {
            out.push(u8::from_str_radix(&code[i + 2..i + 4], 16).expect("hex escape"));
            i += 4;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out
}

fn project(section: &str) -> Vec<Input> {
    page::code_blocks(section)
        .into_iter()
        .map(|block| {
            let (kind, default_name) = kind_and_default_name(block.language);
            let code = if block.attributes.contains(&"no-final-newline") {
                block.code.trim_end_matches('\n').to_owned()
            } else {
                block.code.clone()
            };
            let content =
                if block.attributes.contains(&"escapes") { unescape(&code) } else { code.into_bytes() };
            Input { kind: Some(kind), ..Input::new(block.file.unwrap_or(default_name), content) }
        })
        .collect()
}

#[test]
fn every_rule_has_a_page_and_every_page_a_rule() {
    let names: Vec<&str> = RULES.iter().map(|rule| rule.name).collect();
    for name in &names {
        assert!(rules::meta(name).is_some(), "rule `{name}` has no page in policies/");
    }
    for meta in rules::all() {
        assert!(names.contains(&meta.name));
    }
    let pages = std::fs::read_dir(common::workspace_root().join("policies"))
        .unwrap()
        .filter_map(Result::ok)
        .filter(|entry| entry.path().is_dir() && entry.file_name() != "presets")
        .flat_map(|dir| std::fs::read_dir(dir.path()).unwrap().filter_map(Result::ok))
        .filter(|entry| entry.path().extension().is_some_and(|extension| extension == "md"))
        .count();
    assert_eq!(pages, names.len(), "every page in policies/ needs a rule in RULES");
    let mut sorted =
        RULES.iter().map(|rule| (rules::meta(rule.name).unwrap().category, rule.name)).collect::<Vec<_>>();
    sorted.sort();
    let in_order: Vec<&str> = sorted.iter().map(|(_, name)| *name).collect();
    let mut by_category = names.clone();
    by_category.sort_by_key(|name| (rules::meta(name).unwrap().category.as_str(), *name));
    assert_eq!(by_category, names, "RULES is sorted by category, then name");
    assert_eq!(in_order.len(), names.len());
}

#[test]
fn pages_have_the_fixed_sections() {
    for meta in rules::all() {
        let headings = page::headings(meta.body());
        assert_eq!(headings, page::SECTIONS, "{}: sections", meta.name);
        assert!(meta.body().starts_with(&format!("# {}\n", meta.name)), "{}: title", meta.name);
        let references = meta.section("References").unwrap();
        for reference in meta.references {
            assert!(references.contains(reference), "{}: References section lacks {reference}", meta.name);
        }
        assert!(!meta.summary.ends_with('.'), "{}: summary ends with a period", meta.name);
        assert!(
            meta.name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
            "{} is not kebab-case",
            meta.name
        );
    }
}

/// The page's rule plus the rules its code blocks name with `with=RULE[,RULE…]`: an example
/// of `unused-suppression` needs the suppressed rule to run, yet must report only its own.
/// `option=KEY=VALUE` sets one of the page rule's options (a small limit of
/// `input-limit-exceeded`) for both sections.
fn settings_for(meta: &rules::RuleMeta) -> Settings {
    let mut settings = Settings::only(meta.name);
    let mut select = Vec::new();
    for heading in ["Example", "Use instead"] {
        for block in page::code_blocks(meta.section(heading).unwrap()) {
            for attribute in &block.attributes {
                if let Some(option) = attribute.strip_prefix("option=") {
                    let (key, value) = option.split_once('=').expect("option=KEY=VALUE");
                    let spec = redlint_core::settings::OPTIONS
                        .iter()
                        .find(|spec| spec.rule == meta.name && spec.key == key)
                        .unwrap_or_else(|| panic!("{}: `{key}` is not an option of this rule", meta.name));
                    (spec.set)(&mut settings.options, value.parse().expect("a whole number"));
                }
                if let Some(names) = attribute.strip_prefix("with=") {
                    for name in names.split(',') {
                        assert!(rules::meta(name).is_some(), "{}: `with={name}` is not a rule", meta.name);
                        select.push(name.to_owned());
                    }
                }
            }
        }
    }
    settings.select.as_mut().unwrap().extend(select);
    settings
}

#[test]
fn examples_trigger_exactly_their_rule() {
    let mut failures = Vec::new();
    for meta in rules::all() {
        let settings = settings_for(meta);
        let example = project(meta.section("Example").unwrap());
        assert!(!example.is_empty(), "{}: Example has no code block", meta.name);
        let report = check(example, &NoFiles, &settings);
        let found: Vec<&str> = report.diagnostics().iter().map(|diagnostic| diagnostic.rule).collect();
        if found != [meta.name] {
            failures.push(format!(
                "{}: Example gave {found:?}\n{}",
                meta.name,
                common::render_detailed(&report)
            ));
        }
        let instead = project(meta.section("Use instead").unwrap());
        assert!(!instead.is_empty(), "{}: Use instead has no code block", meta.name);
        let report = check(instead, &NoFiles, &settings);
        if report.diagnostics().iter().any(|diagnostic| diagnostic.rule == meta.name) {
            failures.push(format!(
                "{}: Use instead triggers it\n{}",
                meta.name,
                common::render_detailed(&report)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
