//! WR013 parse-problem.

use crate::config::RuleLevel;
use crate::lint::{Emitter, LintInput, Rule};

/// See [`Rule::docs`].
pub static RULE: Rule = Rule {
    id: "WR013",
    name: "parse-problem",
    summary: "something the parser could not read as written: front matter, nesting, a recovery time",
    default_level: RuleLevel::Warning,
    docs: "**What it checks.** The parser's other diagnostics: invalid or oversized front matter, \
lists nested deeper than 64 levels, a recovery time before its event's time without a date, an \
incident grade counted twice with different counts.\n\n\
**Why it matters.** Each is a fact the tool had to drop or guess around.\n\n\
**Example.** `- 7/7 23:50 批量任务失败，处置：00:20 恢复` → `recovery at 00:20 is before the event at \
23:50; write the recovery's date if it was the next day`.\n\n\
**Options.** None.",
    check,
};

fn check(input: &LintInput<'_>, out: &mut Emitter) {
    let codes = &[
        "invalid-front-matter",
        "nesting-too-deep",
        "recovery-before-event",
        "duplicate-incident-grade",
    ];
    for d in super::diagnostics(input.note, codes) {
        out.emit(d.span, d.message.clone(), None);
    }
}
