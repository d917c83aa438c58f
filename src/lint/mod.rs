//! Rules that check what a note means (numbers, dates, consistency) → findings.
//!
//! A rule is static data plus a check function, declared in its own file under `rules/` and
//! listed once in [`rules::RULES`]. Rules read a parsed [`Note`] and its text; whatever needs
//! the filesystem (does a linked daily note exist? what did last week's note say?) is looked up
//! by the caller and passed in [`LintInput`], so every rule is a pure function.
//!
//! A finding is data, not an error. Its severity is the rule's default unless the
//! configuration's `rules:` says otherwise; `<!-- weekly-report-disable RULE -->` in a note
//! silences rules for that note.

mod reference;
pub mod rules;

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex_lite::Regex;
use serde::Serialize;

pub use reference::reference_markdown;
pub use rules::RULES;

use crate::config::{Config, RuleLevel};
use crate::model::{DiagnosticCode, Note, Span};
use crate::parse::LineIndex;

/// A lint rule: permanent id, readable name, default severity, documentation and check.
pub struct Rule {
    /// Permanent id (`WR003`); never reused.
    pub id: &'static str,
    /// Readable name (`ratio-mismatch`); config and comments accept either.
    pub name: &'static str,
    /// One line: what it finds.
    pub summary: &'static str,
    /// Severity unless configured.
    pub default_level: RuleLevel,
    /// Markdown: what it checks, why it matters, an example, its options.
    pub docs: &'static str,
    /// The parser diagnostics it reports as findings (each code has exactly one such rule).
    pub diagnostics: &'static [DiagnosticCode],
    /// The check.
    pub check: fn(&LintInput<'_>, &mut Emitter),
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.id, self.name)
    }
}

pub use crate::source::LinkStatus;

/// Everything a rule may look at.
#[derive(Debug)]
pub struct LintInput<'a> {
    /// The parsed note.
    pub note: &'a Note,
    /// Its decoded text.
    pub text: &'a str,
    /// Its Markdown, parsed (the note was extracted from it): rules read this, never the
    /// Markdown again.
    pub document: &'a crate::parse::Document,
    /// The same folder's previous weekly note, when there is one.
    pub previous: Option<&'a Note>,
    /// The status of each of `note.daily_links`, in order.
    pub links: &'a [LinkStatus],
    /// The file names of the other weekly notes of the note's folder for the same week.
    pub same_week: &'a [String],
    /// The configuration.
    pub config: &'a Config,
}

/// A change that fixes a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    /// The bytes to replace.
    pub span: Span,
    /// What to put there.
    pub replacement: String,
    /// What it corrects, in the user's words (`week`), for `check --fix`'s report.
    #[serde(skip)]
    pub subject: &'static str,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// The rule's id.
    pub rule: &'static str,
    /// The rule's name.
    pub name: &'static str,
    /// Its severity.
    pub level: RuleLevel,
    /// What is wrong, in the note's terms.
    pub message: String,
    /// How to fix it, when there is an obvious way.
    pub hint: Option<String>,
    /// The note's path.
    pub path: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
    /// 1-based line where the span ends.
    pub end_line: u32,
    /// 1-based column (characters) just past the span.
    pub end_column: u32,
    /// The bytes it is about.
    pub span: Span,
    /// An automatic fix (`check --fix` applies it).
    pub fix: Option<Fix>,
    /// Another place the finding is about (WR012: the project's line in last week's note);
    /// the language server shows it as related information.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub related: Option<Related>,
}

/// A place in another note that a finding refers to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Related {
    /// That note's path, as shown.
    pub path: String,
    /// 1-based line there.
    pub line: u32,
    /// The bytes there.
    pub span: Span,
    /// What is there (`85% in last week's note`).
    pub message: String,
}

/// What a rule reports: where, what, a hint, a fix, a related place.
type Found = (Span, String, Option<String>, Option<Fix>, Option<Related>);

/// Collects what one rule finds.
#[derive(Debug, Default)]
pub struct Emitter<'s> {
    found: Vec<Found>,
    /// The note laid out line by line, made once for the rules of one note that read it.
    explained: Option<&'s std::cell::OnceCell<crate::explain::Explanation>>,
}

impl Emitter<'_> {
    /// The note of `input` laid out line by line ([`crate::explain`]): made by the first rule
    /// that asks, shared with the others.
    pub fn explained(
        &self,
        input: &LintInput<'_>,
    ) -> std::borrow::Cow<'_, crate::explain::Explanation> {
        let make = || crate::explain::explain(input.text, input.note, input.config);
        match self.explained {
            Some(cell) => std::borrow::Cow::Borrowed(cell.get_or_init(make)),
            None => std::borrow::Cow::Owned(make()),
        }
    }

    /// Reports `message` about `span`, with an optional hint.
    pub fn emit(&mut self, span: Span, message: impl Into<String>, hint: Option<String>) {
        self.found.push((span, message.into(), hint, None, None));
    }

    /// Reports `message` about `span` that refers to `related`, a place in another note.
    pub fn emit_related(
        &mut self,
        span: Span,
        message: impl Into<String>,
        hint: Option<String>,
        related: Related,
    ) {
        self.found
            .push((span, message.into(), hint, None, Some(related)));
    }

    /// Reports a finding that `fix` corrects.
    pub fn emit_fixable(
        &mut self,
        span: Span,
        message: impl Into<String>,
        hint: Option<String>,
        fix: Fix,
    ) {
        self.found
            .push((span, message.into(), hint, Some(fix), None));
    }
}

/// The rule an id or name designates.
pub fn find_rule(id_or_name: &str) -> Option<&'static Rule> {
    RULES
        .iter()
        .copied()
        .find(|r| r.id.eq_ignore_ascii_case(id_or_name) || r.name == id_or_name)
}

/// A key of the configuration's `rules:` that names no rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("rules.{0}: there is no such rule; `weekly-report rules` lists them")]
pub struct UnknownRule(pub String);

/// Checks the configuration's `rules:` keys, naming the first that is not a rule.
pub fn validate_rule_config(config: &Config) -> Result<(), UnknownRule> {
    match config
        .rule_levels
        .keys()
        .find(|key| find_rule(key).is_none())
    {
        Some(key) => Err(UnknownRule(key.clone())),
        None => Ok(()),
    }
}

/// The severity a rule runs at under `config`.
pub fn level_of(rule: &Rule, config: &Config) -> RuleLevel {
    config
        .rule_levels
        .iter()
        .find(|(k, _)| find_rule(k).is_some_and(|r| r.id == rule.id))
        .map_or(rule.default_level, |(_, level)| *level)
}

static DISABLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"<!--\s*weekly-report-disable(?P<rules>(?:\s+[A-Za-z0-9_,-]+)*)\s*-->")
        .expect("directive pattern is valid")
});

/// Rules silenced in `text` by `<!-- weekly-report-disable RULE... -->` (no rule: all).
fn disabled(text: &str) -> (bool, BTreeSet<&'static str>) {
    let mut all = false;
    let mut ids = BTreeSet::new();
    // Most notes have no directive: a substring search spares scanning them with the pattern.
    if !text.contains("weekly-report-disable") {
        return (all, ids);
    }
    for c in DISABLE.captures_iter(text) {
        let names: Vec<&str> = c["rules"]
            .split(|ch: char| ch.is_whitespace() || ch == ',')
            .filter(|s| !s.is_empty())
            .collect();
        if names.is_empty() {
            all = true;
        }
        ids.extend(names.iter().filter_map(|n| find_rule(n)).map(|r| r.id));
    }
    (all, ids)
}

/// Runs every enabled rule on one note; findings are ordered by position, then rule id.
pub fn lint(input: &LintInput<'_>) -> Vec<Finding> {
    let (all_off, off) = disabled(input.text);
    if all_off {
        return vec![];
    }
    let lines = LineIndex::new(input.text);
    let explained = std::cell::OnceCell::new();
    let mut out = Vec::new();
    for rule in RULES.iter().copied() {
        let level = level_of(rule, input.config);
        if level == RuleLevel::Off || off.contains(rule.id) {
            continue;
        }
        let mut emitter = Emitter {
            found: Vec::new(),
            explained: Some(&explained),
        };
        (rule.check)(input, &mut emitter);
        for (span, message, hint, fix, related) in emitter.found {
            let (line, column) = lines.line_col(input.text, span.start);
            let (end_line, end_column) = lines.line_col(input.text, span.end.max(span.start));
            out.push(Finding {
                rule: rule.id,
                name: rule.name,
                level,
                message,
                hint,
                path: input.note.path.clone(),
                line,
                column,
                end_line,
                end_column,
                span,
                fix,
                related,
            });
        }
    }
    out.sort_by(|a, b| (a.span.start, a.rule).cmp(&(b.span.start, b.rule)));
    out
}

/// The fixes of `findings` that apply to `text`, later spans first; a fix overlapping a later
/// one, or not on character boundaries, is left out.
pub fn applicable_fixes<'f>(text: &str, findings: &'f [Finding]) -> Vec<&'f Fix> {
    let mut fixes: Vec<&Fix> = findings.iter().filter_map(|f| f.fix.as_ref()).collect();
    fixes.sort_by_key(|f| std::cmp::Reverse(f.span.start));
    let mut limit = usize::MAX;
    fixes.retain(|fix| {
        let applies = fix.span.end <= limit
            && fix.span.end <= text.len()
            && text.is_char_boundary(fix.span.start)
            && text.is_char_boundary(fix.span.end);
        if applies {
            limit = fix.span.start;
        }
        applies
    });
    fixes
}

/// Applies the fixes of `findings` to `text` (see [`applicable_fixes`]).
pub fn apply_fixes(text: &str, findings: &[Finding]) -> Option<String> {
    let fixes = applicable_fixes(text, findings);
    if fixes.is_empty() {
        return None;
    }
    let mut out = text.to_string();
    for fix in fixes {
        out.replace_range(fix.span.start..fix.span.end, &fix.replacement);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_names_are_unique_and_well_formed() {
        let mut ids = BTreeSet::new();
        let mut names = BTreeSet::new();
        for r in RULES {
            assert!(ids.insert(r.id), "{} is used twice", r.id);
            assert!(names.insert(r.name), "{} is used twice", r.name);
            assert!(r.id.len() == 5 && r.id.starts_with("WR"), "{}", r.id);
            assert!(
                r.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{}",
                r.name
            );
            for section in [
                "**What it checks.**",
                "**Why it matters.**",
                "**Example.**",
                "**Options.**",
            ] {
                assert!(r.docs.contains(section), "{} docs lack {section}", r.id);
            }
        }
    }

    #[test]
    fn disable_directives_name_rules_by_id_or_name() {
        let (all, ids) = disabled("x <!-- weekly-report-disable ratio-mismatch WR011 --> y");
        assert!(!all);
        assert_eq!(ids.into_iter().collect::<Vec<_>>(), ["WR003", "WR011"]);
        assert!(disabled("<!-- weekly-report-disable -->").0);
    }
}
