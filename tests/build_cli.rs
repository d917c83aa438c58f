//! `weekly-report build`, `diff` and `templates` from the command line.

mod common;

use std::path::Path;
use std::process::Output;

use assert_cmd::Command;
use predicates::prelude::*;

fn cmd() -> Command {
    let mut c = Command::cargo_bin("weekly-report").unwrap();
    c.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE");
    c
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn build(args: &[&str]) -> String {
    stdout(
        &cmd()
            .arg("build")
            .args(args)
            .assert()
            .success()
            .get_output()
            .clone(),
    )
}

#[test]
fn markdown_report_snapshot() {
    insta::assert_snapshot!("build_md", build(&["examples/notes"]));
}

#[test]
fn json_report_snapshot() {
    let json = build(&["examples/notes", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["schema_version"], 2);
    assert_eq!(v["generator"], "weekly-report");
    assert_eq!(v["teams"][0]["summary"]["slipped"], 1);
    insta::assert_snapshot!("build_json", json);
}

#[test]
fn csv_report_snapshot() {
    let csv = build(&["examples/notes", "--format", "csv"]);
    assert!(csv.starts_with("team,week,date,metric,kind,value,unit,target,breach\n"));
    assert!(
        csv.contains(",2023-W30,2023-07-22,出金有效成功率,success_rate,99.94,%,99.95,yes\n"),
        "{csv}"
    );
    insta::assert_snapshot!("build_csv", csv);
}

#[test]
fn the_same_notes_give_a_byte_identical_report_whatever_the_threads() {
    let runs: Vec<Vec<u8>> = ["1", "2", "2"]
        .iter()
        .map(|threads| {
            cmd()
                .args(["build", "examples/notes"])
                .env("RAYON_NUM_THREADS", threads)
                .assert()
                .success()
                .get_output()
                .stdout
                .clone()
        })
        .collect();
    assert_eq!(runs[0], runs[1]);
    assert_eq!(runs[1], runs[2]);
}

#[test]
fn check_says_whether_the_committed_report_is_up_to_date() {
    let (_tmp, notes) = common::example_copy();
    let report = notes.join("report.md");
    // Missing: stale.
    cmd()
        .arg("build")
        .arg(&notes)
        .arg("-o")
        .arg(&report)
        .arg("--check")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("does not exist"));
    cmd()
        .arg("build")
        .arg(&notes)
        .arg("-o")
        .arg(&report)
        .assert()
        .success();
    let written = std::fs::read_to_string(&report).unwrap();
    assert_eq!(
        written,
        build(&[notes.to_str().unwrap()]),
        "-o writes what stdout shows"
    );
    cmd()
        .arg("build")
        .arg(&notes)
        .arg("-o")
        .arg(&report)
        .arg("--check")
        .assert()
        .success()
        .stdout("");
    // A note changes: the report is stale, and the diff shows the new value.
    let w30 = notes.join("第30周 2023-07-22.md");
    let text = std::fs::read_to_string(&w30)
        .unwrap()
        .replace("| 入金有效成功率 | 99.97% |", "| 入金有效成功率 | 99.91% |");
    std::fs::write(&w30, text).unwrap();
    cmd()
        .arg("build")
        .arg(&notes)
        .arg("-o")
        .arg(&report)
        .arg("--check")
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains("-| 入金有效成功率 | 99.98% | 99.99% | 99.99% | 99.97% |")
                .and(predicate::str::contains(
                    "+| 入金有效成功率 | 99.98% | 99.99% | 99.99% | **99.91% ⚠** |",
                )),
        )
        .stderr(predicate::str::contains(format!(
            "is out of date; run `weekly-report build {} -o ",
            notes.display()
        )));
    assert_eq!(
        std::fs::read_to_string(&report).unwrap(),
        written,
        "--check writes nothing"
    );
}

#[test]
fn output_never_replaces_a_note_nor_writes_through_a_link() {
    let (tmp, notes) = common::example_copy();
    let note = notes.join("第28周 2023-07-08.md");
    let before = std::fs::read(&note).unwrap();
    cmd()
        .arg("build")
        .arg(&notes)
        .arg("-o")
        .arg(&note)
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("refusing to overwrite")
                .and(predicate::str::contains("it is a note")),
        );
    assert_eq!(std::fs::read(&note).unwrap(), before);

    let target = tmp.path().join("elsewhere.md");
    std::fs::write(&target, "keep me").unwrap();
    let link = tmp.path().join("report.md");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    cmd()
        .arg("build")
        .arg(&notes)
        .arg("-o")
        .arg(&link)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("symbolic link"));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep me");
}

#[test]
fn the_report_is_not_read_back_as_a_note_and_the_format_follows_the_extension() {
    let (_tmp, notes) = common::example_copy();
    let report = notes.join("rollup.json");
    cmd()
        .arg("build")
        .arg(&notes)
        .arg("-o")
        .arg(&report)
        .assert()
        .success();
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(v["teams"][0]["weeks"].as_array().unwrap().len(), 4);
    let md = notes.join("report.md");
    cmd()
        .arg("build")
        .arg(&notes)
        .arg("-o")
        .arg(&md)
        .assert()
        .success();
    cmd()
        .arg("build")
        .arg(&notes)
        .arg("-o")
        .arg(&md)
        .arg("--check")
        .assert()
        .success();
}

#[test]
fn an_unreadable_note_is_reported_and_the_build_goes_on() {
    let (_tmp, notes) = common::example_copy();
    std::fs::write(notes.join("broken.md"), b"\x00\x01binary").unwrap();
    let out = cmd()
        .arg("build")
        .arg(&notes)
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("broken.md").and(predicate::str::contains("not a text note")),
        )
        .get_output()
        .clone();
    assert!(stdout(&out).contains("| 入金有效成功率 |"));
}

#[test]
fn gitignored_notes_are_skipped() {
    let (_tmp, notes) = common::example_copy();
    std::fs::write(notes.join(".gitignore"), "第30周*\n").unwrap();
    let out = build(&[notes.to_str().unwrap(), "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["teams"][0]["weeks"].as_array().unwrap().len(), 3);
}

#[test]
fn templates_are_overridden_by_the_notes_folder_and_by_template() {
    let (tmp, notes) = common::example_copy();
    std::fs::create_dir_all(notes.join("templates")).unwrap();
    std::fs::write(
        notes.join("templates/report.md"),
        "{% for t in teams %}{{ t.weeks | length }} weeks\n{% endfor %}",
    )
    .unwrap();
    assert_eq!(
        build(&[notes.to_str().unwrap()]),
        format!(
            "{}\n4 weeks\n2 weeks\n",
            weekly_report::source::REPORT_MARKER
        ),
        "the templates folder is not read as notes; the marker comes first whatever the template"
    );
    let mine = tmp.path().join("mine.md");
    std::fs::write(&mine, "{{ teams[0].summary.done }} done\n").unwrap();
    assert_eq!(
        build(&[
            notes.to_str().unwrap(),
            "--template",
            mine.to_str().unwrap()
        ]),
        format!("{}\n7 done\n", weekly_report::source::REPORT_MARKER)
    );
}

#[test]
fn a_template_error_names_the_file_and_line_and_exits_2() {
    let tmp = tempfile::tempdir().unwrap();
    let bad = tmp.path().join("bad.md");
    std::fs::write(&bad, "# ok\n\n{{ teams | nosuch }}\n").unwrap();
    cmd()
        .args(["build", "examples/notes", "--template"])
        .arg(&bad)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bad.md").and(predicate::str::contains("line 3")));
}

#[test]
fn templates_export_writes_the_defaults_and_never_overwrites_silently() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("templates");
    cmd()
        .args(["templates", "export"])
        .arg(&dir)
        .assert()
        .success();
    let exported = std::fs::read_to_string(dir.join("report.md")).unwrap();
    assert_eq!(exported, include_str!("../templates/report.md"));
    cmd()
        .args(["templates", "export"])
        .arg(&dir)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--force"));
    cmd()
        .args(["templates", "export", "--force"])
        .arg(&dir)
        .assert()
        .success();
}

#[test]
fn period_and_range_arguments() {
    let out = build(&[
        "examples/notes",
        "--period",
        "quarter",
        "--from",
        "2023-W28",
        "--to",
        "2023-07-16",
    ]);
    assert!(out.contains("## Periods (quarter)"));
    assert!(
        out.contains("| 2023-Q3 | 2 (2023-W28 – 2023-W29) |"),
        "{out}"
    );
    cmd()
        .args(["build", "examples/notes", "--from", "last tuesday"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("neither a week"));
}

fn diff(args: &[&str]) -> Output {
    cmd()
        .arg("diff")
        .args(args)
        .args(["--dir", "examples/notes"])
        .output()
        .unwrap()
}

#[test]
fn diff_text_snapshot_between_two_weeks() {
    let out = diff(&["2023-W28", "2023-W29"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(
        !text.contains('\u{1b}'),
        "no colour when piped or with NO_COLOR"
    );
    assert!(
        text.contains("出金有效成功率 99.95% → 99.96% (+0.01 pp)"),
        "{text}"
    );
    assert!(
        text.contains("slipped   小贝帮帮项目 due 2023-07-13 → 2023-07-20 (+7 days)"),
        "{text}"
    );
    assert!(text.contains("completed 店东看账"), "{text}");
    insta::assert_snapshot!("diff_text", text);
}

#[test]
fn diff_markdown_and_json_snapshots() {
    insta::assert_snapshot!(
        "diff_md",
        stdout(&diff(&["2023-W28", "2023-W29", "--format", "md"]))
    );
    let json = stdout(&diff(&[
        "examples/notes/第28周 2023-07-08.md",
        "examples/notes/第29周 2023-07-15.md",
        "--format",
        "json",
    ]));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["projects"]["slipped"][0]["days"], 7);
    insta::assert_snapshot!("diff_json", json);
}

#[test]
fn diff_fails_on_request() {
    assert_eq!(
        diff(&["2023-W28", "2023-W29", "--fail-on", "slip"])
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        diff(&["2023-W29", "2023-W30", "--fail-on", "slip"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        diff(&["2023-W29", "2023-W30", "--fail-on", "slip,new-event"])
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        diff(&["2023-W29", "2023-W30", "--fail-on", "metric-drop"])
            .status
            .code(),
        Some(1)
    );
}

#[test]
fn diff_colours_a_terminal_on_request_and_explains_a_bad_week() {
    let out = cmd()
        .args(["diff", "2023-W28", "2023-W29", "--dir", "examples/notes"])
        .env_remove("NO_COLOR")
        .env("CLICOLOR_FORCE", "1")
        .output()
        .unwrap();
    assert!(stdout(&out).contains('\u{1b}'), "forced colour");
    let out = diff(&["2023-W40", "2023-W29"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no weekly note of 2023-W40"));
}

#[test]
fn watch_rebuilds_when_a_note_changes() {
    let (_tmp, notes) = common::example_copy();
    let report = notes.join("report.md");
    let bin = assert_cmd::cargo::cargo_bin("weekly-report");
    let mut child = std::process::Command::new(bin)
        .arg("build")
        .arg(&notes)
        .arg("-o")
        .arg(&report)
        .arg("--watch")
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let wait_for = |check: &dyn Fn(&str) -> bool| {
        for _ in 0..200 {
            if std::fs::read_to_string(&report).is_ok_and(|t| check(&t)) {
                return true;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        false
    };
    let first = wait_for(&|t: &str| t.contains("| 入金有效成功率 |"));
    let w30: &Path = &notes.join("第30周 2023-07-22.md");
    let text = std::fs::read_to_string(w30)
        .unwrap()
        .replace("| 入金有效成功率 | 99.97% |", "| 入金有效成功率 | 99.91% |");
    std::fs::write(w30, text).unwrap();
    let rebuilt = wait_for(&|t: &str| t.contains("99.91%"));
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(first, "the first build was written");
    assert!(rebuilt, "the report was rebuilt after the change");
}

#[test]
fn diff_says_what_is_missing_and_notes_a_reversed_order() {
    // A folder that does not exist.
    cmd()
        .args(["diff", "2023-W28", "2023-W29", "--dir", "no/such/folder"])
        .assert()
        .code(2)
        .stderr("error: `no/such/folder` is not a folder: --dir names the notes folder where weeks like 2023-W28 are looked up\n");
    // A week that has no note: the weeks that do are listed.
    cmd()
        .args(["diff", "2023-W28", "2023-W40", "--dir", "examples/notes"])
        .assert()
        .code(2)
        .stderr("error: no weekly note of 2023-W40 in `examples/notes`; its weeks are 2023-W27, 2023-W28, 2023-W29, 2023-W30, 2024-W10, 2024-W11\n");
    // Reversed: made as given, with a note on stderr.
    let forward = cmd()
        .args(["diff", "2023-W28", "2023-W29", "--dir", "examples/notes"])
        .output()
        .unwrap();
    assert!(forward.stderr.is_empty());
    let back = cmd()
        .args(["diff", "2023-W29", "2023-W28", "--dir", "examples/notes"])
        .output()
        .unwrap();
    assert_eq!(back.status.code(), Some(0));
    let stdout = String::from_utf8(back.stdout).unwrap();
    assert!(stdout.starts_with("2023-W29 → 2023-W28\n"), "{stdout}");
    assert_eq!(
        String::from_utf8(back.stderr).unwrap(),
        "note: OLD (examples/notes/第29周 2023-07-15.md) is later than NEW (examples/notes/第28周 2023-07-08.md): this is what changed going back in time; swap them for the week-over-week changes\n"
    );
}

#[test]
fn diff_says_which_notes_it_could_not_read_while_looking_for_a_week() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["第28周 2023-07-08.md", "第29周 2023-07-15.md"] {
        std::fs::copy(
            Path::new("examples/notes").join(name),
            dir.path().join(name),
        )
        .unwrap();
    }
    // A note that is no text: it might have been the week asked for.
    std::fs::write(dir.path().join("第30周 2023-07-22.md"), b"# \x00\n").unwrap();
    let out = cmd()
        .args(["diff", "2023-W28", "2023-W29", "--dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "a note was not read");
    assert!(stdout(&out).starts_with("2023-W28 → 2023-W29\n"));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.matches("error: ").count(), 1, "said once: {stderr}");
    assert!(
        stderr.contains("第30周 2023-07-22.md") && stderr.contains("NUL byte"),
        "{stderr}"
    );
}
