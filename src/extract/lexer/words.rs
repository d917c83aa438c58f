//! The vocabulary words of a lexed line, indexed by where they start and end.
//!
//! A line of a few megabytes has hundreds of thousands of words, and the composition passes
//! and the fact builders ask for "the word of this kind that ends here" once per token: every
//! question is a binary search, and a word that became part of a value is marked gone, never
//! moved, so answering and removing stay linear over a line.

use std::collections::HashMap;

use crate::config::{Meaning, MeaningKind, WordHit};

/// The vocabulary words of a line by position, each kind's leftmost-longest (words of
/// different kinds may overlap: `降` is a change verb inside the `降至` that is a `to` word).
#[derive(Debug, Clone, Default)]
pub struct Words {
    /// Every hit, sorted by start, longest first at one start.
    hits: Vec<WordHit>,
    /// Whether `hits[i]` is still a word (not part of a value).
    alive: Vec<bool>,
    /// Per kind, indices into `hits` in order. A kind's hits never overlap, so its list is
    /// sorted by start and by end alike.
    by_kind: HashMap<MeaningKind, Vec<usize>>,
}

impl Words {
    /// Indexes hits that are, per kind, leftmost-longest and so never overlap
    /// ([`crate::config::leftmost_longest_per_kind`]).
    pub(super) fn new(mut hits: Vec<WordHit>) -> Self {
        hits.sort_by_key(|h| (h.range.0, std::cmp::Reverse(h.range.1)));
        let mut by_kind: HashMap<MeaningKind, Vec<usize>> = HashMap::new();
        for (i, h) in hits.iter().enumerate() {
            by_kind.entry(h.meaning.kind()).or_default().push(i);
        }
        Words {
            alive: vec![true; hits.len()],
            hits,
            by_kind,
        }
    }

    /// Every word, sorted by start (longest first at one start).
    pub fn iter(&self) -> impl Iterator<Item = &WordHit> + '_ {
        self.hits
            .iter()
            .zip(&self.alive)
            .filter_map(|(h, alive)| alive.then_some(h))
    }

    /// The words that start at byte `start`.
    pub fn at(&self, start: usize) -> impl Iterator<Item = &WordHit> + '_ {
        self.starting_in(start, start + 1)
    }

    /// The words that start in `from..to`.
    pub fn starting_in(&self, from: usize, to: usize) -> impl Iterator<Item = &WordHit> + '_ {
        let first = self.hits.partition_point(|h| h.range.0 < from);
        self.hits[first..]
            .iter()
            .zip(&self.alive[first..])
            .take_while(move |(h, _)| h.range.0 < to)
            .filter_map(|(h, alive)| alive.then_some(h))
    }

    /// The words of `kind` that start in `from..to`.
    pub fn of_kind_starting_in(
        &self,
        kind: MeaningKind,
        from: usize,
        to: usize,
    ) -> impl Iterator<Item = &WordHit> + '_ {
        let list = self.kind(kind);
        let first = list.partition_point(|&i| self.hits[i].range.0 < from);
        list[first..]
            .iter()
            .take_while(move |&&i| self.hits[i].range.0 < to)
            .filter(|&&i| self.alive[i])
            .map(|&i| &self.hits[i])
    }

    /// The words that lie inside `from..to`.
    pub fn within(&self, from: usize, to: usize) -> impl Iterator<Item = &WordHit> + '_ {
        self.starting_in(from, to).filter(move |h| h.range.1 <= to)
    }

    /// Words whose meaning satisfies `want`, in order.
    pub fn of<'a>(
        &'a self,
        want: impl Fn(Meaning) -> bool + 'a,
    ) -> impl Iterator<Item = &'a WordHit> + 'a {
        self.iter().filter(move |h| want(h.meaning))
    }

    /// Words of `kind`, in order.
    pub fn of_kind(&self, kind: MeaningKind) -> impl Iterator<Item = &WordHit> + '_ {
        self.kind(kind)
            .iter()
            .filter(|&&i| self.alive[i])
            .map(|&i| &self.hits[i])
    }

    /// The word of `kind` that starts at `start`.
    pub fn starting_at(&self, kind: MeaningKind, start: usize) -> Option<&WordHit> {
        let list = self.kind(kind);
        let i = *list.get(list.partition_point(|&i| self.hits[i].range.0 < start))?;
        (self.hits[i].range.0 == start && self.alive[i]).then(|| &self.hits[i])
    }

    /// The word of `kind` that ends at `end`.
    pub fn ending_at(&self, kind: MeaningKind, end: usize) -> Option<&WordHit> {
        let list = self.kind(kind);
        let i = *list.get(list.partition_point(|&i| self.hits[i].range.1 < end))?;
        (self.hits[i].range.1 == end && self.alive[i]).then(|| &self.hits[i])
    }

    /// The word of `kind` that fills the text between `from` and `to`, spaces aside.
    pub fn filling(
        &self,
        text: &str,
        kind: MeaningKind,
        from: usize,
        to: usize,
    ) -> Option<&WordHit> {
        let gap = text.get(from..to)?;
        let lead = gap.len() - gap.trim_start().len();
        let trail = gap.len() - gap.trim_end().len();
        let (s, e) = (from + lead, to - trail);
        (s < e)
            .then(|| self.starting_at(kind, s).filter(|h| h.range.1 == e))
            .flatten()
    }

    /// Whether any word of `kind` lies inside `from..to`.
    pub fn any_within(&self, kind: MeaningKind, from: usize, to: usize) -> bool {
        self.kind_within(kind, from, to).next().is_some()
    }

    /// Marks the words of `kinds` inside `from..to` as gone: they are part of a value now.
    pub(super) fn remove_within(&mut self, from: usize, to: usize, kinds: &[MeaningKind]) {
        for &kind in kinds {
            let gone: Vec<usize> = self.kind_within(kind, from, to).collect();
            for i in gone {
                self.alive[i] = false;
            }
        }
    }

    /// Indices of the live words of `kind` inside `from..to`.
    fn kind_within(
        &self,
        kind: MeaningKind,
        from: usize,
        to: usize,
    ) -> impl Iterator<Item = usize> + '_ {
        let list = self.kind(kind);
        let first = list.partition_point(|&i| self.hits[i].range.0 < from);
        list[first..]
            .iter()
            .copied()
            .take_while(move |&i| self.hits[i].range.1 <= to)
            .filter(|&i| self.alive[i])
    }

    fn kind(&self, kind: MeaningKind) -> &[usize] {
        self.by_kind.get(&kind).map_or(&[], Vec::as_slice)
    }
}
