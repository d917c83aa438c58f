//! `weekly-report init [DIR]`: scaffold a notes repository. Never overwrites a file.

use std::path::PathBuf;

use anyhow::Context;

use super::Outcome;

/// The files `init` writes, relative to the folder, with their contents.
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
    (
        "templates/weekly-note.md",
        include_str!("init/weekly-note.md"),
    ),
];

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The notes folder to set up.
    #[arg(default_value = ".")]
    dir: PathBuf,
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    for (name, text) in FILES {
        let path = args.dir.join(name);
        if path.exists() {
            eprintln!("kept {} (it already exists)", super::shown(&path));
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create `{}`", parent.display()))?;
        }
        super::output::write_file(&path, text.as_bytes(), super::output::Replace::Never)?;
        eprintln!("wrote {}", super::shown(&path));
    }
    Ok(Outcome::Clean)
}
