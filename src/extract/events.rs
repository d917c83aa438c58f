//! Production stability events, in the three shapes teams write them:
//!
//! - a line: `7/3 18:40 监控发现…` with `原因：`, `处置：`, `影响8分钟` on it, the lines below
//!   or paragraphs under it;
//! - a block: a heading or bold line (`### INC-3107 (SEV3) Elevated 5xx`, `**2. 消息队列积压**`)
//!   followed by labelled lines (`**When:**`, `Duration`, `Root cause`, `处置`, `改进项`);
//! - a row of an incident table (read in [`super::tables`]).
//!
//! The impact is the stated duration in any form the lexer reads (`8分钟`, `2h 15m`, `约2天`),
//! else derived from a time range (`08:40–09:25`) or a recovery time (`16:53 服务恢复`).

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime};
use rust_decimal::Decimal;

use crate::config::{EventLabel, Field, Meaning, MeaningKind, SectionRole};
use crate::model::{
    ActionItem, Derivation, DiagnosticCode, Event, ImpactSource, Note, Num, Severity, Span,
};
use crate::parse::{Block, Inline, ListItem};

use super::incidents::{grade_key, incidents_in_line};
use super::lexer::{Clock, Day, Duration, Kind, Token};
use super::text::trim_clause;
use super::{lines_of, Ctx, Line};

/// Whether a line opens with a date or a time (`7/3 18:40 …`, `周二 14:20 …`, `18:40 告警`):
/// the shape of an event line.
pub(super) fn starts_with_datetime(lines: &[Line<'_>]) -> bool {
    let Some(first) = lines.first() else {
        return false;
    };
    let lead = first.norm().len() - first.norm().trim_start().len();
    first.tokens().first().is_some_and(|t| {
        t.range.start == lead && matches!(t.kind, Kind::Time(..) | Kind::TimeRange(..))
            || t.range.start == lead
                && matches!(t.kind, Kind::Date(_))
                && first
                    .tokens()
                    .get(1)
                    .is_some_and(|n| matches!(n.kind, Kind::Time(..)))
            || t.range.start == lead && matches!(t.kind, Kind::Date(_)) && has_event_labels(lines)
    })
}

/// Whether the lines hold a cause, action or impact label.
pub(super) fn has_event_labels(lines: &[Line<'_>]) -> bool {
    lines
        .iter()
        .any(|l| l.words().of_kind(MeaningKind::EventLabel).next().is_some())
}

/// Whether a paragraph is a label naming the events (`生产稳定性事件：`).
pub(super) fn is_events_label(ctx: &Ctx<'_>, text: &str) -> bool {
    let key = super::sections::heading_key(text);
    key.chars().count() <= 24
        && text.trim_end().ends_with([':', '：'])
        && super::sections::named_role(ctx.lexicon, &key)
            .is_some_and(|(r, _)| r == SectionRole::Events)
}

/// The lines of a list item and all its nested items, in order.
fn item_lines<'i>(ctx: &Ctx<'_>, li: &'i ListItem) -> Vec<Line<'i>> {
    let mut out = Vec::new();
    let mut stack = vec![li];
    while let Some(item) = stack.pop() {
        for inline in &item.content {
            out.extend(lines_of(ctx, inline));
        }
        stack.extend(item.children.iter().rev());
    }
    out
}

/// A position in a run of lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct At {
    line: usize,
    byte: usize,
}

/// The original text from `from` to `to` across lines, joined with `\n`.
fn text_between(lines: &[Line<'_>], from: At, to: At) -> String {
    let mut parts = Vec::new();
    for (i, l) in lines.iter().enumerate().take(to.line + 1).skip(from.line) {
        let start = if i == from.line { from.byte } else { 0 };
        let end = if i == to.line {
            to.byte
        } else {
            l.norm().len()
        };
        if start < end {
            parts.push(l.original(start..end));
        }
    }
    trim_clause(&parts.join("\n")).to_string()
}

/// A day and a time as a date-time: a written date, a weekday of the note's week, or the
/// note's own date.
fn at_of(
    ctx: &mut Ctx<'_>,
    line: &Line<'_>,
    t: &Token,
    day: Option<Day>,
    clock: Clock,
) -> Option<NaiveDateTime> {
    let date = match day {
        Some(Day::Date(d)) => ctx.resolve_date(&d, line.span(t.range.clone()))?,
        Some(Day::Weekday { shift, day }) => weekday_date(ctx.anchor?, shift, day)?,
        None => ctx.anchor?,
    };
    let date = if clock.next_day {
        date.succ_opt()?
    } else {
        date
    };
    time_of(ctx, line, t, clock).map(|time| date.and_time(time))
}

/// The date of a weekday (`1` Monday … `7` Sunday) `shift` weeks from `anchor`'s week.
fn weekday_date(anchor: NaiveDate, shift: i32, day: u32) -> Option<NaiveDate> {
    let monday = anchor - chrono::Days::new(u64::from(anchor.weekday().num_days_from_monday()));
    monday.checked_add_signed(chrono::Duration::days(
        i64::from(shift) * 7 + i64::from(day) - 1,
    ))
}

/// Where the time of a time token is written, without the date before it (`11:21` of
/// `7/5 11:21`).
fn clock_range(line: &Line<'_>, t: &Token) -> std::ops::Range<usize> {
    match &t.kind {
        Kind::Time(Some(Day::Date(d)), _) | Kind::TimeRange(Some(Day::Date(d)), ..) => {
            let rest = &line.norm()[d.end..t.range.end];
            d.end + (rest.len() - rest.trim_start().len())..t.range.end
        }
        _ => t.range.clone(),
    }
}

/// The note's span of the time a token writes (see [`clock_range`]).
pub(super) fn clock_span(line: &Line<'_>, t: &Token) -> Span {
    line.span(clock_range(line, t))
}

fn time_of(ctx: &mut Ctx<'_>, line: &Line<'_>, t: &Token, clock: Clock) -> Option<NaiveTime> {
    // A diagnostic points at the time, not at the date written before it.
    let range = clock_range(line, t);
    if clock.half_day_unknown {
        let lang = crate::config::writing::Lang::of(line.norm());
        let half_day = &ctx.vocabulary.phrases(lang).half_day_example;
        ctx.report(
            DiagnosticCode::AmbiguousTime,
            Severity::Info,
            line.span(range.clone()),
            format!(
                "`{}` may be morning or afternoon; write {half_day} (or 24-hour time)",
                &line.norm()[range.clone()]
            ),
        );
        return None;
    }
    match NaiveTime::from_hms_opt(clock.hour, clock.minute, 0) {
        Some(time) => Some(time),
        None => {
            ctx.report(
                DiagnosticCode::InvalidTime,
                Severity::Warning,
                line.span(range.clone()),
                format!(
                    "`{}:{:02}` is not a time: there is no such time of day",
                    clock.hour, clock.minute
                ),
            );
            None
        }
    }
}

/// When an event started and, for a time range, when it ended, from a line's first value.
pub(super) fn start_of_token(
    ctx: &mut Ctx<'_>,
    line: &Line<'_>,
    t: &Token,
) -> (Option<NaiveDateTime>, Option<NaiveDateTime>, Option<String>) {
    let zone = |c: &Clock| c.zone.map(|z| line.norm()[z.0..z.1].to_string());
    match &t.kind {
        Kind::Time(day, clock) => (at_of(ctx, line, t, *day, *clock), None, zone(clock)),
        Kind::TimeRange(day, a, b) => {
            let start = at_of(ctx, line, t, *day, *a);
            let mut end = at_of(ctx, line, t, *day, *b);
            // `23:10-01:20` with no 次日: past midnight.
            if let (Some(s), Some(e)) = (start, end) {
                if e < s && !b.next_day {
                    end = e.date().succ_opt().map(|d| d.and_time(e.time()));
                }
            }
            (start, end, zone(b).or(zone(a)))
        }
        Kind::Date(d) => {
            let date = ctx.resolve_date(d, line.span(t.range.clone()));
            (date.map(|d| d.and_time(NaiveTime::MIN)), None, None)
        }
        _ => (None, None, None),
    }
}

/// An event's impact in minutes from a duration token.
pub(super) fn duration_minutes(d: &Duration) -> Num {
    let minutes = d.seconds.0 / Decimal::from(60);
    Num(minutes.round_dp(2).normalize())
}

/// An event from a list item (or a paragraph made one).
pub(super) fn event_from_item(ctx: &mut Ctx<'_>, li: &ListItem) -> Option<Event> {
    let lines = item_lines(ctx, li);
    let first = lines.first()?;
    let mut body_start = first.norm().len() - first.norm().trim_start().len();
    let mut at = None;
    let mut end = None;
    let mut timezone = None;
    // Where the start and an end written with it stand, for a derived impact.
    let mut at_span = None;
    let mut end_span = None;
    if let Some(t) = first
        .tokens()
        .first()
        .filter(|t| t.range.start == body_start)
    {
        let (s, e, z) = start_of_token(ctx, first, t);
        at = s;
        end = e;
        timezone = z;
        at_span = Some(clock_span(first, t));
        end_span = e.and(at_span);
        body_start = t.range.end;
        // `7/3 18:40`: a date then a time.
        if matches!(t.kind, Kind::Date(_)) {
            if let Some(n) = first
                .tokens()
                .get(1)
                .filter(|n| first.norm()[t.range.end..n.range.start].trim().is_empty())
            {
                if let Kind::Time(None, clock) = n.kind {
                    let date = at.map(|a| a.date());
                    if let (Some(date), Some(time)) = (date, time_of(ctx, first, n, clock)) {
                        at = Some(date.and_time(time));
                        at_span = Some(clock_span(first, n));
                    }
                    body_start = n.range.end;
                    timezone = clock.zone.map(|z| first.norm()[z.0..z.1].to_string());
                }
            }
        }
    }
    let event_date = at.map(|a| a.date()).or(ctx.anchor);

    // Labelled parts: a cause/action (or impact) label followed by a colon starts a part.
    let mut parts: Vec<(EventLabel, At, At)> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        for w in l.words().of_kind(MeaningKind::EventLabel) {
            let Meaning::EventLabel(label) = w.meaning else {
                continue;
            };
            let rest = &l.norm()[w.range.1..];
            let colon = rest.len() - rest.trim_start().len();
            if rest[colon..].starts_with(':') && label != EventLabel::Recovered {
                parts.push((
                    label,
                    At {
                        line: i,
                        byte: w.range.0,
                    },
                    At {
                        line: i,
                        byte: w.range.1 + colon + 1,
                    },
                ));
            }
        }
    }
    let last = At {
        line: lines.len() - 1,
        byte: lines[lines.len() - 1].norm().len(),
    };
    let part_text = |label: EventLabel| {
        let (i, (_, _, body)) = parts.iter().enumerate().find(|(_, p)| p.0 == label)?;
        let to = parts.get(i + 1).map_or(last, |p| p.1);
        let t = text_between(&lines, *body, to);
        (!t.is_empty()).then_some(t)
    };
    let summary_end = parts
        .first()
        .filter(|p| p.1.line == 0)
        .map_or(first.norm().len(), |p| p.1.byte);
    let summary = trim_clause(first.original(body_start.min(summary_end)..summary_end)).to_string();
    let cause = part_text(EventLabel::Cause);
    let action = part_text(EventLabel::Action);

    let (recovered_at, end_span) = match end {
        Some(e) => (Some(e), end_span),
        None => recovery(ctx, &lines, event_date).map_or((None, None), |(e, s)| (Some(e), Some(s))),
    };
    // A duration in the event's own words (`写入失败 ~12 min，09:17 恢复`) is its stated impact
    // when it agrees with the times written.
    let stated = stated_impact(ctx, &lines).or_else(|| {
        let (Some(start), Some(end)) = (at, recovered_at) else {
            return None;
        };
        let derived = (end - start).num_minutes();
        first
            .tokens()
            .iter()
            .filter(|t| t.range.start >= body_start && t.range.end <= summary_end)
            .find_map(|t| match &t.kind {
                Kind::Duration(d) => {
                    let m = duration_minutes(d);
                    ((m.0 - Decimal::from(derived)).abs() <= Decimal::ONE).then_some(m)
                }
                _ => None,
            })
    });
    let span = join_spans(&lines);
    let (impact_minutes, impact_source, derived_from) =
        impact(ctx, stated, (at, at_span), (recovered_at, end_span), span);
    let grade = grade_of(&lines);
    Some(Event {
        id: None,
        at,
        timezone,
        detected_at: None,
        summary,
        cause,
        action,
        grade,
        impact_minutes,
        impact_source,
        recovered_at,
        derived_from,
        actions: vec![],
        line: ctx.line(span.start),
        span,
    })
}

fn join_spans(lines: &[Line<'_>]) -> Span {
    match (lines.first(), lines.last()) {
        (Some(a), Some(b)) => {
            let s = a.span(0..a.norm().len());
            let e = b.span(0..b.norm().len());
            Span::new(s.start, e.end.max(s.start))
        }
        _ => Span::default(),
    }
}

/// The impact: stated, else derived from the start and the end (a range or a recovery).
/// A derived impact carries where its two times are written (when both spans are known).
fn impact(
    ctx: &mut Ctx<'_>,
    stated: Option<Num>,
    (at, at_span): (Option<NaiveDateTime>, Option<Span>),
    (end, end_span): (Option<NaiveDateTime>, Option<Span>),
    span: Span,
) -> (Option<Num>, Option<ImpactSource>, Option<Derivation>) {
    match (stated, at, end) {
        (Some(m), _, _) => (Some(m), Some(ImpactSource::Stated), None),
        (None, Some(start), Some(end)) if end >= start => (
            Some(Num::from((end - start).num_minutes())),
            Some(ImpactSource::Derived),
            at_span
                .zip(end_span)
                .map(|(from, to)| Derivation { from, to }),
        ),
        (None, Some(start), Some(end)) => {
            ctx.report(
                DiagnosticCode::RecoveryBeforeEvent,
                Severity::Warning,
                span,
                format!(
                    "recovery at {} is before the event at {}; write the recovery's date if it was the next day",
                    end.format("%H:%M"),
                    start.format("%H:%M")
                ),
            );
            (None, None, None)
        }
        _ => (None, None, None),
    }
}

/// A duration right after an impact label or a duration label (`影响8分钟`, `影响时长：35 分钟`,
/// `impact 17 minutes`, `Duration: 45 min`), or right before a recovery word (`25分钟后恢复`).
fn stated_impact(ctx: &mut Ctx<'_>, lines: &[Line<'_>]) -> Option<Num> {
    for l in lines {
        let text = l.norm();
        let labels = l.words().iter().filter(|w| {
            matches!(
                w.meaning,
                Meaning::EventLabel(EventLabel::Impact) | Meaning::Label(Field::Duration)
            )
        });
        for w in labels {
            let Some(after) = l.tokens().iter().find(|t| t.range.start >= w.range.1) else {
                continue;
            };
            let gap = &text[w.range.1..after.range.start];
            let near = gap.chars().count() <= 6 && !gap.contains([',', ';', '。']);
            match (near, &after.kind) {
                (true, Kind::Duration(d)) => return Some(duration_minutes(d)),
                // `影响-5分钟`: a negative length of time is no impact.
                (true, Kind::Number(q))
                    if q.value.0.is_sign_negative()
                        && q.unit.is_some_and(|u| ctx.lexicon.seconds(u).is_some()) =>
                {
                    let seconds = ctx
                        .lexicon
                        .seconds(q.unit.expect("checked"))
                        .map_or(Decimal::ZERO, |s| s.0);
                    let minutes = Num((q.value.0 * seconds / Decimal::from(60)).normalize());
                    ctx.report(
                        DiagnosticCode::ValueOutOfRange,
                        Severity::Warning,
                        l.span(after.range.clone()),
                        format!("impact of {minutes} minutes is negative"),
                    );
                    return None;
                }
                _ => {}
            }
        }
        // `25分钟后恢复`
        for t in l.tokens() {
            if let Kind::Duration(d) = &t.kind {
                let rest = text[t.range.end..].trim_start();
                let rest = rest
                    .strip_prefix(crate::config::script::script().after_duration.as_slice())
                    .unwrap_or(rest)
                    .trim_start();
                let lead = text.len() - rest.len();
                let recovered = l
                    .words()
                    .of(|m| m == Meaning::EventLabel(EventLabel::Recovered))
                    .any(|w| w.range.0 == lead);
                if recovered {
                    return Some(duration_minutes(d));
                }
            }
        }
    }
    None
}

/// The recovery time: a time right before a recovery word (`16:53 服务恢复`) or right after
/// it (`recovered at 16:53`), with a date when one is written before the time.
fn recovery(
    ctx: &mut Ctx<'_>,
    lines: &[Line<'_>],
    event_date: Option<NaiveDate>,
) -> Option<(NaiveDateTime, Span)> {
    for l in lines {
        let text = l.norm();
        for w in l
            .words()
            .of(|m| m == Meaning::EventLabel(EventLabel::Recovered))
        {
            let before = text[..w.range.0].trim_end().len();
            let time = l
                .tokens()
                .iter()
                .find(|t| t.range.end == before && matches!(t.kind, Kind::Time(..)))
                .or_else(|| {
                    let after = w.range.1;
                    l.tokens().iter().find(|t| {
                        t.range.start >= after
                            && matches!(t.kind, Kind::Time(..))
                            && text[after..t.range.start]
                                .trim_start_matches([' ', ':'])
                                .to_ascii_lowercase()
                                .trim()
                                .chars()
                                .count()
                                <= 3
                    })
                });
            let Some(t) = time else { continue };
            let Kind::Time(day, clock) = t.kind else {
                continue;
            };
            let day = day.or(event_date.map(|d| {
                Day::Date(super::dates::DateToken {
                    start: 0,
                    end: 0,
                    year: Some(d.year()),
                    month: d.month(),
                    day: d.day(),
                })
            }));
            let day = day?;
            return at_of(ctx, l, t, Some(day), clock).map(|at| (at, clock_span(l, t)));
        }
    }
    None
}

/// The grade an event names: a numbered grade (`P1`, `SEV2`) or one marked `级`/`类`.
fn grade_of(lines: &[Line<'_>]) -> Option<String> {
    lines.iter().find_map(|l| {
        l.tokens().iter().find_map(|t| match &t.kind {
            Kind::Grade { qualified: true } => Some(grade_key(&l.norm()[t.range.clone()])),
            _ => None,
        })
    })
}

/// An event block: a heading or bold line, then labelled lines (`**When:** …`, `原因：…`) and
/// its action items.
pub(super) fn event_from_block(
    ctx: &mut Ctx<'_>,
    heading: &Inline,
    blocks: &[Block],
) -> Option<Event> {
    let head = lines_of(ctx, heading);
    let first = head.first()?;
    let text = first.norm();
    let id = first
        .tokens()
        .iter()
        .find(|t| {
            matches!(t.kind, Kind::Id)
                && text[t.range.clone()].contains('-')
                && text[t.range.clone()].starts_with(|c: char| c.is_ascii_alphabetic())
        })
        .map(|t| text[t.range.clone()].to_string());
    let mut grade = grade_of(&head);
    // The summary: the heading without its id, grade and numbering.
    let mut summary = {
        let mut s = String::new();
        let mut at = 0;
        for t in first.tokens() {
            if matches!(t.kind, Kind::Id | Kind::Grade { .. }) {
                s.push_str(&text[at..t.range.start]);
                at = t.range.end;
            }
        }
        s.push_str(&text[at..]);
        let s: String = s.replace("()", "").replace("（）", "");
        let key = super::sections::heading_key(&s);
        trim_clause(&key).to_string()
    };
    let mut acc = BlockFacts::default();
    let mut in_actions = false;
    for block in blocks {
        match block {
            Block::Paragraph(p) => {
                for line in lines_of(ctx, p) {
                    match acc.read(ctx, &line) {
                        Some(Label::ActionItems) => in_actions = true,
                        Some(_) => in_actions = false,
                        // `改进项：` then lines: more action items.
                        None if in_actions => acc.actions.push(action_item(ctx, &line, None)),
                        None => {}
                    }
                }
            }
            Block::List(list) => {
                for li in &list.items {
                    let Some(inline) = li.content.first() else {
                        continue;
                    };
                    let lines = lines_of(ctx, inline);
                    let Some(l) = lines.first() else { continue };
                    match acc.read(ctx, l) {
                        // `- 改进项：` with the actions nested under it.
                        Some(Label::ActionItems) => {
                            for child in &li.children {
                                if let Some(c) = child
                                    .content
                                    .first()
                                    .and_then(|i| lines_of(ctx, i).into_iter().next())
                                {
                                    let mut a = action_item(ctx, &c, None);
                                    a.done = child.checked == Some(true);
                                    acc.actions.push(a);
                                }
                            }
                            in_actions = li.children.is_empty();
                        }
                        Some(_) => in_actions = false,
                        // The list after `Action items:` (or a list of no labels) holds actions.
                        None => {
                            let mut a = action_item(ctx, l, None);
                            a.done = li.checked == Some(true);
                            acc.actions.push(a);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    let BlockFacts {
        at,
        at_span,
        end,
        end_span,
        detected,
        timezone,
        stated,
        cause,
        action,
        actions,
        grade: labelled_grade,
        summary: labelled_summary,
    } = acc;
    grade = grade.or(labelled_grade);
    if summary.is_empty() {
        summary = labelled_summary.unwrap_or_default();
    }
    let span = heading.span;
    let (impact_minutes, impact_source, derived_from) =
        impact(ctx, stated, (at, at_span), (end, end_span), span);
    Some(Event {
        id,
        at,
        timezone,
        detected_at: detected,
        summary,
        cause,
        action,
        grade,
        impact_minutes,
        impact_source,
        recovered_at: end,
        derived_from,
        actions,
        line: ctx.line(span.start),
        span,
    })
}

/// What the labelled lines of an event block say.
#[derive(Debug, Default)]
struct BlockFacts {
    at: Option<NaiveDateTime>,
    /// Where `at` is written.
    at_span: Option<Span>,
    end: Option<NaiveDateTime>,
    /// Where `end` is written.
    end_span: Option<Span>,
    detected: Option<NaiveDateTime>,
    timezone: Option<String>,
    stated: Option<Num>,
    cause: Option<String>,
    action: Option<String>,
    actions: Vec<ActionItem>,
    grade: Option<String>,
    summary: Option<String>,
}

impl BlockFacts {
    /// Reads one labelled line (`When: …`, `原因：…`); returns its label, if it has one.
    fn read(&mut self, ctx: &mut Ctx<'_>, line: &Line<'_>) -> Option<Label> {
        let (field, value_at) = opening_label(line)?;
        let value = trim_clause(line.original(value_at..line.norm().len())).to_string();
        let first_value = line.tokens().iter().find(|t| t.range.start >= value_at);
        match field {
            Label::When => {
                // `When: detected 2024-06-14 10:10 UTC, …`: a detection time.
                let detected_word = line
                    .words()
                    .of(|m| m == Meaning::Label(Field::Detected))
                    .any(|w| {
                        w.range.0 >= value_at
                            && first_value.is_some_and(|t| w.range.1 <= t.range.start)
                    });
                if let Some(t) = first_value {
                    let (s, e, z) = start_of_token(ctx, line, t);
                    if detected_word {
                        self.detected = self.detected.or(s);
                    } else {
                        let written = Some(clock_span(line, t));
                        if self.at.is_none() && s.is_some() {
                            self.at = s;
                            self.at_span = written;
                        }
                        if self.end.is_none() && e.is_some() {
                            self.end = e;
                            self.end_span = written;
                        }
                    }
                    self.timezone = self.timezone.take().or(z);
                }
            }
            Label::Detected => {
                if let Some(t) = first_value {
                    self.detected = self
                        .detected
                        .or_else(|| relative_time(ctx, line, t, self.at));
                    if let Kind::Time(_, c) = &t.kind {
                        self.timezone = self
                            .timezone
                            .take()
                            .or(c.zone.map(|z| line.norm()[z.0..z.1].to_string()));
                    }
                }
            }
            Label::Ended => {
                if let Some(t) = first_value {
                    if self.end.is_none() {
                        self.end = relative_time(ctx, line, t, self.at);
                        self.end_span = self.end.map(|_| clock_span(line, t));
                    }
                }
            }
            Label::Duration => {
                if let Some(Kind::Duration(d)) = first_value.map(|t| &t.kind) {
                    self.stated = self.stated.or(Some(duration_minutes(d)));
                }
            }
            Label::Impact => {
                if self.stated.is_none() {
                    self.stated = stated_impact(ctx, std::slice::from_ref(line));
                }
            }
            Label::Cause => self.cause = self.cause.take().or(Some(value)),
            Label::Action => self.action = self.action.take().or(Some(value)),
            Label::Summary => self.summary = self.summary.take().or(Some(value)),
            Label::Grade => {
                self.grade = self
                    .grade
                    .take()
                    .or_else(|| grade_of(std::slice::from_ref(line)))
            }
            Label::ActionItems => {
                if !value.is_empty() {
                    self.actions.push(action_item(ctx, line, Some(value_at)));
                }
            }
        }
        Some(field)
    }
}

/// A time written alone (`Detected: 08:47`) on the day of `at`, or with its own date.
fn relative_time(
    ctx: &mut Ctx<'_>,
    line: &Line<'_>,
    t: &Token,
    at: Option<NaiveDateTime>,
) -> Option<NaiveDateTime> {
    match &t.kind {
        Kind::Time(None, clock) => {
            let date = at.map(|a| a.date()).or(ctx.anchor)?;
            let date = if clock.next_day {
                date.succ_opt()?
            } else {
                date
            };
            time_of(ctx, line, t, *clock).map(|time| date.and_time(time))
        }
        _ => start_of_token(ctx, line, t).0,
    }
}

/// The fields an event block's lines are labelled with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Label {
    When,
    Detected,
    Ended,
    Duration,
    Impact,
    Cause,
    Action,
    Summary,
    Grade,
    ActionItems,
}

/// The label that opens a line (`When:`, `**Root cause:**`, `原因：`) and where its value starts.
fn opening_label(line: &Line<'_>) -> Option<(Label, usize)> {
    let text = line.norm();
    let lead = text.len() - text.trim_start().len();
    let w = line
        .words()
        .at(lead)
        .filter(|w| matches!(w.meaning, Meaning::Label(_) | Meaning::EventLabel(_)))
        .max_by_key(|w| w.range.1)?;
    let rest = &text[w.range.1..];
    let colon = rest.len() - rest.trim_start().len();
    if !rest[colon..].starts_with(':') {
        return None;
    }
    let value_at = w.range.1 + colon + 1;
    let value_at = value_at + (text[value_at..].len() - text[value_at..].trim_start().len());
    let label = match w.meaning {
        Meaning::Label(Field::When | Field::Start) => Label::When,
        Meaning::Label(Field::Detected) => Label::Detected,
        Meaning::Label(Field::Ended) => Label::Ended,
        Meaning::Label(Field::Duration) => Label::Duration,
        Meaning::EventLabel(EventLabel::Impact) => Label::Impact,
        Meaning::EventLabel(EventLabel::Cause) => Label::Cause,
        Meaning::EventLabel(EventLabel::Action) => Label::Action,
        Meaning::EventLabel(EventLabel::Recovered) => Label::Ended,
        Meaning::Label(Field::Summary) => Label::Summary,
        Meaning::Label(Field::Grade) => Label::Grade,
        Meaning::Label(Field::ActionItems) => Label::ActionItems,
        _ => return None,
    };
    Some((label, value_at))
}

/// A follow-up action: its text, owner and due date.
fn action_item(ctx: &mut Ctx<'_>, line: &Line<'_>, from: Option<usize>) -> ActionItem {
    let from = from.unwrap_or(0);
    let range = from..line.norm().len();
    let facts = super::items::clause_facts(ctx, line, range.clone());
    let span = line.span(range.clone());
    ActionItem {
        text: trim_clause(line.original(range)).to_string(),
        owner: facts.owner,
        due: facts.due.or(facts.done_on.filter(|_| false)),
        done: facts.status == crate::model::Status::Done,
        line: ctx.line(span.start),
        span,
    }
}

/// An incidents section: count lines are counts; lines and items that open with a time, or
/// hold an event's labels, are events; tables are incident tables.
pub(super) fn events_section(ctx: &mut Ctx<'_>, note: &mut Note, blocks: &[Block]) {
    for block in blocks {
        match block {
            Block::Paragraph(p) => {
                let lines = lines_of(ctx, p);
                let counts = lines.iter().fold(false, |any, l| {
                    incidents_in_line(ctx, l, true, &mut note.incidents) | any
                });
                if counts {
                    continue;
                }
                if starts_with_datetime(&lines) {
                    let pseudo = ListItem {
                        content: vec![p.clone()],
                        children: vec![],
                        checked: None,
                        span: p.span,
                    };
                    note.events.extend(event_from_item(ctx, &pseudo));
                } else {
                    for l in &lines {
                        super::metrics::metrics_in_line(
                            ctx,
                            l,
                            super::metrics::Scope::Elsewhere,
                            &mut note.metrics,
                        );
                    }
                }
            }
            Block::List(list) => {
                for li in &list.items {
                    let lines: Vec<Line<'_>> =
                        li.content.iter().flat_map(|i| lines_of(ctx, i)).collect();
                    let counts = lines
                        .first()
                        .is_some_and(|l| incidents_in_line(ctx, l, true, &mut note.incidents));
                    if counts || says_nothing(&lines) {
                        continue;
                    }
                    note.events.extend(event_from_item(ctx, li));
                }
            }
            Block::Table(t) => {
                super::tables::table(ctx, note, t, SectionRole::Events, None, &mut Vec::new())
            }
            Block::Callout(_) => {}
        }
    }
}

/// A line that only says there was nothing (`无`, `None`, `none this week`).
fn says_nothing(lines: &[Line<'_>]) -> bool {
    let Some(l) = lines.first() else { return true };
    let text = l.norm().trim();
    let lead = l.norm().len() - l.norm().trim_start().len();
    lines.len() == 1
        && text.chars().count() <= 16
        && l.words()
            .at(lead)
            .any(|w| matches!(w.meaning, Meaning::Zero | Meaning::Nobody))
}
