//! `cargo xtask ci`: everything CI checks, in the order that fails fastest. The README's test
//! command; `.ci/run` calls it on a fresh machine.

use std::process::Command;

use crate::util::{cargo, run, target_dir, workspace_root};

pub(crate) fn run_ci() -> Result<(), String> {
    step("setup", crate::setup::run_setup)?;
    step("format", || run(cargo().args(["fmt", "--all", "--", "--check"])))?;
    step("clippy", || {
        run(cargo().args(["clippy", "--workspace", "--all-targets", "--locked", "--", "-D", "warnings"]))
    })?;
    // The core and the bindings as the playground ships them, and the bindings' tests with
    // and without the action's exports (they only exist on wasm32; the core's tests need the
    // file system).
    step("clippy (wasm32)", || clippy_wasm32(&["-p", "redlint_core", "-p", "redlint_wasm"]))?;
    step("clippy (wasm32 tests)", || clippy_wasm32(&["-p", "redlint_wasm", "--all-targets"]))?;
    step("clippy (wasm32, the action's module)", || {
        clippy_wasm32(&["-p", "redlint_wasm", "--features", "action", "--all-targets"])
    })?;
    step("tests", || run(cargo().args(["test", "--workspace", "--locked"]).env("INSTA_UPDATE", "no")))?;
    // The bindings' native unit tests of the action's exports (the workspace builds them
    // without the feature).
    step("tests (the action's exports)", || {
        run(cargo().args(["test", "-p", "redlint_wasm", "--features", "action", "--lib", "--locked"]))
    })?;
    // The JavaScript-facing API compiled to wasm32 and run in Node, as the action's module
    // (a superset of the playground's: it adds `rules()`). No `-q`: cargo would forward it
    // to the runner, which rejects it.
    step("wasm API tests (Node)", || {
        run(cargo()
            .args(["test", "-p", "redlint_wasm", "--features", "action"])
            .args(["--target", "wasm32-unknown-unknown", "--locked"])
            .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER", "wasm-bindgen-test-runner"))
    })?;
    step("wasm build and playground", || crate::web::build(true).map(|_| ()))?;
    // The action is checked before the browser tests: it needs only Node.
    step("action dist is fresh", || crate::action::check(false))?;
    step("action tests (Node)", || {
        let root = workspace_root();
        let tests = root.join("action").join("test");
        let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(&tests)
            .map_err(|error| format!("cannot read {}: {error}", tests.display()))?
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| path.to_string_lossy().ends_with(".test.js"))
            .collect();
        files.sort();
        // The files by name: `node --test DIR` changed meaning between Node versions.
        run(Command::new("node").arg("--test").args(&files).current_dir(&root))
    })?;
    step("browser tests", || {
        let root = workspace_root();
        run(Command::new("node")
            .args(["--test", "web/tests/playground.test.mjs"])
            .current_dir(&root)
            .env("REDLINT_WEB_DIST", root.join("web").join("dist"))
            .env("REDLINT_TEST_ARTIFACTS", target_dir(&root)?.join("web-test")))
    })?;
    println!("ci: all checks passed");
    Ok(())
}

fn clippy_wasm32(selection: &[&str]) -> Result<(), String> {
    run(cargo().arg("clippy").args(selection).args([
        "--target",
        "wasm32-unknown-unknown",
        "--locked",
        "--",
        "-D",
        "warnings",
    ]))
}

fn step(name: &str, action: impl FnOnce() -> Result<(), String>) -> Result<(), String> {
    println!("\n==> {name}");
    let started = std::time::Instant::now();
    action().map_err(|error| format!("{name}: {error}"))?;
    println!("==> {name}: ok ({:.1} s)", started.elapsed().as_secs_f64());
    Ok(())
}
