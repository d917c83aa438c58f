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
use super::scan::{is_ascii_word_byte, Scan};
use super::Ctx;

/// The forms of a written week, as the regular expression [`find_week`] is written by hand
/// for (and compared with by a test).
#[cfg(test)]
const WEEK_PATTERN: &str = r"(?xi)
      (?P<y1>[0-9]{4})\s*年\s*第\s*(?P<w1>[0-9]{1,3})\s*周
    | 第\s*(?P<w2>[0-9]{1,3})\s*周
    | (?P<y3>[0-9]{4})\s*-?\s*W(?P<w3>[0-9]{1,3})\b
    | \bweek\s*\#?\s*(?P<w4>[0-9]{1,3})\b
    | \bW(?P<w5>[0-9]{1,3})\b
    ";

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

/// The week written in `text` (ASCII-normalised), if any: the first of `2023年第28周`,
/// `第28周`, `2023-W28`, `week 28` (`week #28`) and `W28`, in any case, with a number of one to
/// three digits. Hand-written for `WEEK_PATTERN`: run on every heading, the regular
/// expression was a twentieth of a build's instructions.
pub fn find_week(text: &str) -> Option<WrittenWeek> {
    for (at, c) in text.char_indices() {
        let s = Scan { text, at };
        let found = match c {
            '0'..='9' => year_week_at(s),
            '第' => week_number_at(s.advance(c.len_utf8())).map(|n| (None, n)),
            'w' | 'W'
                if !text.as_bytes()[..at]
                    .last()
                    .is_some_and(|&b| is_ascii_word_byte(b)) =>
            {
                english_week_at(s).map(|n| (None, n))
            }
            _ => None,
        };
        if let Some((year, (number_range, end))) = found {
            let number = text[number_range.0..number_range.1].parse().ok()?;
            return Some(WrittenWeek {
                year,
                number,
                range: (at, end),
                number_range,
            });
        }
    }
    None
}

/// A number found by a week form: where its digits are, and where the form ends.
type WeekNumber = ((usize, usize), usize);

/// One to three digits, not followed by another letter or digit (`[0-9]{1,3}\b`). At most
/// four digits are read: a long run of digits is tried at each of its positions.
fn bounded_number_at(s: Scan<'_>) -> Option<WeekNumber> {
    let end = s.digit_run(1, 4)?;
    (end.at - s.at <= 3 && !end.at_ascii_word()).then_some(((s.at, end.at), end.at))
}

/// After `第`: `\s*[0-9]{1,3}\s*周`.
fn week_number_at(s: Scan<'_>) -> Option<WeekNumber> {
    let start = s.ascii_spaces();
    let end = start.digit_run(1, 4)?;
    if end.at - start.at > 3 {
        return None;
    }
    let (_, after) = end.ascii_spaces().one_of(&['周'])?;
    Some(((start.at, end.at), after.at))
}

/// From a digit: `2023年第28周` or `2023-W28`.
fn year_week_at(s: Scan<'_>) -> Option<(Option<i32>, WeekNumber)> {
    let (year, after_year) = s.digits(4, 4)?;
    let year = Some(year as i32);
    let after = after_year.ascii_spaces();
    let chinese = after
        .one_of(&['年'])
        .and_then(|(_, s)| s.ascii_spaces().one_of(&['第']))
        .and_then(|(_, s)| week_number_at(s));
    if let Some(n) = chinese {
        return Some((year, n));
    }
    let w = after
        .one_of(&['-'])
        .map_or(after, |(_, s)| s.ascii_spaces());
    let (_, number) = w.one_of(&['w', 'W'])?;
    bounded_number_at(number).map(|n| (year, n))
}

/// From a `w` that starts a word: `week 28`, `week #28` or `W28`.
fn english_week_at(s: Scan<'_>) -> Option<WeekNumber> {
    if s.starts_with_ignore_case("week") {
        let n = s.advance(4).ascii_spaces();
        let n = n.one_of(&['#']).map_or(n, |(_, s)| s.ascii_spaces());
        if let Some(found) = bounded_number_at(n) {
            return Some(found);
        }
    }
    bounded_number_at(s.advance(1))
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
            serde_json::Value::String(s) => Some(super::text::Norm::text_of(s)),
            serde_json::Value::Number(n) => Some(n.to_string()),
            _ => None,
        })
    };
    let fm_date = fm_str("date")
        .and_then(|s| parse_datetime(&s))
        .map(|d| d.date());
    let file_norm = super::text::Norm::text_of(file_name);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn find_week_finds_what_its_pattern_finds() {
        let pieces = [
            "第", "周", "年", "2023", "28", "7", "123", "1234", "0", " ", "\t", "-", "W", "w",
            "week", "WEEK", "Wee", "#", "a", "_", "。", "W28", "2023-W28", "第28周", "x", "k",
        ];
        let by_pattern = |oracle: &Regex, text: &str| {
            let c = oracle.captures(text)?;
            let n = ["w1", "w2", "w3", "w4", "w5"]
                .iter()
                .find_map(|n| c.name(n))?;
            let year = ["y1", "y3"].iter().find_map(|y| c.name(y));
            Some((
                year.map(|y| y.as_str().parse::<i32>().unwrap()),
                n.as_str().parse::<u32>().unwrap(),
                (c.get(0)?.start(), c.get(0)?.end()),
                (n.start(), n.end()),
            ))
        };
        let by_hand =
            |text: &str| find_week(text).map(|w| (w.year, w.number, w.range, w.number_range));
        super::super::scan::assert_same_as_pattern(
            WEEK_PATTERN,
            &pieces,
            50_000,
            10_000,
            by_pattern,
            by_hand,
        );
    }
}
