//! WR010 duplicate-metric.

use std::collections::HashMap;

use crate::config::RuleLevel;
use crate::lint::{Emitter, LintInput, Rule};

/// See [`Rule::docs`].
pub static RULE: Rule = Rule {
    id: "WR010",
    name: "duplicate-metric",
    summary: "the same metric stated twice in one note",
    default_level: RuleLevel::Warning,
    docs: include_str!("wr010_duplicate_metric.md").trim_ascii_end(),
    diagnostics: &[],
    check,
};

fn check(input: &LintInput<'_>, out: &mut Emitter) {
    let mut first: HashMap<&str, &crate::model::Metric> = HashMap::new();
    for m in &input.note.metrics {
        match first.get(m.name.as_str()) {
            Some(f) => out.emit(
                m.span,
                format!(
                    "{} is stated twice (line {}: {}, line {}: {}); the first counts",
                    m.name, f.line, f.value, m.line, m.value
                ),
                Some("remove one, or give them different names".into()),
            ),
            None => {
                first.insert(&m.name, m);
            }
        }
    }
}
