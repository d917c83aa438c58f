//! Writing notes for a team: `draft` (this week's note from the dailies and last week's
//! note), `new weekly` and `new daily` (today's note, named like the team's notes).

use std::path::{Path, PathBuf};

use chrono::{Datelike, Days, NaiveDate};

use crate::calendar::{week_bounds, week_of};
use crate::config::Config;
use crate::draft::{self, daily, DraftInput};
use crate::model::{Note, NoteKind, WeekId};
use crate::render::RenderError;
use crate::source::{self, SourceError};

use super::{load_templates, LoadError, Read};

/// Where `init` writes the team's note template, which shapes a first draft.
pub const NOTE_TEMPLATE: &str = "templates/weekly-note.md";

/// Where `init` writes the daily note template, which shapes a first daily note.
pub const DAILY_TEMPLATE: &str = "templates/daily-note.md";

/// Why a note could not be written.
#[derive(Debug, thiserror::Error)]
pub enum DraftError {
    /// The folder named is not one.
    #[error("`{}` is not a folder of notes", .0.display())]
    NotAFolder(PathBuf),
    /// The configuration could not be loaded.
    #[error(transparent)]
    Config(#[from] LoadError),
    /// A note template could not be read.
    #[error("reading the note template `{path}`")]
    Template {
        /// The template, as shown.
        path: String,
        /// The cause.
        #[source]
        source: SourceError,
    },
    /// A report template could not be loaded.
    #[error(transparent)]
    Templates(#[from] super::TemplatesError),
    /// The draft template failed.
    #[error(transparent)]
    Render(#[from] RenderError),
    /// `new weekly`: the week has a note already, under another name.
    #[error("`{}` is already week {week}'s note; edit it, or give another week with --date", crate::render::printable(.path))]
    WeekHasANote {
        /// That note.
        path: String,
        /// Its week.
        week: WeekId,
    },
    /// The configured week numbering gives the week no dates.
    #[error("today's week has no bounds")]
    NoBounds,
}

/// A team's notes folder, read: its configuration, its weekly notes (the folder's own) and
/// its daily notes (in it or below, but not in a subfolder that is another team's).
#[derive(Debug)]
pub struct Team {
    /// The folder, as given.
    pub dir: PathBuf,
    /// The configuration.
    pub config: Config,
    /// The folder's own dated weekly notes, by date.
    pub weekly: Vec<Note>,
    /// The team's dated daily notes, by date then path.
    pub daily: Vec<Note>,
}

/// A note written for a team: its text and title.
#[derive(Debug)]
pub struct Written {
    /// The note.
    pub text: String,
    /// Its title, without `#`.
    pub title: String,
}

impl Team {
    /// Reads the team folder `dir` with the configuration `config` (else the nearest); the
    /// notes that could not be read are returned beside it.
    pub fn load(dir: &Path, config: Option<&Path>) -> Result<Read<Team>, DraftError> {
        if !dir.is_dir() {
            return Err(DraftError::NotAFolder(dir.to_path_buf()));
        }
        let (config, _) = super::load_config(config, dir)?;
        let read = super::read_folder(dir, &[], &config, |note| note);
        let root = folder_name(dir);
        let folder_of = |p: &str| {
            Path::new(p)
                .parent()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default()
        };
        // The team's weekly notes are the folder's own; a subfolder with weekly notes is
        // another team, whose dailies are not this team's either.
        let other_teams: Vec<String> = read
            .notes
            .iter()
            .filter(|n| n.kind == NoteKind::Weekly && n.date.is_some())
            .map(|n| folder_of(&n.path))
            .filter(|f| *f != root)
            .collect();
        let in_other_team = |p: &str| other_teams.iter().any(|t| p.starts_with(&format!("{t}/")));
        let (mut weekly, mut daily): (Vec<Note>, Vec<Note>) = read
            .notes
            .into_iter()
            .filter(|n| n.date.is_some() && !in_other_team(&n.path))
            .partition(|n| n.kind == NoteKind::Weekly);
        weekly.retain(|n| folder_of(&n.path) == root);
        weekly.sort_by_key(|n| n.date);
        daily.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.path.cmp(&b.path)));
        Ok(Read {
            notes: Team {
                dir: dir.to_path_buf(),
                config,
                weekly,
                daily,
            },
            problems: read.problems,
        })
    }

    /// The day of the week `monday..=sunday` on which the team dates its weekly notes (the
    /// latest one's weekday; Friday for a team's first).
    pub fn same_weekday_in(&self, monday: NaiveDate, sunday: NaiveDate) -> NaiveDate {
        let weekday = self.weekly.last().and_then(|n| n.date).map(|d| d.weekday());
        match weekday {
            Some(w) => monday + Days::new(u64::from(w.num_days_from_monday())),
            None => sunday - Days::new(2),
        }
    }

    /// The date of the next draft: the week after the latest weekly note, else `today`.
    pub fn next_draft_date(&self, today: NaiveDate) -> NaiveDate {
        match self.weekly.last().and_then(|n| n.date) {
            Some(d) => d + Days::new(7),
            None => today,
        }
    }

    /// The draft of the week ending `date`, rendered with the `draft.md` template (the
    /// folder's, or `template`).
    pub fn draft(&self, date: NaiveDate, template: Option<&Path>) -> Result<Written, DraftError> {
        let start = date - Days::new(6);
        let note_template = read_template(&self.dir, NOTE_TEMPLATE, &self.config)?;
        let input = DraftInput {
            last_week: self
                .weekly
                .iter()
                .rev()
                .find(|n| n.date.is_some_and(|d| d < date)),
            dailies: self
                .daily
                .iter()
                .filter(|n| n.date.is_some_and(|d| d >= start && d <= date))
                .collect(),
            date,
            week: week_of(date, self.config.week_numbering),
            folder: folder_name(&self.dir),
            template: note_template
                .as_ref()
                .map(|(note, text)| draft::Template { note, text }),
            vocabulary: &self.config.vocabulary,
        };
        let drafted = draft::draft(&input);
        let templates = load_templates(&self.dir, template, "draft.md")?;
        Ok(Written {
            text: templates.render("draft.md", &drafted)?,
            title: drafted.title,
        })
    }

    /// `new weekly`: this week's note for `today`, and the path to write it to (named like
    /// the latest weekly note). With `check_week`, a week that has a note under another name
    /// is refused.
    pub fn new_weekly(
        &self,
        today: NaiveDate,
        check_week: bool,
    ) -> Result<(Written, PathBuf), DraftError> {
        let numbering = self.config.week_numbering;
        let week = week_of(today, numbering);
        let (monday, sunday) = week_bounds(week, numbering).ok_or(DraftError::NoBounds)?;
        let date = self.same_weekday_in(monday, sunday);
        let drafted = self.draft(date, None)?;
        let name = self.dir.join(daily::weekly_name(
            self.weekly.last(),
            week_of(date, numbering),
            date,
            &drafted.title,
        ));
        if let Some(existing) = self.weekly.iter().filter(|_| check_week).find(|n| {
            n.date.map(|d| week_of(d, numbering)) == Some(week) && Path::new(&n.path) != name
        }) {
            return Err(DraftError::WeekHasANote {
                path: existing.path.clone(),
                week,
            });
        }
        Ok((drafted, name))
    }

    /// `new daily`: the daily note of `today`, and the path to write it to (beside the last
    /// daily note, named like it).
    pub fn new_daily(&self, today: NaiveDate) -> Result<(String, PathBuf), DraftError> {
        let vocabulary = &self.config.vocabulary;
        let last = self
            .daily
            .iter()
            .rev()
            .find(|n| n.date.is_some_and(|d| d < today));
        let template = match last {
            Some(_) => None,
            None => read_template(&self.dir, DAILY_TEMPLATE, &self.config)?,
        };
        let text = daily::daily_note(last, template.as_ref().map(|(n, _)| n), today, vocabulary);
        let folder = last
            .and_then(|n| Path::new(&n.path).parent().map(Path::to_path_buf))
            .unwrap_or_else(|| self.dir.clone());
        let english_template = template.as_ref().is_some_and(|(t, _)| {
            t.title.as_deref().is_none_or(|t| {
                crate::config::writing::Lang::of(t) == crate::config::writing::Lang::En
            })
        });
        let name = if english_template {
            daily::english_daily_name(today)
        } else {
            daily::daily_name(last, today, vocabulary)
        };
        Ok((text, folder.join(name)))
    }
}

/// Today: `given` (`--today`), else in the configured time zone, else in the machine's.
pub fn today(config: &Config, given: Option<NaiveDate>) -> NaiveDate {
    given.unwrap_or_else(|| {
        let now = chrono::Utc::now().timestamp();
        config.today_at(now, chrono::Local::now().date_naive())
    })
}

/// A folder as the notes' paths spell it: `/` separators, no trailing `/`.
fn folder_name(dir: &Path) -> String {
    let name = dir.to_string_lossy().replace('\\', "/");
    match name.trim_end_matches('/') {
        "" => name,
        trimmed => trimmed.to_string(),
    }
}

/// The template `name` of `dir` (parsed, and its text), when there is one.
fn read_template(
    dir: &Path,
    name: &str,
    config: &Config,
) -> Result<Option<(Note, String)>, DraftError> {
    let path = dir.join(name);
    if !path.is_file() {
        return Ok(None);
    }
    let file =
        source::read_note(&path, config.max_note_bytes).map_err(|source| DraftError::Template {
            path: crate::render::printable(&path.display().to_string()).into_owned(),
            source,
        })?;
    let note = crate::parse_note(name, &file.decoded.text, config);
    Ok(Some((note, file.decoded.text)))
}
