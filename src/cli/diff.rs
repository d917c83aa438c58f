//! `weekly-report diff OLD NEW`: what changed from one week's note to the next.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use clap::ValueEnum;

use weekly_report::analyze::{self, DiffOptions, NoteDiff};
use weekly_report::render::{self, DiffContext};
use weekly_report::workspace;

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
    let (config, _) = workspace::load_config(args.config.as_deref(), &args.dir)?;
    let old = workspace::resolve_week(&args.old, &args.dir, &config)?;
    let new = workspace::resolve_week(&args.new, &args.dir, &config)?;
    // Both looked through the same folder: each note that could not be read is said once.
    let mut unreadable: Vec<String> = [&old, &new]
        .iter()
        .flat_map(|r| r.unreadable.iter().map(ToString::to_string))
        .collect();
    unreadable.sort();
    unreadable.dedup();
    for err in &unreadable {
        super::report_skipped(err);
    }
    let outcome = if unreadable.is_empty() {
        Outcome::Clean
    } else {
        Outcome::Failed
    };
    let (old, new) = (old.note, new.note);
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
            let templates = weekly_report::workspace::load_templates(
                &args.dir,
                args.template.as_deref(),
                "diff.md",
            )?;
            let text = templates.render("diff.md", &DiffContext::new(&d))?;
            super::stdout_write(|w| Ok(w.write_all(text.as_bytes())?))?;
        }
    }
    Ok(match outcome {
        Outcome::Clean if failing(&d, &args.fail_on) => Outcome::Findings,
        outcome => outcome,
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
