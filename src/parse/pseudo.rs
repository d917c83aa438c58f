//! Headings written without `#`: a paragraph that is only bold text (`**Yesterday**`,
//! `**O2 提升新用户 7 日留存**`), a short label line ending in a colon (`本周主要进展：`,
//! `其他:`), or a short line with a list right after it (`下周计划`). Each opens a section one
//! level below the section it sits in, so the blocks after it are read under its name.
//!
//! A bold line that a list item swallowed as a lazy continuation (`- reviewed the fix` then
//! `**Today**` on the next line, as standup notes are often written) is cut out of the item
//! and opens a section too, taking the items after it.

use super::{Block, Inline, List, ListItem, Section};

/// Longest label line, in characters, read as a heading.
const MAX_LABEL_CHARS: usize = 30;
/// Longest bold paragraph, in characters, read as a heading.
const MAX_BOLD_CHARS: usize = 60;
/// Longest line without a colon read as a heading when a list follows it.
const MAX_BARE_CHARS: usize = 12;

/// The sections with a section opened at every pseudo-heading.
pub(super) fn split(sections: Vec<Section>) -> Vec<Section> {
    let mut out: Vec<Section> = Vec::with_capacity(sections.len());
    let mut new_index: Vec<usize> = Vec::with_capacity(sections.len());
    for mut section in sections {
        let parent = section.parent.map(|p| new_index[p]);
        let own = out.len();
        new_index.push(own);
        let blocks = std::mem::take(&mut section.blocks);
        section.parent = parent;
        let level = section.level;
        out.push(section);
        let mut current = own;
        let mut blocks = blocks.into_iter().peekable();
        while let Some(block) = blocks.next() {
            match block {
                Block::Paragraph(p) if is_pseudo_heading(&p, blocks.peek()) => {
                    out.push(pseudo_section(p, level, own));
                    current = out.len() - 1;
                }
                // `**指标**` then lines of figures in one paragraph: the first line heads them.
                Block::Paragraph(p) if first_line_heads(&p) => {
                    let cut = p.text.find('\n').expect("a paragraph of several lines");
                    out.push(pseudo_section(p.slice(0..cut), level, own));
                    current = out.len() - 1;
                    out[current]
                        .blocks
                        .push(Block::Paragraph(p.slice(cut + 1..p.text.len())));
                }
                Block::List(list) => {
                    for (i, part) in split_list(list).into_iter().enumerate() {
                        if let Some(heading) = part.0 {
                            out.push(pseudo_section(heading, level, own));
                            current = out.len() - 1;
                        }
                        if !part.1.items.is_empty() || i == 0 {
                            if !part.1.items.is_empty() {
                                out[current].blocks.push(Block::List(part.1));
                            }
                        }
                    }
                }
                other => out[current].blocks.push(other),
            }
        }
    }
    out
}

fn pseudo_section(heading: Inline, level: u8, parent: usize) -> Section {
    Section {
        level: level.saturating_add(1),
        heading: Some(heading),
        parent: Some(parent),
        blocks: vec![],
        pseudo: true,
    }
}

fn is_pseudo_heading(p: &Inline, next: Option<&Block>) -> bool {
    let text = p.text.trim();
    if text.is_empty() || text.contains('\n') {
        return false;
    }
    let chars = text.chars().count();
    if p.is_bold(0..p.text.len()) && chars <= MAX_BOLD_CHARS {
        return true;
    }
    // `**@rahul** (async, posted in Slack)`: a bold name and a remark in brackets.
    if let Some(open) = p.text.find(['(', '（']) {
        let rest = p.text[open..].trim_end();
        if open > 0 && p.is_bold(0..open) && rest.ends_with([')', '）']) && chars <= MAX_BOLD_CHARS
        {
            return true;
        }
    }
    let label = text.trim_end_matches([':', '：']);
    if label.len() < text.len() {
        // Only a label: nothing after its colon.
        return !label.trim().is_empty() && label.chars().count() <= MAX_LABEL_CHARS;
    }
    let ends_in_punctuation = text.ends_with(|c: char| {
        matches!(
            c,
            '.' | '。' | '!' | '！' | '?' | '？' | ',' | '，' | ';' | '；' | ')' | '）'
        )
    });
    matches!(next, Some(Block::List(_))) && chars <= MAX_BARE_CHARS && !ends_in_punctuation
}

/// Whether a paragraph of several lines opens with a heading line: all bold, or a label
/// ending in a colon.
fn first_line_heads(p: &Inline) -> bool {
    let Some(cut) = p.text.find('\n') else {
        return false;
    };
    let first = p.text[..cut].trim();
    if first.is_empty() || p.text[cut + 1..].trim().is_empty() {
        return false;
    }
    let chars = first.chars().count();
    let label = first.trim_end_matches([':', '：']);
    (p.is_bold(0..cut) && chars <= MAX_BOLD_CHARS)
        || (label.len() < first.len()
            && !label.trim().is_empty()
            && label.chars().count() <= MAX_LABEL_CHARS
            && !label.contains([':', '：']))
}

/// A list cut at every bold line a list item swallowed: the first part has no heading.
fn split_list(list: List) -> Vec<(Option<Inline>, List)> {
    let mut parts: Vec<(Option<Inline>, List)> = vec![(
        None,
        List {
            ordered: list.ordered,
            items: vec![],
        },
    )];
    for mut item in list.items {
        let swallowed = swallowed_heading(&mut item);
        parts
            .last_mut()
            .expect("there is a first part")
            .1
            .items
            .push(item);
        if let Some(heading) = swallowed {
            parts.push((
                Some(heading),
                List {
                    ordered: list.ordered,
                    items: vec![],
                },
            ));
        }
    }
    parts
}

/// Cuts a trailing bold line (`reviewed the fix\n**Today**`) out of an item with no nested
/// items, and returns it.
fn swallowed_heading(item: &mut ListItem) -> Option<Inline> {
    if !item.children.is_empty() {
        return None;
    }
    let last = item.content.last()?;
    let cut = last.text.rfind('\n')?;
    let line = cut + 1..last.text.len();
    let text = last.text[line.clone()].trim();
    if text.is_empty() || text.chars().count() > MAX_BOLD_CHARS || !last.is_bold(line.clone()) {
        return None;
    }
    let heading = last.slice(line);
    let kept = last.slice(0..cut);
    let n = item.content.len();
    item.content[n - 1] = kept;
    item.span.end = item.content[n - 1].span.end.max(item.span.start);
    Some(heading)
}
