//! Writers: a model to any [`std::io::Write`], in the format the user chose.
//!
//! JSON and YAML come from serde; Markdown goes through minijinja templates ([`templates`]);
//! CSV through the csv crate ([`csv`]). The JSON of a rollup is exactly the context its
//! templates receive.

pub mod charts;
mod csv;
mod data;
pub mod explain;
pub mod findings;
mod lazy;
mod measure;
mod scale;
pub mod sqlite;
mod svg;
pub mod templates;
mod text;

pub use self::csv::write_kpi_csv;
pub use data::{write_json, write_note_stream, write_notes, write_yaml, DataFormat, Shape};
pub use lazy::rollup_value;
pub use templates::{TemplateSource, Templates};
pub use text::write_diff_text;

use serde::Serialize;

use crate::analyze::{NoteDiff, Rollup};
use crate::model::SCHEMA_VERSION;

/// Why output could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The writer failed (a closed pipe, a full disk).
    #[error("cannot write output: {0}")]
    Io(#[from] std::io::Error),
    /// Serialisation failed.
    #[error("cannot serialise output: {0}")]
    Serialize(String),
    /// A template could not be parsed or rendered.
    #[error("template error in `{origin}`{}: {message}", line.map(|l| format!(" at line {l}")).unwrap_or_default())]
    Template {
        /// The template's file (or `built-in templates/NAME`).
        origin: String,
        /// 1-based line, when known.
        line: Option<usize>,
        /// What minijinja said.
        message: String,
    },
}

/// `text` (a path, a message naming one) made safe to print on a terminal: control characters
/// such as ESC, which a file name may hold, are shown as `\u{1b}` instead of being sent. Line
/// breaks and tabs are kept.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    if !text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() && c != '\n' && c != '\t' {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A rollup as published and as templates see it: the rollup with the schema version. Its
/// first field, `generator`, marks the JSON as a report the tool wrote.
#[derive(Debug, Serialize)]
pub struct RollupContext<'a> {
    /// Always `weekly-report` ([`crate::source::JSON_REPORT_GENERATOR`]).
    pub generator: &'static str,
    /// Version of this shape.
    pub schema_version: u32,
    /// The rollup.
    #[serde(flatten)]
    pub rollup: &'a Rollup,
}

impl<'a> RollupContext<'a> {
    /// Wraps a rollup.
    pub fn new(rollup: &'a Rollup) -> Self {
        RollupContext {
            generator: crate::source::JSON_REPORT_GENERATOR,
            schema_version: crate::analyze::ROLLUP_SCHEMA_VERSION,
            rollup,
        }
    }
}

/// A diff as published and as templates see it.
#[derive(Debug, Serialize)]
pub struct DiffContext<'a> {
    /// Version of this shape.
    pub schema_version: u32,
    /// The diff.
    #[serde(flatten)]
    pub diff: &'a NoteDiff,
}

impl<'a> DiffContext<'a> {
    /// Wraps a diff.
    pub fn new(diff: &'a NoteDiff) -> Self {
        DiffContext {
            schema_version: SCHEMA_VERSION,
            diff,
        }
    }
}

/// The rollup of `examples/notes` as `build` makes it, for the writers' tests.
#[cfg(test)]
fn examples_rollup() -> Rollup {
    let (dir, notes) = example_notes();
    let options = crate::analyze::RollupOptions {
        root: dir.to_string_lossy().replace('\\', "/"),
        period: crate::analyze::Period::Month,
        from: None,
        to: None,
    };
    crate::analyze::rollup(&notes, &options, &crate::config::Config::default())
}

/// The rollup of notes given as `(path, text)`, read with the configuration `yaml`.
#[cfg(test)]
fn rollup_of(notes: &[(&str, &str)], yaml: &str) -> Rollup {
    let config = crate::config::Config::from_yaml(yaml, "test.yaml").expect("a valid test config");
    let notes: Vec<crate::model::Note> = notes
        .iter()
        .map(|(path, text)| crate::parse_note(path, text, &config))
        .collect();
    crate::analyze::rollup(&notes, &crate::analyze::RollupOptions::default(), &config)
}

/// The folder `examples/notes` and its notes (every one must read), for the writers' tests.
#[cfg(test)]
fn example_notes() -> (std::path::PathBuf, Vec<crate::model::Note>) {
    let config = crate::config::Config::default();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/notes");
    let found = crate::source::find_notes(&dir, &[]).notes;
    let notes = crate::read_notes(&found, &config)
        .into_iter()
        .map(|n| n.expect("an example note reads"))
        .collect();
    (dir, notes)
}
