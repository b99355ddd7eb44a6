//! `cargo xtask <task>`: maintenance tasks for the redlint workspace.
//!
//! A plain dispatcher on `std::env::args()`; each task is one module and one match arm.

mod action;
mod bench;
mod bench_action;
mod bench_web;
mod ci;
mod codegen;
mod fuzz;
mod setup;
mod util;
mod wasm;
mod web;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <task> [options]

tasks:
  setup      install what this machine lacks for the tests (idempotent)
  ci         every check CI runs: setup, format, clippy (host and wasm32), tests,
             WASM API tests in Node, the playground build, the action's freshness
             and Node tests, and the playground's browser tests
  codegen    regenerate policies/README.md and policies/redlint.schema.json
             (`--check` fails when they are stale instead)
  wasm       build crates/redlint_wasm (wasm-bindgen --target web and nodejs, wasm-opt)
             into <target>/wasm/ and report the gzipped module size
  web        build the playground into web/dist/ (runs `wasm` first unless --no-wasm)
  action     build the GitHub Action into action/dist/ (`--check`: fail when it is stale)
  bench      build redlint in release mode, generate inputs and measure it
             (`cargo xtask bench --help` for its options)
  bench-web  measure the gzipped WASM module and the playground's re-check of a
             1,000-line file in Chromium; write that section of benches/README.md
  bench-action
             measure the GitHub Action's wall time over ../shared/corpus; write that
             section of benches/README.md
  fuzz       seed fuzz/corpus/ from the fixtures, policy pages and examples, then run
             the cargo-fuzz targets (needs nightly and cargo-fuzz):
             fuzz [TARGET...] [--time SECS (default 600)] [--no-seed]
";

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let task = args.next();
    let rest: Vec<String> = args.collect();
    let result = match task.as_deref() {
        Some("setup") => setup::run_setup(),
        Some("ci") => ci::run_ci(),
        Some("codegen") => codegen::run_codegen(&rest),
        Some("wasm") => wasm::run_task(&rest),
        Some("web") => web::run_task(&rest),
        Some("action") => action::run_task(&rest),
        Some("bench") => bench::run(rest),
        Some("bench-web") => bench_web::run_task(&rest),
        Some("bench-action") => bench_action::run_task(&rest),
        Some("fuzz") => fuzz::run_task(&rest),
        Some("help" | "-h" | "--help") => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Some(other) => {
            eprint!("xtask: unknown task `{other}`\n\n{USAGE}");
            return ExitCode::from(2);
        }
        None => {
            eprint!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: error: {message}");
            ExitCode::FAILURE
        }
    }
}
