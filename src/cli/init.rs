//! `weekly-report init [DIR]`: scaffold a notes repository. Never overwrites a file.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{Parser, ValueEnum};

use weekly_report::source;

use super::Outcome;

/// The language of the note template `init` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Lang {
    /// English headings (`# Week N`, `## Key metrics`, `# Next week`).
    En,
    /// Chinese headings (`# 第N周`, `## 【系统运行数据】`, `# 下周工作及目标`).
    Zh,
}

/// The files `init` writes whatever the language, relative to the folder, with their contents.
const FILES: &[(&str, &str)] = &[
    (
        "weekly-report.yaml",
        include_str!("init/weekly-report.yaml"),
    ),
    (
        ".pre-commit-config.yaml",
        include_str!("init/pre-commit-config.yaml"),
    ),
    (
        ".github/workflows/weekly-report.yml",
        include_str!("init/weekly-report.yml"),
    ),
];

/// Where the note template goes; `draft` and `new weekly` shape a first note with it.
const NOTE_TEMPLATE: &str = "templates/weekly-note.md";

/// Where the daily note template goes; `new daily` shapes a first daily note with it.
const DAILY_TEMPLATE: &str = "templates/daily-note.md";

/// The configuration's JSON Schema, which `weekly-report.yaml`'s first line points editors to.
const SCHEMA: &str = "weekly-report.schema.json";

/// The first report, which the workflow's `build --check` compares with.
const REPORT: &str = "REPORT.md";

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The notes folder to set up.
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// Language of the note template [default: that of the notes already in DIR, else of the
    /// system locale (LC_ALL, LC_MESSAGES, LANG)].
    #[arg(long, value_enum)]
    lang: Option<Lang>,
}

/// `build DIR -o DIR/REPORT.md`, as the workflow runs it.
#[derive(Debug, Parser)]
struct BuildLine {
    #[command(flatten)]
    args: super::build::Args,
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let lang = args.lang.unwrap_or_else(|| default_lang(&args.dir));
    let templates = match lang {
        Lang::En => [
            (NOTE_TEMPLATE, include_str!("init/en/weekly-note.md")),
            (DAILY_TEMPLATE, include_str!("init/en/daily-note.md")),
        ],
        Lang::Zh => [
            (NOTE_TEMPLATE, include_str!("init/zh/weekly-note.md")),
            (DAILY_TEMPLATE, include_str!("init/zh/daily-note.md")),
        ],
    };
    for (name, text) in FILES.iter().chain(templates.iter()) {
        let path = args.dir.join(name);
        if path.exists() {
            eprintln!("kept {} (it already exists)", super::shown(&path));
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create `{}`", parent.display()))?;
        }
        weekly_report::sink::write_file(
            &path,
            text.as_bytes(),
            weekly_report::sink::Replace::Never,
        )?;
        eprintln!("wrote {}", super::shown(&path));
    }
    let schema = args.dir.join(SCHEMA);
    if schema.exists() {
        eprintln!("kept {} (it already exists)", super::shown(&schema));
    } else {
        let mut text = serde_json::to_string_pretty(&weekly_report::config::json_schema())
            .context("the configuration's schema as JSON")?;
        text.push('\n');
        weekly_report::sink::write_file(
            &schema,
            text.as_bytes(),
            weekly_report::sink::Replace::Never,
        )?;
        eprintln!("wrote {}", super::shown(&schema));
    }
    let report = args.dir.join(REPORT);
    if report.exists() {
        eprintln!("kept {} (it already exists)", super::shown(&report));
        return Ok(Outcome::Clean);
    }
    let line = BuildLine::try_parse_from([
        OsString::from("build"),
        args.dir.clone().into_os_string(),
        OsString::from("-o"),
        report.clone().into_os_string(),
        // Its own line below says what was written.
        OsString::from("--quiet"),
    ])
    .context("the first build's arguments")?;
    let outcome = super::build::run(line.args)?;
    eprintln!(
        "wrote {} (the first report: rebuild it with `weekly-report build {} -o {}` when notes change; the workflow checks it is current)",
        super::shown(&report),
        super::shown(&args.dir),
        super::shown(&report),
    );
    Ok(outcome)
}

/// The language of the notes already in `dir` (Chinese when any title or file name is), else
/// of the system locale.
fn default_lang(dir: &Path) -> Lang {
    let found = source::find_notes(dir, &[]);
    let mut any = false;
    for path in found.notes.iter().filter(|p| !source::is_not_a_note(p)) {
        let Ok(file) = source::read_note(path, source::DEFAULT_MAX_NOTE_BYTES) else {
            continue;
        };
        any = true;
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        let title = file.decoded.text.lines().find(|l| l.starts_with('#'));
        if [name.as_deref(), title]
            .into_iter()
            .flatten()
            .any(is_chinese)
        {
            return Lang::Zh;
        }
    }
    if any {
        return Lang::En;
    }
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(std::env::var_os)
        .map(|v| v.to_string_lossy().into_owned())
        .find(|v| !v.is_empty());
    match locale {
        Some(l) if l.to_ascii_lowercase().starts_with("zh") => Lang::Zh,
        _ => Lang::En,
    }
}

fn is_chinese(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}
