//! `weekly-report build [DIR]`: a notes folder → a rollup report.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use clap::ValueEnum;

use weekly_report::analyze::{self, weeks::parse_week_or_date, Period, RollupOptions};
use weekly_report::render::{self, RollupContext, Templates};
use weekly_report::source;

use super::output::{Pending, Replace};
use super::Outcome;

/// Output format of `build`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Markdown through the `report.md` template.
    Md,
    /// One self-contained HTML page with charts, through the `report.html` template.
    Html,
    /// The rollup as JSON: the exact context templates receive.
    Json,
    /// The KPI table, one row per metric and week.
    Csv,
}

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
    format: Option<Format>,
    /// First week or date included (`2023-W27`, `2023-07-01`).
    #[arg(long, value_name = "WEEK|DATE")]
    from: Option<String>,
    /// Last week or date included.
    #[arg(long, value_name = "WEEK|DATE")]
    to: Option<String>,
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
    /// Configuration file [default: DIR's weekly-report.yaml, else built-in].
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
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
    if args.watch {
        return super::watch::run(
            &args.dir,
            args.output.as_deref().unwrap_or(Path::new("report.md")),
            || build_once(&args),
        );
    }
    let Some(output) = &args.output else {
        let built = build(&args)?;
        super::stdout_write(|w| Ok(w.write_all(built.text.as_bytes())?))?;
        return Ok(built.outcome);
    };
    if args.check {
        let built = build(&args)?;
        return check(output, &built.text).map(|fresh| {
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
    Ok(built.outcome)
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
    eprintln!("wrote {} ({} notes)", super::shown(output), built.notes);
    Ok(())
}

struct Built {
    text: String,
    notes: usize,
    outcome: Outcome,
}

fn format_of(args: &Args) -> Format {
    args.format.unwrap_or_else(|| {
        match args
            .output
            .as_ref()
            .and_then(|o| o.extension())
            .and_then(|e| e.to_str())
        {
            Some("json") => Format::Json,
            Some("csv") => Format::Csv,
            Some("html" | "htm") => Format::Html,
            _ => Format::Md,
        }
    })
}

fn build(args: &Args) -> anyhow::Result<Built> {
    let (config, _) = super::load_config(args.config.as_deref(), &args.dir)?;
    let bounds = |arg: &Option<String>, first: bool| -> anyhow::Result<Option<chrono::NaiveDate>> {
        arg.as_deref()
            .map(|text| {
                parse_week_or_date(text, config.week_numbering)
                    .map(|(a, b)| if first { a } else { b })
                    .with_context(|| {
                        format!("`{text}` is neither a week (2023-W28) nor a date (2023-07-08)")
                    })
            })
            .transpose()
    };
    let options = RollupOptions {
        root: args.dir.to_string_lossy().replace('\\', "/"),
        period: match args.period {
            PeriodArg::Week => Period::Week,
            PeriodArg::Month => Period::Month,
            PeriodArg::Quarter => Period::Quarter,
            PeriodArg::Half => Period::Half,
            PeriodArg::Year => Period::Year,
        },
        from: bounds(&args.from, true)?,
        to: bounds(&args.to, false)?,
    };
    let format = format_of(args);
    // Templates are checked before the notes are read: a broken template is a usage error.
    let main_template = match format {
        Format::Md => Some("report.md"),
        Format::Html => Some("report.html"),
        Format::Json | Format::Csv => None,
    };
    let templates = main_template
        .map(|name| load_templates(&args.dir, args.template.as_deref(), name))
        .transpose()?;

    let exclude: Vec<PathBuf> = args.output.iter().cloned().collect();
    let (notes, outcome) =
        super::read_folder(&args.dir, &exclude, &config, analyze::facts_for_rollup);
    let note_count = notes.len();
    // The facts go team by team as the rollup is made; only the rollup is left to render.
    let rollup = analyze::rollup_facts(notes, &options, &config);
    let text = match format {
        Format::Md | Format::Html => {
            let name = main_template.expect("Markdown and HTML have a template");
            let body = templates
                .expect("templates are loaded for Markdown and HTML")
                .render_value(name, render::rollup_value(rollup))?;
            // The marker comes first whatever the template, so the report is always known.
            format!("{}\n{body}", source::REPORT_MARKER)
        }
        Format::Json => {
            let mut out = Vec::new();
            render::write_json(&mut out, &RollupContext::new(&rollup))?;
            String::from_utf8(out).context("the JSON writer produced UTF-8")?
        }
        Format::Csv => {
            let mut out = Vec::new();
            render::write_kpi_csv(&mut out, &rollup)?;
            String::from_utf8(out).context("the CSV writer produced UTF-8")?
        }
    };
    Ok(Built {
        text,
        notes: note_count,
        outcome,
    })
}

/// The built-in templates, overridden by the notes folder's `templates/` and by `--template`.
pub fn load_templates(
    dir: &Path,
    template: Option<&Path>,
    main: &str,
) -> anyhow::Result<Templates> {
    let mut overrides = Vec::new();
    for (name, _) in render::templates::DEFAULTS {
        let path = dir.join("templates").join(name);
        if path.is_file() && template.is_none_or(|_| *name != main) {
            let text = source::read_config(&path)?;
            overrides.push((name.to_string(), text, path.display().to_string()));
        }
    }
    if let Some(path) = template {
        let text = source::read_config(path)?;
        overrides.push((main.to_string(), text, path.display().to_string()));
    }
    Ok(Templates::new(overrides)?)
}

/// The largest committed report `--check` reads.
const MAX_REPORT_BYTES: u64 = 1 << 32;

/// Compares the committed report with a fresh build; prints a unified diff when they differ.
fn check(output: &Path, fresh: &str) -> anyhow::Result<bool> {
    // Through `source`, which refuses a FIFO or a device instead of waiting on it.
    let committed = match source::read_bytes(output, MAX_REPORT_BYTES) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(source::SourceError::Io { reason, .. })
            if reason.kind() == std::io::ErrorKind::NotFound =>
        {
            eprintln!(
                "{0} does not exist; run `weekly-report build -o {0}` and commit it",
                super::shown(output)
            );
            return Ok(false);
        }
        Err(e) => return Err(e.into()),
    };
    if committed == fresh {
        return Ok(true);
    }
    let name = super::shown(output);
    let diff = similar::TextDiff::from_lines(&committed, fresh);
    let text = diff
        .unified_diff()
        .context_radius(2)
        .header(
            &format!("{name} (committed)"),
            &format!("{name} (fresh build)"),
        )
        .to_string();
    super::stdout_write(|w| Ok(w.write_all(text.as_bytes())?))?;
    eprintln!("{name} is out of date; run `weekly-report build -o {name}` and commit it");
    Ok(false)
}
