//! Figures: durations, approximations, ratios, changes and previous values, grade counts,
//! zeros, and owners after a label.

use super::*;
use crate::config::script::{script, Script};

/// Numbers in units of time become durations; neighbours in falling units join (`2h 15m`).
pub(super) fn durations(lexicon: &Lexicon, text: &str, tokens: &mut Tokens) {
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
pub(super) fn approximations(text: &str, tokens: &mut Tokens, words: &Words) {
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
pub(super) fn ratios(lexicon: &Lexicon, text: &str, tokens: &mut Tokens, words: &Words) {
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
pub(super) fn changes(text: &str, tokens: &mut Tokens, words: &mut Words) {
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
        let skip = rest.len()
            - rest
                .trim_start_matches(|c: char| {
                    matches!(c, ' ' | ':' | '=') || script().previous_copulas.contains(&c)
                })
                .len();
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
pub(super) fn grades(text: &str, tokens: &mut Tokens, words: &mut Words) {
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
            || rest.starts_with(script().grade_marks.as_slice())
            || words
                .starting_at(
                    MeaningKind::IncidentWord,
                    h.range.1 + (text[h.range.1..].len() - rest.len()),
                )
                .is_some();
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
        // `P2 x1`, `SEV3 ×2`: a count after a times sign glued to it.
        if let Some(end) = times_count_end(text, grade.end, tokens.get(i + 1)) {
            let count = text[grade.end..end]
                .trim_start()
                .trim_start_matches(['x', 'X', '×'])
                .parse::<u32>()
                .ok();
            if let Some(count) = count {
                tokens[i] = Token {
                    kind: Kind::GradeCount {
                        grade: grade.clone(),
                        count,
                    },
                    range: grade.start..end,
                };
                // The figure after the sign, if it was read as one, is the count.
                if tokens.get(i + 1).is_some_and(|t| t.range.start < end) {
                    tokens.splice(i + 1..i + 2, []);
                }
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
    // `P0/P1故障 0 起`: grades joined by `/` share a count of none. A count of more
    // (`P1/P2故障 2 起`) could be split any way: it counts the group as written (`P1/P2`).
    let mut i = tokens.len();
    while i > 1 {
        i -= 1;
        let Kind::GradeCount { count, .. } = tokens[i].kind else {
            continue;
        };
        let joined = matches!(tokens[i - 1].kind, Kind::Grade { qualified: true })
            && matches!(between(text, &tokens[i - 1], &tokens[i]).trim(), "/" | "、")
            && text[tokens[i].range.clone()].starts_with(|c: char| c.is_ascii_alphanumeric());
        if !joined {
            continue;
        }
        if count == 0 {
            let grade = tokens[i - 1].range.clone();
            tokens[i - 1].kind = Kind::GradeCount { grade, count: 0 };
        } else {
            // Counted as the group it was written as (`P1/P2` = 2).
            let start = tokens[i - 1].range.start;
            let range = start..tokens[i].range.end;
            let grade = match &tokens[i].kind {
                Kind::GradeCount { grade, .. } => start..grade.end,
                _ => continue,
            };
            tokens.splice(
                i - 1..i + 1,
                [Token {
                    kind: Kind::GradeCount { grade, count },
                    range,
                }],
            );
        }
    }
    // Zero: `no SEV1`, `无P1/P2故障`: each grade joined to the zero word by `/`, `、`, `,`.
    zeros(text, tokens, words);
    tokens.retain(|t| !matches!(t.kind, Kind::Grade { qualified: false }));
}

fn zeros(text: &str, tokens: &mut Tokens, words: &mut Words) {
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
                Script::is(
                    &script().grade_joiners,
                    between(text, &tokens[j - 1], t).trim(),
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

/// `P2 x1`: where a count written right after a times sign (`x`, `×`) after a grade ends,
/// when nothing but spaces stands between and no letter or digit follows.
fn times_count_end(text: &str, from: usize, next: Option<&Token>) -> Option<usize> {
    let rest = &text[from..];
    let spaced = rest.trim_start_matches(' ');
    let sign = spaced.strip_prefix(['x', 'X', '×'])?;
    let digits = sign.len() - sign.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 || digits > 3 {
        return None;
    }
    let end = from + (rest.len() - sign.len()) + digits;
    if text[end..].starts_with(|c: char| c.is_alphanumeric() || c == '.') {
        return None;
    }
    // A token after the sign must be that figure, nothing longer.
    if next.is_some_and(|t| t.range.start < end && t.range.end > end) {
        return None;
    }
    Some(end)
}

/// Whether only incident words and `级`, `类`, `数`, `:` stand between a grade and a count.
fn count_link(text: &str, words: &Words, from: usize, to: usize) -> bool {
    let Some(gap) = text.get(from..to) else {
        return false;
    };
    let mut rest: Vec<(usize, char)> = gap.char_indices().map(|(i, c)| (from + i, c)).collect();
    for w in words.of_kind_starting_in(MeaningKind::IncidentWord, from, to) {
        if w.range.1 <= to {
            rest.retain(|(i, _)| *i < w.range.0 || *i >= w.range.1);
        }
    }
    let script = script();
    rest.iter().all(|(_, c)| {
        matches!(c, ':' | '=' | ' ' | '×' | '*')
            || script.grade_marks.contains(c)
            || script.grade_count_words.contains(c)
    })
}

fn is_count_unit(text: &str, t: &Token) -> bool {
    text[t.range.clone()].ends_with(script().count_units.as_slice())
}

/// `owner 张伟,`, `Owner Marco)`: after an English owner label and one space, with no colon, a
/// name that fills the phrase up to its end: two or three Chinese characters, or one to three
/// capitalised words. The text from the name on, or `None`.
fn spaced_owner(text: &str, start: usize, end: usize) -> Option<&str> {
    if !text[start..end].is_ascii() {
        return None;
    }
    let after = text[end..].strip_prefix(' ')?;
    let stop = after
        .find([',', ';', '，', '；', ')', '|', '。'])
        .unwrap_or(after.len());
    let name = after[..stop].trim_end();
    let han = name.chars().count();
    let chinese =
        (2..=3).contains(&han) && name.chars().all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    let latin = {
        let words: Vec<&str> = name.split(' ').collect();
        (1..=3).contains(&words.len())
            && words.iter().all(|w| {
                let mut cs = w.chars();
                cs.next().is_some_and(|c| c.is_ascii_uppercase())
                    && cs.all(|c| c.is_ascii_alphabetic() || matches!(c, '.' | '-' | '\''))
            })
    };
    (chinese || latin).then_some(after)
}

/// `负责人：王磊`, `Owner: J. Chen`, `DRI: Priya Nair`: a name after an owner label.
pub(super) fn labelled_owners(text: &str, tokens: &mut Tokens, words: &mut Words) {
    let labels: Vec<WordHit> = words
        .of(|m| m == Meaning::Label(crate::config::Field::Owner))
        .copied()
        .collect();
    for l in labels {
        let rest = &text[l.range.1..];
        let Some(after_colon) = rest
            .trim_start()
            .strip_prefix(':')
            .or_else(|| spaced_owner(text, l.range.0, l.range.1))
        else {
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
            .starting_at(MeaningKind::Nobody, name_start)
            .is_some_and(|w| w.range.1 == name_start + name.len());
        if count == 0 || count > 24 || name.split_whitespace().count() > 3 || nobody {
            continue;
        }
        let range = l.range.0..name_start + name.len();
        // Tokens never overlap, so those that meet the range are one run.
        let first = tokens.partition_point(|t| t.range.end <= range.start);
        let mut last = first;
        while tokens.get(last).is_some_and(|t| t.range.start < range.end) {
            last += 1;
        }
        if (first..last).any(|i| !matches!(tokens[i].kind, Kind::Owner { .. })) {
            continue;
        }
        // Owners inside the range (a shorter reading of the same name) give way.
        tokens.splice(
            first..last,
            [Token {
                kind: Kind::Owner {
                    name: name_start..name_start + name.len(),
                },
                range: range.clone(),
            }],
        );
        words.remove_within(range.start, range.end, &[MeaningKind::Label]);
    }
}
