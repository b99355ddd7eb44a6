//! `cargo xtask action`: build `action/dist/`, the GitHub Action as it runs — committed,
//! because an action cannot build anything at run time:
//!
//! - `action/src/*.js` copied as they are (plain CommonJS, no bundler, no dependencies);
//! - `wasm/redlint_wasm.js` and `wasm/redlint_wasm_bg.wasm`: the `--target nodejs` build of
//!   `redlint_wasm` with its `action` feature (`cargo xtask wasm`);
//! - `package.json` saying the files are CommonJS, whatever a `package.json` above says.
//!
//! `--check` builds the same into a scratch directory and fails when `action/dist/` differs
//! (`cargo xtask ci` runs it): the module is reproducible with the same compiler (remapped
//! paths; see `wasm.rs`), so a difference means a stale `dist/`. The committed module is
//! built with rustc [`MODULE_RUSTC`] (CI's workflow installs that one); with another
//! compiler the module's bytes cannot be compared and only the rest is. (Not a
//! `rust-toolchain.toml`: it would make every build on a machine without that exact
//! toolchain try to download it.)

use std::path::{Path, PathBuf};

use crate::util::{target_dir, workspace_root};

const USAGE: &str = "\
usage: cargo xtask action [--check] [--no-wasm]

Builds action/dist/ from action/src/*.js and the --target nodejs WASM module (runs
`cargo xtask wasm` first unless --no-wasm, which reuses the last build). With --check,
builds into <target>/action-dist/ instead and fails when action/dist/ differs from it.
";

/// The files of `dist/` besides the sources: (path in the WASM build, path in dist).
const WASM_FILES: [(&str, &str); 2] =
    [("redlint_wasm.js", "wasm/redlint_wasm.js"), ("redlint_wasm_bg.wasm", "wasm/redlint_wasm_bg.wasm")];

/// The compiler `action/dist/wasm/redlint_wasm_bg.wasm` is built with.
const MODULE_RUSTC: &str = "1.95.0";

/// The module, whose bytes depend on the compiler.
const MODULE: &str = "wasm/redlint_wasm_bg.wasm";

const PACKAGE_JSON: &str = "{\n  \"private\": true,\n  \"type\": \"commonjs\"\n}\n";

pub(crate) fn run_task(args: &[String]) -> Result<(), String> {
    let (mut check, mut build_wasm) = (false, true);
    for arg in args {
        match arg.as_str() {
            "--check" => check = true,
            "--no-wasm" => build_wasm = false,
            "--help" | "-h" => {
                print!("{USAGE}");
                return Ok(());
            }
            other => return Err(format!("unexpected argument `{other}`\n\n{USAGE}")),
        }
    }
    if check {
        self::check(build_wasm)
    } else {
        build(build_wasm).map(|()| println!("action: built action/dist/"))
    }
}

fn nodejs_build(build_wasm: bool) -> Result<PathBuf, String> {
    let root = workspace_root();
    let nodejs = if build_wasm {
        crate::wasm::build()?.nodejs
    } else {
        target_dir(&root)?.join("wasm").join("nodejs")
    };
    if !nodejs.join("redlint_wasm_bg.wasm").exists() {
        return Err(format!("{} has no WASM build: run `cargo xtask wasm`", nodejs.display()));
    }
    Ok(nodejs)
}

/// Write the distribution into `out` (emptied first).
fn compose(nodejs: &Path, out: &Path) -> Result<(), String> {
    let root = workspace_root();
    if out.exists() {
        std::fs::remove_dir_all(out).map_err(|error| format!("cannot clear {}: {error}", out.display()))?;
    }
    std::fs::create_dir_all(out.join("wasm"))
        .map_err(|error| format!("cannot create {}: {error}", out.display()))?;
    for source in sources(&root.join("action").join("src"))? {
        let name = source.file_name().expect("a file");
        copy(&source, &out.join(name))?;
    }
    for (from, to) in WASM_FILES {
        copy(&nodejs.join(from), &out.join(to))?;
    }
    std::fs::write(out.join("package.json"), PACKAGE_JSON)
        .map_err(|error| format!("cannot write {}: {error}", out.display()))
}

/// `action/src/*.js`, sorted.
fn sources(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|error| format!("cannot read {}: {error}", dir.display()))?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|extension| extension == "js"))
        .collect();
    files.sort();
    Ok(files)
}

fn copy(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::copy(from, to)
        .map(|_| ())
        .map_err(|error| format!("cannot copy {} to {}: {error}", from.display(), to.display()))
}

pub(crate) fn build(build_wasm: bool) -> Result<(), String> {
    if let Some(other) = other_rustc() {
        eprintln!(
            "action: warning: rustc {other} here; the committed module is built with {MODULE_RUSTC} \
             (`rustup run {MODULE_RUSTC} cargo xtask action`), or CI will find it stale"
        );
    }
    let nodejs = nodejs_build(build_wasm)?;
    compose(&nodejs, &workspace_root().join("action").join("dist"))
}

/// Fail when `action/dist/` is not what a build gives.
pub(crate) fn check(build_wasm: bool) -> Result<(), String> {
    let root = workspace_root();
    let nodejs = nodejs_build(build_wasm)?;
    let fresh = target_dir(&root)?.join("action-dist");
    compose(&nodejs, &fresh)?;
    let committed = root.join("action").join("dist");
    let mut differences = compare(&fresh, &committed)?;
    if let Some(other) = other_rustc() {
        println!(
            "action: rustc {other} here, the committed module is built with {MODULE_RUSTC}: its bytes \
             are not compared"
        );
        differences.retain(|difference| difference != &format!("{MODULE} differs"));
    }
    if differences.is_empty() {
        println!("action: action/dist/ is up to date");
        return Ok(());
    }
    Err(format!(
        "action/dist/ is stale ({}): run `cargo xtask action` and commit action/dist/",
        differences.join("; ")
    ))
}

/// The version of `rustc` here when it is not [`MODULE_RUSTC`].
fn other_rustc() -> Option<String> {
    let output = std::process::Command::new("rustc").arg("--version").output().ok()?;
    let text = String::from_utf8_lossy(&output.stdout);
    let version = text.split_whitespace().nth(1)?;
    (version != MODULE_RUSTC).then(|| version.to_owned())
}

/// Files that differ, are missing or are extra in `actual`, relative to `expected`.
fn compare(expected: &Path, actual: &Path) -> Result<Vec<String>, String> {
    let (want, have) = (list(expected)?, list(actual)?);
    let mut differences = Vec::new();
    for file in &want {
        if !have.contains(file) {
            differences.push(format!("{file} is missing"));
        } else if std::fs::read(expected.join(file)).ok() != std::fs::read(actual.join(file)).ok() {
            differences.push(format!("{file} differs"));
        }
    }
    differences
        .extend(have.iter().filter(|file| !want.contains(file)).map(|file| format!("{file} is not built")));
    Ok(differences)
}

/// Every file under `dir`, as `/`-separated relative paths, sorted.
fn list(dir: &Path) -> Result<Vec<String>, String> {
    fn visit(dir: &Path, prefix: &str, out: &mut Vec<String>) -> std::io::Result<()> {
        for entry in std::fs::read_dir(dir)? {
            let entry = entry?;
            let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
            if entry.file_type()?.is_dir() {
                visit(&entry.path(), &format!("{name}/"), out)?;
            } else {
                out.push(name);
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    if dir.exists() {
        visit(dir, "", &mut out).map_err(|error| format!("cannot read {}: {error}", dir.display()))?;
    }
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compare_names_every_difference() {
        let dir = std::env::temp_dir().join(format!("redlint-xtask-action-{}", std::process::id()));
        let (a, b) = (dir.join("a"), dir.join("b"));
        for (root, files) in
            [(&a, [("x.js", "1"), ("wasm/m.wasm", "w")]), (&b, [("x.js", "2"), ("y.js", "y")])]
        {
            for (file, text) in files {
                std::fs::create_dir_all(root.join(file).parent().unwrap()).unwrap();
                std::fs::write(root.join(file), text).unwrap();
            }
        }
        let differences = compare(&a, &b).unwrap();
        let same = compare(&b, &b).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(differences, ["wasm/m.wasm is missing", "x.js differs", "y.js is not built"]);
        assert!(same.is_empty(), "{same:?}");
    }
}
