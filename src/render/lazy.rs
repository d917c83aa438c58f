//! The rollup as template values, made one team at a time.
//!
//! Handing a template `Value::from(Serde(&context))` copies the whole rollup into minijinja
//! values before the first line is rendered: on a notes monorepo that copy was the largest
//! allocation of a build (45 % of its peak heap). [`rollup_value`] instead gives the template
//! an object that reads the rollup in place and turns a team into values only when the
//! template reaches it; the loop `{% for t in teams %}` then holds one team's values at a
//! time. Templates see the same names and values as in [`RollupContext`](super::RollupContext)'s
//! JSON; a test below compares the two.
//!
//! A team stays a handle on the typed rollup as well ([`team_of`]): the chart functions read
//! its [`TeamRollup`] directly rather than its template values.

use std::sync::Arc;

use minijinja::value::{Enumerator, Object, ObjectRepr, Serde};
use minijinja::Value;

use crate::analyze::{Rollup, TeamRollup, ROLLUP_SCHEMA_VERSION};

/// The top-level names of the context, in the order [`RollupContext`](super::RollupContext)
/// serialises them.
const KEYS: &[&str] = &[
    "generator",
    "schema_version",
    "period",
    "from",
    "to",
    "teams",
    "notes",
];

/// A rollup as a template context whose teams become values only when read.
pub fn rollup_value(rollup: Rollup) -> Value {
    Value::from_object(LazyRollup(Arc::new(rollup)))
}

/// The context's top-level map.
#[derive(Debug)]
struct LazyRollup(Arc<Rollup>);

impl Object for LazyRollup {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Map
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let rollup = &self.0;
        match key.as_str()? {
            "generator" => Some(Value::from(crate::source::JSON_REPORT_GENERATOR)),
            "schema_version" => Some(Value::from(ROLLUP_SCHEMA_VERSION)),
            "period" => Some(Value::from(Serde(&rollup.period))),
            "from" => Some(Value::from(Serde(&rollup.from))),
            "to" => Some(Value::from(Serde(&rollup.to))),
            "teams" => Some(Value::from_object(LazyTeams(Arc::clone(rollup)))),
            "notes" => Some(Value::from(Serde(&rollup.notes))),
            _ => None,
        }
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Str(KEYS)
    }
}

/// The `teams` sequence: team `i` is serialised into values each time it is read.
#[derive(Debug)]
struct LazyTeams(Arc<Rollup>);

impl Object for LazyTeams {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Seq
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let index = key.as_usize()?;
        let team = self.0.teams.get(index)?;
        Some(Value::from_object(TeamValue {
            rollup: Arc::clone(&self.0),
            index,
            values: Value::from(Serde(team)),
        }))
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Seq(self.0.teams.len())
    }
}

/// One team: its template values, and the typed team they were made from.
#[derive(Debug)]
struct TeamValue {
    rollup: Arc<Rollup>,
    index: usize,
    values: Value,
}

impl Object for TeamValue {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Map
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        self.values.as_object()?.get_value(key)
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        self.values
            .as_object()
            .map_or(Enumerator::Empty, |values| values.enumerate())
    }
}

/// A team of the rollup as a template passed it to a function: its place among the teams
/// (for ids unique in the page) and the typed team.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TeamRef<'a> {
    /// Its index in `teams`.
    pub index: usize,
    /// The team.
    pub team: &'a TeamRollup,
}

/// The typed team behind a template value, when the value is a team of [`rollup_value`]'s
/// context (a team copied into plain values, as `Templates::render` makes them, is not).
pub(crate) fn team_of(value: &Value) -> Option<TeamRef<'_>> {
    let team = value.downcast_object_ref::<TeamValue>()?;
    Some(TeamRef {
        index: team.index,
        team: &team.rollup.teams[team.index],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::{examples_rollup, RollupContext, Templates};

    #[test]
    fn templates_see_the_same_values_as_the_json() {
        let rollup = examples_rollup();
        assert!(rollup.teams.len() >= 2, "the examples have several teams");
        let eager = serde_json::to_value(RollupContext::new(&rollup)).unwrap();
        let lazy = serde_json::to_value(rollup_value(rollup)).unwrap();
        assert_eq!(lazy, eager);
    }

    #[test]
    fn the_built_in_reports_render_and_their_charts_need_the_typed_team() {
        let rollup = examples_rollup();
        let templates = Templates::new(vec![]).unwrap();
        for name in ["report.md", "report.html"] {
            let out = templates
                .render_value(name, rollup_value(rollup.clone()))
                .unwrap();
            assert!(
                out.contains("小贝帮帮项目"),
                "{name} shows the sample's project"
            );
            // A team copied into plain values has no typed team behind it for the charts.
            let err = templates
                .render(name, &RollupContext::new(&rollup))
                .unwrap_err()
                .to_string();
            assert!(
                err.contains("a chart needs a team of the rollup"),
                "{name}: {err}"
            );
        }
    }

    #[test]
    fn a_team_value_leads_back_to_its_typed_team() {
        let rollup = examples_rollup();
        let context = rollup_value(rollup.clone());
        let teams = context.get_attr("teams").unwrap();
        let second = teams.get_item(&Value::from(1)).unwrap();
        let typed = team_of(&second).expect("a team of the lazy context");
        assert_eq!(typed.index, 1);
        assert_eq!(typed.team, &rollup.teams[1]);
        assert!(team_of(&Value::from(minijinja::value::Serde(&rollup.teams[1]))).is_none());
    }

    #[test]
    fn teams_index_count_and_end_like_a_list() {
        let rollup = examples_rollup();
        let first = rollup.teams[0].team.clone();
        let first_weeks = rollup.teams[0].weeks.len();
        let last = rollup.teams[rollup.teams.len() - 1].team.clone();
        let n = rollup.teams.len();
        let env = minijinja::Environment::new();
        let out = env
            .render_str(
                "{{ teams|length }} [{{ (teams|first).team }}] {{ (teams|first).weeks|length }} \
                 {{ (teams|last).team }} {{ teams[1].team }} {% if teams %}some{% endif %} \
                 {{ teams[99] is undefined }} {{ teams[-1].team }}",
                rollup_value(rollup.clone()),
            )
            .unwrap();
        assert_eq!(
            out,
            format!(
                "{n} [{first}] {first_weeks} {last} {} some True {last}",
                rollup.teams[1].team
            )
        );
    }
}
