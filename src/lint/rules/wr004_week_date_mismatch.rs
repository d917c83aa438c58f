//! WR004 week-date-mismatch.

use crate::analyze::week_of;
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
holding 1 January) or `iso` (ISO 8601). `check --fix` corrects the week number in every title line.\n\n\
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
    let expected = week_of(date, input.config.week_numbering);
    if expected.number == week.number && expected.year == week.year {
        return;
    }
    let numbering = match input.config.week_numbering {
        WeekNumbering::Jan1 => "jan1",
        WeekNumbering::Iso => "iso",
    };
    // Every level-1 heading line that writes the wrong week number is fixed.
    let mut offset = 0;
    for line in input.text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        if !line.starts_with("# ") {
            continue;
        }
        let norm = Norm::new(line);
        let Some(w) = find_week(&norm.text) else {
            continue;
        };
        if w.number != week.number {
            continue;
        }
        let span = Span::new(
            start + norm.orig(w.number_range.0),
            start + norm.orig(w.number_range.1),
        );
        out.emit_fixable(
            span,
            format!("week {} does not match the date {date}, which is in week {} ({numbering} numbering)", week.number, expected.number),
            Some(format!("write week {} (check --fix does), or correct the date", expected.number)),
            Fix { span, replacement: expected.number.to_string() },
        );
    }
}
