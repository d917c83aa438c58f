//! WR005 incident-event-mismatch.

use std::collections::BTreeMap;

use crate::config::RuleLevel;
use crate::lint::{Emitter, LintInput, Rule};

/// See [`Rule::docs`].
pub static RULE: Rule = Rule {
    id: "WR005",
    name: "incident-event-mismatch",
    summary: "the incident counts by grade disagree with the stability events listed",
    default_level: RuleLevel::Warning,
    docs: "**What it checks.** A note that counts incidents (`事故数AB级0次，CD级1次`) and lists \
stability events: when events name their grade, the count of each grade must match; otherwise the \
total must equal the number of events.\n\n\
**Why it matters.** The counts feed the incident rollup, the events the impact minutes and error \
budget; when they disagree one of them is incomplete.\n\n\
**Example.** The sample counts 1 incident (CD 1) and lists 2 events. Not every event is an \
incident, so this is a warning; silence it for such a note with \
`<!-- weekly-report-disable incident-event-mismatch -->`.\n\n\
**Options.** None.",
    check,
};

fn check(input: &LintInput<'_>, out: &mut Emitter) {
    let note = input.note;
    let Some(incidents) = &note.incidents else {
        return;
    };
    let counted: u32 = incidents.by_grade.values().sum();
    let graded: Vec<&str> = note
        .events
        .iter()
        .filter_map(|e| e.grade.as_deref())
        .collect();
    let listing = |by: &BTreeMap<String, u32>| {
        by.iter()
            .map(|(g, n)| format!("{g} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !graded.is_empty() && graded.len() == note.events.len() {
        let mut listed: BTreeMap<String, u32> = BTreeMap::new();
        for g in graded {
            *listed.entry(g.to_string()).or_default() += 1;
        }
        for (grade, n) in &listed {
            let stated = incidents.by_grade.get(grade).copied().unwrap_or(0);
            if stated != *n {
                out.emit(
                    incidents.span,
                    format!("counts {stated} {grade} incident(s) but lists {n} {grade} stability event(s)"),
                    Some(format!("update the {grade} count, or the events' grades")),
                );
            }
        }
        return;
    }
    if counted as usize != note.events.len() {
        out.emit(
            incidents.span,
            format!(
                "counts {counted} incident(s) ({}) but lists {} stability event(s)",
                listing(&incidents.by_grade),
                note.events.len()
            ),
            Some("if every event is an incident, update the counts; name an event's grade (P2, C级) to compare by grade".into()),
        );
    }
}
