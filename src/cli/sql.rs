//! `weekly-report sql "SELECT …" [DIR]`: a read-only query over the facts of a notes folder.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{bail, Context};
use clap::ValueEnum;

use weekly_report::database;
use weekly_report::render::sqlite::{write_rows, RowsFormat};

use super::build::RangeArgs;
use super::Outcome;

/// Output format of `sql`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Aligned columns for a terminal.
    Table,
    /// CSV with a header row (formula-like cells neutralised).
    Csv,
    /// A JSON array of one object per row.
    Json,
    /// A Markdown table, to paste into a note.
    Md,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The query: one SELECT (or WITH … SELECT) statement over the facts database
    /// (`sql --schema` lists its tables and views).
    #[arg(required_unless_present = "schema")]
    query: Option<String>,
    /// The notes folder.
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// How rows are printed.
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
    /// Print the statements that make the tables, views and indexes, and exit.
    #[arg(long, conflicts_with = "query")]
    schema: bool,
    /// Stop the query after this many seconds.
    #[arg(long, value_name = "SECONDS", default_value = "10", value_parser = seconds)]
    timeout: Duration,
    #[command(flatten)]
    range: RangeArgs,
}

fn seconds(text: &str) -> Result<Duration, String> {
    text.parse::<f64>()
        .ok()
        .filter(|s| s.is_finite() && *s > 0.0 && *s < 1e9)
        .map(Duration::from_secs_f64)
        .ok_or_else(|| format!("`{text}` is not a number of seconds above 0"))
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    if args.schema {
        // The schema does not depend on the notes: an empty database has it.
        let config = weekly_report::config::Config::builtin();
        let (conn, _) = database::load(
            rusqlite::Connection::open_in_memory()?,
            &[],
            &args.range.options(&args.dir, &config)?,
            &config,
        )?;
        let text = database::schema(&conn)?;
        super::stdout_write(|w| Ok(w.write_all(text.as_bytes())?))?;
        return Ok(Outcome::Clean);
    }
    let query = args.query.as_deref().unwrap_or_default();
    if !args.dir.is_dir() {
        bail!("`{}` is not a folder of notes", args.dir.display());
    }
    let (config, _) =
        weekly_report::workspace::load_config(args.range.config.as_deref(), &args.dir)?;
    let options = args.range.options(&args.dir, &config)?;
    let mut outcome = Outcome::Clean;
    let paths = super::find_notes(&args.dir, &[], &mut outcome);
    let (mut conn, loaded) = database::load(
        rusqlite::Connection::open_in_memory()?,
        &paths,
        &options,
        &config,
    )?;
    for err in &loaded.errors {
        super::report_skipped(err);
        outcome = Outcome::Failed;
    }
    let rows = database::query(&mut conn, query, args.timeout).context("the query was not run")?;
    let format = match args.format {
        Format::Table => RowsFormat::Table,
        Format::Csv => RowsFormat::Csv,
        Format::Json => RowsFormat::Json,
        Format::Md => RowsFormat::Md,
    };
    super::stdout_write(|w| Ok(write_rows(w, &rows, format)?))?;
    Ok(outcome)
}
