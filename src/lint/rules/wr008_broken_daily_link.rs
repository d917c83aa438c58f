//! WR008 broken-daily-link.

use crate::config::RuleLevel;
use crate::lint::{Emitter, LinkStatus, LintInput, Rule};

/// See [`Rule::docs`].
pub static RULE: Rule = Rule {
    id: "WR008",
    name: "broken-daily-link",
    summary: "a daily-note link whose target does not exist, or that points outside the notes folder",
    default_level: RuleLevel::Warning,
    docs: "**What it checks.** Every link of the 日报合集 / Daily notes section. A target outside the \
notes folder (`../../etc/passwd`, an absolute path, or a symbolic link leading out) is reported and \
never read.\n\n\
**Why it matters.** `build` attaches daily notes to their week by these links, and `draft` reads \
them; a broken link silently loses a day.\n\n\
**Example.** `[2023/07/03 周一](2023-07-03%20周一.md)` with no such file → `links to \
2023-07-03 周一.md, which does not exist`.\n\n\
**Options.** None. (A note checked on its own, away from its folder, reports its links as \
missing: check the notes folder.)",
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
