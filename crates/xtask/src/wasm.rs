//! `cargo xtask wasm`: build `redlint_wasm` for `wasm32-unknown-unknown` without wasm-pack:
//! cargo (profile `release-wasm`), then the pinned `wasm-bindgen`, then `wasm-opt -Oz` from
//! npm's `binaryen` (never Debian's: its version 108 produces modules that fail to
//! instantiate). Two modules:
//!
//! - `<target>/wasm/web/` (`--target web`), the playground's: default features, without the
//!   action's exports, the rules' documentation (the playground loads `rules.json`) or the
//!   CI report formats. Budget [`BUDGET_GZIP`]: it is what a visitor downloads first.
//! - `<target>/wasm/nodejs/` (`--target nodejs`), the action's: `--features action` adds
//!   `checkProject` and the other exports, the rule pages and every report format. Budget
//!   [`BUDGET_GZIP_ACTION`].
//!
//! Each holds `redlint_wasm.js`, `redlint_wasm_bg.wasm` and their `.d.ts`. The gzipped sizes
//! are printed and written to `<target>/wasm/size.json`; both modules are loaded in Node.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::util::{cargo, run, target_dir, workspace_root};

/// The `wasm-bindgen` version `crates/redlint_wasm/Cargo.toml` pins (`=0.2.130`).
pub(crate) const WASM_BINDGEN_VERSION: &str = "0.2.130";

/// The largest optimized playground module, gzipped with `gzip -9`, that the build accepts:
/// browsers download it. 350 KiB; the module is about 354,500 bytes since the input limits,
/// the masking of every password line and the indexes that keep checks linear.
const BUDGET_GZIP: u64 = 350 * 1024;

/// The same for the action's module, which has the action's exports (SARIF, annotations,
/// the Markdown summary, the project check) and the rule pages on top. It is read from
/// disk, not downloaded, so its budget is looser (about 30 KB of it is the rule pages, which
/// SARIF carries as each rule's help); it still has one, so growth is seen.
const BUDGET_GZIP_ACTION: u64 = 450_000;

const USAGE: &str = "\
usage: cargo xtask wasm

Builds crates/redlint_wasm for wasm32-unknown-unknown (profile release-wasm) twice — for
the playground, and with the `action` feature for the GitHub Action — runs wasm-bindgen
(--target web and --target nodejs) and wasm-opt -Oz (npm binaryen) into
<target>/wasm/{web,nodejs}/, and reports the gzipped module sizes.
";

/// Where the build put its outputs.
pub(crate) struct WasmOutput {
    /// `--target web`, default features: `redlint_wasm.js` + `redlint_wasm_bg.wasm`, for
    /// the playground.
    pub(crate) web: PathBuf,
    /// `--target nodejs`, `--features action`: CommonJS glue + module, for the action.
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
    let target = target_dir(&root)?;
    let module = target.join("wasm32-unknown-unknown").join("release-wasm").join("redlint_wasm.wasm");
    let out = target.join("wasm");
    let output = WasmOutput { web: out.join("web"), nodejs: out.join("nodejs") };
    // One cargo build per module: the playground's without the action's exports, the
    // action's with them (`--features action`). Each is bound as soon as it is built: both
    // builds write the same file.
    for (kind, dir, features) in [("web", &output.web, None), ("nodejs", &output.nodejs, Some("action"))] {
        let mut build = cargo();
        build.args([
            "build",
            "-p",
            "redlint_wasm",
            "--profile",
            "release-wasm",
            "--target",
            "wasm32-unknown-unknown",
            "--locked",
        ]);
        if let Some(features) = features {
            build.args(["--features", features]);
        }
        println!("wasm: {build:?}");
        run(build
            .env("CARGO_ENCODED_RUSTFLAGS", reproducible_rustflags(&root, &target))
            .env_remove("RUSTFLAGS"))?;
        if dir.exists() {
            std::fs::remove_dir_all(dir)
                .map_err(|error| format!("cannot clear {}: {error}", dir.display()))?;
        }
        run(Command::new("wasm-bindgen").args(["--target", kind, "--out-dir"]).arg(dir).arg(&module))?;
        let bg = dir.join("redlint_wasm_bg.wasm");
        run(Command::new(&wasm_opt).arg("-Oz").arg(&bg).arg("-o").arg(&bg))?;
    }
    smoke_test(&output)?;
    let raw = file_size(&output.web.join("redlint_wasm_bg.wasm"))?;
    let gzipped = gzip_size(&output.web.join("redlint_wasm_bg.wasm"))?;
    println!(
        "wasm: web/redlint_wasm_bg.wasm {raw} bytes, {gzipped} bytes gzipped (gzip -9; budget {BUDGET_GZIP})"
    );
    let action_raw = file_size(&output.nodejs.join("redlint_wasm_bg.wasm"))?;
    let action_gzipped = gzip_size(&output.nodejs.join("redlint_wasm_bg.wasm"))?;
    println!(
        "wasm: nodejs/redlint_wasm_bg.wasm (the action's) {action_raw} bytes, {action_gzipped} bytes gzipped \
         (budget {BUDGET_GZIP_ACTION})"
    );
    std::fs::write(
        out.join("size.json"),
        format!(
            "{{\"bytes\":{raw},\"gzip_bytes\":{gzipped},\"action_bytes\":{action_raw},\"action_gzip_bytes\":{action_gzipped}}}\n"
        ),
    )
    .map_err(|error| format!("cannot write size.json: {error}"))?;
    for (name, size, budget) in
        [("playground's", gzipped, BUDGET_GZIP), ("action's", action_gzipped, BUDGET_GZIP_ACTION)]
    {
        if size > budget {
            return Err(format!(
                "the {name} optimized module is {size} bytes gzipped, over the budget of {budget}: find what \
                 grew (compare builds with and without the suspect dependency or feature)"
            ));
        }
    }
    Ok(output)
}

/// Rust flags for a module that is the same on every machine: panic locations name source
/// files, and those of dependencies and generated code are absolute paths under the cargo
/// home (`/home/me/.cargo/registry/src/…`) and the target directory; they become `/cargo/…`
/// and `target/…` (workspace files are already relative). The module is committed in
/// `action/dist/` and must not depend on who built it, or where (`cargo xtask action
/// --check`). `RUSTFLAGS` from the environment are kept.
fn reproducible_rustflags(root: &Path, target: &Path) -> String {
    let cargo_home = std::env::var_os("CARGO_HOME").map(PathBuf::from).or_else(|| {
        std::env::var_os(if cfg!(windows) { "USERPROFILE" } else { "HOME" })
            .map(|home| PathBuf::from(home).join(".cargo"))
    });
    let mut flags: Vec<String> =
        std::env::var("RUSTFLAGS").unwrap_or_default().split_whitespace().map(str::to_owned).collect();
    if let Some(home) = cargo_home {
        flags.push(format!("--remap-path-prefix={}=/cargo", home.display()));
    }
    // When several prefixes match, rustc applies the last: the target directory may be
    // inside the workspace.
    flags.push(format!("--remap-path-prefix={}=", root.display()));
    flags.push(format!("--remap-path-prefix={}=target", target.display()));
    flags.join("\x1f")
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

/// Load both optimized modules in Node and call them: a broken `wasm-opt` output fails here,
/// at build time, rather than in a browser or a workflow run.
fn smoke_test(output: &WasmOutput) -> Result<(), String> {
    const CHECK: &str = "const check = m => {\
          const r = JSON.parse(m.check(JSON.stringify([{path: 'redis.conf', content: 'protected-mode no\\n'}])));\
          if (!r.diagnostics.some(d => d.rule === 'protected-mode-off-without-auth')) throw new Error('no finding');\
        };";
    let nodejs = format!(
        "{CHECK} const m = require(process.argv[1]); check(m);\
         const p = JSON.parse(m.checkProject(JSON.stringify({{files: [{{path: 'redis.conf', content: 'daemonize yes\\n'}}], sarif: true}})));\
         if (!p.report.diagnostics.some(d => d.rule === 'daemonize-enabled') || !p.sarif) throw new Error('checkProject');\
         if (!JSON.parse(m.rules()).every(rule => rule.page.length > 0)) throw new Error('a rule without its page');\
         console.log('wasm: the action module loads in Node (redlint ' + m.version() + ')');"
    );
    run(Command::new("node").arg("-e").arg(nodejs).arg(output.nodejs.join("redlint_wasm.js")))?;
    let web = format!(
        "{CHECK} const url = require('url'); const fs = require('fs');\
         import(url.pathToFileURL(process.argv[1]).href).then(m => {{\
           m.initSync({{module: fs.readFileSync(process.argv[2])}}); check(m);\
           if (typeof m.rules !== 'undefined') throw new Error('the playground module carries the rule pages');\
           console.log('wasm: the playground module loads in Node');\
         }}).catch(error => {{ console.error(error); process.exit(1); }});"
    );
    // The glue is an ES module in a folder without a package.json: Node guesses right, but
    // says so.
    run(Command::new("node")
        .arg("--disable-warning=MODULE_TYPELESS_PACKAGE_JSON")
        .arg("-e")
        .arg(web)
        .arg(output.web.join("redlint_wasm.js"))
        .arg(output.web.join("redlint_wasm_bg.wasm")))
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
