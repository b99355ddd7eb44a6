//! Secrets never leak from the WebAssembly module: the planted-secrets project of
//! `tests/secrets/` (see its README) checked through the playground's `check` and the
//! action's `checkProject`, natively. The CLI's formats are tested in
//! `crates/redlint/tests/secrets.rs`.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/secrets")
}

/// `(name, secret, rule reported at its line)` from `secrets.txt`.
fn planted() -> Vec<(String, String, Option<String>)> {
    std::fs::read_to_string(fixture().join("secrets.txt"))
        .unwrap()
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            (fields[0].to_owned(), fields[1].to_owned(), (fields[2] != "-").then(|| fields[2].to_owned()))
        })
        .collect()
}

/// Every file of the project, as `{path, content}`.
fn files() -> Vec<Value> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<Value>) {
        let mut entries: Vec<PathBuf> =
            std::fs::read_dir(dir).unwrap().map(|entry| entry.unwrap().path()).collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, root, out);
            } else {
                let relative = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
                out.push(json!({"path": relative, "content": std::fs::read_to_string(&path).unwrap()}));
            }
        }
    }
    let root = fixture().join("project");
    let mut out = Vec::new();
    walk(&root, &root, &mut out);
    out
}

fn assert_no_secret(what: &str, text: &str) {
    for (name, secret, _) in planted() {
        let chars: Vec<char> = secret.chars().collect();
        let mut parts =
            vec![chars[..4].iter().collect::<String>(), chars[chars.len() - 4..].iter().collect()];
        parts.extend(chars.windows(8.min(chars.len())).map(|window| window.iter().collect::<String>()));
        for part in parts {
            assert!(!text.contains(&part), "{what} shows `{part}` of {name}");
        }
    }
}

/// The report found what was planted: each listed rule reports somewhere, so the test
/// cannot pass by finding nothing.
fn assert_found(report: &Value) {
    let rules: Vec<&str> =
        report["diagnostics"].as_array().unwrap().iter().map(|d| d["rule"].as_str().unwrap()).collect();
    for (name, _, rule) in planted() {
        if let Some(rule) = rule {
            assert!(rules.contains(&rule.as_str()), "{name}: no `{rule}` finding");
        }
    }
    let plaintext = rules.iter().filter(|rule| **rule == "plaintext-password").count();
    assert!(plaintext >= 15, "{plaintext} plaintext-password findings");
}

#[test]
fn the_playground_report_shows_no_secret() {
    let files = Value::Array(files()).to_string();
    let report = crate::check_json(&files, None).unwrap();
    assert_no_secret("the playground's JSON", &report);
    assert_found(&serde_json::from_str(&report).unwrap());
}

#[cfg(feature = "action")]
#[test]
fn the_action_response_shows_no_secret() {
    let request = json!({
        "files": files(),
        "sarif": true,
        "summary": true,
        "annotate": true,
        "log": true,
        "today": "2026-12-07",
    });
    let response = crate::project::check_project_json(&request.to_string(), &redlint_core::NoFiles).unwrap();
    assert_no_secret("the action's response", &response);
    let response: Value = serde_json::from_str(&response).unwrap();
    assert_found(&response["report"]);
    for part in ["sarif", "summary", "log"] {
        assert!(!response[part].is_null(), "{part} was rendered");
    }
}
