//! Numbered lines written as plain text: `1、退款回调重复通知问题修复` then `2、渠道路由灰度…` on
//! the next lines of one paragraph, as DingTalk, WeCom and plain-text exports write a list.
//! Markdown reads them as one paragraph; they are a numbered list, each line an item without
//! its number. A line after a numbered one that has no number of its own (`（缺陷单：…）` after
//! a `<br>`) belongs to that item.

use super::{Block, Inline, List, ListItem, Section};

/// The sections with every paragraph of numbered lines turned into a numbered list.
pub(super) fn lists(mut sections: Vec<Section>) -> Vec<Section> {
    for section in &mut sections {
        for block in &mut section.blocks {
            if let Block::Paragraph(p) = block {
                if let Some(list) = numbered_list(p) {
                    *block = Block::List(list);
                }
            }
        }
    }
    sections
}

/// The list a paragraph writes, when its first line and at least one more are numbered
/// `1、`, `2、`, … (or `1．`, `1）`, `1.` right before a word) in order from its first number.
fn numbered_list(p: &Inline) -> Option<List> {
    let mut items: Vec<ListItem> = Vec::new();
    let mut next_number = None;
    let mut start = 0;
    for line in p.text.split('\n') {
        let range = start..start + line.len();
        start = range.end + 1;
        if line.trim().is_empty() {
            continue;
        }
        match marker(line) {
            Some((number, len)) if next_number.is_none_or(|n| n == number) => {
                next_number = Some(number + 1);
                let text_start = range.start + len;
                let item = p.slice(text_start..range.end);
                items.push(ListItem {
                    span: p.source_span(range),
                    content: vec![item],
                    children: vec![],
                    checked: None,
                });
            }
            Some(_) => return None,
            None => {
                let item = items.last_mut()?;
                item.content.push(p.slice(range.clone()));
                item.span.end = p.source_span(range).end;
            }
        }
    }
    (items.len() >= 2).then_some(List {
        ordered: true,
        items,
    })
}

/// The number a line opens with and the length of its marker with the spaces after it:
/// one or two digits, then `、`, `．`, `）`, or `.` followed by neither a digit nor a space
/// (`1.5%` is a figure; `1. ` was a Markdown list already).
fn marker(line: &str) -> Option<(u32, usize)> {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=2).contains(&digits) {
        return None;
    }
    let rest = &line[digits..];
    let mark = rest.chars().next()?;
    let after = &rest[mark.len_utf8()..];
    let numbered = match mark {
        '\u{3001}' | '\u{ff0e}' | '\u{ff09}' => true,
        '.' => after.starts_with(|c: char| !c.is_ascii_digit() && !c.is_whitespace()),
        _ => false,
    };
    if !numbered || after.trim().is_empty() {
        return None;
    }
    let len = line.len() - after.trim_start().len();
    Some((line[..digits].parse().ok()?, len))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::Document;

    fn blocks(text: &str) -> Vec<Block> {
        Document::parse(text)
            .sections
            .into_iter()
            .flat_map(|s| s.blocks)
            .collect()
    }

    #[test]
    fn numbered_lines_of_one_paragraph_are_a_list_of_their_texts() {
        let text = "**本周完成工作**\n\n1、退款回调修复，6/12已上线\n2、渠道路由灰度\n";
        let got = blocks(text);
        let [Block::List(list)] = got.as_slice() else {
            panic!("{got:?}")
        };
        assert!(list.ordered);
        let names: Vec<&str> = list
            .items
            .iter()
            .map(|i| i.content[0].text.as_str())
            .collect();
        assert_eq!(names, ["退款回调修复，6/12已上线", "渠道路由灰度"]);
        let first = &list.items[0];
        assert_eq!(
            &text[first.content[0].span.start..first.content[0].span.end],
            "退款回调修复，6/12已上线"
        );
    }

    #[test]
    fn a_line_without_a_number_belongs_to_the_item_before_it() {
        let text = "1、对账平台：提测中<br>（缺陷单：BUG-3302）\n2、连接池调优\n";
        let got = blocks(text);
        let [Block::List(list)] = got.as_slice() else {
            panic!("{got:?}")
        };
        assert_eq!(list.items.len(), 2);
    }

    #[test]
    fn figures_prose_and_numbers_out_of_order_stay_a_paragraph() {
        for text in [
            "1.5% of requests failed\n2.5% were retried\n",
            "1、只有一行\n",
            "本周做了两件事，见下面的列表\n1、a\n2、b\n",
            "1、a\n3、b\n",
            "2023、2024 两年\n2025、2026\n",
        ] {
            assert!(
                matches!(blocks(text).as_slice(), [Block::Paragraph(_)]),
                "{text:?} → {:?}",
                blocks(text)
            );
        }
    }
}
