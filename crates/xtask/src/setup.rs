//! `cargo xtask setup`: install what a fresh machine lacks, idempotently. Each step checks
//! first and does nothing when the tool is already there, so `cargo xtask ci` can run it
//! every time.

use std::process::Command;

use crate::util::{run, succeeds};

pub(crate) fn run_setup() -> Result<(), String> {
    wasm_target()?;
    redis_server()?;
    Ok(())
}

fn wasm_target() -> Result<(), String> {
    let installed = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .is_ok_and(|output| String::from_utf8_lossy(&output.stdout).contains("wasm32-unknown-unknown"));
    if installed {
        return Ok(());
    }
    println!("setup: adding the wasm32-unknown-unknown target");
    run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
}

/// Debian's `redis-server` (7.0.x on bookworm), for the differential test.
fn redis_server() -> Result<(), String> {
    if succeeds(Command::new("redis-server").arg("--version")) {
        return Ok(());
    }
    println!("setup: installing redis-server");
    apt_install(&["redis-server"])
}

/// `apt-get install`, through `sudo` when not root (GitHub runners).
pub(crate) fn apt_install(packages: &[&str]) -> Result<(), String> {
    let root = Command::new("id").arg("-u").output().is_ok_and(|output| output.stdout.trim_ascii() == b"0");
    let sudo: &[&str] = if root { &[] } else { &["sudo"] };
    if !root && !succeeds(Command::new("sudo").args(["-n", "true"])) {
        return Err(format!(
            "{} missing: install it (e.g. `sudo apt-get install {}`)",
            packages.join(", "),
            packages.join(" ")
        ));
    }
    let apt = |args: &[&str]| {
        let mut command = Command::new(sudo.first().copied().unwrap_or("apt-get"));
        if !sudo.is_empty() {
            command.arg("apt-get");
        }
        command.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        command
    };
    run(&mut apt(&["update", "-qq"]))?;
    let mut install = apt(&["install", "-y", "-qq", "--no-install-recommends"]);
    install.args(packages);
    run(&mut install)
}
