//! Incident counts by grade: `事故数AB级0次，CD级1次`, `P0故障0起，P1故障2起`,
//! `Incidents: SEV1 0, SEV2 1`.

use std::sync::LazyLock;

use regex_lite::Regex;

use crate::model::{Incidents, Severity};

use super::lines::TextLine;
use super::Ctx;

static COUNT_AFTER_GRADE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:级|类)?\s*(?:事故|故障|incidents?|outages?)?\s*数?\s*[:=]?\s*(?P<n>[0-9]+)\s*(?:次|起|个|件)?")
        .expect("incident count pattern is valid")
});

/// Adds the incident counts of `line` to `acc`; returns whether the line held any.
pub(super) fn incidents_in_line(
    ctx: &mut Ctx<'_>,
    line: &TextLine<'_>,
    acc: &mut Option<Incidents>,
) -> bool {
    let text = line.norm.text.as_str();
    if !ctx.vocab.incident_words().is_match(text) {
        return false;
    }
    let mut found = false;
    for grade in ctx.vocab.grades().find_all(text) {
        let Some(c) = COUNT_AFTER_GRADE.captures(&text[grade.range.end..]) else {
            continue;
        };
        let Some(n) = c.name("n") else { continue };
        let Ok(count) = n.as_str().parse::<u32>() else {
            continue;
        };
        let key = text[grade.range.clone()].to_uppercase().replace('-', "");
        let span = line.span(grade.range.start..grade.range.end + n.end());
        let line_no = ctx.line(span.start);
        let whole = line.whole();
        let incidents = acc.get_or_insert_with(|| Incidents {
            by_grade: Default::default(),
            line: line_no,
            span: whole,
        });
        match incidents.by_grade.insert(key.clone(), count) {
            Some(previous) if previous != count => {
                ctx.report(
                    "duplicate-incident-grade",
                    Severity::Warning,
                    span,
                    format!("grade {key} is counted twice ({previous}, then {count}); the last count is kept"),
                );
            }
            _ => {}
        }
        found = true;
    }
    found
}
