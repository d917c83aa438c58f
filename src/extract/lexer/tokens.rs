//! The token list the composition passes rewrite.
//!
//! A pass walks a line's tokens left to right and replaces a run of them by the one value
//! they are (`6月12日` `15:00` → one time). On a `Vec` every replacement moves the whole tail:
//! quadratic on a line of a few megabytes. [`Tokens`] is a gap buffer — the tokens before the
//! gap in one vector, those after it in another, reversed — so a replacement where the pass
//! stands costs only the tokens it replaces, and a pass is linear in the line.

use std::ops::{Index, IndexMut, Range};

use super::Token;

/// Tokens in order, cheap to replace where the last edit was.
#[derive(Debug, Default)]
pub(super) struct Tokens {
    /// Tokens `0..before.len()`.
    before: Vec<Token>,
    /// The rest, last token first.
    after: Vec<Token>,
}

impl Tokens {
    /// Tokens in order.
    pub fn from_vec(tokens: Vec<Token>) -> Self {
        Tokens {
            before: tokens,
            after: Vec::new(),
        }
    }

    /// The tokens, in order.
    pub fn into_vec(mut self) -> Vec<Token> {
        self.move_gap(self.len());
        self.before
    }

    /// How many tokens there are.
    pub fn len(&self) -> usize {
        self.before.len() + self.after.len()
    }

    /// The token at `i`, if there is one.
    pub fn get(&self, i: usize) -> Option<&Token> {
        (i < self.len()).then(|| &self[i])
    }

    /// The tokens, in order, to change in place.
    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut Token> + '_ {
        self.before.iter_mut().chain(self.after.iter_mut().rev())
    }

    /// The index of the first token for which `pred` is false; `pred` must be true of a prefix
    /// of the tokens and false of the rest (as [`slice::partition_point`]).
    pub fn partition_point(&self, mut pred: impl FnMut(&Token) -> bool) -> usize {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if pred(&self[mid]) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }

    /// Replaces the tokens in `range` by `new`.
    pub fn splice(&mut self, range: Range<usize>, new: impl IntoIterator<Item = Token>) {
        self.move_gap(range.end);
        self.before.truncate(range.start);
        self.before.extend(new);
    }

    /// Inserts `token` before the token at `at`.
    pub fn insert(&mut self, at: usize, token: Token) {
        self.splice(at..at, [token]);
    }

    /// Keeps the tokens `keep` is true of.
    pub fn retain(&mut self, keep: impl FnMut(&Token) -> bool) {
        self.move_gap(self.len());
        self.before.retain(keep);
    }

    /// Moves the gap to just before the token at `at`.
    fn move_gap(&mut self, at: usize) {
        while self.before.len() > at {
            let t = self.before.pop().expect("before has more than `at` tokens");
            self.after.push(t);
        }
        while self.before.len() < at {
            match self.after.pop() {
                Some(t) => self.before.push(t),
                None => break,
            }
        }
    }
}

impl Index<usize> for Tokens {
    type Output = Token;

    fn index(&self, i: usize) -> &Token {
        match i.checked_sub(self.before.len()) {
            None => &self.before[i],
            Some(k) => &self.after[self.after.len() - 1 - k],
        }
    }
}

impl IndexMut<usize> for Tokens {
    fn index_mut(&mut self, i: usize) -> &mut Token {
        match i.checked_sub(self.before.len()) {
            None => &mut self.before[i],
            Some(k) => {
                let last = self.after.len() - 1;
                &mut self.after[last - k]
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::lexer::Kind;

    fn t(start: usize) -> Token {
        Token {
            kind: Kind::Id,
            range: start..start + 1,
        }
    }

    fn starts(tokens: &Tokens) -> Vec<usize> {
        (0..tokens.len()).map(|i| tokens[i].range.start).collect()
    }

    #[test]
    fn edits_anywhere_keep_the_order_of_a_vec() {
        let mut tokens = Tokens::from_vec((0..6).map(t).collect());
        tokens.splice(1..3, [t(10)]);
        assert_eq!(starts(&tokens), [0, 10, 3, 4, 5]);
        tokens.insert(5, t(20));
        tokens.insert(0, t(30));
        assert_eq!(starts(&tokens), [30, 0, 10, 3, 4, 5, 20]);
        assert_eq!(tokens[2].range.start, 10);
        assert_eq!(tokens[6].range.start, 20);
        tokens[4].range.start = 40;
        tokens.splice(3..5, []);
        assert_eq!(starts(&tokens), [30, 0, 10, 5, 20]);
        assert_eq!(tokens.partition_point(|t| t.range.start != 20), 4);
        tokens.retain(|t| t.range.start < 20);
        assert_eq!(tokens.into_vec().len(), 3);
    }
}
