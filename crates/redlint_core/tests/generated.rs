//! Generated files stay fresh: `policies/README.md` (the rule index) and
//! `policies/redlint.schema.json` (the JSON Schema of `redlint.toml`). `cargo xtask codegen`
//! rewrites them (it runs this test with `REDLINT_UPDATE_GENERATED=1`).

mod common;

fn check_fresh(relative: &str, expected: &str) {
    let path = common::workspace_root().join(relative);
    if std::env::var_os("REDLINT_UPDATE_GENERATED").is_some() {
        std::fs::write(&path, expected).unwrap();
        return;
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(actual == expected, "{relative} is stale: run `cargo xtask codegen`");
}

#[test]
fn policies_readme_is_fresh() {
    check_fresh("policies/README.md", &redlint_core::rules::catalogue::policies_readme());
}

#[test]
fn config_schema_is_fresh() {
    let schema = serde_json::to_string_pretty(&redlint_core::config::json_schema()).unwrap() + "\n";
    check_fresh("policies/redlint.schema.json", &schema);
}

#[test]
fn presets_validate_against_the_schema() {
    // The schema describes what the parser accepts: every preset passes both.
    let schema = redlint_core::config::json_schema();
    let mut compiler = boon::Compiler::new();
    compiler.add_resource("file:///redlint.schema.json", schema).unwrap();
    let mut schemas = boon::Schemas::new();
    let index = compiler.compile("file:///redlint.schema.json", &mut schemas).unwrap();
    let as_json = |text: &str| -> serde_json::Value {
        // A tiny TOML → JSON for the presets' shapes: [rules] levels and option tables.
        let mut root = serde_json::Map::new();
        let mut table: Vec<String> = Vec::new();
        for line in text.lines().map(str::trim).filter(|line| !line.is_empty() && !line.starts_with('#')) {
            if let Some(header) = line.strip_prefix('[').and_then(|line| line.strip_suffix(']')) {
                table = header.split('.').map(str::to_owned).collect();
                continue;
            }
            let (key, value) = line.split_once('=').unwrap();
            let value: serde_json::Value = serde_json::from_str(value.trim()).unwrap();
            let mut node = &mut root;
            for part in &table {
                node = node
                    .entry(part.clone())
                    .or_insert_with(|| serde_json::Value::Object(serde_json::Map::new()))
                    .as_object_mut()
                    .unwrap();
            }
            node.insert(key.trim().to_owned(), value);
        }
        serde_json::Value::Object(root)
    };
    for (name, text) in redlint_core::config::PRESETS {
        let value = as_json(text);
        if let Err(error) = schemas.validate(&value, index) {
            panic!("preset {name} does not match the schema: {error:#}");
        }
    }
    let wrong = serde_json::json!({ "rules": { "weak-password": { "min-length": 0 } } });
    assert!(schemas.validate(&wrong, index).is_err());
    let unknown = serde_json::json!({ "rulez": {} });
    assert!(schemas.validate(&unknown, index).is_err());
}
