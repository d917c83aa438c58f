//! WR011 heading-level-jump.

use crate::config::RuleLevel;
use crate::lint::{Emitter, LintInput, Rule};

/// See [`Rule::docs`].
pub static RULE: Rule = Rule {
    id: "WR011",
    name: "heading-level-jump",
    summary: "a heading more than one level deeper than the one before it",
    default_level: RuleLevel::Warning,
    docs: include_str!("wr011_heading_level_jump.md").trim_ascii_end(),
    diagnostics: &[],
    check,
};

fn check(input: &LintInput<'_>, out: &mut Emitter) {
    let mut previous: Option<u8> = None;
    // A heading written without `#` (a bold line, a label) has no level of its own to jump.
    for s in input.note.sections.iter().filter(|s| !s.pseudo) {
        if let Some(p) = previous {
            if s.level > p + 1 {
                out.emit(
                    s.span,
                    format!("heading jumps from level {p} to {}", s.level),
                    Some(format!(
                        "use {} for this heading",
                        "#".repeat(usize::from(p) + 1)
                    )),
                );
            }
        }
        previous = Some(s.level);
    }
}
