//! Notes the tool writes: the draft of a week's note, and a day's first daily note
//! ([`daily`]).
//!
//! A draft is last week's note's shape, filled with what this week's daily notes say. Numbers
//! are never invented: metrics are left as blanks (`__`) to fill in, which the
//! `unfilled-placeholder` rule reports until they are. Every word the draft adds itself comes
//! from the vocabulary's `writing:` phrases, in the language of the team's notes.

pub mod daily;

use std::collections::HashSet;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::analyze::{project_key, relative_path};
use crate::config::writing::{Lang, Phrases};
use crate::config::Vocabulary;
use crate::model::{Event, Item, Note, SectionRole, Status, WeekId};

/// The blank the author fills in; `check` reports it (rule `unfilled-placeholder`).
pub const BLANK: &str = "__";

/// What a draft is made from.
#[derive(Debug, Clone)]
pub struct DraftInput<'a> {
    /// The latest weekly note before the draft's date, whose shape the draft follows.
    pub last_week: Option<&'a Note>,
    /// This week's daily notes, in date order.
    pub dailies: Vec<&'a Note>,
    /// The draft's date (the title's date).
    pub date: NaiveDate,
    /// The draft's week under the configured numbering.
    pub week: WeekId,
    /// The folder the draft is written in, as the notes' paths are given (for relative links
    /// and source references).
    pub folder: String,
    /// The team's note template (`templates/weekly-note.md`), which shapes the draft when there
    /// is no earlier weekly note.
    pub template: Option<Template<'a>>,
    /// The vocabulary: the phrases the draft writes, the words that say "nothing".
    pub vocabulary: &'a Vocabulary,
}

/// A note template: a weekly note written once with blanks, copied as written into a team's
/// first draft (only its title, daily links and the dailies' projects are filled in).
#[derive(Debug, Clone, Copy)]
pub struct Template<'a> {
    /// The template, parsed.
    pub note: &'a Note,
    /// Its text.
    pub text: &'a str,
}

/// A drafted note: the context of the `draft.md` template.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Draft {
    /// The title without `#` (`第29周 2023-07-15`).
    pub title: String,
    /// Sections in order, each a heading line and its body lines.
    pub sections: Vec<DraftSection>,
    /// Projects carried from last week, updated from the dailies, and new ones.
    pub projects: usize,
    /// The daily notes it was made from.
    pub dailies: Vec<String>,
}

/// One section of a draft.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DraftSection {
    /// The heading line, with its `#`s.
    pub heading: String,
    /// Markdown lines under it (no trailing newline).
    pub lines: Vec<String>,
}

/// The latest statement of a project in the week's dailies.
#[derive(Debug, Clone)]
struct Fact<'a> {
    item: &'a Item,
    daily: &'a Note,
}

/// Writes the draft of the week.
pub fn draft(input: &DraftInput<'_>) -> Draft {
    // The language of last week's title, else of the note template, else of the first daily's
    // title.
    let title_lang = |n: &Note| n.title.as_deref().map(Lang::of);
    let lang = input
        .last_week
        .and_then(title_lang)
        .or_else(|| input.template.map(|t| Lang::of(t.text)))
        .or_else(|| input.dailies.first().copied().and_then(title_lang))
        .unwrap_or(Lang::Zh);
    let w = input.vocabulary.phrases(lang);
    let facts = latest_facts(&input.dailies);
    let mut known: HashSet<String> = HashSet::new();
    let mut sections = Vec::new();
    let mut projects = 0;
    let title = new_title(input, w);
    match input.last_week {
        None if input.template.is_some() => {
            let template = input.template.expect("matched as present");
            projects += from_template(template, &title, &facts, input, &mut sections);
        }
        None => {
            // No weekly note to learn from: the sample's shape.
            let new = new_projects(&facts, &known, input, w);
            projects += new.len();
            let mut events = Vec::new();
            event_lines(&input.dailies, input, w, &mut events);
            let mut risks = Vec::new();
            risk_lines(&input.dailies, input, &mut risks);
            let mut links = Vec::new();
            link_lines(&input.dailies, input, &mut links);
            let section = |heading: String, lines: Vec<String>| DraftSection { heading, lines };
            sections.push(section(format!("# {title}"), vec![]));
            sections.push(section(
                w.metrics_heading.clone(),
                vec![format!("- {BLANK}")],
            ));
            sections.push(section(w.projects_heading.clone(), new));
            sections.push(section(w.events_heading.clone(), events));
            sections.push(section(w.risks_heading.clone(), risks));
            sections.push(section(
                w.next_week_heading.clone(),
                vec![format!("1. {BLANK}")],
            ));
            sections.push(section(w.daily_links_heading.clone(), links));
        }
        Some(last) => {
            for p in last.progress_items() {
                known.insert(project_key(&p.name));
            }
            // Headings written without `#` (`成功率：`, `**Yesterday**`) are lines of the
            // section they sit in, not headings of a draft.
            let real: Vec<&crate::model::SectionInfo> =
                last.sections.iter().filter(|s| !s.pseudo).collect();
            let last_objective = real
                .iter()
                .rposition(|s| matches!(s.role, SectionRole::Objective | SectionRole::Subproject));
            let events_section = real.iter().any(|s| s.role == SectionRole::Events);
            for (i, s) in real.iter().copied().enumerate() {
                let start = s.line;
                let end = real.get(i + 1).map_or(u32::MAX, |n| n.line);
                let inside = |line: u32| line > start && line < end;
                let hashes = "#".repeat(usize::from(s.level));
                let heading = |text: &str| format!("{hashes} {text}");
                let mut lines = Vec::new();
                match s.role {
                    SectionRole::Title => {
                        let text = if i == 0 {
                            title.clone()
                        } else {
                            retitle(&s.heading, last, input)
                        };
                        sections.push(DraftSection {
                            heading: heading(&text),
                            lines,
                        });
                        continue;
                    }
                    SectionRole::Metrics => {
                        metric_blanks(last, &inside, w, &mut lines);
                    }
                    SectionRole::Objective | SectionRole::Subproject | SectionRole::Other => {
                        // A sub-project's heading is an item whose children are its section's.
                        let heading_item =
                            last.objectives.iter().flat_map(|o| &o.items).find(|item| {
                                item.line == s.line && s.role == SectionRole::Subproject
                            });
                        let items: Vec<&Item> = match heading_item {
                            Some(h) => h.children.iter().collect(),
                            None => section_items(last, &inside).collect(),
                        };
                        for item in &items {
                            projects += carry(item, &facts, 0, input, w, &mut lines);
                        }
                        if !events_section && last.events.iter().any(|e| inside(e.line)) {
                            let before = lines.len();
                            event_lines(&input.dailies, input, w, &mut lines);
                            let none = if lines.len() == before {
                                w.events_none.as_str()
                            } else {
                                ""
                            };
                            lines.insert(before, format!("- {}{none}", w.events_label));
                        }
                        if items.is_empty() && s.role == SectionRole::Other {
                            lines.push(BLANK.to_string());
                        }
                    }
                    SectionRole::Events => event_lines(&input.dailies, input, w, &mut lines),
                    SectionRole::Risks => risk_lines(&input.dailies, input, &mut lines),
                    SectionRole::NextWeek => {
                        let has_risks = last.sections.iter().any(|x| x.role == SectionRole::Risks);
                        let mut risks = Vec::new();
                        risk_lines(&input.dailies, input, &mut risks);
                        if !has_risks && !risks.is_empty() {
                            sections.push(DraftSection {
                                heading: heading(&w.risks_section),
                                lines: risks,
                            });
                        }
                        sections.push(DraftSection {
                            heading: heading(&w.plans_followed),
                            lines: plan_lines(last, &input.dailies, input, w),
                        });
                        lines.push(format!("1. {BLANK}"));
                    }
                    SectionRole::DailyLinks => link_lines(&input.dailies, input, &mut lines),
                    SectionRole::Progress => {}
                    _ => lines.push(BLANK.to_string()),
                }
                sections.push(DraftSection {
                    heading: heading(&s.heading),
                    lines,
                });
                if Some(i) == last_objective {
                    let new = new_projects(&facts, &known, input, w);
                    if !new.is_empty() {
                        projects += new.len();
                        sections.push(DraftSection {
                            heading: format!("{hashes}# {}", w.new_projects),
                            lines: new,
                        });
                    }
                }
            }
        }
    }
    Draft {
        title,
        sections,
        projects,
        dailies: input.dailies.iter().map(|d| d.path.clone()).collect(),
    }
}

/// The sections of a first draft shaped by `template`, pushed onto `sections`; returns the
/// projects written (those the dailies report, after the template's last objective).
fn from_template(
    template: Template<'_>,
    title: &str,
    facts: &[(String, Fact<'_>)],
    input: &DraftInput<'_>,
    sections: &mut Vec<DraftSection>,
) -> usize {
    let lines: Vec<&str> = template.text.lines().collect();
    let real: Vec<&crate::model::SectionInfo> = template
        .note
        .sections
        .iter()
        .filter(|s| !s.pseudo)
        .collect();
    let last_objective = real
        .iter()
        .rposition(|s| matches!(s.role, SectionRole::Objective | SectionRole::Subproject));
    let mut projects = 0;
    // A template without a title line still gives the note its title, which dates it.
    if real.first().is_none_or(|s| s.role != SectionRole::Title) {
        sections.push(DraftSection {
            heading: format!("# {title}"),
            lines: vec![],
        });
    }
    for (i, s) in real.iter().enumerate() {
        let hashes = "#".repeat(usize::from(s.level));
        let start = s.line as usize;
        let end = real
            .get(i + 1)
            .map_or(lines.len(), |n| (n.line as usize).saturating_sub(1));
        let mut body: Vec<String> = lines
            .get(start..end.max(start))
            .unwrap_or_default()
            .iter()
            .map(|l| l.trim_end().to_string())
            .collect();
        while body.first().is_some_and(String::is_empty) {
            body.remove(0);
        }
        while body.last().is_some_and(String::is_empty) {
            body.pop();
        }
        let heading = match s.role {
            SectionRole::Title if i == 0 => format!("{hashes} {title}"),
            _ => lines.get(start.saturating_sub(1)).map_or_else(
                || format!("{hashes} {}", s.heading),
                |l| l.trim_end().to_string(),
            ),
        };
        if s.role == SectionRole::DailyLinks {
            body.clear();
            link_lines(&input.dailies, input, &mut body);
        }
        sections.push(DraftSection {
            heading,
            lines: body,
        });
        if Some(i) == last_objective {
            let w = input.vocabulary.phrases(Lang::of(title));
            let new = new_projects(facts, &HashSet::new(), input, w);
            if !new.is_empty() {
                projects += new.len();
                sections.push(DraftSection {
                    heading: format!("{hashes}# {}", w.new_projects),
                    lines: new,
                });
            }
        }
    }
    projects
}

fn new_title(input: &DraftInput<'_>, w: &Phrases) -> String {
    let last_title = input.last_week.and_then(|n| Some((n, n.title.as_deref()?)));
    match last_title {
        Some((last, title)) => retitle(title, last, input),
        None => Phrases::fill(
            &w.title,
            &[
                ("week", &input.week.number.to_string()),
                ("date", &input.date.to_string()),
            ],
        ),
    }
}

/// Last week's title with this week's number and date, written the way it was written.
fn retitle(old: &str, last: &Note, input: &DraftInput<'_>) -> String {
    let mut text = old.to_string();
    if let Some(d) = last.date {
        for format in input.vocabulary.title_date_formats() {
            let written = d.format(format).to_string();
            if text.contains(&written) {
                text = text.replace(&written, &input.date.format(format).to_string());
                break;
            }
        }
    }
    // The week number as the extractor reads it in a title, replaced in place.
    let norm = crate::extract::Norm::new(&text);
    if let Some(week) = crate::extract::find_week(&norm.text) {
        let (start, end) = (
            norm.orig(week.number_range.0),
            norm.orig(week.number_range.1),
        );
        text.replace_range(start..end, &input.week.number.to_string());
    }
    text
}

/// The top-level items of a section's line range.
fn section_items<'n>(
    note: &'n Note,
    inside: &'n impl Fn(u32) -> bool,
) -> impl Iterator<Item = &'n Item> + 'n {
    note.objectives
        .iter()
        .flat_map(|o| &o.items)
        .chain(&note.items)
        .filter(move |i| inside(i.line))
}

/// The latest daily statement of each project, by key.
fn latest_facts<'a>(dailies: &[&'a Note]) -> Vec<(String, Fact<'a>)> {
    let mut out: Vec<(String, Fact<'a>)> = Vec::new();
    for daily in dailies {
        for item in daily.progress_items().filter(|i| is_project_fact(i)) {
            let key = project_key(&item.name);
            let fact = Fact { item, daily };
            match out.iter_mut().find(|(k, _)| *k == key) {
                Some(slot) => slot.1 = fact,
                None => out.push((key, fact)),
            }
        }
    }
    out
}

/// A daily item that says something of a project: a name before a colon and a status,
/// progress or date.
fn is_project_fact(item: &Item) -> bool {
    item.text.contains(['：', ':'])
        && (item.status != Status::Unknown || item.progress.is_some() || item.due.is_some())
}

/// Writes `item` (and its open children) updated from the dailies; returns the projects
/// written.
fn carry(
    item: &Item,
    facts: &[(String, Fact<'_>)],
    depth: usize,
    input: &DraftInput<'_>,
    w: &Phrases,
    out: &mut Vec<String>,
) -> usize {
    let fact = facts
        .iter()
        .find(|(k, _)| *k == project_key(&item.name))
        .map(|(_, f)| f);
    let open_children = item.children.iter().any(|c| c.status != Status::Done);
    let finished_group = !item.children.is_empty() && item.status == Status::Unknown;
    if (item.status == Status::Done || finished_group) && fact.is_none() && !open_children {
        return 0;
    }
    let indent = "    ".repeat(depth);
    let line = match fact {
        Some(f) => format!(
            "{indent}- {}{} <!-- {} -->",
            f.item.text.trim_end_matches(['；', ';', '。']),
            done_date(f, w),
            source(f.daily, f.item.line, input)
        ),
        None => format!(
            "{indent}- {}",
            item.text.trim_end_matches(['；', ';', '，', ','])
        ),
    };
    out.push(line);
    let mut written = 1;
    // A project the dailies report done moves to done as a whole.
    if fact.is_some_and(|f| f.item.status == Status::Done) {
        return written;
    }
    for child in &item.children {
        written += carry(child, facts, depth + 1, input, w, out);
    }
    written
}

/// `（7/13）` (the `done_on` phrase) after a done fact that states no date of its own: the
/// daily's date.
fn done_date(f: &Fact<'_>, w: &Phrases) -> String {
    match (f.item.status, f.item.done_on, f.daily.date) {
        (Status::Done, None, Some(d)) => Phrases::fill(
            &w.done_on,
            &[
                ("month", &d.month().to_string()),
                ("day", &d.day().to_string()),
            ],
        ),
        _ => String::new(),
    }
}

/// `daily/2023-07-11 周二.md:5`, relative to the draft's folder.
fn source(note: &Note, line: u32, input: &DraftInput<'_>) -> String {
    format!("{}:{line}", relative_path(&input.folder, &note.path))
}

/// Projects the dailies report that last week's note did not list.
fn new_projects(
    facts: &[(String, Fact<'_>)],
    known: &HashSet<String>,
    input: &DraftInput<'_>,
    w: &Phrases,
) -> Vec<String> {
    facts
        .iter()
        .filter(|(k, _)| !known.contains(k))
        .map(|(_, f)| {
            format!(
                "- {}{} <!-- {} -->",
                f.item.text.trim_end_matches(['；', ';', '。']),
                done_date(f, w),
                source(f.daily, f.item.line, input)
            )
        })
        .collect()
}

fn metric_blanks(last: &Note, inside: &impl Fn(u32) -> bool, w: &Phrases, out: &mut Vec<String>) {
    for m in last.metrics.iter().filter(|m| inside(m.line)) {
        let unit = m.unit.as_deref().unwrap_or("");
        out.push(format!("- {}{}{BLANK}{unit}", m.name, w.colon));
    }
    if let Some(inc) = last.incidents.as_ref().filter(|i| inside(i.line)) {
        let grades: Vec<String> = inc
            .by_grade
            .keys()
            .map(|g| Phrases::fill(&w.incident_grade, &[("grade", g), ("blank", BLANK)]))
            .collect();
        let grades = grades.join(&w.grade_separator);
        out.push(Phrases::fill(&w.incidents, &[("grades", &grades)]));
    }
}

fn event_lines(dailies: &[&Note], input: &DraftInput<'_>, w: &Phrases, out: &mut Vec<String>) {
    for d in dailies {
        for e in &d.events {
            out.push(format!(
                "- {} <!-- {} -->",
                event_text(e, w, input.vocabulary),
                source(d, e.line, input)
            ));
        }
    }
}

fn event_text(e: &Event, w: &Phrases, vocabulary: &Vocabulary) -> String {
    let mut s = String::new();
    if let Some(at) = e.at {
        s.push_str(&format!(
            "{}/{} {} ",
            at.month(),
            at.day(),
            at.format("%H:%M")
        ));
    }
    s.push_str(&e.summary);
    let sep = &w.clause_separator;
    if let Some(c) = &e.cause {
        s.push_str(&format!("{sep}{}{c}", w.cause));
    }
    if let Some(a) = &e.action {
        s.push_str(&format!("{sep}{}{a}", w.action));
    }
    // An action that already says the impact is not followed by it again.
    let says_impact = e
        .action
        .as_deref()
        .is_some_and(|a| vocabulary.mentions_impact(a));
    if let (Some(m), false) = (e.impact_minutes, says_impact) {
        s.push_str(&Phrases::fill(&w.impact, &[("minutes", &m.to_string())]));
    }
    s
}

fn risk_lines(dailies: &[&Note], input: &DraftInput<'_>, out: &mut Vec<String>) {
    for d in dailies {
        for r in d
            .risks
            .iter()
            .filter(|r| !input.vocabulary.says_nothing(&r.text))
        {
            out.push(format!(
                "- {} <!-- {} -->",
                r.text,
                source(d, r.line, input)
            ));
        }
    }
}

/// Last week's plans, each with what the dailies say of it.
fn plan_lines(last: &Note, dailies: &[&Note], input: &DraftInput<'_>, w: &Phrases) -> Vec<String> {
    let mut out = Vec::new();
    let colon = &w.colon;
    for (n, plan) in last.next_week.iter().enumerate() {
        let key = project_key(&plan.text);
        let said = dailies.iter().rev().find_map(|d| {
            d.progress_items()
                .filter(|i| !i.name.is_empty())
                .find(|i| {
                    let k = project_key(&i.name);
                    k.chars().count() >= 2 && (key.contains(&k) || k.contains(&key))
                })
                .map(|i| (d, i))
        });
        out.push(match said {
            Some((d, i)) => format!(
                "{}. {}{colon}{} {} <!-- {} -->",
                n + 1,
                plan.text,
                w.plan_said,
                i.text,
                source(d, i.line, input)
            ),
            None => format!("{}. {}{colon}{}", n + 1, plan.text, w.plan_not_said),
        });
    }
    out
}

/// `[2023/07/10 周一](daily/2023-07-10%20周一.md)`: links as Notion writes them.
fn link_lines(dailies: &[&Note], input: &DraftInput<'_>, out: &mut Vec<String>) {
    for d in dailies {
        let target = relative_path(&input.folder, &d.path);
        let text = d
            .title
            .clone()
            .or_else(|| d.date.map(|x| x.format("%Y/%m/%d").to_string()))
            .unwrap_or_else(|| target.to_string());
        if !out.is_empty() {
            out.push(String::new());
        }
        out.push(format!("[{text}]({})", encode_link(target)));
    }
}

/// What a Markdown link target cannot hold as is: spaces, brackets, `%`, control characters.
const LINK_TARGET: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'%')
    .add(b'(')
    .add(b')')
    .add(b'<')
    .add(b'>');

/// Percent-encodes what a link target cannot hold (see [`LINK_TARGET`]), keeping CJK text
/// readable as Notion does (`percent-encoding` alone would encode every non-ASCII byte).
fn encode_link(target: &str) -> String {
    let mut s = String::with_capacity(target.len());
    for run in target.split_inclusive(|c: char| !c.is_ascii()) {
        let (ascii, other) = match run.char_indices().last() {
            Some((i, c)) if !c.is_ascii() => run.split_at(i),
            _ => (run, ""),
        };
        s.extend(percent_encoding::utf8_percent_encode(ascii, LINK_TARGET));
        s.push_str(other);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_keep_cjk_and_encode_spaces() {
        assert_eq!(
            encode_link("daily/2023-07-10 周一.md"),
            "daily/2023-07-10%20周一.md"
        );
    }

    #[test]
    fn links_encode_what_a_target_cannot_hold() {
        assert_eq!(encode_link("a (1)/<b>%.md"), "a%20%281%29/%3Cb%3E%25.md");
    }

    #[test]
    fn nothing_words() {
        let v = &crate::config::Config::builtin().vocabulary;
        assert!(v.says_nothing("无"));
        assert!(v.says_nothing(" None. "));
        assert!(!v.says_nothing("无法联调"));
    }
}
