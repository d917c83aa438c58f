//! WR015 unfilled-placeholder.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::config::RuleLevel;
use crate::draft::BLANK;
use crate::lint::{Emitter, LintInput, Rule};
use crate::model::Span;

/// See [`Rule::docs`].
pub static RULE: Rule = Rule {
    id: "WR015",
    name: "unfilled-placeholder",
    summary: "a blank (`__`) of a draft left to fill in",
    default_level: RuleLevel::Error,
    docs: "**What it checks.** The blanks `weekly-report draft` and `new` write where only the \
author knows the answer: metric values (`入金有效成功率：__%`), incident counts, next week's \
plans, reflections. Underscores that Markdown reads as emphasis (`__重要__`) or that stand in \
code are not blanks.\n\n\
**Why it matters.** A draft committed by accident would put blanks into every report built \
from it; an error stops the pre-commit hook until each blank is filled in or removed.\n\n\
**Example.** `- 入金有效成功率：__%` → `a blank left to fill in`.\n\n\
**Options.** None; set the rule to `warning` or `off` in `weekly-report.yaml` to commit drafts.",
    check,
};

fn check(input: &LintInput<'_>, out: &mut Emitter) {
    // Markdown splits unmatched `_` delimiters into text events of their own: runs of
    // adjacent text events are searched as one.
    let mut run: Option<(std::ops::Range<usize>, String)> = None;
    let mut in_code = false;
    for (event, range) in Parser::new_ext(input.text, crate::parse::options()).into_offset_iter() {
        match event {
            Event::Text(text) if !in_code => match &mut run {
                Some((r, buf)) if r.end == range.start => {
                    r.end = range.end;
                    buf.push_str(&text);
                }
                _ => {
                    if let Some((r, buf)) = run.take() {
                        blanks(input.text, r, &buf, out);
                    }
                    run = Some((range, text.into_string()));
                }
            },
            other => {
                if let Some((r, buf)) = run.take() {
                    blanks(input.text, r, &buf, out);
                }
                match other {
                    Event::Start(Tag::CodeBlock(_)) => in_code = true,
                    Event::End(TagEnd::CodeBlock) => in_code = false,
                    _ => {}
                }
            }
        }
    }
    if let Some((r, buf)) = run.take() {
        blanks(input.text, r, &buf, out);
    }
}

/// Reports each run of two or more underscores in `text` (the text of `range` in the note),
/// except inside an ASCII word (`snake__case`).
fn blanks(note: &str, range: std::ops::Range<usize>, text: &str, out: &mut Emitter) {
    // The text equals its source unless escapes or entities were decoded; then the whole
    // run is pointed at.
    let exact = note.get(range.clone()) == Some(text);
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
        let span = if exact {
            Span::new(range.start + start, range.start + end)
        } else {
            Span::new(range.start, range.end)
        };
        out.emit(
            span,
            "a blank left to fill in",
            Some("write the value, or delete the line".into()),
        );
    }
}
