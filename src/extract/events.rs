//! Production stability events: `7/3 18:40 监控发现…` with `原因：`, `处置：`, `影响8分钟` on the
//! same line, the lines below or paragraphs under it; impact minutes stated or derived from a
//! recovery time (`16:53 服务恢复`).

use std::sync::LazyLock;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use regex_lite::Regex;
use rust_decimal::Decimal;

use crate::config::EventLabel;
use crate::model::{Event, ImpactSource, Num, Severity};
use crate::parse::ListItem;

use super::dates::{date_at_start, find_dates, time_at_end, time_at_start, TimeToken};
use super::lines::{Joined, TextLine};
use super::text::trim_clause;
use super::Ctx;

static IMPACT_FIGURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(?:for|of|时长|时间)?\s*[:=]?\s*(?:约|大约|共|about|approx\.?|~|≈)?\s*(?P<n>-?[0-9]+(?:\.[0-9]+)?)\s*(?P<u>分钟|分|小时|mins?|minutes?|hrs?|hours?|h|m)\b?",
    )
    .expect("impact pattern is valid")
});
static TIME_AFTER_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:at|于|时间)?\s*[:=]?\s*").expect("recovery pattern is valid")
});

/// Whether a list item's first line opens with a date or a time (a daily note's events are
/// on the note's own date), the shape of an event line.
pub(super) fn starts_with_datetime(text: &str) -> bool {
    let norm = super::text::Norm::new(text);
    date_at_start(&norm.text).is_some() || time_at_start(&norm.text).is_some()
}

/// Whether `text` holds a cause, action or impact label.
pub(super) fn has_event_labels(ctx: &Ctx<'_>, text: &str) -> bool {
    ctx.vocab
        .event_labels()
        .is_match(&super::text::Norm::text_of(text))
}

/// The text lines of an item and all its nested items, in order.
fn item_lines(li: &ListItem) -> Vec<TextLine<'_>> {
    let mut out = Vec::new();
    let mut stack = vec![li];
    while let Some(item) = stack.pop() {
        out.extend(item.content.iter().flat_map(TextLine::split));
        stack.extend(item.children.iter().rev());
    }
    out
}

/// An event from a list item.
pub(super) fn event_from_item(ctx: &mut Ctx<'_>, li: &ListItem) -> Option<Event> {
    let joined = Joined::new(item_lines(li));
    let first = joined.lines().next().map(|(_, l)| l.clone())?;
    let text = joined.text.as_str();

    // When it started.
    let mut body_start = 0;
    let mut at = None;
    let mut event_date = None;
    if let Some(d) = date_at_start(text) {
        body_start = d.end;
        event_date = ctx.resolve_date(&d, first.span(d.start..d.end));
        let time = time_at_start(&text[d.end..]).map(|t| TimeToken {
            start: t.start + d.end,
            end: t.end + d.end,
            ..t
        });
        if let Some(t) = time {
            body_start = t.end;
        }
        at = event_date.and_then(|date| resolve_time(ctx, &joined, time, date));
    } else if let Some(t) = time_at_start(text) {
        // A time alone: the note's own date (a daily note's `18:40 告警…`).
        body_start = t.end;
        event_date = ctx.anchor;
        at = event_date.and_then(|date| resolve_time(ctx, &joined, Some(t), date));
    }

    // Labelled parts: a cause/action (or impact) label followed by a colon starts a part.
    let labels = ctx.vocab.event_labels().find_all(text);
    let parts: Vec<(EventLabel, usize, usize)> = labels
        .iter()
        .filter_map(|m| {
            let rest = &text[m.range.end..];
            let colon = rest.len() - rest.trim_start().len();
            let opens = rest[colon..].starts_with(':');
            (opens && *m.meaning != EventLabel::Recovered)
                .then(|| (*m.meaning, m.range.start, m.range.end + colon + 1))
        })
        .collect();
    let part_text = |label: EventLabel| {
        let (i, (_, _, body)) = parts.iter().enumerate().find(|(_, p)| p.0 == label)?;
        let end = parts.get(i + 1).map_or(text.len(), |p| p.1);
        let original = joined.original(*body..end);
        let t = trim_clause(&original).to_string();
        (!t.is_empty()).then_some(t)
    };
    let summary_end = parts.first().map_or(text.len(), |p| p.1).min(
        text[body_start..]
            .find('\n')
            .map_or(text.len(), |i| body_start + i),
    );
    let summary =
        trim_clause(&joined.original(body_start..summary_end.max(body_start))).to_string();
    let cause = part_text(EventLabel::Cause);
    let action = part_text(EventLabel::Action);

    let stated = stated_impact(ctx, &joined, &labels);
    let recovered_at = recovery(ctx, &joined, &labels, event_date);
    let (impact_minutes, impact_source) = match (stated, at, recovered_at) {
        (Some(m), _, _) => (Some(m), Some(ImpactSource::Stated)),
        (None, Some(start), Some(end)) if end >= start => (
            Some(Num::from((end - start).num_minutes())),
            Some(ImpactSource::Derived),
        ),
        (None, Some(start), Some(end)) => {
            let span = joined.span(0..text.len());
            ctx.report(
                "recovery-before-event",
                Severity::Warning,
                span,
                format!(
                    "recovery at {} is before the event at {}; write the recovery's date if it was the next day",
                    end.format("%H:%M"),
                    start.format("%H:%M")
                ),
            );
            (None, None)
        }
        _ => (None, None),
    };

    let grade = grade(ctx, text);
    let span = joined.span(0..text.len());
    Some(Event {
        at,
        summary,
        cause,
        action,
        grade,
        impact_minutes,
        impact_source,
        recovered_at,
        line: ctx.line(span.start),
        span,
    })
}

fn resolve_time(
    ctx: &mut Ctx<'_>,
    joined: &Joined<'_>,
    time: Option<TimeToken>,
    date: NaiveDate,
) -> Option<NaiveDateTime> {
    let Some(t) = time else {
        return Some(date.and_time(NaiveTime::MIN));
    };
    match t.resolve() {
        Ok(time) => Some(date.and_time(time)),
        Err(invalid) => {
            let span = joined.span(t.start..t.end);
            ctx.report(
                "invalid-time",
                Severity::Warning,
                span,
                format!("`{}` is not a time: {}", invalid.written, invalid.reason),
            );
            None
        }
    }
}

fn stated_impact(
    ctx: &mut Ctx<'_>,
    joined: &Joined<'_>,
    labels: &[crate::config::WordMatch<'_, EventLabel>],
) -> Option<Num> {
    let text = joined.text.as_str();
    for m in labels.iter().filter(|m| *m.meaning == EventLabel::Impact) {
        let Some(c) = IMPACT_FIGURE.captures(&text[m.range.end..]) else {
            continue;
        };
        let (Some(n), Some(u)) = (c.name("n"), c.name("u")) else {
            continue;
        };
        let Some(value) = Num::parse(n.as_str()) else {
            continue;
        };
        let at = m.range.end + n.start()..m.range.end + u.end();
        if value.0.is_sign_negative() {
            ctx.report(
                "value-out-of-range",
                Severity::Warning,
                joined.span(at),
                format!("impact of {value} minutes is negative"),
            );
            return None;
        }
        let hours = matches!(
            u.as_str().to_lowercase().as_str(),
            "小时" | "h" | "hr" | "hrs" | "hour" | "hours"
        );
        return Some(if hours {
            Num((value.0 * Decimal::from(60)).normalize())
        } else {
            value
        });
    }
    None
}

/// The recovery time: a time right before a recovery word (`16:53 服务恢复`) or right after
/// it (`recovered at 16:53`), with a date when one is written before the time.
fn recovery(
    ctx: &mut Ctx<'_>,
    joined: &Joined<'_>,
    labels: &[crate::config::WordMatch<'_, EventLabel>],
    event_date: Option<NaiveDate>,
) -> Option<NaiveDateTime> {
    let text = joined.text.as_str();
    for m in labels
        .iter()
        .filter(|m| *m.meaning == EventLabel::Recovered)
    {
        let line_start = text[..m.range.start].rfind('\n').map_or(0, |i| i + 1);
        let before = &text[line_start..m.range.start];
        let (time, search_date_in) = if let Some(t) = time_at_end(before) {
            (
                TimeToken {
                    start: t.start + line_start,
                    end: t.end + line_start,
                    ..t
                },
                line_start..line_start + t.start,
            )
        } else {
            let after_at = m.range.end
                + TIME_AFTER_LABEL
                    .find(&text[m.range.end..])
                    .map_or(0, |x| x.end());
            let rest = &text[after_at..];
            let date_len = date_at_start(rest).map_or(0, |d| d.end);
            let Some(t) = time_at_start(&rest[date_len..]) else {
                continue;
            };
            let offset = after_at + date_len;
            (
                TimeToken {
                    start: t.start + offset,
                    end: t.end + offset,
                    ..t
                },
                after_at..after_at + date_len,
            )
        };
        // A date written just before the time (`7/6 00:20 恢复`) overrides the event's date.
        let written_date = find_dates(&text[search_date_in.clone()])
            .into_iter()
            .last()
            .filter(|d| {
                text[search_date_in.start + d.end..time.start]
                    .trim()
                    .is_empty()
            });
        let date = match written_date {
            Some(d) => {
                let span =
                    joined.span(search_date_in.start + d.start..search_date_in.start + d.end);
                ctx.resolve_date(&d, span)
            }
            None => event_date,
        };
        let date = date?;
        return resolve_time(ctx, joined, Some(time), date);
    }
    None
}

/// The grade an event names: a grade word followed by 级/故障/事故, or a `P1`/`SEV2` form.
fn grade(ctx: &Ctx<'_>, text: &str) -> Option<String> {
    ctx.vocab.grades().find_all(text).into_iter().find_map(|m| {
        let g = &text[m.range.clone()];
        let rest = text[m.range.end..].trim_start();
        let qualified = ["级", "类", "故障", "事故"]
            .iter()
            .any(|w| rest.starts_with(w));
        let numbered = g.len() >= 2 && g.chars().last().is_some_and(|c| c.is_ascii_digit());
        (qualified || numbered).then(|| g.to_uppercase().replace('-', ""))
    })
}
