//! Checking notes in their folder's context: what `check` and the language server run.
//!
//! A rule sees one note, but some rules compare it with its neighbours: last week's note
//! (WR012), the other notes of its week (WR018), the daily notes it links (WR011). A
//! [`Checker`] looks those up on disk, lists each folder once however many of its notes are
//! checked, and passes them to [`crate::lint`] with the text being checked — a file's, or an
//! editor's unsaved buffer.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::calendar::week_of;
use crate::config::{Config, RuleLevel};
use crate::extract::{self, find_dates, Norm};
use crate::lint::{self, Finding, LintInput};
use crate::model::{Note, NoteKind};
use crate::sink::{self, Replace, WriteError};
use crate::source::{self, DecodeError, Decoded, SourceError};

/// Why a note could not be checked.
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    /// The note could not be read or decoded.
    #[error(transparent)]
    Read(#[from] SourceError),
    /// `--fix` could not rewrite the note: it is not UTF-8, or changed while it was checked.
    #[error("`{path}` is not UTF-8, or changed while it was checked; --fix only rewrites UTF-8 notes (save it as UTF-8 first)")]
    CannotFix {
        /// The note, as shown.
        path: String,
    },
    /// Writing the fixed note failed; the note is as it was.
    #[error("applying fixes to `{path}`")]
    Write {
        /// The note, as shown.
        path: String,
        /// The cause.
        #[source]
        source: WriteError,
    },
    /// The fixed note does not decode as the note did.
    #[error("the fixed note decodes as the note did")]
    FixedDecode(#[source] DecodeError),
}

/// The configuration's `rules:` names a rule that does not exist.
#[derive(Debug, thiserror::Error)]
#[error("invalid configuration in `{origin}`: {problem}")]
pub struct RuleConfigError {
    /// The configuration file, or `built-in configuration`.
    pub origin: String,
    /// The key that names no rule.
    pub problem: lint::UnknownRule,
}

/// Checks that every key of the configuration's `rules:` names a rule; `path` is where the
/// configuration came from (`None`: built in).
pub fn validate_rules(config: &Config, path: Option<&Path>) -> Result<(), RuleConfigError> {
    lint::validate_rule_config(config).map_err(|problem| RuleConfigError {
        origin: path.map_or("built-in configuration".to_string(), |p| {
            p.display().to_string()
        }),
        problem,
    })
}

/// One checked note.
#[derive(Debug)]
pub struct Checked {
    /// The note's path, as shown (`/` separators).
    pub path: String,
    /// The text that was checked (after fixes, when fixes were applied).
    pub text: String,
    /// What the rules found, by position.
    pub findings: Vec<Finding>,
    /// The fixes written into the note, first in the note first.
    pub fixed: Vec<Fixed>,
}

/// A fix written into a note by `check --fix`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fixed {
    /// 1-based line of the fixed bytes.
    pub line: u32,
    /// What was corrected, in the user's words (`week`).
    pub subject: &'static str,
    /// The bytes that were there.
    pub old: String,
    /// What was put there.
    pub new: String,
}

/// The notes named by a command line: each folder's notes (found as `build` finds them) and
/// each file given.
#[derive(Debug, Default)]
pub struct Targets {
    /// Each note with whether it was named explicitly (a report the tool wrote is skipped
    /// silently when found in a folder, with a word when named).
    pub files: Vec<(PathBuf, bool)>,
    /// Folders or entries that could not be listed.
    pub errors: Vec<String>,
}

/// The notes `paths` name: the files, and the notes under the folders.
pub fn targets(paths: &[PathBuf]) -> Targets {
    let mut targets = Targets::default();
    for p in paths {
        if p.is_dir() {
            let found = source::find_notes(p, &[]);
            targets.errors.extend(found.errors);
            targets
                .files
                .extend(found.notes.into_iter().map(|f| (f, false)));
        } else {
            targets.files.push((p.clone(), true));
        }
    }
    targets
}

/// Checks notes against their folders; each folder is listed once.
#[derive(Debug)]
pub struct Checker<'c> {
    config: &'c Config,
    folders: Folders,
}

impl<'c> Checker<'c> {
    /// A checker for notes read with `config`.
    pub fn new(config: &'c Config) -> Self {
        Checker {
            config,
            folders: Folders::default(),
        }
    }

    /// Forgets the folder listings, so that notes added, renamed or removed since are seen.
    pub fn forget_folders(&mut self) {
        self.folders.0.clear();
    }

    /// Reads and checks the note at `path` (`None` for a report the tool wrote, which is not
    /// a note); with `fix`, writes the fixes first, changing only their bytes, and checks the
    /// fixed note.
    pub fn check_file(&mut self, path: &Path, fix: bool) -> Result<Option<Checked>, CheckError> {
        let file = match source::read_note(path, self.config.max_note_bytes) {
            Ok(file) => file,
            Err(SourceError::GeneratedReport { .. }) => return Ok(None),
            Err(e) => return Err(e.into()),
        };
        let shown = path.to_string_lossy().replace('\\', "/");
        let mut findings = self.lint(path, &file.decoded);
        let mut text = file.decoded.text.clone();
        let mut fixed = Vec::new();
        if fix {
            let fixes = lint::applicable_fixes(&text, &findings);
            if !fixes.is_empty() {
                let (decoded, applied) =
                    fix_file(path, &shown, &file.decoded, &fixes, self.config)?;
                fixed = applied;
                findings = self.lint(path, &decoded);
                text = decoded.text;
            }
        }
        Ok(Some(Checked {
            path: shown,
            text,
            findings,
            fixed,
        }))
    }

    /// Checks `decoded` as the text of the note at `path` (which need not be saved): the
    /// folder context comes from disk.
    pub fn lint(&mut self, path: &Path, decoded: &Decoded) -> Vec<Finding> {
        let config = self.config;
        let shown = path.to_string_lossy().replace('\\', "/");
        let doc = crate::parse::Document::parse(&decoded.text);
        let note = extract::extract(&shown, decoded, &doc, config);
        let links: Vec<source::LinkStatus> = match note.daily_links.as_slice() {
            [] => vec![],
            daily_links => {
                let resolver = source::LinkResolver::new(path, &source::notes_root(path));
                daily_links
                    .iter()
                    .map(|l| resolver.status(&l.target))
                    .collect()
            }
        };
        let previous = self.previous_week(path, &note);
        let same_week = self.same_week(path, &note);
        lint::lint(&LintInput {
            note: &note,
            text: &decoded.text,
            document: &doc,
            previous: previous.as_ref(),
            links: &links,
            same_week: &same_week,
            config,
        })
    }

    /// Last week's note: among the folder's notes named with a date up to 14 days before
    /// this note's, the latest that reads as a weekly note.
    fn previous_week(&mut self, path: &Path, note: &Note) -> Option<Note> {
        let date = note.date?;
        if note.kind != NoteKind::Weekly {
            return None;
        }
        let earliest = date - chrono::Days::new(14);
        let dated = self.folders.dated(path);
        let from = dated.partition_point(|(d, _)| *d < earliest);
        let to = dated.partition_point(|(d, _)| *d < date);
        let own = path.file_name();
        dated[from..to]
            .iter()
            .rev()
            .filter(|(_, p)| p.file_name() != own)
            .find_map(|(_, p)| {
                crate::read_note(p, self.config)
                    .ok()
                    .filter(|n| n.kind == NoteKind::Weekly)
            })
    }

    /// The file names of the other weekly notes of the note's folder dated in its week (by
    /// the dates their names give, then read).
    fn same_week(&mut self, path: &Path, note: &Note) -> Vec<String> {
        let Some(date) = note.date.filter(|_| note.kind == NoteKind::Weekly) else {
            return vec![];
        };
        let config = self.config;
        let numbering = config.week_numbering;
        let week = week_of(date, numbering);
        let dated = self.folders.dated(path);
        let from = dated.partition_point(|(d, _)| *d < date - chrono::Days::new(7));
        let to = dated.partition_point(|(d, _)| *d <= date + chrono::Days::new(7));
        let own = path.file_name();
        dated[from..to]
            .iter()
            .filter(|(_, p)| p.file_name() != own)
            .filter_map(|(_, p)| {
                let other = crate::read_note(p, config).ok()?;
                let same = other.kind == NoteKind::Weekly
                    && other.date.is_some_and(|d| week_of(d, numbering) == week);
                same.then(|| {
                    p.file_name()
                        .unwrap_or_default()
                        .to_string_lossy()
                        .into_owned()
                })
            })
            .collect()
    }
}

/// Whether any finding is at `fail_at` or above.
pub fn fails(checked: &[Checked], fail_at: RuleLevel) -> bool {
    checked
        .iter()
        .flat_map(|c| &c.findings)
        .any(|f| f.level >= fail_at)
}

/// Writes `fixes` into the note at `path`, changing nothing but their bytes. Returns the
/// note's new text and what changed, first in the note first.
fn fix_file(
    path: &Path,
    shown: &str,
    decoded: &Decoded,
    fixes: &[&lint::Fix],
    config: &Config,
) -> Result<(Decoded, Vec<Fixed>), CheckError> {
    let bytes = source::read_bytes(path, config.max_note_bytes)?;
    let edits: Vec<(crate::model::Span, &str)> = fixes
        .iter()
        .map(|f| (f.span, f.replacement.as_str()))
        .collect();
    let edited = source::decode(&bytes)
        .ok()
        .filter(|d| d.text == decoded.text)
        .and_then(|d| source::edit_bytes(&bytes, d.encoding, &edits))
        .ok_or_else(|| CheckError::CannotFix {
            path: shown.to_string(),
        })?;
    sink::write_file(path, &edited, Replace::File).map_err(|source| CheckError::Write {
        path: shown.to_string(),
        source,
    })?;
    let lines = crate::parse::LineIndex::new(&decoded.text);
    let fixed = fixes
        .iter()
        .rev()
        .map(|f| Fixed {
            line: lines.line(f.span.start),
            subject: f.subject,
            old: decoded
                .text
                .get(f.span.start..f.span.end)
                .unwrap_or_default()
                .to_string(),
            new: f.replacement.clone(),
        })
        .collect();
    let decoded = source::decode(&edited).map_err(CheckError::FixedDecode)?;
    Ok((decoded, fixed))
}

/// The dated notes of each folder checked, listed and dated by name once: a folder of
/// thousands of notes is read once, not once per note.
#[derive(Debug, Default)]
struct Folders(HashMap<PathBuf, Vec<(NaiveDate, PathBuf)>>);

impl Folders {
    /// The Markdown files of `note`'s folder with the date their name gives, by date.
    fn dated(&mut self, note: &Path) -> &[(NaiveDate, PathBuf)] {
        let dir = note.parent().map(Path::to_path_buf).unwrap_or_default();
        self.0.entry(dir).or_insert_with_key(|dir| {
            let mut dated: Vec<(NaiveDate, PathBuf)> = source::folder_notes(dir)
                .into_iter()
                .filter_map(|p| {
                    let name = Norm::text_of(&p.file_name()?.to_string_lossy());
                    let d = find_dates(&name)
                        .into_iter()
                        .find(|d| d.year.is_some())?
                        .resolve(None)
                        .ok()?;
                    Some((d, p))
                })
                .collect();
            dated.sort();
            dated
        })
    }
}
