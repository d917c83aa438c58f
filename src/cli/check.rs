//! `weekly-report check [PATH]...`: lint notes for a pre-commit hook or CI.

use std::path::PathBuf;

use anyhow::Context;
use clap::ValueEnum;

use weekly_report::config::RuleLevel;
use weekly_report::lint::Finding;
use weekly_report::render::findings::{self, Source};
use weekly_report::workspace::{
    self,
    check::{self, Checked},
};

use super::Outcome;

/// How findings are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Like a compiler: location, rule, message, the source line underlined, a hint.
    Human,
    /// GitHub Actions workflow commands (annotations on the pull request).
    Github,
    /// One JSON array of findings (as ruff and rumdl print).
    Json,
    /// One JSON object per finding per line.
    JsonLines,
    /// SARIF 2.1.0, for code-scanning upload.
    Sarif,
    /// A GitLab Code Quality report (`artifacts: reports: codequality:`).
    Gitlab,
    /// A JUnit XML report: a test suite per note, a failed test case per finding.
    Junit,
}

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
    let all: Vec<Finding> = checked
        .iter()
        .flat_map(|c| c.findings.iter().cloned())
        .collect();
    match format {
        Format::Human => {
            let stdout = std::io::stdout();
            let mut out = anstream::AutoStream::auto(stdout.lock());
            for c in checked {
                findings::write_human(
                    &mut out,
                    Source {
                        path: &c.path,
                        text: &c.text,
                    },
                    &c.findings,
                )
                .context("writing to standard output")?;
            }
        }
        Format::Github => super::stdout_write(|w| Ok(findings::write_github(w, &all)?))?,
        Format::Json => super::stdout_write(|w| Ok(findings::write_json_array(w, &all)?))?,
        Format::JsonLines => super::stdout_write(|w| Ok(findings::write_json_lines(w, &all)?))?,
        Format::Gitlab => super::stdout_write(|w| Ok(findings::write_gitlab(w, &all)?))?,
        Format::Junit => {
            let paths: Vec<&str> = checked.iter().map(|c| c.path.as_str()).collect();
            super::stdout_write(|w| Ok(findings::write_junit(w, &paths, &all, fail_at)?))?
        }
        Format::Sarif => super::stdout_write(|w| {
            Ok(weekly_report::render::write_json(
                w,
                &findings::sarif_log(&all),
            )?)
        })?,
    }
    Ok(())
}
