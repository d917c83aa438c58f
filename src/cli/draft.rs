//! `weekly-report draft` and `weekly-report new daily|weekly`: write this week's note from the
//! daily notes and last week's note, and today's daily note from yesterday's.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use chrono::{Datelike, Days, NaiveDate};

use weekly_report::analyze::draft::{self, DraftInput, BLANK};
use weekly_report::analyze::week_of;
use weekly_report::calendar::parse_week_or_date;
use weekly_report::config::Config;
use weekly_report::model::{Note, NoteKind, SectionRole};

use super::Outcome;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The team's notes folder: its weekly notes, and daily notes in it or below.
    #[arg(default_value = ".")]
    dir: PathBuf,
    #[command(flatten)]
    when: When,
    #[command(flatten)]
    out: Out,
    /// Template to render the draft with [default: templates/draft.md in DIR, else built-in].
    #[arg(long, value_name = "FILE")]
    template: Option<PathBuf>,
    /// Configuration file [default: the nearest weekly-report.yaml, else built-in].
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// The date taken as today [default: today in the configuration's `timezone`, else the
    /// machine's].
    #[arg(long, value_name = "DATE")]
    today: Option<NaiveDate>,
}

#[derive(Debug, clap::Args)]
#[group(multiple = false)]
struct When {
    /// The week to draft (`2023-W29`) [default: the week after the latest weekly note].
    #[arg(long, value_name = "WEEK")]
    week: Option<String>,
    /// The draft's date (`2023-07-15`).
    #[arg(long, value_name = "DATE")]
    date: Option<NaiveDate>,
}

#[derive(Debug, clap::Args)]
struct Out {
    /// Write the note to FILE instead of standard output; refuses an existing file.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Replace FILE if it exists.
    #[arg(long, requires = "output")]
    force: bool,
}

/// `new daily` / `new weekly`.
#[derive(Debug, clap::Subcommand)]
pub enum New {
    /// Write today's daily note, with yesterday's 明日计划 as today's list.
    Daily(NewArgs),
    /// Write this week's note: `draft` for the current week, named like the team's notes.
    Weekly(NewArgs),
}

/// What `new daily` and `new weekly` take.
#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// The notes folder.
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// The day (for `weekly`, any day of the week) [default: today].
    #[arg(long, value_name = "DATE")]
    date: Option<NaiveDate>,
    /// Print the note instead of writing it.
    #[arg(long, conflicts_with = "force")]
    stdout: bool,
    /// Replace the file `new` would write if it exists (never another note of the same week).
    #[arg(long)]
    force: bool,
    /// The date taken as today [default: today in the configuration's `timezone`, else the
    /// machine's].
    #[arg(long, value_name = "DATE")]
    today: Option<NaiveDate>,
}

/// The notes of a team folder, parsed.
struct Team {
    config: Config,
    weekly: Vec<Note>,
    daily: Vec<Note>,
}

fn load(dir: &Path, config: Option<&Path>) -> anyhow::Result<(Team, Outcome)> {
    if !dir.is_dir() {
        bail!("`{}` is not a folder of notes", dir.display());
    }
    let (config, _) = weekly_report::workspace::load_config(config, dir)?;
    let (notes, outcome) = super::read_folder(dir, &[], &config, |note| note);
    let root = folder_name(dir);
    let folder_of = |p: &str| {
        Path::new(p)
            .parent()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    // The team's weekly notes are the folder's own; a subfolder with weekly notes is another
    // team, whose dailies are not this team's either.
    let other_teams: Vec<String> = notes
        .iter()
        .filter(|n| n.kind == NoteKind::Weekly && n.date.is_some())
        .map(|n| folder_of(&n.path))
        .filter(|f| *f != root)
        .collect();
    let in_other_team = |p: &str| other_teams.iter().any(|t| p.starts_with(&format!("{t}/")));
    let (mut weekly, mut daily): (Vec<Note>, Vec<Note>) = notes
        .into_iter()
        .filter(|n| n.date.is_some() && !in_other_team(&n.path))
        .partition(|n| n.kind == NoteKind::Weekly);
    weekly.retain(|n| folder_of(&n.path) == root);
    weekly.sort_by_key(|n| n.date);
    daily.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.path.cmp(&b.path)));
    Ok((
        Team {
            config,
            weekly,
            daily,
        },
        outcome,
    ))
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let (team, outcome) = load(&args.dir, args.config.as_deref())?;
    let date = match (&args.when.week, args.when.date) {
        (_, Some(d)) => d,
        (Some(w), None) => {
            let (monday, sunday) = parse_week_or_date(w, team.config.week_numbering)
                .with_context(|| format!("`{w}` is not a week like 2023-W29"))?;
            same_weekday_in(monday, sunday, &team)
        }
        (None, None) => match team.weekly.last().and_then(|n| n.date) {
            Some(d) => d + Days::new(7),
            None => today(&team.config, args.today),
        },
    };
    let text = render(&team, date, &args.dir, args.template.as_deref())?.text;
    match args.out.output.as_deref().filter(|p| *p != Path::new("-")) {
        None => super::stdout_write(|w| Ok(w.write_all(text.as_bytes())?))?,
        Some(path) => write_new(path, &text, args.out.force)?,
    }
    Ok(outcome)
}

/// A folder as the notes' paths spell it: `/` separators, no trailing `/`.
fn folder_name(dir: &Path) -> String {
    let name = dir.to_string_lossy().replace('\\', "/");
    match name.trim_end_matches('/') {
        "" => name,
        trimmed => trimmed.to_string(),
    }
}

/// The day of the week `monday..=sunday` on which the team dates its weekly notes.
fn same_weekday_in(monday: NaiveDate, sunday: NaiveDate, team: &Team) -> NaiveDate {
    let weekday = team.weekly.last().and_then(|n| n.date).map(|d| d.weekday());
    match weekday {
        Some(w) => monday + Days::new(u64::from(w.num_days_from_monday())),
        None => sunday - Days::new(2),
    }
}

fn render(
    team: &Team,
    date: NaiveDate,
    dir: &Path,
    template: Option<&Path>,
) -> anyhow::Result<Rendered> {
    let start = date - Days::new(6);
    let input = DraftInput {
        last_week: team
            .weekly
            .iter()
            .rev()
            .find(|n| n.date.is_some_and(|d| d < date)),
        dailies: team
            .daily
            .iter()
            .filter(|n| n.date.is_some_and(|d| d >= start && d <= date))
            .collect(),
        date,
        week: week_of(date, team.config.week_numbering),
        folder: folder_name(dir),
        template: None,
    };
    let note_template = read_template(dir, &team.config)?;
    let input = DraftInput {
        template: note_template
            .as_ref()
            .map(|(note, text)| draft::Template { note, text }),
        ..input
    };
    let drafted = draft::draft(&input);
    let templates = super::build::load_templates(dir, template, "draft.md")?;
    Ok(Rendered {
        text: templates.render("draft.md", &drafted)?,
        title: drafted.title,
    })
}

/// A rendered draft and its title.
struct Rendered {
    text: String,
    title: String,
}

/// Where `init` writes the team's note template, which shapes a first draft.
const NOTE_TEMPLATE: &str = "templates/weekly-note.md";

/// Where `init` writes the daily note template, which shapes a first daily note.
const DAILY_TEMPLATE: &str = "templates/daily-note.md";

/// The note template of `dir` (parsed, and its text), when there is one.
fn read_template(dir: &Path, config: &Config) -> anyhow::Result<Option<(Note, String)>> {
    read_template_at(dir, NOTE_TEMPLATE, config)
}

/// The template `name` of `dir` (parsed, and its text), when there is one.
fn read_template_at(
    dir: &Path,
    name: &str,
    config: &Config,
) -> anyhow::Result<Option<(Note, String)>> {
    let path = dir.join(name);
    if !path.is_file() {
        return Ok(None);
    }
    let file = weekly_report::source::read_note(&path, config.max_note_bytes)
        .with_context(|| format!("reading the note template `{}`", super::shown(&path)))?;
    let note = weekly_report::parse_note(name, &file.decoded.text, config);
    Ok(Some((note, file.decoded.text)))
}

/// Writes a new note; an existing file (even one made while the note was written) is kept
/// unless `force`.
fn write_new(path: &Path, text: &str, force: bool) -> anyhow::Result<()> {
    let replace = if force {
        weekly_report::sink::Replace::File
    } else {
        weekly_report::sink::Replace::Never
    };
    weekly_report::sink::write_file(path, text.as_bytes(), replace)?;
    eprintln!("wrote {}", super::shown(path));
    Ok(())
}

pub fn run_new(command: New) -> anyhow::Result<Outcome> {
    match command {
        New::Weekly(NewArgs {
            dir,
            date,
            stdout,
            force,
            today: given,
        }) => {
            let (team, outcome) = load(&dir, None)?;
            let today = date.unwrap_or_else(|| today(&team.config, given));
            let week = week_of(today, team.config.week_numbering);
            let (monday, sunday) =
                weekly_report::calendar::week_bounds(week, team.config.week_numbering)
                    .context("today's week has no bounds")?;
            let date = same_weekday_in(monday, sunday, &team);
            let drafted = render(&team, date, &dir, None)?;
            let name = dir.join(weekly_name(&team, date, &drafted.title));
            if let Some(existing) = team.weekly.iter().filter(|_| !stdout).find(|n| {
                n.date.map(|d| week_of(d, team.config.week_numbering)) == Some(week)
                    && Path::new(&n.path) != name
            }) {
                bail!(
                    "`{}` is already week {}'s note; edit it, or give another week with --date",
                    weekly_report::render::printable(&existing.path),
                    week
                );
            }
            let text = drafted.text;
            if stdout {
                super::stdout_write(|w| Ok(w.write_all(text.as_bytes())?))?;
            } else {
                write_new(&name, &text, force)?;
            }
            Ok(outcome)
        }
        New::Daily(NewArgs {
            dir,
            date,
            stdout,
            force,
            today: given,
        }) => {
            let (team, outcome) = load(&dir, None)?;
            let today = date.unwrap_or_else(|| today(&team.config, given));
            let last = team
                .daily
                .iter()
                .rev()
                .find(|n| n.date.is_some_and(|d| d < today));
            let template = match last {
                Some(_) => None,
                None => read_template_at(&dir, DAILY_TEMPLATE, &team.config)?,
            };
            let text = daily_note(last, template.as_ref().map(|(n, _)| n), today);
            if stdout {
                super::stdout_write(|w| Ok(w.write_all(text.as_bytes())?))?;
            } else {
                let folder = last
                    .and_then(|n| Path::new(&n.path).parent().map(Path::to_path_buf))
                    .unwrap_or_else(|| dir.clone());
                let english_template = template.as_ref().is_some_and(|(t, _)| {
                    !t.title
                        .as_deref()
                        .is_some_and(|t| t.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)))
                });
                let name = if english_template {
                    format!("{}.md", today.format("%Y-%m-%d %a"))
                } else {
                    daily_name(last, today)
                };
                write_new(&folder.join(name), &text, force)?;
            }
            Ok(outcome)
        }
    }
}

/// `第29周 2023-07-15.md`, from the latest weekly note's file name; a team's first note is
/// named by its title.
fn weekly_name(team: &Team, date: NaiveDate, title: &str) -> String {
    let week = week_of(date, team.config.week_numbering);
    match team.weekly.last() {
        Some(last) => {
            let stem = Path::new(&last.path)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let mut name = stem.clone();
            if let Some(d) = last.date {
                name = name.replace(
                    &d.format("%Y-%m-%d").to_string(),
                    &date.format("%Y-%m-%d").to_string(),
                );
            }
            if let Some(w) = last.week {
                name = name.replacen(&w.number.to_string(), &week.number.to_string(), 1);
            }
            if name == stem {
                format!("{} {}.md", week, date)
            } else {
                format!("{name}.md")
            }
        }
        None => format!("{}.md", title.replace(['/', '\\'], "-").trim()),
    }
}

const WEEKDAYS_ZH: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];

fn weekday_zh(date: NaiveDate) -> &'static str {
    WEEKDAYS_ZH[date.weekday().num_days_from_monday() as usize]
}

/// `2023-07-10 周一.md`, `2024-03-05 Tue.md` or `2024-03-05.md`, as the last daily note was
/// named (a Notion export's id suffix is not kept).
fn daily_name(last: Option<&Note>, date: NaiveDate) -> String {
    let Some(last) = last else {
        return format!("{} {}.md", date.format("%Y-%m-%d"), weekday_zh(date));
    };
    let day = last.date.map(|d| d.format("%a").to_string());
    if WEEKDAYS_ZH.iter().any(|w| last.path.contains(w)) {
        format!("{} {}.md", date.format("%Y-%m-%d"), weekday_zh(date))
    } else if day.is_some_and(|d| last.path.contains(&format!(" {d}"))) {
        format!("{}.md", date.format("%Y-%m-%d %a"))
    } else {
        format!("{}.md", date.format("%Y-%m-%d"))
    }
}

/// The last daily note's title with `date`'s date and weekday, written the same way.
fn retitle_daily(old: &str, old_date: NaiveDate, date: NaiveDate) -> String {
    let mut title = old.to_string();
    for format in ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%-m月%-d日"] {
        let written = old_date.format(format).to_string();
        if title.contains(&written) {
            title = title.replace(&written, &date.format(format).to_string());
            break;
        }
    }
    for format in ["%A", "%a"] {
        let written = old_date.format(format).to_string();
        if title.contains(&written) {
            return title.replace(&written, &date.format(format).to_string());
        }
    }
    title.replace(weekday_zh(old_date), weekday_zh(date))
}

/// Today's daily note: the last daily note's headings (else the daily note template's),
/// yesterday's plans as today's list.
fn daily_note(last: Option<&Note>, template: Option<&Note>, date: NaiveDate) -> String {
    let shape = last.or(template);
    let zh = shape
        .and_then(|n| n.title.as_deref())
        .is_none_or(|t| t.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)));
    let title = match last.and_then(|n| Some((n.title.as_deref()?, n.date?))) {
        Some((old, old_date)) => retitle_daily(old, old_date, date),
        None if zh => format!("{} {}", date.format("%Y/%m/%d"), weekday_zh(date)),
        None => format!("{} {}", date.format("%Y-%m-%d"), date.format("%a")),
    };
    let mut out = format!("# {title}\n");
    let sections: Vec<(String, SectionRole)> = match shape {
        Some(n) => n
            .sections
            .iter()
            .filter(|s| s.role != SectionRole::Title)
            .map(|s| {
                (
                    format!("{} {}", "#".repeat(usize::from(s.level)), s.heading),
                    s.role,
                )
            })
            .collect(),
        None => vec![
            ("## 今日进展".into(), SectionRole::Progress),
            ("## 问题与风险".into(), SectionRole::Risks),
            ("## 明日计划".into(), SectionRole::Tomorrow),
        ],
    };
    for (heading, role) in sections {
        out.push_str(&format!("\n{heading}\n\n"));
        match role {
            SectionRole::Progress => {
                let plans: Vec<&str> = last
                    .map(|n| n.tomorrow.iter().map(|i| i.text.as_str()).collect())
                    .unwrap_or_default();
                if plans.is_empty() {
                    out.push_str(&format!("- {BLANK}\n"));
                }
                for p in plans {
                    out.push_str(&format!("- {p}\n"));
                }
            }
            _ => out.push_str(&format!("- {BLANK}\n")),
        }
    }
    out
}

/// Today: `given` (`--today`), else in the configured time zone, else in the machine's.
fn today(config: &Config, given: Option<NaiveDate>) -> NaiveDate {
    given.unwrap_or_else(|| {
        let now = chrono::Utc::now().timestamp();
        config.today_at(now, chrono::Local::now().date_naive())
    })
}
