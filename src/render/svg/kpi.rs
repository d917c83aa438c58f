//! One chart per KPI: full size for the grid of small multiples, and a sparkline for its
//! table row. Each has its own axis ([`kpi_view`]), its threshold and targets dashed with
//! their comparison, breaches ringed, and (full size) its last value labelled.

use std::fmt::Write as _;

use rust_decimal::Decimal;

use super::{c, escape, num, spread, thinned, Anchor, ChartText, Label, Svg, LABEL, SMALL};
use crate::analyze::{BreachAgainst, ByWeek, KpiSeries};
use crate::model::Num;
use crate::render::charts::{comparison_symbol, kpi_view, KpiView, Mark};
use crate::render::lazy::TeamRef;
use crate::render::measure::{self, Weight};

/// The runs of consecutive stated values (a line is broken where a week states none), each
/// as `(week index, value)`; a run of one value draws no line.
fn runs(values: &ByWeek<Num>) -> Vec<Vec<(usize, Decimal)>> {
    let mut out: Vec<Vec<(usize, Decimal)>> = vec![Vec::new()];
    for (i, _, v) in values.iter() {
        let run = out.last_mut().expect("one run is open");
        if run.last().is_some_and(|&(prev, _)| prev + 1 != i) {
            out.push(vec![(i, v.0)]);
        } else {
            run.push((i, v.0));
        }
    }
    out.retain(|r| r.len() > 1);
    out
}

/// The KPI named `name` in the team.
fn find<'a>(team: TeamRef<'a>, name: &str) -> Option<(usize, &'a KpiSeries)> {
    team.team
        .kpis
        .iter()
        .enumerate()
        .find(|(_, k)| k.name == name)
}

/// A mark as its label reads: `≥ 99.95`, or `target 50` when its direction is not known;
/// with an arrow when it lies beyond the axis.
fn mark_label(view: &KpiView, m: &Mark, text: &ChartText) -> String {
    let head = match m.op {
        Some(op) => comparison_symbol(op).to_string(),
        None => text.words.get(m.source.key()),
    };
    let arrow = if m.on_axis {
        ""
    } else if m.value < view.axis.min {
        " ↓"
    } else {
        " ↑"
    };
    format!("{head} {}{arrow}", num(m.value))
}

/// A value with its unit, as the tables show it (`99.94%`, `41tps`).
fn value(v: Num, unit: &str) -> String {
    format!("{v}{unit}")
}

/// The full-size chart of the KPI `name`, `width` pixels wide; `None` when the team has no
/// such KPI.
pub(crate) fn kpi_chart(
    team: TeamRef<'_>,
    name: &str,
    width: f64,
    text: &ChartText,
) -> Option<String> {
    let (index, kpi) = find(team, name)?;
    let Some(view) = kpi_view(kpi) else {
        return Some(String::new());
    };
    let unit = kpi.unit.as_deref().unwrap_or("");
    let weeks = &team.team.weeks;
    let n = weeks.len();
    let ticks = view.axis.ticks();
    let tick_text: Vec<String> = ticks.iter().map(|t| num(*t)).collect();
    let left = tick_text
        .iter()
        .map(|t| measure::width(t, SMALL, Weight::Regular))
        .fold(0.0, f64::max)
        + 8.0;
    let Some((last_i, last)) = kpi.values.iter().next_back().map(|(i, _, v)| (i, *v)) else {
        return Some(String::new());
    };
    // Labels in the right margin: the last value, then each mark.
    let mut labels: Vec<Label<'_>> = vec![Label::new(
        "value-label",
        0.0,
        0.0,
        Anchor::Start,
        LABEL,
        value(last, unit),
    )
    .bold()];
    for m in &view.marks {
        labels.push(Label::new(
            "mark-label",
            0.0,
            0.0,
            Anchor::Start,
            SMALL,
            mark_label(&view, m, text),
        ));
    }
    let right = labels.iter().map(Label::width).fold(0.0, f64::max) + 12.0;
    let width = width.max(left + right + 120.0);
    let (top, plot_h) = (12.0, 96.0);
    let bottom = top + plot_h;
    let height = bottom + 26.0;
    let (plot_left, plot_right) = (left, width - right);
    let plot_w = plot_right - plot_left;
    let week_labels: Vec<Label<'_>> = weeks
        .iter()
        .map(|w| {
            Label::new(
                "tick",
                0.0,
                bottom + 18.0,
                Anchor::Middle,
                SMALL,
                w.label.clone(),
            )
        })
        .collect();
    let edge = week_labels
        .first()
        .into_iter()
        .chain(week_labels.last())
        .map(Label::width)
        .fold(0.0, f64::max);
    let inset = (edge / 2.0 + 3.0).max(6.0);
    let x = |i: usize| {
        if n <= 1 {
            plot_left + plot_w / 2.0
        } else {
            plot_left + inset + (plot_w - 2.0 * inset) * i as f64 / (n - 1) as f64
        }
    };
    let y = |v: Decimal| top + plot_h * (1.0 - view.axis.fraction(v));

    let id = format!("t{}-kpi-{index}", team.index);
    let mut svg = Svg::open("kpi-chart", &id, width, height, text);
    let _ = write!(svg.out, r#"<g data-kpi="{}">"#, escape(&kpi.name));
    svg.plot(plot_left, top, plot_w, plot_h, view.axis.min, view.axis.max);
    for (t, label) in ticks.iter().zip(&tick_text) {
        svg.hline("grid", plot_left, plot_right, y(*t), "", None);
        svg.label(&Label::new(
            "tick",
            plot_left - 6.0,
            y(*t) + 4.0,
            Anchor::End,
            SMALL,
            label.clone(),
        ));
    }
    // Dashed marks: on the axis where they are, else along the edge they lie beyond.
    let mark_y = |m: &Mark| {
        if m.on_axis {
            y(m.value)
        } else if m.value < view.axis.min {
            bottom
        } else {
            top
        }
    };
    for m in &view.marks {
        let op =
            m.op.map(|op| format!("{} ", comparison_symbol(op)))
                .unwrap_or_default();
        let title = format!(
            "{} {op}{}{unit}",
            text.words.get(m.source.key()),
            num(m.value)
        );
        let attrs = format!(
            r#" data-value="{}" data-on-axis="{}""#,
            num(m.value),
            m.on_axis
        );
        let class = if m.on_axis { "mark" } else { "mark off-axis" };
        svg.hline(
            class,
            plot_left,
            plot_right,
            mark_y(m),
            &attrs,
            Some(&title),
        );
    }
    for run in runs(&kpi.values) {
        svg.polyline("series", run.iter().map(|&(i, v)| (x(i), y(v))));
    }
    for (i, _, v) in kpi.values.iter() {
        let week = &weeks[i];
        let breach = kpi.breaches.iter().find(|b| b.week == week.id);
        let mut title = format!("{} {}: {}", week.label, kpi.name, value(*v, unit));
        if let Some(b) = breach {
            let against = match b.against {
                BreachAgainst::Threshold => "threshold",
                BreachAgainst::Target => "target",
            };
            let op = match (b.against, &kpi.threshold) {
                (BreachAgainst::Threshold, Some(t)) => comparison_symbol(t.op),
                _ => "≥",
            };
            let _ = write!(
                title,
                " — {}: {} {op} {}",
                text.words.get("breach"),
                text.words.get(against),
                b.bound
            );
        }
        let _ = write!(
            svg.out,
            r#"<circle class="{}" cx="{}" cy="{}" r="{}" data-value="{v}"><title>{}</title></circle>"#,
            if breach.is_some() {
                "point breach"
            } else {
                "point"
            },
            c(x(i)),
            c(y(v.0)),
            if breach.is_some() { "4.5" } else { "3" },
            escape(&title)
        );
    }
    // Right-margin labels, moved apart where they would touch.
    let mut wanted: Vec<(f64, usize)> = std::iter::once(y(last.0))
        .chain(view.marks.iter().map(mark_y))
        .enumerate()
        .map(|(i, yy)| (yy + 4.0, i))
        .collect();
    wanted.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let mut ys: Vec<f64> = wanted.iter().map(|w| w.0).collect();
    spread(&mut ys, 15.0, top + 4.0, bottom + 4.0);
    for ((_, i), yy) in wanted.iter().zip(ys) {
        let mut l = labels[*i].clone();
        l.x = plot_right + 6.0;
        l.y = yy;
        if *i == 0 {
            l.title = Some(format!(
                "{} {}: {}",
                weeks[last_i].label,
                kpi.name,
                value(last, unit)
            ));
        }
        svg.label(&l);
    }
    let widths: Vec<f64> = week_labels.iter().map(Label::width).collect();
    for (i, (mut l, show)) in week_labels
        .into_iter()
        .zip(thinned(&widths, x, 8.0))
        .enumerate()
    {
        if show {
            l.x = x(i);
            svg.label(&l);
        }
    }
    svg.raw("</g>");
    Some(svg.close())
}

/// The KPI's sparkline for its table row: the line on its own axis, its on-axis marks dashed,
/// breaches and the last value dotted; no text.
pub(crate) fn kpi_sparkline(team: TeamRef<'_>, name: &str, text: &ChartText) -> Option<String> {
    let (index, kpi) = find(team, name)?;
    let Some(view) = kpi_view(kpi) else {
        return Some(String::new());
    };
    let (width, height, pad) = (96.0, 28.0, 4.0);
    let n = team.team.weeks.len();
    let x = |i: usize| {
        if n <= 1 {
            width / 2.0
        } else {
            pad + (width - 2.0 * pad) * i as f64 / (n - 1) as f64
        }
    };
    let y = |v: Decimal| pad + (height - 2.0 * pad) * (1.0 - view.axis.fraction(v));
    let id = format!("t{}-spark-{index}", team.index);
    let mut svg = Svg::open("spark", &id, width, height, text);
    svg.plot(
        pad,
        pad,
        width - 2.0 * pad,
        height - 2.0 * pad,
        view.axis.min,
        view.axis.max,
    );
    for m in view.marks.iter().filter(|m| m.on_axis) {
        let attrs = format!(r#" data-value="{}" data-on-axis="true""#, num(m.value));
        svg.hline("mark", pad, width - pad, y(m.value), &attrs, None);
    }
    for run in runs(&kpi.values) {
        svg.polyline("series", run.iter().map(|&(i, v)| (x(i), y(v))));
    }
    let last = kpi.values.iter().next_back().map(|(i, _, _)| i);
    for (i, _, v) in kpi.values.iter() {
        let breach = kpi.breaches.iter().any(|b| b.week == team.team.weeks[i].id);
        if breach || Some(i) == last {
            let _ = write!(
                svg.out,
                r#"<circle class="{}" cx="{}" cy="{}" r="2.5"/>"#,
                if breach { "point breach" } else { "point" },
                c(x(i)),
                c(y(v.0))
            );
        }
    }
    Some(svg.close())
}

#[cfg(test)]
mod tests {
    use super::super::tests::{hostile, team, text};
    use super::*;

    #[test]
    fn a_kpi_chart_has_its_own_round_axis_its_target_and_its_breaches() {
        let rollup = crate::render::examples_rollup();
        let svg = kpi_chart(team(&rollup, 0), "出金有效成功率", 340.0, &text("出金")).unwrap();
        assert!(
            svg.contains(r#"data-min="99.93" data-max="99.96""#),
            "{svg}"
        );
        for tick in ["99.93", "99.94", "99.95", "99.96"] {
            assert!(svg.contains(&format!(">{tick}</text>")), "{tick}");
        }
        // The stated target, dashed, with its comparison, on the axis.
        assert!(svg
            .contains(r#"data-value="99.95" data-on-axis="true"><title>target ≥ 99.95%</title>"#));
        assert!(svg.contains(">≥ 99.95</text>"));
        // The W30 breach is ringed and says what it broke; the last value is labelled.
        assert!(svg.contains("<title>W30 出金有效成功率: 99.94% — breach: target ≥ 99.95</title>"));
        assert_eq!(svg.matches(r#"class="point breach""#).count(), 1);
        assert!(svg.contains(r#"font-weight="bold">99.94%<title>"#));
        assert!(kpi_chart(team(&rollup, 0), "no such KPI", 340.0, &text("x")).is_none());
    }

    #[test]
    fn a_target_too_far_for_the_axis_is_drawn_along_its_edge() {
        let rollup = crate::render::examples_rollup();
        let svg = kpi_chart(
            team(&rollup, 0),
            "支付系统年度可用性",
            340.0,
            &text("可用性"),
        )
        .unwrap();
        assert!(svg.contains(r#"class="mark off-axis""#));
        assert!(svg.contains(r#"data-value="99.99" data-on-axis="false""#));
        assert!(svg.contains(">≥ 99.99 ↓</text>"));
    }

    #[test]
    fn a_target_of_unknown_direction_is_named_not_compared() {
        let rollup = crate::render::examples_rollup();
        let svg = kpi_chart(
            team(&rollup, 0),
            "刷卡消费和余额查询tps",
            340.0,
            &text("tps"),
        )
        .unwrap();
        assert!(svg.contains(">target 50</text>"), "{svg}");
        assert!(svg.contains(">41tps<title>"));
    }

    #[test]
    fn names_are_escaped_and_a_gap_breaks_the_line() {
        let rollup = hostile();
        let svg = kpi_chart(team(&rollup, 0), "成功率<平台>&", 340.0, &text("k")).unwrap();
        assert!(svg.contains(r#"data-kpi="成功率&lt;平台&gt;&amp;""#));
        assert!(!svg.contains("<平台>"));
        let examples = crate::render::examples_rollup();
        // first-attempt success rate is stated in W10 only: a point, no line.
        let svg = kpi_chart(
            team(&examples, 1),
            "first-attempt success rate",
            340.0,
            &text("k"),
        )
        .unwrap();
        assert!(!svg.contains("<polyline"));
        assert_eq!(svg.matches("<circle").count(), 1);
    }

    #[test]
    fn a_sparkline_has_no_text_but_its_line_target_and_breach() {
        let rollup = crate::render::examples_rollup();
        let svg = kpi_sparkline(team(&rollup, 0), "出金有效成功率", &text("出金")).unwrap();
        assert!(!svg.contains("<text"));
        assert!(svg.contains(r#"width="96.0" height="28.0""#));
        assert!(svg.contains(r#"class="mark" x1"#) && svg.contains("<polyline"));
        assert!(svg.contains(r#"class="point breach""#));
    }
}
