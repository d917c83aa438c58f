//! A cursor for the hand-written patterns of [`super::dates`] and [`super::metrics`].

/// A read position in a text, for the hand-written patterns of dates, times and numbers.
///
/// Compiling a regular expression costs more than reading a note does, and a pre-commit hook
/// starts a new process for every commit; these few patterns are written by hand instead, each
/// checked against its regular expression by a test that compares them on generated texts.
#[derive(Debug, Clone, Copy)]
pub struct Scan<'t> {
    /// The whole text.
    pub text: &'t str,
    /// The byte offset read up to.
    pub at: usize,
}

impl<'t> Scan<'t> {
    /// The text from here on.
    pub fn rest(self) -> &'t str {
        &self.text[self.at..]
    }

    /// `len` bytes further on.
    pub fn advance(self, len: usize) -> Scan<'t> {
        Scan {
            text: self.text,
            at: self.at + len,
        }
    }

    /// Whether the text here starts with the ASCII word `word`, in any case.
    pub fn starts_with_ignore_case(self, word: &str) -> bool {
        self.rest()
            .as_bytes()
            .get(..word.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(word.as_bytes()))
    }

    /// As many characters as satisfy `keep`.
    pub fn skip_while(self, keep: impl Fn(char) -> bool) -> Scan<'t> {
        let rest = self.rest();
        self.advance(rest.find(|c| !keep(c)).unwrap_or(rest.len()))
    }

    /// Any white space (`\s*`).
    pub fn spaces(self) -> Scan<'t> {
        self.skip_while(char::is_whitespace)
    }

    /// ASCII white space only (`\s*` of `regex-lite`, which the patterns written by hand for
    /// week numbers, headings and percentages were written in).
    pub fn ascii_spaces(self) -> Scan<'t> {
        let len = self
            .rest()
            .bytes()
            .take_while(|b| matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' '))
            .count();
        self.advance(len)
    }

    /// White space, at least one character of it (`\s+`).
    pub fn spaces_at_least_one(self) -> Option<Scan<'t>> {
        let after = self.spaces();
        (after.at > self.at).then_some(after)
    }

    /// One of `chars`.
    pub fn one_of(self, chars: &[char]) -> Option<(char, Scan<'t>)> {
        let c = self.rest().chars().next().filter(|c| chars.contains(c))?;
        Some((c, self.advance(c.len_utf8())))
    }

    /// `min` to `max` ASCII digits, as many as there are (`[0-9]{min,max}`).
    ///
    /// Greedy without backtracking is exact here: every pattern follows a run of digits with
    /// something that is not a digit, so giving a digit back could never let the rest match.
    pub fn digit_run(self, min: usize, max: usize) -> Option<Scan<'t>> {
        let len = self
            .rest()
            .bytes()
            .take(max)
            .take_while(u8::is_ascii_digit)
            .count();
        (len >= min).then(|| self.advance(len))
    }

    /// Like [`Scan::digit_run`], with the digits' value (at most nine of them).
    pub fn digits(self, min: usize, max: usize) -> Option<(u32, Scan<'t>)> {
        let after = self.digit_run(min, max.min(9))?;
        let value = self.text[self.at..after.at].parse().ok()?;
        Some((value, after))
    }

    /// Whether an ASCII letter, digit or `_` is here (a `\b` cannot be).
    pub fn at_ascii_word(self) -> bool {
        self.rest().bytes().next().is_some_and(is_ascii_word_byte)
    }
}

/// `\w` of the regular expressions: an ASCII letter, digit or `_`.
pub fn is_ascii_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Where the run of white space and `words` (ASCII case ignored) that ends `text` starts;
/// `text.len()` when it ends in none.
///
/// This is what `(?i)(?:\s|word|word…)*$` finds, read from the end: exact because no word of
/// the lists given here ends another word of its list, so a run splits into words one way.
pub fn trailing_run_start(text: &str, words: &[&str]) -> usize {
    debug_assert!(
        words.iter().all(|w| !w.is_empty()),
        "an empty word never ends"
    );
    let mut end = text.len();
    loop {
        let rest = &text[..end];
        if let Some(c) = rest.chars().next_back().filter(|c| c.is_whitespace()) {
            end -= c.len_utf8();
            continue;
        }
        let ends_with = |word: &str| {
            let at = rest.len().checked_sub(word.len());
            at.is_some_and(|at| rest.is_char_boundary(at) && rest[at..].eq_ignore_ascii_case(word))
        };
        match words.iter().find(|word| ends_with(word)) {
            Some(word) => end -= word.len(),
            None => return end,
        }
    }
}

/// `count` texts of one to twelve of `pieces`, the same on every run: the inputs on which a
/// hand-written pattern is compared with the regular expression it replaces.
#[cfg(test)]
pub fn generated_texts(pieces: &[&str], count: usize) -> Vec<String> {
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move || {
        // xorshift64: small, fixed, good enough to mix pieces.
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    (0..count)
        .map(|_| {
            let len = 1 + next() % 12;
            (0..len)
                .map(|_| pieces[(next() % pieces.len() as u64) as usize])
                .collect()
        })
        .collect()
}

/// Compares a hand-written scanner with the regular expression it replaces on `count`
/// generated texts of `pieces`: `by_hand` and `by_pattern` must give the same answer for every
/// text, and at least `min_found` texts must have one (so that the comparison means something).
#[cfg(test)]
pub fn assert_same_as_pattern<T: PartialEq + std::fmt::Debug>(
    pattern: &str,
    pieces: &[&str],
    count: usize,
    min_found: usize,
    by_pattern: impl Fn(&regex_lite::Regex, &str) -> Option<T>,
    by_hand: impl Fn(&str) -> Option<T>,
) {
    let oracle = regex_lite::Regex::new(pattern).expect("the pattern compiles");
    let mut found = 0;
    for text in generated_texts(pieces, count) {
        let expected = by_pattern(&oracle, &text);
        assert_eq!(by_hand(&text), expected, "{text:?}");
        found += usize::from(expected.is_some());
    }
    assert!(
        found >= min_found,
        "only {found} of {count} texts had a match"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_trailing_run_starts_where_its_pattern_finds_it() {
        let lists: [(&str, &[&str]); 2] = [
            (
                r"(?i)(?:\s|:|于|在|on|at|for|to)*$",
                &[":", "于", "在", "on", "at", "for", "to"],
            ),
            (
                r"(?i)(?:[\s:=≈~]|约|为|是|达到|达|is|at|of|was|were|:)*$",
                &[
                    ":", "=", "≈", "~", "约", "为", "是", "达到", "达", "is", "at", "of", "was",
                    "were",
                ],
            ),
        ];
        let pieces = [
            " ", "\t", ":", "=", "于", "在", "on", "ON", "at", "for", "to", "t", "o", "达", "到",
            "达到", "约", "is", "was", "W", "were", "of", "x", "率", "1",
        ];
        for (pattern, words) in lists {
            let oracle = regex_lite::Regex::new(pattern).unwrap();
            for text in generated_texts(&pieces, 20_000) {
                let expected = oracle.find(&text).map(|m| m.start());
                assert_eq!(Some(trailing_run_start(&text, words)), expected, "{text:?}");
            }
        }
    }
}
