//! WR006 overdue-item.

use crate::config::RuleLevel;
use crate::lint::{Emitter, LintInput, Rule};
use crate::model::Status;

/// See [`Rule::docs`].
pub static RULE: Rule = Rule {
    id: "WR006",
    name: "overdue-item",
    summary: "a due date earlier than the note's date on an item that is not done",
    default_level: RuleLevel::Warning,
    docs: "**What it checks.** Every project and plan with a due date before the note's own date whose \
status is not done and that states no done date.\n\n\
**Why it matters.** Either it shipped and the note does not say so, or it slipped and the note \
does not say when it will ship; the rollup reports it as slipped either way.\n\n\
**Example.** In a note dated 2023-07-15, `- 店东看账，开发中，计划7/13上线` → `店东看账 was due \
2023-07-13, before this note's date, and is not done`.\n\n\
**Options.** None.",
    check,
};

fn check(input: &LintInput<'_>, out: &mut Emitter) {
    let Some(today) = input.note.date else { return };
    for item in input.note.all_items() {
        let Some(due) = item.due else { continue };
        if due < today && item.status != Status::Done && item.done_on.is_none() {
            out.emit(
                item.span,
                format!("{} was due {due}, before this note's date {today}, and is not done", item.name),
                Some("say it is done (已上线 / shipped), or write its new date (延期至… / moved to …)".into()),
            );
        }
    }
}
