//! Templates: the embedded defaults in `templates/`, a user's overrides, and our filters.
//!
//! Names ending in `.html` are HTML-escaped by minijinja; in the Markdown reports every `<`
//! of a value is written `&lt;` ([`format_value`]), and the filter [`cell`] keeps note text
//! from breaking a table. In HTML, `|safe` output comes only
//! from [`markdown`] (comrak's safe mode) and the chart functions (our own SVG).
//!
//! The chart functions (`kpi_chart`, `kpi_sparkline`, `impact_chart`, `budget_chart`,
//! `timeline_chart`, `kpi_groups`) read the typed team behind `t` in `{% for t in teams %}`,
//! so they need the context of [`super::rollup_value`].

use minijinja::value::Kwargs;
use minijinja::{Environment, Value};
use serde::Serialize;

use super::RenderError;

/// The built-in templates, by name: what `templates export` writes out.
pub const DEFAULTS: &[(&str, &str)] = &[
    ("report.md", include_str!("../../templates/report.md")),
    ("diff.md", include_str!("../../templates/diff.md")),
    ("draft.md", include_str!("../../templates/draft.md")),
    ("report.html", include_str!("../../templates/report.html")),
    ("explain.html", include_str!("../../templates/explain.html")),
];

/// Where a template's text came from, for error messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateSource {
    /// Embedded in the binary.
    BuiltIn,
    /// A file the user gave.
    File(String),
}

/// A set of templates: the defaults, with any overrides.
#[derive(Debug)]
pub struct Templates {
    env: Environment<'static>,
    origins: Vec<(String, TemplateSource)>,
}

impl Templates {
    /// The defaults with `overrides` (`(name, text, file)`) replacing those of the same name.
    pub fn new(overrides: Vec<(String, String, String)>) -> Result<Templates, RenderError> {
        let mut env = Environment::new();
        let syntax = minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .keep_trailing_newline(true)
            .build()
            .expect("the default delimiters are a valid syntax");
        env.set_syntax(syntax);
        env.set_undefined_behavior(minijinja::UndefinedBehavior::SemiStrict);
        env.set_formatter(format_value);
        register_filters(&mut env);
        let mut origins = Vec::new();
        for (name, text) in DEFAULTS {
            if !overrides.iter().any(|(n, _, _)| n == name) {
                env.add_template(name, text)
                    .map_err(|e| template_error(&e, &origins_of(name, &TemplateSource::BuiltIn)))?;
                origins.push((name.to_string(), TemplateSource::BuiltIn));
            }
        }
        for (name, text, file) in overrides {
            let origin = TemplateSource::File(file);
            env.add_template_owned(name.clone(), text)
                .map_err(|e| template_error(&e, &origins_of(&name, &origin)))?;
            origins.push((name, origin));
        }
        Ok(Templates { env, origins })
    }

    /// Renders template `name` with `context`.
    pub fn render<S: Serialize>(&self, name: &str, context: &S) -> Result<String, RenderError> {
        self.render_value(name, Value::from(minijinja::value::Serde(context)))
    }

    /// Renders template `name` with a context already made into a template value (such as
    /// [`super::rollup_value`]'s, which reads the rollup in place).
    pub fn render_value(&self, name: &str, context: Value) -> Result<String, RenderError> {
        let origin = |n: &str| {
            let source = self
                .origins
                .iter()
                .find(|(o, _)| o == n)
                .map_or(TemplateSource::BuiltIn, |(_, s)| s.clone());
            origins_of(n, &source)
        };
        let template = self
            .env
            .get_template(name)
            .map_err(|e| template_error(&e, &origin(name)))?;
        template.render(context).map_err(|e| {
            let failing = e.name().unwrap_or(name).to_string();
            template_error(&e, &origin(&failing))
        })
    }
}

fn origins_of(name: &str, source: &TemplateSource) -> String {
    match source {
        TemplateSource::BuiltIn => format!("built-in templates/{name}"),
        TemplateSource::File(f) => f.clone(),
    }
}

fn template_error(e: &minijinja::Error, origin: &str) -> RenderError {
    let mut message = e.kind().to_string();
    if let Some(detail) = e.detail() {
        message = format!("{message}: {detail}");
    }
    RenderError::Template {
        origin: origin.to_string(),
        line: e.line(),
        message,
    }
}

/// How `{{ value }}` is written. HTML templates escape as minijinja does. The Markdown reports
/// (`report.md`, `diff.md`) write every `<` of note text and folder names as `&lt;`, so raw
/// HTML (`<script>`, `<img onerror=…>`, `<!--`) shows as text wherever the report is rendered;
/// the draft is a note and keeps its text as written.
fn format_value(
    out: &mut minijinja::Output<'_>,
    state: &mut minijinja::State<'_, '_>,
    value: &Value,
) -> Result<(), minijinja::Error> {
    let markdown_report = matches!(state.name(), "report.md" | "diff.md");
    match value.as_str() {
        Some(text) if markdown_report && !value.is_safe() && text.contains('<') => out
            .write_str(&text.replace('<', "&lt;"))
            .map_err(minijinja::Error::from),
        _ => minijinja::escape_formatter(out, state, value),
    }
}

static LEADING_BLOCK_MARKER: std::sync::LazyLock<regex_lite::Regex> =
    std::sync::LazyLock::new(|| {
        regex_lite::Regex::new(r"^\s*(?:[0-9]+[.)]|[-+*]|#{1,6}|>)(?:\s|$)")
            .expect("block marker pattern is valid")
    });

/// Registers every custom filter. Each is documented and tested below.
fn register_filters(env: &mut Environment<'_>) {
    env.add_filter("signed", signed);
    env.add_filter("cell", cell);
    env.add_filter("grades", grades);
    env.add_filter("status", status);
    env.add_filter("markdown", markdown);
    env.add_filter("text_em", text_em);
    env.add_function("kpi_chart", |team: Value, name: &str, kwargs: Kwargs| {
        let (team, text, width) = chart_args(&team, &kwargs, Some(name), 340.0)?;
        super::svg::kpi_chart(team, name, width, &text)
            .map(Value::from_safe_string)
            .ok_or_else(|| no_such_kpi(name))
    });
    env.add_function(
        "kpi_sparkline",
        |team: Value, name: &str, kwargs: Kwargs| {
            let (team, text, _) = chart_args(&team, &kwargs, Some(name), 96.0)?;
            super::svg::kpi_sparkline(team, name, &text)
                .map(Value::from_safe_string)
                .ok_or_else(|| no_such_kpi(name))
        },
    );
    env.add_function("impact_chart", |team: Value, kwargs: Kwargs| {
        let (team, text, width) = chart_args(&team, &kwargs, None, 340.0)?;
        Ok::<_, minijinja::Error>(Value::from_safe_string(super::svg::impact_chart(
            team, width, &text,
        )))
    });
    env.add_function("budget_chart", |team: Value, kwargs: Kwargs| {
        let (team, text, width) = chart_args(&team, &kwargs, None, 340.0)?;
        Ok::<_, minijinja::Error>(Value::from_safe_string(super::svg::budget_chart(
            team, width, &text,
        )))
    });
    env.add_function("timeline_chart", |team: Value, kwargs: Kwargs| {
        let (team, text, width) = chart_args(&team, &kwargs, None, 1068.0)?;
        Ok::<_, minijinja::Error>(Value::from_safe_string(super::svg::timeline_chart(
            team, width, &text,
        )))
    });
    env.add_function("kpi_groups", |team: Value| {
        let team = typed_team(&team)?;
        Ok::<_, minijinja::Error>(Value::from(minijinja::value::Serde(
            super::charts::kpi_groups(team.team),
        )))
    });
}

/// The typed team behind a template value (see [`super::lazy::team_of`]).
fn typed_team(team: &Value) -> Result<super::lazy::TeamRef<'_>, minijinja::Error> {
    super::lazy::team_of(team).ok_or_else(|| {
        minijinja::Error::new(
            minijinja::ErrorKind::InvalidOperation,
            "a chart needs a team of the rollup (`t` in `for t in teams`)",
        )
    })
}

fn no_such_kpi(name: &str) -> minijinja::Error {
    minijinja::Error::new(
        minijinja::ErrorKind::InvalidOperation,
        format!("the team has no KPI named `{name}`"),
    )
}

/// The arguments every chart function takes: the team, then `title=` (a KPI chart's default
/// is the KPI's name), `desc=`, `words=` (a map of the words its tooltips and legend use) and
/// `width=` (pixels, `default` without it).
fn chart_args<'t>(
    team: &'t Value,
    kwargs: &Kwargs,
    name: Option<&str>,
    default: f64,
) -> Result<(super::lazy::TeamRef<'t>, super::svg::ChartText, f64), minijinja::Error> {
    let team = typed_team(team)?;
    let title: Option<String> = kwargs.get("title")?;
    let title = title.or_else(|| name.map(str::to_string)).ok_or_else(|| {
        minijinja::Error::new(
            minijinja::ErrorKind::MissingArgument,
            "a chart needs a `title=` (its accessible name)",
        )
    })?;
    let desc: Option<String> = kwargs.get("desc")?;
    let words: Option<Value> = kwargs.get("words")?;
    let width: Option<f64> = kwargs.get("width")?;
    kwargs.assert_all_used()?;
    let mut map = std::collections::BTreeMap::new();
    if let Some(words) = words {
        for key in words.try_iter()? {
            let word = words.get_item(&key)?;
            map.insert(key.to_string(), word.to_string());
        }
    }
    let text = super::svg::ChartText {
        title,
        desc: desc.unwrap_or_default(),
        words: super::svg::Words(map),
    };
    Ok((team, text, width.unwrap_or(default).clamp(96.0, 4000.0)))
}

/// `{{ text | text_em }}`: how wide text is drawn, in ems of the page's font (a CJK character
/// is one em, Latin letters less; see [`super::measure`]), so a template can fold long text.
pub fn text_em(value: Value) -> f64 {
    if value.is_none() || value.is_undefined() {
        return 0.0;
    }
    let text = value
        .as_str()
        .map_or_else(|| value.to_string(), str::to_string);
    (super::measure::ems(&text) * 100.0).round() / 100.0
}

/// `{{ text | markdown }}`: note text as HTML through comrak in its safe default (raw HTML
/// omitted, `javascript:` and other dangerous link targets blanked). One paragraph loses its
/// `<p>` so it fits in a table cell or list item.
pub fn markdown(value: Value) -> Value {
    if value.is_none() || value.is_undefined() {
        return Value::from_safe_string(String::new());
    }
    let text = value
        .as_str()
        .map_or_else(|| value.to_string(), str::to_string);
    // Text cut out of a line (`处置：1. 16:53 恢复` → `1. 16:53 恢复`) was not a block in the note:
    // a leading list, heading or quote marker is kept as text.
    let text = match LEADING_BLOCK_MARKER.find(&text) {
        Some(m) => {
            let at = m.start()
                + m.as_str()
                    .find(|c: char| !c.is_ascii_digit() && !c.is_whitespace())
                    .unwrap_or(0);
            format!("{}\\{}", &text[..at], &text[at..])
        }
        None => text,
    };
    let html = comrak::markdown_to_html(&text, &comrak::Options::default());
    let trimmed = html.trim_end();
    let inner = trimmed
        .strip_prefix("<p>")
        .and_then(|s| s.strip_suffix("</p>"))
        .filter(|s| !s.contains("<p>"));
    Value::from_safe_string(inner.unwrap_or(trimmed).to_string())
}

/// `{{ x | signed }}`: a number with its sign (`+0.01`, `-0.02`, `0`).
pub fn signed(value: Value) -> String {
    let text = value.to_string();
    match value
        .as_i64()
        .map(|i| i > 0)
        .or_else(|| f64::try_from(value.clone()).ok().map(|f| f > 0.0))
    {
        Some(true) => format!("+{text}"),
        _ => text,
    }
}

/// `{{ text | cell }}`: note text made safe inside a Markdown table cell: `|` escaped, line
/// breaks as spaces, `null` as empty.
pub fn cell(value: Value) -> String {
    if value.is_none() || value.is_undefined() {
        return String::new();
    }
    let text = value
        .as_str()
        .map_or_else(|| value.to_string(), str::to_string);
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// `{{ by_grade | grades }}`: incident counts as `AB 0 · CD 1`, `—` when empty.
pub fn grades(value: Value) -> String {
    let Ok(keys) = value.try_iter() else {
        return String::new();
    };
    let parts: Vec<String> = keys
        .filter_map(|k| {
            let n = value.get_item(&k).ok()?;
            Some(format!("{k} {n}"))
        })
        .collect();
    if parts.is_empty() {
        "—".into()
    } else {
        parts.join(" · ")
    }
}

/// `{{ s | status }}`: a status for people (`in_progress` → `in progress`).
pub fn status(value: Value) -> String {
    value
        .as_str()
        .map_or_else(|| value.to_string(), |s| s.replace('_', " "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signed_numbers() {
        assert_eq!(signed(Value::from(0.01)), "+0.01");
        assert_eq!(signed(Value::from(-0.02)), "-0.02");
        assert_eq!(signed(Value::from(0)), "0");
        assert_eq!(signed(Value::from(3)), "+3");
    }

    #[test]
    fn cells_cannot_break_a_table() {
        assert_eq!(cell(Value::from("a|b\nc")), "a\\|b c");
        assert_eq!(cell(Value::from(())), "");
        assert_eq!(cell(Value::from(85)), "85");
    }

    #[test]
    fn grades_are_listed_in_order() {
        let map: std::collections::BTreeMap<&str, u32> = [("AB", 0), ("CD", 1)].into();
        assert_eq!(
            grades(Value::from(minijinja::value::Serde(map))),
            "AB 0 · CD 1"
        );
        let empty: std::collections::BTreeMap<&str, u32> = Default::default();
        assert_eq!(grades(Value::from(minijinja::value::Serde(empty))), "—");
    }

    #[test]
    fn markdown_is_rendered_safely() {
        let html = markdown(Value::from("**上线** <script>alert(1)</script> [x](javascript:alert(1)) [y](java&#x73;cript:alert(1))"));
        let html = html.as_str().unwrap();
        assert!(html.contains("<strong>上线</strong>"), "{html}");
        assert!(
            !html.contains("<script") && !html.contains("javascript:"),
            "{html}"
        );
        assert!(!html.starts_with("<p>"));
        assert_eq!(markdown(Value::from(())).as_str(), Some(""));
        assert_eq!(
            markdown(Value::from("1. 16:53 服务恢复 2. 维持单通道")).as_str(),
            Some("1. 16:53 服务恢复 2. 维持单通道")
        );
        assert_eq!(
            markdown(Value::from("- 不是列表")).as_str(),
            Some("- 不是列表")
        );
    }

    #[test]
    fn text_is_measured_in_ems() {
        assert_eq!(text_em(Value::from("小贝帮帮项目")), 6.0);
        assert_eq!(text_em(Value::from("W27")), 2.26);
        assert_eq!(text_em(Value::from(())), 0.0);
    }

    #[test]
    fn statuses_read_as_words() {
        assert_eq!(status(Value::from("in_progress")), "in progress");
    }

    #[test]
    fn a_syntax_error_names_the_file_and_line() {
        let broken = (
            "report.md".to_string(),
            "line one\n{% for x in %}\n".to_string(),
            "notes/templates/report.md".to_string(),
        );
        let err = Templates::new(vec![broken]).unwrap_err().to_string();
        assert!(
            err.contains("notes/templates/report.md") && err.contains("line 2"),
            "{err}"
        );
    }

    #[test]
    fn a_render_error_names_the_file_and_line() {
        let broken = (
            "report.md".to_string(),
            "one\ntwo\n{{ teams | nosuchfilter }}\n".to_string(),
            "my/report.md".to_string(),
        );
        let templates = Templates::new(vec![broken]).unwrap();
        let err = templates
            .render("report.md", &serde_json::json!({"teams": []}))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("my/report.md") && err.contains("line 3") && err.contains("nosuchfilter"),
            "{err}"
        );
    }
}
