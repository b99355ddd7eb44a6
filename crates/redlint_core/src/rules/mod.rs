//! Rules: one file per rule under `rules/<category>/`, documented by its page under
//! `policies/<category>/`. A rule reads the [`Model`] and reports diagnostics; it never
//! parses files or reads raw YAML.

#[cfg(feature = "pages")]
pub mod catalogue;
pub mod page;

mod compat;
pub(crate) mod config;
mod memory;
mod persistence;
mod reliability;
mod security;

use std::fmt;

use crate::diagnostic::{Diagnostic, Fix, Label, Severity};
use crate::model::Model;
use crate::model::config::{Problem, ProblemKind};
use crate::settings::{RuleOptions, Settings};
use crate::source::{SourceMap, Span};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    Security,
    Persistence,
    Memory,
    Compat,
    Reliability,
    Config,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Security => "security",
            Category::Persistence => "persistence",
            Category::Memory => "memory",
            Category::Compat => "compat",
            Category::Reliability => "reliability",
            Category::Config => "config",
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A rule's metadata and documentation, from its policy page.
#[derive(Debug)]
pub struct RuleMeta {
    pub name: &'static str,
    pub category: Category,
    pub severity: Severity,
    // The rest is documentation, embedded with the `pages` feature only: the playground's
    // module leaves it out and loads `rules.json` (written by `redlint rules --format json`).
    #[cfg(feature = "pages")]
    pub summary: &'static str,
    #[cfg(feature = "pages")]
    pub applies_to: &'static [&'static str],
    #[cfg(feature = "pages")]
    pub since: &'static str,
    #[cfg(feature = "pages")]
    pub references: &'static [&'static str],
    /// Rules of other linters this one matches or extends (`hadolint:DL3019`).
    #[cfg(feature = "pages")]
    pub related: &'static [&'static str],
    /// The whole Markdown page, front matter included.
    #[cfg(feature = "pages")]
    pub page: &'static str,
}

#[cfg(feature = "pages")]
impl RuleMeta {
    /// The page body, without its front matter.
    pub fn body(&self) -> &'static str {
        page::split(self.page).map_or(self.page, |(_, body)| body)
    }
    pub fn section(&self, heading: &str) -> Option<&'static str> {
        page::section(self.body(), heading)
    }
    /// Where the rule's page is published: SARIF's `helpUri`, the Markdown summary's links.
    pub fn url(&self) -> String {
        format!(
            "{}/blob/main/policies/{}/{}.md",
            env!("CARGO_PKG_REPOSITORY"),
            self.category.as_str(),
            self.name
        )
    }
}

include!(concat!(env!("OUT_DIR"), "/policies.rs"));

/// A rule's code.
pub struct Rule {
    pub name: &'static str,
    pub check: fn(&mut RuleContext<'_>, &Model),
}

/// Every rule, sorted by category then name. A test checks this matches the policy pages.
pub static RULES: &[Rule] = &[
    compat::apk_add_without_no_cache::RULE,
    compat::build_toolchain_in_final_image::RULE,
    compat::files_under_root_for_non_root_user::RULE,
    compat::glibc_artifacts_in_musl_image::RULE,
    compat::glibc_shim_on_musl::RULE,
    compat::manylinux_wheels_on_musl::RULE,
    compat::python_artifacts_without_python::RULE,
    config::command_line_overrides_config::RULE,
    config::config_outside_repository::RULE,
    config::conflicting_directives::RULE,
    config::copied_config_not_used::RULE,
    config::deprecated_api_version::RULE,
    config::deprecated_directive::RULE,
    config::dockerfile_syntax_error::RULE,
    config::duplicate_key::RULE,
    config::ignored_directive::RULE,
    config::include_cycle::RULE,
    config::include_not_found::RULE,
    config::include_outside_repository::RULE,
    config::inline_comment::RULE,
    config::input_limit_exceeded::RULE,
    config::invalid_value::RULE,
    config::line_continuation::RULE,
    config::missing_final_newline::RULE,
    config::module_config_without_loadmodule::RULE,
    config::mounted_config_not_used::RULE,
    config::overridden_directive::RULE,
    config::relative_include::RULE,
    config::save_after_include::RULE,
    config::suppression_without_reason::RULE,
    config::syntax_error::RULE,
    config::unknown_directive::RULE,
    config::unreadable_file::RULE,
    config::unused_suppression::RULE,
    config::wrong_argument_count::RULE,
    config::yaml_syntax_error::RULE,
    memory::decimal_memory_unit::RULE,
    memory::eviction_policy_without_maxmemory::RULE,
    memory::maxmemory_exceeds_memory_limit::RULE,
    memory::maxmemory_without_headroom::RULE,
    memory::memory_limit_without_maxmemory::RULE,
    memory::memory_request_below_limit::RULE,
    memory::no_maxmemory::RULE,
    memory::no_memory_limit::RULE,
    memory::noeviction_on_cache::RULE,
    persistence::aof_disabled::RULE,
    persistence::appendfsync_always::RULE,
    persistence::appendfsync_no::RULE,
    persistence::daemonize_enabled::RULE,
    persistence::data_volume_shared_by_replicas::RULE,
    persistence::persistence_disabled::RULE,
    persistence::redis_data_on_ephemeral_storage::RULE,
    persistence::relative_dir::RULE,
    persistence::volume_not_at_data_dir::RULE,
    reliability::floating_image_tag::RULE,
    reliability::healthcheck_passes_on_auth_error::RULE,
    reliability::missing_healthcheck::RULE,
    reliability::non_namespaced_sysctl::RULE,
    reliability::unpinned_image::RULE,
    reliability::unsafe_sysctl::RULE,
    security::config_command_enabled::RULE,
    security::container_security_context_weak::RULE,
    security::debug_command_enabled::RULE,
    security::env_var_ignored_by_image::RULE,
    security::guessable_command_rename::RULE,
    security::host_network_mode::RULE,
    security::module_command_enabled::RULE,
    security::no_authentication::RULE,
    security::no_network_policy::RULE,
    security::nopass_user_with_all_commands::RULE,
    security::password_on_command_line::RULE,
    security::plaintext_password::RULE,
    security::port_published_on_all_interfaces::RULE,
    security::privilege_drop_bypassed::RULE,
    security::privileged_container::RULE,
    security::protected_configs_enabled::RULE,
    security::protected_mode_off_without_auth::RULE,
    security::redis_exposed_by_service::RULE,
    security::requirepass_ignored_with_aclfile::RULE,
    security::run_as_non_root_without_uid::RULE,
    security::tls_with_plaintext_port::RULE,
    security::vulnerable_redis_version::RULE,
    security::weak_password::RULE,
];

/// Metadata of every rule, in the order of [`RULES`].
pub fn all() -> impl Iterator<Item = &'static RuleMeta> {
    RULES.iter().map(|rule| meta(rule.name).expect("every rule has a policy page"))
}

/// A rule's metadata by name.
pub fn meta(name: &str) -> Option<&'static RuleMeta> {
    PAGES.iter().find(|page| page.name == name)
}

/// What a rule gets while it runs.
pub struct RuleContext<'a> {
    rule: &'static str,
    severity: Severity,
    settings: &'a Settings,
    sources: &'a SourceMap,
    diagnostics: &'a mut Vec<Diagnostic>,
}

impl<'a> RuleContext<'a> {
    pub(crate) fn new(
        rule: &'static str,
        severity: Severity,
        settings: &'a Settings,
        sources: &'a SourceMap,
        diagnostics: &'a mut Vec<Diagnostic>,
    ) -> Self {
        RuleContext { rule, severity, settings, sources, diagnostics }
    }

    pub fn options(&self) -> &RuleOptions {
        &self.settings.options
    }

    pub fn sources(&self) -> &SourceMap {
        self.sources
    }

    /// The source text of a span.
    pub fn text(&self, span: Span) -> &str {
        self.sources.get(span.file).slice(span)
    }

    /// Report a finding; add labels, help and a fix on the returned builder.
    pub fn report(&mut self, span: Span, message: impl Into<String>) -> Report<'_> {
        self.diagnostics.push(Diagnostic {
            rule: self.rule,
            severity: self.severity,
            message: message.into(),
            span,
            labels: Vec::new(),
            help: None,
            fix: None,
        });
        let configured = self.settings.levels.contains_key(self.rule);
        Report { diagnostic: self.diagnostics.last_mut().expect("just pushed"), configured }
    }

    /// Report every loader problem of one kind (the `config` rules).
    pub fn report_problems(&mut self, model: &Model, kind: ProblemKind) {
        for problem in model.problems().filter(|problem| problem.kind == kind) {
            let Problem { span, message, labels, help, fix, .. } = problem.clone();
            let mut report = self.report(span, message);
            for Label { span, message } in labels {
                report = report.label(span, message);
            }
            if let Some(help) = help {
                report = report.help(help);
            }
            if let Some(fix) = fix {
                report.fix(fix);
            }
        }
    }
}

/// Labels that say how a config file reaches the container of an instance: the `COPY` that
/// bakes it into the image, and the `build:` that builds that image.
pub(crate) fn delivery_labels(
    instance: &crate::model::RedisInstance,
    sources: &SourceMap,
    file: crate::source::FileId,
) -> Vec<(Span, &'static str)> {
    let Some(container) = &instance.container else { return Vec::new() };
    let Some(copy) = container.copy_of(sources.get(file).path()) else { return Vec::new() };
    let mut labels = vec![(copy.span, "copied into the image here")];
    labels.extend(container.build_label());
    labels
}

/// Builder for the diagnostic just reported.
pub struct Report<'a> {
    diagnostic: &'a mut Diagnostic,
    /// The user set this rule's severity: findings keep it.
    configured: bool,
}

impl Report<'_> {
    pub fn label(self, span: Span, message: impl Into<String>) -> Self {
        self.diagnostic.labels.push(Label { span, message: message.into() });
        self
    }
    pub fn help(self, help: impl Into<String>) -> Self {
        self.diagnostic.help = Some(help.into());
        self
    }
    pub fn fix(self, fix: Fix) -> Self {
        self.diagnostic.fix = Some(fix);
        self
    }
    /// Raise this finding to `severity` (a rule whose page documents when it is more serious,
    /// like an exposed port of a Redis without a password), unless the user set the rule's
    /// severity.
    pub fn escalate(self, severity: Severity) -> Self {
        if !self.configured && severity > self.diagnostic.severity {
            self.diagnostic.severity = severity;
        }
        self
    }
}

/// Run every enabled rule over the model.
pub(crate) fn run(
    model: &Model,
    settings: &Settings,
    sources: &SourceMap,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for rule in RULES {
        let meta = meta(rule.name).expect("every rule has a policy page");
        if let Some(severity) = settings.level_of(rule.name, meta.severity) {
            let mut context = RuleContext::new(rule.name, severity, settings, sources, diagnostics);
            (rule.check)(&mut context, model);
        }
    }
}
