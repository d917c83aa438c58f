//! Building a report from a notes folder: what `build` does between its arguments and the
//! file it writes, and `build --check`'s comparison with the committed report.

use std::path::{Path, PathBuf};

use crate::analyze::{self, Period, RollupOptions};
use crate::calendar::parse_week_or_date;
use crate::config::Config;
use crate::render::{self, RenderError, RollupContext};
use crate::source::{self, SourceError};

use super::{load_templates, Problem, TemplatesError};

/// What a report is written as (`build --format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// Markdown through the `report.md` template.
    Md,
    /// One self-contained HTML page with charts, through the `report.html` template.
    Html,
    /// The rollup as JSON: the exact context templates receive.
    Json,
    /// The KPI table, one row per metric and week.
    Csv,
    /// Every fact as a SQLite database, with the rollup's answers as views (needs -o FILE).
    Sqlite,
}

impl ReportFormat {
    /// The format a report file's extension names (`.json`, `.csv`, `.html`, `.db`), else
    /// Markdown.
    pub fn of_path(path: Option<&Path>) -> ReportFormat {
        match path.and_then(Path::extension).and_then(|e| e.to_str()) {
            Some("json") => ReportFormat::Json,
            Some("csv") => ReportFormat::Csv,
            Some("html" | "htm") => ReportFormat::Html,
            Some("db" | "sqlite" | "sqlite3") => ReportFormat::Sqlite,
            _ => ReportFormat::Md,
        }
    }

    /// The template a text report is rendered through, if any.
    fn template(self) -> Option<&'static str> {
        match self {
            ReportFormat::Md => Some("report.md"),
            ReportFormat::Html => Some("report.html"),
            ReportFormat::Json | ReportFormat::Csv | ReportFormat::Sqlite => None,
        }
    }
}

/// Why a report could not be built.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// `--from` or `--to` is no week and no date.
    #[error("`{0}` is neither a week (2023-W28) nor a date (2023-07-08)")]
    NotAWeek(String),
    /// `--from` is after `--to`.
    #[error("--from {from_arg} ({from}) is after --to {to_arg} ({to}): the range holds no day")]
    EmptyRange {
        /// `--from` as written.
        from_arg: String,
        /// Its first day.
        from: chrono::NaiveDate,
        /// `--to` as written.
        to_arg: String,
        /// Its last day.
        to: chrono::NaiveDate,
    },
    /// A template could not be loaded.
    #[error(transparent)]
    Templates(#[from] TemplatesError),
    /// Rendering failed.
    #[error(transparent)]
    Render(#[from] RenderError),
    /// `--format sqlite` goes through [`crate::database`], not here.
    #[error("a SQLite database is written by the database module")]
    Sqlite,
}

/// The rollup options of the notes folder `dir` for the bounds `from` and `to` (weeks or
/// dates, as written), by month.
pub fn range_options(
    dir: &Path,
    from: Option<&str>,
    to: Option<&str>,
    config: &Config,
) -> Result<RollupOptions, BuildError> {
    let bounds = |arg: Option<&str>, first: bool| {
        arg.map(|text| {
            parse_week_or_date(text, config.week_numbering)
                .map(|(a, b)| if first { a } else { b })
                .ok_or_else(|| BuildError::NotAWeek(text.to_string()))
        })
        .transpose()
    };
    let options = RollupOptions {
        root: dir.to_string_lossy().replace('\\', "/"),
        period: Period::Month,
        from: bounds(from, true)?,
        to: bounds(to, false)?,
    };
    if let (Some(from_day), Some(to_day)) = (options.from, options.to) {
        if from_day > to_day {
            return Err(BuildError::EmptyRange {
                from_arg: from.unwrap_or_default().to_string(),
                from: from_day,
                to_arg: to.unwrap_or_default().to_string(),
                to: to_day,
            });
        }
    }
    Ok(options)
}

/// What a build asks for.
#[derive(Debug)]
pub struct BuildRequest<'a> {
    /// The notes folder.
    pub dir: &'a Path,
    /// Files under it that are no notes of this build (the report being written).
    pub exclude: &'a [PathBuf],
    /// The format (not [`ReportFormat::Sqlite`]).
    pub format: ReportFormat,
    /// A template replacing the format's own.
    pub template: Option<&'a Path>,
    /// The period, range and root.
    pub options: RollupOptions,
}

/// A report built.
#[derive(Debug)]
pub struct Built {
    /// The report.
    pub text: String,
    /// The notes it holds and those it left out.
    pub read: analyze::NotesRead,
    /// Whether `--from`/`--to` selected no week although the notes hold some.
    pub no_week_in_range: bool,
    /// The inputs that could not be read, in the order met (the report holds the rest).
    pub problems: Vec<Problem>,
}

/// Hears how reading the notes goes (a progress bar); each method does nothing unless
/// implemented.
pub trait Progress: Sync {
    /// The notes are found: `notes` will be read.
    fn start(&self, notes: usize) {
        let _ = notes;
    }
    /// One note was read.
    fn read_one(&self) {}
    /// All were read.
    fn finish(&self) {}
}

impl Progress for () {}

/// Reads the notes of `request.dir` and renders their rollup, telling `progress` as notes
/// are read. Templates are loaded before any note is read, so a broken template costs no
/// reading.
pub fn build(
    request: &BuildRequest<'_>,
    config: &Config,
    progress: &dyn Progress,
) -> Result<Built, BuildError> {
    let name = request.format.template();
    let templates = name
        .map(|name| load_templates(request.dir, request.template, name))
        .transpose()?;
    let found = super::find_notes(request.dir, request.exclude);
    let mut problems = found.problems;
    let mut notes = Vec::with_capacity(found.notes.len());
    let mut unreadable = Vec::new();
    progress.start(found.notes.len());
    let read = crate::read_notes_then(&found.notes, config, |note| {
        progress.read_one();
        analyze::facts_for_rollup(note)
    });
    progress.finish();
    for (path, result) in found.notes.iter().zip(read) {
        match result {
            Ok(facts) => notes.push(facts),
            // A report the tool wrote is not a note.
            Err(SourceError::GeneratedReport { .. }) => {}
            Err(err) => {
                problems.push(err.into());
                unreadable.push(path.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let options = &request.options;
    // The facts go team by team as the rollup is made; only the rollup is left to render.
    let mut rollup = analyze::rollup_facts(notes, options, config);
    for path in &unreadable {
        rollup.left_out_unreadable(&options.root, path);
    }
    let read = rollup.notes.clone();
    let no_week_in_range = rollup.teams.is_empty()
        && (rollup.from.is_some() || rollup.to.is_some())
        && rollup.notes.available.is_some();
    let text = match request.format {
        ReportFormat::Md | ReportFormat::Html => {
            let body = templates
                .expect("templates are loaded for Markdown and HTML")
                .render_value(
                    name.expect("Markdown and HTML have a template"),
                    render::rollup_value(rollup),
                )?;
            // The marker comes first whatever the template, so the report is always known.
            format!("{}\n{body}", source::REPORT_MARKER)
        }
        ReportFormat::Json => {
            let mut out = Vec::new();
            render::write_json(&mut out, &RollupContext::new(&rollup))?;
            String::from_utf8(out).expect("the JSON writer writes UTF-8")
        }
        ReportFormat::Csv => {
            let mut out = Vec::new();
            render::write_kpi_csv(&mut out, &rollup)?;
            String::from_utf8(out).expect("the CSV writer writes UTF-8")
        }
        ReportFormat::Sqlite => return Err(BuildError::Sqlite),
    };
    Ok(Built {
        text,
        read,
        no_week_in_range,
        problems,
    })
}

/// The largest committed report `--check` reads.
const MAX_REPORT_BYTES: u64 = 1 << 32;

/// How the committed report compares with a fresh build.
#[derive(Debug, PartialEq, Eq)]
pub enum Comparison {
    /// The same bytes.
    Fresh,
    /// There is no committed report.
    Missing,
    /// It differs: a unified diff from the committed report to the fresh one.
    Stale(String),
}

/// Compares the report committed at `output` with `fresh`; `name` is how the diff's header
/// names the file.
pub fn compare_report(output: &Path, name: &str, fresh: &str) -> Result<Comparison, SourceError> {
    // Through `source`, which refuses a FIFO or a device instead of waiting on it.
    let committed = match source::read_bytes(output, MAX_REPORT_BYTES) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(SourceError::Io { reason, .. }) if reason.kind() == std::io::ErrorKind::NotFound => {
            return Ok(Comparison::Missing)
        }
        Err(e) => return Err(e),
    };
    if committed == fresh {
        return Ok(Comparison::Fresh);
    }
    let diff = similar::TextDiff::from_lines(&committed, fresh);
    Ok(Comparison::Stale(
        diff.unified_diff()
            .context_radius(2)
            .header(
                &format!("{name} (committed)"),
                &format!("{name} (fresh build)"),
            )
            .to_string(),
    ))
}
