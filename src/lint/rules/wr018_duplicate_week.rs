//! WR018 duplicate-week.

use crate::config::RuleLevel;
use crate::lint::{Emitter, LintInput, Rule};

/// See [`Rule::docs`].
pub static RULE: Rule = Rule {
    id: "WR018",
    name: "duplicate-week",
    summary: "another weekly note in the same folder is for the same week",
    default_level: RuleLevel::Error,
    docs: "**What it checks.** A weekly note whose date falls in the same week (under \
`week_numbering`) as another weekly note of its folder, such as `2023-W31 2023-07-29.md` beside \
`第31周 2023-07-29.md`. A folder is one team's notes; daily notes are not counted.\n\n\
**Why it matters.** `build` rolls each note up as a week of its own, so the week is shown \
twice and its figures are counted twice; `diff` and `draft` pick one of the two at random.\n\n\
**Example.** `第31周 2023-07-29.md` and `2023-W31 2023-07-28.md` in one folder → `week \
2023-W31 also has the note 2023-W31 2023-07-28.md`, on each of the two.\n\n\
**Options.** None.",
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
