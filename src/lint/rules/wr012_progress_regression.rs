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
    docs: include_str!("wr012_progress_regression.md").trim_ascii_end(),
    diagnostics: &[],
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
