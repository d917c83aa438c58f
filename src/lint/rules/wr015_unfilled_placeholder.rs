//! WR015 unfilled-placeholder.

use crate::config::RuleLevel;
use crate::draft::BLANK;
use crate::lint::{Emitter, LintInput, Rule};

/// See [`Rule::docs`].
pub static RULE: Rule = Rule {
    id: "WR015",
    name: "unfilled-placeholder",
    summary: "a blank (`__`) of a draft left to fill in",
    default_level: RuleLevel::Error,
    docs: include_str!("wr015_unfilled_placeholder.md").trim_ascii_end(),
    diagnostics: &[],
    check,
};

fn check(input: &LintInput<'_>, out: &mut Emitter) {
    for inline in input.document.inlines() {
        blanks(input.text, inline, out);
    }
}

/// Reports each run of two or more underscores in the text of `inline` (markup removed, so
/// `__bold__` is none), except in inline code and inside an ASCII word (`snake__case`).
fn blanks(note: &str, inline: &crate::parse::Inline, out: &mut Emitter) {
    let text = inline.text.as_str();
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(at) = text[from..].find(BLANK) {
        let start = from + at;
        let end = start + bytes[start..].iter().take_while(|&&b| b == b'_').count();
        from = end;
        let word = |b: Option<&u8>| b.is_some_and(u8::is_ascii_alphanumeric);
        if start > 0 && word(bytes.get(start - 1)) && word(bytes.get(end)) {
            continue;
        }
        if inline.code.iter().any(|&(a, b)| a < end && start < b) {
            continue;
        }
        // Underscores written as escapes (`\_\_`) are the author's literal underscores, not
        // a blank the tool wrote.
        let span = inline.source_span(start..end);
        let literal = note
            .get(span.start..span.end)
            .is_some_and(|s| s.len() == end - start && s.bytes().all(|b| b == b'_'));
        if !literal {
            continue;
        }
        out.emit(
            span,
            "a blank left to fill in",
            Some("write the value, or delete the line".into()),
        );
    }
}
