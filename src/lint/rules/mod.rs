//! Every rule, one file each, registered in [`RULES`] in id order.
//!
//! To add a rule: take the next free id (ids are never reused; a retired rule stays listed in
//! `RETIRED`), write `wrNNN_name.rs` with a `pub static RULE` whose docs have the four
//! sections, add it here, and run `cargo test` (it regenerates nothing: `docs/rules.md` must be
//! updated with `weekly-report rules --markdown > docs/rules.md`, and a test says so).

mod wr001_value_out_of_range;
mod wr002_invalid_date;
mod wr003_ratio_mismatch;
mod wr004_week_date_mismatch;
mod wr005_incident_event_mismatch;
mod wr006_overdue_item;
mod wr007_metric_threshold;
mod wr008_broken_daily_link;
mod wr009_missing_section;
mod wr010_duplicate_metric;
mod wr011_heading_level_jump;
mod wr012_progress_regression;
mod wr013_parse_problem;
mod wr014_not_utf8;
mod wr015_unfilled_placeholder;
mod wr016_unread_figure;
mod wr017_unknown_section;
mod wr018_duplicate_week;

use super::Rule;
use crate::model::{Diagnostic, DiagnosticCode, Note};

/// Every rule, in id order.
pub static RULES: &[&Rule] = &[
    &wr001_value_out_of_range::RULE,
    &wr002_invalid_date::RULE,
    &wr003_ratio_mismatch::RULE,
    &wr004_week_date_mismatch::RULE,
    &wr005_incident_event_mismatch::RULE,
    &wr006_overdue_item::RULE,
    &wr007_metric_threshold::RULE,
    &wr008_broken_daily_link::RULE,
    &wr009_missing_section::RULE,
    &wr010_duplicate_metric::RULE,
    &wr011_heading_level_jump::RULE,
    &wr012_progress_regression::RULE,
    &wr013_parse_problem::RULE,
    &wr014_not_utf8::RULE,
    &wr015_unfilled_placeholder::RULE,
    &wr016_unread_figure::RULE,
    &wr017_unknown_section::RULE,
    &wr018_duplicate_week::RULE,
];

/// Retired rule ids with the reason, so they are never reused.
pub static RETIRED: &[(&str, &str)] = &[];

/// The parser's diagnostics with one of `codes`.
fn diagnostics<'n>(
    note: &'n Note,
    codes: &'static [DiagnosticCode],
) -> impl Iterator<Item = &'n Diagnostic> {
    note.diagnostics
        .iter()
        .filter(move |d| codes.contains(&d.code))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The position of `code` in [`DiagnosticCode::ALL`], by an exhaustive match: a new code
    /// does not compile until it is placed here, and then the test below fails until it is in
    /// `ALL` and a rule reports it.
    fn position(code: DiagnosticCode) -> usize {
        match code {
            DiagnosticCode::InvalidDate => 0,
            DiagnosticCode::InvalidTime => 1,
            DiagnosticCode::MissingDate => 2,
            DiagnosticCode::ValueOutOfRange => 3,
            DiagnosticCode::InvalidFrontMatter => 4,
            DiagnosticCode::NestingTooDeep => 5,
            DiagnosticCode::RecoveryBeforeEvent => 6,
            DiagnosticCode::DuplicateIncidentGrade => 7,
            DiagnosticCode::Gb18030Decoded => 8,
            DiagnosticCode::AmbiguousTime => 9,
        }
    }

    #[test]
    fn every_diagnostic_code_is_reported_by_exactly_one_rule() {
        for (i, code) in DiagnosticCode::ALL.into_iter().enumerate() {
            assert_eq!(
                position(code),
                i,
                "{code} is out of place in DiagnosticCode::ALL"
            );
            let rules: Vec<&str> = RULES
                .iter()
                .filter(|r| r.diagnostics.contains(&code))
                .map(|r| r.id)
                .collect();
            assert_eq!(
                rules.len(),
                1,
                "{code} is reported by {rules:?}; it needs one rule"
            );
        }
    }

    #[test]
    fn a_code_is_written_in_json_as_its_kebab_case_name() {
        for code in DiagnosticCode::ALL {
            assert_eq!(
                serde_json::to_string(&code).unwrap(),
                format!("\"{}\"", code.as_str())
            );
        }
    }
}
