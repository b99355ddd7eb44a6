//! Finding the files to check: explicit files always, directories walked with `.gitignore`
//! respected, candidates chosen by name; files are read and prepared in parallel.

use std::io::Read as _;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;
use redlint_core::classify::is_candidate;
use redlint_core::{FileKind, FileProvider, Input, PreparedFile, Provided, Settings, prepare_with};

pub(crate) struct Discovered {
    pub files: Vec<PreparedFile>,
    /// Explicit paths that were not checked and directories the walk could not read, with why.
    pub skipped: Vec<String>,
    pub provider: FsProvider,
}

/// Serves files referenced by checked files (an `include`), only from inside the working
/// directory: a checked repository must not make redlint read `/etc/shadow`.
pub(crate) struct FsProvider {
    root: PathBuf,
    max_file_size: u64,
}

impl FileProvider for FsProvider {
    fn read(&self, path: &str) -> Provided {
        let Some(full) = self.inside(path) else { return Provided::NotFound };
        match std::fs::metadata(&full) {
            Ok(metadata) if !metadata.is_file() => Provided::NotFound,
            Ok(metadata) if metadata.len() > self.max_file_size => Provided::TooLarge(metadata.len()),
            Ok(_) => match std::fs::read(&full) {
                Ok(bytes) => Provided::Found(bytes),
                Err(error) => Provided::Error(error.to_string()),
            },
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Provided::NotFound,
            Err(error) => Provided::Error(error.to_string()),
        }
    }

    fn list_dir(&self, dir: &str) -> Vec<String> {
        let Some(full) = self.inside(dir) else { return Vec::new() };
        let Ok(entries) = std::fs::read_dir(full) else { return Vec::new() };
        entries
            .filter_map(Result::ok)
            .filter(|entry| entry.file_type().is_ok_and(|kind| kind.is_file()))
            .map(|entry| {
                let name = entry.file_name().to_string_lossy().into_owned();
                if dir.is_empty() { name } else { format!("{dir}/{name}") }
            })
            .collect()
    }
}

impl FsProvider {
    fn inside(&self, path: &str) -> Option<PathBuf> {
        let relative = Path::new(path);
        let escapes = relative
            .components()
            .any(|part| matches!(part, Component::ParentDir | Component::RootDir | Component::Prefix(_)));
        (!escapes).then(|| self.root.join(relative))
    }
}

/// A path as the report shows it: relative to the working directory, `/`-separated.
fn display_path(path: &Path, cwd: &Path) -> String {
    let absolute = if path.is_absolute() { path.to_path_buf() } else { cwd.join(path) };
    let relative = relative_to(&absolute, cwd).unwrap_or(absolute);
    redlint_core::paths::normalize_path(&relative.to_string_lossy())
}

pub(crate) fn relative_to(path: &Path, base: &Path) -> Option<PathBuf> {
    let path: Vec<Component> = path.components().collect();
    let base: Vec<Component> = base.components().collect();
    let common = path.iter().zip(&base).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return None;
    }
    let mut out = PathBuf::new();
    for _ in common..base.len() {
        out.push("..");
    }
    for part in &path[common..] {
        out.push(part);
    }
    Some(out)
}

enum Candidate {
    /// Given on the command line: checked whatever its name.
    Explicit(PathBuf),
    /// Found by walking a directory.
    Walked(PathBuf),
    Stdin,
    /// A directory entry the walk could not read (a `data/` directory a container owns):
    /// skipped with a note on stderr, and the rest is still checked.
    Unwalkable(PathBuf, String),
}

impl Candidate {
    /// The path the report shows.
    fn display(&self, cwd: &Path, stdin_filename: Option<&str>) -> String {
        match self {
            Candidate::Explicit(path) | Candidate::Walked(path) | Candidate::Unwalkable(path, _) => {
                display_path(path, cwd)
            }
            Candidate::Stdin => redlint_core::paths::normalize_path(stdin_filename.unwrap_or("stdin")),
        }
    }
}

/// The path an error of the walk is about, if it names one.
fn error_path(error: &ignore::Error) -> Option<&Path> {
    match error {
        ignore::Error::WithPath { path, .. } => Some(path),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => error_path(err),
        _ => None,
    }
}

/// Below this many bytes in all, files are read and prepared on the main thread: starting
/// worker threads, and their spinning while they wait for work, cost more than they save
/// (on a busy machine, several times more: the corpus of 121 files took 86 ms instead of
/// the 23 ms of CPU it needs). One core prepares about this much in 20 ms.
const PARALLEL_MIN_BYTES: u64 = 1 << 20;

/// `threads`: worker threads for reading and preparing files (`None`: one per core).
pub(crate) fn discover(
    paths: &[PathBuf],
    stdin_filename: Option<&str>,
    settings: &Settings,
    threads: Option<usize>,
) -> Result<Discovered, String> {
    let max_file_size = settings.max_file_size();
    let cwd =
        std::env::current_dir().map_err(|error| format!("cannot read the working directory: {error}"))?;
    let mut candidates = Vec::new();
    // What the candidates weigh, as far as the walk knows without reading them.
    let mut bytes = 0u64;
    for path in paths {
        if path.as_os_str() == "-" {
            candidates.push(Candidate::Stdin);
            continue;
        }
        let metadata = std::fs::metadata(path).map_err(|error| format!("{}: {error}", path.display()))?;
        if metadata.is_file() {
            bytes += metadata.len().min(max_file_size);
            candidates.push(Candidate::Explicit(path.clone()));
            continue;
        }
        let walker = ignore::WalkBuilder::new(path)
            .hidden(false)
            .require_git(false)
            .filter_entry(|entry| entry.file_name() != ".git")
            .build();
        for entry in walker {
            // A directory the walk cannot read is not a failure of redlint: noted, and the
            // rest is still checked.
            let entry = match entry {
                Ok(entry) => entry,
                Err(error) => match error_path(&error) {
                    Some(path) => {
                        candidates.push(Candidate::Unwalkable(path.to_path_buf(), error.to_string()));
                        continue;
                    }
                    None => return Err(error.to_string()),
                },
            };
            if entry.file_type().is_some_and(|kind| kind.is_file())
                && is_candidate(&entry.path().to_string_lossy().replace('\\', "/"))
            {
                bytes += entry.metadata().map_or(0, |metadata| metadata.len().min(max_file_size));
                candidates.push(Candidate::Walked(entry.into_path()));
            }
        }
    }
    // The core checks at most `max-files` files, by path: the ones after are not even read
    // (the core reports the first of them).
    let mut candidates: Vec<(String, Candidate)> = candidates
        .into_iter()
        .map(|candidate| (candidate.display(&cwd, stdin_filename), candidate))
        .collect();
    candidates.sort_by(|a, b| a.0.cmp(&b.0));
    candidates.dedup_by(|a, b| a.0 == b.0);
    let over = candidates.split_off(candidates.len().min(settings.options.max_files));
    let mut files: Vec<PreparedFile> = over
        .into_iter()
        .map(|(display, candidate)| {
            let size = match &candidate {
                Candidate::Explicit(path) | Candidate::Walked(path) => {
                    std::fs::metadata(path).map_or(0, |metadata| metadata.len())
                }
                _ => 0,
            };
            prepare_with(Input::partial(display, Vec::new(), size, Some(FileKind::Unknown)), settings)
        })
        .collect();
    let prepare = |input| prepare_with(input, settings);
    let prepare_one = |(_, candidate): (String, Candidate)| match candidate {
        // The walker's message names the path.
        Candidate::Unwalkable(_, error) => Err(error),
        Candidate::Stdin => {
            let mut content = Vec::new();
            std::io::stdin().read_to_end(&mut content).map_err(|error| format!("reading stdin: {error}"))?;
            let path = stdin_filename.unwrap_or("stdin").to_owned();
            // Whatever its name, stdin is checked: as a redis.conf unless it looks like something else.
            let kind = redlint_core::classify::classify(&path, &String::from_utf8_lossy(&content))
                .unwrap_or(FileKind::RedisConf);
            Ok(prepare(Input { kind: Some(kind), ..Input::new(path, content) }))
        }
        Candidate::Explicit(path) => {
            let display = display_path(&path, &cwd);
            let file = match read_limited(&path, max_file_size) {
                Ok(Read::Whole(content)) => prepare(Input::new(display.clone(), content)),
                // Named on the command line: a finding, whatever its name.
                Ok(Read::Head(head, size)) => {
                    prepare(Input::partial(display.clone(), head, size, Some(FileKind::Unknown)))
                }
                Err(error) => prepare(Input::unreadable(display.clone(), error, Some(FileKind::Unknown))),
            };
            if file.kind().is_none() {
                let why = redlint_core::classify::why_not_checked(&display, file.text())
                    .unwrap_or("not a file redlint checks (no recognised name or content)");
                return Err(format!("{display}: {why}"));
            }
            Ok(file)
        }
        Candidate::Walked(path) => {
            let display = display_path(&path, &cwd);
            Ok(match read_limited(&path, max_file_size) {
                Ok(Read::Whole(content)) => prepare(Input::new(display, content)),
                // Reported when its name or beginning says it is a file redlint checks.
                Ok(Read::Head(head, size)) => prepare(Input::partial(display, head, size, None)),
                // A finding when the name says it is a config file; ignored otherwise.
                Err(error) => prepare(Input::unreadable(display, error, None)),
            })
        }
    };
    let threads = threads.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from));
    let results: Vec<Result<PreparedFile, String>> =
        if threads <= 1 || candidates.len() < 2 || bytes < PARALLEL_MIN_BYTES {
            candidates.into_iter().map(prepare_one).collect()
        } else {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .map_err(|error| error.to_string())?
                .install(|| candidates.into_par_iter().map(prepare_one).collect())
        };
    let mut skipped = Vec::new();
    for result in results {
        match result {
            // Unrecognised files stay available to the files that include them.
            Ok(file) => files.push(file),
            Err(message) => skipped.push(message),
        }
    }
    Ok(Discovered { files, skipped, provider: FsProvider { root: cwd, max_file_size } })
}

enum Read {
    Whole(Vec<u8>),
    /// Over the size limit: the first bytes (enough to classify it) and the size.
    Head(Vec<u8>, u64),
}

/// The file, or only its beginning when it is over the size limit: a huge file is never read
/// into memory.
fn read_limited(path: &Path, max_file_size: u64) -> Result<Read, String> {
    let metadata = std::fs::metadata(path).map_err(|error| error.to_string())?;
    if metadata.len() > max_file_size {
        let mut head = Vec::new();
        std::fs::File::open(path)
            .and_then(|file| file.take(8000).read_to_end(&mut head))
            .map_err(|error| error.to_string())?;
        return Ok(Read::Head(head, metadata.len()));
    }
    std::fs::read(path).map(Read::Whole).map_err(|error| error.to_string())
}
