//! `weekly-report draft` and `weekly-report new daily|weekly`: write this week's note from the
//! daily notes and last week's note, and today's daily note from yesterday's.

use std::path::{Path, PathBuf};

use anyhow::Context;
use chrono::NaiveDate;

use weekly_report::calendar::parse_week_or_date;
use weekly_report::workspace::draft::{today, Team};
use weekly_report::workspace::Read;

use super::Outcome;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The team's notes folder: its weekly notes, and daily notes in it or below.
    #[arg(default_value = ".")]
    dir: PathBuf,
    #[command(flatten)]
    when: When,
    #[command(flatten)]
    out: Out,
    /// Template to render the draft with [default: templates/draft.md in DIR, else built-in].
    #[arg(long, value_name = "FILE")]
    template: Option<PathBuf>,
    /// Configuration file [default: the nearest weekly-report.yaml, else built-in].
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// The date taken as today [default: today in the configuration's `timezone`, else the
    /// machine's].
    #[arg(long, value_name = "DATE")]
    today: Option<NaiveDate>,
}

#[derive(Debug, clap::Args)]
#[group(multiple = false)]
struct When {
    /// The week to draft (`2023-W29`) [default: the week after the latest weekly note].
    #[arg(long, value_name = "WEEK")]
    week: Option<String>,
    /// The draft's date (`2023-07-15`).
    #[arg(long, value_name = "DATE")]
    date: Option<NaiveDate>,
}

#[derive(Debug, clap::Args)]
struct Out {
    /// Write the note to FILE instead of standard output; refuses an existing file.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Replace FILE if it exists.
    #[arg(long, requires = "output")]
    force: bool,
}

/// `new daily` / `new weekly`.
#[derive(Debug, clap::Subcommand)]
pub enum New {
    /// Write today's daily note, with yesterday's 明日计划 as today's list.
    Daily(NewArgs),
    /// Write this week's note: `draft` for the current week, named like the team's notes.
    Weekly(NewArgs),
}

/// What `new daily` and `new weekly` take.
#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// The notes folder.
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// The day (for `weekly`, any day of the week) [default: today].
    #[arg(long, value_name = "DATE")]
    date: Option<NaiveDate>,
    /// Print the note instead of writing it.
    #[arg(long, conflicts_with = "force")]
    stdout: bool,
    /// Replace the file `new` would write if it exists (never another note of the same week).
    #[arg(long)]
    force: bool,
    /// The date taken as today [default: today in the configuration's `timezone`, else the
    /// machine's].
    #[arg(long, value_name = "DATE")]
    today: Option<NaiveDate>,
}

/// Reads the team folder, reporting the notes that could not be read.
fn load(dir: &Path, config: Option<&Path>) -> anyhow::Result<(Team, Outcome)> {
    let Read { notes, problems } = Team::load(dir, config)?;
    Ok((notes, super::report_problems(&problems)))
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let (team, outcome) = load(&args.dir, args.config.as_deref())?;
    let date = match (&args.when.week, args.when.date) {
        (_, Some(d)) => d,
        (Some(w), None) => {
            let (monday, sunday) = parse_week_or_date(w, team.config.week_numbering)
                .with_context(|| format!("`{w}` is not a week like 2023-W29"))?;
            team.same_weekday_in(monday, sunday)
        }
        (None, None) => team.next_draft_date(today(&team.config, args.today)),
    };
    let text = team.draft(date, args.template.as_deref())?.text;
    match args.out.output.as_deref().filter(|p| *p != Path::new("-")) {
        None => super::stdout_write(|w| Ok(w.write_all(text.as_bytes())?))?,
        Some(path) => write_new(path, &text, args.out.force)?,
    }
    Ok(outcome)
}

/// Writes a new note; an existing file (even one made while the note was written) is kept
/// unless `force`.
fn write_new(path: &Path, text: &str, force: bool) -> anyhow::Result<()> {
    let replace = if force {
        weekly_report::sink::Replace::File
    } else {
        weekly_report::sink::Replace::Never
    };
    weekly_report::sink::write_file(path, text.as_bytes(), replace)?;
    eprintln!("wrote {}", super::shown(path));
    Ok(())
}

pub fn run_new(command: New) -> anyhow::Result<Outcome> {
    let (weekly, args) = match command {
        New::Weekly(args) => (true, args),
        New::Daily(args) => (false, args),
    };
    let (team, outcome) = load(&args.dir, None)?;
    let today = args.date.unwrap_or_else(|| today(&team.config, args.today));
    let (text, path) = if weekly {
        let (written, path) = team.new_weekly(today, !args.stdout)?;
        (written.text, path)
    } else {
        team.new_daily(today)?
    };
    if args.stdout {
        super::stdout_write(|w| Ok(w.write_all(text.as_bytes())?))?;
    } else {
        write_new(&path, &text, args.force)?;
    }
    Ok(outcome)
}
