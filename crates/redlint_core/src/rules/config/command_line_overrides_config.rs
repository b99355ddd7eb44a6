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
            // A config embedded in a manifest is named by its key, at the manifest's line.
            let sources = ctx.sources();
            let written = sources.to_host(file_line.at.line);
            let file = sources.get(written.file);
            let line = file.range_of(written, ColumnEncoding::Chars).0.line;
            let place = match crate::k8s::describe_data_path(sources.get(file_line.at.line.file).path()) {
                Some(key) if written.file != file_line.at.line.file => {
                    format!("{key} (`{}` line {line})", file.path())
                }
                _ => format!("`{}` (line {line})", file.path()),
            };
            ctx.report(option.at.line, format!("`--{name}` overrides `{name}` set in {place}"))
                .label(file_line.at.line, "this value has no effect")
                .help("keep each setting in one place, so the config file says what Redis does");
        }
    }
}
