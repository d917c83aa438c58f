//! The lexer: one line of a note read once into typed tokens with byte ranges.
//!
//! Every fact builder (metrics, incidents, events, items, the header) reads these tokens
//! instead of scanning text of its own, so a way of writing a value is taught here once and
//! every kind of fact gets it: `3.4万` is 34000 wherever it stands, `2h 15m` is 135 minutes,
//! `从1.8%降至1.2%` is a change whose current value is 1.2.
//!
//! Lexing is two passes over a line that is already normalised ([`super::text::Norm`]:
//! full-width forms folded, odd spaces plain):
//!
//! 1. **atoms**: numbers with their multiplier and unit, dates and times in digits, weeks,
//!    ids (`INC-3107`), owners (`@name`), tags (`#blocked`), and every vocabulary word (one
//!    automaton for all lists, [`crate::config::Lexicon`]);
//! 2. **composition**: neighbouring atoms become one token where together they mean one
//!    value: a month word and a day (`Jun 10`), a date and a time, two dates or times around
//!    a dash (ranges), numbers in units of time (`1小时40分`), `from A to B`, `上周 25%`, a
//!    grade and its count (`P3故障2起`, `2 SEV2s`, `no SEV1`).
//!
//! Words that only matter to one builder (status words, labels, cues) stay [`Kind::Word`]
//! tokens; the builder reads them in place.

//!
//! The tree: [`atoms`] reads the atoms, [`words`] indexes the vocabulary words of a line,
//! [`compose`] merges atoms (calendar values in `compose/calendar.rs`, figures and owners in
//! `compose/figures.rs`), [`tokens`] is the token list the passes rewrite.

mod atoms;
mod compose;
mod tokens;
mod words;

use std::ops::Range;

use crate::config::{
    leftmost_longest_per_kind, Comparison, Lexicon, Meaning, MeaningKind, TaskField, Unit, WordHit,
};
use crate::model::Num;

use super::dates::DateToken;
use super::header::WrittenWeek;

pub use words::Words;

/// A token: what was read and where it stands in the lexed text.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    /// What it is.
    pub kind: Kind,
    /// Byte range in the lexed (normalised) line.
    pub range: Range<usize>,
}

/// A number as written, with its unit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Quantity {
    /// The value, multiplier applied (`3.4万` → 34000), digits kept as written (`98.80`).
    pub value: Num,
    /// The unit after it (or the currency sign before it), canonical.
    pub unit: Option<Unit>,
    /// Written with `约`, `~`, `about`, `左右`…
    pub approximate: bool,
    /// Written with a multiplier (`万`, `k`, `M`).
    pub multiplied: bool,
    /// `5.14`, `6.10`: the month and day it would be if it were a date. Only builders that
    /// expect a date (after a due word, in a due column, beside a time) read it as one.
    pub dot_date: Option<DateToken>,
}

/// A time of day as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    /// 0–23 (out of range values are kept for the builder to report).
    pub hour: u32,
    /// 0–59.
    pub minute: u32,
    /// On the day after the date it goes with (`次日 01:20`).
    pub next_day: bool,
    /// Where its time zone is written (`UTC`, `+08:00`, `北京时间`), if it is.
    pub zone: Option<(usize, usize)>,
    /// `3点` with no part of the day: 3 a.m. or 3 p.m., a reader cannot tell.
    pub half_day_unknown: bool,
}

/// The day a time is on: a date, or a weekday of a week near the note's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Day {
    /// `2024-06-11 08:40`, `7/3 18:40`.
    Date(DateToken),
    /// `本周五 18:00`, `next Monday 10:00`.
    Weekday {
        /// Weeks after the note's week.
        shift: i32,
        /// 1 = Monday … 7 = Sunday.
        day: u32,
    },
}

/// How long something lasted.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Duration {
    /// Its length in seconds.
    pub seconds: Num,
    /// Written with `约`, `~`…
    pub approximate: bool,
    /// The value and unit as written, when written in one unit (`45 min`, `2.5小时`).
    pub single: Option<(Num, Unit)>,
}

/// What a token is.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// A number, with its unit when one is written.
    Number(Quantity),
    /// `3-5天`, `10–20ms`.
    Between(Quantity, Quantity),
    /// `2h 15m`, `1小时40分`, `45 min`, `约2天`.
    Duration(Duration),
    /// A date (its year may still be inferred).
    Date(DateToken),
    /// `6.10-6.14`, `Jun 10–14, 2024`, `2024-06-10 ~ 2024-06-14`.
    DateRange(DateToken, DateToken),
    /// `2024-W12`, `W12`, `第12周`.
    Week(WrittenWeek),
    /// `本周三`, `下周一`, `next Monday`: weeks from the note's week (0 this, 1 next, -1 last)
    /// and the weekday (1 Monday … 7 Sunday).
    Weekday {
        /// Weeks after the note's week.
        shift: i32,
        /// 1 = Monday … 7 = Sunday.
        day: u32,
    },
    /// A time of day, with the day written before it, if one is.
    Time(Option<Day>, Clock),
    /// `08:40–09:25`, `23:10~次日01:20`, with the day written before it, if one is.
    TimeRange(Option<Day>, Clock, Clock),
    /// `2 SEV2s`, `P3故障2起`, `SEV1 0`, `no SEV1`; `grade` is where the grade is written.
    GradeCount {
        /// Where the grade stands.
        grade: Range<usize>,
        /// How many.
        count: u32,
    },
    /// A grade with nothing counting it (`SEV3`, `P1`, `C级`); `qualified` when it is
    /// numbered or followed by 级/类 (a lone `A` is only a grade where a grade is expected).
    Grade {
        /// Numbered or followed by a grade word.
        qualified: bool,
    },
    /// `从1.8%降至1.2%`, `1.8% → 1.2%`, `from 120ms to 95ms`: `to` is the current value.
    Change {
        /// The earlier value.
        from: Quantity,
        /// The current value.
        to: Quantity,
    },
    /// `上周 25%`, `last week 99.91%`, `was Jun 3`, `原定5月8日`: an earlier value.
    Previous(Box<Kind>),
    /// `较上周下降8ms`, `WoW +3%`: a change against an earlier period.
    Delta(Quantity),
    /// `48/179`, `6/10` after a score word, `3 of 5`.
    Ratio {
        /// The part.
        part: Num,
        /// The whole.
        total: Num,
    },
    /// `@name`, `负责人：王磊`, `Owner: J. Chen`: where the name stands.
    Owner {
        /// The name, without `@` or label.
        name: Range<usize>,
    },
    /// A Dataview inline field (`[due:: 2024-06-21]`, `(owner:: Priya)`, `status:: done`).
    Field {
        /// The key as written.
        key: Range<usize>,
        /// The value as written.
        value: Range<usize>,
        /// The tokens of the value (a date, a name).
        inner: Vec<Token>,
    },
    /// `#tag` (the range includes the `#`).
    Tag,
    /// `INC-3107`, `OPS-2210`, `#4411`: an id, never a number.
    Id,
    /// An Obsidian Tasks signifier, with the date after it.
    Task(TaskField, Option<DateToken>),
    /// A vocabulary word.
    Word(Meaning),
}

impl Token {
    /// The quantity a token holds as a plain figure (a number, or a duration in one unit).
    pub fn quantity(&self) -> Option<Quantity> {
        match &self.kind {
            Kind::Number(q) => Some(*q),
            Kind::Duration(Duration {
                single: Some((value, unit)),
                approximate,
                ..
            }) => Some(Quantity {
                value: *value,
                unit: Some(*unit),
                approximate: *approximate,
                multiplied: false,
                dot_date: None,
            }),
            _ => None,
        }
    }

    /// The meaning of a word token.
    pub fn meaning(&self) -> Option<Meaning> {
        match self.kind {
            Kind::Word(m) => Some(m),
            _ => None,
        }
    }

    /// Whether this is a word of `kind`.
    pub fn is_word(&self, kind: MeaningKind) -> bool {
        self.meaning().is_some_and(|m| m.kind() == kind)
    }

    /// Whether this token holds a value (anything but a word).
    pub fn is_value(&self) -> bool {
        !matches!(self.kind, Kind::Word(_))
    }
}

/// A lexed line: its values and its words.
#[derive(Debug, Clone, Default)]
pub struct Lexed {
    /// Values, in order, never overlapping.
    pub tokens: Vec<Token>,
    /// Vocabulary words (those that became part of a value, like a month name, are gone).
    pub words: Words,
}

/// Lexes one normalised line.
pub fn lex(lexicon: &Lexicon, text: &str) -> Lexed {
    let hits = leftmost_longest_per_kind(lexicon.words(text));
    let mut tokens = atoms::atoms(lexicon, text, &hits);
    tokens.sort_by_key(|t| (t.range.start, std::cmp::Reverse(t.range.end)));
    // Words inside a value (`min` in `5 min`, `m` in `3m20s`) are part of it.
    // Tokens never overlap, so they are sorted by end too: the one that could overlap a word
    // is the last that starts before the word ends.
    let hits: Vec<WordHit> = hits
        .into_iter()
        .filter(|w| {
            let i = tokens.partition_point(|v| v.range.start < w.range.1);
            i == 0 || tokens[i - 1].range.end <= w.range.0
        })
        .collect();
    let mut words = Words::new(hits);
    let mut tokens = tokens::Tokens::from_vec(tokens);
    compose::compose(lexicon, text, &mut tokens, &mut words);
    let tokens = tokens.into_vec();
    debug_assert!(
        tokens
            .windows(2)
            .all(|w| w[0].range.start <= w[1].range.start && w[0].range.end <= w[1].range.end),
        "tokens out of order in {text:?}: {tokens:?}"
    );
    Lexed { tokens, words }
}

/// A token of a note, placed in the note's text.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    /// The token (its ranges are in `line`).
    pub token: Token,
    /// The normalised line it was read from.
    pub line: String,
    /// Where it stands in the note.
    pub span: crate::model::Span,
}

/// Every value token of a Markdown text, inline by inline and line by line (headings,
/// paragraphs, list items, table cells), each with its span in the text: what `explain`
/// shows and the lexer's table test reads.
pub fn tokens_of_markdown(lexicon: &Lexicon, text: &str) -> Vec<Placed> {
    use crate::parse::{Block, Document, Inline, ListItem};
    let doc = Document::parse(text);
    let mut inlines: Vec<&Inline> = Vec::new();
    for section in &doc.sections {
        inlines.extend(section.heading.as_ref());
        for block in &section.blocks {
            match block {
                Block::Paragraph(p) => inlines.push(p),
                Block::List(list) => {
                    let mut stack: Vec<&ListItem> = list.items.iter().rev().collect();
                    while let Some(item) = stack.pop() {
                        inlines.extend(&item.content);
                        stack.extend(item.children.iter().rev());
                    }
                }
                Block::Table(t) => inlines.extend(t.header.iter().chain(t.rows.iter().flatten())),
                Block::Callout(inner) => {
                    for b in inner {
                        if let Block::Paragraph(p) = b {
                            inlines.push(p);
                        }
                    }
                }
            }
        }
    }
    inlines.sort_by_key(|i| i.span.start);
    let mut out = Vec::new();
    for inline in inlines {
        for line in super::lines::TextLine::split(inline) {
            for token in lex(lexicon, &line.norm.text).tokens {
                let span = line.span(token.range.clone());
                out.push(Placed {
                    token,
                    line: line.norm.text.clone(),
                    span,
                });
            }
        }
    }
    out
}

/// The comparator written right after byte `at` (`1.5s 以内`), if one is.
pub fn comparator_after(words: &Words, text: &str, at: usize) -> Option<Comparison> {
    let rest = &text[at..];
    let lead = rest.len() - rest.trim_start().len();
    match words
        .starting_at(MeaningKind::ComparatorAfter, at + lead)?
        .meaning
    {
        Meaning::ComparatorAfter(op) => Some(op),
        _ => None,
    }
}

/// The comparator written right before byte `at` (`≥ 99.9%`, `目标≤150ms`), if one is.
pub fn comparator_before(words: &Words, text: &str, at: usize) -> Option<Comparison> {
    let before = text[..at].trim_end().len();
    match words.ending_at(MeaningKind::Comparator, before)?.meaning {
        Meaning::Comparator(op) => Some(op),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn lexed(text: &str) -> Vec<(String, String)> {
        let config = Config::builtin();
        let lexicon = config.vocabulary.lexicon();
        lex(lexicon, text)
            .tokens
            .into_iter()
            .map(|t| {
                (
                    text[t.range.clone()].to_string(),
                    describe(lexicon, text, &t.kind),
                )
            })
            .collect()
    }

    fn describe(lexicon: &Lexicon, text: &str, kind: &Kind) -> String {
        let q = |q: &Quantity| {
            let unit = q
                .unit
                .map_or(String::new(), |u| lexicon.unit_name(u).to_string());
            format!("{}{unit}{}", q.value, if q.approximate { "~" } else { "" })
        };
        match kind {
            Kind::Number(n) => q(n),
            Kind::Between(a, b) => format!("{}..{}", q(a), q(b)),
            Kind::Duration(d) => format!("{}s", d.seconds),
            Kind::Date(d) => d.written(),
            Kind::DateRange(a, b) => format!("{}..{}", a.written(), b.written()),
            Kind::Time(d, c) => format!(
                "{}{:02}:{:02}{}",
                match d {
                    Some(Day::Date(d)) => format!("{} ", d.written()),
                    Some(Day::Weekday { shift, day }) => format!("{shift}w{day} "),
                    None => String::new(),
                },
                c.hour,
                c.minute,
                c.zone
                    .map_or(String::new(), |z| format!(" {}", &text[z.0..z.1]))
            ),
            Kind::TimeRange(_, a, b) => format!(
                "{:02}:{:02}..{:02}:{:02}",
                a.hour, a.minute, b.hour, b.minute
            ),
            Kind::GradeCount { grade, count } => format!("{}={count}", &text[grade.clone()]),
            Kind::Change { from, to } => format!("{}->{}", q(from), q(to)),
            Kind::Previous(k) => format!("was {}", describe(lexicon, text, k)),
            Kind::Delta(d) => format!("delta {}", q(d)),
            Kind::Ratio { part, total } => format!("{part}/{total}"),
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn numbers_keep_their_multiplier_and_unit() {
        assert_eq!(
            lexed("日均支付笔数 3.4万"),
            [("3.4万".into(), "34000".into())]
        );
        assert_eq!(lexed("TPS 1.2k"), [("1.2k".into(), "1200".into())]);
        assert_eq!(
            lexed("交易额 12,860,500元"),
            [("12,860,500元".into(), "12860500元".into())]
        );
        assert_eq!(
            lexed("成功率 99.95 %"),
            [("99.95 %".into(), "99.95%".into())]
        );
        assert_eq!(lexed("$2.6M"), [("$2.6M".into(), "2600000USD".into())]);
        assert_eq!(lexed("错误预算 -12%"), [("-12%".into(), "-12%".into())]);
    }

    #[test]
    fn durations_join_falling_units() {
        assert_eq!(
            lexed("Duration: 2h 15m"),
            [("2h 15m".into(), "8100s".into())]
        );
        assert_eq!(
            lexed("耗时1小时40分"),
            [("1小时40分".into(), "6000s".into())]
        );
        assert_eq!(lexed("MTTA 3m20s"), [("3m20s".into(), "200s".into())]);
        assert_eq!(lexed("约2天"), [("2天".into(), "172800s".into())]);
    }

    #[test]
    fn changes_previous_values_and_deltas() {
        assert_eq!(
            lexed("已从1.8%降至1.2%"),
            [("从1.8%降至1.2%".into(), "1.8%->1.2%".into())]
        );
        assert_eq!(
            lexed("进度 70%（上周 55%）"),
            [
                ("70%".into(), "70%".into()),
                ("上周 55%".into(), "was 55%".into())
            ]
        );
        assert_eq!(
            lexed("P99 236ms，较上周下降8ms"),
            [
                ("236ms".into(), "236ms".into()),
                ("较上周下降8ms".into(), "delta 8ms".into())
            ]
        );
    }

    #[test]
    fn dates_times_and_ranges() {
        assert_eq!(
            lexed("2024-06-11 08:40–09:25 UTC"),
            [("2024-06-11 08:40–09:25 UTC".into(), "08:40..09:25".into())]
        );
        assert_eq!(
            lexed("Jun 10–14, 2024"),
            [("Jun 10–14, 2024".into(), "2024-06-10..2024-06-14".into())]
        );
        assert_eq!(
            lexed("6.10-6.14"),
            [("6.10-6.14".into(), "6/10..6/14".into())]
        );
        assert_eq!(lexed("下午3点"), [("下午3点".into(), "15:00".into())]);
        assert_eq!(lexed("次日 01:20"), [("次日 01:20".into(), "01:20".into())]);
    }

    #[test]
    fn grade_counts() {
        assert_eq!(
            lexed("Incidents: SEV1 0, SEV2 1, SEV3 2"),
            [
                ("SEV1 0".into(), "SEV1=0".into()),
                ("SEV2 1".into(), "SEV2=1".into()),
                ("SEV3 2".into(), "SEV3=2".into())
            ]
        );
        assert_eq!(lexed("P3故障2起"), [("P3故障2起".into(), "P3=2".into())]);
        assert_eq!(
            lexed("事故数AB级0次，CD级1次"),
            [
                ("AB级0次".into(), "AB=0".into()),
                ("CD级1次".into(), "CD=1".into())
            ]
        );
        assert_eq!(
            lexed("2 SEV2s and 1× SEV3"),
            [
                ("2 SEV2s".into(), "SEV2s=2".into()),
                ("1× SEV3".into(), "SEV3=1".into())
            ]
        );
        assert_eq!(
            lexed("无P1/P2故障"),
            [
                ("无P1/P2故障".into(), "P1=0".into()),
                ("无P1/P2故障".into(), "P2=0".into())
            ]
        );
    }
}
