//! `cargo xtask wasm`: build `redlint_wasm` for `wasm32-unknown-unknown` without wasm-pack:
//! cargo (profile `release-wasm`), then the pinned `wasm-bindgen` for `--target web` (the
//! playground) and `--target nodejs` (the GitHub Action), then `wasm-opt -Oz` from npm's
//! `binaryen` (never Debian's: its version 108 produces modules that fail to instantiate).
//!
//! Output: `<target>/wasm/web/` and `<target>/wasm/nodejs/`, each `redlint_wasm.js`,
//! `redlint_wasm_bg.wasm` and their `.d.ts`. The gzipped size of the optimized module is
//! printed, written to `<target>/wasm/size.json`, and checked against [`BUDGET_GZIP`].

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::util::{cargo, run, target_dir, workspace_root};

/// The `wasm-bindgen` version `crates/redlint_wasm/Cargo.toml` pins (`=0.2.130`).
pub(crate) const WASM_BINDGEN_VERSION: &str = "0.2.130";

/// The largest optimized module, gzipped with `gzip -9`, that the build accepts.
const BUDGET_GZIP: u64 = 350_000;

const USAGE: &str = "\
usage: cargo xtask wasm

Builds crates/redlint_wasm for wasm32-unknown-unknown (profile release-wasm), runs
wasm-bindgen (--target web and --target nodejs) and wasm-opt -Oz (npm binaryen) into
<target>/wasm/{web,nodejs}/, and reports the gzipped module size.
";

/// Where the build put its outputs.
pub(crate) struct WasmOutput {
    /// `--target web`: `redlint_wasm.js` + `redlint_wasm_bg.wasm`, for the playground.
    pub(crate) web: PathBuf,
    /// `--target nodejs`: CommonJS glue + module, for the action.
    pub(crate) nodejs: PathBuf,
}

pub(crate) fn run_task(args: &[String]) -> Result<(), String> {
    if let Some(arg) = args.first() {
        if arg == "--help" || arg == "-h" {
            print!("{USAGE}");
            return Ok(());
        }
        return Err(format!("unexpected argument `{arg}`\n\n{USAGE}"));
    }
    build().map(|_| ())
}

pub(crate) fn build() -> Result<WasmOutput, String> {
    let root = workspace_root();
    check_wasm_bindgen()?;
    let wasm_opt = root.join("node_modules").join(".bin").join("wasm-opt");
    if !wasm_opt.exists() {
        return Err("node_modules/.bin/wasm-opt is missing: run `npm ci` (or `cargo xtask setup`)".to_owned());
    }
    println!("wasm: cargo build -p redlint_wasm --profile release-wasm --target wasm32-unknown-unknown");
    run(cargo().args([
        "build",
        "-p",
        "redlint_wasm",
        "--profile",
        "release-wasm",
        "--target",
        "wasm32-unknown-unknown",
        "--locked",
    ]))?;
    let target = target_dir(&root)?;
    let module = target.join("wasm32-unknown-unknown").join("release-wasm").join("redlint_wasm.wasm");
    let out = target.join("wasm");
    let output = WasmOutput { web: out.join("web"), nodejs: out.join("nodejs") };
    for (kind, dir) in [("web", &output.web), ("nodejs", &output.nodejs)] {
        if dir.exists() {
            std::fs::remove_dir_all(dir)
                .map_err(|error| format!("cannot clear {}: {error}", dir.display()))?;
        }
        run(Command::new("wasm-bindgen").args(["--target", kind, "--out-dir"]).arg(dir).arg(&module))?;
        let bg = dir.join("redlint_wasm_bg.wasm");
        run(Command::new(&wasm_opt).arg("-Oz").arg(&bg).arg("-o").arg(&bg))?;
    }
    smoke_test(&output.nodejs)?;
    let raw = file_size(&output.web.join("redlint_wasm_bg.wasm"))?;
    let gzipped = gzip_size(&output.web.join("redlint_wasm_bg.wasm"))?;
    println!(
        "wasm: redlint_wasm_bg.wasm {raw} bytes, {gzipped} bytes gzipped (gzip -9; budget {BUDGET_GZIP})"
    );
    std::fs::write(out.join("size.json"), format!("{{\"bytes\":{raw},\"gzip_bytes\":{gzipped}}}\n"))
        .map_err(|error| format!("cannot write size.json: {error}"))?;
    if gzipped > BUDGET_GZIP {
        return Err(format!(
            "the optimized module is {gzipped} bytes gzipped, over the budget of {BUDGET_GZIP}: find what grew \
             (compare builds with and without the suspect dependency or feature)"
        ));
    }
    Ok(output)
}

/// The pinned CLI, or a clear error (installing takes minutes: `cargo xtask setup` does it).
fn check_wasm_bindgen() -> Result<(), String> {
    let found = installed_wasm_bindgen();
    if found.as_deref() == Some(WASM_BINDGEN_VERSION) {
        return Ok(());
    }
    Err(format!(
        "wasm-bindgen {WASM_BINDGEN_VERSION} is required (found {}): run `cargo xtask setup`, or \
         `cargo install wasm-bindgen-cli --version {WASM_BINDGEN_VERSION}`",
        found.as_deref().unwrap_or("none")
    ))
}

/// The version `wasm-bindgen --version` prints, if it runs.
pub(crate) fn installed_wasm_bindgen() -> Option<String> {
    let output = Command::new("wasm-bindgen").arg("--version").stderr(Stdio::null()).output().ok()?;
    let text = String::from_utf8_lossy(&output.stdout);
    text.split_whitespace().nth(1).map(str::to_owned)
}

/// Load the optimized module in Node and call it: a broken `wasm-opt` output fails here, at
/// build time, rather than in a browser.
fn smoke_test(nodejs: &Path) -> Result<(), String> {
    let glue = nodejs.join("redlint_wasm.js");
    let script = "const m = require(process.argv[1]);\
        const r = JSON.parse(m.check(JSON.stringify([{path: 'redis.conf', content: 'protected-mode no\\n'}])));\
        if (!r.diagnostics.some(d => d.rule === 'protected-mode-off-without-auth')) throw new Error('no finding');\
        console.log('wasm: the optimized module loads in Node (redlint ' + m.version() + ')');";
    run(Command::new("node").arg("-e").arg(script).arg(&glue))
}

fn file_size(path: &Path) -> Result<u64, String> {
    std::fs::metadata(path).map(|meta| meta.len()).map_err(|error| format!("{}: {error}", path.display()))
}

/// Bytes of `gzip -9 -c FILE`.
pub(crate) fn gzip_size(path: &Path) -> Result<u64, String> {
    let output = Command::new("gzip")
        .args(["-9", "-c"])
        .arg(path)
        .stderr(Stdio::inherit())
        .output()
        .map_err(|error| format!("cannot run gzip: {error}"))?;
    if !output.status.success() {
        return Err(format!("gzip -9 {} failed ({})", path.display(), output.status));
    }
    Ok(output.stdout.len() as u64)
}
