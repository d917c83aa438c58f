//! `weekly-report check [PATH]...`: lint notes for a pre-commit hook or CI.

use std::path::PathBuf;

use anyhow::Context;
use clap::ValueEnum;

use weekly_report::config::RuleLevel;
use weekly_report::render::findings::{self, Format, Source};
use weekly_report::workspace::{
    self,
    check::{self, Checked},
};

use super::Outcome;

/// The lowest severity that makes the run fail.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum FailLevel {
    Error,
    Warning,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Notes or folders of notes [default: .].
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Fail (exit 1) on findings at this severity or above.
    #[arg(long, value_enum, default_value_t = FailLevel::Error)]
    fail_level: FailLevel,
    /// Apply automatic fixes (the title's week number) and report what remains.
    #[arg(long)]
    fix: bool,
    /// Configuration file [default: the nearest weekly-report.yaml, else built-in].
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let (config, config_path) =
        workspace::load_config(args.config.as_deref(), &workspace::config_anchor(&paths))?;
    check::validate_rules(&config, config_path.as_deref())?;
    let targets = check::targets(&paths);
    let mut outcome = Outcome::Clean;
    for err in &targets.errors {
        super::report_skipped(err);
        outcome = Outcome::Failed;
    }
    let mut checker = check::Checker::new(&config);
    let mut checked = Vec::with_capacity(targets.files.len());
    for (file, explicit) in &targets.files {
        match checker.check_file(file, args.fix) {
            Ok(Some(c)) => {
                for f in &c.fixed {
                    eprintln!(
                        "fixed: {}:{} {} {} → {}",
                        weekly_report::render::printable(&c.path),
                        f.line,
                        f.subject,
                        f.old,
                        f.new
                    );
                }
                checked.push(c);
            }
            Ok(None) if *explicit => eprintln!(
                "skipped {}: it is a report written by weekly-report, not a note",
                super::shown(file)
            ),
            Ok(None) => {}
            Err(err) => {
                super::report_skipped(&format!("{:#}", anyhow::Error::from(err)));
                outcome = Outcome::Failed;
            }
        }
    }
    if targets.files.is_empty() {
        eprintln!(
            "no notes in {}",
            paths
                .iter()
                .map(|p| super::shown(p))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let fail_at = match args.fail_level {
        FailLevel::Error => RuleLevel::Error,
        FailLevel::Warning => RuleLevel::Warning,
    };
    print(&checked, args.format, fail_at)?;
    Ok(match (outcome, check::fails(&checked, fail_at)) {
        (Outcome::Failed, _) => Outcome::Failed,
        (_, true) => Outcome::Findings,
        _ => Outcome::Clean,
    })
}

fn print(checked: &[Checked], format: Format, fail_at: RuleLevel) -> anyhow::Result<()> {
    let notes: Vec<findings::Checked<'_>> = checked
        .iter()
        .map(|c| findings::Checked {
            source: Source {
                path: &c.path,
                text: &c.text,
            },
            findings: &c.findings,
        })
        .collect();
    if format == Format::Human {
        // Coloured on a terminal, plain when piped or with NO_COLOR.
        let stdout = std::io::stdout();
        let mut out = anstream::AutoStream::auto(stdout.lock());
        findings::write(&mut out, format, &notes, fail_at).context("writing to standard output")?;
        return Ok(());
    }
    super::stdout_write(|w| Ok(findings::write(w, format, &notes, fail_at)?))
}
