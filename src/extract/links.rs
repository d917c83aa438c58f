//! Links to daily notes (日报合集): text, URL-decoded target and the daily's date.

use percent_encoding::percent_decode_str;

use crate::model::DailyLink;
use crate::parse::{Block, Inline, ListItem};

use super::dates::find_dates;
use super::text::Norm;
use super::Ctx;

/// The daily links in `blocks`, in order.
pub(super) fn daily_links(ctx: &mut Ctx<'_>, blocks: &[Block], out: &mut Vec<DailyLink>) {
    let mut inlines: Vec<&Inline> = Vec::new();
    for block in blocks {
        match block {
            Block::Paragraph(p) => inlines.push(p),
            Block::List(list) => {
                let mut stack: Vec<&ListItem> = list.items.iter().rev().collect();
                while let Some(item) = stack.pop() {
                    inlines.extend(&item.content);
                    stack.extend(item.children.iter().rev());
                }
            }
            Block::Table(t) => inlines.extend(t.rows.iter().flatten()),
        }
    }
    for inline in inlines {
        for link in &inline.links {
            let target = percent_decode_str(&link.dest)
                .decode_utf8_lossy()
                .into_owned();
            let date = date_of(ctx, &link.text).or_else(|| {
                let file = target.rsplit('/').next().unwrap_or(&target);
                date_of(ctx, file)
            });
            out.push(DailyLink {
                text: link.text.clone(),
                target,
                date,
                line: ctx.line(link.span.start),
                span: link.span,
            });
        }
    }
}

fn date_of(ctx: &Ctx<'_>, text: &str) -> Option<chrono::NaiveDate> {
    let norm = Norm::new(text);
    find_dates(&norm.text)
        .into_iter()
        .find_map(|d| d.resolve(ctx.anchor).ok())
}
