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

/// Copies a folder tree (for tests that change notes).
pub fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A copy of `examples/notes` in a fresh temporary folder.
pub fn example_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let notes = dir.path().join("notes");
    copy_dir(&root("examples/notes"), &notes);
    (dir, notes)
}

/// A program found on `PATH`.
pub fn on_path(program: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join(program))
            .find(|p| p.is_file())
    })
}

/// The tool an `#[ignore = "needs …"]` test needs. Such a test runs only when asked
/// (`cargo test -- --include-ignored`, as `.ci/run` does), so a missing tool fails it.
pub fn tool(name: &str, found: Option<PathBuf>) -> PathBuf {
    found.unwrap_or_else(|| {
        panic!("{name} is not installed; .ci/run installs it (see tests/README.md)")
    })
}
