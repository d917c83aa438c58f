//! What a note says about itself: title, week, date, the Notion `Created:` property and YAML
//! front matter.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, NaiveDateTime};

use crate::config::{Field, Meaning};
use crate::model::{DiagnosticCode, NoteKind, Objective, Severity, Span, WeekId};
use crate::parse::{Block, Document, FrontMatter, Inline};

use super::dates::{parse_datetime, DateToken};
use super::lexer::{self, Day, Kind};
use super::lines::TextLine;
use super::scan::{is_ascii_word_byte, Scan};
use super::sections::Role;
use super::Ctx;

/// The forms of a written week, as the regular expression [`find_week`] is written by hand
/// for (and compared with by a test).
#[cfg(test)]
const WEEK_PATTERN: &str = r"(?xi)
      (?P<y1>[0-9]{4})\s*年?\s*第\s*(?P<w1>[0-9]{1,3})\s*周
    | 第\s*(?P<w2>[0-9]{1,3})\s*周
    | (?P<y3>[0-9]{4})\s*-?\s*W(?P<w3>[0-9]{1,3})\b
    | \bweek\s*\#?\s*(?P<w4>[0-9]{1,3})\b
    | \bW(?P<w5>[0-9]{1,3})\b
    ";

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
    let week_before = &crate::config::script::script().week_before;
    for (at, c) in text.char_indices() {
        let s = Scan { text, at };
        let found = match c {
            '0'..='9' => year_week_at(s),
            c if week_before.contains(&c) => {
                week_number_at(s.advance(c.len_utf8())).map(|n| (None, n))
            }
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
    let (_, after) = end
        .ascii_spaces()
        .one_of(&crate::config::script::script().week_after)?;
    Some(((start.at, end.at), after.at))
}

/// From a digit: `2023年第28周` or `2023-W28`.
fn year_week_at(s: Scan<'_>) -> Option<(Option<i32>, WeekNumber)> {
    let (year, after_year) = s.digits(4, 4)?;
    let year = Some(year as i32);
    let after = after_year.ascii_spaces();
    // `2024年第28周`, and `2024 第26周` without the `年`.
    let script = crate::config::script::script();
    let after_mark = after
        .one_of(&script.year_marks)
        .map_or(after, |(_, s)| s.ascii_spaces());
    let chinese = after_mark
        .one_of(&script.week_before)
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
                DiagnosticCode::InvalidFrontMatter,
                Severity::Warning,
                span,
                "front matter is not a mapping of keys to values; it is ignored".into(),
            );
            None
        }
        Err(message) => {
            let first = message
                .to_string()
                .lines()
                .next()
                .unwrap_or("invalid YAML")
                .to_string();
            ctx.report(
                DiagnosticCode::InvalidFrontMatter,
                Severity::Warning,
                span,
                format!("front matter is not valid YAML and is ignored: {first}"),
            );
            None
        }
    }
}

/// What a note says about itself.
#[derive(Debug, Default)]
pub(super) struct Head {
    pub title: Option<String>,
    pub week: Option<WeekId>,
    pub date: Option<NaiveDate>,
    pub created: Option<NaiveDateTime>,
    pub properties: BTreeMap<String, String>,
}

/// A date read from one place, with how sure it is.
#[derive(Debug, Clone, Copy)]
struct Found {
    token: DateToken,
    span: Span,
}

/// Facts found in the title and property lines.
#[derive(Debug, Default)]
struct Facts {
    week: Option<WrittenWeek>,
    week_span: Option<Span>,
    /// The title's date (the last day of a range).
    title_date: Option<Found>,
    created: Option<NaiveDateTime>,
    /// A `日期：` / `Date:` line.
    date_line: Option<Found>,
    /// A `周期：` / `Reporting period:` line (the last day of its range).
    period: Option<Found>,
    /// The first date written with its year in the lines under the title (`更新于
    /// 2024-06-21 18:30`): only the year of dates written without one.
    year_hint: Option<NaiveDate>,
    properties: BTreeMap<String, String>,
}

/// Reads the title, the property lines and the front matter, and settles the note's date
/// and week: an explicit date line (`日期：`, `Date:`) or front matter wins, then the
/// title's date (the last day of a range), then a reporting period, the file name and the
/// `Created:` property. A date without a year takes the year of the others.
pub(super) fn read(
    ctx: &mut Ctx<'_>,
    doc: &Document,
    roles: &[(Role, Option<Objective>)],
    front_matter: Option<&BTreeMap<String, serde_json::Value>>,
    file_name: &str,
) -> Head {
    let mut facts = Facts::default();
    let title_heading = doc
        .sections
        .iter()
        .find(|s| s.level == 1 && !s.pseudo)
        .and_then(|s| s.heading.as_ref());
    // A note without a level-1 heading may open with a title line (`周报 - 李工 - 2024.6.14`).
    let title_line = title_heading
        .is_none()
        .then(|| first_line_title(ctx, doc))
        .flatten();
    let title_inline = title_heading.or(title_line);
    if let Some(h) = title_inline {
        read_title(ctx, h, &mut facts);
    }
    for (section, (role, _)) in doc.sections.iter().zip(roles) {
        if *role != Role::Title {
            continue;
        }
        if let Some(h) = &section.heading {
            read_title(ctx, h, &mut facts);
        }
        for block in &section.blocks {
            match block {
                Block::Paragraph(p) => {
                    read_properties(ctx, p, &mut facts);
                    read_year_hint(ctx, p, &mut facts);
                }
                // `> 2024 Q2 ｜ 更新于 2024-06-21 18:30`: a quote under the title.
                Block::Callout(blocks) => {
                    for b in blocks {
                        if let Block::Paragraph(p) = b {
                            read_year_hint(ctx, p, &mut facts);
                        }
                    }
                }
                _ => {}
            }
        }
    }
    let title = title_inline
        .map(|h| h.text.lines().next().unwrap_or("").trim().to_string())
        .or_else(|| front_matter?.get("title")?.as_str().map(str::to_string));

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
    let file_date = file_name_date(ctx, file_name);
    // The year a date written without one takes: from any date that has one.
    let with_year = |f: &Option<Found>| {
        f.filter(|f| f.token.year.is_some())
            .and_then(|f| f.token.resolve(None).ok())
    };
    let year_anchor = fm_date
        .or_else(|| with_year(&facts.date_line))
        .or_else(|| with_year(&facts.title_date))
        .or_else(|| with_year(&facts.period))
        .or(file_date)
        .or(facts.created.map(|c| c.date()))
        .or_else(|| facts.week.and_then(week_middle))
        .or(facts.year_hint);
    let resolve = |ctx: &mut Ctx<'_>, f: Option<Found>| -> Option<NaiveDate> {
        let f = f?;
        match f.token.resolve(year_anchor) {
            Ok(d) => Some(d),
            Err(invalid) => {
                ctx.report(
                    DiagnosticCode::InvalidDate,
                    Severity::Warning,
                    f.span,
                    format!("`{}` is not a date: {}", invalid.written, invalid.reason),
                );
                None
            }
        }
    };
    let date_line = resolve(ctx, facts.date_line);
    let title_date = resolve(ctx, facts.title_date);
    let period = resolve(ctx, facts.period);
    let date = date_line
        .or(fm_date)
        .or(title_date)
        .or(period)
        .or(file_date);
    let anchor_year = date.or(year_anchor).map(|d| d.year());

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
                DiagnosticCode::ValueOutOfRange,
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
                    DiagnosticCode::MissingDate,
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
    Head {
        title,
        week,
        date,
        created: facts.created,
        properties: facts.properties,
    }
}

/// A day in the middle of a week written with its year (`2024 第26周` → late June 2024): enough
/// to settle the year of the dates written beside it without one.
fn week_middle(w: WrittenWeek) -> Option<NaiveDate> {
    let year = w.year?;
    let jan1 = NaiveDate::from_ymd_opt(year, 1, 1)?;
    jan1.checked_add_days(chrono::Days::new(u64::from(w.number.clamp(1, 53)) * 7 - 4))
}

/// The first date written with its year in a paragraph under the title.
fn read_year_hint(ctx: &Ctx<'_>, para: &Inline, facts: &mut Facts) {
    if facts.year_hint.is_some() {
        return;
    }
    for line in TextLine::split(para) {
        let lexed = lexer::lex(ctx.lexicon, &line.norm.text);
        facts.year_hint = lexed.tokens.iter().find_map(|t| match &t.kind {
            Kind::Date(d) | Kind::DateRange(_, d) | Kind::Time(Some(Day::Date(d)), _)
                if d.year.is_some() =>
            {
                d.resolve(None).ok()
            }
            _ => None,
        });
        if facts.year_hint.is_some() {
            return;
        }
    }
}

/// The date in a file name (`日报-20240611.md`, `2024-06-12 standup.md`), when it has a year.
fn file_name_date(ctx: &Ctx<'_>, file_name: &str) -> Option<NaiveDate> {
    let norm = super::text::Norm::text_of(file_name);
    lexer::lex(ctx.lexicon, &norm)
        .tokens
        .iter()
        .find_map(|t| match &t.kind {
            Kind::Date(d) if d.year.is_some() => d.resolve(None).ok(),
            Kind::DateRange(_, d) if d.year.is_some() => d.resolve(None).ok(),
            _ => None,
        })
}

/// The first paragraph of a note without a level-1 heading, when it is one line that names
/// a note kind or holds a date or week (`周报 - 李工 - 2024.6.14`): its title.
fn first_line_title<'d>(ctx: &Ctx<'_>, doc: &'d Document) -> Option<&'d Inline> {
    let first = doc.sections.first()?.blocks.first()?;
    let Block::Paragraph(p) = first else {
        return None;
    };
    let line = p.text.lines().next()?;
    let norm = super::text::Norm::text_of(line);
    let lexed = lexer::lex(ctx.lexicon, &norm);
    let dated = lexed
        .tokens
        .iter()
        .any(|t| matches!(t.kind, Kind::Date(_) | Kind::DateRange(..) | Kind::Week(_)));
    let named = note_kind_in(ctx.lexicon, line).is_some();
    (dated && named && line.chars().count() <= 60).then_some(p)
}

/// Reads a title's week and date (the last day of a range).
fn read_title(ctx: &mut Ctx<'_>, title: &Inline, facts: &mut Facts) {
    for line in TextLine::split(title).into_iter().take(1) {
        let lexed = lexer::lex(ctx.lexicon, &line.norm.text);
        for t in &lexed.tokens {
            match &t.kind {
                Kind::Week(w) if facts.week.is_none() => {
                    facts.week_span = Some(line.span(t.range.clone()));
                    facts.week = Some(*w);
                }
                Kind::Date(d) if facts.title_date.is_none() => {
                    facts.title_date = Some(Found {
                        token: *d,
                        span: line.span(t.range.clone()),
                    });
                }
                Kind::DateRange(_, end) if facts.title_date.is_none() => {
                    facts.title_date = Some(Found {
                        token: *end,
                        span: line.span(t.range.clone()),
                    });
                }
                _ => {}
            }
        }
        // `Week 24`, `第24周` and dates may stand in other forms the title's first line has.
        if facts.week.is_none() {
            if let Some(w) = find_week(&line.norm.text) {
                facts.week_span = Some(line.span(w.range.0..w.range.1));
                facts.week = Some(w);
            }
        }
    }
}

/// Reads the property lines of a paragraph: `Created: …`, `Date: …`, `日期：…`, `周期：…`,
/// and Notion's `Tags:`, `Status:`, `Owner:` (kept as properties).
fn read_properties(ctx: &mut Ctx<'_>, para: &Inline, facts: &mut Facts) {
    // Keys are trimmed of the bold and separators around them (`**周期：**`, `| Budget:`).
    for line in TextLine::split(para) {
        let text = line.norm.text.as_str();
        for (key, value) in property_pairs(&line) {
            let key_text = text[key.clone()]
                .trim_matches(|c: char| c.is_whitespace() || matches!(c, '|' | '·' | '*'))
                .to_string();
            let value_text = text[value.clone()].trim();
            let field = ctx.lexicon.label(&key_text);
            let lexed = lexer::lex(ctx.lexicon, value_text);
            let offset =
                value.start + (text[value.clone()].len() - text[value.clone()].trim_start().len());
            let first_date = lexed.tokens.iter().find_map(|t| match &t.kind {
                Kind::Date(d) => Some((*d, t.range.clone())),
                Kind::DateRange(_, d) => Some((*d, t.range.clone())),
                Kind::Time(Some(Day::Date(d)), _) => Some((*d, t.range.clone())),
                _ => None,
            });
            let found = first_date.map(|(d, r)| Found {
                token: d,
                span: line.span(offset + r.start..offset + r.end),
            });
            match field {
                Some(Field::Created) => {
                    match parse_datetime(value_text) {
                        Some(c) => facts.created = facts.created.or(Some(c)),
                        None => ctx.report(
                            DiagnosticCode::InvalidDate,
                            Severity::Warning,
                            line.span(value.clone()),
                            format!("`{value_text}` is not a date and time this tool reads"),
                        ),
                    }
                    continue;
                }
                Some(Field::Date) => {
                    if found.is_none() {
                        ctx.report(
                            DiagnosticCode::InvalidDate,
                            Severity::Warning,
                            line.span(value.clone()),
                            format!("`{value_text}` is not a date this tool reads"),
                        );
                    }
                    facts.date_line = facts.date_line.or(found);
                }
                Some(Field::Period) => {
                    facts.period = facts.period.or(found);
                    // `报告周期：第24周`: the week the note reports on.
                    if facts.week.is_none() {
                        if let Some(w) = lexed.tokens.iter().find_map(|t| match &t.kind {
                            Kind::Week(w) => Some((*w, t.range.clone())),
                            _ => None,
                        }) {
                            facts.week_span = Some(line.span(offset + w.1.start..offset + w.1.end));
                            facts.week = Some(w.0);
                        }
                    }
                }
                _ => {}
            }
            let key_ok = !key_text.is_empty()
                && key_text.chars().count() <= 20
                && !key_text.chars().any(|c| c.is_ascii_digit());
            if key_ok {
                facts
                    .properties
                    .entry(key_text)
                    .or_insert_with(|| value_text.to_string());
            }
        }
    }
}

/// The `key: value` pairs of a property line: one, or several when later labels follow a
/// space (`周期: 2024-07-01 ~ 2024-07-05 汇报人: 黄磊`, `Schedule: at risk | Budget: on track`).
/// Ranges are in the line's normalised text.
fn property_pairs(line: &TextLine<'_>) -> Vec<(std::ops::Range<usize>, std::ops::Range<usize>)> {
    let text = line.norm.text.as_str();
    // A label: no digits, at most twelve characters, right before a colon.
    let label_at = |colon: usize, from: usize| -> Option<usize> {
        let before = &text[from..colon];
        let start = before
            .char_indices()
            .rev()
            .find(|(_, c)| matches!(c, ' ' | '|' | '·'))
            .map_or(from, |(i, c)| from + i + c.len_utf8());
        let label = &text[start..colon];
        let ok = !label.trim().is_empty()
            && label.chars().count() <= 12
            && !label.chars().any(|c| c.is_ascii_digit())
            && !text[colon + 1..].starts_with('/');
        ok.then_some(start)
    };
    let colons: Vec<usize> = text.match_indices(':').map(|(i, _)| i).collect();
    let Some(&first) = colons.first() else {
        return vec![];
    };
    if text[..first].trim().is_empty()
        || text[..first].chars().count() > 20
        || text[..first].contains("//")
    {
        return vec![];
    }
    let mut out = Vec::new();
    let mut key = 0..first;
    let mut value_start = first + 1;
    for &c in &colons[1..] {
        if c < value_start {
            continue;
        }
        if let Some(start) = label_at(c, value_start) {
            if text[value_start..start].trim().is_empty() {
                continue;
            }
            out.push((key, value_start..start));
            key = start..c;
            value_start = c + 1;
        }
    }
    out.push((key, value_start..text.len()));
    out
}

/// The note kind a word names exactly (`daily`, `日报`, `weekly`, `周报`).
pub(super) fn note_kind_word(lexicon: &crate::config::Lexicon, word: &str) -> Option<NoteKind> {
    let w = word.trim();
    lexicon.words(w).into_iter().find_map(|h| match h.meaning {
        Meaning::NoteKind(k) if h.range.0 == 0 && h.range.1 == w.len() => Some(k),
        _ => None,
    })
}

/// The note kind a title or file name names: a note-kind word, or a weekday (a daily note).
pub(super) fn note_kind_in(lexicon: &crate::config::Lexicon, text: &str) -> Option<NoteKind> {
    let norm = super::text::Norm::text_of(text);
    let hits = lexicon.words(&norm);
    hits.iter()
        .find_map(|h| match h.meaning {
            Meaning::NoteKind(k) => Some(k),
            _ => None,
        })
        .or_else(|| {
            hits.iter()
                .any(|h| {
                    matches!(h.meaning, Meaning::Weekday(_))
                        && !norm[h.range.0..h.range.1].is_ascii()
                })
                .then_some(NoteKind::Daily)
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex_lite::Regex;

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
