//! A query's result as an aligned text table, CSV, JSON or a Markdown table.

use std::io::Write;

use rusqlite::types::Value;
use unicode_width::UnicodeWidthStr;

use crate::render::RenderError;

/// The rows a query gave, with its column names.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryRows {
    /// Column names, in the query's order.
    pub columns: Vec<String>,
    /// One vector of values per row, aligned with `columns`.
    pub rows: Vec<Vec<Value>>,
}

/// How `sql` prints rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowsFormat {
    /// Columns aligned for a terminal (numbers to the right), a rule under the header.
    Table,
    /// CSV with a header row; cells a spreadsheet would run as formulas are neutralised.
    Csv,
    /// A JSON array with one object per row, keys in column order.
    Json,
    /// A Markdown table, to paste into a note.
    Md,
}

/// Writes `rows` in `format`.
pub fn write_rows<W: Write>(
    mut w: W,
    rows: &QueryRows,
    format: RowsFormat,
) -> Result<(), RenderError> {
    match format {
        RowsFormat::Table => write_table(&mut w, rows)?,
        RowsFormat::Md => write_markdown(&mut w, rows)?,
        RowsFormat::Json => write_json(&mut w, rows)?,
        RowsFormat::Csv => write_csv(&mut w, rows)?,
    }
    w.flush()?;
    Ok(())
}

/// A value as text: NULL is empty, a REAL its shortest exact form (`99.99`), a BLOB hex.
fn text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::Integer(i) => i.to_string(),
        Value::Real(r) => r.to_string(),
        Value::Text(t) => t.clone(),
        Value::Blob(b) => hex(b),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn is_number(value: &Value) -> bool {
    matches!(value, Value::Integer(_) | Value::Real(_))
}

/// A cell on one line: line breaks and tabs shown as `\n`, `\t`; other control characters
/// (an ESC a note may hold) escaped, never sent to the terminal.
fn one_line(text: &str) -> String {
    let text = text
        .replace('\r', "\\r")
        .replace('\n', "\\n")
        .replace('\t', "\\t");
    crate::render::printable(&text).into_owned()
}

fn write_table<W: Write>(w: &mut W, rows: &QueryRows) -> Result<(), RenderError> {
    let cells: Vec<Vec<String>> = rows
        .rows
        .iter()
        .map(|r| r.iter().map(|v| one_line(&text(v))).collect())
        .collect();
    let header: Vec<String> = rows.columns.iter().map(|c| one_line(c)).collect();
    let widths: Vec<usize> = header
        .iter()
        .enumerate()
        .map(|(c, h)| {
            cells
                .iter()
                .map(|r| r[c].width())
                .chain([h.width()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let numeric: Vec<bool> = (0..header.len())
        .map(|c| {
            rows.rows.iter().any(|r| is_number(&r[c]))
                && rows
                    .rows
                    .iter()
                    .all(|r| is_number(&r[c]) || r[c] == Value::Null)
        })
        .collect();
    let line = |w: &mut W, cells: &[String]| -> std::io::Result<()> {
        let mut out = String::new();
        for (c, cell) in cells.iter().enumerate() {
            if c > 0 {
                out.push_str("  ");
            }
            let pad = " ".repeat(widths[c] - cell.width());
            if numeric[c] {
                out.push_str(&pad);
                out.push_str(cell);
            } else {
                out.push_str(cell);
                if c + 1 < cells.len() {
                    out.push_str(&pad);
                }
            }
        }
        writeln!(w, "{}", out.trim_end())
    };
    line(w, &header)?;
    let rule: Vec<String> = widths.iter().map(|n| "-".repeat(*n)).collect();
    line(w, &rule)?;
    for r in &cells {
        line(w, r)?;
    }
    writeln!(
        w,
        "({} row{})",
        rows.rows.len(),
        if rows.rows.len() == 1 { "" } else { "s" }
    )?;
    Ok(())
}

/// A Markdown table cell: `|` escaped, line breaks as spaces, `<` as `&lt;` so that note
/// text never becomes raw HTML (as in the Markdown report).
fn md_cell(text: &str) -> String {
    text.replace('|', "\\|")
        .replace(['\n', '\r'], " ")
        .replace('<', "&lt;")
}

fn write_markdown<W: Write>(w: &mut W, rows: &QueryRows) -> Result<(), RenderError> {
    let header: Vec<String> = rows.columns.iter().map(|c| md_cell(c)).collect();
    writeln!(w, "| {} |", header.join(" | "))?;
    let rule: Vec<&str> = (0..header.len())
        .map(|c| {
            if rows.rows.iter().any(|r| is_number(&r[c])) {
                "---:"
            } else {
                "---"
            }
        })
        .collect();
    writeln!(w, "| {} |", rule.join(" | "))?;
    for r in &rows.rows {
        let cells: Vec<String> = r.iter().map(|v| md_cell(&text(v))).collect();
        writeln!(w, "| {} |", cells.join(" | "))?;
    }
    Ok(())
}

fn json_value(value: &Value) -> serde_json::Value {
    match value {
        Value::Null => serde_json::Value::Null,
        Value::Integer(i) => (*i).into(),
        Value::Real(r) => {
            serde_json::Number::from_f64(*r).map_or(serde_json::Value::Null, Into::into)
        }
        Value::Text(t) => t.clone().into(),
        Value::Blob(b) => hex(b).into(),
    }
}

/// One object per row, its keys in column order (written by hand: a JSON map would sort them).
fn write_json<W: Write>(w: &mut W, rows: &QueryRows) -> Result<(), RenderError> {
    let keys: Vec<String> = rows
        .columns
        .iter()
        .map(serde_json::to_string)
        .collect::<Result<_, _>>()
        .map_err(|e| RenderError::Serialize(e.to_string()))?;
    if rows.rows.is_empty() {
        writeln!(w, "[]")?;
        return Ok(());
    }
    writeln!(w, "[")?;
    for (n, r) in rows.rows.iter().enumerate() {
        let fields: Vec<String> = keys
            .iter()
            .zip(r)
            .map(|(k, v)| format!("{k}: {}", json_value(v)))
            .collect();
        let comma = if n + 1 < rows.rows.len() { "," } else { "" };
        writeln!(w, "  {{{}}}{comma}", fields.join(", "))?;
    }
    writeln!(w, "]")?;
    Ok(())
}

fn write_csv<W: Write>(w: &mut W, rows: &QueryRows) -> Result<(), RenderError> {
    let mut out = ::csv::Writer::from_writer(w);
    let io = |e: ::csv::Error| match e.into_kind() {
        ::csv::ErrorKind::Io(e) => RenderError::Io(e),
        other => RenderError::Serialize(format!("{other:?}")),
    };
    out.write_record(
        rows.columns
            .iter()
            .map(|c| crate::render::csv::neutralise(c).into_owned()),
    )
    .map_err(io)?;
    for r in &rows.rows {
        out.write_record(
            r.iter()
                .map(|v| crate::render::csv::neutralise(&text(v)).into_owned()),
        )
        .map_err(io)?;
    }
    out.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> QueryRows {
        QueryRows {
            columns: vec!["name".into(), "value".into()],
            rows: vec![
                vec![Value::Text("入金有效成功率".into()), Value::Real(99.99)],
                vec![Value::Text("=HYPERLINK(\"x\")|<b>".into()), Value::Null],
            ],
        }
    }

    fn written(format: RowsFormat) -> String {
        let mut out = Vec::new();
        write_rows(&mut out, &sample(), format).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn each_format_writes_the_rows() {
        assert_eq!(
            written(RowsFormat::Table),
            "name                 value\n\
             -------------------  -----\n\
             入金有效成功率       99.99\n\
             =HYPERLINK(\"x\")|<b>\n\
             (2 rows)\n"
        );
        assert_eq!(
            written(RowsFormat::Csv),
            "name,value\n入金有效成功率,99.99\n\"'=HYPERLINK(\"\"x\"\")|<b>\",\n"
        );
        assert_eq!(
            written(RowsFormat::Json),
            "[\n  {\"name\": \"入金有效成功率\", \"value\": 99.99},\n  {\"name\": \"=HYPERLINK(\\\"x\\\")|<b>\", \"value\": null}\n]\n"
        );
        assert_eq!(
            written(RowsFormat::Md),
            "| name | value |\n| --- | ---: |\n| 入金有效成功率 | 99.99 |\n| =HYPERLINK(\"x\")\\|&lt;b> |  |\n"
        );
    }
}
