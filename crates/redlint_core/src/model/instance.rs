//! From a container to the Redis instance it runs, whatever declared the container (a Compose
//! service, a Dockerfile checked on its own): is it a Redis server at all, and then its
//! effective configuration ([`configure`]).

use super::configure::{ConfigSources, configure};
use super::container::Container;
use super::image::ImageRef;
use super::launch;
use super::{InstanceSource, RedisInstance};
use crate::settings::Settings;
use crate::source::Span;

/// The Redis instance a container runs, or `None` when it runs something else (a client
/// tool, an image that is not Redis).
pub(crate) fn redis_instance(
    sources: &mut dyn ConfigSources,
    container: Container,
    settings: &Settings,
    name: String,
    source: InstanceSource,
    anchor: Span,
) -> Option<RedisInstance> {
    let launch = launch::analyze(&container);
    let runs_redis = container.image.as_ref().is_some_and(ImageRef::runs_redis)
        || launch.program.is_some()
        || container.built.as_ref().is_some_and(|built| built.installs_server.is_some());
    if !runs_redis || launch.client_tool {
        return None;
    }
    let config = configure(sources, &container, &launch, settings, source.platform()?);
    Some(RedisInstance { name, source, anchor, config, container: Some(container) })
}
