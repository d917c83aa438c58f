//! WR014 not-utf8.

use crate::config::RuleLevel;
use crate::lint::{Emitter, LintInput, Rule};

/// See [`Rule::docs`].
pub static RULE: Rule = Rule {
    id: "WR014",
    name: "not-utf8",
    summary: "the note is GB18030/GBK, not UTF-8",
    default_level: RuleLevel::Info,
    docs: "**What it checks.** Whether the note had to be decoded from GB18030 (or GBK).\n\n\
**Why it matters.** It reads correctly here, but other tools (git diffs, GitHub, most editors) \
show it as garbage.\n\n\
**Example.** A note saved by an old Windows editor → `the note is GB18030-encoded …`.\n\n\
**Options.** None; raise it to `warning` or `error` in `rules:` to insist on UTF-8.",
    check,
};

fn check(input: &LintInput<'_>, out: &mut Emitter) {
    for d in super::diagnostics(input.note, &["gb18030-decoded"]) {
        out.emit(
            d.span,
            d.message.clone(),
            Some("save the file as UTF-8".into()),
        );
    }
}
