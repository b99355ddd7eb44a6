//! Finding and loading `redlint.toml`: `--config FILE`, or the first `redlint.toml` or
//! `.redlint.toml` found walking up from the checked paths. The core parses it; problems are
//! shown with the TOML line they are on, and make redlint exit with 2.

use std::fmt;
use std::path::{Path, PathBuf};

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource};
use redlint_core::Settings;
use redlint_core::config::{Config, ConfigError, FILE_NAMES};

/// The configuration file for these paths, if any.
pub(crate) fn find(paths: &[PathBuf]) -> Result<Option<PathBuf>, String> {
    let cwd =
        std::env::current_dir().map_err(|error| format!("cannot read the working directory: {error}"))?;
    let mut found: Option<PathBuf> = None;
    for path in paths {
        let start = if path.as_os_str() == "-" { cwd.clone() } else { cwd.join(path) };
        let start = start.canonicalize().unwrap_or(start);
        let mut dir = if start.is_dir() { Some(start.as_path()) } else { start.parent() };
        let mut here = None;
        while let Some(current) = dir {
            if let Some(file) = FILE_NAMES.iter().map(|name| current.join(name)).find(|file| file.is_file()) {
                here = Some(file);
                break;
            }
            dir = current.parent();
        }
        match (&found, here) {
            (Some(first), Some(other)) if *first != other => {
                return Err(format!(
                    "the checked paths have different configuration files ({} and {}); check them separately or pass --config",
                    first.display(),
                    other.display()
                ));
            }
            (None, Some(file)) => found = Some(file),
            _ => {}
        }
    }
    Ok(found)
}

/// A configuration problem, rendered with its TOML snippet.
struct Problem<'a> {
    error: &'a ConfigError,
    source: &'a NamedSource<String>,
}

impl fmt::Debug for Problem<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.error.message)
    }
}

impl fmt::Display for Problem<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.error.message)
    }
}

impl std::error::Error for Problem<'_> {}

impl miette::Diagnostic for Problem<'_> {
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.error.help.as_ref().map(|help| Box::new(help) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(self.source)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.error.span.clone()?;
        Some(Box::new(std::iter::once(LabeledSpan::new_primary_with_span(None, span))))
    }
}

/// Every problem of a configuration file, each with its snippet.
pub(crate) fn render_errors(path: &str, text: &str, errors: &[ConfigError], color: bool) -> String {
    let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(100).with_links(false);
    let source = NamedSource::new(path, text.to_owned());
    let mut out = format!("redlint: error: invalid configuration file {path}\n");
    for error in errors {
        out.push('\n');
        if handler.render_report(&mut out, &Problem { error, source: &source }).is_err() {
            out.push_str(&error.message);
            out.push('\n');
        }
    }
    out
}

/// Load the configuration file into settings; `Err` holds the rendered problems.
pub(crate) fn load(path: &Path, settings: &mut Settings, color: bool) -> Result<(), String> {
    let cwd =
        std::env::current_dir().map_err(|error| format!("cannot read the working directory: {error}"))?;
    let text = std::fs::read_to_string(path).map_err(|error| format!("{}: {error}", path.display()))?;
    let absolute = cwd.join(path);
    let absolute = absolute.canonicalize().unwrap_or(absolute);
    let dir = absolute.parent().unwrap_or(Path::new("/")).to_path_buf();
    let cwd = cwd.canonicalize().unwrap_or(cwd);
    let display = crate::discover::relative_to(&absolute, &cwd)
        .map_or_else(|| absolute.display().to_string(), |relative| relative.display().to_string());
    let config = Config::parse(&text).map_err(|errors| render_errors(&display, &text, &errors, color))?;
    // `[[ignore]]` paths are relative to the file's directory; findings to the working one.
    let (config_dir, cwd_in_config_dir) = match cwd.strip_prefix(&dir) {
        Ok(inside) => (String::new(), inside.to_string_lossy().into_owned()),
        Err(_) => (
            crate::discover::relative_to(&dir, &cwd).map_or_else(
                || dir.to_string_lossy().into_owned(),
                |relative| relative.to_string_lossy().into_owned(),
            ),
            String::new(),
        ),
    };
    config.apply(settings, &config_dir.replace('\\', "/"), &cwd_in_config_dir.replace('\\', "/"));
    Ok(())
}
