//! `cargo xtask bench-web`: measure what the playground costs (the gzipped WASM module and
//! the re-check of a 1,000-line file in headless Chromium) and write the "WASM module and
//! playground" section of `benches/README.md`, which `cargo xtask bench` keeps as it is.
//!
//! The numbers come from the same code CI runs: `cargo xtask web` writes
//! `<target>/wasm/size.json`, and the browser test "re-checking a 1,000-line file is fast"
//! writes `<target>/web-test/recheck.json`.

use std::fmt::Write as _;
use std::process::Command;

use crate::bench::Machine;
use crate::util::{self, run, target_dir, workspace_root};

const HEADING: &str = "## WASM module and playground";

const USAGE: &str = "\
usage: cargo xtask bench-web [--no-readme]

Builds the playground (`cargo xtask web`), runs the browser test that times the re-check
of a 1,000-line redis.conf, and rewrites the \"WASM module and playground\" section of
benches/README.md (--no-readme: print it only).
";

/// The section of an existing README from its heading on, or "" when it has none.
pub(crate) fn kept_section(readme: &str) -> &str {
    section_start(readme).map_or("", |start| &readme[start..])
}

fn section_start(readme: &str) -> Option<usize> {
    if readme.starts_with(HEADING) {
        return Some(0);
    }
    readme.find(&format!("\n{HEADING}\n")).map(|at| at + 1)
}

pub(crate) fn run_task(args: &[String]) -> Result<(), String> {
    let mut readme = true;
    for arg in args {
        match arg.as_str() {
            "--no-readme" => readme = false,
            "--help" | "-h" => {
                print!("{USAGE}");
                return Ok(());
            }
            other => return Err(format!("unexpected argument `{other}`\n\n{USAGE}")),
        }
    }
    let root = workspace_root();
    let dist = crate::web::build(true)?;
    let target = target_dir(&root)?;
    let artifacts = target.join("web-test");
    run(Command::new("node")
        .args(["--test", "--test-name-pattern=1,000-line", "web/tests/playground.test.mjs"])
        .current_dir(&root)
        .env("REDLINT_WEB_DIST", &dist)
        .env("REDLINT_TEST_ARTIFACTS", &artifacts))?;
    let size = read(&target.join("wasm").join("size.json"))?;
    let recheck = read(&artifacts.join("recheck.json"))?;
    let machine = Machine::read(&root);
    let number = |json: &str, key: &str| -> Result<f64, String> {
        util::json_number(json, key).ok_or_else(|| format!("no `{key}` in the measurement: {json}"))
    };
    let browser = crate::util::json_string_field(&recheck, "browser").unwrap_or_else(|| "unknown".to_owned());
    let mut section = String::new();
    let _ = write!(
        section,
        "{HEADING}\n\n\
         Written by `cargo xtask bench-web` (crates/xtask/src/bench_web.rs); `cargo xtask bench`\n\
         keeps this section as it is.\n\n\
         - **Module**: `redlint_wasm_bg.wasm` after `wasm-opt -Oz` (npm `binaryen`), {} bytes,\n  \
         **{} bytes gzipped** (`gzip -9`). `cargo xtask wasm` fails above 350,000 bytes gzipped.\n\
         - **Re-check of a 1,000-line redis.conf** ({} bytes, {} findings) in headless Chromium {} on\n  \
         127.0.0.1, timed inside the page with `performance.now()`. Each of the {} runs is what typing\n  \
         does: an edit at the top of the file (so every finding moves and nothing is skipped), a frame,\n  \
         then the re-check the debounce would run.\n  \
         - the WASM `check` call (files as JSON in, report as JSON out): median **{:.2} ms**;\n  \
         - the whole re-check (classify, check, parse, underlines and gutter markers, problems panel):\n    \
         median **{:.2} ms**, slowest {:.2} ms. Aim: under 16 ms (one frame).\n\
         - Machine: {} ({} logical cores), {}; {}; commit {}; {}.\n",
        number(&size, "bytes")?,
        number(&size, "gzip_bytes")?,
        number(&recheck, "bytes")?,
        number(&recheck, "findings")?,
        browser,
        number(&recheck, "runs")?,
        number(&recheck, "wasm_median_ms")?,
        number(&recheck, "total_median_ms")?,
        number(&recheck, "total_max_ms")?,
        machine.cpu,
        machine.cores,
        machine.memory,
        machine.rustc,
        machine.commit,
        machine.date,
    );
    print!("\n{section}");
    if readme {
        let path = root.join("benches").join("README.md");
        let existing = read(&path)?;
        let before = &existing[..section_start(&existing).unwrap_or(existing.len())];
        let text = format!("{}\n\n{section}", before.trim_end());
        std::fs::write(&path, text).map_err(|error| format!("cannot write {}: {error}", path.display()))?;
        eprintln!("bench-web: wrote {}", path.display());
    }
    Ok(())
}

fn read(path: &std::path::Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|error| format!("cannot read {}: {error}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_kept_section() {
        let readme = "# Benchmarks\n\ntext\n\n## WASM module and playground\n\n- numbers\n";
        assert_eq!(kept_section(readme), "## WASM module and playground\n\n- numbers\n");
        assert_eq!(kept_section("# Benchmarks\n\nno section\n"), "");
        assert_eq!(kept_section("text mentioning ## WASM module and playground inline\n"), "");
    }
}
