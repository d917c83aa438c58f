//! `weekly-report check [PATH]...`: lint notes for a pre-commit hook or CI.

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::ValueEnum;

use weekly_report::config::{Config, RuleLevel};
use weekly_report::extract::{find_dates, Norm};
use weekly_report::lint::{self, Finding, LintInput};
use weekly_report::model::{Note, NoteKind};
use weekly_report::render::findings::{self, Source};
use weekly_report::{extract, parse, source};

use super::Outcome;

/// How findings are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Like a compiler: location, rule, message, the source line underlined, a hint.
    Human,
    /// GitHub Actions workflow commands (annotations on the pull request).
    Github,
    /// One JSON object per finding per line.
    Json,
    /// SARIF 2.1.0, for code-scanning upload.
    Sarif,
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

/// One checked note.
struct Checked {
    path: String,
    text: String,
    findings: Vec<Finding>,
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let (config, config_path) =
        super::load_config(args.config.as_deref(), &super::config_anchor(&paths))?;
    lint::validate_rule_config(&config).map_err(|m| {
        let origin = config_path
            .as_ref()
            .map_or("built-in configuration".to_string(), |p| {
                p.display().to_string()
            });
        anyhow::anyhow!("invalid configuration in `{origin}`: {m}")
    })?;
    let mut files = Vec::new();
    let mut outcome = Outcome::Clean;
    for p in &paths {
        if p.is_dir() {
            files.extend(super::find_notes(p, &[], &mut outcome));
        } else {
            files.push(p.clone());
        }
    }
    let mut checked = Vec::with_capacity(files.len());
    for file in &files {
        match check_file(file, &config, args.fix) {
            Ok(c) => checked.push(c),
            Err(err) => {
                super::report_skipped(&format!("{err:#}"));
                outcome = Outcome::Failed;
            }
        }
    }
    print(&checked, args.format)?;
    let fail_at = match args.fail_level {
        FailLevel::Error => RuleLevel::Error,
        FailLevel::Warning => RuleLevel::Warning,
    };
    let failing = checked
        .iter()
        .flat_map(|c| &c.findings)
        .any(|f| f.level >= fail_at);
    Ok(match (outcome, failing) {
        (Outcome::Failed, _) => Outcome::Failed,
        (_, true) => Outcome::Findings,
        _ => Outcome::Clean,
    })
}

fn check_file(path: &Path, config: &Config, fix: bool) -> anyhow::Result<Checked> {
    let file = source::read_note(path)?;
    let shown = path.to_string_lossy().replace('\\', "/");
    let (mut text, mut findings) = lint_text(path, &shown, &file.decoded, config);
    if fix {
        if let Some(fixed) = lint::apply_fixes(&text, &findings) {
            if file.decoded.encoding != source::Encoding::Utf8 {
                anyhow::bail!("`{shown}` is not plain UTF-8; --fix only rewrites UTF-8 notes (save it as UTF-8 first)");
            }
            super::output::write_atomic(path, fixed.as_bytes())
                .with_context(|| format!("applying fixes to `{shown}`"))?;
            let decoded = source::Decoded {
                text: fixed,
                encoding: file.decoded.encoding,
            };
            (text, findings) = lint_text(path, &shown, &decoded, config);
        }
    }
    Ok(Checked {
        path: shown,
        text,
        findings,
    })
}

fn lint_text(
    path: &Path,
    shown: &str,
    decoded: &source::Decoded,
    config: &Config,
) -> (String, Vec<Finding>) {
    let doc = parse::Document::parse(&decoded.text);
    let note = extract::extract(shown, decoded, &doc, config);
    let root = source::notes_root(path);
    let links: Vec<source::LinkStatus> = match note.daily_links.as_slice() {
        [] => vec![],
        daily_links => {
            let resolver = source::LinkResolver::new(path, &root);
            daily_links
                .iter()
                .map(|l| resolver.status(&l.target))
                .collect()
        }
    };
    let previous = previous_week(path, &note, config);
    let input = LintInput {
        note: &note,
        text: &decoded.text,
        previous: previous.as_ref(),
        links: &links,
        config,
    };
    (decoded.text.clone(), lint::lint(&input))
}

/// Last week's note: among the folder's notes named with a date up to 14 days before this
/// note's, the latest that reads as a weekly note.
fn previous_week(path: &Path, note: &Note, config: &Config) -> Option<Note> {
    let date = note.date?;
    if note.kind != NoteKind::Weekly {
        return None;
    }
    let earliest = date - chrono::Days::new(14);
    // A folder may hold thousands of notes: read dates only from names with a year that fits.
    let years = [date, earliest].map(|d| chrono::Datelike::year(&d).to_string());
    let mut dated: Vec<(chrono::NaiveDate, PathBuf)> = source::sibling_notes(path)
        .into_iter()
        .filter_map(|p| {
            let name = Norm::text_of(&p.file_name()?.to_string_lossy());
            if !years.iter().any(|y| name.contains(y.as_str())) {
                return None;
            }
            let d = find_dates(&name)
                .into_iter()
                .find(|d| d.year.is_some())?
                .resolve(None)
                .ok()?;
            (d < date && d >= earliest).then_some((d, p))
        })
        .collect();
    dated.sort();
    dated.into_iter().rev().find_map(|(_, p)| {
        weekly_report::read_note(&p, config)
            .ok()
            .filter(|n| n.kind == NoteKind::Weekly)
    })
}

fn print(checked: &[Checked], format: Format) -> anyhow::Result<()> {
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
        Format::Json => super::stdout_write(|w| Ok(findings::write_json_lines(w, &all)?))?,
        Format::Sarif => super::stdout_write(|w| {
            Ok(weekly_report::render::write_json(
                w,
                &findings::sarif_log(&all),
            )?)
        })?,
    }
    Ok(())
}
