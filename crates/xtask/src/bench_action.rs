//! `cargo xtask bench-action`: the GitHub Action's wall time over the corpus
//! (`../shared/corpus`), run as the runner runs it — `node action/dist/index.js` with the
//! `GITHUB_*`, `RUNNER_TEMP` and `INPUT_*` variables of a simulated runner — and the "GitHub
//! Action" section of `benches/README.md`, which `cargo xtask bench` keeps as it is.

use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::bench::{Machine, command_output};
use crate::util::{target_dir, workspace_root};

pub(crate) const HEADING: &str = "## GitHub Action";

const USAGE: &str = "\
usage: cargo xtask bench-action [--runs N] [--no-readme]

Runs the committed action (action/dist/index.js; `cargo xtask action` rebuilds it) over
../shared/corpus with a simulated runner: one untimed warm-up, then N timed runs (default
11), each timed from spawn to exit. Rewrites the \"GitHub Action\" section of
benches/README.md (--no-readme: print it only).
";

pub(crate) fn run_task(args: &[String]) -> Result<(), String> {
    let (mut runs, mut readme) = (11_usize, true);
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--runs" => {
                runs = args
                    .next()
                    .and_then(|value| value.parse().ok())
                    .filter(|&runs| runs > 0)
                    .ok_or("--runs needs a positive number")?;
            }
            "--no-readme" => readme = false,
            "--help" | "-h" => {
                print!("{USAGE}");
                return Ok(());
            }
            other => return Err(format!("unexpected argument `{other}`\n\n{USAGE}")),
        }
    }
    let root = workspace_root();
    let corpus = root.join("..").join("shared").join("corpus");
    let corpus = corpus
        .canonicalize()
        .map_err(|error| format!("{}: {error} (the corpus is test data CI provides)", corpus.display()))?;
    let entry = root.join("action").join("dist").join("index.js");
    if !entry.exists() {
        return Err("action/dist/index.js is missing: run `cargo xtask action`".to_owned());
    }
    let scratch = target_dir(&root)?.join("bench-action");
    std::fs::create_dir_all(&scratch)
        .map_err(|error| format!("cannot create {}: {error}", scratch.display()))?;

    // The machine is shared: the load says how much the numbers can be trusted.
    let load_before = crate::bench::read_loadavg();
    let mut step = Vec::with_capacity(runs);
    let mut inside = Vec::with_capacity(runs);
    let mut last = String::new();
    for run in 0..=runs {
        let (elapsed, stdout) = run_action(&entry, &corpus, &scratch)?;
        if run > 0 {
            step.push(elapsed);
            inside.push(own_clock(&stdout).ok_or("the action printed no `in N ms` line")?);
        }
        last = stdout;
    }
    let mut startup = Vec::with_capacity(runs);
    for _ in 0..=runs {
        let started = Instant::now();
        let status = Command::new("node")
            .args(["-e", ""])
            .status()
            .map_err(|error| format!("cannot run node: {error}"))?;
        if !status.success() {
            return Err(format!("node -e \"\" failed ({status})"));
        }
        startup.push(started.elapsed());
    }
    startup.remove(0);

    let outputs = std::fs::read_to_string(scratch.join("output")).unwrap_or_default();
    let output = |name: &str| last_output(&outputs, name).unwrap_or_else(|| "?".to_owned());
    let summary_line =
        last.lines().rev().find(|line| line.contains(" files checked (")).unwrap_or("").to_owned();
    let between = |from: &str, to: &str| {
        let start = summary_line.find(from).map(|at| at + from.len())?;
        let rest = &summary_line[start..];
        Some(rest[..rest.find(to)?].to_owned())
    };
    let checked =
        summary_line.split(": ").nth(2).and_then(|text| text.split(' ').next()).unwrap_or("?").to_owned();
    let read = between("files checked (", " read").unwrap_or_else(|| "?".to_owned());
    let discovery = between("read, ", " discovery").unwrap_or_else(|| "?".to_owned());
    let load_after = crate::bench::read_loadavg();
    let machine = Machine::read(&root);
    let node = command_output(Command::new("node").arg("--version"));
    let ms = |duration: Duration| duration.as_secs_f64() * 1000.0;
    let (step_median, step_min, step_max) = stats(&mut step);
    let (startup_median, _, _) = stats(&mut startup);
    let inside_median = {
        inside.sort_unstable();
        inside[inside.len() / 2]
    };

    let mut section = String::new();
    let _ = write!(
        section,
        "{HEADING}\n\n\
         Written by `cargo xtask bench-action` (crates/xtask/src/bench_action.rs); `cargo xtask bench`\n\
         keeps this section as it is.\n\n\
         - **Wall time over `../shared/corpus`**: median **{:.0} ms** (fastest {:.0} ms, slowest {:.0} ms) over\n  \
         {runs} runs of `node action/dist/index.js`, the whole step as the runner starts it: Node's\n  \
         start-up, loading the WASM module, discovery ({discovery}), reading {read} files, checking them\n  \
         ({checked} checked: {} errors, {} warnings, {} infos), the annotations, the SARIF file, the job\n  \
         summary and the outputs.\n  \
         - of which Node's own start-up (`node -e \"\"`): median {:.0} ms;\n  \
         - the action's own clock (from loading the module to its last line): median {inside_median} ms.\n\
         - How: a simulated runner — `GITHUB_WORKSPACE` is the corpus itself, read-only (the SARIF file\n  \
         goes to `RUNNER_TEMP`), `GITHUB_OUTPUT` and `GITHUB_STEP_SUMMARY` are files, the inputs are the\n  \
         defaults plus `sarif-file`; one untimed warm-up run, then each run timed from spawn to exit.\n\
         - Machine: {} ({} logical cores), {}; Node {node}; commit {}; {}; load average (1, 5, 15 min)\n  \
         {load_before} before, {load_after} after the runs.\n",
        ms(step_median),
        ms(step_min),
        ms(step_max),
        output("errors"),
        output("warnings"),
        output("infos"),
        ms(startup_median),
        machine.cpu,
        machine.cores,
        machine.memory,
        machine.commit,
        machine.date,
    );
    print!("\n{section}");
    if readme {
        let path = root.join("benches").join("README.md");
        let existing = std::fs::read_to_string(&path)
            .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
        let text = crate::bench_web::replace_section(&existing, HEADING, &section);
        std::fs::write(&path, text).map_err(|error| format!("cannot write {}: {error}", path.display()))?;
        eprintln!("bench-action: wrote {}", path.display());
    }
    Ok(())
}

/// One run of the action; its wall time and stdout. Exit status 1 (findings) is expected.
fn run_action(entry: &Path, corpus: &Path, scratch: &Path) -> Result<(Duration, String), String> {
    for file in ["output", "summary.md"] {
        std::fs::write(scratch.join(file), "").map_err(|error| format!("cannot write {file}: {error}"))?;
    }
    let started = Instant::now();
    let output = Command::new("node")
        .arg(entry)
        .current_dir(corpus)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", scratch)
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_WORKSPACE", corpus)
        .env("GITHUB_OUTPUT", scratch.join("output"))
        .env("GITHUB_STEP_SUMMARY", scratch.join("summary.md"))
        .env("GITHUB_EVENT_NAME", "push")
        .env("RUNNER_TEMP", scratch)
        .env("INPUT_SARIF-FILE", scratch.join("redlint.sarif"))
        .stdin(Stdio::null())
        .output()
        .map_err(|error| format!("cannot run node: {error}"))?;
    let elapsed = started.elapsed();
    if output.status.code() != Some(1) {
        return Err(format!(
            "the action exited with {} (1 expected: the corpus has findings): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok((elapsed, String::from_utf8_lossy(&output.stdout).into_owned()))
}

/// The milliseconds of the action's last line (`… in 180 ms`).
fn own_clock(stdout: &str) -> Option<u64> {
    let line = stdout.lines().rev().find(|line| line.ends_with(" ms") && line.contains(" in "))?;
    line.rsplit(" in ").next()?.trim_end_matches(" ms").parse().ok()
}

/// The last value of an output in `GITHUB_OUTPUT` (`name<<DELIMITER` form).
fn last_output(text: &str, name: &str) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    let at = lines.iter().rposition(|line| line.starts_with(&format!("{name}<<")))?;
    lines.get(at + 1).map(|value| (*value).to_owned())
}

/// Median, minimum and maximum.
fn stats(samples: &mut [Duration]) -> (Duration, Duration, Duration) {
    samples.sort_unstable();
    (samples[samples.len() / 2], samples[0], samples[samples.len() - 1])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_the_action_prints() {
        let stdout = "::group::x\nredlint: 0.1.0: 91 files checked (107 read, walk discovery), 1 errors, 2 warnings, 3 infos, 0 suppressed in 183 ms\nredlint: failing: findings at or above `fail-on: warning`\n";
        assert_eq!(own_clock(stdout), Some(183));
        let outputs =
            "errors<<ghadelimiter_1\n73\nghadelimiter_1\nwarnings<<ghadelimiter_2\n312\nghadelimiter_2\n";
        assert_eq!(last_output(outputs, "warnings").as_deref(), Some("312"));
        assert_eq!(last_output(outputs, "infos"), None);
        let mut samples = [3, 1, 2].map(Duration::from_millis);
        assert_eq!(
            stats(&mut samples),
            (Duration::from_millis(2), Duration::from_millis(1), Duration::from_millis(3))
        );
    }
}
