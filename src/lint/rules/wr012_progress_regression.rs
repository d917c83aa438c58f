//! WR012 progress-regression.

use std::collections::HashMap;

use crate::analyze::project_key;
use crate::config::RuleLevel;
use crate::lint::{Emitter, LintInput, Related, Rule};

/// See [`Rule::docs`].
pub static RULE: Rule = Rule {
    id: "WR012",
    name: "progress-regression",
    summary: "a project with lower progress than in last week's note",
    default_level: RuleLevel::Warning,
    docs: "**What it checks.** When the same folder holds the previous weekly note (the latest one \
dated up to 14 days before), each project whose progress is lower now than there.\n\n\
**Why it matters.** Progress goes back only when scope grew or a figure was mistyped; either is \
worth a sentence in the note.\n\n\
**Example.** Last week `网联代收：开发进度 85%`, this week `网联代收：开发进度 70%` → `网联代收 is at \
70%, down from 85% in 第28周 2023-07-08.md`.\n\n\
**Options.** None.",
    check,
};

fn check(input: &LintInput<'_>, out: &mut Emitter) {
    let Some(previous) = input.previous else {
        return;
    };
    let before: HashMap<String, (rust_decimal::Decimal, &crate::model::Item)> = previous
        .all_items()
        .filter_map(|i| Some((project_key(&i.name), (i.progress?.0, i))))
        .collect();
    let file = previous.path.rsplit('/').next().unwrap_or(&previous.path);
    for item in input.note.all_items() {
        let (Some(now), Some((then, there))) =
            (item.progress, before.get(&project_key(&item.name)))
        else {
            continue;
        };
        if now.0 < *then {
            out.emit_related(
                item.span,
                format!(
                    "{} is at {now}%, down from {}% in {file}",
                    item.name,
                    then.normalize()
                ),
                Some("say why (scope grew?), or correct the figure".into()),
                Related {
                    path: previous.path.clone(),
                    line: there.line,
                    span: there.span,
                    message: format!("{}% in {file}", then.normalize()),
                },
            );
        }
    }
}
