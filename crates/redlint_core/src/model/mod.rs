//! The deployment model: every Redis instance redlint found, with its effective
//! configuration and (as the other formats land) its image, exposure, storage, resources,
//! identity, secrets and health. Rules read only this model.

pub mod config;
pub mod image;

use crate::source::{FileId, Span};
pub use config::{DefaultUserAuth, EffectiveConfig, Origin, Setting, Value, Via};

/// How redlint came to know about an instance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InstanceSource {
    /// A redis.conf (or sentinel.conf) that nothing else references, checked on its own as
    /// `redis-server <file>` with Redis's compiled defaults and no container context.
    ConfigFile { file: FileId },
}

/// One Redis (or Sentinel) process.
#[derive(Clone, Debug)]
pub struct RedisInstance {
    /// For messages: the file name or the service/container name.
    pub name: String,
    pub source: InstanceSource,
    /// Where findings about the instance as a whole point (a file start, a service key).
    pub anchor: Span,
    pub config: EffectiveConfig,
}

impl RedisInstance {
    pub fn is_sentinel(&self) -> bool {
        self.config.sentinel
    }
    /// True when redlint knows nothing about the container around this Redis (a lone
    /// redis.conf): rules that need that context state what they assumed.
    pub fn is_standalone_config(&self) -> bool {
        matches!(self.source, InstanceSource::ConfigFile { .. })
    }
}

/// Everything the rules look at.
#[derive(Clone, Debug, Default)]
pub struct Model {
    pub instances: Vec<RedisInstance>,
    /// Problems with input files themselves (binary, unreadable).
    pub file_problems: Vec<config::Problem>,
}

impl Model {
    /// Every loader and file problem, for the `config` rules.
    pub fn problems(&self) -> impl Iterator<Item = &config::Problem> {
        self.instances
            .iter()
            .flat_map(|instance| instance.config.problems.iter())
            .chain(self.file_problems.iter())
    }
}
