//! The terminal form of a diff: short coloured lines (the caller strips colour when the output
//! is not a terminal or `NO_COLOR` is set).

use std::io::Write;

use anstyle::{AnsiColor, Style};

use super::RenderError;
use crate::analyze::{NoteDiff, NoteRef, ProjectState};
use crate::model::MetricKind;

const HEAD: Style = Style::new().bold();
const GOOD: Style = AnsiColor::Green.on_default();
const BAD: Style = AnsiColor::Red.on_default();
const DIM: Style = Style::new().dimmed();

fn label(r: &NoteRef) -> String {
    r.week.map_or_else(|| r.path.clone(), |w| w.to_string())
}

fn state(s: &ProjectState) -> String {
    let mut out = String::new();
    if let Some(p) = s.progress {
        out.push_str(&format!("{p}% "));
    }
    out.push_str(&s.status.as_str().replace('_', " "));
    if let Some(d) = s.due {
        out.push_str(&format!(", due {d}"));
    }
    out
}

/// Writes a diff as text with ANSI styles.
pub fn write_diff_text<W: Write>(mut w: W, d: &NoteDiff) -> Result<(), RenderError> {
    writeln!(w, "{HEAD}{} → {}{HEAD:#}", label(&d.old), label(&d.new))?;
    if !d.metrics.is_empty() {
        writeln!(w, "\n{HEAD}metrics{HEAD:#}")?;
    }
    for m in &d.metrics {
        let unit = m.unit.as_deref().unwrap_or("");
        let show =
            |v: Option<crate::model::Num>| v.map_or("—".to_string(), |v| format!("{v}{unit}"));
        let delta = match m.delta {
            Some(delta) if delta.0.is_zero() => format!("{DIM}(no change){DIM:#}"),
            Some(delta) => {
                let higher_is_better = matches!(
                    m.kind,
                    MetricKind::SuccessRate | MetricKind::Availability | MetricKind::Throughput
                );
                let style = if delta.0.is_sign_positive() == higher_is_better {
                    GOOD
                } else {
                    BAD
                };
                let sign = if delta.0.is_sign_positive() { "+" } else { "" };
                let unit = if unit == "%" { " pp" } else { unit };
                format!("{style}({sign}{delta}{unit}){style:#}")
            }
            None => String::new(),
        };
        writeln!(w, "  {} {} → {} {delta}", m.name, show(m.old), show(m.new))?;
    }
    if !d.incidents.is_empty() {
        writeln!(w, "\n{HEAD}incidents{HEAD:#}")?;
        for g in &d.incidents {
            let show = |v: Option<u32>| v.map_or("—".to_string(), |v| v.to_string());
            let style = if g.new.unwrap_or(0) > g.old.unwrap_or(0) {
                BAD
            } else {
                Style::new()
            };
            writeln!(
                w,
                "  {style}{} {} → {}{style:#}",
                g.grade,
                show(g.old),
                show(g.new)
            )?;
        }
    }
    if !d.new_events.is_empty() {
        writeln!(w, "\n{HEAD}new stability events{HEAD:#}")?;
        for e in &d.new_events {
            let at =
                e.at.map(|a| a.format("%Y-%m-%d %H:%M").to_string())
                    .unwrap_or_default();
            let minutes = e
                .impact_minutes
                .map(|m| format!(" ({m} min)"))
                .unwrap_or_default();
            writeln!(w, "  {BAD}{at} {}{minutes}{BAD:#}", e.summary)?;
        }
    }
    let p = &d.projects;
    if p.completed.is_empty()
        && p.slipped.is_empty()
        && p.changed.is_empty()
        && p.added.is_empty()
        && p.removed.is_empty()
    {
        return Ok(());
    }
    writeln!(w, "\n{HEAD}projects{HEAD:#}")?;
    for s in &p.completed {
        writeln!(w, "  {GOOD}completed{GOOD:#} {}", s.name)?;
    }
    for s in &p.slipped {
        writeln!(
            w,
            "  {BAD}slipped{BAD:#}   {} due {} → {} (+{} days)",
            s.name, s.from, s.to, s.days
        )?;
    }
    for c in p
        .changed
        .iter()
        .filter(|c| !p.completed.iter().any(|s| s.name == c.new.name))
    {
        writeln!(
            w,
            "  changed   {} {} → {}",
            c.new.name,
            state(&c.old),
            state(&c.new)
        )?;
    }
    for s in &p.added {
        writeln!(w, "  added     {} ({})", s.name, state(s))?;
    }
    for s in &p.removed {
        writeln!(w, "  {DIM}removed   {} (was {}){DIM:#}", s.name, state(s))?;
    }
    Ok(())
}
