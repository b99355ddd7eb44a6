//! `overridden-directive`: see `policies/config/overridden-directive.md`.

use std::collections::HashMap;

use crate::model::Model;
use crate::model::config::Via;
use crate::redis_conf::directives::DIRECTIVES;
use crate::rules::{Rule, RuleContext};
use crate::source::{ColumnEncoding, FileId};

pub(crate) const RULE: Rule = Rule { name: "overridden-directive", check };

fn check(ctx: &mut RuleContext<'_>, model: &Model) {
    for instance in &model.instances {
        let config = &instance.config;
        // Per file, the last assignment of each directive: an earlier one with another value
        // has no effect. (Overrides across files and from the command line are deliberate.)
        let mut last: HashMap<FileId, Vec<Option<usize>>> = HashMap::new();
        for (index, assignment) in config.assignments.iter().enumerate() {
            if assignment.at.via == Via::ConfigFile {
                last.entry(assignment.at.line.file).or_insert_with(|| vec![None; DIRECTIVES.len()])
                    [assignment.directive.0 as usize] = Some(index);
            }
        }
        for (index, assignment) in config.assignments.iter().enumerate() {
            if assignment.at.via != Via::ConfigFile {
                continue;
            }
            let Some(winner_index) = last[&assignment.at.line.file][assignment.directive.0 as usize] else {
                continue;
            };
            let winner = &config.assignments[winner_index];
            if winner_index == index || winner.value.same_as(&assignment.value) {
                continue;
            }
            let name = assignment.directive.name();
            let line = ctx
                .sources()
                .get(winner.at.line.file)
                .range_of(winner.at.line, ColumnEncoding::default())
                .0
                .line;
            ctx.report(assignment.at.line, format!("this `{name}` has no effect: line {line} sets it again"))
                .label(winner.at.line, "this line wins")
                .help("remove one of the two lines so the file says what Redis does");
        }
    }
}
