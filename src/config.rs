//! Configuration: the vocabulary that turns words into facts, and the week numbering.
//!
//! The built-in defaults are the commented file `src/config/default.yaml`, embedded in the
//! binary; `weekly-report config --default` prints exactly that file, and [`Config::builtin`]
//! parses it, so what users read is what runs. A user's `weekly-report.yaml` extends it
//! ([`Config::from_yaml`]). Matchers are compiled lazily, once, and only those a run needs.

mod lexicon;
pub mod script;
pub mod writing;

use chrono::NaiveDate;
use std::sync::OnceLock;

use serde::Deserialize;

pub use crate::matching::{WordMatch, WordMatcher};
pub use lexicon::{
    leftmost_longest_per_kind, Lexicon, Meaning, MeaningKind, TaskField, Unit, WordHit,
};

use std::collections::BTreeMap;

use crate::model::{MetricKind, Num, Status};

/// The built-in configuration file, with comments.
pub const DEFAULT_CONFIG_YAML: &str = include_str!("config/default.yaml");

/// [`DEFAULT_CONFIG_YAML`] as JSON, converted by `build.rs`: quicker to read at every start.
const DEFAULT_CONFIG_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/default-config.json"));

/// Largest YAML document (front matter or configuration) parsed, in bytes.
pub const MAX_YAML_BYTES: usize = 256 * 1024;

/// How week numbers are counted.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, serde::Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum WeekNumbering {
    /// Week 1 is the Monday-to-Sunday week holding 1 January.
    #[default]
    Jan1,
    /// ISO 8601 weeks.
    Iso,
}

/// The role of a section, decided by its heading (the vocabulary names the first nine).
pub use crate::model::SectionRole;

/// What a date phrase says about the date next to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DateCue {
    /// The date is a due date.
    Due,
    /// The due date moved to this date (the item is delayed).
    Moved,
    /// The item was done on this date.
    Done,
    /// A launch: done if not after the note's date, else due.
    Launch,
}

/// A column of a KPI table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TableColumn {
    /// The metric's (or project's) name.
    Name,
    /// Its value.
    Value,
    /// Its target.
    Target,
    /// Its value the week before.
    Previous,
    /// A remark, read for nothing.
    Comment,
}

/// A label inside a stability event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventLabel {
    /// `原因：`
    Cause,
    /// `处置：`
    Action,
    /// `影响…`
    Impact,
    /// `…恢复`
    Recovered,
}

/// Why a configuration could not be used: where it came from, and what is wrong.
#[derive(Debug, thiserror::Error)]
#[error("invalid configuration in `{origin}`: {problem}")]
pub struct ConfigError {
    /// Where the configuration came from (a path, or `built-in configuration`).
    pub origin: String,
    /// What is wrong.
    pub problem: ConfigProblem,
}

/// What is wrong with a configuration, naming the key.
#[derive(Debug, thiserror::Error)]
pub enum ConfigProblem {
    /// The file is not YAML of the configuration's shape (an unknown key, a wrong type).
    #[error("{0}")]
    Yaml(String),
    /// The file is larger than any configuration.
    #[error("it is {size} bytes, more than the {limit}-byte limit")]
    TooLarge {
        /// Its size.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// A threshold that is none.
    #[error("thresholds.{metric}: {}", threshold_problem(written))]
    Threshold {
        /// The metric.
        metric: String,
        /// The threshold as written.
        written: String,
    },
    /// An availability objective that is no percentage.
    #[error("slo.availability: {0} must be a percentage between 0 and 100 (like 99.99)")]
    Slo(Num),
    /// A required section that is no section role.
    #[error("required_sections.{kind}: `{name}` is not a section; use progress, metrics, events, others, reflections, next_week, tomorrow, risks or daily_links")]
    RequiredSection {
        /// `weekly` or `daily`.
        kind: &'static str,
        /// The name as written.
        name: String,
    },
    /// `max_note_bytes: 0`.
    #[error("max_note_bytes: must be more than 0")]
    MaxNoteBytes,
    /// A time zone that is none.
    #[error("timezone: `{0}` is not a time zone; write an IANA name like Asia/Shanghai or UTC")]
    Timezone(String),
    /// A vocabulary list with an entry of the wrong form.
    #[error(transparent)]
    Vocabulary(#[from] lexicon::VocabularyProblem),
}

/// Why a written threshold is none: a decimal comma, or another form.
fn threshold_problem(written: &str) -> String {
    if written.contains([',', '\u{FF0C}']) {
        format!(
            "`{written}` has a comma; write the decimal with a point and no thousands separator (`{}`)",
            written.replace([',', '\u{FF0C}'], ".")
        )
    } else {
        format!("`{written}` is not a threshold; write it like `>= 99.9`")
    }
}

/// Why a YAML document could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum YamlError {
    /// It is larger than [`MAX_YAML_BYTES`].
    #[error("it is {size} bytes, more than the {limit}-byte limit")]
    TooLarge {
        /// Its size.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// The parser's report, with line and column (`<input>` for the document).
    #[error("{0}")]
    Invalid(String),
}

/// The JSON Schema of `weekly-report.yaml`, generated from [`ConfigFile`] (editors complete
/// and validate keys with it; `weekly-report config --schema` prints it).
pub fn json_schema() -> serde_json::Value {
    let mut schema = serde_json::to_value(schemars::schema_for!(ConfigFile))
        .expect("a generated schema is JSON");
    if let Some(object) = schema.as_object_mut() {
        object.insert(
            "title".into(),
            serde_json::Value::String("weekly-report.yaml".into()),
        );
    }
    schema
}

/// The configuration file's shape. Every field is optional; lists extend the built-in ones.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    /// See [`WeekNumbering`].
    pub week_numbering: Option<WeekNumbering>,
    /// Keep the built-in vocabulary (default) or replace it.
    pub builtin_vocabulary: Option<bool>,
    /// Words and phrases.
    #[serde(default)]
    pub vocabulary: VocabularyFile,
    /// Metric thresholds by metric name: `出金有效成功率: ">= 99.9"`.
    #[serde(default)]
    pub thresholds: BTreeMap<String, String>,
    /// Service level objectives.
    pub slo: Option<SloFile>,
    /// Lint rule severities by rule id or name: `ratio-mismatch: error`, `WR011: off`.
    #[serde(default)]
    pub rules: BTreeMap<String, RuleLevel>,
    /// Sections a note must have, by note kind (role names as in `vocabulary.sections`).
    pub required_sections: Option<RequiredSectionsFile>,
    /// The largest note read, in bytes; a bigger file is an error naming it.
    pub max_note_bytes: Option<u64>,
    /// The team's time zone, an IANA name (`Asia/Shanghai`): what "today" is for `draft` and
    /// `new` [default: the machine's local zone].
    pub timezone: Option<String>,
}

/// How seriously a lint rule's findings are taken.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Deserialize,
    serde::Serialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum RuleLevel {
    /// The rule does not run.
    Off,
    /// Reported, never fails a run.
    Info,
    /// Reported; fails a run only with `--fail-level warning`.
    Warning,
    /// Reported and fails the run (exit code 1).
    Error,
}

/// Required sections by note kind, as written in the configuration file.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RequiredSectionsFile {
    /// For weekly notes.
    pub weekly: Option<Vec<String>>,
    /// For daily notes.
    pub daily: Option<Vec<String>>,
}

/// Service level objectives, as written in the configuration file.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SloFile {
    /// Availability objective in percent (`99.99`), for the error budget.
    pub availability: Option<Num>,
}

pub use crate::model::Comparison;

/// A threshold on a metric: `出金有效成功率 >= 99.9`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Threshold {
    /// The metric's name.
    pub metric: String,
    /// How the value must compare.
    pub op: Comparison,
    /// The bound.
    pub value: Num,
}

impl Threshold {
    /// Parses `">= 99.9"` (also `≥ 99.9`, `> 99.9`, `<= 200`, `< 200`; a bare number means `>=`).
    /// A comma is refused: `99,9` is a decimal comma to some and a thousands separator to the
    /// number parser, and a threshold must never be read as another number than was meant.
    pub fn parse(metric: &str, text: &str) -> Option<Threshold> {
        if text.contains([',', '，']) {
            return None;
        }
        let t = text.trim();
        let (op, rest) = [
            (">=", Comparison::AtLeast),
            ("≥", Comparison::AtLeast),
            ("<=", Comparison::AtMost),
            ("≤", Comparison::AtMost),
            (">", Comparison::Above),
            ("<", Comparison::Below),
        ]
        .iter()
        .find_map(|(s, op)| t.strip_prefix(s).map(|r| (*op, r)))
        .unwrap_or((Comparison::AtLeast, t));
        let value = Num::parse(rest.trim().trim_end_matches('%'))?;
        Some(Threshold {
            metric: metric.to_string(),
            op,
            value,
        })
    }

    /// Whether `value` satisfies the threshold.
    pub fn holds(&self, value: Num) -> bool {
        self.op.holds(value, self.value)
    }
}

impl std::fmt::Display for Threshold {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let op = match self.op {
            Comparison::AtLeast => ">=",
            Comparison::Above => ">",
            Comparison::AtMost => "<=",
            Comparison::Below => "<",
        };
        write!(f, "{op} {}", self.value)
    }
}

/// Vocabulary lists, as written in the configuration file.
#[allow(missing_docs)] // Each list is documented in `default.yaml`, which users read.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VocabularyFile {
    #[serde(default)]
    pub sections: SectionWords,
    #[serde(default)]
    pub metrics: MetricWords,
    #[serde(default)]
    pub table_columns: TableColumnWords,
    #[serde(default)]
    pub target_words: Vec<String>,
    #[serde(default)]
    pub progress_words: Vec<String>,
    #[serde(default)]
    pub metric_name_fillers: Vec<String>,
    #[serde(default)]
    pub incidents: IncidentWords,
    #[serde(default)]
    pub statuses: StatusWords,
    #[serde(default)]
    pub dates: DateWords,
    #[serde(default)]
    pub events: EventWords,
    #[serde(default)]
    pub values: ValueWords,
    #[serde(default)]
    pub calendar: CalendarWords,
    #[serde(default)]
    pub tasks: TaskWords,
    #[serde(default)]
    pub labels: LabelWords,
    #[serde(default)]
    pub section_statuses: SectionStatusWords,
    #[serde(default)]
    pub health: HealthWords,
    #[serde(default)]
    pub note_kinds: NoteKindWords,
    #[serde(default)]
    pub writing: writing::WritingWords,
}

/// Words that say what kind of note it is.
#[allow(missing_docs)]
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NoteKindWords {
    #[serde(default)]
    pub daily: Vec<String>,
    #[serde(default)]
    pub weekly: Vec<String>,
}

/// Headings whose items have a status unless their words say another.
#[allow(missing_docs)]
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SectionStatusWords {
    #[serde(default)]
    pub done: Vec<String>,
    #[serde(default)]
    pub in_progress: Vec<String>,
    #[serde(default)]
    pub planned: Vec<String>,
    #[serde(default)]
    pub blocked: Vec<String>,
}

/// Red-amber-green health words.
#[allow(missing_docs)]
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HealthWords {
    #[serde(default)]
    pub green: Vec<String>,
    #[serde(default)]
    pub amber: Vec<String>,
    #[serde(default)]
    pub red: Vec<String>,
}

/// Field labels by the field they name.
#[allow(missing_docs)]
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LabelWords {
    #[serde(default)]
    pub created: Vec<String>,
    #[serde(default)]
    pub date: Vec<String>,
    #[serde(default)]
    pub period: Vec<String>,
    #[serde(default)]
    pub owner: Vec<String>,
    #[serde(default)]
    pub collaborator: Vec<String>,
    #[serde(default)]
    pub waiting_on: Vec<String>,
    #[serde(default)]
    pub due: Vec<String>,
    #[serde(default)]
    pub expected: Vec<String>,
    #[serde(default)]
    pub done: Vec<String>,
    #[serde(default)]
    pub start: Vec<String>,
    #[serde(default)]
    pub status: Vec<String>,
    #[serde(default)]
    pub progress: Vec<String>,
    #[serde(default)]
    pub health: Vec<String>,
    #[serde(default)]
    pub priority: Vec<String>,
    #[serde(default)]
    pub grade: Vec<String>,
    #[serde(default)]
    pub when: Vec<String>,
    #[serde(default)]
    pub detected: Vec<String>,
    #[serde(default)]
    pub ended: Vec<String>,
    #[serde(default)]
    pub duration: Vec<String>,
    #[serde(default)]
    pub confidence: Vec<String>,
    #[serde(default)]
    pub current: Vec<String>,
    #[serde(default)]
    pub summary: Vec<String>,
    #[serde(default)]
    pub action_items: Vec<String>,
}

/// A field a label names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[allow(missing_docs)] // Each is the list of `vocabulary.labels` it comes from.
pub enum Field {
    Created,
    Date,
    Period,
    Owner,
    Collaborator,
    WaitingOn,
    Expected,
    Due,
    Done,
    Start,
    Status,
    Progress,
    Health,
    Priority,
    Grade,
    When,
    Detected,
    Ended,
    Duration,
    Confidence,
    Current,
    Summary,
    ActionItems,
}

/// Obsidian Tasks signifiers by the field they set.
#[allow(missing_docs)]
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TaskWords {
    #[serde(default)]
    pub due: Vec<String>,
    #[serde(default)]
    pub scheduled: Vec<String>,
    #[serde(default)]
    pub start: Vec<String>,
    #[serde(default)]
    pub done: Vec<String>,
    #[serde(default)]
    pub created: Vec<String>,
    #[serde(default)]
    pub cancelled: Vec<String>,
    #[serde(default)]
    pub priority_highest: Vec<String>,
    #[serde(default)]
    pub priority_high: Vec<String>,
    #[serde(default)]
    pub priority_medium: Vec<String>,
    #[serde(default)]
    pub priority_low: Vec<String>,
    #[serde(default)]
    pub priority_lowest: Vec<String>,
}

/// How values are written: units, multipliers and the words around numbers.
#[allow(missing_docs)]
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ValueWords {
    /// Canonical unit → the ways it is written after a number.
    #[serde(default)]
    pub units: BTreeMap<String, Vec<String>>,
    /// Canonical unit of time → its length in seconds.
    #[serde(default)]
    pub duration_seconds: BTreeMap<String, Num>,
    /// Canonical unit → signs written before a number.
    #[serde(default)]
    pub currency_before: BTreeMap<String, Vec<String>>,
    /// Factor (as a number) → the ways it is written after a number.
    #[serde(default)]
    pub multipliers: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub approximate: Vec<String>,
    #[serde(default)]
    pub approximate_after: Vec<String>,
    /// `>=`, `<=`, `>` or `<` → the words that say it.
    #[serde(default)]
    pub comparators: BTreeMap<String, Vec<String>>,
    /// `<=` or `>=` → the words that say it after a figure (`1.5s 以内`).
    #[serde(default)]
    pub comparators_after: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub change_from: Vec<String>,
    #[serde(default)]
    pub change_to: Vec<String>,
    #[serde(default)]
    pub previous: Vec<String>,
    #[serde(default)]
    pub relative: Vec<String>,
    #[serde(default)]
    pub change_verbs: Vec<String>,
    #[serde(default)]
    pub symptom: Vec<String>,
    #[serde(default)]
    pub zero: Vec<String>,
    #[serde(default)]
    pub names_before: Vec<String>,
    #[serde(default)]
    pub names_after: Vec<String>,
    #[serde(default)]
    pub not_numbers: Vec<String>,
    #[serde(default)]
    pub nobody: Vec<String>,
    #[serde(default)]
    pub examples: Vec<String>,
    #[serde(default)]
    pub other_periods: Vec<String>,
    #[serde(default)]
    pub minutes_after_hours: Vec<String>,
    #[serde(default)]
    pub score: Vec<String>,
    #[serde(default)]
    pub as_of: Vec<String>,
}

/// Calendar words: month and weekday names, parts of the day, time zones.
#[allow(missing_docs)]
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CalendarWords {
    /// Month number (1–12) → its names.
    #[serde(default)]
    pub months: BTreeMap<String, Vec<String>>,
    /// Weekday number (1 = Monday … 7 = Sunday) → its names.
    #[serde(default)]
    pub weekdays: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub this_week: Vec<String>,
    #[serde(default)]
    pub next_week: Vec<String>,
    #[serde(default)]
    pub last_week: Vec<String>,
    #[serde(default)]
    pub am: Vec<String>,
    #[serde(default)]
    pub pm: Vec<String>,
    #[serde(default)]
    pub noon: Vec<String>,
    #[serde(default)]
    pub hour: Vec<String>,
    #[serde(default)]
    pub half_hour: Vec<String>,
    #[serde(default)]
    pub next_day: Vec<String>,
    #[serde(default)]
    pub time_zones: Vec<String>,
}

/// Section headings by role.
#[allow(missing_docs)]
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SectionWords {
    #[serde(default)]
    pub progress: Vec<String>,
    #[serde(default)]
    pub metrics: Vec<String>,
    #[serde(default)]
    pub events: Vec<String>,
    #[serde(default)]
    pub others: Vec<String>,
    #[serde(default)]
    pub reflections: Vec<String>,
    #[serde(default)]
    pub next_week: Vec<String>,
    #[serde(default)]
    pub tomorrow: Vec<String>,
    #[serde(default)]
    pub risks: Vec<String>,
    #[serde(default)]
    pub daily_links: Vec<String>,
    #[serde(default)]
    pub today: Vec<String>,
}

/// Metric name words by kind.
#[allow(missing_docs)]
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MetricWords {
    #[serde(default)]
    pub success_rate: Vec<String>,
    #[serde(default)]
    pub availability: Vec<String>,
    #[serde(default)]
    pub throughput: Vec<String>,
    #[serde(default)]
    pub ratio: Vec<String>,
    #[serde(default)]
    pub count: Vec<String>,
    #[serde(default)]
    pub latency: Vec<String>,
    #[serde(default)]
    pub duration: Vec<String>,
}

/// KPI table header words.
#[allow(missing_docs)]
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TableColumnWords {
    #[serde(default)]
    pub name: Vec<String>,
    #[serde(default)]
    pub value: Vec<String>,
    #[serde(default)]
    pub target: Vec<String>,
    #[serde(default)]
    pub previous: Vec<String>,
    #[serde(default)]
    pub comment: Vec<String>,
    #[serde(default)]
    pub change: Vec<String>,
}

/// Incident words and grades.
#[allow(missing_docs)]
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IncidentWords {
    #[serde(default)]
    pub words: Vec<String>,
    #[serde(default)]
    pub grades: Vec<String>,
}

/// Status words by status.
#[allow(missing_docs)]
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusWords {
    #[serde(default)]
    pub planned: Vec<String>,
    #[serde(default)]
    pub in_progress: Vec<String>,
    #[serde(default)]
    pub testing: Vec<String>,
    #[serde(default)]
    pub done: Vec<String>,
    #[serde(default)]
    pub blocked: Vec<String>,
    #[serde(default)]
    pub delayed: Vec<String>,
}

/// Date phrase words by cue.
#[allow(missing_docs)]
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DateWords {
    #[serde(default)]
    pub due_before: Vec<String>,
    #[serde(default)]
    pub moved_before: Vec<String>,
    #[serde(default)]
    pub due_after: Vec<String>,
    #[serde(default)]
    pub done_after: Vec<String>,
    #[serde(default)]
    pub done_before: Vec<String>,
    #[serde(default)]
    pub launch_after: Vec<String>,
}

/// Stability event labels.
#[allow(missing_docs)]
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EventWords {
    #[serde(default)]
    pub cause: Vec<String>,
    #[serde(default)]
    pub action: Vec<String>,
    #[serde(default)]
    pub impact: Vec<String>,
    #[serde(default)]
    pub recovered: Vec<String>,
}

/// The configuration a run uses: the built-in defaults extended by the user's file.
#[derive(Debug)]
pub struct Config {
    /// How week numbers are counted.
    pub week_numbering: WeekNumbering,
    /// Metric thresholds, in metric-name order.
    pub thresholds: Vec<Threshold>,
    /// Availability objective in percent, for the error budget.
    pub slo_availability: Option<Num>,
    /// Rule severities set in the configuration, by rule id or name as written.
    pub rule_levels: BTreeMap<String, RuleLevel>,
    /// Section roles a weekly note must have.
    pub required_weekly: Vec<crate::model::SectionRole>,
    /// Section roles a daily note must have.
    pub required_daily: Vec<crate::model::SectionRole>,
    /// The largest note read, in bytes.
    pub max_note_bytes: u64,
    /// The team's time zone (`timezone:`), when set; else "today" is the machine's.
    pub timezone: Option<jiff::tz::TimeZone>,
    /// Words and phrases, compiled on first use.
    pub vocabulary: Vocabulary,
}

impl Config {
    /// The built-in configuration.
    pub fn builtin() -> Config {
        Config::resolve(
            ConfigFile::default(),
            builtin_file(),
            "built-in configuration",
        )
        .expect("the embedded default configuration is valid (tested)")
    }

    /// The built-in configuration extended by the YAML `text` read from `origin`.
    pub fn from_yaml(text: &str, origin: &str) -> Result<Config, ConfigError> {
        let user = parse_file(text, origin)?;
        Config::resolve(user, builtin_file(), origin)
    }

    fn resolve(user: ConfigFile, builtin: ConfigFile, origin: &str) -> Result<Config, ConfigError> {
        let invalid = |problem| ConfigError {
            origin: origin.to_string(),
            problem,
        };
        let keep_builtin = user
            .builtin_vocabulary
            .or(builtin.builtin_vocabulary)
            .unwrap_or(true);
        let week_numbering = user
            .week_numbering
            .or(builtin.week_numbering)
            .unwrap_or_default();
        // The user's words come first, so they win over built-in words with other meanings.
        let mut layers = vec![user.vocabulary];
        if keep_builtin {
            layers.push(builtin.vocabulary);
        }
        let mut thresholds = Vec::new();
        for (metric, text) in user.thresholds.iter().chain(&builtin.thresholds) {
            let t = Threshold::parse(metric, text).ok_or_else(|| {
                invalid(ConfigProblem::Threshold {
                    metric: metric.clone(),
                    written: text.clone(),
                })
            })?;
            thresholds.push(t);
        }
        let slo_availability = user
            .slo
            .and_then(|s| s.availability)
            .or(builtin.slo.and_then(|s| s.availability));
        if let Some(slo) = slo_availability {
            if slo.0 <= rust_decimal::Decimal::ZERO || slo.0 >= rust_decimal::Decimal::ONE_HUNDRED {
                return Err(invalid(ConfigProblem::Slo(slo)));
            }
        }
        let required = |user: Option<Vec<String>>,
                        builtin: Option<Vec<String>>,
                        kind: &'static str|
         -> Result<Vec<crate::model::SectionRole>, ConfigError> {
            user.or(builtin)
                .unwrap_or_default()
                .iter()
                .map(|name| {
                    serde_json::from_value(serde_json::Value::String(name.clone())).map_err(|_| {
                        invalid(ConfigProblem::RequiredSection {
                            kind,
                            name: name.clone(),
                        })
                    })
                })
                .collect()
        };
        let (ur, br) = (
            user.required_sections.unwrap_or_default(),
            builtin.required_sections.unwrap_or_default(),
        );
        let required_weekly = required(ur.weekly, br.weekly, "weekly")?;
        let required_daily = required(ur.daily, br.daily, "daily")?;
        let mut rule_levels = builtin.rules;
        rule_levels.extend(user.rules);
        let max_note_bytes = user
            .max_note_bytes
            .or(builtin.max_note_bytes)
            .unwrap_or(crate::source::DEFAULT_MAX_NOTE_BYTES);
        if max_note_bytes == 0 {
            return Err(invalid(ConfigProblem::MaxNoteBytes));
        }
        let timezone = user
            .timezone
            .or(builtin.timezone)
            .map(|name| {
                jiff::tz::db()
                    .get(&name)
                    .map_err(|_| invalid(ConfigProblem::Timezone(name.clone())))
            })
            .transpose()?;
        Ok(Config {
            max_note_bytes,
            timezone,
            week_numbering,
            thresholds,
            slo_availability,
            rule_levels,
            required_weekly,
            required_daily,
            vocabulary: Vocabulary::compiled(layers, origin)?,
        })
    }
}

impl Config {
    /// The date it is at `now` (seconds since 1970, UTC) in the configured time zone, or in
    /// `local` (the machine's zone, as the caller reads it) when none is configured.
    pub fn today_at(&self, now: i64, local: NaiveDate) -> NaiveDate {
        let Some(tz) = &self.timezone else {
            return local;
        };
        jiff::Timestamp::from_second(now)
            .ok()
            .map(|t| t.to_zoned(tz.clone()).date())
            .and_then(|d| {
                NaiveDate::from_ymd_opt(
                    i32::from(d.year()),
                    u32::try_from(d.month()).ok()?,
                    u32::try_from(d.day()).ok()?,
                )
            })
            .unwrap_or(local)
    }
}

impl Default for Config {
    fn default() -> Self {
        Config::builtin()
    }
}

/// Options for every YAML document we parse (front matter and configuration): small budgets,
/// so an alias bomb or deep nesting is refused in milliseconds.
pub fn yaml_options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_depth: 32,
            max_nodes: 100_000,
            max_events: 200_000,
            max_aliases: 1_000,
            max_anchors: 1_000,
            max_total_scalar_bytes: MAX_YAML_BYTES,
            flow_nesting_limit: 32,
            max_documents: 1,
        },
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: 100_000,
            max_replay_stack_depth: 16,
        },
    }
}

/// Parses a YAML document under [`yaml_options`], capped at [`MAX_YAML_BYTES`].
pub fn parse_yaml<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    if text.len() > MAX_YAML_BYTES {
        return Err(YamlError::TooLarge {
            size: text.len(),
            limit: MAX_YAML_BYTES,
        });
    }
    // An empty file is an empty mapping.
    let text = if text.trim().is_empty() { "{}" } else { text };
    serde_saphyr::from_str_with_options(text, yaml_options())
        .map_err(|e| YamlError::Invalid(e.to_string()))
}

/// The built-in configuration file, read from its JSON form.
fn builtin_file() -> ConfigFile {
    serde_json::from_str(DEFAULT_CONFIG_JSON)
        .expect("the embedded default configuration is valid (tested)")
}

fn parse_file(text: &str, origin: &str) -> Result<ConfigFile, ConfigError> {
    parse_yaml(text).map_err(|e| ConfigError {
        origin: origin.to_string(),
        problem: match e {
            YamlError::TooLarge { size, limit } => ConfigProblem::TooLarge { size, limit },
            // The parser's report starts with its own `error: ` and points at `<input>`: the
            // message says "error" once, and names the file.
            YamlError::Invalid(message) => ConfigProblem::Yaml(
                message
                    .strip_prefix("error: ")
                    .unwrap_or(&message)
                    .replace("<input>", origin),
            ),
        },
    })
}

/// The vocabulary, with each matcher compiled on first use.
#[derive(Debug)]
pub struct Vocabulary {
    /// The user's lists, then (unless replaced) the built-in ones.
    layers: Vec<VocabularyFile>,
    /// Every word of every list, for the lexer.
    lexicon: OnceLock<Lexicon>,
    sections: OnceLock<WordMatcher<SectionRole>>,
    metric_kinds: OnceLock<WordMatcher<MetricKind>>,
    table_columns: OnceLock<WordMatcher<TableColumn>>,
    targets: OnceLock<WordMatcher<()>>,
    progress: OnceLock<WordMatcher<()>>,
    fillers: OnceLock<WordMatcher<()>>,
    incident_words: OnceLock<WordMatcher<()>>,
    grades: OnceLock<WordMatcher<()>>,
    statuses: OnceLock<WordMatcher<Status>>,
    dates_before: OnceLock<WordMatcher<DateCue>>,
    dates_after: OnceLock<WordMatcher<DateCue>>,
    event_labels: OnceLock<WordMatcher<EventLabel>>,
    phrases: [OnceLock<writing::Phrases>; 2],
}

fn pairs<V: Copy>(list: &[String], v: V) -> impl Iterator<Item = (&str, V)> {
    list.iter().map(move |w| (w.as_str(), v))
}

type Pairs<'a, V> = Box<dyn Iterator<Item = (&'a str, V)> + 'a>;

impl Vocabulary {
    /// Wraps vocabulary layers, the first winning; nothing is compiled yet.
    pub fn new(layers: Vec<VocabularyFile>) -> Self {
        Vocabulary {
            layers,
            lexicon: OnceLock::new(),
            sections: OnceLock::new(),
            metric_kinds: OnceLock::new(),
            table_columns: OnceLock::new(),
            targets: OnceLock::new(),
            progress: OnceLock::new(),
            fillers: OnceLock::new(),
            incident_words: OnceLock::new(),
            grades: OnceLock::new(),
            statuses: OnceLock::new(),
            dates_before: OnceLock::new(),
            dates_after: OnceLock::new(),
            event_labels: OnceLock::new(),
            phrases: [OnceLock::new(), OnceLock::new()],
        }
    }

    /// Wraps vocabulary layers and compiles the lexicon now, so that a list that cannot be
    /// compiled (a comparator that is not one) is a configuration error naming `origin`.
    pub fn compiled(layers: Vec<VocabularyFile>, origin: &str) -> Result<Self, ConfigError> {
        let lexicon = Lexicon::new(&layers, origin)?;
        let vocabulary = Vocabulary::new(layers);
        let _ = vocabulary.lexicon.set(lexicon);
        Ok(vocabulary)
    }

    /// What `draft` and `new` write in `lang`: each phrase from the first layer that names
    /// it.
    pub fn phrases(&self, lang: writing::Lang) -> &writing::Phrases {
        let (slot, pick): (_, fn(&writing::WritingWords) -> &writing::PhrasesFile) = match lang {
            writing::Lang::Zh => (&self.phrases[0], |w| &w.zh),
            writing::Lang::En => (&self.phrases[1], |w| &w.en),
        };
        slot.get_or_init(|| writing::Phrases::resolve(self.layers.iter().map(|l| pick(&l.writing))))
    }

    /// The date formats a title may write its date in, the user's first.
    pub fn title_date_formats(&self) -> impl Iterator<Item = &str> {
        self.layers
            .iter()
            .flat_map(|l| &l.writing.title_date_formats)
            .map(String::as_str)
    }

    /// Whether `text` says there is nothing (`无`, `None.`): a whole-text match of the
    /// `writing.nothing` words, ignoring case and a final full stop.
    pub fn says_nothing(&self, text: &str) -> bool {
        // A final full stop, ASCII or ideographic (U+3002), is no part of the word.
        let said = text
            .trim()
            .trim_end_matches(['.', '\u{3002}'])
            .to_lowercase();
        self.layers
            .iter()
            .flat_map(|l| &l.writing.nothing)
            .any(|w| w.to_lowercase() == said)
    }

    /// Whether an event's action already says its impact (a word of `writing.impact_said`).
    pub fn mentions_impact(&self, text: &str) -> bool {
        self.layers
            .iter()
            .flat_map(|l| &l.writing.impact_said)
            .any(|w| text.contains(w.as_str()))
    }

    /// Every word of every list, compiled for the lexer.
    pub fn lexicon(&self) -> &Lexicon {
        self.lexicon.get_or_init(|| {
            Lexicon::new(&self.layers, "vocabulary")
                .expect("a vocabulary made without `compiled` has valid lists")
        })
    }

    /// The heading names of a section role, the user's first.
    pub fn section_names(&self, role: crate::model::SectionRole) -> Vec<String> {
        use crate::model::SectionRole as R;
        self.layers
            .iter()
            .flat_map(|l| {
                let s = &l.sections;
                match role {
                    R::Progress => s.progress.clone(),
                    R::Metrics => s.metrics.clone(),
                    R::Events => s.events.clone(),
                    R::Others => s.others.clone(),
                    R::Reflections => s.reflections.clone(),
                    R::NextWeek => s.next_week.clone(),
                    R::Tomorrow => s.tomorrow.clone(),
                    R::Risks => s.risks.clone(),
                    R::DailyLinks => s.daily_links.clone(),
                    R::Title | R::Objective | R::Subproject | R::Other => vec![],
                }
            })
            .collect()
    }

    /// Compiles a matcher from the pairs each layer gives, first layer first.
    fn build<V: Copy>(
        &self,
        each: impl for<'a> Fn(&'a VocabularyFile) -> Pairs<'a, V>,
    ) -> WordMatcher<V> {
        WordMatcher::new(self.layers.iter().flat_map(each))
    }

    /// Section heading words to roles.
    pub fn sections(&self) -> &WordMatcher<SectionRole> {
        self.sections.get_or_init(|| {
            self.build(|l| {
                let s = &l.sections;
                Box::new(
                    pairs(&s.progress, SectionRole::Progress)
                        .chain(pairs(&s.metrics, SectionRole::Metrics))
                        .chain(pairs(&s.events, SectionRole::Events))
                        .chain(pairs(&s.others, SectionRole::Others))
                        .chain(pairs(&s.reflections, SectionRole::Reflections))
                        .chain(pairs(&s.next_week, SectionRole::NextWeek))
                        .chain(pairs(&s.tomorrow, SectionRole::Tomorrow))
                        .chain(pairs(&s.risks, SectionRole::Risks))
                        .chain(pairs(&s.daily_links, SectionRole::DailyLinks)),
                )
            })
        })
    }

    /// Metric name words to kinds (in the order kinds are tried).
    pub fn metric_kinds(&self) -> &WordMatcher<MetricKind> {
        self.metric_kinds.get_or_init(|| {
            self.build(|l| {
                let m = &l.metrics;
                Box::new(
                    pairs(&m.success_rate, MetricKind::SuccessRate)
                        .chain(pairs(&m.availability, MetricKind::Availability))
                        .chain(pairs(&m.throughput, MetricKind::Throughput))
                        .chain(pairs(&m.ratio, MetricKind::Ratio))
                        .chain(pairs(&m.count, MetricKind::Count)),
                )
            })
        })
    }

    /// KPI table header words to columns.
    pub fn table_columns(&self) -> &WordMatcher<TableColumn> {
        self.table_columns.get_or_init(|| {
            self.build(|l| {
                let t = &l.table_columns;
                Box::new(
                    pairs(&t.value, TableColumn::Value)
                        .chain(pairs(&t.target, TableColumn::Target))
                        .chain(pairs(&t.name, TableColumn::Name)),
                )
            })
        })
    }

    /// Words that make a number a target.
    pub fn targets(&self) -> &WordMatcher<()> {
        self.targets
            .get_or_init(|| self.build(|l| Box::new(pairs(&l.target_words, ()))))
    }

    /// Words that make a percentage a progress figure.
    pub fn progress(&self) -> &WordMatcher<()> {
        self.progress
            .get_or_init(|| self.build(|l| Box::new(pairs(&l.progress_words, ()))))
    }

    /// Leading words dropped from metric names.
    pub fn fillers(&self) -> &WordMatcher<()> {
        self.fillers
            .get_or_init(|| self.build(|l| Box::new(pairs(&l.metric_name_fillers, ()))))
    }

    /// Words that make a line an incident count.
    pub fn incident_words(&self) -> &WordMatcher<()> {
        self.incident_words
            .get_or_init(|| self.build(|l| Box::new(pairs(&l.incidents.words, ()))))
    }

    /// Incident grades.
    pub fn grades(&self) -> &WordMatcher<()> {
        self.grades
            .get_or_init(|| self.build(|l| Box::new(pairs(&l.incidents.grades, ()))))
    }

    /// Status words to statuses.
    pub fn statuses(&self) -> &WordMatcher<Status> {
        self.statuses.get_or_init(|| {
            self.build(|l| {
                let s = &l.statuses;
                Box::new(
                    pairs(&s.planned, Status::Planned)
                        .chain(pairs(&s.in_progress, Status::InProgress))
                        .chain(pairs(&s.testing, Status::Testing))
                        .chain(pairs(&s.done, Status::Done))
                        .chain(pairs(&s.blocked, Status::Blocked))
                        .chain(pairs(&s.delayed, Status::Delayed)),
                )
            })
        })
    }

    /// Words before a date, to what they say of it.
    pub fn dates_before(&self) -> &WordMatcher<DateCue> {
        self.dates_before.get_or_init(|| {
            self.build(|l| {
                let d = &l.dates;
                Box::new(
                    pairs(&d.moved_before, DateCue::Moved)
                        .chain(pairs(&d.done_before, DateCue::Done))
                        .chain(pairs(&d.due_before, DateCue::Due)),
                )
            })
        })
    }

    /// Words after a date, to what they say of it.
    pub fn dates_after(&self) -> &WordMatcher<DateCue> {
        self.dates_after.get_or_init(|| {
            self.build(|l| {
                let d = &l.dates;
                Box::new(
                    pairs(&d.due_after, DateCue::Due)
                        .chain(pairs(&d.done_after, DateCue::Done))
                        .chain(pairs(&d.launch_after, DateCue::Launch)),
                )
            })
        })
    }

    /// Labels inside stability events.
    pub fn event_labels(&self) -> &WordMatcher<EventLabel> {
        self.event_labels.get_or_init(|| {
            self.build(|l| {
                let e = &l.events;
                Box::new(
                    pairs(&e.cause, EventLabel::Cause)
                        .chain(pairs(&e.action, EventLabel::Action))
                        .chain(pairs(&e.impact, EventLabel::Impact))
                        .chain(pairs(&e.recovered, EventLabel::Recovered)),
                )
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_json_is_the_built_in_yaml() {
        let from_yaml = parse_file(DEFAULT_CONFIG_YAML, "default.yaml").unwrap();
        assert_eq!(format!("{:?}", builtin_file()), format!("{from_yaml:?}"));
    }

    #[test]
    fn builtin_configuration_parses_and_compiles() {
        let config = Config::builtin();
        assert_eq!(config.week_numbering, WeekNumbering::Jan1);
        let v = &config.vocabulary;
        assert_eq!(
            *v.sections().find("上周进展").unwrap().meaning,
            SectionRole::Progress
        );
        assert_eq!(*v.statuses().find("已投产").unwrap().meaning, Status::Done);
        assert_eq!(
            *v.metric_kinds().find("支付系统年度可用性").unwrap().meaning,
            MetricKind::Availability
        );
        assert!(v.grades().is_match("SEV2"));
        assert!(v.event_labels().is_match("原因："));
        assert!(v.dates_before().is_match("计划"));
        assert!(v.dates_after().is_match("上线完毕"));
        assert!(
            v.targets().is_match("目标")
                && v.progress().is_match("进度")
                && v.fillers().is_match("当前")
        );
        assert!(v.incident_words().is_match("事故数"));
    }

    #[test]
    fn user_words_extend_and_override_the_builtin_ones() {
        let config = Config::from_yaml(
            "vocabulary:\n  statuses:\n    blocked: [完成]\n  sections:\n    metrics: [经营数据]\n",
            "weekly-report.yaml",
        )
        .unwrap();
        let v = &config.vocabulary;
        assert_eq!(*v.statuses().find("完成").unwrap().meaning, Status::Blocked);
        assert_eq!(*v.statuses().find("已投产").unwrap().meaning, Status::Done);
        assert_eq!(
            *v.sections().find("经营数据").unwrap().meaning,
            SectionRole::Metrics
        );
    }

    #[test]
    fn builtin_vocabulary_can_be_replaced() {
        let config = Config::from_yaml(
            "builtin_vocabulary: false\nvocabulary:\n  statuses:\n    done: [fertig]\n",
            "weekly-report.yaml",
        )
        .unwrap();
        assert!(config.vocabulary.statuses().find("已投产").is_none());
        assert!(config.vocabulary.statuses().find("fertig").is_some());
    }

    #[test]
    fn unknown_keys_are_refused_with_the_key_and_the_file() {
        let err = Config::from_yaml(
            "vocabulary:\n  statusses:\n    done: [x]\n",
            "notes/weekly-report.yaml",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("notes/weekly-report.yaml"), "{err}");
        assert!(err.contains("statusses"), "{err}");
    }

    #[test]
    fn week_numbering_can_be_iso() {
        let config = Config::from_yaml("week_numbering: iso\n", "x.yaml").unwrap();
        assert_eq!(config.week_numbering, WeekNumbering::Iso);
    }

    #[test]
    fn hostile_yaml_is_refused_quickly() {
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let prev = (b'a' + (i - 1) as u8) as char;
            let name = (b'a' + i as u8) as char;
            bomb.push_str(&format!("{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
        }
        assert!(parse_yaml::<serde_json::Value>(&bomb).is_err());
        let deep = format!("x: {}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(parse_yaml::<serde_json::Value>(&deep).is_err());
    }
}

#[cfg(test)]
mod timezone_tests {
    use super::*;

    #[test]
    fn today_is_the_date_in_the_configured_zone() {
        // 2023-07-27 20:00 UTC is 2023-07-28 04:00 in Shanghai.
        let now = 1_690_488_000;
        let local = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap();
        let shanghai = Config::from_yaml("timezone: Asia/Shanghai\n", "t.yaml").unwrap();
        assert_eq!(
            shanghai.today_at(now, local),
            NaiveDate::from_ymd_opt(2023, 7, 28).unwrap()
        );
        let utc = Config::from_yaml("timezone: UTC\n", "t.yaml").unwrap();
        assert_eq!(
            utc.today_at(now, local),
            NaiveDate::from_ymd_opt(2023, 7, 27).unwrap()
        );
        // Unset: the machine's date, as the caller read it.
        assert_eq!(Config::builtin().today_at(now, local), local);
    }

    #[test]
    fn an_unknown_zone_is_an_error_naming_the_key() {
        let err = Config::from_yaml("timezone: Mars/Olympus\n", "t.yaml").unwrap_err();
        assert!(
            err.to_string()
                .contains("timezone: `Mars/Olympus` is not a time zone"),
            "{err}"
        );
    }
}
