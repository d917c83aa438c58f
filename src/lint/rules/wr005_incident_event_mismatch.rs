//! WR005 incident-event-mismatch.

use std::collections::BTreeMap;

use crate::config::writing::Lang;
use crate::config::RuleLevel;
use crate::lint::{Emitter, LintInput, Rule};

/// See [`Rule::docs`].
pub static RULE: Rule = Rule {
    id: "WR005",
    name: "incident-event-mismatch",
    summary: "the incident counts by grade disagree with the stability events listed",
    default_level: RuleLevel::Warning,
    docs: include_str!("wr005_incident_event_mismatch.md").trim_ascii_end(),
    diagnostics: &[],
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
                    format!(
                        "counts {} but lists {}",
                        counted_as(u64::from(stated), &format!("{grade} incident")),
                        counted_as(u64::from(*n), &format!("{grade} stability event"))
                    ),
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
                "counts {} ({}) but lists {}",
                counted_as(u64::from(counted), "incident"),
                listing(&incidents.by_grade),
                counted_as(note.events.len() as u64, "stability event")
            ),
            Some(format!(
                "if every event is an incident, update the counts; name an event's grade (P2, {}) to compare by grade",
                input.config.vocabulary.phrases(Lang::Zh).grade_example
            )),
        );
    }
}

/// `1 incident`, `2 incidents`, `0 incidents`.
fn counted_as(n: u64, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}
