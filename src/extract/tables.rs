//! Tables are data: a table's kind comes from its header cells, read through the vocabulary.
//!
//! - **KPI tables** (`指标 | 本周 | 上周 | 目标`, `Service | SLO | Measured | Error budget
//!   remaining`): one metric per row, a previous-week column as its previous value (never
//!   this week's), a target column as its target with its comparator, and any other column
//!   of figures as a metric of its own (`edge-proxy Error budget remaining`);
//! - **project tables** (`项目名称 | 负责人 | 完成度 | 当前状态 | 计划上线`, `Workstream | Lead |
//!   RAG | Progress | Due`): one item per row with owner, progress, status, due and health;
//! - **risk tables** (in a risks section, or a `Description` column with an owner or due);
//! - **incident tables** (`发生时间 | 等级 | 影响 | 根因 | 持续时长`): one event per row.
//!
//! A table of no kind is kept as rows of cells ([`crate::model::TableData`]).

use crate::config::{EventLabel, Field, Meaning, MeaningKind, SectionRole, TableColumn};
use crate::model::{
    DiagnosticCode, Event, ImpactSource, Item, Metric, MetricKind, Note, Status, TableData,
};
use crate::parse::{Inline, Table};

use super::lexer::Kind;
use super::text::{collapse_spaces, trim_clause, Norm};
use super::{lines_of, Ctx, Line};

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Name,
    Value,
    Target,
    Previous,
    Owner,
    Status,
    Progress,
    Due,
    Expected,
    Done,
    Health,
    Grade,
    When,
    Duration,
    Impact,
    Cause,
    Action,
    Summary,
    Comment,
    /// A header the vocabulary does not name.
    Other,
}

/// The column a header cell names: the vocabulary word that is the whole cell, else the
/// longest one in it.
fn column_of(ctx: &Ctx<'_>, header: &Inline) -> Column {
    let text = Norm::text_of(header.text.trim());
    let text = text.trim_matches(|c: char| c.is_whitespace() || matches!(c, '*' | ':' | '#'));
    if text.is_empty() {
        return Column::Other;
    }
    let hits = ctx.lexicon.words(text);
    let whole = |h: &crate::config::WordHit| h.range.0 == 0 && h.range.1 == text.len();
    let best = hits
        .iter()
        .filter_map(|h| column_meaning(h.meaning).map(|c| (h, c)))
        // `本周进展` is no value column: a value or name column is the whole header.
        .filter(|(h, c)| whole(h) || !matches!(c, Column::Value | Column::Name | Column::Previous))
        .max_by_key(|(h, _)| (whole(h), h.range.1 - h.range.0))
        .map(|(_, c)| c);
    best.unwrap_or(Column::Other)
}

fn column_meaning(m: Meaning) -> Option<Column> {
    Some(match m {
        Meaning::Column(TableColumn::Name) => Column::Name,
        Meaning::Column(TableColumn::Value) => Column::Value,
        Meaning::Column(TableColumn::Target) => Column::Target,
        Meaning::Column(TableColumn::Previous) => Column::Previous,
        Meaning::Column(TableColumn::Comment) => Column::Comment,
        Meaning::Target => Column::Target,
        Meaning::Label(f) => match f {
            Field::Owner => Column::Owner,
            Field::Status => Column::Status,
            Field::Progress => Column::Progress,
            Field::Due => Column::Due,
            Field::Expected => Column::Expected,
            Field::Done => Column::Done,
            Field::Health => Column::Health,
            Field::Grade => Column::Grade,
            Field::When | Field::Start => Column::When,
            Field::Duration => Column::Duration,
            Field::Summary => Column::Summary,
            Field::Current => Column::Value,
            _ => return None,
        },
        Meaning::EventLabel(EventLabel::Impact) => Column::Impact,
        Meaning::EventLabel(EventLabel::Cause) => Column::Cause,
        Meaning::EventLabel(EventLabel::Action) => Column::Action,
        Meaning::Previous => Column::Previous,
        _ => return None,
    })
}

/// What kind of table it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TableKind {
    Kpi,
    Projects,
    Risks,
    Incidents,
    Unknown,
}

fn kind_of(columns: &[Column], role: SectionRole) -> TableKind {
    let has = |c: Column| columns.contains(&c);
    let event_cols = [
        Column::When,
        Column::Grade,
        Column::Duration,
        Column::Cause,
        Column::Impact,
    ]
    .iter()
    .filter(|c| has(**c))
    .count();
    let project_cols = [
        Column::Owner,
        Column::Status,
        Column::Progress,
        Column::Due,
        Column::Health,
    ]
    .iter()
    .filter(|c| has(**c))
    .count();
    if event_cols >= 2 && (has(Column::When) || has(Column::Grade)) {
        TableKind::Incidents
    } else if role == SectionRole::Risks && (project_cols > 0 || has(Column::Summary))
        || has(Column::Summary)
            && (has(Column::Owner) || has(Column::Due))
            && !has(Column::Progress)
    {
        TableKind::Risks
    } else if project_cols >= 1 && !has(Column::Value) && columns.len() >= 2 {
        TableKind::Projects
    } else if has(Column::Value) || (role == SectionRole::Metrics && columns.len() >= 2) {
        TableKind::Kpi
    } else {
        TableKind::Unknown
    }
}

/// Reads a table by its kind; project rows go to `items` (the section's list).
pub(super) fn table(
    ctx: &mut Ctx<'_>,
    note: &mut Note,
    t: &Table,
    role: SectionRole,
    status: Option<Status>,
    items: &mut Vec<Item>,
) {
    let columns: Vec<Column> = t.header.iter().map(|h| column_of(ctx, h)).collect();
    match kind_of(&columns, role) {
        TableKind::Kpi => kpi_rows(ctx, note, t, &columns),
        TableKind::Projects => {
            for row in &t.rows {
                items.extend(project_row(ctx, row, &columns, status));
            }
        }
        TableKind::Risks => {
            for row in &t.rows {
                // A closed risk or a decision taken is no risk any more.
                let open =
                    project_row(ctx, row, &columns, None).filter(|i| i.status != Status::Done);
                if let Some(item) = open {
                    if role == SectionRole::Risks {
                        items.push(item);
                    } else {
                        note.risks.push(item);
                    }
                }
            }
        }
        TableKind::Incidents => {
            for row in &t.rows {
                note.events.extend(incident_row(ctx, row, &columns));
            }
        }
        TableKind::Unknown => {
            let text = |i: &Inline| collapse_spaces(&i.text);
            note.tables.push(TableData {
                header: t.header.iter().map(text).collect(),
                rows: t
                    .rows
                    .iter()
                    .map(|r| r.iter().map(text).collect())
                    .collect(),
                line: ctx.line(t.span.start),
                span: t.span,
            });
        }
    }
}

/// The first line of a cell, lexed.
fn cell_line<'i>(ctx: &Ctx<'_>, cell: Option<&'i Inline>) -> Option<Line<'i>> {
    lines_of(ctx, cell?).into_iter().next()
}

fn kpi_rows(ctx: &mut Ctx<'_>, note: &mut Note, t: &Table, columns: &[Column]) {
    let value_col = columns
        .iter()
        .position(|c| *c == Column::Value)
        .unwrap_or(1);
    let name_col = columns
        .iter()
        .position(|c| *c == Column::Name)
        .unwrap_or(if value_col == 0 { 1 } else { 0 });
    let target_col = columns.iter().position(|c| *c == Column::Target);
    let previous_col = columns.iter().position(|c| *c == Column::Previous);
    for row in &t.rows {
        let Some(name_cell) = row.get(name_col) else {
            continue;
        };
        let name = collapse_spaces(&Norm::text_of(&name_cell.text));
        let name = name
            .trim_matches(|c: char| c == '*' || c.is_whitespace())
            .to_string();
        if name.is_empty() {
            continue;
        }
        let kind = name_kind(ctx, name_cell).unwrap_or(MetricKind::Other);
        let line_no = ctx.line(name_cell.span.start);
        let target = target_col
            .and_then(|c| cell_line(ctx, row.get(c)))
            .and_then(|l| super::metrics::target_of(&l));
        let previous = previous_col
            .and_then(|c| cell_line(ctx, row.get(c)))
            .and_then(|l| {
                l.tokens()
                    .iter()
                    .find_map(|t| t.quantity())
                    .map(|q| q.value)
            });
        for (col, cell) in row.iter().enumerate() {
            let is_value = col == value_col;
            let extra = columns.get(col) == Some(&Column::Other) && col != name_col;
            if !(is_value || extra) {
                continue;
            }
            let Some(line) = cell_line(ctx, Some(cell)) else {
                continue;
            };
            let Some(tok) = line.tokens().iter().find(|t| t.quantity().is_some()) else {
                continue;
            };
            // `9 / 12` (opened / closed) holds two values: which one is the metric's is not
            // for the tool to guess.
            let mut figures = line.tokens().iter().filter(|t| t.quantity().is_some());
            let pair = match (figures.next(), figures.next()) {
                (Some(a), Some(b)) => line
                    .text
                    .norm
                    .text
                    .get(a.range.end..b.range.start)
                    .is_some_and(|between| between.trim() == "/"),
                _ => false,
            };
            if pair {
                continue;
            }
            let q = tok.quantity().expect("found with a quantity");
            let (metric_name, target, comparator, previous) = if is_value {
                (
                    name.clone(),
                    target.map(|t| t.0),
                    target.and_then(|t| t.1),
                    previous,
                )
            } else {
                let header = collapse_spaces(&Norm::text_of(&t.header[col].text));
                (format!("{name} {header}"), None, None, None)
            };
            // `刷卡tps | 41`: a throughput's unit may be in its name.
            let unit = q
                .unit
                .map(|u| ctx.lexicon.unit_name(u).to_string())
                .or_else(|| {
                    (is_value && kind == MetricKind::Throughput)
                        .then(|| name_unit(ctx, &name))
                        .flatten()
                });
            let span = line.span(tok.range.clone());
            if unit.as_deref() == Some("%")
                && !crate::model::percent_is_possible(q.value)
                && is_value
            {
                ctx.report(
                    DiagnosticCode::ValueOutOfRange,
                    crate::model::Severity::Warning,
                    span,
                    format!("{metric_name} is {}%, outside 0–100%", q.value),
                );
            }
            note.metrics.push(Metric {
                name: metric_name,
                kind: if is_value { kind } else { MetricKind::Other },
                value: q.value,
                unit,
                target,
                comparator,
                previous,
                approximate: q.approximate,
                basis: None,
                line: line_no,
                span: crate::model::Span::new(name_cell.span.start, span.end),
            });
        }
    }
}

/// A unit written in a name (`刷卡tps` → `tps`).
fn name_unit(ctx: &Ctx<'_>, name: &str) -> Option<String> {
    name.split(|c: char| !c.is_ascii_alphanumeric() && c != '/')
        .find_map(|w| {
            let (len, unit) = ctx.lexicon.unit_at(w)?;
            (len == w.len() && ctx.lexicon.seconds(unit).is_none())
                .then(|| ctx.lexicon.unit_name(unit).to_string())
        })
}

/// The metric kind a name cell's words give.
fn name_kind(ctx: &Ctx<'_>, cell: &Inline) -> Option<MetricKind> {
    let line = cell_line(ctx, Some(cell))?;
    line.words()
        .of_kind(MeaningKind::MetricKind)
        .filter_map(|w| match w.meaning {
            Meaning::MetricKind(k) => Some(k),
            _ => None,
        })
        .min()
}

/// A row of a project or risk table as an item.
fn project_row(
    ctx: &mut Ctx<'_>,
    row: &[Inline],
    columns: &[Column],
    default_status: Option<Status>,
) -> Option<Item> {
    let name_col = columns
        .iter()
        .position(|c| *c == Column::Name)
        .or_else(|| columns.iter().position(|c| *c == Column::Summary))
        .unwrap_or(0);
    let name_cell = row.get(name_col)?;
    let name_line = cell_line(ctx, Some(name_cell))?;
    let name = super::items::name(&name_line, 0..name_line.norm().len());
    if name.is_empty() || name.chars().all(|c| matches!(c, '-' | '—' | '–')) {
        return None;
    }
    let col = |c: Column| {
        columns
            .iter()
            .position(|x| *x == c)
            .and_then(|i| row.get(i))
    };
    let mut status = Status::Unknown;
    let mut health = None;
    if let Some(line) = col(Column::Status).and_then(|c| cell_line(ctx, Some(c))) {
        let facts = super::items::clause_facts(ctx, &line, 0..line.norm().len());
        status = facts.status;
        // `Closed (approved)`, `Mitigating`: status words of risks read like any.
        if columns.contains(&Column::Health) {
            health = None;
        }
    }
    if !columns.contains(&Column::Status) {
        for (i, cell) in row.iter().enumerate() {
            if i == name_col || !matches!(columns.get(i), Some(Column::Comment | Column::Other)) {
                continue;
            }
            if let Some(line) = cell_line(ctx, Some(cell)) {
                let s = super::items::clause_facts(ctx, &line, 0..line.norm().len()).status;
                if status == Status::Unknown {
                    status = s;
                }
            }
        }
    }
    if let Some(line) = col(Column::Health).and_then(|c| cell_line(ctx, Some(c))) {
        health = line
            .words()
            .of_kind(MeaningKind::Health)
            .find_map(|w| match w.meaning {
                Meaning::Health(h) => Some(h),
                _ => None,
            });
    }
    let progress = col(Column::Progress)
        .and_then(|c| cell_line(ctx, Some(c)))
        .and_then(|l| {
            l.tokens().iter().find_map(|t| {
                let q = t.quantity()?;
                (q.unit.is_some_and(|u| ctx.lexicon.unit_name(u) == "%")
                    && crate::model::percent_is_possible(q.value))
                .then_some(q.value)
            })
        });
    let owner = col(Column::Owner)
        .and_then(|c| cell_line(ctx, Some(c)))
        .and_then(|l| {
            let text = l.norm().trim();
            let from_token = l.tokens().iter().find_map(|t| match &t.kind {
                Kind::Owner { name } => Some(l.norm()[name.clone()].to_string()),
                _ => None,
            });
            let nobody = l
                .words()
                .of_kind(MeaningKind::Nobody)
                .any(|w| w.range.1 - w.range.0 == l.norm().trim().len());
            from_token.or_else(|| {
                (!text.is_empty()
                    && !nobody
                    && text.chars().count() <= 24
                    && !text.contains(|c: char| c.is_ascii_digit()))
                .then(|| text.trim_start_matches('@').to_string())
            })
        });
    let (mut due, mut previous_due) = (None, None);
    if let Some(line) = col(Column::Due).and_then(|c| cell_line(ctx, Some(c))) {
        for t in line.tokens() {
            match &t.kind {
                Kind::Date(d) if due.is_none() => {
                    due = ctx.resolve_date(d, line.span(t.range.clone()))
                }
                // In a due column a dot date is a date (`5.31`).
                Kind::Number(q) if due.is_none() => {
                    if let Some(d) = q.dot_date {
                        due = d.resolve(ctx.year_anchor()).ok();
                    }
                }
                Kind::Previous(p) => {
                    if let Kind::Date(d) = &**p {
                        previous_due = d.resolve(ctx.year_anchor()).ok();
                    }
                }
                _ => {}
            }
        }
        // The cell's further lines (`2024-07-12<br>（原 07-05）`).
        for l in lines_of(ctx, col(Column::Due)?).into_iter().skip(1) {
            for t in l.tokens() {
                if let Kind::Previous(p) = &t.kind {
                    if let Kind::Date(d) = &**p {
                        previous_due = previous_due.or(d.resolve(ctx.year_anchor()).ok());
                    }
                }
            }
        }
    }
    // `计划日期 2024.6.14 | 预计/实际完成 2024.6.28`: the date now expected is the due date.
    if let Some(line) = col(Column::Expected).and_then(|c| cell_line(ctx, Some(c))) {
        let expected = line.tokens().iter().find_map(|t| match &t.kind {
            Kind::Date(d) => d.resolve(ctx.year_anchor()).ok(),
            Kind::Number(q) => q.dot_date.and_then(|d| d.resolve(ctx.year_anchor()).ok()),
            _ => None,
        });
        if let Some(e) = expected {
            if due.is_some_and(|d| d != e) {
                previous_due = previous_due.or(due);
            }
            due = Some(e);
        }
    }
    let done_on = col(Column::Done)
        .and_then(|c| cell_line(ctx, Some(c)))
        .and_then(|l| {
            l.tokens().iter().find_map(|t| match &t.kind {
                Kind::Date(d) => d.resolve(ctx.year_anchor()).ok(),
                _ => None,
            })
        });
    if status == Status::Unknown {
        status = match progress {
            Some(p) if p.0 >= rust_decimal::Decimal::ONE_HUNDRED => Status::Done,
            _ => default_status.unwrap_or(Status::Unknown),
        };
    }
    if previous_due.is_some() && due.is_some() && status == Status::Unknown {
        status = Status::Delayed;
    }
    let text: Vec<String> = row.iter().map(|c| collapse_spaces(&c.text)).collect();
    let first = row.first()?;
    let last = row.last()?;
    Some(Item {
        name,
        text: text.join(" | "),
        status,
        progress,
        due,
        done_on,
        previous_due,
        owner,
        health,
        confidence: None,
        tags: vec![],
        children: vec![],
        line: ctx.line(name_cell.span.start),
        span: crate::model::Span::new(first.span.start, last.span.end.max(first.span.start)),
    })
}

/// A row of an incident table as an event.
fn incident_row(ctx: &mut Ctx<'_>, row: &[Inline], columns: &[Column]) -> Option<Event> {
    let col = |c: Column| {
        columns
            .iter()
            .position(|x| *x == c)
            .and_then(|i| row.get(i))
    };
    let text_of = |c: Column| {
        col(c)
            .map(|i| trim_clause(&collapse_spaces(&i.text)).to_string())
            .filter(|t| !t.is_empty())
    };
    let first = row.first()?;
    let mut at = None;
    let mut end = None;
    let mut timezone = None;
    let mut when = None;
    if let Some(line) = col(Column::When).and_then(|c| cell_line(ctx, Some(c))) {
        if let Some(t) = line.tokens().first() {
            let (s, e, z) = super::events::start_of_token(ctx, &line, t);
            at = s;
            end = e;
            timezone = z;
            when = Some(super::events::clock_span(&line, t));
        }
    }
    let grade = col(Column::Grade)
        .and_then(|c| cell_line(ctx, Some(c)))
        .and_then(|l| {
            l.tokens().iter().find_map(|t| match t.kind {
                Kind::Grade { .. } | Kind::GradeCount { .. } => {
                    Some(super::incidents::grade_key(&l.norm()[t.range.clone()]))
                }
                _ => None,
            })
        });
    let stated = col(Column::Duration)
        .and_then(|c| cell_line(ctx, Some(c)))
        .and_then(|l| {
            l.tokens().iter().find_map(|t| match &t.kind {
                Kind::Duration(d) => Some(super::events::duration_minutes(d)),
                _ => None,
            })
        });
    let (impact_minutes, impact_source, derived_from) = match (stated, at, end, when) {
        (Some(m), ..) => (Some(m), Some(ImpactSource::Stated), None),
        // Start and end are the When cell's range (`08:40–09:25`).
        (None, Some(s), Some(e), Some(range)) if e >= s => (
            Some(crate::model::Num::from((e - s).num_minutes())),
            Some(ImpactSource::Derived),
            Some(crate::model::Derivation {
                from: range,
                to: range,
            }),
        ),
        _ => (None, None, None),
    };
    let summary = text_of(Column::Summary)
        .or_else(|| text_of(Column::Impact))
        .unwrap_or_default();
    let last = row.last()?;
    let span = crate::model::Span::new(first.span.start, last.span.end.max(first.span.start));
    Some(Event {
        id: None,
        at,
        timezone,
        detected_at: None,
        summary,
        cause: text_of(Column::Cause),
        action: text_of(Column::Action),
        grade,
        impact_minutes,
        impact_source,
        recovered_at: end,
        derived_from,
        actions: vec![],
        line: ctx.line(first.span.start),
        span,
    })
}
