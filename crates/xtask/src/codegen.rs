//! `cargo xtask codegen [--check]`: regenerate the files derived from the rule registry —
//! `policies/README.md` (the rule index) and `policies/redlint.schema.json` (the JSON Schema
//! of `redlint.toml`). The generators live in the core; its `generated` test compares the
//! files (that is the freshness check CI runs) and rewrites them when asked to.

use crate::util::{cargo, run};

pub(crate) fn run_codegen(args: &[String]) -> Result<(), String> {
    let check = match args {
        [] => false,
        [flag] if flag == "--check" => true,
        _ => return Err("usage: cargo xtask codegen [--check]".to_owned()),
    };
    let mut command = cargo();
    command.args(["test", "--quiet", "-p", "redlint_core", "--test", "generated"]);
    if !check {
        command.env("REDLINT_UPDATE_GENERATED", "1");
    }
    run(&mut command)?;
    println!("codegen: {}", if check { "generated files are fresh" } else { "generated files written" });
    Ok(())
}
