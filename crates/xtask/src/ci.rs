//! `cargo xtask ci`: everything CI checks, in the order that fails fastest. The README's test
//! command; `.ci/run` calls it on a fresh machine.

use crate::util::{cargo, run};

pub(crate) fn run_ci() -> Result<(), String> {
    step("setup", crate::setup::run_setup)?;
    step("format", || run(cargo().args(["fmt", "--all", "--", "--check"])))?;
    step("clippy", || {
        run(cargo().args(["clippy", "--workspace", "--all-targets", "--locked", "--", "-D", "warnings"]))
    })?;
    step("clippy (wasm32)", || {
        run(cargo().args([
            "clippy",
            "-p",
            "redlint_core",
            "--target",
            "wasm32-unknown-unknown",
            "--locked",
            "--",
            "-D",
            "warnings",
        ]))
    })?;
    step("tests", || run(cargo().args(["test", "--workspace", "--locked"]).env("INSTA_UPDATE", "no")))?;
    println!("ci: all checks passed");
    Ok(())
}

fn step(name: &str, action: impl FnOnce() -> Result<(), String>) -> Result<(), String> {
    println!("\n==> {name}");
    let started = std::time::Instant::now();
    action().map_err(|error| format!("{name}: {error}"))?;
    println!("==> {name}: ok ({:.1} s)", started.elapsed().as_secs_f64());
    Ok(())
}
