//! The redlint engine for JavaScript, through `wasm-bindgen`: what the playground (`web/`,
//! `--target web`) and the GitHub Action (`--target nodejs`) call.
//!
//! Every function takes and returns strings; structured values are JSON, so the contract is
//! the CLI's:
//!
//! - `check(files, config?)`: `files` is a JSON array `[{"path", "content", "kind"?}]` (a
//!   `kind` of `null`, absent or `"auto"` lets redlint classify the file); `config` is
//!   optional `redlint.toml` text, read by the core's parser exactly as the CLI reads the file
//!   (see [`config`]). Returns the JSON report, version 1, exactly as `redlint check --format
//!   json` writes it, plus a `utf16` object on every diagnostic and label (`line`, `column`,
//!   `end_line`, `end_column`, with columns in UTF-16 code units, which is what JavaScript
//!   strings and editors count). Throws an `Error` for a malformed argument or configuration:
//!   a configuration problem's message is `LINE:COLUMN: message` (1-based, the column in
//!   characters, at the first problem of the file); a broken *input file* is a finding, not
//!   an error.
//! - `rules()` (feature `action` only): JSON array of every rule: `name`, `category`,
//!   `severity`, `summary`, `applies_to`, `since`, `references`, `related` and `page` (the
//!   Markdown body of its policy page, without front matter) — `redlint rules --format json`.
//!   The playground's module leaves the documentation out (it would be a tenth of the
//!   module) and loads the same JSON as `rules.json`, written when the site is built.
//! - `classify(path, content)`: the kind the playground shows for a file (`redis-conf`,
//!   `sentinel-conf`, `compose`, `dockerfile`, `kubernetes` or `unknown`): the core's
//!   classification, as the CLI finds files (see [`kind`]).
//! - `normalizePath(path)`: a path as the report spells it (`/` separators, no `.` or empty
//!   segments, `a/..` collapsed), so a frontend can match report paths to its files.
//! - `version()`: redlint's version.
//!
//! The `--target nodejs` module, built with the `action` feature, also has what the GitHub
//! Action needs:
//!
//! - `checkProject(request, reader?)`: a whole repository as the GitHub Action checks it,
//!   with the renderings it needs (SARIF, annotations, the Markdown summary); see
//!   [`project`]. `reader` serves files the checked files reference but the request does
//!   not hold (an `include`): `reader.read(path)` returns the file's text, or `undefined`
//!   when there is no such file or it may not be read (the core treats both alike), and
//!   `reader.listDir(dir)` a JSON array of the repository paths of the files in a directory.
//! - `isCandidate(path)`: whether a file found by walking a directory is worth reading (the
//!   CLI's test, from the name alone).
//! - `workflowCommand(command, message, title?, file?)`: one GitHub workflow command
//!   (`error`, `warning` or `notice`), escaped by the core like every annotation.
//! - `configFileNames()`: the names a configuration file may have, one per line.
//!
//! The wasm-bindgen wrappers are thin: the work is in plain Rust functions
//! ([`check_json`]) that the native unit tests exercise too.

pub mod config;
pub mod kind;
#[cfg(feature = "action")]
pub mod project;
#[cfg(test)]
mod secrets_tests;

use redlint_core::{FileKind, Input, NoFiles};
use wasm_bindgen::prelude::*;

/// One file given to [`check`] or `checkProject`. (`check` reads it with the core's small
/// JSON reader: `serde_json`'s deserializer would add about 15 KB to the playground's
/// gzipped module. The action's module can afford serde for its larger request.)
#[cfg_attr(feature = "action", derive(serde::Deserialize), serde(deny_unknown_fields))]
struct FileInput {
    path: String,
    content: String,
    kind: Option<String>,
    /// Why the frontend could not read the file (too large, permission denied).
    #[cfg_attr(feature = "action", serde(default))]
    unreadable: Option<String>,
}

const FILES_SHAPE: &str = "expected [{\"path\", \"content\", \"kind\"?}]";

/// The `files` argument: a JSON array of `{path, content, kind?, unreadable?}` objects,
/// nothing else.
fn file_inputs(files: &str) -> Result<Vec<FileInput>, String> {
    use redlint_core::json::{Kind, parse};
    let shape = |detail: String| format!("files: {FILES_SHAPE}: {detail}");
    let value = parse(files).map_err(|error| shape(error.at(files)))?;
    let Kind::Array(items) = value.kind else {
        return Err(shape(format!("found {}", value.describe())));
    };
    let mut inputs = Vec::with_capacity(items.len());
    for (index, item) in items.into_iter().enumerate() {
        let Kind::Object(members) = item.kind else {
            return Err(shape(format!("item {index} is {}", item.describe())));
        };
        let (mut path, mut content, mut kind, mut unreadable) = (None, None, None, None);
        for (key, value) in members {
            let slot = match key.as_str() {
                "path" => &mut path,
                "content" => &mut content,
                "kind" => &mut kind,
                "unreadable" => &mut unreadable,
                _ => return Err(shape(format!("item {index} has an unknown field `{key}`"))),
            };
            *slot = match value.kind {
                Kind::String(text) => Some(Some(text)),
                Kind::Null if key == "kind" || key == "unreadable" => Some(None),
                _ => {
                    return Err(shape(format!(
                        "`{key}` of item {index} is {}, not a string",
                        value.describe()
                    )));
                }
            };
        }
        let required = |field: Option<Option<String>>, name: &str| {
            field.flatten().ok_or_else(|| shape(format!("item {index} has no `{name}`")))
        };
        inputs.push(FileInput {
            path: required(path, "path")?,
            content: required(content, "content")?,
            kind: kind.flatten(),
            unreadable: unreadable.flatten(),
        });
    }
    Ok(inputs)
}

/// The core's inputs; `explicit` paths (normalised) that could not be read are findings
/// whatever their name, as on the command line.
fn inputs(files: Vec<FileInput>, explicit: &[String]) -> Result<Vec<Input>, String> {
    let mut seen = std::collections::HashSet::new();
    let mut inputs = Vec::with_capacity(files.len());
    for file in files {
        let path = redlint_core::paths::normalize_path(&file.path);
        if path.is_empty() || path == "." {
            return Err(format!("files: `{}` is not a file path", file.path));
        }
        if !seen.insert(path.clone()) {
            return Err(format!("files: two files have the path `{path}`"));
        }
        let kind = match file.kind.as_deref() {
            None | Some("auto") => None,
            Some(kind) => Some(FileKind::parse(kind).ok_or_else(|| {
                format!(
                    "files: `{kind}` (for `{path}`) is not a file kind: redis-conf, sentinel-conf, compose, \
                     dockerfile, kubernetes, unknown or auto"
                )
            })?),
        };
        inputs.push(match file.unreadable {
            Some(reason) => {
                let kind = kind.or_else(|| explicit.contains(&path).then_some(FileKind::Unknown));
                Input::unreadable(path, reason, kind)
            }
            None => Input { kind, ..Input::new(path, file.content) },
        });
    }
    Ok(inputs)
}

/// Check files given as a JSON array; see the crate documentation.
pub fn check_json(files: &str, config: Option<&str>) -> Result<String, String> {
    let files = file_inputs(files)?;
    let settings = config::settings_from_config(config.unwrap_or(""))?;
    let report = redlint_core::check(inputs(files, &[])?, &NoFiles, &settings);
    Ok(report.json_string(redlint_core::VERSION, true))
}

/// Check a set of files: the JSON report (version 1, with UTF-16 positions).
#[wasm_bindgen]
pub fn check(files: &str, config: Option<String>) -> Result<String, JsError> {
    check_json(files, config.as_deref()).map_err(|message| JsError::new(&message))
}

/// Every rule and its documentation page, as a JSON array.
#[cfg(feature = "action")]
#[wasm_bindgen]
pub fn rules() -> String {
    redlint_core::rules::catalogue::json()
}

/// The kind of a file, from its name and content.
#[wasm_bindgen]
pub fn classify(path: &str, content: &str) -> String {
    kind::kind_of(path, content).as_str().to_owned()
}

/// A path as the report spells it.
#[wasm_bindgen(js_name = normalizePath)]
pub fn normalize_path(path: &str) -> String {
    redlint_core::paths::normalize_path(path)
}

/// redlint's version.
#[wasm_bindgen]
pub fn version() -> String {
    redlint_core::VERSION.to_owned()
}

/// The GitHub Action's exports, built into the `--target nodejs` module only (`cargo xtask
/// wasm` builds it with the `action` feature): the playground does not download them.
#[cfg(feature = "action")]
pub mod action {
    use std::cell::RefCell;

    use redlint_core::{FileProvider, Provided};
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        /// The JavaScript object that serves referenced files to [`check_project`].
        pub type FileReader;

        #[wasm_bindgen(method)]
        fn read(this: &FileReader, path: &str) -> Option<String>;

        #[wasm_bindgen(method, js_name = listDir)]
        fn list_dir(this: &FileReader, dir: &str) -> Option<String>;
    }

    thread_local! {
        /// The reader of the running `checkProject` call. The core's provider must be `Sync`
        /// and a JavaScript object is not, so the provider reaches it through this slot (the
        /// module is single-threaded; the call is synchronous).
        static READER: RefCell<Option<FileReader>> = const { RefCell::new(None) };
    }

    /// The provider over [`READER`].
    struct JsFiles;

    impl FileProvider for JsFiles {
        fn read(&self, path: &str) -> Provided {
            let text = READER.with(|reader| reader.borrow().as_ref().and_then(|reader| reader.read(path)));
            text.map_or(Provided::NotFound, |text| Provided::Found(text.into_bytes()))
        }

        fn list_dir(&self, dir: &str) -> Vec<String> {
            let answer =
                READER.with(|reader| reader.borrow().as_ref().and_then(|reader| reader.list_dir(dir)));
            answer.and_then(|json| serde_json::from_str(&json).ok()).unwrap_or_default()
        }
    }

    /// Check a repository as the GitHub Action does; see [`crate::project`].
    #[wasm_bindgen(js_name = checkProject)]
    pub fn check_project(request: &str, reader: Option<FileReader>) -> Result<String, JsError> {
        /// Empties the slot however the call ends.
        struct Clear;
        impl Drop for Clear {
            fn drop(&mut self) {
                READER.with(|slot| slot.borrow_mut().take());
            }
        }
        READER.with(|slot| *slot.borrow_mut() = reader);
        let _clear = Clear;
        crate::project::check_project_json(request, &JsFiles).map_err(|message| JsError::new(&message))
    }

    /// Whether a file found by walking a directory is worth reading.
    #[wasm_bindgen(js_name = isCandidate)]
    pub fn is_candidate(path: &str) -> bool {
        redlint_core::classify::is_candidate(path)
    }

    /// One GitHub workflow command, escaped by the core.
    #[wasm_bindgen(js_name = workflowCommand)]
    pub fn workflow_command(
        command: &str,
        message: &str,
        title: Option<String>,
        file: Option<String>,
    ) -> Result<String, JsError> {
        crate::workflow_command_text(command, message, title.as_deref(), file.as_deref())
            .map_err(|message| JsError::new(&message))
    }

    /// The names a configuration file may have, one per line.
    #[wasm_bindgen(js_name = configFileNames)]
    pub fn config_file_names() -> String {
        redlint_core::config::FILE_NAMES.join("\n")
    }
}

/// One GitHub workflow command (`workflowCommand` in JavaScript).
#[cfg(feature = "action")]
pub fn workflow_command_text(
    command: &str,
    message: &str,
    title: Option<&str>,
    file: Option<&str>,
) -> Result<String, String> {
    if !matches!(command, "error" | "warning" | "notice") {
        return Err(format!("workflowCommand: `{command}` is not error, warning or notice"));
    }
    let properties: Vec<(&str, &str)> = [("file", file), ("title", title)]
        .into_iter()
        .filter_map(|(key, value)| Some((key, value?)))
        .collect();
    Ok(redlint_core::report::workflow_command(command, &properties, message))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn check(files: &Value, config: Option<&str>) -> Value {
        serde_json::from_str(&check_json(&files.to_string(), config).unwrap()).unwrap()
    }

    #[test]
    fn input_limits_apply_as_in_the_cli() {
        let files = serde_json::json!([
            {"path": "a/redis.conf", "content": "maxmemory 1gb\n"},
            {"path": "b/redis.conf", "content": "maxmemory 1gb\n"},
            {"path": "c/redis.conf", "content": "maxmemory 1gb\n"},
        ]);
        let config = "[rules.input-limit-exceeded]\nmax-files = 1\n";
        let report = check(&files, Some(config));
        let found: Vec<(&str, &str)> = report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|diagnostic| diagnostic["rule"] == "input-limit-exceeded")
            .map(|diagnostic| (diagnostic["file"].as_str().unwrap(), diagnostic["message"].as_str().unwrap()))
            .collect();
        assert_eq!(
            found,
            [(
                "b/redis.conf",
                "skipped: over the file count limit of 1; this file and the 1 after it (by path) were not checked"
            )]
        );
        let deep = "a:\n  b:\n    c:\n      d: 1\n";
        let files = serde_json::json!([{"path": "compose.yaml", "content": deep}]);
        let report = check(&files, Some("[rules.input-limit-exceeded]\nmax-yaml-depth = 2\n"));
        assert!(
            report["diagnostics"].as_array().unwrap().iter().any(|diagnostic| {
                diagnostic["rule"] == "input-limit-exceeded" && diagnostic["line"] == 3
            })
        );
    }

    #[test]
    fn report_is_the_cli_contract_with_utf16_positions() {
        // `é` is one character but, like `😀`, counts differently in UTF-16: the column of
        // `no` after a two-unit emoji differs between `column` and `utf16.column`.
        let files = serde_json::json!([{"path": "./conf/redis.conf", "content": "# 😀\nbind 0.0.0.0\nprotected-mode no #😀\n"}]);
        let report = check(&files, None);
        assert_eq!(report["version"], 1);
        assert_eq!(report["tool"]["name"], "redlint");
        assert_eq!(report["files"], serde_json::json!([{"path": "conf/redis.conf", "kind": "redis-conf"}]));
        let inline = report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|diagnostic| diagnostic["rule"] == "inline-comment")
            .expect("inline-comment reported");
        assert_eq!(inline["file"], "conf/redis.conf");
        assert_eq!((inline["line"].as_u64(), inline["column"].as_u64()), (Some(3), Some(19)));
        assert_eq!(inline["end_column"], 21);
        assert_eq!(inline["utf16"]["end_column"], 22);
        assert_eq!(inline["utf16"]["column"], 19);
    }

    #[test]
    fn includes_resolve_among_the_given_files() {
        let files = serde_json::json!([
            {"path": "redis.conf", "content": "include conf.d/*.conf\nsave 900 1\n"},
            {"path": "conf.d/tuning.conf", "content": "save 3600 1\n"},
        ]);
        let report = check(&files, Some("select = [\"save-after-include\"]"));
        let diagnostics = report["diagnostics"].as_array().unwrap();
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        assert_eq!(diagnostics[0]["rule"], "save-after-include");
        assert_eq!(
            (diagnostics[0]["file"].as_str(), diagnostics[0]["line"].as_u64()),
            (Some("redis.conf"), Some(2))
        );
        let label = &diagnostics[0]["labels"][0];
        assert_eq!((label["file"].as_str(), label["line"].as_u64()), (Some("conf.d/tuning.conf"), Some(1)));
        assert_eq!(label["utf16"]["line"], 1);
    }

    #[test]
    fn config_and_kinds_apply() {
        let files = serde_json::json!([{"path": "cache", "content": "dir ./\n", "kind": "redis-conf"}]);
        let report =
            check(&files, Some("select = [\"relative-dir\"]\n\n[rules]\nrelative-dir = \"error\"\n"));
        assert_eq!(report["files"][0]["kind"], "redis-conf");
        assert_eq!(report["diagnostics"][0]["rule"], "relative-dir");
        assert_eq!(report["diagnostics"][0]["severity"], "error");
        assert_eq!(report["summary"]["errors"], 1);
        // Unclassified without the kind: nothing checked.
        let files = serde_json::json!([{"path": "cache", "content": "dir ./\n", "kind": "auto"}]);
        assert_eq!(check(&files, None)["summary"]["files"], 0);
    }

    #[test]
    fn malformed_arguments_are_errors() {
        let error = |files: &str, config: Option<&str>| check_json(files, config).unwrap_err();
        let shape =
            |detail: &str| format!("files: expected [{{\"path\", \"content\", \"kind\"?}}]: {detail}");
        assert_eq!(error("{}", None), shape("found an object"));
        assert_eq!(error("[{\"path\": \"a\",\n \"content\" 1}]", None), shape("2:12: expected `:`"));
        assert_eq!(error("[1]", None), shape("item 0 is a number"));
        assert_eq!(
            error(r#"[{"path": "a", "content": "", "size": 1}]"#, None),
            shape("item 0 has an unknown field `size`")
        );
        assert_eq!(
            error(r#"[{"path": "a", "content": 1}]"#, None),
            shape("`content` of item 0 is a number, not a string")
        );
        assert_eq!(
            error(r#"[{"path": null, "content": ""}]"#, None),
            shape("`path` of item 0 is null, not a string")
        );
        assert_eq!(error(r#"[{"content": ""}]"#, None), shape("item 0 has no `path`"));
        let null_kind =
            check(&serde_json::json!([{"path": "redis.conf", "content": "", "kind": null}]), None);
        assert_eq!(null_kind["files"][0]["kind"], "redis-conf", "a null kind means auto");
        assert_eq!(
            error(r#"[{"path": "a.conf", "content": ""}, {"path": "./a.conf", "content": ""}]"#, None),
            "files: two files have the path `a.conf`"
        );
        assert_eq!(error(r#"[{"path": "", "content": ""}]"#, None), "files: `` is not a file path");
        assert!(
            error(r#"[{"path": "a", "content": "", "kind": "yaml"}]"#, None).starts_with("files: `yaml`")
        );
        assert!(error("[]", Some("[rules]\nnope = \"off\"\n")).starts_with("2:1: "));
    }

    #[cfg(feature = "action")]
    #[test]
    fn rules_carry_their_pages() {
        let rules: Value = serde_json::from_str(&rules()).unwrap();
        let rules = rules.as_array().unwrap();
        assert_eq!(rules.len(), redlint_core::rules::RULES.len());
        let rule = rules.iter().find(|rule| rule["name"] == "protected-mode-off-without-auth").unwrap();
        assert_eq!(rule["category"], "security");
        assert_eq!(rule["severity"], "error");
        let page = rule["page"].as_str().unwrap();
        assert!(page.starts_with("# protected-mode-off-without-auth\n"), "{page}");
        assert!(page.contains("## Why is this bad?"));
    }
}
