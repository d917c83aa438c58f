//! Links to daily notes: in a `日报合集` / `Daily notes` section, or on a line labelled like
//! one (`Days: [[2024-06-10|Mon]] · [[2024-06-11|Tue]]`, `Dailies: [Mon](Daily%2006-10.md)`),
//! Markdown links and `[[wikilinks]]` alike, each with the daily's date.

use percent_encoding::percent_decode_str;

use crate::config::{Meaning, SectionRole};
use crate::model::DailyLink;
use crate::parse::{Block, Inline, ListItem};

use super::lexer::Kind;
use super::text::Norm;
use super::Ctx;

/// The daily links in `blocks`, in order.
pub(super) fn daily_links(ctx: &mut Ctx<'_>, blocks: &[Block], out: &mut Vec<DailyLink>) {
    let mut inlines: Vec<&Inline> = Vec::new();
    let mut stack: Vec<&Block> = blocks.iter().rev().collect();
    while let Some(block) = stack.pop() {
        match block {
            Block::Paragraph(p) => inlines.push(p),
            Block::List(list) => {
                let mut items: Vec<&ListItem> = list.items.iter().rev().collect();
                while let Some(item) = items.pop() {
                    inlines.extend(&item.content);
                    items.extend(item.children.iter().rev());
                }
            }
            Block::Table(t) => inlines.extend(t.rows.iter().flatten()),
            Block::Callout(inner) => stack.extend(inner.iter().rev()),
        }
    }
    for inline in inlines {
        links_in(ctx, inline, out);
    }
}

/// Whether a paragraph opens with a daily-links label (`Days:`, `Dailies:`, `日报：`) and
/// holds links.
pub(super) fn is_links_line(ctx: &Ctx<'_>, p: &Inline) -> bool {
    if p.links.is_empty() {
        return false;
    }
    let text = Norm::text_of(&p.text);
    let Some(colon) = text.find(':') else {
        return false;
    };
    let label = text[..colon].trim();
    !label.is_empty()
        && ctx.lexicon.words(label).iter().any(|h| {
            h.meaning == Meaning::Section(SectionRole::DailyLinks)
                && h.range.0 == 0
                && h.range.1 == label.len()
        })
}

/// The links of one inline as daily links.
/// Under the title (`prev: [[2024-06-12 standup]]`, `> 昨日：[[2024-06-12 日报]]`), the links to
/// daily notes: a page that names a daily note's kind and carries a date, or is only a date.
pub(super) fn dated_daily_links_in(ctx: &mut Ctx<'_>, inline: &Inline, out: &mut Vec<DailyLink>) {
    let mut found = Vec::new();
    links_in(ctx, inline, &mut found);
    for link in found {
        let file = link.target.rsplit('/').next().unwrap_or(&link.target);
        let page = file.split('#').next().unwrap_or(file);
        let page = page.strip_suffix(".md").unwrap_or(page);
        let daily =
            super::header::note_kind_in(ctx.lexicon, page) == Some(crate::model::NoteKind::Daily);
        let only_a_date = {
            let norm = Norm::text_of(page);
            let lexed = super::lexer::lex(ctx.lexicon, &norm);
            matches!(lexed.tokens.as_slice(), [t] if matches!(t.kind, Kind::Date(d) if d.year.is_some())
                && norm[..t.range.start].trim().is_empty() && norm[t.range.end..].trim().is_empty())
        };
        if link.date.is_some() && (daily || only_a_date) {
            out.push(link);
        }
    }
}

pub(super) fn links_in(ctx: &mut Ctx<'_>, inline: &Inline, out: &mut Vec<DailyLink>) {
    for link in &inline.links {
        let target = percent_decode_str(&link.dest)
            .decode_utf8_lossy()
            .into_owned();
        let file = target.rsplit('/').next().unwrap_or(&target);
        let page = file.split('#').next().unwrap_or(file);
        let date = date_of(ctx, &link.text)
            .or_else(|| date_of(ctx, page))
            .or_else(|| month_day_of(ctx, page));
        out.push(DailyLink {
            text: link.text.clone(),
            target,
            date,
            line: ctx.line(link.span.start),
            span: link.span,
        });
    }
}

/// The first date written in `text`.
fn date_of(ctx: &Ctx<'_>, text: &str) -> Option<chrono::NaiveDate> {
    let norm = Norm::text_of(text);
    super::lexer::lex(ctx.lexicon, &norm)
        .tokens
        .iter()
        .find_map(|t| match &t.kind {
            Kind::Date(d) => d.resolve(ctx.year_anchor()).ok(),
            Kind::Time(Some(super::lexer::Day::Date(d)), _) => d.resolve(ctx.year_anchor()).ok(),
            Kind::Number(q) => q.dot_date.and_then(|d| d.resolve(ctx.year_anchor()).ok()),
            _ => None,
        })
}

/// `Daily 06-10 abc123.md`: a month and day joined by a dash in a daily note's file name (a
/// form too easily a range elsewhere to be a date there).
fn month_day_of(ctx: &Ctx<'_>, page: &str) -> Option<chrono::NaiveDate> {
    let b = page.as_bytes();
    (0..b.len()).find_map(|i| {
        let digits = |from: usize| {
            b[from.min(b.len())..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count()
        };
        let starts = i == 0 || !b[i - 1].is_ascii_alphanumeric();
        let m = digits(i);
        if !starts || !(1..=2).contains(&m) || b.get(i + m) != Some(&b'-') {
            return None;
        }
        let d = digits(i + m + 1);
        if !(1..=2).contains(&d)
            || b.get(i + m + 1 + d)
                .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'-')
        {
            return None;
        }
        let month: u32 = page[i..i + m].parse().ok()?;
        let day: u32 = page[i + m + 1..i + m + 1 + d].parse().ok()?;
        super::dates::DateToken {
            start: 0,
            end: 0,
            year: None,
            month,
            day,
        }
        .resolve(ctx.year_anchor())
        .ok()
    })
}
