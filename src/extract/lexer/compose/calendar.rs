//! Calendar values: English dates, weekdays, clock words, zones, dates with times, ranges,
//! dot dates.

use super::*;

/// `Jun 10`, `June 10th, 2024`, `10 Jun 2024`, `Jun 10–14, 2024`.
pub(super) fn english_dates(text: &str, tokens: &mut Tokens, words: &mut Words) {
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
pub(super) fn weekdays(text: &str, tokens: &mut Tokens, words: &mut Words) {
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
                    .of_kind_starting_in(MeaningKind::Weekday, start + 1, end)
                    .find(|d| d.range.1 > end)
                    .copied()
            });
        let Some(day) = day else {
            continue;
        };
        // `本周日报` is this week's daily notes: a word that starts inside the weekday and goes
        // on past it (`日报`) wins.
        let swallowed = words
            .starting_in(day.range.0 + 1, day.range.1)
            .any(|h| h.range.1 > day.range.1);
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
pub(super) fn clock_words(lexicon: &Lexicon, text: &str, tokens: &mut Tokens, words: &mut Words) {
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
                let m = text[tokens[j].range.clone()]
                    .ends_with(crate::config::script::script().minute_marks.as_slice());
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
pub(super) fn zones_and_next_day(text: &str, tokens: &mut Tokens, words: &mut Words) {
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
    // A zone's offset read as a time or number (`+08:00`) is part of the zone now. Tokens are
    // in order of start, so the time that could hold a token is the one reaching furthest
    // among those before it.
    let mut cover: Option<Range<usize>> = None;
    tokens.retain(|t| {
        let inside = cover
            .as_ref()
            .is_some_and(|r| *r != t.range && r.start <= t.range.start && t.range.end <= r.end);
        if matches!(t.kind, Kind::Time(..)) && cover.as_ref().is_none_or(|c| t.range.end > c.end) {
            cover = Some(t.range.clone());
        }
        !inside
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
pub(super) fn date_times(text: &str, tokens: &mut Tokens) {
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
pub(super) fn ranges(text: &str, tokens: &mut Tokens) {
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
                let day_mark = text[end..]
                    .chars()
                    .next()
                    .filter(|c| crate::config::script::script().day_marks.contains(c));
                if let (Kind::DateRange(_, b), Some(mark)) = (&mut tokens[i].kind, day_mark) {
                    b.end = end + mark.len_utf8();
                    tokens[i].range.end = end + mark.len_utf8();
                }
            }
            None => i += 1,
        }
    }
}

/// `预计 6.20 上线`, `截止 6.21，`, `ETA 6.28`: a dot date is a date where a date is expected,
/// after a due or done word (or label) or before a launch word, and where the figure ends
/// its phrase (`计划 2.1 资金对账` is a section number).
pub(super) fn dot_dates(text: &str, tokens: &mut Tokens, words: &Words) {
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
