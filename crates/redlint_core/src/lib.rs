//! The redlint engine. Pure: it never touches the file system, the environment, the clock
//! or stdout; frontends hand it files and a [`FileProvider`] for files it finds referenced.
#![forbid(unsafe_code)]

pub mod baseline;
pub mod classify;
pub mod compose;
#[cfg(feature = "config")]
pub mod config;
pub mod diagnostic;
pub mod dockerfile;
pub mod engine;
#[doc(hidden)]
pub mod fuzzing;
pub mod json;
pub mod k8s;
pub mod model;
pub mod paths;
pub mod provider;
pub mod redis_conf;
pub mod report;
pub mod rules;
pub mod settings;
pub mod shell;
pub mod sort;
pub mod source;
mod spelling;
pub mod suppress;
pub mod yaml;

pub use baseline::Baseline;
pub use diagnostic::{Diagnostic, Severity};
pub use engine::{Input, PreparedFile, check, check_command_line, check_prepared, prepare, prepare_with};
pub use provider::{FileProvider, NoFiles, Provided};
pub use report::{Format, Report, Summary};
pub use settings::{RedisVersion, RuleLevel, Settings};
pub use source::{FileKind, Span};

/// The version of the engine (and of every frontend built from this workspace).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
