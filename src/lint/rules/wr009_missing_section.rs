//! WR009 missing-section.

use crate::config::RuleLevel;
use crate::lint::{Emitter, LintInput, Rule};
use crate::model::{NoteKind, Span};

/// See [`Rule::docs`].
pub static RULE: Rule = Rule {
    id: "WR009",
    name: "missing-section",
    summary: "a required section is missing",
    default_level: RuleLevel::Warning,
    docs: include_str!("wr009_missing_section.md").trim_ascii_end(),
    diagnostics: &[],
    check,
};

fn check(input: &LintInput<'_>, out: &mut Emitter) {
    let required = match input.note.kind {
        NoteKind::Weekly => &input.config.required_weekly,
        NoteKind::Daily => &input.config.required_daily,
    };
    let lists = &input.config.vocabulary;
    for role in required {
        if input.note.sections.iter().any(|s| s.role == *role) {
            continue;
        }
        let key = serde_json::to_value(role)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let names = lists.section_names(*role);
        // Names in the note's language first: an English note is told about `## Next week`.
        let chinese = |t: &str| t.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        let note_chinese = input.note.title.as_deref().is_none_or(chinese);
        let mut ordered: Vec<&str> = names
            .iter()
            .map(String::as_str)
            .filter(|n| chinese(n) == note_chinese)
            .collect();
        ordered.extend(
            names
                .iter()
                .map(String::as_str)
                .filter(|n| chinese(n) != note_chinese),
        );
        let examples: Vec<&str> = ordered.into_iter().take(3).collect();
        let title_span = input
            .note
            .sections
            .first()
            .map_or(Span::new(0, 0), |s| s.span);
        out.emit(
            title_span,
            format!("no {key} section ({}, …)", examples.join(", ")),
            Some(format!(
                "add a `## {}` section",
                examples.first().copied().unwrap_or(&key)
            )),
        );
    }
}
