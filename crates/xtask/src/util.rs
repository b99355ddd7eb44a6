//! Running commands from tasks.

use std::path::{Path, PathBuf};
use std::process::Command;

/// `cargo` from the environment cargo set for this process (the same toolchain).
pub(crate) fn cargo() -> Command {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command.current_dir(workspace_root());
    command
}

pub(crate) fn workspace_root() -> PathBuf {
    // crates/xtask → the workspace root, two levels up.
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.ancestors().nth(2).unwrap_or(manifest).to_path_buf()
}

/// Run to completion with inherited output; a non-zero exit is an error.
pub(crate) fn run(command: &mut Command) -> Result<(), String> {
    let status = command.status().map_err(|error| format!("cannot run {command:?}: {error}"))?;
    if status.success() { Ok(()) } else { Err(format!("{command:?} failed ({status})")) }
}

/// Does the command run and exit 0 (output discarded)?
pub(crate) fn succeeds(command: &mut Command) -> bool {
    command.output().is_ok_and(|output| output.status.success())
}
