//! Use cases: a notes folder as the commands see it.
//!
//! The commands of the binary (and the language server) do their work through this module:
//! find the configuration, read a folder's notes, check a note in its folder's context (last
//! week's note, the other notes of its week, the daily notes it links), resolve a week to a
//! note. What cannot be read is returned as data, for the caller to report; nothing here
//! prints.

pub mod build;
pub mod check;
pub mod draft;
pub mod init;
pub mod watch;

use std::path::{Path, PathBuf};

use crate::calendar;
use crate::config::{Config, ConfigError};
use crate::model::{Note, NoteKind, WeekId};
use crate::render::templates::Templates;
use crate::source::{self, SourceError};

/// Why the configuration could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read.
    #[error(transparent)]
    Read(#[from] SourceError),
    /// The file is not a valid configuration.
    #[error(transparent)]
    Invalid(#[from] ConfigError),
}

/// Loads `explicit`, else the `weekly-report.yaml` nearest `near`, else the built-in one;
/// returns the path it came from.
pub fn load_config(
    explicit: Option<&Path>,
    near: &Path,
) -> Result<(Config, Option<PathBuf>), LoadError> {
    let path = match explicit {
        Some(p) => Some(p.to_path_buf()),
        None => source::find_config(near),
    };
    let Some(path) = path else {
        return Ok((Config::builtin(), None));
    };
    let text = source::read_config(&path)?;
    let config = Config::from_yaml(&text, &path.display().to_string())?;
    Ok((config, Some(path)))
}

/// The folder to look for configuration in, for a list of inputs: the first one if it is a
/// folder, else its folder.
pub fn config_anchor(inputs: &[PathBuf]) -> PathBuf {
    let first = inputs
        .first()
        .map(PathBuf::as_path)
        .unwrap_or(Path::new("."));
    if first.is_dir() {
        first.to_path_buf()
    } else {
        first
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."))
    }
}

/// An input that could not be read; the rest of the job was done without it.
#[derive(Debug, thiserror::Error)]
pub enum Problem {
    /// A folder or entry that could not be listed.
    #[error("{0}")]
    Listing(String),
    /// A note that could not be read.
    #[error(transparent)]
    Note(#[from] SourceError),
}

/// What was read, and what could not be.
#[derive(Debug)]
pub struct Read<T> {
    /// What was read.
    pub notes: T,
    /// What could not be, in the order met.
    pub problems: Vec<Problem>,
}

/// Finds the notes under `dir` (less `exclude`), as [`source::find_notes`] does, with the
/// entries that could not be listed.
pub fn find_notes(dir: &Path, exclude: &[PathBuf]) -> Read<Vec<PathBuf>> {
    let found = source::find_notes(dir, exclude);
    Read {
        notes: found.notes,
        problems: found.errors.into_iter().map(Problem::Listing).collect(),
    }
}

/// Reads `paths` in parallel, each passed through `then`, in order; a report the tool wrote
/// is no note and is left out silently.
pub fn read_notes<T: Send>(
    paths: &[PathBuf],
    config: &Config,
    then: impl Fn(Note) -> T + Sync,
) -> Read<Vec<T>> {
    let mut read = Read {
        notes: Vec::with_capacity(paths.len()),
        problems: vec![],
    };
    for result in crate::read_notes_then(paths, config, then) {
        match result {
            Ok(note) => read.notes.push(note),
            Err(SourceError::GeneratedReport { .. }) => {}
            Err(err) => read.problems.push(err.into()),
        }
    }
    read
}

/// Finds and reads the notes under `dir` (less `exclude`).
pub fn read_folder<T: Send>(
    dir: &Path,
    exclude: &[PathBuf],
    config: &Config,
    then: impl Fn(Note) -> T + Sync,
) -> Read<Vec<T>> {
    let found = find_notes(dir, exclude);
    let mut read = read_notes(&found.notes, config, then);
    read.problems.splice(0..0, found.problems);
    read
}

/// The built-in templates, overridden by the notes folder's `templates/` and by `template`
/// (which replaces `main`).
pub fn load_templates(
    dir: &Path,
    template: Option<&Path>,
    main: &str,
) -> Result<Templates, TemplatesError> {
    let mut overrides = Vec::new();
    for (name, _) in crate::render::templates::DEFAULTS {
        let path = dir.join("templates").join(name);
        if path.is_file() && template.is_none_or(|_| *name != main) {
            let text = source::read_config(&path)?;
            overrides.push((name.to_string(), text, path.display().to_string()));
        }
    }
    if let Some(path) = template {
        let text = source::read_config(path)?;
        overrides.push((main.to_string(), text, path.display().to_string()));
    }
    Ok(Templates::new(overrides)?)
}

/// Why the templates could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum TemplatesError {
    /// A template file could not be read.
    #[error(transparent)]
    Read(#[from] SourceError),
    /// A template does not compile.
    #[error(transparent)]
    Invalid(#[from] crate::render::RenderError),
}

/// Why a week could not be resolved to one note.
#[derive(Debug, thiserror::Error)]
pub enum WeekError {
    /// The argument is no file and no week id.
    #[error("`{0}` is neither a note file nor a week like 2023-W28")]
    NotAWeek(String),
    /// The note named could not be read.
    #[error(transparent)]
    Read(#[from] SourceError),
    /// The folder has no dated weekly note at all.
    #[error("no weekly note of {week} in `{}`: it has no dated weekly notes", dir.display())]
    NoDatedNotes {
        /// The week asked for.
        week: WeekId,
        /// The notes folder.
        dir: PathBuf,
    },
    /// No weekly note of that week; `known` lists the folder's weeks.
    #[error("no weekly note of {week} in `{}`; its weeks are {}", dir.display(), known.join(", "))]
    NoNote {
        /// The week asked for.
        week: WeekId,
        /// The notes folder.
        dir: PathBuf,
        /// The weeks the folder's weekly notes are of, by date.
        known: Vec<String>,
    },
    /// Several weekly notes are of that week.
    #[error("{week} matches several notes in `{}`: {}; give a file instead", dir.display(), paths.join(", "))]
    Several {
        /// The week asked for.
        week: WeekId,
        /// The notes folder.
        dir: PathBuf,
        /// The notes of that week.
        paths: Vec<String>,
    },
}

/// A note a command asked for, with the notes of the folder that could not be read on the
/// way (they may have been the one asked for).
#[derive(Debug)]
pub struct Resolved {
    /// The note.
    pub note: Note,
    /// The notes of the folder that could not be read.
    pub unreadable: Vec<SourceError>,
}

/// A note file, or the weekly note of the week id `arg` (`2023-W28`) in `dir`. A week is
/// matched by the notes' dates when they have one (a week has two names at the new year).
pub fn resolve_week(arg: &str, dir: &Path, config: &Config) -> Result<Resolved, WeekError> {
    let path = Path::new(arg);
    if path.is_file() {
        return Ok(Resolved {
            note: crate::read_note(path, config)?,
            unreadable: vec![],
        });
    }
    let week = calendar::parse_week_id(arg).ok_or_else(|| WeekError::NotAWeek(arg.to_string()))?;
    let numbering = config.week_numbering;
    let found = source::find_notes(dir, &[]);
    let mut unreadable = Vec::new();
    let mut weekly = Vec::new();
    for read in crate::read_notes(&found.notes, config) {
        match read {
            Ok(n) if n.kind == NoteKind::Weekly => weekly.push(n),
            Ok(_) | Err(SourceError::GeneratedReport { .. }) => {}
            Err(e) => unreadable.push(e),
        }
    }
    let bounds = calendar::week_bounds(week, numbering);
    let mut known: Vec<(chrono::NaiveDate, String)> = weekly
        .iter()
        .filter_map(|n| {
            let d = n.date?;
            Some((d, calendar::note_week(n.week, d, numbering).to_string()))
        })
        .collect();
    known.sort();
    known.dedup();
    let mut matches: Vec<Note> = weekly
        .into_iter()
        .filter(|n| match (n.date, bounds) {
            (Some(d), Some((monday, _))) => {
                calendar::note_week(n.week, d, numbering)
                    == calendar::note_week(Some(week), monday, numbering)
            }
            _ => n.week == Some(week),
        })
        .collect();
    let dir = dir.to_path_buf();
    match matches.len() {
        0 if known.is_empty() => Err(WeekError::NoDatedNotes { week, dir }),
        0 => Err(WeekError::NoNote {
            week,
            dir,
            known: known.into_iter().map(|(_, id)| id).collect(),
        }),
        1 => Ok(Resolved {
            note: matches.remove(0),
            unreadable,
        }),
        _ => Err(WeekError::Several {
            week,
            dir,
            paths: matches.into_iter().map(|n| n.path).collect(),
        }),
    }
}
