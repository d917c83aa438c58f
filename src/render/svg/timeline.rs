//! The project timeline: one row per tracked project, one cell per week coloured by status
//! with its progress, ✓ where it reached done, ◆ where its due date moved later; a legend of
//! the colours and marks below.
//!
//! Names get the room they need (up to a limit set by the width), wrap to two lines before
//! they are cut, and keep their full text as a tooltip; week columns share what is left.

use std::fmt::Write as _;

use super::{c, escape, legend, thinned, Anchor, ChartText, Label, Svg, LABEL, LINE, SMALL};
use crate::analyze::ProjectTimeline;
use crate::model::Status;
use crate::render::lazy::TeamRef;
use crate::render::measure::{self, Weight};

/// Colour of a status cell. White text on each has a contrast of at least 4.5:1.
pub(crate) fn status_color(status: Status) -> &'static str {
    match status {
        Status::Planned => "#475569",
        Status::InProgress => "#2563eb",
        Status::Testing => "#7e22ce",
        Status::Done => "#15803d",
        Status::Blocked => "#b91c1c",
        Status::Delayed => "#c2410c",
        Status::Unknown => "#6b7280",
    }
}

/// Narrowest week column.
const MIN_CELL: f64 = 44.0;
/// Widest week column.
const MAX_CELL: f64 = 120.0;
/// Height of a row with a one-line name.
const ROW: f64 = 26.0;

/// Whether the project's due date moved later in `week`.
fn slipped_in(p: &ProjectTimeline, week: &str) -> bool {
    p.due_changes
        .iter()
        .any(|d| d.week == week && matches!((d.from, d.to), (Some(from), Some(to)) if to > from))
}

/// The timeline laid out for `width` pixels (wider when the weeks need more); empty when no
/// project is tracked.
pub(crate) fn timeline_chart(team: TeamRef<'_>, width: f64, text: &ChartText) -> String {
    let projects: Vec<&ProjectTimeline> = team.team.projects.iter().filter(|p| p.tracked).collect();
    if projects.is_empty() {
        return String::new();
    }
    let weeks = &team.team.weeks;
    let n = weeks.len().max(1);
    let weight = |p: &ProjectTimeline| {
        if p.slipped.is_some() {
            Weight::Bold
        } else {
            Weight::Regular
        }
    };
    // Names take what they need, up to what leaves each week a comfortable column.
    let name_max = (width - 56.0 * n as f64 - 20.0).clamp(100.0, 280.0);
    let widest = projects
        .iter()
        .map(|p| measure::width(&p.name, LABEL, weight(p)))
        .fold(0.0, f64::max);
    let name_col = widest.min(name_max).ceil();
    let names: Vec<(Vec<String>, bool)> = projects
        .iter()
        .map(|p| measure::wrap(&p.name, LABEL, weight(p), name_col, 2))
        .collect();
    let name_w = 4.0 + name_col + 12.0;
    let week_w: Vec<f64> = weeks
        .iter()
        .map(|w| measure::width(&w.label, SMALL, Weight::Regular))
        .collect();
    let min_cell = week_w.iter().map(|w| w + 10.0).fold(MIN_CELL, f64::max);
    let cell_w = ((width - name_w - 4.0) / n as f64).clamp(min_cell, MAX_CELL.max(min_cell));
    let chart_w = name_w + cell_w * n as f64 + 4.0;
    let head = 24.0;
    let row_h: Vec<f64> = names
        .iter()
        .map(|(lines, _)| ROW + LINE * (lines.len().max(1) - 1) as f64)
        .collect();
    let rows_end = head + row_h.iter().sum::<f64>();

    // The legend: the statuses drawn, then the marks used.
    let mut used: Vec<Status> = projects
        .iter()
        .flat_map(|p| &p.entries)
        .map(|e| e.status)
        .collect();
    used.sort();
    used.dedup();
    let mut entries: Vec<(String, String)> = used
        .iter()
        .map(|s| (s.as_str().to_string(), text.words.get(s.as_str())))
        .collect();
    if projects.iter().any(|p| p.done_week.is_some()) {
        entries.push(("✓".into(), text.words.get("done_mark")));
    }
    if projects
        .iter()
        .any(|p| weeks.iter().any(|w| slipped_in(p, &w.id)))
    {
        entries.push(("◆".into(), text.words.get("slip_mark")));
    }
    let mut body = Svg::fragment();
    let legend_end = legend(
        &mut body,
        &entries,
        4.0,
        rows_end + 22.0,
        chart_w - 8.0,
        |key, lx, ly| match Status::ALL.iter().find(|s| s.as_str() == key) {
            Some(s) => format!(
                r#"<rect class="swatch" x="{}" y="{}" width="10" height="10" rx="2" fill="{}"/>"#,
                c(lx),
                c(ly),
                status_color(*s)
            ),
            None => format!(
                r#"<text class="legend" x="{}" y="{}" font-size="{SMALL}">{}</text>"#,
                c(lx),
                c(ly + 9.0),
                escape(key)
            ),
        },
    );
    let height = legend_end + 8.0;

    let id = format!("t{}-timeline-{}", team.index, width.round());
    let mut svg = Svg::open("timeline-chart", &id, chart_w, height, text);
    let x0 = |i: usize| name_w + cell_w * i as f64;
    let centre = |i: usize| x0(i) + cell_w / 2.0;
    for (i, (w, show)) in weeks.iter().zip(thinned(&week_w, centre, 6.0)).enumerate() {
        if show {
            svg.label(&Label::new(
                "tick",
                centre(i),
                16.0,
                Anchor::Middle,
                SMALL,
                w.label.clone(),
            ));
        }
    }
    let due_word = text.words.get("due");
    let mut y0 = head;
    for ((p, (lines, _)), h) in projects.iter().zip(&names).zip(&row_h) {
        let bold = weight(p) == Weight::Bold;
        let _ = write!(
            svg.out,
            r#"<text class="row-label{}" x="4" y="{}" font-size="{LABEL}"{}>"#,
            if bold { " slipped" } else { "" },
            c(y0 + 17.0),
            if bold { r#" font-weight="bold""# } else { "" },
        );
        for (k, line) in lines.iter().enumerate() {
            let _ = write!(
                svg.out,
                r#"<tspan x="4" y="{}">{}</tspan>"#,
                c(y0 + 17.0 + LINE * k as f64),
                escape(line)
            );
        }
        let _ = write!(svg.out, "<title>{}</title></text>", escape(&p.name));
        let baseline = y0 + h / 2.0 + 4.0;
        for (i, w) in weeks.iter().enumerate() {
            let Some(e) = p.entries.iter().find(|e| e.week == w.id) else {
                continue;
            };
            let progress = e.progress.map(|v| format!("{v}%")).unwrap_or_default();
            let status = text.words.get(e.status.as_str());
            let mut title = format!("{} {}: {status}", w.label, p.name);
            if !progress.is_empty() {
                let _ = write!(title, " {progress}");
            }
            if let Some(d) = e.due {
                let _ = write!(title, ", {due_word} {d}");
            }
            let _ = write!(
                svg.out,
                r#"<g class="cell"><rect x="{}" y="{}" width="{}" height="{}" rx="3" fill="{}"><title>{}</title></rect>"#,
                c(x0(i) + 2.0),
                c(y0 + 3.0),
                c(cell_w - 4.0),
                c(h - 6.0),
                status_color(e.status),
                escape(&title)
            );
            let slip = slipped_in(p, &w.id);
            let mark_w = measure::width("◆", LABEL, Weight::Regular);
            let room = cell_w - 8.0 - if slip { mark_w + 4.0 } else { 0.0 };
            let mark = if p.done_week.as_deref() == Some(w.id.as_str()) {
                "✓".to_string()
            } else {
                progress
            };
            if !mark.is_empty() && measure::width(&mark, SMALL, Weight::Bold) <= room {
                let mid = x0(i) + 4.0 + room / 2.0;
                svg.label(
                    &Label::new("cell-text", mid, baseline, Anchor::Middle, SMALL, mark).bold(),
                );
            }
            if slip {
                if let Some(change) = p.due_changes.iter().find(|d| d.week == w.id) {
                    let (from, to) = (
                        change.from.map(|d| d.to_string()),
                        change.to.map(|d| d.to_string()),
                    );
                    let tip = format!(
                        "{}: {due_word} {} → {}",
                        p.name,
                        from.unwrap_or_default(),
                        to.unwrap_or_default()
                    );
                    svg.label(
                        &Label::new(
                            "slip-mark",
                            x0(i) + cell_w - 4.0 - mark_w,
                            baseline,
                            Anchor::Start,
                            LABEL,
                            "◆".into(),
                        )
                        .titled(tip),
                    );
                }
            }
            svg.raw("</g>");
        }
        y0 += h;
    }
    svg.raw(&body.out);
    svg.close()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// WCAG's contrast ratio of two `#rrggbb` colours.
    fn contrast(a: &str, b: &str) -> f64 {
        let lum = |hex: &str| {
            let v = |i: usize| {
                let s = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
                if s <= 0.03928 {
                    s / 12.92
                } else {
                    ((s + 0.055) / 1.055).powf(2.4)
                }
            };
            0.2126 * v(1) + 0.7152 * v(3) + 0.0722 * v(5)
        };
        let (x, y) = (lum(a), lum(b));
        (x.max(y) + 0.05) / (x.min(y) + 0.05)
    }

    use super::super::tests::{hostile, team, text};

    #[test]
    fn the_timeline_marks_progress_done_and_slips_and_escapes_names() {
        let rollup = hostile();
        let svg = timeline_chart(team(&rollup, 0), 1068.0, &text("timeline"));
        assert!(
            svg.contains(">85%</text>") && svg.contains(">✓</text>"),
            "{svg}"
        );
        assert!(
            svg.contains("<title>网联代收&lt;平台&gt;&amp;: due 2023-07-13 → 2023-07-20</title>")
        );
        assert!(svg.contains(r#"class="row-label slipped""#));
        assert!(!svg.contains("<平台>"));
        // The legend names each status drawn and both marks.
        for word in [
            ">in progress</text>",
            ">delayed</text>",
            ">done</text>",
            ">done mark</text>",
            ">slip mark</text>",
        ] {
            assert!(svg.contains(word), "{word}");
        }
    }

    #[test]
    fn names_get_the_room_they_need_and_wrap_before_they_are_cut() {
        let rollup = crate::render::examples_rollup();
        let wide = timeline_chart(team(&rollup, 1), 1068.0, &text("t"));
        assert!(
            wide.contains(r#"<tspan x="4" y="41.0">Merchant onboarding revamp</tspan>"#),
            "{wide}"
        );
        // Two weeks leave a phone room for the whole name on one line.
        let narrow = timeline_chart(team(&rollup, 1), 343.0, &text("t"));
        assert!(
            narrow.contains(">Merchant onboarding revamp</tspan><title>"),
            "{narrow}"
        );
        let width = |svg: &str| -> f64 {
            svg.split(r#"width=""#)
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
                .parse()
                .unwrap()
        };
        assert!(width(&narrow) <= 343.0, "{}", width(&narrow));
        // Four weeks of long Chinese names fit a phone too, on two lines, whole where they can
        // be and never broken inside a number.
        let narrow = timeline_chart(team(&rollup, 0), 343.0, &text("t"));
        assert!(width(&narrow) <= 343.0, "{}", width(&narrow));
        assert!(narrow.contains(">拉卡拉开发平台</tspan><tspan"), "{narrow}");
        assert!(narrow.contains(">余额接口提供</tspan>"), "{narrow}");
    }

    #[test]
    fn white_cell_text_is_legible_on_every_status_colour() {
        for s in Status::ALL {
            let ratio = contrast("#ffffff", status_color(s));
            assert!(ratio >= 4.5, "{s}: {ratio:.2}");
        }
    }
}
