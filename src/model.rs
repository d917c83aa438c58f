//! The typed note: every fact `extract` finds in one weekly or daily note.
//!
//! Plain serde data with no I/O. Its JSON form (wrapped with a `schema_version` by
//! [`crate::render`]) is a public contract documented in `docs/json-schema.md`; change a field
//! only together with that page and [`SCHEMA_VERSION`].

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Version of the JSON shape of [`Note`]. Bumped on any incompatible change.
pub const SCHEMA_VERSION: u32 = 2;

/// A byte range in the decoded text of a note (UTF-8, BOM removed, line endings as `\n`).
///
/// Lines and columns are derived from it for display; see [`crate::parse::LineIndex`].
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub struct Span {
    /// First byte of the value.
    pub start: usize,
    /// One past the last byte of the value.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (bytes).
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
}

/// An exact decimal number as a person wrote it: `99.998` stays `99.998`.
///
/// Serialised as a JSON/YAML number: an integer when it has no fraction, else the shortest
/// float that reads back as the same decimal (exact for up to 15 significant digits, which is
/// every figure a note holds). Trailing zeros after the point are not kept (`99.90` → `99.9`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Num(pub Decimal);

impl Num {
    /// Parses an ASCII decimal such as `99.998`, `-3`, `1,234.5` (thousands separators allowed).
    pub fn parse(text: &str) -> Option<Num> {
        let cleaned: String = text.chars().filter(|c| *c != ',' && *c != '_').collect();
        Decimal::from_str(cleaned.trim()).ok().map(Num)
    }

    /// The value as `f64`, for charts and templates only (never for arithmetic on facts).
    pub fn to_f64(self) -> f64 {
        self.0.normalize().to_string().parse().unwrap_or(f64::NAN)
    }
}

impl From<Decimal> for Num {
    fn from(d: Decimal) -> Self {
        Num(d)
    }
}

impl From<i64> for Num {
    fn from(v: i64) -> Self {
        Num(Decimal::from(v))
    }
}

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0.normalize(), f)
    }
}

impl Serialize for Num {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let d = self.0.normalize();
        if d.scale() == 0 {
            if let Ok(i) = i64::try_from(d.mantissa()) {
                return serializer.serialize_i64(i);
            }
        }
        serializer.serialize_f64(self.to_f64())
    }
}

/// In the configuration's schema a number is written as a YAML number or a decimal string
/// (`99.99`, `"99.99"`), as its deserializer reads it.
impl schemars::JsonSchema for Num {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Decimal".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A decimal number, written as a number or a string (99.99, \"99.99\").",
            "type": ["number", "string"]
        })
    }
}

impl<'de> Deserialize<'de> for Num {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Num;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Num, E> {
                Ok(Num::from(v))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Num, E> {
                Ok(Num(Decimal::from(v)))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Num, E> {
                // Through the shortest text form, so 99.998_f64 becomes exactly 99.998.
                Num::parse(&v.to_string())
                    .ok_or_else(|| E::custom(format!("{v} is not a finite number")))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Num, E> {
                Num::parse(v).ok_or_else(|| E::custom(format!("`{v}` is not a number")))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// Whether a note is a weekly report (周报) or a daily note (日报).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoteKind {
    /// A weekly report.
    Weekly,
    /// A daily note.
    Daily,
}

/// A week as written in a title: `第28周 2023-07-08` is `{year: 2023, number: 28}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct WeekId {
    /// The year the week belongs to.
    pub year: i32,
    /// The week number as written (1–53).
    pub number: u32,
}

impl fmt::Display for WeekId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-W{:02}", self.year, self.number)
    }
}

/// One note turned into data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Note {
    /// The path the note was read from, as given (with `/` separators).
    pub path: String,
    /// Weekly or daily.
    pub kind: NoteKind,
    /// The first level-1 heading (or the front matter's `title`).
    pub title: Option<String>,
    /// The week named in the title (`第28周`, `Week 28`, `2023-W28`).
    pub week: Option<WeekId>,
    /// The note's date: from the title, else the front matter, else the file name.
    pub date: Option<NaiveDate>,
    /// The Notion `Created:` property, when present.
    pub created: Option<NaiveDateTime>,
    /// YAML front matter, when present, as a map.
    pub front_matter: Option<BTreeMap<String, serde_json::Value>>,
    /// Property lines at the top of the note (Notion's `Tags:`, `Status:`, `Owner:`), by
    /// their label as written.
    pub properties: BTreeMap<String, String>,
    /// KPI figures: success rates, availability, throughput, ratios, counts.
    pub metrics: Vec<Metric>,
    /// Incident counts by grade (`事故数AB级0次，CD级1次`).
    pub incidents: Option<Incidents>,
    /// Production stability events.
    pub events: Vec<Event>,
    /// Objectives (`O1`, `O2`, …) and their projects.
    pub objectives: Vec<Objective>,
    /// Progress items that belong to no objective (a daily note's 今日进展, for one).
    pub items: Vec<Item>,
    /// Next week's plans (下周工作及目标 / Next week).
    pub next_week: Vec<Item>,
    /// Tomorrow's plans in a daily note (明日计划 / Tomorrow).
    pub tomorrow: Vec<Item>,
    /// Problems and risks (问题与风险 / Risks).
    pub risks: Vec<Item>,
    /// The 其他 / Other section's items.
    pub others: Vec<Item>,
    /// The 收获与反思 / Reflections section: one entry per paragraph or list item.
    pub reflections: Vec<TextBlock>,
    /// Links to daily notes (日报合集 / Daily notes), Markdown or `[[wikilinks]]`.
    pub daily_links: Vec<DailyLink>,
    /// Tables of no kind the tool reads (not KPIs, projects, risks or incidents), kept as
    /// rows of cells for templates and queries.
    pub tables: Vec<TableData>,
    /// The note's headings in order, each with the role the tool gave it.
    pub sections: Vec<SectionInfo>,
    /// What the parser met and could not read. Parsing never stops at the first problem.
    pub diagnostics: Vec<Diagnostic>,
}

/// What a metric measures, decided from its name through the vocabulary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MetricKind {
    /// A success rate in percent (`入金有效成功率`).
    SuccessRate,
    /// Availability in percent (`支付系统年度可用性`).
    Availability,
    /// Throughput (`tps`, `qps`).
    Throughput,
    /// A latency or response time (`P99 延迟`, `p95 latency`).
    Latency,
    /// How long something takes (`MTTR`, `退款平均处理时长`).
    Duration,
    /// Another ratio in percent (`完成率`).
    Ratio,
    /// A plain count (`交易笔数`).
    Count,
    /// A figure in a metrics section that fits no other kind.
    Other,
}

/// One KPI figure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Metric {
    /// The metric's name as written, normalised (`出金有效成功率`).
    pub name: String,
    /// What it measures.
    pub kind: MetricKind,
    /// The value as written.
    pub value: Num,
    /// `%`, `tps`, `ms`, … as written (lower case); `None` for a bare number.
    pub unit: Option<String>,
    /// The target stated beside it (`目标50tps` → 50).
    pub target: Option<Num>,
    /// How the value must compare with the target, when written (`目标≥99.9%` → `>=`).
    pub comparator: Option<Comparison>,
    /// An earlier period's figure stated with it (`(上周 25%)`, `从1.8%降至1.2%` → 1.8).
    pub previous: Option<Num>,
    /// Written as approximate (`约3.4万`, `~1.8%`).
    pub approximate: bool,
    /// Counts stated beside a ratio (`一共179个…完成48个…完成率：26.97%` → 48 of 179).
    pub basis: Option<RatioBasis>,
    /// 1-based line of the value.
    pub line: u32,
    /// Where the metric (name to value) stands.
    pub span: Span,
}

impl Metric {
    /// Whether the value can be true: a percentage within 0–100. An impossible value stays in
    /// the note's data as written (with a diagnostic) but out of trends and charts.
    pub fn is_possible(&self) -> bool {
        self.unit.as_deref() != Some("%") || percent_is_possible(self.value)
    }
}

/// Whether a percentage lies within 0–100.
pub fn percent_is_possible(value: Num) -> bool {
    !value.0.is_sign_negative() && value.0 <= rust_decimal::Decimal::ONE_HUNDRED
}

/// How a value compares with a bound: a target's or a threshold's comparator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Comparison {
    /// `>=` / `≥`
    #[serde(rename = ">=")]
    AtLeast,
    /// `>`
    #[serde(rename = ">")]
    Above,
    /// `<=` / `≤`
    #[serde(rename = "<=")]
    AtMost,
    /// `<`
    #[serde(rename = "<")]
    Below,
}

impl Comparison {
    /// The comparison a symbol names: `>=`, `<=`, `>` or `<`.
    pub fn from_symbol(symbol: &str) -> Option<Comparison> {
        match symbol.trim() {
            ">=" => Some(Comparison::AtLeast),
            "<=" => Some(Comparison::AtMost),
            ">" => Some(Comparison::Above),
            "<" => Some(Comparison::Below),
            _ => None,
        }
    }

    /// Its symbol: `>=`, `<=`, `>` or `<`.
    pub fn symbol(self) -> &'static str {
        match self {
            Comparison::AtLeast => ">=",
            Comparison::Above => ">",
            Comparison::AtMost => "<=",
            Comparison::Below => "<",
        }
    }

    /// Whether `value` satisfies the comparison with `bound`.
    pub fn holds(self, value: Num, bound: Num) -> bool {
        match self {
            Comparison::AtLeast => value >= bound,
            Comparison::Above => value > bound,
            Comparison::AtMost => value <= bound,
            Comparison::Below => value < bound,
        }
    }
}

impl fmt::Display for Comparison {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.symbol())
    }
}

/// The part and the whole a stated ratio was computed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatioBasis {
    /// The part (`48`).
    pub part: Num,
    /// The whole (`179`).
    pub total: Num,
}

/// Incident counts by grade, from one or more lines of a note.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Incidents {
    /// Count per grade as written (`{"AB": 0, "CD": 1}`), ordered by grade.
    pub by_grade: BTreeMap<String, u32>,
    /// 1-based line of the first count.
    pub line: u32,
    /// Where the first count line stands.
    pub span: Span,
}

/// Where an event's impact figure came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImpactSource {
    /// Written in the note (`影响8分钟`).
    Stated,
    /// Computed from the event's time and a stated recovery time.
    Derived,
}

/// A production stability event (生产稳定性事件).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Its id, when written (`INC-3107`).
    pub id: Option<String>,
    /// When it started; the year is inferred from the note's date.
    pub at: Option<NaiveDateTime>,
    /// The time zone its times are written in, as written (`UTC`, `北京时间`, `+08:00`).
    pub timezone: Option<String>,
    /// When it was detected, if stated (`Detected: 08:47`, `发现时间：`).
    pub detected_at: Option<NaiveDateTime>,
    /// What happened: the event's text before its first label.
    pub summary: String,
    /// The text after `原因：` / `Cause:`.
    pub cause: Option<String>,
    /// The text after `处置：` / `Action:`.
    pub action: Option<String>,
    /// The grade named in the event text (`P1`, `C级`), if any.
    pub grade: Option<String>,
    /// Impact in minutes: stated, or derived from the recovery time.
    pub impact_minutes: Option<Num>,
    /// Whether `impact_minutes` was stated or derived.
    pub impact_source: Option<ImpactSource>,
    /// When service was restored, if stated.
    pub recovered_at: Option<NaiveDateTime>,
    /// For a derived impact, where the times it was computed from are written (left out of
    /// JSON when the impact is not derived).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub derived_from: Option<Derivation>,
    /// Follow-up actions listed with it (`Action items:`, `改进项：`).
    pub actions: Vec<ActionItem>,
    /// 1-based line of the event.
    pub line: u32,
    /// The whole event, with its cause and action paragraphs.
    pub span: Span,
}

/// Where a derived impact's times stand: `332` minutes from `11:21` (`from`) to `16:53` (`to`).
/// For a time range (`08:40–09:25`) both are the range's span.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Derivation {
    /// The start time as written.
    pub from: Span,
    /// The end (recovery) time as written.
    pub to: Span,
}

/// A follow-up action of an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActionItem {
    /// The action as written.
    pub text: String,
    /// Who does it (`@kwame`, `负责人：王磊`).
    pub owner: Option<String>,
    /// By when.
    pub due: Option<NaiveDate>,
    /// Checked off (`- [x]`).
    pub done: bool,
    /// 1-based line.
    pub line: u32,
    /// Where it stands.
    pub span: Span,
}

/// An objective (`【O1 服务业务】`) and its projects.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Objective {
    /// `O1`, `O2`, …
    pub code: String,
    /// The objective's name without the code and brackets (`服务业务`).
    pub title: String,
    /// 1-based line of its heading.
    pub line: u32,
    /// Its projects and items, in note order, as a tree.
    pub items: Vec<Item>,
    /// Where the heading stands.
    pub span: Span,
}

/// The state of a project or plan, from the status vocabulary.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Not started (待启动, planned).
    Planned,
    /// Being worked on (开发中, in progress).
    InProgress,
    /// Handed to testing (提测, in testing).
    Testing,
    /// Finished or launched (已投产, shipped).
    Done,
    /// Blocked or paused (阻塞, blocked).
    Blocked,
    /// Late or moved (延期, delayed).
    Delayed,
    /// No status word found.
    #[default]
    Unknown,
}

impl Status {
    /// Every status, in the order reports list them.
    pub const ALL: [Status; 7] = [
        Status::Planned,
        Status::InProgress,
        Status::Testing,
        Status::Done,
        Status::Blocked,
        Status::Delayed,
        Status::Unknown,
    ];

    /// The snake_case name used in JSON and config (`in_progress`).
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Planned => "planned",
            Status::InProgress => "in_progress",
            Status::Testing => "testing",
            Status::Done => "done",
            Status::Blocked => "blocked",
            Status::Delayed => "delayed",
            Status::Unknown => "unknown",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A project, sub-project or plan item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    /// The key that follows a project across weeks: the text before the first `，：,:`,
    /// normalised (`小贝帮帮项目`).
    pub name: String,
    /// The item's own text as written (its paragraphs joined by newlines).
    pub text: String,
    /// From the status vocabulary; the first clause's status wins.
    pub status: Status,
    /// Progress in percent (`开发进度 85%`).
    pub progress: Option<Num>,
    /// Planned date (`计划7/13上线`, `planned launch 3/15`).
    pub due: Option<NaiveDate>,
    /// Date it was done (`7/6上线完毕`, `shipped 3/6`).
    pub done_on: Option<NaiveDate>,
    /// The due date it had before, when the note says it moved (`6/28 (was 6/21)`,
    /// `延期至6月14日（原6月7日）`).
    pub previous_due: Option<NaiveDate>,
    /// Who owns it (`@王思远`, `负责人：陈楠`, an Owner column, `(owner:: Priya)`).
    pub owner: Option<String>,
    /// Red-amber-green health (`🟢`, `Amber`, `风险`), apart from the workflow status.
    pub health: Option<Health>,
    /// An OKR key result's confidence (`信心指数 6/10`).
    pub confidence: Option<Confidence>,
    /// `#tags`, without the `#`.
    pub tags: Vec<String>,
    /// Nested items, and one child per clause when `；` joins clauses that each carry facts.
    pub children: Vec<Item>,
    /// 1-based line of the item.
    pub line: u32,
    /// Where the item's own text stands.
    pub span: Span,
}

/// Red-amber-green health of a project.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Health {
    /// On track (`Green`, `🟢`, `正常`).
    Green,
    /// At risk (`Amber`, `Yellow`, `🟡`, `风险`).
    Amber,
    /// Off track (`Red`, `🔴`).
    Red,
}

/// A confidence score out of a whole (`6/10`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Confidence {
    /// The score.
    pub value: Num,
    /// Out of.
    pub out_of: Num,
}

/// A table of no kind the tool reads, as rows of cell texts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableData {
    /// Header cells.
    pub header: Vec<String>,
    /// Body rows.
    pub rows: Vec<Vec<String>>,
    /// 1-based line of the header.
    pub line: u32,
    /// Where the table stands.
    pub span: Span,
}

/// What a heading was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionRole {
    /// The title (or a repeated title, as Notion exports write it).
    Title,
    /// Last week's / today's progress.
    Progress,
    /// KPI figures.
    Metrics,
    /// Production stability events.
    Events,
    /// Other work.
    Others,
    /// Reflections.
    Reflections,
    /// Next week's plans.
    NextWeek,
    /// Tomorrow's plans.
    Tomorrow,
    /// Problems and risks.
    Risks,
    /// Links to daily notes.
    DailyLinks,
    /// An objective (`O1 …`).
    Objective,
    /// A sub-project of an objective (`A. …`).
    Subproject,
    /// A heading the vocabulary does not name (its items belong to no objective).
    Other,
}

impl SectionRole {
    /// The snake_case name, as the configuration and JSON write it (`next_week`).
    pub fn name(self) -> &'static str {
        match self {
            SectionRole::Title => "title",
            SectionRole::Progress => "progress",
            SectionRole::Metrics => "metrics",
            SectionRole::Events => "events",
            SectionRole::Others => "others",
            SectionRole::Reflections => "reflections",
            SectionRole::NextWeek => "next_week",
            SectionRole::Tomorrow => "tomorrow",
            SectionRole::Risks => "risks",
            SectionRole::DailyLinks => "daily_links",
            SectionRole::Objective => "objective",
            SectionRole::Subproject => "subproject",
            SectionRole::Other => "other",
        }
    }
}

/// One heading of a note.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SectionInfo {
    /// The heading's text as written.
    pub heading: String,
    /// Its level (1–6; one below its section's for a heading written without `#`).
    pub level: u8,
    /// Written without `#`: a bold paragraph or a label line (`**Yesterday**`, `其他:`).
    pub pseudo: bool,
    /// What it was read as.
    pub role: SectionRole,
    /// 1-based line.
    pub line: u32,
    /// Where the heading's text stands.
    pub span: Span,
}

/// A paragraph or list item kept as text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TextBlock {
    /// The text as written.
    pub text: String,
    /// 1-based line where it starts.
    pub line: u32,
    /// Where it stands.
    pub span: Span,
}

/// A link to a daily note.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DailyLink {
    /// The link text (`2023/07/03 周一`).
    pub text: String,
    /// The URL-decoded target (`2023-07-03 周一_dtMuCKJNdfq3ynVd5DE9zv.md`).
    pub target: String,
    /// The daily note's date, from the link text or the target.
    pub date: Option<NaiveDate>,
    /// 1-based line of the link.
    pub line: u32,
    /// Where the link stands.
    pub span: Span,
}

/// How serious a parser diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Worth knowing; nothing was lost (the note was GB18030, say).
    Info,
    /// A value could not be read or is impossible; it was left out or kept as written.
    Warning,
    /// Part of the note could not be read at all.
    Error,
}

/// What a parser diagnostic is about: a stable kebab-case code (`invalid-date`, …), shown in
/// `parse --format json` and `explain`, and turned into findings by the lint rule that lists it
/// in [`crate::lint::Rule::diagnostics`] (a test checks that every code has exactly one rule).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DiagnosticCode {
    /// A written date that is no date (`2月30日`), or a title or file date that is impossible.
    InvalidDate,
    /// A written time that is no time (`25:10`).
    InvalidTime,
    /// A week number with nothing to give it a year (no date in the title or file name).
    MissingDate,
    /// A figure outside what it can be (progress above 100%, a negative count).
    ValueOutOfRange,
    /// Front matter that is not YAML, or not a mapping.
    InvalidFrontMatter,
    /// Lists nested deeper than the parser keeps.
    NestingTooDeep,
    /// An event whose recovery time is before it began.
    RecoveryBeforeEvent,
    /// One incident grade counted twice in a note (the last count is kept).
    DuplicateIncidentGrade,
    /// A note that was GB18030, decoded.
    Gb18030Decoded,
    /// A 12-hour time with no morning or afternoon.
    AmbiguousTime,
}

impl DiagnosticCode {
    /// Every code, in the order they are documented.
    pub const ALL: [DiagnosticCode; 10] = [
        DiagnosticCode::InvalidDate,
        DiagnosticCode::InvalidTime,
        DiagnosticCode::MissingDate,
        DiagnosticCode::ValueOutOfRange,
        DiagnosticCode::InvalidFrontMatter,
        DiagnosticCode::NestingTooDeep,
        DiagnosticCode::RecoveryBeforeEvent,
        DiagnosticCode::DuplicateIncidentGrade,
        DiagnosticCode::Gb18030Decoded,
        DiagnosticCode::AmbiguousTime,
    ];

    /// The code as written in JSON and messages (`invalid-date`).
    pub const fn as_str(self) -> &'static str {
        match self {
            DiagnosticCode::InvalidDate => "invalid-date",
            DiagnosticCode::InvalidTime => "invalid-time",
            DiagnosticCode::MissingDate => "missing-date",
            DiagnosticCode::ValueOutOfRange => "value-out-of-range",
            DiagnosticCode::InvalidFrontMatter => "invalid-front-matter",
            DiagnosticCode::NestingTooDeep => "nesting-too-deep",
            DiagnosticCode::RecoveryBeforeEvent => "recovery-before-event",
            DiagnosticCode::DuplicateIncidentGrade => "duplicate-incident-grade",
            DiagnosticCode::Gb18030Decoded => "gb18030-decoded",
            DiagnosticCode::AmbiguousTime => "ambiguous-time",
        }
    }
}

impl std::fmt::Display for DiagnosticCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Something the parser met and could not read, with where it stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// What it is about.
    pub code: DiagnosticCode,
    /// How serious it is.
    pub severity: Severity,
    /// What is wrong, in the user's terms, lower case, no final period.
    pub message: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
    /// The bytes it is about.
    pub span: Span,
}

impl Note {
    /// Every item of the note, depth first in note order: objectives' items, loose items,
    /// plans, risks and others.
    pub fn all_items(&self) -> impl Iterator<Item = &Item> {
        let roots = self
            .objectives
            .iter()
            .flat_map(|o| o.items.iter())
            .chain(&self.items)
            .chain(&self.next_week)
            .chain(&self.tomorrow)
            .chain(&self.risks)
            .chain(&self.others);
        roots.flat_map(Item::walk)
    }

    /// The items that report work: objectives' projects and loose progress items (a daily
    /// note's 今日进展), depth first; not plans, risks or others.
    pub fn progress_items(&self) -> impl Iterator<Item = &Item> {
        self.objectives
            .iter()
            .flat_map(|o| o.items.iter())
            .chain(&self.items)
            .flat_map(Item::walk)
    }
}

impl Item {
    /// This item and all its descendants, depth first, without recursion.
    pub fn walk(&self) -> impl Iterator<Item = &Item> {
        let mut stack = vec![self];
        std::iter::from_fn(move || {
            let item = stack.pop()?;
            stack.extend(item.children.iter().rev());
            Some(item)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn num_serialises_as_written_digits() {
        let v = |s: &str| serde_json::to_string(&Num::parse(s).unwrap()).unwrap();
        assert_eq!(v("99.998"), "99.998");
        assert_eq!(v("20"), "20");
        assert_eq!(v("99.00"), "99");
        assert_eq!(v("0.1"), "0.1");
        assert_eq!(v("1,234.5"), "1234.5");
    }

    #[test]
    fn num_reads_back_exactly() {
        let n: Num = serde_json::from_str("99.998").unwrap();
        assert_eq!(n, Num::parse("99.998").unwrap());
        assert_eq!(n.to_string(), "99.998");
    }

    #[test]
    fn item_walk_is_depth_first_in_order() {
        let leaf = |name: &str| Item {
            name: name.into(),
            text: name.into(),
            status: Status::Unknown,
            progress: None,
            due: None,
            done_on: None,
            previous_due: None,
            owner: None,
            health: None,
            confidence: None,
            tags: vec![],
            children: vec![],
            line: 1,
            span: Span::default(),
        };
        let mut root = leaf("a");
        let mut b = leaf("b");
        b.children.push(leaf("c"));
        root.children = vec![b, leaf("d")];
        let names: Vec<_> = root.walk().map(|i| i.name.as_str()).collect();
        assert_eq!(names, ["a", "b", "c", "d"]);
    }
}
