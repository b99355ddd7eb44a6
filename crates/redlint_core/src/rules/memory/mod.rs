//! `maxmemory`, eviction and memory limits.
pub(crate) mod decimal_memory_unit;
pub(crate) mod eviction_policy_without_maxmemory;
pub(crate) mod maxmemory_exceeds_memory_limit;
pub(crate) mod maxmemory_without_headroom;
pub(crate) mod memory_limit_without_maxmemory;
pub(crate) mod memory_request_below_limit;
pub(crate) mod no_maxmemory;
pub(crate) mod no_memory_limit;
pub(crate) mod noeviction_on_cache;
