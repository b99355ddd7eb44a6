//! `cargo xtask web`: build the playground into `web/dist/` (git-ignored), a static folder
//! that needs no server-side code:
//!
//! - `index.html` with the import map and the Content-Security-Policy filled in;
//! - `src/` as written (plain ES modules, no bundler);
//! - `vendor/`: the CodeMirror and Lezer ES modules copied from `node_modules/` (with their
//!   licences), one file per package, mapped by the import map;
//! - `pkg/`: the `--target web` build of `redlint_wasm` (see `cargo xtask wasm`);
//! - `rules.json`: every rule with its page, from the action's module (`rules()`): the
//!   playground's module leaves the documentation out to stay small;
//! - `examples.json`: every folder under `web/examples/`, read as text.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::util::workspace_root;

const USAGE: &str = "\
usage: cargo xtask web [--no-wasm]

Builds the playground into web/dist/: runs `cargo xtask wasm` (unless --no-wasm, which
reuses the last build), copies web/index.html and web/src/, the CodeMirror modules from
node_modules/ and the examples. Serve it with `node web/tests/serve.mjs`.
";

/// Bare specifiers of the import map → the ES module file inside `node_modules/<package>/`.
/// Every module the playground (or a module it imports) names must be here.
const MODULES: &[(&str, &str, &str)] = &[
    // (specifier, package, file in the package)
    ("codemirror", "codemirror", "dist/index.js"),
    ("@codemirror/autocomplete", "@codemirror/autocomplete", "dist/index.js"),
    ("@codemirror/commands", "@codemirror/commands", "dist/index.js"),
    ("@codemirror/lang-yaml", "@codemirror/lang-yaml", "dist/index.js"),
    ("@codemirror/language", "@codemirror/language", "dist/index.js"),
    ("@codemirror/legacy-modes/mode/dockerfile", "@codemirror/legacy-modes", "mode/dockerfile.js"),
    ("@codemirror/legacy-modes/mode/toml", "@codemirror/legacy-modes", "mode/toml.js"),
    ("@codemirror/lint", "@codemirror/lint", "dist/index.js"),
    ("@codemirror/search", "@codemirror/search", "dist/index.js"),
    ("@codemirror/state", "@codemirror/state", "dist/index.js"),
    ("@codemirror/streamparser", "@codemirror/streamparser", "dist/index.js"),
    ("@codemirror/view", "@codemirror/view", "dist/index.js"),
    ("@lezer/common", "@lezer/common", "dist/index.js"),
    ("@lezer/highlight", "@lezer/highlight", "dist/index.js"),
    ("@lezer/lr", "@lezer/lr", "dist/index.js"),
    ("@lezer/yaml", "@lezer/yaml", "dist/index.js"),
    ("@marijn/find-cluster-break", "@marijn/find-cluster-break", "src/index.js"),
    ("crelt", "crelt", "index.js"),
    ("style-mod", "style-mod", "src/style-mod.js"),
    ("w3c-keyname", "w3c-keyname", "index.js"),
];

/// Files a vendored module imports by relative path.
const EXTRA_FILES: &[(&str, &str)] = &[("@codemirror/legacy-modes", "mode/simple-mode.js")];

pub(crate) fn run_task(args: &[String]) -> Result<(), String> {
    let mut build_wasm = true;
    for arg in args {
        match arg.as_str() {
            "--no-wasm" => build_wasm = false,
            "--help" | "-h" => {
                print!("{USAGE}");
                return Ok(());
            }
            other => return Err(format!("unexpected argument `{other}`\n\n{USAGE}")),
        }
    }
    build(build_wasm).map(|dist| println!("web: built {}", dist.display()))
}

/// Build `web/dist/` and return its path.
pub(crate) fn build(build_wasm: bool) -> Result<PathBuf, String> {
    let root = workspace_root();
    let web = root.join("web");
    let dist = web.join("dist");
    let (pkg, nodejs) = if build_wasm {
        let output = crate::wasm::build()?;
        (output.web, output.nodejs)
    } else {
        let wasm = crate::util::target_dir(&root)?.join("wasm");
        (wasm.join("web"), wasm.join("nodejs"))
    };
    for dir in [&pkg, &nodejs] {
        if !dir.join("redlint_wasm_bg.wasm").exists() {
            return Err(format!("{} has no WASM build: run `cargo xtask wasm`", dir.display()));
        }
    }
    if dist.exists() {
        std::fs::remove_dir_all(&dist)
            .map_err(|error| format!("cannot clear {}: {error}", dist.display()))?;
    }
    copy_dir(&web.join("src"), &dist.join("src"))?;
    copy_dir(&pkg, &dist.join("pkg"))?;
    let node_modules = root.join("node_modules");
    let mut import_map = String::from("{\"imports\": {");
    for (index, (specifier, package, file)) in MODULES.iter().enumerate() {
        let from = node_modules.join(package);
        if !from.join(file).exists() {
            return Err(format!("node_modules/{package}/{file} is missing: run `npm ci`"));
        }
        copy_file(&from.join(file), &dist.join("vendor").join(package).join(file))?;
        for licence in ["LICENSE", "LICENSE.md", "LICENSE.txt"] {
            if from.join(licence).exists() {
                copy_file(&from.join(licence), &dist.join("vendor").join(package).join(licence))?;
            }
        }
        let separator = if index == 0 { "" } else { "," };
        let _ = write!(import_map, "{separator}\n  \"{specifier}\": \"./vendor/{package}/{file}\"");
    }
    import_map.push_str("\n}}");
    for (package, file) in EXTRA_FILES {
        copy_file(&node_modules.join(package).join(file), &dist.join("vendor").join(package).join(file))?;
    }
    let index = read(&web.join("index.html"))?;
    let import_map_hash = sha256_base64(&import_map)?;
    let index =
        fill(&index, "<!-- import map -->", &format!("<script type=\"importmap\">{import_map}</script>"))?;
    let index = fill(&index, "IMPORT_MAP_HASH", &import_map_hash)?;
    write(&dist.join("index.html"), &index)?;
    write(&dist.join("examples.json"), &examples_json(&web.join("examples"))?)?;
    write(&dist.join("rules.json"), &rules_json(&nodejs)?)?;
    Ok(dist)
}

/// `rules()` of the action's module: the same JSON as `redlint rules --format json`.
fn rules_json(nodejs: &Path) -> Result<String, String> {
    let output = Command::new("node")
        .arg("-e")
        .arg("process.stdout.write(require(process.argv[1]).rules())")
        .arg(nodejs.join("redlint_wasm.js"))
        .stderr(Stdio::inherit())
        .output()
        .map_err(|error| format!("cannot run node: {error}"))?;
    if !output.status.success() {
        return Err(format!("listing the rules with the action's module failed ({})", output.status));
    }
    String::from_utf8(output.stdout).map_err(|_| "rules() returned invalid UTF-8".to_owned())
}

fn fill(text: &str, placeholder: &str, value: &str) -> Result<String, String> {
    if text.matches(placeholder).count() != 1 {
        return Err(format!("web/index.html must contain `{placeholder}` exactly once"));
    }
    Ok(text.replace(placeholder, value))
}

/// `[{"name", "files": [{"path", "content"}]}]`, examples and files sorted by name.
fn examples_json(dir: &Path) -> Result<String, String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map_err(|error| format!("cannot read {}: {error}", dir.display()))?
        .filter_map(Result::ok)
        .filter(|entry| entry.path().is_dir())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut out = String::from("[");
    for (index, name) in names.iter().enumerate() {
        let mut files = Vec::new();
        collect_files(&dir.join(name), &dir.join(name), &mut files)?;
        files.sort();
        if files.is_empty() {
            return Err(format!("web/examples/{name} has no files"));
        }
        let _ = write!(
            out,
            "{}\n{{\"name\": {}, \"files\": [",
            if index == 0 { "" } else { "," },
            json_string(name)
        );
        for (file_index, (path, content)) in files.iter().enumerate() {
            let _ = write!(
                out,
                "{}\n  {{\"path\": {}, \"content\": {}}}",
                if file_index == 0 { "" } else { "," },
                json_string(path),
                json_string(content)
            );
        }
        out.push_str("]}");
    }
    out.push_str("\n]\n");
    Ok(out)
}

fn collect_files(base: &Path, dir: &Path, out: &mut Vec<(String, String)>) -> Result<(), String> {
    for entry in std::fs::read_dir(dir).map_err(|error| format!("cannot read {}: {error}", dir.display()))? {
        let path = entry.map_err(|error| error.to_string())?.path();
        if path.is_dir() {
            collect_files(base, &path, out)?;
        } else {
            let relative = path.strip_prefix(base).expect("inside base").to_string_lossy().replace('\\', "/");
            out.push((relative, read(&path)?));
        }
    }
    Ok(())
}

fn json_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            // `<` too, so the text could never close a <script> if inlined.
            c if (c as u32) < 0x20 || c == '<' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The CSP source hash of an inline script: base64 of its SHA-256 (computed by `sha256sum`).
fn sha256_base64(text: &str) -> Result<String, String> {
    use std::io::Write as _;
    let mut child = Command::new("sha256sum")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|error| format!("cannot run sha256sum: {error}"))?;
    child.stdin.take().expect("piped").write_all(text.as_bytes()).map_err(|error| error.to_string())?;
    let output = child.wait_with_output().map_err(|error| error.to_string())?;
    let hex = String::from_utf8_lossy(&output.stdout);
    let hex = hex.split_whitespace().next().unwrap_or("");
    if !output.status.success() || hex.len() != 64 {
        return Err(format!("sha256sum failed ({})", output.status));
    }
    let bytes: Vec<u8> = (0..32)
        .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16))
        .collect::<Result<_, _>>()
        .map_err(|error| format!("sha256sum printed `{hex}`: {error}"))?;
    Ok(base64(&bytes))
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, &byte)| n | u32::from(byte) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    for entry in
        std::fs::read_dir(from).map_err(|error| format!("cannot read {}: {error}", from.display()))?
    {
        let path = entry.map_err(|error| error.to_string())?.path();
        let target = to.join(path.file_name().expect("an entry has a name"));
        if path.is_dir() {
            copy_dir(&path, &target)?;
        } else {
            copy_file(&path, &target)?;
        }
    }
    Ok(())
}

fn copy_file(from: &Path, to: &Path) -> Result<(), String> {
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|error| format!("cannot create {}: {error}", parent.display()))?;
    }
    std::fs::copy(from, to).map(|_| ()).map_err(|error| format!("cannot copy {}: {error}", from.display()))
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|error| format!("cannot read {}: {error}", path.display()))
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|error| format!("cannot write {}: {error}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_pads() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64(&[0xff, 0xfe, 0x00, 0x01]), "//4AAQ==");
    }

    #[test]
    fn json_strings_escape() {
        assert_eq!(json_string("a\"b\\c\nd\u{1}</script>é"), "\"a\\\"b\\\\c\\nd\\u0001\\u003c/script>é\"");
    }
}
