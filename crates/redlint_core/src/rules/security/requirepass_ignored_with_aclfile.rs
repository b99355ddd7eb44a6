//! `requirepass-ignored-with-aclfile`: see `policies/security/requirepass-ignored-with-aclfile.md`.

use crate::model::{Model, Value};
use crate::rules::{Rule, RuleContext};

pub(crate) const RULE: Rule = Rule { name: "requirepass-ignored-with-aclfile", check };

fn check(ctx: &mut RuleContext<'_>, model: &Model) {
    for instance in &model.instances {
        let config = &instance.config;
        let Some(aclfile) = config.aclfile() else { continue };
        let requirepass = config.setting("requirepass");
        let (Value::Str(password), Some(span)) = (&requirepass.value, requirepass.origin.value_span()) else {
            continue;
        };
        if password.is_empty() {
            continue;
        }
        ctx.report(span, "`requirepass` is ignored because `aclfile` is set")
            .label(aclfile, "the ACL file decides the default user's password")
            .help("set the default user's password in the ACL file (`user default on #<sha256> ~* &* +@all`) and remove `requirepass`");
    }
}
