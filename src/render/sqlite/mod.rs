//! The facts as a SQLite database: one table per kind of fact, each row with its note and
//! line, and the rollup's answers (`project_timeline`, `slips`, `kpi_by_week`) as views over
//! tables the rollup itself filled.
//!
//! The tables, their columns, indexes and views are declared in `schema.sql` (embedded), not
//! here: this writer only knows the order of each table's columns. [`FactsWriter`] writes to
//! any [`Connection`] — a file (`build --format sqlite`) or memory (`sql`). Decimals are
//! written twice, as a REAL and as the exact text the note wrote (`value_text`).

mod rows;

use std::collections::{BTreeSet, HashMap};

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::types::ToSql;
use rusqlite::Connection;
use serde::Serialize;

use crate::analyze::{self, project_key, Rollup};
use crate::config::WeekNumbering;
use crate::model::{Item, Note, NoteKind, Num};

pub use rows::{write_rows, QueryRows, RowsFormat};

/// The version of the database's shape, stored as `PRAGMA user_version`. Bumped on any
/// incompatible change of `schema.sql`, together with `docs/sqlite.md`.
pub const SQLITE_SCHEMA_VERSION: u32 = 1;

/// The statements that make the database, in two parts: the tables, then (after
/// [`AFTER_ROWS`]) the indexes and views, made once the rows are in, which is faster.
pub const SCHEMA: &str = include_str!("schema.sql");

/// The line of `schema.sql` that parts the tables from the indexes and views.
const AFTER_ROWS: &str = "-- @after-rows";

/// The tables of facts a note gives, in the order `schema.sql` declares them; a daily
/// note's team is set in each once the team folders are known.
const FACT_TABLES: [&str; 12] = [
    "metrics",
    "incidents",
    "events",
    "event_actions",
    "items",
    "plans",
    "risks",
    "others",
    "reflections",
    "daily_links",
    // `notes` last: the statements that set a daily note's team find it there.
    "notes",
    "diagnostics",
];

/// The tables the rollup fills.
const ROLLUP_TABLES: [&str; 4] = [
    "rollup_weeks",
    "rollup_projects",
    "rollup_project_weeks",
    "rollup_kpis",
];

/// Why the database could not be written.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// SQLite refused a statement or could not write.
    #[error("cannot write the facts database")]
    Sqlite(#[from] rusqlite::Error),
    /// A value could not be turned into JSON text.
    #[error("cannot write the facts database")]
    Json(#[from] serde_json::Error),
}

/// Writes notes' facts and a rollup into a new database, inside one transaction.
pub struct FactsWriter {
    conn: Connection,
    root: String,
    numbering: WeekNumbering,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    /// `INSERT INTO table VALUES (?, …)` for each table, with one `?` per column.
    inserts: HashMap<&'static str, String>,
    /// Folders holding a dated weekly note: the teams.
    teams: BTreeSet<String>,
    /// Folders holding daily notes written.
    daily_folders: BTreeSet<String>,
}

/// What [`FactsWriter`] writes of one note: its path relative to the root and the columns
/// every fact row of it shares.
struct NoteRow<'n> {
    path: String,
    team: String,
    week: Option<String>,
    date: Option<String>,
    note: &'n Note,
}

impl FactsWriter {
    /// Makes the tables in `conn` (which must be empty) and starts the transaction the rows go
    /// in. `root` is the notes folder as given (paths are stored relative to it); notes dated
    /// outside `from`–`to`, and undated ones when a bound is given, are left out, as the
    /// rollup leaves them out.
    pub fn new(
        conn: Connection,
        root: &str,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        numbering: WeekNumbering,
    ) -> Result<FactsWriter, DbError> {
        // Nothing to recover from: a database that is not finished is never put in place.
        conn.execute_batch(
            "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA temp_store = MEMORY;",
        )?;
        // One cached statement per table, and the rollup's update.
        conn.set_prepared_statement_cache_capacity(FACT_TABLES.len() + ROLLUP_TABLES.len() + 4);
        let (tables, _) = split_schema();
        conn.execute_batch(tables)?;
        let mut inserts = HashMap::new();
        for table in FACT_TABLES.iter().chain(&ROLLUP_TABLES) {
            let columns: i64 =
                conn.query_row("SELECT count(*) FROM pragma_table_info(?1)", [table], |r| {
                    r.get(0)
                })?;
            let marks = vec!["?"; columns.max(0) as usize].join(", ");
            inserts.insert(*table, format!("INSERT INTO {table} VALUES ({marks})"));
        }
        conn.execute_batch("BEGIN")?;
        Ok(FactsWriter {
            conn,
            root: root.to_string(),
            numbering,
            from,
            to,
            inserts,
            teams: BTreeSet::new(),
            daily_folders: BTreeSet::new(),
        })
    }

    fn insert(&self, table: &'static str, values: &[&dyn ToSql]) -> Result<(), DbError> {
        let sql = self
            .inserts
            .get(table)
            .expect("every table written is in FACT_TABLES or ROLLUP_TABLES");
        self.conn.prepare_cached(sql)?.execute(values)?;
        Ok(())
    }

    /// Whether a note is within the range.
    fn in_range(&self, date: Option<NaiveDate>) -> bool {
        if self.from.is_none() && self.to.is_none() {
            return true;
        }
        date.is_some_and(|d| self.from.is_none_or(|f| d >= f) && self.to.is_none_or(|t| d <= t))
    }

    /// Writes every fact of `note` (when it is within the range).
    pub fn add_note(&mut self, note: &Note) -> Result<(), DbError> {
        let path = analyze::relative_path(&self.root, &note.path).to_string();
        let team = analyze::folder_of(&path).to_string();
        match note.kind {
            NoteKind::Weekly if note.date.is_some() => {
                self.teams.insert(team.clone());
            }
            NoteKind::Daily => {
                self.daily_folders.insert(team.clone());
            }
            NoteKind::Weekly => {}
        }
        if !self.in_range(note.date) {
            return Ok(());
        }
        let week = match (note.week, note.date) {
            (week, Some(date)) => Some(crate::calendar::note_week(week, date, self.numbering)),
            (week, None) => week,
        };
        let row = NoteRow {
            path,
            team,
            week: week.map(|w| w.to_string()),
            date: note.date.map(|d| d.to_string()),
            note,
        };
        self.write_note(&row)
    }

    fn write_note(&self, r: &NoteRow<'_>) -> Result<(), DbError> {
        let note = r.note;
        let (path, team, week, date) = (&r.path, &r.team, &r.week, &r.date);
        let front_matter = note
            .front_matter
            .as_ref()
            .map(serde_json::to_string)
            .transpose()?;
        self.insert(
            "notes",
            &[
                path,
                &enum_name(&note.kind),
                team,
                &note.title,
                week,
                date,
                &note.created.map(datetime),
                &front_matter,
                &serde_json::to_string(&note.properties)?,
            ],
        )?;
        for m in &note.metrics {
            self.insert(
                "metrics",
                &[
                    path,
                    team,
                    week,
                    date,
                    &m.name,
                    &enum_name(&m.kind),
                    &m.value.to_f64(),
                    &exact(m.value),
                    &m.unit,
                    &m.target.map(Num::to_f64),
                    &m.target.map(exact),
                    &m.comparator.map(|c| c.symbol()),
                    &m.previous.map(Num::to_f64),
                    &m.previous.map(exact),
                    &m.approximate,
                    &m.basis.map(|b| b.part.to_f64()),
                    &m.basis.map(|b| b.total.to_f64()),
                    &m.line,
                ],
            )?;
        }
        if let Some(incidents) = &note.incidents {
            for (grade, count) in &incidents.by_grade {
                self.insert(
                    "incidents",
                    &[path, team, week, date, grade, count, &incidents.line],
                )?;
            }
        }
        for e in &note.events {
            self.insert(
                "events",
                &[
                    path,
                    team,
                    week,
                    date,
                    &e.id,
                    &e.at.map(datetime),
                    &e.timezone,
                    &e.detected_at.map(datetime),
                    &e.grade,
                    &e.summary,
                    &e.cause,
                    &e.action,
                    &e.impact_minutes.map(Num::to_f64),
                    &e.impact_minutes.map(exact),
                    &e.impact_source.map(|s| enum_name(&s)),
                    &e.recovered_at.map(datetime),
                    &e.line,
                ],
            )?;
            for a in &e.actions {
                self.insert(
                    "event_actions",
                    &[
                        path,
                        team,
                        week,
                        &e.line,
                        &a.text,
                        &a.owner,
                        &a.due.map(|d| d.to_string()),
                        &a.done,
                        &a.line,
                    ],
                )?;
            }
        }
        for o in &note.objectives {
            let label = if o.title.is_empty() {
                o.code.clone()
            } else {
                format!("{} {}", o.code, o.title)
            };
            self.write_items(r, Some(&label), &o.items)?;
        }
        self.write_items(r, None, &note.items)?;
        for (section, plans) in [("next_week", &note.next_week), ("tomorrow", &note.tomorrow)] {
            for i in plans.iter().flat_map(Item::walk) {
                self.insert(
                    "plans",
                    &[
                        path,
                        team,
                        week,
                        date,
                        &section,
                        &project_key(&i.name),
                        &i.name,
                        &i.text,
                        &i.status.as_str(),
                        &i.due.map(|d| d.to_string()),
                        &i.owner,
                        &None::<bool>,
                        &None::<String>,
                        &i.line,
                    ],
                )?;
            }
        }
        for (table, items) in [("risks", &note.risks), ("others", &note.others)] {
            for i in items.iter().flat_map(Item::walk) {
                self.insert(
                    table,
                    &[
                        path,
                        team,
                        week,
                        date,
                        &project_key(&i.name),
                        &i.name,
                        &i.text,
                        &i.status.as_str(),
                        &i.owner,
                        &i.line,
                    ],
                )?;
            }
        }
        for b in &note.reflections {
            self.insert("reflections", &[path, team, week, date, &b.text, &b.line])?;
        }
        for l in &note.daily_links {
            self.insert(
                "daily_links",
                &[
                    path,
                    team,
                    week,
                    &l.text,
                    &l.target,
                    &l.date.map(|d| d.to_string()),
                    &l.line,
                ],
            )?;
        }
        for d in &note.diagnostics {
            self.insert(
                "diagnostics",
                &[
                    path,
                    &d.line,
                    &d.column,
                    &d.code.as_str(),
                    &enum_name(&d.severity),
                    &d.message,
                ],
            )?;
        }
        Ok(())
    }

    /// Items and their sub-items, depth first in note order, each with its parent's name.
    fn write_items(
        &self,
        r: &NoteRow<'_>,
        objective: Option<&str>,
        items: &[Item],
    ) -> Result<(), DbError> {
        let mut stack: Vec<(&Item, u32, Option<&str>)> =
            items.iter().rev().map(|i| (i, 0, None)).collect();
        while let Some((i, depth, parent)) = stack.pop() {
            stack.extend(
                i.children
                    .iter()
                    .rev()
                    .map(|c| (c, depth + 1, Some(i.name.as_str()))),
            );
            self.insert(
                "items",
                &[
                    &r.path,
                    &r.team,
                    &r.week,
                    &r.date,
                    &objective,
                    &parent,
                    &depth,
                    &project_key(&i.name),
                    &i.name,
                    &i.text,
                    &i.status.as_str(),
                    &i.progress.map(Num::to_f64),
                    &i.progress.map(exact),
                    &i.due.map(|d| d.to_string()),
                    &i.done_on.map(|d| d.to_string()),
                    &i.previous_due.map(|d| d.to_string()),
                    &i.owner,
                    &i.health.map(|h| enum_name(&h)),
                    &i.confidence.map(|c| format!("{}/{}", c.value, c.out_of)),
                    &serde_json::to_string(&i.tags)?,
                    &i.line,
                ],
            )?;
        }
        Ok(())
    }

    /// Writes the rollup's tables, sets each daily note's team, makes the indexes and views,
    /// stamps the schema version and the application id, and commits. The connection is
    /// returned ready to query.
    pub fn finish(self, rollup: &Rollup) -> Result<Connection, DbError> {
        let (_, after_rows) = split_schema();
        self.conn.execute_batch(after_rows)?;
        self.set_daily_teams()?;
        self.write_rollup(rollup)?;
        self.conn.execute_batch("COMMIT")?;
        self.conn.execute_batch(&format!(
            "PRAGMA user_version = {SQLITE_SCHEMA_VERSION}; PRAGMA application_id = {};",
            crate::source::SQLITE_APPLICATION_ID as i32
        ))?;
        Ok(self.conn)
    }

    /// A daily note belongs to the nearest folder at or above its own that holds weekly
    /// notes, as the rollup attaches it.
    fn set_daily_teams(&self) -> Result<(), DbError> {
        for folder in &self.daily_folders {
            let mut owner = folder.as_str();
            let team = loop {
                if self.teams.contains(owner) {
                    break Some(owner);
                }
                if owner.is_empty() {
                    break None;
                }
                owner = analyze::folder_of(owner);
            };
            let Some(team) = team.filter(|t| t != folder) else {
                continue;
            };
            for table in FACT_TABLES {
                let sql = format!(
                    "UPDATE {table} SET team = ?1 WHERE team = ?2 AND path IN \
                     (SELECT path FROM notes WHERE kind = 'daily' AND team = ?2)"
                );
                if table == "diagnostics" {
                    continue; // it has no team column
                }
                self.conn.execute(&sql, [team, folder])?;
            }
        }
        Ok(())
    }

    fn write_rollup(&self, rollup: &Rollup) -> Result<(), DbError> {
        for t in &rollup.teams {
            let team = &t.team;
            for w in &t.weeks {
                let dailies: Vec<&str> = w.dailies.iter().map(|d| d.path.as_str()).collect();
                self.insert(
                    "rollup_weeks",
                    &[
                        team,
                        &w.id,
                        &w.date.to_string(),
                        &w.path,
                        &w.title,
                        &serde_json::to_string(&dailies)?,
                    ],
                )?;
            }
            for p in &t.projects {
                let slip = p.slipped.as_ref();
                let stall = p.stalled.as_ref();
                self.insert(
                    "rollup_projects",
                    &[
                        team,
                        &p.key,
                        &p.name,
                        &p.objective,
                        &p.status.as_str(),
                        &p.progress.map(Num::to_f64),
                        &p.progress.map(exact),
                        &p.due.map(|d| d.to_string()),
                        &p.done_week,
                        &p.done_on.map(|d| d.to_string()),
                        &p.completed_in_range,
                        &p.tracked,
                        &slip.map(|s| s.original_due.to_string()),
                        &slip.map(|s| s.latest_due.to_string()),
                        &slip.map(|s| s.moved_days),
                        &slip
                            .map(|s| serde_json::to_string(&s.moved_in))
                            .transpose()?,
                        &slip.map(|s| s.overdue_days),
                        &slip.map(|s| s.days),
                        &stall.map(|s| s.progress.to_f64()),
                        &stall.map(|s| serde_json::to_string(&s.weeks)).transpose()?,
                    ],
                )?;
                for e in &p.entries {
                    self.insert(
                        "rollup_project_weeks",
                        &[
                            team,
                            &p.key,
                            &e.week,
                            &e.status.as_str(),
                            &e.progress.map(Num::to_f64),
                            &e.progress.map(exact),
                            &e.due.map(|d| d.to_string()),
                            &e.done_on.map(|d| d.to_string()),
                            &e.path,
                            &e.line,
                        ],
                    )?;
                }
            }
            for k in &t.kpis {
                for (w, id, value) in k.values.iter() {
                    let week = &t.weeks[w];
                    let target = k.targets.get(w);
                    let breach = k.breaches.iter().find(|b| b.week == id);
                    self.insert(
                        "rollup_kpis",
                        &[
                            team,
                            &id,
                            &week.date.to_string(),
                            &week.path,
                            &k.name,
                            &enum_name(&k.kind),
                            &k.unit,
                            &value.to_f64(),
                            &exact(*value),
                            &target.map(|t| t.to_f64()),
                            &target.map(|t| exact(*t)),
                            &breach.map(|b| enum_name(&b.against)),
                            &breach.map(|b| b.bound.to_f64()),
                        ],
                    )?;
                }
            }
            let mut follow_up = self.conn.prepare_cached(
                "UPDATE plans SET followed_up = ?1, reported_as = ?2 \
                 WHERE team = ?3 AND week = ?4 AND section = 'next_week' AND text = ?5",
            )?;
            for p in t.plans.iter().filter(|p| p.followed_up.is_some()) {
                follow_up.execute(rusqlite::params![
                    p.followed_up,
                    p.matched,
                    team,
                    p.week,
                    p.text
                ])?;
            }
        }
        Ok(())
    }
}

/// The tables, and the indexes and views.
fn split_schema() -> (&'static str, &'static str) {
    let (tables, rest) = SCHEMA
        .split_once(AFTER_ROWS)
        .expect("schema.sql has its `-- @after-rows` line");
    // The rest of the marker's line is a comment.
    (tables, rest.split_once('\n').map_or("", |(_, after)| after))
}

/// A decimal exactly as written: `98.80` keeps its zero.
fn exact(n: Num) -> String {
    n.0.to_string()
}

/// A time as the JSON output writes it: `2023-07-05T11:21:00`.
fn datetime(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%S").to_string()
}

/// The snake_case name serde gives a unit variant (`success_rate`).
fn enum_name<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schema_has_its_two_parts_and_every_table_an_insert() {
        let (tables, after) = split_schema();
        assert!(tables.contains("CREATE TABLE metrics") && !tables.contains("CREATE VIEW"));
        assert!(after.contains("CREATE VIEW slips") && !after.contains("CREATE TABLE"));
        let conn = Connection::open_in_memory().unwrap();
        let w = FactsWriter::new(conn, ".", None, None, WeekNumbering::default()).unwrap();
        assert_eq!(w.inserts.len(), FACT_TABLES.len() + ROLLUP_TABLES.len());
        let names: Vec<String> = w
            .conn
            .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY rowid")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let mut expected: Vec<&str> = FACT_TABLES.iter().chain(&ROLLUP_TABLES).copied().collect();
        expected.sort();
        let mut names_sorted = names.clone();
        names_sorted.sort();
        assert_eq!(names_sorted, expected, "every table is written");
    }

    #[test]
    fn decimals_keep_their_text() {
        assert_eq!(exact(Num::parse("98.80").unwrap()), "98.80");
        assert_eq!(exact(Num::parse("99.998").unwrap()), "99.998");
    }
}
