//! WR016 unread-figure.

use crate::config::RuleLevel;
use crate::explain::UnreadReason;
use crate::lint::{Emitter, LintInput, Rule};

/// See [`Rule::docs`].
pub static RULE: Rule = Rule {
    id: "WR016",
    name: "unread-figure",
    summary: "a line with figures, dates, times or status words that gave no fact",
    default_level: RuleLevel::Info,
    docs: "**What it checks.** Every line of a section the tool reads for facts (metrics, events, \
progress, objectives, plans, risks, others, and sections it does not know) whose tokens hold a \
figure, a percentage, a date, a time, a duration or a status word, but which gave no fact; and \
every time the extractor left out because it is ambiguous (`3点` with no 上午 or 下午). A line \
that gave any fact is never reported, nor the detail lines of an item that gave facts, nor a \
callout or the reflections. `weekly-report explain NOTE` shows the same lines in place.\n\n\
**Why it matters.** The tool never guesses a value: what it cannot read is left out of every \
rollup. This says so in the note, so that a missing figure is noticed before the review, not in \
it.\n\n\
**Example.** Under `## 指标`, `- 发布 12 次，回滚 1 次` → ``12 次`, `1 次` gave no fact in this \
metrics section`, with the line of `weekly-report.yaml` that would teach the tool.\n\n\
**Options.** None; it is a note (`info`) by default: raise it to `warning` to keep notes fully \
read, or set it `off`.",
    check,
};

fn check(input: &LintInput<'_>, out: &mut Emitter) {
    let unread: Vec<_> = {
        let explained = out.explained(input);
        explained
            .lines
            .iter()
            // A value left out with a diagnostic is reported by that diagnostic's rule.
            .filter_map(|l| l.unread.as_ref())
            .filter(|u| u.reason != UnreadReason::LeftOut)
            .map(|u| (u.span, u.message.clone(), u.hint.clone()))
            .collect()
    };
    for (span, message, hint) in unread {
        out.emit(span, message, hint);
    }
    for d in super::diagnostics(input.note, &["ambiguous-time"]) {
        out.emit(
            d.span,
            format!("left out: {}", d.message),
            Some("write the time so that only one reading is possible".into()),
        );
    }
}
