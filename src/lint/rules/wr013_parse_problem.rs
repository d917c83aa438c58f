//! WR013 parse-problem.

use crate::config::RuleLevel;
use crate::lint::{Emitter, LintInput, Rule};

/// See [`Rule::docs`].
pub static RULE: Rule = Rule {
    id: "WR013",
    name: "parse-problem",
    summary:
        "something the parser could not read as written: front matter, nesting, a recovery time",
    default_level: RuleLevel::Warning,
    docs: include_str!("wr013_parse_problem.md").trim_ascii_end(),
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
