//! `cargo xtask bench-web`: measure what the playground costs (the gzipped WASM module and
//! the re-check of a 1,000-line file in headless Chromium) and write the "WASM module and
//! playground" section of `benches/README.md`, which `cargo xtask bench` keeps as it is
//! (and so is the "GitHub Action" section of `cargo xtask bench-action`).
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

/// Sections of `benches/README.md` that other tasks write and `cargo xtask bench` keeps:
/// this one and `cargo xtask bench-action`'s.
const KEPT_HEADINGS: [&str; 2] = [HEADING, crate::bench_action::HEADING];

/// The kept sections of an existing README: from the first of their headings on, or "".
pub(crate) fn kept_section(readme: &str) -> &str {
    KEPT_HEADINGS
        .iter()
        .filter_map(|heading| section_start(readme, heading))
        .min()
        .map_or("", |start| &readme[start..])
}

fn section_start(readme: &str, heading: &str) -> Option<usize> {
    if readme.starts_with(heading) {
        return Some(0);
    }
    readme.find(&format!("\n{heading}\n")).map(|at| at + 1)
}

/// `readme` with the section under `heading` (up to the next `## ` heading) replaced by
/// `section`, or `section` appended when there is none; the other sections stay as they are.
pub(crate) fn replace_section(readme: &str, heading: &str, section: &str) -> String {
    let Some(start) = section_start(readme, heading) else {
        return format!("{}\n\n{section}", readme.trim_end());
    };
    let end = readme[start + heading.len()..]
        .find("\n## ")
        .map_or(readme.len(), |at| start + heading.len() + at + 1);
    let (before, after) = (readme[..start].trim_end(), &readme[end..]);
    if after.is_empty() {
        format!("{before}\n\n{section}")
    } else {
        format!("{before}\n\n{section}\n{after}")
    }
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
         **{} bytes gzipped** (`gzip -9`). `cargo xtask wasm` fails above 358,400 bytes (350 KiB) gzipped.\n\
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
        let text = replace_section(&read(&path)?, HEADING, &section);
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
        let both = "# B\n\n## GitHub Action\n\n- a\n\n## WASM module and playground\n\n- w\n";
        assert_eq!(kept_section(both), &both[5..]);
    }

    #[test]
    fn replaces_one_section_and_keeps_the_others() {
        let readme = "# B\n\nintro\n\n## WASM module and playground\n\n- old\n\n## GitHub Action\n\n- a\n";
        let wasm = "## WASM module and playground\n\n- new\n";
        assert_eq!(
            replace_section(readme, HEADING, wasm),
            "# B\n\nintro\n\n## WASM module and playground\n\n- new\n\n## GitHub Action\n\n- a\n"
        );
        let action = "## GitHub Action\n\n- b\n";
        assert_eq!(
            replace_section(readme, crate::bench_action::HEADING, action),
            "# B\n\nintro\n\n## WASM module and playground\n\n- old\n\n## GitHub Action\n\n- b\n"
        );
        assert_eq!(
            replace_section("# B\n", HEADING, wasm),
            "# B\n\n## WASM module and playground\n\n- new\n"
        );
    }
}
