//! Impact minutes of the stability events per week, as bars stacked by grade, each week's
//! total written above its bar.

use rust_decimal::Decimal;

use super::{c, escape, legend, num, thinned, Anchor, ChartText, Label, Svg, SMALL};
use crate::analyze::EventRow;
use crate::render::lazy::TeamRef;
use crate::render::measure::{self, Weight};
use crate::render::scale::Axis;

/// How severe a grade is, most severe first (0), for its colour and its place in the legend;
/// events without a grade come last.
fn severity(grade: Option<&str>) -> u8 {
    match grade.map(str::to_uppercase).as_deref() {
        Some("P0" | "SEV0" | "SEV1" | "S1" | "A" | "AB") => 0,
        Some("P1" | "SEV2" | "S2" | "B") => 1,
        Some("P2" | "SEV3" | "S3" | "C" | "CD") => 2,
        Some(_) => 3,
        None => 4,
    }
}

/// The colour of a grade's bars: red, orange, yellow, blue; grey without a grade.
fn grade_color(grade: Option<&str>) -> &'static str {
    ["#dc2626", "#ea580c", "#ca8a04", "#2563eb", "#6b7280"][usize::from(severity(grade))]
}

/// Shortens an event's text for a tooltip to `max` characters, with an ellipsis.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        text.chars().take(max.saturating_sub(1)).collect::<String>() + "…"
    }
}

/// The chart, at least `width` pixels wide (wider when many weeks need room); empty when no
/// event states an impact.
pub(crate) fn impact_chart(team: TeamRef<'_>, width: f64, text: &ChartText) -> String {
    let events: Vec<&EventRow> = team
        .team
        .incidents
        .events
        .iter()
        .filter(|e| e.event.impact_minutes.is_some_and(|m| m.0 > Decimal::ZERO))
        .collect();
    if events.is_empty() {
        return String::new();
    }
    let weeks = &team.team.weeks;
    let n = weeks.len().max(1);
    let minutes = |week: &str, grade: Option<Option<&str>>| -> Decimal {
        events
            .iter()
            .filter(|e| e.week == week && grade.is_none_or(|g| e.event.grade.as_deref() == g))
            .filter_map(|e| e.event.impact_minutes)
            .map(|m| m.0)
            .sum()
    };
    let totals: Vec<Decimal> = weeks.iter().map(|w| minutes(&w.id, None)).collect();
    let max = totals.iter().copied().max().unwrap_or_default();
    let axis = Axis::nice(Decimal::ZERO, max, 4, None);
    let ticks = axis.ticks();
    let left = ticks
        .iter()
        .map(|t| measure::width(&num(*t), SMALL, Weight::Regular))
        .fold(0.0, f64::max)
        + 8.0;
    let right = 8.0;
    let week_w: Vec<f64> = weeks
        .iter()
        .map(|w| measure::width(&w.label, SMALL, Weight::Regular))
        .collect();
    let value_w = totals
        .iter()
        .map(|t| measure::width(&num(*t), SMALL, Weight::Bold))
        .fold(0.0, f64::max);
    // Each week's slot holds its total above the bar.
    let slot_min = (value_w + 8.0).max(24.0);
    let width = width.max(left + right + slot_min * n as f64);
    let (top, plot_h) = (18.0, 110.0);
    let bottom = top + plot_h;
    let plot_w = width - left - right;
    let slot = plot_w / n as f64;
    let bar = (slot * 0.6).min(40.0);
    let y = |v: Decimal| top + plot_h * (1.0 - axis.fraction(v));
    let x = |i: usize| left + slot * (i as f64 + 0.5);

    let mut grades: Vec<Option<&str>> = events.iter().map(|e| e.event.grade.as_deref()).collect();
    grades.sort_by_key(|g| (severity(*g), *g));
    grades.dedup();

    // The legend's rows decide the height.
    let entries: Vec<(String, String)> = grades
        .iter()
        .map(|g| {
            let key = g.unwrap_or("").to_string();
            let label = g.map_or_else(|| text.words.get("no_grade"), str::to_string);
            (key, label)
        })
        .collect();
    let mut body = Svg::fragment();
    let legend_end = legend(
        &mut body,
        &entries,
        left,
        bottom + 40.0,
        plot_w,
        |key, lx, ly| {
            let g = (!key.is_empty()).then_some(key);
            format!(
                r#"<rect class="swatch" x="{}" y="{}" width="10" height="10" fill="{}"/>"#,
                c(lx),
                c(ly),
                grade_color(g)
            )
        },
    );
    let height = legend_end + 8.0;

    let id = format!("t{}-impact", team.index);
    let mut svg = Svg::open("impact-chart", &id, width, height, text);
    svg.plot(left, top, plot_w, plot_h, axis.min, axis.max);
    for t in &ticks {
        svg.hline("grid", left, width - right, y(*t), "", None);
        svg.label(&Label::new(
            "tick",
            left - 6.0,
            y(*t) + 4.0,
            Anchor::End,
            SMALL,
            num(*t),
        ));
    }
    let min_word = text.words.get("minutes");
    for (i, w) in weeks.iter().enumerate() {
        let mut base = Decimal::ZERO;
        for g in &grades {
            let m = minutes(&w.id, Some(*g));
            if m <= Decimal::ZERO {
                continue;
            }
            let (y_top, y_bottom) = (y(base + m), y(base));
            base += m;
            let names: Vec<String> = events
                .iter()
                .filter(|e| e.week == w.id && e.event.grade.as_deref() == *g)
                .map(|e| shorten(&e.event.summary, 40))
                .collect();
            let grade = g.map_or_else(|| text.words.get("no_grade"), str::to_string);
            let title = format!(
                "{} {grade}: {} {min_word} ({})",
                w.label,
                num(m),
                names.join("; ")
            );
            svg.raw(&format!(
                r#"<rect class="bar" x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}</title></rect>"#,
                c(x(i) - bar / 2.0),
                c(y_top),
                c(bar),
                c(y_bottom - y_top),
                grade_color(*g),
                escape(&title)
            ));
        }
        if totals[i] > Decimal::ZERO {
            svg.label(
                &Label::new(
                    "value-label",
                    x(i),
                    y(totals[i]) - 4.0,
                    Anchor::Middle,
                    SMALL,
                    num(totals[i]),
                )
                .bold(),
            );
        }
    }
    for (i, (w, show)) in weeks.iter().zip(thinned(&week_w, x, 8.0)).enumerate() {
        if show {
            svg.label(&Label::new(
                "tick",
                x(i),
                bottom + 16.0,
                Anchor::Middle,
                SMALL,
                w.label.clone(),
            ));
        }
    }
    svg.raw(&body.out);
    svg.close()
}

#[cfg(test)]
mod tests {
    use super::super::tests::{hostile, team, text};
    use super::*;

    #[test]
    fn bars_are_coloured_by_grade_totalled_and_escape_event_text() {
        let rollup = hostile();
        let svg = impact_chart(team(&rollup, 0), 340.0, &text("impact"));
        assert!(svg.contains(r##"fill="#ca8a04""##), "P2 is yellow: {svg}");
        assert!(svg.contains("W28 P2: 12 minutes (告警&lt;平台&gt;&amp;&quot;，P2，影响12分钟)"));
        assert!(!svg.contains("<平台>"));
        assert!(svg.contains(r#"font-weight="bold">12</text>"#));
        let examples = crate::render::examples_rollup();
        let svg = impact_chart(team(&examples, 0), 340.0, &text("impact"));
        // Round ticks only: the old axis ended at 340, its label on top of 300's.
        assert!(
            svg.contains(">400</text>") && !svg.contains(">340</text><text"),
            "{svg}"
        );
        assert!(svg.contains(">no grade</text>"));
    }

    #[test]
    fn many_weeks_widen_the_chart_rather_than_crowd_it() {
        let rollup = hostile();
        let mut many = rollup.teams[0].clone();
        let week = many.weeks[0].clone();
        many.weeks = (0..30)
            .map(|i| crate::analyze::WeekRef {
                label: format!("W{i:02}"),
                ..week.clone()
            })
            .collect();
        let t = crate::render::lazy::TeamRef {
            index: 0,
            team: &many,
        };
        let svg = impact_chart(t, 340.0, &text("impact"));
        let width: f64 = svg
            .split(r#"width=""#)
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert!(width > 340.0, "{width}");
    }
}
