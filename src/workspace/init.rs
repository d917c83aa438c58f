//! Setting up a notes repository (`init`): the configuration, the pre-commit hook, the CI
//! workflow, the note templates in the notes' language, the configuration's schema. Never
//! replaces a file.

use std::path::{Path, PathBuf};

use crate::config::writing::Lang;
use crate::sink::{self, Replace, WriteError};
use crate::source;

use super::draft::{DAILY_TEMPLATE, NOTE_TEMPLATE};

/// The files `init` writes whatever the language, relative to the folder, with their contents.
const FILES: &[(&str, &str)] = &[
    (
        "weekly-report.yaml",
        include_str!("init/weekly-report.yaml"),
    ),
    (
        ".pre-commit-config.yaml",
        include_str!("init/pre-commit-config.yaml"),
    ),
    (
        ".github/workflows/weekly-report.yml",
        include_str!("init/weekly-report.yml"),
    ),
];

/// The configuration's JSON Schema, which `weekly-report.yaml`'s first line points editors to.
const SCHEMA: &str = "weekly-report.schema.json";

/// The first report, which the workflow's `build --check` compares with.
pub const REPORT: &str = "REPORT.md";

/// What `init` did with one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scaffolded {
    /// Written.
    Wrote(PathBuf),
    /// Left as it was: it exists.
    Kept(PathBuf),
}

/// Why `init` stopped.
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    /// A folder could not be made.
    #[error("cannot create `{}`", path.display())]
    Folder {
        /// The folder.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A file could not be written.
    #[error(transparent)]
    Write(#[from] WriteError),
}

/// Writes the files of a notes repository into `dir`, each only if it does not exist, with
/// the note templates in `lang`; tells `done` what it did with each, as it goes (so what was
/// written before a failure is known).
pub fn scaffold(dir: &Path, lang: Lang, mut done: impl FnMut(Scaffolded)) -> Result<(), InitError> {
    let templates = match lang {
        Lang::En => [
            (NOTE_TEMPLATE, include_str!("init/en/weekly-note.md")),
            (DAILY_TEMPLATE, include_str!("init/en/daily-note.md")),
        ],
        Lang::Zh => [
            (NOTE_TEMPLATE, include_str!("init/zh/weekly-note.md")),
            (DAILY_TEMPLATE, include_str!("init/zh/daily-note.md")),
        ],
    };
    let mut schema = serde_json::to_string_pretty(&crate::config::json_schema())
        .expect("a generated schema is JSON");
    schema.push('\n');
    for (name, text) in FILES
        .iter()
        .chain(templates.iter())
        .copied()
        .chain([(SCHEMA, schema.as_str())])
    {
        let path = dir.join(name);
        if path.exists() {
            done(Scaffolded::Kept(path));
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| InitError::Folder {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        sink::write_file(&path, text.as_bytes(), Replace::Never)?;
        done(Scaffolded::Wrote(path));
    }
    Ok(())
}

/// The language of the notes already in `dir` (Chinese when any title or file name is), else
/// of the system locale (`LC_ALL`, `LC_MESSAGES`, `LANG`).
pub fn default_lang(dir: &Path) -> Lang {
    let found = source::find_notes(dir, &[]);
    let mut any = false;
    for path in found.notes.iter().filter(|p| !source::is_not_a_note(p)) {
        let Ok(file) = source::read_note(path, source::DEFAULT_MAX_NOTE_BYTES) else {
            continue;
        };
        any = true;
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        let title = file.decoded.text.lines().find(|l| l.starts_with('#'));
        if [name.as_deref(), title]
            .into_iter()
            .flatten()
            .any(|t| Lang::of(t) == Lang::Zh)
        {
            return Lang::Zh;
        }
    }
    if any {
        return Lang::En;
    }
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(std::env::var_os)
        .map(|v| v.to_string_lossy().into_owned())
        .find(|v| !v.is_empty());
    match locale {
        Some(l) if l.to_ascii_lowercase().starts_with("zh") => Lang::Zh,
        _ => Lang::En,
    }
}
