//! The whole vocabulary compiled into one automaton for the lexer, plus the small tables read
//! right after a number (units, multipliers, currency signs).
//!
//! Every word of every list in `vocabulary:` becomes one pattern of one Aho-Corasick
//! automaton; a word in several lists (`完成` is a status and a date cue) carries each
//! meaning. The lexer searches a line once for every match, overlapping ones included, and
//! keeps per kind of meaning the leftmost-longest words, which is what a matcher of that list
//! alone would find.

use std::collections::HashMap;

use crate::config::{
    Comparison, ConfigError, DateCue, EventLabel, Field, SectionRole, TableColumn, VocabularyFile,
};
use crate::model::{Health, MetricKind, NoteKind, Num, Status};

use crate::matching::WordMatcher;

/// What a vocabulary word means. A word may mean several things, one per [`Meaning::kind`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(missing_docs)] // Each meaning is the list of `default.yaml` it comes from.
pub enum Meaning {
    Section(SectionRole),
    /// `Today`: done work or plans, by the note's other sections.
    Today,
    NoteKind(NoteKind),
    SectionStatus(Status),
    Health(Health),
    MetricKind(MetricKind),
    Column(TableColumn),
    Target,
    Progress,
    Filler,
    IncidentWord,
    Grade,
    Status(Status),
    DateBefore(DateCue),
    DateAfter(DateCue),
    EventLabel(EventLabel),
    Label(Field),
    Approximate,
    ApproximateAfter,
    Comparator(Comparison),
    ComparatorAfter(Comparison),
    ChangeFrom,
    ChangeTo,
    Previous,
    Relative,
    ChangeVerb,
    Symptom,
    Zero,
    Score,
    AsOf,
    NameBefore,
    NameAfter,
    NotNumber,
    Nobody,
    Example,
    OtherPeriod,
    Month(u8),
    Weekday(u8),
    ThisWeek,
    NextWeek,
    LastWeek,
    Am,
    Pm,
    Noon,
    Hour,
    HalfHour,
    NextDay,
    TimeZone,
}

/// The list a meaning comes from: within one kind, the first layer's word wins (a user who
/// files `完成` under `blocked` overrides its built-in status), across kinds every meaning
/// is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[allow(missing_docs)]
pub enum MeaningKind {
    Section,
    NoteKind,
    SectionStatus,
    Health,
    MetricKind,
    Column,
    Target,
    Progress,
    Filler,
    IncidentWord,
    Grade,
    Status,
    DateBefore,
    DateAfter,
    EventLabel,
    Label,
    Approximate,
    ApproximateAfter,
    Comparator,
    ComparatorAfter,
    ChangeFrom,
    ChangeTo,
    Previous,
    Relative,
    ChangeVerb,
    Symptom,
    Zero,
    Score,
    AsOf,
    NameBefore,
    NameAfter,
    NotNumber,
    Nobody,
    Example,
    OtherPeriod,
    Month,
    Weekday,
    WeekShift,
    DayPart,
    Hour,
    HalfHour,
    NextDay,
    TimeZone,
}

impl Meaning {
    /// The list this meaning comes from.
    pub fn kind(self) -> MeaningKind {
        use Meaning as M;
        use MeaningKind as K;
        match self {
            M::Section(_) | M::Today => K::Section,
            M::NoteKind(_) => K::NoteKind,
            M::SectionStatus(_) => K::SectionStatus,
            M::Health(_) => K::Health,
            M::MetricKind(_) => K::MetricKind,
            M::Column(_) => K::Column,
            M::Target => K::Target,
            M::Progress => K::Progress,
            M::Filler => K::Filler,
            M::IncidentWord => K::IncidentWord,
            M::Grade => K::Grade,
            M::Status(_) => K::Status,
            M::DateBefore(_) => K::DateBefore,
            M::DateAfter(_) => K::DateAfter,
            M::EventLabel(_) => K::EventLabel,
            M::Label(_) => K::Label,
            M::Approximate => K::Approximate,
            M::ApproximateAfter => K::ApproximateAfter,
            M::Comparator(_) => K::Comparator,
            M::ComparatorAfter(_) => K::ComparatorAfter,
            M::ChangeFrom => K::ChangeFrom,
            M::ChangeTo => K::ChangeTo,
            M::Previous => K::Previous,
            M::Relative => K::Relative,
            M::ChangeVerb => K::ChangeVerb,
            M::Symptom => K::Symptom,
            M::Zero => K::Zero,
            M::Score => K::Score,
            M::AsOf => K::AsOf,
            M::NameBefore => K::NameBefore,
            M::NameAfter => K::NameAfter,
            M::NotNumber => K::NotNumber,
            M::Nobody => K::Nobody,
            M::Example => K::Example,
            M::OtherPeriod => K::OtherPeriod,
            M::Month(_) => K::Month,
            M::Weekday(_) => K::Weekday,
            M::ThisWeek | M::NextWeek | M::LastWeek => K::WeekShift,
            M::Am | M::Pm | M::Noon => K::DayPart,
            M::Hour => K::Hour,
            M::HalfHour => K::HalfHour,
            M::NextDay => K::NextDay,
            M::TimeZone => K::TimeZone,
        }
    }
}

/// A canonical unit, by index into [`Lexicon::unit_name`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Unit(u16);

/// A word found in a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordHit {
    /// Byte range in the searched text.
    pub range: (usize, usize),
    /// One of the word's meanings (a word with two meanings is two hits).
    pub meaning: Meaning,
}

/// What a suffix table holds for one written form.
#[derive(Debug, Clone)]
struct Suffix<V> {
    written: String,
    value: V,
}

/// A table of written forms tried in order at the start of a text, kept in one bucket per
/// first byte (table order within each): only the forms that can match are compared, and
/// the first that matches is the one a scan of the whole table finds.
#[derive(Debug)]
struct Forms<V> {
    buckets: Vec<Vec<Suffix<V>>>,
}

impl<V: Clone> Forms<V> {
    fn new(table: Vec<Suffix<V>>) -> Self {
        let mut buckets: Vec<Vec<Suffix<V>>> = vec![Vec::new(); 256];
        for form in table {
            match form.written.as_bytes().first() {
                Some(&b) => buckets[usize::from(b)].push(form),
                // An empty form is at the start of every text.
                None => buckets.iter_mut().for_each(|b| b.push(form.clone())),
            }
        }
        Forms { buckets }
    }

    /// The forms that may start `text`, in table order.
    fn at(&self, text: &str) -> &[Suffix<V>] {
        text.as_bytes()
            .first()
            .map_or(&[], |&b| &self.buckets[usize::from(b)])
    }
}

/// The vocabulary compiled for the lexer.
#[derive(Debug)]
pub struct Lexicon {
    words: WordMatcher<Vec<Meaning>>,
    /// Units, longest written form first; matched exactly (case counts).
    units: Forms<Unit>,
    unit_names: Vec<String>,
    /// Seconds in one of each unit of time.
    seconds: HashMap<Unit, Num>,
    multipliers: Forms<Num>,
    currency: Vec<Suffix<Unit>>,
    /// Task signifiers: one character each.
    tasks: Vec<(char, TaskField)>,
    /// ASCII parts of the day written right after an hour (`3pm`, `8:56 PM`): `true` for pm.
    day_parts: Vec<Suffix<bool>>,
    /// Marks of minutes after a number of hours (`1小时40分`).
    minute_marks: Vec<String>,
}

/// A field an Obsidian Tasks signifier sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TaskField {
    /// 📅
    Due,
    /// ⏳
    Scheduled,
    /// 🛫
    Start,
    /// ✅
    Done,
    /// ➕
    Created,
    /// ❌
    Cancelled,
    /// 🔺
    PriorityHighest,
    /// ⏫
    PriorityHigh,
    /// 🔼
    PriorityMedium,
    /// 🔽
    PriorityLow,
    /// ⏬
    PriorityLowest,
}

/// A vocabulary entry of the wrong form, naming its list.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VocabularyProblem {
    /// A comparator key that is none (`vocabulary.values.comparators`).
    #[error("vocabulary.values.{list}: `{written}` is not a comparator; use >=, <=, > or <")]
    Comparator {
        /// `comparators` or `comparators_after`.
        list: &'static str,
        /// The key as written.
        written: String,
    },
    /// A month key that is no month number.
    #[error("vocabulary.calendar.months: `{0}` is not a month number (1–12)")]
    Month(String),
    /// A weekday key that is no weekday number.
    #[error(
        "vocabulary.calendar.weekdays: `{0}` is not a weekday number (1 = Monday … 7 = Sunday)"
    )]
    Weekday(String),
    /// A multiplier key that is no positive number.
    #[error("vocabulary.values.multipliers: `{0}` is not a positive number")]
    Multiplier(String),
    /// A task signifier of more than one character.
    #[error("vocabulary.tasks: `{0}` is not one character (a signifier such as 📅)")]
    Signifier(String),
}

impl Lexicon {
    /// Compiles the layers of a vocabulary (the first layer's words win within a list).
    pub fn new(layers: &[VocabularyFile], origin: &str) -> Result<Lexicon, ConfigError> {
        let invalid = |problem: VocabularyProblem| ConfigError {
            origin: origin.to_string(),
            problem: problem.into(),
        };
        let mut entries: Vec<(String, Meaning)> = Vec::new();
        let mut push = |words: &[String], meaning: Meaning| {
            entries.extend(words.iter().map(|w| (w.clone(), meaning)));
        };
        for l in layers {
            let s = &l.sections;
            for (list, role) in [
                (&s.progress, SectionRole::Progress),
                (&s.metrics, SectionRole::Metrics),
                (&s.events, SectionRole::Events),
                (&s.others, SectionRole::Others),
                (&s.reflections, SectionRole::Reflections),
                (&s.next_week, SectionRole::NextWeek),
                (&s.tomorrow, SectionRole::Tomorrow),
                (&s.risks, SectionRole::Risks),
                (&s.daily_links, SectionRole::DailyLinks),
            ] {
                push(list, Meaning::Section(role));
            }
            push(&s.today, Meaning::Today);
            let ss = &l.section_statuses;
            for (list, status) in [
                (&ss.done, Status::Done),
                (&ss.in_progress, Status::InProgress),
                (&ss.planned, Status::Planned),
                (&ss.blocked, Status::Blocked),
            ] {
                push(list, Meaning::SectionStatus(status));
            }
            let h = &l.health;
            for (list, health) in [
                (&h.green, Health::Green),
                (&h.amber, Health::Amber),
                (&h.red, Health::Red),
            ] {
                push(list, Meaning::Health(health));
            }
            let m = &l.metrics;
            for (list, kind) in [
                (&m.success_rate, MetricKind::SuccessRate),
                (&m.availability, MetricKind::Availability),
                (&m.throughput, MetricKind::Throughput),
                (&m.ratio, MetricKind::Ratio),
                (&m.count, MetricKind::Count),
                (&m.latency, MetricKind::Latency),
                (&m.duration, MetricKind::Duration),
            ] {
                push(list, Meaning::MetricKind(kind));
            }
            let t = &l.table_columns;
            push(&t.value, Meaning::Column(TableColumn::Value));
            push(&t.target, Meaning::Column(TableColumn::Target));
            push(&t.name, Meaning::Column(TableColumn::Name));
            push(&t.previous, Meaning::Column(TableColumn::Previous));
            push(&t.comment, Meaning::Column(TableColumn::Comment));
            // A change since last week is no value of this one: read for nothing, as a remark.
            push(&t.change, Meaning::Column(TableColumn::Comment));
            push(&l.target_words, Meaning::Target);
            push(&l.progress_words, Meaning::Progress);
            push(&l.metric_name_fillers, Meaning::Filler);
            push(&l.incidents.words, Meaning::IncidentWord);
            push(&l.incidents.grades, Meaning::Grade);
            let st = &l.statuses;
            for (list, status) in [
                (&st.planned, Status::Planned),
                (&st.in_progress, Status::InProgress),
                (&st.testing, Status::Testing),
                (&st.done, Status::Done),
                (&st.blocked, Status::Blocked),
                (&st.delayed, Status::Delayed),
            ] {
                push(list, Meaning::Status(status));
            }
            let d = &l.dates;
            push(&d.moved_before, Meaning::DateBefore(DateCue::Moved));
            push(&d.done_before, Meaning::DateBefore(DateCue::Done));
            push(&d.due_before, Meaning::DateBefore(DateCue::Due));
            push(&d.due_after, Meaning::DateAfter(DateCue::Due));
            push(&d.done_after, Meaning::DateAfter(DateCue::Done));
            push(&d.launch_after, Meaning::DateAfter(DateCue::Launch));
            let e = &l.events;
            push(&e.cause, Meaning::EventLabel(EventLabel::Cause));
            push(&e.action, Meaning::EventLabel(EventLabel::Action));
            push(&e.impact, Meaning::EventLabel(EventLabel::Impact));
            push(&e.recovered, Meaning::EventLabel(EventLabel::Recovered));
            push(&l.note_kinds.daily, Meaning::NoteKind(NoteKind::Daily));
            push(&l.note_kinds.weekly, Meaning::NoteKind(NoteKind::Weekly));
            let lb = &l.labels;
            for (list, field) in [
                (&lb.created, Field::Created),
                (&lb.date, Field::Date),
                (&lb.period, Field::Period),
                (&lb.owner, Field::Owner),
                (&lb.collaborator, Field::Collaborator),
                (&lb.waiting_on, Field::WaitingOn),
                (&lb.expected, Field::Expected),
                (&lb.due, Field::Due),
                (&lb.done, Field::Done),
                (&lb.start, Field::Start),
                (&lb.status, Field::Status),
                (&lb.progress, Field::Progress),
                (&lb.health, Field::Health),
                (&lb.priority, Field::Priority),
                (&lb.grade, Field::Grade),
                (&lb.when, Field::When),
                (&lb.detected, Field::Detected),
                (&lb.ended, Field::Ended),
                (&lb.duration, Field::Duration),
                (&lb.confidence, Field::Confidence),
                (&lb.current, Field::Current),
                (&lb.summary, Field::Summary),
                (&lb.action_items, Field::ActionItems),
            ] {
                push(list, Meaning::Label(field));
            }
            let v = &l.values;
            push(&v.approximate, Meaning::Approximate);
            push(&v.approximate_after, Meaning::ApproximateAfter);
            for (op, words) in &v.comparators {
                let op = Comparison::from_symbol(op).ok_or_else(|| {
                    invalid(VocabularyProblem::Comparator {
                        list: "comparators",
                        written: op.clone(),
                    })
                })?;
                push(words, Meaning::Comparator(op));
            }
            for (op, words) in &v.comparators_after {
                let op = Comparison::from_symbol(op).ok_or_else(|| {
                    invalid(VocabularyProblem::Comparator {
                        list: "comparators_after",
                        written: op.clone(),
                    })
                })?;
                push(words, Meaning::ComparatorAfter(op));
            }
            push(&v.change_from, Meaning::ChangeFrom);
            push(&v.change_to, Meaning::ChangeTo);
            push(&v.previous, Meaning::Previous);
            push(&v.relative, Meaning::Relative);
            push(&v.change_verbs, Meaning::ChangeVerb);
            push(&v.symptom, Meaning::Symptom);
            push(&v.zero, Meaning::Zero);
            push(&v.score, Meaning::Score);
            push(&v.as_of, Meaning::AsOf);
            push(&v.names_before, Meaning::NameBefore);
            push(&v.names_after, Meaning::NameAfter);
            push(&v.not_numbers, Meaning::NotNumber);
            push(&v.nobody, Meaning::Nobody);
            push(&v.examples, Meaning::Example);
            push(&v.other_periods, Meaning::OtherPeriod);
            let c = &l.calendar;
            for (key, words) in &c.months {
                let n = numbered(key, 12)
                    .ok_or_else(|| invalid(VocabularyProblem::Month(key.clone())))?;
                push(words, Meaning::Month(n));
            }
            for (key, words) in &c.weekdays {
                let n = numbered(key, 7)
                    .ok_or_else(|| invalid(VocabularyProblem::Weekday(key.clone())))?;
                push(words, Meaning::Weekday(n));
            }
            push(&c.this_week, Meaning::ThisWeek);
            push(&c.next_week, Meaning::NextWeek);
            push(&c.last_week, Meaning::LastWeek);
            push(&c.am, Meaning::Am);
            push(&c.pm, Meaning::Pm);
            push(&c.noon, Meaning::Noon);
            push(&c.hour, Meaning::Hour);
            push(&c.half_hour, Meaning::HalfHour);
            push(&c.next_day, Meaning::NextDay);
            push(&c.time_zones, Meaning::TimeZone);
        }

        // One pattern per folded word, with the first meaning of each kind.
        let mut by_key: Vec<(String, Vec<Meaning>)> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        for (word, meaning) in entries {
            let key = crate::matching::fold(&word);
            if key.is_empty() {
                continue;
            }
            let at = *index.entry(key.clone()).or_insert_with(|| {
                by_key.push((word.clone(), Vec::new()));
                by_key.len() - 1
            });
            let meanings = &mut by_key[at].1;
            if !meanings.iter().any(|m| m.kind() == meaning.kind()) {
                meanings.push(meaning);
            }
        }
        let words = WordMatcher::new(by_key.iter().map(|(w, m)| (w.as_str(), m.clone())));

        // Units, multipliers and currency signs: exact forms after (or before) a number.
        let mut unit_names: Vec<String> = Vec::new();
        let mut unit_of = |name: &str| -> Unit {
            let at = unit_names
                .iter()
                .position(|n| n == name)
                .unwrap_or_else(|| {
                    unit_names.push(name.to_string());
                    unit_names.len() - 1
                });
            Unit(u16::try_from(at).unwrap_or(u16::MAX))
        };
        let mut units = Vec::new();
        let mut currency = Vec::new();
        let mut multipliers = Vec::new();
        let mut seconds = HashMap::new();
        for l in layers {
            let v = &l.values;
            for (name, forms) in &v.units {
                let u = unit_of(name);
                units.extend(forms.iter().map(|f| Suffix {
                    written: f.clone(),
                    value: u,
                }));
            }
            for (name, forms) in &v.currency_before {
                let u = unit_of(name);
                currency.extend(forms.iter().map(|f| Suffix {
                    written: f.clone(),
                    value: u,
                }));
            }
            for (factor, forms) in &v.multipliers {
                let f = Num::parse(factor).filter(|f| f.0 > rust_decimal::Decimal::ZERO);
                let f = f.ok_or_else(|| invalid(VocabularyProblem::Multiplier(factor.clone())))?;
                multipliers.extend(forms.iter().map(|w| Suffix {
                    written: w.clone(),
                    value: f,
                }));
            }
            for (name, secs) in &v.duration_seconds {
                seconds.entry(unit_of(name)).or_insert(*secs);
            }
        }
        // The first layer's form wins; then the longest form is tried first.
        for table in [&mut units, &mut currency] {
            dedup_forms(table);
        }
        dedup_forms(&mut multipliers);
        let mut tasks = Vec::new();
        for l in layers {
            let t = &l.tasks;
            for (list, field) in [
                (&t.due, TaskField::Due),
                (&t.scheduled, TaskField::Scheduled),
                (&t.start, TaskField::Start),
                (&t.done, TaskField::Done),
                (&t.created, TaskField::Created),
                (&t.cancelled, TaskField::Cancelled),
                (&t.priority_highest, TaskField::PriorityHighest),
                (&t.priority_high, TaskField::PriorityHigh),
                (&t.priority_medium, TaskField::PriorityMedium),
                (&t.priority_low, TaskField::PriorityLow),
                (&t.priority_lowest, TaskField::PriorityLowest),
            ] {
                for w in list {
                    let mut chars = w.chars().filter(|c| *c != '\u{FE0F}');
                    match (chars.next(), chars.next()) {
                        (Some(c), None) => {
                            if !tasks.iter().any(|(t, _)| *t == c) {
                                tasks.push((c, field));
                            }
                        }
                        _ => return Err(invalid(VocabularyProblem::Signifier(w.clone()))),
                    }
                }
            }
        }
        let mut day_parts = Vec::new();
        let mut minute_marks = Vec::new();
        for l in layers {
            for (list, pm) in [(&l.calendar.am, false), (&l.calendar.pm, true)] {
                day_parts.extend(list.iter().filter(|w| w.is_ascii()).map(|w| Suffix {
                    written: w.to_ascii_lowercase(),
                    value: pm,
                }));
            }
            minute_marks.extend(l.values.minutes_after_hours.iter().cloned());
        }
        dedup_forms(&mut day_parts);
        Ok(Lexicon {
            day_parts,
            minute_marks,
            tasks,
            words,
            units: Forms::new(units),
            unit_names,
            seconds,
            multipliers: Forms::new(multipliers),
            currency,
        })
    }

    /// Every vocabulary word in `text` that is not glued to an ASCII letter or digit, each
    /// meaning as its own hit, overlapping ones included (the lexer keeps, per kind, the
    /// leftmost-longest).
    pub fn words(&self, text: &str) -> Vec<WordHit> {
        let mut out = Vec::new();
        for m in self.words.find_overlapping(text) {
            for meaning in m.meaning {
                out.push(WordHit {
                    range: (m.range.start, m.range.end),
                    meaning: *meaning,
                });
            }
        }
        out
    }

    /// The unit written at the start of `text` (exactly, case counting, not followed by an
    /// ASCII letter): its length and unit.
    pub fn unit_at(&self, text: &str) -> Option<(usize, Unit)> {
        suffix_at(self.units.at(text), text)
    }

    /// A unit of time glued to the next figure of a duration (`m` in `3m20s`, `h` in
    /// `1h30m`): its length and unit.
    pub fn time_unit_before_digit(&self, text: &str) -> Option<(usize, Unit)> {
        self.units.at(text).iter().find_map(|s| {
            let rest = text.strip_prefix(s.written.as_str())?;
            if !self.seconds.contains_key(&s.value) {
                return None;
            }
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            let next_is_duration = digits > 0
                && self
                    .unit_at(&rest[digits..])
                    .is_some_and(|(_, u)| self.seconds.contains_key(&u));
            next_is_duration.then_some((s.written.len(), s.value))
        })
    }

    /// The multiplier written at the start of `text`: its length and factor.
    pub fn multiplier_at(&self, text: &str) -> Option<(usize, Num)> {
        // A multiplier may be followed by a unit (`1.2万元`, `1.2k tps`), so it only has to
        // end where an ASCII letter would not continue it into a longer word… unless that
        // word is a unit.
        self.multipliers.at(text).iter().find_map(|s| {
            let rest = text.strip_prefix(s.written.as_str())?;
            let glued = rest.starts_with(|c: char| c.is_ascii_alphabetic())
                && s.written
                    .chars()
                    .last()
                    .is_some_and(|c| c.is_ascii_alphabetic());
            (!glued || self.unit_at(rest).is_some()).then_some((s.written.len(), s.value))
        })
    }

    /// The currency sign that ends `text`: its length and unit.
    pub fn currency_before(&self, text: &str) -> Option<(usize, Unit)> {
        self.currency.iter().find_map(|s| {
            text.strip_suffix(s.written.as_str())
                .map(|_| (s.written.len(), s.value))
        })
    }

    /// The field a label names (`负责人` → owner), the whole of `text` being the label.
    pub fn label(&self, text: &str) -> Option<Field> {
        let t = text.trim();
        self.words.find_overlapping(t).into_iter().find_map(|m| {
            (m.range.start == 0 && m.range.end == t.len())
                .then(|| {
                    m.meaning.iter().find_map(|x| match x {
                        Meaning::Label(f) => Some(*f),
                        _ => None,
                    })
                })
                .flatten()
        })
    }

    /// An ASCII part of the day written at the start of `text` (`pm`, `a.m.`), in any case,
    /// not followed by a letter: its length, and whether it is pm.
    pub fn day_part_at(&self, text: &str) -> Option<(usize, bool)> {
        self.day_parts.iter().find_map(|s| {
            let head = text.get(..s.written.len())?;
            let rest = &text[s.written.len()..];
            (head.eq_ignore_ascii_case(&s.written)
                && !rest.starts_with(|c: char| c.is_ascii_alphabetic()))
            .then_some((s.written.len(), s.value))
        })
    }

    /// A mark of minutes after a number of hours at the start of `text` (`分`): its length.
    pub fn minute_mark_at(&self, text: &str) -> Option<usize> {
        self.minute_marks
            .iter()
            .find(|m| text.starts_with(m.as_str()))
            .map(String::len)
    }

    /// The task field a signifier character sets.
    pub fn task_signifier(&self, c: char) -> Option<TaskField> {
        if c.is_ascii() {
            return None;
        }
        self.tasks.iter().find(|(t, _)| *t == c).map(|(_, f)| *f)
    }

    /// A unit's canonical name (`%`, `ms`, `tps`, `元`).
    pub fn unit_name(&self, unit: Unit) -> &str {
        self.unit_names
            .get(unit.0 as usize)
            .map_or("", String::as_str)
    }

    /// The unit of a canonical name, if the vocabulary has it.
    pub fn unit_named(&self, name: &str) -> Option<Unit> {
        self.unit_names
            .iter()
            .position(|n| n == name)
            .map(|i| Unit(i as u16))
    }

    /// How many seconds one of `unit` lasts, when it is a unit of time.
    pub fn seconds(&self, unit: Unit) -> Option<Num> {
        self.seconds.get(&unit).copied()
    }
}

fn numbered(key: &str, max: u8) -> Option<u8> {
    key.trim()
        .parse::<u8>()
        .ok()
        .filter(|n| (1..=max).contains(n))
}

/// Keeps the first of each written form, longest first.
fn dedup_forms<V>(table: &mut Vec<Suffix<V>>) {
    let mut seen = std::collections::HashSet::new();
    table.retain(|s| !s.written.is_empty() && seen.insert(s.written.clone()));
    // Stable: among forms of one length, the first layer's stays first.
    table.sort_by_key(|s| std::cmp::Reverse(s.written.len()));
}

fn suffix_at<V: Copy>(table: &[Suffix<V>], text: &str) -> Option<(usize, V)> {
    table.iter().find_map(|s| {
        let rest = text.strip_prefix(s.written.as_str())?;
        let ends_in_letter = s
            .written
            .chars()
            .last()
            .is_some_and(|c| c.is_ascii_alphabetic());
        let glued = ends_in_letter && rest.starts_with(|c: char| c.is_ascii_alphanumeric());
        (!glued).then_some((s.written.len(), s.value))
    })
}

/// Keeps, for each kind of meaning, the leftmost-longest hits that do not overlap each other:
/// what a matcher of that one list would find. Hits come back sorted by position.
pub fn leftmost_longest_per_kind(mut hits: Vec<WordHit>) -> Vec<WordHit> {
    hits.sort_by(|a, b| {
        a.meaning
            .kind()
            .cmp(&b.meaning.kind())
            .then(a.range.0.cmp(&b.range.0))
            .then(b.range.1.cmp(&a.range.1))
    });
    let mut out: Vec<WordHit> = Vec::with_capacity(hits.len());
    let mut current: Option<(MeaningKind, usize)> = None;
    for hit in hits {
        let kind = hit.meaning.kind();
        match current {
            Some((k, next)) if k == kind && hit.range.0 < next => continue,
            _ => {}
        }
        current = Some((kind, hit.range.1));
        out.push(hit);
    }
    out.sort_by_key(|h| (h.range.0, std::cmp::Reverse(h.range.1)));
    out
}
