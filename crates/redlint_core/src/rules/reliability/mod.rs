//! Health checks, image pinning, and what keeps a container from starting or restarting well.

pub(crate) mod floating_image_tag;
pub(crate) mod healthcheck_passes_on_auth_error;
pub(crate) mod missing_healthcheck;
pub(crate) mod non_namespaced_sysctl;
pub(crate) mod unpinned_image;
pub(crate) mod unsafe_sysctl;
