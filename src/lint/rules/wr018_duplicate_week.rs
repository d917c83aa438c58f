//! WR018 duplicate-week.

use crate::config::RuleLevel;
use crate::lint::{Emitter, LintInput, Rule};

/// See [`Rule::docs`].
pub static RULE: Rule = Rule {
    id: "WR018",
    name: "duplicate-week",
    summary: "another weekly note in the same folder is for the same week",
    default_level: RuleLevel::Error,
    docs: include_str!("wr018_duplicate_week.md").trim_ascii_end(),
    diagnostics: &[],
    check,
};

fn check(input: &LintInput<'_>, out: &mut Emitter) {
    let Some(title) = input
        .note
        .sections
        .iter()
        .find(|s| s.role == crate::model::SectionRole::Title)
    else {
        return;
    };
    let Some(date) = input.note.date else {
        return;
    };
    let week = crate::calendar::week_of(date, input.config.week_numbering);
    for other in input.same_week {
        out.emit(
            title.span,
            format!("week {week} also has the note {other}"),
            Some("keep one note per week: merge them, or delete one".into()),
        );
    }
}
