//! WR017 unknown-section.

use crate::config::RuleLevel;
use crate::lint::{Emitter, LintInput, Rule};

/// See [`Rule::docs`].
pub static RULE: Rule = Rule {
    id: "WR017",
    name: "unknown-section",
    summary: "a heading read as other (no section word names it) with figures under it",
    default_level: RuleLevel::Info,
    docs: include_str!("wr017_unknown_section.md").trim_ascii_end(),
    diagnostics: &[],
    check,
};

fn check(input: &LintInput<'_>, out: &mut Emitter) {
    let unknown = out.explained(input).unknown_sections.clone();
    for u in &unknown {
        let lines = if u.lines_with_figures == 1 {
            "1 line under it holds".to_string()
        } else {
            format!("{} lines under it hold", u.lines_with_figures)
        };
        out.emit(
            u.span,
            format!(
                "`{}` is read as other: no section word names it, and {lines} figures",
                u.key
            ),
            Some(u.hint()),
        );
    }
}
