//! `weekly-report build [DIR]`: a notes folder → a rollup report.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use clap::ValueEnum;

use weekly_report::analyze::{self, Period, RollupOptions};
use weekly_report::config::Config;
use weekly_report::database;
use weekly_report::workspace::build::{self, Comparison, ReportFormat};
use weekly_report::workspace::watch::{watch, Watching};

use super::Outcome;
use weekly_report::sink::{Pending, Replace};

/// Grouping of weeks.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum PeriodArg {
    Week,
    Month,
    Quarter,
    Half,
    Year,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The notes folder.
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// Write the report to FILE (atomically) instead of standard output (`-` is standard
    /// output). FILE must be new or a report weekly-report wrote.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Replace the -o FILE even if it is not a report weekly-report wrote.
    #[arg(long, requires = "output")]
    force: bool,
    /// Output format [default: from the -o extension (.json, .csv, .html, .htm), else md].
    #[arg(long, value_enum)]
    format: Option<ReportFormat>,
    /// How weeks are grouped into periods.
    #[arg(long, value_enum, default_value = "month")]
    period: PeriodArg,
    /// Exit 1 with a diff when the report in -o is not what a build would write; write nothing.
    #[arg(long, requires = "output", conflicts_with = "watch")]
    check: bool,
    /// Rebuild whenever a note changes (until interrupted).
    #[arg(long, requires = "output")]
    watch: bool,
    /// A template file to use instead of the built-in one for the format.
    #[arg(long, value_name = "FILE")]
    template: Option<PathBuf>,
    /// Print only errors on standard error: not the notes left out, the summary or progress.
    #[arg(short, long)]
    quiet: bool,
    #[command(flatten)]
    range: RangeArgs,
}

/// The weeks and the configuration a build reads: shared by `build` and `sql`.
#[derive(Debug, clap::Args)]
pub struct RangeArgs {
    /// First week or date included (`2023-W27`, `2023-07-01`).
    #[arg(long, value_name = "WEEK|DATE")]
    from: Option<String>,
    /// Last week or date included.
    #[arg(long, value_name = "WEEK|DATE")]
    to: Option<String>,
    /// Configuration file [default: DIR's weekly-report.yaml, else built-in].
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

impl RangeArgs {
    /// The rollup options of the notes folder `dir` for these bounds (by month).
    pub fn options(&self, dir: &Path, config: &Config) -> anyhow::Result<RollupOptions> {
        Ok(build::range_options(
            dir,
            self.from.as_deref(),
            self.to.as_deref(),
            config,
        )?)
    }
}

pub fn run(mut args: Args) -> anyhow::Result<Outcome> {
    if !args.dir.is_dir() {
        bail!("`{}` is not a folder of notes", args.dir.display());
    }
    if args.output.as_deref() == Some(Path::new("-")) {
        if args.check || args.watch {
            bail!("--check and --watch need a report file, not `-o -`");
        }
        args.output = None;
    }
    if format_of(&args) == ReportFormat::Sqlite {
        return write_database(&args);
    }
    if args.watch {
        let output = args.output.as_deref().unwrap_or(Path::new("report.md"));
        let (dir, report) = (super::shown(&args.dir), super::shown(output));
        let build = || {
            if let Err(e) = build_once(&args) {
                super::report_skipped(&format!("{e:#}"));
            }
        };
        let said = |moment| match moment {
            Watching::Started => eprintln!("watching {dir} for changes (Ctrl-C to stop)"),
            Watching::Gone => eprintln!(
                "{dir} is gone; {report} is kept as it was; waiting for the folder to come back"
            ),
            Watching::Back => eprintln!("{dir} is back; rebuilding and watching it again"),
        };
        match watch(&args.dir, output, build, said)? {}
    }
    let Some(output) = &args.output else {
        let built = build(&args)?;
        super::stdout_write(|w| Ok(w.write_all(built.text.as_bytes())?))?;
        return Ok(built.outcome);
    };
    if args.check {
        let built = build(&args)?;
        return check(&args.dir, output, &built.text).map(|fresh| {
            if fresh && built.outcome == Outcome::Clean {
                Outcome::Clean
            } else if fresh {
                built.outcome
            } else {
                Outcome::Findings
            }
        });
    }
    // Reserved before the work: a target that may not be replaced is refused at once.
    let pending = Pending::reserve(output, Replace::Report { force: args.force })?;
    let built = build(&args)?;
    if built.outcome == Outcome::Failed {
        keep_previous(output);
        return Ok(Outcome::Failed);
    }
    pending.commit(built.text.as_bytes())?;
    summary(&args, output, &built.read);
    Ok(built.outcome)
}

/// `--format sqlite`: the facts database, built in a temporary file beside `-o` and put in
/// place only when complete and every note was read (what may be replaced is decided as for
/// every report: a database is known as the tool's by its application id).
fn write_database(args: &Args) -> anyhow::Result<Outcome> {
    let Some(output) = &args.output else {
        bail!("a SQLite database is written to a file, not to standard output: give -o FILE (facts.db)");
    };
    if args.check || args.watch {
        bail!("--check and --watch are for text reports, not --format sqlite");
    }
    if args.template.is_some() {
        bail!("--template applies to md and html, not --format sqlite");
    }
    let (config, _) =
        weekly_report::workspace::load_config(args.range.config.as_deref(), &args.dir)?;
    let options = args.range.options(&args.dir, &config)?;
    let pending = Pending::reserve(output, Replace::Report { force: args.force })?;
    let mut outcome = Outcome::Clean;
    let paths = super::find_notes(&args.dir, std::slice::from_ref(output), &mut outcome);
    let conn = rusqlite::Connection::open(pending.temp_path())
        .with_context(|| format!("cannot write `{}`", super::shown(output)))?;
    let (conn, loaded) = database::load(conn, &paths, &options, &config)?;
    conn.close()
        .map_err(|(_, e)| e)
        .with_context(|| format!("cannot write `{}`", super::shown(output)))?;
    for err in &loaded.errors {
        super::report_skipped(err);
        outcome = Outcome::Failed;
    }
    if outcome == Outcome::Failed {
        keep_previous(output);
        return Ok(Outcome::Failed);
    }
    pending.commit_written()?;
    left_out_lines(args, &loaded.read);
    summary(args, output, &loaded.read);
    Ok(outcome)
}

/// A bar of the notes read, on stderr when it is a terminal (none otherwise or with
/// `--quiet`).
struct Bar(Option<indicatif::ProgressBar>);

impl Bar {
    fn new(args: &Args) -> Bar {
        use std::io::IsTerminal;
        Bar((!args.quiet && std::io::stderr().is_terminal()).then(indicatif::ProgressBar::hidden))
    }
}

impl build::Progress for Bar {
    fn start(&self, notes: usize) {
        if let Some(bar) = &self.0 {
            bar.set_length(notes as u64);
            bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            if let Ok(style) =
                indicatif::ProgressStyle::with_template("reading notes {bar:30} {pos}/{len}")
            {
                bar.set_style(style);
            }
        }
    }
    fn read_one(&self) {
        if let Some(bar) = &self.0 {
            bar.inc(1);
        }
    }
    fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

/// `wrote REPORT.md: 4 weekly notes, 8 daily notes, 0 left out`, unless `--quiet`.
fn summary(args: &Args, output: &Path, read: &analyze::NotesRead) {
    if args.quiet {
        return;
    }
    let plural = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    eprintln!(
        "wrote {}: {}, {}, {} left out",
        super::shown(output),
        plural(read.weekly, "weekly note"),
        plural(read.daily, "daily note"),
        read.left_out.len()
    );
}

/// One line on stderr for each note the report leaves out, and why (an unreadable note's error
/// was printed when it was read), unless `--quiet`.
fn left_out_lines(args: &Args, read: &analyze::NotesRead) {
    if args.quiet {
        return;
    }
    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    for l in &read.left_out {
        if l.reason == analyze::LeftOutReason::Unreadable {
            continue;
        }
        let path = if args.dir == Path::new(".") {
            PathBuf::from(&l.path)
        } else {
            args.dir.join(&l.path)
        };
        let _ = writeln!(err, "left out {}: {}", super::shown(&path), l.why);
    }
}

/// Says on stderr which notes the report leaves out and why, one line each (an unreadable
/// note's error was printed when it was read), and when `--from`/`--to` select no week.
fn report_left_out(args: &Args, built: &build::Built) {
    if args.quiet {
        return;
    }
    left_out_lines(args, &built.read);
    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    if let (true, Some(a)) = (built.no_week_in_range, &built.read.available) {
        let _ = writeln!(
            err,
            "no weekly notes in --from/--to; the notes hold {} ({}) – {} ({})",
            a.first, a.first_date, a.last, a.last_date
        );
    }
}

/// Says why the report was not written: a report missing notes must not replace a whole one.
fn keep_previous(output: &Path) {
    eprintln!(
        "error: `{}` left as it was: some notes could not be read (see above)",
        super::shown(output)
    );
}

/// One build for `--watch`: writes the report and says so on stderr.
fn build_once(args: &Args) -> anyhow::Result<()> {
    let output = args.output.as_deref().unwrap_or(Path::new("report.md"));
    let pending = Pending::reserve(output, Replace::Report { force: args.force })?;
    let built = build(args)?;
    if built.outcome == Outcome::Failed {
        keep_previous(output);
        return Ok(());
    }
    pending.commit(built.text.as_bytes())?;
    summary(args, output, &built.read);
    Ok(())
}

struct Built {
    text: String,
    /// The notes the report holds and those it left out.
    read: analyze::NotesRead,
    outcome: Outcome,
}

fn format_of(args: &Args) -> ReportFormat {
    args.format
        .unwrap_or_else(|| ReportFormat::of_path(args.output.as_deref()))
}

fn build(args: &Args) -> anyhow::Result<Built> {
    let (config, _) =
        weekly_report::workspace::load_config(args.range.config.as_deref(), &args.dir)?;
    let options = RollupOptions {
        period: match args.period {
            PeriodArg::Week => Period::Week,
            PeriodArg::Month => Period::Month,
            PeriodArg::Quarter => Period::Quarter,
            PeriodArg::Half => Period::Half,
            PeriodArg::Year => Period::Year,
        },
        ..args.range.options(&args.dir, &config)?
    };
    let format = format_of(args);
    let exclude: Vec<PathBuf> = args.output.iter().cloned().collect();
    let request = build::BuildRequest {
        dir: &args.dir,
        exclude: &exclude,
        format,
        template: args.template.as_deref(),
        options,
    };
    let built = build::build(&request, &config, &Bar::new(args))?;
    let outcome = super::report_problems(&built.problems);
    report_left_out(args, &built);
    Ok(Built {
        text: built.text,
        read: built.read,
        outcome,
    })
}

/// Compares the committed report with a fresh build; prints a unified diff when they differ.
fn check(dir: &Path, output: &Path, fresh: &str) -> anyhow::Result<bool> {
    let name = super::shown(output);
    match build::compare_report(output, &name, fresh)? {
        Comparison::Fresh => Ok(true),
        Comparison::Missing => {
            eprintln!("{name} does not exist; run `weekly-report build -o {name}` and commit it");
            Ok(false)
        }
        Comparison::Stale(diff) => {
            super::stdout_write(|w| Ok(w.write_all(diff.as_bytes())?))?;
            eprintln!(
                "{name} is out of date; run `weekly-report build {} -o {name}` and commit it",
                super::shown(dir)
            );
            Ok(false)
        }
    }
}
