//! Every lint rule: a note where it fires, and the example notes where it stays silent.

mod common;

use std::collections::BTreeSet;

use weekly_report::config::Config;
use weekly_report::lint::{self, Finding, LinkStatus, LintInput, RULES};
use weekly_report::model::Note;

fn lint_with(
    text: &str,
    config: &Config,
    previous: Option<&Note>,
    links: Option<Vec<LinkStatus>>,
) -> Vec<Finding> {
    let note = weekly_report::parse_note("note.md", text, config);
    let links = links.unwrap_or_else(|| vec![LinkStatus::Exists; note.daily_links.len()]);
    lint::lint(&LintInput {
        note: &note,
        text,
        document: &weekly_report::parse::Document::parse(text),
        previous,
        links: &links,
        same_week: &[],
        config,
    })
}

fn lint_text(text: &str) -> Vec<Finding> {
    lint_with(text, &common::CONFIG, None, None)
}

fn fired(findings: &[Finding]) -> Vec<(&'static str, String)> {
    findings
        .iter()
        .map(|f| (f.name, f.message.clone()))
        .collect()
}

const HEAD: &str = "# 第28周 2023-07-08\n\n## 系统运行数据\n\n- 入金成功率：99.9%\n\n";
const TAIL: &str = "\n# 下周工作及目标\n\n1. 跟进\n";
const WEEK: &str = "# 第28周 2023-07-08\n\n## 系统运行数据\n\n- 入金成功率：99.9%\n\n# 下周工作及目标\n\n1. 跟进\n";

/// A clean weekly note with `body` between its metrics and its plans.
fn week_with(body: &str) -> String {
    format!("{HEAD}{body}{TAIL}")
}

/// `(rule name, note, expected message)`: each rule's firing case, in a note that is otherwise clean.
const CASES: &[(&str, &str, &str)] = &[
    ("value-out-of-range", "## 系统运行数据\n\n- 出金成功率：199.99%\n", "出金成功率 is 199.99%, outside 0–100%"),
    ("invalid-date", "## O1 x\n\n- 项目甲：计划7/32上线\n", "`7/32` is not a date: there is no such day"),
    ("ratio-mismatch", "## O1 x\n\n- 打标，一共179个数据库，完成48个数据库，完成率：26.97%\n", "stated 26.97% but 48/179 is 26.82%"),
    ("incident-event-mismatch", "## 稳定性\n\n- 事故数AB级0次，CD级0次\n\n## 生产稳定性事件\n\n- 7/3 18:40 告警，影响8分钟\n", "counts 0 incidents (AB 0, CD 0) but lists 1 stability event"),
    ("overdue-item", "## O1 x\n\n- 店东看账，开发中，计划7/5上线\n", "店东看账 was due 2023-07-05, before this note's date 2023-07-08, and is not done"),
    ("duplicate-metric", "## 运行数据\n\n- 入金成功率：99.9%\n", "入金成功率 is stated twice (line 5: 99.9, line 9: 99.9); the first counts"),
    ("heading-level-jump", "#### 深层标题\n\n- x\n", "heading jumps from level 2 to 4"),
    ("unfilled-placeholder", "## 运行数据\n\n- 出金成功率：__%\n", "a blank left to fill in"),
    ("parse-problem", "## 生产稳定性事件\n\n- 7/7 23:50 批量任务失败，处置：00:20 恢复\n", "recovery at 00:20 is before the event at 23:50; write the recovery's date if it was the next day"),
    ("unread-figure", "## 运行数据\n\n- 发布 12 次，回滚 1 次\n", "`12 次`, `1 次` gave no fact in this metrics section"),
    ("unknown-section", "## 发布统计\n\n本周发布12次，回滚1次\n", "`发布统计` is read as other: no section word names it, and 1 line under it holds figures"),
];

#[test]
fn each_rule_fires_on_its_case_and_nothing_else_does() {
    assert!(
        lint_text(WEEK).is_empty(),
        "the base note is clean: {:?}",
        fired(&lint_text(WEEK))
    );
    for (rule, body, message) in CASES {
        let got = fired(&lint_text(&week_with(body)));
        assert_eq!(got, [(*rule, message.to_string())], "case {rule}");
    }
}

#[test]
fn week_date_mismatch_and_its_fix() {
    let text = "# 第27周 2023-07-08\n\n# 第27周 2023/07/08\n\n## 系统运行数据\n\n- 入金成功率：99.9%\n\n# 下周工作及目标\n\n1. 跟进\n";
    let findings = lint_text(text);
    let got: Vec<_> = fired(&findings);
    assert_eq!(got.len(), 2, "both title lines: {got:?}");
    assert_eq!(
        got[0],
        (
            "week-date-mismatch",
            "week 27 does not match the date 2023-07-08, which is in week 28 (jan1 numbering)"
                .to_string()
        )
    );
    let fixed = lint::apply_fixes(text, &findings).unwrap();
    assert!(
        fixed.starts_with("# 第28周 2023-07-08\n\n# 第28周 2023/07/08\n"),
        "{fixed}"
    );
    assert!(lint_text(&fixed).is_empty());
    // The same title is right under jan1 and wrong under iso.
    let iso = Config::from_yaml("week_numbering: iso\n", "t.yaml").unwrap();
    let sample = "# 第28周 2023-07-08\n\n## 系统运行数据\n\n- 入金成功率：99.9%\n\n# 下周工作及目标\n\n1. x\n";
    assert!(lint_with(sample, &common::CONFIG, None, None).is_empty());
    assert_eq!(
        fired(&lint_with(sample, &iso, None, None))[0].1,
        "week 28 does not match the date 2023-07-08, which is in week 27 (iso numbering)"
    );
}

#[test]
fn metric_threshold_from_the_configuration() {
    let config = Config::from_yaml("thresholds:\n  入金成功率: \">= 99.95\"\n", "t.yaml").unwrap();
    let got = fired(&lint_with(WEEK, &config, None, None));
    assert_eq!(
        got,
        [(
            "metric-threshold",
            "入金成功率 is 99.9%, which breaks the threshold >= 99.95".to_string()
        )]
    );
}

#[test]
fn broken_daily_links() {
    let text = format!(
        "{WEEK}\n# 日报合集\n\n[a](a.md)\n\n[b](../../etc/passwd)\n\n[c](https://example.com)\n"
    );
    let got = fired(&lint_with(
        &text,
        &common::CONFIG,
        None,
        Some(vec![
            LinkStatus::Missing,
            LinkStatus::OutsideRoot,
            LinkStatus::External,
        ]),
    ));
    assert_eq!(
        got,
        [
            (
                "broken-daily-link",
                "links to a.md, which does not exist".to_string()
            ),
            (
                "broken-daily-link",
                "links to ../../etc/passwd, outside the notes folder; it is not read".to_string()
            ),
        ]
    );
}

#[test]
fn missing_sections_by_kind() {
    let got = fired(&lint_text(
        "# 第28周 2023-07-08\n\n## O1 x\n\n- 甲：开发中\n",
    ));
    assert_eq!(
        got,
        [
            (
                "missing-section",
                "no metrics section (系统运行数据, 运行数据, 核心指标, …)".to_string()
            ),
            (
                "missing-section",
                "no next_week section (下周工作及目标, 下周工作, 下周计划, …)".to_string()
            ),
        ]
    );
    let daily = "# 2023/07/10 周一\n\n## 今日进展\n\n- 甲：开发中\n";
    assert_eq!(
        fired(&lint_text(daily)),
        [(
            "missing-section",
            "no tomorrow section (明日计划, 明日工作, 明天计划, …)".to_string()
        )]
    );
}

#[test]
fn progress_regression_against_last_week() {
    let last = common::parse("# 第27周 2023-07-01\n\n## O1 x\n\n- 网联代收：开发进度 85%\n");
    let text = week_with("## O1 x\n\n- 网联代收：开发进度 70%\n");
    let got = fired(&lint_with(&text, &common::CONFIG, Some(&last), None));
    assert_eq!(
        got,
        [(
            "progress-regression",
            "网联代收 is at 70%, down from 85% in note.md".to_string()
        )]
    );
}

#[test]
fn not_utf8_is_a_note() {
    let (bytes, _, _) = encoding_rs::GB18030.encode(WEEK);
    let note = weekly_report::parse_note_bytes("n.md", &bytes, &common::CONFIG).unwrap();
    let findings = lint::lint(&LintInput {
        note: &note,
        text: WEEK,
        document: &weekly_report::parse::Document::parse(WEEK),
        previous: None,
        links: &[],
        same_week: &[],
        config: &common::CONFIG,
    });
    assert_eq!(fired(&findings)[0].0, "not-utf8");
    assert_eq!(findings[0].level, weekly_report::config::RuleLevel::Info);
}

#[test]
fn every_rule_has_a_firing_case_here() {
    let source = include_str!("lint_rules.rs");
    for r in RULES {
        assert!(
            source.matches(&format!("\"{}\"", r.name)).count() >= 1,
            "no test fires {} {}",
            r.id,
            r.name
        );
    }
}

#[test]
fn severities_and_comments_override_defaults() {
    let text = week_with("## O1 x\n\n- 打标，一共179个数据库，完成48个数据库，完成率：26.97%\n");
    let strict = Config::from_yaml("rules:\n  ratio-mismatch: error\n", "t.yaml").unwrap();
    assert_eq!(
        lint_with(&text, &strict, None, None)[0].level,
        weekly_report::config::RuleLevel::Error
    );
    let off = Config::from_yaml("rules:\n  WR003: off\n", "t.yaml").unwrap();
    assert!(lint_with(&text, &off, None, None).is_empty());
    assert!(lint_text(&format!(
        "{text}\n<!-- weekly-report-disable ratio-mismatch -->\n"
    ))
    .is_empty());
    assert!(lint_text(&format!("{text}\n<!-- weekly-report-disable -->\n")).is_empty());
    let unknown = Config::from_yaml("rules:\n  ratio-mismatsh: error\n", "t.yaml").unwrap();
    assert_eq!(
        lint::validate_rule_config(&unknown).unwrap_err(),
        lint::UnknownRule("ratio-mismatsh".into())
    );
}

#[test]
fn the_example_notes_are_silent_but_for_the_samples_real_inconsistencies() {
    let found = weekly_report::source::find_notes(&common::root("examples/notes"), &[]);
    let mut fired_anywhere = BTreeSet::new();
    // As `check` runs them: with last week's note, the week's other notes and the links.
    let mut checker = weekly_report::workspace::check::Checker::new(&common::CONFIG);
    for path in &found.notes {
        let findings = checker.check_file(path, false).unwrap().unwrap().findings;
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        for f in &findings {
            fired_anywhere.insert((name.clone(), f.name));
        }
    }
    let expected: BTreeSet<(String, &str)> = [
        (
            "第28周 2023-07-08.md".to_string(),
            "incident-event-mismatch",
        ),
        ("第28周 2023-07-08.md".to_string(), "ratio-mismatch"),
    ]
    .into();
    assert_eq!(fired_anywhere, expected);
}

#[test]
fn the_committed_rules_reference_is_current() {
    let committed = std::fs::read_to_string(common::root("docs/rules.md")).unwrap();
    assert!(
        committed == lint::reference_markdown(),
        "docs/rules.md is stale: run `weekly-report rules --markdown > docs/rules.md`"
    );
}

#[test]
fn blanks_are_underscores_that_markdown_leaves_as_text() {
    let blanks = |body: &str| {
        lint_text(&week_with(body))
            .iter()
            .filter(|f| f.name == "unfilled-placeholder")
            .count()
    };
    assert_eq!(blanks("## 稳定性\n\n- 事故数AB级__次，CD级__次\n"), 2);
    assert_eq!(blanks("## 收获与反思\n\n__\n\n1. __\n"), 2);
    // Emphasis, code and words with underscores are not blanks.
    assert_eq!(
        blanks("## 收获与反思\n\n__重要__ `a__b` snake__case\n\n```\nx = __\n```\n"),
        0
    );
}

#[test]
fn every_diagnostic_the_extractor_emits_reaches_check() {
    // `DiagnosticCode` is every code the extractor can emit (it takes no other); each one, put
    // on a note, comes out of `check` as a finding at its place.
    for code in weekly_report::model::DiagnosticCode::ALL {
        let mut note = common::parse(WEEK);
        let span = weekly_report::model::Span::new(40, 44);
        note.diagnostics.push(weekly_report::model::Diagnostic {
            code,
            severity: weekly_report::model::Severity::Warning,
            message: format!("a {code} here"),
            line: 5,
            column: 1,
            span,
        });
        let findings = lint::lint(&LintInput {
            note: &note,
            text: WEEK,
            document: &weekly_report::parse::Document::parse(WEEK),
            previous: None,
            links: &[],
            same_week: &[],
            config: &common::CONFIG,
        });
        assert!(
            findings
                .iter()
                .any(|f| f.span == span && f.message.contains(code.as_str())),
            "`{code}` reaches no rule of check: {:?}",
            fired(&findings)
        );
    }
}

#[test]
fn an_ambiguous_time_reaches_check_as_an_unread_figure() {
    let text = week_with("## 生产稳定性事件\n\n- 7/3 3点 支付超时，影响8分钟\n");
    let note = common::parse(&text);
    assert!(
        note.diagnostics
            .iter()
            .any(|d| d.code == weekly_report::model::DiagnosticCode::AmbiguousTime),
        "{:?}",
        note.diagnostics
    );
    let got = fired(&lint_text(&text));
    assert!(
        got.iter()
            .any(|(rule, m)| *rule == "unread-figure" && m.starts_with("left out: `3点`")),
        "{got:?}"
    );
}

#[test]
fn duplicate_week_names_the_other_note_of_the_week() {
    let text = WEEK.to_string();
    let note = weekly_report::parse_note("第28周 2023-07-08.md", &text, &common::CONFIG);
    let others = vec!["2023-W28 2023-07-07.md".to_string()];
    let findings = lint::lint(&LintInput {
        note: &note,
        text: &text,
        document: &weekly_report::parse::Document::parse(&text),
        previous: None,
        links: &[],
        same_week: &others,
        config: &common::CONFIG,
    });
    let got = fired(&findings);
    assert!(
        got.contains(&(
            "duplicate-week",
            "week 2023-W28 also has the note 2023-W28 2023-07-07.md".to_string()
        )),
        "{got:?}"
    );
    let one = findings.iter().find(|f| f.rule == "WR018").unwrap();
    assert_eq!((one.line, one.column), (1, 3), "on the title");
}

#[test]
fn missing_section_hints_speak_the_notes_language() {
    let english =
        lint_text("# Week 28 2023-07-08\n\n## Key metrics\n\n- Payment success rate: 99.9%\n");
    let hints: Vec<&str> = english
        .iter()
        .filter(|f| f.rule == "WR009")
        .filter_map(|f| f.hint.as_deref())
        .collect();
    assert_eq!(hints, ["add a `## Next week` section"]);
    let chinese = lint_text("# 第28周 2023-07-08\n\n## 系统运行数据\n\n- 入金成功率：99.9%\n");
    let hints: Vec<&str> = chinese
        .iter()
        .filter(|f| f.rule == "WR009")
        .filter_map(|f| f.hint.as_deref())
        .collect();
    assert_eq!(hints, ["add a `## 下周工作及目标` section"]);
}

#[test]
fn blanks_are_found_in_the_parsed_text_never_in_code_escapes_or_emphasis() {
    let text = "# 第1周 2024-01-05\n\n- a `__init__` b\n- snake__case and __ and ___\n- \\_\\_ escaped\n- __粗体__ 与 __\n\n| a | __ |\n|---|---|\n| x | y__ |\n\n> callout __\n\n```\ncode __\n```\n\n<!-- __ -->\n";
    let at: Vec<(u32, u32, u32)> = lint_text(text)
        .iter()
        .filter(|f| f.rule == "WR015")
        .map(|f| (f.line, f.column, f.end_column))
        .collect();
    // `__` and `___` of line 4, the one after bold text on line 6, a table's header cell, a
    // table cell's trailing `__`, and the callout's.
    assert_eq!(
        at,
        [
            (4, 19, 21),
            (4, 26, 29),
            (6, 12, 14),
            (8, 7, 9),
            (10, 8, 10),
            (12, 11, 13)
        ]
    );
}
