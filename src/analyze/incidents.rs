//! Incidents over weeks: counts by grade, stability events, impact minutes and error budget.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::config::Config;
use crate::model::{Event, Num};

use super::Placed;

/// Minutes in a week.
const WEEK_MINUTES: i64 = 7 * 24 * 60;

/// Incidents of a team's weeks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IncidentRollup {
    /// Every grade that appears, ordered.
    pub grades: Vec<String>,
    /// One entry per week, aligned with the team's weeks.
    pub weeks: Vec<WeekIncidents>,
    /// Counts by grade over all weeks.
    pub total_by_grade: BTreeMap<String, u32>,
    /// Every stability event, in week order.
    pub events: Vec<EventRow>,
    /// Their impact minutes, summed (events without a figure count 0).
    pub total_impact_minutes: Num,
    /// Events with no impact figure, stated or derived.
    pub events_without_impact: usize,
    /// The error budget over all weeks, with an availability SLO configured.
    pub error_budget: Option<ErrorBudget>,
}

/// One week's incidents.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeekIncidents {
    /// The week id.
    pub week: String,
    /// Counts by grade as stated (`{}` when the note states none).
    pub by_grade: BTreeMap<String, u32>,
    /// Whether the note states counts at all.
    pub stated: bool,
    /// Stability events listed that week.
    pub events: usize,
    /// Their impact minutes.
    pub impact_minutes: Num,
}

/// A stability event with the week and note it was reported in; the event's own fields are
/// inlined (flattened) beside them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventRow {
    /// The week id.
    pub week: String,
    /// The note it is in, relative to the notes root.
    pub path: String,
    /// The event.
    #[serde(flatten)]
    pub event: Event,
}

/// How much downtime an availability SLO allows, and how much the events used.
///
/// `budget_minutes = weeks × 10080 × (100 − slo) / 100`; `burned_minutes` is the events'
/// impact minutes; `burned_percent = burned / budget × 100`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ErrorBudget {
    /// The availability objective in percent.
    pub slo: Num,
    /// Minutes covered (weeks × 10080).
    pub minutes: i64,
    /// Minutes of downtime allowed.
    pub budget_minutes: Num,
    /// Impact minutes of the events.
    pub burned_minutes: Num,
    /// `budget − burned` (negative when overspent).
    pub remaining_minutes: Num,
    /// `burned / budget × 100`, two decimals.
    pub burned_percent: Num,
}

/// The error budget of `weeks` weeks under `slo`, burned by `burned` minutes.
pub fn error_budget(slo: Num, weeks: usize, burned: Num) -> ErrorBudget {
    let minutes = WEEK_MINUTES * weeks as i64;
    let budget = Decimal::from(minutes) * (Decimal::ONE_HUNDRED - slo.0) / Decimal::ONE_HUNDRED;
    let burned_percent = if budget.is_zero() {
        Decimal::ZERO
    } else {
        (burned.0 / budget * Decimal::ONE_HUNDRED).round_dp(2)
    };
    ErrorBudget {
        slo,
        minutes,
        budget_minutes: Num(budget.round_dp(2).normalize()),
        burned_minutes: burned,
        remaining_minutes: Num((budget - burned.0).round_dp(2).normalize()),
        burned_percent: Num(burned_percent.normalize()),
    }
}

pub(crate) fn rollup(placed: &[Placed<'_>], config: &Config) -> IncidentRollup {
    let mut weeks = Vec::with_capacity(placed.len());
    let mut total_by_grade: BTreeMap<String, u32> = BTreeMap::new();
    let mut events = Vec::new();
    let mut total = Decimal::ZERO;
    let mut without = 0;
    for p in placed {
        let by_grade = p
            .note
            .incidents
            .as_ref()
            .map(|i| i.by_grade.clone())
            .unwrap_or_default();
        for (g, n) in &by_grade {
            *total_by_grade.entry(g.clone()).or_default() += n;
        }
        let mut week_minutes = Decimal::ZERO;
        for e in &p.note.events {
            match e.impact_minutes {
                Some(m) => week_minutes += m.0,
                None => without += 1,
            }
            events.push(EventRow {
                week: p.id.clone(),
                path: p.path.clone(),
                event: e.clone(),
            });
        }
        total += week_minutes;
        weeks.push(WeekIncidents {
            week: p.id.clone(),
            stated: p.note.incidents.is_some(),
            by_grade,
            events: p.note.events.len(),
            impact_minutes: Num(week_minutes.normalize()),
        });
    }
    let total = Num(total.normalize());
    IncidentRollup {
        grades: total_by_grade.keys().cloned().collect(),
        weeks,
        total_by_grade,
        events,
        total_impact_minutes: total,
        events_without_impact: without,
        error_budget: config
            .slo_availability
            .map(|slo| error_budget(slo, placed.len(), total)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_budget_arithmetic() {
        // 4 weeks at 99.99%: 40320 minutes × 0.01% = 4.032 minutes allowed.
        let b = error_budget(Num::parse("99.99").unwrap(), 4, Num::from(2));
        assert_eq!(b.minutes, 40_320);
        assert_eq!(b.budget_minutes.to_string(), "4.03");
        assert_eq!(b.remaining_minutes.to_string(), "2.03");
        assert_eq!(b.burned_percent.to_string(), "49.6");
        // Overspent: 352 minutes against 4.032.
        let b = error_budget(Num::parse("99.99").unwrap(), 4, Num::from(352));
        assert_eq!(b.remaining_minutes.to_string(), "-347.97");
        assert_eq!(b.burned_percent.to_string(), "8730.16");
    }
}
