//! Facts of many notes → a rollup over weeks and periods ([`rollup`]), and the changes
//! between two notes ([`diff()`]).
//!
//! Pure functions of their inputs: notes, options and configuration in, plain serde data out.
//! The rollup's JSON is exactly what report templates receive.

mod diff;
mod incidents;
mod kpis;
mod notes_read;
mod plans;
mod projects;

use std::borrow::Borrow;
use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;

pub use crate::calendar::{week_of, Period};
pub use diff::{
    diff, DiffOptions, DueChange, EventRef, GradeDelta, MetricDelta, NoteDiff, NoteRef,
    ProjectChange, ProjectChanges, ProjectState,
};
pub use incidents::{ErrorBudget, EventRow, IncidentRollup, WeekIncidents};
pub use kpis::{Breach, BreachAgainst, ByWeek, Chart, ChartSeries, KpiPeriod, KpiSeries};
pub use notes_read::{LeftOut, LeftOutReason, NotesRead, WeeksAvailable};
pub use plans::PlanFollowUp;
pub use projects::{project_key, Change, ProjectEntry, ProjectTimeline, Slip, Stall};

use crate::config::Config;
use crate::model::{Item, Note, NoteKind, Num, WeekId};

/// What to roll up.
#[derive(Debug, Clone, Default)]
pub struct RollupOptions {
    /// The notes folder as given; paths and team names are shown relative to it.
    pub root: String,
    /// How weeks are grouped.
    pub period: Period,
    /// First day included (weekly notes dated before it are left out).
    pub from: Option<NaiveDate>,
    /// Last day included.
    pub to: Option<NaiveDate>,
}

/// Version of the JSON shape of [`Rollup`] (its own: notes and diffs are still at
/// [`crate::model::SCHEMA_VERSION`]). 2: a KPI's `values`, `targets` and `periods` are objects
/// holding only what the notes state, by week id and period key.
pub const ROLLUP_SCHEMA_VERSION: u32 = 2;

/// A rollup of every team's weekly notes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rollup {
    /// How weeks are grouped into periods.
    pub period: Period,
    /// The `--from` bound, if any.
    pub from: Option<NaiveDate>,
    /// The `--to` bound, if any.
    pub to: Option<NaiveDate>,
    /// One rollup per folder holding weekly notes, in path order.
    pub teams: Vec<TeamRollup>,
    /// How many notes the report holds, and the notes it left out and why.
    pub notes: NotesRead,
}

impl Rollup {
    /// Records a note that could not be read (`path` as found under `root`).
    pub fn left_out_unreadable(&mut self, root: &str, path: &str) {
        self.notes.left_out.push(LeftOut::new(
            relative(root, path),
            LeftOutReason::Unreadable,
        ));
        self.notes.left_out.sort();
    }
}

/// One team's rollup (a folder holding weekly notes).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TeamRollup {
    /// The folder, relative to the notes root (`""` for the root itself).
    pub team: String,
    /// The weekly notes, by date.
    pub weeks: Vec<WeekRef>,
    /// The weeks grouped by period.
    pub periods: Vec<PeriodSummary>,
    /// Every metric as a series over the weeks.
    pub kpis: Vec<KpiSeries>,
    /// Success-rate and availability series without gaps, for a line chart.
    pub chart: Option<Chart>,
    /// Incident counts, events and the error budget.
    pub incidents: IncidentRollup,
    /// One timeline per project.
    pub projects: Vec<ProjectTimeline>,
    /// Each week's plans and whether the next week reports on them.
    pub plans: Vec<PlanFollowUp>,
    /// Headline counts.
    pub summary: Summary,
}

/// A weekly note in a rollup.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeekRef {
    /// `2023-W28`: the week written in the title, else the week of its date.
    pub id: String,
    /// `W28`.
    pub label: String,
    /// The note's date.
    pub date: NaiveDate,
    /// The note's path, relative to the notes root.
    pub path: String,
    /// The note's title.
    pub title: Option<String>,
    /// The daily notes of the week: linked from it, else dated within it.
    pub dailies: Vec<DailyRef>,
}

/// A daily note attached to a week.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DailyRef {
    /// Its path, relative to the notes root.
    pub path: String,
    /// Its date.
    pub date: Option<NaiveDate>,
}

/// One period (a month, a quarter…) of a team's rollup.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeriodSummary {
    /// `2023-07`, `2023-Q3`, `2023-H2`, `2023`, or a week id.
    pub key: String,
    /// The week ids in it.
    pub weeks: Vec<String>,
    /// Incident counts by grade, summed.
    pub incidents_by_grade: BTreeMap<String, u32>,
    /// Stability events in it.
    pub events: usize,
    /// Their impact minutes, summed.
    pub impact_minutes: Num,
    /// The period's error budget, with an availability SLO configured.
    pub error_budget: Option<ErrorBudget>,
    /// Projects that reached `done` in it.
    pub projects_done: Vec<String>,
}

/// Headline counts of a team's rollup.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// Weekly notes.
    pub weeks: usize,
    /// Daily notes attached to them.
    pub dailies: usize,
    /// Projects followed.
    pub projects: usize,
    /// Projects that reached done within the range.
    pub done: usize,
    /// Projects that slipped.
    pub slipped: usize,
    /// Projects that stalled.
    pub stalled: usize,
    /// Stability events.
    pub events: usize,
    /// Their impact minutes.
    pub impact_minutes: Num,
    /// Metric values that broke a threshold or target.
    pub breaches: usize,
    /// Plans made (for weeks that have a following week).
    pub plans: usize,
    /// Of those, plans the following week reported on.
    pub plans_followed_up: usize,
}

/// A weekly note placed in the rollup, with what the analyses need.
pub(crate) struct Placed<'n> {
    pub note: &'n Note,
    /// The note's path relative to the notes root.
    pub path: String,
    pub week: WeekId,
    pub date: NaiveDate,
    pub id: String,
}

/// A `/`-separated path relative to `root` (as the walk under `root` found it).
fn relative<'p>(root: &str, path: &'p str) -> &'p str {
    let root = root.trim_end_matches('/');
    if root.is_empty() || root == "." {
        return path.strip_prefix("./").unwrap_or(path);
    }
    path.strip_prefix(root)
        .map_or(path, |p| p.trim_start_matches('/'))
}

/// A note's path relative to the notes folder `root` (as given), as the rollup shows it.
pub fn relative_path<'p>(root: &str, path: &'p str) -> &'p str {
    relative(root, path)
}

/// The folder of a `/`-separated relative path (`""` at the top): a weekly note's team.
pub fn folder_of(path: &str) -> &str {
    folder(path)
}

fn folder(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// Normalises `a/b/../c` and `./x` in a relative path.
fn normalize_path(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// What the rollup reads of a daily note: where it is and its date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DailyFacts {
    /// The path the note was read from.
    pub path: String,
    /// The note's date, if it has one.
    pub date: Option<NaiveDate>,
}

/// A note reduced to what [`rollup_facts`] reads, so that a build of tens of thousands of
/// notes holds facts rather than documents. Made by [`facts_for_rollup`].
#[derive(Debug, Clone, PartialEq)]
pub enum Facts {
    /// A weekly note without its reflections, headings, diagnostics, front matter, risks,
    /// tomorrow's plans and link texts (boxed: a daily's facts are a tenth of a note's size).
    Weekly(Box<Note>),
    /// A daily note's path and date.
    Daily(DailyFacts),
}

/// Keeps only what [`rollup_facts`] reads of a note. Apply it to each note as it is read.
pub fn facts_for_rollup(mut note: Note) -> Facts {
    if note.kind == NoteKind::Daily {
        return Facts::Daily(DailyFacts {
            path: note.path,
            date: note.date,
        });
    }
    note.reflections = Vec::new();
    // An undated note keeps its headings: they tell why it is left out.
    if note.date.is_some() {
        note.sections = Vec::new();
    }
    note.diagnostics = Vec::new();
    note.front_matter = None;
    note.risks = Vec::new();
    note.tomorrow = Vec::new();
    // What stays is kept at its exact size: vectors grown by doubling while extracting hold
    // up to twice what they use, and a build keeps tens of thousands of them.
    note.metrics.shrink_to_fit();
    note.events.shrink_to_fit();
    note.objectives.shrink_to_fit();
    for objective in &mut note.objectives {
        shrink_items(&mut objective.items);
    }
    shrink_items(&mut note.items);
    shrink_items(&mut note.next_week);
    shrink_items(&mut note.others);
    note.daily_links.shrink_to_fit();
    for link in &mut note.daily_links {
        // The rollup follows a link's target; its text is not reported.
        link.text = String::new();
    }
    Facts::Weekly(Box::new(note))
}

fn shrink_items(items: &mut Vec<Item>) {
    items.shrink_to_fit();
    for item in items {
        shrink_items(&mut item.children);
    }
}

/// Rolls up notes: weekly notes grouped by team folder and ordered by date, daily notes
/// attached to their week.
pub fn rollup(notes: &[Note], options: &RollupOptions, config: &Config) -> Rollup {
    let (weekly, dailies): (Vec<&Note>, Vec<&Note>) =
        notes.iter().partition(|n| n.kind == NoteKind::Weekly);
    let dailies = dailies.iter().map(|d| (d.path.as_str(), d.date)).collect();
    rollup_of(weekly, dailies, options, config)
}

/// [`rollup`] of notes reduced by [`facts_for_rollup`]; the same result as from the whole
/// notes. Each team's facts are dropped as soon as its rollup is made, so a build never holds
/// all the facts and the whole rollup at once.
pub fn rollup_facts(facts: Vec<Facts>, options: &RollupOptions, config: &Config) -> Rollup {
    let mut weekly = Vec::new();
    let mut dailies = Vec::new();
    for fact in facts {
        match fact {
            Facts::Weekly(note) => weekly.push(note),
            Facts::Daily(d) => dailies.push(d),
        }
    }
    let dailies = dailies.iter().map(|d| (d.path.as_str(), d.date)).collect();
    rollup_of(weekly, dailies, options, config)
}

/// A daily note as the rollup sees it: its path and date.
type Daily<'n> = (&'n str, Option<NaiveDate>);

fn rollup_of<N: Borrow<Note> + Send>(
    notes: Vec<N>,
    dailies: Vec<Daily<'_>>,
    options: &RollupOptions,
    config: &Config,
) -> Rollup {
    let mut weekly: BTreeMap<String, Vec<N>> = BTreeMap::new();
    let mut read = NotesRead::default();
    for note in notes {
        let n = note.borrow();
        let path = relative(&options.root, &n.path);
        match n.date {
            Some(date) => {
                let id =
                    crate::calendar::note_week(n.week, date, config.week_numbering).to_string();
                WeeksAvailable::include(&mut read.available, &id, date);
                let team = folder(path).to_string();
                weekly.entry(team).or_default().push(note);
            }
            None => read
                .left_out
                .push(LeftOut::new(path, notes_read::undated(n))),
        }
    }
    let weekly: Vec<(String, Vec<N>)> = weekly.into_iter().collect();
    let team_index: HashMap<&str, usize> = weekly
        .iter()
        .enumerate()
        .map(|(i, (team, _))| (team.as_str(), i))
        .collect();
    let mut attached = vec![false; dailies.len()];
    // A daily belongs to the nearest team folder at or above its own.
    let owner: Vec<Option<usize>> = dailies
        .iter()
        .map(|(path, _)| {
            let mut dir = folder(relative(&options.root, path));
            loop {
                if let Some(&i) = team_index.get(dir) {
                    return Some(i);
                }
                if dir.is_empty() {
                    return None;
                }
                dir = folder(dir);
            }
        })
        .collect();
    drop(team_index);
    let daily_set = Dailies::new(&dailies, &owner, options);
    // First, in team order, each team's weeks claim their daily notes (a daily is attached
    // once, to the first week that links to it or, failing that, covers its date)...
    let mut claimed = Vec::with_capacity(weekly.len());
    for (index, (team, notes)) in weekly.into_iter().enumerate() {
        let (mut notes, outside): (Vec<N>, Vec<N>) = notes.into_iter().partition(|n| {
            n.borrow().date.is_some_and(|d| {
                options.from.is_none_or(|f| d >= f) && options.to.is_none_or(|t| d <= t)
            })
        });
        read.left_out.extend(outside.iter().map(|n| {
            LeftOut::new(
                relative(&options.root, &n.borrow().path),
                LeftOutReason::OutsideRange,
            )
        }));
        drop(outside);
        if notes.is_empty() {
            continue;
        }
        read.weekly += notes.len();
        notes.sort_by(|a, b| {
            let (a, b) = (a.borrow(), b.borrow());
            a.date.cmp(&b.date).then_with(|| a.path.cmp(&b.path))
        });
        // Every note kept has a date (filtered above), so these line up with `place`'s weeks.
        let week_dailies: Vec<Vec<DailyRef>> = notes
            .iter()
            .map(Borrow::borrow)
            .filter_map(|n| {
                let date = n.date?;
                Some(attach_dailies(
                    index,
                    n,
                    date,
                    &daily_set,
                    &mut attached,
                    options,
                ))
            })
            .collect();
        claimed.push((team, notes, week_dailies));
    }
    // A daily attached to no week of the report: outside the range, undated, or of no week.
    for (j, &(path, date)) in dailies.iter().enumerate() {
        if attached[j] {
            read.daily += 1;
            continue;
        }
        let outside = date.is_some_and(|d| {
            options.from.is_some_and(|f| d < f - chrono::Days::new(6))
                || options.to.is_some_and(|t| d > t)
        });
        let reason = if outside {
            LeftOutReason::OutsideRange
        } else if date.is_none() {
            LeftOutReason::NoDate
        } else {
            LeftOutReason::NoWeek
        };
        read.left_out
            .push(LeftOut::new(relative(&options.root, path), reason));
    }
    read.left_out.sort();
    // ...then each team is rolled up on its own, in parallel, and its facts are dropped as
    // soon as its rollup is made (on the threads that read them, so the memory they free is
    // reused for the rollup rather than left in another thread's heap).
    let teams = claimed
        .into_par_iter()
        .map(|(team, notes, week_dailies)| {
            let placed = place(&notes, options, config);
            team_rollup(team, &placed, week_dailies, options, config)
        })
        .collect();
    Rollup {
        period: options.period,
        from: options.from,
        to: options.to,
        teams,
        notes: read,
    }
}

/// A team's weekly notes (dated, sorted) placed in the rollup.
fn place<'n, N: Borrow<Note>>(
    notes: &'n [N],
    options: &RollupOptions,
    config: &Config,
) -> Vec<Placed<'n>> {
    notes
        .iter()
        .map(Borrow::borrow)
        .filter_map(|n| {
            let date = n.date?;
            let week = crate::calendar::note_week(n.week, date, config.week_numbering);
            Some(Placed {
                note: n,
                path: relative(&options.root, &n.path).to_string(),
                week,
                date,
                id: week.to_string(),
            })
        })
        .collect()
}

/// The daily notes of a build, indexed by path and by team and date, so that attaching them
/// to weeks costs a lookup per link and per week rather than a scan of every daily.
struct Dailies<'a, 'n> {
    notes: &'a [Daily<'n>],
    /// Normalised path relative to the root → the first daily there.
    by_path: HashMap<String, usize>,
    /// Owning team (its index in key order) → date → dailies of that date, in input order.
    by_team_date: HashMap<usize, BTreeMap<NaiveDate, Vec<usize>>>,
}

impl<'a, 'n> Dailies<'a, 'n> {
    fn new(notes: &'a [Daily<'n>], owner: &[Option<usize>], options: &RollupOptions) -> Self {
        let mut by_path = HashMap::with_capacity(notes.len());
        let mut by_team_date: HashMap<usize, BTreeMap<NaiveDate, Vec<usize>>> = HashMap::new();
        for (j, &(path, date)) in notes.iter().enumerate() {
            by_path
                .entry(normalize_path(relative(&options.root, path)))
                .or_insert(j);
            if let (Some(team), Some(date)) = (owner[j], date) {
                by_team_date
                    .entry(team)
                    .or_default()
                    .entry(date)
                    .or_default()
                    .push(j);
            }
        }
        Dailies {
            notes,
            by_path,
            by_team_date,
        }
    }
}

fn team_rollup(
    team: String,
    placed: &[Placed<'_>],
    week_dailies: Vec<Vec<DailyRef>>,
    options: &RollupOptions,
    config: &Config,
) -> TeamRollup {
    // Weeks of one year are labelled `W28`; across years a label carries its year.
    let one_year = placed.windows(2).all(|w| w[0].week.year == w[1].week.year);
    let weeks: Vec<WeekRef> = placed
        .iter()
        .zip(week_dailies)
        .map(|(p, dailies)| WeekRef {
            id: p.id.clone(),
            label: if one_year {
                format!("W{:02}", p.week.number)
            } else {
                p.id.clone()
            },
            date: p.date,
            path: p.path.clone(),
            title: p.note.title.clone(),
            dailies,
        })
        .collect();
    let mut kpis = kpis::series(placed, config);
    let chart = kpis::chart(&weeks, &kpis);
    let incidents = incidents::rollup(placed, config);
    let projects = projects::timelines(placed);
    let plans = plans::follow_up(placed);
    let periods = periods(placed, &incidents, &projects, options.period, config);
    let period_weeks: Vec<(String, Vec<String>)> = periods
        .iter()
        .map(|p| (p.key.clone(), p.weeks.clone()))
        .collect();
    kpis::by_period(&mut kpis, &period_weeks);
    let summary = Summary {
        weeks: weeks.len(),
        dailies: weeks.iter().map(|w| w.dailies.len()).sum(),
        projects: projects.len(),
        done: projects.iter().filter(|p| p.completed_in_range).count(),
        slipped: projects.iter().filter(|p| p.slipped.is_some()).count(),
        stalled: projects.iter().filter(|p| p.stalled.is_some()).count(),
        events: incidents.events.len(),
        impact_minutes: incidents.total_impact_minutes,
        breaches: kpis.iter().map(|k| k.breaches.len()).sum(),
        plans: plans.iter().filter(|p| p.followed_up.is_some()).count(),
        plans_followed_up: plans.iter().filter(|p| p.followed_up == Some(true)).count(),
    };
    TeamRollup {
        team,
        weeks,
        periods,
        kpis,
        chart,
        incidents,
        projects,
        plans,
        summary,
    }
}

/// The daily notes of the week of `note`, dated `end`: those it links to, then unclaimed ones
/// dated within the seven days up to its date, from the team's folder or below it.
fn attach_dailies(
    team: usize,
    note: &Note,
    end: NaiveDate,
    dailies: &Dailies<'_, '_>,
    attached: &mut [bool],
    options: &RollupOptions,
) -> Vec<DailyRef> {
    let note_dir = folder(relative(&options.root, &note.path));
    let mut chosen: Vec<usize> = Vec::new();
    for link in &note.daily_links {
        let target = normalize_path(&format!("{note_dir}/{}", link.target));
        if let Some(&j) = dailies.by_path.get(&target) {
            if !attached[j] {
                attached[j] = true;
                chosen.push(j);
            }
        }
    }
    let start = end - chrono::Days::new(6);
    if let Some(by_date) = dailies.by_team_date.get(&team) {
        for &j in by_date.range(start..=end).flat_map(|(_, js)| js) {
            if !attached[j] {
                attached[j] = true;
                chosen.push(j);
            }
        }
    }
    let dailies = dailies.notes;
    let mut out: Vec<DailyRef> = chosen
        .into_iter()
        .map(|j| DailyRef {
            path: relative(&options.root, dailies[j].0).to_string(),
            date: dailies[j].1,
        })
        .collect();
    out.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.path.cmp(&b.path)));
    out
}

fn periods(
    placed: &[Placed<'_>],
    incidents: &IncidentRollup,
    projects: &[ProjectTimeline],
    period: Period,
    config: &Config,
) -> Vec<PeriodSummary> {
    let mut out: Vec<PeriodSummary> = Vec::new();
    for (i, p) in placed.iter().enumerate() {
        let key = period.key(p.date, p.week);
        if out.last().is_none_or(|s| s.key != key) {
            out.push(PeriodSummary {
                key: key.clone(),
                weeks: vec![],
                incidents_by_grade: BTreeMap::new(),
                events: 0,
                impact_minutes: Num::default(),
                error_budget: None,
                projects_done: vec![],
            });
        }
        let summary = out.last_mut().expect("a period was just pushed");
        summary.weeks.push(p.id.clone());
        let week = &incidents.weeks[i];
        for (grade, n) in &week.by_grade {
            *summary.incidents_by_grade.entry(grade.clone()).or_default() += n;
        }
        summary.events += week.events;
        summary.impact_minutes = Num(summary.impact_minutes.0 + week.impact_minutes.0);
        summary.projects_done.extend(
            projects
                .iter()
                .filter(|t| t.completed_in_range && t.done_week.as_deref() == Some(p.id.as_str()))
                .map(|t| t.name.clone()),
        );
    }
    for summary in &mut out {
        summary.error_budget = config
            .slo_availability
            .map(|slo| incidents::error_budget(slo, summary.weeks.len(), summary.impact_minutes));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_relative_to_the_root() {
        assert_eq!(
            relative("examples/notes", "examples/notes/a/b.md"),
            "a/b.md"
        );
        assert_eq!(relative("examples/notes/", "examples/notes/b.md"), "b.md");
        assert_eq!(relative(".", "./b.md"), "b.md");
        assert_eq!(folder("a/b.md"), "a");
        assert_eq!(folder("b.md"), "");
        assert_eq!(normalize_path("/daily/../daily/./x.md"), "daily/x.md");
    }
}
