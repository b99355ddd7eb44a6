//! Settings Redis rejects, ignores or reads differently from what the author meant.

pub(crate) mod conflicting_directives;
pub(crate) mod deprecated_directive;
pub(crate) mod ignored_directive;
pub(crate) mod include_cycle;
pub(crate) mod include_not_found;
pub(crate) mod include_outside_repository;
pub(crate) mod inline_comment;
pub(crate) mod invalid_value;
pub(crate) mod line_continuation;
pub(crate) mod missing_final_newline;
pub(crate) mod module_config_without_loadmodule;
pub(crate) mod overridden_directive;
pub(crate) mod relative_include;
pub(crate) mod save_after_include;
pub(crate) mod suppression_without_reason;
pub(crate) mod syntax_error;
pub(crate) mod unknown_directive;
pub(crate) mod unreadable_file;
pub(crate) mod unused_suppression;
pub(crate) mod wrong_argument_count;
