//! WR017 unknown-section.

use crate::config::RuleLevel;
use crate::lint::{Emitter, LintInput, Rule};

/// See [`Rule::docs`].
pub static RULE: Rule = Rule {
    id: "WR017",
    name: "unknown-section",
    summary: "a heading read as other (no section word names it) with figures under it",
    default_level: RuleLevel::Info,
    docs: "**What it checks.** Each heading whose words name no section of the vocabulary, so that \
it is read as other, when lines under it hold figures, percentages, dates, times or status \
words. The hint suggests the role its figures look like (events for times, metrics for \
percentages, else progress) and the line of `weekly-report.yaml` that names it.\n\n\
**Why it matters.** A section the tool does not know is read as loose work: its metrics are not \
metrics and its events are not events, so the rollup misses them without a word.\n\n\
**Example.** `## 发布统计` above `本周发布12次，回滚1次` → ``发布统计` is read as other: no section \
word names it, and 1 line under it holds figures`, help: `to read it as progress, add to \
weekly-report.yaml: `vocabulary: {sections: {progress: [发布统计]}}``.\n\n\
**Options.** None; teach the tool the heading in `vocabulary.sections`, or set the rule `off`.",
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
