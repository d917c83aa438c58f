//! Hover: what the tool read from a line, as `weekly-report explain` shows it.
//!
//! The note is laid out by [`crate::explain::explain`] and the hovered line's reading is
//! written with the words of `explain`'s text output ([`crate::render::explain`]): the
//! section a heading was read as and why, each fact with its values (a derived impact with
//! how it was derived), the fact a continuation line belongs to, why a line with figures
//! gave nothing, and what the extractor said about the line.

use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind, Position};

use super::View;
use crate::explain::{explain, LineReading};
use crate::render::explain::{fact_text, section_text};

/// The hover of the line at `position`: `None` when the line gave nothing to show.
pub fn hover(view: &View<'_>, position: Position) -> Option<Hover> {
    let checked = view.checked;
    let note = checked.note(view.config);
    let explanation = explain(&checked.text, note, view.config);
    let reading = explanation
        .lines
        .iter()
        .find(|l| l.line == position.line + 1)?;
    let mut shown = describe(reading);
    if let Some(of) = reading.part_of {
        if let Some(owner) = explanation.lines.iter().find(|l| l.line == of) {
            shown.push(format!("part of line {of}:"));
            shown.extend(owner.facts.iter().map(|f| format!("  {}", fact_text(f))));
        }
    }
    if shown.is_empty() {
        return None;
    }
    let value = shown
        .iter()
        .map(|s| format!("- {}", escape(s)))
        .collect::<Vec<_>>()
        .join("\n");
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value,
        }),
        range: Some(
            checked
                .lines
                .range(&checked.text, reading.span.start, reading.span.end),
        ),
    })
}

/// What one line gave, a line of text each, in `explain`'s words.
fn describe(reading: &LineReading) -> Vec<String> {
    let mut shown = Vec::new();
    if let Some(s) = &reading.section {
        shown.push(section_text(s));
    }
    shown.extend(reading.facts.iter().map(fact_text));
    if let Some(u) = &reading.unread {
        shown.push(format!("unread: {}", u.message));
        if let Some(h) = &u.hint {
            shown.push(format!("help: {h}"));
        }
    } else {
        shown.extend(
            reading
                .diagnostics
                .iter()
                .map(|d| format!("{} [{}]", d.message, d.code)),
        );
    }
    shown
}

/// Text shown as Markdown without being read as Markdown (`*`, `_`, `` ` `` and the like
/// are a note's own characters here).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
