//! One timeline per project across weeks, matched by key: progress and status per week, the
//! week it reached done, every due-date change, slips and stalls.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::{Item, Note, Num, Status};

use super::Placed;

/// Weeks at the same progress, without done, that make a project stalled.
pub const STALL_WEEKS: usize = 3;

/// A project over the weeks it appears in.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProjectTimeline {
    /// The matching key: the name, lower case, spaces collapsed.
    pub key: String,
    /// The name as last written.
    pub name: String,
    /// The objective it was last listed under (`O1 服务业务`).
    pub objective: Option<String>,
    /// One entry per week it appears in, in week order.
    pub entries: Vec<ProjectEntry>,
    /// Its latest status.
    pub status: Status,
    /// Its latest progress.
    pub progress: Option<Num>,
    /// Its latest due date.
    pub due: Option<NaiveDate>,
    /// The first week it was done.
    pub done_week: Option<String>,
    /// Whether it reached done within the range: an earlier week shows it not done, or its
    /// stated done date falls in its first week (else it was already done when first listed).
    pub completed_in_range: bool,
    /// Whether any week gives it a status, progress or due date (a bare heading that only
    /// groups other items is not tracked).
    pub tracked: bool,
    /// The day it was done, if stated.
    pub done_on: Option<NaiveDate>,
    /// Each change of status.
    pub status_changes: Vec<Change<Status>>,
    /// Each change of due date (including its first statement after a week without one).
    pub due_changes: Vec<Change<Option<NaiveDate>>>,
    /// Set when the due date moved later, or passed without done.
    pub slipped: Option<Slip>,
    /// Set when progress stood still for [`STALL_WEEKS`] weeks or more without done.
    pub stalled: Option<Stall>,
}

/// A project's facts in one week.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProjectEntry {
    /// The week id.
    pub week: String,
    /// Status that week.
    pub status: Status,
    /// Progress that week.
    pub progress: Option<Num>,
    /// Due date that week.
    pub due: Option<NaiveDate>,
    /// Done date, if stated.
    pub done_on: Option<NaiveDate>,
    /// The note.
    pub path: String,
    /// 1-based line.
    pub line: u32,
}

/// A change between two weeks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change<T> {
    /// The week of the new value.
    pub week: String,
    /// Before.
    pub from: T,
    /// After.
    pub to: T,
}

/// How a project slipped.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Slip {
    /// The first due date stated.
    pub original_due: NaiveDate,
    /// The latest due date.
    pub latest_due: NaiveDate,
    /// Days the due date moved later in all.
    pub moved_days: i64,
    /// Weeks in which it moved later.
    pub moved_in: Vec<String>,
    /// Days past the latest due date without done, as of its last week (0 when not overdue).
    pub overdue_days: i64,
    /// The total: moved days plus overdue days.
    pub days: i64,
}

/// A project whose progress stood still.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stall {
    /// The progress it stood at.
    pub progress: Num,
    /// The consecutive weeks it stood there.
    pub weeks: Vec<String>,
}

/// The key projects are matched by across weeks.
pub fn project_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The projects of a note with the objective each is under: objectives' items (and their
/// sub-items) and loose progress items, each key once.
fn projects_of(note: &Note) -> Vec<(&Item, Option<String>)> {
    let mut out = Vec::new();
    for o in &note.objectives {
        let label = if o.title.is_empty() {
            o.code.clone()
        } else {
            format!("{} {}", o.code, o.title)
        };
        out.extend(
            o.items
                .iter()
                .flat_map(Item::walk)
                .map(|i| (i, Some(label.clone()))),
        );
    }
    out.extend(note.items.iter().flat_map(Item::walk).map(|i| (i, None)));
    out
}

pub(crate) fn timelines(placed: &[Placed<'_>]) -> Vec<ProjectTimeline> {
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut out: Vec<ProjectTimeline> = Vec::new();
    let mut week_pos: Vec<Vec<usize>> = Vec::new();
    for (w, p) in placed.iter().enumerate() {
        for (item, objective) in projects_of(p.note) {
            let key = project_key(&item.name);
            if key.is_empty() {
                continue;
            }
            let i = *index.entry(key.clone()).or_insert_with(|| {
                out.push(ProjectTimeline {
                    key,
                    name: item.name.clone(),
                    objective: None,
                    entries: vec![],
                    status: item.status,
                    progress: None,
                    due: None,
                    done_week: None,
                    completed_in_range: false,
                    tracked: false,
                    done_on: None,
                    status_changes: vec![],
                    due_changes: vec![],
                    slipped: None,
                    stalled: None,
                });
                week_pos.push(vec![]);
                out.len() - 1
            });
            if week_pos[i].last() == Some(&w) {
                continue; // the same project twice in one note: the first counts
            }
            week_pos[i].push(w);
            let t = &mut out[i];
            t.name = item.name.clone();
            t.objective = objective.or(t.objective.take());
            t.entries.push(ProjectEntry {
                week: p.id.clone(),
                status: item.status,
                progress: item.progress,
                due: item.due,
                done_on: item.done_on,
                path: p.path.clone(),
                line: item.line,
            });
        }
    }
    for (t, weeks) in out.iter_mut().zip(&week_pos) {
        finish(t, weeks, placed);
    }
    out
}

fn finish(t: &mut ProjectTimeline, weeks: &[usize], placed: &[Placed<'_>]) {
    let Some(last) = t.entries.last() else { return };
    t.status = last.status;
    t.progress = last.progress;
    // A due date stays in force until a later week states another.
    let mut due: Option<NaiveDate> = None;
    let mut prev_status: Option<Status> = None;
    let mut original_due = None;
    let mut moved_days = 0;
    let mut moved_in = Vec::new();
    for e in &t.entries {
        if let Some(s) = prev_status.filter(|s| *s != e.status) {
            t.status_changes.push(Change {
                week: e.week.clone(),
                from: s,
                to: e.status,
            });
        }
        prev_status = Some(e.status);
        if e.due.is_some() && e.due != due {
            t.due_changes.push(Change {
                week: e.week.clone(),
                from: due,
                to: e.due,
            });
            if let (Some(old), Some(new)) = (due, e.due) {
                if new > old {
                    moved_days += (new - old).num_days();
                    moved_in.push(e.week.clone());
                }
            }
            original_due = original_due.or(e.due);
            due = e.due;
        }
        if t.done_week.is_none() && e.status == Status::Done {
            t.done_week = Some(e.week.clone());
            t.done_on = e.done_on;
        }
    }
    t.due = due;
    t.tracked = t
        .entries
        .iter()
        .any(|e| e.status != Status::Unknown || e.progress.is_some() || e.due.is_some());
    let first_date = weeks.first().map(|&w| placed[w].date);
    t.completed_in_range = t.done_week.is_some()
        && (t.entries.first().is_some_and(|e| e.status != Status::Done)
            || matches!((t.done_on, first_date), (Some(d), Some(f)) if d > f - chrono::Days::new(7)));
    let last_date = weeks.last().map(|&w| placed[w].date);
    let overdue_days = match (due, last_date, t.done_week.is_some()) {
        (Some(d), Some(now), false) if now > d => (now - d).num_days(),
        _ => 0,
    };
    if let (Some(original), Some(latest)) = (original_due, due) {
        if moved_days > 0 || overdue_days > 0 {
            t.slipped = Some(Slip {
                original_due: original,
                latest_due: latest,
                moved_days,
                moved_in,
                overdue_days,
                days: moved_days + overdue_days,
            });
        }
    }
    t.stalled = stall(t, weeks);
}

/// The latest run of at least [`STALL_WEEKS`] consecutive weeks at one progress, not done.
fn stall(t: &ProjectTimeline, weeks: &[usize]) -> Option<Stall> {
    if t.done_week.is_some() {
        return None;
    }
    let mut best: Option<Stall> = None;
    let mut run: Vec<usize> = Vec::new();
    for (k, e) in t.entries.iter().enumerate() {
        let continues = run.last().is_some_and(|&j| {
            weeks[k] == weeks[j] + 1 && t.entries[j].progress == e.progress && e.progress.is_some()
        });
        if !continues {
            run.clear();
        }
        if e.progress.is_some() {
            run.push(k);
        }
        if run.len() >= STALL_WEEKS {
            best = Some(Stall {
                progress: e.progress.unwrap_or_default(),
                weeks: run.iter().map(|&j| t.entries[j].week.clone()).collect(),
            });
        }
    }
    best
}
