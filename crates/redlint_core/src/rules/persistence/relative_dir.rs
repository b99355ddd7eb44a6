//! `relative-dir`: see `policies/persistence/relative-dir.md`.

use crate::model::{Model, Value};
use crate::rules::{Rule, RuleContext};

pub(crate) const RULE: Rule = Rule { name: "relative-dir", check };

fn check(ctx: &mut RuleContext<'_>, model: &Model) {
    for instance in &model.instances {
        let setting = instance.config.setting("dir");
        let (Value::Str(dir), Some(span)) = (&setting.value, setting.origin.value_span()) else { continue };
        // `dir /data` then `dir redis` ends in `/data/redis`: only a working directory that is
        // still relative depends on where Redis starts.
        if dir.starts_with('/')
            || instance.config.working_dir.as_deref().is_some_and(|cwd| cwd.starts_with('/'))
        {
            continue;
        }
        ctx.report(
            span,
            format!("`dir {dir}` is relative: the data goes wherever Redis happens to be started"),
        )
        .help("use an absolute path on a persistent volume, e.g. `dir /data`");
    }
}
