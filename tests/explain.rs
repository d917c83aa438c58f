//! `weekly-report explain`: what each line of a note gave, what was not read, and a folder's
//! summary; the text, JSON and HTML forms of the sample as snapshots.

mod common;

use assert_cmd::Command;
use weekly_report::explain::{self, Explanation, FactKind, PatternKind, UnreadReason, Why};
use weekly_report::model::SectionRole;

fn cmd() -> Command {
    let mut c = Command::cargo_bin("weekly-report").unwrap();
    c.current_dir(common::root("tests/fixtures"));
    c.env_remove("CI");
    c
}

fn stdout(args: &[&str]) -> String {
    let out = cmd().args(args).assert().success().get_output().clone();
    String::from_utf8(out.stdout).unwrap()
}

fn explained(path: &str) -> Explanation {
    explain::explain_file(&common::root(path), &common::CONFIG).unwrap()
}

/// The unread lines of a note: `(line, reason)`.
fn unread(e: &Explanation) -> Vec<(u32, UnreadReason)> {
    e.lines
        .iter()
        .filter_map(|l| l.unread.as_ref().map(|u| (l.line, u.reason)))
        .collect()
}

const SAMPLE: &str = "第28周 2023-07-08.md";

#[test]
fn the_sample_shows_its_facts_the_derived_impact_and_nothing_unread() {
    let e = explained(common::SAMPLE);
    assert_eq!(unread(&e), []);
    assert_eq!(e.unread, 0);
    assert!(e.unknown_sections.is_empty());
    let count = |kind: FactKind| {
        e.lines
            .iter()
            .flat_map(|l| &l.facts)
            .filter(|f| f.kind == kind)
            .count()
    };
    assert_eq!(count(FactKind::Metric), 6);
    assert_eq!(count(FactKind::Incidents), 1);
    assert_eq!(count(FactKind::Event), 2);
    assert_eq!(count(FactKind::Objective), 3);
    assert_eq!(count(FactKind::Project), 30);
    assert_eq!(count(FactKind::Plan), 4);
    assert_eq!(count(FactKind::Other), 3);
    assert_eq!(count(FactKind::DailyLink), 1);
    assert_eq!(e.facts, 51);

    // The 332 minutes were not written: they come from the two times, as the extractor read
    // them.
    let event = e.lines[66].facts.first().expect("line 67 gives the event");
    assert_eq!(event.kind, FactKind::Event);
    assert_eq!(event.values.get("impact"), Some("332 min"));
    assert_eq!(event.values.get("derived"), Some("332 min = 16:53 − 11:21"));
    assert_eq!(
        e.lines[70].part_of,
        Some(67),
        "the 处置 paragraph is the event's"
    );
    let first = e.lines[64].facts.first().unwrap();
    assert_eq!(first.values.get("impact"), Some("8 min"));
    assert_eq!(first.values.get("derived"), None);

    let metric = &e.lines[12].facts[0];
    assert_eq!(metric.name, "入金有效成功率");
    assert_eq!(metric.values.get("value"), Some("99.99"));
    assert_eq!(metric.values.get("unit"), Some("%"));
    let tps = e.lines[48]
        .facts
        .iter()
        .find(|f| f.kind == FactKind::Metric);
    assert_eq!(tps.and_then(|f| f.values.get("target")), Some("50"));

    let metrics = e.lines[8].section.as_ref().unwrap();
    assert_eq!(metrics.role, SectionRole::Metrics);
    assert_eq!(
        metrics.why,
        Why::Word {
            word: "系统运行数据".into()
        }
    );
    let o2 = e.lines[34].section.as_ref().unwrap();
    assert_eq!(
        (o2.role, &o2.why),
        (SectionRole::Objective, &Why::Objective)
    );
    let label = e.lines[38].section.as_ref().unwrap();
    assert_eq!(
        label.why,
        Why::Parent {
            heading: "A. 支付账户2.0升级".into()
        }
    );
}

#[test]
fn the_derivation_is_carried_by_the_model() {
    let note = common::note(common::SAMPLE);
    let text = std::fs::read_to_string(common::root(common::SAMPLE)).unwrap();
    let d = note.events[1].derived_from.expect("the impact is derived");
    assert_eq!(&text[d.from.start..d.from.end], "11:21");
    assert_eq!(&text[d.to.start..d.to.end], "16:53");
    assert_eq!(note.events[0].derived_from, None, "a stated impact");
}

#[test]
fn sample_text() {
    let text = stdout(&["explain", SAMPLE]);
    assert!(text.starts_with("第28周 2023-07-08.md: weekly note, 51 facts, 0 unread lines\n"));
    assert!(
        !text.contains('\u{1b}'),
        "no colour when stdout is not a terminal"
    );
    insta::assert_snapshot!("explain_sample_text", text);
}

#[test]
fn sample_json_lines() {
    let text = stdout(&["explain", SAMPLE, "--format", "json"]);
    let records: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    let lines = std::fs::read_to_string(common::root(common::SAMPLE))
        .unwrap()
        .lines()
        .count();
    assert_eq!(records.len(), lines, "one record per line of the note");
    let r = &records[66];
    assert_eq!(r["line"], 67);
    assert_eq!(
        r["facts"][0]["values"]["derived"],
        "332 min = 16:53 − 11:21"
    );
    assert_eq!(r["span"]["start"].as_u64().unwrap() as usize, {
        let text = std::fs::read_to_string(common::root(common::SAMPLE)).unwrap();
        text.split('\n')
            .take(66)
            .map(|l| l.len() + 1)
            .sum::<usize>()
    });
    insta::assert_snapshot!("explain_sample_json", text);
}

#[test]
fn sample_html() {
    let html = stdout(&["explain", SAMPLE, "--format", "html"]);
    assert!(html.starts_with(weekly_report::source::REPORT_MARKER));
    assert!(html.contains("332 min = 16:53 − 11:21"));
    assert!(!html.contains("<script"), "no scripts");
    insta::assert_snapshot!("explain_sample_html", html);
}

/// Writes `notes` (name, text) into a fresh folder.
fn folder(notes: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in notes {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

#[test]
fn a_folder_summary_names_the_heading_to_teach_and_the_line_that_teaches_it() {
    // The README shows this output (tests/readme.rs runs it there).
    let mut c = Command::cargo_bin("weekly-report").unwrap();
    let out = c
        .current_dir(common::root("."))
        .args(["explain", "examples/unread"])
        .assert()
        .success()
        .get_output()
        .clone();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("3 notes (6 lines) use `数据看板`, read as other"));
    assert!(text.contains(
        "help: to read it as metrics, add to weekly-report.yaml: `vocabulary: {sections: {metrics: [数据看板]}}`"
    ));

    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&common::root("examples/unread"), dir.path());
    let path = dir.path().to_str().unwrap();
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&["explain", path, "--format", "json"])).unwrap();
    assert_eq!(json["patterns"][0]["what"], "数据看板");
    assert_eq!(json["patterns"][0]["notes"], 3);
    assert_eq!(json["notes"][0]["unknown_sections"][0], "数据看板");

    // The line the summary suggests teaches the tool: the metrics are read and nothing is left.
    let teach = "vocabulary: {sections: {metrics: [数据看板]}}\n";
    std::fs::write(dir.path().join("weekly-report.yaml"), teach).unwrap();
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&["explain", path, "--format", "json"])).unwrap();
    assert_eq!(json["patterns"], serde_json::json!([]), "{json}");
    assert_eq!(json["unread"], 0);
    let note = weekly_report::read_note(
        &dir.path().join("第28周 2023-07-08.md"),
        &weekly_report::config::Config::from_yaml(teach, "t.yaml").unwrap(),
    )
    .unwrap();
    let metrics: Vec<(String, String)> = note
        .metrics
        .iter()
        .map(|m| (m.name.clone(), m.value.to_string()))
        .collect();
    assert_eq!(
        metrics,
        [
            ("日均任务数".to_string(), "35000".to_string()),
            ("任务失败率".to_string(), "0.42".to_string())
        ]
    );
}

#[test]
fn a_folder_summary_of_no_notes_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let out = cmd()
        .args(["explain", dir.path().to_str().unwrap()])
        .assert()
        .success()
        .get_output()
        .clone();
    assert!(String::from_utf8_lossy(&out.stderr).contains("no notes in"));
    assert!(String::from_utf8_lossy(&out.stdout).contains(": 0 notes, 0 facts, 0 unread lines"));
}

#[test]
fn html_is_for_one_note() {
    let out = cmd()
        .args(["explain", ".", "--format", "html"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    assert!(String::from_utf8_lossy(&out.stderr).contains("--format html shows one note"));
}

/// Style notes written by hand: the lines their `.expected.yaml` lists as facts the tool does
/// not (yet) read, and the ambiguous ones, are unread; lines that gave facts never are.
#[test]
fn style_notes_show_unread_lines_where_they_should() {
    let cases: &[(&str, &[(u32, UnreadReason)])] = &[
        // An event written as a paragraph with a weekday and no date (`周二 14:20 …`); its
        // cause line; figures and an ambiguous `7.1` (version or July 1) under 其他.
        (
            "messy-mixed/周报 2024.6.14.md",
            &[
                (24, UnreadReason::NoFact),
                (25, UnreadReason::NoFact),
                (41, UnreadReason::NoFact),
                (42, UnreadReason::NoFact),
                (43, UnreadReason::NoFact),
            ],
        ),
        // Two crash-free rates in a standup's metrics the tool does not read.
        (
            "standup/2024-06-12 standup.md",
            &[
                (45, UnreadReason::NoFact),
                (46, UnreadReason::NoFact),
                (49, UnreadReason::NoFact),
            ],
        ),
        // `18/30 张` (a fraction, value or target?) and the prose progress figures.
        (
            "pmo-status/数据中台二期-项目周报-W24.md",
            &[(12, UnreadReason::NoFact), (31, UnreadReason::NoFact)],
        ),
        // A cost with a multiplier and last week's figure, not read as a metric.
        (
            "confluence-export/基础架构组周报-2024-W27.md",
            &[(30, UnreadReason::NoFact)],
        ),
        // A section the vocabulary does not name; a closed decision's row.
        (
            "pmo-en/program-status-2024-06-14.md",
            &[
                (12, UnreadReason::UnknownSection),
                (35, UnreadReason::NoFact),
                (53, UnreadReason::UnknownTable),
            ],
        ),
    ];
    for (path, want) in cases {
        let e = explained(&format!("tests/fixtures/styles/{path}"));
        assert_eq!(unread(&e), *want, "{path}");
    }
    let pmo = explained("tests/fixtures/styles/pmo-en/program-status-2024-06-14.md");
    assert_eq!(pmo.unknown_sections[0].key, "Executive summary");
}

#[test]
fn a_line_that_gave_a_fact_is_never_unread_and_the_examples_are_fully_read() {
    let mut paths =
        weekly_report::source::find_notes(&common::root("tests/fixtures/styles"), &[]).notes;
    let examples = weekly_report::source::find_notes(&common::root("examples/notes"), &[]).notes;
    paths.extend(examples.iter().cloned());
    for path in &paths {
        let e = explain::explain_file(path, &common::CONFIG).unwrap();
        for l in &e.lines {
            assert!(
                l.facts.is_empty() || l.unread.is_none(),
                "{}:{} gave facts and is unread",
                path.display(),
                l.line
            );
        }
    }
    for path in &examples {
        let e = explain::explain_file(path, &common::CONFIG).unwrap();
        assert_eq!(unread(&e), [], "{}", path.display());
        assert!(e.unknown_sections.is_empty(), "{}", path.display());
    }
}

#[test]
fn unread_patterns_across_notes_are_counted_once_per_note() {
    let text = "# 第28周 2023-07-08\n\n## 系统运行数据\n\n- 发布 12 次，回滚 1 次\n- 发布 3 次，回滚 0 次\n";
    let dir = folder(&[("a.md", text), ("b.md", text)]);
    let paths = weekly_report::source::find_notes(dir.path(), &[]).notes;
    let all: Vec<Explanation> = explain::explain_files(&paths, &common::CONFIG)
        .into_iter()
        .map(Result::unwrap)
        .collect();
    let s = explain::summarize(&all);
    assert_eq!(s.unread, 4);
    let p = &s.patterns[0];
    assert_eq!(
        (p.kind, p.what.as_str(), p.notes, p.lines),
        (PatternKind::UnreadLine, "发布", 2, 4)
    );
}
