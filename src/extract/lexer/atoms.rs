//! Atoms: the values a line holds before any are joined — numbers with their multiplier and
//! unit, dates and times in digits, weeks, ids, marks, inline fields — each at most once,
//! never overlapping.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;

use crate::config::{Lexicon, MeaningKind, WordHit};
use crate::model::Num;

use super::super::dates::{find_dates, find_times, DateToken};
use super::super::header::{find_week, WrittenWeek};
use super::{Clock, Kind, Quantity, Token};

/// Values written in digits and signs: dates, times, weeks, ids, owners, tags, task
/// signifiers and numbers, not overlapping. `hits` are the line's vocabulary words, sorted by
/// start: some decide what digits are (`SEV-2` is a grade, `MySQL 8.0` a name, `last week 22`
/// no week).
pub(super) fn atoms(lexicon: &Lexicon, text: &str, hits: &[WordHit]) -> Vec<Token> {
    let mut taken = Taken::default();
    let free = |taken: &Taken, r: &Range<usize>| taken.free(r);
    let hit_of = |kind: MeaningKind| hits.iter().filter(move |h| h.meaning.kind() == kind);
    let opaque = |taken: &mut Taken, r: Range<usize>| {
        if taken.free(&r) {
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
    let spoken_weeks = Spans::new(
        hits.iter()
            .filter(|h| {
                matches!(
                    h.meaning.kind(),
                    MeaningKind::Previous | MeaningKind::Relative | MeaningKind::WeekShift
                )
            })
            .map(|h| h.range.0..h.range.1),
    );
    let mut at = 0;
    while let Some(w) = find_week(&text[at..]) {
        let r = at + w.range.0..at + w.range.1;
        let next = r.end.max(at + 1);
        let spoken = spoken_weeks.meets(&r);
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
    let names_before: HashSet<usize> = hit_of(MeaningKind::NameBefore).map(|h| h.range.1).collect();
    let names_after: HashSet<usize> = hit_of(MeaningKind::NameAfter).map(|h| h.range.0).collect();
    // Where each `→`/`升级到` word ends, and where it starts.
    let change_to: HashMap<usize, usize> = hit_of(MeaningKind::ChangeTo)
        .map(|h| (h.range.1, h.range.0))
        .collect();
    for (r, q) in numbers(lexicon, text) {
        if !free(&taken, &r) {
            continue;
        }
        // `MySQL 8.0`, `版本 5.14`, `第2版`: part of a name, with at most one space between.
        let gap_before = |end: usize| {
            text.get(end..r.start)
                .is_some_and(|g| g.trim().is_empty() && g.len() <= 1)
        };
        let name_before = names_before.contains(&r.start)
            || (r.start > 0 && names_before.contains(&(r.start - 1)) && gap_before(r.start - 1));
        let named =
            q.unit.is_none() && !q.multiplied && (name_before || names_after.contains(&r.end));
        // `Postgres 16.3 → 16.4`: the figure an upgrade goes to is part of the name too: an id,
        // spaces, a `to` word, spaces, the figure.
        let named = named
            || spaces_before(text, r.start).any(|end| {
                change_to
                    .get(&end)
                    .is_some_and(|&start| spaces_before(text, start).any(|e| taken.id_ends_at(e)))
            });
        let kind = if named { Kind::Id } else { Kind::Number(q) };
        taken.push(Token { kind, range: r });
    }
    let taken = taken.into_vec();
    // Fields hold the tokens of their value. Values never overlap (a field's value ends
    // where the next field may start), so the value a token is inside is found by its start.
    let mut values: Vec<Range<usize>> = taken
        .iter()
        .filter_map(|t| match &t.kind {
            Kind::Field { value, .. } => Some(value.clone()),
            _ => None,
        })
        .collect();
    values.sort_by_key(|v| v.start);
    let value_of = |t: &Token| {
        let i = values
            .partition_point(|v| v.start <= t.range.start)
            .checked_sub(1)?;
        (t.range.end <= values[i].end).then_some(i)
    };
    let mut inner: Vec<Vec<Token>> = vec![Vec::new(); values.len()];
    let mut kept = Vec::with_capacity(taken.len());
    for t in taken {
        match value_of(&t) {
            Some(i) if !matches!(t.kind, Kind::Field { .. }) => inner[i].push(t),
            _ => kept.push(t),
        }
    }
    for t in &mut kept {
        if let Kind::Field {
            value, inner: slot, ..
        } = &mut t.kind
        {
            let i = values.partition_point(|v| v.start < value.start);
            *slot = std::mem::take(&mut inner[i]);
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

/// The atoms read so far, never overlapping, by where they start: whether a range is still
/// free is one lookup.
#[derive(Default)]
struct Taken {
    /// Atoms in the order they were read (earlier readers win a place).
    tokens: Vec<Token>,
    /// Start → end of every atom.
    spans: BTreeMap<usize, usize>,
    /// Where the opaque atoms (`Kind::Id`) end.
    id_ends: HashSet<usize>,
}

impl Taken {
    /// Whether no atom overlaps `r`. Atoms never overlap, so the one that could is the last
    /// that starts before `r` ends.
    fn free(&self, r: &Range<usize>) -> bool {
        self.spans
            .range(..r.end)
            .next_back()
            .is_none_or(|(_, &end)| end <= r.start)
    }

    fn push(&mut self, token: Token) {
        let end = self.spans.entry(token.range.start).or_default();
        *end = (*end).max(token.range.end);
        if matches!(token.kind, Kind::Id) {
            self.id_ends.insert(token.range.end);
        }
        self.tokens.push(token);
    }

    fn id_ends_at(&self, end: usize) -> bool {
        self.id_ends.contains(&end)
    }

    fn into_vec(self) -> Vec<Token> {
        self.tokens
    }
}

/// Ranges that may overlap, asked whether any of them meets a range.
struct Spans {
    /// Sorted by start.
    starts: Vec<usize>,
    /// The greatest end among the first `i + 1` ranges.
    max_end: Vec<usize>,
}

impl Spans {
    fn new(ranges: impl Iterator<Item = Range<usize>>) -> Self {
        let mut ranges: Vec<Range<usize>> = ranges.collect();
        ranges.sort_by_key(|r| r.start);
        let mut max = 0;
        let max_end = ranges
            .iter()
            .map(|r| {
                max = max.max(r.end);
                max
            })
            .collect();
        Spans {
            starts: ranges.iter().map(|r| r.start).collect(),
            max_end,
        }
    }

    /// Whether a range starts before `r` ends and ends after `r` starts.
    fn meets(&self, r: &Range<usize>) -> bool {
        let before_end = self.starts.partition_point(|&s| s < r.end);
        before_end > 0 && self.max_end[before_end - 1] > r.start
    }
}

/// The positions from `at` back over the spaces before it: `at` itself, then one byte earlier
/// per space (where a word before those spaces would end).
fn spaces_before(text: &str, at: usize) -> impl Iterator<Item = usize> + '_ {
    let trimmed = text[..at].trim_end().len();
    (trimmed..=at)
        .rev()
        .filter(move |&i| text.is_char_boundary(i))
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
    // Where each prefix is next found: searched again only once passed, so the line is read
    // once per prefix.
    let prefixes = ["https://", "http://", "www."];
    let mut found = prefixes.map(|p| text.find(p));
    while from < text.len() {
        for (p, f) in prefixes.iter().zip(&mut found) {
            if f.is_some_and(|at| at < from) {
                *f = text[from..].find(p).map(|i| from + i);
            }
        }
        let Some(at) = found.iter().flatten().min().copied() else {
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

/// The longest key of an inline field, in characters.
const MAX_KEY_CHARS: usize = 40;

/// Dataview inline fields: `[key:: value]`, `(key:: value)`, and a whole line `key:: value`.
/// The token covers the key and `::`; the value's own tokens (a date, a name) stay tokens.
fn inline_fields(lexicon: &Lexicon, text: &str) -> Vec<(Range<usize>, Kind)> {
    let mut out = Vec::new();
    let mut from = 0;
    // A closer not found after one field is not found after a later one either.
    let mut unclosed = [false; 2];
    while let Some(at) = text[from..].find("::").map(|i| from + i) {
        from = at + 2;
        // A key is a few words (the vocabulary's longest label is far shorter).
        let key_start = text[..at]
            .char_indices()
            .rev()
            .take(MAX_KEY_CHARS + 1)
            .take_while(|(_, c)| c.is_alphanumeric() || matches!(c, '_' | '-' | ' '))
            .last()
            .map_or(at, |(i, _)| i);
        if text[key_start..at].chars().count() > MAX_KEY_CHARS {
            continue;
        }
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
            Some(c) => {
                let slot = usize::from(c == ')');
                let found = (!unclosed[slot])
                    .then(|| text[value_start..].find(c))
                    .flatten();
                match found {
                    Some(i) => value_start + i,
                    None => {
                        unclosed[slot] = true;
                        continue;
                    }
                }
            }
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
    // Hits are sorted by start.
    let word_at = |kind: MeaningKind, start: usize, end: usize| {
        let from = hits.partition_point(|h| h.range.0 < start);
        hits[from..]
            .iter()
            .take_while(|h| h.range.0 == start)
            .any(|h| h.meaning.kind() == kind && h.range.1 == end)
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
                    // The date must start right after the signifier: the few bytes a date
                    // and what ends it take are enough to read.
                    let mut window = (lead + 64).min(rest.len());
                    while !rest.is_char_boundary(window) {
                        window += 1;
                    }
                    let date = find_dates(&rest[..window])
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
