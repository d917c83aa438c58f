//! The KPI table as CSV: one row per metric and week, for spreadsheets.

use std::io::Write;

use super::RenderError;
use crate::analyze::Rollup;

/// Writes `team,week,date,metric,kind,value,unit,target,breach` rows for every stated value.
pub fn write_kpi_csv<W: Write>(w: W, rollup: &Rollup) -> Result<(), RenderError> {
    let mut out = ::csv::Writer::from_writer(w);
    let io = |e: ::csv::Error| match e.into_kind() {
        ::csv::ErrorKind::Io(e) => RenderError::Io(e),
        other => RenderError::Serialize(format!("{other:?}")),
    };
    out.write_record([
        "team", "week", "date", "metric", "kind", "value", "unit", "target", "breach",
    ])
    .map_err(io)?;
    for team in &rollup.teams {
        for kpi in &team.kpis {
            let kind = serde_json::to_value(kpi.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            for ((week, value), target) in team.weeks.iter().zip(&kpi.values).zip(&kpi.targets) {
                let Some(value) = value else { continue };
                let breach = kpi.breaches.iter().any(|b| b.week == week.id);
                out.write_record([
                    team.team.as_str(),
                    week.id.as_str(),
                    &week.date.to_string(),
                    kpi.name.as_str(),
                    &kind,
                    &value.to_string(),
                    kpi.unit.as_deref().unwrap_or(""),
                    &target.map(|t| t.to_string()).unwrap_or_default(),
                    if breach { "yes" } else { "" },
                ])
                .map_err(io)?;
            }
        }
    }
    out.flush()?;
    Ok(())
}
