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
    docs: "**What it checks.** A title with a week and a date (`第28周 2023-07-08`): the week must be \
the date's week under `week_numbering` — `jan1` (the default: week 1 is the Monday-to-Sunday week \
holding 1 January) or `iso` (ISO 8601). `check --fix` corrects the week number in every level-1 heading that writes it (never a `#` line in a code block, an HTML comment or front matter), counting in the date's own year. Under `jan1` the week that straddles the new year has two names, both right: 2024-12-30 – 2025-01-05 is week 53 of 2024 and week 1 of 2025.\n\n\
**Why it matters.** Weeks are how rollups, diffs and drafts find a note; a wrong number files it \
under another week.\n\n\
**Example.** The sample `第28周 2023-07-08` is right under `jan1` and wrong under `iso` (ISO week 27). \
`jan1` is the default because it is how Chinese calendars and Notion's week numbers count, so the \
sample, a real note, passes.\n\n\
**Options.** `week_numbering: jan1 | iso` in `weekly-report.yaml`.",
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
