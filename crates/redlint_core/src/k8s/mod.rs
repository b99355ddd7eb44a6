//! Kubernetes manifests: YAML or JSON, several documents per file, `List`s, every workload
//! kind, Services, NetworkPolicies, ConfigMaps, Secrets and claims, read as small typed views
//! over the YAML span tree (never a generated API crate: every field keeps its span).
//!
//! Every manifest of a check is one cluster: Services and NetworkPolicies in one file select
//! pods of another. ConfigMap and Secret keys become embedded files, so a redis.conf in a
//! ConfigMap is loaded by the redis.conf engine and its findings point into the manifest. Each
//! container that runs Redis becomes a [`RedisInstance`](crate::model::RedisInstance) whose
//! effective config combines the image's defaults, the config file mounted into it, and its
//! `command`/`args`. Operator custom resources (OT-CONTAINER-KIT, spotahome) are recognised
//! and left alone.

mod data;
mod instance;
pub mod network;
pub mod object;
pub mod pod;
pub mod quantity;
pub mod selector;

pub use data::{decode_base64, describe_data_path};
pub(crate) use instance::{K8sFiles, instances};
pub use object::{Kind, Object, OperatorKind, WorkloadKind, objects};
