//! `checkProject`: one check of a whole repository, as the GitHub Action runs it — the files
//! it discovered, the `redlint.toml` it found, today's date, a provider for files the checked
//! files reference, and which renderings it needs. Everything that is rendered (SARIF, the
//! annotations, the Markdown summary) is rendered by the core, so the action only writes it
//! where GitHub reads it.
//!
//! Request (JSON):
//!
//! ```json
//! {"files": [{"path", "content", "kind"?, "unreadable"?}],
//!  "explicit": ["paths named by the user"],
//!  "config_path": "deploy/redlint.toml" | null, "config_text": "…" | null,
//!  "today": "2026-11-25" | null,
//!  "only": ["changed/file.conf"] | null,
//!  "sarif": true, "summary": true, "annotate": true, "annotation_limit": 10 | null,
//!  "log": true,
//!  "notes": ["plain text for the summary"]}
//! ```
//!
//! - `files` are the discovered files; `unreadable` says why one could not be read (it is
//!   reported when its name says redlint checks it). `explicit` files that redlint does not
//!   check are left out and listed in `skipped`, with the reason, as the CLI does.
//! - `config_text` is parsed by the core; `[[ignore]]` paths are relative to the directory
//!   of `config_path`.
//! - `only` restricts what is reported to findings that involve these files (see
//!   [`redlint_core::Report::retain_files`]); every file is still checked, so cross-file
//!   findings keep their context. The SARIF log always has every finding: code scanning
//!   compares whole analyses, and an alert missing from a partial one would read as fixed.
//!
//! Response (JSON): `report` (the JSON report, version 1, of the reported findings),
//! `left_out` (counts of the findings `only` left out, or `null`), `skipped`
//! (`[{"path", "reason"}]`), `sarif`, `annotations` (`{"commands", "annotated", "omitted"}`,
//! counts per `errors`/`warnings`/`notices`), `summary` (Markdown) and `log` (the concise
//! format, one line per reported finding), each `null` unless asked for. An invalid configuration gives `{"config_errors": [{"message", "line",
//! "column", "help"}], "commands": "…"}` instead, the commands being one `::error` per
//! problem at its line of the file.

use std::fmt::Write as _;

use redlint_core::config::Config;
use redlint_core::report::{Annotations, SeverityCounts, workflow_command};
use redlint_core::source::{ColumnEncoding, LineIndex};
use redlint_core::suppress::Date;
use redlint_core::{FileProvider, Input, Settings, Summary};
use serde::Deserialize;

use crate::FileInput;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Request {
    files: Vec<FileInput>,
    #[serde(default)]
    explicit: Vec<String>,
    #[serde(default)]
    config_path: Option<String>,
    #[serde(default)]
    config_text: Option<String>,
    #[serde(default)]
    today: Option<String>,
    #[serde(default)]
    only: Option<Vec<String>>,
    #[serde(default)]
    sarif: bool,
    #[serde(default)]
    summary: bool,
    #[serde(default)]
    annotate: bool,
    #[serde(default)]
    annotation_limit: Option<usize>,
    #[serde(default)]
    log: bool,
    #[serde(default)]
    notes: Vec<String>,
}

// The response is written by hand rather than derived: serde's code for each response type
// costs the WebAssembly module more than these few lines.

/// A string as a JSON value.
fn string(text: &str) -> String {
    serde_json::to_string(text).expect("serialising a string cannot fail")
}

fn counts(counts: SeverityCounts) -> String {
    format!(r#"{{"errors":{},"warnings":{},"notices":{}}}"#, counts.errors, counts.warnings, counts.notices)
}

fn nullable(value: Option<String>) -> String {
    value.unwrap_or_else(|| "null".to_owned())
}

/// Check a project; see the module documentation.
pub fn check_project_json(request: &str, provider: &dyn FileProvider) -> Result<String, String> {
    let request: Request =
        serde_json::from_str(request).map_err(|error| format!("checkProject: malformed request: {error}"))?;
    let mut settings = Settings::default();
    if let Some(today) = &request.today {
        settings.today = Some(
            Date::parse(today).ok_or_else(|| format!("checkProject: `{today}` is not a YYYY-MM-DD date"))?,
        );
    }
    if let Some(text) = &request.config_text {
        let path =
            redlint_core::paths::normalize_path(request.config_path.as_deref().unwrap_or("redlint.toml"));
        match Config::parse(text) {
            Ok(parsed) => parsed.apply(&mut settings, redlint_core::paths::parent(&path), ""),
            Err(errors) => return Ok(config_errors(&path, text, &errors)),
        }
    }
    let explicit: Vec<String> =
        request.explicit.iter().map(|path| redlint_core::paths::normalize_path(path)).collect();
    let inputs = crate::inputs(request.files, &explicit)?;
    let mut prepared = Vec::with_capacity(inputs.len());
    let mut skipped = Vec::new();
    for input in inputs {
        let is_explicit = explicit.contains(&redlint_core::paths::normalize_path(&input.path));
        // The CLI's rule: a file named explicitly that redlint does not check is skipped
        // (with why), one found by walking stays available to the files that include it.
        let why = is_explicit.then(|| redlint_core::classify::why_not_checked(&input.path, &text_of(&input)));
        let file = redlint_core::prepare_with(input, &settings);
        if let (Some(why), None) = (why, file.kind()) {
            let reason = why.unwrap_or("not a file redlint checks (no recognised name or content)");
            skipped.push((file.path().to_owned(), reason));
            continue;
        }
        prepared.push(file);
    }
    let mut report = redlint_core::check_prepared(prepared, provider, &settings);

    // `to_sarif`, not `render`: a `render` call links every format into the module.
    let sarif = request.sarif.then(|| report.to_sarif(redlint_core::VERSION));
    let left_out = request.only.as_ref().map(|only| {
        let only: Vec<String> = only.iter().map(|path| redlint_core::paths::normalize_path(path)).collect();
        report.retain_files(|path| only.iter().any(|kept| kept == path))
    });
    let annotations: Option<Annotations> =
        request.annotate.then(|| report.github_annotations(request.annotation_limit));
    let summary = request.summary.then(|| {
        let mut notes = request.notes.clone();
        notes.extend(skipped.iter().map(|(path, reason)| format!("`{path}` is not checked: {reason}.")));
        if let Some(left_out) = left_out.filter(|left_out| *left_out != Summary::default()) {
            notes.push(left_out_note(&left_out));
        }
        if let Some(annotations) = annotations.as_ref().filter(|annotations| annotations.omitted.total() > 0)
        {
            notes.push(omitted_note(annotations, request.annotation_limit.unwrap_or(0)));
        }
        report.to_markdown(&notes)
    });

    let log = request.log.then(|| report.to_concise());
    let mut out = String::from("{\"report\":");
    out.push_str(&report.json_string(redlint_core::VERSION, false));
    let skipped: Vec<String> = skipped
        .iter()
        .map(|(path, reason)| format!(r#"{{"path":{},"reason":{}}}"#, string(path), string(reason)))
        .collect();
    let left_out = left_out.map(|left_out| {
        format!(
            r#"{{"errors":{},"warnings":{},"infos":{},"suppressed":{}}}"#,
            left_out.errors, left_out.warnings, left_out.infos, left_out.suppressed
        )
    });
    let annotations = annotations.map(|annotations| {
        format!(
            r#"{{"commands":{},"annotated":{},"omitted":{}}}"#,
            string(&annotations.commands),
            counts(annotations.annotated),
            counts(annotations.omitted)
        )
    });
    let _ = write!(
        out,
        r#","left_out":{},"skipped":[{}],"sarif":{},"annotations":{},"summary":{},"log":{}}}"#,
        nullable(left_out),
        skipped.join(","),
        nullable(sarif.as_deref().map(string)),
        nullable(annotations),
        nullable(summary.as_deref().map(string)),
        nullable(log.as_deref().map(string)),
    );
    Ok(out)
}

/// The text the classifier sees (what `prepare` decodes).
fn text_of(input: &Input) -> String {
    String::from_utf8_lossy(&input.content).into_owned()
}

fn plural(number: usize, one: &str, many: &str) -> String {
    format!("{number} {}", if number == 1 { one } else { many })
}

fn by_severity(errors: usize, warnings: usize, infos: usize, info_name: (&str, &str)) -> String {
    let parts: Vec<String> =
        [(errors, "error", "errors"), (warnings, "warning", "warnings"), (infos, info_name.0, info_name.1)]
            .iter()
            .filter(|(number, _, _)| *number > 0)
            .map(|&(number, one, many)| plural(number, one, many))
            .collect();
    parts.join(", ")
}

fn left_out_note(left_out: &Summary) -> String {
    let reported = left_out.errors + left_out.warnings + left_out.infos;
    let mut note = String::from("Only findings that involve a file this pull request changed are reported: ");
    if reported > 0 {
        let _ = write!(
            note,
            "{} ({}) elsewhere {} left out",
            plural(reported, "finding", "findings"),
            by_severity(left_out.errors, left_out.warnings, left_out.infos, ("info", "infos")),
            if reported == 1 { "is" } else { "are" }
        );
    }
    if left_out.suppressed > 0 {
        if reported > 0 {
            note.push_str(", and so ");
        }
        let _ = write!(
            note,
            "{} of the suppressed ones",
            if left_out.suppressed == 1 {
                "is one".to_owned()
            } else {
                format!("are {}", left_out.suppressed)
            }
        );
    }
    note.push('.');
    note
}

fn omitted_note(annotations: &Annotations, limit: usize) -> String {
    let omitted = annotations.omitted;
    format!(
        "At most {limit} annotations of each severity are written per step (GitHub shows no more than {limit} errors and {limit} warnings): {} ({}) {} not annotated; the step's log lists every finding.",
        plural(omitted.total(), "finding", "findings"),
        by_severity(omitted.errors, omitted.warnings, omitted.notices, ("notice", "notices")),
        if omitted.total() == 1 { "is" } else { "are" },
    )
}

/// Every problem of an invalid `redlint.toml`, with its position and as an `::error`
/// annotation at its line.
fn config_errors(path: &str, text: &str, errors: &[redlint_core::config::ConfigError]) -> String {
    let index = LineIndex::new(text);
    let mut commands = String::new();
    let problems: Vec<String> = errors
        .iter()
        .map(|error| {
            let start = error.span.as_ref().map_or(0, |span| span.start);
            let position = index.position(text, start, ColumnEncoding::Chars);
            let mut message = error.message.clone();
            if let Some(help) = &error.help {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            let (line, column) = (position.line.to_string(), position.column.to_string());
            commands.push_str(&workflow_command(
                "error",
                &[
                    ("file", path),
                    ("line", &line),
                    ("col", &column),
                    ("title", "redlint: invalid configuration"),
                ],
                &message,
            ));
            commands.push('\n');
            format!(
                r#"{{"message":{},"line":{line},"column":{column},"help":{}}}"#,
                string(&error.message),
                nullable(error.help.as_deref().map(string))
            )
        })
        .collect();
    format!(r#"{{"config_errors":[{}],"commands":{}}}"#, problems.join(","), string(&commands))
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use redlint_core::Provided;
    use serde_json::{Value, json};

    use super::*;

    /// Files the core may ask for, as a repository would serve them.
    struct Files(HashMap<&'static str, &'static str>);

    impl FileProvider for Files {
        fn read(&self, path: &str) -> Provided {
            self.0.get(path).map_or(Provided::NotFound, |text| Provided::Found(text.as_bytes().to_vec()))
        }
        fn list_dir(&self, dir: &str) -> Vec<String> {
            self.0
                .keys()
                .filter(|path| redlint_core::paths::parent(path) == dir)
                .map(|path| (*path).to_owned())
                .collect()
        }
    }

    fn run(request: &Value, provider: &dyn FileProvider) -> Value {
        serde_json::from_str(&check_project_json(&request.to_string(), provider).unwrap()).unwrap()
    }

    fn rules(report: &Value) -> Vec<(String, String)> {
        report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| (d["rule"].as_str().unwrap().to_owned(), d["file"].as_str().unwrap().to_owned()))
            .collect()
    }

    #[test]
    fn includes_come_from_the_provider() {
        // `extra.settings` is no candidate: only the provider can serve it.
        let files = Files(HashMap::from([("conf/extra.settings", "daemonize yes\n")]));
        let request = json!({
            "files": [{"path": "conf/redis.conf", "content": "include extra.settings\nprotected-mode yes\n"}],
            "config_text": "select = [\"daemonize-enabled\"]\n",
        });
        let response = run(&request, &files);
        assert_eq!(
            rules(&response["report"]),
            [("daemonize-enabled".to_owned(), "conf/extra.settings".to_owned())]
        );
        // Without the provider the include is missing and nothing is found.
        let response = run(&request, &redlint_core::NoFiles);
        assert_eq!(rules(&response["report"]), []);
    }

    #[test]
    fn only_keeps_findings_that_involve_the_files_and_sarif_keeps_all() {
        let ignored = "# redlint-ignore daemonize-enabled -- test\ndaemonize yes\n";
        let request = json!({
            "files": [
                {"path": "a/redis.conf", "content": "daemonize yes\n"},
                {"path": "b/redis.conf", "content": "daemonize yes\n"},
                {"path": "c/redis.conf", "content": ignored},
                {"path": "d/redis.conf", "content": ignored},
            ],
            "config_text": "select = [\"daemonize-enabled\"]\n",
            "only": ["./b/redis.conf", "c/redis.conf", "gone/redis.conf"],
            "sarif": true, "summary": true, "annotate": true, "annotation_limit": 10,
        });
        let response = run(&request, &redlint_core::NoFiles);
        assert_eq!(rules(&response["report"]), [("daemonize-enabled".to_owned(), "b/redis.conf".to_owned())]);
        assert_eq!(response["report"]["summary"]["errors"], 1);
        assert_eq!(response["report"]["summary"]["suppressed"], 1);
        assert_eq!(response["report"]["summary"]["files"], 4, "every file is still checked");
        assert_eq!(response["left_out"], json!({"errors": 1, "warnings": 0, "infos": 0, "suppressed": 1}));
        let sarif: Value = serde_json::from_str(response["sarif"].as_str().unwrap()).unwrap();
        assert_eq!(sarif["runs"][0]["results"].as_array().unwrap().len(), 4, "SARIF has every finding");
        let commands = response["annotations"]["commands"].as_str().unwrap();
        assert_eq!(commands.lines().count(), 1);
        assert!(commands.starts_with("::error file=b/redis.conf,line=1,col=11,"), "{commands}");
        let summary = response["summary"].as_str().unwrap();
        assert!(
            summary
                .contains("1 finding (1 error) elsewhere is left out, and so is one of the suppressed ones."),
            "{summary}"
        );
        assert!(response["skipped"].as_array().unwrap().is_empty());
    }

    #[test]
    fn annotations_are_capped_errors_first() {
        let conf = "daemonize yes\ndir ./\n";
        let files: Vec<Value> = (0..12)
            .map(|index| json!({"path": format!("c{index:02}/redis.conf"), "content": conf}))
            .collect();
        let request = json!({
            "files": files,
            "config_text": "select = [\"daemonize-enabled\", \"relative-dir\"]\n",
            "annotate": true, "annotation_limit": 10, "summary": true,
        });
        let response = run(&request, &redlint_core::NoFiles);
        let annotations = &response["annotations"];
        assert_eq!(annotations["annotated"], json!({"errors": 10, "warnings": 10, "notices": 0}));
        assert_eq!(annotations["omitted"], json!({"errors": 2, "warnings": 2, "notices": 0}));
        let kinds: Vec<&str> = annotations["commands"]
            .as_str()
            .unwrap()
            .lines()
            .map(|line| line.split(' ').next().unwrap())
            .collect();
        assert_eq!(kinds, [vec!["::error"; 10], vec!["::warning"; 10]].concat());
        let summary = response["summary"].as_str().unwrap();
        assert!(summary.contains("4 findings (2 errors, 2 warnings) are not annotated"), "{summary}");
        // Without a limit, everything is annotated.
        let request =
            json!({"files": request["files"], "config_text": request["config_text"], "annotate": true});
        assert_eq!(run(&request, &redlint_core::NoFiles)["annotations"]["omitted"]["errors"], 0);
    }

    #[test]
    fn explicit_files_redlint_does_not_check_are_skipped() {
        let request = json!({
            "files": [
                {"path": "notes.md", "content": "hello\n"},
                {"path": "chart/templates/svc.yaml", "content": "apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Values.name }}\n"},
                {"path": "big/redis.conf", "content": "", "unreadable": "40 MiB, larger than the 32 MiB limit"},
            ],
            "explicit": ["notes.md", "./chart/templates/svc.yaml"],
        });
        let response = run(&request, &redlint_core::NoFiles);
        let skipped = response["skipped"].as_array().unwrap();
        assert_eq!(skipped.len(), 2);
        assert_eq!(skipped[0]["path"], "notes.md");
        assert!(skipped[1]["reason"].as_str().unwrap().starts_with("a Helm template"));
        // A config file that could not be read is a finding.
        assert!(rules(&response["report"]).iter().any(|(_, file)| file == "big/redis.conf"));
    }

    #[test]
    fn config_problems_are_annotations_at_their_line() {
        let request = json!({
            "files": [],
            "config_path": "./deploy/redlint.toml", "config_text": "# c\n[rules]\nno-such-rule = \"off\"\n",
        });
        let response = run(&request, &redlint_core::NoFiles);
        let problems = response["config_errors"].as_array().unwrap();
        assert_eq!((problems[0]["line"].as_u64(), problems[0]["column"].as_u64()), (Some(3), Some(1)));
        let commands = response["commands"].as_str().unwrap();
        assert!(
            commands.starts_with(
                "::error file=deploy/redlint.toml,line=3,col=1,title=redlint%3A invalid configuration::"
            ),
            "{commands}"
        );
    }

    #[test]
    fn config_ignores_are_relative_to_the_config_file_and_expire() {
        let request = |today: &str| {
            json!({
                "files": [
                    {"path": "deploy/cache/redis.conf", "content": "daemonize yes\n"},
                    {"path": "cache/redis.conf", "content": "daemonize yes\n"},
                ],
                "config_path": "deploy/redlint.toml",
                "config_text": "select = [\"daemonize-enabled\"]\n[[ignore]]\nrules = [\"daemonize-enabled\"]\npaths = [\"cache/**\"]\nreason = \"r\"\nuntil = 2026-06-30\n",
                "today": today,
            })
        };
        let response = run(&request("2026-06-30"), &redlint_core::NoFiles);
        assert_eq!(
            rules(&response["report"]),
            [("daemonize-enabled".to_owned(), "cache/redis.conf".to_owned())]
        );
        let response = run(&request("2026-07-01"), &redlint_core::NoFiles);
        assert_eq!(rules(&response["report"]).len(), 2, "the entry expired");
        assert!(check_project_json(&request("soon").to_string(), &redlint_core::NoFiles).is_err());
    }
}
