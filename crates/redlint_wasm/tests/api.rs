//! The JavaScript-facing API, compiled to wasm32 and run in Node by `wasm-bindgen-test-runner`
//! (`cargo xtask ci`; by hand: `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
//! cargo test -p redlint_wasm --target wasm32-unknown-unknown`).
#![cfg(target_arch = "wasm32")]

use serde_json::{Value, json};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

fn check(files: &Value, config: Option<&str>) -> Value {
    let report = redlint_wasm::check(&files.to_string(), config.map(str::to_owned))
        .unwrap_or_else(|error| panic!("check failed: {:?}", JsValue::from(error)));
    serde_json::from_str(&report).expect("the report is JSON")
}

fn find<'a>(report: &'a Value, rule: &str) -> &'a Value {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|diagnostic| diagnostic["rule"] == rule)
        .unwrap_or_else(|| panic!("no {rule} in {report}"))
}

#[wasm_bindgen_test]
fn checks_a_stack_with_an_include() {
    let files = json!([
        {"path": "redis.conf", "content": "include conf.d/*.conf\nbind 0.0.0.0\nprotected-mode no\nsave 900 1\n"},
        {"path": "conf.d/tuning.conf", "content": "save 3600 1\nhash-max-ziplist-entries 512\n"},
        {"path": "compose.yaml", "content": "services:\n  redis:\n    image: redis:7-alpine\n", "kind": "compose"},
    ]);
    let report = check(&files, None);
    assert_eq!(report["version"], 1);
    assert_eq!(report["tool"]["version"], redlint_wasm::version());
    let kinds: Vec<(&str, &str)> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|file| (file["path"].as_str().unwrap(), file["kind"].as_str().unwrap()))
        .collect();
    assert_eq!(
        kinds,
        [("compose.yaml", "compose"), ("conf.d/tuning.conf", "redis-conf"), ("redis.conf", "redis-conf")]
    );

    // The Compose service's Redis (the image turns protected mode off) and the config file's.
    let compose = find(&report, "protected-mode-off-without-auth");
    assert_eq!((compose["file"].as_str(), compose["line"].as_u64()), (Some("compose.yaml"), Some(2)));
    let protected = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|diagnostic| {
            diagnostic["rule"] == "protected-mode-off-without-auth" && diagnostic["file"] == "redis.conf"
        })
        .expect("the config file's finding");
    assert_eq!(protected["line"].as_u64(), Some(3));
    assert_eq!((protected["column"].as_u64(), protected["end_column"].as_u64()), (Some(16), Some(18)));
    assert_eq!(protected["utf16"]["column"], 16);
    assert_eq!(protected["severity"], "error");
    assert_eq!(protected["category"], "security");

    let deprecated = find(&report, "deprecated-directive");
    assert_eq!(
        (deprecated["file"].as_str(), deprecated["line"].as_u64()),
        (Some("conf.d/tuning.conf"), Some(2))
    );

    let save = find(&report, "save-after-include");
    assert_eq!((save["file"].as_str(), save["line"].as_u64()), (Some("redis.conf"), Some(4)));
    let label = save["labels"]
        .as_array()
        .unwrap()
        .iter()
        .find(|label| label["file"] == "conf.d/tuning.conf")
        .expect("a label in the included file");
    assert_eq!((label["line"].as_u64(), label["utf16"]["line"].as_u64()), (Some(1), Some(1)));
}

#[wasm_bindgen_test]
fn a_compose_service_and_its_config_are_one_redis() {
    // The playground's headline: the finding is in redis.conf, its label on the service's limit.
    let files = json!([
        {"path": "compose.yaml", "content": "services:\n  cache:\n    image: redis:7.4.6-alpine\n    command: [\"redis-server\", \"/etc/redis/redis.conf\"]\n    mem_limit: 1g\n    volumes:\n      - ./redis.conf:/etc/redis/redis.conf:ro\n"},
        {"path": "redis.conf", "content": "maxmemory 2gb\n"},
    ]);
    let report = check(&files, Some("select = [\"maxmemory-exceeds-memory-limit\"]"));
    assert_eq!(report["diagnostics"].as_array().unwrap().len(), 1, "{report}");
    let finding = find(&report, "maxmemory-exceeds-memory-limit");
    assert_eq!(
        (finding["file"].as_str(), finding["line"].as_u64(), finding["column"].as_u64()),
        (Some("redis.conf"), Some(1), Some(11))
    );
    let label = &finding["labels"][0];
    assert_eq!((label["file"].as_str(), label["line"].as_u64()), (Some("compose.yaml"), Some(5)));
    assert_eq!(
        (label["utf16"]["column"].as_u64(), label["utf16"]["end_column"].as_u64()),
        (Some(16), Some(18))
    );
}

#[wasm_bindgen_test]
fn utf16_columns_count_code_units() {
    let files = json!([{"path": "redis.conf", "content": "maxmemory 1g #😀 é\n"}]);
    let report = check(&files, Some("select = [\"inline-comment\"]"));
    let inline = find(&report, "inline-comment");
    assert_eq!((inline["column"].as_u64(), inline["end_column"].as_u64()), (Some(14), Some(18)));
    assert_eq!(
        (inline["utf16"]["column"].as_u64(), inline["utf16"]["end_column"].as_u64()),
        (Some(14), Some(19))
    );
    assert_eq!(report["diagnostics"].as_array().unwrap().len(), 1);
}

#[wasm_bindgen_test]
fn secrets_stay_out_of_the_report() {
    let files = json!([{"path": "redis.conf", "content": "requirepass hunter2-is-my-password\n"}]);
    let report = check(&files, None);
    find(&report, "plaintext-password");
    assert!(!report.to_string().contains("hunter2"), "{report}");
}

#[wasm_bindgen_test]
fn errors_become_javascript_errors() {
    let error = redlint_wasm::check("[{\"path\": \"a.conf\"}]", None).expect_err("content is required");
    let message = js_message(error.into());
    assert!(message.starts_with("files: expected"), "{message}");
    let error = redlint_wasm::check("[]", Some("[rules]\nno-such-rule = \"off\"\n".to_owned())).unwrap_err();
    let message = js_message(error.into());
    assert!(message.starts_with("2:1: ") && message.contains("no-such-rule"), "{message}");
}

/// A JsError is a JavaScript `Error`; its `message` property carries the text.
fn js_message(error: JsValue) -> String {
    use wasm_bindgen::JsCast;
    match error.dyn_ref::<js_sys::Error>() {
        Some(error) => String::from(error.message()),
        None => panic!("not an Error: {error:?}"),
    }
}

/// The action's module (`--features action`) lists the rules with their pages.
#[cfg(feature = "action")]
#[wasm_bindgen_test]
fn lists_rules_with_their_pages() {
    let rules: Value = serde_json::from_str(&redlint_wasm::rules()).unwrap();
    let names: Vec<&str> =
        rules.as_array().unwrap().iter().map(|rule| rule["name"].as_str().unwrap()).collect();
    assert!(names.contains(&"save-after-include") && names.contains(&"weak-password"), "{names:?}");
    let page = rules[0]["page"].as_str().unwrap();
    assert!(page.contains("## What it does") && !page.starts_with("---"), "{page}");
}

#[wasm_bindgen_test]
fn classifies_files() {
    assert_eq!(redlint_wasm::classify("redis.conf", ""), "redis-conf");
    assert_eq!(redlint_wasm::classify("compose.yaml", "services: {}\n"), "compose");
    assert_eq!(redlint_wasm::classify("Dockerfile", "FROM redis:7-alpine\n"), "dockerfile");
    assert_eq!(redlint_wasm::classify("k8s/cm.yaml", "apiVersion: v1\nkind: ConfigMap\n"), "kubernetes");
    // The core's classification: a Helm template is not a manifest until rendered.
    assert_eq!(
        redlint_wasm::classify(
            "templates/cm.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n"
        ),
        "unknown"
    );
    assert_eq!(redlint_wasm::classify("notes.txt", "hello"), "unknown");
    assert_eq!(redlint_wasm::version(), env!("CARGO_PKG_VERSION"));
    assert_eq!(redlint_wasm::normalize_path("./conf.d//a/../tuning.conf"), "conf.d/tuning.conf");
    assert_eq!(redlint_wasm::normalize_path("\\etc\\redis.conf"), "/etc/redis.conf");
}

/// The action's `checkProject`, with a reader made of JavaScript functions: a file no one
/// passed (an include) is read through it, and a directory listed for an include glob.
#[cfg(feature = "action")]
#[wasm_bindgen_test]
fn check_project_reads_referenced_files_through_the_reader() {
    use wasm_bindgen::JsCast;
    let reader = js_sys::Object::new();
    let read = js_sys::Function::new_with_args(
        "path",
        "return path === 'conf/extra.settings' ? 'daemonize yes\\n' : (path === 'conf/d/a.glob' ? 'dir ./\\n' : undefined)",
    );
    let list_dir = js_sys::Function::new_with_args(
        "dir",
        "return JSON.stringify(dir === 'conf/d' ? ['conf/d/a.glob'] : [])",
    );
    js_sys::Reflect::set(&reader, &"read".into(), &read).unwrap();
    js_sys::Reflect::set(&reader, &"listDir".into(), &list_dir).unwrap();
    let request = json!({
        "files": [{"path": "conf/redis.conf", "content": "include extra.settings\ninclude d/*.glob\n"}],
        "config_text": "select = [\"daemonize-enabled\", \"relative-dir\"]\n",
        "annotate": true,
    });
    let response = redlint_wasm::action::check_project(&request.to_string(), Some(reader.unchecked_into()))
        .unwrap_or_else(|error| panic!("checkProject failed: {}", js_message(error.into())));
    let response: Value = serde_json::from_str(&response).unwrap();
    let found: Vec<(&str, &str)> = response["report"]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["file"].as_str().unwrap(), d["rule"].as_str().unwrap()))
        .collect();
    assert_eq!(found, [("conf/d/a.glob", "relative-dir"), ("conf/extra.settings", "daemonize-enabled")]);
    assert!(
        response["annotations"]["commands"]
            .as_str()
            .unwrap()
            .starts_with("::error file=conf/extra.settings,")
    );
    // Without a reader, the include is missing.
    let response = redlint_wasm::action::check_project(&request.to_string(), None).unwrap();
    let response: Value = serde_json::from_str(&response).unwrap();
    assert!(
        response["report"]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["rule"] != "daemonize-enabled")
    );
}
