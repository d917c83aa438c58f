//! The error budget as a burn-down: what is left of the range's budget after each week, with
//! an even burn to zero dashed beside it; below zero it is overspent.

use rust_decimal::Decimal;

use super::{escape, num, thinned, Anchor, ChartText, Label, Svg, LABEL, SMALL};
use crate::render::lazy::TeamRef;
use crate::render::measure::{self, Weight};
use crate::render::scale::Axis;

/// The chart, `width` pixels wide; empty without an availability SLO in the configuration.
pub(crate) fn budget_chart(team: TeamRef<'_>, width: f64, text: &ChartText) -> String {
    let incidents = &team.team.incidents;
    let Some(budget) = &incidents.error_budget else {
        return String::new();
    };
    let weeks = &team.team.weeks;
    let n = incidents.weeks.len().min(weeks.len());
    if n == 0 {
        return String::new();
    }
    let total = budget.budget_minutes.0;
    // Left after each week: the budget, less the impact minutes so far.
    let mut left_after = vec![total];
    for w in &incidents.weeks[..n] {
        let last = *left_after.last().expect("starts with the budget");
        left_after.push(last.checked_sub(w.impact_minutes.0).unwrap_or(Decimal::MIN));
    }
    let lowest = left_after.iter().copied().min().unwrap_or_default();
    let axis = Axis::nice(lowest.min(Decimal::ZERO), total.max(Decimal::ZERO), 5, None);
    let ticks = axis.ticks();
    let minutes = text.words.get("minutes");
    let last = left_after[n];
    let last_label = Label::new(
        "value-label",
        0.0,
        0.0,
        Anchor::Start,
        LABEL,
        format!("{} {minutes}", num(last)),
    )
    .bold();
    let left = ticks
        .iter()
        .map(|t| measure::width(&num(*t), SMALL, Weight::Regular))
        .fold(0.0, f64::max)
        + 8.0;
    let right = last_label.width() + 12.0;
    let width = width.max(left + right + 120.0);
    let (top, plot_h) = (12.0, 96.0);
    let bottom = top + plot_h;
    let height = bottom + 26.0;
    let (plot_left, plot_right) = (left, width - right);
    let plot_w = plot_right - plot_left;
    let x = |i: usize| plot_left + plot_w * i as f64 / n as f64;
    let y = |v: Decimal| top + plot_h * (1.0 - axis.fraction(v));

    let id = format!("t{}-budget", team.index);
    let mut svg = Svg::open("budget-chart", &id, width, height, text);
    svg.plot(plot_left, top, plot_w, plot_h, axis.min, axis.max);
    for t in &ticks {
        let class = if t.is_zero() { "grid zero" } else { "grid" };
        svg.hline(class, plot_left, plot_right, y(*t), "", None);
        svg.label(&Label::new(
            "tick",
            plot_left - 6.0,
            y(*t) + 4.0,
            Anchor::End,
            SMALL,
            num(*t),
        ));
    }
    svg.polyline(
        "pace",
        [(x(0), y(total)), (x(n), y(Decimal::ZERO))].into_iter(),
    );
    svg.polyline(
        "series",
        left_after.iter().enumerate().map(|(i, v)| (x(i), y(*v))),
    );
    let remaining = text.words.get("remaining");
    for i in 1..=n {
        let v = left_after[i];
        let class = if v < Decimal::ZERO {
            "point breach"
        } else {
            "point"
        };
        let title = format!("{}: {remaining} {} {minutes}", weeks[i - 1].label, num(v));
        svg.raw(&format!(
            r#"<circle class="{class}" cx="{}" cy="{}" r="3"><title>{}</title></circle>"#,
            super::c(x(i)),
            super::c(y(v)),
            escape(&title)
        ));
    }
    let mut l = last_label;
    l.x = plot_right + 8.0;
    l.y = (y(last) + 4.0).clamp(top + 4.0, bottom + 4.0);
    svg.label(&l);
    // A week's label sits under the stretch of line it burned.
    let mid = |i: usize| (x(i) + x(i + 1)) / 2.0;
    let widths: Vec<f64> = weeks[..n]
        .iter()
        .map(|w| measure::width(&w.label, SMALL, Weight::Regular))
        .collect();
    for (i, show) in thinned(&widths, mid, 8.0).into_iter().enumerate() {
        if show {
            svg.label(&Label::new(
                "tick",
                mid(i),
                bottom + 18.0,
                Anchor::Middle,
                SMALL,
                weeks[i].label.clone(),
            ));
        }
    }
    svg.close()
}

#[cfg(test)]
mod tests {
    use super::super::tests::{hostile, team, text};
    use super::*;

    #[test]
    fn the_budget_burns_down_week_by_week_with_an_even_pace_beside_it() {
        let rollup = hostile();
        // 3 weeks at 99.9 %: 30.24 minutes; W28's 12 minutes leave 18.24.
        let svg = budget_chart(team(&rollup, 0), 340.0, &text("budget"));
        assert!(
            svg.contains("<title>W28: remaining 18.24 minutes</title>"),
            "{svg}"
        );
        assert!(svg.contains("<title>W30: remaining 18.24 minutes</title>"));
        assert!(svg.contains(r#"<polyline class="pace""#));
        assert!(svg.contains(">18.24 minutes</text>"));
        let examples = crate::render::examples_rollup();
        assert_eq!(
            budget_chart(team(&examples, 0), 340.0, &text("budget")),
            "",
            "no SLO, no chart"
        );
    }
}
