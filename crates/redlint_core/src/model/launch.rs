//! How a Redis container's main process starts: which program runs with which arguments,
//! and whether the official image's entrypoint drops root privileges.
//!
//! The official `redis` (and `valkey`) entrypoint script prepends `redis-server` when the
//! first argument starts with `-` or ends with `.conf`, and runs `gosu redis` only when the
//! first argument is exactly `redis-server` and the container starts as root. Overriding the
//! entrypoint, running a shell, or naming the binary by its full path skips the drop, and the
//! image has no `USER`: Redis then runs as root.

use super::container::{Arg, Container};
use super::image::ServerFacts;
use crate::shell;
use crate::source::Span;

/// Server programs redlint recognises as the process that reads redis.conf.
pub const SERVER_PROGRAMS: &[&str] =
    &["redis-server", "valkey-server", "redis-stack-server", "redis-sentinel", "valkey-sentinel"];

fn program_name(arg: &str) -> &str {
    arg.rsplit('/').next().unwrap_or(arg)
}

pub fn is_server_program(arg: &str) -> bool {
    SERVER_PROGRAMS.contains(&program_name(arg))
}

fn is_shell(arg: &str) -> bool {
    matches!(program_name(arg), "sh" | "bash" | "ash" | "dash" | "zsh")
}

/// Why the image's privilege drop does not happen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NoDrop {
    /// The deployment replaces the image's entrypoint.
    EntrypointReplaced(Span),
    /// A shell starts the server.
    Shell(Span),
    /// The first argument is not exactly the server program (`/usr/local/bin/redis-server`).
    NotServerProgram(Span),
    /// `user: root` / `runAsUser: 0`.
    RootUser(Span),
}

/// Who the server runs as.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RunsAs {
    /// The image's entrypoint drops to its unprivileged user.
    Dropped,
    /// The deployment sets a non-root user.
    User(Span),
    /// The image's own `USER` (Bitnami's 1001).
    ImageUser(&'static str),
    /// Root, for this reason.
    Root(NoDrop),
    /// Not known (an image redlint has no facts for).
    Unknown,
}

/// The started server, as far as it can be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Launch {
    /// The server program argument, when found.
    pub program: Option<Arg>,
    /// Its arguments (a config file first, if any, then options).
    pub args: Vec<Arg>,
    pub runs_as: RunsAs,
    pub sentinel: bool,
    /// The container runs a command redlint cannot follow to the server (a script of its
    /// own): how Redis is configured there is unknown. The command's span.
    pub unfollowed: Option<Span>,
    /// The container runs one of Redis's client tools (`redis-cli`, `redis-benchmark`), not
    /// a server.
    pub client_tool: bool,
}

impl Launch {
    /// The config file argument (`redis-server /path/redis.conf …`).
    pub fn config_file(&self) -> Option<&Arg> {
        self.args.first().filter(|arg| !arg.value.starts_with('-'))
    }
}

/// The image's default command (`CMD ["redis-server"]` for the official images), attributed to
/// the container's declaration.
fn image_command(facts: Option<&ServerFacts>, span: Span) -> Vec<Arg> {
    let program = facts.map_or("redis-server", |facts| facts.server_program);
    vec![Arg::literal(program, span)]
}

/// The image's entrypoint script, when a command runs it again by name.
fn is_entrypoint_script(arg: &str) -> bool {
    program_name(arg) == "docker-entrypoint.sh"
}

/// Redis's client tools: a container running one of them is not a server.
fn is_client_tool(arg: &str) -> bool {
    let name = program_name(arg);
    ["redis-", "valkey-"].iter().any(|prefix| {
        name.strip_prefix(prefix)
            .is_some_and(|tool| matches!(tool, "cli" | "benchmark" | "check-aof" | "check-rdb"))
    })
}

/// Programs that run the rest of the command line as another user.
fn is_user_switch(arg: &str) -> bool {
    matches!(program_name(arg), "gosu" | "su-exec")
}

/// What following the command line found.
#[derive(Default)]
struct Found {
    program: Option<Arg>,
    args: Vec<Arg>,
    /// The image's entrypoint received `redis-server` first and drops root, or the command
    /// switches user itself (`gosu redis redis-server`).
    dropped: bool,
    /// A shell script started the server: its span.
    shell: Option<Span>,
}

/// Follow a command line to the server process, as the image's entrypoint script (when
/// `via_entrypoint` says it receives `argv`), `exec`, `sh -c` and `gosu` would run it.
/// `image` is the entrypoint script of the image, if it has one.
fn follow(argv: &[Arg], image: Option<&ServerFacts>, via_entrypoint: bool, depth: usize) -> Found {
    if depth > 4 || argv.is_empty() {
        return Found::default();
    }
    let mut argv = argv.to_vec();
    if let Some(facts) = image.filter(|_| via_entrypoint) {
        // The entrypoint script's own prefixing: `--appendonly yes` or `/x/redis.conf` alone.
        let first = &argv[0];
        // The script tests `${1%.conf}`: exactly lower-case `.conf`.
        #[allow(clippy::case_sensitive_file_extension_comparisons)]
        let config_file = first.value.ends_with(".conf");
        if first.value.starts_with('-') || config_file {
            argv.insert(0, Arg::literal(facts.server_program, first.span));
        }
        if argv[0].value == facts.server_program {
            return Found {
                program: Some(argv[0].clone()),
                args: argv[1..].to_vec(),
                dropped: true,
                shell: None,
            };
        }
        // Anything else is exec'd as it is, still as root.
    }
    let first = &argv[0];
    if is_server_program(&first.value) {
        return Found { program: Some(first.clone()), args: argv[1..].to_vec(), ..Found::default() };
    }
    if is_entrypoint_script(&first.value) && image.is_some() {
        return follow(&argv[1..], image, true, depth + 1);
    }
    if is_user_switch(&first.value) && argv.len() > 2 {
        let found = follow(&argv[2..], image, false, depth + 1);
        return Found { dropped: found.program.is_some(), ..found };
    }
    if let Some(script) = shell_script(&argv) {
        let words = shell::split(&script.value, shell::Mode::Script);
        for command in shell::commands(&words) {
            // `exec` and `VAR=value` prefixes do not change what runs.
            let start = command
                .iter()
                .position(|word| word.text != "exec" && !is_assignment(&word.text))
                .unwrap_or(0);
            let command: Vec<Arg> = command[start..].iter().map(|word| script_word(script, word)).collect();
            let found = follow(&command, image, false, depth + 1);
            if found.program.is_some() {
                return Found { shell: Some(found.shell.unwrap_or(script.span)), ..found };
            }
        }
    }
    Found::default()
}

fn is_assignment(word: &str) -> bool {
    word.split_once('=').is_some_and(|(name, _)| {
        !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
    })
}

/// Work out how the container starts Redis.
pub fn analyze(container: &Container) -> Launch {
    let facts = container.image_facts().and_then(|facts| facts.server);
    let process = &container.process;
    let entrypoint_script = facts.filter(|facts| facts.entrypoint_drops_to.is_some());
    let user = container.identity.user.as_ref();
    let root_user = user.filter(|user| matches!(user.value.split(':').next(), Some("0" | "root")));

    // The argument vector the container runs, and whether the image's entrypoint receives it.
    let (argv, replaced) = match &process.entrypoint {
        // Replacing the entrypoint also clears the image's CMD.
        Some(entrypoint) => {
            let mut argv = entrypoint.value.clone();
            argv.extend(process.command.as_ref().map(|command| command.value.clone()).unwrap_or_default());
            (argv, Some(entrypoint.span))
        }
        // Only an image redlint knows has a default command to fall back on.
        None => match (&process.command, &facts) {
            (Some(command), _) => (command.value.clone(), None),
            (None, Some(facts)) => (image_command(Some(facts), container.span), None),
            (None, None) => (Vec::new(), None),
        },
    };
    let found = follow(&argv, entrypoint_script.as_ref(), replaced.is_none(), 0);
    let sentinel =
        found.program.as_ref().is_some_and(|program| program_name(&program.value).contains("sentinel"))
            || found.args.iter().any(|arg| arg.value == "--sentinel");
    let runs_as = if let Some(root) = root_user {
        RunsAs::Root(NoDrop::RootUser(root.span))
    } else if let Some(user) = user {
        RunsAs::User(user.span)
    } else if let Some(image_user) = facts.and_then(|facts| facts.user) {
        RunsAs::ImageUser(image_user)
    } else if found.dropped {
        RunsAs::Dropped
    } else if entrypoint_script.is_none() {
        RunsAs::Unknown
    } else if let Some(span) = found.shell.filter(|_| found.program.is_some()) {
        RunsAs::Root(NoDrop::Shell(span))
    } else if let Some(span) = replaced {
        // Whatever the replacement runs (a script of the repository's), it starts as root.
        RunsAs::Root(NoDrop::EntrypointReplaced(span))
    } else if found.program.is_none() {
        RunsAs::Unknown
    } else {
        let span = argv.first().map_or(container.span, |first| first.span);
        RunsAs::Root(NoDrop::NotServerProgram(span))
    };
    let client_tool =
        found.program.is_none() && argv.first().is_some_and(|first| is_client_tool(&first.value));
    let explicit = process.entrypoint.as_ref().or(process.command.as_ref()).map(|process| process.span);
    let unfollowed = explicit.filter(|_| found.program.is_none() && !client_tool);
    Launch { program: found.program, args: found.args, runs_as, sentinel, unfollowed, client_tool }
}

/// `sh -c "script"` (or `bash -ec …`): the script argument.
fn shell_script(argv: &[Arg]) -> Option<&Arg> {
    let first = argv.first()?;
    if !is_shell(&first.value) {
        return None;
    }
    let script_index = argv.iter().position(|arg| arg.value.starts_with('-') && arg.value.contains('c'))? + 1;
    argv.get(script_index)
}

/// A word of a shell script as an argument, located in the file when the script is written
/// verbatim. The shell expands `$VAR` when the container starts.
fn script_word(script: &Arg, word: &shell::Word) -> Arg {
    Arg {
        value: word.text.clone(),
        span: script.sub_span(word.start, word.end),
        from_variable: script.from_variable,
        runtime: script.runtime || word.expands(),
        verbatim_at: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::container::Located;
    use crate::model::image::ImageRef;
    use crate::source::FileId;

    fn span() -> Span {
        Span::new(FileId(0), 0, 1)
    }

    fn args(words: &[&str]) -> Located<Vec<Arg>> {
        Located::new(words.iter().map(|word| Arg::literal(*word, span())).collect(), span())
    }

    fn container(image: &str, entrypoint: Option<&[&str]>, command: Option<&[&str]>) -> Container {
        let mut container = Container::new(span());
        container.image = Some(ImageRef::parse(image, span()));
        container.process.entrypoint = entrypoint.map(args);
        container.process.command = command.map(args);
        container
    }

    fn launch(
        image: &str,
        entrypoint: Option<&[&str]>,
        command: Option<&[&str]>,
    ) -> (Option<String>, Vec<String>, RunsAs) {
        let launch = analyze(&container(image, entrypoint, command));
        let program = launch.program.map(|program| program.value);
        (program, launch.args.into_iter().map(|arg| arg.value).collect(), launch.runs_as)
    }

    #[test]
    fn the_image_default_and_prefixed_arguments_drop_privileges() {
        assert_eq!(launch("redis:7.4", None, None), (Some("redis-server".into()), vec![], RunsAs::Dropped));
        let (program, args, runs_as) = launch("redis:7.4", None, Some(&["--appendonly", "yes"]));
        assert_eq!(
            (program.as_deref(), args, runs_as),
            (Some("redis-server"), vec!["--appendonly".into(), "yes".into()], RunsAs::Dropped)
        );
        let (_, args, runs_as) = launch("redis:7.4", None, Some(&["/etc/redis/redis.conf"]));
        assert_eq!((args, runs_as), (vec!["/etc/redis/redis.conf".to_owned()], RunsAs::Dropped));
        let (program, _, runs_as) = launch("valkey/valkey:8", None, None);
        assert_eq!((program.as_deref(), runs_as), (Some("valkey-server"), RunsAs::Dropped));
    }

    #[test]
    fn full_paths_shells_and_entrypoints_run_as_root() {
        let (_, _, runs_as) =
            launch("redis:7.4", None, Some(&["/usr/local/bin/redis-server", "--port", "1"]));
        assert!(matches!(runs_as, RunsAs::Root(NoDrop::NotServerProgram(_))));
        let (program, args, runs_as) =
            launch("redis:7.4", None, Some(&["sh", "-c", "echo hi && exec redis-server --save '' # done"]));
        assert_eq!(
            (program.as_deref(), args),
            (Some("redis-server"), vec!["--save".to_owned(), String::new()])
        );
        assert!(matches!(runs_as, RunsAs::Root(NoDrop::Shell(_))));
        let (_, _, runs_as) = launch("redis:7.4", Some(&["redis-server"]), Some(&["--port", "1"]));
        assert!(matches!(runs_as, RunsAs::Root(NoDrop::EntrypointReplaced(_))));
        let (_, _, runs_as) = launch("redis:7.4", None, Some(&["redis-server"]));
        assert_eq!(runs_as, RunsAs::Dropped);
    }

    #[test]
    fn the_entrypoint_run_again_still_drops() {
        let script = "/usr/local/bin/docker-entrypoint.sh --requirepass \"$(cat $REDIS_PASSWORD_FILE)\"";
        let (program, args, runs_as) = launch("redis:alpine", None, Some(&["sh", "-euc", script]));
        assert_eq!((program.as_deref(), args.len(), runs_as), (Some("redis-server"), 2, RunsAs::Dropped));
        let (_, _, runs_as) = launch("redis:7.4", Some(&["docker-entrypoint.sh"]), Some(&["redis-server"]));
        assert_eq!(runs_as, RunsAs::Dropped);
        let (_, _, runs_as) = launch("redis:7.4", Some(&["gosu", "redis", "redis-server"]), None);
        assert_eq!(runs_as, RunsAs::Dropped);
    }

    #[test]
    fn users_and_unknown_images() {
        let mut root = container("redis:7.4", None, None);
        root.identity.user = Some(Located::new("0:0".into(), span()));
        assert!(matches!(analyze(&root).runs_as, RunsAs::Root(NoDrop::RootUser(_))));
        let (_, _, runs_as) = launch("bitnami/redis:7.4", None, None);
        assert_eq!(runs_as, RunsAs::ImageUser("1001"));
        let (program, _, runs_as) = launch("example.com/cache:1", None, Some(&["redis-server", "/x.conf"]));
        assert_eq!((program.as_deref(), runs_as), (Some("redis-server"), RunsAs::Unknown));
    }
}
