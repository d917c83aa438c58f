//! WR002 invalid-date.

use crate::config::RuleLevel;
use crate::lint::{Emitter, LintInput, Rule};
use crate::model::DiagnosticCode;

/// See [`Rule::docs`].
pub static RULE: Rule = Rule {
    id: "WR002",
    name: "invalid-date",
    summary:
        "a date or time that does not exist (2023-13-45, 7/32, 25:61), or a week without a year",
    default_level: RuleLevel::Error,
    docs: include_str!("wr002_invalid_date.md").trim_ascii_end(),
    diagnostics: &[
        DiagnosticCode::InvalidDate,
        DiagnosticCode::InvalidTime,
        DiagnosticCode::MissingDate,
    ],
    check,
};

fn check(input: &LintInput<'_>, out: &mut Emitter) {
    for d in super::diagnostics(input.note, RULE.diagnostics) {
        out.emit(d.span, d.message.clone(), None);
    }
}
