//! `weekly-report templates export DIR`: write the built-in templates out for editing.

use std::path::PathBuf;

use anyhow::{bail, Context};

use weekly_report::render::templates::DEFAULTS;

use super::Outcome;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Write the built-in templates into DIR (a notes folder's `templates/` overrides them).
    Export {
        /// Where to write them.
        dir: PathBuf,
        /// Replace files that already exist.
        #[arg(long)]
        force: bool,
    },
}

pub fn run(command: Command) -> anyhow::Result<Outcome> {
    let Command::Export { dir, force } = command;
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
    let existing: Vec<String> = DEFAULTS
        .iter()
        .map(|(n, _)| dir.join(n))
        .filter(|p| p.exists())
        .map(|p| p.display().to_string())
        .collect();
    if !existing.is_empty() && !force {
        bail!(
            "{} already exist(s); pass --force to replace",
            existing.join(", ")
        );
    }
    for (name, text) in DEFAULTS {
        let path = dir.join(name);
        let replace = if force {
            weekly_report::sink::Replace::File
        } else {
            weekly_report::sink::Replace::Never
        };
        weekly_report::sink::write_file(&path, text.as_bytes(), replace)?;
        eprintln!("wrote {}", super::shown(&path));
    }
    Ok(Outcome::Clean)
}
