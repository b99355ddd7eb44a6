//! `noeviction-on-cache`: see `policies/memory/noeviction-on-cache.md`.

use crate::model::Model;
use crate::rules::{Rule, RuleContext};

pub(crate) const RULE: Rule = Rule { name: "noeviction-on-cache", check };

fn check(ctx: &mut RuleContext<'_>, model: &Model) {
    for instance in &model.instances {
        let config = &instance.config;
        // No persistence is what marks a cache; a primary store should refuse writes instead.
        if instance.is_sentinel()
            || config.bytes("maxmemory") == 0
            || config.enum_value("maxmemory-policy") != "noeviction"
            || config.persistence_enabled()
            || !config.is_known("maxmemory-policy")
        {
            continue;
        }
        let span = config
            .origin("maxmemory-policy")
            .value_span()
            .or(config.origin("maxmemory").value_span())
            .unwrap_or(instance.anchor);
        ctx.report(span, "this looks like a cache (no persistence) but evicts nothing: writes fail with OOM errors once `maxmemory` is reached")
            .help("use `maxmemory-policy allkeys-lru` (or `allkeys-lfu`) for a cache");
    }
}
