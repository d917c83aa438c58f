//! The HTML that Feishu, Confluence and Notion exports leave in Markdown: tables (with
//! `rowspan`, `colspan` and `<br>` in cells) and the text of callouts and toggles
//! (`<aside>`, `<details>`, `<div class="…macro…">`).
//!
//! Not an HTML parser: tags are recognised by name and everything else between them is text.
//! That is all an export's markup needs, and it keeps every character's source offset, so a
//! value read from a cell points at its bytes in the note.

use crate::model::Span;

use super::{Inline, Table};

/// Raw HTML as pulldown-cmark hands it over, piece by piece, each with where it stands.
#[derive(Debug, Clone, Default)]
pub struct Raw {
    pieces: Vec<(String, usize)>,
}

impl Raw {
    /// Adds a piece of HTML that starts at byte `at` of the note.
    pub fn push(&mut self, text: &str, at: usize) {
        self.pieces.push((text.to_string(), at));
    }

    /// The whole HTML, and for each of its bytes the note's offset.
    fn joined(&self) -> (String, Vec<usize>) {
        let mut text = String::new();
        let mut origin = Vec::new();
        for (t, at) in &self.pieces {
            text.push_str(t);
            origin.extend((0..t.len()).map(|i| at + i));
        }
        (text, origin)
    }

    /// Changes in callout depth this HTML makes: `<aside>`, `<details>` and `<div>` open one,
    /// their end tags close one.
    pub fn callout_depth_change(&self) -> i32 {
        let (text, _) = self.joined();
        let mut change = 0;
        for tag in tags(&text) {
            if CALLOUT_TAGS.contains(&tag.name.as_str()) && !tag.self_closing {
                change += if tag.closing { -1 } else { 1 };
            }
        }
        change
    }

    /// Whether the HTML holds a table.
    pub fn has_table(&self) -> bool {
        self.pieces
            .iter()
            .any(|(t, _)| t.to_ascii_lowercase().contains("<table"))
    }

    /// The tables in the HTML.
    pub fn tables(&self) -> Vec<Table> {
        let (text, origin) = self.joined();
        read_tables(&text, &origin)
    }

    /// The text outside tags, one inline per line of text (tags like `<p>`, `<br>`, `<div>`
    /// break lines), for callouts whose text is raw HTML.
    pub fn text_lines(&self) -> Vec<Inline> {
        let (text, origin) = self.joined();
        let mut out = Vec::new();
        let mut current = Inline::default();
        let mut at = 0;
        let flush = |current: &mut Inline, out: &mut Vec<Inline>| {
            let done = std::mem::take(current);
            if !done.text.trim().is_empty() {
                out.push(done);
            }
        };
        for tag in tags(&text) {
            push_text(&mut current, &text[at..tag.start], at, &origin);
            at = tag.end;
            if BREAKING_TAGS.contains(&tag.name.as_str()) {
                flush(&mut current, &mut out);
            }
        }
        // Text lines of a raw block break at newlines too.
        push_text(&mut current, &text[at..], at, &origin);
        flush(&mut current, &mut out);
        out.into_iter().flat_map(split_lines).collect()
    }
}

const CALLOUT_TAGS: [&str; 4] = ["aside", "details", "div", "blockquote"];
const BREAKING_TAGS: [&str; 14] = [
    "p", "br", "div", "li", "tr", "table", "aside", "details", "summary", "h1", "h2", "h3", "ul",
    "ol",
];

/// One tag as written: `<td rowspan="2">`, `</tr>`, `<br/>`.
#[derive(Debug, Clone)]
struct Tag {
    start: usize,
    end: usize,
    name: String,
    closing: bool,
    self_closing: bool,
    attrs: String,
}

impl Tag {
    fn span(&self, attr: &str) -> usize {
        let lower = self.attrs.to_ascii_lowercase();
        let Some(at) = lower.find(&format!("{attr}=")) else {
            return 1;
        };
        let value: String = lower[at + attr.len() + 1..]
            .trim_start_matches(['"', '\''])
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        value.parse::<usize>().unwrap_or(1).clamp(1, 64)
    }
}

/// The tags of `text`, in order (comments and `<!…>` are skipped as tags with no name).
fn tags(text: &str) -> Vec<Tag> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(open) = text[i..].find('<').map(|k| i + k) {
        let Some(close) = text[open..].find('>').map(|k| open + k) else {
            break;
        };
        let inner = &text[open + 1..close];
        let closing = inner.starts_with('/');
        let body = inner.trim_start_matches('/');
        let name: String = body
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        // `a < b` in text is no tag.
        let is_tag = !name.is_empty() || inner.starts_with('!');
        if is_tag && b.get(open + 1).is_some_and(|c| !c.is_ascii_whitespace()) {
            out.push(Tag {
                start: open,
                end: close + 1,
                attrs: body[name.len()..].to_string(),
                self_closing: inner.ends_with('/')
                    || matches!(name.as_str(), "br" | "col" | "img" | "hr"),
                name,
                closing,
            });
            i = close + 1;
        } else {
            i = open + 1;
        }
    }
    out
}

/// Appends the text of `raw` (at `at` of the joined HTML) to `inline`, entities decoded.
fn push_text(inline: &mut Inline, raw: &str, at: usize, origin: &[usize]) {
    let mut i = 0;
    while i < raw.len() {
        let rest = &raw[i..];
        let src = origin.get(at + i).copied().unwrap_or(0);
        if let Some((decoded, len)) = entity(rest) {
            inline.push_text(decoded, src..src + len);
            i += len;
            continue;
        }
        let c = rest.chars().next().unwrap_or(' ');
        let n = c.len_utf8();
        if c == '\n' || c == '\r' {
            inline.push_break(src..src + n);
        } else {
            // Consecutive verbatim characters map one to one.
            let run = rest
                .char_indices()
                .take_while(|(_, c)| !matches!(c, '&' | '\n' | '\r'))
                .last()
                .map_or(n, |(k, c)| k + c.len_utf8());
            inline.push_text(&rest[..run], src..src + run);
            i += run;
            continue;
        }
        i += n;
    }
}

/// The entity at the start of `text`: its character and length.
fn entity(text: &str) -> Option<(&'static str, usize)> {
    const ENTITIES: [(&str, &str); 8] = [
        ("&nbsp;", " "),
        ("&amp;", "&"),
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&quot;", "\""),
        ("&#39;", "'"),
        ("&apos;", "'"),
        ("&#160;", " "),
    ];
    ENTITIES
        .iter()
        .find(|(e, _)| text.starts_with(e))
        .map(|(e, c)| (*c, e.len()))
}

/// An inline split at its line breaks, each line its own inline.
fn split_lines(inline: Inline) -> Vec<Inline> {
    if !inline.text.contains('\n') {
        return vec![inline];
    }
    let mut out = Vec::new();
    let mut start = 0;
    for line in inline.text.split('\n') {
        let end = start + line.len();
        if !line.trim().is_empty() {
            out.push(inline.slice(start..end));
        }
        start = end + 1;
    }
    out
}

/// Every table of the HTML, rows and columns laid out as rendered: a cell spanning rows or
/// columns appears in each of them; a row that is one cell across the whole table (a group
/// heading) is left out.
fn read_tables(text: &str, origin: &[usize]) -> Vec<Table> {
    let mut out = Vec::new();
    let mut rows: Vec<Vec<(Inline, usize, usize)>> = Vec::new();
    let mut row: Option<Vec<(Inline, usize, usize)>> = None;
    let mut cell: Option<(Inline, usize, usize, bool)> = None;
    let mut header_rows = 0;
    let mut table_start = None;
    let mut at = 0;
    for tag in tags(text) {
        if let Some((inline, ..)) = cell.as_mut() {
            push_text(inline, &text[at..tag.start], at, origin);
        }
        at = tag.end;
        match (tag.name.as_str(), tag.closing) {
            ("table", false) => {
                rows.clear();
                header_rows = 0;
                table_start = origin.get(tag.start).copied();
            }
            ("tr", false) => row = Some(Vec::new()),
            ("td" | "th", false) => {
                let mut inline = Inline::default();
                let src = origin.get(tag.end).copied().unwrap_or(0);
                inline.span = Span::new(src, src);
                cell = Some((
                    inline,
                    tag.span("rowspan"),
                    tag.span("colspan"),
                    tag.name == "th",
                ));
            }
            ("br" | "p" | "div", _) => {
                if let Some((inline, ..)) = cell.as_mut() {
                    if !inline.text.is_empty() && !inline.text.ends_with('\n') {
                        let src = origin.get(tag.start).copied().unwrap_or(0);
                        inline.push_break(src..src);
                    }
                }
            }
            ("td" | "th", true) => {
                if let (Some((inline, rs, cs, th)), Some(r)) = (cell.take(), row.as_mut()) {
                    let inline = trim_breaks(inline);
                    if th && rows.is_empty() {
                        header_rows = 1;
                    }
                    r.push((inline, rs, cs));
                }
            }
            ("tr", true) => {
                if let Some(r) = row.take() {
                    rows.push(r);
                }
            }
            ("table", true) => {
                let end = origin.get(tag.end.saturating_sub(1)).map_or(0, |e| e + 1);
                if let Some(t) =
                    lay_out(&rows, header_rows, Span::new(table_start.unwrap_or(0), end))
                {
                    out.push(t);
                }
                rows.clear();
            }
            _ => {}
        }
    }
    out
}

fn trim_breaks(mut inline: Inline) -> Inline {
    while inline.text.ends_with('\n') {
        inline.text.pop();
    }
    inline
}

/// Rows of written cells (each with its row and column span) as a grid.
fn lay_out(rows: &[Vec<(Inline, usize, usize)>], header_rows: usize, span: Span) -> Option<Table> {
    let width = rows
        .iter()
        .map(|r| r.iter().map(|(_, _, cs)| cs).sum::<usize>())
        .max()?;
    let mut grid: Vec<Vec<Option<Inline>>> = Vec::new();
    let mut group_rows = Vec::new();
    for (r, written) in rows.iter().enumerate() {
        while grid.len() <= r {
            grid.push(vec![None; width]);
        }
        // One cell across the whole table: a group heading, not a row of data.
        if written.len() == 1 && written[0].2 >= width && width > 1 {
            group_rows.push(r);
            continue;
        }
        let mut col = 0;
        for (inline, rs, cs) in written {
            while col < width && grid[r][col].is_some() {
                col += 1;
            }
            for dr in 0..*rs {
                while grid.len() <= r + dr {
                    grid.push(vec![None; width]);
                }
                for dc in 0..*cs {
                    if let Some(slot) = grid[r + dr].get_mut(col + dc) {
                        if slot.is_none() {
                            *slot = Some(inline.clone());
                        }
                    }
                }
            }
            col += cs;
        }
    }
    let mut lines = grid
        .into_iter()
        .enumerate()
        .filter(|(r, _)| !group_rows.contains(r) && *r < rows.len())
        .map(|(_, row)| {
            row.into_iter()
                .map(Option::unwrap_or_default)
                .collect::<Vec<Inline>>()
        });
    let header = if header_rows > 0 || rows.len() > 1 {
        lines.next()?
    } else {
        return None;
    };
    Some(Table {
        header,
        rows: lines.collect(),
        span,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(html: &str) -> Raw {
        let mut r = Raw::default();
        for (i, line) in html.split_inclusive('\n').enumerate() {
            let at: usize = html.split_inclusive('\n').take(i).map(str::len).sum();
            r.push(line, at);
        }
        r
    }

    #[test]
    fn rowspan_and_colspan_fill_the_grid() {
        let html = "<table><tr><th>方向</th><th>项目</th><th>负责人</th></tr>\n<tr><td rowspan=\"2\">容器</td><td>K8s 升级</td><td rowspan=\"2\">黄磊</td></tr>\n<tr><td>镜像统一</td></tr>\n<tr><td colspan=\"3\"><strong>存储</strong></td></tr>\n<tr><td>存储</td><td colspan=\"2\">已完成<br/>7.3 切换</td></tr></table>";
        let t = &raw(html).tables()[0];
        let text = |r: usize, c: usize| t.rows[r][c].text.clone();
        assert_eq!(
            t.header.iter().map(|h| h.text.as_str()).collect::<Vec<_>>(),
            ["方向", "项目", "负责人"]
        );
        assert_eq!(t.rows.len(), 3, "the group row is left out");
        assert_eq!(
            (text(1, 0), text(1, 1), text(1, 2)),
            ("容器".into(), "镜像统一".into(), "黄磊".into())
        );
        assert_eq!(text(2, 1), "已完成\n7.3 切换");
        assert_eq!(text(2, 2), "已完成\n7.3 切换");
        // Cell text points at its bytes.
        let cell = &t.rows[0][1];
        assert_eq!(&html[cell.span.start..cell.span.end], "K8s 升级");
    }

    #[test]
    fn entities_and_tags_are_text_no_more() {
        let lines = raw("<aside>\n💡 A &amp; B&nbsp;ok\n</aside>").text_lines();
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].text, "💡 A & B ok");
    }
}
