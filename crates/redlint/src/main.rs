//! The `redlint` command line.

mod config;
mod discover;
mod human;
mod markdown;

/// The engine allocates a small value per token, finding and label; mimalloc makes that about
/// a third cheaper than the system allocator (measured in `cargo xtask bench`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::fmt::Write as _;
use std::io::{IsTerminal as _, Write as _};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use redlint_core::report::Format as CoreFormat;
use redlint_core::{RedisVersion, RuleLevel, Settings, Severity, rules};

#[derive(Parser)]
#[command(name = "redlint", version, about = "Policy checker for containerized Redis 7 deployments")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check redis.conf files (and, as they land, Compose, Dockerfile and Kubernetes files).
    Check(Box<CheckArgs>),
    /// List every rule.
    Rules {
        #[arg(long, value_enum, default_value_t = RulesFormat::Table)]
        format: RulesFormat,
    },
    /// Print a rule's documentation.
    Rule {
        /// The rule's name, e.g. `protected-mode-off-without-auth`.
        name: String,
        /// When to use colours and styles.
        #[arg(long, value_enum, default_value_t = Color::Auto)]
        color: Color,
    },
}

#[derive(Parser)]
struct CheckArgs {
    /// Files or directories to check; `-` reads stdin. Directories are walked respecting `.gitignore`.
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Write the report to this file instead of stdout.
    #[arg(long, short = 'o')]
    output: Option<PathBuf>,
    /// Exit with 1 when a finding at or above this severity remains.
    #[arg(long, value_enum, default_value_t = FailOn::Warning)]
    fail_on: FailOn,
    /// The file name to use for stdin (`-`): decides its kind and how it appears in the report.
    #[arg(long)]
    stdin_filename: Option<String>,
    /// Use this configuration file instead of looking for `redlint.toml` / `.redlint.toml`
    /// upwards from the checked paths.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    config: Option<PathBuf>,
    /// Use no configuration file.
    #[arg(long)]
    no_config: bool,
    /// Ignore suppression comments, Kubernetes annotations and Compose extension fields (an
    /// audit); `[[ignore]]` entries of the configuration file still apply.
    #[arg(long)]
    no_inline_ignores: bool,
    /// Report only findings that are not in this baseline file.
    #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
    baseline: Option<PathBuf>,
    /// Record the current findings in this baseline file (and exit 0).
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,
    /// Run only these rules (comma-separated names).
    #[arg(long, value_delimiter = ',')]
    select: Vec<String>,
    /// Turn these rules off (comma-separated names).
    #[arg(long, value_delimiter = ',')]
    ignore: Vec<String>,
    /// Change a rule's severity: `RULE=error|warning|info|off` (repeatable).
    #[arg(long = "severity", value_name = "RULE=LEVEL")]
    severities: Vec<String>,
    /// The Redis version the configuration is for (default: the configuration file's, or 7.4).
    #[arg(long, value_parser = parse_version)]
    redis_version: Option<RedisVersion>,
    /// Worker threads for reading and parsing (default: one per core).
    #[arg(long, short = 'j')]
    threads: Option<usize>,
    /// When to use colours in human output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
    /// Files larger than this many MiB are not read (a finding of `input-limit-exceeded`;
    /// default 32, or `max-file-size` of the configuration file).
    #[arg(long, value_name = "MIB", value_parser = clap::value_parser!(u64).range(1..=4096))]
    max_file_size: Option<u64>,
    /// Check at most this many files; the rest, by path, are not read (a finding of
    /// `input-limit-exceeded`; default 10000, or `max-files` of the configuration file).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
    max_files: Option<u64>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// Rich diagnostics with source snippets.
    Human,
    /// One finding per line: `file:line:col: severity [rule] message`.
    Concise,
    /// The JSON report (version 1).
    Json,
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// JUnit XML.
    Junit,
    /// GitLab code quality JSON.
    Gitlab,
    /// A Markdown summary (for `$GITHUB_STEP_SUMMARY`).
    Markdown,
}

#[derive(Clone, Copy, ValueEnum)]
enum RulesFormat {
    Table,
    Json,
    Markdown,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Color {
    Auto,
    Always,
    Never,
}

fn parse_version(text: &str) -> Result<RedisVersion, String> {
    RedisVersion::parse(text)
        .ok_or_else(|| format!("`{text}` is not a Redis version redlint models (7.0, 7.2, 7.4)"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // A bug of redlint (a panic, also in a worker thread) exits 2 like its other failures,
    // never 101: exit codes 0 and 1 keep meaning "checked".
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match cli.command {
        Command::Check(args) => check(*args),
        Command::Rules { format } => {
            print_rules(format);
            Ok(ExitCode::SUCCESS)
        }
        Command::Rule { name, color } => print_rule(&name, color).map(|()| ExitCode::SUCCESS),
    }))
    .unwrap_or_else(|_| {
        Err("internal error: this is a bug in redlint; please report it with the input that caused it"
            .to_owned())
    });
    result.unwrap_or_else(|message| {
        // Configuration problems arrive rendered, with their snippets.
        if message.starts_with("redlint: ") {
            let _ = write!(std::io::stderr(), "{message}");
        } else {
            let _ = writeln!(std::io::stderr(), "redlint: error: {message}");
        }
        ExitCode::from(2)
    })
}

fn use_color(color: Color, to_terminal: bool) -> bool {
    match color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => to_terminal && std::env::var_os("NO_COLOR").is_none(),
    }
}

fn settings(args: &CheckArgs) -> Result<Settings, String> {
    let known = |name: &str| {
        if rules::meta(name).is_some() {
            Ok(name.to_owned())
        } else {
            Err(format!("unknown rule `{name}` (see `redlint rules`)"))
        }
    };
    // The core has no clock: suppressions with an `until` date expire against today.
    let today = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()
        .map(|elapsed| redlint_core::suppress::Date::from_unix_days((elapsed.as_secs() / 86_400) as i64));
    let mut settings = Settings { today, ..Settings::default() };
    if !args.no_config {
        let file = match &args.config {
            Some(file) => Some(file.clone()),
            None => config::find(&args.paths)?,
        };
        if let Some(file) = file {
            config::load(&file, &mut settings, use_color(args.color, std::io::stderr().is_terminal()))?;
        }
    }
    if let Some(version) = args.redis_version {
        settings.redis_version = version;
    }
    if args.no_inline_ignores {
        settings.no_inline_ignores = true;
    }
    if let Some(mib) = args.max_file_size {
        settings.options.max_file_size_mib = mib;
    }
    if let Some(files) = args.max_files {
        settings.options.max_files = usize::try_from(files).unwrap_or(usize::MAX);
    }
    if let Some(path) = &args.baseline {
        let text = std::fs::read_to_string(path)
            .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
        settings.baseline = Some(
            redlint_core::Baseline::parse(&text).map_err(|error| format!("{}: {error}", path.display()))?,
        );
    }
    if !args.select.is_empty() {
        settings.select = Some(args.select.iter().map(|name| known(name)).collect::<Result<_, _>>()?);
    }
    for name in &args.ignore {
        settings.levels.insert(known(name)?, RuleLevel::Off);
    }
    for entry in &args.severities {
        let (name, level) =
            entry.split_once('=').ok_or_else(|| format!("`--severity {entry}`: expected RULE=LEVEL"))?;
        let level = match level {
            "off" => RuleLevel::Off,
            other => RuleLevel::On(
                Severity::parse(other)
                    .ok_or_else(|| format!("`{other}` is not error, warning, info or off"))?,
            ),
        };
        settings.levels.insert(known(name)?, level);
    }
    Ok(settings)
}

fn check(args: CheckArgs) -> Result<ExitCode, String> {
    let settings = settings(&args)?;
    let found = discover::discover(&args.paths, args.stdin_filename.as_deref(), &settings, args.threads)?;
    for skipped in &found.skipped {
        let _ = writeln!(std::io::stderr(), "redlint: skipped {skipped}");
    }
    let report = redlint_core::check_prepared(found.files, &found.provider, &settings);
    let mut out: Box<dyn std::io::Write> = match &args.output {
        Some(path) => Box::new(
            std::fs::File::create(path)
                .map_err(|error| format!("cannot write {}: {error}", path.display()))?,
        ),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut out = std::io::BufWriter::new(&mut out);
    let core_format = match args.format {
        Format::Human => None,
        Format::Concise => Some(CoreFormat::Concise),
        Format::Json => Some(CoreFormat::Json),
        Format::Sarif => Some(CoreFormat::Sarif),
        Format::Github => Some(CoreFormat::Github),
        Format::Junit => Some(CoreFormat::Junit),
        Format::Gitlab => Some(CoreFormat::Gitlab),
        Format::Markdown => Some(CoreFormat::Markdown),
    };
    let written = match core_format {
        Some(format) => report.write(format, redlint_core::VERSION, &mut out),
        None => {
            let color = use_color(args.color, args.output.is_none() && std::io::stdout().is_terminal());
            out.write_all(human::render(&report, color).as_bytes())
        }
    };
    // A closed pipe (`| head`) is not an error of ours; a file we cannot write is.
    match written.and_then(|()| out.flush()) {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => {
            return Err(format!("cannot write the report: {error}"));
        }
        _ => {}
    }
    if let Some(path) = &args.write_baseline {
        std::fs::write(path, redlint_core::Baseline::render(&report))
            .map_err(|error| format!("cannot write {}: {error}", path.display()))?;
        let _ = writeln!(
            std::io::stderr(),
            "redlint: recorded {} finding(s) in {}",
            report.diagnostics().len(),
            path.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(baseline) = &settings.baseline {
        let known = report
            .suppressed()
            .iter()
            .filter(|(_, suppression)| suppression.kind == redlint_core::suppress::SuppressionKind::Baseline)
            .count();
        if known < baseline.len() {
            let _ = writeln!(
                std::io::stderr(),
                "redlint: {} baseline entr(ies) matched no finding in this run (fixed, or not checked); `--write-baseline` records the current state",
                baseline.len() - known
            );
        }
    }
    let threshold = match args.fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Info => Some(Severity::Info),
        FailOn::Never => None,
    };
    let failed = threshold.is_some_and(|threshold| report.max_severity().is_some_and(|max| max >= threshold));
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn print_rules(format: RulesFormat) {
    let mut out = String::new();
    match format {
        RulesFormat::Json => out = rules::catalogue::json() + "\n",
        RulesFormat::Markdown => out = rules::catalogue::markdown_table(""),
        RulesFormat::Table => {
            let width = rules::all().map(|meta| meta.name.len()).max().unwrap_or(0);
            for meta in rules::all() {
                let _ = writeln!(
                    out,
                    "{:<width$}  {:<11}  {:<7}  {}",
                    meta.name,
                    meta.category.as_str(),
                    meta.severity.as_str(),
                    meta.summary
                );
            }
        }
    }
    let _ = std::io::stdout().lock().write_all(out.as_bytes());
}

fn print_rule(name: &str, color: Color) -> Result<(), String> {
    let meta = rules::meta(name).ok_or_else(|| format!("unknown rule `{name}` (see `redlint rules`)"))?;
    let header = format!(
        "{}  ({} · default severity {} · applies to {})",
        meta.name,
        meta.category,
        meta.severity,
        meta.applies_to.join(", ")
    );
    let body = meta.body();
    let body = body.strip_prefix(&format!("# {}\n", meta.name)).unwrap_or(body).trim_start();
    let color = use_color(color, std::io::stdout().is_terminal());
    let _ = std::io::stdout().lock().write_all(markdown::render(&header, body, color).as_bytes());
    Ok(())
}
