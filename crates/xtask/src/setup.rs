//! `cargo xtask setup`: install what a fresh machine lacks, idempotently. Each step checks
//! first and does nothing when the tool is already there, so `cargo xtask ci` can run it
//! every time.

use std::process::Command;

use crate::util::{run, succeeds};

pub(crate) fn run_setup() -> Result<(), String> {
    wasm_target()?;
    wasm_bindgen_cli()?;
    redis_server()?;
    chromium()?;
    npm_ci()?;
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

/// The `wasm-bindgen` CLI at exactly the version the crate pins (about 6 minutes to build).
/// Without `--locked`: the CLI's own lockfile names a crate version the registry may lack.
fn wasm_bindgen_cli() -> Result<(), String> {
    let wanted = crate::wasm::WASM_BINDGEN_VERSION;
    if crate::wasm::installed_wasm_bindgen().as_deref() == Some(wanted) {
        return Ok(());
    }
    println!("setup: installing wasm-bindgen-cli {wanted} (takes a few minutes)");
    run(crate::util::cargo().args(["install", "wasm-bindgen-cli", "--version", wanted]))
}

/// Debian's `chromium`, which the browser tests drive headless through playwright-core.
/// `CHROMIUM=/path/to/chrome` names another Chromium-based browser instead (the tests read it
/// too), for machines whose `chromium` package is not a real one (Ubuntu's is a snap stub).
fn chromium() -> Result<(), String> {
    if let Some(path) = std::env::var_os("CHROMIUM") {
        return if std::path::Path::new(&path).exists() {
            Ok(())
        } else {
            Err(format!("CHROMIUM={} does not exist", path.to_string_lossy()))
        };
    }
    if std::path::Path::new("/usr/bin/chromium").exists() {
        return Ok(());
    }
    println!("setup: installing chromium");
    apt_install(&["chromium"])
}

/// Node and the npm packages of `package-lock.json` (wasm-opt, CodeMirror, playwright-core).
fn npm_ci() -> Result<(), String> {
    if !succeeds(Command::new("npm").arg("--version")) {
        println!("setup: installing nodejs and npm");
        apt_install(&["nodejs", "npm"])?;
    }
    // Always: `npm ci` installs exactly package-lock.json in a few seconds.
    println!("setup: npm ci");
    run(Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(crate::util::workspace_root()))
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
