//! Helpers shared by the integration tests.
#![allow(dead_code)] // Each test binary uses a different subset.

use std::path::PathBuf;

use weekly_report::config::Config;
use weekly_report::model::{Item, Note};

/// The user's real sample note, as committed in `tests/fixtures/`.
pub const SAMPLE: &str = "tests/fixtures/第28周 2023-07-08.md";

/// The path of a file under the crate root.
pub fn root(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// Reads and parses a note under the crate root with the built-in configuration.
pub fn note(path: &str) -> Note {
    weekly_report::read_note(&root(path), &CONFIG).expect("fixture is readable")
}

/// The built-in configuration, compiled once per test binary.
pub static CONFIG: std::sync::LazyLock<Config> = std::sync::LazyLock::new(Config::builtin);

/// Parses note text with the built-in configuration.
pub fn parse(text: &str) -> Note {
    weekly_report::parse_note("note.md", text, &CONFIG)
}

/// The first item, depth first, with this name.
pub fn item<'n>(note: &'n Note, name: &str) -> &'n Item {
    note.all_items()
        .find(|i| i.name == name)
        .unwrap_or_else(|| panic!("no item named {name}"))
}

/// A decimal as text, for comparing exact values.
pub fn dec(n: weekly_report::model::Num) -> String {
    n.to_string()
}
