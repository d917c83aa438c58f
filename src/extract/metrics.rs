//! KPI figures: `入金有效成功率：99.99%`, `tps≈20，目标50tps`, and rows of KPI tables.
//!
//! A line is read number by number: each number's name is the text before it back to the
//! previous delimiter or number. A name holding a target word (`目标`) makes the number the
//! previous metric's target; a name holding a progress word (`进度`) leaves it to items.

use std::ops::Range;

use crate::config::TableColumn;
use crate::model::{Metric, MetricKind, Num, RatioBasis, Severity};
use crate::parse::{Inline, Table};

use super::dates::{find_dates, find_times};
use super::lines::TextLine;
use super::scan::{trailing_run_start, Scan};
use super::text::{collapse_spaces, Norm};
use super::Ctx;

/// Words between a metric's name and its figure (`成功率为 99%`, `availability was 99.9%`).
const LINK_WORDS: [&str; 14] = [
    ":", "=", "≈", "~", "约", "为", "是", "达到", "达", "is", "at", "of", "was", "were",
];

/// Where a line stands, which decides how strict metric recognition is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// In a metrics section: any `name: number` is a metric.
    MetricsSection,
    /// Elsewhere: only rates, availability and throughput with their units.
    Elsewhere,
}

struct Number {
    range: Range<usize>,
    value: Num,
    unit: Option<String>,
}

fn numbers(text: &str) -> Vec<Number> {
    let mut excluded = Excluded::new(
        find_dates(text)
            .into_iter()
            .map(|d| d.start..d.end)
            .chain(find_times(text).map(|t| t.start..t.end))
            .collect(),
    );
    let mut out = Vec::new();
    for written in written_numbers(text) {
        let (whole, num) = (written.whole, written.num);
        if excluded.overlaps(whole.clone()) {
            continue;
        }
        // Part of a word or version (`O2`, `2.0`, `1v1`) only when glued to ASCII letters.
        let before = text[..num.start].chars().next_back();
        if before.is_some_and(|ch| ch.is_ascii_alphabetic() || ch == '.') {
            continue;
        }
        let Some(mut value) = Num::parse(&text[num.clone()]) else {
            continue;
        };
        let mut start = num.start;
        if before == Some('-')
            && !text[..start - 1]
                .chars()
                .next_back()
                .is_some_and(|ch| ch.is_alphanumeric())
        {
            value = Num(-value.0);
            start -= 1;
        }
        let unit = written.unit.map(|u| text[u].to_lowercase());
        out.push(Number {
            range: start..whole.end,
            value,
            unit,
        });
    }
    out
}

/// A number as written, and the unit right after it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct WrittenNumber {
    /// The number, its unit and the spaces between them (or after it, when it has no unit).
    whole: Range<usize>,
    /// `1,234.5`
    num: Range<usize>,
    /// `%`, `‰`, `tps`, `qps`, `rps` or `ms`, in any case.
    unit: Option<Range<usize>>,
}

/// Every number in `text`, left to right: digits with optional thousands groups and decimals,
/// then spaces and an optional unit (what
/// `[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?\s*(%|‰|(?i:tps|qps|rps|ms)\b)?` finds).
fn written_numbers(text: &str) -> impl Iterator<Item = WrittenNumber> + '_ {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        let start = at + bytes.get(at..)?.iter().position(u8::is_ascii_digit)?;
        let mut s = Scan { text, at: start }.skip_while(|c| c.is_ascii_digit());
        while let Some(group) = s.one_of(&[',']).and_then(|(_, g)| g.digit_run(3, 3)) {
            s = group;
        }
        if let Some(decimals) = s
            .one_of(&['.'])
            .and_then(|(_, d)| d.digit_run(1, usize::MAX))
        {
            s = decimals;
        }
        let num = start..s.at;
        let s = s.spaces();
        let word_ends = |len: usize| !s.advance(len).at_ascii_word();
        let unit_len = ["%", "‰"]
            .iter()
            .find(|unit| s.rest().starts_with(*unit))
            .or_else(|| {
                ["tps", "qps", "rps", "ms"]
                    .iter()
                    .find(|unit| s.starts_with_ignore_case(unit) && word_ends(unit.len()))
            })
            .map_or(0, |unit| unit.len());
        let unit = (unit_len > 0).then(|| s.at..s.at + unit_len);
        at = s.at + unit_len;
        Some(WrittenNumber {
            whole: start..at,
            num,
            unit,
        })
    })
}

/// Ranges of a line that hold no number (dates, times), asked about left to right: linear in
/// the line's length however many numbers and dates it holds.
struct Excluded {
    /// Disjoint and sorted.
    ranges: Vec<Range<usize>>,
    /// The first range that may still overlap a later query.
    next: usize,
}

impl Excluded {
    fn new(mut ranges: Vec<Range<usize>>) -> Self {
        ranges.sort_by_key(|r| r.start);
        let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
        for r in ranges {
            match merged.last_mut() {
                Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
                _ => merged.push(r),
            }
        }
        Excluded {
            ranges: merged,
            next: 0,
        }
    }

    /// Whether `r` overlaps an excluded range; `r` must not start before an earlier query.
    fn overlaps(&mut self, r: Range<usize>) -> bool {
        while self.ranges.get(self.next).is_some_and(|e| e.end <= r.start) {
            self.next += 1;
        }
        self.ranges
            .get(self.next)
            .is_some_and(|e| e.start < r.end && r.start < e.end)
    }
}

fn is_segment_delimiter(c: char) -> bool {
    matches!(
        c,
        ',' | ';' | '。' | '、' | '(' | ')' | '|' | '\n' | '，' | '；'
    )
}

/// The metrics of one line, appended to `out`.
pub(super) fn metrics_in_line(
    ctx: &mut Ctx<'_>,
    line: &TextLine<'_>,
    scope: Scope,
    out: &mut Vec<Metric>,
) {
    let text = line.norm.text.as_str();
    let numbers = numbers(text);
    let first_of_line = out.len();
    let mut floor = 0;
    for (idx, n) in numbers.iter().enumerate() {
        let seg_start = text[floor..n.range.start]
            .rfind(is_segment_delimiter)
            .map_or(floor, |i| {
                let c = text[floor + i..].chars().next().map_or(1, char::len_utf8);
                floor + i + c
            });
        floor = n.range.end;
        let segment = &text[seg_start..n.range.start];
        let labelled = segment.trim_end().ends_with([':', '=']);
        let name_end = trailing_run_start(segment, &LINK_WORDS);
        let mut name_range = seg_start..seg_start + name_end;
        if let Some(m) = ctx.vocab.fillers().find_at_start(&text[name_range.clone()]) {
            name_range.start += m.range.end;
        }
        let name = collapse_spaces(&text[name_range.clone()]);
        if name.is_empty() {
            continue;
        }
        if ctx.vocab.targets().find_at_end(&name).is_some() {
            if let Some(last) = out[first_of_line..].last_mut() {
                last.target.get_or_insert(n.value);
            }
            continue;
        }
        let kind = kind_of(ctx, &name);
        // Elsewhere a figure of no kind is never a metric: no need to ask whether it is progress.
        if kind.is_none() && (scope == Scope::Elsewhere || ctx.vocab.progress().is_match(&name)) {
            continue;
        }
        let percent = n.unit.as_deref() == Some("%");
        let kind = match (scope, kind) {
            (
                Scope::Elsewhere,
                Some(k @ (MetricKind::SuccessRate | MetricKind::Availability | MetricKind::Ratio)),
            ) if percent => k,
            (Scope::Elsewhere, Some(MetricKind::Throughput)) => MetricKind::Throughput,
            (Scope::Elsewhere, _) => continue,
            (Scope::MetricsSection, Some(k)) => k,
            (Scope::MetricsSection, None) if labelled && name.chars().count() <= 40 => {
                MetricKind::Other
            }
            (Scope::MetricsSection, None) => continue,
        };
        let unit = unit_of(kind, n.unit.clone(), &name);
        let span = line.span(name_range.start..n.range.end);
        check_percent(
            ctx,
            &name,
            n.value,
            unit.as_deref(),
            line.span(n.range.clone()),
        );
        let basis = (kind == MetricKind::Ratio)
            .then(|| ratio_basis(&numbers, idx))
            .flatten();
        out.push(Metric {
            name,
            kind,
            value: n.value,
            unit,
            target: None,
            basis,
            line: ctx.line(span.start),
            span,
        });
    }
}

/// The metric kind a name has: the first kind, in vocabulary order, of any word in it.
fn kind_of(ctx: &Ctx<'_>, name: &str) -> Option<MetricKind> {
    ctx.vocab
        .metric_kinds()
        .find_all(name)
        .iter()
        .map(|m| *m.meaning)
        .min()
}

/// The written unit, else `tps`/`qps`/`rps` from a throughput metric's name.
fn unit_of(kind: MetricKind, written: Option<String>, name: &str) -> Option<String> {
    written.or_else(|| {
        (kind == MetricKind::Throughput)
            .then(|| throughput_unit(name))
            .flatten()
    })
}

/// Reports a percentage outside 0–100 (the value is kept as written).
fn check_percent(
    ctx: &mut Ctx<'_>,
    name: &str,
    value: Num,
    unit: Option<&str>,
    at: crate::model::Span,
) {
    if unit == Some("%") && !crate::model::percent_is_possible(value) {
        ctx.report(
            "value-out-of-range",
            Severity::Warning,
            at,
            format!("{name} is {value}%, outside 0–100%"),
        );
    }
}

fn throughput_unit(name: &str) -> Option<String> {
    let lower = name.to_lowercase();
    ["tps", "qps", "rps"]
        .iter()
        .find(|u| lower.contains(*u))
        .map(|u| u.to_string())
}

/// The part and whole beside a ratio: exactly two other whole numbers without a unit.
fn ratio_basis(numbers: &[Number], ratio_idx: usize) -> Option<RatioBasis> {
    let counts: Vec<Num> = numbers
        .iter()
        .enumerate()
        .filter(|(i, n)| {
            *i != ratio_idx
                && n.unit.is_none()
                && n.value.0.fract().is_zero()
                && !n.value.0.is_sign_negative()
        })
        .map(|(_, n)| n.value)
        .collect();
    match counts[..] {
        [a, b] if a != b => Some(RatioBasis {
            part: a.min(b),
            total: a.max(b),
        }),
        _ => None,
    }
}

/// Metrics from a KPI table. In a metrics section every table counts (name in the first
/// column, value in the second); elsewhere only a table whose header names a value column.
pub(super) fn metrics_in_table(
    ctx: &mut Ctx<'_>,
    table: &Table,
    scope: Scope,
    out: &mut Vec<Metric>,
) {
    let mut columns = (None, None, None);
    for (i, cell) in table.header.iter().enumerate() {
        let norm = Norm::new(&cell.text);
        match ctx
            .vocab
            .table_columns()
            .find(&norm.text)
            .map(|m| *m.meaning)
        {
            Some(TableColumn::Name) => columns.0 = columns.0.or(Some(i)),
            Some(TableColumn::Value) => columns.1 = columns.1.or(Some(i)),
            Some(TableColumn::Target) => columns.2 = columns.2.or(Some(i)),
            None => {}
        }
    }
    let value_col = match (columns.1, scope) {
        (Some(v), _) => v,
        (None, Scope::MetricsSection) if table.header.len() >= 2 => 1,
        (None, _) => return,
    };
    let name_col = columns.0.unwrap_or(if value_col == 0 { 1 } else { 0 });
    for row in &table.rows {
        let (Some(name_cell), Some(value_cell)) = (row.get(name_col), row.get(value_col)) else {
            continue;
        };
        let name = collapse_spaces(&Norm::text_of(&name_cell.text));
        if name.is_empty() {
            continue;
        }
        let Some((value, unit, span)) = cell_number(value_cell) else {
            continue;
        };
        let target = columns
            .2
            .and_then(|t| row.get(t))
            .and_then(cell_number)
            .map(|(v, _, _)| v);
        let kind = kind_of(ctx, &name).unwrap_or(MetricKind::Other);
        let unit = unit_of(kind, unit, &name);
        check_percent(ctx, &name, value, unit.as_deref(), span);
        let line = ctx.line(name_cell.span.start);
        out.push(Metric {
            name,
            kind,
            value,
            unit,
            target,
            basis: None,
            line,
            span: crate::model::Span::new(name_cell.span.start, span.end),
        });
    }
}

fn cell_number(cell: &Inline) -> Option<(Num, Option<String>, crate::model::Span)> {
    let line = TextLine::split(cell).into_iter().next()?;
    let n = numbers(&line.norm.text).into_iter().next()?;
    Some((n.value, n.unit, line.span(n.range)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_number_scanner_finds_what_the_number_pattern_finds() {
        let oracle = regex_lite::Regex::new(
            r"(?P<num>[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?)\s*(?P<unit>%|‰|(?i:tps|qps|rps|ms)\b)?",
        )
        .unwrap();
        let pieces = [
            "1", "23", "456", "7890", ",", ".", " ", "%", "‰", "tps", "QPS", "Rps", "ms", "m", "s",
            "_", "x", "率", "-", "\t",
        ];
        for text in crate::extract::scan::generated_texts(&pieces, 50_000) {
            let expected: Vec<_> = oracle
                .captures_iter(&text)
                .map(|c| WrittenNumber {
                    whole: c.get(0).unwrap().range(),
                    num: c.name("num").unwrap().range(),
                    unit: c.name("unit").map(|u| u.range()),
                })
                .collect();
            let found: Vec<_> = written_numbers(&text).collect();
            assert_eq!(found, expected, "{text:?}");
        }
    }

    #[test]
    fn a_number_longer_than_any_integer_is_still_one_number() {
        let text = format!("{}.{}%", "9".repeat(40), "1".repeat(40));
        let found: Vec<_> = written_numbers(&text).collect();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].num, 0..81);
        assert_eq!(found[0].unit, Some(81..82));
    }
}
