//! `maxmemory`, eviction and memory limits.

pub(crate) mod decimal_memory_unit;
pub(crate) mod eviction_policy_without_maxmemory;
pub(crate) mod no_maxmemory;
pub(crate) mod noeviction_on_cache;
