//! Whether data survives a restart, and how much of it.
pub(crate) mod aof_disabled;
pub(crate) mod appendfsync_always;
pub(crate) mod appendfsync_no;
pub(crate) mod daemonize_enabled;
pub(crate) mod data_volume_shared_by_replicas;
pub(crate) mod persistence_disabled;
pub(crate) mod redis_data_on_ephemeral_storage;
pub(crate) mod relative_dir;
pub(crate) mod volume_not_at_data_dir;
