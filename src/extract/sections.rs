//! What each section of a note is: its role, found from the heading's meaning.
//!
//! A heading is stripped of what decorates it — numbering (`一、`, `（二）`, `1.`, `3)`,
//! `Part 2:`), brackets (`【】`, `[]`), emoji (`🚀`), a trailing qualifier or date
//! (`Next steps (week of Jun 17)`, `SLOs (28-day rolling)`) — and the vocabulary's section
//! words are then looked for inside it: one that is the whole heading wins, else the longest
//! (`下周计划` → plans, `本周风险与协调事项` → risks, `线上问题与稳定性` → events). An objective
//! (`O2系统升级`) and a lettered sub-project (`A. 支付账户2.0升级`) are found by their shape. A
//! heading that names nothing takes its parent's role.

use crate::config::{Lexicon, Meaning, MeaningKind, SectionRole, WordHit};
use crate::model::{Objective, Status};
use crate::parse::{Block, Document, Inline};

use super::text::{collapse_spaces, fold_char, trim_clause};
use super::{find_dates, find_week, Ctx};

/// What a section is read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// The title heading or the preamble (properties live here).
    Title,
    /// A section the vocabulary names, with the status its items have when their words say
    /// none (`🚀 Shipped` → done).
    Known(SectionRole, Option<Status>),
    /// An objective, by index in `Note::objectives`.
    Objective(usize),
    /// A sub-project of an objective: its items go under the objective's last item.
    SubProject(usize),
    /// Progress with no objective.
    Loose(Option<Status>),
}

impl Role {
    /// The role as the model names it.
    pub(crate) fn model(self) -> SectionRole {
        match self {
            Role::Title => SectionRole::Title,
            Role::Objective(_) => SectionRole::Objective,
            Role::SubProject(_) => SectionRole::Subproject,
            Role::Loose(_) => SectionRole::Other,
            Role::Known(r, _) => r,
        }
    }
}

/// A heading's text as roles are matched: folded, without brackets, emoji, bold, numbering,
/// a trailing qualifier in brackets or a final colon.
pub(crate) fn heading_key(text: &str) -> String {
    let folded: String = text
        .chars()
        .map(fold_char)
        .filter(|c| {
            !matches!(
                c,
                '【' | '】' | '[' | ']' | '《' | '》' | '「' | '」' | '*' | '#' | '_' | '`'
            )
        })
        .collect();
    // Emoji and pictographs before the words (`🚀 Shipped`, `📊 一、核心指标`).
    let start = folded
        .char_indices()
        .find(|(_, c)| c.is_alphanumeric() || matches!(c, '(' | '（'))
        .map_or(folded.len(), |(i, _)| i);
    let mut key = folded[start..].to_string();
    for _ in 0..2 {
        let n = numbering_len(&key);
        key = key[n..].to_string();
    }
    let key = strip_trailing_qualifier(&key);
    collapse_spaces(trim_clause(key))
}

/// Without a final `(…)` / `（…）` qualifier (`SLOs (28-day rolling)`), unless that is all
/// there is.
fn strip_trailing_qualifier(key: &str) -> &str {
    let trimmed = key.trim_end();
    for (open, close) in [('(', ')'), ('（', '）')] {
        if trimmed.ends_with(close) {
            if let Some(at) = trimmed.rfind(open) {
                if !trimmed[..at].trim().is_empty() {
                    return &trimmed[..at];
                }
            }
        }
    }
    trimmed
}

/// The length of a leading number (`1.`, `2.3`, `4)`, `一、`, `(五)`, `（二）`, `Part 2:`,
/// `Section 3.`) with the white space around it, or 0.
pub(crate) fn numbering_len(text: &str) -> usize {
    let numerals = &crate::config::script::script().numerals;
    let lead = text.len() - text.trim_start().len();
    let rest = &text[lead..];
    let spaces = |from: usize| from + text[from..].len() - text[from..].trim_start().len();
    // `Part 2:`, `Section 3.`, `Step 1 -`
    for word in ["part ", "section ", "step "] {
        if rest.len() > word.len()
            && rest
                .get(..word.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(word))
        {
            let after = &rest[word.len()..];
            let digits = after.chars().take_while(char::is_ascii_digit).count();
            if digits > 0 {
                let at = lead + word.len() + digits;
                let at = if text[at..].starts_with([':', '.', '-']) {
                    at + 1
                } else {
                    at
                };
                return spaces(at);
            }
        }
    }
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 {
        let mut at = lead + digits;
        // `2.3.4`
        while text[at..].starts_with('.')
            && text[at + 1..].starts_with(|c: char| c.is_ascii_digit())
        {
            at += 1 + text[at + 1..]
                .bytes()
                .take_while(u8::is_ascii_digit)
                .count();
        }
        let marked = text[at..].starts_with(['.', '、', ')']);
        if marked {
            at += text[at..].chars().next().map_or(0, char::len_utf8);
        } else if !text[at..].starts_with(' ') || digits > 2 {
            // `2023.07.08 周报` and `618 大促` are not numbering.
            return 0;
        }
        return spaces(at);
    }
    if rest.starts_with(numerals.as_slice()) {
        let n = rest
            .chars()
            .take_while(|c| numerals.contains(c))
            .map(char::len_utf8)
            .sum::<usize>();
        if rest[n..].starts_with(['、', '.']) {
            return spaces(lead + n + rest[n..].chars().next().map_or(0, char::len_utf8));
        }
        return 0;
    }
    for (open, close) in [('(', ')'), ('（', '）')] {
        if let Some(inner) = rest.strip_prefix(open) {
            let n: usize = inner
                .chars()
                .take_while(|c| c.is_ascii_digit() || numerals.contains(c))
                .map(char::len_utf8)
                .sum();
            if n > 0 && inner[n..].starts_with(close) {
                return spaces(lead + open.len_utf8() + n + close.len_utf8());
            }
        }
    }
    0
}

/// The section role a heading key names, with the status it implies, if any: a section word
/// that is the whole key wins, then the longest one inside it (ASCII words as whole words).
pub(crate) fn named_role(lexicon: &Lexicon, key: &str) -> Option<(SectionRole, Option<Status>)> {
    let hits = lexicon.words(key);
    let status = hits
        .iter()
        .filter(|h| h.meaning.kind() == MeaningKind::SectionStatus)
        .filter(|h| h.range.0 == 0 || h.range.1 == key.len() || key[..h.range.0].trim().is_empty())
        .max_by_key(|h| h.range.1 - h.range.0)
        .and_then(|h| match h.meaning {
            Meaning::SectionStatus(s) => Some(s),
            _ => None,
        });
    let best = section_word(&hits, key).map(|(_, role)| role);
    match (best, status) {
        (Some(role), status) => Some((role, status)),
        (None, Some(status)) => Some((SectionRole::Progress, Some(status))),
        (None, None) => None,
    }
}

/// The section word that names a heading key's role: the whole key, else the word it opens
/// with (`Risks / Issues / Decisions`), else the longest.
fn section_word<'h>(hits: &'h [WordHit], key: &str) -> Option<(&'h WordHit, SectionRole)> {
    hits.iter()
        .filter_map(|h| match h.meaning {
            Meaning::Section(role) => Some((h, role)),
            // Settled by `classify`, which sees the note's other sections.
            Meaning::Today => Some((h, SectionRole::Tomorrow)),
            _ => None,
        })
        .max_by_key(|(h, _)| {
            let whole = h.range.0 == 0 && h.range.1 == key.len();
            let at_start = h.range.0 == 0;
            (
                whole,
                at_start,
                h.range.1 - h.range.0,
                std::cmp::Reverse(h.range.0),
            )
        })
}

/// The vocabulary word in a heading that gave it its role (`系统运行数据` in `## 【系统运行数据】`),
/// as [`named_role`] chose it: a section word, else a status word (`Shipped`).
pub(crate) fn naming_word(lexicon: &Lexicon, heading: &str) -> Option<String> {
    let key = heading_key(heading);
    let hits = lexicon.words(&key);
    let hit = section_word(&hits, &key).map(|(h, _)| h).or_else(|| {
        hits.iter()
            .filter(|h| h.meaning.kind() == MeaningKind::SectionStatus)
            .max_by_key(|h| h.range.1 - h.range.0)
    })?;
    key.get(hit.range.0..hit.range.1).map(str::to_string)
}

/// An objective heading: `O1 服务业务`, `O2系统升级`, `O3. 618 大促…`, `O1：提升…`.
pub(crate) fn objective_of(key: &str) -> Option<(u32, String)> {
    let mut chars = key.char_indices();
    let (_, o) = chars.next()?;
    if !matches!(o, 'O' | 'o') {
        return None;
    }
    let rest = key[1..].trim_start();
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 2 || rest[digits..].starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    // `O2-KR1` and `OKR` are not objectives; `O1：…`, `O1 …`, `O1.` are.
    let after = &rest[digits..];
    if after.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '-') {
        return None;
    }
    let n = rest[..digits].parse().ok()?;
    let title = after
        .trim_start_matches([' ', '.', ':', '、', '-', ','])
        .trim()
        .to_string();
    Some((n, title))
}

/// A lettered sub-project heading: `A. 支付账户2.0升级` → `支付账户2.0升级`.
pub(crate) fn lettered(key: &str) -> Option<&str> {
    let mut chars = key.chars();
    let letter = chars.next()?;
    if !letter.is_ascii_uppercase() {
        return None;
    }
    let rest = chars.as_str().trim_start();
    let rest = rest.strip_prefix(['.', '、', ')'])?.trim_start();
    (!rest.is_empty()).then_some(rest)
}

/// Decides each section's role; a new objective is returned beside the section opening it.
pub(crate) fn classify(ctx: &Ctx<'_>, doc: &Document) -> Vec<(Role, Option<Objective>)> {
    let mut roles: Vec<(Role, Option<Objective>)> = Vec::with_capacity(doc.sections.len());
    let mut objective: Option<(usize, u8)> = None;
    let mut objectives = 0;
    let mut seen_h1 = false;
    let mut today = Vec::new();
    for section in &doc.sections {
        let Some(heading) = &section.heading else {
            roles.push((Role::Title, None));
            continue;
        };
        let key = heading_key(&heading.text);
        let is_lettered = lettered(&key).is_some();
        if let Some((_, level)) = objective {
            if section.level <= level && !is_lettered {
                objective = None;
            }
        }
        let inherited = section.parent.and_then(|p| roles.get(p)).map(|r| r.0);
        let mut new_objective = None;
        let named = named_role(ctx.lexicon, &key);
        let in_objective = matches!(inherited, Some(Role::Objective(_) | Role::SubProject(_)));
        let objective_shape = objective_of(&key);
        // The note's first level-1 heading is its title when it has a date or a week or names a
        // kind of note (`稳定性值班周报｜2024 第26周` names no events section), or names no role.
        let titled = find_week(&key).is_some()
            || find_dates(&key).iter().any(|d| d.year.is_some())
            || super::header::note_kind_in(ctx.lexicon, &key).is_some()
            || named_role(ctx.lexicon, &key).is_none();
        if section.level == 1 && !section.pseudo && !seen_h1 && titled {
            seen_h1 = true;
            roles.push((Role::Title, None));
            continue;
        }
        let role = if let Some((r, status)) =
            named
                .filter(|_| objective_shape.is_none())
                .filter(|(r, _)| {
                    // Inside an objective, a heading that only says "progress" (`本周主要进展：`)
                    // keeps the objective.
                    !(in_objective && section.pseudo && *r == SectionRole::Progress)
                }) {
            // A heading naming a role inside a loose objective section is still that role.
            if objective.is_some()
                && r == SectionRole::Progress
                && !section.pseudo
                && status.is_none()
            {
                objective = None;
            }
            Role::Known(r, status)
        } else if let Some((n, title)) = objective_shape {
            new_objective = Some(Objective {
                code: format!("O{n}"),
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
        } else if section.level == 1 && !section.pseudo && is_title(&key, seen_h1) {
            Role::Title
        } else {
            match inherited {
                Some(r @ (Role::Known(..) | Role::Loose(_))) => r,
                _ => Role::Loose(None),
            }
        };
        seen_h1 |= section.level == 1 && !section.pseudo;
        if role == Role::Known(SectionRole::Tomorrow, None) && names_today(ctx.lexicon, &key) {
            today.push(roles.len());
        }
        roles.push((role, new_objective));
    }
    // `Today` beside a `Tomorrow` is the day's work; without one (a standup's `Yesterday` /
    // `Today`) it is the plan.
    let has_tomorrow = roles
        .iter()
        .enumerate()
        .any(|(i, r)| r.0 == Role::Known(SectionRole::Tomorrow, None) && !today.contains(&i));
    if has_tomorrow {
        for i in today {
            roles[i].0 = Role::Known(SectionRole::Progress, None);
        }
    }
    roles
}

/// Whether a `Today` is the day's plan: no section is a `Tomorrow` other than one named
/// `Today` (a standup's `Yesterday` / `Today` / `Blockers`).
pub(crate) fn today_is_plan(
    lexicon: &Lexicon,
    doc: &Document,
    roles: &[(Role, Option<Objective>)],
) -> bool {
    !doc.sections.iter().zip(roles).any(|(s, (r, _))| {
        *r == Role::Known(SectionRole::Tomorrow, None)
            && s.heading
                .as_ref()
                .is_none_or(|h| !names_today(lexicon, &heading_key(&h.text)))
    })
}

/// Whether a line opens with a daily part's label (`Yesterday:`, `Today:`, `Blockers:`).
fn opens_with_daily_label(lexicon: &Lexicon, text: &str) -> bool {
    let norm = super::text::Norm::text_of(text);
    let Some(colon) = norm.find(':') else {
        return false;
    };
    let label = norm[..colon].trim();
    lexicon.words(label).iter().any(|h| {
        h.range.0 == 0
            && h.range.1 == label.len()
            && matches!(
                h.meaning,
                Meaning::Today
                    | Meaning::Section(
                        SectionRole::Progress | SectionRole::Tomorrow | SectionRole::Risks
                    )
            )
    })
}

/// Whether a heading key is `Today` (a word of `sections.today`) and names nothing longer.
fn names_today(lexicon: &Lexicon, key: &str) -> bool {
    lexicon
        .words(key)
        .iter()
        .any(|h| h.meaning == Meaning::Today && h.range.0 == 0 && h.range.1 == key.len())
}

/// For each section, the person its heading names, when it is a standup's person heading: a
/// heading of no role, a short name (`Amy (iOS)`, `@li`), whose sections are a daily's
/// (yesterday's work, today's plan, blockers), as child sections or as the labels most of its
/// list items open with (`- Yesterday: …`, `- Today: …`).
pub(crate) fn people(
    lexicon: &Lexicon,
    doc: &Document,
    roles: &[(Role, Option<Objective>)],
) -> Vec<Option<String>> {
    let daily = |i: usize| {
        matches!(
            roles[i].0,
            Role::Known(
                SectionRole::Progress | SectionRole::Tomorrow | SectionRole::Risks,
                _
            )
        )
    };
    // Which sections have a daily part (progress, tomorrow, risks) as a child.
    let mut has_daily_child = vec![false; doc.sections.len()];
    for (j, c) in doc.sections.iter().enumerate() {
        if let Some(p) = c.parent.filter(|_| daily(j)) {
            has_daily_child[p] = true;
        }
    }
    doc.sections
        .iter()
        .enumerate()
        .map(|(i, s)| {
            if !matches!(roles[i].0, Role::Loose(None)) {
                return None;
            }
            let key = heading_key(&s.heading.as_ref()?.text);
            let name = key.trim_start_matches('@').trim();
            let words = name.split_whitespace().count();
            let looks_like_a_name = !name.is_empty()
                && words <= 3
                && name.chars().count() <= 24
                && !name.chars().any(|c| c.is_ascii_digit());
            let lines: Vec<&str> = s
                .blocks
                .iter()
                .filter_map(|b| match b {
                    Block::List(l) => Some(l),
                    _ => None,
                })
                .flat_map(|l| &l.items)
                .filter_map(|li| li.content.first())
                .map(|i| i.text.as_str())
                .collect();
            let labelled = lines
                .iter()
                .filter(|t| opens_with_daily_label(lexicon, t))
                .count();
            let daily_lines = labelled >= 2 && labelled * 2 >= lines.len();
            (looks_like_a_name && (has_daily_child[i] || daily_lines)).then(|| name.to_string())
        })
        .collect()
}

/// Whether a level-1 heading is the note's title (the first one, or a repeated one with a
/// date or a week, as Notion exports write it).
fn is_title(key: &str, seen_h1: bool) -> bool {
    !seen_h1 || find_week(key).is_some() || find_dates(key).iter().any(|d| d.year.is_some())
}

/// Whether a heading names the daily links (`日报合集`), for the links builder.
pub(crate) fn is_heading_for(lexicon: &Lexicon, heading: &Inline, role: SectionRole) -> bool {
    named_role(lexicon, &heading_key(&heading.text)).is_some_and(|(r, _)| r == role)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    #[test]
    fn heading_keys_lose_their_decoration() {
        assert_eq!(heading_key("1. 系统运行数据："), "系统运行数据");
        assert_eq!(heading_key("二、【本周进展】"), "本周进展");
        assert_eq!(heading_key("(3) Next week"), "Next week");
        assert_eq!(heading_key("📊 一、核心指标"), "核心指标");
        assert_eq!(heading_key("（二）其他事项"), "其他事项");
        assert_eq!(heading_key("Part 2: Milestones"), "Milestones");
        assert_eq!(heading_key("🗓 Next week"), "Next week");
        assert_eq!(heading_key("SLOs (28-day rolling)"), "SLOs");
        assert_eq!(heading_key("2023.07.08 周报"), "2023.07.08 周报");
        assert_eq!(heading_key("618 大促"), "618 大促");
    }

    #[test]
    fn roles_come_from_the_words_inside_a_heading() {
        let config = Config::builtin();
        let lexicon = config.vocabulary.lexicon();
        let role = |h: &str| named_role(lexicon, &heading_key(h)).map(|(r, _)| r);
        assert_eq!(role("下周计划"), Some(SectionRole::NextWeek));
        assert_eq!(role("本周风险与协调事项"), Some(SectionRole::Risks));
        assert_eq!(role("线上问题与稳定性"), Some(SectionRole::Events));
        assert_eq!(
            role("Next steps (week of Jun 17)"),
            Some(SectionRole::NextWeek)
        );
        assert_eq!(role("🚨 Incidents"), Some(SectionRole::Events));
        assert_eq!(
            role("4. Risks / Issues / Decisions"),
            Some(SectionRole::Risks)
        );
        assert_eq!(
            named_role(lexicon, &heading_key("🚀 Shipped")),
            Some((SectionRole::Progress, Some(Status::Done)))
        );
    }

    #[test]
    fn objectives_and_sub_projects_by_their_shape() {
        assert_eq!(objective_of("O1 服务业务"), Some((1, "服务业务".into())));
        assert_eq!(objective_of("O2系统升级"), Some((2, "系统升级".into())));
        assert_eq!(
            objective_of("O1:提升 App 核心链路体验"),
            Some((1, "提升 App 核心链路体验".into()))
        );
        assert_eq!(objective_of("O2-KR1:WebView"), None);
        assert_eq!(objective_of("OKR 自评"), None);
        assert_eq!(lettered("A. 支付账户2.0升级"), Some("支付账户2.0升级"));
        assert_eq!(lettered("API 网关"), None);
    }
}
