//! WR016 unread-figure.

use crate::config::RuleLevel;
use crate::explain::UnreadReason;
use crate::lint::{Emitter, LintInput, Rule};
use crate::model::DiagnosticCode;

/// See [`Rule::docs`].
pub static RULE: Rule = Rule {
    id: "WR016",
    name: "unread-figure",
    summary: "a line with figures, dates, times or status words that gave no fact",
    default_level: RuleLevel::Info,
    docs: include_str!("wr016_unread_figure.md").trim_ascii_end(),
    diagnostics: &[DiagnosticCode::AmbiguousTime],
    check,
};

fn check(input: &LintInput<'_>, out: &mut Emitter) {
    let unread: Vec<_> = {
        let explained = out.explained(input);
        explained
            .lines
            .iter()
            // A value left out with a diagnostic is reported by that diagnostic's rule.
            .filter_map(|l| l.unread.as_ref())
            .filter(|u| u.reason != UnreadReason::LeftOut)
            .map(|u| (u.span, u.message.clone(), u.hint.clone()))
            .collect()
    };
    for (span, message, hint) in unread {
        out.emit(span, message, hint);
    }
    for d in super::diagnostics(input.note, RULE.diagnostics) {
        out.emit(
            d.span,
            format!("left out: {}", d.message),
            Some("write the time so that only one reading is possible".into()),
        );
    }
}
