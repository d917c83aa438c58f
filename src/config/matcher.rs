//! A compiled list of words or phrases that finds them in text and says what each means.

use std::collections::HashMap;

use regex::Regex;

/// Finds vocabulary words in text, longest phrase first, ignoring case and runs of spaces.
///
/// ASCII words match only as whole words (`done` does not match inside `undone`), while CJK
/// words match anywhere, as Chinese has no spaces between words.
#[derive(Debug, Clone)]
pub struct WordMatcher<V> {
    regex: Option<Regex>,
    meanings: HashMap<String, V>,
}

/// One word found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordMatch<'v, V> {
    /// Byte range in the searched text.
    pub range: std::ops::Range<usize>,
    /// What the word means.
    pub meaning: &'v V,
}

impl<V> WordMatcher<V> {
    /// Compiles `(word, meaning)` pairs. When a word appears twice, the first meaning wins.
    pub fn new<'a>(words: impl IntoIterator<Item = (&'a str, V)>) -> Self {
        let mut meanings = HashMap::new();
        let mut list: Vec<String> = Vec::new();
        for (word, meaning) in words {
            let key = fold(word);
            if key.is_empty() || meanings.contains_key(&key) {
                continue;
            }
            list.push(key.clone());
            meanings.insert(key, meaning);
        }
        // Longest first: the regex takes the first alternative that matches at a position.
        list.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
        let regex = (!list.is_empty()).then(|| {
            let alternatives: Vec<String> = list.iter().map(|w| word_pattern(w)).collect();
            Regex::new(&format!("(?i){}", alternatives.join("|")))
                .expect("escaped vocabulary words always form a valid regex")
        });
        WordMatcher { regex, meanings }
    }

    /// Every non-overlapping word in `text`, left to right.
    pub fn find_all<'s>(&'s self, text: &str) -> Vec<WordMatch<'s, V>> {
        let Some(regex) = &self.regex else {
            return vec![];
        };
        regex
            .find_iter(text)
            .filter_map(|m| {
                let meaning = self.meanings.get(&fold(m.as_str()))?;
                Some(WordMatch {
                    range: m.range(),
                    meaning,
                })
            })
            .collect()
    }

    /// The first word in `text`.
    pub fn find<'s>(&'s self, text: &str) -> Option<WordMatch<'s, V>> {
        let regex = self.regex.as_ref()?;
        let m = regex.find(text)?;
        let meaning = self.meanings.get(&fold(m.as_str()))?;
        Some(WordMatch {
            range: m.range(),
            meaning,
        })
    }

    /// The word that ends `text` (ignoring trailing spaces), if one does.
    pub fn find_at_end<'s>(&'s self, text: &str) -> Option<WordMatch<'s, V>> {
        let trimmed = text.trim_end();
        self.find_all(trimmed)
            .into_iter()
            .rev()
            .find(|m| m.range.end == trimmed.len())
    }

    /// The word that starts `text` (ignoring leading spaces), if one does.
    pub fn find_at_start<'s>(&'s self, text: &str) -> Option<WordMatch<'s, V>> {
        let lead = text.len() - text.trim_start().len();
        self.find(text).filter(|m| m.range.start == lead)
    }

    /// Whether `text` holds any of the words.
    pub fn is_match(&self, text: &str) -> bool {
        self.find(text).is_some()
    }
}

/// Lower case with runs of white space folded to one space: the key words are looked up by.
fn fold(word: &str) -> String {
    word.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn word_pattern(word: &str) -> String {
    let escaped: Vec<String> = word.split(' ').map(regex::escape).collect();
    let mut pattern = escaped.join(r"\s+");
    let edge = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    if edge(word.chars().next()) {
        pattern.insert_str(0, r"(?-u:\b)");
    }
    if edge(word.chars().last()) {
        pattern.push_str(r"(?-u:\b)");
    }
    pattern
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
    fn ends_and_starts() {
        let m = WordMatcher::new([("进行中", ()), ("计划", ())]);
        assert!(m.find_at_end("改造按计划进行中 ").is_some());
        assert!(m.find_at_end("进行中的改造").is_none());
        assert!(m.find_at_start(" 计划7/13").is_some());
    }
}
