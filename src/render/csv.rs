//! The KPI table as CSV: one row per metric and week, for spreadsheets.

use std::io::Write;

use super::RenderError;
use crate::analyze::Rollup;

/// A cell a spreadsheet would run as a formula (it starts with `=`, `+`, `-`, `@`, a tab or a
/// carriage return) gets a leading `'`, as OWASP's CSV-injection advice says; a plain number
/// (`-0.5`) is left as it is, since a spreadsheet reads it as the number it is.
pub(crate) fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && cell.parse::<rust_decimal::Decimal>().is_err() {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// Writes `team,week,date,metric,kind,value,unit,target,breach` rows for every stated value.
/// The header row is the same every time: it is how a CSV report is recognised as the tool's
/// ([`crate::source::CSV_REPORT_HEADER`]). Every cell goes through [`neutralise`].
pub fn write_kpi_csv<W: Write>(w: W, rollup: &Rollup) -> Result<(), RenderError> {
    let mut out = ::csv::Writer::from_writer(w);
    let io = |e: ::csv::Error| match e.into_kind() {
        ::csv::ErrorKind::Io(e) => RenderError::Io(e),
        other => RenderError::Serialize(format!("{other:?}")),
    };
    out.write_record(crate::source::CSV_REPORT_HEADER.split(','))
        .map_err(io)?;
    for team in &rollup.teams {
        for kpi in &team.kpis {
            let kind = serde_json::to_value(kpi.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            for (w, id, value) in kpi.values.iter() {
                let week = &team.weeks[w];
                let target = kpi.targets.get(w);
                let breach = kpi.breaches.iter().any(|b| b.week == id);
                let cells = [
                    team.team.as_str(),
                    id,
                    &week.date.to_string(),
                    kpi.name.as_str(),
                    &kind,
                    &value.to_string(),
                    kpi.unit.as_deref().unwrap_or(""),
                    &target.map(|t| t.to_string()).unwrap_or_default(),
                    if breach { "yes" } else { "" },
                ];
                out.write_record(cells.iter().map(|c| neutralise(c).into_owned()))
                    .map_err(io)?;
            }
        }
    }
    out.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::neutralise;

    #[test]
    fn formulas_are_neutralised_and_numbers_kept() {
        for (cell, written) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+1+2", "'+1+2"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
            ("-0.5", "-0.5"),
            ("99.99", "99.99"),
            ("入金有效成功率", "入金有效成功率"),
        ] {
            assert_eq!(neutralise(cell), written, "{cell:?}");
        }
    }
}
