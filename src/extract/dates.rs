//! Dates and times as people write them in notes: `7/13`, `7月13日`, `2023-07-13`,
//! `2023年7月13日`, `Mar 15`, `18:40`; the year of a date without one is inferred from the
//! note's date (the nearest such day, so a note of early January may name late December).

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime};

use super::scan::Scan;

/// A date as written, before its year is settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateToken {
    /// Byte range in the searched text.
    pub start: usize,
    /// End of the range.
    pub end: usize,
    /// The year, when written.
    pub year: Option<i32>,
    /// Month as written (may be out of range).
    pub month: u32,
    /// Day as written (may be out of range).
    pub day: u32,
}

/// Why a written date or time is not a real one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    /// What was written.
    pub written: String,
    /// Why it is impossible.
    pub reason: String,
}

impl DateToken {
    /// The date, with its year written or inferred from `anchor` (the note's date).
    pub fn resolve(&self, anchor: Option<NaiveDate>) -> Result<NaiveDate, Invalid> {
        let invalid = |reason: &str| Invalid {
            written: self.written(),
            reason: reason.to_string(),
        };
        if !(1..=12).contains(&self.month) {
            return Err(invalid("there is no such month"));
        }
        if !(1..=31).contains(&self.day) {
            return Err(invalid("there is no such day"));
        }
        if let Some(year) = self.year {
            return NaiveDate::from_ymd_opt(year, self.month, self.day)
                .ok_or_else(|| invalid("there is no such day in that month"));
        }
        let Some(anchor) = anchor else {
            return Err(invalid("its year cannot be inferred: the note has no date"));
        };
        (anchor.year() - 1..=anchor.year() + 1)
            .filter_map(|y| NaiveDate::from_ymd_opt(y, self.month, self.day))
            .min_by_key(|d| (*d - anchor).num_days().abs())
            .ok_or_else(|| invalid("there is no such day in that month"))
    }

    /// The date as a person wrote it, for messages.
    pub fn written(&self) -> String {
        match self.year {
            Some(y) => format!("{y}-{:02}-{:02}", self.month, self.day),
            None => format!("{}/{}", self.month, self.day),
        }
    }
}

/// Every date in `text` (ASCII-normalised), left to right.
///
/// `m/d` forms with a month above 12 are not dates (`48/179`, `24/7`); an impossible day in a
/// real month (`7/32`) is returned, for [`DateToken::resolve`] to reject.
pub fn find_dates(text: &str) -> Vec<DateToken> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(written) = next_written_date(text, at) {
        at = written.end;
        out.extend(token(text, &written));
    }
    out
}

/// The date that starts `text` (after spaces), if one does.
pub fn date_at_start(text: &str) -> Option<DateToken> {
    let lead = text.len() - text.trim_start().len();
    token(text, &written_date_at(text, lead)?)
}

/// A date's parts as written, before it is checked against its neighbours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct WrittenDate {
    start: usize,
    end: usize,
    form: Form,
    year: Option<u32>,
    month: u32,
    day: u32,
}

/// The ways a date is written, in the order they are tried at a position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    /// `2023-07-13`, `2023/7/13`, `2023.7.13`
    YearMonthDay,
    /// `2023年7月13日`
    ChineseWithYear,
    /// `7月13日`, `7月13号`
    Chinese,
    /// `7/13`
    Slash,
    /// `Jul 13`, `July 13th, 2023`
    English,
}

/// The first date written at or after byte `from`: the leftmost position where one of the
/// forms matches, and there the first form that does (a regular expression's leftmost-first
/// alternation, hand-written because compiling one costs more than a note takes to read).
fn next_written_date(text: &str, from: usize) -> Option<WrittenDate> {
    let bytes = text.as_bytes();
    let mut i = from;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            if may_start_numeric_date(text, i) {
                if let Some(found) = numeric_date_at(text, i) {
                    return Some(found);
                }
            }
            i += 1;
        } else if bytes[i].is_ascii_alphabetic() {
            // Every start inside a run of letters shares what follows the run: look at it once,
            // so a long run costs its length, not its length squared.
            let run_end = Scan { text, at: i }
                .skip_while(|c| c.is_ascii_alphabetic())
                .at;
            if let Some(found) = english_date_in(text, i, run_end) {
                return Some(found);
            }
            i = run_end;
        } else {
            i += 1;
        }
    }
    None
}

/// The date written exactly at byte `at`, if one is.
fn written_date_at(text: &str, at: usize) -> Option<WrittenDate> {
    let run_end = Scan { text, at }.skip_while(|c| c.is_ascii_alphabetic()).at;
    numeric_date_at(text, at)
        .or_else(|| english_date_in(text, at, run_end).filter(|found| found.start == at))
}

/// Whether a date in digits could start at byte `at`: every form reads one to four digits,
/// then (after any spaces) `-`, `/`, `.`, `年` or `月`. Most figures in a note (`99.95%`,
/// `340分钟`) fail this at once, without trying the forms one by one.
fn may_start_numeric_date(text: &str, at: usize) -> bool {
    // At most five digits are read: a position inside a long run must cost O(1).
    let Some(run) = Scan { text, at }.digit_run(1, 5) else {
        return false;
    };
    let script = crate::config::script::script();
    run.at - at <= 4
        && run.spaces().rest().starts_with(|c: char| {
            matches!(c, '-' | '/' | '.')
                || script.year_marks.contains(&c)
                || script.month_marks.contains(&c)
        })
}

/// A date in digits at byte `at`: the forms are tried in order, the first that matches wins.
fn numeric_date_at(text: &str, at: usize) -> Option<WrittenDate> {
    let s = Scan { text, at };
    let found = |end: usize, form, year, month, day| WrittenDate {
        start: at,
        end,
        form,
        year,
        month,
        day,
    };
    // 2023-07-13: four digits, then month and day each after `-`, `/` or `.`.
    let year_month_day = || {
        let (year, s) = s.digits(4, 4)?;
        let (_, s) = s.spaces().one_of(&['-', '/', '.'])?;
        let (month, s) = s.spaces().digits(1, 2)?;
        let (_, s) = s.spaces().one_of(&['-', '/', '.'])?;
        let (day, s) = s.spaces().digits(1, 2)?;
        Some(found(s.at, Form::YearMonthDay, Some(year), month, day))
    };
    // 2023年7月13日 and 7月13日; the day's mark (日 or 号) and the spaces before it are optional
    // and belong to the date when present.
    let script = crate::config::script::script();
    let chinese = |year: Option<(u32, Scan<'_>)>| {
        let s = match year {
            Some((_, after_year)) => after_year.spaces().one_of(&script.year_marks)?.1.spaces(),
            None => s,
        };
        let (month, s) = s.digits(1, 2)?;
        let (_, s) = s.spaces().one_of(&script.month_marks)?;
        let (day, s) = s.spaces().digits(1, 2)?;
        let s = s.spaces();
        let end = s.one_of(&script.day_marks).map_or(s.at, |(_, s)| s.at);
        let (form, year) = match year {
            Some((y, _)) => (Form::ChineseWithYear, Some(y)),
            None => (Form::Chinese, None),
        };
        Some(found(end, form, year, month, day))
    };
    // 7/13
    let slash = || {
        let (month, s) = s.digits(1, 2)?;
        let (_, s) = s.one_of(&['/'])?;
        let (day, s) = s.digits(1, 2)?;
        Some(found(s.at, Form::Slash, None, month, day))
    };
    year_month_day()
        .or_else(|| chinese(Some(s.digits(4, 4)?)))
        .or_else(|| chinese(None))
        .or_else(slash)
}

/// `Jul 13`, `July 13th, 2023` starting inside the run of letters `from..run_end`: the first
/// position of the run where a month's three letters begin. The rest of the run is the rest
/// of the month's name; then an optional full stop, spaces, the day, an optional ordinal
/// suffix, and an optional year after an optional comma and spaces.
fn english_date_in(text: &str, from: usize, run_end: usize) -> Option<WrittenDate> {
    let s = Scan { text, at: run_end };
    let s = s.one_of(&['.']).map_or(s, |(_, s)| s);
    let (day, s) = s.spaces_at_least_one()?.digits(1, 2)?;
    let s = ["st", "nd", "rd", "th"]
        .iter()
        .find(|suffix| s.starts_with_ignore_case(suffix))
        .map_or(s, |suffix| s.advance(suffix.len()));
    let year = || {
        let s = s.one_of(&[',']).map_or(s, |(_, s)| s);
        s.spaces_at_least_one()?.digits(4, 4)
    };
    let (year, end) = year().map_or((None, s.at), |(y, s)| (Some(y), s.at));
    (from..run_end.saturating_sub(2)).find_map(|start| {
        let at = Scan { text, at: start };
        let month = MONTHS.iter().position(|m| at.starts_with_ignore_case(m))? as u32 + 1;
        Some(WrittenDate {
            start,
            end,
            form: Form::English,
            year,
            month,
            day,
        })
    })
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

fn token(text: &str, w: &WrittenDate) -> Option<DateToken> {
    let before = text[..w.start].chars().next_back();
    let after = text[w.end..].chars().next();
    // Part of a longer number, version or path: not a date.
    if before.is_some_and(|ch| ch.is_ascii_digit() || ch == '/' || ch == '.')
        || after.is_some_and(|ch| {
            ch.is_ascii_digit() || ch == '/' || (ch == '.' && w.form == Form::Slash)
        })
    {
        return None;
    }
    // 48/179 and 24/7 are counts, not dates.
    if w.form == Form::Slash && !(1..=12).contains(&w.month) {
        return None;
    }
    Some(DateToken {
        start: w.start,
        end: w.end,
        year: w.year.map(|y| y as i32),
        month: w.month,
        day: w.day,
    })
}

/// A time of day as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeToken {
    /// Byte range in the searched text.
    pub start: usize,
    /// End of the range.
    pub end: usize,
    /// Hour as written.
    pub hour: u32,
    /// Minute as written.
    pub minute: u32,
}

/// Every time of day written `h:mm` or `hh:mm` in `text`, left to right, not overlapping
/// (what `[0-9]{1,2}:[0-9]{2}` finds); `123:45` holds `23:45`.
pub fn find_times(text: &str) -> impl Iterator<Item = TimeToken> + '_ {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < bytes.len() {
            if let Some(found) = time_at(text, at) {
                at = found.end;
                return Some(found);
            }
            at += 1;
        }
        None
    })
}

/// The time written exactly at byte `at`, if one is.
fn time_at(text: &str, at: usize) -> Option<TimeToken> {
    if !text.as_bytes().get(at)?.is_ascii_digit() {
        return None;
    }
    let (hour, s) = Scan { text, at }.digits(1, 2)?;
    let (_, s) = s.one_of(&[':'])?;
    let (minute, s) = s.digits(2, 2)?;
    Some(TimeToken {
        start: at,
        end: s.at,
        hour,
        minute,
    })
}

/// Parses a Notion `Created:` value: `2023年11月29日 20:56`, `November 29, 2023 8:56 PM`,
/// `2023/11/29 20:56`, `2023-11-29T20:56:00`.
pub fn parse_datetime(value: &str) -> Option<NaiveDateTime> {
    // After the Chinese workspace's formats of `script.yaml`.
    const FORMATS: [&str; 7] = [
        "%B %d, %Y %I:%M %p",
        "%b %d, %Y %I:%M %p",
        "%Y/%m/%d %H:%M",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
    ];
    let value = value.trim();
    let chinese = crate::config::script::script().datetime_formats.iter();
    chinese
        .map(String::as_str)
        .chain(FORMATS)
        .find_map(|f| NaiveDateTime::parse_from_str(value, f).ok())
        .or_else(|| {
            let d = date_at_start(value)?;
            let date = d.resolve(None).ok()?;
            (value[d.end..].trim().is_empty()).then(|| date.and_time(NaiveTime::MIN))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn every_written_form_is_found() {
        let anchor = Some(ymd(2023, 7, 8));
        for text in [
            "计划7/13上线",
            "7月13日上线",
            "7月13号",
            "2023-07-13",
            "2023/7/13",
            "2023年7月13日",
            "Jul 13",
            "July 13th, 2023",
        ] {
            let d = find_dates(text);
            assert_eq!(d.len(), 1, "{text}");
            assert_eq!(d[0].resolve(anchor), Ok(ymd(2023, 7, 13)), "{text}");
        }
    }

    #[test]
    fn year_is_the_nearest_to_the_note() {
        let early_january = Some(ymd(2024, 1, 3));
        assert_eq!(
            find_dates("12/28")[0].resolve(early_january),
            Ok(ymd(2023, 12, 28))
        );
        assert_eq!(
            find_dates("1/2")[0].resolve(early_january),
            Ok(ymd(2024, 1, 2))
        );
    }

    #[test]
    fn impossible_dates_are_reported_not_guessed() {
        assert!(find_dates("计划7/32上线")[0]
            .resolve(Some(ymd(2023, 7, 8)))
            .is_err());
        assert!(find_dates("2023-13-45")[0].resolve(None).is_err());
        assert!(find_dates("2023-02-30")[0].resolve(None).is_err());
    }

    #[test]
    fn ratios_versions_and_paths_are_not_dates() {
        assert!(find_dates("48/179").is_empty());
        assert!(find_dates("24/7").is_empty());
        assert!(find_dates("v2.0/3").is_empty());
        assert!(find_dates("a/b/1/2/3").is_empty());
    }

    #[test]
    fn notion_created_values() {
        let want = ymd(2023, 11, 29).and_hms_opt(20, 56, 0);
        assert_eq!(parse_datetime("2023年11月29日 20:56"), want);
        assert_eq!(parse_datetime("November 29, 2023 8:56 PM"), want);
        assert_eq!(parse_datetime("2023/11/29 20:56"), want);
        assert_eq!(
            parse_datetime("2023-11-29"),
            ymd(2023, 11, 29).and_hms_opt(0, 0, 0)
        );
        assert_eq!(parse_datetime("yesterday"), None);
    }

    /// The pattern the hand-written scanner replaces, kept here as its specification.
    const DATE_PATTERN: &str = r"(?x)
          (?P<y1>[0-9]{4})\s*[-/.]\s*(?P<m1>[0-9]{1,2})\s*[-/.]\s*(?P<d1>[0-9]{1,2})
        | (?P<y2>[0-9]{4})\s*年\s*(?P<m2>[0-9]{1,2})\s*月\s*(?P<d2>[0-9]{1,2})\s*[日号]?
        | (?P<m3>[0-9]{1,2})\s*月\s*(?P<d3>[0-9]{1,2})\s*[日号]?
        | (?P<m4>[0-9]{1,2})/(?P<d4>[0-9]{1,2})
        | (?i:(?P<mon>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?)\s+(?P<d5>[0-9]{1,2})(?i:st|nd|rd|th)?(?:,?\s+(?P<y5>[0-9]{4}))?
        ";

    /// Texts made of the pieces dates and times are made of.
    fn generated_texts(count: usize) -> Vec<String> {
        let pieces = [
            "1", "2", "7", "0", "12", "2023", "31", "-", "/", ".", " ", "  ", "年", "月", "日",
            "号", "Jul", "july", "SEP", "x", "ab", "st", "TH", "nd", ",", ":", "完成", "\t", "%",
            "\u{3000}",
        ];
        crate::extract::scan::generated_texts(&pieces, count)
    }

    #[test]
    fn the_date_scanner_finds_what_the_date_pattern_finds() {
        let oracle = regex_lite::Regex::new(DATE_PATTERN).unwrap();
        // regex-lite's `\s` is ASCII only, the scanner's Unicode: compare on ASCII spaces.
        let texts = generated_texts(50_000).into_iter();
        for text in texts.filter(|t| !t.contains('\u{3000}')) {
            let expected: Vec<_> = oracle
                .captures_iter(&text)
                .map(|c| {
                    let m = c.get(0).unwrap();
                    let num = |names: &[&str]| {
                        let v = names.iter().find_map(|n| c.name(n))?;
                        Some(v.as_str().parse::<u32>().unwrap())
                    };
                    let month = num(&["m1", "m2", "m3", "m4"]).unwrap_or_else(|| {
                        let mon = c["mon"].to_ascii_lowercase();
                        MONTHS.iter().position(|m| *m == mon).unwrap() as u32 + 1
                    });
                    let day = num(&["d1", "d2", "d3", "d4", "d5"]).unwrap();
                    (m.start(), m.end(), num(&["y1", "y2", "y5"]), month, day)
                })
                .collect();
            let mut found = Vec::new();
            let mut at = 0;
            while let Some(w) = next_written_date(&text, at) {
                at = w.end;
                found.push((w.start, w.end, w.year, w.month, w.day));
            }
            assert_eq!(found, expected, "{text:?}");
        }
    }

    #[test]
    fn the_time_scanner_finds_what_the_time_pattern_finds() {
        let oracle = regex_lite::Regex::new(r"[0-9]{1,2}:[0-9]{2}").unwrap();
        for text in generated_texts(50_000) {
            let expected: Vec<_> = oracle.find_iter(&text).map(|m| m.range()).collect();
            let found: Vec<_> = find_times(&text).map(|t| t.start..t.end).collect();
            assert_eq!(found, expected, "{text:?}");
        }
    }

    #[test]
    fn a_date_reads_ideographic_spaces_as_spaces() {
        let d = find_dates("2023年\u{3000}7月 13 日上线");
        assert_eq!((d[0].year, d[0].month, d[0].day), (Some(2023), 7, 13));
    }

    #[test]
    fn long_runs_of_letters_or_spaces_cost_their_length() {
        // Quadratic scanning would take minutes on these; each must come back at once.
        let letters = "jan".repeat(200_000);
        assert!(find_dates(&letters).is_empty());
        let spaced = format!("2023{}x", " ".repeat(600_000));
        assert!(find_dates(&spaced).is_empty());
        assert_eq!(find_dates(&format!("{letters} 5")).len(), 1);
    }
}
