//! Plans and their follow-up: does the week after a plan report on it?

use serde::Serialize;

use crate::model::{Item, Status};

use super::projects::project_key;
use super::Placed;

/// A plan of one week and what the following week says of it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanFollowUp {
    /// The week that made the plan.
    pub week: String,
    /// The plan as written.
    pub text: String,
    /// Its name (the plan's key).
    pub name: String,
    /// Whether the following week's note reports on it; `null` for the last week.
    pub followed_up: Option<bool>,
    /// The following week's id.
    pub next_week: Option<String>,
    /// The name of the item that reports on it.
    pub matched: Option<String>,
    /// That item's status.
    pub status: Option<Status>,
}

/// Whether `item` reports on the plan: same key, or one's name inside the other's text.
fn reports_on(plan: &Item, item: &Item) -> bool {
    let (pk, ik) = (project_key(&plan.name), project_key(&item.name));
    if pk.chars().count() < 2 || ik.chars().count() < 2 {
        return false;
    }
    pk == ik || plan.text.to_lowercase().contains(&ik) || item.text.to_lowercase().contains(&pk)
}

pub(crate) fn follow_up(placed: &[Placed<'_>]) -> Vec<PlanFollowUp> {
    let mut out = Vec::new();
    for (w, p) in placed.iter().enumerate() {
        let next = placed.get(w + 1);
        for plan in &p.note.next_week {
            let found = next.and_then(|n| {
                let note = n.note;
                let items = note
                    .objectives
                    .iter()
                    .flat_map(|o| &o.items)
                    .chain(&note.items)
                    .chain(&note.others);
                items.flat_map(Item::walk).find(|i| reports_on(plan, i))
            });
            out.push(PlanFollowUp {
                week: p.id.clone(),
                text: plan.text.clone(),
                name: plan.name.clone(),
                followed_up: next.map(|_| found.is_some()),
                next_week: next.map(|n| n.id.clone()),
                matched: found.map(|i| i.name.clone()),
                status: found.map(|i| i.status),
            });
        }
    }
    out
}
