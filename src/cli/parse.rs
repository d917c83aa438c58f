//! `weekly-report parse FILE...`: one note → its facts as JSON or YAML.

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
    /// Notes to parse (Markdown; UTF-8, UTF-8 with BOM or GB18030).
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Output format: one object for one note, an array for several.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    format: Format,
    /// Configuration file [default: the nearest weekly-report.yaml, else built-in].
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let (config, _) =
        super::load_config(args.config.as_deref(), &super::config_anchor(&args.files))?;
    let mut notes = Vec::with_capacity(args.files.len());
    let mut failed = false;
    for path in &args.files {
        match weekly_report::read_note(path, &config) {
            Ok(note) => notes.push(note),
            Err(err) => {
                super::report_skipped(&err);
                failed = true;
            }
        }
    }
    let format = match args.format {
        Format::Json => DataFormat::Json,
        Format::Yaml => DataFormat::Yaml,
    };
    if !notes.is_empty() {
        super::stdout_write(|w| Ok(render::write_notes(w, &notes, format)?))?;
    }
    Ok(if failed {
        Outcome::Failed
    } else {
        Outcome::Clean
    })
}
