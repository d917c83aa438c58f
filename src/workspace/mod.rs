//! Use cases: a notes folder as the commands see it.
//!
//! The commands of the binary (and the language server) do their work through this module:
//! find the configuration, read a folder's notes, check a note in its folder's context (last
//! week's note, the other notes of its week, the daily notes it links), resolve a week to a
//! note. What cannot be read is returned as data, for the caller to report; nothing here
//! prints.

pub mod check;

use std::path::{Path, PathBuf};

use crate::config::{Config, ConfigError};
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
