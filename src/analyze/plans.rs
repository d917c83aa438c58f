//! Plans and their follow-up: does the week after a plan report on it?

use std::collections::HashMap;

use daachorse::CharwiseDoubleArrayAhoCorasick;
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

/// For each plan, the first of `items` that reports on it (see [`reports_on`]): by comparing
/// the pairs when they are few, else by key: an exact key through a map, a key
/// inside the other's text through one Aho-Corasick automaton of the items' keys run over the
/// plans' texts and one of the plans' keys run over the items' texts. The result is the one a
/// scan in item order finds.
fn first_reports(plans: &[Keyed<'_>], items: &[Keyed<'_>]) -> Vec<Option<usize>> {
    // A week's few plans against its items: comparing the pairs costs less than building
    // two automata (which allocate tables per character class); the answer is the same.
    if plans.len().saturating_mul(items.len()) <= PAIRS_COMPARED {
        by_pairs(plans, items)
    } else {
        by_keys(plans, items)
    }
}

/// [`first_reports`] by key: the answer [`by_pairs`] gives, in time linear in the plans and
/// items rather than in their product.
fn by_keys(plans: &[Keyed<'_>], items: &[Keyed<'_>]) -> Vec<Option<usize>> {
    let mut best: Vec<Option<usize>> = vec![None; plans.len()];
    // The first item of each key, and the plans of each key.
    let mut item_of_key: HashMap<&str, usize> = HashMap::new();
    for (i, item) in items.iter().enumerate().filter(|(_, i)| i.has_key()) {
        item_of_key.entry(item.key.as_str()).or_insert(i);
    }
    let mut plans_of_key: HashMap<&str, Vec<usize>> = HashMap::new();
    for (p, plan) in plans.iter().enumerate().filter(|(_, p)| p.has_key()) {
        plans_of_key.entry(plan.key.as_str()).or_default().push(p);
    }
    if item_of_key.is_empty() || plans_of_key.is_empty() {
        return best;
    }
    let mut offer = |plan: usize, item: usize| {
        if best[plan].is_none_or(|b| item < b) {
            best[plan] = Some(item);
        }
    };
    for (key, ps) in &plans_of_key {
        if let Some(&i) = item_of_key.get(key) {
            ps.iter().for_each(|&p| offer(p, i));
        }
    }
    let (Some(item_keys), Some(plan_keys)) = (automaton(&item_of_key), automaton(&plans_of_key))
    else {
        // An automaton too large to build: compare the pairs.
        return by_pairs(plans, items);
    };
    // An item's key inside a plan's text.
    let item_at: Vec<usize> = item_of_key.values().copied().collect();
    for (p, plan) in plans.iter().enumerate().filter(|(_, p)| p.has_key()) {
        for m in item_keys.find_overlapping_iter(&plan.text) {
            offer(p, item_at[m.value() as usize]);
        }
    }
    // A plan's key inside an item's text: the first item whose text holds it.
    let plans_at: Vec<&Vec<usize>> = plans_of_key.values().collect();
    let mut found: Vec<Option<usize>> = vec![None; plans_at.len()];
    for (i, item) in items.iter().enumerate().filter(|(_, i)| i.has_key()) {
        for m in plan_keys.find_overlapping_iter(&item.text) {
            found[m.value() as usize].get_or_insert(i);
        }
    }
    for (ps, i) in plans_at.iter().zip(found) {
        if let Some(i) = i {
            ps.iter().for_each(|&p| offer(p, i));
        }
    }
    best
}

/// Up to how many plan × item pairs [`first_reports`] compares one by one.
const PAIRS_COMPARED: usize = 4096;

/// The first item that reports on each plan, by comparing every pair in item order.
fn by_pairs(plans: &[Keyed<'_>], items: &[Keyed<'_>]) -> Vec<Option<usize>> {
    plans
        .iter()
        .map(|p| items.iter().position(|i| reports_on(p, i)))
        .collect()
}

/// An automaton of the keys of `map` (in its iteration order, each matching its position),
/// or `None` when they are too many to build one. A double-array automaton (daachorse) is
/// built in time linear in the keys; aho-corasick's took 5 s for 100,000 keys, rearranging
/// its states, more than all the searches here take.
fn automaton<V>(map: &HashMap<&str, V>) -> Option<CharwiseDoubleArrayAhoCorasick<u32>> {
    let keys = map
        .keys()
        .enumerate()
        .map(|(i, k)| (*k, u32::try_from(i).ok()));
    let keys: Option<Vec<(&str, u32)>> = keys.map(|(k, i)| Some((k, i?))).collect();
    CharwiseDoubleArrayAhoCorasick::with_values(keys?).ok()
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
        let plans: Vec<Keyed<'_>> = p.note.next_week.iter().map(Keyed::new).collect();
        let matches = first_reports(&plans, &next_items);
        for (plan, found) in plans.iter().zip(matches) {
            let found = found.map(|i| next_items[i].item);
            out.push(PlanFollowUp {
                week: p.id.clone(),
                text: plan.item.text.clone(),
                name: plan.item.name.clone(),
                followed_up: next.map(|_| found.is_some()),
                next_week: next.map(|n| n.id.clone()),
                matched: found.map(|i| i.name.clone()),
                status: found.map(|i| i.status),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matching_by_key_finds_what_comparing_every_pair_finds() {
        let config = crate::config::Config::builtin();
        let base = crate::parse_note("n.md", "# 下周工作及目标\n\n1. 跟进\n", &config).next_week[0]
            .clone();
        let item = |name: &str, text: &str| Item {
            name: name.into(),
            text: text.into(),
            ..base.clone()
        };
        let words = [
            "网联代收",
            "店东看账",
            "小贝",
            "小贝帮帮项目",
            "a",
            "Deploy",
            "deploy v2",
            "上线",
        ];
        let mut plans = Vec::new();
        let mut items = Vec::new();
        // Every combination of a name and a text made of the words, as plans and as items.
        for (n, name) in words.iter().enumerate() {
            for (t, other) in words.iter().enumerate() {
                let text = format!("{name}：跟进{other}");
                if (n + t) % 2 == 0 {
                    plans.push(item(name, &text));
                } else {
                    items.push(item(other, &text));
                }
            }
        }
        let plans: Vec<Keyed<'_>> = plans.iter().map(Keyed::new).collect();
        let items: Vec<Keyed<'_>> = items.iter().map(Keyed::new).collect();
        let expected = by_pairs(&plans, &items);
        assert!(expected.iter().any(Option::is_some) && expected.iter().any(Option::is_none));
        assert_eq!(by_keys(&plans, &items), expected);
        assert_eq!(by_keys(&plans, &[]), vec![None; plans.len()]);
        assert_eq!(first_reports(&plans, &items), expected);
    }
}
