//! What a note says about itself: title, week, date, the Notion `Created:` property and YAML
//! front matter.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use regex_lite::Regex;

use crate::model::{Severity, Span, WeekId};
use crate::parse::{FrontMatter, Inline};

use super::dates::{find_dates, parse_datetime};
use super::lines::TextLine;
use super::Ctx;

static WEEK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)
          (?P<y1>[0-9]{4})\s*年\s*第\s*(?P<w1>[0-9]{1,3})\s*周
        | 第\s*(?P<w2>[0-9]{1,3})\s*周
        | (?P<y3>[0-9]{4})\s*-?\s*W(?P<w3>[0-9]{1,3})\b
        | \bweek\s*\#?\s*(?P<w4>[0-9]{1,3})\b
        | \bW(?P<w5>[0-9]{1,3})\b
        ",
    )
    .expect("week pattern is valid")
});

static PROPERTY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?P<key>created time|created at|created|创建时间|创建于|date|日期)\s*:\s*(?P<value>.+?)\s*$")
        .expect("property pattern is valid")
});

/// A week number as written, before its year is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WrittenWeek {
    /// The year, when written with the week (`2023-W28`, `2023年第28周`).
    pub year: Option<i32>,
    /// The number.
    pub number: u32,
    /// Where it stands in the searched text.
    pub range: (usize, usize),
    /// Where its number stands in the searched text.
    pub number_range: (usize, usize),
}

/// The week written in `text` (ASCII-normalised), if any.
pub fn find_week(text: &str) -> Option<WrittenWeek> {
    // Each form has a digit and `周` or `W`: most headings and lines have neither, and the
    // pattern is slow to run (a tenth of a build's instructions before this test).
    let has = |b: u8| text.bytes().any(|c| c == b);
    let has_digit = text.bytes().any(|c| c.is_ascii_digit());
    if !has_digit || !(text.contains('周') || has(b'w') || has(b'W')) {
        return None;
    }
    let c = WEEK.captures(text)?;
    let m = c.get(0)?;
    let num = |n: &str| c.name(n).and_then(|v| v.as_str().parse::<u32>().ok());
    let number = num("w1")
        .or(num("w2"))
        .or(num("w3"))
        .or(num("w4"))
        .or(num("w5"))?;
    let digits = ["w1", "w2", "w3", "w4", "w5"]
        .iter()
        .find_map(|n| c.name(n))?;
    let year = num("y1").or(num("y3")).map(|y| y as i32);
    Some(WrittenWeek {
        year,
        number,
        range: (m.start(), m.end()),
        number_range: (digits.start(), digits.end()),
    })
}

/// Parses YAML front matter into a map, reporting what cannot be read.
pub(super) fn front_matter(
    ctx: &mut Ctx<'_>,
    fm: &FrontMatter,
) -> Option<BTreeMap<String, serde_json::Value>> {
    let span = fm.span;
    match crate::config::parse_yaml::<serde_json::Value>(&fm.text) {
        Ok(serde_json::Value::Object(map)) => Some(map.into_iter().collect()),
        Ok(serde_json::Value::Null) => Some(BTreeMap::new()),
        Ok(_) => {
            ctx.report(
                "invalid-front-matter",
                Severity::Warning,
                span,
                "front matter is not a mapping of keys to values; it is ignored".into(),
            );
            None
        }
        Err(message) => {
            let first = message.lines().next().unwrap_or("invalid YAML").to_string();
            ctx.report(
                "invalid-front-matter",
                Severity::Warning,
                span,
                format!("front matter is not valid YAML and is ignored: {first}"),
            );
            None
        }
    }
}

/// Facts found in the title and properties.
#[derive(Debug, Default)]
pub(super) struct HeaderFacts {
    pub week: Option<WrittenWeek>,
    pub week_span: Option<Span>,
    pub date: Option<NaiveDate>,
    pub created: Option<NaiveDateTime>,
    pub property_date: Option<NaiveDate>,
    /// A title date without a year, waiting for one.
    pub partial_date: Option<super::dates::DateToken>,
    pub partial_span: Option<Span>,
}

/// Reads the title's week and date.
pub(super) fn read_title(ctx: &mut Ctx<'_>, title: &Inline, facts: &mut HeaderFacts) {
    for line in TextLine::split(title) {
        let text = line.norm.text.as_str();
        if facts.week.is_none() {
            if let Some(w) = find_week(text) {
                facts.week_span = Some(line.span(w.range.0..w.range.1));
                facts.week = Some(w);
            }
        }
        if facts.date.is_none() && facts.partial_date.is_none() {
            if let Some(d) = find_dates(text).into_iter().next() {
                let span = line.span(d.start..d.end);
                if d.year.is_some() {
                    facts.date = ctx.resolve_date(&d, span);
                } else {
                    facts.partial_date = Some(d);
                    facts.partial_span = Some(span);
                }
            }
        }
    }
}

/// Reads `Created:` / `Date:` property lines of a paragraph.
pub(super) fn read_properties(ctx: &mut Ctx<'_>, para: &Inline, facts: &mut HeaderFacts) -> bool {
    let mut any = false;
    for line in TextLine::split(para) {
        let Some(c) = PROPERTY.captures(&line.norm.text) else {
            continue;
        };
        let (key, value) = (c["key"].to_lowercase(), &c["value"]);
        let parsed = parse_datetime(value);
        if parsed.is_none() {
            let r = c.name("value").map_or(0..0, |m| m.range());
            ctx.report(
                "invalid-date",
                Severity::Warning,
                line.span(r),
                format!("`{value}` is not a date and time this tool reads"),
            );
            continue;
        }
        any = true;
        if key == "date" || key == "日期" {
            facts.property_date = facts.property_date.or(parsed.map(|d| d.date()));
        } else {
            facts.created = facts.created.or(parsed);
        }
    }
    any
}

/// The note's date and week once every source has been read: title, then front matter, then
/// properties, then the file name; a title date without a year takes the year of the others.
pub(super) fn settle(
    ctx: &mut Ctx<'_>,
    facts: &HeaderFacts,
    front_matter: Option<&BTreeMap<String, serde_json::Value>>,
    file_name: &str,
) -> (Option<NaiveDate>, Option<WeekId>) {
    let fm_str = |key: &str| {
        front_matter.and_then(|m| m.get(key)).and_then(|v| match v {
            serde_json::Value::String(s) => Some(super::text::Norm::new(s).text),
            serde_json::Value::Number(n) => Some(n.to_string()),
            _ => None,
        })
    };
    let fm_date = fm_str("date")
        .and_then(|s| parse_datetime(&s))
        .map(|d| d.date());
    let file_norm = super::text::Norm::new(file_name).text;
    let file_date = find_dates(&file_norm)
        .into_iter()
        .find(|d| d.year.is_some())
        .and_then(|d| d.resolve(None).ok());
    let fallback = fm_date
        .or(facts.property_date)
        .or(file_date)
        .or(facts.created.map(|c| c.date()));
    let date = facts.date.or_else(|| {
        let partial = facts.partial_date?;
        let span = facts.partial_span.unwrap_or_default();
        ctx.resolve_date(&partial, span)
    });
    let date = date.or(fm_date).or(facts.property_date).or(file_date);
    let anchor_year = date.or(fallback).map(|d| d.year());

    let written = facts.week.or_else(|| {
        let s = fm_str("week")?;
        find_week(&s).or_else(|| {
            s.trim().parse().ok().map(|number| WrittenWeek {
                year: None,
                number,
                range: (0, 0),
                number_range: (0, 0),
            })
        })
    });
    let week = written.and_then(|w| {
        let span = facts.week_span.unwrap_or_default();
        if !(1..=53).contains(&w.number) {
            ctx.report(
                "value-out-of-range",
                Severity::Warning,
                span,
                format!("week {} is outside 1–53", w.number),
            );
            return None;
        }
        match w.year.or(anchor_year) {
            Some(year) => Some(WeekId {
                year,
                number: w.number,
            }),
            None => {
                ctx.report(
                    "missing-date",
                    Severity::Warning,
                    span,
                    format!(
                        "week {} has no year: write the note's date in its title",
                        w.number
                    ),
                );
                None
            }
        }
    });
    (date, week)
}
