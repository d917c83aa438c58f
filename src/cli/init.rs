//! `weekly-report init [DIR]`: scaffold a notes repository. Never overwrites a file.

use std::ffi::OsString;
use std::path::PathBuf;

use anyhow::Context;
use clap::{Parser, ValueEnum};

use weekly_report::config::writing;
use weekly_report::workspace::init::{self, Scaffolded};

use super::Outcome;

/// The language of the note template `init` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Lang {
    /// English headings (`# Week N`, `## Key metrics`, `# Next week`).
    En,
    /// Chinese headings (`# 第N周`, `## 【系统运行数据】`, `# 下周工作及目标`).
    Zh,
}

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
    let lang = match args.lang {
        Some(Lang::En) => writing::Lang::En,
        Some(Lang::Zh) => writing::Lang::Zh,
        None => init::default_lang(&args.dir),
    };
    init::scaffold(&args.dir, lang, |done| match done {
        Scaffolded::Wrote(path) => eprintln!("wrote {}", super::shown(&path)),
        Scaffolded::Kept(path) => eprintln!("kept {} (it already exists)", super::shown(&path)),
    })?;
    let report = args.dir.join(init::REPORT);
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
