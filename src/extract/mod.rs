//! Section tree + vocabulary → typed [`Note`], in two layers.
//!
//! 1. The [`lexer`] reads every line once into typed tokens (numbers with units, dates,
//!    times, durations, changes, grades, owners, task signifiers) and vocabulary words.
//! 2. Fact builders read those tokens, one file per kind of fact: [`header`] (title, week,
//!    date), [`metrics`], [`incidents`], [`events`], [`items`] (projects, plans, risks),
//!    [`tables`] (a table's kind from its header), [`links`].
//!
//! Each section gets a role from its heading's meaning ([`sections`]); its blocks go to the
//! builders its role calls for. A figure is a fact only where the tool is sure of it: a
//! baseline, a symptom or a change is never this week's value, and what cannot be read is
//! left out with a diagnostic.

mod dates;
mod events;
mod header;
mod incidents;
mod items;
pub mod lexer;
pub(crate) mod lines;
mod links;
mod metrics;
pub(crate) mod scan;
pub(crate) mod sections;
mod tables;
mod text;

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use chrono::NaiveDate;

pub use dates::{find_dates, DateToken};
pub use header::{find_week, WrittenWeek};
pub use text::{fold_char, Norm};

use crate::config::{Config, Lexicon, MeaningKind, SectionRole};
use crate::model::{
    Diagnostic, DiagnosticCode, Note, NoteKind, Objective, Severity, Span, TextBlock,
};
use crate::parse::{Block, Document, Inline, LineIndex, ListItem};
use crate::source::{Decoded, Encoding};

use lexer::{Lexed, Token};
use lines::TextLine;
use metrics::Scope;
use sections::Role;

/// Shared state of one note's extraction: its text, vocabulary, date and diagnostics.
pub(crate) struct Ctx<'a> {
    text: &'a str,
    lines: LineIndex,
    lexicon: &'a Lexicon,
    /// The vocabulary the lexicon was built from, for the phrases of messages.
    vocabulary: &'a crate::config::Vocabulary,
    /// The note's date, for inferring the year of dates written without one.
    anchor: Option<NaiveDate>,
    /// The middle of the note's week (`2024年第24周`), for the year of a date written without
    /// one when the note has no date of its own: never the note's date.
    week_middle: Option<NaiveDate>,
    /// The plans section being read (next week's, tomorrow's), if one is: its dates are still
    /// to come.
    plans: Option<SectionRole>,
    /// A `Today:` line is a plan (a standup's), not the day's work: the note has no
    /// `Tomorrow` section.
    today_is_plan: bool,
    /// The time zone a line under the title gives every time (`※ 以下时间均为北京时间`).
    default_zone: Option<String>,
    diagnostics: Vec<Diagnostic>,
    /// Each line lexed so far, by its inline's address and its offset there: several
    /// builders read the same lines (a metric line is offered to the metric, incident and
    /// event builders), and lexing is most of extraction's work.
    lexed: RefCell<HashMap<(usize, usize), Rc<Lexed>>>,
}

impl Ctx<'_> {
    /// The day the year of a date written without one is inferred from: the note's date, else
    /// the middle of its week.
    fn year_anchor(&self) -> Option<NaiveDate> {
        self.anchor.or(self.week_middle)
    }

    fn line(&self, offset: usize) -> u32 {
        self.lines.line(offset)
    }

    fn report(&mut self, code: DiagnosticCode, severity: Severity, span: Span, message: String) {
        let (line, column) = self.lines.line_col(self.text, span.start);
        self.diagnostics.push(Diagnostic {
            code,
            severity,
            message,
            line,
            column,
            span,
        });
    }

    /// Resolves a written date (year inferred from the note), reporting an impossible one.
    fn resolve_date(&mut self, token: &DateToken, span: Span) -> Option<NaiveDate> {
        match token.resolve(self.year_anchor()) {
            Ok(d) => Some(d),
            Err(invalid) => {
                self.report(
                    DiagnosticCode::InvalidDate,
                    Severity::Warning,
                    span,
                    format!("`{}` is not a date: {}", invalid.written, invalid.reason),
                );
                None
            }
        }
    }
}

/// A line of inline text, lexed once: every builder reads its tokens and words.
pub(crate) struct Line<'i> {
    text: TextLine<'i>,
    lexed: Rc<Lexed>,
}

impl<'i> Line<'i> {
    /// The line as the lexer read it (normalised).
    fn norm(&self) -> &str {
        &self.text.norm.text
    }

    /// Its value tokens.
    fn tokens(&self) -> &[Token] {
        &self.lexed.tokens
    }

    /// Its value tokens inside `range`. Tokens are sorted by start, and by end too (they do
    /// not overlap), so this is two binary searches, not a scan of the line.
    fn tokens_in(&self, range: &std::ops::Range<usize>) -> &[Token] {
        let tokens = self.tokens();
        let from = tokens.partition_point(|t| t.range.start < range.start);
        let rest = &tokens[from..];
        &rest[..rest.partition_point(|t| t.range.end <= range.end)]
    }

    /// The token that starts at byte `at`.
    fn token_at(&self, at: usize) -> Option<&Token> {
        self.tokens_from(at).first().filter(|t| t.range.start == at)
    }

    /// The tokens that start at or after byte `at`.
    fn tokens_from(&self, at: usize) -> &[Token] {
        let tokens = self.tokens();
        &tokens[tokens.partition_point(|t| t.range.start < at)..]
    }

    /// Whether byte `at` is inside a token (after its first byte).
    fn inside_token(&self, at: usize) -> bool {
        let tokens = self.tokens();
        let i = tokens.partition_point(|t| t.range.start < at);
        i > 0 && at < tokens[i - 1].range.end
    }

    /// Its vocabulary words.
    fn words(&self) -> &lexer::Words {
        &self.lexed.words
    }

    /// The note's span of a range of the normalised line.
    fn span(&self, range: std::ops::Range<usize>) -> Span {
        self.text.span(range)
    }

    /// The original text of a range of the normalised line.
    fn original(&self, range: std::ops::Range<usize>) -> &'i str {
        self.text.original(range)
    }

    /// Whether a word of `kind` stands in `range` of the line.
    fn has_word(&self, kind: MeaningKind, range: std::ops::Range<usize>) -> bool {
        self.words().any_within(kind, range.start, range.end)
    }
}

/// The lines of an inline, lexed.
fn lines_of<'i>(ctx: &Ctx<'_>, inline: &'i Inline) -> Vec<Line<'i>> {
    TextLine::split(inline)
        .into_iter()
        .map(|text| {
            let key = (std::ptr::from_ref(inline) as usize, text.start());
            let lexed = Rc::clone(
                ctx.lexed
                    .borrow_mut()
                    .entry(key)
                    .or_insert_with(|| Rc::new(lexer::lex(ctx.lexicon, &text.norm.text))),
            );
            Line { text, lexed }
        })
        .collect()
}

/// Extracts every fact of a parsed note.
pub fn extract(path: &str, decoded: &Decoded, doc: &Document, config: &Config) -> Note {
    let mut ctx = Ctx {
        text: &decoded.text,
        lines: LineIndex::new(&decoded.text),
        lexicon: config.vocabulary.lexicon(),
        vocabulary: &config.vocabulary,
        anchor: None,
        week_middle: None,
        plans: None,
        today_is_plan: false,
        default_zone: None,
        diagnostics: Vec::new(),
        lexed: RefCell::default(),
    };
    if decoded.encoding == Encoding::Gb18030 {
        ctx.report(
            DiagnosticCode::Gb18030Decoded,
            Severity::Info,
            Span::new(0, 0),
            "the note is GB18030-encoded and was decoded; save it as UTF-8 to silence this".into(),
        );
    }
    if let Some(span) = doc.depth_overflow {
        ctx.report(
            DiagnosticCode::NestingTooDeep,
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
    let roles = sections::classify(&ctx, doc);
    let file_name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let head = header::read(&mut ctx, doc, &roles, front_matter.as_ref(), file_name);
    ctx.anchor = head.date.or(head.created.map(|c| c.date()));
    ctx.week_middle = head
        .week
        .and_then(|w| crate::calendar::week_bounds(w, config.week_numbering))
        .map(|(monday, _)| monday + chrono::Days::new(3));

    let mut note = Note {
        path: path.to_string(),
        kind: NoteKind::Weekly,
        title: head.title,
        week: head.week,
        date: head.date,
        created: head.created,
        front_matter,
        properties: head.properties,
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
        tables: vec![],
        sections: vec![],
        diagnostics: vec![],
    };
    ctx.today_is_plan = sections::today_is_plan(ctx.lexicon, doc, &roles);
    let people = sections::people(ctx.lexicon, doc, &roles);
    for (idx, (section, (role, objective))) in doc.sections.iter().zip(&roles).enumerate() {
        let before = [
            note.items.len(),
            note.next_week.len(),
            note.tomorrow.len(),
            note.risks.len(),
        ];
        if let Some(o) = objective {
            note.objectives.push(o.clone());
        }
        if let Some(h) = &section.heading {
            note.sections.push(crate::model::SectionInfo {
                heading: h.text.trim().to_string(),
                level: section.level,
                pseudo: section.pseudo,
                role: role.model(),
                line: ctx.line(h.span.start),
                span: h.span,
            });
        }
        let is_event_block = *role == Role::Known(SectionRole::Events, None)
            && section
                .heading
                .as_ref()
                .is_some_and(|h| !sections::is_heading_for(ctx.lexicon, h, SectionRole::Events))
            && section
                .parent
                .is_some_and(|p| roles[p].0.model() == SectionRole::Events);
        if is_event_block {
            let heading = section
                .heading
                .as_ref()
                .expect("an event block has a heading");
            if let Some(e) = events::event_from_block(&mut ctx, heading, &section.blocks) {
                note.events.push(e);
            }
            continue;
        }
        // A heading written without `#` inside a sub-project (`本周主要进展：`) is a label of
        // it, not another sub-project, unless it is lettered itself.
        let names_subproject = section.heading.as_ref().is_some_and(|h| {
            !section.pseudo || sections::lettered(&sections::heading_key(&h.text)).is_some()
        });
        if let (Role::SubProject(o), Some(heading), true) =
            (role, &section.heading, names_subproject)
        {
            if let Some(item) = items::subproject_item(&mut ctx, heading) {
                if let Some(obj) = note.objectives.get_mut(*o) {
                    obj.items.push(item);
                }
            }
        }
        // A label in reflections (`高兴的看到：`) is one of its entries.
        if let (Role::Known(SectionRole::Reflections, _), true, Some(h)) =
            (role, section.pseudo, &section.heading)
        {
            note.reflections.push(TextBlock {
                text: h.text.clone(),
                line: ctx.line(h.span.start),
                span: h.span,
            });
        }
        walk_section(&mut ctx, &mut note, *role, &section.blocks);
        // Under a person's heading (`### Amy (iOS)` above `Yesterday` / `Today`), the work is
        // theirs unless a line names someone.
        let person = std::iter::once(idx)
            .chain(ancestor_indexes(doc, idx))
            .find_map(|i| people[i].clone());
        if let Some(person) = person {
            let lists = [
                &mut note.items,
                &mut note.next_week,
                &mut note.tomorrow,
                &mut note.risks,
            ];
            for (list, from) in lists.into_iter().zip(before) {
                for item in &mut list[from..] {
                    item.owner.get_or_insert_with(|| person.clone());
                }
            }
        }
    }
    // `以下时间均为北京时间`: the zone of every event time written without one.
    if let Some(zone) = &ctx.default_zone {
        for e in &mut note.events {
            if e.timezone.is_none() && e.at.is_some() {
                e.timezone = Some(zone.clone());
            }
        }
    }
    note.kind = kind(&ctx, &note, &roles, file_name);
    note.diagnostics = ctx.diagnostics;
    note.diagnostics
        .sort_by_key(|d| (d.span.start, d.code.as_str()));
    note
}

/// The indexes of the sections above section `idx`, nearest first.
fn ancestor_indexes(doc: &Document, idx: usize) -> impl Iterator<Item = usize> + '_ {
    let mut next = doc.sections.get(idx).and_then(|s| s.parent);
    std::iter::from_fn(move || {
        let i = next?;
        next = doc.sections[i].parent;
        Some(i)
    })
}

/// Hands a section's blocks to the builders its role calls for.
fn walk_section(ctx: &mut Ctx<'_>, note: &mut Note, role: Role, blocks: &[Block]) {
    match role {
        Role::Title => title_blocks(ctx, note, blocks),
        Role::Known(SectionRole::Metrics, _) => metrics_section(ctx, note, blocks),
        Role::Known(SectionRole::Events, _) => events::events_section(ctx, note, blocks),
        Role::Known(SectionRole::Reflections, _) => {
            note.reflections.extend(text_blocks(ctx, blocks))
        }
        Role::Known(SectionRole::DailyLinks, _) => {
            links::daily_links(ctx, blocks, &mut note.daily_links)
        }
        Role::Known(
            r @ (SectionRole::NextWeek
            | SectionRole::Tomorrow
            | SectionRole::Risks
            | SectionRole::Others),
            _,
        ) => items::plain_section(ctx, note, r, blocks),
        // The vocabulary names only the nine section roles; the others cannot occur here.
        Role::Known(
            SectionRole::Progress
            | SectionRole::Other
            | SectionRole::Title
            | SectionRole::Objective
            | SectionRole::Subproject,
            status,
        )
        | Role::Loose(status) => {
            let mut items = Vec::new();
            work_blocks(ctx, note, blocks, status, &mut items);
            note.items.extend(items);
        }
        Role::Objective(o) | Role::SubProject(o) => {
            let mut items = Vec::new();
            work_blocks(ctx, note, blocks, None, &mut items);
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

/// The title section and the preamble: property lines are the header's; figures there are
/// read as anywhere (metrics, incident counts, daily links on a `Days:` line).
fn title_blocks(ctx: &mut Ctx<'_>, note: &mut Note, blocks: &[Block]) {
    for block in blocks {
        match block {
            Block::Paragraph(p) => {
                if links::is_links_line(ctx, p) {
                    links::links_in(ctx, p, &mut note.daily_links);
                    continue;
                }
                links::dated_daily_links_in(ctx, p, &mut note.daily_links);
                default_zone(ctx, p);
                facts_in_inline(ctx, note, p, Scope::Elsewhere);
            }
            Block::List(list) => {
                for li in &list.items {
                    facts_in_item(ctx, note, li, Scope::Elsewhere);
                }
            }
            Block::Table(t) => {
                tables::table(ctx, note, t, SectionRole::Other, None, &mut Vec::new())
            }
            Block::Callout(inner) => {
                for b in inner {
                    if let Block::Paragraph(p) = b {
                        links::dated_daily_links_in(ctx, p, &mut note.daily_links);
                        default_zone(ctx, p);
                    }
                }
                callout(ctx, note, inner, Scope::Elsewhere)
            }
        }
    }
}

/// A line under the title that names one time zone and holds no time (`※ 以下时间均为北京时间`,
/// `All times UTC`): the zone of the note's times.
fn default_zone(ctx: &mut Ctx<'_>, p: &Inline) {
    if ctx.default_zone.is_some() {
        return;
    }
    for line in lines_of(ctx, p) {
        let timed = line
            .tokens()
            .iter()
            .any(|t| matches!(t.kind, lexer::Kind::Time(..) | lexer::Kind::TimeRange(..)));
        let zones: Vec<_> = line.words().of_kind(MeaningKind::TimeZone).collect();
        if let [z] = zones.as_slice() {
            if !timed {
                ctx.default_zone = Some(line.norm()[z.range.0..z.range.1].to_string());
                return;
            }
        }
    }
}

/// A callout's lines: figures are read as in its section, but nothing in it is a project.
fn callout(ctx: &mut Ctx<'_>, note: &mut Note, blocks: &[Block], scope: Scope) {
    for block in blocks {
        match block {
            Block::Paragraph(p) => facts_in_inline(ctx, note, p, scope),
            Block::List(list) => {
                for li in &list.items {
                    facts_in_item(ctx, note, li, scope);
                }
            }
            Block::Table(_) => {}
            Block::Callout(inner) => callout(ctx, note, inner, scope),
        }
    }
}

/// Progress blocks: items, with the metrics, incident counts and events found among them.
fn work_blocks(
    ctx: &mut Ctx<'_>,
    note: &mut Note,
    blocks: &[Block],
    status: Option<crate::model::Status>,
    out: &mut Vec<crate::model::Item>,
) {
    let mut in_events = false;
    for block in blocks {
        match block {
            Block::Paragraph(p) => {
                if events::is_events_label(ctx, &p.text) {
                    in_events = true;
                    continue;
                }
                if links::is_links_line(ctx, p) {
                    links::links_in(ctx, p, &mut note.daily_links);
                    continue;
                }
                let lines = lines_of(ctx, p);
                if events::starts_with_datetime(&lines)
                    && (in_events || events::has_event_labels(&lines))
                {
                    let pseudo = ListItem {
                        content: vec![p.clone()],
                        children: vec![],
                        checked: None,
                        span: p.span,
                    };
                    note.events.extend(events::event_from_item(ctx, &pseudo));
                    continue;
                }
                // A count line (`稳定性: 本周 P2 x1, 无P1`) is the week's incidents, and a
                // paragraph whose every line is a figure (`availability 99.97% (目标 99.9%)`)
                // the week's metrics: neither is a piece of work.
                let read = facts_in_lines(ctx, note, &lines, Scope::Elsewhere);
                let counts = read.contains(&LineFacts::Counts);
                let figures = !read.is_empty() && read.iter().all(|r| *r != LineFacts::Other);
                if !is_label(&p.text) && !counts && !figures {
                    items::items_from_paragraph(ctx, note, p, &lines, status, out);
                }
            }
            Block::List(list) => {
                for li in &list.items {
                    let first = li.content.first();
                    if first.is_some_and(|i| events::is_events_label(ctx, &i.text)) {
                        in_events = true;
                        for child in &li.children {
                            note.events.extend(events::event_from_item(ctx, child));
                        }
                        continue;
                    }
                    let lines: Vec<Line<'_>> =
                        li.content.iter().flat_map(|i| lines_of(ctx, i)).collect();
                    if events::starts_with_datetime(&lines)
                        && (in_events || events::has_event_labels(&lines))
                    {
                        note.events.extend(events::event_from_item(ctx, li));
                        continue;
                    }
                    // As for a paragraph: an item that is only figures or incident counts
                    // (`- 支付成功率：99.91%`) is the week's metrics, not a piece of work.
                    if li.children.is_empty() {
                        let read = facts_in_lines(ctx, note, &lines, Scope::Elsewhere);
                        if read.contains(&LineFacts::Counts)
                            || !read.is_empty() && read.iter().all(|r| *r != LineFacts::Other)
                        {
                            continue;
                        }
                    } else {
                        facts_in_item(ctx, note, li, Scope::Elsewhere);
                    }
                    items::items_from_list_item(ctx, note, li, status, out);
                }
            }
            Block::Table(t) => tables::table(ctx, note, t, SectionRole::Progress, status, out),
            Block::Callout(inner) => callout(ctx, note, inner, Scope::Elsewhere),
        }
    }
}

/// A metrics section: every line is read for metrics and incident counts; lists there are
/// figures, not projects (an event among them is still an event).
fn metrics_section(ctx: &mut Ctx<'_>, note: &mut Note, blocks: &[Block]) {
    for block in blocks {
        match block {
            Block::Paragraph(p) => facts_in_inline(ctx, note, p, Scope::MetricsSection),
            Block::List(list) => {
                for li in &list.items {
                    let lines: Vec<Line<'_>> = li
                        .content
                        .first()
                        .map(|i| lines_of(ctx, i))
                        .unwrap_or_default();
                    if events::starts_with_datetime(&lines) && events::has_event_labels(&lines) {
                        note.events.extend(events::event_from_item(ctx, li));
                    } else {
                        facts_in_item(ctx, note, li, Scope::MetricsSection);
                    }
                }
            }
            Block::Table(t) => {
                tables::table(ctx, note, t, SectionRole::Metrics, None, &mut Vec::new())
            }
            // A note under the figures (`口径说明：…`) states no figure of its own.
            Block::Callout(inner) => callout(ctx, note, inner, Scope::Elsewhere),
        }
    }
}

fn facts_in_item(ctx: &mut Ctx<'_>, note: &mut Note, li: &ListItem, scope: Scope) {
    let mut stack = vec![li];
    while let Some(item) = stack.pop() {
        for inline in &item.content {
            facts_in_inline(ctx, note, inline, scope);
        }
        stack.extend(item.children.iter().rev());
    }
}

fn facts_in_inline(ctx: &mut Ctx<'_>, note: &mut Note, inline: &Inline, scope: Scope) {
    let lines = lines_of(ctx, inline);
    facts_in_lines(ctx, note, &lines, scope);
}

/// What a line gave [`facts_in_lines`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineFacts {
    /// Incident counts.
    Counts,
    /// A metric that opens the line: the line is a figure (`日均任务数 3.5万`), not a sentence
    /// that mentions one (`性能测试进行中，当前tps≈20`).
    Figure,
    /// Anything else (a metric in passing included).
    Other,
}

/// Reads the lines' metrics and incident counts; returns what each line gave.
fn facts_in_lines(
    ctx: &mut Ctx<'_>,
    note: &mut Note,
    lines: &[Line<'_>],
    scope: Scope,
) -> Vec<LineFacts> {
    lines
        .iter()
        .map(|line| {
            if gives_an_example(line) {
                return LineFacts::Other;
            }
            if incidents::incidents_in_line(ctx, line, false, &mut note.incidents) {
                return LineFacts::Counts;
            }
            let before = note.metrics.len();
            metrics::metrics_in_line(ctx, line, scope, &mut note.metrics);
            let norm = line.norm();
            let lead = norm.len() - norm.trim_start().len();
            let opens = line.span(lead..lead).start;
            match note.metrics.get(before) {
                Some(m) if m.span.start == opens => LineFacts::Figure,
                _ => LineFacts::Other,
            }
        })
        .collect()
}

/// Whether a line opens with a word of `values.examples` (`示例：`, `e.g.`): its figures are
/// an example (a template's instructions), not facts.
fn gives_an_example(line: &Line<'_>) -> bool {
    let text = line.norm();
    let lead = text.len() - text.trim_start().len();
    line.words()
        .starting_at(MeaningKind::Example, lead)
        .is_some()
}

/// A label line: text ending in a colon and nothing after it (`成功率：`).
fn is_label(text: &str) -> bool {
    let t = Norm::text_of(text);
    let t = t.trim();
    t.ends_with(':') && !t[..t.len() - 1].contains([':', ',', ';'])
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
    let mut stack: Vec<&Block> = blocks.iter().rev().collect();
    while let Some(block) = stack.pop() {
        match block {
            Block::Paragraph(p) => push(p),
            Block::List(list) => {
                let mut items: Vec<&ListItem> = list.items.iter().rev().collect();
                while let Some(item) = items.pop() {
                    item.content.iter().for_each(&mut push);
                    items.extend(item.children.iter().rev());
                }
            }
            Block::Table(_) => {}
            Block::Callout(inner) => stack.extend(inner.iter().rev()),
        }
    }
    out
}

/// Weekly or daily: the front matter's `kind`/`type`, else the title's week, else the
/// sections (a daily's `明日计划` / `Today` / `Yesterday`, a weekly's `下周` / `Next week`,
/// `日报合集`), else the note-kind words of the title or file name; weekly when nothing tells.
fn kind(
    ctx: &Ctx<'_>,
    note: &Note,
    roles: &[(Role, Option<Objective>)],
    file_name: &str,
) -> NoteKind {
    let said = note
        .front_matter
        .as_ref()
        .and_then(|m| m.get("kind").or_else(|| m.get("type")))
        .and_then(|v| v.as_str());
    if let Some(k) = said.and_then(|s| header::note_kind_word(ctx.lexicon, s)) {
        return k;
    }
    if note.week.is_some() {
        return NoteKind::Weekly;
    }
    let has = |r: SectionRole| roles.iter().any(|(role, _)| role.model() == r);
    if has(SectionRole::Tomorrow) {
        return NoteKind::Daily;
    }
    if has(SectionRole::NextWeek) || has(SectionRole::DailyLinks) {
        return NoteKind::Weekly;
    }
    let hint = format!("{} {}", note.title.as_deref().unwrap_or(""), file_name);
    header::note_kind_in(ctx.lexicon, &hint).unwrap_or(NoteKind::Weekly)
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
