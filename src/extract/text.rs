//! Text as patterns see it: full-width forms folded to ASCII, odd spaces to plain ones, with a
//! map back to the original bytes so extracted text keeps the author's punctuation.

/// A normalised copy of a text with a byte map back to the original.
#[derive(Debug, Clone)]
pub struct Norm {
    /// The normalised text: `：，；％（）` and full-width digits and letters are ASCII, every
    /// space-like character (tab, NBSP, ideographic space) is a plain space.
    pub text: String,
    /// The characters normalising changed, in order; between them the two texts are the same
    /// bytes. (A line changes a few characters: this is smaller and quicker to make than an
    /// offset for every byte.)
    changes: Vec<Change>,
    /// The original's length in bytes.
    original_len: usize,
}

/// One changed character: where it stands in the normalised text and in the original.
#[derive(Debug, Clone, Copy)]
struct Change {
    norm: usize,
    norm_end: usize,
    orig: usize,
    orig_end: usize,
}

impl Norm {
    /// Normalises `original`.
    pub fn new(original: &str) -> Norm {
        let mut text = String::with_capacity(original.len());
        let mut changes = Vec::new();
        let mut copied = 0;
        for (i, c) in original.char_indices() {
            let n = fold_char(c);
            if n != c {
                text.push_str(&original[copied..i]);
                let norm = text.len();
                text.push(n);
                copied = i + c.len_utf8();
                changes.push(Change {
                    norm,
                    norm_end: text.len(),
                    orig: i,
                    orig_end: copied,
                });
            }
        }
        text.push_str(&original[copied..]);
        Norm {
            text,
            changes,
            original_len: original.len(),
        }
    }

    /// The normalised text alone, without the way back to the original.
    pub fn text_of(original: &str) -> String {
        original.chars().map(fold_char).collect()
    }

    /// The original offset of normalised byte `offset`: where the character holding it starts
    /// in the original (the original's end from the normalised text's end on).
    pub fn orig(&self, offset: usize) -> usize {
        if offset >= self.text.len() {
            return self.original_len;
        }
        let mut at = offset;
        while !self.text.is_char_boundary(at) {
            at -= 1;
        }
        let before = self.changes.partition_point(|c| c.norm <= at);
        match before.checked_sub(1).map(|k| self.changes[k]) {
            None => at,
            Some(c) if at < c.norm_end => c.orig,
            Some(c) => at - c.norm_end + c.orig_end,
        }
    }

    /// The original byte range of a normalised range.
    pub fn orig_range(&self, range: std::ops::Range<usize>) -> std::ops::Range<usize> {
        self.orig(range.start)..self.orig(range.end)
    }
}

/// The ASCII form of full-width punctuation, digits and letters; a plain space for any space.
pub fn fold_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\t' | '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => ' ',
        _ => c,
    }
}

/// Whether `c` ends a name: the text before the first `，：,:` (and `;`, which ends a clause).
pub fn is_name_delimiter(c: char) -> bool {
    matches!(c, ',' | ':' | ';')
}

/// Trims spaces and the punctuation that trails a clause (`，。；:` and friends).
pub fn trim_clause(s: &str) -> &str {
    s.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, ',' | ';' | '.' | '。' | '、' | ':' | '，' | '；' | '：')
    })
}

/// Collapses runs of white space to one space and trims.
pub fn collapse_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The map this module kept before: an original offset for every normalised byte.
    fn byte_map(original: &str) -> Vec<usize> {
        let mut text = String::new();
        let mut map = Vec::new();
        for (i, c) in original.char_indices() {
            let before = text.len();
            text.push(fold_char(c));
            map.extend(std::iter::repeat_n(i, text.len() - before));
        }
        map.push(original.len());
        map
    }

    #[test]
    fn every_offset_maps_back_as_a_byte_map_would() {
        let pieces = [
            "a", "：", "完成", "\t", "\u{3000}", "２６", "％", " ", "é", "，", "x",
        ];
        for original in crate::extract::scan::generated_texts(&pieces, 5_000) {
            let n = Norm::new(&original);
            let map = byte_map(&original);
            for offset in 0..n.text.len() + 3 {
                let expected = map.get(offset).copied().unwrap_or(original.len());
                assert_eq!(n.orig(offset), expected, "{original:?} at {offset}");
            }
        }
        assert_eq!(Norm::new("").orig(0), 0);
    }

    #[test]
    fn full_width_forms_fold_and_map_back() {
        let original = "完成率：２６.９７％，ok";
        let n = Norm::new(original);
        assert_eq!(n.text, "完成率:26.97%,ok");
        assert_eq!(Norm::text_of(original), n.text);
        let at = n.text.find("26").unwrap();
        assert_eq!(&original[n.orig(at)..], "２６.９７％，ok");
        let r = n.orig_range(0..n.text.find(':').unwrap());
        assert_eq!(&original[r], "完成率");
    }

    #[test]
    fn odd_spaces_become_plain_spaces() {
        assert_eq!(Norm::new("a\u{00A0}b\u{3000}c\td").text, "a b c d");
    }

    #[test]
    fn clauses_lose_trailing_punctuation() {
        assert_eq!(trim_clause(" 重启后恢复， "), "重启后恢复");
        assert_eq!(collapse_spaces(" a   b "), "a b");
    }
}
