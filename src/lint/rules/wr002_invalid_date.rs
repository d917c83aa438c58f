//! WR002 invalid-date.

use crate::config::RuleLevel;
use crate::lint::{Emitter, LintInput, Rule};

/// See [`Rule::docs`].
pub static RULE: Rule = Rule {
    id: "WR002",
    name: "invalid-date",
    summary: "a date or time that does not exist (2023-13-45, 7/32, 25:61), or a week without a year",
    default_level: RuleLevel::Error,
    docs: "**What it checks.** Dates next to a date word (`计划7/32上线`) or written with a year, \
event times, and `Created:` values that do not exist; a week number with no year anywhere in the note.\n\n\
**Why it matters.** An impossible date is dropped from the data: the project loses its due date, the \
event its time, and nobody notices.\n\n\
**Example.** `- 项目甲：计划7/32上线` → ``7/32` is not a date: there is no such day``.\n\n\
**Options.** None.",
    check,
};

fn check(input: &LintInput<'_>, out: &mut Emitter) {
    for d in super::diagnostics(
        input.note,
        &["invalid-date", "invalid-time", "missing-date"],
    ) {
        out.emit(d.span, d.message.clone(), None);
    }
}
