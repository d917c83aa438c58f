//! WR004 week-date-mismatch.

use crate::calendar;
use crate::config::{RuleLevel, WeekNumbering};
use crate::extract::{find_week, Norm};
use crate::lint::{Emitter, Fix, LintInput, Rule};
use crate::model::Span;

/// See [`Rule::docs`].
pub static RULE: Rule = Rule {
    id: "WR004",
    name: "week-date-mismatch",
    summary: "the title's week number disagrees with its date under the configured week numbering",
    default_level: RuleLevel::Error,
    docs: include_str!("wr004_week_date_mismatch.md").trim_ascii_end(),
    diagnostics: &[],
    check,
};

fn check(input: &LintInput<'_>, out: &mut Emitter) {
    let (Some(week), Some(date)) = (input.note.week, input.note.date) else {
        return;
    };
    let numbering = input.config.week_numbering;
    if calendar::names_week_of(week, date, numbering) {
        return;
    }
    // The fix keeps the note in its own year's numbering (2024-12-31 is week 53, not week 1).
    let expected = calendar::week_in_own_year(date, numbering);
    let also = calendar::week_names(date, numbering)
        .into_iter()
        .find(|n| n.year != expected.year)
        .map(|n| format!(", also called week {} of {}", n.number, n.year))
        .unwrap_or_default();
    let numbering = match numbering {
        WeekNumbering::Jan1 => "jan1",
        WeekNumbering::Iso => "iso",
    };
    // Every real level-1 heading that writes the wrong week number is fixed; a `# ` line in
    // a code block, an HTML comment or front matter is not a heading and is left alone.
    for section in input
        .note
        .sections
        .iter()
        .filter(|s| s.level == 1 && !s.pseudo)
    {
        let Some(heading) = input.text.get(section.span.start..section.span.end) else {
            continue;
        };
        let norm = Norm::new(heading);
        let Some(w) = find_week(&norm.text) else {
            continue;
        };
        if w.number != week.number {
            continue;
        }
        let start = section.span.start;
        let span = Span::new(
            start + norm.orig(w.number_range.0),
            start + norm.orig(w.number_range.1),
        );
        out.emit_fixable(
            span,
            format!("week {} does not match the date {date}, which is in week {}{also} ({numbering} numbering)", week.number, expected.number),
            Some(format!("write week {} (check --fix does), or correct the date", expected.number)),
            Fix { span, replacement: expected.number.to_string(), subject: "week" },
        );
    }
}
