//! Text matching: a compiled list of words or phrases that finds them in text and says what
//! each means. The vocabulary ([`crate::config`]) and the lexer search with it.
//!
//! Built on Aho-Corasick rather than one regex alternation: a vocabulary of hundreds of words
//! compiles in microseconds instead of milliseconds, which is most of the time a pre-commit
//! hook spends on one note.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

/// Finds vocabulary words in text, longest phrase first, ignoring case and runs of spaces.
///
/// ASCII words match only as whole words (`done` does not match inside `undone`), while CJK
/// words match anywhere, as Chinese has no spaces between words.
#[derive(Debug)]
pub struct WordMatcher<V> {
    /// The folded words, pattern `i` being `words[i]`, reporting leftmost-longest matches.
    automaton: Option<AhoCorasick>,
    /// The same as a DFA: faster to search, slower to build than a note takes to read. Built
    /// once this matcher has searched [`DFA_AFTER`] texts, so a build of many notes gets it
    /// and a check of one note does not pay for it.
    dfa: OnceLock<AhoCorasick>,
    /// Texts searched while there was no DFA.
    searches: AtomicUsize,
    /// The same words reporting every match, overlapping ones too: built on the first text
    /// where a leftmost-longest word is glued to a neighbouring ASCII letter, so that a
    /// shorter or later word there can still be found (`done` in `done xy` when `done x` is a
    /// word).
    every_match: OnceLock<AhoCorasick>,
    /// The folded words, for building `every_match`.
    keys: Vec<String>,
    /// The last character of each folded word, sorted: a text ending in another has no word
    /// at its end.
    last_chars: Vec<char>,
    words: Vec<Word<V>>,
}

#[derive(Debug, Clone)]
struct Word<V> {
    /// Must not be preceded by an ASCII letter or digit.
    word_start: bool,
    /// Must not be followed by an ASCII letter or digit.
    word_end: bool,
    meaning: V,
}

/// One word found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordMatch<'v, V> {
    /// Byte range in the searched text.
    pub range: Range<usize>,
    /// What the word means.
    pub meaning: &'v V,
}

impl<V> WordMatcher<V> {
    /// Compiles `(word, meaning)` pairs. When a word appears twice, the first meaning wins.
    pub fn new<'a>(words: impl IntoIterator<Item = (&'a str, V)>) -> Self {
        let mut seen: HashSet<String> = HashSet::new();
        let mut keys: Vec<String> = Vec::new();
        let mut list: Vec<Word<V>> = Vec::new();
        for (word, meaning) in words {
            let key = fold(word);
            if key.is_empty() || !seen.insert(key.clone()) {
                continue;
            }
            let edge = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
            list.push(Word {
                word_start: edge(key.chars().next()),
                word_end: edge(key.chars().next_back()),
                meaning,
            });
            keys.push(key);
        }
        let automaton = (!keys.is_empty()).then(|| {
            build(
                &keys,
                MatchKind::LeftmostLongest,
                AhoCorasickKind::NoncontiguousNFA,
            )
        });
        let mut last_chars: Vec<char> = keys.iter().filter_map(|k| k.chars().next_back()).collect();
        last_chars.sort_unstable();
        last_chars.dedup();
        WordMatcher {
            automaton,
            dfa: OnceLock::new(),
            searches: AtomicUsize::new(0),
            every_match: OnceLock::new(),
            keys,
            last_chars,
            words: list,
        }
    }

    /// Every non-overlapping word in `text`, left to right; at one position the longest.
    pub fn find_all<'s>(&'s self, text: &str) -> Vec<WordMatch<'s, V>> {
        let Some(automaton) = &self.automaton else {
            return vec![];
        };
        // Most lines are already folded (Chinese has no case): search them as they are.
        let folded = if is_folded(text) {
            None
        } else {
            Some(Folded::new(text))
        };
        let haystack = folded.as_ref().map_or(text, |f| f.text.as_str());
        let found = self
            .leftmost_longest(self.searcher(automaton), haystack)
            .unwrap_or_else(|| self.every_valid_match(haystack));
        found
            .into_iter()
            .map(|(range, pattern)| WordMatch {
                range: folded.as_ref().map_or(range.clone(), |f| f.original(range)),
                meaning: &self.words[pattern].meaning,
            })
            .collect()
    }

    /// The leftmost-longest automaton to search with: the DFA once it pays.
    fn searcher<'a>(&'a self, nfa: &'a AhoCorasick) -> &'a AhoCorasick {
        if let Some(dfa) = self.dfa.get() {
            return dfa;
        }
        if self.searches.fetch_add(1, Ordering::Relaxed) < DFA_AFTER {
            return nfa;
        }
        self.dfa
            .get_or_init(|| build(&self.keys, MatchKind::LeftmostLongest, AhoCorasickKind::DFA))
    }

    /// Whether the word `pattern`, found at `range` of `hay`, is glued to an ASCII letter or
    /// digit that its own first or last character would make part of a longer word.
    fn is_glued(&self, hay: &[u8], range: &Range<usize>, pattern: usize) -> bool {
        let w = &self.words[pattern];
        let ascii_word = |i: usize| hay.get(i).is_some_and(u8::is_ascii_alphanumeric);
        (w.word_start && range.start > 0 && ascii_word(range.start - 1))
            || (w.word_end && ascii_word(range.end))
    }

    /// The words of `haystack` by a leftmost-longest search, or `None` when one of them is
    /// glued to a neighbour (then the answer needs every match, see `every_valid_match`).
    /// When none is glued, the two give the same words: each leftmost-longest match is the
    /// first and longest of the valid matches from where the last one ended.
    fn leftmost_longest(
        &self,
        automaton: &AhoCorasick,
        haystack: &str,
    ) -> Option<Vec<(Range<usize>, usize)>> {
        let hay = haystack.as_bytes();
        let mut out = Vec::new();
        for m in automaton.find_iter(haystack) {
            let pattern = m.pattern().as_usize();
            if self.is_glued(hay, &m.range(), pattern) {
                return None;
            }
            out.push((m.range(), pattern));
        }
        Some(out)
    }

    /// Every occurrence that is not glued to a neighbour, then leftmost first and longest at a
    /// position, as a regex alternation of the words sorted longest first would choose.
    fn every_valid_match(&self, haystack: &str) -> Vec<(Range<usize>, usize)> {
        let hay = haystack.as_bytes();
        let automaton = self.every_match.get_or_init(|| {
            build(
                &self.keys,
                MatchKind::Standard,
                AhoCorasickKind::NoncontiguousNFA,
            )
        });
        let mut found: Vec<(Range<usize>, usize)> = automaton
            .find_overlapping_iter(haystack)
            .map(|m| (m.range(), m.pattern().as_usize()))
            .filter(|(range, pattern)| !self.is_glued(hay, range, *pattern))
            .collect();
        found.sort_by(|a, b| a.0.start.cmp(&b.0.start).then(b.0.end.cmp(&a.0.end)));
        let mut out = Vec::new();
        let mut next = 0;
        for (range, pattern) in found {
            if range.start >= next {
                next = range.end;
                out.push((range, pattern));
            }
        }
        out
    }

    /// Every word in `text` that is not glued to an ASCII neighbour, overlapping ones too,
    /// sorted by position (longest first at one position).
    pub fn find_overlapping<'s>(&'s self, text: &str) -> Vec<WordMatch<'s, V>> {
        if self.automaton.is_none() {
            return vec![];
        }
        let folded = if is_folded(text) {
            None
        } else {
            Some(Folded::new(text))
        };
        let haystack = folded.as_ref().map_or(text, |f| f.text.as_str());
        let hay = haystack.as_bytes();
        let automaton = self.every_match.get_or_init(|| {
            build(
                &self.keys,
                MatchKind::Standard,
                AhoCorasickKind::NoncontiguousNFA,
            )
        });
        let mut found: Vec<(Range<usize>, usize)> = automaton
            .find_overlapping_iter(haystack)
            .map(|m| (m.range(), m.pattern().as_usize()))
            .filter(|(range, pattern)| !self.is_glued(hay, range, *pattern))
            .collect();
        found.sort_by(|a, b| a.0.start.cmp(&b.0.start).then(b.0.end.cmp(&a.0.end)));
        found
            .into_iter()
            .map(|(range, pattern)| WordMatch {
                range: folded.as_ref().map_or(range.clone(), |f| f.original(range)),
                meaning: &self.words[pattern].meaning,
            })
            .collect()
    }

    /// The first word in `text`.
    pub fn find<'s>(&'s self, text: &str) -> Option<WordMatch<'s, V>> {
        self.find_all(text).into_iter().next()
    }

    /// The word that ends `text` (ignoring trailing spaces), if one does.
    pub fn find_at_end<'s>(&'s self, text: &str) -> Option<WordMatch<'s, V>> {
        let trimmed = text.trim_end();
        // Most texts searched this way (names) end in a character no word ends in.
        let last = trimmed.chars().next_back()?.to_lowercase().last()?;
        if self.last_chars.binary_search(&last).is_err() {
            return None;
        }
        self.find_all(trimmed)
            .into_iter()
            .rev()
            .find(|m| m.range.end == trimmed.len())
    }

    /// The word that starts `text` (after leading spaces), if one does.
    pub fn find_at_start<'s>(&'s self, text: &str) -> Option<WordMatch<'s, V>> {
        let lead = text.len() - text.trim_start().len();
        self.find(text).filter(|m| m.range.start == lead)
    }

    /// Whether any word occurs in `text`.
    pub fn is_match(&self, text: &str) -> bool {
        self.find(text).is_some()
    }
}

/// Searches a matcher makes with its NFA before it builds its DFA: about ten notes' worth.
/// A check of one note stays on the NFA, the quickest to build (the contiguous NFA is made
/// from it, 0.7 M more instructions per check of one note, and is searched no faster); a
/// build of many notes moves to the DFA (its build costs 1.7 ms a process; a 1,000-week build
/// took 252 ms with it, 273 ms without).
const DFA_AFTER: usize = 1_000;

/// An automaton of `kind` over the folded words `keys`.
fn build(keys: &[String], match_kind: MatchKind, kind: AhoCorasickKind) -> AhoCorasick {
    AhoCorasick::builder()
        .match_kind(match_kind)
        .kind(Some(kind))
        // No prefilter: our words are common in the lines searched, so it cannot skip much.
        // Natively the two cost the same (a 1,000-week build 432 ± 21 ms with, 443 ± 21 ms
        // without), but under valgrind the prefilter's fallback path was 84 % of a build's
        // instructions and hid every other cost from callgrind.
        .prefilter(false)
        // Dense rows only for the start state: deeper ones cost more to build (1 M
        // instructions of checking one note) than they save on short lines.
        .dense_depth(1)
        .build(keys)
        .expect("a vocabulary's words fit an automaton")
}

/// Lower case with runs of white space folded to one space: the key words are looked up by.
pub(crate) fn fold(word: &str) -> String {
    word.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Whether `text` is its own folded form: no upper case, and white space only as single spaces.
fn is_folded(text: &str) -> bool {
    let mut after_space = false;
    text.chars().all(|c| {
        let (ok, space) = match c {
            ' ' => (!after_space, true),
            '\0'..='\x7F' => (!c.is_ascii_uppercase() && !c.is_whitespace(), false),
            // CJK ideographs, most of a Chinese note: neither upper case nor space.
            '\u{4E00}'..='\u{9FFF}' => (true, false),
            _ => (!c.is_whitespace() && !c.is_uppercase(), c.is_whitespace()),
        };
        after_space = space;
        ok
    })
}

/// A text folded like the words (lower case, a run of white space as one space), with the
/// way back to the original's byte offsets.
struct Folded {
    text: String,
    /// For each byte of `text` and one past its end: the original offset it came from.
    origin: Vec<usize>,
    /// For each byte of `text`: the original offset just after the character it came from.
    origin_end: Vec<usize>,
}

impl Folded {
    fn new(original: &str) -> Self {
        let mut text = String::with_capacity(original.len());
        let mut origin = Vec::with_capacity(original.len() + 1);
        let mut origin_end = Vec::with_capacity(original.len());
        let mut in_space = false;
        for (at, c) in original.char_indices() {
            let end = at + c.len_utf8();
            if c.is_whitespace() {
                if in_space {
                    continue;
                }
                in_space = true;
                text.push(' ');
                origin.push(at);
                origin_end.push(end);
                continue;
            }
            in_space = false;
            let before = text.len();
            if c.is_ascii() {
                text.push(c.to_ascii_lowercase());
            } else {
                text.extend(c.to_lowercase());
            }
            origin.extend(std::iter::repeat_n(at, text.len() - before));
            origin_end.extend(std::iter::repeat_n(end, text.len() - before));
        }
        origin.push(original.len());
        Folded {
            text,
            origin,
            origin_end,
        }
    }

    /// The original range of a folded range that starts and ends on characters.
    fn original(&self, r: Range<usize>) -> Range<usize> {
        let end = if r.end > r.start {
            self.origin_end[r.end - 1]
        } else {
            self.origin[r.end]
        };
        self.origin[r.start]..end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_phrase_wins_and_case_is_ignored() {
        let m = WordMatcher::new([("完成", 1), ("完成提测", 2), ("In Progress", 3)]);
        let found: Vec<_> = m
            .find_all("自然人代开版本完成提测, IN  progress")
            .iter()
            .map(|w| *w.meaning)
            .collect();
        assert_eq!(found, [2, 3]);
    }

    #[test]
    fn ascii_words_match_whole_words_only_but_next_to_cjk() {
        let m = WordMatcher::new([("done", ())]);
        assert!(!m.is_match("undone"));
        assert!(m.is_match("done了"));
        assert!(m.is_match("项目done"));
    }

    #[test]
    fn first_meaning_of_a_repeated_word_wins() {
        let m = WordMatcher::new([("live", "user"), ("LIVE", "builtin")]);
        assert_eq!(*m.find("live").unwrap().meaning, "user");
    }

    #[test]
    fn ranges_are_in_the_original_text_across_folded_spaces_and_case() {
        let m = WordMatcher::new([("in progress", ()), ("完成", ())]);
        let text = "x IN \t PROGRESS，完成";
        let ranges: Vec<_> = m.find_all(text).into_iter().map(|w| w.range).collect();
        assert_eq!(&text[ranges[0].clone()], "IN \t PROGRESS");
        assert_eq!(&text[ranges[1].clone()], "完成");
    }

    #[test]
    fn a_longer_word_that_fails_its_boundary_leaves_the_shorter_one() {
        let m = WordMatcher::new([("done", 1), ("done x", 2)]);
        let found: Vec<_> = m.find_all("done xy").iter().map(|w| *w.meaning).collect();
        assert_eq!(found, [1]);
    }

    #[test]
    fn the_leftmost_longest_search_finds_what_every_match_would() {
        let m = WordMatcher::new(
            [
                "done",
                "done x",
                "do",
                "x",
                "ok",
                "in progress",
                "progress",
                "完成",
                "完成提测",
                "提测",
                "in",
            ]
            .into_iter()
            .zip(0..),
        );
        let pieces = [
            "done", " ", "x", "y", "un", "in", "progress", "ok", "a", "1", "完成", "提测", "，",
            "do", "ne",
        ];
        let automaton = m.automaton.as_ref().unwrap();
        let (mut fast, mut slow) = (0, 0);
        for text in crate::extract::scan::generated_texts(&pieces, 20_000) {
            let every = m.every_valid_match(&text);
            match m.leftmost_longest(automaton, &text) {
                Some(found) => {
                    fast += 1;
                    assert_eq!(found, every, "{text:?}");
                }
                None => slow += 1,
            }
        }
        assert!(
            fast > 2_000 && slow > 2_000,
            "both paths are tried: {fast} / {slow}"
        );
    }

    #[test]
    fn a_folded_text_has_no_capital_and_only_single_spaces() {
        assert!(is_folded("in progress 完成 done。"));
        for text in [
            "In progress",
            "in  progress",
            "in\tprogress",
            "完成\u{3000}了",
            "ΣΑ",
            " a  ",
        ] {
            assert!(!is_folded(text), "{text:?}");
            assert_ne!(fold(text), text);
        }
        for text in crate::extract::scan::generated_texts(&["a", "B", " ", "完", "É", "\t"], 5_000)
        {
            assert_eq!(
                is_folded(&text),
                Folded::new(&text).text == text,
                "{text:?}"
            );
        }
    }

    #[test]
    fn the_dfa_built_for_many_searches_finds_what_the_nfa_found() {
        let m = WordMatcher::new(
            ["done", "done x", "完成", "完成提测", "in progress", "ok"]
                .into_iter()
                .zip(0..),
        );
        let pieces = [
            "done", " ", "x", "完成", "提测", "IN", "progress", "ok", "a", "，",
        ];
        let texts = crate::extract::scan::generated_texts(&pieces, DFA_AFTER);
        let by_nfa: Vec<_> = texts.iter().map(|t| m.find_all(t)).collect();
        assert!(
            m.dfa.get().is_none(),
            "no DFA for the first {DFA_AFTER} texts"
        );
        m.find_all("done");
        assert!(m.dfa.get().is_some());
        let by_dfa: Vec<_> = texts.iter().map(|t| m.find_all(t)).collect();
        assert_eq!(by_dfa, by_nfa);
    }

    #[test]
    fn ends_and_starts() {
        let m = WordMatcher::new([("进行中", ()), ("计划", ())]);
        assert!(m.find_at_end("改造按计划进行中 ").is_some());
        assert!(m.find_at_end("进行中的改造").is_none());
        assert!(m.find_at_start(" 计划7/13").is_some());
        let m = WordMatcher::new([("done", 1), ("完成", 2), ("in progress", 3)]);
        let pieces = [
            "DONE", "done", "完成", "完", "In", " ", "PROGRESS", "x", "。", "\t",
        ];
        for text in crate::extract::scan::generated_texts(&pieces, 5_000) {
            let trimmed = text.trim_end();
            let by_search = m
                .find_all(trimmed)
                .into_iter()
                .rev()
                .find(|w| w.range.end == trimmed.len());
            assert_eq!(m.find_at_end(&text), by_search, "{text:?}");
        }
    }
}
