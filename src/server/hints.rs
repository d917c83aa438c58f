//! Inlay hints (off unless asked for): a value the tool derived, at the end of the line it
//! was derived from — an event's impact worked out from its start and end times
//! (`→ 332 min`).

use lsp_types::{InlayHint, InlayHintLabel, InlayHintTooltip, Range};

use super::View;
use crate::explain::explain;

/// The hints of the lines in `range`.
pub fn inlay_hints(view: &View<'_>, range: Range) -> Vec<InlayHint> {
    let checked = view.checked;
    let note = checked.note(view.config);
    let explanation = explain(&checked.text, note, view.config);
    explanation
        .lines
        .iter()
        .filter(|l| (range.start.line..=range.end.line).contains(&(l.line - 1)))
        .flat_map(|l| l.facts.iter().map(move |f| (l, f)))
        .filter_map(|(l, f)| {
            let derived = f.values.get("derived")?;
            let impact = f.values.get("impact")?;
            Some(InlayHint {
                position: checked.lines.position(&checked.text, l.span.end),
                label: InlayHintLabel::String(format!("→ {impact}")),
                kind: None,
                text_edits: None,
                tooltip: Some(InlayHintTooltip::String(format!("derived: {derived}"))),
                padding_left: Some(true),
                padding_right: None,
                data: None,
            })
        })
        .collect()
}
