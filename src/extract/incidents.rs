//! Incident counts by grade: `事故数AB级0次，CD级1次`, `P0故障0起，P1故障2起`,
//! `Incidents: SEV1 0, SEV2 1`, `本周故障：P1 0起`, `no SEV1`, `无P1/P2故障`.
//!
//! The lexer reads each count as one token (a grade and its count); a line's counts are the
//! note's when the line is about incidents: it holds an incident word, or it stands in an
//! incidents section.

use crate::config::script::script;
use crate::config::{Meaning, MeaningKind, SectionRole};
use crate::model::{DiagnosticCode, Incidents, Severity};

use super::lexer::Kind;
use super::{Ctx, Line};

/// Adds the incident counts of `line` to `acc`; returns whether the line held any.
/// `in_incidents` says the line stands in an incidents section.
pub(super) fn incidents_in_line(
    ctx: &mut Ctx<'_>,
    line: &Line<'_>,
    in_incidents: bool,
    acc: &mut Option<Incidents>,
) -> bool {
    let text = line.norm();
    // `P1 0 起`: a count in 起 is a count of incidents wherever it stands.
    let counted_in_incidents = line.tokens().iter().any(|t| {
        matches!(t.kind, Kind::GradeCount { .. })
            && text[t.range.clone()]
                .trim_end()
                .ends_with(script().incident_count_units.as_slice())
    });
    // `稳定性: 本周 P2 x1, 无P1`: a line labelled with an incidents section's name.
    let lead = text.len() - text.trim_start().len();
    let labelled = line
        .words()
        .at(lead)
        .filter(|w| w.meaning == Meaning::Section(SectionRole::Events))
        .any(|w| text[w.range.1..].trim_start().starts_with(':'));
    let about_incidents = in_incidents
        || counted_in_incidents
        || labelled
        || line.has_word(MeaningKind::IncidentWord, 0..text.len());
    if !about_incidents {
        return false;
    }
    let mut found = false;
    for t in line.tokens() {
        let Kind::GradeCount { grade, count } = &t.kind else {
            continue;
        };
        let key = grade_key(&text[grade.clone()]);
        let span = line.span(t.range.clone());
        let line_no = ctx.line(span.start);
        let whole = line.span(0..text.len());
        let incidents = acc.get_or_insert_with(|| Incidents {
            by_grade: Default::default(),
            line: line_no,
            span: whole,
        });
        if let Some(previous) = incidents.by_grade.insert(key.clone(), *count) {
            if previous != *count {
                ctx.report(
                    DiagnosticCode::DuplicateIncidentGrade,
                    Severity::Warning,
                    span,
                    format!("grade {key} is counted twice ({previous}, then {count}); the last count is kept"),
                );
            }
        }
        found = true;
    }
    found
}

/// A grade as counts are keyed: upper case, without `-`, spaces, a plural `s` or a trailing
/// `级`/`类` after letters (`SEV-2` → `SEV2`, `SEV2s` → `SEV2`, `AB级` → `AB`, `一级` stays).
pub(super) fn grade_key(written: &str) -> String {
    let g: String = written
        .chars()
        .filter(|c| !matches!(c, '-' | ' '))
        .collect::<String>()
        .to_uppercase();
    let bare = g.trim_end_matches(script().grade_marks.as_slice());
    let g = if bare.is_ascii() && !bare.is_empty() {
        bare.to_string()
    } else {
        g.clone()
    };
    match g.strip_suffix('S') {
        Some(base) if base.ends_with(|c: char| c.is_ascii_digit()) => base.to_string(),
        _ => g,
    }
}
