//! What a `RUN` does, read from its shell script with [`crate::shell`]: packages installed
//! and removed (`apk`, `apt-get`), Python packages installed and where they go (`pip`,
//! virtualenvs, `uv`, `pdm`, `poetry`), Node modules, Go and Rust builds and whether their
//! output is linked against the C library. Rules read these facts, never the script.

use super::expand::{Lookup, expand};
use crate::shell::{self, Word};
use crate::source::Span;

/// A package manager.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Manager {
    Apk,
    Apt,
}

/// A package name as written (after variable expansion), with where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Package {
    pub name: String,
    pub manager: Manager,
    pub span: Span,
    /// `apk add --virtual .build-deps …`: removed together by `apk del .build-deps`.
    pub group: Option<String>,
}

/// `apk add` / `apt-get install` / `apk del` / `apt-get purge`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PackageOp {
    pub manager: Manager,
    pub install: bool,
    pub packages: Vec<Package>,
    /// `apk add --no-cache` (or `--no-network`, which fetches nothing).
    pub no_cache: bool,
    /// The command (program to last argument).
    pub span: Span,
    pub program: Span,
    /// `add`, `install`, `del`, `purge` (the program for `install_packages`).
    pub action: Span,
}

/// `pip install` (or `pip wheel`, `pip download`, `uv pip install`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PipInstall {
    pub span: Span,
    /// Where the packages go (a directory in the image), when it can be told.
    pub destination: Option<String>,
    /// `pip wheel`/`pip download`: wheel files rather than installed packages.
    pub wheels: bool,
    /// `--platform` values, with their spans.
    pub platforms: Vec<(String, Span)>,
}

/// A compiled program or library the build leaves in the image.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Compiled {
    /// A file or a directory of outputs.
    pub path: String,
    /// Linked statically (`CGO_ENABLED=0`, a musl Rust target): runs on any libc.
    pub static_: bool,
    /// For messages: `go build`, `cargo build`.
    pub tool: &'static str,
    pub span: Span,
}

/// What the stage's environment says when the script runs.
pub struct Context<'a> {
    pub workdir: &'a str,
    /// Variables (ENV, ARG) of the stage.
    pub vars: &'a dyn Fn(&str) -> Lookup,
    /// The user the script runs as is root (`USER` unset or root).
    pub root: bool,
    /// A virtualenv whose `bin` is first on `PATH`, or `$VIRTUAL_ENV`.
    pub active_venv: Option<&'a str>,
    /// The site-packages directory of the stage's Python, when it has one.
    pub site_packages: Option<&'a str>,
}

/// Everything one `RUN` was found to do.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RunFacts {
    pub packages: Vec<PackageOp>,
    /// The script deletes apk's cache (`rm -rf /var/cache/apk/*`).
    pub clears_apk_cache: bool,
    pub pip: Vec<PipInstall>,
    /// Virtualenvs created (`python -m venv`, `virtualenv`, `uv venv`, `pdm`/`uv sync`).
    pub venvs: Vec<(String, Span)>,
    /// `node_modules` directories filled (`npm ci`, `yarn`, `pnpm install`).
    pub node_modules: Vec<(String, Span)>,
    pub compiled: Vec<Compiled>,
}

/// A script and how its byte ranges map to the file.
pub struct Script<'a> {
    pub text: &'a str,
    pub locate: &'a dyn Fn(usize, usize) -> Span,
}

/// Analyse a shell script.
pub fn analyze(script: &Script<'_>, context: &Context<'_>) -> RunFacts {
    let mut facts = RunFacts::default();
    let mut exported: Vec<(String, Lookup)> = Vec::new();
    walk(script, context, &mut facts, &mut exported, 0);
    facts
}

/// `apt-mark auto '.*'` then `apt-get purge --auto-remove` (the official images' idiom):
/// everything installed before, in the same script, is removed again.
fn apt_mark_auto_removal(facts: &mut RunFacts, span: Span, program: Span) {
    let installed: Vec<Package> = facts
        .packages
        .iter()
        .filter(|op| op.manager == Manager::Apt && op.install)
        .flat_map(|op| op.packages.iter().cloned())
        .collect();
    if !installed.is_empty() {
        facts.packages.push(PackageOp {
            manager: Manager::Apt,
            install: false,
            packages: installed,
            no_cache: true,
            span,
            program,
            action: program,
        });
    }
}

/// An argument after the variables the stage knows are substituted.
struct Argument {
    text: String,
    span: Span,
    /// Unquoted and made of one substitution: the shell splits its value into words.
    splits: bool,
    unresolved: bool,
}

const RESERVED: &[&str] = &[
    "if", "then", "else", "elif", "fi", "do", "done", "while", "until", "for", "{", "}", "(", ")", "!",
    "time",
];

fn walk(
    script: &Script<'_>,
    context: &Context<'_>,
    facts: &mut RunFacts,
    exported: &mut Vec<(String, Lookup)>,
    depth: usize,
) {
    if depth > 3 {
        return;
    }
    let mut marked_auto = false;
    let words = shell::split(script.text, shell::Mode::Script);
    for command in shell::commands(&words) {
        let mut start = 0;
        let mut inline: Vec<(String, Lookup)> = Vec::new();
        while let Some(word) = command.get(start) {
            if RESERVED.contains(&word.text.as_str()) && !word.quoted {
                start += 1;
            } else if let Some((name, value)) = assignment(&word.text) {
                let value = shell_value(value, &|name: &str| variable(name, &inline, exported, context));
                inline.push((name.to_owned(), value));
                start += 1;
            } else if matches!(word.text.as_str(), "sudo" | "exec" | "command" | "nohup") {
                start += 1;
            } else {
                break;
            }
        }
        let command = &command[start..];
        let Some(program_word) = command.first() else {
            // `VAR=value` alone sets a shell variable for the rest of the script.
            exported.extend(inline);
            continue;
        };
        let lookup = |name: &str| variable(name, &inline, exported, context);
        let args: Vec<Argument> = command[1..].iter().map(|word| argument(script, word, &lookup)).collect();
        let program = program_word.text.rsplit('/').next().unwrap_or(&program_word.text);
        let span =
            (script.locate)(program_word.start, command.last().map_or(program_word.end, |last| last.end));
        let program_span = (script.locate)(program_word.start, program_word.end);
        match program {
            "export" => {
                for arg in &args {
                    if let Some((name, value)) = assignment(&arg.text) {
                        let value =
                            if arg.unresolved { Lookup::Unknown } else { Lookup::Known(value.to_owned()) };
                        exported.push((name.to_owned(), value));
                    }
                }
            }
            "sh" | "bash" | "ash" | "dash" => {
                let script_index = command[1..]
                    .iter()
                    .position(|word| word.text.starts_with('-') && word.text.contains('c'))
                    .map(|index| index + 2);
                if let Some(inner) = script_index.and_then(|index| command.get(index)) {
                    // The inner script is located as a whole unless written verbatim.
                    let quoted_offset = usize::from(inner.quoted);
                    let verbatim = inner.end - inner.start == inner.text.len() + 2 * quoted_offset;
                    let base = inner.start + quoted_offset;
                    let whole = (script.locate)(inner.start, inner.end);
                    let locate = move |start: usize, end: usize| {
                        if verbatim { (script.locate)(base + start, base + end) } else { whole }
                    };
                    let nested = Script { text: &inner.text, locate: &locate };
                    walk(&nested, context, facts, exported, depth + 1);
                }
            }
            "apk" => apk(&args, span, program_span, facts),
            "apt-mark" if args.first().is_some_and(|arg| arg.text == "auto") => marked_auto = true,
            "apt-get" | "apt"
                if marked_auto
                    && (args.iter().any(|arg| arg.text == "autoremove" || arg.text == "--auto-remove")) =>
            {
                apt(program, &args, span, program_span, facts);
                apt_mark_auto_removal(facts, span, program_span);
            }
            "apt-get" | "apt" | "install_packages" | "apt-install" => {
                apt(program, &args, span, program_span, facts);
            }
            "rm" => {
                if args.iter().any(|arg| {
                    let path = arg.text.trim_end_matches('*').trim_end_matches('/');
                    path == "/var/cache/apk" || path == "/etc/apk/cache"
                }) {
                    facts.clears_apk_cache = true;
                }
            }
            "go" => go(&args, span, context, &lookup, facts),
            "cargo" => cargo(&args, span, context, &lookup, facts),
            "npm" | "yarn" | "pnpm" => node(program, &args, span, context, facts),
            "virtualenv" => {
                if let Some(dir) = positionals(&args, &["-p", "--python", "--prompt"]).first() {
                    facts.venvs.push((absolute(context.workdir, &dir.text), span));
                }
            }
            "uv" => uv(&args, span, context, facts),
            "pdm" if args.first().is_some_and(|arg| matches!(arg.text.as_str(), "install" | "sync")) => {
                facts.venvs.push((absolute(context.workdir, ".venv"), span));
            }
            "poetry" if args.first().is_some_and(|arg| arg.text == "install") => {
                let in_project = lookup("POETRY_VIRTUALENVS_IN_PROJECT");
                let create = lookup("POETRY_VIRTUALENVS_CREATE");
                if matches!(create, Lookup::Known(value) if is_false(&value)) {
                    if let Some(site) = context.site_packages {
                        facts.pip.push(PipInstall {
                            span,
                            destination: Some(site.to_owned()),
                            wheels: false,
                            platforms: Vec::new(),
                        });
                    }
                } else if matches!(in_project, Lookup::Known(value) if !is_false(&value)) {
                    facts.venvs.push((absolute(context.workdir, ".venv"), span));
                }
            }
            _ => {
                if let Some(pip_args) = pip_arguments(program, &args) {
                    let venv = venv_of_program(&program_word.text);
                    pip(pip_args, span, context, venv.as_deref(), facts);
                } else if is_python(program) {
                    // `python -m venv DIR`, `python -m virtualenv DIR`.
                    if let [flag, module, rest @ ..] = args.as_slice() {
                        if flag.text == "-m" && matches!(module.text.as_str(), "venv" | "virtualenv") {
                            if let Some(dir) = positionals(rest, &["--prompt", "-p", "--python"]).first() {
                                facts.venvs.push((absolute(context.workdir, &dir.text), span));
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A variable as the script sees it: set earlier in the script, else the stage's.
fn variable(
    name: &str,
    inline: &[(String, Lookup)],
    exported: &[(String, Lookup)],
    context: &Context<'_>,
) -> Lookup {
    match inline.iter().chain(exported).rev().find(|(key, _)| key == name) {
        Some((_, value)) => value.clone(),
        None => (context.vars)(name),
    }
}

/// The value of `NAME=value` in a script: a command substitution is only known when it runs.
fn shell_value(value: &str, lookup: &dyn Fn(&str) -> Lookup) -> Lookup {
    if value.contains("$(") || value.contains('`') {
        return Lookup::Unknown;
    }
    if !value.contains('$') {
        return Lookup::Known(value.to_owned());
    }
    let expanded = expand(value, '\\', lookup);
    if expanded.unresolved { Lookup::Unknown } else { Lookup::Known(expanded.value) }
}

fn is_false(value: &str) -> bool {
    matches!(value.to_ascii_lowercase().as_str(), "false" | "0" | "no")
}

fn assignment(word: &str) -> Option<(&str, &str)> {
    let (name, value) = word.split_once('=')?;
    let valid = name.bytes().next().is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    valid.then_some((name, value))
}

fn argument(script: &Script<'_>, word: &Word, lookup: &dyn Fn(&str) -> Lookup) -> Argument {
    let span = (script.locate)(word.start, word.end);
    if !word.expands() {
        return Argument { text: word.text.clone(), span, splits: false, unresolved: false };
    }
    let expanded = expand(&word.text, '\\', lookup);
    Argument { text: expanded.value, span, splits: !word.quoted, unresolved: expanded.unresolved }
}

/// Arguments that are not options, skipping the values of options that take one.
fn positionals<'a>(args: &'a [Argument], valued: &[&str]) -> Vec<&'a Argument> {
    let mut out = Vec::new();
    let mut skip = false;
    for arg in args {
        if skip {
            skip = false;
            continue;
        }
        if arg.text.starts_with('-') && arg.text.len() > 1 {
            skip = valued.contains(&arg.text.as_str());
            continue;
        }
        out.push(arg);
    }
    out
}

/// Option values: `--name value` or `--name=value`.
fn option_values<'a>(args: &'a [Argument], names: &[&str]) -> Vec<(&'a str, Span)> {
    let mut out = Vec::new();
    for (index, arg) in args.iter().enumerate() {
        for name in names {
            if arg.text == *name {
                if let Some(value) = args.get(index + 1) {
                    out.push((value.text.as_str(), value.span));
                }
            } else if let Some(value) = arg.text.strip_prefix(name).and_then(|rest| rest.strip_prefix('=')) {
                out.push((value, arg.span));
            }
        }
    }
    out
}

fn has_flag(args: &[Argument], names: &[&str]) -> bool {
    args.iter().any(|arg| names.contains(&arg.text.as_str()))
}

/// The words an argument stands for: a known unquoted substitution splits on whitespace.
fn package_words(arg: &Argument) -> Vec<String> {
    if arg.unresolved {
        return Vec::new();
    }
    if arg.splits { arg.text.split_whitespace().map(str::to_owned).collect() } else { vec![arg.text.clone()] }
}

/// The package name without a version constraint (`redis=7.2.4-r0`, `redis>=7`).
fn package_name(text: &str) -> &str {
    text.split(['=', '<', '>', '~']).next().unwrap_or(text)
}

fn apk(args: &[Argument], span: Span, program: Span, facts: &mut RunFacts) {
    let Some(index) = args.iter().position(|arg| !arg.text.starts_with('-')) else { return };
    let install = match args[index].text.as_str() {
        "add" => true,
        "del" => false,
        _ => return,
    };
    let rest = &args[index + 1..];
    const VALUED: &[&str] = &[
        "-t",
        "--virtual",
        "-X",
        "--repository",
        "-p",
        "--root",
        "--arch",
        "--cache-dir",
        "--keys-dir",
        "--repositories-file",
        "--wait",
        "--timeout",
    ];
    let group = option_values(rest, &["--virtual", "-t"]).first().map(|(value, _)| (*value).to_owned());
    let no_cache = has_flag(args, &["--no-cache", "--no-network"]);
    let mut packages = Vec::new();
    for arg in positionals(rest, VALUED) {
        for word in package_words(arg) {
            let name = package_name(&word).to_owned();
            if !name.is_empty() {
                packages.push(Package { name, manager: Manager::Apk, span: arg.span, group: group.clone() });
            }
        }
    }
    let action = args[index].span;
    facts.packages.push(PackageOp {
        manager: Manager::Apk,
        install,
        packages,
        no_cache,
        span,
        program,
        action,
    });
}

fn apt(program_name: &str, args: &[Argument], span: Span, program: Span, facts: &mut RunFacts) {
    const VALUED: &[&str] = &["-o", "-t", "--target-release", "-c", "--config-file"];
    let (install, rest, action) = if program_name == "install_packages" || program_name == "apt-install" {
        (true, args, program)
    } else {
        let positional = positionals(args, VALUED);
        let Some(action) = positional.first() else { return };
        let index = args.iter().position(|arg| std::ptr::eq(arg, *action)).unwrap_or(0);
        match action.text.as_str() {
            "install" => (true, &args[index + 1..], action.span),
            "purge" | "remove" => (false, &args[index + 1..], action.span),
            _ => return,
        }
    };
    let mut packages = Vec::new();
    for arg in positionals(rest, VALUED) {
        for word in package_words(arg) {
            let name = package_name(&word).to_owned();
            if !name.is_empty() {
                packages.push(Package { name, manager: Manager::Apt, span: arg.span, group: None });
            }
        }
    }
    facts.packages.push(PackageOp {
        manager: Manager::Apt,
        install,
        packages,
        no_cache: true,
        span,
        program,
        action,
    });
}

fn is_python(program: &str) -> bool {
    program == "python"
        || program.strip_prefix("python").is_some_and(|version| {
            !version.is_empty() && version.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        })
}

fn is_pip(program: &str) -> bool {
    program == "pip"
        || program.strip_prefix("pip").is_some_and(|version| {
            !version.is_empty() && version.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        })
}

/// The arguments after `pip` for `pip …`, `python -m pip …`.
fn pip_arguments<'a>(program: &str, args: &'a [Argument]) -> Option<&'a [Argument]> {
    if is_pip(program) {
        return Some(args);
    }
    if is_python(program) {
        let module = args.iter().position(|arg| arg.text == "-m")?;
        if args.get(module + 1).is_some_and(|arg| arg.text == "pip") {
            return Some(&args[module + 2..]);
        }
    }
    None
}

/// `/opt/venv/bin/pip` → `/opt/venv`.
fn venv_of_program(written: &str) -> Option<String> {
    let (dir, _) = written.rsplit_once('/')?;
    let venv = dir.strip_suffix("/bin")?;
    (venv.starts_with('/') && !matches!(venv, "/usr" | "/usr/local" | "")).then(|| venv.to_owned())
}

fn pip(args: &[Argument], span: Span, context: &Context<'_>, venv: Option<&str>, facts: &mut RunFacts) {
    let Some(subcommand) = args.iter().find(|arg| !arg.text.starts_with('-')) else { return };
    let wheels = match subcommand.text.as_str() {
        "install" => false,
        "wheel" | "download" => true,
        _ => return,
    };
    let platforms: Vec<(String, Span)> = option_values(args, &["--platform"])
        .into_iter()
        .map(|(value, span)| (value.to_owned(), span))
        .collect();
    let destination = if wheels {
        let names: &[&str] =
            if subcommand.text == "wheel" { &["-w", "--wheel-dir"] } else { &["-d", "--dest"] };
        Some(
            option_values(args, names)
                .first()
                .map_or_else(|| context.workdir.to_owned(), |(dir, _)| absolute(context.workdir, dir)),
        )
    } else if let Some((dir, _)) = option_values(args, &["-t", "--target", "--prefix"]).first() {
        Some(absolute(context.workdir, dir))
    } else if has_flag(args, &["--user"]) {
        match (context.vars)("HOME") {
            Lookup::Known(home) => Some(format!("{}/.local", home.trim_end_matches('/'))),
            _ if context.root => Some("/root/.local".to_owned()),
            _ => None,
        }
    } else {
        venv.or(context.active_venv).or(context.site_packages).map(str::to_owned)
    };
    facts.pip.push(PipInstall { span, destination, wheels, platforms });
}

fn uv(args: &[Argument], span: Span, context: &Context<'_>, facts: &mut RunFacts) {
    match args.first().map(|arg| arg.text.as_str()) {
        Some("venv") => {
            let dir = positionals(&args[1..], &["-p", "--python", "--prompt"])
                .first()
                .map_or(".venv".to_owned(), |dir| dir.text.clone());
            facts.venvs.push((absolute(context.workdir, &dir), span));
        }
        Some("sync") => facts.venvs.push((absolute(context.workdir, ".venv"), span)),
        Some("pip") => {
            let rest = &args[1..];
            let destination = if let Some((dir, _)) =
                option_values(rest, &["-t", "--target", "--prefix"]).first()
            {
                Some(absolute(context.workdir, dir))
            } else if has_flag(rest, &["--system"]) {
                context.site_packages.map(str::to_owned)
            } else {
                context.active_venv.map(str::to_owned).or_else(|| Some(absolute(context.workdir, ".venv")))
            };
            if rest.first().is_some_and(|arg| arg.text == "install") {
                let platforms = option_values(rest, &["--python-platform"])
                    .into_iter()
                    .map(|(value, span)| (value.to_owned(), span))
                    .collect();
                facts.pip.push(PipInstall { span, destination, wheels: false, platforms });
            }
        }
        _ => {}
    }
}

fn node(program: &str, args: &[Argument], span: Span, context: &Context<'_>, facts: &mut RunFacts) {
    let action = args.iter().find(|arg| !arg.text.starts_with('-')).map(|arg| arg.text.as_str());
    let global = has_flag(args, &["-g", "--global"]) || (program == "yarn" && action == Some("global"));
    let installs = match program {
        "npm" => matches!(action, Some("ci" | "install" | "i" | "add" | "rebuild")),
        "yarn" => matches!(action, None | Some("install" | "add" | "global")),
        _ => matches!(action, Some("install" | "i" | "add")),
    };
    if !installs {
        return;
    }
    let dir = if global {
        "/usr/local/lib/node_modules".to_owned()
    } else {
        absolute(context.workdir, "node_modules")
    };
    facts.node_modules.push((dir, span));
}

fn go(
    args: &[Argument],
    span: Span,
    context: &Context<'_>,
    lookup: &dyn Fn(&str) -> Lookup,
    facts: &mut RunFacts,
) {
    let Some(action) = args.first() else { return };
    let cgo_off = matches!(lookup("CGO_ENABLED"), Lookup::Known(value) if value == "0");
    let static_flags = option_values(args, &["-ldflags"])
        .iter()
        .any(|(flags, _)| flags.contains("-extldflags") && flags.contains("-static"));
    let static_ = cgo_off || static_flags;
    match action.text.as_str() {
        "build" => {
            if let Some((output, _)) = option_values(args, &["-o"]).first() {
                let path = absolute(context.workdir, output);
                facts.compiled.push(Compiled { path, static_, tool: "go build", span });
            }
        }
        "install" => {
            let bin = match lookup("GOBIN") {
                Lookup::Known(dir) if !dir.is_empty() => dir,
                _ => match lookup("GOPATH") {
                    Lookup::Known(dir) if !dir.is_empty() => format!("{dir}/bin"),
                    _ => "/go/bin".to_owned(),
                },
            };
            facts.compiled.push(Compiled { path: bin, static_, tool: "go install", span });
        }
        _ => {}
    }
}

fn cargo(
    args: &[Argument],
    span: Span,
    context: &Context<'_>,
    lookup: &dyn Fn(&str) -> Lookup,
    facts: &mut RunFacts,
) {
    let Some(action) = args.first() else { return };
    let target =
        option_values(args, &["--target"]).first().map(|(target, _)| (*target).to_owned()).or_else(|| {
            match lookup("CARGO_BUILD_TARGET") {
                Lookup::Known(target) => Some(target),
                _ => None,
            }
        });
    // A musl target links statically by default.
    let static_ = target.as_deref().is_some_and(|target| target.contains("musl"));
    match action.text.as_str() {
        "build" => {
            let target_dir = option_values(args, &["--target-dir"])
                .first()
                .map(|(dir, _)| (*dir).to_owned())
                .or_else(|| match lookup("CARGO_TARGET_DIR") {
                    Lookup::Known(dir) => Some(dir),
                    _ => None,
                });
            let target_dir = absolute(context.workdir, target_dir.as_deref().unwrap_or("target"));
            let profile = if has_flag(args, &["--release", "-r"]) {
                "release".to_owned()
            } else {
                option_values(args, &["--profile"])
                    .first()
                    .map_or("debug".to_owned(), |(profile, _)| (*profile).to_owned())
            };
            let path = match &target {
                Some(triple) => format!("{target_dir}/{triple}/{profile}"),
                None => format!("{target_dir}/{profile}"),
            };
            facts.compiled.push(Compiled { path, static_, tool: "cargo build", span });
        }
        "install" => {
            let root = option_values(args, &["--root"]).first().map_or_else(
                || match lookup("CARGO_HOME") {
                    Lookup::Known(home) => home,
                    _ => "/usr/local/cargo".to_owned(),
                },
                |(root, _)| (*root).to_owned(),
            );
            facts.compiled.push(Compiled {
                path: format!("{}/bin", absolute(context.workdir, &root)),
                static_,
                tool: "cargo install",
                span,
            });
        }
        _ => {}
    }
}

/// A path in the image, relative ones resolved against the working directory.
pub fn absolute(workdir: &str, path: &str) -> String {
    let path = path.strip_prefix("~/").map_or_else(|| path.to_owned(), |rest| format!("/root/{rest}"));
    crate::paths::join(if workdir.is_empty() { "/" } else { workdir }, &path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;

    fn run(text: &str, vars: &dyn Fn(&str) -> Lookup) -> RunFacts {
        let locate = |start: usize, end: usize| Span::new(FileId(0), start, end);
        let script = Script { text, locate: &locate };
        let context = Context {
            workdir: "/app",
            vars,
            root: true,
            active_venv: None,
            site_packages: Some("/usr/local/lib/python3.12/site-packages"),
        };
        analyze(&script, &context)
    }

    fn no_vars(_: &str) -> Lookup {
        Lookup::Unknown
    }

    #[test]
    fn packages_and_cache() {
        let facts = run(
            "set -eux; apk add --no-cache --virtual .build-deps gcc musl-dev=1.2-r0 \\\n && apk del .build-deps; apk add curl",
            &no_vars,
        );
        let ops: Vec<(bool, bool, Vec<&str>)> = facts
            .packages
            .iter()
            .map(|op| {
                (op.install, op.no_cache, op.packages.iter().map(|package| package.name.as_str()).collect())
            })
            .collect();
        assert_eq!(
            ops,
            [
                (true, true, vec!["gcc", "musl-dev"]),
                (false, false, vec![".build-deps"]),
                (true, false, vec!["curl"])
            ]
        );
        assert_eq!(facts.packages[0].packages[0].group.as_deref(), Some(".build-deps"));
        let vars = |name: &str| match name {
            "BUILD" => Lookup::Known(" build-essential \n pkg-config".to_owned()),
            _ => Lookup::Unknown,
        };
        let facts =
            run("apt-get install --yes -o X=1 ${BUILD} && apt-get --yes purge ${BUILD} $OTHER", &vars);
        assert_eq!(facts.packages[0].packages.len(), 2);
        assert_eq!(facts.packages[1].packages[1].name, "pkg-config");
        assert!(run("apk update && apk add x && rm -rf /var/cache/apk/*", &no_vars).clears_apk_cache);
        // A command substitution is only known when the script runs; plain values are followed.
        let facts = run(
            "runDeps=\"$(scanelf --needed /usr/local)\"; apk add --no-network $runDeps; deps=\"gcc g++\"; apk add $deps",
            &no_vars,
        );
        assert!(facts.packages[0].packages.is_empty());
        let names: Vec<&str> =
            facts.packages[1].packages.iter().map(|package| package.name.as_str()).collect();
        assert_eq!(names, ["gcc", "g++"]);
        let facts = run(
            "saved=\"$(apt-mark showmanual)\"; apt-get install -y gcc make; apt-mark auto '.*'; apt-mark manual $saved; apt-get purge -y --auto-remove",
            &no_vars,
        );
        let removed: Vec<&str> =
            facts.packages.last().unwrap().packages.iter().map(|package| package.name.as_str()).collect();
        assert!(!facts.packages.last().unwrap().install);
        assert_eq!(removed, ["gcc", "make"]);
    }

    #[test]
    fn python_destinations() {
        let facts = run(
            "python -m venv /opt/venv && /opt/venv/bin/pip install -r r.txt; pip install --user x; pip wheel -w /wheels .; python3 -m pip install --platform manylinux2014_x86_64 --target=deps y",
            &no_vars,
        );
        assert_eq!(facts.venvs[0].0, "/opt/venv");
        let destinations: Vec<Option<&str>> =
            facts.pip.iter().map(|pip| pip.destination.as_deref()).collect();
        assert_eq!(
            destinations,
            [Some("/opt/venv"), Some("/root/.local"), Some("/wheels"), Some("/app/deps")]
        );
        assert!(facts.pip[2].wheels);
        assert_eq!(facts.pip[3].platforms[0].0, "manylinux2014_x86_64");
        assert_eq!(
            run("pip install x", &no_vars).pip[0].destination.as_deref(),
            Some("/usr/local/lib/python3.12/site-packages")
        );
    }

    #[test]
    fn compiled_outputs() {
        let facts =
            run("CGO_ENABLED=0 go build -o /out/server ./cmd/server && go build -o bin/tool .", &no_vars);
        let found: Vec<(&str, bool)> =
            facts.compiled.iter().map(|compiled| (compiled.path.as_str(), compiled.static_)).collect();
        assert_eq!(found, [("/out/server", true), ("/app/bin/tool", false)]);
        let facts = run("export CGO_ENABLED=0\ngo build -o /server .", &no_vars);
        assert!(facts.compiled[0].static_);
        let cgo =
            |name: &str| if name == "CGO_ENABLED" { Lookup::Known("0".into()) } else { Lookup::Unknown };
        assert!(run("go build -o /server .", &cgo).compiled[0].static_);
        let facts =
            run("cargo build --release --target x86_64-unknown-linux-musl; cargo build --release", &no_vars);
        let found: Vec<(&str, bool)> =
            facts.compiled.iter().map(|compiled| (compiled.path.as_str(), compiled.static_)).collect();
        assert_eq!(
            found,
            [("/app/target/x86_64-unknown-linux-musl/release", true), ("/app/target/release", false)]
        );
        let facts = run("if true; then npm ci; fi; sh -c 'npm install -g pm2'", &no_vars);
        let dirs: Vec<&str> = facts.node_modules.iter().map(|(dir, _)| dir.as_str()).collect();
        assert_eq!(dirs, ["/app/node_modules", "/usr/local/lib/node_modules"]);
    }
}
