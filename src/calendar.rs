//! The calendar: week numbering, week ids and their dates, reporting periods.
//!
//! Below every stage that speaks of weeks (extract, lint, analyze, the use cases), so each
//! numbers and names weeks the same way.

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

/// Under `jan1`, the week of `date` counted in `date`'s own year, without moving the last days
/// of December to week 1 of the next year: 2024-12-31 is week 53 of 2024.
fn jan1_in_own_year(date: NaiveDate) -> WeekId {
    let jan1 = NaiveDate::from_ymd_opt(date.year(), 1, 1).expect("1 January exists");
    WeekId {
        year: date.year(),
        number: (date.ordinal0() + jan1.weekday().num_days_from_monday()) / 7 + 1,
    }
}

/// Every name the week of `date` goes by, [`week_of`]'s first. Under `jan1` the week that
/// straddles the new year has two: the week of 2024-12-30 – 2025-01-05 is week 53 of 2024 and
/// week 1 of 2025. Under `iso` a week has one name.
pub fn week_names(date: NaiveDate, numbering: WeekNumbering) -> Vec<WeekId> {
    let mut names = vec![week_of(date, numbering)];
    if numbering == WeekNumbering::Jan1 {
        let monday = date - chrono::Days::new(u64::from(date.weekday().num_days_from_monday()));
        for day in [monday, monday + chrono::Days::new(6)] {
            let name = jan1_in_own_year(day);
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    names
}

/// The name of `date`'s week in `date`'s own year: what `check --fix` writes in a title, so a
/// note is never moved to another year's numbering (2024-12-31 is week 53, 2025-01-02 week 1).
pub fn week_in_own_year(date: NaiveDate, numbering: WeekNumbering) -> WeekId {
    match numbering {
        WeekNumbering::Jan1 => jan1_in_own_year(date),
        WeekNumbering::Iso => week_of(date, numbering),
    }
}

/// Whether a title's `week` names the week of `date`. A title week without a written year
/// takes the date's year, so for it the number alone is compared with each name.
pub fn names_week_of(week: WeekId, date: NaiveDate, numbering: WeekNumbering) -> bool {
    week_names(date, numbering)
        .iter()
        .any(|n| n.number == week.number && (n.year == week.year || week.year == date.year()))
}

/// The week a dated note belongs to, by one name: its date's [`week_of`] when its title names
/// that week by either name (or names none), else the week its title names.
pub fn note_week(week: Option<WeekId>, date: NaiveDate, numbering: WeekNumbering) -> WeekId {
    match week {
        Some(w) if !names_week_of(w, date, numbering) => w,
        _ => week_of(date, numbering),
    }
}

/// The Monday and Sunday of a week under `numbering`, if the week exists (by either of its
/// names, see [`week_names`]).
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
    week_names(monday, numbering)
        .contains(&week)
        .then_some((monday, sunday))
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

/// Parses a week id as the command line writes it: `2023-W28`, `2023W28`, `2023-w28`.
pub fn parse_week_id(text: &str) -> Option<WeekId> {
    let upper = text.trim().to_uppercase();
    let (year, number) = upper.split_once('W')?;
    Some(WeekId {
        year: year.trim_end_matches('-').parse().ok()?,
        number: number.parse().ok()?,
    })
}

/// Parses a week id ([`parse_week_id`]) into its first and last day, or a date into itself.
pub fn parse_week_or_date(text: &str, numbering: WeekNumbering) -> Option<(NaiveDate, NaiveDate)> {
    let t = text.trim();
    if let Ok(d) = t.parse::<NaiveDate>() {
        return Some((d, d));
    }
    week_bounds(parse_week_id(t)?, numbering)
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
    fn the_week_straddling_the_new_year_has_two_names_under_jan1() {
        let w = |year, number| WeekId { year, number };
        for day in ["2024-12-30", "2024-12-31", "2025-01-01", "2025-01-05"] {
            assert_eq!(
                week_names(d(day), WeekNumbering::Jan1),
                [w(2025, 1), w(2024, 53)],
                "{day}"
            );
        }
        assert_eq!(
            week_names(d("2025-01-06"), WeekNumbering::Jan1),
            [w(2025, 2)]
        );
        assert_eq!(
            week_names(d("2024-12-31"), WeekNumbering::Iso),
            [w(2025, 1)]
        );
        // `--fix` keeps a note in its own year's numbering.
        assert_eq!(
            week_in_own_year(d("2024-12-31"), WeekNumbering::Jan1),
            w(2024, 53)
        );
        assert_eq!(
            week_in_own_year(d("2025-01-02"), WeekNumbering::Jan1),
            w(2025, 1)
        );
        // Both names find the same week; either title places the note in 2025-W01.
        let bounds = Some((d("2024-12-30"), d("2025-01-05")));
        assert_eq!(week_bounds(w(2024, 53), WeekNumbering::Jan1), bounds);
        assert_eq!(week_bounds(w(2025, 1), WeekNumbering::Jan1), bounds);
        assert_eq!(week_bounds(w(2024, 54), WeekNumbering::Jan1), None);
        for title in [w(2024, 53), w(2025, 1), w(2024, 1)] {
            assert_eq!(
                note_week(Some(title), d("2024-12-31"), WeekNumbering::Jan1),
                w(2025, 1),
                "{title}"
            );
        }
        // A wrong week is kept as written (WR004 reports it).
        assert_eq!(
            note_week(Some(w(2024, 30)), d("2024-12-31"), WeekNumbering::Jan1),
            w(2024, 30)
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
