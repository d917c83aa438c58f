//! WR007 metric-threshold.

use crate::config::RuleLevel;
use crate::lint::{Emitter, LintInput, Rule};

/// See [`Rule::docs`].
pub static RULE: Rule = Rule {
    id: "WR007",
    name: "metric-threshold",
    summary: "a metric that breaks its threshold in weekly-report.yaml",
    default_level: RuleLevel::Warning,
    docs: include_str!("wr007_metric_threshold.md").trim_ascii_end(),
    diagnostics: &[],
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
