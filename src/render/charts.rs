//! What the charts show, worked out from the typed rollup once for the SVG writer
//! ([`super::svg`]) and the Markdown report's Mermaid charts ([`kpi_groups`]) alike.
//!
//! The rule both follow: a chart's axis is chosen from its data and its targets, on round
//! steps ([`Axis`]), and the plotted values span at least half of it. A target or threshold
//! is on the axis when the values still do; one further away is shown at the axis' edge
//! (HTML) or left out of the Mermaid chart and named beside it. KPIs share a Mermaid chart
//! only when each still spans half of the shared axis: their ranges are close.

use rust_decimal::Decimal;
use serde::Serialize;

use super::scale::Axis;
use crate::analyze::{KpiSeries, TeamRollup};
use crate::config::Comparison;
use crate::model::{MetricKind, Num};

/// Steps on a KPI axis at most.
const KPI_STEPS: u32 = 5;

/// Where a dashed line on a KPI chart comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MarkSource {
    /// A `thresholds:` entry of the configuration.
    Threshold,
    /// A target the notes state beside the value.
    Target,
}

impl MarkSource {
    /// Its name, as the templates' words are keyed and the Mermaid groups say it.
    pub(crate) fn key(self) -> &'static str {
        match self {
            MarkSource::Threshold => "threshold",
            MarkSource::Target => "target",
        }
    }
}

/// A threshold or target line of a KPI chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Mark {
    /// Its value.
    pub value: Decimal,
    /// How a value must compare with it, when known: a threshold's own comparison, `>=` for
    /// the stated target of a success rate or availability (the rollup's breach rule); for
    /// other kinds a target's direction is not known.
    pub op: Option<Comparison>,
    /// Where it comes from.
    pub source: MarkSource,
    /// Whether it lies on the chart's axis (else it is shown at the edge it lies beyond).
    pub on_axis: bool,
}

/// The comparison as written in reports.
pub(crate) fn comparison_symbol(op: Comparison) -> &'static str {
    match op {
        Comparison::AtLeast => "≥",
        Comparison::Above => ">",
        Comparison::AtMost => "≤",
        Comparison::Below => "<",
    }
}

/// A KPI as its chart shows it.
#[derive(Debug, Clone)]
pub(crate) struct KpiView {
    /// Its axis.
    pub axis: Axis,
    /// Its threshold and its distinct stated targets, in that order.
    pub marks: Vec<Mark>,
}

/// Whether a percentage: its axis stays within 0–100.
fn bounds(kpi: &KpiSeries) -> Option<(Decimal, Decimal)> {
    (kpi.unit.as_deref() == Some("%")).then_some((Decimal::ZERO, Decimal::ONE_HUNDRED))
}

/// Whether values spanning `lo..=hi` cover at least half of `axis`.
fn spans_half(lo: Decimal, hi: Decimal, axis: &Axis) -> bool {
    let twice = hi.checked_sub(lo).and_then(|d| d.checked_mul(Decimal::TWO));
    // A span too large for a decimal covers any axis.
    twice.is_none_or(|t| t >= axis.span())
}

/// The view of one KPI; `None` when no week states it.
pub(crate) fn kpi_view(kpi: &KpiSeries) -> Option<KpiView> {
    let stated: Vec<Decimal> = kpi.values.iter().map(|(_, _, n)| n.0).collect();
    let lo = *stated.iter().min()?;
    let hi = *stated.iter().max()?;
    // All the same values cannot span the axis: the marks join it whatever it takes.
    let flat = lo == hi;
    let mut marks: Vec<Mark> = Vec::new();
    if let Some(t) = &kpi.threshold {
        marks.push(Mark {
            value: t.value.0,
            op: Some(t.op),
            source: MarkSource::Threshold,
            on_axis: false,
        });
    }
    let judged = matches!(kpi.kind, MetricKind::SuccessRate | MetricKind::Availability);
    for (_, _, t) in kpi.targets.iter() {
        if !marks
            .iter()
            .any(|m| m.source == MarkSource::Target && m.value == t.0)
        {
            marks.push(Mark {
                value: t.0,
                op: judged.then_some(Comparison::AtLeast),
                source: MarkSource::Target,
                on_axis: false,
            });
        }
    }
    let bounds = bounds(kpi);
    let mut axis = Axis::nice(lo, hi, KPI_STEPS, bounds);
    // Nearest first: a mark joins the axis when the values still span half of it.
    let mut order: Vec<usize> = (0..marks.len()).collect();
    order.sort_by_key(|&i| {
        let v = marks[i].value;
        let distance = if v < lo {
            lo.checked_sub(v)
        } else {
            v.checked_sub(hi)
        };
        distance.unwrap_or(Decimal::MAX).max(Decimal::ZERO)
    });
    let (mut min, mut max) = (lo, hi);
    for i in order {
        let v = marks[i].value;
        let candidate = Axis::nice(min.min(v), max.max(v), KPI_STEPS, bounds);
        if flat || spans_half(lo, hi, &candidate) {
            axis = candidate;
            (min, max) = (min.min(v), max.max(v));
            marks[i].on_axis = true;
        }
    }
    for m in &mut marks {
        m.on_axis = m.on_axis || axis.contains(m.value);
    }
    Some(KpiView { axis, marks })
}

/// The Markdown report's KPI charts: groups of KPIs sharing a scale, and the KPIs left out.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KpiGroups {
    /// One Mermaid chart each.
    pub groups: Vec<KpiGroup>,
    /// KPIs some week does not state (a Mermaid line cannot have gaps).
    pub omitted: Vec<String>,
}

/// KPIs of one unit whose ranges are close, on one axis.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KpiGroup {
    /// Their unit.
    pub unit: Option<String>,
    /// Bottom of the axis.
    pub y_min: Num,
    /// Top of the axis.
    pub y_max: Num,
    /// One line per KPI: its name and a value per week.
    pub series: Vec<GroupLine>,
    /// One flat line per threshold or target on the axis, after the KPIs' lines.
    pub targets: Vec<GroupTarget>,
    /// Thresholds and targets beyond the axis, named beside the chart.
    pub off_axis: Vec<GroupTarget>,
}

/// A KPI's line in a group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupLine {
    /// The KPI.
    pub name: String,
    /// One value per week.
    pub values: Vec<Num>,
}

/// A threshold or target drawn as a flat line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupTarget {
    /// The KPI it belongs to.
    pub name: String,
    /// `threshold` or `target`.
    pub source: &'static str,
    /// `≥`, `>`, `≤`, `<`, or `null` when its direction is not known.
    pub op: Option<&'static str>,
    /// Its value.
    pub value: Num,
    /// Its value once per week, for the line.
    pub values: Vec<Num>,
}

/// The range a group of series spans: its lowest and highest value.
fn range(kpis: &[&KpiSeries]) -> Option<(Decimal, Decimal)> {
    let all = kpis
        .iter()
        .flat_map(|k| k.values.iter().map(|(_, _, n)| n))
        .map(|n| n.0);
    let lo = all.clone().min()?;
    Some((lo, all.max()?))
}

/// Whether every member of a group spans at least half of `axis`.
fn all_span_half(kpis: &[&KpiSeries], axis: &Axis) -> bool {
    kpis.iter().all(|k| match range(&[k]) {
        Some((lo, hi)) => lo < hi && spans_half(lo, hi, axis),
        None => false,
    })
}

/// The KPIs of a team stated in every week (two or more), grouped for Mermaid charts: a KPI
/// joins the first group of its unit where it and every member still span half the shared
/// axis, else starts its own.
pub fn kpi_groups(team: &TeamRollup) -> KpiGroups {
    let weeks = team.weeks.len();
    let (full, gaps): (Vec<&KpiSeries>, Vec<&KpiSeries>) = team
        .kpis
        .iter()
        .partition(|k| weeks >= 2 && k.values.len() == weeks);
    let mut groups: Vec<Vec<&KpiSeries>> = Vec::new();
    for k in full {
        let joined = groups.iter_mut().find(|g| {
            if g[0].unit != k.unit {
                return false;
            }
            let mut with: Vec<&KpiSeries> = g.to_vec();
            with.push(k);
            let Some((lo, hi)) = range(&with) else {
                return false;
            };
            all_span_half(&with, &Axis::nice(lo, hi, KPI_STEPS, bounds(k)))
        });
        match joined {
            Some(g) => g.push(k),
            None => groups.push(vec![k]),
        }
    }
    KpiGroups {
        groups: groups.iter().filter_map(|g| group(g, weeks)).collect(),
        omitted: gaps.iter().map(|k| k.name.clone()).collect(),
    }
}

/// One group's axis and lines: its marks join the axis as on an HTML chart, while every
/// member still spans half of it.
fn group(kpis: &[&KpiSeries], weeks: usize) -> Option<KpiGroup> {
    let (mut lo, mut hi) = range(kpis)?;
    let bounds = bounds(kpis[0]);
    let mut axis = Axis::nice(lo, hi, KPI_STEPS, bounds);
    let solo_flat = kpis.len() == 1 && range(kpis).is_some_and(|(a, b)| a == b);
    let mut targets = Vec::new();
    let mut off_axis = Vec::new();
    for k in kpis {
        let Some(view) = kpi_view(k) else { continue };
        for m in &view.marks {
            let candidate = Axis::nice(lo.min(m.value), hi.max(m.value), KPI_STEPS, bounds);
            let line = GroupTarget {
                name: k.name.clone(),
                source: m.source.key(),
                op: m.op.map(comparison_symbol),
                value: Num(m.value.normalize()),
                values: vec![Num(m.value.normalize()); weeks],
            };
            if solo_flat || all_span_half(kpis, &candidate) {
                axis = candidate;
                (lo, hi) = (lo.min(m.value), hi.max(m.value));
                targets.push(line);
            } else {
                off_axis.push(line);
            }
        }
    }
    Some(KpiGroup {
        unit: kpis[0].unit.clone(),
        y_min: Num(axis.min.normalize()),
        y_max: Num(axis.max.normalize()),
        series: kpis
            .iter()
            .map(|k| GroupLine {
                name: k.name.clone(),
                values: k.values.iter().map(|(_, _, n)| *n).collect(),
            })
            .collect(),
        targets,
        off_axis,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::ByWeek;

    fn kpi(
        name: &str,
        kind: MetricKind,
        unit: &str,
        values: &[&str],
        target: Option<&str>,
    ) -> KpiSeries {
        let stated: Vec<Num> = values.iter().map(|v| Num::parse(v).unwrap()).collect();
        let n = stated.len();
        let mut by_week = ByWeek::default();
        for (i, v) in stated.iter().enumerate() {
            by_week.insert(i, &format!("2024-W{:02}", i + 1), *v);
        }
        let mut targets = ByWeek::default();
        if let Some(t) = target.and_then(Num::parse) {
            targets.insert(n - 1, &format!("2024-W{n:02}"), t);
        }
        KpiSeries {
            name: name.into(),
            kind,
            unit: Some(unit.into()),
            first: stated[0],
            last: *stated.last().unwrap(),
            min: *stated.iter().min().unwrap(),
            max: *stated.iter().max().unwrap(),
            mean: stated[0],
            change: None,
            change_pp: None,
            targets,
            target: target.and_then(Num::parse),
            threshold: None,
            breaches: vec![],
            periods: vec![],
            values: by_week,
        }
    }

    fn axis_of(k: &KpiSeries) -> (String, String) {
        let v = kpi_view(k).unwrap();
        (
            v.axis.min.normalize().to_string(),
            v.axis.max.normalize().to_string(),
        )
    }

    #[test]
    fn a_target_joins_the_axis_while_the_values_span_half_of_it() {
        // 入金有效成功率 of the examples: values 99.97–99.99, target 99.95.
        let k = kpi(
            "in",
            MetricKind::SuccessRate,
            "%",
            &["99.98", "99.99", "99.99", "99.97"],
            Some("99.95"),
        );
        assert_eq!(axis_of(&k), ("99.95".into(), "99.99".into()));
        let v = kpi_view(&k).unwrap();
        assert_eq!(v.marks.len(), 1);
        assert!(v.marks[0].on_axis);
        assert_eq!(v.marks[0].op, Some(Comparison::AtLeast));
        // 支付系统年度可用性: 99.995–99.998 against 99.99 would span 37 %; the target stays off.
        let k = kpi(
            "av",
            MetricKind::Availability,
            "%",
            &["99.998", "99.998", "99.997", "99.995"],
            Some("99.99"),
        );
        assert_eq!(axis_of(&k), ("99.995".into(), "99.998".into()));
        assert!(!kpi_view(&k).unwrap().marks[0].on_axis);
        // A throughput target has no known direction.
        let k = kpi(
            "tps",
            MetricKind::Throughput,
            "tps",
            &["15", "20", "32", "41"],
            Some("50"),
        );
        assert_eq!(axis_of(&k), ("10".into(), "50".into()));
        assert_eq!(kpi_view(&k).unwrap().marks[0].op, None);
    }

    #[test]
    fn every_kpi_axis_has_its_values_span_half_of_it() {
        let cases = [
            ["99.98", "99.99", "99.99", "99.97"],
            ["99.93", "99.95", "99.96", "99.94"],
            ["99.08", "99.13", "99.21", "99.18"],
            ["16.76", "26.97", "41.9", "56.98"],
            ["0.1", "0.1", "0.2", "97"],
        ];
        for values in cases {
            for target in [None, Some("99"), Some("99.95"), Some("1")] {
                let k = kpi("k", MetricKind::SuccessRate, "%", &values, target);
                let v = kpi_view(&k).unwrap();
                let (lo, hi) = (k.min.0, k.max.0);
                assert!(
                    spans_half(lo, hi, &v.axis),
                    "{values:?} {target:?}: {:?}",
                    v.axis
                );
                assert!(v.axis.min >= Decimal::ZERO && v.axis.max <= Decimal::ONE_HUNDRED);
            }
        }
    }

    #[test]
    fn kpis_share_a_mermaid_chart_only_when_their_ranges_are_close() {
        let a = kpi("a", MetricKind::SuccessRate, "%", &["99.91", "99.95"], None);
        let b = kpi(
            "b",
            MetricKind::SuccessRate,
            "%",
            &["99.92", "99.96"],
            Some("99.9"),
        );
        let far = kpi(
            "far",
            MetricKind::SuccessRate,
            "%",
            &["99.08", "99.21"],
            None,
        );
        let tps = kpi(
            "tps",
            MetricKind::Throughput,
            "tps",
            &["99.9", "99.95"],
            None,
        );
        // Stated in one of the team's two weeks.
        let gap = kpi("gap", MetricKind::SuccessRate, "%", &["99.9"], None);
        let team = crate::analyze::TeamRollup {
            kpis: vec![a, far, b, tps, gap],
            ..empty_team(2)
        };
        let groups = kpi_groups(&team);
        let names: Vec<Vec<&str>> = groups
            .groups
            .iter()
            .map(|g| g.series.iter().map(|s| s.name.as_str()).collect())
            .collect();
        assert_eq!(names, [vec!["a", "b"], vec!["far"], vec!["tps"]]);
        assert_eq!(groups.omitted, ["gap"]);
        let shared = &groups.groups[0];
        assert_eq!(
            (shared.y_min.to_string(), shared.y_max.to_string()),
            ("99.9".into(), "99.96".into())
        );
        assert_eq!(shared.targets.len(), 1);
        assert_eq!(shared.targets[0].op, Some("≥"));
        assert_eq!(shared.targets[0].values.len(), 2);
    }

    fn empty_team(weeks: usize) -> crate::analyze::TeamRollup {
        use crate::analyze::*;
        let week = |i: usize| WeekRef {
            id: format!("2023-W{i:02}"),
            label: format!("W{i:02}"),
            date: chrono::NaiveDate::from_ymd_opt(2023, 7, 1).unwrap(),
            path: String::new(),
            title: None,
            dailies: vec![],
        };
        TeamRollup {
            team: String::new(),
            weeks: (1..=weeks).map(week).collect(),
            periods: vec![],
            kpis: vec![],
            chart: None,
            incidents: IncidentRollup {
                grades: vec![],
                weeks: vec![],
                total_by_grade: Default::default(),
                events: vec![],
                total_impact_minutes: Num::default(),
                events_without_impact: 0,
                error_budget: None,
            },
            projects: vec![],
            plans: vec![],
            summary: Summary {
                weeks,
                dailies: 0,
                projects: 0,
                done: 0,
                slipped: 0,
                stalled: 0,
                events: 0,
                impact_minutes: Num::default(),
                breaches: 0,
                plans: 0,
                plans_followed_up: 0,
            },
        }
    }
}
