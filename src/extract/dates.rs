//! Dates and times as people write them in notes: `7/13`, `7月13日`, `2023-07-13`,
//! `2023年7月13日`, `Mar 15`, `18:40`; the year of a date without one is inferred from the
//! note's date (the nearest such day, so a note of early January may name late December).

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime};
use regex::{Captures, Regex};

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
          (?P<y1>[0-9]{4})\s*[-/.]\s*(?P<m1>[0-9]{1,2})\s*[-/.]\s*(?P<d1>[0-9]{1,2})
        | (?P<y2>[0-9]{4})\s*年\s*(?P<m2>[0-9]{1,2})\s*月\s*(?P<d2>[0-9]{1,2})\s*[日号]?
        | (?P<m3>[0-9]{1,2})\s*月\s*(?P<d3>[0-9]{1,2})\s*[日号]?
        | (?P<m4>[0-9]{1,2})/(?P<d4>[0-9]{1,2})
        | (?i:(?P<mon>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?)\s+(?P<d5>[0-9]{1,2})(?i:st|nd|rd|th)?(?:,?\s+(?P<y5>[0-9]{4}))?
        ",
    )
    .expect("date pattern is valid")
});

static TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<h>[0-9]{1,2}):(?P<m>[0-9]{2})").expect("time pattern is valid")
});

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
    DATE.captures_iter(text)
        .filter_map(|c| token(text, &c))
        .collect()
}

/// The date that starts `text` (after spaces), if one does.
pub fn date_at_start(text: &str) -> Option<DateToken> {
    let lead = text.len() - text.trim_start().len();
    find_dates(text)
        .into_iter()
        .next()
        .filter(|d| d.start == lead)
}

fn token(text: &str, c: &Captures<'_>) -> Option<DateToken> {
    let m = c.get(0)?;
    let num = |name: &str| c.name(name).and_then(|v| v.as_str().parse::<u32>().ok());
    let before = text[..m.start()].chars().next_back();
    let after = text[m.end()..].chars().next();
    // Part of a longer number, version or path: not a date.
    if before.is_some_and(|ch| ch.is_ascii_digit() || ch == '/' || ch == '.')
        || after.is_some_and(|ch| {
            ch.is_ascii_digit() || ch == '/' || (ch == '.' && c.name("m4").is_some())
        })
    {
        return None;
    }
    let (year, month, day) = if let Some(y) = num("y1") {
        (Some(y as i32), num("m1")?, num("d1")?)
    } else if let Some(y) = num("y2") {
        (Some(y as i32), num("m2")?, num("d2")?)
    } else if let Some(mo) = num("m3") {
        (None, mo, num("d3")?)
    } else if let Some(mo) = num("m4") {
        if mo > 12 || mo == 0 {
            return None;
        }
        (None, mo, num("d4")?)
    } else {
        let mon = c.name("mon")?.as_str().to_ascii_lowercase();
        let month = [
            "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
        ]
        .iter()
        .position(|m| mon.starts_with(m))? as u32
            + 1;
        (num("y5").map(|y| y as i32), month, num("d5")?)
    };
    Some(DateToken {
        start: m.start(),
        end: m.end(),
        year,
        month,
        day,
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

impl TimeToken {
    /// The time, or why it is impossible (`25:61`).
    pub fn resolve(&self) -> Result<NaiveTime, Invalid> {
        NaiveTime::from_hms_opt(self.hour, self.minute, 0).ok_or_else(|| Invalid {
            written: format!("{}:{:02}", self.hour, self.minute),
            reason: "there is no such time of day".to_string(),
        })
    }
}

/// The time that starts `text` (after spaces), if one does.
pub fn time_at_start(text: &str) -> Option<TimeToken> {
    let lead = text.len() - text.trim_start().len();
    let c = TIME.captures(&text[lead..])?;
    let m = c.get(0)?;
    if m.start() != 0 || text[lead + m.end()..].starts_with(|ch: char| ch.is_ascii_digit()) {
        return None;
    }
    Some(TimeToken {
        start: lead,
        end: lead + m.end(),
        hour: c["h"].parse().ok()?,
        minute: c["m"].parse().ok()?,
    })
}

/// The time that ends `text` (before trailing spaces), if one does.
pub fn time_at_end(text: &str) -> Option<TimeToken> {
    let trimmed = text.trim_end();
    let c = TIME.captures_iter(trimmed).last()?;
    let m = c.get(0)?;
    let before = &trimmed[..m.start()];
    let glued = before.ends_with(|ch: char| ch.is_ascii_digit())
        || (before.ends_with(':')
            && before[..before.len() - 1].ends_with(|ch: char| ch.is_ascii_digit()));
    if m.end() != trimmed.len() || glued {
        return None;
    }
    Some(TimeToken {
        start: m.start(),
        end: m.end(),
        hour: c["h"].parse().ok()?,
        minute: c["m"].parse().ok()?,
    })
}

/// Parses a Notion `Created:` value: `2023年11月29日 20:56`, `November 29, 2023 8:56 PM`,
/// `2023/11/29 20:56`, `2023-11-29T20:56:00`.
pub fn parse_datetime(value: &str) -> Option<NaiveDateTime> {
    const FORMATS: [&str; 9] = [
        "%Y年%m月%d日 %H:%M",
        "%Y年%m月%d日 %H:%M:%S",
        "%B %d, %Y %I:%M %p",
        "%b %d, %Y %I:%M %p",
        "%Y/%m/%d %H:%M",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
    ];
    let value = value.trim();
    FORMATS
        .iter()
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
    fn times_at_the_edges() {
        assert_eq!(
            time_at_start(" 18:40 告警").map(|t| (t.hour, t.minute)),
            Some((18, 40))
        );
        assert!(time_at_start("25:61").unwrap().resolve().is_err());
        assert_eq!(
            time_at_end("处置:1. 16:53 ").map(|t| (t.hour, t.minute)),
            Some((16, 53))
        );
        assert!(time_at_end("v1:2:30").is_none());
        assert_eq!(
            time_at_end("处置:21:50 ").map(|t| (t.hour, t.minute)),
            Some((21, 50))
        );
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
}
