//! weekly-report turns Markdown weekly and daily notes (周报 / 日报) into typed data.
//!
//! Data flows one way through these stages:
//!
//! 1. [`source`] reads a note's bytes and decodes them (UTF-8, BOM, GB18030, line endings);
//! 2. [`parse`] turns Markdown into a light section tree, keeping byte offsets;
//! 3. [`extract`] reads that tree with the [`config`] vocabulary into a typed [`model::Note`];
//! 4. [`analyze`] rolls notes up over weeks and periods, or compares two;
//! 5. [`render`] writes notes, rollups and diffs as JSON, YAML, CSV, text or Markdown
//!    (through templates), and [`sink`] puts them in files without ever losing or replacing
//!    what it may not.
//!
//! ```
//! use weekly_report::{config::Config, parse_note};
//!
//! let text = "# 第28周 2023-07-08\n\n## 系统运行数据\n\n- 入金有效成功率：99.99%\n\n\
//!             ## 【O1 服务业务】\n\n- 店东看账，开发中，计划7/13上线\n";
//! let note = parse_note("第28周.md", text, &Config::builtin());
//! assert_eq!(note.metrics[0].name, "入金有效成功率");
//! assert_eq!(note.metrics[0].value.to_string(), "99.99");
//! let project = &note.objectives[0].items[0];
//! assert_eq!(project.name, "店东看账");
//! assert_eq!(project.due.unwrap().to_string(), "2023-07-13");
//! ```
#![warn(missing_docs)]
// Module docs link to their private parts for contributors, who read them with
// `cargo doc --document-private-items`.
#![allow(rustdoc::private_intra_doc_links)]

pub mod analyze;
pub mod calendar;
pub mod config;
pub mod database;
pub mod draft;
pub mod explain;
pub mod extract;
pub mod lint;
pub mod matching;
pub mod model;
pub mod parse;
pub mod render;
pub mod server;
pub mod sink;
pub mod source;
pub mod workspace;

use config::Config;
use model::Note;

/// Parses one note's text (already decoded) into a [`Note`]. `path` is only recorded.
pub fn parse_note(path: &str, text: &str, config: &Config) -> Note {
    extract::extract_text(path, text, config)
}

/// Decodes and parses one note's bytes (UTF-8 with or without BOM, or GB18030).
pub fn parse_note_bytes(
    path: &str,
    bytes: &[u8],
    config: &Config,
) -> Result<Note, source::DecodeError> {
    let decoded = source::decode(bytes)?;
    let doc = parse::Document::parse(&decoded.text);
    Ok(extract::extract(path, &decoded, &doc, config))
}

/// Reads and parses many notes in parallel; results are in the order of `paths`.
pub fn read_notes(
    paths: &[std::path::PathBuf],
    config: &Config,
) -> Vec<Result<Note, source::SourceError>> {
    read_notes_then(paths, config, |note| note)
}

/// Reads and parses many notes in parallel, passing each through `then` as soon as it is
/// parsed (to keep only what the caller needs); results are in the order of `paths`.
pub fn read_notes_then<T: Send>(
    paths: &[std::path::PathBuf],
    config: &Config,
    then: impl Fn(Note) -> T + Sync,
) -> Vec<Result<T, source::SourceError>> {
    use rayon::prelude::*;
    paths
        .par_iter()
        .map(|p| read_note(p, config).map(&then))
        .collect()
}

/// Reads, decodes and parses the note at `path`.
pub fn read_note(path: &std::path::Path, config: &Config) -> Result<Note, source::SourceError> {
    let file = source::read_note(path, config.max_note_bytes)?;
    let doc = parse::Document::parse(&file.decoded.text);
    let shown = path.to_string_lossy().replace('\\', "/");
    Ok(extract::extract(&shown, &file.decoded, &doc, config))
}
