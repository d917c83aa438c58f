//! WR011 heading-level-jump.

use crate::config::RuleLevel;
use crate::lint::{Emitter, LintInput, Rule};

/// See [`Rule::docs`].
pub static RULE: Rule = Rule {
    id: "WR011",
    name: "heading-level-jump",
    summary: "a heading more than one level deeper than the one before it",
    default_level: RuleLevel::Warning,
    docs: "**What it checks.** Each heading is at most one level deeper than the previous heading \
(`#` then `###` skips a level).\n\n\
**Why it matters.** The section tree decides which objective a project belongs to; a skipped \
level usually means a heading was pasted from another note and sits in the wrong place.\n\n\
**Example.** `# 上周进展` followed by `### A. 支付账户2.0升级` → `heading jumps from level 1 to 3`.\n\n\
**Options.** None. Lettered sub-projects (`## B.` between `### A.` and `### C.`) are fine: going \
up a level is never a jump.",
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
