//! WR013 parse-problem.

use crate::config::RuleLevel;
use crate::lint::{Emitter, LintInput, Rule};
use crate::model::DiagnosticCode;

/// See [`Rule::docs`].
pub static RULE: Rule = Rule {
    id: "WR013",
    name: "parse-problem",
    summary:
        "something the parser could not read as written: front matter, nesting, a recovery time",
    default_level: RuleLevel::Warning,
    docs: include_str!("wr013_parse_problem.md").trim_ascii_end(),
    diagnostics: &[
        DiagnosticCode::InvalidFrontMatter,
        DiagnosticCode::NestingTooDeep,
        DiagnosticCode::RecoveryBeforeEvent,
        DiagnosticCode::DuplicateIncidentGrade,
    ],
    check,
};

fn check(input: &LintInput<'_>, out: &mut Emitter) {
    for d in super::diagnostics(input.note, RULE.diagnostics) {
        out.emit(d.span, d.message.clone(), None);
    }
}
