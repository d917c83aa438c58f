//! KPI series over weeks: values, min / mean / last, change in percentage points, breaches of
//! configured thresholds and stated targets, and the chart of rates and availability.

use std::collections::HashMap;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::config::{Config, Threshold};
use crate::model::{MetricKind, Num};

use super::{Placed, WeekRef};

/// One metric over the weeks of a team.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KpiSeries {
    /// The metric's name.
    pub name: String,
    /// Its kind (from its first appearance).
    pub kind: MetricKind,
    /// Its unit (from its first appearance).
    pub unit: Option<String>,
    /// The values stated, by week (published as an object from week id to value, so a metric
    /// stated in one week of a hundred costs one entry, not a hundred).
    pub values: ByWeek<Num>,
    /// The first stated value.
    pub first: Num,
    /// The last stated value.
    pub last: Num,
    /// The smallest.
    pub min: Num,
    /// The largest.
    pub max: Num,
    /// The mean of the stated values, rounded to two more decimals than written.
    pub mean: Num,
    /// `last - first`, when at least two weeks state it.
    pub change: Option<Num>,
    /// The same change in percentage points, for `%` metrics.
    pub change_pp: Option<Num>,
    /// The targets stated beside the values, by week.
    pub targets: ByWeek<Num>,
    /// The last target stated beside it.
    pub target: Option<Num>,
    /// The configured threshold, if any.
    pub threshold: Option<Threshold>,
    /// Weeks whose value breaks the threshold, or is below the stated target of a rate or
    /// availability.
    pub breaches: Vec<Breach>,
    /// The same figures per period, for the periods that state it, in order (published as an
    /// object from period key to figures).
    #[serde(serialize_with = "periods_by_key")]
    pub periods: Vec<KpiPeriod>,
}

/// Values stated in some of a team's weeks, in week order. Published as a JSON object from
/// week id to value (a week id met twice keeps its first value, as JSON keys must be unique).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ByWeek<T> {
    /// `(index of the week in the team's weeks, its id, the value)`, by index.
    entries: Vec<(usize, String, T)>,
}

impl<T> ByWeek<T> {
    /// The value of the team's week `week` (its index), if stated.
    pub fn get(&self, week: usize) -> Option<&T> {
        let at = self.entries.binary_search_by_key(&week, |e| e.0).ok()?;
        Some(&self.entries[at].2)
    }

    /// `(week index, week id, value)` for every week that states one, in order.
    pub fn iter(
        &self,
    ) -> impl DoubleEndedIterator<Item = (usize, &str, &T)> + ExactSizeIterator + Clone {
        self.entries.iter().map(|(w, id, v)| (*w, id.as_str(), v))
    }

    /// How many weeks state a value.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no week states one.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Records `value` for week `week` (weeks come in order; a week's first value counts).
    pub(crate) fn insert(&mut self, week: usize, id: &str, value: T) -> bool {
        if self.entries.last().is_some_and(|e| e.0 >= week) {
            return false;
        }
        self.entries.push((week, id.to_string(), value));
        true
    }
}

impl<T: Serialize> Serialize for ByWeek<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seen = std::collections::HashSet::with_capacity(self.entries.len());
        serializer.collect_map(
            self.entries
                .iter()
                .filter(|(_, id, _)| seen.insert(id.as_str()))
                .map(|(_, id, v)| (id, v)),
        )
    }
}

/// A series' periods as an object from period key to `{min, mean, last, breaches}`.
fn periods_by_key<S: serde::Serializer>(
    periods: &[KpiPeriod],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_map(periods.iter().map(|p| (&p.key, p)))
}

/// A metric over one period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KpiPeriod {
    /// The period's key (the key it is published under).
    #[serde(skip)]
    pub key: String,
    /// Smallest value stated in it.
    pub min: Option<Num>,
    /// Mean of the values stated in it.
    pub mean: Option<Num>,
    /// Last value stated in it.
    pub last: Option<Num>,
    /// Breaches in it.
    pub breaches: usize,
}

/// What a breached value was measured against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BreachAgainst {
    /// A threshold in `weekly-report.yaml`.
    Threshold,
    /// The target the note states beside the value.
    Target,
}

/// A value that broke its threshold or target.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Breach {
    /// The week id.
    pub week: String,
    /// The value.
    pub value: Num,
    /// The bound it broke.
    pub bound: Num,
    /// Which bound.
    pub against: BreachAgainst,
    /// The note and line.
    pub path: String,
    /// 1-based line of the value.
    pub line: u32,
}

/// A line chart of rate and availability series.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Chart {
    /// Week labels along the x axis.
    pub x: Vec<String>,
    /// One series per metric stated every week.
    pub series: Vec<ChartSeries>,
    /// Bottom of the y axis: a little below the lowest value.
    pub y_min: Num,
    /// Top of the y axis: a little above the highest value, at most 100.
    pub y_max: Num,
    /// Metrics left out because some week does not state them.
    pub omitted: Vec<String>,
}

/// One line of a chart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChartSeries {
    /// The metric's name.
    pub name: String,
    /// One value per week.
    pub values: Vec<Num>,
}

/// Every metric of the team's weeks as a series, in order of first appearance.
pub(crate) fn series(placed: &[Placed<'_>], config: &Config) -> Vec<KpiSeries> {
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut out: Vec<KpiSeries> = Vec::new();
    for (w, p) in placed.iter().enumerate() {
        for m in p.note.metrics.iter().filter(|m| m.is_possible()) {
            let i = *index.entry(m.name.clone()).or_insert_with(|| {
                out.push(KpiSeries {
                    name: m.name.clone(),
                    kind: m.kind,
                    unit: m.unit.clone(),
                    values: ByWeek::default(),
                    first: m.value,
                    last: m.value,
                    min: m.value,
                    max: m.value,
                    mean: m.value,
                    change: None,
                    change_pp: None,
                    targets: ByWeek::default(),
                    target: None,
                    threshold: config
                        .thresholds
                        .iter()
                        .find(|t| t.metric == m.name)
                        .cloned(),
                    breaches: vec![],
                    periods: vec![],
                });
                out.len() - 1
            });
            // A metric stated twice in one week: the first statement counts.
            if out[i].values.insert(w, &p.id, m.value) {
                if let Some(target) = m.target {
                    out[i].target = Some(target);
                    out[i].targets.insert(w, &p.id, target);
                }
                if let Some(b) = breach(&out[i], m.value, m.target, p, m.line) {
                    out[i].breaches.push(b);
                }
            }
        }
    }
    for s in &mut out {
        let stated: Vec<Num> = s.values.iter().map(|(_, _, v)| *v).collect();
        if let (Some(first), Some(last)) = (stated.first(), stated.last()) {
            s.first = *first;
            s.last = *last;
            s.min = *stated.iter().min().unwrap_or(first);
            s.max = *stated.iter().max().unwrap_or(first);
            s.mean = mean(&stated).unwrap_or(*first);
            if stated.len() >= 2 {
                s.change = Some(Num((last.0 - first.0).normalize()));
                s.change_pp = s.change.filter(|_| s.unit.as_deref() == Some("%"));
            }
        }
    }
    out
}

/// The mean of `values`, rounded to two more decimals than the most precise of them.
fn mean(values: &[Num]) -> Option<Num> {
    if values.is_empty() {
        return None;
    }
    let sum: Decimal = values.iter().map(|n| n.0).sum();
    let scale = values.iter().map(|n| n.0.scale()).max().unwrap_or(0) + 2;
    Some(Num((sum / Decimal::from(values.len()))
        .round_dp(scale)
        .normalize()))
}

/// Fills each series' per-period figures; `periods` lists each period's week ids. Only the
/// periods a series has values or breaches in get figures, so the cost follows what the notes
/// state, not periods × metrics.
pub(crate) fn by_period(kpis: &mut [KpiSeries], periods: &[(String, Vec<String>)]) {
    // Each week's period, looked up once.
    let period_of: HashMap<&str, usize> = periods
        .iter()
        .enumerate()
        .flat_map(|(i, (_, weeks))| weeks.iter().map(move |w| (w.as_str(), i)))
        .collect();
    for k in kpis {
        // (period, values, breaches), in period order.
        let mut figures: Vec<(usize, Vec<Num>, usize)> = Vec::new();
        for (_, id, v) in k.values.iter() {
            if let Some(&p) = period_of.get(id) {
                slot(&mut figures, p).1.push(*v);
            }
        }
        for b in &k.breaches {
            if let Some(&p) = period_of.get(b.week.as_str()) {
                slot(&mut figures, p).2 += 1;
            }
        }
        k.periods = figures
            .into_iter()
            .map(|(p, values, breaches)| KpiPeriod {
                key: periods[p].0.clone(),
                min: values.iter().min().copied(),
                mean: mean(&values),
                last: values.last().copied(),
                breaches,
            })
            .collect();
    }
}

/// The figures of `period`, made when first needed (weeks come in order, so almost always at
/// the end).
fn slot(
    figures: &mut Vec<(usize, Vec<Num>, usize)>,
    period: usize,
) -> &mut (usize, Vec<Num>, usize) {
    let i = match figures.binary_search_by_key(&period, |f| f.0) {
        Ok(i) => i,
        Err(i) => {
            figures.insert(i, (period, Vec::new(), 0));
            i
        }
    };
    &mut figures[i]
}

fn breach(
    s: &KpiSeries,
    value: Num,
    target: Option<Num>,
    p: &Placed<'_>,
    line: u32,
) -> Option<Breach> {
    let make = |bound, against| Breach {
        week: p.id.clone(),
        value,
        bound,
        against,
        path: p.path.clone(),
        line,
    };
    if let Some(t) = &s.threshold {
        if !t.holds(value) {
            return Some(make(t.value, BreachAgainst::Threshold));
        }
        return None;
    }
    let higher_is_better = matches!(s.kind, MetricKind::SuccessRate | MetricKind::Availability);
    match target {
        Some(t) if higher_is_better && value < t => Some(make(t, BreachAgainst::Target)),
        _ => None,
    }
}

/// The chart of success rates and availability: series stated in every week.
pub(crate) fn chart(weeks: &[WeekRef], kpis: &[KpiSeries]) -> Option<Chart> {
    let charted = kpis
        .iter()
        .filter(|k| matches!(k.kind, MetricKind::SuccessRate | MetricKind::Availability));
    let (full, gaps): (Vec<&KpiSeries>, Vec<&KpiSeries>) =
        charted.partition(|k| k.values.len() == weeks.len());
    if full.is_empty() || weeks.len() < 2 {
        return None;
    }
    let series: Vec<ChartSeries> = full
        .iter()
        .map(|k| ChartSeries {
            name: k.name.clone(),
            values: k.values.iter().map(|(_, _, v)| *v).collect(),
        })
        .collect();
    let min = series
        .iter()
        .flat_map(|s| &s.values)
        .min()
        .copied()
        .unwrap_or_default();
    let max = series
        .iter()
        .flat_map(|s| &s.values)
        .max()
        .copied()
        .unwrap_or_default();
    // A tenth of the spread as margin (at least 0.01), so the lines do not touch the frame.
    let margin = ((max.0 - min.0) / Decimal::from(10)).max(Decimal::new(1, 2));
    let y_min = Num((min.0 - margin)
        .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::ToNegativeInfinity)
        .normalize());
    let y_max = Num((max.0 + margin)
        .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::ToPositiveInfinity)
        .min(Decimal::ONE_HUNDRED)
        .normalize());
    Some(Chart {
        x: weeks.iter().map(|w| w.label.clone()).collect(),
        series,
        y_min,
        y_max,
        omitted: gaps.iter().map(|k| k.name.clone()).collect(),
    })
}
