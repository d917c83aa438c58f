//! Robustness: the cases of a real notes repository and of a hostile one. Every input here
//! must give a clear result — facts, a diagnostic, or an error naming the file and line —
//! never a panic, a hang or a lost report.

mod common;
#[path = "common/pathological.rs"]
mod pathological;

use std::collections::BTreeSet;
use std::time::Duration;

use assert_cmd::Command;
use predicates::prelude::*;

/// The binary, with a generous timeout so that a hang fails the test instead of the run.
fn cmd() -> Command {
    let mut c = Command::cargo_bin("weekly-report").unwrap();
    c.current_dir(env!("CARGO_MANIFEST_DIR"))
        .timeout(Duration::from_secs(120));
    c
}

fn codes(note: &weekly_report::model::Note) -> BTreeSet<&str> {
    note.diagnostics.iter().map(|d| d.code.as_str()).collect()
}

/// A folder of notes made from `(file name, bytes)`.
fn notes_folder(files: &[(&str, &[u8])]) -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let notes = tmp.path().join("notes");
    std::fs::create_dir_all(&notes).unwrap();
    for (name, bytes) in files {
        std::fs::write(notes.join(name), bytes).unwrap();
    }
    (tmp, notes)
}

const WEEK: &str = "# 第28周 2023-07-08\n\n## 系统运行数据\n\n- 入金有效成功率：99.99%\n\n# 下周工作及目标\n\n1. 跟进\n";

// --- Files a real repository holds -------------------------------------------------------------

#[test]
fn an_empty_note_has_no_facts_and_check_says_what_is_missing() {
    let note = common::parse("");
    assert_eq!(note.title, None);
    assert!(note.metrics.is_empty() && note.objectives.is_empty() && note.sections.is_empty());
    assert!(note.diagnostics.is_empty());

    let (_tmp, notes) = notes_folder(&[("empty.md", b"")]);
    let out = cmd()
        .args(["check", "--format", "json"])
        .arg(notes.join("empty.md"))
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    assert_eq!(out.matches("\"WR009\"").count(), 2, "{out}");
    // A folder of only an empty note still builds a report, of nothing.
    cmd()
        .arg("build")
        .arg(&notes)
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "No weekly notes with a date in this folder.",
        ));
}

#[test]
fn a_note_of_only_headings_has_its_sections_and_no_facts() {
    let note = common::parse(
        "# 第28周 2023-07-08\n## 系统运行数据\n### 细项\n# 下周工作及目标\n## 【O1 目标】\n",
    );
    assert_eq!(
        note.date.map(|d| d.to_string()).as_deref(),
        Some("2023-07-08")
    );
    let headings: Vec<(&str, u8)> = note
        .sections
        .iter()
        .map(|s| (s.heading.as_str(), s.level))
        .collect();
    assert_eq!(
        headings,
        [
            ("第28周 2023-07-08", 1),
            ("系统运行数据", 2),
            ("细项", 3),
            ("下周工作及目标", 1),
            ("【O1 目标】", 2)
        ]
    );
    assert!(note.metrics.is_empty() && note.next_week.is_empty() && note.events.is_empty());
    assert!(note.diagnostics.is_empty());
}

#[test]
fn mixed_line_endings_and_non_breaking_spaces_count_lines_like_an_editor() {
    // CRLF, a lone CR and LF in one file; a no-break space and an ideographic space before values.
    let text = "# Week 28 2023-07-08\r\n\r\n## KPIs\r- Availability:\u{a0}99.9%\n- Deposit success rate:\u{3000}99.5%\r\n\tTPS: 20 (target 50)\r\n";
    let note =
        weekly_report::parse_note_bytes("mixed.md", text.as_bytes(), &common::CONFIG).unwrap();
    let metrics: Vec<(&str, String, u32)> = note
        .metrics
        .iter()
        .map(|m| (m.name.as_str(), common::dec(m.value), m.line))
        .collect();
    assert_eq!(
        metrics,
        [
            ("Availability", "99.9".to_string(), 4),
            ("Deposit success rate", "99.5".to_string(), 5),
            ("TPS", "20".to_string(), 6),
        ]
    );
    assert_eq!(
        note.metrics[2].target.map(common::dec).as_deref(),
        Some("50")
    );
}

#[test]
fn invalid_utf8_that_is_not_gb18030_is_an_error_naming_the_file_and_line() {
    let (_tmp, notes) = notes_folder(&[
        ("good.md", WEEK.as_bytes()),
        (
            "bad.md",
            b"# \xe5\x91\xa8\xe6\x8a\xa5\n\n- ok\n- \x80\xff\xfe\n",
        ),
    ]);
    cmd()
        .arg("parse")
        .arg(notes.join("bad.md"))
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("bad.md")
                .and(predicate::str::contains("neither UTF-8 nor GB18030"))
                .and(predicate::str::contains("line 4, byte 3 of the line"))
                .and(predicate::str::contains("save it as UTF-8")),
        );
    // A folder with it: the error once, and the other note is still checked and built.
    let check = cmd().arg("check").arg(&notes).assert().code(2);
    let stderr = String::from_utf8(check.get_output().stderr.clone()).unwrap();
    assert_eq!(
        stderr.matches("neither UTF-8 nor GB18030").count(),
        1,
        "{stderr}"
    );
    cmd()
        .arg("build")
        .arg(&notes)
        .assert()
        .code(2)
        .stdout(predicate::str::contains("| 入金有效成功率 | 99.99% |"));
}

// --- Pathological Markdown --------------------------------------------------------------------

#[test]
fn pathological_markdown_parses_without_overflowing_the_stack() {
    // Test threads have a 2 MiB stack, a quarter of the main thread's: a recursive walk over
    // these trees would abort the whole test binary. `cargo run --release --example
    // pathological` times the same cases.
    for case in pathological::cases() {
        let note = common::parse(&case.text);
        let facts = match case.name {
            "4 MB line of metrics" => note.metrics.len(),
            "4 MB line of events" => note.events.len(),
            "4 MB line of project clauses" => note.all_items().count(),
            "100,000 headings" => note.sections.len(),
            _ => 0,
        };
        let expected = match case.name {
            "4 MB line of metrics" => case.text.matches("入金有效成功率").count(),
            // One list item, one event: its time is the first one on the line.
            "4 MB line of events" => 1,
            // The list item, and a child per clause.
            "4 MB line of project clauses" => case.text.matches("项目甲").count() + 1,
            "100,000 headings" => 100_000,
            _ => 0,
        };
        assert_eq!(facts, expected, "{}", case.name);
        let deep = case.name.starts_with("nested list") || case.name.starts_with("2,000 levels");
        assert_eq!(
            codes(&note).contains("nesting-too-deep"),
            deep,
            "{}: {:?}",
            case.name,
            codes(&note)
        );
    }
}

#[test]
fn a_50_mb_note_yields_every_copy_of_its_facts() {
    let case = pathological::huge_note();
    let copies = case.text.matches("# 第28周 2023-07-08").count();
    assert!(copies > 10_000);
    let note = common::parse(&case.text);
    assert_eq!(note.events.len(), 2 * copies);
    assert_eq!(note.objectives.len(), 3 * copies);
    assert_eq!(note.next_week.len(), 4 * copies);
}

// --- Hostile YAML -----------------------------------------------------------------------------

/// A billion laughs: nine levels of nine aliases each.
fn alias_bomb(key: &str) -> String {
    let mut y = format!("{key}:\n  - &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for level in 1..9u8 {
        let (name, prev) = ((b'a' + level) as char, (b'a' + level - 1) as char);
        y.push_str(&format!(
            "  - &{name} [{}]\n",
            vec![format!("*{prev}"); 9].join(", ")
        ));
    }
    y
}

fn hostile_yaml(key: &str) -> Vec<(&'static str, String)> {
    vec![
        ("alias bomb", alias_bomb(key)),
        (
            "10,000-deep nesting",
            format!("{key}: {}1\n", "- ".repeat(10_000)),
        ),
        (
            "240 KB of nested flow brackets",
            format!("{key}: {}{}\n", "[".repeat(120_000), "]".repeat(120_000)),
        ),
    ]
}

#[test]
fn hostile_front_matter_is_ignored_with_a_diagnostic_and_the_note_still_parses() {
    for (name, yaml) in hostile_yaml("title") {
        let text = format!("---\n{yaml}---\n{WEEK}");
        let note = common::parse(&text);
        assert!(
            codes(&note).contains("invalid-front-matter"),
            "{name}: {:?}",
            note.diagnostics
        );
        assert_eq!(note.front_matter, None, "{name}");
        assert_eq!(note.metrics.len(), 1, "{name}: the body is still read");
    }
    // Front matter over the cap is not parsed at all.
    let big = format!("---\ntitle: \"{}\"\n---\n{WEEK}", "x".repeat(300 * 1024));
    let note = common::parse(&big);
    let d = &note.diagnostics[0];
    assert_eq!(d.code.as_str(), "invalid-front-matter");
    assert!(d.message.contains("262144-byte limit"), "{}", d.message);
}

#[test]
fn hostile_configuration_is_refused_with_an_error_naming_the_file() {
    for (_, yaml) in hostile_yaml("required_sections") {
        let (_tmp, notes) = notes_folder(&[
            ("w.md", WEEK.as_bytes()),
            ("weekly-report.yaml", yaml.as_bytes()),
        ]);
        cmd()
            .arg("build")
            .arg(&notes)
            .assert()
            .code(2)
            .stderr(
                predicate::str::contains("weekly-report.yaml")
                    .and(predicate::str::contains("invalid configuration")),
            )
            .stdout(predicate::str::is_empty());
    }
    let big = format!("# {}\n", "x".repeat(300 * 1024));
    let (_tmp, notes) = notes_folder(&[
        ("w.md", WEEK.as_bytes()),
        ("weekly-report.yaml", big.as_bytes()),
    ]);
    cmd().arg("check").arg(&notes).assert().code(2).stderr(
        predicate::str::contains("weekly-report.yaml")
            .and(predicate::str::contains("262144-byte limit")),
    );
}

// --- Impossible values ------------------------------------------------------------------------

#[test]
fn impossible_values_are_diagnostics_never_silently_wrong_values() {
    let text = "# 第28周 2023-07-08\n\n## 系统运行数据\n\n- 入金有效成功率：199.99%\n- 出金有效成功率：-3%\n\n## 生产稳定性事件\n\n- 2023-13-45 10:00 告警甲，影响5分钟\n- 7/4 25:61 告警乙，影响5分钟\n- 7/5 10:00 告警丙，处置：重启，影响-5分钟\n- 7/6 10:00 告警丁，处置：09:00 恢复\n\n## 【O1 目标】\n\n- 项目甲：开发中，计划7/32上线\n- 项目乙：开发中 120%\n";
    let note = common::parse(text);
    let found: Vec<(u32, &str, &str)> = note
        .diagnostics
        .iter()
        .map(|d| (d.line, d.code.as_str(), d.message.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (5, "value-out-of-range", "入金有效成功率 is 199.99%, outside 0–100%"),
            (6, "value-out-of-range", "出金有效成功率 is -3%, outside 0–100%"),
            (10, "invalid-date", "`2023-13-45` is not a date: there is no such month"),
            (11, "invalid-time", "`25:61` is not a time: there is no such time of day"),
            (12, "value-out-of-range", "impact of -5 minutes is negative"),
            (13, "recovery-before-event", "recovery at 09:00 is before the event at 10:00; write the recovery's date if it was the next day"),
            (17, "invalid-date", "`7/32` is not a date: there is no such day"),
            (18, "value-out-of-range", "progress 120% is outside 0–100%"),
        ]
    );
    // No invented date, time, impact, due date or progress.
    assert_eq!(note.events[0].at, None);
    assert_eq!(note.events[1].at, None);
    assert_eq!(note.events[2].impact_minutes, None);
    assert_eq!(
        note.events[3].impact_minutes, None,
        "no negative duration is derived"
    );
    assert_eq!(common::item(&note, "项目甲").due, None);
    assert_eq!(common::item(&note, "项目乙").progress, None);
    // The percentages are kept as written, for the reader; the rollup leaves them out of trends.
    assert_eq!(common::dec(note.metrics[0].value), "199.99");
    let rollup = weekly_report::analyze::rollup(&[note], &Default::default(), &common::CONFIG);
    let json = serde_json::to_string(&rollup).unwrap();
    assert!(
        !json.contains("199.99") && !json.contains("\"-3\""),
        "{json}"
    );
}

// --- Links and the notes folder ----------------------------------------------------------------

#[test]
fn a_symlink_loop_in_the_notes_folder_does_not_hang_the_walk() {
    let (_tmp, notes) = notes_folder(&[("w.md", WEEK.as_bytes())]);
    std::fs::create_dir_all(notes.join("sub")).unwrap();
    std::os::unix::fs::symlink("..", notes.join("sub/up")).unwrap();
    std::os::unix::fs::symlink(".", notes.join("self")).unwrap();
    std::os::unix::fs::symlink("loop-b.md", notes.join("loop-a.md")).unwrap();
    std::os::unix::fs::symlink("loop-a.md", notes.join("loop-b.md")).unwrap();
    cmd()
        .arg("build")
        .arg(&notes)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("1 weekly note ("));
    cmd().arg("check").arg(&notes).assert().code(0);
}

// --- Output ---------------------------------------------------------------------------------

#[test]
fn a_failed_build_leaves_the_previous_report_and_no_temporary_file() {
    let (tmp, notes) = notes_folder(&[("w.md", WEEK.as_bytes())]);
    let report = tmp.path().join("report.md");
    cmd()
        .arg("build")
        .arg(&notes)
        .arg("-o")
        .arg(&report)
        .assert()
        .code(0);
    let before = std::fs::read(&report).unwrap();
    let bad = tmp.path().join("bad.md");
    std::fs::write(&bad, "{{ teams | nosuch }}").unwrap();
    cmd()
        .arg("build")
        .arg(&notes)
        .arg("-o")
        .arg(&report)
        .arg("--template")
        .arg(&bad)
        .assert()
        .code(2);
    assert_eq!(std::fs::read(&report).unwrap(), before);
    let mut left: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["bad.md", "notes", "report.md"]);
}
