//! `command-line-overrides-config`: see `policies/config/command-line-overrides-config.md`.

use crate::model::{Model, Via};
use crate::rules::{Rule, RuleContext};
use crate::source::ColumnEncoding;

pub(crate) const RULE: Rule = Rule { name: "command-line-overrides-config", check };

fn check(ctx: &mut RuleContext<'_>, model: &Model) {
    for instance in &model.instances {
        let assignments = &instance.config.assignments;
        for option in assignments.iter().filter(|assignment| assignment.at.via == Via::CommandLine) {
            // The last line of the config file that set the same directive.
            let Some(file_line) = assignments
                .iter()
                .rev()
                .find(|earlier| earlier.directive == option.directive && earlier.at.via == Via::ConfigFile)
            else {
                continue;
            };
            if file_line.value.same_as(&option.value) {
                continue;
            }
            let name = option.directive.name();
            let file = ctx.sources().get(file_line.at.line.file);
            let line = file.range_of(file_line.at.line, ColumnEncoding::Chars).0.line;
            let path = file.path().to_owned();
            ctx.report(
                option.at.line,
                format!("`--{name}` overrides `{name}` set in `{path}` (line {line})"),
            )
            .label(file_line.at.line, "this value has no effect")
            .help("keep each setting in one place, so the config file says what Redis does");
        }
    }
}
