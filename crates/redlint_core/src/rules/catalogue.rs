//! The rule catalogue: as Markdown, the table `redlint rules --format markdown` prints and the
//! generated `policies/README.md` (a test keeps that file fresh); as JSON, what
//! `redlint rules --format json` prints, the action's `rules()` returns and the playground
//! loads as `rules.json`.

use std::fmt::Write as _;

use crate::settings::OPTIONS;

/// One row per rule: name (linked to its page), category, severity, summary, applies-to.
/// `link_prefix` is put before `<category>/<name>.md` (`""` inside `policies/`).
pub fn markdown_table(link_prefix: &str) -> String {
    let mut out =
        String::from("| rule | category | severity | summary | applies to |\n|---|---|---|---|---|\n");
    for meta in super::all() {
        let _ = writeln!(
            out,
            "| [`{name}`]({link_prefix}{category}/{name}.md) | {category} | {severity} | {summary} | {applies} |",
            name = meta.name,
            category = meta.category,
            severity = meta.severity,
            summary = meta.summary.replace('|', "\\|"),
            applies = meta.applies_to.join(", "),
        );
    }
    out
}

/// Every rule with its documentation, as a JSON array: `name`, `category`, `severity`,
/// `summary`, `applies_to`, `since`, `references`, `related` and `page` (the Markdown body of
/// its policy page, without front matter).
pub fn json() -> String {
    /// Typed rather than `serde_json::Value`: smaller in WASM.
    #[derive(serde::Serialize)]
    struct Rule {
        name: &'static str,
        category: &'static str,
        severity: crate::Severity,
        summary: &'static str,
        applies_to: &'static [&'static str],
        since: &'static str,
        references: &'static [&'static str],
        related: &'static [&'static str],
        page: &'static str,
    }
    let rules: Vec<Rule> = super::all()
        .map(|meta| Rule {
            name: meta.name,
            category: meta.category.as_str(),
            severity: meta.severity,
            summary: meta.summary,
            applies_to: meta.applies_to,
            since: meta.since,
            references: meta.references,
            related: meta.related,
            page: meta.body(),
        })
        .collect();
    serde_json::to_string_pretty(&rules).expect("serialising plain structs cannot fail")
}

/// The content of `policies/README.md`.
pub fn policies_readme() -> String {
    let mut out = String::from(
        "<!-- Generated from the policy pages by `cargo xtask codegen`; do not edit by hand. -->\n\n\
         # Rules\n\n\
         Every rule redlint has, one page each. The page is the rule's documentation and its test:\n\
         its *Example* must trigger the rule and its *Use instead* must not. `redlint rule NAME`\n\
         prints a page in the terminal; SARIF output carries it as the rule's help.\n\n",
    );
    let count = super::all().count();
    let _ = writeln!(out, "{count} rules.\n");
    out.push_str(&markdown_table(""));
    out.push_str(
        "\n## Options\n\nSet in `redlint.toml` under `[rules.<rule>]` (see the [README](../README.md#configuration)).\n\n\
         | rule | option | default | range | meaning |\n|---|---|---|---|---|\n",
    );
    for option in OPTIONS {
        let _ = writeln!(
            out,
            "| `{}` | `{}` | {} | {}–{} | {} |",
            option.rule, option.key, option.default, option.min, option.max, option.doc
        );
    }
    out.push_str(
        "\n## Presets\n\n`extends = \"NAME\"` in `redlint.toml` starts from a preset in [`presets/`](presets/):\n\n\
         - [`recommended`](presets/recommended.toml): every rule at the severity its page gives it (the default).\n\
         - [`strict`](presets/strict.toml): advice raised to warnings; suppressions must give a reason and still be needed.\n",
    );
    out
}
