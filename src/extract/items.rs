//! Projects, plans and risks: name, status, progress, due and done dates, owner, health,
//! confidence and tags, clause by clause, from each line's tokens.
//!
//! "Where is `计划7/13上线` turned into a due date?" Here: [`clause_facts`] reads a date token
//! with the cue word before or after it. A list item's nested lines that only state a field
//! of it (`进度 35%`, `信心指数 6/10`, `当前：…`, `Owner: …`) are read into it and are no items
//! of their own; a line that opens with a section's name (`Today: …`, `风险：…`) goes to that
//! section.

use std::ops::Range;

use chrono::{Datelike, NaiveDate};

use crate::config::script::{script, Script};
use crate::config::{DateCue, Field, Meaning, MeaningKind, SectionRole};
use crate::model::{
    Confidence, DiagnosticCode, Health, Item, Metric, MetricKind, Note, Num, Severity, Status,
};
use crate::parse::{Block, Inline, ListItem};

use super::lexer::{Kind, Quantity, Token};
use super::text::{collapse_spaces, is_name_delimiter, trim_clause};
use super::{lines_of, Ctx, Line};

/// The facts of one clause.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facts {
    /// Decided status (Unknown when no word was found).
    pub status: Status,
    /// Progress in percent.
    pub progress: Option<Num>,
    /// Due date.
    pub due: Option<NaiveDate>,
    /// Done date.
    pub done_on: Option<NaiveDate>,
    /// The due date before it moved.
    pub previous_due: Option<NaiveDate>,
    /// Who owns it.
    pub owner: Option<String>,
    /// Red-amber-green.
    pub health: Option<Health>,
    /// An OKR confidence.
    pub confidence: Option<Confidence>,
    /// `#tags`.
    pub tags: Vec<String>,
    /// Dates with no cue word, for the status to decide.
    bare_dates: Vec<NaiveDate>,
}

impl Facts {
    fn is_empty(&self) -> bool {
        self.status == Status::Unknown
            && self.progress.is_none()
            && self.due.is_none()
            && self.done_on.is_none()
    }

    /// Fills the fields `self` lacks from `later` (the first clause's facts are never
    /// overwritten by a later clause's).
    fn fill_from(&mut self, later: &Facts) {
        if self.status == Status::Unknown {
            self.status = later.status;
        }
        self.progress = self.progress.or(later.progress);
        self.due = self.due.or(later.due);
        self.done_on = self.done_on.or(later.done_on);
        self.previous_due = self.previous_due.or(later.previous_due);
        if self.owner.is_none() {
            self.owner.clone_from(&later.owner);
        }
        self.health = self.health.or(later.health);
        self.confidence = self.confidence.or(later.confidence);
        for t in &later.tags {
            if !self.tags.contains(t) {
                self.tags.push(t.clone());
            }
        }
        if self.bare_dates.is_empty() {
            self.bare_dates.clone_from(&later.bare_dates);
        }
    }
}

/// The tokens of a line that stand inside `range`.
fn tokens_in<'l>(line: &'l Line<'_>, range: &Range<usize>) -> impl Iterator<Item = &'l Token> + 'l {
    line.tokens_in(range).iter()
}

/// The facts of `line.norm()[range]`.
pub(super) fn clause_facts(ctx: &mut Ctx<'_>, line: &Line<'_>, range: Range<usize>) -> Facts {
    let text = line.norm();
    let mut facts = Facts::default();
    let mut moved = false;
    let mut excluded: Vec<Range<usize>> = Vec::new();
    let mut done_by_task = false;
    let mut tag_status = None;
    let mut waiting = false;
    let mut plan_dots: Vec<(NaiveDate, bool)> = Vec::new();
    for t in tokens_in(line, &range) {
        match &t.kind {
            Kind::Date(d) => {
                let span = line.span(t.range.clone());
                let Some(date) = ctx.resolve_date(d, span) else {
                    continue;
                };
                match date_cue(line, t) {
                    Some((cue, phrase)) => {
                        let cue = match cue {
                            DateCue::Launch if ctx.anchor.is_some_and(|a| date <= a) => {
                                DateCue::Done
                            }
                            DateCue::Launch => DateCue::Due,
                            // `6月4日全量` in a note of 5/31: not done yet, so its day is the
                            // day it is due.
                            DateCue::Done if ctx.anchor.is_some_and(|a| date > a) => DateCue::Due,
                            cue => cue,
                        };
                        match cue {
                            DateCue::Due => {
                                facts.due.get_or_insert(date);
                                excluded.push(phrase);
                            }
                            DateCue::Moved => {
                                facts.due = Some(date);
                                moved = true;
                                excluded.push(phrase);
                            }
                            DateCue::Done | DateCue::Launch => {
                                facts.done_on.get_or_insert(date);
                            }
                        }
                    }
                    // In a plans section a date with no cue is the day it is planned for.
                    None if ctx.plans.is_some() && ctx.anchor.is_some_and(|a| date > a) => {
                        facts.due.get_or_insert(date);
                    }
                    None => facts.bare_dates.push(date),
                }
            }
            Kind::Number(q) if ctx.plans.is_some() => {
                if let Some((d, placed)) = plan_dot_date(ctx, line, &range, t, q) {
                    plan_dots.push((d, placed));
                }
            }
            Kind::Weekday { shift, day } => {
                if let (Some(anchor), Some((DateCue::Due | DateCue::Moved, phrase))) =
                    (ctx.anchor, date_cue(line, t))
                {
                    let monday = anchor
                        - chrono::Days::new(u64::from(anchor.weekday().num_days_from_monday()));
                    let offset = i64::from(*shift) * 7 + i64::from(*day) - 1;
                    if let Some(d) = monday.checked_add_signed(chrono::Duration::days(offset)) {
                        facts.due.get_or_insert(d);
                        excluded.push(phrase);
                    }
                }
            }
            Kind::Previous(prev) => {
                // `原定6.20`: after a previous-date word a dot date is a date.
                let dot = match &**prev {
                    Kind::Number(q) => q.dot_date,
                    _ => None,
                };
                if let Some(d) = dot {
                    if let Ok(date) = d.resolve(ctx.year_anchor()) {
                        facts.previous_due.get_or_insert(date);
                        excluded.push(t.range.clone());
                    }
                }
                if let Kind::Date(d) = &**prev {
                    if let Ok(date) = d.resolve(ctx.year_anchor()) {
                        facts.previous_due.get_or_insert(date);
                        excluded.push(t.range.clone());
                    }
                }
            }
            Kind::Task(field, date) => {
                let date = date.and_then(|d| d.resolve(ctx.year_anchor()).ok());
                match field {
                    crate::config::TaskField::Due => facts.due = facts.due.or(date),
                    crate::config::TaskField::Done => {
                        facts.done_on = facts.done_on.or(date);
                        done_by_task = true;
                    }
                    _ => {}
                }
            }
            Kind::Field { key, inner, .. } => {
                field_facts(ctx, line, key.clone(), inner, &mut facts)
            }
            Kind::Owner { name } => {
                let before = text[..t.range.start].trim_end().len();
                let helps = line
                    .words()
                    .ending_at(MeaningKind::Label, before)
                    .is_some_and(|w| w.meaning == Meaning::Label(Field::Collaborator));
                let waits = line
                    .words()
                    .ending_at(MeaningKind::Label, before)
                    .is_some_and(|w| w.meaning == Meaning::Label(Field::WaitingOn));
                if waits {
                    waiting = true;
                } else if facts.owner.is_none() && !helps {
                    facts.owner = Some(text[name.clone()].to_string());
                }
            }
            Kind::Tag => {
                let tag = text[t.range.clone()].trim_start_matches('#').to_string();
                if !facts.tags.contains(&tag) {
                    facts.tags.push(tag);
                }
                // `#blocked`: a tag that is a status word says the status.
                let body = &text[t.range.start + 1..t.range.end];
                tag_status = tag_status.or_else(|| {
                    ctx.lexicon
                        .words(body)
                        .into_iter()
                        .find_map(|h| match h.meaning {
                            Meaning::Status(s) if h.range.0 == 0 && h.range.1 == body.len() => {
                                Some(s)
                            }
                            _ => None,
                        })
                });
            }
            Kind::Ratio { part, total } => {
                let before = text[..t.range.start].trim_end_matches([' ', ':']).len();
                if line.words().ending_at(MeaningKind::Score, before).is_some()
                    || line
                        .words()
                        .ending_at(MeaningKind::Label, before)
                        .is_some_and(|l| l.meaning == Meaning::Label(Field::Confidence))
                {
                    facts.confidence = Some(Confidence {
                        value: *part,
                        out_of: *total,
                    });
                }
            }
            _ => {}
        }
    }
    if facts.due.is_none() {
        if let Some(d) = plan_weekday(ctx, line, &range) {
            facts.due = Some(d);
        }
    }
    // One figure where a date stands is the plan's date. With several that could be dates
    // (`评审 7.12，灰度 7.20`) none is read: the figures stay unread, and `explain` and the
    // unread-figure rule show them.
    if let [(d, true)] = plan_dots.as_slice() {
        facts.due.get_or_insert(*d);
    }
    if facts.owner.is_none() {
        facts.owner = bracketed_owner_in(line, &range).or_else(|| dashed_owner(text, &range));
    }
    facts.health = leading_health(line, &range);

    let mut seen = Vec::new();
    for w in line
        .words()
        .of_kind_starting_in(MeaningKind::Status, range.start, range.end)
    {
        if w.range.1 > range.end {
            continue;
        }
        let in_phrase = excluded
            .iter()
            .any(|r| r.start < w.range.1 && w.range.0 < r.end);
        let Meaning::Status(status) = w.meaning else {
            continue;
        };
        // `完成率`, `完成度`, `完成48个`: a measure of how much is done, not a status.
        let measure = status == Status::Done && is_measure_after(&text[w.range.1..]);
        // `~60% done`: a done word right after a share below all of it measures progress.
        let measure = measure
            || status == Status::Done
                && line.tokens().iter().any(|t| {
                    t.range.end <= w.range.0
                        && text[t.range.end..w.range.0].trim().is_empty()
                        && t.quantity().is_some_and(|q| {
                            q.unit.is_some_and(|u| ctx.lexicon.unit_name(u) == "%")
                                && q.value.0 < rust_decimal::Decimal::ONE_HUNDRED
                        })
                });
        // `昨天卡住的用例`: a status word before `的` describes something else.
        let modifier = text[w.range.1..].starts_with(script().modifier_marks.as_slice());
        // `ETA next week`: `next` before a week or weekday is a date's, not a status.
        let rest = text[w.range.1..].trim_start();
        let lead = text.len() - rest.len();
        let shifts_week = line
            .words()
            .starting_at(MeaningKind::WeekShift, w.range.0)
            .is_some_and(|s| s.range == w.range);
        let of_a_date = shifts_week
            && (line
                .words()
                .starting_at(MeaningKind::Weekday, lead)
                .is_some()
                || ctx
                    .lexicon
                    .unit_at(rest)
                    .is_some_and(|(_, u)| ctx.lexicon.seconds(u).is_some()));
        let modifier = modifier || of_a_date;
        if !in_phrase && !measure && !modifier {
            seen.push(status);
        }
    }
    if facts.done_on.is_some() || done_by_task {
        seen.push(Status::Done);
    }
    if moved {
        seen.push(Status::Delayed);
    }
    seen.extend(tag_status);
    // `我方已改完，等 @王思远 那边发版`: waiting on someone.
    if waiting {
        seen.push(Status::Blocked);
    }
    facts.progress = progress(ctx, line, &range);
    facts.status = decide(&seen, facts.due.is_some() && facts.done_on.is_none());
    // `Jun 17 (was Jun 5)`: a due date later than the one it replaced is a delay.
    if facts
        .previous_due
        .zip(facts.due)
        .is_some_and(|(was, now)| now > was)
        && !matches!(facts.status, Status::Done | Status::Blocked)
    {
        facts.status = Status::Delayed;
    }
    // A due date that moved (`原定6.20 现在6.27`) makes it late, blocked or not.
    if facts.status == Status::Blocked && (moved || facts.previous_due.is_some()) {
        facts.status = Status::Delayed;
    }
    // `85% executed, 2 bugs fixed`: work under 100% is not done.
    if facts.status == Status::Done
        && facts
            .progress
            .is_some_and(|p| p.0 < rust_decimal::Decimal::ONE_HUNDRED)
    {
        facts.status = Status::InProgress;
    }
    facts
}

/// A Dataview field's facts: `[due:: 2024-06-21]`, `(owner:: Priya)`, `progress:: 40%`.
fn field_facts(
    ctx: &mut Ctx<'_>,
    line: &Line<'_>,
    key: Range<usize>,
    inner: &[Token],
    facts: &mut Facts,
) {
    let text = line.norm();
    let Some(field) = ctx.lexicon.label(&text[key.clone()]) else {
        return;
    };
    let value_text = || {
        let end = inner.last().map_or(key.end, |t| t.range.end);
        let start = inner.first().map_or(key.end, |t| t.range.start);
        text.get(start..end).unwrap_or("").trim().to_string()
    };
    let date = inner.iter().find_map(|t| match &t.kind {
        Kind::Date(d) => d.resolve(ctx.year_anchor()).ok(),
        _ => None,
    });
    match field {
        Field::Due => facts.due = facts.due.or(date),
        Field::Done => facts.done_on = facts.done_on.or(date),
        Field::Owner => {
            let after = text[key.end..].trim_start_matches([':', ' ']);
            let name: String = after
                .chars()
                .take_while(|c| !matches!(c, ']' | ')'))
                .collect();
            let name = name.trim().trim_start_matches('@').to_string();
            if !name.is_empty() && facts.owner.is_none() {
                facts.owner = Some(name);
            }
        }
        Field::Progress => {
            if let Some(q) = inner.iter().find_map(Token::quantity) {
                facts.progress = facts.progress.or(Some(q.value));
            }
        }
        _ => {
            let _ = value_text;
        }
    }
}

/// In a plans section, `全量 6.26`, `@吴桐 7.5`, `7.2 组织复盘会`, `UAT 结束后，7.12 晚切换`: a
/// figure written like a month and day is the plan's date when nothing makes it a figure (a
/// unit, a multiplier), it opens the clause or a phrase of it (after `，` or an owner) or
/// ends the clause, no name stands right before it (`lettuce 6.3`, `统一为 7.5，…`), and the
/// day falls in the two months after the note's date. Returns the date and whether it stands
/// where a date does; a figure that only could be a date still makes another ambiguous. A dot date already read as a date
/// (after `计划`, before `前`) is a [`Kind::Date`] and not seen here.
fn plan_dot_date(
    ctx: &Ctx<'_>,
    line: &Line<'_>,
    range: &Range<usize>,
    t: &Token,
    q: &Quantity,
) -> Option<(NaiveDate, bool)> {
    let d = q
        .dot_date
        .filter(|_| q.unit.is_none() && !q.multiplied && !q.approximate)?;
    let text = line.norm();
    let before = text[range.start..t.range.start].trim_end();
    let after = text[t.range.end..range.end].trim();
    let after_owner = line
        .tokens_in(&(range.start..t.range.start))
        .last()
        .is_some_and(|o| {
            matches!(o.kind, Kind::Owner { .. }) && o.range.end == range.start + before.len()
        });
    let opens = before.is_empty()
        || before.ends_with([',', '、', ':', ';'])
        || line
            .words()
            .ending_at(MeaningKind::Label, range.start + before.len())
            .is_some()
        || after_owner;
    let ends = after.is_empty() || after.starts_with('(');
    // `lettuce 6.3`, `下一版 7.1`: a name or a version word right before.
    let named = !after_owner
        && (before
            .ends_with(|c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '/' | '_'))
            || line
                .words()
                .ending_at(MeaningKind::NameAfter, range.start + before.len())
                .is_some());
    // `6.26P2`, `7.12版`: a figure glued to what follows is part of it.
    let glued = text[t.range.end..].starts_with(|c: char| c.is_ascii_alphanumeric() || c == '.');
    if named || glued {
        return None;
    }
    let anchor = ctx.anchor?;
    let date = d.resolve(Some(anchor)).ok()?;
    (date > anchor && (date - anchor).num_days() <= 62).then_some((date, opens || ends))
}

/// In a plans section, `by Fri`, `aim to finish by Mon`, `周三前`: a weekday with a due word and
/// no week word is the plan's day: next week's in next week's plans, the first such day after
/// the note's date in tomorrow's (a standup's `Today`).
fn plan_weekday(ctx: &Ctx<'_>, line: &Line<'_>, range: &Range<usize>) -> Option<NaiveDate> {
    let role = ctx.plans?;
    let anchor = ctx.anchor?;
    let mut days = line
        .words()
        .of_kind_starting_in(MeaningKind::Weekday, range.start, range.end)
        .filter(|w| w.range.1 <= range.end)
        .filter_map(|w| {
            let Meaning::Weekday(day) = w.meaning else {
                return None;
            };
            let probe = Token {
                kind: Kind::Id,
                range: w.range.0..w.range.1,
            };
            matches!(date_cue(line, &probe), Some((DateCue::Due, _))).then_some(u32::from(day))
        });
    let day = days.next()?;
    if days.next().is_some() {
        return None;
    }
    let from_monday = i64::from(anchor.weekday().num_days_from_monday());
    let offset = match role {
        SectionRole::NextWeek => 7 - from_monday + i64::from(day) - 1,
        _ => (i64::from(day) - 1 - from_monday).rem_euclid(7),
    };
    let offset = if role != SectionRole::NextWeek && offset == 0 {
        7
    } else {
        offset
    };
    anchor.checked_add_signed(chrono::Duration::days(offset))
}

/// `(Priya)`, `(J. Chen)` at the end of a clause: a person, when it is one to three
/// capitalised Latin words with no digits.
fn bracketed_owner(text: &str, range: &Range<usize>) -> Option<String> {
    let clause = text[range.clone()]
        .trim_end()
        .trim_end_matches(['.', ',', ';']);
    let inner = clause.strip_suffix(')')?;
    let open = inner.rfind('(')?;
    let name = inner[open + 1..].trim();
    let words: Vec<&str> = name.split_whitespace().collect();
    let person = !words.is_empty()
        && words.len() <= 3
        && name.len() <= 30
        && words.iter().all(|w| {
            let mut chars = w.chars();
            chars.next().is_some_and(|c| c.is_ascii_uppercase())
                && chars.all(|c| c.is_ascii_alphabetic() || matches!(c, '.' | '-' | '\''))
        });
    person.then(|| name.to_string())
}

/// A person in brackets before a due phrase: `(J. Alvarez), by Jun 21`, `(Marco, by Jun 19)`.
fn bracketed_owner_in(line: &Line<'_>, range: &Range<usize>) -> Option<String> {
    let text = line.norm();
    if let Some(o) = bracketed_owner(text, range) {
        return Some(o);
    }
    let clause = text[range.clone()]
        .trim_end()
        .trim_end_matches(['.', ',', ';']);
    let close = clause.rfind(')')?;
    let end = range.start + clause.len();
    if is_due_phrase(line, range.start + close + 1, end) {
        if let Some(o) = bracketed_owner(text, &(range.start..range.start + close + 1)) {
            return Some(o);
        }
    }
    let open = clause[..close].rfind('(')?;
    let comma = open + clause[open..close].find(',')?;
    if !is_due_phrase(line, range.start + comma + 1, range.start + close) {
        return None;
    }
    let head = format!("{})", &clause[..comma]);
    bracketed_owner(&head, &(0..head.len()))
}

/// Whether `line.norm()[from..to]` is only a due phrase (`, by Jun 21`): a due word and a date.
fn is_due_phrase(line: &Line<'_>, from: usize, to: usize) -> bool {
    let text = line.norm();
    let tokens = line.tokens_in(&(from..to));
    let [t] = tokens else {
        return false;
    };
    let dated = matches!(t.kind, Kind::Date(_) | Kind::Weekday { .. });
    let cue = matches!(date_cue(line, t), Some((DateCue::Due, _)));
    let before = text[from..t.range.start].trim_start_matches([',', ' ']);
    let cue_len = line
        .words()
        .ending_at(
            MeaningKind::DateBefore,
            text[..t.range.start].trim_end().len(),
        )
        .map_or(0, |w| w.range.1 - w.range.0);
    dated && cue && before.trim().len() == cue_len && text[t.range.end..to].trim().is_empty()
}

/// `… — J. Alvarez` at the end of a clause: a person after a dash.
fn dashed_owner(text: &str, range: &Range<usize>) -> Option<String> {
    let clause = text[range.clone()]
        .trim_end()
        .trim_end_matches(['.', ',', ';']);
    let at = ["— ", "– ", " - "]
        .iter()
        .filter_map(|d| clause.rfind(d).map(|i| i + d.len()))
        .max()?;
    let name = clause[at..].trim();
    let words: Vec<&str> = name.split_whitespace().collect();
    let person = !words.is_empty()
        && words.len() <= 3
        && name.len() <= 30
        && words.iter().all(|w| {
            let mut chars = w.chars();
            chars.next().is_some_and(|c| c.is_ascii_uppercase())
                && chars.all(|c| c.is_ascii_alphabetic() || matches!(c, '.' | '-' | '\''))
        });
    person.then(|| name.to_string())
}

/// A health word or sign that opens a clause (`🟢 对账平台`, `Red: data migration`).
fn leading_health(line: &Line<'_>, range: &Range<usize>) -> Option<Health> {
    let text = line.norm();
    let lead = range.start + (text[range.clone()].len() - text[range.clone()].trim_start().len());
    let w = line.words().starting_at(MeaningKind::Health, lead)?;
    let after = text[w.range.1..].trim_start();
    let is_sign = !text[w.range.0..w.range.1]
        .chars()
        .any(char::is_alphanumeric);
    let Meaning::Health(h) = w.meaning else {
        return None;
    };
    (is_sign || after.starts_with([':', '-', '|'])).then_some(h)
}

/// The cue of a date token and the whole phrase (cue word and date): a cue word before it
/// (`计划7/13`, `due on 7/13`, `moved to 3/22`) or after it (`7/6上线完毕`, `7/20前`).
fn date_cue(line: &Line<'_>, t: &Token) -> Option<(DateCue, Range<usize>)> {
    let text = line.norm();
    let before = text[..t.range.start].trim_end_matches([' ', ':']);
    let before =
        Script::strip_suffix(&script().date_prepositions, before).map_or(before, str::trim_end);
    let mut end = before.len();
    // `due on`, `launch on`, `planned for`: a connector between the cue and the date.
    for c in [" on", " at", " for", " by"] {
        if end
            .checked_sub(c.len())
            .and_then(|s| text.get(s..end))
            .is_some_and(|tail| tail.eq_ignore_ascii_case(c))
            && line
                .words()
                .ending_at(MeaningKind::DateBefore, end)
                .is_none()
        {
            end -= c.len();
        }
    }
    if let Some(w) = line.words().ending_at(MeaningKind::DateBefore, end) {
        if let Meaning::DateBefore(cue) = w.meaning {
            return Some((cue, w.range.0..t.range.end));
        }
    }
    let rest = &text[t.range.end..];
    let lead = rest.len() - rest.trim_start().len();
    if let Some(w) = line
        .words()
        .starting_at(MeaningKind::DateAfter, t.range.end + lead)
    {
        if let Meaning::DateAfter(cue) = w.meaning {
            return Some((cue, t.range.start..w.range.1));
        }
    }
    None
}

/// Whether `text` goes on to say how much (a figure, or a measure's suffix of `script.yaml`
/// such as `率`, after spaces).
fn is_measure_after(text: &str) -> bool {
    let rest = text.trim_start();
    rest.starts_with(|c: char| c.is_ascii_digit())
        || Script::starts_with(&script().measure_suffixes, rest)
}

/// The precedence documented in `default.yaml`.
fn decide(seen: &[Status], plans_ahead: bool) -> Status {
    let has = |s: Status| seen.contains(&s);
    if has(Status::Blocked) {
        Status::Blocked
    } else if has(Status::Delayed) {
        Status::Delayed
    } else if has(Status::Done) && (has(Status::Planned) || plans_ahead) {
        // A milestone finished while the launch is still ahead: the project goes on.
        Status::InProgress
    } else if has(Status::InProgress) {
        Status::InProgress
    } else if has(Status::Testing) {
        Status::Testing
    } else if has(Status::Done) {
        Status::Done
    } else if has(Status::Planned) {
        Status::Planned
    } else {
        Status::Unknown
    }
}

/// A clause's progress: a percentage a little after a progress word (`开发进度 85%`, `完成度
/// 70%`), right after an in-progress or testing word (`in testing, 90%`), or standing alone
/// between delimiters (`— 70%,`). A figure after a goal word (`完成率提升到70%`) is a goal.
fn progress(ctx: &mut Ctx<'_>, line: &Line<'_>, range: &Range<usize>) -> Option<Num> {
    let text = line.norm();
    let percents: Vec<&Token> = tokens_in(line, range)
        .filter(|t| {
            t.quantity()
                .and_then(|q| q.unit)
                .is_some_and(|u| ctx.lexicon.unit_name(u) == "%")
        })
        .collect();
    if percents.is_empty() {
        return None;
    }
    let goal_between = |from: usize, to: usize| {
        [
            MeaningKind::ChangeTo,
            MeaningKind::Target,
            MeaningKind::ChangeVerb,
            MeaningKind::Comparator,
        ]
        .iter()
        .any(|k| line.has_word(*k, from..to))
    };
    let after_word = line
        .words()
        .within(range.start, range.end)
        .filter(|w| {
            matches!(
                w.meaning,
                Meaning::Progress | Meaning::Label(Field::Progress)
            ) || matches!(
                w.meaning,
                Meaning::Status(Status::InProgress | Status::Testing)
            )
        })
        .find_map(|w| {
            let p = percents.iter().find(|p| {
                p.range.start >= w.range.1
                    && text[w.range.1..p.range.start].chars().count() <= 16
                    && !text[w.range.1..p.range.start].contains([';', '%'])
            })?;
            (!goal_between(w.range.1, p.range.start)).then_some(*p)
        });
    let alone = || {
        percents.iter().copied().find(|p| {
            let before = text[range.start..p.range.start].trim_end();
            let after = text[p.range.end..range.end].trim_start();
            let opens = before.is_empty() || before.ends_with([',', '—', '–', '-', ':', '(']);
            // `regression 4.12: 85% executed`: the first figure after a clause's label.
            let after_label = before.ends_with(':') && !before[..before.len() - 1].contains(':');
            let closes = after.is_empty() || after.starts_with([',', ';', ')', '—', '–']);
            // `支付成功率：99.91%`: the figure of a rate or availability is a KPI's, not progress.
            let of_a_kpi = matches!(
                super::metrics::kind_of(line, &(range.start..p.range.start)),
                Some(MetricKind::SuccessRate | MetricKind::Availability)
            );
            (opens && closes || after_label)
                && !of_a_kpi
                && !text[range.start..p.range.start].contains(['%'])
        })
    };
    let t = after_word.or_else(alone)?;
    let value = t.quantity()?.value;
    if !crate::model::percent_is_possible(value) {
        ctx.report(
            DiagnosticCode::ValueOutOfRange,
            Severity::Warning,
            line.span(t.range.clone()),
            format!("progress {value}% is outside 0–100%"),
        );
        return None;
    }
    Some(value)
}

/// The status a progress figure implies when no word says one.
fn status_from_progress(progress: Option<Num>) -> Status {
    match progress {
        Some(p) if p.0 >= rust_decimal::Decimal::ONE_HUNDRED => Status::Done,
        Some(p) if p.0.is_zero() => Status::Planned,
        Some(_) => Status::InProgress,
        None => Status::Unknown,
    }
}

/// The clauses of a line: split at `;`, blank ones dropped.
fn clauses(text: &str, from: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = from;
    for (i, c) in text[from..]
        .char_indices()
        .map(|(i, c)| (from + i, c))
        .chain(std::iter::once((text.len(), ';')))
    {
        if c == ';' {
            if !trim_clause(&text[start..i]).is_empty() {
                out.push(start..i);
            }
            start = i + c.len_utf8();
        }
    }
    out
}

/// A prefix label that opens a line (`上午：`, `Today: `, `KR1：`, `本周：`): where the rest
/// starts, and the section it names, if any.
fn prefix(ctx: &Ctx<'_>, line: &Line<'_>) -> Option<(usize, Option<SectionRole>)> {
    let text = line.norm();
    let colon = text.find(':')?;
    let label = text[..colon].trim();
    if label.is_empty() || label.chars().count() > 10 || text[colon + 1..].trim().is_empty() {
        return None;
    }
    let after = colon + 1 + (text[colon + 1..].len() - text[colon + 1..].trim_start().len());
    // `KR1`, `O2-KR1`: a key result's number.
    let is_kr = {
        let l = label.to_ascii_uppercase();
        let kr = l.rsplit('-').next().unwrap_or(&l);
        kr.starts_with("KR") && kr.len() > 2 && kr[2..].chars().all(|c| c.is_ascii_digit())
    };
    if is_kr {
        return Some((after, None));
    }
    let lead = text.len() - text.trim_start().len();
    let whole = |kind: MeaningKind| {
        line.words()
            .starting_at(kind, lead)
            .filter(|w| w.range.1 == lead + label.len())
            .copied()
    };
    if let Some(w) = whole(MeaningKind::Section) {
        let role = match w.meaning {
            Meaning::Section(role) => role,
            // A standup's `Today:` is its plan; beside a `Tomorrow` section, the day's work.
            Meaning::Today if ctx.today_is_plan => SectionRole::Tomorrow,
            Meaning::Today => SectionRole::Progress,
            _ => return None,
        };
        return Some((after, Some(role)));
    }
    for kind in [MeaningKind::DayPart, MeaningKind::WeekShift] {
        if whole(kind).is_some() {
            return Some((after, None));
        }
    }
    None
}

/// The stable key of an item: the clause's text before the first `，：,:` (or ` — `), without
/// a trailing status word, date phrase or progress word, nor task signs, fields, tags or
/// owners, with spaces collapsed.
pub(super) fn name(line: &Line<'_>, clause: Range<usize>) -> String {
    subject(line, clause.clone())
        .unwrap_or_else(|| collapse_spaces(trim_clause(&line.norm()[clause])))
}

/// The name of a clause, or `None` when it is only a status, date or progress phrase
/// (`开发中`, `计划7/20上线`) and names nothing itself.
fn subject(line: &Line<'_>, clause: Range<usize>) -> Option<String> {
    let text = line.norm();
    let mut start = clause.start;
    // A leading time (`18:40 企业钱包告警`, `14:00-15:30 面试`) is not part of a name.
    if let Some(t) = line.token_at(start + (text[start..].len() - text[start..].trim_start().len()))
    {
        if matches!(t.kind, Kind::Time(None, _) | Kind::TimeRange(None, ..)) {
            start = t.range.end;
        }
    }
    // The head: up to the first delimiter outside a value (`12,400` is one number), ` — `,
    // ` – ` or ` - `.
    let inside_value = |at: usize| line.inside_token(at);
    let mut head_end = text[start..clause.end]
        .char_indices()
        .map(|(i, c)| (start + i, c))
        .find(|&(i, c)| is_name_delimiter(c) && !inside_value(i))
        .map_or(clause.end, |(i, _)| i);
    for dash in [" — ", " – ", " - ", "—", " -- "] {
        if let Some(i) = text[start..head_end].find(dash) {
            if i > 0 {
                head_end = start + i;
            }
        }
    }
    // A task sign (`✅`), or a weekday or date inside the head (`CRM 接口周二给了`), ends the name.
    if let Some(t) = line
        .tokens_from(start + 1)
        .iter()
        .take_while(|t| t.range.start < head_end)
        .find(|t| matches!(t.kind, Kind::Task(..) | Kind::Weekday { .. }))
    {
        head_end = t.range.start;
    }
    if let Some(w) = line
        .words()
        .of_kind_starting_in(MeaningKind::Weekday, start + 1, head_end)
        .find(|w| !text[start..w.range.0].trim().is_empty())
    {
        head_end = w.range.0;
    }
    let delimited = head_end < clause.end && !trim_clause(&text[head_end..clause.end]).is_empty();
    let mut end = head_end;
    for _ in 0..6 {
        let head = &text[start..end];
        let kept = trim_clause(head);
        let trimmed_end = start + (kept.as_ptr() as usize - head.as_ptr() as usize) + kept.len();
        if trim_clause(&text[start..trimmed_end]).is_empty() {
            return None;
        }
        let cut = ends_with_word(line, trimmed_end, MeaningKind::Status)
            .or_else(|| ends_with_word(line, trimmed_end, MeaningKind::Progress))
            .or_else(|| {
                (!delimited)
                    .then(|| ends_with_word(line, trimmed_end, MeaningKind::DateAfter))
                    .flatten()
            })
            .or_else(|| date_phrase_at_end(line, start, trimmed_end));
        match cut {
            Some(at) if at >= start => end = at,
            _ => {
                end = trimmed_end;
                break;
            }
        }
    }
    // Task signs, fields, tags, owners and checkboxes are no part of a name.
    let mut name = String::new();
    let mut at = start;
    for t in line.tokens_in(&(start..end)) {
        if matches!(
            t.kind,
            Kind::Task(..) | Kind::Field { .. } | Kind::Tag | Kind::Owner { .. }
        ) {
            name.push_str(&text[at..t.range.start]);
            at = t.range.end;
        }
    }
    if at < end {
        name.push_str(&text[at..end]);
    }
    let name = collapse_spaces(
        trim_clause(&name).trim_matches(['【', '】', '[', ']', '—', '–', '-', ' ']),
    );
    (!name.is_empty()).then_some(name)
}

/// Where a word of `kind` that ends exactly at `end` starts.
fn ends_with_word(line: &Line<'_>, end: usize, kind: MeaningKind) -> Option<usize> {
    line.words().ending_at(kind, end).map(|w| w.range.0)
}

/// Where a trailing date phrase (`7/6上线完毕`, `planned launch 3/15`, `(Jun 11)`) starts, if
/// `start..end` ends with one.
fn date_phrase_at_end(line: &Line<'_>, start: usize, end: usize) -> Option<usize> {
    let text = line.norm();
    let t = line
        .tokens_in(&(start..end))
        .iter()
        .rev()
        .find(|t| matches!(t.kind, Kind::Date(_) | Kind::DateRange(..)))?;
    let after = text[t.range.end..end]
        .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ')' | '）'));
    let tail_ok = after.trim().is_empty()
        || line
            .words()
            .starting_at(
                MeaningKind::DateAfter,
                t.range.end + (after.len() - after.trim_start().len()),
            )
            .is_some_and(|w| {
                trim_clause(&text[w.range.1..end])
                    .trim_matches([')', '）'])
                    .is_empty()
            });
    if !tail_ok {
        return None;
    }
    let before = text[start..t.range.start]
        .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '(' | '（'));
    let cue = line
        .words()
        .ending_at(MeaningKind::DateBefore, start + before.len())
        .map(|w| w.range.0);
    Some(cue.unwrap_or(start + before.len()))
}

/// What a list item or paragraph built.
struct Built {
    item: Option<Item>,
    /// Lines that open with another section's name (`Today: …`): the item goes there.
    route: Option<SectionRole>,
}

/// An item from lines of text (a paragraph or a list item's paragraphs), with already-built
/// `children`.
fn item_from_lines(
    ctx: &mut Ctx<'_>,
    lines: &[Line<'_>],
    first: &Inline,
    checked: Option<bool>,
    default_status: Option<Status>,
    mut children: Vec<Item>,
) -> Built {
    let Some(first_line) = lines.first() else {
        return Built {
            item: None,
            route: None,
        };
    };
    let (name_from, route) = prefix(ctx, first_line).map_or((0, None), |(at, r)| (at, r));
    // A line sent to a plans section (`Today: …` in a standup) is read as a plan.
    let was_plans = ctx.plans;
    if let Some(r @ (SectionRole::NextWeek | SectionRole::Tomorrow)) = route {
        ctx.plans = Some(r);
    }
    let mut per_clause = Vec::new();
    for (n, line) in lines.iter().enumerate() {
        let from = if n == 0 { name_from } else { 0 };
        for range in clauses(line.norm(), from) {
            let facts = clause_facts(ctx, line, range.clone());
            per_clause.push((line, range, facts));
        }
    }
    ctx.plans = was_plans;
    // The first clause that states anything sets the item's facts; later clauses fill in
    // what it leaves out, unless it says done (then the rest are other pieces of work,
    // kept as clause children).
    let mut facts = Facts::default();
    for (_, _, f) in &per_clause {
        if facts.status == Status::Done {
            let (owner, tags) = (f.owner.clone(), f.tags.clone());
            if facts.owner.is_none() {
                facts.owner = owner;
            }
            facts.tags.extend(tags);
            continue;
        }
        facts.fill_from(f);
    }
    if facts.status == Status::Unknown {
        facts.status = match checked {
            Some(true) => Status::Done,
            _ => default_status.unwrap_or_else(|| status_from_progress(facts.progress)),
        };
    }
    if checked == Some(true) && facts.status != Status::Done && facts.status != Status::Blocked {
        facts.status = Status::Done;
    }
    // A date with no cue word: the day it was done when the work is done and the date is
    // not after the note's; the due date when it is still to come.
    for d in std::mem::take(&mut facts.bare_dates) {
        let past = ctx.anchor.is_none_or(|a| d <= a);
        match facts.status {
            Status::Done if past && facts.done_on.is_none() => facts.done_on = Some(d),
            Status::Planned
            | Status::InProgress
            | Status::Testing
            | Status::Blocked
            | Status::Delayed
            | Status::Unknown
                if !past && facts.due.is_none() =>
            {
                facts.due = Some(d)
            }
            _ => {}
        }
    }
    let first_clause = clauses(first_line.norm(), name_from)
        .into_iter()
        .next()
        .unwrap_or(name_from..first_line.norm().len());
    let name = name(first_line, first_clause);

    let with_facts = per_clause.iter().filter(|(_, _, f)| !f.is_empty()).count();
    if with_facts >= 2 && per_clause.len() >= 2 {
        let clause_items: Vec<Item> = per_clause
            .iter()
            .enumerate()
            .map(|(i, (line, range, f))| {
                // The first clause opens with the item's own name (`商户降客询，…`): the
                // clause's child is what follows it.
                let mut range = range.clone();
                if i == 0 {
                    if let Some(d) = line.norm()[range.clone()].find(is_name_delimiter) {
                        let rest = range.start + d + 1;
                        if !trim_clause(&line.norm()[rest..range.end]).is_empty() {
                            range.start = rest;
                        }
                    }
                }
                let mut f = f.clone();
                if f.status == Status::Unknown {
                    f.status = status_from_progress(f.progress);
                }
                let span = line.span(range.clone());
                Item {
                    name: subject(line, range.clone()).unwrap_or_else(|| name.clone()),
                    text: trim_clause(line.original(range.clone())).to_string(),
                    status: f.status,
                    progress: f.progress,
                    due: f.due,
                    done_on: f.done_on,
                    previous_due: f.previous_due,
                    owner: f.owner.clone(),
                    health: f.health,
                    confidence: f.confidence,
                    tags: f.tags.clone(),
                    children: vec![],
                    line: ctx.line(span.start),
                    span,
                }
            })
            .collect();
        children.splice(0..0, clause_items);
    }
    let text: Vec<&str> = lines.iter().map(|l| l.text.raw).collect();
    Built {
        item: Some(Item {
            name,
            text: text.join("\n"),
            status: facts.status,
            progress: facts.progress,
            due: facts.due,
            done_on: facts.done_on,
            previous_due: facts.previous_due,
            owner: facts.owner,
            health: facts.health,
            confidence: facts.confidence,
            tags: facts.tags,
            children,
            line: ctx.line(first.span.start),
            span: first.span,
        }),
        route,
    }
}

/// What a nested line that only states a field of its parent says (`进度 70%`, `信心指数
/// 8/10`, `当前：…`, `本周：…`), or `None` when it is an item of its own.
enum FieldLine {
    /// A field of the parent: its facts fill the parent's.
    Facts(Facts),
    /// `当前：P99 236ms`: the current value of the parent key result's metric.
    Current,
    /// A line for another section (`风险：…`).
    Route(SectionRole),
    /// A note about the parent (`本周：…`), nothing to read.
    Note,
}

fn field_line(ctx: &mut Ctx<'_>, line: &Line<'_>) -> Option<FieldLine> {
    let text = line.norm();
    let lead = text.len() - text.trim_start().len();
    let opening = line.words().at(lead).max_by_key(|w| w.range.1).copied()?;
    let rest = text[opening.range.1..].trim_start();
    let labelled = rest.starts_with(':');
    match opening.meaning {
        Meaning::Label(Field::Current) if labelled => Some(FieldLine::Current),
        Meaning::Label(
            Field::Progress
            | Field::Confidence
            | Field::Status
            | Field::Owner
            | Field::Due
            | Field::Health
            | Field::Priority,
        )
        | Meaning::Progress
        | Meaning::Score => Some(FieldLine::Facts(clause_facts(ctx, line, 0..text.len()))),
        Meaning::Section(role) if labelled => Some(match role {
            SectionRole::Risks | SectionRole::NextWeek => FieldLine::Route(role),
            _ => FieldLine::Note,
        }),
        // `本周：…`, `This week: …` under a key result: what was done, a note of it.
        Meaning::ThisWeek | Meaning::LastWeek | Meaning::NextWeek if labelled => {
            Some(FieldLine::Note)
        }
        _ => None,
    }
}

/// The items of a list item and its nested items: one item, or more when a prefix sends it
/// to another section. Nested field lines are read into it.
fn list_item(
    ctx: &mut Ctx<'_>,
    note: &mut Note,
    li: &ListItem,
    default_status: Option<Status>,
    parent_name: Option<&str>,
) -> Built {
    let lines: Vec<Line<'_>> = li.content.iter().flat_map(|i| lines_of(ctx, i)).collect();
    let mut children = Vec::new();
    let mut absorbed = Facts::default();
    let mut current_lines = Vec::new();
    for child in &li.children {
        // Under a task (`- [ ]`), a line with no checkbox is a note of it, not a task.
        if li.checked.is_some() && child.checked.is_none() {
            continue;
        }
        let child_lines: Vec<Line<'_>> = child
            .content
            .iter()
            .flat_map(|i| lines_of(ctx, i))
            .collect();
        // An incident among a key result's lines (`6.18 00:12 支付页白屏约 6 分钟…`) is an event.
        if super::events::starts_with_datetime(&child_lines)
            && super::events::has_event_labels(&child_lines)
        {
            note.events
                .extend(super::events::event_from_item(ctx, child));
            continue;
        }
        if child_lines.first().is_some_and(says_nothing) && child.children.is_empty() {
            continue;
        }
        let kind = child_lines.first().and_then(|l| field_line(ctx, l));
        match kind {
            Some(FieldLine::Facts(f)) if child.children.is_empty() => {
                absorbed.fill_from(&f);
                continue;
            }
            Some(FieldLine::Current) => {
                current_lines.push(child);
                continue;
            }
            Some(FieldLine::Note) => continue,
            Some(FieldLine::Route(role)) => {
                let built = list_item(ctx, note, child, None, None);
                if let Some(mut item) = built.item {
                    let (at, _) = child_lines
                        .first()
                        .and_then(|l| prefix(ctx, l))
                        .unwrap_or((0, None));
                    if at > 0 {
                        if let Some(l) = child_lines.first() {
                            item.name = name(l, at..l.norm().len());
                        }
                    }
                    push_to(note, role, item);
                }
                continue;
            }
            _ => {}
        }
        let built = list_item(ctx, note, child, default_status, None);
        if let Some(item) = built.item {
            match built.route {
                Some(role) => push_to(note, role, item),
                None => children.push(item),
            }
        }
    }
    let Some(first) = li.content.iter().find(|i| !i.text.trim().is_empty()) else {
        // An item with no text of its own: keep its children rather than lose them.
        return Built {
            item: (!children.is_empty()).then(|| Item {
                name: String::new(),
                text: String::new(),
                status: Status::Unknown,
                progress: None,
                due: None,
                done_on: None,
                previous_due: None,
                owner: None,
                health: None,
                confidence: None,
                tags: vec![],
                line: ctx.line(li.span.start),
                span: li.span,
                children,
            }),
            route: None,
        };
    };
    let mut built = item_from_lines(ctx, &lines, first, li.checked, default_status, children);
    if let Some(item) = built.item.as_mut() {
        if item.progress.is_none() && item.status == default_status.unwrap_or(Status::Unknown) {
            if let Some(p) = absorbed.progress {
                item.status = status_from_progress(Some(p));
            }
        }
        if absorbed.status != Status::Unknown && item.status == Status::Unknown {
            item.status = absorbed.status;
        }
        item.progress = item.progress.or(absorbed.progress);
        if item
            .progress
            .is_some_and(|p| p.0 >= rust_decimal::Decimal::ONE_HUNDRED)
            && matches!(item.status, Status::Unknown | Status::InProgress)
        {
            item.status = Status::Done;
        }
        item.confidence = item.confidence.or(absorbed.confidence);
        item.due = item.due.or(absorbed.due);
        if item.owner.is_none() {
            item.owner = absorbed.owner;
        }
        item.health = item.health.or(absorbed.health);
        for child in current_lines {
            key_result_metric(ctx, note, &lines, child);
        }
    }
    let _ = parent_name;
    built
}

/// `当前：P99 236ms，较上周下降8ms` under `KR1：首页接口 P99 延迟 ≤ 200ms`: the key result's
/// metric, named by the key result, its target the key result's figure.
fn key_result_metric(ctx: &mut Ctx<'_>, note: &mut Note, parent: &[Line<'_>], child: &ListItem) {
    let Some(kr) = parent.first() else { return };
    let text = kr.norm();
    // The key result's target: a figure with a comparator before it or a bound word after.
    let Some((at, target)) = kr
        .tokens()
        .iter()
        .enumerate()
        .rev()
        .find_map(|(i, t)| t.quantity().map(|q| (i, (t, q))))
    else {
        return;
    };
    let (target_token, target_q) = target;
    let _ = at;
    let comparator = super::lexer::comparator_before(kr.words(), text, target_token.range.start)
        .or_else(|| super::lexer::comparator_after(kr.words(), text, target_token.range.end));
    let Some(comparator) = comparator else { return };
    // The metric's name: the key result's text before its target phrase, after its prefix.
    let (from, _) = prefix(ctx, kr).unwrap_or((0, None));
    let mut end = text[..target_token.range.start].trim_end().len();
    for kind in [MeaningKind::Comparator, MeaningKind::ChangeTo] {
        if let Some(w) = kr.words().ending_at(kind, end) {
            end = text[..w.range.0].trim_end().len();
        }
    }
    let head = &text[from..end.max(from)];
    // The name starts after the last delimiter; a closing bracket that ends the head is the
    // name's own qualifier (`冷启动耗时（P90）`).
    let start = head
        .rfind([',', ';', ')', '，', '；'])
        .filter(|&i| !head[i + 1..].trim().is_empty() || head.as_bytes()[i] != b')')
        .or_else(|| head.rfind([',', ';', '，', '；']))
        .map_or(from, |i| from + i + 1);
    let name = collapse_spaces(text[start..end.max(start)].trim());
    if name.is_empty() {
        return;
    }
    let kind = kr
        .words()
        .of_kind(MeaningKind::MetricKind)
        .filter(|w| w.range.0 >= start && w.range.1 <= end)
        .filter_map(|w| match w.meaning {
            Meaning::MetricKind(k) => Some(k),
            _ => None,
        })
        .min()
        .unwrap_or(crate::model::MetricKind::Other);
    for inline in &child.content {
        for line in lines_of(ctx, inline) {
            let mut value = None;
            let mut previous = None;
            for t in line.tokens() {
                match &t.kind {
                    Kind::Change { from, to } if value.is_none() => {
                        value = Some((t.range.clone(), *to));
                        previous = Some(from.value);
                    }
                    Kind::Previous(k) if value.is_some() && previous.is_none() => {
                        previous = match &**k {
                            Kind::Number(q) => Some(q.value),
                            Kind::Duration(d) => d.single.map(|(v, _)| v),
                            _ => None,
                        };
                    }
                    _ if value.is_none() => {
                        if let Some(q) = t.quantity() {
                            value = Some((t.range.clone(), q));
                        }
                    }
                    _ => {}
                }
            }
            let Some((range, q)) = value else { continue };
            let span = line.span(range.clone());
            note.metrics.push(Metric {
                name: name.clone(),
                kind,
                value: q.value,
                unit: q
                    .unit
                    .or(target_q.unit)
                    .map(|u| ctx.lexicon.unit_name(u).to_string()),
                target: Some(target_q.value),
                comparator: Some(comparator),
                previous,
                approximate: q.approximate,
                basis: None,
                line: ctx.line(span.start),
                span,
            });
            return;
        }
    }
}

/// Adds an item to the list of a section.
fn push_to(note: &mut Note, role: SectionRole, item: Item) {
    match role {
        SectionRole::NextWeek => note.next_week.push(item),
        SectionRole::Tomorrow => note.tomorrow.push(item),
        SectionRole::Risks => note.risks.push(item),
        SectionRole::Others => note.others.push(item),
        _ => note.items.push(item),
    }
}

/// The items of a list item, appended to `out` (or to the section a prefix names).
pub(super) fn items_from_list_item(
    ctx: &mut Ctx<'_>,
    note: &mut Note,
    li: &ListItem,
    default_status: Option<Status>,
    out: &mut Vec<Item>,
) {
    let first = li
        .content
        .first()
        .and_then(|i| lines_of(ctx, i).into_iter().next());
    if first
        .as_ref()
        .is_some_and(|l| says_nothing(l) || is_summary(ctx, l))
        && li.children.is_empty()
    {
        return;
    }
    let built = list_item(ctx, note, li, default_status, None);
    if let Some(item) = built.item {
        match built.route {
            Some(role) if role != SectionRole::Progress => push_to(note, role, item),
            _ => out.push(item),
        }
    }
}

/// The item of a paragraph, appended to `out` (or to the section a prefix names).
pub(super) fn items_from_paragraph(
    ctx: &mut Ctx<'_>,
    note: &mut Note,
    p: &Inline,
    lines: &[Line<'_>],
    default_status: Option<Status>,
    out: &mut Vec<Item>,
) {
    if is_prose(p) {
        return;
    }
    let built = item_from_lines(ctx, lines, p, None, default_status, vec![]);
    if let Some(item) = built.item {
        match built.route {
            Some(role) if role != SectionRole::Progress => push_to(note, role, item),
            _ => out.push(item),
        }
    }
}

/// A paragraph of prose: sentences, not a line naming a piece of work (an executive summary,
/// a note to the reader).
fn is_prose(p: &Inline) -> bool {
    let text = p.text.trim();
    let sentences = text.match_indices(['。', '！', '？']).count()
        + text.match_indices(". ").count()
        + text.match_indices("! ").count();
    sentences >= 1 && text.chars().count() > 60 || text.chars().count() > 160
}

/// Whether a line sums the week up in words under an overall-progress label with no figure
/// (`整体：本周主要精力在渠道路由灰度，对账平台进度偏慢`): a summary, not a piece of work.
fn is_summary(ctx: &Ctx<'_>, line: &Line<'_>) -> bool {
    let text = line.norm();
    let lead = text.len() - text.trim_start().len();
    let Some(colon) = text.find(':') else {
        return false;
    };
    let labelled = line.words().at(lead).any(|w| {
        matches!(
            w.meaning,
            Meaning::Progress | Meaning::Label(Field::Progress)
        ) && text[w.range.1..colon].trim().is_empty()
    });
    let percent = line.tokens().iter().any(|t| {
        t.quantity()
            .and_then(|q| q.unit)
            .is_some_and(|u| ctx.lexicon.unit_name(u) == "%")
    });
    labelled && !percent
}

/// Whether a list item only says there is nothing (`none`, `无`, `no blockers`).
fn says_nothing(line: &Line<'_>) -> bool {
    let text = line.norm().trim();
    let lead = line.norm().len() - line.norm().trim_start().len();
    text.chars().count() <= 16
        && line
            .words()
            .at(lead)
            .any(|w| matches!(w.meaning, Meaning::Zero | Meaning::Nobody))
}

/// A plans, risks or others section: its list items and paragraphs (labels aside) are its
/// items; its tables are read by their kind; callouts only for figures.
pub(super) fn plain_section(
    ctx: &mut Ctx<'_>,
    note: &mut Note,
    role: SectionRole,
    blocks: &[Block],
) {
    let was_plans = ctx.plans;
    ctx.plans = matches!(role, SectionRole::NextWeek | SectionRole::Tomorrow).then_some(role);
    plain_section_blocks(ctx, note, role, blocks);
    ctx.plans = was_plans;
}

fn plain_section_blocks(ctx: &mut Ctx<'_>, note: &mut Note, role: SectionRole, blocks: &[Block]) {
    let mut items = Vec::new();
    for block in blocks {
        match block {
            Block::Paragraph(p) if !super::is_label(&p.text) && !is_prose(p) => {
                let lines = lines_of(ctx, p);
                if lines.first().is_some_and(says_nothing) {
                    continue;
                }
                let built = item_from_lines(ctx, &lines, p, None, None, vec![]);
                if let Some(item) = built.item {
                    match built.route {
                        Some(r) if r != role && r != SectionRole::Progress => {
                            push_to(note, r, item)
                        }
                        _ => items.push(item),
                    }
                }
            }
            Block::List(list) => {
                for li in &list.items {
                    let nothing = li
                        .content
                        .first()
                        .and_then(|i| lines_of(ctx, i).into_iter().next())
                        .is_some_and(|l| says_nothing(&l));
                    if nothing && li.children.is_empty() {
                        continue;
                    }
                    let built = list_item(ctx, note, li, None, None);
                    if let Some(item) = built.item {
                        match built.route {
                            Some(r) if r != role && r != SectionRole::Progress => {
                                push_to(note, r, item)
                            }
                            _ => items.push(item),
                        }
                    }
                }
            }
            Block::Table(t) => super::tables::table(ctx, note, t, role, None, &mut items),
            Block::Callout(_) | Block::Paragraph(_) => {}
        }
    }
    for item in items {
        push_to(note, role, item);
    }
}

/// The item a sub-project heading stands for (`A. 支付账户2.0升级` → `支付账户2.0升级`).
pub(super) fn subproject_item(ctx: &mut Ctx<'_>, heading: &Inline) -> Option<Item> {
    let lines = lines_of(ctx, heading);
    let mut item = item_from_lines(ctx, &lines, heading, None, None, vec![]).item?;
    let line = lines.first()?;
    let text = line.norm();
    // Past brackets and the letter with its mark (`【B. `, `A、`).
    let start = text.find(|c: char| c.is_alphanumeric()).unwrap_or(0);
    let rest = &text[start..];
    let mut chars = rest.char_indices();
    let from = match (chars.next(), chars.next()) {
        (Some((_, l)), Some((i, m))) if l.is_ascii_uppercase() && matches!(m, '.' | '、' | ')') => {
            let after = start + i + m.len_utf8();
            after + (text[after..].len() - text[after..].trim_start().len())
        }
        _ => start,
    };
    item.name = name(line, from..text.len());
    Some(item)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clauses_split_at_semicolons() {
        let t = "a,b;c;;d;";
        let parts: Vec<&str> = clauses(t, 0).into_iter().map(|r| &t[r]).collect();
        assert_eq!(parts, ["a,b", "c", "d"]);
    }

    #[test]
    fn status_precedence() {
        use Status::*;
        assert_eq!(decide(&[Done, Testing], false), Testing);
        assert_eq!(decide(&[Done, InProgress], false), InProgress);
        assert_eq!(decide(&[Done, Planned], false), InProgress);
        assert_eq!(decide(&[Done], true), InProgress);
        assert_eq!(decide(&[Done, Delayed], false), Delayed);
        assert_eq!(decide(&[InProgress, Blocked], false), Blocked);
        assert_eq!(decide(&[], false), Unknown);
    }

    #[test]
    fn a_person_in_brackets_owns_the_clause() {
        let t = "Ledger reconciliation job — 75%, due Jun 21 (Priya)";
        assert_eq!(bracketed_owner(t, &(0..t.len())), Some("Priya".into()));
        let t = "MySQL 8.0 升级（交易库）";
        assert_eq!(bracketed_owner(t, &(0..t.len())), None);
        let t = "Blocked on legal review (J. Chen)";
        assert_eq!(bracketed_owner(t, &(0..t.len())), Some("J. Chen".into()));
        let t = "dry-run (v2)";
        assert_eq!(bracketed_owner(t, &(0..t.len())), None);
    }
}
