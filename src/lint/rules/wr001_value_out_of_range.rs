//! WR001 value-out-of-range.

use crate::config::RuleLevel;
use crate::lint::{Emitter, LintInput, Rule};

/// See [`Rule::docs`].
pub static RULE: Rule = Rule {
    id: "WR001",
    name: "value-out-of-range",
    summary: "a value that cannot be: a percentage above 100 or below 0, negative minutes, week 54",
    default_level: RuleLevel::Error,
    docs: "**What it checks.** Percentages of metrics and progress outside 0–100, a negative impact \
(`影响-5分钟`), a week number outside 1–53.\n\n\
**Why it matters.** Such a value is a typo; left in, it skews every rollup and chart built on it.\n\n\
**Example.** `- 入金有效成功率：199.99%` → `入金有效成功率 is 199.99%, outside 0–100%`.\n\n\
**Options.** None.",
    check,
};

fn check(input: &LintInput<'_>, out: &mut Emitter) {
    for d in super::diagnostics(input.note, &["value-out-of-range"]) {
        out.emit(d.span, d.message.clone(), Some("correct the figure".into()));
    }
}
