//! WR008 broken-daily-link.

use crate::config::RuleLevel;
use crate::lint::{Emitter, LinkStatus, LintInput, Rule};

/// See [`Rule::docs`].
pub static RULE: Rule = Rule {
    id: "WR008",
    name: "broken-daily-link",
    summary:
        "a daily-note link whose target does not exist, or that points outside the notes folder",
    default_level: RuleLevel::Warning,
    docs: include_str!("wr008_broken_daily_link.md").trim_ascii_end(),
    diagnostics: &[],
    check,
};

fn check(input: &LintInput<'_>, out: &mut Emitter) {
    for (link, status) in input.note.daily_links.iter().zip(input.links) {
        match status {
            LinkStatus::Missing => out.emit(
                link.span,
                format!("links to {}, which does not exist", link.target),
                Some("correct the file name, or add the daily note".into()),
            ),
            LinkStatus::OutsideRoot => out.emit(
                link.span,
                format!(
                    "links to {}, outside the notes folder; it is not read",
                    link.target
                ),
                Some("link to a daily note inside the notes folder".into()),
            ),
            LinkStatus::Exists | LinkStatus::External => {}
        }
    }
}
