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
        let mut headings = Headings {
            own,
            level,
            bold: None,
        };
        let mut current = own;
        let mut blocks = blocks.into_iter().peekable();
        while let Some(block) = blocks.next() {
            match block {
                Block::Paragraph(p) if is_pseudo_heading(&p, blocks.peek()) => {
                    current = headings.push(&mut out, p);
                }
                // `**指标**` then lines of figures in one paragraph: the first line heads them
                // (and the next may head the lines after it: `**@amy**` then `Yesterday:`).
                Block::Paragraph(p) if first_line_heads(&p) => {
                    let mut p = p;
                    while first_line_heads(&p) {
                        let cut = p.text.find('\n').expect("a paragraph of several lines");
                        current = headings.push(&mut out, p.slice(0..cut));
                        p = p.slice(cut + 1..p.text.len());
                    }
                    if is_pseudo_heading(&p, blocks.peek()) {
                        current = headings.push(&mut out, p);
                    } else {
                        out[current].blocks.push(Block::Paragraph(p));
                    }
                }
                Block::List(list) => {
                    for part in split_list(list) {
                        if let Some(heading) = part.0 {
                            current = headings.push(&mut out, heading);
                        }
                        if !part.1.items.is_empty() {
                            out[current].blocks.push(Block::List(part.1));
                        }
                    }
                }
                other => out[current].blocks.push(other),
            }
        }
    }
    out
}

/// Where the pseudo-headings of one section go: under it, and a label (`Yesterday:`) under
/// the bold heading before it (`**@amy**`), as a standup nests a person's parts.
struct Headings {
    own: usize,
    level: u8,
    /// The last bold pseudo-heading of this section.
    bold: Option<usize>,
}

impl Headings {
    /// Opens a section at `heading`; returns its index.
    fn push(&mut self, out: &mut Vec<Section>, heading: Inline) -> usize {
        let bold = is_bold_heading(&heading);
        // `pseudo_section` puts the heading one level below the level it is given.
        let (parent, level) = match (bold, self.bold) {
            (false, Some(b)) => (b, self.level.saturating_add(1)),
            _ => (self.own, self.level),
        };
        out.push(pseudo_section(heading, level, parent));
        let at = out.len() - 1;
        if bold {
            self.bold = Some(at);
        }
        at
    }
}

/// Whether a heading line is bold (all of it, or a bold name before a bracketed remark).
fn is_bold_heading(p: &Inline) -> bool {
    let text = p.text.trim_end();
    if p.is_bold(0..p.text.len()) {
        return true;
    }
    p.text
        .find(['(', '（'])
        .is_some_and(|open| open > 0 && p.is_bold(0..open) && text.ends_with([')', '）']))
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
    if heads(p, 0..p.text.len()) {
        return true;
    }
    let chars = text.chars().count();
    let ends_in_punctuation = text.ends_with(|c: char| {
        matches!(
            c,
            '.' | '。' | '!' | '！' | '?' | '？' | ',' | '，' | ';' | '；' | ')' | '）'
        )
    });
    matches!(next, Some(Block::List(_))) && chars <= MAX_BARE_CHARS && !ends_in_punctuation
}

/// Whether the line `range` of a paragraph is a heading by its form: all bold, a bold name
/// and a remark in brackets (`**@rahul** (async, posted in Slack)`), or a short label with
/// nothing after its colon (`本周主要进展：`).
fn heads(p: &Inline, range: std::ops::Range<usize>) -> bool {
    let line = p.text[range.clone()].trim();
    if line.is_empty() {
        return false;
    }
    let chars = line.chars().count();
    if p.is_bold(range.clone()) && chars <= MAX_BOLD_CHARS {
        return true;
    }
    if let Some(open) = p.text[range.clone()].find(['(', '（']) {
        let rest = p.text[range.start + open..range.end].trim_end();
        if open > 0
            && p.is_bold(range.start..range.start + open)
            && rest.ends_with([')', '）'])
            && chars <= MAX_BOLD_CHARS
        {
            return true;
        }
    }
    let label = line.trim_end_matches([':', '：']);
    label.len() < line.len()
        && !label.trim().is_empty()
        && label.chars().count() <= MAX_LABEL_CHARS
        && !label.contains([':', '：'])
}

/// Whether a paragraph of several lines opens with a heading line.
fn first_line_heads(p: &Inline) -> bool {
    let Some(cut) = p.text.find('\n') else {
        return false;
    };
    !p.text[cut + 1..].trim().is_empty() && heads(p, 0..cut)
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
    if text.is_empty() || !heads(last, line.clone()) {
        return None;
    }
    let heading = last.slice(line);
    let kept = last.slice(0..cut);
    let n = item.content.len();
    item.content[n - 1] = kept;
    item.span.end = item.content[n - 1].span.end.max(item.span.start);
    Some(heading)
}
