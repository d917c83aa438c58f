//! The outline and folding of a note: sections as the extractor read them, objectives and
//! projects inside them.
//!
//! A section runs from its heading to the next heading of its level or above (the section
//! tree of [`crate::parse`], as [`crate::model::Note::sections`] records it). Each project is
//! placed in the deepest section that holds it; a project written as a heading (`A. 支付账户
//! 2.0升级`) is that heading's symbol.

use lsp_types::{DocumentSymbol, FoldingRange, FoldingRangeKind, Range, SymbolKind};

use super::View;
use crate::config::SectionRole;
use crate::explain::role_name;
use crate::model::{Item, SectionInfo};

/// A section's bytes: from the start of its heading's line to the next heading of its level
/// or above.
fn extents(sections: &[SectionInfo], text: &str, view: &View<'_>) -> Vec<(usize, usize)> {
    let lines = &view.checked.lines;
    sections
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let start = lines.start_of(lines.line_of(s.span.start), text);
            let end = sections[i + 1..]
                .iter()
                .find(|n| n.level <= s.level)
                .map_or(text.len(), |n| {
                    lines.start_of(lines.line_of(n.span.start), text)
                });
            (start, end.max(start))
        })
        .collect()
}

/// The note's outline: its sections as a tree, with objectives and projects.
pub fn document_symbols(view: &View<'_>) -> Vec<DocumentSymbol> {
    let checked = view.checked;
    let text = checked.text.as_str();
    let note = checked.note(view.config);
    let sections = &note.sections;
    let extent = extents(sections, text, view);
    let range = |start: usize, end: usize| checked.lines.range(text, start, end);
    let items: Vec<&Item> = note
        .objectives
        .iter()
        .flat_map(|o| &o.items)
        .chain(&note.items)
        .collect();
    // A symbol per section, then children attached bottom-up: a section's parent is the
    // nearest earlier section of a lower level.
    let mut symbols: Vec<Option<DocumentSymbol>> = sections
        .iter()
        .zip(&extent)
        .map(|(s, &(start, end))| {
            let project = items.iter().find(|i| i.line == s.line);
            let (kind, detail) = match (s.role, project) {
                (_, Some(item)) => (SymbolKind::OBJECT, item_detail(item)),
                (SectionRole::Objective, None) => {
                    (SymbolKind::CLASS, Some(role_name(s.role).to_string()))
                }
                (role, None) => (SymbolKind::NAMESPACE, Some(role_name(role).to_string())),
            };
            let children = match project {
                Some(item) => item
                    .children
                    .iter()
                    .map(|c| item_symbol(c, &range))
                    .collect(),
                None => vec![],
            };
            Some(symbol(
                s.heading.trim().to_string(),
                detail,
                kind,
                range(start, end),
                range(s.span.start, s.span.end),
                children,
            ))
        })
        .collect();
    for item in items
        .iter()
        .filter(|i| !sections.iter().any(|s| s.line == i.line))
    {
        let holder = extent
            .iter()
            .enumerate()
            .rev()
            .find(|(_, &(start, end))| start <= item.span.start && item.span.start < end);
        if let Some((i, _)) = holder {
            if let Some(Some(s)) = symbols.get_mut(i) {
                s.children
                    .get_or_insert_with(Vec::new)
                    .push(item_symbol(item, &range));
            }
        }
    }
    let parents: Vec<Option<usize>> = (0..sections.len())
        .map(|i| {
            (0..i)
                .rev()
                .find(|&j| sections[j].level < sections[i].level)
        })
        .collect();
    let mut roots = Vec::new();
    for i in (0..sections.len()).rev() {
        let Some(s) = symbols[i].take() else { continue };
        match parents[i] {
            Some(p) => {
                let siblings = symbols[p]
                    .as_mut()
                    .expect("a parent comes before its children")
                    .children
                    .get_or_insert_with(Vec::new);
                // Sections come before the projects of their parent in the outline order.
                let at = siblings
                    .iter()
                    .position(|c| position_after(&c.range, &s.range))
                    .unwrap_or(siblings.len());
                siblings.insert(at, s);
            }
            None => roots.push(s),
        }
    }
    roots.reverse();
    roots
}

/// Whether `a` starts after `b`.
fn position_after(a: &Range, b: &Range) -> bool {
    (a.start.line, a.start.character) > (b.start.line, b.start.character)
}

/// What the outline shows beside a project: its status, progress and due date.
fn item_detail(item: &Item) -> Option<String> {
    // The status as the JSON output names it (`in_progress`).
    let status = serde_json::to_value(item.status).ok();
    let mut parts: Vec<String> = status
        .as_ref()
        .and_then(|v| v.as_str())
        .map(String::from)
        .into_iter()
        .collect();
    if let Some(p) = item.progress {
        parts.push(format!("{p}%"));
    }
    if let Some(d) = item.due {
        parts.push(format!("due {d}"));
    }
    Some(parts.join(" · "))
}

fn item_symbol(item: &Item, range: &impl Fn(usize, usize) -> Range) -> DocumentSymbol {
    let r = range(item.span.start, item.span.end);
    let children = item
        .children
        .iter()
        .map(|c| item_symbol(c, range))
        .collect();
    let name = if item.name.trim().is_empty() {
        item.text.trim().to_string()
    } else {
        item.name.clone()
    };
    symbol(name, item_detail(item), SymbolKind::OBJECT, r, r, children)
}

#[allow(deprecated)] // `deprecated` is a field every DocumentSymbol must set.
fn symbol(
    name: String,
    detail: Option<String>,
    kind: SymbolKind,
    range: Range,
    selection_range: Range,
    children: Vec<DocumentSymbol>,
) -> DocumentSymbol {
    DocumentSymbol {
        // A client rejects an empty name.
        name: if name.is_empty() { "—".into() } else { name },
        detail,
        kind,
        tags: None,
        deprecated: None,
        range,
        selection_range,
        children: (!children.is_empty()).then_some(children),
    }
}

/// A folding range per section with more than its heading line, up to its last non-blank
/// line.
pub fn folding_ranges(view: &View<'_>) -> Vec<FoldingRange> {
    let checked = view.checked;
    let text = checked.text.as_str();
    let note = checked.note(view.config);
    extents(&note.sections, text, view)
        .into_iter()
        .filter_map(|(start, end)| {
            let body = text[start..end].trim_end();
            let first = checked.lines.line_of(start);
            let last = checked.lines.line_of(start + body.len());
            (last > first).then_some(FoldingRange {
                start_line: first,
                start_character: None,
                end_line: last,
                end_character: None,
                kind: Some(FoldingRangeKind::Region),
                collapsed_text: None,
            })
        })
        .collect()
}
