//! Which notes a rollup read, and each note it left out with the reason: `build` says so on
//! standard error and in the report's footer, so no note is dropped without a word.

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::{Note, SectionRole};

/// The notes a rollup is made of and those it left out.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct NotesRead {
    /// Weekly notes in the report.
    pub weekly: usize,
    /// Daily notes attached to a week of the report.
    pub daily: usize,
    /// Notes not in the report, by path.
    pub left_out: Vec<LeftOut>,
    /// The first and last dated weekly notes of the folder, whatever `--from`/`--to` say (to
    /// name the weeks there are when a range selects none).
    pub available: Option<WeeksAvailable>,
}

/// The dated weekly notes a folder holds, first to last.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WeeksAvailable {
    /// The first week's id (`2023-W27`).
    pub first: String,
    /// Its note's date.
    pub first_date: NaiveDate,
    /// The last week's id.
    pub last: String,
    /// Its note's date.
    pub last_date: NaiveDate,
}

impl WeeksAvailable {
    /// Widens the range to hold a note of week `id` dated `date`.
    pub(super) fn include(range: &mut Option<WeeksAvailable>, id: &str, date: NaiveDate) {
        match range {
            None => {
                *range = Some(WeeksAvailable {
                    first: id.to_string(),
                    first_date: date,
                    last: id.to_string(),
                    last_date: date,
                })
            }
            Some(r) => {
                if date < r.first_date {
                    r.first = id.to_string();
                    r.first_date = date;
                }
                if date > r.last_date {
                    r.last = id.to_string();
                    r.last_date = date;
                }
            }
        }
    }
}

/// A note the report does not hold.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct LeftOut {
    /// Its path, relative to the notes root.
    pub path: String,
    /// Why.
    pub reason: LeftOutReason,
    /// The reason in words (`no date`), as `build` prints it.
    pub why: &'static str,
}

impl LeftOut {
    /// A note left out for `reason`.
    pub fn new(path: impl Into<String>, reason: LeftOutReason) -> Self {
        LeftOut {
            path: path.into(),
            reason,
            why: reason.words(),
        }
    }
}

/// Why a note is not in a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LeftOutReason {
    /// A weekly or daily note whose title, front matter and file name give no date.
    NoDate,
    /// A file with no date and nothing a weekly or daily note holds (a README, say).
    NotANote,
    /// It could not be read (the error is reported where it happened).
    Unreadable,
    /// Dated outside `--from`/`--to`.
    OutsideRange,
    /// A daily note that no weekly note links to or covers.
    NoWeek,
}

impl LeftOutReason {
    /// The reason in words.
    pub fn words(self) -> &'static str {
        match self {
            LeftOutReason::NoDate => "no date",
            LeftOutReason::NotANote => "not a weekly or daily note",
            LeftOutReason::Unreadable => "unreadable",
            LeftOutReason::OutsideRange => "outside --from/--to",
            LeftOutReason::NoWeek => "no weekly note links to it or covers its date",
        }
    }
}

/// Why a note without a date is left out: it has no date, or it holds nothing of a note.
pub(super) fn undated(note: &Note) -> LeftOutReason {
    let has_sections = note
        .sections
        .iter()
        .any(|s| !matches!(s.role, SectionRole::Title | SectionRole::Other));
    let has_facts = !note.metrics.is_empty()
        || note.incidents.is_some()
        || !note.events.is_empty()
        || !note.objectives.is_empty()
        || note.week.is_some();
    if has_sections || has_facts {
        LeftOutReason::NoDate
    } else {
        LeftOutReason::NotANote
    }
}
