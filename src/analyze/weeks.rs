//! Week numbering and reporting periods.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::config::WeekNumbering;
use crate::model::WeekId;

/// The week `date` falls in under `numbering`.
///
/// `jan1`: week 1 is the Monday-to-Sunday week holding 1 January, so the last days of December
/// may belong to week 1 of the next year. `iso`: ISO 8601.
pub fn week_of(date: NaiveDate, numbering: WeekNumbering) -> WeekId {
    match numbering {
        WeekNumbering::Iso => {
            let w = date.iso_week();
            WeekId {
                year: w.year(),
                number: w.week(),
            }
        }
        WeekNumbering::Jan1 => {
            let sunday =
                date + chrono::Days::new(6 - u64::from(date.weekday().num_days_from_monday()));
            if sunday.year() > date.year() {
                return WeekId {
                    year: sunday.year(),
                    number: 1,
                };
            }
            let jan1 = NaiveDate::from_ymd_opt(date.year(), 1, 1).expect("1 January exists");
            let number = (date.ordinal0() + jan1.weekday().num_days_from_monday()) / 7 + 1;
            WeekId {
                year: date.year(),
                number,
            }
        }
    }
}

/// The Monday and Sunday of a week under `numbering`, if the week exists.
pub fn week_bounds(week: WeekId, numbering: WeekNumbering) -> Option<(NaiveDate, NaiveDate)> {
    let monday = match numbering {
        WeekNumbering::Iso => {
            NaiveDate::from_isoywd_opt(week.year, week.number, chrono::Weekday::Mon)?
        }
        WeekNumbering::Jan1 => {
            let jan1 = NaiveDate::from_ymd_opt(week.year, 1, 1)?;
            let first_monday =
                jan1 - chrono::Days::new(u64::from(jan1.weekday().num_days_from_monday()));
            first_monday + chrono::Days::new(7 * u64::from(week.number.checked_sub(1)?))
        }
    };
    let sunday = monday + chrono::Days::new(6);
    (week_of(monday, numbering) == week).then_some((monday, sunday))
}

/// How weeks are grouped in a rollup.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    /// Each week on its own.
    Week,
    /// Calendar months, by the weekly note's date.
    #[default]
    Month,
    /// Calendar quarters.
    Quarter,
    /// Half years (H1, H2).
    Half,
    /// Calendar years.
    Year,
}

impl Period {
    /// The key of the period holding a week (`2023-W28`, `2023-07`, `2023-Q3`, `2023-H2`, `2023`).
    pub fn key(self, date: NaiveDate, week: WeekId) -> String {
        match self {
            Period::Week => week.to_string(),
            Period::Month => format!("{}-{:02}", date.year(), date.month()),
            Period::Quarter => format!("{}-Q{}", date.year(), (date.month() - 1) / 3 + 1),
            Period::Half => format!("{}-H{}", date.year(), if date.month() <= 6 { 1 } else { 2 }),
            Period::Year => date.year().to_string(),
        }
    }
}

/// Parses a week id (`2023-W28`, `2023W28`, `W28` with `default_year`) or a date.
pub fn parse_week_or_date(text: &str, numbering: WeekNumbering) -> Option<(NaiveDate, NaiveDate)> {
    let t = text.trim();
    if let Ok(d) = t.parse::<NaiveDate>() {
        return Some((d, d));
    }
    let upper = t.to_uppercase();
    let (year, number) = upper.split_once('W')?;
    let year: i32 = year.trim_end_matches('-').parse().ok()?;
    let number: u32 = number.parse().ok()?;
    week_bounds(WeekId { year, number }, numbering)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_sample_is_week_28_under_jan1_and_27_under_iso() {
        assert_eq!(
            week_of(d("2023-07-08"), WeekNumbering::Jan1),
            WeekId {
                year: 2023,
                number: 28
            }
        );
        assert_eq!(
            week_of(d("2023-07-08"), WeekNumbering::Iso),
            WeekId {
                year: 2023,
                number: 27
            }
        );
    }

    #[test]
    fn jan1_week_one_may_start_in_december() {
        // 1 January 2025 is a Wednesday: Mon 30 Dec 2024 starts week 1 of 2025.
        assert_eq!(
            week_of(d("2024-12-30"), WeekNumbering::Jan1),
            WeekId {
                year: 2025,
                number: 1
            }
        );
        assert_eq!(
            week_of(d("2025-01-05"), WeekNumbering::Jan1),
            WeekId {
                year: 2025,
                number: 1
            }
        );
        assert_eq!(
            week_of(d("2025-01-06"), WeekNumbering::Jan1),
            WeekId {
                year: 2025,
                number: 2
            }
        );
        // 1 January 2023 is a Sunday: it is week 1 on its own.
        assert_eq!(
            week_of(d("2023-01-01"), WeekNumbering::Jan1),
            WeekId {
                year: 2023,
                number: 1
            }
        );
        assert_eq!(
            week_of(d("2023-01-02"), WeekNumbering::Jan1),
            WeekId {
                year: 2023,
                number: 2
            }
        );
    }

    #[test]
    fn bounds_round_trip() {
        for numbering in [WeekNumbering::Jan1, WeekNumbering::Iso] {
            let w = week_of(d("2023-07-08"), numbering);
            let (mon, sun) = week_bounds(w, numbering).unwrap();
            assert!(mon <= d("2023-07-08") && d("2023-07-08") <= sun);
        }
        assert_eq!(
            week_bounds(
                WeekId {
                    year: 2023,
                    number: 28
                },
                WeekNumbering::Jan1
            ),
            Some((d("2023-07-03"), d("2023-07-09")))
        );
        assert_eq!(
            week_bounds(
                WeekId {
                    year: 2023,
                    number: 60
                },
                WeekNumbering::Jan1
            ),
            None
        );
    }

    #[test]
    fn period_keys() {
        let w = WeekId {
            year: 2023,
            number: 28,
        };
        let date = d("2023-07-08");
        let keys: Vec<String> = [
            Period::Week,
            Period::Month,
            Period::Quarter,
            Period::Half,
            Period::Year,
        ]
        .iter()
        .map(|p| p.key(date, w))
        .collect();
        assert_eq!(keys, ["2023-W28", "2023-07", "2023-Q3", "2023-H2", "2023"]);
    }

    #[test]
    fn week_or_date_arguments() {
        assert_eq!(
            parse_week_or_date("2023-W28", WeekNumbering::Jan1),
            Some((d("2023-07-03"), d("2023-07-09")))
        );
        assert_eq!(
            parse_week_or_date("2023-07-08", WeekNumbering::Jan1),
            Some((d("2023-07-08"), d("2023-07-08")))
        );
        assert_eq!(parse_week_or_date("soon", WeekNumbering::Jan1), None);
    }
}
