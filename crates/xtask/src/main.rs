//! `cargo xtask <task>`: maintenance tasks for the redlint workspace.
//!
//! A plain dispatcher on `std::env::args()`; each task is one module and one match arm.

mod bench;
mod ci;
mod codegen;
mod setup;
mod util;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <task> [options]

tasks:
  setup    install what this machine lacks for the tests (idempotent)
  ci       every check CI runs: setup, format, clippy (host and wasm32), tests
  codegen  regenerate policies/README.md and policies/redlint.schema.json
           (`--check` fails when they are stale instead)
  bench    build redlint in release mode, generate inputs and measure it
           (`cargo xtask bench --help` for its options)
";

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let task = args.next();
    let rest: Vec<String> = args.collect();
    let result = match task.as_deref() {
        Some("setup") => setup::run_setup(),
        Some("ci") => ci::run_ci(),
        Some("codegen") => codegen::run_codegen(&rest),
        Some("bench") => bench::run(rest),
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
