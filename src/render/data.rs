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

impl<'a> Published<'a> {
    fn of(note: &'a Note) -> Self {
        Published {
            schema_version: SCHEMA_VERSION,
            note,
        }
    }
}

/// Writes notes: one object for one note, an array (a YAML sequence) for several.
pub fn write_notes<W: Write>(
    mut w: W,
    notes: &[Note],
    format: DataFormat,
    shape: Shape,
) -> Result<(), RenderError> {
    let published: Vec<Published<'_>> = notes.iter().map(Published::of).collect();
    match (format, shape, published.as_slice()) {
        (DataFormat::Json, Shape::Object, [one]) => write_json(&mut w, one)?,
        (DataFormat::Json, _, many) => write_json(&mut w, &many)?,
        (DataFormat::Yaml, Shape::Object, [one]) => write_yaml(&mut w, one)?,
        (DataFormat::Yaml, _, many) => write_yaml(&mut w, &many)?,
    }
    w.flush()?;
    Ok(())
}

/// Writes notes as they come, as one JSON array or YAML sequence, so that parsing a folder
/// holds a few notes at a time rather than all of them; the same text as [`write_notes`]
/// with [`Shape::Array`]. Returns how many notes were written (none writes `[]`).
pub fn write_note_stream<W: Write>(
    mut w: W,
    notes: impl IntoIterator<Item = Note>,
    format: DataFormat,
) -> Result<usize, RenderError> {
    let mut notes = notes.into_iter().peekable();
    if notes.peek().is_none() {
        // No notes is an empty array, in both formats.
        w.write_all(b"[]\n")?;
        w.flush()?;
        return Ok(0);
    }
    let mut count = 0;
    match format {
        DataFormat::Json => {
            use serde::ser::{SerializeSeq, Serializer};
            let mut serializer = serde_json::Serializer::pretty(&mut w);
            let mut seq = serializer.serialize_seq(None).map_err(json_error)?;
            for note in notes {
                seq.serialize_element(&Published::of(&note))
                    .map_err(json_error)?;
                count += 1;
            }
            seq.end().map_err(json_error)?;
            w.write_all(b"\n")?;
        }
        DataFormat::Yaml => {
            // A YAML sequence of mappings is its items one after another.
            for note in notes {
                write_yaml(&mut w, &[Published::of(&note)])?;
                count += 1;
            }
        }
    }
    w.flush()?;
    Ok(count)
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
    serde_json::to_writer_pretty(&mut *w, value).map_err(json_error)?;
    w.write_all(b"\n")?;
    Ok(())
}

/// A JSON writer's error: the output's I/O error when it was one, else what serde said.
fn json_error(e: serde_json::Error) -> RenderError {
    match e.io_error_kind() {
        Some(kind) => RenderError::Io(std::io::Error::new(kind, e)),
        None => RenderError::Serialize(e.to_string()),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stream_of_notes_is_written_as_the_array_of_them() {
        let (_, notes) = super::super::example_notes();
        assert!(notes.len() > 10);
        for format in [DataFormat::Json, DataFormat::Yaml] {
            let mut whole = Vec::new();
            write_notes(&mut whole, &notes, format, Shape::Array).unwrap();
            let mut streamed = Vec::new();
            let count = write_note_stream(&mut streamed, notes.clone(), format).unwrap();
            assert_eq!(count, notes.len());
            assert_eq!(
                String::from_utf8(streamed).unwrap(),
                String::from_utf8(whole).unwrap(),
                "{format:?}"
            );
        }
        let mut empty = Vec::new();
        assert_eq!(
            write_note_stream(&mut empty, [], DataFormat::Json).unwrap(),
            0
        );
        assert_eq!(empty, b"[]\n", "no notes is an empty array");
    }
}
