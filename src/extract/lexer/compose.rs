//! Composition: neighbouring atoms that together are one value become one token.

mod calendar;
mod figures;

use std::ops::Range;

use rust_decimal::Decimal;

use crate::config::{Lexicon, Meaning, MeaningKind, WordHit};
use crate::extract::dates::DateToken;
use crate::model::Num;

use super::tokens::Tokens;
use super::{Clock, Day, Duration, Kind, Quantity, Token, Words};

use calendar::{
    clock_words, date_times, dot_dates, english_dates, ranges, weekdays, zones_and_next_day,
};
use figures::{approximations, changes, durations, grades, labelled_owners, ratios};

/// Merges neighbouring atoms that together are one value, in place.
pub(super) fn compose(lexicon: &Lexicon, text: &str, tokens: &mut Tokens, words: &mut Words) {
    english_dates(text, tokens, words);
    weekdays(text, tokens, words);
    clock_words(lexicon, text, tokens, words);
    zones_and_next_day(text, tokens, words);
    date_times(text, tokens);
    ranges(text, tokens);
    dot_dates(text, tokens, words);
    durations(lexicon, text, tokens);
    approximations(text, tokens, words);
    ratios(lexicon, text, tokens, words);
    changes(text, tokens, words);
    grades(text, tokens, words);
    labelled_owners(text, tokens, words);
}

/// The text between two tokens.
fn between<'t>(text: &'t str, a: &Token, b: &Token) -> &'t str {
    text.get(a.range.end..b.range.start).unwrap_or("")
}

/// Inserts a token at its place in the sorted list.
fn insert(tokens: &mut Tokens, token: Token) {
    let at = tokens.partition_point(|t| t.range.start < token.range.start);
    tokens.insert(at, token);
}

/// Replaces `tokens[from..to]` by one token spanning `range`.
fn replace_span(tokens: &mut Tokens, from: usize, to: usize, range: Range<usize>, kind: Kind) {
    tokens.splice(from..to, std::iter::once(Token { kind, range }));
}

/// Replaces `tokens[from..to]` by one token spanning them.
fn replace(tokens: &mut Tokens, from: usize, to: usize, kind: Kind) {
    let range = tokens[from].range.start..tokens[to - 1].range.end;
    replace_span(tokens, from, to, range, kind);
}

/// Whether `s` joins two figures into a range (`3～5天`): one of `script.yaml`'s joiners.
fn is_dash(s: &str) -> bool {
    crate::config::script::Script::is(&crate::config::script::script().range_joiners, s.trim())
}

fn int_of(q: &Quantity) -> Option<u32> {
    (q.unit.is_none() && !q.multiplied && q.value.0.scale() == 0 && !q.value.0.is_sign_negative())
        .then(|| u32::try_from(q.value.0.mantissa()).ok())
        .flatten()
}

/// The plain integer a token is, if it is one (`14`, not `14%` or `1.5`).
fn int_token(t: &Token) -> Option<u32> {
    match &t.kind {
        Kind::Number(q) => int_of(q),
        _ => None,
    }
}

/// The first token starting at or after `at`, with only spaces before it.
fn token_after(text: &str, tokens: &Tokens, at: usize) -> Option<usize> {
    let i = tokens.partition_point(|t| t.range.start < at);
    let t = tokens.get(i)?;
    text.get(at..t.range.start)?.trim().is_empty().then_some(i)
}

/// The last token ending at or before `at`, with only spaces after it.
fn token_before(text: &str, tokens: &Tokens, at: usize) -> Option<usize> {
    let i = tokens
        .partition_point(|t| t.range.end <= at)
        .checked_sub(1)?;
    let t = &tokens[i];
    text.get(t.range.end..at)?.trim().is_empty().then_some(i)
}
