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

/// A plan or an item as they are compared: its key and its text in lower case, made once
/// per plan and per item rather than once per pair.
struct Keyed<'a> {
    item: &'a Item,
    key: String,
    text: String,
}

impl<'a> Keyed<'a> {
    fn new(item: &'a Item) -> Self {
        Keyed {
            item,
            key: project_key(&item.name),
            text: item.text.to_lowercase(),
        }
    }

    /// Whether the key is long enough to match on (one character matches too much).
    fn has_key(&self) -> bool {
        self.key.chars().nth(1).is_some()
    }
}

/// Whether `item` reports on the plan: same key, or one's name inside the other's text.
fn reports_on(plan: &Keyed<'_>, item: &Keyed<'_>) -> bool {
    plan.has_key()
        && item.has_key()
        && (plan.key == item.key || plan.text.contains(&item.key) || item.text.contains(&plan.key))
}

pub(crate) fn follow_up(placed: &[Placed<'_>]) -> Vec<PlanFollowUp> {
    let mut out = Vec::new();
    // The items a week reports, keyed; each week's are made once, as the week after a plan.
    let mut next_items: Vec<Keyed<'_>> = Vec::new();
    for (w, p) in placed.iter().enumerate() {
        let next = placed.get(w + 1);
        next_items.clear();
        if let Some(n) = next.filter(|_| !p.note.next_week.is_empty()) {
            let note = n.note;
            let items = note
                .objectives
                .iter()
                .flat_map(|o| &o.items)
                .chain(&note.items)
                .chain(&note.others);
            next_items.extend(items.flat_map(Item::walk).map(Keyed::new));
        }
        for plan in &p.note.next_week {
            let keyed = Keyed::new(plan);
            let found = next_items
                .iter()
                .find(|i| reports_on(&keyed, i))
                .map(|i| i.item);
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
