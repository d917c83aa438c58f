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

    /// The span of the whole line.
    pub fn whole(&self) -> Span {
        self.span(0..self.norm.text.len())
    }
}

/// Several lines joined with `\n`, for facts that run across lines (an event's cause and
/// action often sit on lines or paragraphs below it).
#[derive(Debug, Clone)]
pub struct Joined<'i> {
    /// The normalised lines joined with `\n`.
    pub text: String,
    parts: Vec<(usize, TextLine<'i>)>,
}

impl<'i> Joined<'i> {
    /// Joins `lines`.
    pub fn new(lines: Vec<TextLine<'i>>) -> Joined<'i> {
        let mut text = String::new();
        let mut parts = Vec::with_capacity(lines.len());
        for line in lines {
            if !text.is_empty() {
                text.push('\n');
            }
            parts.push((text.len(), line.clone()));
            text.push_str(&line.norm.text);
        }
        Joined { text, parts }
    }

    /// The lines, each with its offset in [`Joined::text`].
    pub fn lines(&self) -> impl Iterator<Item = (usize, &TextLine<'i>)> {
        self.parts.iter().map(|(o, l)| (*o, l))
    }

    fn pieces(
        &self,
        range: std::ops::Range<usize>,
    ) -> impl Iterator<Item = (&TextLine<'i>, std::ops::Range<usize>)> {
        self.parts.iter().filter_map(move |(offset, line)| {
            let end = offset + line.norm.text.len();
            let (s, e) = (range.start.max(*offset), range.end.min(end));
            (s < e || (s == e && range.start == range.end && s >= *offset && s <= end))
                .then(|| (line, s - offset..e - offset))
        })
    }

    /// The original text of a range of [`Joined::text`], lines joined with `\n`.
    pub fn original(&self, range: std::ops::Range<usize>) -> String {
        let parts: Vec<&str> = self.pieces(range).map(|(l, r)| l.original(r)).collect();
        parts.join("\n")
    }

    /// The note's span of a range of [`Joined::text`].
    pub fn span(&self, range: std::ops::Range<usize>) -> Span {
        let spans: Vec<Span> = self.pieces(range).map(|(l, r)| l.span(r)).collect();
        match (spans.first(), spans.last()) {
            (Some(a), Some(b)) => Span::new(a.start, b.end.max(a.start)),
            _ => self
                .parts
                .first()
                .map(|(_, l)| l.whole())
                .unwrap_or_default(),
        }
    }
}
