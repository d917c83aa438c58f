//! KPI figures: `入金有效成功率：99.99%`, `tps≈20，目标50tps`, `p95 latency 180 ms (target <
//! 200 ms)`, `已从1.8%降至1.2%`, and rows of KPI tables.
//!
//! A line is read figure by figure from its tokens: each figure's name is the text before it
//! back to the previous delimiter or value. What is not this period's value never becomes one:
//! a figure after a target word or a comparator is the previous metric's target, a change's
//! first figure and a `上周`/`was` figure are its previous value, a `较上周` delta and a symptom
//! (`一度跌至65%`) are nothing at all.

use crate::config::{Meaning, MeaningKind};
use crate::model::{
    Comparison, DiagnosticCode, Metric, MetricKind, Num, RatioBasis, Severity, Span,
};

use super::lexer::{comparator_before, Kind, Quantity, Token};
use super::text::collapse_spaces;
use super::{Ctx, Line};

/// Words between a metric's name and its figure (`成功率为 99%`, `availability was 99.9%`):
/// signs, the copulas of `script.yaml`, then English words.
static LINK_WORDS: std::sync::LazyLock<Vec<&'static str>> = std::sync::LazyLock::new(|| {
    let copulas = crate::config::script::script().copulas.iter();
    [":", "=", "≈", "~"]
        .into_iter()
        .chain(copulas.map(String::as_str))
        .chain(["is", "at", "of", "were", "::"])
        .collect()
});

/// Where a line stands, which decides how strict metric recognition is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// In a metrics section: any `name: number` is a metric.
    MetricsSection,
    /// Elsewhere: only rates, availability and throughput with their units.
    Elsewhere,
}

/// A figure on a line that could be a metric's value.
struct Figure {
    value: Quantity,
    previous: Option<Num>,
}

fn is_segment_delimiter(c: char) -> bool {
    matches!(
        c,
        ',' | ';' | '。' | '、' | '|' | '\n' | '，' | '；' | '(' | ')'
    )
}

/// Whether the figure ending at `end` is followed by brackets naming a period other than the
/// note's week (`(Q1 avg)`, `（月均）`: the vocabulary's `values.other_periods`).
fn of_another_period(line: &Line<'_>, text: &str, end: usize) -> bool {
    let rest = &text[end..];
    let open = end + (rest.len() - rest.trim_start().len());
    if !text[open..].starts_with('(') {
        return false;
    }
    text[open..]
        .find(')')
        .is_some_and(|close| line.has_word(MeaningKind::OtherPeriod, open..open + close))
}

/// The metrics of one line, appended to `out`.
pub(super) fn metrics_in_line(
    ctx: &mut Ctx<'_>,
    line: &Line<'_>,
    scope: Scope,
    out: &mut Vec<Metric>,
) {
    let text = line.norm();
    let tokens = line.tokens();
    let first_of_line = out.len();
    let counts = std::cell::OnceCell::new();
    let mut floor = 0;
    let mut labelled_seen = false;
    for (idx, token) in tokens.iter().enumerate() {
        let Some(fig) = figure(token) else {
            // Other values (dates, counts, ids) bound the next name.
            if !matches!(
                token.kind,
                Kind::Previous(_) | Kind::Owner { .. } | Kind::Tag
            ) {
                floor = token.range.end;
            }
            attach_previous(token, out, first_of_line);
            continue;
        };
        let seg_start = text[floor..token.range.start]
            .rfind(is_segment_delimiter)
            .map_or(floor, |i| {
                floor + i + text[floor + i..].chars().next().map_or(1, char::len_utf8)
            });
        let name_range = name_range(line, text, floor, seg_start, token.range.start);
        floor = token.range.end;
        let comparator = comparator_before(line.words(), text, token.range.start);
        let segment = &text[seg_start..token.range.start];
        // A symptom (`一度跌至65%`, `briefly dropped to 65%`) or a delta is never a value.
        if line.has_word(MeaningKind::Symptom, seg_start..token.range.start)
            || line.has_word(MeaningKind::ChangeVerb, name_range.end..token.range.start)
        {
            continue;
        }
        // `52 min (Q1 avg)`: a figure of another period is no value of this week.
        if of_another_period(line, text, token.range.end) {
            continue;
        }
        let name = collapse_spaces(&text[name_range.clone()]);
        // `目标50tps`, `(target < 200 ms)`, `SLA ≥ 99.95%`: the previous metric's target.
        let targets = line
            .words()
            .ending_at(MeaningKind::Target, text[..name_range.end].trim_end().len())
            .is_some()
            || line.has_word(MeaningKind::Target, seg_start..token.range.start)
                && name.chars().count() <= 12;
        if targets || comparator.is_some() {
            if let Some(last) = out[first_of_line..].last_mut() {
                if last.target.is_none() {
                    last.target = Some(fig.value.value);
                    last.comparator = comparator.or(last.comparator);
                }
            }
            continue;
        }
        if name.is_empty()
            || is_progress_name(line, &name_range) && kind_of(line, &name_range).is_none()
        {
            continue;
        }
        let labelled =
            segment.trim_end().ends_with([':', '=']) || segment.trim_end().ends_with("::");
        let kind = kind_of(line, &name_range);
        let unit = fig.value.unit.map(|u| ctx.lexicon.unit_name(u).to_string());
        let percent = unit.as_deref() == Some("%");
        let kind = match (scope, kind) {
            // Elsewhere a success rate or availability is a KPI; another ratio only with a label
            // (`完成率：26.97%`, not `崩溃占比 60%` in a sentence about a risk).
            (Scope::Elsewhere, Some(k @ (MetricKind::SuccessRate | MetricKind::Availability)))
                if percent =>
            {
                k
            }
            (Scope::Elsewhere, Some(MetricKind::Ratio)) if percent && labelled => MetricKind::Ratio,
            (Scope::Elsewhere, Some(MetricKind::Throughput))
                if unit.is_some() || throughput_unit(ctx, line, &name_range).is_some() =>
            {
                MetricKind::Throughput
            }
            (Scope::Elsewhere, _) => continue,
            (Scope::MetricsSection, Some(k)) => k,
            // In a metrics section a figure with a label, or the first on its line, is a
            // metric of no kind.
            // In a metrics section a figure with a label, or the first on a line that opens
            // with its name (`TestFlight testers 212`), is a metric of no kind; a figure in
            // the middle of a sentence is not.
            (Scope::MetricsSection, None)
                if (labelled
                    || !labelled_seen
                        && out.len() == first_of_line
                        && opens_line(text, name_range.start)
                        && ends_phrase(text, token.range.end))
                    && name.chars().count() <= 40 =>
            {
                MetricKind::Other
            }
            (Scope::MetricsSection, None) => continue,
        };
        labelled_seen |= labelled;
        let unit = unit.or_else(|| {
            (kind == MetricKind::Throughput)
                .then(|| throughput_unit(ctx, line, &name_range))
                .flatten()
        });
        let span = line.span(name_range.start..token.range.end);
        check_percent(
            ctx,
            &name,
            fig.value.value,
            unit.as_deref(),
            line.span(token.range.clone()),
        );
        let basis = (kind == MetricKind::Ratio)
            .then(|| {
                let counts = counts.get_or_init(|| whole_counts(ctx, tokens));
                ratio_basis(counts, idx)
            })
            .flatten();
        out.push(Metric {
            name,
            kind,
            value: fig.value.value,
            unit,
            target: None,
            comparator: None,
            previous: fig.previous,
            approximate: fig.value.approximate,
            basis,
            line: ctx.line(span.start),
            span,
        });
    }
}

/// A token that can be a metric's value: a number, a duration in one unit, a change's
/// current value, a Dataview field's number.
fn figure(token: &Token) -> Option<Figure> {
    match &token.kind {
        Kind::Change { from, to } => Some(Figure {
            value: *to,
            previous: Some(from.value),
        }),
        Kind::Field { inner, .. } => {
            let q = inner.first().and_then(Token::quantity)?;
            (inner.len() == 1).then_some(Figure {
                value: q,
                previous: None,
            })
        }
        _ => token.quantity().map(|value| Figure {
            value,
            previous: None,
        }),
    }
}

/// `(上周 25%)`, `(last week 99.91%)`, `(was 2.3%)` right after a metric: its previous value.
fn attach_previous(token: &Token, out: &mut [Metric], first_of_line: usize) {
    let Kind::Previous(k) = &token.kind else {
        return;
    };
    let value = match &**k {
        Kind::Number(q) => q.value,
        Kind::Duration(d) => match d.single {
            Some((v, _)) => v,
            None => return,
        },
        _ => return,
    };
    if let Some(last) = out[first_of_line..].last_mut() {
        last.previous.get_or_insert(value);
    }
}

/// The range of a figure's name: from the segment's start to the figure, without link words
/// and leading fillers (`当前`, `本周`); a qualifier in brackets stays in it (`Uptime
/// (edge-proxy) 99.97%`, `冷启动耗时（P90）`).
fn name_range(
    line: &Line<'_>,
    text: &str,
    floor: usize,
    seg_start: usize,
    value_start: usize,
) -> std::ops::Range<usize> {
    let mut start = seg_start;
    // A bracketed qualifier right before the figure (or its colon) belongs to the name before
    // it: `Uptime (edge-proxy) 99.95%`, `支付成功率（本周均值）：99.91%`.
    let before = text[floor..floor + trailing_link_words(&text[floor..value_start])].trim_end();
    if before.ends_with(')') {
        if let Some(open) = text[floor..floor + before.len()].rfind('(') {
            let head = &text[floor..floor + open];
            let head_start = head
                .rfind(is_segment_delimiter)
                .map_or(floor, |i| floor + i + 1);
            start = head_start;
        }
    }
    let mut end = start + trailing_link_words(&text[start..value_start]);
    // `约 43.2 万元`: the approximation is the figure's, not the name's.
    if let Some(w) = line.words().ending_at(MeaningKind::Approximate, end) {
        if w.range.0 >= start {
            end = start + trailing_link_words(&text[start..w.range.0]);
        }
    }
    // `Dataview:: 98.7%`: the key is the name.
    if text[start..end].ends_with("::") {
        end -= 2;
    }
    if let Some(f) = line
        .words()
        .of_kind(MeaningKind::Filler)
        .find(|w| w.range.0 == start + (text[start..].len() - text[start..].trim_start().len()))
    {
        if f.range.1 < end {
            start = f.range.1;
        }
    }
    // Markup a Feishu export escapes (`\-`) and list marks are no part of a name.
    while text[start..end].starts_with(['-', '*', '\\', ' ']) {
        start += 1;
    }
    start..end.max(start)
}

/// Whether a figure ends its phrase: nothing after it but a remark in brackets or a few
/// characters (`/月`), not a sentence going on (`78%，7 月 1 日重置`).
fn ends_phrase(text: &str, end: usize) -> bool {
    let rest = text[end..].trim();
    rest.is_empty() || rest.starts_with(['(', '（']) || rest.chars().nth(4).is_none()
}

/// Whether a name starts its line (after list marks, bold and spaces).
fn opens_line(text: &str, start: usize) -> bool {
    text[..start]
        .trim_matches(|c: char| c.is_whitespace() || matches!(c, '-' | '*' | '\\'))
        .is_empty()
}

/// Where the run of white space and link words that ends `text` starts.
fn trailing_link_words(text: &str) -> usize {
    super::scan::trailing_run_start(text, &LINK_WORDS)
}

/// Whether a name is a progress figure's (`开发进度`, `overall progress`), left to items.
fn is_progress_name(line: &Line<'_>, name: &std::ops::Range<usize>) -> bool {
    line.has_word(MeaningKind::Progress, name.clone())
}

/// The metric kind a name has: the first kind, in vocabulary order, of any word in it.
pub(super) fn kind_of(line: &Line<'_>, name: &std::ops::Range<usize>) -> Option<MetricKind> {
    line.words()
        .of_kind_starting_in(MeaningKind::MetricKind, name.start, name.end)
        .filter(|w| w.range.1 <= name.end)
        .filter_map(|w| match w.meaning {
            Meaning::MetricKind(k) => Some(k),
            _ => None,
        })
        .min()
}

/// `tps`, `qps`, `rps` from a throughput metric's name, as a canonical unit.
fn throughput_unit(
    ctx: &Ctx<'_>,
    line: &Line<'_>,
    name: &std::ops::Range<usize>,
) -> Option<String> {
    let text = line.norm();
    text[name.clone()]
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '/')
        .find_map(|w| {
            let (len, unit) = ctx.lexicon.unit_at(w)?;
            let u = ctx.lexicon.unit_name(unit);
            (len == w.len()
                && ctx.lexicon.seconds(unit).is_none()
                && u.chars().all(|c| c.is_ascii_lowercase()))
            .then(|| u.to_string())
        })
}

/// Reports a percentage outside 0–100 (the value is kept as written).
fn check_percent(ctx: &mut Ctx<'_>, name: &str, value: Num, unit: Option<&str>, at: Span) {
    if unit == Some("%") && !crate::model::percent_is_possible(value) {
        ctx.report(
            DiagnosticCode::ValueOutOfRange,
            Severity::Warning,
            at,
            format!("{name} is {value}%, outside 0–100%"),
        );
    }
}

/// The first four whole counts of a line (token index and value): enough to tell whether a
/// ratio has exactly two others beside it.
fn whole_counts(ctx: &Ctx<'_>, tokens: &[Token]) -> Vec<(usize, Num)> {
    tokens
        .iter()
        .enumerate()
        .filter_map(|(i, t)| match &t.kind {
            Kind::Number(q) => Some((i, *q)),
            _ => None,
        })
        .filter(|(_, q)| {
            q.unit
                .is_none_or(|u| ctx.lexicon.seconds(u).is_none() && ctx.lexicon.unit_name(u) != "%")
                && q.value.0.fract().is_zero()
                && !q.value.0.is_sign_negative()
        })
        .map(|(i, q)| (i, q.value))
        .take(4)
        .collect()
}

/// The part and whole beside a ratio: exactly two other whole counts on the line.
fn ratio_basis(counts: &[(usize, Num)], ratio_idx: usize) -> Option<RatioBasis> {
    let counts: Vec<Num> = counts
        .iter()
        .filter(|(i, _)| *i != ratio_idx)
        .map(|(_, v)| *v)
        .take(3)
        .collect();
    match counts[..] {
        [a, b] if a != b => Some(RatioBasis {
            part: a.min(b),
            total: a.max(b),
        }),
        _ => None,
    }
}

/// A target cell's figure and comparator (`≥99.2%`, `< 6 h`, `99.95%`).
pub(super) fn target_of(line: &Line<'_>) -> Option<(Num, Option<Comparison>)> {
    let text = line.norm();
    line.tokens().iter().find_map(|t| {
        let q = t.quantity()?;
        Some((
            q.value,
            comparator_before(line.words(), text, t.range.start),
        ))
    })
}
