//! Label selectors: a Service's `selector` (equality only) and the `LabelSelector` of
//! NetworkPolicies and workloads (`matchLabels` and `matchExpressions`).

use super::object::Labels;
use crate::yaml::YamlRef;

/// Most labels or expressions read from one selector.
const MAX_TERMS: usize = 1_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operator {
    In,
    NotIn,
    Exists,
    DoesNotExist,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expression {
    pub key: String,
    pub operator: Operator,
    pub values: Vec<String>,
}

/// A `LabelSelector`. Every term must hold; no terms at all selects everything.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LabelSelector {
    pub match_labels: Labels,
    pub expressions: Vec<Expression>,
}

impl LabelSelector {
    /// Read a `LabelSelector`; `None` when it cannot select anything as written (an unknown
    /// operator, which the API server would reject).
    pub fn read(node: YamlRef<'_>) -> Option<LabelSelector> {
        if node.is_null() {
            return Some(LabelSelector::default());
        }
        if !node.is_mapping() {
            return None;
        }
        let match_labels = node.get("matchLabels").map(|labels| equality_map(labels)).unwrap_or_default();
        let mut expressions = Vec::new();
        if let Some(list) = node.get("matchExpressions") {
            for item in list.items().take(MAX_TERMS) {
                let key = item.get("key")?.as_str()?.to_owned();
                let operator = match item.get("operator")?.as_str()? {
                    "In" => Operator::In,
                    "NotIn" => Operator::NotIn,
                    "Exists" => Operator::Exists,
                    "DoesNotExist" => Operator::DoesNotExist,
                    _ => return None,
                };
                let values = item
                    .get("values")
                    .map(|values| {
                        values
                            .items()
                            .take(MAX_TERMS)
                            .filter_map(|value| value.as_str().map(str::to_owned))
                            .collect()
                    })
                    .unwrap_or_default();
                expressions.push(Expression { key, operator, values });
            }
        }
        Some(LabelSelector { match_labels, expressions })
    }

    /// Selects every pod (of the namespace).
    pub fn is_empty(&self) -> bool {
        self.match_labels.is_empty() && self.expressions.is_empty()
    }

    pub fn matches(&self, labels: &Labels) -> bool {
        let value_of =
            |key: &str| labels.iter().find(|(name, _)| name == key).map(|(_, value)| value.as_str());
        self.match_labels.iter().all(|(key, value)| value_of(key) == Some(value.as_str()))
            && self.expressions.iter().all(|expression| {
                let value = value_of(&expression.key);
                match expression.operator {
                    Operator::In => {
                        value.is_some_and(|value| expression.values.iter().any(|wanted| wanted == value))
                    }
                    Operator::NotIn => {
                        value.is_none_or(|value| expression.values.iter().all(|other| other != value))
                    }
                    Operator::Exists => value.is_some(),
                    Operator::DoesNotExist => value.is_none(),
                }
            })
    }
}

/// A mapping of label names to values (`matchLabels`, a Service's `selector`).
pub fn equality_map(node: YamlRef<'_>) -> Labels {
    node.entries()
        .into_iter()
        .take(MAX_TERMS)
        .filter_map(|(key, value)| Some((key.as_str()?.to_owned(), value.as_str().unwrap_or("").to_owned())))
        .collect()
}

/// A Service's `selector`: equality on every label; an empty or missing selector selects no
/// pod (the Service's endpoints are managed by hand).
pub fn service_selects(selector: Option<YamlRef<'_>>, labels: &Labels) -> bool {
    let Some(selector) = selector.filter(YamlRef::is_mapping) else { return false };
    let wanted = equality_map(selector);
    !wanted.is_empty() && LabelSelector { match_labels: wanted, expressions: Vec::new() }.matches(labels)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;
    use crate::yaml::parse;

    fn labels(pairs: &[(&str, &str)]) -> Labels {
        pairs.iter().map(|(key, value)| ((*key).to_owned(), (*value).to_owned())).collect()
    }

    fn selector(text: &str) -> Option<LabelSelector> {
        let yaml = parse(FileId(0), text);
        LabelSelector::read(yaml.document(0).unwrap())
    }

    #[test]
    fn match_labels_and_expressions() {
        let pod = labels(&[("app", "redis"), ("tier", "cache")]);
        assert!(selector("matchLabels: {app: redis}").unwrap().matches(&pod));
        assert!(!selector("matchLabels: {app: redis, tier: db}").unwrap().matches(&pod));
        let expressions = "matchExpressions:\n- {key: tier, operator: In, values: [cache, db]}\n- {key: env, operator: DoesNotExist}\n- {key: app, operator: NotIn, values: [web]}\n- {key: app, operator: Exists}\n";
        assert!(selector(expressions).unwrap().matches(&pod));
        assert!(
            !selector("matchExpressions: [{key: tier, operator: NotIn, values: [cache]}]")
                .unwrap()
                .matches(&pod)
        );
        assert!(!selector("matchExpressions: [{key: env, operator: Exists}]").unwrap().matches(&pod));
        assert_eq!(selector("matchExpressions: [{key: a, operator: Near}]"), None);
    }

    #[test]
    fn empty_selectors() {
        let pod = labels(&[("app", "redis")]);
        let all = selector("{}").unwrap();
        assert!(all.is_empty() && all.matches(&pod));
        assert!(selector("~").unwrap().matches(&pod));
        let yaml = parse(FileId(0), "a: {}\nb: {app: redis}\nc: {app: web}\n");
        let root = yaml.document(0).unwrap();
        assert!(!service_selects(root.get("a"), &pod), "an empty Service selector selects nothing");
        assert!(service_selects(root.get("b"), &pod));
        assert!(!service_selects(root.get("c"), &pod));
        assert!(!service_selects(None, &pod));
    }
}
