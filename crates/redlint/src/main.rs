//! The `redlint` command line.

mod discover;
mod human;

/// The engine allocates a small value per token, finding and label; mimalloc makes that about
/// a third cheaper than the system allocator (measured in `cargo xtask bench`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::fmt::Write as _;
use std::io::{IsTerminal as _, Write as _};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
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
    Check(CheckArgs),
    /// List every rule.
    Rules {
        #[arg(long, value_enum, default_value_t = RulesFormat::Table)]
        format: RulesFormat,
    },
    /// Print a rule's documentation.
    Rule {
        /// The rule's name, e.g. `protected-mode-off-without-auth`.
        name: String,
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
    /// Run only these rules (comma-separated names).
    #[arg(long, value_delimiter = ',')]
    select: Vec<String>,
    /// Turn these rules off (comma-separated names).
    #[arg(long, value_delimiter = ',')]
    ignore: Vec<String>,
    /// Change a rule's severity: `RULE=error|warning|info|off` (repeatable).
    #[arg(long = "severity", value_name = "RULE=LEVEL")]
    severities: Vec<String>,
    /// The Redis version the configuration is for.
    #[arg(long, default_value = "7.4", value_parser = parse_version)]
    redis_version: RedisVersion,
    /// Worker threads for reading and parsing (default: one per core).
    #[arg(long, short = 'j')]
    threads: Option<usize>,
    /// When to use colours in human output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
    /// Files larger than this many MiB are not read (reported as unreadable).
    #[arg(long, default_value_t = 32, value_name = "MIB")]
    max_file_size: u64,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// Rich diagnostics with source snippets.
    Human,
    /// One finding per line: `file:line:col: severity [rule] message`.
    Concise,
    /// The JSON report (version 1).
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum RulesFormat {
    Table,
    Json,
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
    let result = match cli.command {
        Command::Check(args) => check(args),
        Command::Rules { format } => print_rules(format).map(|()| ExitCode::SUCCESS),
        Command::Rule { name } => print_rule(&name).map(|()| ExitCode::SUCCESS),
    };
    result.unwrap_or_else(|message| {
        let _ = writeln!(std::io::stderr(), "redlint: error: {message}");
        ExitCode::from(2)
    })
}

fn settings(args: &CheckArgs) -> Result<Settings, String> {
    let known = |name: &str| {
        if rules::meta(name).is_some() {
            Ok(name.to_owned())
        } else {
            Err(format!("unknown rule `{name}` (see `redlint rules`)"))
        }
    };
    let mut settings = Settings { redis_version: args.redis_version, ..Settings::default() };
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
    if let Some(threads) = args.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads.max(1))
            .build_global()
            .map_err(|error| error.to_string())?;
    }
    let found = discover::discover(
        &args.paths,
        args.stdin_filename.as_deref(),
        args.max_file_size.saturating_mul(1 << 20),
    )?;
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
    let written = match args.format {
        Format::Json => report
            .write_json(&mut out, redlint_core::VERSION, false, true)
            .map_err(std::io::Error::from)
            .and_then(|()| out.write_all(b"\n")),
        Format::Concise => out.write_all(report.to_concise().as_bytes()),
        Format::Human => {
            let color = match args.color {
                Color::Always => true,
                Color::Never => false,
                Color::Auto => {
                    args.output.is_none()
                        && std::io::stdout().is_terminal()
                        && std::env::var_os("NO_COLOR").is_none()
                }
            };
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
    let threshold = match args.fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Info => Some(Severity::Info),
        FailOn::Never => None,
    };
    let failed = threshold.is_some_and(|threshold| report.max_severity().is_some_and(|max| max >= threshold));
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn print_rules(format: RulesFormat) -> Result<(), String> {
    let mut out = String::new();
    match format {
        RulesFormat::Json => {
            let list: Vec<serde_json::Value> = rules::all()
                .map(|meta| {
                    serde_json::json!({
                        "name": meta.name,
                        "category": meta.category.as_str(),
                        "severity": meta.severity,
                        "summary": meta.summary,
                        "applies_to": meta.applies_to,
                        "since": meta.since,
                    })
                })
                .collect();
            out = serde_json::to_string_pretty(&list).map_err(|error| error.to_string())? + "\n";
        }
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
    Ok(())
}

fn print_rule(name: &str) -> Result<(), String> {
    let meta = rules::meta(name).ok_or_else(|| format!("unknown rule `{name}` (see `redlint rules`)"))?;
    let header = format!(
        "{}  ({} · default severity {} · applies to {})\n\n",
        meta.name,
        meta.category,
        meta.severity,
        meta.applies_to.join(", ")
    );
    let body = meta.body();
    let body = body.strip_prefix(&format!("# {}\n", meta.name)).unwrap_or(body).trim_start();
    let _ = std::io::stdout().lock().write_all((header + body).as_bytes());
    Ok(())
}
