//! Markdown to a light section tree, from pulldown-cmark's events and their byte offsets.
//!
//! The tree is deliberately shallow: a flat list of [`Section`]s (one per heading, each knowing
//! its parent), holding paragraphs, lists and tables. List nesting is kept up to
//! [`MAX_LIST_DEPTH`]; deeper items are merged into their ancestor at that depth, so no walk
//! over the tree (nor its drop) can overflow the stack whatever the input.
//!
//! Inline text keeps a map back to the source ([`Inline::source_offset`]), so `extract` can
//! point at the exact bytes of a value inside a paragraph.

mod html;
mod lines;
mod numbered;
mod pseudo;

pub use lines::LineIndex;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::model::Span;

/// List items nested deeper than this are merged into their ancestor at this depth.
pub const MAX_LIST_DEPTH: usize = 64;

/// A parsed note: its front matter and sections, in document order.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// YAML front matter (`---` … `---` at the very top), unparsed.
    pub front_matter: Option<FrontMatter>,
    /// Sections in document order. `sections[0]` is the preamble before the first heading
    /// (level 0, no heading); every other section starts at a heading.
    pub sections: Vec<Section>,
    /// HTML comments (`<!-- … -->`), for directives such as `weekly-report-disable`.
    pub comments: Vec<Inline>,
    /// Where list nesting went past [`MAX_LIST_DEPTH`], if it did.
    pub depth_overflow: Option<Span>,
}

impl Document {
    /// Every piece of text of the note in document order: headings, paragraphs, list items
    /// (nested ones after their parent), table cells, callouts. Front matter, code blocks and
    /// HTML comments are not text.
    pub fn inlines(&self) -> Vec<&Inline> {
        fn items<'d>(list: &'d [ListItem], out: &mut Vec<&'d Inline>) {
            for item in list {
                out.extend(&item.content);
                items(&item.children, out);
            }
        }
        fn blocks<'d>(list: &'d [Block], out: &mut Vec<&'d Inline>) {
            for block in list {
                match block {
                    Block::Paragraph(inline) => out.push(inline),
                    Block::List(list) => items(&list.items, out),
                    Block::Table(table) => {
                        out.extend(&table.header);
                        out.extend(table.rows.iter().flatten());
                    }
                    Block::Callout(inner) => blocks(inner, out),
                }
            }
        }
        let mut out = Vec::new();
        for section in &self.sections {
            out.extend(&section.heading);
            blocks(&section.blocks, &mut out);
        }
        out
    }
}

/// Raw YAML front matter.
#[derive(Debug, Clone, PartialEq)]
pub struct FrontMatter {
    /// The YAML between the `---` fences.
    pub text: String,
    /// Where the block stands.
    pub span: Span,
}

/// A heading and the blocks up to the next heading.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// Heading level 1–6, or 0 for the preamble.
    pub level: u8,
    /// The heading's text; `None` for the preamble.
    pub heading: Option<Inline>,
    /// Index of the enclosing section (the nearest earlier one of a lower level).
    pub parent: Option<usize>,
    /// Paragraphs, lists and tables directly under this heading.
    pub blocks: Vec<Block>,
    /// A heading written without `#`: a paragraph that is only bold text (`**Yesterday**`),
    /// or a short line ending in a colon (or none) with a list right after it
    /// (`本周主要进展：`). Its level is one below the section it sits in.
    pub pseudo: bool,
}

/// A block of content.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A paragraph.
    Paragraph(Inline),
    /// A bullet or ordered list.
    List(List),
    /// A GFM table, or an HTML `<table>` as Feishu and Confluence export it.
    Table(Table),
    /// A block quote, Obsidian callout, Notion `<aside>` or `<details>` toggle: text that
    /// belongs to its section but lists no work of its own. Its blocks are never callouts:
    /// a nested quote's blocks are the outer callout's.
    Callout(Vec<Block>),
}

/// A list and its items.
#[derive(Debug, Clone, PartialEq)]
pub struct List {
    /// Whether it is numbered.
    pub ordered: bool,
    /// Its top-level items.
    pub items: Vec<ListItem>,
}

/// One list item.
#[derive(Debug, Clone, PartialEq)]
pub struct ListItem {
    /// The item's paragraphs, in order (the first is its own line).
    pub content: Vec<Inline>,
    /// Nested items.
    pub children: Vec<ListItem>,
    /// `Some(true)` for `- [x]`, `Some(false)` for `- [ ]`.
    pub checked: Option<bool>,
    /// The whole item, nested items included.
    pub span: Span,
}

/// A GFM table.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Header cells.
    pub header: Vec<Inline>,
    /// Body rows.
    pub rows: Vec<Vec<Inline>>,
    /// The whole table.
    pub span: Span,
}

/// A link inside inline text.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// The link text.
    pub text: String,
    /// The destination as written (still percent-encoded).
    pub dest: String,
    /// Where the link stands.
    pub span: Span,
}

/// A run of inline text (a paragraph, heading, cell or item line) with soft breaks as `\n`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Inline {
    /// The plain text, without Markdown markup.
    pub text: String,
    /// From the first to the last source byte of the text.
    pub span: Span,
    /// Links inside it.
    pub links: Vec<Link>,
    /// `(offset in text, offset in source, length)` for each piece copied verbatim.
    pieces: Vec<(usize, usize, usize)>,
    /// Ranges of `text` written in bold.
    pub strong: Vec<(usize, usize)>,
    /// Ranges of `text` written as inline code (`` `x` ``).
    pub code: Vec<(usize, usize)>,
}

impl Inline {
    /// The source offset of byte `offset` of [`Inline::text`] (best effort for escapes and
    /// entities, which map to their start).
    pub fn source_offset(&self, offset: usize) -> usize {
        let idx = self.pieces.partition_point(|&(t, _, _)| t <= offset);
        match idx.checked_sub(1).map(|i| self.pieces[i]) {
            Some((t, s, len)) if offset <= t + len => s + (offset - t),
            Some((t, s, len)) => s + len.min(offset - t),
            None => self.span.start,
        }
    }

    /// The source offset just past byte `offset - 1` of [`Inline::text`]: where a range
    /// ending at `offset` ends (markup after it, like a closing `**`, is not included).
    fn source_end(&self, offset: usize) -> usize {
        let idx = self.pieces.partition_point(|&(t, _, _)| t < offset);
        match idx.checked_sub(1).map(|i| self.pieces[i]) {
            Some((t, s, len)) => s + len.min(offset - t),
            None => self.source_offset(offset),
        }
    }

    /// The source span of `range` of [`Inline::text`].
    pub fn source_span(&self, range: std::ops::Range<usize>) -> Span {
        let start = self.source_offset(range.start);
        let end = if range.end > range.start {
            self.source_end(range.end)
        } else {
            start
        };
        Span::new(start, end.max(start))
    }

    /// Whether the line `range` of the text is all bold (spaces and punctuation aside).
    pub fn is_bold(&self, range: std::ops::Range<usize>) -> bool {
        let line = &self.text[range.clone()];
        let mut any = false;
        for (i, c) in line.char_indices() {
            if c.is_whitespace() || matches!(c, ':' | '：') {
                continue;
            }
            let at = range.start + i;
            if !self.strong.iter().any(|&(s, e)| s <= at && at < e) {
                return false;
            }
            any = true;
        }
        any
    }

    /// The part of this inline at `range` of its text, mapped to the same source bytes.
    pub fn slice(&self, range: std::ops::Range<usize>) -> Inline {
        let text = self.text[range.clone()].to_string();
        let pieces = self
            .pieces
            .iter()
            .filter_map(|&(t, s, len)| {
                let (a, b) = (t.max(range.start), (t + len).min(range.end));
                if a <= b && (a < range.end || (len == 0 && t >= range.start && t < range.end)) {
                    Some((a - range.start, s + (a - t).min(len), b - a))
                } else {
                    None
                }
            })
            .collect();
        let within = |ranges: &[(usize, usize)]| {
            ranges
                .iter()
                .filter_map(|&(a, b)| {
                    let (a, b) = (a.max(range.start), b.min(range.end));
                    (a < b).then(|| (a - range.start, b - range.start))
                })
                .collect()
        };
        let strong = within(&self.strong);
        let code = within(&self.code);
        let mut out = Inline {
            text,
            span: Span::default(),
            links: self
                .links
                .iter()
                .filter(|l| {
                    let at = self.source_offset(range.start);
                    let end = self.source_end(range.end);
                    l.span.start >= at && l.span.end <= end.max(at)
                })
                .cloned()
                .collect(),
            pieces,
            strong,
            code,
        };
        let start = self.source_offset(range.start);
        let end = if range.end > range.start {
            self.source_end(range.end)
        } else {
            start
        };
        out.span = Span::new(start, end.max(start));
        out
    }

    fn push_text(&mut self, text: &str, range: std::ops::Range<usize>) {
        if self.text.is_empty() && self.pieces.is_empty() {
            self.span = Span::new(range.start, range.end);
        }
        if text.len() == range.len() {
            self.pieces.push((self.text.len(), range.start, text.len()));
        } else {
            // An escape or entity: the text differs from its source; map it to its start.
            self.pieces.push((self.text.len(), range.start, 0));
        }
        self.text.push_str(text);
        self.span.end = self.span.end.max(range.end);
    }

    fn push_break(&mut self, range: std::ops::Range<usize>) {
        self.pieces.push((self.text.len(), range.start, 0));
        self.text.push('\n');
    }
}

impl Document {
    /// Parses `text` (decoded by [`crate::source`]).
    pub fn parse(text: &str) -> Document {
        Builder::default().run(text)
    }

    /// The chain of headings from the top down to section `idx` (excluded).
    pub fn ancestors(&self, idx: usize) -> impl Iterator<Item = &Section> {
        let mut next = self.sections.get(idx).and_then(|s| s.parent);
        std::iter::from_fn(move || {
            let i = next?;
            next = self.sections[i].parent;
            Some(&self.sections[i])
        })
    }
}

/// Whether inline HTML is a line break (`<br>`, `<br/>`).
fn event_kind_inline(html: &str) -> Option<bool> {
    let t = html.trim().to_ascii_lowercase();
    Some(t.starts_with("<br"))
}

/// The options every stage parses with (the benchmark's floor uses the same).
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_WIKILINKS
}

#[derive(Default)]
struct Builder {
    sections: Vec<Section>,
    /// Sections by level, for finding a new heading's parent.
    open_sections: Vec<usize>,
    /// Open list items, innermost last (the top-level list is `list`).
    items: Vec<ListItem>,
    list: Option<List>,
    /// Items opened past `MAX_LIST_DEPTH`, merged into the innermost kept item.
    overflow_items: usize,
    inline: Option<Inline>,
    links: Vec<(String, usize, usize)>,
    table: Option<Table>,
    row: Vec<Inline>,
    heading: Option<u8>,
    front_matter: Option<FrontMatter>,
    in_front_matter: Option<usize>,
    in_code: bool,
    comments: Vec<Inline>,
    depth_overflow: Option<Span>,
    /// Bold markup open around the text being read.
    strong_depth: usize,
    /// The HTML block being read.
    html: Option<html::Raw>,
    /// Blocks of callouts being read, innermost last.
    callouts: Vec<Vec<Block>>,
    /// Callouts opened by HTML (`<aside>`, `<details>`) and not yet closed.
    html_callouts: usize,
    /// Callouts opened by a `:::tips` fence (Yuque, VuePress, Docusaurus admonitions) and not
    /// yet closed by a `:::` line.
    fenced_callouts: usize,
}

impl Builder {
    fn run(mut self, text: &str) -> Document {
        self.sections.push(Section {
            level: 0,
            heading: None,
            parent: None,
            blocks: vec![],
            pseudo: false,
        });
        self.open_sections.push(0);
        for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
            self.event(event, range);
        }
        self.flush_inline();
        self.finish_list();
        self.close_callouts();
        Document {
            front_matter: self.front_matter,
            sections: numbered::lists(pseudo::split(self.sections)),
            comments: self.comments,
            depth_overflow: self.depth_overflow,
        }
    }

    fn event(&mut self, event: Event<'_>, range: std::ops::Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag, range),
            Event::Text(t) if self.in_front_matter.is_some() => {
                let start = self.in_front_matter.unwrap_or(range.start);
                self.front_matter = Some(FrontMatter {
                    text: t.to_string(),
                    span: Span::new(start, range.end),
                });
            }
            Event::Text(_) if self.in_code => {}
            Event::Code(t) => {
                let written = self.push_text(&t, range);
                self.inline().code.push(written);
            }
            Event::Text(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                self.push_text(&t, range);
            }
            Event::SoftBreak | Event::HardBreak => self.inline().push_break(range),
            Event::Html(t) | Event::InlineHtml(t) => {
                if t.trim_start().starts_with("<!--") {
                    let mut comment = Inline::default();
                    comment.push_text(&t, range);
                    self.comments.push(comment);
                } else if let Some(raw) = self.html.as_mut() {
                    raw.push(&t, range.start);
                } else if matches!(event_kind_inline(&t), Some(true)) {
                    // `<br>` inside a paragraph or cell is a line break.
                    self.inline().push_break(range);
                }
            }
            Event::TaskListMarker(checked) => {
                if let Some(item) = self.items.last_mut() {
                    item.checked = Some(checked);
                }
            }
            Event::FootnoteReference(_) | Event::Rule => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>, range: std::ops::Range<usize>) {
        match tag {
            Tag::Heading { level, .. } => {
                self.flush_inline();
                self.finish_list();
                self.close_callouts();
                self.heading = Some(level as u8);
                self.inline = Some(Inline {
                    span: Span::new(range.start, range.start),
                    ..Inline::default()
                });
            }
            Tag::Paragraph => {
                self.flush_inline();
                self.inline = Some(Inline {
                    span: Span::new(range.start, range.start),
                    ..Inline::default()
                });
            }
            Tag::Item => {
                self.flush_inline();
                if self.items.len() >= MAX_LIST_DEPTH {
                    self.overflow_items += 1;
                    self.depth_overflow
                        .get_or_insert(Span::new(range.start, range.end));
                } else {
                    let span = Span::new(range.start, range.end);
                    self.items.push(ListItem {
                        content: vec![],
                        children: vec![],
                        checked: None,
                        span,
                    });
                }
            }
            Tag::List(first) => {
                self.flush_inline();
                if self.items.is_empty() && self.list.is_none() {
                    self.list = Some(List {
                        ordered: first.is_some(),
                        items: vec![],
                    });
                }
            }
            Tag::Table(_) => {
                self.flush_inline();
                self.table = Some(Table {
                    header: vec![],
                    rows: vec![],
                    span: Span::new(range.start, range.end),
                });
            }
            Tag::TableHead => {}
            Tag::TableRow => self.row.clear(),
            Tag::TableCell => {
                self.inline = Some(Inline {
                    span: Span::new(range.start, range.start),
                    ..Inline::default()
                })
            }
            Tag::Link { dest_url, .. } => {
                let at = self.inline().text.len();
                self.links.push((dest_url.to_string(), at, range.start));
            }
            Tag::CodeBlock(_) => self.in_code = true,
            Tag::MetadataBlock(_) => self.in_front_matter = Some(range.start),
            Tag::BlockQuote(_) => {
                self.flush_inline();
                self.finish_list();
                self.callouts.push(Vec::new());
            }
            Tag::HtmlBlock => {
                self.flush_inline();
                self.finish_list();
                self.html = Some(html::Raw::default());
            }
            Tag::Strong => self.strong_depth += 1,
            Tag::FootnoteDefinition(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::Emphasis
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Image { .. } => {}
        }
    }

    fn end(&mut self, tag: TagEnd, range: std::ops::Range<usize>) {
        match tag {
            TagEnd::Heading(_) => {
                let inline = self.inline.take().unwrap_or_default();
                let level = self.heading.take().unwrap_or(1);
                while self.open_sections.len() > 1
                    && self.sections[*self.open_sections.last().unwrap_or(&0)].level >= level
                {
                    self.open_sections.pop();
                }
                let parent = self.open_sections.last().copied();
                self.sections.push(Section {
                    level,
                    heading: Some(inline),
                    parent,
                    blocks: vec![],
                    pseudo: false,
                });
                self.open_sections.push(self.sections.len() - 1);
            }
            TagEnd::Paragraph => self.flush_inline(),
            TagEnd::Item => {
                self.flush_inline();
                if self.overflow_items > 0 {
                    self.overflow_items -= 1;
                } else if let Some(item) = self.items.pop() {
                    self.attach_item(item);
                }
            }
            TagEnd::List(_) => {
                self.flush_inline();
                if self.items.is_empty() {
                    self.finish_list();
                }
            }
            TagEnd::TableCell => {
                let cell = self.inline.take().unwrap_or_default();
                self.row.push(cell);
            }
            TagEnd::TableHead => {
                if let Some(t) = self.table.as_mut() {
                    t.header = std::mem::take(&mut self.row);
                }
            }
            TagEnd::TableRow => {
                if let Some(t) = self.table.as_mut() {
                    t.rows.push(std::mem::take(&mut self.row));
                }
            }
            TagEnd::Table => {
                if let Some(table) = self.table.take() {
                    self.push_block(Block::Table(table));
                }
            }
            TagEnd::Link => {
                if let Some((dest, at, start)) = self.links.pop() {
                    let inline = self.inline();
                    let text = inline.text.get(at..).unwrap_or_default().to_string();
                    inline.links.push(Link {
                        text,
                        dest,
                        span: Span::new(start, range.end),
                    });
                }
            }
            TagEnd::CodeBlock => self.in_code = false,
            TagEnd::MetadataBlock(_) => self.in_front_matter = None,
            TagEnd::Strong => self.strong_depth = self.strong_depth.saturating_sub(1),
            TagEnd::BlockQuote(_) => {
                self.flush_inline();
                self.finish_list();
                if let Some(blocks) = self.callouts.pop() {
                    if !blocks.is_empty() {
                        self.push_block(Block::Callout(blocks));
                    }
                }
            }
            TagEnd::HtmlBlock => self.end_html(),
            _ => {}
        }
    }

    /// The open inline, opened on demand (tight list items have no paragraph events).
    fn inline(&mut self) -> &mut Inline {
        self.inline.get_or_insert_with(Inline::default)
    }

    /// Adds `t` (the source bytes `range`) to the text being built, bold inside `**`;
    /// returns where it stands in that text.
    fn push_text(&mut self, t: &str, range: std::ops::Range<usize>) -> (usize, usize) {
        let strong = self.strong_depth > 0;
        let inline = self.inline();
        let start = inline.text.len();
        inline.push_text(t, range);
        let end = inline.text.len();
        if strong {
            inline.strong.push((start, end));
        }
        (start, end)
    }

    fn flush_inline(&mut self) {
        let Some(inline) = self.inline.take() else {
            return;
        };
        if inline.text.trim().is_empty() {
            return;
        }
        if let Some(item) = self.items.last_mut() {
            item.content.push(inline);
        } else {
            self.fenced_paragraph(inline);
        }
    }

    /// A paragraph outside lists, where `:::name` and `:::` lines open and close a callout
    /// (an admonition: `:::tips` … `:::`); CommonMark reads them as text.
    fn fenced_paragraph(&mut self, inline: Inline) {
        let text = inline.text.as_str();
        let first_end = text.find('\n').unwrap_or(text.len());
        let first = text[..first_end].trim();
        let opens = first.len() > 3
            && first.starts_with(":::")
            && first[3..]
                .trim_start()
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '_' || c == ' ');
        let last_start = text.rfind('\n').map_or(0, |i| i + 1);
        let closes_at = (text[last_start..].trim() == ":::").then_some(last_start);
        if !opens && (closes_at.is_none() || self.fenced_callouts == 0) {
            self.push_block(Block::Paragraph(inline));
            return;
        }
        let start = if opens {
            self.callouts.push(Vec::new());
            self.fenced_callouts += 1;
            (first_end + 1).min(text.len())
        } else {
            0
        };
        let end = closes_at
            .filter(|&at| at >= start)
            .map_or(text.len(), |at| at.saturating_sub(1).max(start));
        if !text[start..end].trim().is_empty() {
            self.push_block(Block::Paragraph(inline.slice(start..end)));
        }
        if closes_at.is_some_and(|at| at >= start) && self.fenced_callouts > 0 {
            self.fenced_callouts -= 1;
            if let Some(blocks) = self.callouts.pop() {
                if !blocks.is_empty() {
                    self.push_block(Block::Callout(blocks));
                }
            }
        }
    }

    fn finish_list(&mut self) {
        // Items left open by a malformed stream are closed into the list.
        while let Some(item) = self.items.pop() {
            self.attach_item(item);
        }
        if let Some(list) = self.list.take() {
            if !list.items.is_empty() {
                self.push_block(Block::List(list));
            }
        }
    }

    /// Puts a closed item under the item that holds it, or in the top-level list.
    fn attach_item(&mut self, item: ListItem) {
        match self.items.last_mut() {
            Some(parent) => parent.children.push(item),
            None => {
                let list = self.list.get_or_insert(List {
                    ordered: false,
                    items: vec![],
                });
                list.items.push(item);
            }
        }
    }

    fn push_block(&mut self, block: Block) {
        if let Some(callout) = self.callouts.last_mut() {
            // A callout inside a callout is more of the outer one's text: callouts never nest,
            // however deep the block quotes go (`>` × 50,000 would overflow a recursive walk).
            match block {
                Block::Callout(inner) => callout.extend(inner),
                block => callout.push(block),
            }
            return;
        }
        let idx = self.sections.len() - 1;
        self.sections[idx].blocks.push(block);
    }

    /// An HTML block ends: a table becomes a table; `<aside>`, `<details>` and the like open
    /// or close a callout, their text its lines.
    fn end_html(&mut self) {
        let Some(raw) = self.html.take() else { return };
        if raw.has_table() {
            for t in raw.tables() {
                self.push_block(Block::Table(t));
            }
            return;
        }
        let change = raw.callout_depth_change();
        let lines: Vec<Block> = raw.text_lines().into_iter().map(Block::Paragraph).collect();
        if change > 0 {
            for _ in 0..change {
                self.callouts.push(Vec::new());
                self.html_callouts += 1;
            }
            for b in lines {
                self.push_block(b);
            }
            return;
        }
        // The text of an element closed in the same block (a Confluence info macro) is a
        // callout of its own, unless it sits in one.
        if !lines.is_empty() {
            if self.callouts.is_empty() {
                self.push_block(Block::Callout(lines));
            } else {
                for b in lines {
                    self.push_block(b);
                }
            }
        }
        for _ in 0..change.unsigned_abs() {
            if self.html_callouts == 0 {
                break;
            }
            self.html_callouts -= 1;
            if let Some(blocks) = self.callouts.pop() {
                if !blocks.is_empty() {
                    self.push_block(Block::Callout(blocks));
                }
            }
        }
    }

    /// Closes every open callout (a heading, or the end of the note).
    fn close_callouts(&mut self) {
        self.html_callouts = 0;
        self.fenced_callouts = 0;
        while let Some(blocks) = self.callouts.pop() {
            if !blocks.is_empty() {
                self.push_block(Block::Callout(blocks));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admonition_fences_are_callouts() {
        // One paragraph (Yuque's export), and fences around blocks of their own.
        let doc = Document::parse(
            ":::tips\n**说明**：每周五更新\n:::\n\n:::warning\n\n- a\n- b\n\n:::\n\ntext\n",
        );
        let blocks = &doc.sections[0].blocks;
        assert_eq!(blocks.len(), 3, "{blocks:#?}");
        match &blocks[0] {
            Block::Callout(inner) => match &inner[..] {
                [Block::Paragraph(p)] => assert_eq!(p.text, "说明：每周五更新"),
                other => panic!("{other:#?}"),
            },
            other => panic!("{other:#?}"),
        }
        assert!(
            matches!(&blocks[1], Block::Callout(inner) if matches!(&inner[..], [Block::List(l)] if l.items.len() == 2))
        );
        assert!(matches!(&blocks[2], Block::Paragraph(p) if p.text == "text"));
        // `:::` alone, or in the middle of a paragraph, is text.
        let doc = Document::parse("a ::: b\n\n:::\n");
        assert_eq!(doc.sections[0].blocks.len(), 2);
    }

    #[test]
    fn nested_quotes_are_one_callout() {
        let doc = Document::parse("# W\n> a\n> > b\n> > > c\n");
        let section = doc.sections.last().expect("a section");
        let [Block::Callout(blocks)] = &section.blocks[..] else {
            panic!("{:?}", section.blocks);
        };
        let texts: Vec<&str> = blocks
            .iter()
            .map(|b| match b {
                Block::Paragraph(p) => p.text.as_str(),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(texts, ["a", "b", "c"]);
    }

    fn heading_texts(doc: &Document) -> Vec<(u8, String)> {
        doc.sections
            .iter()
            .skip(1)
            .map(|s| (s.level, s.heading.as_ref().unwrap().text.clone()))
            .collect()
    }

    #[test]
    fn sections_follow_headings_with_parents() {
        let doc = Document::parse("# A\ntext\n## B\n- x\n### C\n## D\n");
        assert_eq!(
            heading_texts(&doc),
            [
                (1, "A".into()),
                (2, "B".into()),
                (3, "C".into()),
                (2, "D".into())
            ]
        );
        let parents: Vec<_> = doc.sections.iter().map(|s| s.parent).collect();
        assert_eq!(parents, [None, Some(0), Some(1), Some(2), Some(1)]);
    }

    #[test]
    fn nested_items_keep_their_tree_and_paragraphs() {
        let doc = Document::parse("- a\n    1. b\n    2. c\n- d\n\n    second para\n");
        let Block::List(list) = &doc.sections[0].blocks[0] else {
            panic!("expected a list")
        };
        assert_eq!(list.items.len(), 2);
        assert_eq!(list.items[0].content[0].text, "a");
        assert_eq!(list.items[0].children.len(), 2);
        assert_eq!(list.items[0].children[1].content[0].text, "c");
        let d: Vec<_> = list.items[1]
            .content
            .iter()
            .map(|i| i.text.as_str())
            .collect();
        assert_eq!(d, ["d", "second para"]);
    }

    #[test]
    fn inline_text_maps_back_to_source_bytes() {
        let src = "- 成功率：**99.99%** 好\n";
        let doc = Document::parse(src);
        let Block::List(list) = &doc.sections[0].blocks[0] else {
            panic!("expected a list")
        };
        let inline = &list.items[0].content[0];
        assert_eq!(inline.text, "成功率：99.99% 好");
        let at = inline.text.find("99.99").unwrap();
        let span = inline.source_span(at..at + 6);
        assert_eq!(&src[span.start..span.end], "99.99%");
    }

    #[test]
    fn links_and_tables_are_collected() {
        let doc = Document::parse("[d](a%20b.md)\n\n| 指标 | 值 |\n|---|---|\n| 成功率 | 99% |\n");
        let Block::Paragraph(p) = &doc.sections[0].blocks[0] else {
            panic!("expected a paragraph")
        };
        assert_eq!(p.links[0].dest, "a%20b.md");
        assert_eq!(p.links[0].text, "d");
        let Block::Table(t) = &doc.sections[0].blocks[1] else {
            panic!("expected a table")
        };
        assert_eq!(t.header[0].text, "指标");
        assert_eq!(t.rows[0][1].text, "99%");
    }

    #[test]
    fn front_matter_is_kept_raw() {
        let doc = Document::parse("---\ntitle: x\n---\n# T\n");
        assert_eq!(doc.front_matter.unwrap().text.trim(), "title: x");
        assert_eq!(doc.sections.len(), 2);
    }

    #[test]
    fn list_nesting_past_the_limit_is_merged_not_recursed() {
        let mut src = String::new();
        for depth in 0..(MAX_LIST_DEPTH + 50) {
            src.push_str(&"  ".repeat(depth));
            src.push_str("- x\n");
        }
        let doc = Document::parse(&src);
        assert!(doc.depth_overflow.is_some());
        let Block::List(list) = &doc.sections[0].blocks[0] else {
            panic!("expected a list")
        };
        let mut depth = 1;
        let mut item = &list.items[0];
        while let Some(child) = item.children.first() {
            item = child;
            depth += 1;
        }
        assert_eq!(depth, MAX_LIST_DEPTH);
    }
}
