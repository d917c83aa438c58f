//! What a note gave, line by line, and what the tool did not read: `weekly-report explain`,
//! and the `unread-figure` and `unknown-section` lint rules.
//!
//! [`explain`] lays a note's facts (from [`crate::extract`]) beside its lines: the role each
//! heading was read as and why (the vocabulary word, an objective's shape, the section above
//! it), each fact with its values and, for a derived impact, the times it was derived from.
//! A line of a fact-bearing section whose [lexer](crate::extract::lexer) tokens hold a figure,
//! a date, a time or a status word but which gave no fact is **unread**, with the reason when
//! one is known (a section the vocabulary does not name, a diagnostic of the extractor). A
//! line that gave any fact is never unread, so a read line is never noise.
//!
//! [`summarize`] sums explanations up for a folder: per note, facts, unread lines and the
//! sections not recognised, and the patterns that recur across notes (a heading read as
//! other in many notes), each with the line of `weekly-report.yaml` that would teach it.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Serialize, Serializer};

use crate::config::{Config, MeaningKind, SectionRole};
use crate::extract::lexer::{self, Kind, Token};
use crate::extract::lines::TextLine;
use crate::extract::sections::{heading_key, lettered, naming_word};
use crate::model::{Item, Note, Span, Status};
use crate::parse::{Block, Document, Inline, LineIndex, ListItem};

/// A note laid out line by line with what each line gave.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    /// The note's path, as given.
    pub path: String,
    /// Weekly or daily.
    pub kind: crate::model::NoteKind,
    /// Facts read (tables kept as rows are not counted).
    pub facts: usize,
    /// Lines with figures that gave no fact.
    pub unread: usize,
    /// Headings read as other whose lines hold figures.
    pub unknown_sections: Vec<UnknownSection>,
    /// Every line of the note, in order.
    pub lines: Vec<LineReading>,
}

/// One line of a note and what it gave.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LineReading {
    /// 1-based line number.
    pub line: u32,
    /// The line as written.
    pub text: String,
    /// The line's bytes in the note (without its line break).
    pub span: Span,
    /// The heading on this line, with the role it was read as.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section: Option<SectionReading>,
    /// The facts that start on this line.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub facts: Vec<Fact>,
    /// The line of the fact this line is part of, when it gives none of its own (an event's
    /// cause and action below it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part_of: Option<u32>,
    /// Set when the line holds figures but gave no fact.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unread: Option<Unread>,
    /// What the extractor reported about this line (a value it left out, say).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub diagnostics: Vec<LineDiagnostic>,
}

/// A heading and the role it was read as.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SectionReading {
    /// The heading's text.
    pub heading: String,
    /// The role.
    pub role: SectionRole,
    /// Why it has that role.
    pub why: Why,
    /// Written without `#` (a bold line or a label).
    pub pseudo: bool,
}

/// Why a heading has its role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum Why {
    /// The note's title (its first level-1 heading, or one repeating the date).
    Title,
    /// A word of the vocabulary's sections (or section statuses) in the heading.
    Word {
        /// The word as the heading writes it.
        word: String,
    },
    /// The shape of an objective (`O1 …`).
    Objective,
    /// A lettered sub-project (`A. …`) inside an objective.
    Lettered,
    /// It names nothing itself and takes the role of the heading above it.
    Parent {
        /// That heading.
        heading: String,
    },
    /// No word of the vocabulary names it: it is read as other.
    Unknown,
}

/// What a fact is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FactKind {
    /// The title, with the week and date it gives.
    Title,
    /// A KPI figure.
    Metric,
    /// Incident counts by grade.
    Incidents,
    /// A stability event.
    Event,
    /// An objective.
    Objective,
    /// A project or progress item.
    Project,
    /// A plan for next week.
    Plan,
    /// A plan for tomorrow.
    Tomorrow,
    /// A problem or risk.
    Risk,
    /// An item of the others section.
    Other,
    /// A link to a daily note.
    DailyLink,
    /// A table of no kind the tool reads, kept as rows (not counted as a fact).
    Table,
}

/// One fact, with its values as the note gives them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fact {
    /// What it is.
    pub kind: FactKind,
    /// Its name (a metric's, a project's, an event's summary).
    pub name: String,
    /// Its values in order (`value`, `unit`, `target`, `status`, `due`, `owner`, `impact`,
    /// `derived` …), serialised as a JSON object.
    pub values: Values,
    /// The values as shown, in their order (`value 99.99 · unit % · kind success_rate`).
    pub summary: String,
    /// 1-based line.
    pub line: u32,
    /// Where it stands.
    pub span: Span,
}

/// Named values of a fact, in the order they are shown.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Values(pub Vec<(&'static str, String)>);

impl Values {
    fn push(&mut self, key: &'static str, value: impl ToString) {
        self.0.push((key, value.to_string()));
    }

    fn push_opt(&mut self, key: &'static str, value: Option<impl ToString>) {
        if let Some(v) = value {
            self.push(key, v);
        }
    }

    /// The value named `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.as_str())
    }
}

impl Serialize for Values {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// Why a line with figures gave no fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnreadReason {
    /// Its section's heading names no role the tool knows (read as other).
    UnknownSection,
    /// The extractor left a value out and said why (an ambiguous or impossible value).
    LeftOut,
    /// A row of a table whose header names no column the tool reads.
    UnknownTable,
    /// Nothing on the line reads as a fact of its section.
    NoFact,
}

/// A line with figures that gave no fact.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unread {
    /// Why, when known.
    pub reason: UnreadReason,
    /// The role of the section it stands in.
    pub section_role: SectionRole,
    /// The heading of that section, if it has one.
    pub section: Option<String>,
    /// The figures, dates, times and status words the lexer read on it, as written.
    pub tokens: Vec<String>,
    /// What is wrong, in the user's terms.
    pub message: String,
    /// What would teach the tool, when something would.
    pub hint: Option<String>,
    /// Where the line's text stands.
    pub span: Span,
}

/// A diagnostic of the extractor on a line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LineDiagnostic {
    /// Its code (`invalid-date`, `ambiguous-time`, …).
    pub code: crate::model::DiagnosticCode,
    /// Its message.
    pub message: String,
    /// Where it stands.
    pub span: Span,
}

/// A heading read as other whose lines hold figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnknownSection {
    /// The heading as written.
    pub heading: String,
    /// The heading as roles are matched (what to add to the vocabulary).
    pub key: String,
    /// 1-based line of the heading.
    pub line: u32,
    /// Where the heading stands.
    pub span: Span,
    /// How many lines under it hold figures.
    pub lines_with_figures: usize,
    /// The role its figures suggest (metrics for percentages, events for times, else
    /// progress), for the hint.
    pub suggested_role: SectionRole,
}

impl UnknownSection {
    /// The `weekly-report.yaml` lines that would name this section.
    pub fn hint(&self) -> String {
        config_hint(self.suggested_role, &self.key)
    }
}

/// The `weekly-report.yaml` lines that file `key` under the section role `role`.
fn config_hint(role: SectionRole, key: &str) -> String {
    format!(
        "to read it as {}, add to weekly-report.yaml: `vocabulary: {{sections: {{{}: [{}]}}}}`",
        role_name(role),
        role_name(role),
        key
    )
}

/// The snake_case name of a role, as config and JSON write it.
pub fn role_name(role: SectionRole) -> &'static str {
    role.name()
}

/// `weekly` or `daily`.
pub fn kind_name(kind: crate::model::NoteKind) -> &'static str {
    match kind {
        crate::model::NoteKind::Weekly => "weekly",
        crate::model::NoteKind::Daily => "daily",
    }
}

/// The snake_case name of a fact kind, as JSON writes it (`daily_link`).
pub fn fact_kind_name(kind: FactKind) -> &'static str {
    match kind {
        FactKind::Title => "title",
        FactKind::Metric => "metric",
        FactKind::Incidents => "incidents",
        FactKind::Event => "event",
        FactKind::Objective => "objective",
        FactKind::Project => "project",
        FactKind::Plan => "plan",
        FactKind::Tomorrow => "tomorrow",
        FactKind::Risk => "risk",
        FactKind::Other => "other",
        FactKind::DailyLink => "daily_link",
        FactKind::Table => "table",
    }
}

/// Whether a section of this role is read for facts (figures, dates, statuses).
fn bears_facts(role: SectionRole) -> bool {
    !matches!(
        role,
        SectionRole::Title | SectionRole::Reflections | SectionRole::DailyLinks
    )
}

/// Reads, decodes and parses the note at `path`, and lays it out line by line.
pub fn explain_file(
    path: &std::path::Path,
    config: &Config,
) -> Result<Explanation, crate::source::SourceError> {
    let file = crate::source::read_note(path, config.max_note_bytes)?;
    let doc = Document::parse(&file.decoded.text);
    let shown = path.to_string_lossy().replace('\\', "/");
    let note = crate::extract::extract(&shown, &file.decoded, &doc, config);
    Ok(explain_parsed(&file.decoded.text, &doc, &note, config))
}

/// Explains many notes in parallel; results are in the order of `paths`.
pub fn explain_files(
    paths: &[std::path::PathBuf],
    config: &Config,
) -> Vec<Result<Explanation, crate::source::SourceError>> {
    use rayon::prelude::*;
    paths.par_iter().map(|p| explain_file(p, config)).collect()
}

/// Lays out `note`, extracted from `text` under `config`, line by line.
pub fn explain(text: &str, note: &Note, config: &Config) -> Explanation {
    let doc = Document::parse(text);
    explain_parsed(text, &doc, note, config)
}

/// As [`explain`], for a note whose text is already parsed.
pub fn explain_parsed(text: &str, doc: &Document, note: &Note, config: &Config) -> Explanation {
    let index = LineIndex::new(text);
    let mut lines: Vec<LineReading> = Vec::new();
    let mut start = 0;
    for (i, raw) in text.split('\n').enumerate() {
        lines.push(LineReading {
            line: i as u32 + 1,
            text: raw.to_string(),
            span: Span::new(start, start + raw.len()),
            section: None,
            facts: vec![],
            part_of: None,
            unread: None,
            diagnostics: vec![],
        });
        start += raw.len() + 1;
    }
    // A text ending in a line break has no line after it.
    if lines.len() > 1 && lines.last().is_some_and(|l| l.text.is_empty()) {
        lines.pop();
    }
    let at = |offset: usize| index.line(offset).saturating_sub(1) as usize;

    let facts = facts_of(note, text);
    let mut covered: BTreeSet<usize> = BTreeSet::new();
    let mut fact_count = 0;
    let mut part_of: BTreeMap<usize, u32> = BTreeMap::new();
    for fact in &facts {
        if fact.kind != FactKind::Table {
            fact_count += 1;
            let first = at(fact.span.start);
            for l in first..=at(fact.span.end.max(fact.span.start)) {
                covered.insert(l);
                if l > first {
                    part_of.entry(l).or_insert(fact.line);
                }
            }
        }
    }
    for fact in facts {
        let i = at(fact.span.start);
        if let Some(line) = lines.get_mut(i) {
            line.facts.push(fact);
        }
    }
    for (l, line) in part_of {
        if let Some(reading) = lines.get_mut(l).filter(|r| r.facts.is_empty()) {
            reading.part_of = Some(line);
        }
    }
    for d in &note.diagnostics {
        if let Some(line) = lines.get_mut(at(d.span.start)) {
            line.diagnostics.push(LineDiagnostic {
                code: d.code,
                message: d.message.clone(),
                span: d.span,
            });
        }
    }

    // Each section's role, from the extractor's reading of its heading.
    let roles: BTreeMap<usize, SectionRole> = note
        .sections
        .iter()
        .map(|s| (s.span.start, s.role))
        .collect();
    let role_of = |i: usize| -> SectionRole {
        doc.sections[i]
            .heading
            .as_ref()
            .and_then(|h| roles.get(&h.span.start).copied())
            .unwrap_or(SectionRole::Title)
    };
    // An event written as a heading with its fields under it (`### INC-3107 …`) covers its
    // section.
    let events: BTreeMap<usize, u32> = note.events.iter().map(|e| (e.span.start, e.line)).collect();
    for section in &doc.sections {
        let Some(h) = &section.heading else { continue };
        let Some(&line) = events.get(&h.span.start) else {
            continue;
        };
        if let Some(end) = blocks_end(&section.blocks) {
            for l in at(h.span.start) + 1..=at(end) {
                covered.insert(l);
                if let Some(r) = lines.get_mut(l).filter(|r| r.facts.is_empty()) {
                    r.part_of.get_or_insert(line);
                }
            }
        }
    }
    let lexicon = config.vocabulary.lexicon();
    let mut unknown_sections = Vec::new();
    for (i, section) in doc.sections.iter().enumerate() {
        let role = role_of(i);
        if let Some(h) = &section.heading {
            let why = why_of(lexicon, doc, i, role, &role_of);
            if let Some(line) = lines.get_mut(at(h.span.start)) {
                line.section = Some(SectionReading {
                    heading: h.text.trim().to_string(),
                    role,
                    why,
                    pseudo: section.pseudo,
                });
            }
        }
        if !bears_facts(role) {
            continue;
        }
        let heading = section.heading.as_ref().map(|h| h.text.trim().to_string());
        let mut with_figures = 0;
        let mut percent = 0;
        let mut times = 0;
        // Lines opening with a section word as a label (`Yesterday: …`, `Today: …`): under a
        // person's heading in a standup, which is no section of its own.
        let (mut all_lines, mut labelled) = (0, 0);
        for piece in inlines_of(&section.blocks) {
            let parent_line = piece.parent.map(at);
            for text_line in TextLine::split(piece.inline) {
                all_lines += 1;
                let label = text_line.norm.text.split(':').next().unwrap_or_default();
                if label.len() < text_line.norm.text.len() && naming_word(lexicon, label).is_some()
                {
                    labelled += 1;
                }
                let lexed = lexer::lex(lexicon, &text_line.norm.text);
                let signals = signals(&lexed, note.incidents.is_some());
                if signals.is_empty() {
                    continue;
                }
                let span = text_line.span(0..text_line.norm.text.len());
                let l = at(span.start);
                // Under a heading of no role, a line counts when its figures gave nothing: it
                // is unread, or read only as the name of an item with no values (a KPI line
                // read as loose work). A person's `Yesterday: … done` gave a status.
                let gave_values = lines.get(l).is_some_and(|r| {
                    r.part_of.is_some()
                        || r.facts.iter().any(|f| {
                            !matches!(f.kind, FactKind::Project | FactKind::Other)
                                || !f.values.0.is_empty()
                        })
                });
                if gave_values {
                    continue;
                }
                with_figures += 1;
                // A percentage, or a figure beside a metric word (`日均任务数 3.5万`).
                let metric_word = lexed
                    .words
                    .of_kind(MeaningKind::MetricKind)
                    .next()
                    .is_some();
                percent += usize::from(signals.iter().any(|t| {
                    is_percent(&text_line.norm.text, t)
                        || (metric_word && matches!(t.kind, Kind::Number(_)))
                }));
                times += usize::from(
                    signals
                        .iter()
                        .any(|t| matches!(t.kind, Kind::Time(..) | Kind::TimeRange(..))),
                );
                if covered.contains(&l) || lines.get(l).is_none_or(|x| x.unread.is_some()) {
                    continue;
                }
                // A detail line of an item that gave facts is read into it.
                if let Some(p) = parent_line.filter(|p| covered.contains(p)) {
                    lines[l].part_of.get_or_insert(p as u32 + 1);
                    continue;
                }
                let tokens: Vec<String> = signals
                    .iter()
                    .map(|t| text_line.original(t.range.clone()).to_string())
                    .collect();
                let left_out = lines[l].diagnostics.first().cloned();
                let unread = unread_line(
                    role,
                    heading.as_deref(),
                    piece.in_table,
                    tokens,
                    left_out,
                    span,
                );
                lines[l].unread = Some(unread);
            }
        }
        let grouping = labelled * 2 >= all_lines;
        if role == SectionRole::Other && with_figures > 0 && !grouping {
            if let Some(h) = &section.heading {
                unknown_sections.push(UnknownSection {
                    heading: h.text.trim().to_string(),
                    key: heading_key(&h.text),
                    line: index.line(h.span.start),
                    span: h.span,
                    lines_with_figures: with_figures,
                    suggested_role: if times > 0 && times >= percent {
                        SectionRole::Events
                    } else if percent > 0 {
                        SectionRole::Metrics
                    } else {
                        SectionRole::Progress
                    },
                });
            }
        }
    }
    let unread = lines.iter().filter(|l| l.unread.is_some()).count();
    Explanation {
        path: note.path.clone(),
        kind: note.kind,
        facts: fact_count,
        unread,
        unknown_sections,
        lines,
    }
}

/// Why section `i` has `role`.
fn why_of(
    lexicon: &crate::config::Lexicon,
    doc: &Document,
    i: usize,
    role: SectionRole,
    role_of: &dyn Fn(usize) -> SectionRole,
) -> Why {
    let section = &doc.sections[i];
    let text = section.heading.as_ref().map_or("", |h| h.text.as_str());
    let parent = || {
        let mut p = section.parent;
        // The nearest heading above with the same role is where the role comes from.
        while let Some(j) = p {
            if role_of(j) == role || doc.sections[j].parent.is_none() {
                break;
            }
            p = doc.sections[j].parent;
        }
        p.and_then(|j| doc.sections[j].heading.as_ref())
            .map(|h| h.text.trim().to_string())
    };
    match role {
        SectionRole::Title => Why::Title,
        SectionRole::Objective => Why::Objective,
        SectionRole::Subproject if lettered(&heading_key(text)).is_some() => Why::Lettered,
        SectionRole::Other => Why::Unknown,
        _ => match naming_word(lexicon, text) {
            Some(word) if role != SectionRole::Subproject => Why::Word { word },
            _ => parent().map_or(Why::Unknown, |heading| Why::Parent { heading }),
        },
    }
}

/// An inline of a section whose figures could be facts.
struct Piece<'d> {
    inline: &'d Inline,
    /// A cell of a table.
    in_table: bool,
    /// For a nested list item, where its top-level item's first line starts: a detail line
    /// (`- 进度 70%` under a key result) is read into that item.
    parent: Option<usize>,
}

/// The inlines of a section's blocks whose figures could be facts: paragraphs, list items
/// (nested ones too) and table cells; not callouts, which comment on figures.
fn inlines_of(blocks: &[Block]) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    for block in blocks {
        match block {
            Block::Paragraph(p) => out.push(Piece {
                inline: p,
                in_table: false,
                parent: None,
            }),
            Block::List(list) => {
                for top in &list.items {
                    let parent = top.content.first().map(|i| i.span.start);
                    let mut stack: Vec<(&ListItem, bool)> = vec![(top, false)];
                    while let Some((item, nested)) = stack.pop() {
                        out.extend(item.content.iter().map(|inline| Piece {
                            inline,
                            in_table: false,
                            parent: parent.filter(|_| nested),
                        }));
                        stack.extend(item.children.iter().rev().map(|c| (c, true)));
                    }
                }
            }
            Block::Table(t) => {
                for row in &t.rows {
                    out.extend(row.iter().map(|inline| Piece {
                        inline,
                        in_table: true,
                        parent: None,
                    }));
                }
            }
            Block::Callout(_) => {}
        }
    }
    out
}

/// Where a section's blocks end (its heading's end when it has none).
fn blocks_end(blocks: &[Block]) -> Option<usize> {
    blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(p) => Some(p.span.end),
            Block::List(l) => l.items.iter().map(|i| i.span.end).max(),
            Block::Table(t) => Some(t.span.end),
            Block::Callout(inner) => blocks_end(inner),
        })
        .max()
}

/// The tokens of a line that could be facts: figures, dates, times, percentages, durations,
/// grade counts, changes and ratios, and status words. Ids, tags, owners, weeks, lone grades
/// and earlier values are not. Grade counts do not count when the note has incident counts
/// (the incidents fact records only its first line).
fn signals(lexed: &lexer::Lexed, has_incidents: bool) -> Vec<Token> {
    let mut out: Vec<Token> = lexed
        .tokens
        .iter()
        .filter(|t| match &t.kind {
            Kind::Number(_)
            | Kind::Between(..)
            | Kind::Duration(_)
            | Kind::Date(_)
            | Kind::DateRange(..)
            | Kind::Time(..)
            | Kind::TimeRange(..)
            | Kind::Change { .. }
            | Kind::Delta(_)
            | Kind::Ratio { .. } => true,
            Kind::GradeCount { .. } => !has_incidents,
            _ => false,
        })
        .cloned()
        .collect();
    for w in lexed.words.of_kind(MeaningKind::Status) {
        out.push(Token {
            kind: Kind::Word(w.meaning),
            range: w.range.0..w.range.1,
        });
    }
    out.sort_by_key(|t| t.range.start);
    out
}

/// Whether a token is a percentage (its text ends in `%`).
fn is_percent(text: &str, t: &Token) -> bool {
    matches!(t.kind, Kind::Number(_)) && text[t.range.clone()].trim_end().ends_with('%')
}

/// An unread line's reason, message and hint.
fn unread_line(
    role: SectionRole,
    heading: Option<&str>,
    in_table: bool,
    tokens: Vec<String>,
    left_out: Option<LineDiagnostic>,
    span: Span,
) -> Unread {
    let shown = tokens
        .iter()
        .map(|t| format!("`{t}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let (reason, message, hint) = if let Some(d) = left_out {
        (
            UnreadReason::LeftOut,
            format!("{shown} gave no fact: {}", d.message),
            None,
        )
    } else if role == SectionRole::Other {
        let key = heading.map(heading_key).unwrap_or_default();
        (
            UnreadReason::UnknownSection,
            format!("{shown} gave no fact: `{key}` is a section the tool does not know"),
            Some(config_hint(SectionRole::Progress, &key).replacen(
                "to read it as progress, ",
                "if it reports work, ",
                1,
            )),
        )
    } else if in_table {
        (
            UnreadReason::UnknownTable,
            format!("{shown} gave no fact: the table's header names no column the tool reads"),
            Some(
                "name the columns as the vocabulary's `table_columns` do (`weekly-report config --default` lists them), or add your header words there".into(),
            ),
        )
    } else {
        let hint = match role {
            SectionRole::Metrics => "a metric is its name, then its value (`name: 99.9%`); a name of a kind the tool does not know goes under `vocabulary: {metrics: {count: [NAME]}}` in weekly-report.yaml",
            SectionRole::Events => "an event opens with its date and time (`7/3 18:40 …`) and states its impact after a word of `vocabulary.events`",
            _ => "a date is read beside a word of `vocabulary.dates`, a status from `vocabulary.statuses`; add your words there in weekly-report.yaml (`weekly-report config --default` lists them)",
        };
        (
            UnreadReason::NoFact,
            format!("{shown} gave no fact in this {} section", role_name(role)),
            Some(hint.to_string()),
        )
    };
    Unread {
        reason,
        section_role: role,
        section: heading.map(str::to_string),
        tokens,
        message,
        hint,
        span,
    }
}

/// Every fact of a note, each with its span.
fn facts_of(note: &Note, text: &str) -> Vec<Fact> {
    let index = LineIndex::new(text);
    let mut out = Vec::new();
    let mut fact = |kind, name: String, values: Values, span: Span| {
        let summary = values
            .0
            .iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect::<Vec<_>>()
            .join(" · ");
        out.push(Fact {
            kind,
            name,
            values,
            summary,
            line: index.line(span.start),
            span,
        })
    };
    if let Some(title) = note.sections.iter().find(|s| s.role == SectionRole::Title) {
        let mut v = Values::default();
        v.push_opt("week", note.week);
        v.push_opt("date", note.date);
        v.push_opt("created", note.created.map(|c| c.format("%Y-%m-%d %H:%M")));
        fact(
            FactKind::Title,
            note.title.clone().unwrap_or_default(),
            v,
            title.span,
        );
    }
    for m in &note.metrics {
        let mut v = Values::default();
        v.push("value", m.value);
        v.push_opt("unit", m.unit.as_ref());
        v.push("kind", serde_name(&m.kind));
        v.push_opt(
            "target",
            m.target.map(|t| match m.comparator {
                Some(c) => format!("{c} {t}"),
                None => t.to_string(),
            }),
        );
        v.push_opt("previous", m.previous);
        if m.approximate {
            v.push("approximate", "yes");
        }
        v.push_opt("basis", m.basis.map(|b| format!("{}/{}", b.part, b.total)));
        fact(FactKind::Metric, m.name.clone(), v, m.span);
    }
    if let Some(inc) = &note.incidents {
        let mut v = Values::default();
        for (grade, count) in &inc.by_grade {
            v.0.push(("grade", format!("{grade} {count}")));
        }
        fact(FactKind::Incidents, String::new(), v, inc.span);
    }
    for e in &note.events {
        let mut v = Values::default();
        v.push_opt("id", e.id.as_ref());
        v.push_opt("at", e.at.map(|a| a.format("%Y-%m-%d %H:%M")));
        v.push_opt("grade", e.grade.as_ref());
        v.push_opt("impact", e.impact_minutes.map(|m| format!("{m} min")));
        if let (Some(m), Some(d)) = (e.impact_minutes, e.derived_from) {
            let written = |s: Span| text.get(s.start..s.end).unwrap_or_default().trim();
            let derivation = if d.from == d.to {
                format!("{m} min = {}", written(d.to))
            } else {
                format!("{m} min = {} − {}", written(d.to), written(d.from))
            };
            v.push("derived", derivation);
        } else if let Some(source) = e.impact_source {
            v.push("impact_source", serde_name(&source));
        }
        v.push_opt(
            "recovered",
            e.recovered_at.map(|a| a.format("%Y-%m-%d %H:%M")),
        );
        v.push_opt("cause", e.cause.as_ref());
        fact(FactKind::Event, e.summary.clone(), v, e.span);
    }
    for o in &note.objectives {
        fact(
            FactKind::Objective,
            format!("{} {}", o.code, o.title).trim().to_string(),
            Values::default(),
            o.span,
        );
    }
    let items = note
        .objectives
        .iter()
        .flat_map(|o| &o.items)
        .chain(&note.items)
        .map(|i| (FactKind::Project, i))
        .chain(note.next_week.iter().map(|i| (FactKind::Plan, i)))
        .chain(note.tomorrow.iter().map(|i| (FactKind::Tomorrow, i)))
        .chain(note.risks.iter().map(|i| (FactKind::Risk, i)))
        .chain(note.others.iter().map(|i| (FactKind::Other, i)));
    for (kind, root) in items {
        for item in root.walk() {
            fact(kind, item.name.clone(), item_values(item), item.span);
        }
    }
    for l in &note.daily_links {
        let mut v = Values::default();
        v.push_opt("date", l.date);
        v.push("target", &l.target);
        fact(FactKind::DailyLink, l.text.clone(), v, l.span);
    }
    for t in &note.tables {
        let mut v = Values::default();
        v.push("rows", t.rows.len());
        fact(FactKind::Table, t.header.join(" | "), v, t.span);
    }
    out.sort_by_key(|f| (f.span.start, f.kind));
    out
}

/// An item's values: status, progress, dates, owner, health.
fn item_values(item: &Item) -> Values {
    let mut v = Values::default();
    if item.status != Status::Unknown {
        v.push("status", item.status);
    }
    v.push_opt("progress", item.progress.map(|p| format!("{p}%")));
    v.push_opt("due", item.due);
    v.push_opt("was_due", item.previous_due);
    v.push_opt("done", item.done_on);
    v.push_opt("owner", item.owner.as_ref());
    v.push_opt("health", item.health.as_ref().map(serde_name));
    v.push_opt(
        "confidence",
        item.confidence.map(|c| format!("{}/{}", c.value, c.out_of)),
    );
    v
}

/// The snake_case name serde gives a unit enum variant.
fn serde_name<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// A folder's explanations summed up.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FolderSummary {
    /// Per note, in path order.
    pub notes: Vec<NoteSummary>,
    /// Facts read in all notes.
    pub facts: usize,
    /// Unread lines in all notes.
    pub unread: usize,
    /// What recurs across notes, most notes first.
    pub patterns: Vec<Pattern>,
}

/// One note of a folder summary.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NoteSummary {
    /// The note's path.
    pub path: String,
    /// Facts read.
    pub facts: usize,
    /// Unread lines.
    pub unread: usize,
    /// Headings read as other whose lines hold figures.
    pub unknown_sections: Vec<String>,
}

/// Something the tool did not read, found in several notes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pattern {
    /// A heading read as other, or the words before the figures of unread lines.
    pub what: String,
    /// Which of the two.
    pub kind: PatternKind,
    /// In how many notes.
    pub notes: usize,
    /// On how many lines.
    pub lines: usize,
    /// What would teach the tool.
    pub hint: Option<String>,
}

/// What a [`Pattern`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PatternKind {
    /// A heading that names no section role.
    UnknownSection,
    /// Lines that open with the same words and give no fact.
    UnreadLine,
}

/// The most patterns a summary lists.
const TOP_PATTERNS: usize = 10;

/// Sums up explanations of a folder's notes.
pub fn summarize(explanations: &[Explanation]) -> FolderSummary {
    #[derive(Default)]
    struct Seen {
        notes: BTreeSet<usize>,
        lines: usize,
        hint: Option<String>,
    }
    let mut seen: BTreeMap<(PatternKind, String), Seen> = BTreeMap::new();
    let mut notes = Vec::new();
    for (n, e) in explanations.iter().enumerate() {
        for u in &e.unknown_sections {
            let s = seen
                .entry((PatternKind::UnknownSection, u.key.clone()))
                .or_default();
            s.notes.insert(n);
            s.lines += u.lines_with_figures;
            s.hint.get_or_insert_with(|| u.hint());
        }
        for l in &e.lines {
            let Some(u) = &l.unread else { continue };
            if u.reason == UnreadReason::UnknownSection {
                continue;
            }
            let lead = lead_words(&l.text, u.tokens.first().map(String::as_str));
            if lead.is_empty() {
                continue;
            }
            let s = seen.entry((PatternKind::UnreadLine, lead)).or_default();
            s.notes.insert(n);
            s.lines += 1;
            if s.hint.is_none() {
                s.hint = u.hint.clone();
            }
        }
        notes.push(NoteSummary {
            path: e.path.clone(),
            facts: e.facts,
            unread: e.unread,
            unknown_sections: e.unknown_sections.iter().map(|u| u.key.clone()).collect(),
        });
    }
    let mut patterns: Vec<Pattern> = seen
        .into_iter()
        // An unread line's opening words are a pattern when more than one note has them.
        .filter(|((kind, _), s)| *kind == PatternKind::UnknownSection || s.notes.len() > 1)
        .map(|((kind, what), s)| Pattern {
            what,
            kind,
            notes: s.notes.len(),
            lines: s.lines,
            hint: s.hint,
        })
        .collect();
    patterns.sort_by(|a, b| {
        (b.notes, b.lines, a.kind, &a.what).cmp(&(a.notes, a.lines, b.kind, &b.what))
    });
    patterns.truncate(TOP_PATTERNS);
    FolderSummary {
        facts: explanations.iter().map(|e| e.facts).sum(),
        unread: explanations.iter().map(|e| e.unread).sum(),
        notes,
        patterns,
    }
}

/// The words a line opens with before its first figure or its first colon, without list
/// marks and punctuation (`- 发布次数：12` → `发布次数`), at most 24 characters.
fn lead_words(line: &str, first_token: Option<&str>) -> String {
    let end = first_token.and_then(|t| line.find(t)).unwrap_or(line.len());
    let lead = line[..end].trim_start();
    let lead = lead.trim_start_matches(|c: char| {
        c == '-' || c == '*' || c == '+' || c == '>' || c == '|' || c.is_whitespace()
    });
    // An ordered list's number (`1.`).
    let digits = lead.bytes().take_while(u8::is_ascii_digit).count();
    let lead = match lead[digits..].strip_prefix(['.', ')']) {
        Some(rest) if digits > 0 => rest,
        _ => lead,
    };
    // A label (`原因: …`) is the pattern; else the words before the figure.
    let lead = lead.split([':', '：']).next().unwrap_or(lead);
    let lead = lead
        .trim()
        .trim_end_matches(|c: char| c.is_ascii_punctuation() || "：，；、（".contains(c))
        .trim();
    lead.chars().take(24).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lead_words_drop_list_marks_and_punctuation() {
        assert_eq!(lead_words("- 发布次数：12次", Some("12次")), "发布次数");
        assert_eq!(lead_words("1. Deploys: 12", Some("12")), "Deploys");
        assert_eq!(lead_words("| 7/3 | x |", Some("7/3")), "");
    }

    #[test]
    fn a_line_that_gave_a_fact_is_never_unread() {
        let text = "# 第28周 2023-07-08\n\n## 系统运行数据\n\n- 入金有效成功率：99.99%\n";
        let config = Config::builtin();
        let note = crate::parse_note("n.md", text, &config);
        let e = explain(text, &note, &config);
        assert_eq!(e.unread, 0);
        let line = &e.lines[4];
        assert_eq!(line.facts[0].name, "入金有效成功率");
        assert_eq!(line.facts[0].values.get("value"), Some("99.99"));
        assert_eq!(
            e.lines[2].section.as_ref().map(|s| &s.why),
            Some(&Why::Word {
                word: "系统运行数据".into()
            })
        );
    }

    #[test]
    fn figures_under_a_heading_of_no_role_are_unread() {
        let text = "# 第28周 2023-07-08\n\n## 发布统计\n\n本周发布12次，回滚1次。\n";
        let config = Config::builtin();
        let note = crate::parse_note("n.md", text, &config);
        let e = explain(text, &note, &config);
        assert_eq!(e.unknown_sections.len(), 1, "{e:#?}");
        assert_eq!(e.unknown_sections[0].key, "发布统计");
    }
}
