//! A day's first daily note, from the last daily note (else the team's daily template), and
//! the file names new notes get, following the team's own names.

use std::path::Path;

use chrono::{Datelike, NaiveDate};

use crate::config::writing::{Lang, Phrases};
use crate::config::Vocabulary;
use crate::model::{Note, SectionRole, WeekId};

use super::BLANK;

/// `date`'s weekday as `w` names it (`周一`).
fn weekday(w: &Phrases, date: NaiveDate) -> &str {
    w.weekdays
        .get(date.weekday().num_days_from_monday() as usize)
        .map_or("", String::as_str)
}

/// A new weekly note's file name: the latest weekly note's name with this week's date and
/// number (`第29周 2023-07-15.md`), else `2023-W29 2023-07-15.md` when its name says neither;
/// a team's first note is named by its title.
pub fn weekly_name(last: Option<&Note>, week: WeekId, date: NaiveDate, title: &str) -> String {
    let Some(last) = last else {
        return format!("{}.md", title.replace(['/', '\\'], "-").trim());
    };
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

/// A new daily note's file name, as the last daily note was named: `2023-07-10 周一.md` (the
/// weekday as the team's language writes it), `2024-03-05 Tue.md` or `2024-03-05.md` (a
/// Notion export's id suffix is not kept). The first one is named in Chinese.
pub fn daily_name(last: Option<&Note>, date: NaiveDate, vocabulary: &Vocabulary) -> String {
    let zh = vocabulary.phrases(Lang::Zh);
    let with_weekday = || format!("{} {}.md", date.format("%Y-%m-%d"), weekday(zh, date));
    let Some(last) = last else {
        return with_weekday();
    };
    let day = last.date.map(|d| d.format("%a").to_string());
    if zh.weekdays.iter().any(|w| last.path.contains(w.as_str())) {
        with_weekday()
    } else if day.is_some_and(|d| last.path.contains(&format!(" {d}"))) {
        english_daily_name(date)
    } else {
        format!("{}.md", date.format("%Y-%m-%d"))
    }
}

/// `2024-03-05 Tue.md`: a daily note's name when the team's daily template is English.
pub fn english_daily_name(date: NaiveDate) -> String {
    format!("{}.md", date.format("%Y-%m-%d %a"))
}

/// The last daily note's title with `date`'s date and weekday, written the same way.
fn retitle(old: &str, old_date: NaiveDate, date: NaiveDate, vocabulary: &Vocabulary) -> String {
    let mut title = old.to_string();
    for format in vocabulary.title_date_formats() {
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
    let zh = vocabulary.phrases(Lang::Zh);
    title.replace(weekday(zh, old_date), weekday(zh, date))
}

/// Today's daily note: the last daily note's headings (else the daily note template's, else
/// the vocabulary's), yesterday's plans as today's list, blanks elsewhere.
pub fn daily_note(
    last: Option<&Note>,
    template: Option<&Note>,
    date: NaiveDate,
    vocabulary: &Vocabulary,
) -> String {
    let shape = last.or(template);
    let lang = shape
        .and_then(|n| n.title.as_deref())
        .map_or(Lang::Zh, Lang::of);
    let w = vocabulary.phrases(lang);
    let title = match last.and_then(|n| Some((n.title.as_deref()?, n.date?))) {
        Some((old, old_date)) => retitle(old, old_date, date, vocabulary),
        None => date
            .format(&w.daily_title.replace("{weekday}", weekday(w, date)))
            .to_string(),
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
            (w.daily_progress_heading.clone(), SectionRole::Progress),
            (w.daily_risks_heading.clone(), SectionRole::Risks),
            (w.daily_tomorrow_heading.clone(), SectionRole::Tomorrow),
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
