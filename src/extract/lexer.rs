//! The lexer: one line of a note read once into typed tokens with byte ranges.
//!
//! Every fact builder (metrics, incidents, events, items, the header) reads these tokens
//! instead of scanning text of its own, so a way of writing a value is taught here once and
//! every kind of fact gets it: `3.4万` is 34000 wherever it stands, `2h 15m` is 135 minutes,
//! `从1.8%降至1.2%` is a change whose current value is 1.2.
//!
//! Lexing is two passes over a line that is already normalised ([`super::text::Norm`]:
//! full-width forms folded, odd spaces plain):
//!
//! 1. **atoms**: numbers with their multiplier and unit, dates and times in digits, weeks,
//!    ids (`INC-3107`), owners (`@name`), tags (`#blocked`), and every vocabulary word (one
//!    automaton for all lists, [`crate::config::Lexicon`]);
//! 2. **composition**: neighbouring atoms become one token where together they mean one
//!    value: a month word and a day (`Jun 10`), a date and a time, two dates or times around
//!    a dash (ranges), numbers in units of time (`1小时40分`), `from A to B`, `上周 25%`, a
//!    grade and its count (`P3故障2起`, `2 SEV2s`, `no SEV1`).
//!
//! Words that only matter to one builder (status words, labels, cues) stay [`Kind::Word`]
//! tokens; the builder reads them in place.

use std::ops::Range;

use rust_decimal::Decimal;

use crate::config::{
    leftmost_longest_per_kind, Comparison, Lexicon, Meaning, MeaningKind, TaskField, Unit, WordHit,
};
use crate::model::Num;

use super::dates::{find_dates, find_times, DateToken};
use super::header::{find_week, WrittenWeek};

/// A token: what was read and where it stands in the lexed text.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    /// What it is.
    pub kind: Kind,
    /// Byte range in the lexed (normalised) line.
    pub range: Range<usize>,
}

/// A number as written, with its unit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Quantity {
    /// The value, multiplier applied (`3.4万` → 34000), digits kept as written (`98.80`).
    pub value: Num,
    /// The unit after it (or the currency sign before it), canonical.
    pub unit: Option<Unit>,
    /// Written with `约`, `~`, `about`, `左右`…
    pub approximate: bool,
    /// Written with a multiplier (`万`, `k`, `M`).
    pub multiplied: bool,
    /// `5.14`, `6.10`: the month and day it would be if it were a date. Only builders that
    /// expect a date (after a due word, in a due column, beside a time) read it as one.
    pub dot_date: Option<DateToken>,
}

/// A time of day as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    /// 0–23 (out of range values are kept for the builder to report).
    pub hour: u32,
    /// 0–59.
    pub minute: u32,
    /// On the day after the date it goes with (`次日 01:20`).
    pub next_day: bool,
    /// Where its time zone is written (`UTC`, `+08:00`, `北京时间`), if it is.
    pub zone: Option<(usize, usize)>,
    /// `3点` with no part of the day: 3 a.m. or 3 p.m., a reader cannot tell.
    pub half_day_unknown: bool,
}

/// The day a time is on: a date, or a weekday of a week near the note's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Day {
    /// `2024-06-11 08:40`, `7/3 18:40`.
    Date(DateToken),
    /// `本周五 18:00`, `next Monday 10:00`.
    Weekday {
        /// Weeks after the note's week.
        shift: i32,
        /// 1 = Monday … 7 = Sunday.
        day: u32,
    },
}

/// How long something lasted.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Duration {
    /// Its length in seconds.
    pub seconds: Num,
    /// Written with `约`, `~`…
    pub approximate: bool,
    /// The value and unit as written, when written in one unit (`45 min`, `2.5小时`).
    pub single: Option<(Num, Unit)>,
}

/// What a token is.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// A number, with its unit when one is written.
    Number(Quantity),
    /// `3-5天`, `10–20ms`.
    Between(Quantity, Quantity),
    /// `2h 15m`, `1小时40分`, `45 min`, `约2天`.
    Duration(Duration),
    /// A date (its year may still be inferred).
    Date(DateToken),
    /// `6.10-6.14`, `Jun 10–14, 2024`, `2024-06-10 ~ 2024-06-14`.
    DateRange(DateToken, DateToken),
    /// `2024-W12`, `W12`, `第12周`.
    Week(WrittenWeek),
    /// `本周三`, `下周一`, `next Monday`: weeks from the note's week (0 this, 1 next, -1 last)
    /// and the weekday (1 Monday … 7 Sunday).
    Weekday {
        /// Weeks after the note's week.
        shift: i32,
        /// 1 = Monday … 7 = Sunday.
        day: u32,
    },
    /// A time of day, with the day written before it, if one is.
    Time(Option<Day>, Clock),
    /// `08:40–09:25`, `23:10~次日01:20`, with the day written before it, if one is.
    TimeRange(Option<Day>, Clock, Clock),
    /// `2 SEV2s`, `P3故障2起`, `SEV1 0`, `no SEV1`; `grade` is where the grade is written.
    GradeCount {
        /// Where the grade stands.
        grade: Range<usize>,
        /// How many.
        count: u32,
    },
    /// A grade with nothing counting it (`SEV3`, `P1`, `C级`); `qualified` when it is
    /// numbered or followed by 级/类 (a lone `A` is only a grade where a grade is expected).
    Grade {
        /// Numbered or followed by a grade word.
        qualified: bool,
    },
    /// `从1.8%降至1.2%`, `1.8% → 1.2%`, `from 120ms to 95ms`: `to` is the current value.
    Change {
        /// The earlier value.
        from: Quantity,
        /// The current value.
        to: Quantity,
    },
    /// `上周 25%`, `last week 99.91%`, `was Jun 3`, `原定5月8日`: an earlier value.
    Previous(Box<Kind>),
    /// `较上周下降8ms`, `WoW +3%`: a change against an earlier period.
    Delta(Quantity),
    /// `48/179`, `6/10` after a score word, `3 of 5`.
    Ratio {
        /// The part.
        part: Num,
        /// The whole.
        total: Num,
    },
    /// `@name`, `负责人：王磊`, `Owner: J. Chen`: where the name stands.
    Owner {
        /// The name, without `@` or label.
        name: Range<usize>,
    },
    /// A Dataview inline field (`[due:: 2024-06-21]`, `(owner:: Priya)`, `status:: done`).
    Field {
        /// The key as written.
        key: Range<usize>,
        /// The value as written.
        value: Range<usize>,
        /// The tokens of the value (a date, a name).
        inner: Vec<Token>,
    },
    /// `#tag` (the range includes the `#`).
    Tag,
    /// `INC-3107`, `OPS-2210`, `#4411`: an id, never a number.
    Id,
    /// An Obsidian Tasks signifier, with the date after it.
    Task(TaskField, Option<DateToken>),
    /// A vocabulary word.
    Word(Meaning),
}

impl Token {
    /// The quantity a token holds as a plain figure (a number, or a duration in one unit).
    pub fn quantity(&self) -> Option<Quantity> {
        match &self.kind {
            Kind::Number(q) => Some(*q),
            Kind::Duration(Duration {
                single: Some((value, unit)),
                approximate,
                ..
            }) => Some(Quantity {
                value: *value,
                unit: Some(*unit),
                approximate: *approximate,
                multiplied: false,
                dot_date: None,
            }),
            _ => None,
        }
    }

    /// The meaning of a word token.
    pub fn meaning(&self) -> Option<Meaning> {
        match self.kind {
            Kind::Word(m) => Some(m),
            _ => None,
        }
    }

    /// Whether this is a word of `kind`.
    pub fn is_word(&self, kind: MeaningKind) -> bool {
        self.meaning().is_some_and(|m| m.kind() == kind)
    }

    /// Whether this token holds a value (anything but a word).
    pub fn is_value(&self) -> bool {
        !matches!(self.kind, Kind::Word(_))
    }
}

// ---------------------------------------------------------------------------------------
// Atoms

/// Values written in digits and signs: dates, times, weeks, ids, owners, tags, task
/// signifiers and numbers, not overlapping. `hits` are the line's vocabulary words: some
/// decide what digits are (`SEV-2` is a grade, `MySQL 8.0` a name, `last week 22` no week).
fn atoms(lexicon: &Lexicon, text: &str, hits: &[WordHit]) -> Vec<Token> {
    let mut taken: Vec<Token> = Vec::new();
    let free = |taken: &[Token], r: &Range<usize>| {
        !taken
            .iter()
            .any(|t| t.range.start < r.end && r.start < t.range.end)
    };
    let hit_of = |kind: MeaningKind| hits.iter().filter(move |h| h.meaning.kind() == kind);
    let opaque = |taken: &mut Vec<Token>, r: Range<usize>| {
        if free(taken, &r) {
            taken.push(Token {
                kind: Kind::Id,
                range: r,
            });
        }
    };
    // What is no value at all: URLs, ids (`INC-3107`, `CVE-2024-3094`), phone numbers,
    // addresses, long digit runs, and the vocabulary's `not_numbers` (`T+1`, `4K`, `24/7`).
    for r in urls(text) {
        opaque(&mut taken, r);
    }
    for r in ids(text) {
        opaque(&mut taken, r);
    }
    for h in hit_of(MeaningKind::NotNumber) {
        // Not inside a longer figure: `2K` of `1.2K` is a multiplier.
        let before = &text[..h.range.0];
        let inside = before
            .ends_with(|c: char| c.is_ascii_digit() || matches!(c, '.' | '$' | '€' | '¥'))
            || (before.ends_with(',')
                && before[..before.len() - 1].ends_with(|c: char| c.is_ascii_digit()));
        if !inside {
            opaque(&mut taken, h.range.0..h.range.1);
        }
    }
    // `00:42:10`: a duration or a time of day with seconds; a reader would have to guess.
    for r in clock_with_seconds(text) {
        opaque(&mut taken, r);
    }
    // Grades written with digits and marks (`SEV-2`, `Sev 2`) before their digits are read.
    for h in hit_of(MeaningKind::Grade) {
        let r = h.range.0..h.range.1;
        if text[r.clone()].contains(|c: char| !c.is_ascii_alphanumeric()) && free(&taken, &r) {
            taken.push(Token {
                kind: Kind::Grade { qualified: true },
                range: r,
            });
        }
    }
    for (r, kind) in marks(lexicon, text, hits) {
        if free(&taken, &r) {
            taken.push(Token { kind, range: r });
        }
    }
    for d in find_dates(text) {
        // Month names are words of the vocabulary: English dates are composed from them.
        if !text[d.start..].starts_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        let r = d.start..d.end;
        if free(&taken, &r) {
            taken.push(Token {
                kind: Kind::Date(d),
                range: r,
            });
        }
    }
    for (r, d) in compact_dates(text) {
        if free(&taken, &r) {
            taken.push(Token {
                kind: Kind::Date(d),
                range: r,
            });
        }
    }
    // `last week 22` is a previous figure, `week 22` in it no week.
    let spoken_weeks: Vec<(usize, usize)> = hits
        .iter()
        .filter(|h| {
            matches!(
                h.meaning.kind(),
                MeaningKind::Previous | MeaningKind::Relative | MeaningKind::WeekShift
            )
        })
        .map(|h| h.range)
        .collect();
    let mut at = 0;
    while let Some(w) = find_week(&text[at..]) {
        let r = at + w.range.0..at + w.range.1;
        let next = r.end.max(at + 1);
        let spoken = spoken_weeks.iter().any(|&(s, e)| s < r.end && r.start < e);
        if free(&taken, &r) && !spoken {
            taken.push(Token {
                kind: Kind::Week(WrittenWeek {
                    range: (r.start, r.end),
                    number_range: (at + w.number_range.0, at + w.number_range.1),
                    ..w
                }),
                range: r,
            });
        }
        at = next;
        while !text.is_char_boundary(at) {
            at += 1;
        }
    }
    for t in find_times(text) {
        let r = t.start..t.end;
        // `1:2:30`, `12:345` are not times of day; `处置：16:53` is one.
        let before = &text[..t.start];
        let glued = before.ends_with(|c: char| c.is_ascii_digit())
            || (before.ends_with(':')
                && before[..before.len() - 1].ends_with(|c: char| c.is_ascii_digit()))
            || text[t.end..].starts_with(|c: char| c.is_ascii_digit() || c == ':');
        if !glued && free(&taken, &r) {
            let clock = Clock {
                hour: t.hour,
                minute: t.minute,
                next_day: false,
                zone: None,
                half_day_unknown: false,
            };
            taken.push(Token {
                kind: Kind::Time(None, clock),
                range: r,
            });
        }
    }
    for (r, kind) in inline_fields(lexicon, text) {
        if free(&taken, &r) {
            taken.push(Token { kind, range: r });
        }
    }
    let names_before: Vec<usize> = hit_of(MeaningKind::NameBefore).map(|h| h.range.1).collect();
    let names_after: Vec<usize> = hit_of(MeaningKind::NameAfter).map(|h| h.range.0).collect();
    for (r, q) in numbers(lexicon, text) {
        if !free(&taken, &r) {
            continue;
        }
        // `MySQL 8.0`, `版本 5.14`, `第2版`: part of a name.
        let gap_before = |end: &usize| {
            text.get(*end..r.start)
                .is_some_and(|g| g.trim().is_empty() && g.len() <= 1)
        };
        let named = q.unit.is_none()
            && !q.multiplied
            && (names_before.iter().any(gap_before) || names_after.contains(&r.end));
        // `Postgres 16.3 → 16.4`: the figure an upgrade goes to is part of the name too.
        let named = named
            || taken.iter().any(|t| {
                matches!(t.kind, Kind::Id)
                    && t.range.end <= r.start
                    && hits.iter().any(|h| {
                        h.meaning.kind() == MeaningKind::ChangeTo
                            && text
                                .get(t.range.end..h.range.0)
                                .is_some_and(|g| g.trim().is_empty())
                            && text
                                .get(h.range.1..r.start)
                                .is_some_and(|g| g.trim().is_empty())
                    })
            });
        let kind = if named { Kind::Id } else { Kind::Number(q) };
        taken.push(Token { kind, range: r });
    }
    // Fields hold the tokens of their value.
    let values: Vec<Range<usize>> = taken
        .iter()
        .filter_map(|t| match &t.kind {
            Kind::Field { value, .. } => Some(value.clone()),
            _ => None,
        })
        .collect();
    let (inner, mut kept): (Vec<Token>, Vec<Token>) = taken.into_iter().partition(|t| {
        !matches!(t.kind, Kind::Field { .. })
            && values
                .iter()
                .any(|v| t.range.start >= v.start && t.range.end <= v.end)
    });
    for t in &mut kept {
        if let Kind::Field {
            value, inner: slot, ..
        } = &mut t.kind
        {
            *slot = inner
                .iter()
                .filter(|i| i.range.start >= value.start && i.range.end <= value.end)
                .cloned()
                .collect();
            let close = text[value.end..]
                .chars()
                .next()
                .filter(|c| matches!(c, ']' | ')'))
                .map_or(0, char::len_utf8);
            t.range.end = value.end + close;
        }
    }
    kept
}

/// `h:mm:ss`.
fn clock_with_seconds(text: &str) -> Vec<Range<usize>> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 7 <= b.len() {
        let d = |k: usize| b.get(k).is_some_and(u8::is_ascii_digit);
        let h = if d(i) && d(i + 1) {
            2
        } else if d(i) {
            1
        } else {
            0
        };
        let start_ok = i == 0 || !b[i - 1].is_ascii_digit();
        if h > 0
            && start_ok
            && b.get(i + h) == Some(&b':')
            && d(i + h + 1)
            && d(i + h + 2)
            && b.get(i + h + 3) == Some(&b':')
            && d(i + h + 4)
            && d(i + h + 5)
            && !d(i + h + 6)
        {
            out.push(i..i + h + 6);
            i += h + 6;
        } else {
            i += 1;
        }
    }
    out
}

/// `https://…`, `http://…`, `www.…`: up to the next space or closing bracket.
fn urls(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut from = 0;
    while from < text.len() {
        let rest = &text[from..];
        let next = ["https://", "http://", "www."]
            .iter()
            .filter_map(|p| rest.find(p))
            .min();
        let Some(at) = next.map(|i| from + i) else {
            break;
        };
        let len = text[at..]
            .find(|c: char| {
                c.is_whitespace() || matches!(c, ')' | ']' | '>' | '"' | '，' | '。' | '）')
            })
            .unwrap_or(text.len() - at);
        out.push(at..at + len);
        from = at + len.max(1);
        while !text.is_char_boundary(from) {
            from += 1;
        }
    }
    out
}

/// `INC-3107`, `OPS-2210`, `CVE-2024-3094`, `#4411`; phone numbers (`400-820-8820`),
/// addresses (`10.12.3.4:8080`) and runs of ten or more digits (order numbers, timestamps).
fn ids(text: &str) -> Vec<Range<usize>> {
    let b = text.as_bytes();
    let digits_at = |i: usize| {
        b[i.min(b.len())..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count()
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let word_start = i == 0 || !b[i - 1].is_ascii_alphanumeric();
        if word_start && b[i].is_ascii_alphabetic() {
            let word = b[i..]
                .iter()
                .take_while(|c| c.is_ascii_alphanumeric())
                .count();
            let after = i + word;
            let letters = b[i..after]
                .iter()
                .take_while(|c| c.is_ascii_alphabetic())
                .count();
            if letters >= 2 && b.get(after) == Some(&b'-') && digits_at(after + 1) >= 1 {
                // `SEV-2` is a grade, not an id.
                let head = text[i..after].to_ascii_lowercase();
                if head != "sev" {
                    let mut end = after;
                    while b.get(end) == Some(&b'-') && digits_at(end + 1) >= 1 {
                        end += 1 + digits_at(end + 1);
                    }
                    if !b.get(end).is_some_and(|c| c.is_ascii_alphabetic()) {
                        out.push(i..end);
                        i = end;
                        continue;
                    }
                }
            }
            i = after;
            continue;
        }
        if b[i] == b'#' && word_start {
            let n = digits_at(i + 1);
            if n >= 1 && !b.get(i + 1 + n).is_some_and(|c| c.is_ascii_alphabetic()) {
                out.push(i..i + 1 + n);
                i += 1 + n;
                continue;
            }
        }
        if b[i].is_ascii_digit() && (i == 0 || !b[i - 1].is_ascii_alphanumeric()) {
            // Groups of digits joined by `-` (two dashes or more) or `.` (three dots or more).
            let mut end = i + digits_at(i);
            let first = end - i;
            let mut dashes = 0;
            let mut dots = 0;
            loop {
                match b.get(end) {
                    Some(b'-') if digits_at(end + 1) >= 1 && dots == 0 => {
                        dashes += 1;
                        end += 1 + digits_at(end + 1);
                    }
                    Some(b'.') if digits_at(end + 1) >= 1 && dashes == 0 => {
                        dots += 1;
                        end += 1 + digits_at(end + 1);
                    }
                    _ => break,
                }
            }
            if dots >= 3 && b.get(end) == Some(&b':') && digits_at(end + 1) >= 1 {
                end += 1 + digits_at(end + 1);
            }
            // `2024-06-11` has two dashes but is a date: a phone number's groups are longer.
            let phone = dashes >= 2 && first >= 3 && first != 4;
            if phone || dots >= 3 || (first >= 10 && dashes == 0 && dots == 0) {
                out.push(i..end);
                i = end;
                continue;
            }
            i += first.max(1);
            continue;
        }
        i += 1;
    }
    out
}

/// `20240611`: eight digits that are a real date of 1990–2099, alone.
fn compact_dates(text: &str) -> Vec<(Range<usize>, DateToken)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let len = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        let alone = (i == 0
            || !(b[i - 1].is_ascii_alphanumeric() || matches!(b[i - 1], b'.' | b',')))
            && !b
                .get(i + len)
                .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'.' || *c == b'%');
        if len == 8 && alone {
            let s = &text[i..i + 8];
            let (y, m, d) = (&s[0..4], &s[4..6], &s[6..8]);
            if let (Ok(y), Ok(m), Ok(d)) = (y.parse::<i32>(), m.parse::<u32>(), d.parse::<u32>()) {
                if (1990..=2099).contains(&y) && chrono::NaiveDate::from_ymd_opt(y, m, d).is_some()
                {
                    out.push((
                        i..i + 8,
                        DateToken {
                            start: i,
                            end: i + 8,
                            year: Some(y),
                            month: m,
                            day: d,
                        },
                    ));
                }
            }
        }
        i += len;
    }
    out
}

/// Dataview inline fields: `[key:: value]`, `(key:: value)`, and a whole line `key:: value`.
/// The token covers the key and `::`; the value's own tokens (a date, a name) stay tokens.
fn inline_fields(lexicon: &Lexicon, text: &str) -> Vec<(Range<usize>, Kind)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = text[from..].find("::").map(|i| from + i) {
        from = at + 2;
        let key_start = text[..at]
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_alphanumeric() || matches!(c, '_' | '-' | ' '))
            .last()
            .map_or(at, |(i, _)| i);
        let key = text[key_start..at].trim();
        if key.is_empty() || key.contains("  ") {
            continue;
        }
        let key_start =
            key_start + (text[key_start..at].len() - text[key_start..at].trim_start().len());
        let opener = text[..key_start].chars().next_back();
        let (start, close) = match opener {
            Some('[') => (key_start - 1, Some(']')),
            Some('(') => (key_start - 1, Some(')')),
            // A field without brackets is the whole line: a field of a task when its key is
            // a label the vocabulary knows (`due:: 2024-06-21`); else a label and its value,
            // read like `key: value` (`Pipeline success rate:: 98.7%`).
            None if lexicon.label(key).is_some() => (key_start, None),
            None => continue,
            Some(_) => continue,
        };
        let value_start = at + 2 + (text[at + 2..].len() - text[at + 2..].trim_start().len());
        let value_end = match close {
            Some(c) => match text[value_start..].find(c) {
                Some(i) => value_start + i,
                None => continue,
            },
            None => text.len(),
        };
        out.push((
            start..value_start,
            Kind::Field {
                key: key_start..key_start + key.len(),
                value: value_start..value_end,
                inner: Vec::new(),
            },
        ));
        from = value_end;
    }
    out
}

/// Owners, tags and task signifiers: `@name`, `#tag`, `📅 2024-06-20`, `🔼`.
fn marks(lexicon: &Lexicon, text: &str, hits: &[WordHit]) -> Vec<(Range<usize>, Kind)> {
    let mut out = Vec::new();
    let word_at = |kind: MeaningKind, start: usize, end: usize| {
        hits.iter()
            .any(|h| h.meaning.kind() == kind && h.range.0 == start && h.range.1 == end)
    };
    for (i, c) in text.char_indices() {
        let before = text[..i].chars().next_back();
        let starts_word = before.is_none_or(|b| !(b.is_alphanumeric() || b == '_' || b == '.'));
        match c {
            '@' if starts_word => {
                let end = name_end(text, i + 1);
                // `@June 11, 2024` is a Notion date mention; `@所有人` names nobody.
                let not_a_person = word_at(MeaningKind::Month, i + 1, end)
                    || word_at(MeaningKind::Nobody, i + 1, end);
                if end > i + 1 && !not_a_person {
                    out.push((i..end, Kind::Owner { name: i + 1..end }));
                }
            }
            '#' if starts_word => {
                let end = name_end(text, i + 1);
                let body = &text[i + 1..end];
                if !body.is_empty() && !body.chars().all(|c| c.is_ascii_digit()) {
                    out.push((i..end, Kind::Tag));
                }
            }
            _ => {
                if let Some(field) = lexicon.task_signifier(c) {
                    let after = i + c.len_utf8();
                    let rest = &text[after..];
                    let lead = rest.len() - rest.trim_start().len();
                    let date = find_dates(rest)
                        .into_iter()
                        .next()
                        .filter(|d| d.start == lead && d.year.is_some());
                    let end = date.map_or(after, |d| after + d.end);
                    let date = date.map(|d| DateToken {
                        start: after + d.start,
                        end: after + d.end,
                        ..d
                    });
                    out.push((i..end, Kind::Task(field, date)));
                }
            }
        }
    }
    out
}

/// Where a `@name` or `#tag` ends: letters, digits, CJK, `_`, `-`, `.` inside it.
fn name_end(text: &str, from: usize) -> usize {
    let mut end = from;
    for (i, c) in text[from..].char_indices() {
        let inside = c.is_alphanumeric() || matches!(c, '_' | '-' | '/');
        let dot_inside = c == '.'
            && text[from + i + 1..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric);
        if inside || dot_inside {
            end = from + i + c.len_utf8();
        } else {
            break;
        }
    }
    // A trailing `-` or `/` is punctuation.
    text[from..end].trim_end_matches(['-', '/']).len() + from
}

/// Numbers with their multiplier and unit, and a currency sign before them.
fn numbers(lexicon: &Lexicon, text: &str) -> Vec<(Range<usize>, Quantity)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        // Digits, thousands groups (`23,150`) and decimals; a run of digits is read once.
        let mut end = start + b[start..].iter().take_while(|c| c.is_ascii_digit()).count();
        let int_len = end - start;
        let mut grouped = false;
        while b.get(end) == Some(&b',')
            && b[end + 1..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count()
                == 3
            && !b.get(end + 4).is_some_and(u8::is_ascii_digit)
            && int_len <= 3
        {
            end += 4;
            grouped = true;
        }
        let mut decimals = 0;
        if b.get(end) == Some(&b'.') && b.get(end + 1).is_some_and(u8::is_ascii_digit) {
            decimals = b[end + 1..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count();
            end += 1 + decimals;
        }
        let next = end;
        // Part of a word, version or path: `O2`, `v2.0`, `1.2.3`, `a/1`, `x_1`.
        // …unless a duration goes on (`20s` of `3m20s`).
        let continues_duration = out.last().is_some_and(|(r, q): &(Range<usize>, Quantity)| {
            r.end == start && q.unit.is_some_and(|u| lexicon.seconds(u).is_some())
        });
        let glued_before = !continues_duration
            && text[..start]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_ascii_alphabetic() || matches!(c, '.' | '_'));
        let version_after =
            b.get(end) == Some(&b'.') && b.get(end + 1).is_some_and(u8::is_ascii_digit);
        if glued_before || version_after {
            i = skip_word(b, next);
            continue;
        }
        let Some(mut value) = Num::parse(&text[start..end]) else {
            i = next;
            continue;
        };
        let mut range_start = start;
        // A sign: `-12%`, `+3%`, `影响-5分钟` (not a dash between two ASCII words or numbers).
        if let Some(sign) = text[..start]
            .chars()
            .next_back()
            .filter(|c| matches!(c, '-' | '+'))
        {
            let before_sign = text[..start - 1].chars().next_back();
            if before_sign.is_none_or(|c| !c.is_ascii_alphanumeric()) {
                if sign == '-' {
                    value = Num(-value.0);
                }
                range_start -= 1;
            }
        }
        let mut q = Quantity {
            value,
            unit: None,
            approximate: false,
            multiplied: false,
            dot_date: None,
        };
        // `5.14`, `6.1`: a month and day if a builder expects a date here.
        if decimals > 0 && decimals <= 2 && !grouped && int_len <= 2 {
            let (m, d) = (
                &text[start..start + int_len],
                &text[start + int_len + 1..end],
            );
            if let (Ok(m), Ok(d)) = (m.parse::<u32>(), d.parse::<u32>()) {
                if (1..=12).contains(&m) && (1..=31).contains(&d) && !d.to_string().is_empty() {
                    q.dot_date = Some(DateToken {
                        start,
                        end,
                        year: None,
                        month: m,
                        day: d,
                    });
                }
            }
        }
        // Multiplier, then unit, after optional spaces (`3.4万`, `1.2 k`, `45 min`, `99.95 %`).
        let mut tail = end;
        let spaced =
            |from: usize| from + text[from..].len() - text[from..].trim_start_matches(' ').len();
        // `1.2 万人`: a Chinese multiplier may follow a space.
        let multiplier_at = if text[tail..].starts_with(' ')
            && lexicon
                .multiplier_at(&text[spaced(tail)..])
                .is_some_and(|_| !text[spaced(tail)..].starts_with(|c: char| c.is_ascii()))
        {
            spaced(tail)
        } else {
            tail
        };
        if let Some((len, factor)) = lexicon.multiplier_at(&text[multiplier_at..]) {
            tail = multiplier_at;
            q.value = Num((q.value.0 * factor.0).normalize());
            q.multiplied = true;
            q.dot_date = None;
            tail += len;
        }
        let unit_at = spaced(tail);
        let unit = lexicon.unit_at(&text[unit_at..]).or_else(|| {
            lexicon
                .time_unit_before_digit(&text[tail..])
                .filter(|_| unit_at == tail)
        });
        if let Some((len, unit)) = unit {
            // A unit after spaces must be a word of its own (`5 min`), not the start of one
            // (`5 minor`): `unit_at` already refuses a unit glued to more letters.
            q.unit = Some(unit);
            q.dot_date = None;
            tail = unit_at + len;
        }
        // Glued to letters that are no unit: part of a word (`3D`, `5G`, `2023H1`, `1v1`).
        if q.unit.is_none() && b.get(tail).is_some_and(|c| c.is_ascii_alphabetic()) {
            i = skip_word(b, tail);
            continue;
        }
        if q.unit.is_none() {
            // `$1.2M`, `€12.5k`, and a code after a space: `USD 45k`.
            let before = &text[..range_start];
            let spaced_code = before.strip_suffix(' ').and_then(|b| {
                lexicon
                    .currency_before(b)
                    .filter(|(len, _)| b[b.len() - len..].chars().all(|c| c.is_ascii_alphabetic()))
                    .map(|(len, u)| (len + 1, u))
            });
            if let Some((len, unit)) = lexicon.currency_before(before).or(spaced_code) {
                q.unit = Some(unit);
                range_start -= len;
            }
        }
        out.push((range_start..tail, q));
        i = tail.max(next);
    }
    out
}

/// Past the ASCII word that starts at or continues through `at`.
fn skip_word(b: &[u8], at: usize) -> usize {
    at + b[at..]
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_'))
        .count()
}

// ---------------------------------------------------------------------------------------
// Composition

/// The vocabulary words of a line by position, each kind's leftmost-longest (words of
/// different kinds may overlap: `降` is a change verb inside the `降至` that is a `to` word).
#[derive(Debug, Clone, Default)]
pub struct Words {
    hits: Vec<WordHit>,
}

impl Words {
    /// The hits, sorted by start (longest first at one start).
    pub fn all(&self) -> &[WordHit] {
        &self.hits
    }

    /// Hits whose meaning satisfies `want`, in order.
    pub fn of<'a>(
        &'a self,
        want: impl Fn(Meaning) -> bool + 'a,
    ) -> impl Iterator<Item = &'a WordHit> + 'a {
        self.hits.iter().filter(move |h| want(h.meaning))
    }

    /// Hits of `kind`, in order.
    pub fn of_kind(&self, kind: MeaningKind) -> impl Iterator<Item = &WordHit> + '_ {
        self.hits.iter().filter(move |h| h.meaning.kind() == kind)
    }

    /// The hit of `kind` that starts at `start`.
    pub fn starting_at(&self, kind: MeaningKind, start: usize) -> Option<&WordHit> {
        self.hits
            .iter()
            .find(|h| h.range.0 == start && h.meaning.kind() == kind)
    }

    /// The hit of `kind` that ends at `end`.
    pub fn ending_at(&self, kind: MeaningKind, end: usize) -> Option<&WordHit> {
        self.hits
            .iter()
            .filter(|h| h.range.1 == end && h.meaning.kind() == kind)
            .max_by_key(|h| h.range.1 - h.range.0)
    }

    /// The hit of `kind` that fills the text between `from` and `to`, spaces aside.
    pub fn filling(
        &self,
        text: &str,
        kind: MeaningKind,
        from: usize,
        to: usize,
    ) -> Option<&WordHit> {
        let gap = text.get(from..to)?;
        let lead = gap.len() - gap.trim_start().len();
        let trail = gap.len() - gap.trim_end().len();
        let (s, e) = (from + lead, to - trail);
        (s < e)
            .then(|| self.starting_at(kind, s).filter(|h| h.range.1 == e))
            .flatten()
    }

    /// Whether any hit of `kind` lies inside `from..to`.
    pub fn any_within(&self, kind: MeaningKind, from: usize, to: usize) -> bool {
        self.hits
            .iter()
            .any(|h| h.range.0 >= from && h.range.1 <= to && h.meaning.kind() == kind)
    }

    fn remove_within(&mut self, from: usize, to: usize, kinds: &[MeaningKind]) {
        self.hits.retain(|h| {
            !(h.range.0 >= from && h.range.1 <= to && kinds.contains(&h.meaning.kind()))
        });
    }
}

/// A lexed line: its values and its words.
#[derive(Debug, Clone, Default)]
pub struct Lexed {
    /// Values, in order, never overlapping.
    pub tokens: Vec<Token>,
    /// Vocabulary words (those that became part of a value, like a month name, are gone).
    pub words: Words,
}

/// Lexes one normalised line.
pub fn lex(lexicon: &Lexicon, text: &str) -> Lexed {
    let hits = leftmost_longest_per_kind(lexicon.words(text));
    let mut tokens = atoms(lexicon, text, &hits);
    tokens.sort_by_key(|t| (t.range.start, std::cmp::Reverse(t.range.end)));
    // Words inside a value (`min` in `5 min`, `m` in `3m20s`) are part of it.
    let hits: Vec<WordHit> = hits
        .into_iter()
        .filter(|w| {
            !tokens
                .iter()
                .any(|v| v.range.start < w.range.1 && w.range.0 < v.range.end)
        })
        .collect();
    let mut words = Words { hits };
    compose(lexicon, text, &mut tokens, &mut words);
    Lexed { tokens, words }
}

/// A token of a note, placed in the note's text.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    /// The token (its ranges are in `line`).
    pub token: Token,
    /// The normalised line it was read from.
    pub line: String,
    /// Where it stands in the note.
    pub span: crate::model::Span,
}

/// Every value token of a Markdown text, inline by inline and line by line (headings,
/// paragraphs, list items, table cells), each with its span in the text: what `explain`
/// shows and the lexer's table test reads.
pub fn tokens_of_markdown(lexicon: &Lexicon, text: &str) -> Vec<Placed> {
    use crate::parse::{Block, Document, Inline, ListItem};
    let doc = Document::parse(text);
    let mut inlines: Vec<&Inline> = Vec::new();
    for section in &doc.sections {
        inlines.extend(section.heading.as_ref());
        for block in &section.blocks {
            match block {
                Block::Paragraph(p) => inlines.push(p),
                Block::List(list) => {
                    let mut stack: Vec<&ListItem> = list.items.iter().rev().collect();
                    while let Some(item) = stack.pop() {
                        inlines.extend(&item.content);
                        stack.extend(item.children.iter().rev());
                    }
                }
                Block::Table(t) => inlines.extend(t.header.iter().chain(t.rows.iter().flatten())),
                Block::Callout(inner) => {
                    for b in inner {
                        if let Block::Paragraph(p) = b {
                            inlines.push(p);
                        }
                    }
                }
            }
        }
    }
    inlines.sort_by_key(|i| i.span.start);
    let mut out = Vec::new();
    for inline in inlines {
        for line in super::lines::TextLine::split(inline) {
            for token in lex(lexicon, &line.norm.text).tokens {
                let span = line.span(token.range.clone());
                out.push(Placed {
                    token,
                    line: line.norm.text.clone(),
                    span,
                });
            }
        }
    }
    out
}

/// Merges neighbouring atoms that together are one value, in place.
fn compose(lexicon: &Lexicon, text: &str, tokens: &mut Vec<Token>, words: &mut Words) {
    english_dates(text, tokens, words);
    weekdays(text, tokens, words);
    clock_words(lexicon, text, tokens, words);
    zones_and_next_day(text, tokens, words);
    date_times(text, tokens);
    ranges(text, tokens);
    dot_dates(text, tokens, words);
    durations(lexicon, text, tokens);
    approximations(text, tokens, words);
    ratios(lexicon, text, tokens, words);
    changes(text, tokens, words);
    grades(text, tokens, words);
    labelled_owners(text, tokens, words);
}

/// `负责人：王磊`, `Owner: J. Chen`, `DRI: Priya Nair`: a name after an owner label.
fn labelled_owners(text: &str, tokens: &mut Vec<Token>, words: &mut Words) {
    let labels: Vec<WordHit> = words
        .of(|m| m == Meaning::Label(crate::config::Field::Owner))
        .copied()
        .collect();
    for l in labels {
        let rest = &text[l.range.1..];
        let Some(after_colon) = rest.trim_start().strip_prefix(':') else {
            continue;
        };
        let name_start = text.len() - after_colon.trim_start().len();
        let name_text = &text[name_start..];
        let stop = name_text
            .find(|c: char| {
                matches!(c, ',' | ';' | '。' | '(' | ')' | '|' | '、' | '，' | '；')
                    || c.is_ascii_digit()
            })
            .unwrap_or(name_text.len());
        let mut name = name_text[..stop].trim_end().trim_start_matches('@');
        let name_start = name_start
            + (name_text[..stop].len() - name_text[..stop].trim_start_matches('@').len());
        // A Chinese name has no spaces: what follows one is the next field (`刘洋 截止:…`).
        if !name.is_ascii() {
            name = name.split(' ').next().unwrap_or(name);
        }
        let count = name.chars().count();
        let nobody = words
            .of_kind(MeaningKind::Nobody)
            .any(|w| w.range.0 == name_start && w.range.1 == name_start + name.len());
        if count == 0 || count > 24 || name.split_whitespace().count() > 3 || nobody {
            continue;
        }
        let range = l.range.0..name_start + name.len();
        if tokens.iter().any(|t| {
            t.range.start < range.end
                && range.start < t.range.end
                && !matches!(t.kind, Kind::Owner { .. })
        }) {
            continue;
        }
        tokens.retain(|t| !(t.range.start >= range.start && t.range.end <= range.end));
        insert(
            tokens,
            Token {
                kind: Kind::Owner {
                    name: name_start..name_start + name.len(),
                },
                range: range.clone(),
            },
        );
        words.remove_within(range.start, range.end, &[MeaningKind::Label]);
    }
}

/// The text between two tokens.
fn between<'t>(text: &'t str, a: &Token, b: &Token) -> &'t str {
    text.get(a.range.end..b.range.start).unwrap_or("")
}

/// Inserts a token at its place in the sorted list.
fn insert(tokens: &mut Vec<Token>, token: Token) {
    let at = tokens.partition_point(|t| t.range.start < token.range.start);
    tokens.insert(at, token);
}

/// Replaces `tokens[from..to]` by one token spanning `range`.
fn replace_span(tokens: &mut Vec<Token>, from: usize, to: usize, range: Range<usize>, kind: Kind) {
    tokens.splice(from..to, std::iter::once(Token { kind, range }));
}

/// Replaces `tokens[from..to]` by one token spanning them.
fn replace(tokens: &mut Vec<Token>, from: usize, to: usize, kind: Kind) {
    let range = tokens[from].range.start..tokens[to - 1].range.end;
    replace_span(tokens, from, to, range, kind);
}

fn is_dash(s: &str) -> bool {
    matches!(
        s.trim(),
        "-" | "–" | "—" | "~" | "～" | "至" | "到" | "to" | "−" | "--" | "~次日"
    )
}

fn int_of(q: &Quantity) -> Option<u32> {
    (q.unit.is_none() && !q.multiplied && q.value.0.scale() == 0 && !q.value.0.is_sign_negative())
        .then(|| u32::try_from(q.value.0.mantissa()).ok())
        .flatten()
}

/// The plain integer a token is, if it is one (`14`, not `14%` or `1.5`).
fn int_token(t: &Token) -> Option<u32> {
    match &t.kind {
        Kind::Number(q) => int_of(q),
        _ => None,
    }
}

/// The first token starting at or after `at`, with only spaces before it.
fn token_after(text: &str, tokens: &[Token], at: usize) -> Option<usize> {
    let i = tokens.partition_point(|t| t.range.start < at);
    let t = tokens.get(i)?;
    text.get(at..t.range.start)?.trim().is_empty().then_some(i)
}

/// The last token ending at or before `at`, with only spaces after it.
fn token_before(text: &str, tokens: &[Token], at: usize) -> Option<usize> {
    let i = tokens
        .partition_point(|t| t.range.end <= at)
        .checked_sub(1)?;
    let t = &tokens[i];
    text.get(t.range.end..at)?.trim().is_empty().then_some(i)
}

/// `Jun 10`, `June 10th, 2024`, `10 Jun 2024`, `Jun 10–14, 2024`.
fn english_dates(text: &str, tokens: &mut Vec<Token>, words: &mut Words) {
    let months: Vec<(usize, usize, u32)> = words
        .of_kind(MeaningKind::Month)
        .filter_map(|h| match h.meaning {
            // English month names only: `六月` alone is no date.
            Meaning::Month(m) if text[h.range.0..h.range.1].is_ascii() => {
                Some((h.range.0, h.range.1, u32::from(m)))
            }
            _ => None,
        })
        .collect();
    for (start, end, month) in months {
        let month_end = if text[end..].starts_with('.') {
            end + 1
        } else {
            end
        };
        // The month, then the day.
        if let Some(i) = token_after(text, tokens, month_end).filter(|&i| {
            text[month_end..tokens[i].range.start].starts_with(' ')
                || tokens[i].range.start == month_end
        }) {
            if let Some(day) = int_token(&tokens[i]).filter(|d| (1..=31).contains(d)) {
                let mut last = i;
                let mut day_end = tokens[i].range.end + ordinal_len(&text[tokens[i].range.end..]);
                let mut last_day = None;
                if let Some(j) = tokens.get(i + 1).map(|_| i + 1) {
                    if is_dash(&text[day_end..tokens[j].range.start]) {
                        if let Some(d) =
                            int_token(&tokens[j]).filter(|d| (1..=31).contains(d) && *d >= day)
                        {
                            last_day = Some(d);
                            last = j;
                            day_end =
                                tokens[j].range.end + ordinal_len(&text[tokens[j].range.end..]);
                        }
                    }
                }
                let mut year = None;
                if let Some(j) = tokens.get(last + 1).map(|_| last + 1) {
                    let gap = &text[day_end..tokens[j].range.start];
                    if matches!(gap, " " | ", " | "," | ",  ") {
                        if let Some(y) = int_token(&tokens[j]).filter(|y| (1900..=2100).contains(y))
                        {
                            year = Some(y as i32);
                            last = j;
                            day_end = tokens[j].range.end;
                        }
                    }
                }
                let token = |day: u32| DateToken {
                    start,
                    end: day_end,
                    year,
                    month,
                    day,
                };
                let kind = match last_day {
                    Some(d2) => Kind::DateRange(token(day), token(d2)),
                    None => Kind::Date(token(day)),
                };
                replace_span(tokens, i, last + 1, start..day_end, kind);
                words.remove_within(start, end, &[MeaningKind::Month, MeaningKind::Comparator]);
                continue;
            }
        }
        // The day, then the month: `10 Jun`, `10 June 2024`.
        if let Some(i) =
            token_before(text, tokens, start).filter(|&i| &text[tokens[i].range.end..start] == " ")
        {
            if let Some(day) = int_token(&tokens[i]).filter(|d| (1..=31).contains(d)) {
                let mut last_end = month_end.min(text.len());
                let mut to = i + 1;
                let mut year = None;
                if let Some(j) = token_after(text, tokens, end)
                    .filter(|&j| text[end..tokens[j].range.start] == *" ")
                {
                    if let Some(y) = int_token(&tokens[j]).filter(|y| (1900..=2100).contains(y)) {
                        year = Some(y as i32);
                        last_end = tokens[j].range.end;
                        to = j + 1;
                    }
                }
                let d = DateToken {
                    start: tokens[i].range.start,
                    end: last_end,
                    year,
                    month,
                    day,
                };
                let range = tokens[i].range.start..last_end;
                replace_span(tokens, i, to, range, Kind::Date(d));
                words.remove_within(start, end, &[MeaningKind::Month]);
            }
        }
    }
}

fn ordinal_len(s: &str) -> usize {
    ["st", "nd", "rd", "th"]
        .iter()
        .find(|o| {
            s.get(..2).is_some_and(|h| h.eq_ignore_ascii_case(o))
                && !s[2..].starts_with(|c: char| c.is_ascii_alphanumeric())
        })
        .map_or(0, |_| 2)
}

/// `本周三`, `下周一`, `next Monday`.
fn weekdays(text: &str, tokens: &mut Vec<Token>, words: &mut Words) {
    // A weekday inside a value (`周一` of a date range) is no weekday of its own.
    let shifts: Vec<(usize, usize, i32)> = words
        .of_kind(MeaningKind::WeekShift)
        .map(|h| {
            let shift = match h.meaning {
                Meaning::NextWeek => 1,
                Meaning::LastWeek => -1,
                _ => 0,
            };
            (h.range.0, h.range.1, shift)
        })
        .collect();
    for (start, end, shift) in shifts {
        let rest = &text[end..];
        let lead = rest.len() - rest.trim_start().len();
        // `下周一`: the weekday's `周一` shares its `周` with `下周`.
        let day = words
            .starting_at(MeaningKind::Weekday, end + lead)
            .copied()
            .or_else(|| {
                words
                    .of_kind(MeaningKind::Weekday)
                    .find(|d| d.range.0 > start && d.range.0 < end && d.range.1 > end)
                    .copied()
            });
        let Some(day) = day else {
            continue;
        };
        // `本周日报` is this week's daily notes: a word that starts inside the weekday and goes
        // on past it (`日报`) wins.
        let swallowed = words
            .all()
            .iter()
            .any(|h| h.range.0 > day.range.0 && h.range.0 < day.range.1 && h.range.1 > day.range.1);
        if swallowed {
            continue;
        }
        let Meaning::Weekday(d) = day.meaning else {
            continue;
        };
        insert(
            tokens,
            Token {
                kind: Kind::Weekday {
                    shift,
                    day: u32::from(d),
                },
                range: start..day.range.1,
            },
        );
        words.remove_within(
            start,
            day.range.1,
            &[
                MeaningKind::WeekShift,
                MeaningKind::Weekday,
                MeaningKind::Previous,
            ],
        );
    }
}

/// `下午3点`, `3点半`, `晚上9点30分`, `3pm`, `8:56 PM`.
fn clock_words(lexicon: &Lexicon, text: &str, tokens: &mut Vec<Token>, words: &mut Words) {
    let mut i = 0;
    while i < tokens.len() {
        let t_end = tokens[i].range.end;
        let rest = &text[t_end..];
        let lead = rest.len() - rest.trim_start().len();
        // `3pm`, `8:56 PM`: glued or after one space.
        let ascii_part = (lead <= 1)
            .then(|| lexicon.day_part_at(&rest[lead..]))
            .flatten()
            .map(|(len, pm)| WordHit {
                range: (t_end + lead, t_end + lead + len),
                meaning: if pm { Meaning::Pm } else { Meaning::Am },
            });
        // `8:56 PM`: a time followed by a part of the day.
        if let Kind::Time(date, clock) = tokens[i].kind {
            if let Some(p) = ascii_part.filter(|_| (1..=12).contains(&clock.hour)) {
                let hour = twelve_hour(clock.hour, p.meaning == Meaning::Pm);
                tokens[i].kind = Kind::Time(date, Clock { hour, ..clock });
                tokens[i].range.end = p.range.1;
                words.remove_within(p.range.0, p.range.1, &[MeaningKind::DayPart]);
            }
            i += 1;
            continue;
        }
        let Some(hour) = int_token(&tokens[i]) else {
            i += 1;
            continue;
        };
        // `3pm`, `3 p.m.`
        if let Some(p) = ascii_part.filter(|_| (1..=12).contains(&hour)) {
            let clock = Clock {
                hour: twelve_hour(hour, p.meaning == Meaning::Pm),
                minute: 0,
                next_day: false,
                zone: None,
                half_day_unknown: false,
            };
            tokens[i].kind = Kind::Time(None, clock);
            tokens[i].range.end = p.range.1;
            words.remove_within(p.range.0, p.range.1, &[MeaningKind::DayPart]);
            i += 1;
            continue;
        }
        // `3点`, `3点半`, `3点30分`
        let Some(mark) = words
            .starting_at(MeaningKind::Hour, t_end)
            .copied()
            .filter(|_| hour <= 24)
        else {
            i += 1;
            continue;
        };
        let mut end = mark.range.1;
        let mut minute = 0;
        let mut to = i + 1;
        if let Some(half) = words.starting_at(MeaningKind::HalfHour, end).copied() {
            minute = 30;
            end = half.range.1;
        } else if let Some(j) = tokens
            .get(i + 1)
            .filter(|n| n.range.start == end)
            .map(|_| i + 1)
        {
            if let Some(q) = tokens[j].quantity() {
                let m = text[tokens[j].range.clone()].ends_with('分');
                if let (true, Some(min)) =
                    (m, int_of(&Quantity { unit: None, ..q }).filter(|m| *m < 60))
                {
                    minute = min;
                    end = tokens[j].range.end;
                    to = j + 1;
                }
            }
        }
        let before = &text[..tokens[i].range.start];
        let part = words
            .ending_at(MeaningKind::DayPart, before.trim_end().len())
            .copied()
            .filter(|p| text[p.range.1..tokens[i].range.start].trim().is_empty());
        let (hour, unknown) = match part.map(|p| p.meaning) {
            Some(Meaning::Pm) => (if hour < 12 { hour + 12 } else { hour }, false),
            Some(Meaning::Am) => (if hour == 12 { 0 } else { hour }, false),
            Some(_) => (hour, false),
            None => (hour, !(13..=24).contains(&hour) && hour != 0),
        };
        let start = part.map_or(tokens[i].range.start, |p| p.range.0);
        let clock = Clock {
            hour: hour % 24,
            minute,
            next_day: false,
            zone: None,
            half_day_unknown: unknown,
        };
        replace_span(tokens, i, to, start..end, Kind::Time(None, clock));
        words.remove_within(
            start,
            end,
            &[
                MeaningKind::DayPart,
                MeaningKind::Hour,
                MeaningKind::HalfHour,
            ],
        );
        i += 1;
    }
}

fn twelve_hour(hour: u32, pm: bool) -> u32 {
    match (hour, pm) {
        (12, false) => 0,
        (12, true) => 12,
        (h, true) => h + 12,
        (h, false) => h,
    }
}

/// `08:40 UTC`, `北京时间 23:10`, `09:00 +08:00`, `次日 01:20`.
fn zones_and_next_day(text: &str, tokens: &mut Vec<Token>, words: &mut Words) {
    for t in tokens.iter_mut() {
        let Kind::Time(_, clock) = &mut t.kind else {
            continue;
        };
        let rest = &text[t.range.end..];
        let lead = rest.len() - rest.trim_start().len();
        if let Some(z) = words
            .starting_at(MeaningKind::TimeZone, t.range.end + lead)
            .copied()
        {
            // `UTC+8`, `UTC+08:00`: the offset belongs to the zone.
            let offset = offset_len(&text[z.range.1..]);
            clock.zone = Some((z.range.0, z.range.1 + offset));
            t.range.end = z.range.1 + offset;
            words.remove_within(z.range.0, z.range.1, &[MeaningKind::TimeZone]);
        } else if let Some(len) = offset_zone_len(rest) {
            clock.zone = Some((t.range.end + lead, t.range.end + len));
            t.range.end += len;
        }
        let before = text[..t.range.start].trim_end().len();
        if let Some(z) = words.ending_at(MeaningKind::TimeZone, before).copied() {
            clock.zone = clock.zone.or(Some(z.range));
            t.range.start = z.range.0;
            words.remove_within(z.range.0, z.range.1, &[MeaningKind::TimeZone]);
        }
        let before = text[..t.range.start].trim_end().len();
        if let Some(n) = words.ending_at(MeaningKind::NextDay, before).copied() {
            clock.next_day = true;
            t.range.start = n.range.0;
            words.remove_within(n.range.0, n.range.1, &[MeaningKind::NextDay]);
        }
    }
    // A zone's offset read as a time or number (`+08:00`) is part of the zone now.
    let times: Vec<Range<usize>> = tokens
        .iter()
        .filter(|t| matches!(t.kind, Kind::Time(..)))
        .map(|t| t.range.clone())
        .collect();
    tokens.retain(|t| {
        !times
            .iter()
            .any(|r| *r != t.range && r.start <= t.range.start && t.range.end <= r.end)
    });
}

/// `+8`, `+08:00`, `-5` right after a zone's name: its length, or 0.
fn offset_len(rest: &str) -> usize {
    let b = rest.as_bytes();
    if !matches!(b.first(), Some(b'+' | b'-')) {
        return 0;
    }
    let h = b[1..]
        .iter()
        .take(2)
        .take_while(|c| c.is_ascii_digit())
        .count();
    if h == 0 {
        return 0;
    }
    let m = (b.get(1 + h) == Some(&b':')
        && b[2 + h..]
            .iter()
            .take(2)
            .take_while(|c| c.is_ascii_digit())
            .count()
            == 2) as usize
        * 3;
    1 + h + m
}

/// `+08:00` written right after a time: its length.
fn offset_zone_len(rest: &str) -> Option<usize> {
    let lead = rest.len() - rest.trim_start().len();
    let s = &rest[lead..];
    let b = s.as_bytes();
    let ok = lead > 0
        && b.len() >= 6
        && matches!(b[0], b'+' | b'-')
        && b[1..3].iter().all(u8::is_ascii_digit)
        && b[3] == b':'
        && b[4..6].iter().all(u8::is_ascii_digit);
    ok.then_some(lead + 6)
}

/// A date (or a dot date) followed by a time: the time's date.
fn date_times(text: &str, tokens: &mut Vec<Token>) {
    let mut i = 0;
    while i + 1 < tokens.len() {
        let date = match &tokens[i].kind {
            Kind::Date(d) => Some(Day::Date(*d)),
            Kind::Number(Quantity {
                dot_date: Some(d), ..
            }) => Some(Day::Date(*d)),
            Kind::Weekday { shift, day } => Some(Day::Weekday {
                shift: *shift,
                day: *day,
            }),
            _ => None,
        };
        let gap = between(text, &tokens[i], &tokens[i + 1]);
        // `6月12日下午3点` needs no space; `7/3 18:40` does (`7/318:40` is no date and time).
        let glued_words = gap.is_empty()
            && !text[tokens[i + 1].range.clone()].starts_with(|c: char| c.is_ascii_digit());
        let gap_ok = (gap.trim().is_empty() && !gap.is_empty()) || gap == "T" || glued_words;
        if let (Some(d), true) = (date, gap_ok) {
            match tokens[i + 1].kind {
                Kind::Time(None, clock) => {
                    replace(tokens, i, i + 2, Kind::Time(Some(d), clock));
                    continue;
                }
                Kind::TimeRange(None, a, b) => {
                    replace(tokens, i, i + 2, Kind::TimeRange(Some(d), a, b));
                    continue;
                }
                _ => {}
            }
        }
        i += 1;
    }
}

/// Two dates, times or figures around a dash.
fn ranges(text: &str, tokens: &mut Vec<Token>) {
    let mut i = 0;
    while i + 1 < tokens.len() {
        let gap = between(text, &tokens[i], &tokens[i + 1]);
        let both_dates = matches!(
            (&tokens[i].kind, &tokens[i + 1].kind),
            (Kind::Date(_), Kind::Date(_))
        );
        // `6月10日-14日`: the dash was read as the day's sign.
        let signed_day = gap.is_empty()
            && matches!(tokens[i].kind, Kind::Date(_))
            && text[tokens[i + 1].range.clone()].starts_with('-');
        // Notion writes a date range with an arrow: `June 11, 2024 → June 14, 2024`.
        if !(is_dash(gap) || signed_day || (both_dates && matches!(gap.trim(), "→" | "->"))) {
            i += 1;
            continue;
        }
        let kind = match (&tokens[i].kind, &tokens[i + 1].kind) {
            (Kind::Date(a), Kind::Date(b)) => Some(Kind::DateRange(*a, *b)),
            // `6月10日-14日`: the dash was read as the day's sign.
            (Kind::Date(a), Kind::Number(q)) => int_of(&Quantity {
                value: Num(q.value.0.abs()),
                ..*q
            })
            .filter(|d| (1..=31).contains(d) && *d > a.day)
            .map(|d| Kind::DateRange(*a, DateToken { day: d, ..*a }))
            // `2024.5.20-5.24`: the second in the first's year.
            .or_else(|| {
                q.dot_date
                    .filter(|_| q.unit.is_none())
                    .map(|b| Kind::DateRange(*a, DateToken { year: a.year, ..b }))
            }),
            (
                Kind::Number(Quantity {
                    dot_date: Some(a),
                    unit: None,
                    ..
                }),
                Kind::Number(Quantity {
                    dot_date: Some(b),
                    unit: None,
                    ..
                }),
            ) => Some(Kind::DateRange(*a, *b)),
            (
                Kind::Number(Quantity {
                    dot_date: Some(a),
                    unit: None,
                    ..
                }),
                Kind::Date(b),
            ) if b.year.is_none() => Some(Kind::DateRange(*a, *b)),
            (Kind::Time(date, a), Kind::Time(None, b)) => Some(Kind::TimeRange(*date, *a, *b)),
            (Kind::Number(a), Kind::Number(b)) if !a.value.0.is_sign_negative() => {
                // `3-5天`: the unit written once, after the second figure.
                let same_unit = a.unit == b.unit || a.unit.is_none();
                let b_written = &text[tokens[i + 1].range.clone()];
                let plain_dash = !b_written.starts_with(['-', '+']);
                (same_unit && plain_dash && a.value.0 < b.value.0 && gap.trim() != "to").then(
                    || {
                        let a = Quantity {
                            unit: a.unit.or(b.unit),
                            dot_date: None,
                            ..*a
                        };
                        Kind::Between(
                            a,
                            Quantity {
                                dot_date: None,
                                ..*b
                            },
                        )
                    },
                )
            }
            _ => None,
        };
        match kind {
            Some(k) => {
                replace(tokens, i, i + 2, k);
                // A day after a dash may carry `日`/`号`.
                let end = tokens[i].range.end;
                if matches!(tokens[i].kind, Kind::DateRange(..))
                    && text[end..].starts_with(['日', '号'])
                {
                    tokens[i].range.end = end + '日'.len_utf8();
                    if let Kind::DateRange(_, b) = &mut tokens[i].kind {
                        b.end = end + '日'.len_utf8();
                    }
                }
            }
            None => i += 1,
        }
    }
}

/// `预计 6.20 上线`, `截止 6.21，`, `ETA 6.28`: a dot date is a date where a date is expected,
/// after a due or done word (or label) or before a launch word, and where the figure ends
/// its phrase (`计划 2.1 资金对账` is a section number).
fn dot_dates(text: &str, tokens: &mut [Token], words: &Words) {
    for t in tokens.iter_mut() {
        let Kind::Number(Quantity {
            dot_date: Some(d),
            unit: None,
            multiplied: false,
            ..
        }) = t.kind
        else {
            continue;
        };
        let before = text[..t.range.start].trim_end_matches([' ', ':']).len();
        let cue_before = words.ending_at(MeaningKind::DateBefore, before).is_some()
            || words
                .ending_at(MeaningKind::Label, before)
                .is_some_and(|l| {
                    matches!(
                        l.meaning,
                        Meaning::Label(crate::config::Field::Due | crate::config::Field::Done)
                    )
                });
        let rest = &text[t.range.end..];
        let lead = rest.len() - rest.trim_start().len();
        let cue_after = words
            .starting_at(MeaningKind::DateAfter, t.range.end + lead)
            .is_some();
        let ends = rest.trim().is_empty()
            || rest
                .trim_start()
                .starts_with([',', ';', '。', '(', ')', '、', '|'])
            || cue_after;
        if (cue_before || cue_after) && ends {
            t.kind = Kind::Date(d);
        } else if cue_before && rest.starts_with(' ') {
            // `计划 2.1 资金对账`: a section's number after a plan word, neither date nor value.
            t.kind = Kind::Id;
        }
    }
}

/// Numbers in units of time become durations; neighbours in falling units join (`2h 15m`).
fn durations(lexicon: &Lexicon, text: &str, tokens: &mut Vec<Token>) {
    let seconds_of = |t: &Token| -> Option<(Decimal, Quantity, Decimal)> {
        let Kind::Number(q) = &t.kind else {
            return None;
        };
        let unit = lexicon.seconds(q.unit?)?;
        (!q.value.0.is_sign_negative()).then(|| (q.value.0 * unit.0, *q, unit.0))
    };
    // `1小时40分`: a bare number after hours, marked as minutes.
    let hour = lexicon.unit_named("h").and_then(|h| lexicon.seconds(h));
    let minute = lexicon.unit_named("min");
    for i in 1..tokens.len() {
        let after_hours = seconds_of(&tokens[i - 1])
            .is_some_and(|(_, _, u)| Some(u) == hour.map(|h| h.0))
            && between(text, &tokens[i - 1], &tokens[i]).trim().is_empty();
        if !after_hours {
            continue;
        }
        let end = tokens[i].range.end;
        if let (Kind::Number(q), Some(len)) =
            (&mut tokens[i].kind, lexicon.minute_mark_at(&text[end..]))
        {
            if q.unit.is_none() && minute.is_some() {
                q.unit = minute;
                tokens[i].range.end = end + len;
            }
        }
    }
    let mut i = 0;
    while i < tokens.len() {
        let Some((mut total, first, mut last_unit)) = seconds_of(&tokens[i]) else {
            i += 1;
            continue;
        };
        let mut end = i + 1;
        while let Some(next) = tokens.get(end) {
            let gap = between(text, &tokens[end - 1], next);
            if !(gap.is_empty() || gap == " ") {
                break;
            }
            let Some((s, q, unit)) = seconds_of(next) else {
                break;
            };
            // Only falling units join (`2h 15m`, not `15m 2h`), whole numbers after the first.
            if unit >= last_unit || !q.value.0.fract().is_zero() || q.approximate {
                break;
            }
            total += s;
            last_unit = unit;
            end += 1;
        }
        let single =
            (end == i + 1).then(|| (first.value, first.unit.expect("a duration has a unit")));
        let d = Duration {
            seconds: Num(total.normalize()),
            approximate: first.approximate,
            single,
        };
        replace(tokens, i, end, Kind::Duration(d));
        i += 1;
    }
}

/// `约2天`, `~20`, `about 3 hours`, `3天左右`. The words stay words: a name ends before
/// them.
fn approximations(text: &str, tokens: &mut [Token], words: &Words) {
    for t in tokens.iter_mut() {
        let before = text[..t.range.start].trim_end().len();
        let word_before = words.ending_at(MeaningKind::Approximate, before).copied();
        let rest = &text[t.range.end..];
        let lead = rest.len() - rest.trim_start().len();
        let word_after = words
            .starting_at(MeaningKind::ApproximateAfter, t.range.end + lead)
            .copied();
        if word_before.is_none() && word_after.is_none() {
            continue;
        }
        match &mut t.kind {
            Kind::Number(q) => q.approximate = true,
            Kind::Duration(d) => d.approximate = true,
            Kind::Between(a, b) => {
                a.approximate = true;
                b.approximate = true;
            }
            _ => {}
        }
    }
}

/// `48/179`, `3 of 5`, a date after a score word (`信心指数 6/10`).
fn ratios(lexicon: &Lexicon, text: &str, tokens: &mut Vec<Token>, words: &Words) {
    let mut i = 0;
    while i < tokens.len() {
        if let Kind::Date(d) = tokens[i].kind {
            let before = text[..tokens[i].range.start]
                .trim_end_matches([' ', ':'])
                .len();
            let scored = words.ending_at(MeaningKind::Score, before).is_some();
            // `3/5 个里程碑`, `3/3 轮`: a count of things, not a date.
            let rest = text[tokens[i].range.end..].trim_start();
            let counted = lexicon
                .unit_at(rest)
                .is_some_and(|(_, u)| lexicon.seconds(u).is_none() && lexicon.unit_name(u) != "%");
            if (scored || counted)
                && d.year.is_none()
                && text[tokens[i].range.clone()].contains('/')
            {
                tokens[i].kind = Kind::Ratio {
                    part: Num::from(i64::from(d.month)),
                    total: Num::from(i64::from(d.day)),
                };
            }
            i += 1;
            continue;
        }
        if let (Some(Kind::Number(a)), Some(Kind::Number(b))) = (
            tokens.get(i).map(|t| &t.kind),
            tokens.get(i + 1).map(|t| &t.kind),
        ) {
            let gap = between(text, &tokens[i], &tokens[i + 1]);
            let whole = |q: &Quantity| q.value.0.fract().is_zero() && !q.value.0.is_sign_negative();
            let plain = |q: &Quantity| {
                q.unit.is_none() && !q.value.0.is_sign_negative() && q.value.0 > Decimal::ZERO
            };
            // `48/179`, and a score out of a whole number (`4.6/5`).
            let counted = |q: &Quantity| {
                q.unit
                    .is_none_or(|u| lexicon.seconds(u).is_none() && lexicon.unit_name(u) != "%")
            };
            let slash = gap == "/"
                && plain(a)
                && whole(b)
                && counted(b)
                && (whole(a) || a.value.0 <= b.value.0);
            let of = gap == " of " && a.unit == b.unit;
            if slash || of {
                let (part, total) = (a.value, b.value);
                replace(tokens, i, i + 2, Kind::Ratio { part, total });
                continue;
            }
        }
        i += 1;
    }
}

/// `从1.8%降至1.2%`, `1.8% → 1.2%`, `from 120ms to 95ms`, `上周 25%`, `较上周下降8ms`.
fn changes(text: &str, tokens: &mut Vec<Token>, words: &mut Words) {
    let mut i = 0;
    while i + 1 < tokens.len() {
        let (Some(a), Some(b)) = (tokens[i].quantity(), tokens[i + 1].quantity()) else {
            i += 1;
            continue;
        };
        let Some(to) = words
            .filling(
                text,
                MeaningKind::ChangeTo,
                tokens[i].range.end,
                tokens[i + 1].range.start,
            )
            .copied()
        else {
            i += 1;
            continue;
        };
        let before = text[..tokens[i].range.start].trim_end().len();
        let from = words.ending_at(MeaningKind::ChangeFrom, before).copied();
        // `A to B` without `from` only with a sign for a word (`→`, `->`): `3 to 5` is a range.
        let sign = !text[to.range.0..to.range.1]
            .chars()
            .any(char::is_alphanumeric);
        let cjk = !text[to.range.0..to.range.1].is_ascii();
        let units_agree = a.unit == b.unit || a.unit.is_none() || b.unit.is_none();
        if units_agree && (from.is_some() || sign || (cjk && a.unit.is_some() && b.unit.is_some()))
        {
            let start = from.map_or(tokens[i].range.start, |f| f.range.0);
            let a = Quantity {
                unit: a.unit.or(b.unit),
                ..a
            };
            let end = tokens[i + 1].range.end;
            replace_span(
                tokens,
                i,
                i + 2,
                start..end,
                Kind::Change { from: a, to: b },
            );
            words.remove_within(
                start,
                end,
                &[
                    MeaningKind::ChangeFrom,
                    MeaningKind::ChangeTo,
                    MeaningKind::ChangeVerb,
                ],
            );
        }
        i += 1;
    }
    // `较上周下降8ms`, `环比 +2%`, `WoW -3%`: a change against an earlier period.
    let marks: Vec<WordHit> = words.of_kind(MeaningKind::Relative).copied().collect();
    for w in marks {
        let mut at = w.range.1;
        let rest = &text[at..];
        at += rest.len() - rest.trim_start().len();
        if let Some(v) = words.starting_at(MeaningKind::ChangeVerb, at).copied() {
            at = v.range.1;
        }
        let rest = &text[at..];
        at += rest.len() - rest.trim_start_matches([' ', ':']).len();
        let Some(i) = token_after(text, tokens, at).filter(|&i| tokens[i].range.start == at) else {
            continue;
        };
        if let Some(q) = tokens[i].quantity() {
            let range = w.range.0..tokens[i].range.end;
            replace_span(tokens, i, i + 1, range.clone(), Kind::Delta(q));
            words.remove_within(
                range.start,
                range.end,
                &[
                    MeaningKind::Relative,
                    MeaningKind::ChangeVerb,
                    MeaningKind::Previous,
                ],
            );
        }
    }
    // `上周 25%`, `was Jun 3`, `原定5月8日`: a previous value.
    let marks: Vec<WordHit> = words.of_kind(MeaningKind::Previous).copied().collect();
    for w in marks {
        let rest = &text[w.range.1..];
        let skip = rest.len() - rest.trim_start_matches([' ', ':', '为', '是', '=']).len();
        let Some(i) = token_after(text, tokens, w.range.1 + skip)
            .filter(|&i| tokens[i].range.start == w.range.1 + skip)
        else {
            continue;
        };
        let value = matches!(
            tokens[i].kind,
            Kind::Number(_) | Kind::Date(_) | Kind::Duration(_) | Kind::Weekday { .. }
        );
        if value {
            let kind = Kind::Previous(Box::new(tokens[i].kind.clone()));
            let range = w.range.0..tokens[i].range.end;
            replace_span(tokens, i, i + 1, range, kind);
            words.remove_within(
                w.range.0,
                w.range.1,
                &[MeaningKind::Previous, MeaningKind::WeekShift],
            );
        }
    }
}

/// Grades and incident counts: `P3故障2起`, `SEV1 0`, `AB级0次`, `2 SEV2s`, `1× SEV3`,
/// `no SEV1`, `无P1/P2故障`.
fn grades(text: &str, tokens: &mut Vec<Token>, words: &mut Words) {
    let hits: Vec<WordHit> = words.of_kind(MeaningKind::Grade).copied().collect();
    for h in &hits {
        let written = &text[h.range.0..h.range.1];
        let rest = text[h.range.1..].trim_start();
        let labelled = words
            .ending_at(
                MeaningKind::Label,
                text[..h.range.0].trim_end_matches([' ', ':']).len(),
            )
            .is_some_and(|l| l.meaning == Meaning::Label(crate::config::Field::Grade));
        let marked = labelled
            || rest.starts_with(['级', '类'])
            || words
                .of_kind(MeaningKind::IncidentWord)
                .any(|w| w.range.0 == h.range.1 + (text[h.range.1..].len() - rest.len()));
        // `C`, `AB`, `S3` alone are letters (an S3 bucket, A/B tests): a grade only when
        // marked or counted, which the count rules below decide.
        let weak = written.chars().count() <= 2
            && (written.chars().all(|c| c.is_ascii_alphabetic())
                || written.starts_with(['S', 's']));
        insert(
            tokens,
            Token {
                kind: Kind::Grade {
                    qualified: marked || !weak,
                },
                range: h.range.0..h.range.1,
            },
        );
    }
    words.remove_within(0, text.len(), &[MeaningKind::Grade]);
    let mut i = 0;
    while i < tokens.len() {
        if !matches!(tokens[i].kind, Kind::Grade { .. }) {
            i += 1;
            continue;
        }
        let grade = tokens[i].range.clone();
        // Count after: `SEV1 0`, `P3故障2起`, `AB级0次`, `SEV2: 1`.
        if let Some(next) = tokens.get(i + 1) {
            let link = count_link(text, words, grade.end, next.range.start);
            let count = match &next.kind {
                Kind::Number(q) if q.unit.is_none() || is_count_unit(text, next) => {
                    int_of(&Quantity { unit: None, ..*q })
                }
                _ => None,
            };
            if let (true, Some(count)) = (link, count) {
                let next_end = next.range.end;
                replace(
                    tokens,
                    i,
                    i + 2,
                    Kind::GradeCount {
                        grade: grade.clone(),
                        count,
                    },
                );
                words.remove_within(grade.start, next_end, &[MeaningKind::IncidentWord]);
                i += 1;
                continue;
            }
        }
        // Count before: `2 SEV2s`, `1× SEV3`.
        if i > 0 {
            let gap = between(text, &tokens[i - 1], &tokens[i]).trim();
            if let Some(count) =
                int_token(&tokens[i - 1]).filter(|_| matches!(gap, "" | "×" | "x" | "*"))
            {
                replace(tokens, i - 1, i + 1, Kind::GradeCount { grade, count });
                continue;
            }
        }
        i += 1;
    }
    // Zero: `no SEV1`, `无P1/P2故障`: each grade joined to the zero word by `/`, `、`, `,`.
    zeros(text, tokens, words);
    tokens.retain(|t| !matches!(t.kind, Kind::Grade { qualified: false }));
}

fn zeros(text: &str, tokens: &mut Vec<Token>, words: &mut Words) {
    let zeros: Vec<WordHit> = words.of_kind(MeaningKind::Zero).copied().collect();
    for z in zeros {
        let Some(first) = token_after(text, tokens, z.range.1) else {
            continue;
        };
        let mut j = first;
        let mut graded = Vec::new();
        while let Some(t) = tokens.get(j) {
            let joined = if graded.is_empty() {
                text[z.range.1..t.range.start].trim().is_empty()
            } else {
                matches!(
                    between(text, &tokens[j - 1], t).trim(),
                    "/" | "、" | "," | "和" | "及" | "or" | "and"
                )
            };
            if matches!(t.kind, Kind::Grade { .. }) && joined {
                graded.push(t.range.clone());
                j += 1;
            } else {
                break;
            }
        }
        if graded.is_empty() {
            continue;
        }
        let mut end = tokens[j - 1].range.end;
        // `无P1/P2故障`: the incident word after belongs to it.
        if let Some(w) = words.starting_at(MeaningKind::IncidentWord, end).copied() {
            end = w.range.1;
        }
        let range = z.range.0..end;
        let new: Vec<Token> = graded
            .into_iter()
            .map(|g| Token {
                kind: Kind::GradeCount { grade: g, count: 0 },
                range: range.clone(),
            })
            .collect();
        tokens.splice(first..j, new);
        words.remove_within(range.start, range.end, &[MeaningKind::Zero]);
    }
}

/// Whether only incident words and `级`, `类`, `数`, `:` stand between a grade and a count.
fn count_link(text: &str, words: &Words, from: usize, to: usize) -> bool {
    let Some(gap) = text.get(from..to) else {
        return false;
    };
    let mut rest: Vec<(usize, char)> = gap.char_indices().map(|(i, c)| (from + i, c)).collect();
    for w in words.of_kind(MeaningKind::IncidentWord) {
        if w.range.0 >= from && w.range.1 <= to {
            rest.retain(|(i, _)| *i < w.range.0 || *i >= w.range.1);
        }
    }
    rest.iter()
        .all(|(_, c)| matches!(c, '级' | '类' | '数' | ':' | '=' | ' ' | '×' | '*'))
}

fn is_count_unit(text: &str, t: &Token) -> bool {
    text[t.range.clone()].ends_with(['次', '起', '个', '件'])
}

/// The comparator written right after byte `at` (`1.5s 以内`), if one is.
pub fn comparator_after(words: &Words, text: &str, at: usize) -> Option<Comparison> {
    let rest = &text[at..];
    let lead = rest.len() - rest.trim_start().len();
    match words
        .starting_at(MeaningKind::ComparatorAfter, at + lead)?
        .meaning
    {
        Meaning::ComparatorAfter(op) => Some(op),
        _ => None,
    }
}

/// The comparator written right before byte `at` (`≥ 99.9%`, `目标≤150ms`), if one is.
pub fn comparator_before(words: &Words, text: &str, at: usize) -> Option<Comparison> {
    let before = text[..at].trim_end().len();
    match words.ending_at(MeaningKind::Comparator, before)?.meaning {
        Meaning::Comparator(op) => Some(op),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn lexed(text: &str) -> Vec<(String, String)> {
        let config = Config::builtin();
        let lexicon = config.vocabulary.lexicon();
        lex(lexicon, text)
            .tokens
            .into_iter()
            .map(|t| {
                (
                    text[t.range.clone()].to_string(),
                    describe(lexicon, text, &t.kind),
                )
            })
            .collect()
    }

    fn describe(lexicon: &Lexicon, text: &str, kind: &Kind) -> String {
        let q = |q: &Quantity| {
            let unit = q
                .unit
                .map_or(String::new(), |u| lexicon.unit_name(u).to_string());
            format!("{}{unit}{}", q.value, if q.approximate { "~" } else { "" })
        };
        match kind {
            Kind::Number(n) => q(n),
            Kind::Between(a, b) => format!("{}..{}", q(a), q(b)),
            Kind::Duration(d) => format!("{}s", d.seconds),
            Kind::Date(d) => d.written(),
            Kind::DateRange(a, b) => format!("{}..{}", a.written(), b.written()),
            Kind::Time(d, c) => format!(
                "{}{:02}:{:02}{}",
                match d {
                    Some(Day::Date(d)) => format!("{} ", d.written()),
                    Some(Day::Weekday { shift, day }) => format!("{shift}w{day} "),
                    None => String::new(),
                },
                c.hour,
                c.minute,
                c.zone
                    .map_or(String::new(), |z| format!(" {}", &text[z.0..z.1]))
            ),
            Kind::TimeRange(_, a, b) => format!(
                "{:02}:{:02}..{:02}:{:02}",
                a.hour, a.minute, b.hour, b.minute
            ),
            Kind::GradeCount { grade, count } => format!("{}={count}", &text[grade.clone()]),
            Kind::Change { from, to } => format!("{}->{}", q(from), q(to)),
            Kind::Previous(k) => format!("was {}", describe(lexicon, text, k)),
            Kind::Delta(d) => format!("delta {}", q(d)),
            Kind::Ratio { part, total } => format!("{part}/{total}"),
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn numbers_keep_their_multiplier_and_unit() {
        assert_eq!(
            lexed("日均支付笔数 3.4万"),
            [("3.4万".into(), "34000".into())]
        );
        assert_eq!(lexed("TPS 1.2k"), [("1.2k".into(), "1200".into())]);
        assert_eq!(
            lexed("交易额 12,860,500元"),
            [("12,860,500元".into(), "12860500元".into())]
        );
        assert_eq!(
            lexed("成功率 99.95 %"),
            [("99.95 %".into(), "99.95%".into())]
        );
        assert_eq!(lexed("$2.6M"), [("$2.6M".into(), "2600000USD".into())]);
        assert_eq!(lexed("错误预算 -12%"), [("-12%".into(), "-12%".into())]);
    }

    #[test]
    fn durations_join_falling_units() {
        assert_eq!(
            lexed("Duration: 2h 15m"),
            [("2h 15m".into(), "8100s".into())]
        );
        assert_eq!(
            lexed("耗时1小时40分"),
            [("1小时40分".into(), "6000s".into())]
        );
        assert_eq!(lexed("MTTA 3m20s"), [("3m20s".into(), "200s".into())]);
        assert_eq!(lexed("约2天"), [("2天".into(), "172800s".into())]);
    }

    #[test]
    fn changes_previous_values_and_deltas() {
        assert_eq!(
            lexed("已从1.8%降至1.2%"),
            [("从1.8%降至1.2%".into(), "1.8%->1.2%".into())]
        );
        assert_eq!(
            lexed("进度 70%（上周 55%）"),
            [
                ("70%".into(), "70%".into()),
                ("上周 55%".into(), "was 55%".into())
            ]
        );
        assert_eq!(
            lexed("P99 236ms，较上周下降8ms"),
            [
                ("236ms".into(), "236ms".into()),
                ("较上周下降8ms".into(), "delta 8ms".into())
            ]
        );
    }

    #[test]
    fn dates_times_and_ranges() {
        assert_eq!(
            lexed("2024-06-11 08:40–09:25 UTC"),
            [("2024-06-11 08:40–09:25 UTC".into(), "08:40..09:25".into())]
        );
        assert_eq!(
            lexed("Jun 10–14, 2024"),
            [("Jun 10–14, 2024".into(), "2024-06-10..2024-06-14".into())]
        );
        assert_eq!(
            lexed("6.10-6.14"),
            [("6.10-6.14".into(), "6/10..6/14".into())]
        );
        assert_eq!(lexed("下午3点"), [("下午3点".into(), "15:00".into())]);
        assert_eq!(lexed("次日 01:20"), [("次日 01:20".into(), "01:20".into())]);
    }

    #[test]
    fn grade_counts() {
        assert_eq!(
            lexed("Incidents: SEV1 0, SEV2 1, SEV3 2"),
            [
                ("SEV1 0".into(), "SEV1=0".into()),
                ("SEV2 1".into(), "SEV2=1".into()),
                ("SEV3 2".into(), "SEV3=2".into())
            ]
        );
        assert_eq!(lexed("P3故障2起"), [("P3故障2起".into(), "P3=2".into())]);
        assert_eq!(
            lexed("事故数AB级0次，CD级1次"),
            [
                ("AB级0次".into(), "AB=0".into()),
                ("CD级1次".into(), "CD=1".into())
            ]
        );
        assert_eq!(
            lexed("2 SEV2s and 1× SEV3"),
            [
                ("2 SEV2s".into(), "SEV2s=2".into()),
                ("1× SEV3".into(), "SEV3=1".into())
            ]
        );
        assert_eq!(
            lexed("无P1/P2故障"),
            [
                ("无P1/P2故障".into(), "P1=0".into()),
                ("无P1/P2故障".into(), "P2=0".into())
            ]
        );
    }
}
