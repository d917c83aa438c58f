//! An editor's buffer and LSP positions.
//!
//! LSP positions are a line and a column counted in UTF-16 code units (the encoding every
//! client supports); the library counts bytes. A [`Buffer`] holds the text as the editor
//! has it (CRLF kept, so incremental edits land where the editor means them) and applies
//! `didChange` edits; [`Lines`] converts byte offsets of a text to positions and back.
//!
//! The library checks the text with line endings normalised to `\n`
//! ([`crate::source::normalize_line_endings`]). LSP counts `\r\n`, `\r` and `\n` each as one
//! line break, so a line and the characters before a position are the same in both texts:
//! a position computed on the checked text is right in the editor's.

use lsp_types::{Position, Range, TextDocumentContentChangeEvent};

/// Where each line of a text starts, for converting byte offsets and LSP positions.
#[derive(Debug, Clone)]
pub struct Lines {
    /// Byte offset of the start of each line.
    starts: Vec<usize>,
}

impl Lines {
    /// The lines of `text`, broken at `\r\n`, `\r` and `\n` as LSP breaks them.
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => starts.push(i + 1),
                b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                    starts.push(i + 2);
                    i += 1;
                }
                b'\r' => starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        Lines { starts }
    }

    /// The position of byte `offset` of `text` (clamped to the text, moved back to a
    /// character boundary).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let character: usize = text[start..offset].chars().map(char::len_utf16).sum();
        Position::new(line as u32, character as u32)
    }

    /// The range of bytes `start..end` of `text`.
    pub fn range(&self, text: &str, start: usize, end: usize) -> Range {
        Range::new(
            self.position(text, start),
            self.position(text, end.max(start)),
        )
    }

    /// The byte offset of `position` in `text`: past the end of a line is its end (before
    /// its line break), past the last line is the end of the text.
    pub fn offset(&self, text: &str, position: Position) -> usize {
        let Some(&start) = self.starts.get(position.line as usize) else {
            return text.len();
        };
        let end = self
            .starts
            .get(position.line as usize + 1)
            .map_or(text.len(), |&next| next);
        let line = text[start..end].trim_end_matches(['\n', '\r']);
        let mut units = 0;
        for (i, c) in line.char_indices() {
            if units >= position.character as usize {
                return start + i;
            }
            units += c.len_utf16();
        }
        start + line.len()
    }

    /// The 0-based line of byte `offset`.
    pub fn line_of(&self, offset: usize) -> u32 {
        (self.starts.partition_point(|&s| s <= offset) - 1) as u32
    }

    /// The byte offset where 0-based `line` starts (the end of the text past the last line).
    pub fn start_of(&self, line: u32, text: &str) -> usize {
        self.starts
            .get(line as usize)
            .copied()
            .unwrap_or(text.len())
    }
}

/// An open document's text as the editor has it.
#[derive(Debug, Clone)]
pub struct Buffer {
    text: String,
}

impl Buffer {
    /// A buffer holding `text`.
    pub fn new(text: String) -> Self {
        Buffer { text }
    }

    /// The text as the editor has it.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Applies `didChange` edits in order: one with a range replaces it (incremental sync),
    /// one without replaces the whole text (full sync).
    pub fn apply(&mut self, changes: Vec<TextDocumentContentChangeEvent>) {
        for change in changes {
            match change.range {
                None => self.text = change.text,
                Some(range) => {
                    let lines = Lines::new(&self.text);
                    let start = lines.offset(&self.text, range.start);
                    let end = lines.offset(&self.text, range.end).max(start);
                    self.text.replace_range(start..end, &change.text);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_utf16_units_of_chinese_text_and_astral_characters() {
        let text = "# 第28周\n- 完成率：26.97% 🎉 ok\n";
        let lines = Lines::new(text);
        let percent = text.find("26.97").unwrap();
        // `- 完成率：` is 6 characters, each one UTF-16 unit.
        assert_eq!(lines.position(text, percent), Position::new(1, 6));
        let ok = text.find("ok").unwrap();
        // 🎉 is two UTF-16 units.
        assert_eq!(lines.position(text, ok), Position::new(1, 16));
        assert_eq!(lines.offset(text, Position::new(1, 16)), ok);
        assert_eq!(lines.offset(text, Position::new(1, 6)), percent);
    }

    #[test]
    fn crlf_and_lone_cr_break_lines_as_lsp_does() {
        let text = "a\r\nb\rc\n";
        let lines = Lines::new(text);
        assert_eq!(lines.position(text, 3), Position::new(1, 0));
        assert_eq!(lines.position(text, 5), Position::new(2, 0));
        // Past the end of line 0 is before its CRLF.
        assert_eq!(lines.offset(text, Position::new(0, 9)), 1);
        assert_eq!(lines.offset(text, Position::new(7, 0)), text.len());
    }

    proptest::proptest! {
        #[test]
        fn a_position_leads_back_to_its_offset(
            text in "[a-z完成率：🎉\r\n ]{0,40}",
            pick in 0usize..64,
        ) {
            let lines = Lines::new(&text);
            let boundaries: Vec<usize> = (0..=text.len())
                .filter(|&i| text.is_char_boundary(i))
                // Between the `\r` and `\n` of a CRLF is no position of its own.
                .filter(|&i| !(text[..i].ends_with('\r') && text[i..].starts_with('\n')))
                .collect();
            let offset = boundaries[pick % boundaries.len()];
            let position = lines.position(&text, offset);
            proptest::prop_assert_eq!(lines.offset(&text, position), offset);
        }
    }

    #[test]
    fn incremental_edits_replace_their_range_and_full_edits_the_text() {
        let mut buffer = Buffer::new("# 第30周 2023-07-08\r\n\r\n正文\r\n".into());
        buffer.apply(vec![TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(0, 3), Position::new(0, 5))),
            range_length: None,
            text: "28".into(),
        }]);
        assert_eq!(buffer.text(), "# 第28周 2023-07-08\r\n\r\n正文\r\n");
        buffer.apply(vec![
            TextDocumentContentChangeEvent {
                range: Some(Range::new(Position::new(2, 2), Position::new(2, 2))),
                range_length: None,
                text: "！".into(),
            },
            TextDocumentContentChangeEvent {
                range: Some(Range::new(Position::new(2, 0), Position::new(2, 0))),
                range_length: None,
                text: "- ".into(),
            },
        ]);
        assert_eq!(buffer.text(), "# 第28周 2023-07-08\r\n\r\n- 正文！\r\n");
        buffer.apply(vec![TextDocumentContentChangeEvent {
            range: None,
            range_length: None,
            text: "new".into(),
        }]);
        assert_eq!(buffer.text(), "new");
    }
}
