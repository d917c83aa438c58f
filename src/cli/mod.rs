//! Command-line wiring: arguments → library calls → output → exit code.
//!
//! Exit codes: `0` done and clean; `1` done, with findings at the failing severity;
//! `2` could not do the job (bad arguments, bad configuration, unreadable input); `130` and
//! `143` interrupted by SIGINT or SIGTERM (see [`weekly_report::sink`]). A broken pipe ends quietly.

mod build;
mod check;
mod config;
mod diff;
mod draft;
mod explain;
mod init;
mod parse;
mod rules;
mod server;
mod shell;
mod sql;
mod templates;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};

use weekly_report::config::Config;
use weekly_report::model::Note;
use weekly_report::workspace;

const AFTER_HELP: &str = "\
Exit codes:
  0  done, nothing to report
  1  done, with findings at the failing severity
  2  could not do the job: bad arguments, bad configuration or unreadable input
  130, 143  interrupted by SIGINT or SIGTERM (the file being written is left as it was)";

/// Turn Markdown weekly and daily notes (周报 / 日报) into data and reports.
#[derive(Debug, Parser)]
#[command(name = "weekly-report", version, about, after_help = AFTER_HELP, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Print the facts of one or more notes as JSON or YAML.
    #[command(after_help = AFTER_HELP)]
    Parse(parse::Args),
    /// Roll a notes folder up into a report: KPIs, incidents, projects, plans.
    #[command(after_help = AFTER_HELP)]
    Build(build::Args),
    /// Query the facts of a notes folder with SQL (read-only).
    #[command(after_help = AFTER_HELP)]
    Sql(sql::Args),
    /// Lint notes: numbers, dates and consistency (for pre-commit hooks and CI).
    #[command(after_help = AFTER_HELP)]
    Check(check::Args),
    /// Show what each line of a note gave and what was not read; for a folder, a summary.
    #[command(after_help = AFTER_HELP)]
    Explain(explain::Args),
    /// List the lint rules of `check`.
    Rules(rules::Args),
    /// Show what changed between two weeks' notes.
    #[command(after_help = AFTER_HELP)]
    Diff(diff::Args),
    /// Write this week's note from the daily notes and last week's note.
    #[command(after_help = AFTER_HELP)]
    Draft(draft::Args),
    /// Start today's daily note or this week's note, named like the team's notes.
    #[command(subcommand)]
    New(draft::New),
    /// Set up a notes repository: configuration, pre-commit hook, CI workflow, note template.
    Init(init::Args),
    /// Print a shell completion script.
    Completions(shell::CompletionArgs),
    /// Print the man page (roff).
    Man,
    /// Work with the report templates.
    #[command(subcommand)]
    Templates(templates::Command),
    /// Serve notes to an editor: the Language Server Protocol over stdio.
    Server(server::Args),
    /// Print the built-in configuration, or check the one in use.
    #[command(after_help = AFTER_HELP)]
    Config(config::Args),
}

/// Outcome of a subcommand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Done, nothing to report.
    Clean,
    /// Done, with findings at the failing severity (or a stale report).
    Findings,
    /// Some input could not be read; the rest was done.
    Failed,
}

/// Runs the command line and turns the outcome into an exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    weekly_report::sink::clean_up_on_interrupt();
    let result = match cli.command {
        Command::Parse(args) => parse::run(args),
        Command::Build(args) => build::run(args),
        Command::Diff(args) => diff::run(args),
        Command::Check(args) => check::run(args),
        Command::Sql(args) => sql::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Rules(args) => rules::run(args),
        Command::Init(args) => init::run(args),
        Command::Completions(args) => shell::completions(args),
        Command::Man => shell::man(),
        Command::Draft(args) => draft::run(args),
        Command::New(command) => draft::run_new(command),
        Command::Templates(command) => templates::run(command),
        Command::Config(args) => config::run(args),
        Command::Server(args) => server::run(args),
    };
    match result {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::Findings) => ExitCode::from(1),
        Ok(Outcome::Failed) => ExitCode::from(2),
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            report_skipped(&format!("{err:#}"));
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// The notes under `dir`; what cannot be listed is reported and fails `outcome`.
pub fn find_notes(dir: &Path, exclude: &[PathBuf], outcome: &mut Outcome) -> Vec<PathBuf> {
    let found = workspace::find_notes(dir, exclude);
    fail_on(&found.problems, outcome);
    found.notes
}

/// Reads `paths` in parallel, each passed through `then`; what cannot be read is reported and
/// fails `outcome`.
pub fn read_notes<T: Send>(
    paths: &[PathBuf],
    config: &Config,
    then: impl Fn(Note) -> T + Sync,
    outcome: &mut Outcome,
) -> Vec<T> {
    let read = workspace::read_notes(paths, config, then);
    fail_on(&read.problems, outcome);
    read.notes
}

/// Reports each problem; [`Outcome::Failed`] when there is one.
pub fn report_problems(problems: &[workspace::Problem]) -> Outcome {
    let mut outcome = Outcome::Clean;
    fail_on(problems, &mut outcome);
    outcome
}

fn fail_on(problems: &[workspace::Problem], outcome: &mut Outcome) {
    for p in problems {
        report_skipped(p);
        *outcome = Outcome::Failed;
    }
}

/// Prints a problem with one input and lets the run go on. Control characters a file name
/// may hold are shown escaped, never sent to the terminal.
pub fn report_skipped(err: &dyn std::fmt::Display) {
    let stderr = std::io::stderr();
    let message = err.to_string();
    let _ = writeln!(
        stderr.lock(),
        "error: {}",
        weekly_report::render::printable(&message)
    );
}

/// A path as printed on a terminal: its control characters shown escaped, never sent.
pub fn shown(path: &Path) -> String {
    weekly_report::render::printable(&path.display().to_string()).into_owned()
}

/// Writes to stdout, with context.
pub fn stdout_write(f: impl FnOnce(&mut dyn Write) -> anyhow::Result<()>) -> anyhow::Result<()> {
    let stdout = std::io::stdout();
    let mut lock = std::io::BufWriter::new(stdout.lock());
    f(&mut lock).context("writing to standard output")?;
    lock.flush().context("writing to standard output")?;
    Ok(())
}
