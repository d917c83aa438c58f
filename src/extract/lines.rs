//! Lines of inline text, normalised for matching, that map any match back to the note.

use crate::model::Span;
use crate::parse::Inline;

use super::text::Norm;

/// One line of an [`Inline`] (inline text splits at soft breaks).
#[derive(Debug, Clone)]
pub struct TextLine<'i> {
    inline: &'i Inline,
    /// Byte offset of this line in `inline.text`.
    start: usize,
    /// The line as written.
    pub raw: &'i str,
    /// The line as patterns see it.
    pub norm: Norm,
}

impl<'i> TextLine<'i> {
    /// The lines of `inline`, blank ones skipped.
    pub fn split(inline: &'i Inline) -> Vec<TextLine<'i>> {
        let mut out = Vec::new();
        let mut start = 0;
        for raw in inline.text.split('\n') {
            if !raw.trim().is_empty() {
                out.push(TextLine {
                    inline,
                    start,
                    raw,
                    norm: Norm::new(raw),
                });
            }
            start += raw.len() + 1;
        }
        out
    }

    /// Its byte offset in its inline's text.
    pub fn start(&self) -> usize {
        self.start
    }

    /// The note's span of a range of [`TextLine::norm`].
    pub fn span(&self, range: std::ops::Range<usize>) -> Span {
        let r = self.norm.orig_range(range);
        self.inline
            .source_span(self.start + r.start..self.start + r.end)
    }

    /// The original text of a range of [`TextLine::norm`].
    pub fn original(&self, range: std::ops::Range<usize>) -> &'i str {
        let r = self.norm.orig_range(range);
        self.raw.get(r).unwrap_or_default()
    }
}
