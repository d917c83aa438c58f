//! No silent drops: `build` names on stderr every note it leaves out and why, its report's
//! footer counts them, `--from`/`--to` that select nothing say which weeks there are, and
//! `parse` and `check` of a folder without notes say so.

mod common;

use assert_cmd::Command;

fn cmd(dir: &std::path::Path) -> Command {
    let mut c = Command::cargo_bin("weekly-report").unwrap();
    c.current_dir(dir);
    c
}

/// The examples, with a page that is no note (a README is not even read: it is skipped by
/// name) and a weekly note without a date beside them.
fn notes_with_strays() -> (tempfile::TempDir, std::path::PathBuf) {
    let (tmp, notes) = common::example_copy();
    std::fs::write(notes.join("index.md"), "# 读我\n\n这是周报仓库。\n").unwrap();
    std::fs::write(
        notes.join("草稿.md"),
        "# 草稿\n\n## 系统运行数据\n\n- 入金有效成功率：99.9%\n",
    )
    .unwrap();
    (tmp, notes)
}

fn run(dir: &std::path::Path, args: &[&str]) -> (String, String) {
    let out = cmd(dir).args(args).assert().success().get_output().clone();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn build_names_each_note_it_leaves_out_and_the_footer_counts_them() {
    let (_tmp, notes) = notes_with_strays();
    let (report, stderr) = run(&notes, &["build", "."]);
    assert_eq!(
        stderr,
        "left out index.md: not a weekly or daily note\nleft out 草稿.md: no date\n"
    );
    assert!(
        report.ends_with(
            "\n---\n\n6 weekly notes and 9 daily notes read, 2 left out (no date: 1, not a weekly or daily note: 1).\n"
        ),
        "{}",
        &report[report.len().saturating_sub(300)..]
    );
    let json: serde_json::Value =
        serde_json::from_str(&run(&notes, &["build", ".", "--format", "json"]).0).unwrap();
    assert_eq!(json["notes"]["weekly"], 6);
    assert_eq!(json["notes"]["daily"], 9);
    assert_eq!(
        json["notes"]["left_out"],
        serde_json::json!([
            {"path": "index.md", "reason": "not_a_note", "why": "not a weekly or daily note"},
            {"path": "草稿.md", "reason": "no_date", "why": "no date"},
        ])
    );
    let html = run(&notes, &["build", ".", "--format", "html"]).0;
    assert!(html.contains("<footer class=\"meta\">6 weekly notes and 9 daily notes read, 2 left out (no date: 1, not a weekly or daily note: 1).</footer>"));
}

#[test]
fn writing_a_file_says_what_it_wrote_and_quiet_says_nothing() {
    let (_tmp, notes) = notes_with_strays();
    let (stdout, stderr) = run(&notes, &["build", ".", "-o", "REPORT.md"]);
    assert_eq!(stdout, "", "nothing on stdout");
    assert_eq!(
        stderr,
        "left out index.md: not a weekly or daily note\nleft out 草稿.md: no date\n\
         wrote REPORT.md: 6 weekly notes, 9 daily notes, 2 left out\n"
    );
    let (stdout, stderr) = run(&notes, &["build", ".", "-o", "REPORT.md", "--quiet"]);
    assert_eq!((stdout.as_str(), stderr.as_str()), ("", ""));
    // One of each: singular.
    let (_, stderr) = run(
        &notes,
        &[
            "build", ".", "-o", "W28.md", "--from", "2023-W28", "--to", "2023-W28", "-q",
        ],
    );
    assert_eq!(stderr, "");
    let (_, stderr) = run(
        &notes,
        &[
            "build", ".", "-o", "W28.md", "--from", "2023-W28", "--to", "2023-W28",
        ],
    );
    assert!(
        stderr.ends_with("wrote W28.md: 1 weekly note, 1 daily note, 15 left out\n"),
        "{stderr}"
    );
    assert!(stderr.contains("left out 第27周 2023-07-01.md: outside --from/--to\n"));
    assert!(stderr.contains("left out daily/2023-07-10 周一.md: outside --from/--to\n"));
}

#[test]
fn a_range_that_selects_nothing_names_the_weeks_there_are() {
    let (_tmp, notes) = common::example_copy();
    let (report, stderr) = run(&notes, &["build", ".", "--from", "2025-W01"]);
    assert!(
        report.contains(
            "No weekly notes dated from 2024-12-30: the notes hold\n2023-W27 (2023-07-01) – 2024-W11 (2024-03-15)."
        ),
        "{report}"
    );
    assert!(!report.contains("No weekly notes with a date in this folder"));
    assert!(stderr.ends_with(
        "no weekly notes in --from/--to; the notes hold 2023-W27 (2023-07-01) – 2024-W11 (2024-03-15)\n"
    ));
}

#[test]
fn a_reversed_range_is_an_error() {
    let (_tmp, notes) = common::example_copy();
    let out = cmd(&notes)
        .args(["build", ".", "--from", "2023-W29", "--to", "2023-W28"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: --from 2023-W29 (2023-07-10) is after --to 2023-W28 (2023-07-09): the range holds no day\n"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn an_unreadable_note_is_counted_in_the_footer() {
    let (_tmp, notes) = common::example_copy();
    std::fs::write(notes.join("bad.md"), [0xff, 0xfe, 0x00, 0x00, 0xff]).unwrap();
    let out = cmd(&notes)
        .args(["build", "."])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(stderr.contains("bad.md"));
    assert!(!stderr.contains("left out bad.md"), "its error says why");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(report.contains("1 left out (unreadable: 1)."), "{report}");
}

#[test]
fn parse_and_check_of_a_folder_without_notes_say_so() {
    let dir = tempfile::tempdir().unwrap();
    let (stdout, _) = run(dir.path(), &["parse", "."]);
    assert_eq!(stdout, "[]\n");
    let (stdout, _) = run(dir.path(), &["parse", ".", "--format", "yaml"]);
    assert_eq!(stdout, "[]\n");
    let (stdout, stderr) = run(dir.path(), &["check", "."]);
    assert_eq!((stdout.as_str(), stderr.as_str()), ("", "no notes in .\n"));
}
