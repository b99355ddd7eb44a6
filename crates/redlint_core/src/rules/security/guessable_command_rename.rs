//! `guessable-command-rename`: see `policies/security/guessable-command-rename.md`.

use crate::model::Model;
use crate::rules::{Rule, RuleContext};

pub(crate) const RULE: Rule = Rule { name: "guessable-command-rename", check };

fn check(ctx: &mut RuleContext<'_>, model: &Model) {
    let min_length = ctx.options().min_rename_length;
    for instance in &model.instances {
        for rename in &instance.config.renames {
            let new_name = &rename.new_name;
            if new_name.is_empty() {
                continue;
            }
            let command = rename.command.to_ascii_uppercase();
            let reason = if new_name.to_ascii_lowercase().contains(&rename.command) {
                "the new name contains the command's name"
            } else if new_name.chars().count() < min_length {
                "the new name is short"
            } else if distinct_chars(new_name) < 6 {
                "the new name uses few distinct characters"
            } else {
                continue;
            };
            ctx.report(rename.new_name_span, format!("`{command}` is renamed to a guessable name: {reason}"))
                .help(format!(
                    "rename it to `\"\"` to remove it, deny it with ACLs, or use a random name of at least {min_length} characters"
                ));
        }
    }
}

fn distinct_chars(text: &str) -> usize {
    let mut chars: Vec<char> = text.chars().collect();
    crate::sort::sort(&mut chars);
    chars.dedup();
    chars.len()
}
