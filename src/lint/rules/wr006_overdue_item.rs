//! WR006 overdue-item.

use crate::config::writing::Lang;
use crate::config::RuleLevel;
use crate::lint::{Emitter, LintInput, Rule};
use crate::model::Status;

/// See [`Rule::docs`].
pub static RULE: Rule = Rule {
    id: "WR006",
    name: "overdue-item",
    summary: "a due date earlier than the note's date on an item that is not done",
    default_level: RuleLevel::Warning,
    docs: include_str!("wr006_overdue_item.md").trim_ascii_end(),
    diagnostics: &[],
    check,
};

fn check(input: &LintInput<'_>, out: &mut Emitter) {
    let Some(today) = input.note.date else { return };
    let vocabulary = &input.config.vocabulary;
    let (zh, en) = (vocabulary.phrases(Lang::Zh), vocabulary.phrases(Lang::En));
    let hint = format!(
        "say it is done ({} / {}), or write its new date ({}… / {} …)",
        zh.done_example, en.done_example, zh.moved_example, en.moved_example
    );
    for item in input.note.all_items() {
        let Some(due) = item.due else { continue };
        if due < today && item.status != Status::Done && item.done_on.is_none() {
            out.emit(
                item.span,
                format!(
                    "{} was due {due}, before this note's date {today}, and is not done",
                    item.name
                ),
                Some(hint.clone()),
            );
        }
    }
}
