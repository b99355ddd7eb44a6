//! redis.conf exactly as Redis 7 reads it: the tokenizer (`sdssplitargs`), the directive
//! tables per version, value parsing, ACL users, the command line, and the loader that turns
//! all of it into an [`EffectiveConfig`](crate::model::EffectiveConfig).

pub mod acl;
pub mod cmdline;
pub mod commands;
pub mod directives;
pub mod lexer;
pub mod load;
pub mod values;
