//! Inline SVG charts for the HTML report, drawn here rather than by a chart crate: three small
//! charts need lines, bars and rectangles, `<title>` tooltips and CJK labels, and a page with no
//! scripts; the plotting crates either draw raster images, need fonts at run time or pull in a
//! large dependency tree for this. Each chart reads the rollup's JSON (the template context), so
//! what it draws is what `build --format json` shows.
//!
//! Every label is XML-escaped; every number is formatted here. The output is trusted HTML.

use std::fmt::Write as _;

use serde::Deserialize;

/// Colours of the series, in order (readable on light and dark backgrounds).
const PALETTE: [&str; 8] = [
    "#2563eb", "#16a34a", "#9333ea", "#ea580c", "#0891b2", "#db2777", "#65a30d", "#a16207",
];

/// The fields of a team's rollup the charts read.
#[derive(Debug, Deserialize)]
pub struct TeamView {
    weeks: Vec<WeekView>,
    kpis: Vec<KpiView>,
    chart: Option<ChartView>,
    incidents: IncidentsView,
    projects: Vec<ProjectView>,
}

#[derive(Debug, Deserialize)]
struct WeekView {
    id: String,
    label: String,
}

#[derive(Debug, Deserialize)]
struct KpiView {
    name: String,
    unit: Option<String>,
    /// By week id: only the weeks that state it.
    values: std::collections::HashMap<String, f64>,
    threshold: Option<ThresholdView>,
    breaches: Vec<BreachView>,
}

#[derive(Debug, Deserialize)]
struct ThresholdView {
    op: String,
    value: f64,
}

#[derive(Debug, Deserialize)]
struct BreachView {
    week: String,
}

#[derive(Debug, Deserialize)]
struct ChartView {
    series: Vec<SeriesView>,
    y_min: f64,
    y_max: f64,
}

#[derive(Debug, Deserialize)]
struct SeriesView {
    name: String,
}

#[derive(Debug, Deserialize)]
struct IncidentsView {
    events: Vec<EventView>,
}

#[derive(Debug, Deserialize)]
struct EventView {
    week: String,
    grade: Option<String>,
    impact_minutes: Option<f64>,
    summary: String,
}

#[derive(Debug, Deserialize)]
struct ProjectView {
    name: String,
    tracked: bool,
    entries: Vec<EntryView>,
    done_week: Option<String>,
    due_changes: Vec<ChangeView>,
    slipped: Option<serde_json::Value>,
}

#[derive(Debug, Deserialize)]
struct EntryView {
    week: String,
    status: String,
    progress: Option<f64>,
    due: Option<String>,
}

#[derive(Debug, Deserialize)]
struct ChangeView {
    week: String,
    from: Option<String>,
    to: Option<String>,
}

/// Escapes text for SVG/XML content and attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A number for display: at most three decimals, no trailing zeros.
fn num(v: f64) -> String {
    let s = format!("{v:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.to_string()
    }
}

/// Round tick values between `min` and `max`: about five steps of 1, 2, 2.5 or 5 × 10ⁿ, always
/// including both ends.
fn ticks(min: f64, max: f64) -> Vec<f64> {
    let span = max - min;
    if span.is_nan() || span <= 0.0 || !span.is_finite() {
        return vec![min];
    }
    let raw = span / 5.0;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw * 0.9)
        .unwrap_or(10.0 * magnitude);
    let mut out = vec![min];
    let mut v = (min / step).floor() * step + step;
    while v < max - step * 0.25 {
        if v > min + step * 0.25 {
            out.push((v / step).round() * step);
        }
        v += step;
    }
    out.push(max);
    out
}

/// A coordinate: one decimal.
fn c(v: f64) -> String {
    format!("{v:.1}")
}

/// Shortens a label to `max` characters, with an ellipsis.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        text.chars().take(max.saturating_sub(1)).collect::<String>() + "…"
    }
}

/// Shortens a label to fit `max` pixels at the charts' 12 px font, with an ellipsis: an ASCII
/// character counts 8 pixels (bold Latin letters are about 7.5), any other (Chinese,
/// full-width) and the ellipsis 12.
fn shorten_to_width(text: &str, max: usize) -> String {
    let width = |c: char| if c.is_ascii() { 8 } else { 12 };
    if text.chars().map(width).sum::<usize>() <= max {
        return text.to_string();
    }
    let mut used = width('…');
    let kept: String = text
        .chars()
        .take_while(|&c| {
            used += width(c);
            used <= max
        })
        .collect();
    kept.trim_end().to_string() + "…"
}

fn open_svg(out: &mut String, width: f64, height: f64, label: &str) {
    let _ = write!(
        out,
        r#"<svg class="chart" viewBox="0 0 {w} {h}" width="{w}" role="img" aria-label="{label}" xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMinYMin meet">"#,
        w = c(width),
        h = c(height),
        label = escape(label)
    );
}

/// The KPI line chart: the rates and availability stated every week, on an axis scaled to the
/// data, with threshold lines and breaches ringed; each point shows its value on hover.
pub fn kpi_chart(team: &TeamView) -> String {
    let Some(chart) = &team.chart else {
        return String::new();
    };
    let (width, left, right, top) = (720.0, 56.0, 16.0, 16.0);
    let plot_h = 240.0;
    let legend_h = 20.0 * chart.series.len() as f64 + 8.0;
    let height = top + plot_h + 28.0 + legend_h;
    let n = team.weeks.len().max(2);
    let x = |i: usize| left + (width - left - right) * i as f64 / (n - 1) as f64;
    let span = (chart.y_max - chart.y_min).max(1e-9);
    let y = |v: f64| top + plot_h * (1.0 - (v - chart.y_min) / span);
    let mut out = String::new();
    open_svg(
        &mut out,
        width,
        height,
        "KPI chart: success rates and availability by week",
    );
    // Grid and y labels at round values (steps of 1, 2 or 5 times a power of ten).
    for v in ticks(chart.y_min, chart.y_max) {
        let _ = write!(
            out,
            r#"<line class="grid" x1="{}" x2="{}" y1="{y}" y2="{y}"/><text class="axis" x="{}" y="{}" text-anchor="end">{}</text>"#,
            c(left),
            c(width - right),
            c(left - 6.0),
            c(y(v) + 4.0),
            num(v),
            y = c(y(v))
        );
    }
    for (i, w) in team.weeks.iter().enumerate() {
        let _ = write!(
            out,
            r#"<text class="axis" x="{}" y="{}" text-anchor="middle">{}</text>"#,
            c(x(i)),
            c(top + plot_h + 18.0),
            escape(&w.label)
        );
    }
    for (s, series) in chart.series.iter().enumerate() {
        let Some(kpi) = team.kpis.iter().find(|k| k.name == series.name) else {
            continue;
        };
        let color = PALETTE[s % PALETTE.len()];
        let unit = kpi.unit.as_deref().unwrap_or("");
        if let Some(t) = &kpi.threshold {
            if t.value >= chart.y_min && t.value <= chart.y_max {
                let _ = write!(
                    out,
                    r#"<line class="threshold" stroke="{color}" x1="{}" x2="{}" y1="{ty}" y2="{ty}"><title>{} threshold {} {}{unit}</title></line>"#,
                    c(left),
                    c(width - right),
                    escape(&kpi.name),
                    escape(&t.op),
                    num(t.value),
                    ty = c(y(t.value))
                );
            }
        }
        let stated: Vec<(usize, f64)> = team
            .weeks
            .iter()
            .enumerate()
            .filter_map(|(i, w)| Some((i, *kpi.values.get(&w.id)?)))
            .collect();
        let points: Vec<String> = stated
            .iter()
            .map(|&(i, v)| format!("{},{}", c(x(i)), c(y(v))))
            .collect();
        let _ = write!(
            out,
            r#"<polyline class="series" fill="none" stroke="{color}" stroke-width="2" points="{}"/>"#,
            points.join(" ")
        );
        for &(i, v) in &stated {
            let week = &team.weeks[i];
            let breach = kpi.breaches.iter().any(|b| b.week == week.id);
            let class = if breach { "point breach" } else { "point" };
            let _ = write!(
                out,
                r#"<circle class="{class}" cx="{}" cy="{}" r="{}" fill="{color}"><title>{} {}: {}{unit}{}</title></circle>"#,
                c(x(i)),
                c(y(v)),
                if breach { "5" } else { "3.5" },
                escape(&week.label),
                escape(&kpi.name),
                num(v),
                if breach { " (breach)" } else { "" }
            );
        }
        let ly = top + plot_h + 40.0 + 20.0 * s as f64;
        let _ = write!(
            out,
            r#"<rect x="{}" y="{}" width="14" height="4" fill="{color}"/><text class="legend" x="{}" y="{}">{}</text>"#,
            c(left),
            c(ly - 5.0),
            c(left + 20.0),
            c(ly),
            escape(&kpi.name)
        );
    }
    out.push_str("</svg>");
    out
}

/// Colour of an incident grade: the most severe grades red, then orange, yellow, grey.
fn grade_color(grade: Option<&str>) -> &'static str {
    match grade.map(str::to_uppercase).as_deref() {
        Some("P0" | "SEV1" | "S1" | "A" | "AB") => "#dc2626",
        Some("P1" | "SEV2" | "S2" | "B") => "#ea580c",
        Some("P2" | "SEV3" | "S3" | "C" | "CD") => "#ca8a04",
        Some(_) => "#2563eb",
        None => "#6b7280",
    }
}

/// Impact minutes per week as bars, stacked by grade; each segment names its events on hover.
pub fn impact_chart(team: &TeamView) -> String {
    let events: Vec<&EventView> = team
        .incidents
        .events
        .iter()
        .filter(|e| e.impact_minutes.is_some_and(|m| m > 0.0))
        .collect();
    if events.is_empty() {
        return String::new();
    }
    let (width, left, right, top, plot_h) = (720.0, 56.0, 16.0, 16.0, 180.0);
    let weeks = &team.weeks;
    let totals: Vec<f64> = weeks
        .iter()
        .map(|w| {
            events
                .iter()
                .filter(|e| e.week == w.id)
                .filter_map(|e| e.impact_minutes)
                .sum()
        })
        .collect();
    let max = totals.iter().copied().fold(0.0_f64, f64::max).max(1.0);
    let slot = (width - left - right) / weeks.len().max(1) as f64;
    let bar = (slot * 0.6).min(48.0);
    let mut grades: Vec<Option<&str>> = events.iter().map(|e| e.grade.as_deref()).collect();
    grades.sort();
    grades.dedup();
    let height = top + plot_h + 28.0 + 24.0;
    let mut out = String::new();
    open_svg(
        &mut out,
        width,
        height,
        "Impact minutes of stability events by week and grade",
    );
    for v in ticks(0.0, max) {
        let yy = top + plot_h * (1.0 - v / max);
        let _ = write!(
            out,
            r#"<line class="grid" x1="{}" x2="{}" y1="{y}" y2="{y}"/><text class="axis" x="{}" y="{}" text-anchor="end">{}</text>"#,
            c(left),
            c(width - right),
            c(left - 6.0),
            c(yy + 4.0),
            num(v.round()),
            y = c(yy)
        );
    }
    for (i, w) in weeks.iter().enumerate() {
        let cx = left + slot * (i as f64 + 0.5);
        let mut base = top + plot_h;
        for g in &grades {
            let in_grade: Vec<&&EventView> = events
                .iter()
                .filter(|e| e.week == w.id && e.grade.as_deref() == *g)
                .collect();
            let minutes: f64 = in_grade.iter().filter_map(|e| e.impact_minutes).sum();
            if minutes <= 0.0 {
                continue;
            }
            let h = plot_h * minutes / max;
            base -= h;
            let names: Vec<String> = in_grade
                .iter()
                .map(|e| escape(&shorten(&e.summary, 40)))
                .collect();
            let _ = write!(
                out,
                r#"<rect class="bar" x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{} {}: {} min ({})</title></rect>"#,
                c(cx - bar / 2.0),
                c(base),
                c(bar),
                c(h),
                grade_color(*g),
                escape(&w.label),
                escape(g.unwrap_or("no grade")),
                num(minutes),
                names.join("; ")
            );
        }
        let _ = write!(
            out,
            r#"<text class="axis" x="{}" y="{}" text-anchor="middle">{}</text>"#,
            c(cx),
            c(top + plot_h + 18.0),
            escape(&w.label)
        );
    }
    let mut lx = left;
    for g in &grades {
        let label = g.unwrap_or("no grade");
        let _ = write!(
            out,
            r#"<rect x="{}" y="{}" width="12" height="12" fill="{}"/><text class="legend" x="{}" y="{}">{}</text>"#,
            c(lx),
            c(height - 18.0),
            grade_color(*g),
            c(lx + 16.0),
            c(height - 8.0),
            escape(label)
        );
        lx += 24.0 + 9.0 * label.chars().count() as f64;
    }
    out.push_str("</svg>");
    out
}

/// Colour of a status cell.
fn status_color(status: &str) -> &'static str {
    match status {
        "done" => "#16a34a",
        "in_progress" => "#2563eb",
        "testing" => "#9333ea",
        "planned" => "#64748b",
        "blocked" => "#dc2626",
        "delayed" => "#ea580c",
        _ => "#94a3b8",
    }
}

/// The project timeline: one row per tracked project, one cell per week coloured by status with
/// its progress, ✓ where it reached done, ◆ where its due date moved later.
pub fn timeline_chart(team: &TeamView) -> String {
    let projects: Vec<&ProjectView> = team.projects.iter().filter(|p| p.tracked).collect();
    if projects.is_empty() {
        return String::new();
    }
    let (name_w, row_h, head_h) = (200.0, 24.0, 24.0);
    let cell_w = ((720.0 - name_w) / team.weeks.len().max(1) as f64).min(120.0);
    let width = name_w + cell_w * team.weeks.len() as f64 + 8.0;
    let height = head_h + row_h * projects.len() as f64 + 8.0;
    let mut out = String::new();
    open_svg(
        &mut out,
        width,
        height,
        "Project timeline: status and progress by week",
    );
    for (i, w) in team.weeks.iter().enumerate() {
        let _ = write!(
            out,
            r#"<text class="axis" x="{}" y="16" text-anchor="middle">{}</text>"#,
            c(name_w + cell_w * (i as f64 + 0.5)),
            escape(&w.label)
        );
    }
    for (r, p) in projects.iter().enumerate() {
        let y0 = head_h + row_h * r as f64;
        let slipped = if p.slipped.is_some() { " slipped" } else { "" };
        let _ = write!(
            out,
            r#"<text class="row-label{slipped}" x="4" y="{}">{}<title>{}</title></text>"#,
            c(y0 + 16.0),
            // The name column is 200 px; the label starts at 4 and keeps clear of the cells.
            escape(&shorten_to_width(&p.name, 188)),
            escape(&p.name)
        );
        for (i, w) in team.weeks.iter().enumerate() {
            let Some(e) = p.entries.iter().find(|e| e.week == w.id) else {
                continue;
            };
            let x0 = name_w + cell_w * i as f64;
            let progress = e
                .progress
                .map(|v| format!("{}%", num(v)))
                .unwrap_or_default();
            let due = e
                .due
                .as_deref()
                .map(|d| format!(", due {d}"))
                .unwrap_or_default();
            let _ = write!(
                out,
                r#"<rect class="cell" x="{}" y="{}" width="{}" height="{}" rx="3" fill="{}"><title>{} {}: {}{}{}</title></rect>"#,
                c(x0 + 2.0),
                c(y0 + 3.0),
                c(cell_w - 4.0),
                c(row_h - 6.0),
                status_color(&e.status),
                escape(&w.label),
                escape(&p.name),
                escape(&e.status.replace('_', " ")),
                if progress.is_empty() {
                    String::new()
                } else {
                    format!(" {progress}")
                },
                escape(&due)
            );
            let mark = if p.done_week.as_deref() == Some(w.id.as_str()) {
                "✓".to_string()
            } else {
                progress
            };
            if !mark.is_empty() {
                let _ = write!(
                    out,
                    r#"<text class="cell-text" x="{}" y="{}" text-anchor="middle">{}</text>"#,
                    c(x0 + cell_w / 2.0),
                    c(y0 + 16.0),
                    escape(&mark)
                );
            }
            for change in p.due_changes.iter().filter(|d| d.week == w.id) {
                let (Some(from), Some(to)) = (&change.from, &change.to) else {
                    continue;
                };
                if to > from {
                    let _ = write!(
                        out,
                        r#"<text class="slip-mark" x="{}" y="{}">◆<title>{}: due {} → {}</title></text>"#,
                        c(x0 + cell_w - 14.0),
                        c(y0 + 16.0),
                        escape(&p.name),
                        escape(from),
                        escape(to)
                    );
                }
            }
        }
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn team() -> TeamView {
        serde_json::from_value(serde_json::json!({
            "weeks": [{"id": "2023-W27", "label": "W27"}, {"id": "2023-W28", "label": "W28"}],
            "kpis": [{"name": "成功率<&>", "unit": "%", "values": {"2023-W27": 99.9, "2023-W28": 99.5}, "threshold": {"op": ">=", "value": 99.8},
                      "breaches": [{"week": "2023-W28"}]}],
            "chart": {"series": [{"name": "成功率<&>"}], "y_min": 99.4, "y_max": 100},
            "incidents": {"events": [{"week": "2023-W28", "grade": "P2", "impact_minutes": 12, "summary": "<script>x</script>"}]},
            "projects": [{"name": "网联代收", "tracked": true, "done_week": "2023-W28", "slipped": {"days": 7},
                          "entries": [{"week": "2023-W27", "status": "in_progress", "progress": 85, "due": "2023-07-13"},
                                      {"week": "2023-W28", "status": "done", "progress": null, "due": "2023-07-20"}],
                          "due_changes": [{"week": "2023-W27", "from": null, "to": "2023-07-13"},
                                          {"week": "2023-W28", "from": "2023-07-13", "to": "2023-07-20"}]}]
        }))
        .unwrap()
    }

    #[test]
    fn kpi_chart_scales_to_the_data_marks_breaches_and_escapes_labels() {
        let svg = kpi_chart(&team());
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("成功率&lt;&amp;&gt;") && !svg.contains("成功率<&>"));
        assert!(svg.contains(r#"class="point breach""#));
        assert!(svg.contains("<title>W28 成功率&lt;&amp;&gt;: 99.5% (breach)</title>"));
        assert!(svg.contains(r#"class="threshold""#));
        // The lowest grid label is the axis minimum, not 0.
        assert!(svg.contains(">99.4</text>") && !svg.contains(">0</text>"));
    }

    #[test]
    fn impact_bars_are_coloured_by_grade_and_escape_event_text() {
        let svg = impact_chart(&team());
        assert!(svg.contains(r##"fill="#ca8a04""##), "P2 is yellow: {svg}");
        assert!(svg.contains("W28 P2: 12 min (&lt;script&gt;x&lt;/script&gt;)"));
        assert!(!svg.contains("<script>"));
    }

    #[test]
    fn timeline_marks_done_and_slips() {
        let svg = timeline_chart(&team());
        assert!(svg.contains(">85%</text>"));
        assert!(svg.contains(">✓</text>"));
        assert!(svg.contains("网联代收: due 2023-07-13 → 2023-07-20"));
        assert!(svg.contains(r#"class="row-label slipped""#));
    }

    #[test]
    fn a_chart_is_drawn_at_its_own_width_never_enlarged() {
        // Two weeks make a narrow timeline: scaled to the page, its text was 2.5 times too big.
        let svg = timeline_chart(&team());
        let view_box_width = svg
            .split("viewBox=\"0 0 ")
            .nth(1)
            .unwrap()
            .split(' ')
            .next();
        let width = svg.split(" width=\"").nth(1).unwrap().split('"').next();
        assert_eq!(width, view_box_width);
        assert_ne!(width, Some("100%"));
    }

    #[test]
    fn timeline_labels_are_shortened_by_how_wide_they_are_drawn() {
        assert_eq!(
            shorten_to_width("Ledger v2 cutover", 188),
            "Ledger v2 cutover"
        );
        // 22 Latin letters and the ellipsis: 188 px.
        assert_eq!(
            shorten_to_width("Merchant onboarding revamp", 188),
            "Merchant onboarding re…"
        );
        assert_eq!(
            shorten_to_width("支付系统数据分类分级打标治理项目二期", 188),
            "支付系统数据分类分级打标治理…"
        );
        assert_eq!(shorten_to_width("小贝帮帮项目", 188), "小贝帮帮项目");
    }

    #[test]
    fn ticks_are_round_between_the_ends() {
        let t: Vec<String> = ticks(98.98, 100.0).into_iter().map(num).collect();
        assert_eq!(t, ["98.98", "99.2", "99.4", "99.6", "99.8", "100"]);
        let t: Vec<String> = ticks(0.0, 340.0).into_iter().map(num).collect();
        assert_eq!(t, ["0", "100", "200", "300", "340"]);
        assert_eq!(ticks(5.0, 5.0), [5.0]);
    }

    #[test]
    fn numbers_are_short() {
        assert_eq!(num(99.998), "99.998");
        assert_eq!(num(20.0), "20");
        assert_eq!(num(-0.0001), "0");
    }
}
