//! `weekly-report explain NOTE|DIR`: what each line of a note gave, and what was not read.

use std::path::PathBuf;

use anyhow::bail;
use clap::ValueEnum;

use weekly_report::explain;
use weekly_report::render::explain as show;
use weekly_report::source;

use super::Outcome;

/// Output format of `explain`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// The note line by line, with a gutter and what each line gave (coloured on a terminal).
    Text,
    /// One JSON object per line of the note (for a folder: its summary as one object).
    Json,
    /// One HTML page: the note beside its facts, for sharing (one note only).
    Html,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A note, or a folder of notes to summarise.
    #[arg(value_name = "NOTE|DIR")]
    path: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Configuration file [default: the nearest weekly-report.yaml, else built-in].
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let (config, _) = weekly_report::workspace::load_config(
        args.config.as_deref(),
        &weekly_report::workspace::config_anchor(std::slice::from_ref(&args.path)),
    )?;
    if args.path.is_dir() {
        return folder(&args, &config);
    }
    let e = match explain::explain_file(&args.path, &config) {
        Ok(e) => e,
        Err(source::SourceError::GeneratedReport { .. }) => bail!(
            "`{}` is a report written by weekly-report, not a note",
            super::shown(&args.path)
        ),
        Err(err) => return Err(err.into()),
    };
    match args.format {
        Format::Text => {
            let stdout = std::io::stdout();
            let mut out = anstream::AutoStream::auto(stdout.lock());
            show::write_text(&mut out, &e)?;
        }
        Format::Json => super::stdout_write(|w| Ok(show::write_json_lines(w, &e)?))?,
        Format::Html => {
            let dir = weekly_report::workspace::config_anchor(std::slice::from_ref(&args.path));
            let templates = weekly_report::workspace::load_templates(&dir, None, "explain.html")?;
            let page = templates.render("explain.html", &e)?;
            let page = format!("{}\n{page}", source::REPORT_MARKER);
            super::stdout_write(|w| Ok(w.write_all(page.as_bytes())?))?;
        }
    }
    Ok(Outcome::Clean)
}

/// `explain DIR`: every note of the folder summed up.
fn folder(args: &Args, config: &weekly_report::config::Config) -> anyhow::Result<Outcome> {
    if args.format == Format::Html {
        bail!("--format html shows one note; give a note, or use text or json for a folder");
    }
    let mut outcome = Outcome::Clean;
    let paths = super::find_notes(&args.path, &[], &mut outcome);
    let mut explained = Vec::with_capacity(paths.len());
    for result in explain::explain_files(&paths, config) {
        match result {
            Ok(e) => explained.push(e),
            Err(source::SourceError::GeneratedReport { .. }) => {}
            Err(err) => {
                super::report_skipped(&err);
                outcome = Outcome::Failed;
            }
        }
    }
    if explained.is_empty() {
        eprintln!("no notes in {}", super::shown(&args.path));
    }
    let summary = explain::summarize(&explained);
    let root = args.path.to_string_lossy().replace('\\', "/");
    match args.format {
        Format::Json => {
            super::stdout_write(|w| Ok(weekly_report::render::write_json(w, &summary)?))?
        }
        _ => {
            let stdout = std::io::stdout();
            let mut out = anstream::AutoStream::auto(stdout.lock());
            show::write_summary_text(&mut out, &root, &summary)?;
        }
    }
    Ok(outcome)
}
