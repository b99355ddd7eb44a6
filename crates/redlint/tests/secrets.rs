//! Secrets never leak: `tests/secrets/project` plants a distinct password in every place
//! redlint finds one (`tests/secrets/secrets.txt` lists them with the rule that reports each).
//! No output format — human with its snippets, concise, json, sarif, github, junit, gitlab,
//! markdown, nor the baseline file — may contain any of them, not even a part; and the
//! findings about them must exist, so the test cannot pass by finding nothing.

use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/secrets").canonicalize().unwrap()
}

struct Planted {
    name: String,
    secret: String,
    /// The rule that reports it, or `None` when nothing does (its line is only shown, masked).
    rule: Option<String>,
    /// Where it is reported: the line it is written on, unless the list says otherwise.
    at: (String, usize),
}

fn planted() -> Vec<Planted> {
    let root = fixture();
    let list = std::fs::read_to_string(root.join("secrets.txt")).unwrap();
    let files: Vec<(String, String)> = [
        "conf/redis.conf",
        "sentinel/sentinel.conf",
        "compose.yaml",
        ".env",
        "docker/Dockerfile",
        "k8s/redis.yaml",
    ]
    .iter()
    .map(|path| ((*path).to_owned(), std::fs::read_to_string(root.join("project").join(path)).unwrap()))
    .collect();
    list.lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let (name, secret, rule) = (fields[0], fields[1], fields[2]);
            let written = files
                .iter()
                .find_map(|(path, text)| {
                    text.lines().position(|line| line.contains(secret)).map(|index| (path.clone(), index + 1))
                })
                .unwrap_or_else(|| panic!("{name} is planted nowhere"));
            let at = fields.get(3).map_or(written, |at| {
                let (file, line) = at.split_once(':').unwrap();
                (file.to_owned(), line.parse().unwrap())
            });
            Planted {
                name: name.to_owned(),
                secret: secret.to_owned(),
                rule: (rule != "-").then(|| rule.to_owned()),
                at,
            }
        })
        .collect()
}

/// No secret, nor its first or last four characters, nor any eight in a row.
fn assert_no_secret(what: &str, text: &str, planted: &[Planted]) {
    for Planted { name, secret, .. } in planted {
        let chars: Vec<char> = secret.chars().collect();
        let mut parts =
            vec![chars[..4].iter().collect::<String>(), chars[chars.len() - 4..].iter().collect()];
        parts.extend(chars.windows(8.min(chars.len())).map(|window| window.iter().collect::<String>()));
        for part in parts {
            assert!(!text.contains(&part), "{what} shows `{part}` of {name}:\n{text}");
        }
    }
}

fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_redlint"))
        .args(["check", "--no-config", "--color", "never"])
        .args(args)
        .current_dir(fixture().join("project"))
        .env("NO_COLOR", "1")
        .output()
        .expect("redlint runs");
    (
        output.status.code(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
fn no_output_format_shows_a_planted_secret() {
    let planted = planted();
    assert!(planted.len() >= 25, "the list is complete");
    for format in ["human", "concise", "json", "sarif", "github", "junit", "gitlab", "markdown"] {
        let (code, stdout, stderr) = run(&["--format", format]);
        assert_eq!(code, Some(1), "{format}: {stderr}");
        assert!(stdout.len() > 1000, "{format} reports the findings:\n{stdout}");
        assert_no_secret(format, &stdout, &planted);
        assert_no_secret(&format!("{format} (stderr)"), &stderr, &planted);
    }
    let dir = tempfile::tempdir().unwrap();
    let baseline = dir.path().join("baseline.json");
    let (code, _, _) = run(&["--write-baseline", baseline.to_str().unwrap()]);
    assert_eq!(code, Some(0));
    assert_no_secret("the baseline", &std::fs::read_to_string(&baseline).unwrap(), &planted);
}

#[test]
fn every_planted_secret_is_found_and_its_line_shown_masked() {
    let planted = planted();
    let (_, json, _) = run(&["--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    let diagnostics = report["diagnostics"].as_array().unwrap();
    for Planted { name, rule, at, .. } in &planted {
        let Some(rule) = rule else { continue };
        assert!(
            diagnostics.iter().any(|d| d["rule"] == rule.as_str()
                && d["file"] == at.0.as_str()
                && d["line"].as_u64() == Some(at.1 as u64)),
            "{name}: no `{rule}` at {}:{}",
            at.0,
            at.1
        );
    }
    // The human snippets show every reported line, and the ones nothing reports but that
    // sit next to a finding, with the password masked character for character.
    let (_, human, _) = run(&["--format", "human"]);
    for Planted { name, secret, .. } in &planted {
        if name == "dotenv_password" {
            continue; // `.env` is read, never shown
        }
        let stars = "*".repeat(secret.len());
        assert!(human.contains(&stars), "{name}: no masked line in the human report");
    }
    for masked in [
        format!("sentinel auth-pass mymaster {}", "*".repeat(34)),
        format!("sentinel sentinel-pass {}", "*".repeat(34)),
        format!("requirepass {} *****", "*".repeat(34)),
        format!("requirepas {}", "*".repeat(34)),
        // An unbalanced quote: the rest of the line, quote included.
        format!("masterauth {}\n", "*".repeat(35)),
    ] {
        assert!(human.contains(&masked), "`{masked}` is not in the human report:\n{human}");
    }
}
