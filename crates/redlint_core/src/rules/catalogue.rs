//! The rule catalogue as Markdown: the table `redlint rules --format markdown` prints and the
//! generated `policies/README.md` (a test keeps that file fresh).

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
