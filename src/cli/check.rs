//! `weekly-report check [PATH]...`: lint notes for a pre-commit hook or CI.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

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
            files.extend(
                super::find_notes(p, &[], &mut outcome)
                    .into_iter()
                    .map(|f| (f, false)),
            );
        } else {
            files.push((p.clone(), true));
        }
    }
    let mut folders = Folders::default();
    let mut checked = Vec::with_capacity(files.len());
    for (file, explicit) in &files {
        match check_file(file, &config, args.fix, &mut folders) {
            Ok(Some(c)) => checked.push(c),
            Ok(None) if *explicit => eprintln!(
                "skipped {}: it is a report written by weekly-report, not a note",
                super::shown(file)
            ),
            Ok(None) => {}
            Err(err) => {
                super::report_skipped(&format!("{err:#}"));
                outcome = Outcome::Failed;
            }
        }
    }
    if files.is_empty() {
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

/// Lints one note (`None` for a report the tool wrote, which is not a note); with `fix`,
/// applies the fixes first, changing only their bytes.
fn check_file(
    path: &Path,
    config: &Config,
    fix: bool,
    folders: &mut Folders,
) -> anyhow::Result<Option<Checked>> {
    let file = match source::read_note(path, config.max_note_bytes) {
        Ok(file) => file,
        Err(source::SourceError::GeneratedReport { .. }) => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    let shown = path.to_string_lossy().replace('\\', "/");
    let (mut text, mut findings) = lint_text(path, &shown, &file.decoded, config, folders);
    if fix {
        let fixes = lint::applicable_fixes(&text, &findings);
        if !fixes.is_empty() {
            let fixed = fix_file(path, &shown, &file.decoded, &fixes, config)?;
            (text, findings) = lint_text(path, &shown, &fixed, config, folders);
        }
    }
    Ok(Some(Checked {
        path: shown,
        text,
        findings,
    }))
}

/// Writes `fixes` into the note at `path`, changing nothing but their bytes, and says what
/// changed on stderr (`fixed: note.md:1 week 30 → 28`). Returns the note's new text.
fn fix_file(
    path: &Path,
    shown: &str,
    decoded: &source::Decoded,
    fixes: &[&lint::Fix],
    config: &Config,
) -> anyhow::Result<source::Decoded> {
    let bytes = source::read_bytes(path, config.max_note_bytes)?;
    let edits: Vec<(weekly_report::model::Span, &str)> = fixes
        .iter()
        .map(|f| (f.span, f.replacement.as_str()))
        .collect();
    let edited = source::decode(&bytes)
        .ok()
        .filter(|d| d.text == decoded.text)
        .and_then(|d| source::edit_bytes(&bytes, d.encoding, &edits))
        .with_context(|| {
            format!("`{shown}` is not UTF-8, or changed while it was checked; --fix only rewrites UTF-8 notes (save it as UTF-8 first)")
        })?;
    super::output::write_file(path, &edited, super::output::Replace::File)
        .with_context(|| format!("applying fixes to `{shown}`"))?;
    let lines = parse::LineIndex::new(&decoded.text);
    for f in fixes.iter().rev() {
        let old = decoded
            .text
            .get(f.span.start..f.span.end)
            .unwrap_or_default();
        eprintln!(
            "fixed: {}:{} {} {old} → {}",
            weekly_report::render::printable(shown),
            lines.line(f.span.start),
            f.subject,
            f.replacement
        );
    }
    source::decode(&edited).context("the fixed note decodes as the note did")
}

fn lint_text(
    path: &Path,
    shown: &str,
    decoded: &source::Decoded,
    config: &Config,
    folders: &mut Folders,
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
    let previous = previous_week(path, &note, config, folders);
    let same_week = same_week(path, &note, config, folders);
    let input = LintInput {
        note: &note,
        text: &decoded.text,
        previous: previous.as_ref(),
        links: &links,
        same_week: &same_week,
        config,
    };
    (decoded.text.clone(), lint::lint(&input))
}

/// The dated notes of each folder checked, listed and dated by name once: a folder of
/// thousands of notes is read once, not once per note.
#[derive(Default)]
struct Folders(HashMap<PathBuf, Vec<(NaiveDate, PathBuf)>>);

impl Folders {
    /// The Markdown files of `note`'s folder with the date their name gives, by date.
    fn dated(&mut self, note: &Path) -> &[(NaiveDate, PathBuf)] {
        let dir = note.parent().map(Path::to_path_buf).unwrap_or_default();
        self.0.entry(dir).or_insert_with_key(|dir| {
            let mut dated: Vec<(NaiveDate, PathBuf)> = source::folder_notes(dir)
                .into_iter()
                .filter_map(|p| {
                    let name = Norm::text_of(&p.file_name()?.to_string_lossy());
                    let d = find_dates(&name)
                        .into_iter()
                        .find(|d| d.year.is_some())?
                        .resolve(None)
                        .ok()?;
                    Some((d, p))
                })
                .collect();
            dated.sort();
            dated
        })
    }
}

/// Last week's note: among the folder's notes named with a date up to 14 days before this
/// note's, the latest that reads as a weekly note.
fn previous_week(path: &Path, note: &Note, config: &Config, folders: &mut Folders) -> Option<Note> {
    let date = note.date?;
    if note.kind != NoteKind::Weekly {
        return None;
    }
    let earliest = date - chrono::Days::new(14);
    let dated = folders.dated(path);
    let from = dated.partition_point(|(d, _)| *d < earliest);
    let to = dated.partition_point(|(d, _)| *d < date);
    let own = path.file_name();
    dated[from..to]
        .iter()
        .rev()
        .filter(|(_, p)| p.file_name() != own)
        .find_map(|(_, p)| {
            weekly_report::read_note(p, config)
                .ok()
                .filter(|n| n.kind == NoteKind::Weekly)
        })
}

/// The file names of the other weekly notes of `note`'s folder dated in its week (by the
/// dates their names give, then read).
fn same_week(path: &Path, note: &Note, config: &Config, folders: &mut Folders) -> Vec<String> {
    let Some(date) = note.date.filter(|_| note.kind == NoteKind::Weekly) else {
        return vec![];
    };
    let numbering = config.week_numbering;
    let week = weekly_report::analyze::week_of(date, numbering);
    let dated = folders.dated(path);
    let from = dated.partition_point(|(d, _)| *d < date - chrono::Days::new(7));
    let to = dated.partition_point(|(d, _)| *d <= date + chrono::Days::new(7));
    let own = path.file_name();
    dated[from..to]
        .iter()
        .filter(|(_, p)| p.file_name() != own)
        .filter_map(|(_, p)| {
            let other = weekly_report::read_note(p, config).ok()?;
            let same = other.kind == NoteKind::Weekly
                && other
                    .date
                    .is_some_and(|d| weekly_report::analyze::week_of(d, numbering) == week);
            same.then(|| {
                p.file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned()
            })
        })
        .collect()
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
