//! `weekly-report parse PATH...`: notes → their facts as JSON or YAML.

use std::path::PathBuf;

use clap::ValueEnum;

use weekly_report::render::{self, DataFormat};

use super::Outcome;

/// Output format of `parse`.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    Json,
    Yaml,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Notes to parse (Markdown; UTF-8, UTF-8 with BOM or GB18030), or folders of notes.
    #[arg(required = true, value_name = "PATH")]
    files: Vec<PathBuf>,
    /// Output format: one object for one note file, an array for several or for a folder.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    format: Format,
    /// Configuration file [default: the nearest weekly-report.yaml, else built-in].
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

/// Notes parsed in parallel before they are written.
const BATCH: usize = 512;

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let (config, _) = weekly_report::workspace::load_config(
        args.config.as_deref(),
        &weekly_report::workspace::config_anchor(&args.files),
    )?;
    let mut outcome = Outcome::Clean;
    let mut paths = Vec::with_capacity(args.files.len());
    for path in &args.files {
        if path.is_dir() {
            paths.extend(super::find_notes(path, &[], &mut outcome));
        } else {
            paths.push(path.clone());
        }
    }
    let format = match args.format {
        Format::Json => DataFormat::Json,
        Format::Yaml => DataFormat::Yaml,
    };
    let single_file = args.files.len() == 1 && !args.files[0].is_dir();
    if single_file {
        let notes = super::read_notes(&paths, &config, |note| note, &mut outcome);
        if notes.is_empty() && outcome == Outcome::Clean {
            eprintln!(
                "skipped {}: it is a report written by weekly-report, not a note",
                super::shown(&args.files[0])
            );
        }
        if !notes.is_empty() {
            super::stdout_write(|w| {
                Ok(render::write_notes(
                    w,
                    &notes,
                    format,
                    render::Shape::Object,
                )?)
            })?;
        }
        return Ok(outcome);
    }
    // Notes are parsed in parallel a batch at a time and written in order as each batch is
    // done: a folder of 60,000 notes is never held whole.
    let notes = paths
        .chunks(BATCH)
        .flat_map(|batch| super::read_notes(batch, &config, |note| note, &mut outcome));
    super::stdout_write(|w| {
        render::write_note_stream(w, notes, format)?;
        Ok(())
    })?;
    Ok(outcome)
}
