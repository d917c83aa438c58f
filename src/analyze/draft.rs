//! The draft of a week's note: last week's note's shape, filled with what this week's daily
//! notes say. Numbers are never invented: metrics are left as blanks (`__`) to fill in, which
//! the `unfilled-placeholder` rule reports until they are.

use std::collections::HashSet;
use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use regex_lite::Regex;
use serde::Serialize;

use crate::analyze::project_key;
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

/// Chinese or English wording for what the draft adds itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lang {
    Zh,
    En,
}

impl Lang {
    fn of(text: &str) -> Lang {
        if text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) {
            Lang::Zh
        } else {
            Lang::En
        }
    }
    fn pick(self, zh: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
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
    let facts = latest_facts(&input.dailies);
    let mut known: HashSet<String> = HashSet::new();
    let mut sections = Vec::new();
    let mut projects = 0;
    let title = new_title(input, lang);
    match input.last_week {
        None if input.template.is_some() => {
            let template = input.template.expect("matched as present");
            projects += from_template(template, &title, &facts, input, &mut sections);
        }
        None => {
            // No weekly note to learn from: the sample's shape.
            let new = new_projects(&facts, &known, input);
            projects += new.len();
            let mut events = Vec::new();
            event_lines(&input.dailies, input, lang, &mut events);
            let mut risks = Vec::new();
            risk_lines(&input.dailies, input, &mut risks);
            let mut links = Vec::new();
            link_lines(&input.dailies, input, &mut links);
            let section = |heading: String, lines: Vec<String>| DraftSection { heading, lines };
            sections.push(section(format!("# {title}"), vec![]));
            sections.push(section(
                lang.pick("## 系统运行数据", "## Key metrics").into(),
                vec![format!("- {BLANK}")],
            ));
            sections.push(section(lang.pick("## 项目进展", "## Projects").into(), new));
            sections.push(section(
                lang.pick("## 生产稳定性事件", "## Stability events").into(),
                events,
            ));
            sections.push(section(
                lang.pick("## 问题与风险", "## Risks").into(),
                risks,
            ));
            sections.push(section(
                lang.pick("# 下周工作及目标", "# Next week").into(),
                vec![format!("1. {BLANK}")],
            ));
            sections.push(section(
                lang.pick("# 日报合集", "# Daily notes").into(),
                links,
            ));
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
                        metric_blanks(last, &inside, lang, &mut lines);
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
                            projects += carry(item, &facts, 0, input, &mut lines);
                        }
                        if !events_section && last.events.iter().any(|e| inside(e.line)) {
                            let before = lines.len();
                            event_lines(&input.dailies, input, lang, &mut lines);
                            let label =
                                lang.pick("生产稳定性事件：", "Production stability events:");
                            let none = if lines.len() == before {
                                lang.pick("无", " none")
                            } else {
                                ""
                            };
                            lines.insert(before, format!("- {label}{none}"));
                        }
                        if items.is_empty() && s.role == SectionRole::Other {
                            lines.push(BLANK.to_string());
                        }
                    }
                    SectionRole::Events => event_lines(&input.dailies, input, lang, &mut lines),
                    SectionRole::Risks => risk_lines(&input.dailies, input, &mut lines),
                    SectionRole::NextWeek => {
                        let has_risks = last.sections.iter().any(|x| x.role == SectionRole::Risks);
                        let mut risks = Vec::new();
                        risk_lines(&input.dailies, input, &mut risks);
                        if !has_risks && !risks.is_empty() {
                            sections.push(DraftSection {
                                heading: heading(lang.pick("问题与风险", "Risks")),
                                lines: risks,
                            });
                        }
                        sections.push(DraftSection {
                            heading: heading(lang.pick("上周计划跟进", "Last week's plans")),
                            lines: plan_lines(last, &input.dailies, input, lang),
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
                    let new = new_projects(&facts, &known, input);
                    if !new.is_empty() {
                        projects += new.len();
                        sections.push(DraftSection {
                            heading: format!(
                                "{hashes}# {}",
                                lang.pick(
                                    "新增（日报中首次出现）",
                                    "New (first in the daily notes)"
                                )
                            ),
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
            let new = new_projects(facts, &HashSet::new(), input);
            if !new.is_empty() {
                projects += new.len();
                let lang = Lang::of(title);
                sections.push(DraftSection {
                    heading: format!(
                        "{hashes}# {}",
                        lang.pick("新增（日报中首次出现）", "New (first in the daily notes)")
                    ),
                    lines: new,
                });
            }
        }
    }
    projects
}

fn new_title(input: &DraftInput<'_>, lang: Lang) -> String {
    let last_title = input.last_week.and_then(|n| Some((n, n.title.as_deref()?)));
    match last_title {
        Some((last, title)) => retitle(title, last, input),
        None => match lang {
            Lang::Zh => format!("第{}周 {}", input.week.number, input.date),
            Lang::En => format!("Week {} {}", input.week.number, input.date),
        },
    }
}

static WEEK_IN_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(第\s*|week\s*|\bw)(\d{1,2})").expect("week pattern is valid")
});

/// Last week's title with this week's number and date, written the way it was written.
fn retitle(old: &str, last: &Note, input: &DraftInput<'_>) -> String {
    let mut text = old.to_string();
    if let Some(d) = last.date {
        for format in ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%-m月%-d日"] {
            let written = d.format(format).to_string();
            if text.contains(&written) {
                text = text.replace(&written, &input.date.format(format).to_string());
                break;
            }
        }
    }
    WEEK_IN_TITLE
        .replace(&text, |c: &regex_lite::Captures<'_>| {
            format!("{}{}", &c[1], input.week.number)
        })
        .into_owned()
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
            done_date(f),
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
        written += carry(child, facts, depth + 1, input, out);
    }
    written
}

/// ` (7/13)` after a done fact that states no date of its own: the daily's date.
fn done_date(f: &Fact<'_>) -> String {
    match (f.item.status, f.item.done_on, f.daily.date) {
        (Status::Done, None, Some(d)) => format!("（{}/{}）", d.month(), d.day()),
        _ => String::new(),
    }
}

/// `daily/2023-07-11 周二.md:5`, relative to the draft's folder.
fn source(note: &Note, line: u32, input: &DraftInput<'_>) -> String {
    format!("{}:{line}", super::relative(&input.folder, &note.path))
}

/// Projects the dailies report that last week's note did not list.
fn new_projects(
    facts: &[(String, Fact<'_>)],
    known: &HashSet<String>,
    input: &DraftInput<'_>,
) -> Vec<String> {
    facts
        .iter()
        .filter(|(k, _)| !known.contains(k))
        .map(|(_, f)| {
            format!(
                "- {}{} <!-- {} -->",
                f.item.text.trim_end_matches(['；', ';', '。']),
                done_date(f),
                source(f.daily, f.item.line, input)
            )
        })
        .collect()
}

fn metric_blanks(last: &Note, inside: &impl Fn(u32) -> bool, lang: Lang, out: &mut Vec<String>) {
    let colon = lang.pick("：", ": ");
    for m in last.metrics.iter().filter(|m| inside(m.line)) {
        let unit = m.unit.as_deref().unwrap_or("");
        out.push(format!("- {}{colon}{BLANK}{unit}", m.name));
    }
    if let Some(inc) = last.incidents.as_ref().filter(|i| inside(i.line)) {
        let grades: Vec<String> = inc
            .by_grade
            .keys()
            .map(|g| match lang {
                Lang::Zh => format!("{g}级{BLANK}次"),
                Lang::En => format!("{g} {BLANK}"),
            })
            .collect();
        out.push(match lang {
            Lang::Zh => format!("- 事故数{}", grades.join("，")),
            Lang::En => format!("- Incidents: {}", grades.join(", ")),
        });
    }
}

fn event_lines(dailies: &[&Note], input: &DraftInput<'_>, lang: Lang, out: &mut Vec<String>) {
    for d in dailies {
        for e in &d.events {
            out.push(format!(
                "- {} <!-- {} -->",
                event_text(e, lang),
                source(d, e.line, input)
            ));
        }
    }
}

fn event_text(e: &Event, lang: Lang) -> String {
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
    let (cause, action, sep) = match lang {
        Lang::Zh => ("原因：", "处置：", "，"),
        Lang::En => ("Cause: ", "Action: ", "; "),
    };
    if let Some(c) = &e.cause {
        s.push_str(&format!("{sep}{cause}{c}"));
    }
    if let Some(a) = &e.action {
        s.push_str(&format!("{sep}{action}{a}"));
    }
    if let (Some(m), true) = (
        e.impact_minutes,
        e.action.as_deref().is_none_or(|a| !a.contains("影响")),
    ) {
        s.push_str(&match lang {
            Lang::Zh => format!("，影响{m}分钟"),
            Lang::En => format!("; impact {m} minutes"),
        });
    }
    s
}

/// Placeholder words for "nothing to report".
fn is_nothing(text: &str) -> bool {
    matches!(
        text.trim()
            .trim_end_matches(['。', '.'])
            .to_lowercase()
            .as_str(),
        "无" | "暂无" | "none" | "n/a" | "nothing" | "-"
    )
}

fn risk_lines(dailies: &[&Note], input: &DraftInput<'_>, out: &mut Vec<String>) {
    for d in dailies {
        for r in d.risks.iter().filter(|r| !is_nothing(&r.text)) {
            out.push(format!(
                "- {} <!-- {} -->",
                r.text,
                source(d, r.line, input)
            ));
        }
    }
}

/// Last week's plans, each with what the dailies say of it.
fn plan_lines(last: &Note, dailies: &[&Note], input: &DraftInput<'_>, lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    let colon = lang.pick("：", ": ");
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
                lang.pick("日报", "daily notes:"),
                i.text,
                source(d, i.line, input)
            ),
            None => format!(
                "{}. {}{colon}{}",
                n + 1,
                plan.text,
                lang.pick("日报未提及", "not in the daily notes")
            ),
        });
    }
    out
}

/// `[2023/07/10 周一](daily/2023-07-10%20周一.md)`: links as Notion writes them.
fn link_lines(dailies: &[&Note], input: &DraftInput<'_>, out: &mut Vec<String>) {
    for d in dailies {
        let target = super::relative(&input.folder, &d.path);
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

/// Percent-encodes what a Markdown link target cannot hold as is (spaces, brackets, `%`),
/// keeping CJK text readable as Notion does.
fn encode_link(target: &str) -> String {
    let mut s = String::with_capacity(target.len());
    for c in target.chars() {
        match c {
            ' ' => s.push_str("%20"),
            '%' => s.push_str("%25"),
            '(' => s.push_str("%28"),
            ')' => s.push_str("%29"),
            '<' => s.push_str("%3C"),
            '>' => s.push_str("%3E"),
            _ => s.push(c),
        }
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
    fn nothing_words() {
        assert!(is_nothing("无"));
        assert!(is_nothing(" None. "));
        assert!(!is_nothing("无法联调"));
    }
}
