//! `overridden-directive`: see `policies/config/overridden-directive.md`.

use std::collections::HashMap;

use crate::model::Model;
use crate::model::config::Via;
use crate::rules::{Rule, RuleContext};
use crate::source::ColumnEncoding;

pub(crate) const RULE: Rule = Rule { name: "overridden-directive", check };

fn check(ctx: &mut RuleContext<'_>, model: &Model) {
    for instance in &model.instances {
        let config = &instance.config;
        // The last assignment of each directive per file; an earlier one with another value is dead.
        let mut last: HashMap<_, usize> = HashMap::new();
        for (index, assignment) in config.assignments.iter().enumerate() {
            if assignment.at.via == Via::ConfigFile {
                last.insert((assignment.directive, assignment.at.line.file), index);
            }
        }
        for (index, assignment) in config.assignments.iter().enumerate() {
            let key = (assignment.directive, assignment.at.line.file);
            let Some(&winner_index) = last.get(&key) else { continue };
            let winner = &config.assignments[winner_index];
            if winner_index == index
                || assignment.at.via != Via::ConfigFile
                || winner.value.same_as(&assignment.value)
            {
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
