//! Projects and plan items: name, status, progress, due and done dates, clause by clause.
//!
//! "Where is `计划7/13上线` turned into a due date?" Here: [`clause_facts`].

use std::ops::Range;
use std::sync::LazyLock;

use chrono::NaiveDate;
use regex_lite::Regex;

use crate::config::DateCue;
use crate::model::{Item, Num, Severity, Status};
use crate::parse::{Inline, ListItem};

use super::dates::find_dates;
use super::lines::TextLine;
use super::scan::{trailing_run_start, Scan};
use super::text::{collapse_spaces, is_name_delimiter, trim_clause};
use super::Ctx;

/// A percentage a little after a progress word, as [`percent_ahead`] reads it.
#[cfg(test)]
const PERCENT_AHEAD: &str = r"^[^%;\n]{0,16}?(?P<n>-?[0-9]+(?:\.[0-9]+)?)\s*%";
static PERCENT_RIGHT_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[\s,:(]*(?P<n>-?[0-9]+(?:\.[0-9]+)?)\s*%").expect("progress pattern is valid")
});
/// What follows `完成` when it measures rather than states (`完成率`, `完成48个`), as
/// [`is_measure_after`] reads it.
#[cfg(test)]
const COUNT_OR_RATE_AFTER: &str = r"^\s*(?:[0-9]|率|度|比例)";
static PERCENT_ALONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?P<n>[0-9]+(?:\.[0-9]+)?)\s*%\s*$").expect("progress pattern is valid")
});
/// Words between a progress word and a figure that make the figure a goal.
const GOAL_WORDS: [&str; 8] = ["到", "至", "提升", "提高", "目标", "target", " to ", "goal"];
/// Words between a date's cue and the date (`上线于 7/13`, `due on 7/13`).
const CONNECTORS: [&str; 7] = [":", "于", "在", "on", "at", "for", "to"];

/// The facts of one clause.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facts {
    /// Decided status (Unknown when no word was found).
    pub status: Status,
    /// Progress in percent.
    pub progress: Option<Num>,
    /// Due date.
    pub due: Option<NaiveDate>,
    /// Done date.
    pub done_on: Option<NaiveDate>,
}

impl Facts {
    fn is_empty(&self) -> bool {
        *self == Facts::default()
    }

    /// Fills the fields `self` lacks from `later` (the first clause's facts are never
    /// overwritten by a later clause's).
    fn fill_from(&mut self, later: &Facts) {
        if self.status == Status::Unknown {
            self.status = later.status;
        }
        self.progress = self.progress.or(later.progress);
        self.due = self.due.or(later.due);
        self.done_on = self.done_on.or(later.done_on);
    }
}

/// One date with what its neighbouring words say of it.
struct CuedDate {
    cue: DateCue,
    date: NaiveDate,
    /// The whole phrase (cue word and date), kept out of status matching.
    phrase: Range<usize>,
}

/// Finds the cue of each date in `clause` and resolves the dates; an impossible date next to
/// a cue (or with a written year) becomes a diagnostic.
fn cued_dates(
    ctx: &mut Ctx<'_>,
    line: &TextLine<'_>,
    offset: usize,
    clause: &str,
) -> Vec<CuedDate> {
    let mut out = Vec::new();
    for token in find_dates(clause) {
        let before = &clause[..token.start];
        let trimmed_before = &before[..trailing_run_start(before, &CONNECTORS)];
        let cue_before = ctx
            .vocab
            .dates_before()
            .find_at_end(before)
            .or_else(|| ctx.vocab.dates_before().find_at_end(trimmed_before));
        let after = &clause[token.end..];
        let cue_after = if cue_before.is_none() {
            ctx.vocab.dates_after().find_at_start(after)
        } else {
            None
        };
        let (cue, phrase) = match (&cue_before, &cue_after) {
            (Some(m), _) => (*m.meaning, m.range.start..token.end),
            (None, Some(m)) => (*m.meaning, token.start..token.end + m.range.end),
            // A bare date says nothing; one with a written year is still checked.
            (None, None) if token.year.is_none() => continue,
            (None, None) => {
                ctx.resolve_date(&token, line.span(offset + token.start..offset + token.end));
                continue;
            }
        };
        let Some(date) =
            ctx.resolve_date(&token, line.span(offset + token.start..offset + token.end))
        else {
            continue;
        };
        let cue = match cue {
            DateCue::Launch if ctx.anchor.is_some_and(|a| date <= a) => DateCue::Done,
            DateCue::Launch => DateCue::Due,
            cue => cue,
        };
        out.push(CuedDate { cue, date, phrase });
    }
    out
}

/// The facts of `line.norm.text[range]`.
pub(super) fn clause_facts(ctx: &mut Ctx<'_>, line: &TextLine<'_>, range: Range<usize>) -> Facts {
    let clause = &line.norm.text[range.clone()];
    let offset = range.start;
    let mut facts = Facts::default();
    let mut moved = false;
    let mut excluded: Vec<Range<usize>> = Vec::new();
    for cued in cued_dates(ctx, line, offset, clause) {
        match cued.cue {
            DateCue::Due => {
                facts.due.get_or_insert(cued.date);
                excluded.push(cued.phrase);
            }
            DateCue::Moved => {
                facts.due = Some(cued.date);
                moved = true;
                excluded.push(cued.phrase);
            }
            DateCue::Done | DateCue::Launch => {
                facts.done_on.get_or_insert(cued.date);
            }
        }
    }

    let statuses = ctx.vocab.statuses().find_all(clause);
    let mut seen = Vec::new();
    for m in &statuses {
        let in_phrase = excluded
            .iter()
            .any(|r| r.start < m.range.end && m.range.start < r.end);
        // `完成率`, `完成度`, `完成48个`: a measure of how much is done, not a status.
        let measure = *m.meaning == Status::Done && is_measure_after(&clause[m.range.end..]);
        if !in_phrase && !measure {
            seen.push(*m.meaning);
        }
    }
    if facts.done_on.is_some() {
        seen.push(Status::Done);
    }
    if moved {
        seen.push(Status::Delayed);
    }

    facts.progress = progress(ctx, line, offset, clause, &statuses);
    facts.status = decide(&seen, facts.due.is_some() && facts.done_on.is_none());
    facts
}

/// Whether `text` goes on to say how much (`率`, `度`, `比例` or a figure, after any white
/// space): `COUNT_OR_RATE_AFTER` by hand.
fn is_measure_after(text: &str) -> bool {
    let rest = Scan { text, at: 0 }.ascii_spaces().rest();
    rest.starts_with(|c: char| c.is_ascii_digit() || c == '率' || c == '度')
        || rest.starts_with("比例")
}

/// The precedence documented in `default.yaml`.
fn decide(seen: &[Status], plans_ahead: bool) -> Status {
    let has = |s: Status| seen.contains(&s);
    if has(Status::Blocked) {
        Status::Blocked
    } else if has(Status::Delayed) {
        Status::Delayed
    } else if has(Status::Done) && (has(Status::Planned) || plans_ahead) {
        // A milestone finished while the launch is still ahead: the project goes on.
        Status::InProgress
    } else if has(Status::InProgress) {
        Status::InProgress
    } else if has(Status::Testing) {
        Status::Testing
    } else if has(Status::Done) {
        Status::Done
    } else if has(Status::Planned) {
        Status::Planned
    } else {
        Status::Unknown
    }
}

fn progress(
    ctx: &mut Ctx<'_>,
    line: &TextLine<'_>,
    offset: usize,
    clause: &str,
    statuses: &[crate::config::WordMatch<'_, Status>],
) -> Option<Num> {
    // Every way of stating progress below ends in `%`: most clauses have none.
    if !clause.contains('%') {
        return None;
    }
    let after_word = ctx
        .vocab
        .progress()
        .find_all(clause)
        .into_iter()
        .find_map(|m| {
            let n = percent_ahead(&clause[m.range.end..])?;
            // `完成率提升到70%` states a goal, not where the work stands.
            let gap = clause[m.range.end..m.range.end + n.start].to_lowercase();
            if GOAL_WORDS.iter().any(|w| gap.contains(w)) {
                return None;
            }
            Some(m.range.end + n.start..m.range.end + n.end)
        });
    // A comma-separated part that is only a percentage (`in testing, 90%`).
    let alone = || {
        let mut at = 0;
        clause.split(',').find_map(|part| {
            let start = at;
            at += part.len() + 1;
            let c = PERCENT_ALONE.captures(part)?;
            let n = c.name("n")?;
            Some(start + n.start()..start + n.end())
        })
    };
    let after_status = || {
        statuses
            .iter()
            .filter(|m| matches!(m.meaning, Status::InProgress | Status::Testing))
            .find_map(|m| {
                let c = PERCENT_RIGHT_AFTER.captures(&clause[m.range.end..])?;
                let n = c.name("n")?;
                Some(m.range.end + n.start()..m.range.end + n.end())
            })
    };
    let r = after_word.or_else(after_status).or_else(alone)?;
    let value = Num::parse(&clause[r.clone()])?;
    if !crate::model::percent_is_possible(value) {
        let span = line.span(offset + r.start..offset + r.end);
        ctx.report(
            "value-out-of-range",
            Severity::Warning,
            span,
            format!("progress {value}% is outside 0–100%"),
        );
        return None;
    }
    Some(value)
}

/// The status a progress figure implies when no word says one.
fn status_from_progress(progress: Option<Num>) -> Status {
    match progress {
        Some(p) if p.0 >= rust_decimal::Decimal::ONE_HUNDRED => Status::Done,
        Some(p) if p.0.is_zero() => Status::Planned,
        Some(_) => Status::InProgress,
        None => Status::Unknown,
    }
}

/// The clauses of a line: split at `;` (and `；`), blank ones dropped.
fn clauses(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ';')))
    {
        if c == ';' {
            if !trim_clause(&text[start..i]).is_empty() {
                out.push(start..i);
            }
            start = i + c.len_utf8();
        }
    }
    out
}

/// The stable key of an item: the clause's text before the first `，：,:`, without a trailing
/// status word, date phrase or progress word, with spaces collapsed.
pub(super) fn name(ctx: &Ctx<'_>, clause: &str) -> String {
    subject(ctx, clause).unwrap_or_else(|| collapse_spaces(trim_clause(clause)))
}

/// The name of a clause, or `None` when it is only a status, date or progress phrase
/// (`开发中`, `计划7/20上线`) and names nothing itself.
fn subject(ctx: &Ctx<'_>, clause: &str) -> Option<String> {
    // A leading time (`18:40 企业钱包告警`) is not part of a name.
    let clause = super::dates::time_at_start(clause).map_or(clause, |t| &clause[t.end..]);
    let head = clause.split(is_name_delimiter).next().unwrap_or(clause);
    let delimited = head.len() < clause.trim_end_matches(is_name_delimiter).len();
    let mut name = trim_clause(head).to_string();
    for _ in 0..4 {
        let trimmed = trim_clause(&name).to_string();
        let cut = ctx
            .vocab
            .statuses()
            .find_at_end(&trimmed)
            .map(|m| m.range.start)
            .or_else(|| {
                ctx.vocab
                    .progress()
                    .find_at_end(&trimmed)
                    .map(|m| m.range.start)
            })
            .or_else(|| {
                // `网联代收上线` names 网联代收; `账单投产：…` names 账单投产.
                (!delimited)
                    .then(|| {
                        ctx.vocab
                            .dates_after()
                            .find_at_end(&trimmed)
                            .map(|m| m.range.start)
                    })
                    .flatten()
            })
            .or_else(|| date_phrase_at_end(ctx, &trimmed));
        match cut {
            Some(at) => name = trimmed[..at].to_string(),
            None => {
                name = trimmed;
                break;
            }
        }
        if trim_clause(&name).is_empty() {
            return None;
        }
    }
    let name = collapse_spaces(trim_clause(&name).trim_matches(['【', '】', '[', ']']));
    (!name.is_empty()).then_some(name)
}

/// Where a trailing date phrase (`7/6上线完毕`, `planned launch 3/15`) starts, if `text` ends
/// with one.
fn date_phrase_at_end(ctx: &Ctx<'_>, text: &str) -> Option<usize> {
    let token = find_dates(text).into_iter().last()?;
    let after = &text[token.end..];
    let tail_ok = after.trim().is_empty()
        || ctx
            .vocab
            .dates_after()
            .find_at_start(after)
            .is_some_and(|m| trim_clause(&after[m.range.end..]).is_empty());
    if !tail_ok {
        return None;
    }
    let before = &text[..token.start];
    Some(
        ctx.vocab
            .dates_before()
            .find_at_end(before)
            .map_or(token.start, |m| m.range.start),
    )
}

/// An item from a paragraph or a list item's paragraphs, with already-built `children`.
pub(super) fn item_from_content(
    ctx: &mut Ctx<'_>,
    content: &[Inline],
    checked: Option<bool>,
    mut children: Vec<Item>,
) -> Option<Item> {
    let first = content.first()?;
    let lines: Vec<TextLine<'_>> = content.iter().flat_map(TextLine::split).collect();
    let first_line = lines.first()?;
    let mut per_clause = Vec::new();
    for line in &lines {
        for range in clauses(&line.norm.text) {
            let facts = clause_facts(ctx, line, range.clone());
            per_clause.push((line, range, facts));
        }
    }
    // The first clause that states anything sets the item's facts; later clauses fill in
    // what it leaves out, unless it says done (then the rest are other pieces of work,
    // kept as clause children).
    let mut facts = Facts::default();
    for (_, _, f) in &per_clause {
        if facts.status == Status::Done {
            break;
        }
        facts.fill_from(f);
    }
    if facts.status == Status::Unknown {
        facts.status = match checked {
            Some(true) => Status::Done,
            Some(false) => Status::Planned,
            None => status_from_progress(facts.progress),
        };
    }
    let first_clause = clauses(&first_line.norm.text)
        .into_iter()
        .next()
        .unwrap_or(0..first_line.norm.text.len());
    let name = name(ctx, &first_line.norm.text[first_clause]);

    let with_facts = per_clause.iter().filter(|(_, _, f)| !f.is_empty()).count();
    if with_facts >= 2 && per_clause.len() >= 2 {
        let clause_items: Vec<Item> = per_clause
            .iter()
            .enumerate()
            .map(|(i, (line, range, f))| {
                // The first clause opens with the item's own name (`商户降客询，…`): the
                // clause's child is what follows it.
                let mut range = range.clone();
                if i == 0 {
                    if let Some(d) = line.norm.text[range.clone()].find(is_name_delimiter) {
                        let rest = range.start + d + 1;
                        if !trim_clause(&line.norm.text[rest..range.end]).is_empty() {
                            range.start = rest;
                        }
                    }
                }
                let mut f = f.clone();
                if f.status == Status::Unknown {
                    f.status = status_from_progress(f.progress);
                }
                let span = line.span(range.clone());
                Item {
                    name: subject(ctx, &line.norm.text[range.clone()])
                        .unwrap_or_else(|| name.clone()),
                    text: trim_clause(line.original(range.clone())).to_string(),
                    status: f.status,
                    progress: f.progress,
                    due: f.due,
                    done_on: f.done_on,
                    children: vec![],
                    line: ctx.line(span.start),
                    span,
                }
            })
            .collect();
        children.splice(0..0, clause_items);
    }

    let text: Vec<&str> = content.iter().map(|i| i.text.as_str()).collect();
    Some(Item {
        name,
        text: text.join("\n"),
        status: facts.status,
        progress: facts.progress,
        due: facts.due,
        done_on: facts.done_on,
        children,
        line: ctx.line(first.span.start),
        span: first.span,
    })
}

/// An item from a list item and its nested items.
pub(super) fn item_from_list_item(ctx: &mut Ctx<'_>, li: &ListItem) -> Option<Item> {
    let children: Vec<Item> = li
        .children
        .iter()
        .filter_map(|c| item_from_list_item(ctx, c))
        .collect();
    if li.content.iter().any(|i| !i.text.trim().is_empty()) {
        return item_from_content(ctx, &li.content, li.checked, children);
    }
    // An item with no text of its own: keep its children rather than lose them.
    (!children.is_empty()).then(|| Item {
        name: String::new(),
        text: String::new(),
        status: Status::Unknown,
        progress: None,
        due: None,
        done_on: None,
        line: ctx.line(li.span.start),
        span: li.span,
        children,
    })
}

/// The figure of a percentage within the first sixteen characters of `text` (before any `%`,
/// `;` or line end): `^[^%;\n]{0,16}?(?P<n>-?[0-9]+(?:\.[0-9]+)?)\s*%`, written by hand (the
/// regular expression was a twentieth of a build's instructions) and compared with it by a test.
fn percent_ahead(text: &str) -> Option<std::ops::Range<usize>> {
    let mut at = 0;
    for skipped in 0..=16 {
        if let Some(figure) = percent_figure_at(text, at) {
            return Some(figure);
        }
        match text[at..].chars().next() {
            Some(c) if skipped < 16 && !matches!(c, '%' | ';' | '\n') => at += c.len_utf8(),
            _ => return None,
        }
    }
    None
}

/// `-?[0-9]+(?:\.[0-9]+)?\s*%` at `at`: the figure's range.
fn percent_figure_at(text: &str, at: usize) -> Option<std::ops::Range<usize>> {
    let s = Scan { text, at };
    let unsigned = s.one_of(&['-']).map_or(s, |(_, s)| s);
    let mut end = unsigned.digit_run(1, usize::MAX)?;
    if let Some(decimals) = end
        .one_of(&['.'])
        .and_then(|(_, d)| d.digit_run(1, usize::MAX))
    {
        end = decimals;
    }
    end.ascii_spaces().one_of(&['%']).map(|_| at..end.at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_ahead_finds_what_its_pattern_finds() {
        let pieces = [
            "50", "%", "-", ".", "5", ";", "\n", " ", "\t", "ab", "完成", "进度", "0.5", "到", "x",
            "12%", "3 %", "-1.5%",
        ];
        super::super::scan::assert_same_as_pattern(
            PERCENT_AHEAD,
            &pieces,
            50_000,
            10_000,
            |oracle, text| Some(oracle.captures(text)?.name("n")?.range()),
            percent_ahead,
        );
    }

    #[test]
    fn is_measure_after_finds_what_its_pattern_finds() {
        let pieces = [
            " ", "\t", "率", "度", "比", "例", "比例", "4", "个", "x", "\u{3000}",
        ];
        super::super::scan::assert_same_as_pattern(
            COUNT_OR_RATE_AFTER,
            &pieces,
            20_000,
            5_000,
            |oracle, text| oracle.is_match(text).then_some(()),
            |text| is_measure_after(text).then_some(()),
        );
    }

    #[test]
    fn clauses_split_at_semicolons() {
        let t = "a,b;c;;d;";
        let parts: Vec<&str> = clauses(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(parts, ["a,b", "c", "d"]);
    }

    #[test]
    fn status_precedence() {
        use Status::*;
        assert_eq!(decide(&[Done, Testing], false), Testing);
        assert_eq!(decide(&[Done, InProgress], false), InProgress);
        assert_eq!(decide(&[Done, Planned], false), InProgress);
        assert_eq!(decide(&[Done], true), InProgress);
        assert_eq!(decide(&[Done, Delayed], false), Delayed);
        assert_eq!(decide(&[InProgress, Blocked], false), Blocked);
        assert_eq!(decide(&[], false), Unknown);
    }
}
