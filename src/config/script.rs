//! How Chinese is written around figures, dates and grades (`2023年7月13日`, `第28周`,
//! `P3故障2起`): the marks the lexer reads between digits, from the built-in `script.yaml`.
//!
//! They are part of the script, not a team's choice of words, so a team's configuration does
//! not change them (the words it does change are the vocabulary's, in `default.yaml`). Read
//! once per process; a test checks that the built-in file is complete.

use std::sync::LazyLock;

use serde::Deserialize;

/// The built-in file.
const SCRIPT_YAML: &str = include_str!("script.yaml");

/// The marks of `script.yaml`; each field is documented there.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Script {
    /// After a year: `2023年`.
    pub year_marks: Vec<char>,
    /// After a month: `7月`.
    pub month_marks: Vec<char>,
    /// After a day: `13日`, `13号`.
    pub day_marks: Vec<char>,
    /// Before a week number: `第28周`.
    pub week_before: Vec<char>,
    /// After a week number: `第28周`.
    pub week_after: Vec<char>,
    /// Notion `Created:` formats (strftime) of a Chinese workspace.
    pub datetime_formats: Vec<String>,
    /// After the minutes of an hour: `3点20分`.
    pub minute_marks: Vec<char>,
    /// Between two figures of a range: `3～5天`.
    pub range_joiners: Vec<String>,
    /// Between grades named together: `无P1/P2故障`.
    pub grade_joiners: Vec<String>,
    /// Right after a grade: `P1级`, `A类`.
    pub grade_marks: Vec<char>,
    /// Between a grade and its count: `P1数: 2`.
    pub grade_count_words: Vec<char>,
    /// A count of things: `3次`, `2起`.
    pub count_units: Vec<char>,
    /// A count of incidents wherever it stands: `P1 0 起`.
    pub incident_count_units: Vec<char>,
    /// Between a metric's name and its figure: `成功率为 99%`.
    pub copulas: Vec<String>,
    /// Between a previous-value word and its figure: `上周为 25%`.
    pub previous_copulas: Vec<char>,
    /// Between a date cue and its date: `已于6月3日`.
    pub date_prepositions: Vec<String>,
    /// After a duration, the time passed before something: `25分钟后恢复`.
    pub after_duration: Vec<char>,
    /// After a status word, it describes a noun: `卡住的用例`.
    pub modifier_marks: Vec<char>,
    /// After a word, it names a measure: `完成率`, `完成比例`.
    pub measure_suffixes: Vec<String>,
    /// Numerals of a heading's numbering: `一、`, `（二）`.
    pub numerals: Vec<char>,
}

static SCRIPT: LazyLock<Script> = LazyLock::new(|| {
    super::parse_yaml(SCRIPT_YAML).unwrap_or_else(|e| panic!("the built-in script.yaml: {e}"))
});

/// The built-in marks (parsed on first use).
pub fn script() -> &'static Script {
    &SCRIPT
}

impl Script {
    /// Whether `text` is one of `words`.
    pub fn is(words: &[String], text: &str) -> bool {
        words.iter().any(|w| w == text)
    }

    /// `text` without one of `words` at its end, if it ends with one.
    pub fn strip_suffix<'t>(words: &[String], text: &'t str) -> Option<&'t str> {
        words.iter().find_map(|w| text.strip_suffix(w.as_str()))
    }

    /// Whether `text` starts with one of `words`.
    pub fn starts_with(words: &[String], text: &str) -> bool {
        words.iter().any(|w| text.starts_with(w.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_script_is_read_whole() {
        let s = script();
        assert_eq!(s.year_marks, ['年']);
        assert_eq!(s.day_marks, ['日', '号']);
        assert!(Script::is(&s.range_joiners, "至"));
        assert_eq!(
            Script::strip_suffix(&s.date_prepositions, "已于"),
            Some("已")
        );
        assert_eq!(s.numerals.len(), 10);
    }
}
