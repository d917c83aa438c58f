//! `weekly-report diff OLD NEW`: what changed from one week's note to the next.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use clap::ValueEnum;

use weekly_report::analyze::{self, weeks, weeks::week_bounds, DiffOptions, NoteDiff};
use weekly_report::config::Config;
use weekly_report::model::{Note, NoteKind, WeekId};
use weekly_report::render::{self, DiffContext};
use weekly_report::source;

use super::Outcome;

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    /// Coloured lines for a terminal (no colour when piped or with NO_COLOR).
    Text,
    /// Markdown through the `diff.md` template.
    Md,
    /// The diff as JSON: the exact context of the template.
    Json,
}

/// Conditions that make `diff` exit 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FailOn {
    /// A project's due date moved later.
    Slip,
    /// The newer note lists a stability event the older does not.
    NewEvent,
    /// A success rate or availability went down.
    MetricDrop,
    /// A project of the older note is missing from the newer.
    Removed,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The older note: a file, or a week (`2023-W28`) found in --dir.
    old: String,
    /// The newer note: a file, or a week (`2023-W29`) found in --dir.
    new: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Exit 1 when one of these holds (comma-separated).
    #[arg(long, value_enum, value_delimiter = ',', value_name = "CONDITION")]
    fail_on: Vec<FailOn>,
    /// The notes folder week ids are looked up in.
    #[arg(long, default_value = ".")]
    dir: PathBuf,
    /// A template file to use instead of the built-in `diff.md`.
    #[arg(long, value_name = "FILE")]
    template: Option<PathBuf>,
    /// Configuration file [default: the nearest weekly-report.yaml, else built-in].
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let looks_up_weeks = [&args.old, &args.new]
        .iter()
        .any(|a| !Path::new(a.as_str()).is_file());
    if looks_up_weeks && !args.dir.is_dir() {
        bail!(
            "`{}` is not a folder: --dir names the notes folder where weeks like 2023-W28 are looked up",
            args.dir.display()
        );
    }
    let (config, _) = weekly_report::workspace::load_config(args.config.as_deref(), &args.dir)?;
    let old = resolve(&args.old, &args.dir, &config)?;
    let new = resolve(&args.new, &args.dir, &config)?;
    // In reverse order the diff is still made, from OLD to NEW as given, and says so.
    if let (Some(a), Some(b)) = (old.date, new.date) {
        if a > b {
            eprintln!(
                "note: OLD ({}) is later than NEW ({}): this is what changed going back in time; swap them for the week-over-week changes",
                super::shown(Path::new(&old.path)),
                super::shown(Path::new(&new.path))
            );
        }
    }
    let d = analyze::diff(&old, &new, &DiffOptions::default());
    match args.format {
        Format::Text => {
            let stdout = std::io::stdout();
            let mut out = anstream::AutoStream::auto(stdout.lock());
            render::write_diff_text(&mut out, &d).context("writing to standard output")?;
        }
        Format::Json => super::stdout_write(|w| Ok(render::write_json(w, &DiffContext::new(&d))?))?,
        Format::Md => {
            let templates =
                super::build::load_templates(&args.dir, args.template.as_deref(), "diff.md")?;
            let text = templates.render("diff.md", &DiffContext::new(&d))?;
            super::stdout_write(|w| Ok(w.write_all(text.as_bytes())?))?;
        }
    }
    Ok(if failing(&d, &args.fail_on) {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

fn failing(d: &NoteDiff, conditions: &[FailOn]) -> bool {
    conditions.iter().any(|c| match c {
        FailOn::Slip => d.has_slip(),
        FailOn::NewEvent => d.has_new_event(),
        FailOn::MetricDrop => d.has_metric_drop(),
        FailOn::Removed => d.has_removed(),
    })
}

/// A note file, or the weekly note of a week id in `dir`.
fn resolve(arg: &str, dir: &Path, config: &Config) -> anyhow::Result<Note> {
    let path = Path::new(arg);
    if path.is_file() {
        return Ok(weekly_report::read_note(path, config)?);
    }
    let week = parse_week_id(arg)
        .with_context(|| format!("`{arg}` is neither a note file nor a week like 2023-W28"))?;
    let found = source::find_notes(dir, &[]);
    let notes = weekly_report::read_notes(&found.notes, config);
    let bounds = week_bounds(week, config.week_numbering);
    let weekly: Vec<Note> = notes
        .into_iter()
        .flatten()
        .filter(|n| n.kind == NoteKind::Weekly)
        .collect();
    let known: Vec<String> = {
        let mut ids: Vec<(Option<chrono::NaiveDate>, String)> = weekly
            .iter()
            .filter_map(|n| {
                let d = n.date?;
                Some((
                    Some(d),
                    weeks::note_week(n.week, d, config.week_numbering).to_string(),
                ))
            })
            .collect();
        ids.sort();
        ids.dedup();
        ids.into_iter().map(|(_, id)| id).collect()
    };
    let matches: Vec<Note> = weekly
        .into_iter()
        .filter(|n| match (n.date, bounds) {
            // By date when there is one: a week has two names at the new year.
            (Some(d), Some((monday, _))) => {
                weeks::note_week(n.week, d, config.week_numbering)
                    == weeks::note_week(Some(week), monday, config.week_numbering)
            }
            _ => n.week == Some(week),
        })
        .collect();
    match matches.len() {
        0 if known.is_empty() => bail!(
            "no weekly note of {week} in `{}`: it has no dated weekly notes",
            dir.display()
        ),
        0 => bail!(
            "no weekly note of {week} in `{}`; its weeks are {}",
            dir.display(),
            known.join(", ")
        ),
        1 => Ok(matches.into_iter().next().expect("one match")),
        _ => {
            let paths: Vec<&str> = matches.iter().map(|n| n.path.as_str()).collect();
            bail!(
                "{week} matches several notes in `{}`: {}; give a file instead",
                dir.display(),
                paths.join(", ")
            )
        }
    }
}

fn parse_week_id(text: &str) -> Option<WeekId> {
    let upper = text.trim().to_uppercase();
    let (year, number) = upper.split_once('W')?;
    Some(WeekId {
        year: year.trim_end_matches('-').parse().ok()?,
        number: number.parse().ok()?,
    })
}
