//! Changes between two notes: metric deltas, incidents by grade, new stability events, and
//! projects added, removed, completed, slipped or changed.

use std::collections::{BTreeSet, HashMap};

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use crate::model::{Item, MetricKind, Note, Num, Status, WeekId};

use super::projects::project_key;

/// What `diff` was asked to compare.
#[derive(Debug, Clone, Default)]
pub struct DiffOptions {}

/// The two notes compared.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NoteRef {
    /// Path.
    pub path: String,
    /// Week.
    pub week: Option<WeekId>,
    /// Date.
    pub date: Option<NaiveDate>,
}

/// What changed from one note to the next.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NoteDiff {
    /// The older note.
    pub old: NoteRef,
    /// The newer note.
    pub new: NoteRef,
    /// Metrics in either note, in the newer note's order (then those only in the older).
    pub metrics: Vec<MetricDelta>,
    /// Incident counts by grade in either note.
    pub incidents: Vec<GradeDelta>,
    /// Stability events in the newer note that the older does not list.
    pub new_events: Vec<EventRef>,
    /// Project changes.
    pub projects: ProjectChanges,
}

/// A metric in the two notes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MetricDelta {
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: MetricKind,
    /// Unit.
    pub unit: Option<String>,
    /// Value in the older note.
    pub old: Option<Num>,
    /// Value in the newer note.
    pub new: Option<Num>,
    /// `new - old` (percentage points for `%`).
    pub delta: Option<Num>,
}

/// An incident grade's count in the two notes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GradeDelta {
    /// Grade.
    pub grade: String,
    /// Count in the older note.
    pub old: Option<u32>,
    /// Count in the newer note.
    pub new: Option<u32>,
}

/// A stability event, briefly.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventRef {
    /// When.
    pub at: Option<NaiveDateTime>,
    /// What.
    pub summary: String,
    /// Impact minutes.
    pub impact_minutes: Option<Num>,
    /// 1-based line in the newer note.
    pub line: u32,
}

/// A project's state in one note.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProjectState {
    /// Name.
    pub name: String,
    /// Status.
    pub status: Status,
    /// Progress.
    pub progress: Option<Num>,
    /// Due date.
    pub due: Option<NaiveDate>,
    /// 1-based line.
    pub line: u32,
}

/// A project present in both notes whose facts changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProjectChange {
    /// Before.
    pub old: ProjectState,
    /// After.
    pub new: ProjectState,
}

/// A due date that moved later.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DueChange {
    /// Name.
    pub name: String,
    /// Old due date.
    pub from: NaiveDate,
    /// New due date.
    pub to: NaiveDate,
    /// Days later.
    pub days: i64,
}

/// How projects changed.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct ProjectChanges {
    /// Only in the newer note (items with a status, progress or due date).
    pub added: Vec<ProjectState>,
    /// Only in the older note, and not done there: work that went quiet (a finished project
    /// dropping out of the note is not listed).
    pub removed: Vec<ProjectState>,
    /// Done in the newer note, not in the older.
    pub completed: Vec<ProjectState>,
    /// Due date moved later.
    pub slipped: Vec<DueChange>,
    /// Status, progress or due date changed (completed ones included).
    pub changed: Vec<ProjectChange>,
}

impl NoteDiff {
    /// Whether any project's due date moved later.
    pub fn has_slip(&self) -> bool {
        !self.projects.slipped.is_empty()
    }

    /// Whether the newer note lists stability events the older does not.
    pub fn has_new_event(&self) -> bool {
        !self.new_events.is_empty()
    }

    /// Whether a success rate or availability went down.
    pub fn has_metric_drop(&self) -> bool {
        self.metrics.iter().any(|m| {
            matches!(m.kind, MetricKind::SuccessRate | MetricKind::Availability)
                && m.delta
                    .is_some_and(|d| d.0.is_sign_negative() && !d.0.is_zero())
        })
    }

    /// Whether a project of the older note is missing from the newer.
    pub fn has_removed(&self) -> bool {
        !self.projects.removed.is_empty()
    }
}

fn note_ref(n: &Note) -> NoteRef {
    NoteRef {
        path: n.path.clone(),
        week: n.week,
        date: n.date,
    }
}

fn projects(n: &Note) -> Vec<&Item> {
    let mut seen = BTreeSet::new();
    n.objectives
        .iter()
        .flat_map(|o| &o.items)
        .chain(&n.items)
        .flat_map(Item::walk)
        .filter(|i| !i.name.is_empty() && seen.insert(project_key(&i.name)))
        .collect()
}

fn has_facts(i: &Item) -> bool {
    i.status != Status::Unknown || i.progress.is_some() || i.due.is_some()
}

fn state(i: &Item) -> ProjectState {
    ProjectState {
        name: i.name.clone(),
        status: i.status,
        progress: i.progress,
        due: i.due,
        line: i.line,
    }
}

/// Compares two notes, `old` first.
pub fn diff(old: &Note, new: &Note, _options: &DiffOptions) -> NoteDiff {
    // Metrics, by name.
    let old_metrics: HashMap<&str, &crate::model::Metric> = old
        .metrics
        .iter()
        .rev()
        .map(|m| (m.name.as_str(), m))
        .collect();
    let mut metrics = Vec::new();
    let mut seen = BTreeSet::new();
    for m in &new.metrics {
        if !seen.insert(m.name.as_str()) {
            continue;
        }
        let before = old_metrics.get(m.name.as_str());
        metrics.push(MetricDelta {
            name: m.name.clone(),
            kind: m.kind,
            unit: m.unit.clone(),
            old: before.map(|b| b.value),
            new: Some(m.value),
            delta: before.map(|b| Num((m.value.0 - b.value.0).normalize())),
        });
    }
    for m in &old.metrics {
        if seen.insert(m.name.as_str()) {
            metrics.push(MetricDelta {
                name: m.name.clone(),
                kind: m.kind,
                unit: m.unit.clone(),
                old: Some(m.value),
                new: None,
                delta: None,
            });
        }
    }

    // Incidents, by grade.
    let grades_of = |n: &Note| {
        n.incidents
            .as_ref()
            .map(|i| i.by_grade.clone())
            .unwrap_or_default()
    };
    let (og, ng) = (grades_of(old), grades_of(new));
    let grades: BTreeSet<&String> = og.keys().chain(ng.keys()).collect();
    let incidents = grades
        .into_iter()
        .map(|g| GradeDelta {
            grade: g.clone(),
            old: og.get(g).copied(),
            new: ng.get(g).copied(),
        })
        .collect();

    // Events the older note does not list (same start time, or same summary).
    let new_events = new
        .events
        .iter()
        .filter(|e| {
            !old.events
                .iter()
                .any(|o| (o.at.is_some() && o.at == e.at) || o.summary == e.summary)
        })
        .map(|e| EventRef {
            at: e.at,
            summary: e.summary.clone(),
            impact_minutes: e.impact_minutes,
            line: e.line,
        })
        .collect();

    // Projects, by key.
    let old_projects = projects(old);
    let new_projects = projects(new);
    let old_by_key: HashMap<String, &Item> = old_projects
        .iter()
        .map(|i| (project_key(&i.name), *i))
        .collect();
    let new_keys: BTreeSet<String> = new_projects.iter().map(|i| project_key(&i.name)).collect();
    let mut changes = ProjectChanges::default();
    for item in &new_projects {
        let Some(before) = old_by_key.get(&project_key(&item.name)) else {
            if has_facts(item) {
                changes.added.push(state(item));
            }
            continue;
        };
        if item.status == Status::Done && before.status != Status::Done {
            changes.completed.push(state(item));
        }
        if let (Some(from), Some(to)) = (before.due, item.due) {
            if to > from {
                changes.slipped.push(DueChange {
                    name: item.name.clone(),
                    from,
                    to,
                    days: (to - from).num_days(),
                });
            }
        }
        if (before.status, before.progress, before.due) != (item.status, item.progress, item.due) {
            changes.changed.push(ProjectChange {
                old: state(before),
                new: state(item),
            });
        }
    }
    changes.removed = old_projects
        .iter()
        .filter(|i| {
            !new_keys.contains(&project_key(&i.name)) && has_facts(i) && i.status != Status::Done
        })
        .map(|i| state(i))
        .collect();

    NoteDiff {
        old: note_ref(old),
        new: note_ref(new),
        metrics,
        incidents,
        new_events,
        projects: changes,
    }
}
