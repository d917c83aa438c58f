//! Section tree + vocabulary → typed [`Note`]: one file per kind of fact.
//!
//! Each section gets a role from its heading ([`Role`]): a known section (metrics, next week,
//! …), an objective (`O2系统升级`), a sub-project of the objective in force (`A. 支付账户2.0升级`,
//! whatever its heading level: the sample's `## B.` sits between two `### ` siblings), the
//! title, or a loose section whose items belong to no objective. Blocks are then handed to the
//! extractor of their role: [`metrics`], [`incidents`], [`events`], [`items`], [`links`].

mod dates;
mod events;
mod header;
mod incidents;
mod items;
pub mod lexer;
mod lines;
mod links;
mod metrics;
pub(crate) mod scan;
mod text;

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex_lite::Regex;

pub use dates::{find_dates, DateToken};
pub use header::{find_week, WrittenWeek};
pub use text::{fold_char, Norm};

use crate::config::{Config, SectionRole, Vocabulary};
use crate::model::{Diagnostic, Item, Note, NoteKind, Objective, Severity, Span, TextBlock};
use crate::parse::{Block, Document, Inline, LineIndex, ListItem};
use crate::source::{Decoded, Encoding};

use lines::TextLine;
use metrics::Scope;

/// A heading's leading number, as [`numbering_len`] reads it.
#[cfg(test)]
const NUMBERING: &str = r"^\s*(?:[0-9]+(?:\.[0-9]+)*[.、)]?|[一二三四五六七八九十]+[、.]|\([0-9一二三四五六七八九十]+\))\s*";
static OBJECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i)O\s*(?P<n>[0-9]{1,2})(?P<rest>(?:[^0-9].*)?)$")
        .expect("objective pattern is valid")
});
static LETTERED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<l>[A-Z])\s*[.、)]\s*(?P<rest>\S.*)$").expect("lettered pattern is valid")
});

/// Shared state of one note's extraction: its text, vocabulary, date and diagnostics.
pub(crate) struct Ctx<'a> {
    text: &'a str,
    lines: LineIndex,
    vocab: &'a Vocabulary,
    /// The note's date, for inferring the year of dates written without one.
    anchor: Option<NaiveDate>,
    diagnostics: Vec<Diagnostic>,
}

impl Ctx<'_> {
    fn line(&self, offset: usize) -> u32 {
        self.lines.line(offset)
    }

    fn report(&mut self, code: &str, severity: Severity, span: Span, message: String) {
        let (line, column) = self.lines.line_col(self.text, span.start);
        self.diagnostics.push(Diagnostic {
            code: code.to_string(),
            severity,
            message,
            line,
            column,
            span,
        });
    }

    /// Resolves a written date (year inferred from the note), reporting an impossible one.
    fn resolve_date(&mut self, token: &DateToken, span: Span) -> Option<NaiveDate> {
        match token.resolve(self.anchor) {
            Ok(d) => Some(d),
            Err(invalid) => {
                self.report(
                    "invalid-date",
                    Severity::Warning,
                    span,
                    format!("`{}` is not a date: {}", invalid.written, invalid.reason),
                );
                None
            }
        }
    }
}

/// A section's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// The title heading or the preamble (properties live here).
    Title,
    /// A section the vocabulary names.
    Known(SectionRole),
    /// An objective, by index in `Note::objectives`.
    Objective(usize),
    /// A sub-project of an objective: its items go under the objective's last item.
    SubProject(usize),
    /// Progress with no objective.
    Loose,
}

impl Role {
    /// The role as the model names it.
    fn model(self) -> SectionRole {
        match self {
            Role::Title => SectionRole::Title,
            Role::Objective(_) => SectionRole::Objective,
            Role::SubProject(_) => SectionRole::Subproject,
            Role::Loose => SectionRole::Other,
            Role::Known(r) => r,
        }
    }
}

/// Heading text as roles are matched: normalised, without brackets, numbering or a final colon.
fn heading_key(text: &str) -> String {
    let stripped: String = text
        .chars()
        .map(text::fold_char)
        .filter(|c| {
            !matches!(
                c,
                '【' | '】' | '[' | ']' | '《' | '》' | '「' | '」' | '*' | '#'
            )
        })
        .collect();
    let stripped = &stripped[numbering_len(&stripped)..];
    text::collapse_spaces(text::trim_clause(stripped))
}

/// The length of a leading number (`1.`, `2.3`, `4)`, `一、`, `(五)`) with the white space
/// around it, or 0: `NUMBERING` written by hand (the regular expression was 3 % of a build's
/// instructions) and compared with it by a test.
fn numbering_len(text: &str) -> usize {
    const NUMERALS: &str = "一二三四五六七八九十";
    let start = scan::Scan { text, at: 0 }.ascii_spaces();
    let end = if let Some(mut s) = start.digit_run(1, usize::MAX) {
        // `1`, `2.3.4`, then an optional `.`, `、` or `)`.
        while let Some(more) = s
            .one_of(&['.'])
            .and_then(|(_, d)| d.digit_run(1, usize::MAX))
        {
            s = more;
        }
        Some(s.one_of(&['.', '、', ')']).map_or(s, |(_, s)| s))
    } else if start.rest().starts_with(|c: char| NUMERALS.contains(c)) {
        // `一、`, `十二.`
        let s = start.skip_while(|c| NUMERALS.contains(c));
        s.one_of(&['、', '.']).map(|(_, s)| s)
    } else {
        // `(3)`, `(五)`
        start
            .one_of(&['('])
            .and_then(|(_, inner)| {
                let s = inner.skip_while(|c| c.is_ascii_digit() || NUMERALS.contains(c));
                (s.at > inner.at).then(|| s.one_of(&[')'])).flatten()
            })
            .map(|(_, s)| s)
    };
    end.map_or(0, |s| s.ascii_spaces().at)
}

/// The role a heading or label names, if any: it equals a section word, or starts with one
/// followed by a separator (or, when `loose`, by at most two more characters: `上周进展回顾`).
fn known_role(vocab: &Vocabulary, key: &str, loose: bool) -> Option<SectionRole> {
    let m = vocab.sections().find_at_start(key)?;
    let rest = key[m.range.end..].trim_start();
    let separated = rest.is_empty()
        || key[m.range.end..].starts_with(' ')
        || rest.starts_with(['(', '-', ':', ',', '\'', '’', '/', '|'])
        || (loose && rest.chars().count() <= 2);
    separated.then_some(*m.meaning)
}

/// Extracts every fact of a parsed note.
pub fn extract(path: &str, decoded: &Decoded, doc: &Document, config: &Config) -> Note {
    let mut ctx = Ctx {
        text: &decoded.text,
        lines: LineIndex::new(&decoded.text),
        vocab: &config.vocabulary,
        anchor: None,
        diagnostics: Vec::new(),
    };
    if decoded.encoding == Encoding::Gb18030 {
        ctx.report(
            "gb18030-decoded",
            Severity::Info,
            Span::new(0, 0),
            "the note is GB18030-encoded and was decoded; save it as UTF-8 to silence this".into(),
        );
    }
    if let Some(span) = doc.depth_overflow {
        ctx.report(
            "nesting-too-deep",
            Severity::Warning,
            span,
            format!(
                "lists nest deeper than {} levels; deeper items were merged into their parent",
                crate::parse::MAX_LIST_DEPTH
            ),
        );
    }

    let front_matter = doc
        .front_matter
        .as_ref()
        .and_then(|fm| header::front_matter(&mut ctx, fm));
    let title = doc
        .sections
        .iter()
        .find(|s| s.level == 1)
        .and_then(|s| s.heading.as_ref())
        .map(|h| h.text.trim().to_string());
    let title = title.or_else(|| {
        front_matter
            .as_ref()?
            .get("title")?
            .as_str()
            .map(str::to_string)
    });

    // Header facts first: every other date's year is inferred from the note's date.
    let mut facts = header::HeaderFacts::default();
    if let Some(h) = doc
        .sections
        .iter()
        .find(|s| s.level == 1)
        .and_then(|s| s.heading.as_ref())
    {
        header::read_title(&mut ctx, h, &mut facts);
    }
    let roles = classify(&ctx, doc);
    for (section, role) in doc.sections.iter().zip(&roles) {
        if role.0 == Role::Title {
            if let Some(h) = &section.heading {
                header::read_title(&mut ctx, h, &mut facts);
            }
            for block in &section.blocks {
                if let Block::Paragraph(p) = block {
                    header::read_properties(&mut ctx, p, &mut facts);
                }
            }
        }
    }
    let file_name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let (date, week) = header::settle(&mut ctx, &facts, front_matter.as_ref(), file_name);
    ctx.anchor = date.or(facts.created.map(|c| c.date()));

    let mut note = Note {
        path: path.to_string(),
        kind: NoteKind::Weekly,
        title,
        week,
        date,
        created: facts.created,
        front_matter,
        metrics: vec![],
        incidents: None,
        events: vec![],
        objectives: vec![],
        items: vec![],
        next_week: vec![],
        tomorrow: vec![],
        risks: vec![],
        others: vec![],
        reflections: vec![],
        daily_links: vec![],
        sections: vec![],
        diagnostics: vec![],
    };
    for (section, (role, objective)) in doc.sections.iter().zip(&roles) {
        if let Some(o) = objective {
            note.objectives.push(o.clone());
        }
        if let Some(h) = &section.heading {
            note.sections.push(crate::model::SectionInfo {
                heading: h.text.trim().to_string(),
                level: section.level,
                role: role.model(),
                line: ctx.line(h.span.start),
                span: h.span,
            });
        }
        if let (Role::SubProject(o), Some(heading)) = (role, &section.heading) {
            if let Some(item) = subproject_item(&mut ctx, heading) {
                if let Some(obj) = note.objectives.get_mut(*o) {
                    obj.items.push(item);
                }
            }
        }
        walk_section(&mut ctx, &mut note, *role, &section.blocks);
    }
    note.kind = kind(&note, &roles, file_name);
    note.diagnostics = ctx.diagnostics;
    note.diagnostics
        .sort_by_key(|d| (d.span.start, d.code.clone()));
    note
}

/// Decides each section's role; a new objective is returned beside the section opening it.
fn classify(ctx: &Ctx<'_>, doc: &Document) -> Vec<(Role, Option<Objective>)> {
    let mut roles: Vec<(Role, Option<Objective>)> = Vec::with_capacity(doc.sections.len());
    let mut objective: Option<(usize, u8)> = None;
    let mut objectives = 0;
    let mut seen_h1 = false;
    for section in &doc.sections {
        let Some(heading) = &section.heading else {
            roles.push((Role::Title, None));
            continue;
        };
        let key = heading_key(&heading.text);
        let lettered = LETTERED.is_match(&key);
        if let Some((_, level)) = objective {
            if section.level <= level && !lettered {
                objective = None;
            }
        }
        let inherited = section.parent.and_then(|p| roles.get(p)).map(|r| r.0);
        let mut new_objective = None;
        let role = if let Some(r) = known_role(ctx.vocab, &key, objective.is_none()) {
            Role::Known(r)
        } else if let Some(c) = OBJECTIVE.captures(&key) {
            let title = c["rest"]
                .trim_start_matches([' ', '.', ':', '、', '-', ','])
                .trim()
                .to_string();
            new_objective = Some(Objective {
                code: format!("O{}", c["n"].parse::<u32>().unwrap_or(0)),
                title,
                line: ctx.line(heading.span.start),
                items: vec![],
                span: heading.span,
            });
            objective = Some((objectives, section.level));
            objectives += 1;
            Role::Objective(objectives - 1)
        } else if let Some((o, _)) = objective {
            Role::SubProject(o)
        } else if section.level == 1
            && (!seen_h1
                || find_week(&key).is_some()
                || find_dates(&key).iter().any(|d| d.year.is_some()))
        {
            Role::Title
        } else {
            match inherited {
                Some(Role::Known(r)) => Role::Known(r),
                _ => Role::Loose,
            }
        };
        seen_h1 |= section.level == 1;
        roles.push((role, new_objective));
    }
    roles
}

/// The item a sub-project heading stands for (`A. 支付账户2.0升级` → `支付账户2.0升级`).
fn subproject_item(ctx: &mut Ctx<'_>, heading: &Inline) -> Option<Item> {
    let mut item = items::item_from_content(ctx, std::slice::from_ref(heading), None, vec![])?;
    let key = heading_key(&heading.text);
    let bare = LETTERED
        .captures(&key)
        .map_or(key.clone(), |c| c["rest"].to_string());
    item.name = items::name(ctx, &bare);
    Some(item)
}

/// Hands a section's blocks to the extractors its role calls for.
fn walk_section(ctx: &mut Ctx<'_>, note: &mut Note, role: Role, blocks: &[Block]) {
    match role {
        Role::Title => {}
        Role::Known(SectionRole::Metrics) => metrics_section(ctx, note, blocks),
        Role::Known(SectionRole::Events) => {
            for li in list_items_and_paragraphs(blocks) {
                if let Some(e) = events::event_from_item(ctx, &li) {
                    note.events.push(e);
                }
            }
        }
        Role::Known(SectionRole::Reflections) => note.reflections.extend(text_blocks(ctx, blocks)),
        Role::Known(SectionRole::DailyLinks) => {
            links::daily_links(ctx, blocks, &mut note.daily_links)
        }
        Role::Known(
            r @ (SectionRole::NextWeek
            | SectionRole::Tomorrow
            | SectionRole::Risks
            | SectionRole::Others),
        ) => {
            let items = plain_items(ctx, blocks);
            match r {
                SectionRole::NextWeek => note.next_week.extend(items),
                SectionRole::Tomorrow => note.tomorrow.extend(items),
                SectionRole::Risks => note.risks.extend(items),
                _ => note.others.extend(items),
            }
        }
        // The vocabulary names only the nine section roles; the others cannot occur here.
        Role::Known(
            SectionRole::Progress
            | SectionRole::Other
            | SectionRole::Title
            | SectionRole::Objective
            | SectionRole::Subproject,
        )
        | Role::Loose => {
            let mut items = Vec::new();
            work_blocks(ctx, note, blocks, &mut items);
            note.items.extend(items);
        }
        Role::Objective(o) | Role::SubProject(o) => {
            let mut items = Vec::new();
            work_blocks(ctx, note, blocks, &mut items);
            let Some(obj) = note.objectives.get_mut(o) else {
                return;
            };
            match (role, obj.items.last_mut()) {
                (Role::SubProject(_), Some(parent)) => parent.children.extend(items),
                _ => obj.items.extend(items),
            }
        }
    }
}

/// Paragraphs and list items (nested included) as list items, for sections where every
/// entry is an event.
fn list_items_and_paragraphs(blocks: &[Block]) -> Vec<ListItem> {
    let mut out = Vec::new();
    for block in blocks {
        match block {
            Block::Paragraph(p) => out.push(ListItem {
                content: vec![p.clone()],
                children: vec![],
                checked: None,
                span: p.span,
            }),
            Block::List(list) => out.extend(list.items.iter().cloned()),
            Block::Table(_) => {}
        }
    }
    out
}

fn is_label(text: &str) -> bool {
    let t = Norm::text_of(text);
    let t = t.trim();
    t.ends_with(':') && !t[..t.len() - 1].contains([':', ',', ';'])
}

fn is_events_label(ctx: &Ctx<'_>, text: &str) -> bool {
    let key = heading_key(text);
    key.chars().count() <= 24 && known_role(ctx.vocab, &key, true) == Some(SectionRole::Events)
}

/// Items of a plans/risks/others section: list items and paragraphs that are not labels.
fn plain_items(ctx: &mut Ctx<'_>, blocks: &[Block]) -> Vec<Item> {
    let mut out = Vec::new();
    for block in blocks {
        match block {
            Block::Paragraph(p) if !is_label(&p.text) => out.extend(items::item_from_content(
                ctx,
                std::slice::from_ref(p),
                None,
                vec![],
            )),
            Block::List(list) => out.extend(
                list.items
                    .iter()
                    .filter_map(|li| items::item_from_list_item(ctx, li)),
            ),
            _ => {}
        }
    }
    out
}

/// Progress blocks: items, with the metrics, incident counts and events found among them.
fn work_blocks(ctx: &mut Ctx<'_>, note: &mut Note, blocks: &[Block], out: &mut Vec<Item>) {
    let mut in_events = false;
    for block in blocks {
        match block {
            Block::Paragraph(p) => {
                if is_events_label(ctx, &p.text) {
                    in_events = true;
                    continue;
                }
                facts_in_lines(ctx, note, std::slice::from_ref(p), Scope::Elsewhere);
                let pseudo = ListItem {
                    content: vec![p.clone()],
                    children: vec![],
                    checked: None,
                    span: p.span,
                };
                if events::starts_with_datetime(&p.text)
                    && (in_events || events::has_event_labels(ctx, &p.text))
                {
                    note.events.extend(events::event_from_item(ctx, &pseudo));
                } else if !is_label(&p.text) {
                    out.extend(items::item_from_content(
                        ctx,
                        std::slice::from_ref(p),
                        None,
                        vec![],
                    ));
                }
            }
            Block::List(list) => {
                for li in &list.items {
                    let first = li.content.first().map_or("", |i| i.text.as_str());
                    if is_events_label(ctx, first) {
                        in_events = true;
                        for child in &li.children {
                            note.events.extend(events::event_from_item(ctx, child));
                        }
                        continue;
                    }
                    let all_text = || {
                        li.content
                            .iter()
                            .map(|i| i.text.as_str())
                            .collect::<Vec<_>>()
                            .join("\n")
                    };
                    if events::starts_with_datetime(first)
                        && (in_events || events::has_event_labels(ctx, &all_text()))
                    {
                        note.events.extend(events::event_from_item(ctx, li));
                        continue;
                    }
                    facts_in_item(ctx, note, li, Scope::Elsewhere);
                    out.extend(items::item_from_list_item(ctx, li));
                }
            }
            Block::Table(t) => {
                metrics::metrics_in_table(ctx, t, Scope::Elsewhere, &mut note.metrics)
            }
        }
    }
}

/// A metrics section: every line is read for metrics and incident counts; lists there are
/// figures, not projects (an event among them is still an event).
fn metrics_section(ctx: &mut Ctx<'_>, note: &mut Note, blocks: &[Block]) {
    for block in blocks {
        match block {
            Block::Paragraph(p) => {
                facts_in_lines(ctx, note, std::slice::from_ref(p), Scope::MetricsSection)
            }
            Block::List(list) => {
                for li in &list.items {
                    let first = li.content.first().map_or("", |i| i.text.as_str());
                    if events::starts_with_datetime(first) && events::has_event_labels(ctx, first) {
                        note.events.extend(events::event_from_item(ctx, li));
                    } else {
                        facts_in_item(ctx, note, li, Scope::MetricsSection);
                    }
                }
            }
            Block::Table(t) => {
                metrics::metrics_in_table(ctx, t, Scope::MetricsSection, &mut note.metrics)
            }
        }
    }
}

fn facts_in_item(ctx: &mut Ctx<'_>, note: &mut Note, li: &ListItem, scope: Scope) {
    let mut stack = vec![li];
    while let Some(item) = stack.pop() {
        facts_in_lines(ctx, note, &item.content, scope);
        stack.extend(item.children.iter().rev());
    }
}

fn facts_in_lines(ctx: &mut Ctx<'_>, note: &mut Note, inlines: &[Inline], scope: Scope) {
    for inline in inlines {
        for line in TextLine::split(inline) {
            if !incidents::incidents_in_line(ctx, &line, &mut note.incidents) {
                metrics::metrics_in_line(ctx, &line, scope, &mut note.metrics);
            }
        }
    }
}

/// Reflections: one entry per paragraph and per list item (nested ones included).
fn text_blocks(ctx: &Ctx<'_>, blocks: &[Block]) -> Vec<TextBlock> {
    let mut out = Vec::new();
    let mut push = |inline: &Inline| {
        out.push(TextBlock {
            text: inline.text.clone(),
            line: ctx.line(inline.span.start),
            span: inline.span,
        })
    };
    for block in blocks {
        match block {
            Block::Paragraph(p) => push(p),
            Block::List(list) => {
                let mut stack: Vec<&ListItem> = list.items.iter().rev().collect();
                while let Some(item) = stack.pop() {
                    item.content.iter().for_each(&mut push);
                    stack.extend(item.children.iter().rev());
                }
            }
            Block::Table(_) => {}
        }
    }
    out
}

/// Weekly or daily: the front matter's `kind`/`type`, else the title's week, else the
/// sections, else the file name; weekly when nothing tells.
fn kind(note: &Note, roles: &[(Role, Option<Objective>)], file_name: &str) -> NoteKind {
    let said = note
        .front_matter
        .as_ref()
        .and_then(|m| m.get("kind").or_else(|| m.get("type")))
        .and_then(|v| v.as_str());
    match said.map(str::to_lowercase).as_deref() {
        Some("daily" | "日报" | "day") => return NoteKind::Daily,
        Some("weekly" | "周报" | "week") => return NoteKind::Weekly,
        _ => {}
    }
    if note.week.is_some() {
        return NoteKind::Weekly;
    }
    let has = |r: SectionRole| roles.iter().any(|(role, _)| *role == Role::Known(r));
    if has(SectionRole::Tomorrow) {
        return NoteKind::Daily;
    }
    if has(SectionRole::NextWeek) || has(SectionRole::DailyLinks) {
        return NoteKind::Weekly;
    }
    let hint = format!("{} {}", note.title.as_deref().unwrap_or(""), file_name).to_lowercase();
    let daily_words = [
        "日报", "daily", "周一", "周二", "周三", "周四", "周五", "周六", "周日", "星期",
    ];
    if daily_words.iter().any(|w| hint.contains(w)) {
        NoteKind::Daily
    } else {
        NoteKind::Weekly
    }
}

/// Decodes nothing and touches no file: extracts a note from text already decoded as UTF-8.
pub fn extract_text(path: &str, text: &str, config: &Config) -> Note {
    let decoded = Decoded {
        text: crate::source::normalize_line_endings(
            text.strip_prefix('\u{FEFF}').unwrap_or(text).to_string(),
        ),
        encoding: Encoding::Utf8,
    };
    let doc = Document::parse(&decoded.text);
    extract(path, &decoded, &doc, config)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbering_len_finds_what_its_pattern_finds() {
        let pieces = [
            "1", "23", ".", "、", ")", "(", "一", "十", " ", "\t", "a", "标题", "）", "0.5", "二、",
        ];
        scan::assert_same_as_pattern(
            NUMBERING,
            &pieces,
            50_000,
            10_000,
            |oracle, text| oracle.find(text).map(|m| m.end()),
            |text| Some(numbering_len(text)).filter(|&n| n > 0),
        );
    }

    #[test]
    fn heading_keys_lose_their_numbering() {
        assert_eq!(heading_key("1. 系统运行数据："), "系统运行数据");
        assert_eq!(heading_key("二、【本周进展】"), "本周进展");
        assert_eq!(heading_key("(3) Next week"), "Next week");
        assert_eq!(heading_key("2023.07.08 周报"), "周报");
    }
}
