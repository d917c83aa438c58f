//! WR007 metric-threshold.

use crate::config::RuleLevel;
use crate::lint::{Emitter, LintInput, Rule};

/// See [`Rule::docs`].
pub static RULE: Rule = Rule {
    id: "WR007",
    name: "metric-threshold",
    summary: "a metric that breaks its threshold in weekly-report.yaml",
    default_level: RuleLevel::Warning,
    docs: "**What it checks.** Each metric with a `thresholds:` entry in the configuration.\n\n\
**Why it matters.** A breach belongs in the review; this makes sure the note's author saw it.\n\n\
**Example.** With `thresholds: {出金有效成功率: \">= 99.9\"}`, `- 出金有效成功率：99.85%` → \
`出金有效成功率 is 99.85%, which breaks the threshold >= 99.9`.\n\n\
**Options.** `thresholds:` in `weekly-report.yaml`.",
    check,
};

fn check(input: &LintInput<'_>, out: &mut Emitter) {
    for m in &input.note.metrics {
        let Some(t) = input.config.thresholds.iter().find(|t| t.metric == m.name) else {
            continue;
        };
        if !t.holds(m.value) {
            let unit = m.unit.as_deref().unwrap_or("");
            out.emit(
                m.span,
                format!(
                    "{} is {}{unit}, which breaks the threshold {t}",
                    m.name, m.value
                ),
                None,
            );
        }
    }
}
