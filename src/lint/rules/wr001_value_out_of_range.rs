//! WR001 value-out-of-range.

use crate::config::RuleLevel;
use crate::lint::{Emitter, LintInput, Rule};
use crate::model::DiagnosticCode;

/// See [`Rule::docs`].
pub static RULE: Rule = Rule {
    id: "WR001",
    name: "value-out-of-range",
    summary: "a value that cannot be: a percentage above 100 or below 0, negative minutes, week 54",
    default_level: RuleLevel::Error,
    docs: include_str!("wr001_value_out_of_range.md").trim_ascii_end(),
    diagnostics: &[DiagnosticCode::ValueOutOfRange],
    check,
};

fn check(input: &LintInput<'_>, out: &mut Emitter) {
    for d in super::diagnostics(input.note, RULE.diagnostics) {
        out.emit(d.span, d.message.clone(), Some("correct the figure".into()));
    }
}
