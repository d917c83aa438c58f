//! Inline SVG charts for the HTML report, drawn here rather than by a chart crate: small
//! multiples of lines, bars and rectangles with `<title>` tooltips and CJK labels, in a page
//! with no scripts; the plotting crates either draw raster images, need fonts at run time or
//! pull in a large dependency tree for this. Each chart reads the typed rollup (a
//! [`TeamRollup`](crate::analyze::TeamRollup), through [`super::charts`]' views), so what it
//! draws is what `build --format json` shows.
//!
//! Labels are placed with [`super::measure`]'s widths so that none is cut or overlaps another;
//! the browser test checks that with Chromium's bounding boxes. Words come from the template
//! ([`ChartText`]); colours that follow light and dark mode come from its CSS classes. Every
//! label is XML-escaped and every number formatted here: the output is trusted HTML, the same
//! bytes for the same rollup.

mod budget;
mod impact;
mod kpi;
mod timeline;

use std::collections::BTreeMap;
use std::fmt::Write as _;

use rust_decimal::Decimal;

use super::measure::{self, Weight};

pub(crate) use budget::budget_chart;
pub(crate) use impact::impact_chart;
pub(crate) use kpi::{kpi_chart, kpi_sparkline};
pub(crate) use timeline::timeline_chart;

/// Font size of tick labels, week labels and legends.
const SMALL: f64 = 11.0;
/// Font size of value labels and project names.
const LABEL: f64 = 12.0;
/// Distance between the baselines of two labels stacked one above the other: more than the
/// height Chromium gives a line of 12 px text in a CJK font (about 17.4 px).
const LINE: f64 = 18.0;

/// The words a chart shows or says, given by the template.
#[derive(Debug, Clone, Default)]
pub(crate) struct ChartText {
    /// The chart's `<title>`: its accessible name.
    pub title: String,
    /// The chart's `<desc>`: what it shows, in a sentence or two.
    pub desc: String,
    /// Words for tooltips and legends, by key.
    pub words: Words,
}

/// Words by key, as a template's `words` map gives them.
#[derive(Debug, Clone, Default)]
pub(crate) struct Words(pub BTreeMap<String, String>);

impl Words {
    /// The word for `key`; without one, the key itself with spaces for underscores.
    pub fn get(&self, key: &str) -> String {
        self.0
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.replace('_', " "))
    }
}

/// Escapes text for SVG/XML content and attributes.
pub(crate) fn escape(text: &str) -> String {
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

/// A coordinate: one decimal.
fn c(v: f64) -> String {
    let s = format!("{v:.1}");
    if s == "-0.0" {
        "0.0".into()
    } else {
        s
    }
}

/// A decimal as people read it: as written, without trailing zeros.
fn num(v: Decimal) -> String {
    v.normalize().to_string()
}

/// How a text is anchored at its x coordinate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Anchor {
    Start,
    Middle,
    End,
}

/// A text to draw.
#[derive(Debug, Clone)]
struct Label<'a> {
    class: &'a str,
    x: f64,
    /// The baseline.
    y: f64,
    anchor: Anchor,
    size: f64,
    weight: Weight,
    text: String,
    /// A tooltip with more than the label says.
    title: Option<String>,
}

impl<'a> Label<'a> {
    fn new(class: &'a str, x: f64, y: f64, anchor: Anchor, size: f64, text: String) -> Self {
        Label {
            class,
            x,
            y,
            anchor,
            size,
            weight: Weight::Regular,
            text,
            title: None,
        }
    }

    fn bold(mut self) -> Self {
        self.weight = Weight::Bold;
        self
    }

    fn titled(mut self, title: String) -> Self {
        self.title = Some(title);
        self
    }

    fn width(&self) -> f64 {
        measure::width(&self.text, self.size, self.weight)
    }
}

/// An SVG being written.
struct Svg {
    out: String,
}

impl Svg {
    /// Opens a chart `width` × `height` with its accessible name and description; `id` is
    /// unique in the page.
    fn open(class: &str, id: &str, width: f64, height: f64, text: &ChartText) -> Svg {
        let mut out = String::new();
        let _ = write!(
            out,
            r#"<svg class="chart {class}" id="{id}" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-labelledby="{id}-title {id}-desc" xmlns="http://www.w3.org/2000/svg"><title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>"#,
            w = c(width),
            h = c(height),
            title = escape(&text.title),
            desc = escape(&text.desc),
        );
        Svg { out }
    }

    /// Elements to be placed in a chart opened later (when they decide its height).
    fn fragment() -> Svg {
        Svg { out: String::new() }
    }

    fn label(&mut self, l: &Label<'_>) {
        let anchor = match l.anchor {
            Anchor::Start => "",
            Anchor::Middle => r#" text-anchor="middle""#,
            Anchor::End => r#" text-anchor="end""#,
        };
        let weight = match l.weight {
            Weight::Regular => "",
            Weight::Bold => r#" font-weight="bold""#,
        };
        let title = l
            .title
            .as_deref()
            .map(|t| format!("<title>{}</title>", escape(t)))
            .unwrap_or_default();
        let _ = write!(
            self.out,
            r#"<text class="{}" x="{}" y="{}" font-size="{}"{anchor}{weight}>{}{title}</text>"#,
            l.class,
            c(l.x),
            c(l.y),
            l.size,
            escape(&l.text),
        );
    }

    /// A horizontal rule across `x1..x2` at `y`, with attributes after its class.
    fn hline(&mut self, class: &str, x1: f64, x2: f64, y: f64, attrs: &str, title: Option<&str>) {
        let _ = write!(
            self.out,
            r#"<line class="{class}" x1="{}" x2="{}" y1="{y}" y2="{y}"{attrs}"#,
            c(x1),
            c(x2),
            y = c(y)
        );
        match title {
            Some(t) => {
                let _ = write!(self.out, "><title>{}</title></line>", escape(t));
            }
            None => self.out.push_str("/>"),
        }
    }

    /// The plot area, with its axis' ends for the browser test (and any reader of the SVG).
    fn plot(&mut self, x: f64, y: f64, w: f64, h: f64, min: Decimal, max: Decimal) {
        let _ = write!(
            self.out,
            r#"<rect class="plot" x="{}" y="{}" width="{}" height="{}" data-min="{}" data-max="{}"/>"#,
            c(x),
            c(y),
            c(w),
            c(h),
            num(min),
            num(max)
        );
    }

    /// A line through `points`.
    fn polyline(&mut self, class: &str, points: impl Iterator<Item = (f64, f64)>) {
        let points: Vec<String> = points.map(|(x, y)| format!("{},{}", c(x), c(y))).collect();
        let _ = write!(
            self.out,
            r#"<polyline class="{class}" points="{}"/>"#,
            points.join(" ")
        );
    }

    fn raw(&mut self, s: &str) {
        self.out.push_str(s);
    }

    fn close(mut self) -> String {
        self.out.push_str("</svg>");
        self.out
    }
}

/// Which of `n` labels centred at `x(i)` to show so that neighbours keep `gap` pixels
/// between them: every k-th, counted back from the last (the latest week is always named).
fn thinned(widths: &[f64], x: impl Fn(usize) -> f64, gap: f64) -> Vec<bool> {
    let n = widths.len();
    let widest = widths.iter().copied().fold(0.0, f64::max);
    let pitch = if n >= 2 {
        (x(n - 1) - x(0)) / (n - 1) as f64
    } else {
        f64::INFINITY
    };
    let mut k = 1;
    while k < n && pitch * (k as f64) < widest + gap {
        k += 1;
    }
    (0..n).map(|i| (n - 1 - i).is_multiple_of(k)).collect()
}

/// Moves labels' baselines (sorted by where they want to be) apart by at least `gap`,
/// keeping them within `lo..=hi` as far as they fit.
fn spread(ys: &mut [f64], gap: f64, lo: f64, hi: f64) {
    for i in 0..ys.len() {
        ys[i] = ys[i].clamp(lo, hi);
        if i > 0 && ys[i] < ys[i - 1] + gap {
            ys[i] = ys[i - 1] + gap;
        }
    }
    for i in (0..ys.len()).rev() {
        if ys[i] > hi {
            ys[i] = hi;
        }
        if i + 1 < ys.len() && ys[i] > ys[i + 1] - gap {
            ys[i] = ys[i + 1] - gap;
        }
    }
}

/// Lays out legend entries (a swatch drawn by `swatch`, then a label) in rows no wider than
/// `max`, from `(x, y)`; returns the baseline of the last row.
fn legend(
    svg: &mut Svg,
    entries: &[(String, String)],
    x: f64,
    y: f64,
    max: f64,
    swatch: impl Fn(&str, f64, f64) -> String,
) -> f64 {
    let (mut lx, mut ly) = (x, y);
    for (key, label) in entries {
        let w = 14.0 + measure::width(label, SMALL, Weight::Regular);
        if lx > x && lx + w > x + max {
            lx = x;
            ly += LINE;
        }
        svg.raw(&swatch(key, lx, ly - 9.0));
        svg.label(&Label::new(
            "legend",
            lx + 14.0,
            ly,
            Anchor::Start,
            SMALL,
            label.clone(),
        ));
        lx += w + 14.0;
    }
    ly
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::Rollup;
    use crate::render::lazy::TeamRef;

    /// Three weeks of one KPI, an event and a project whose names need escaping.
    pub(super) fn hostile() -> Rollup {
        let week = |n: u32, day: u32, value: &str, project: &str, event: &str| {
            format!(
                "# 第{n}周 2023-07-{day:02}\n\n## 系统运行数据\n\n- 成功率<平台>&：{value}%，目标99.8%\n\n\
                 ## 生产稳定性事件\n\n{event}\n## 【O1 服务业务】\n\n- 网联代收<平台>&：{project}\n"
            )
        };
        let notes = [
            (
                "w28.md".to_string(),
                week(
                    28,
                    8,
                    "99.5",
                    "开发中，进度85%，计划7/13上线",
                    "- 7/5 10:00 告警<平台>&\"，P2，影响12分钟\n",
                ),
            ),
            (
                "w29.md".to_string(),
                week(29, 15, "99.9", "开发中，进度90%，延期至7/20", ""),
            ),
            ("w30.md".to_string(), week(30, 22, "99.7", "已投产", "")),
        ];
        let notes: Vec<(&str, &str)> = notes
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect();
        crate::render::rollup_of(&notes, "slo:\n  availability: 99.9\n")
    }

    pub(super) fn text(title: &str) -> ChartText {
        ChartText {
            title: title.into(),
            desc: "a <desc> & more".into(),
            words: Words::default(),
        }
    }

    pub(super) fn team(rollup: &Rollup, index: usize) -> TeamRef<'_> {
        TeamRef {
            index,
            team: &rollup.teams[index],
        }
    }

    #[test]
    fn a_chart_has_an_accessible_name_and_description_and_ids_unique_by_team() {
        let rollup = crate::render::examples_rollup();
        let svg = impact_chart(team(&rollup, 1), 340.0, &text("Impact"));
        assert!(
            svg.starts_with(r#"<svg class="chart impact-chart" id="t1-impact""#),
            "{svg}"
        );
        assert!(svg.contains(r#"aria-labelledby="t1-impact-title t1-impact-desc""#));
        assert!(svg.contains(r#"<title id="t1-impact-title">Impact</title><desc id="t1-impact-desc">a &lt;desc&gt; &amp; more</desc>"#));
        assert!(svg.ends_with("</svg>"));
    }

    #[test]
    fn charts_are_the_same_bytes_every_time() {
        let rollup = crate::render::examples_rollup();
        let t = team(&rollup, 0);
        let draw = || {
            [
                kpi_chart(t, "出金有效成功率", 340.0, &text("k")).unwrap(),
                kpi_sparkline(t, "出金有效成功率", &text("k")).unwrap(),
                impact_chart(t, 340.0, &text("i")),
                timeline_chart(t, 1068.0, &text("t")),
                timeline_chart(t, 343.0, &text("t")),
            ]
        };
        assert_eq!(draw(), draw());
    }

    #[test]
    fn labels_are_thinned_to_keep_clear_of_each_other() {
        let widths = vec![24.0; 13];
        let shown = thinned(&widths, |i| i as f64 * 20.0, 6.0);
        // 20 px apart and 30 px needed: every second label, the last one among them.
        assert_eq!(shown.iter().filter(|s| **s).count(), 7);
        assert!(shown[12] && !shown[11] && shown[10]);
        assert!(thinned(&[24.0; 4], |i| i as f64 * 60.0, 6.0)
            .iter()
            .all(|s| *s));
    }

    #[test]
    fn labels_spread_apart_within_bounds() {
        let mut ys = [50.0, 52.0, 200.0];
        spread(&mut ys, 15.0, 10.0, 120.0);
        assert_eq!(ys, [50.0, 65.0, 120.0]);
        let mut ys = [118.0, 119.0];
        spread(&mut ys, 15.0, 10.0, 120.0);
        assert_eq!(ys, [105.0, 120.0]);
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        assert_eq!(c(-0.01), "0.0");
        assert_eq!(num(Decimal::new(99950, 3)), "99.95");
    }
}
