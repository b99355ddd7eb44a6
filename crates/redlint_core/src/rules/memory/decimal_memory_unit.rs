//! `decimal-memory-unit`: see `policies/memory/decimal-memory-unit.md`.

use crate::diagnostic::{Applicability, Edit, Fix};
use crate::model::{Model, Via};
use crate::redis_conf::values::describe_bytes;
use crate::rules::{Rule, RuleContext};

pub(crate) const RULE: Rule = Rule { name: "decimal-memory-unit", check };

fn check(ctx: &mut RuleContext<'_>, model: &Model) {
    let mut seen = std::collections::HashSet::new();
    for instance in &model.instances {
        for literal in &instance.config.memory_literals {
            let memory = literal.value;
            if memory.bytes == 0 || !matches!(memory.multiplier, 1_000 | 1_000_000 | 1_000_000_000) {
                continue;
            }
            if !seen.insert((literal.span, literal.text.clone())) {
                continue;
            }
            let written = &literal.text;
            let binary = format!("{written}b");
            let binary_bytes = memory.bytes / memory.multiplier * 1024u64.pow(memory.multiplier.ilog(1000));
            let report = ctx
                .report(
                    literal.span,
                    format!(
                        "`{written}` is {} bytes ({}); `{binary}` would be {}",
                        memory.bytes,
                        describe_bytes(memory.bytes),
                        describe_bytes(binary_bytes)
                    ),
                )
                .help("Redis reads `k`, `m`, `g` as powers of 1000 and `kb`, `mb`, `gb` as powers of 1024; container limits (`Mi`, `Gi`) are powers of 1024");
            if literal.exact && literal.via == Via::ConfigFile {
                report.fix(Fix {
                    description: format!("write `{binary}`"),
                    edits: vec![Edit { span: literal.span, replacement: binary }],
                    applicability: Applicability::Unsafe,
                });
            }
        }
    }
}
