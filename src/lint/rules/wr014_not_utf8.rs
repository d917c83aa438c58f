//! WR014 not-utf8.

use crate::config::RuleLevel;
use crate::lint::{Emitter, LintInput, Rule};
use crate::model::DiagnosticCode;

/// See [`Rule::docs`].
pub static RULE: Rule = Rule {
    id: "WR014",
    name: "not-utf8",
    summary: "the note is GB18030/GBK, not UTF-8",
    default_level: RuleLevel::Info,
    docs: include_str!("wr014_not_utf8.md").trim_ascii_end(),
    diagnostics: &[DiagnosticCode::Gb18030Decoded],
    check,
};

fn check(input: &LintInput<'_>, out: &mut Emitter) {
    for d in super::diagnostics(input.note, RULE.diagnostics) {
        out.emit(
            d.span,
            d.message.clone(),
            Some("save the file as UTF-8".into()),
        );
    }
}
