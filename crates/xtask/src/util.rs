//! Running commands from tasks.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// `cargo` from the environment cargo set for this process (the same toolchain).
pub(crate) fn cargo() -> Command {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command.current_dir(workspace_root());
    command
}

pub(crate) fn workspace_root() -> PathBuf {
    // crates/xtask → the workspace root, two levels up.
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.ancestors().nth(2).unwrap_or(manifest).to_path_buf()
}

/// Run to completion with inherited output; a non-zero exit is an error.
pub(crate) fn run(command: &mut Command) -> Result<(), String> {
    let status = command.status().map_err(|error| format!("cannot run {command:?}: {error}"))?;
    if status.success() { Ok(()) } else { Err(format!("{command:?} failed ({status})")) }
}

/// Does the command run and exit 0 (output discarded)?
pub(crate) fn succeeds(command: &mut Command) -> bool {
    command.output().is_ok_and(|output| output.status.success())
}

/// The target directory as cargo sees it: `CARGO_TARGET_DIR`, `build.target-dir` or `target/`.
pub(crate) fn target_dir(root: &Path) -> Result<PathBuf, String> {
    let output = cargo()
        .args(["metadata", "--format-version", "1", "--no-deps", "--offline"])
        .current_dir(root)
        .stderr(Stdio::inherit())
        .output()
        .map_err(|error| format!("cannot run cargo metadata: {error}"))?;
    if !output.status.success() {
        return Err(format!("cargo metadata failed ({})", output.status));
    }
    let json = String::from_utf8_lossy(&output.stdout);
    json_string_field(&json, "target_directory")
        .map(PathBuf::from)
        .ok_or_else(|| "cargo metadata: no target_directory".to_owned())
}

/// The value of the first `"field": "…"` in a JSON text (enough for `cargo metadata`).
pub(crate) fn json_string_field(json: &str, field: &str) -> Option<String> {
    let key = format!("\"{field}\"");
    let rest = json[json.find(&key)? + key.len()..].trim_start().strip_prefix(':')?.trim_start();
    let mut chars = rest.strip_prefix('"')?.chars();
    let mut value = String::new();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(value),
            '\\' => match chars.next()? {
                'n' => value.push('\n'),
                't' => value.push('\t'),
                'u' => {
                    let code: String = chars.by_ref().take(4).collect();
                    value.push(char::from_u32(u32::from_str_radix(&code, 16).ok()?)?);
                }
                other => value.push(other),
            },
            c => value.push(c),
        }
    }
    None
}

/// The number after the first `"key":` in a flat JSON object.
pub(crate) fn json_number(json: &str, key: &str) -> Option<f64> {
    let quoted = format!("\"{key}\"");
    let rest = json[json.find(&quoted)? + quoted.len()..].trim_start().strip_prefix(':')?.trim_start();
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | '-' | 'e' | 'E' | '+')))
        .unwrap_or(rest.len());
    rest[..end].parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_numbers() {
        let json = "{\n  \"lines\": 1000,\n  \"total_median_ms\": 6.9,\n  \"small\": 1e-3\n}";
        assert_eq!(json_number(json, "lines"), Some(1000.0));
        assert_eq!(json_number(json, "total_median_ms"), Some(6.9));
        assert_eq!(json_number(json, "small"), Some(0.001));
        assert_eq!(json_number(json, "missing"), None);
    }
}
