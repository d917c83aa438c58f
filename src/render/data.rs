//! JSON and YAML writers.

use std::io::Write;

use serde::Serialize;

use super::RenderError;
use crate::model::{Note, SCHEMA_VERSION};

/// Output formats of `parse`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataFormat {
    /// Pretty-printed JSON.
    Json,
    /// YAML.
    Yaml,
}

/// A note as published: the model with the schema version in front.
#[derive(Serialize)]
struct Published<'a> {
    schema_version: u32,
    #[serde(flatten)]
    note: &'a Note,
}

/// Writes notes: one object for one note, an array (a YAML sequence) for several.
pub fn write_notes<W: Write>(
    mut w: W,
    notes: &[Note],
    format: DataFormat,
    shape: Shape,
) -> Result<(), RenderError> {
    let published: Vec<Published<'_>> = notes
        .iter()
        .map(|note| Published {
            schema_version: SCHEMA_VERSION,
            note,
        })
        .collect();
    match (format, shape, published.as_slice()) {
        (DataFormat::Json, Shape::Object, [one]) => write_json(&mut w, one)?,
        (DataFormat::Json, _, many) => write_json(&mut w, &many)?,
        (DataFormat::Yaml, Shape::Object, [one]) => write_yaml(&mut w, one)?,
        (DataFormat::Yaml, _, many) => write_yaml(&mut w, &many)?,
    }
    w.flush()?;
    Ok(())
}

/// Whether one note is written as an object or, like several, as an array.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// One note as an object (several still make an array).
    Object,
    /// Always an array.
    Array,
}

/// Writes any serialisable value as pretty JSON with a final newline.
pub fn write_json<W: Write + ?Sized, T: Serialize + ?Sized>(
    w: &mut W,
    value: &T,
) -> Result<(), RenderError> {
    serde_json::to_writer_pretty(&mut *w, value).map_err(|e| match e.io_error_kind() {
        Some(kind) => RenderError::Io(std::io::Error::new(kind, e)),
        None => RenderError::Serialize(e.to_string()),
    })?;
    w.write_all(b"\n")?;
    Ok(())
}

/// Writes any serialisable value as YAML.
pub fn write_yaml<W: Write, T: Serialize>(w: &mut W, value: &T) -> Result<(), RenderError> {
    let text = serde_saphyr::to_string(value).map_err(|e| RenderError::Serialize(e.to_string()))?;
    w.write_all(text.as_bytes())?;
    if !text.ends_with('\n') {
        w.write_all(b"\n")?;
    }
    Ok(())
}
