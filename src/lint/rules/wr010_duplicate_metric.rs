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
    docs: "**What it checks.** Two metrics with the same name in one note.\n\n\
**Why it matters.** A rollup keeps the first value; if the second is the correction, the report \
is wrong.\n\n\
**Example.** `入金有效成功率：99.99%` on line 13 and `入金有效成功率：99.98%` on line 40 → \
`入金有效成功率 is stated twice (line 13: 99.99, line 40: 99.98); the first counts`.\n\n\
**Options.** None.",
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
