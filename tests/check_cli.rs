//! `weekly-report check`, `rules`, `init`, `completions` and `man` from the command line.

mod common;

use assert_cmd::Command;
use predicates::prelude::*;

const BROKEN: &str = "tests/fixtures/broken.md";

fn cmd() -> Command {
    let mut c = Command::cargo_bin("weekly-report").unwrap();
    c.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE");
    c
}

fn check(args: &[&str]) -> (Option<i32>, String) {
    let out = cmd().arg("check").args(args).output().unwrap();
    (out.status.code(), String::from_utf8(out.stdout).unwrap())
}

#[test]
fn the_sample_passes_with_its_real_inconsistencies_as_warnings() {
    let (code, out) = check(&[common::SAMPLE]);
    assert_eq!(code, Some(0));
    assert!(
        out.contains("stated 26.97% but 48/179 is 26.82% [WR003 ratio-mismatch]"),
        "{out}"
    );
    insta::assert_snapshot!("check_sample_human", out);
}

#[test]
fn every_format_on_the_sample_and_on_a_broken_note() {
    for format in ["github", "json", "json-lines", "sarif", "gitlab", "junit"] {
        let (code, out) = check(&[common::SAMPLE, "--format", format]);
        assert_eq!(code, Some(0), "{format}");
        insta::assert_snapshot!(format!("check_sample_{format}"), out);
    }
    for format in [
        "human",
        "github",
        "json",
        "json-lines",
        "sarif",
        "gitlab",
        "junit",
    ] {
        let (code, out) = check(&[BROKEN, "--format", format]);
        assert_eq!(code, Some(1), "{format}: errors fail the run");
        insta::assert_snapshot!(format!("check_broken_{format}"), out);
    }
}

#[test]
fn json_lines_and_github_commands_are_well_formed() {
    let (_, out) = check(&[BROKEN, "--format", "json-lines"]);
    let rules: Vec<String> = out
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["rule"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(
        rules.len(),
        13,
        "the sample beside it is the same week: WR018"
    );
    assert!(rules.contains(&"WR004".to_string()));
    let (_, out) = check(&[BROKEN, "--format", "github"]);
    assert!(
        out.lines()
            .all(|l| l.starts_with("::error file=") || l.starts_with("::warning file=")),
        "{out}"
    );
    assert!(out.contains("::error file=tests/fixtures/broken.md,line=9,col=11,endLine=9,endColumn=18,title=WR001 value-out-of-range::入金有效成功率 is 199.99%25, outside 0–100%25"), "{out}");
}

#[test]
fn exit_codes() {
    assert_eq!(check(&[common::SAMPLE]).0, Some(0));
    assert_eq!(
        check(&[common::SAMPLE, "--fail-level", "warning"]).0,
        Some(1)
    );
    assert_eq!(check(&[BROKEN]).0, Some(1));
    assert_eq!(check(&["no-such-note.md"]).0, Some(2));
    assert_eq!(check(&["--format", "xml"]).0, Some(2));
    let tmp = tempfile::tempdir().unwrap();
    let config = tmp.path().join("c.yaml");
    std::fs::write(&config, "rules:\n  ratio-mismatch: error\n").unwrap();
    assert_eq!(
        check(&[common::SAMPLE, "--config", config.to_str().unwrap()]).0,
        Some(1)
    );
    std::fs::write(&config, "rules:\n  ratio-mismatsh: error\n").unwrap();
    cmd()
        .args(["check", common::SAMPLE, "--config"])
        .arg(&config)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("ratio-mismatsh").and(predicate::str::contains("c.yaml")));
}

#[test]
fn a_folder_is_checked_note_by_note_and_an_unreadable_note_is_reported() {
    let (code, out) = check(&["examples/notes"]);
    assert_eq!(code, Some(0));
    assert!(
        out.contains("examples/notes/第28周 2023-07-08.md: 0 error(s), 2 warning(s), 0 note(s)"),
        "{out}"
    );
    let (_tmp, notes) = common::example_copy();
    std::fs::write(notes.join("zz.md"), b"\x00binary").unwrap();
    cmd()
        .arg("check")
        .arg(&notes)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("zz.md"));
}

#[test]
fn fix_corrects_the_week_number_and_nothing_else() {
    let tmp = tempfile::tempdir().unwrap();
    let note = tmp.path().join("第27周 2023-07-08.md");
    std::fs::write(&note, "# 第27周 2023-07-08\n\n## 系统运行数据\n\n- 入金成功率：99.9%\n\n# 下周工作及目标\n\n1. 跟进\n").unwrap();
    cmd().arg("check").arg(&note).assert().code(1);
    cmd()
        .arg("check")
        .arg("--fix")
        .arg(&note)
        .assert()
        .success();
    assert_eq!(std::fs::read_to_string(&note).unwrap(), "# 第28周 2023-07-08\n\n## 系统运行数据\n\n- 入金成功率：99.9%\n\n# 下周工作及目标\n\n1. 跟进\n");
}

#[test]
fn links_out_of_the_notes_folder_are_reported_and_never_followed() {
    let tmp = tempfile::tempdir().unwrap();
    let notes = tmp.path().join("notes");
    std::fs::create_dir_all(&notes).unwrap();
    std::fs::write(notes.join("weekly-report.yaml"), "").unwrap();
    std::fs::write(tmp.path().join("secret.md"), "secret").unwrap();
    std::os::unix::fs::symlink(tmp.path().join("secret.md"), notes.join("innocent.md")).unwrap();
    let body = "# 第28周 2023-07-08\n\n## 系统运行数据\n\n- 入金成功率：99.9%\n\n# 下周工作及目标\n\n1. x\n\n# 日报合集\n\n[a](../secret.md)\n\n[b](/etc/passwd)\n\n[c](innocent.md)\n\n[d](missing.md)\n";
    std::fs::write(notes.join("w.md"), body).unwrap();
    let out = cmd()
        .args(["check", "--format", "json-lines"])
        .arg(notes.join("w.md"))
        .output()
        .unwrap();
    let messages: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["message"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(
        messages,
        [
            "links to ../secret.md, outside the notes folder; it is not read",
            "links to /etc/passwd, outside the notes folder; it is not read",
            "links to innocent.md, outside the notes folder; it is not read",
            "links to missing.md, which does not exist",
        ]
    );
}

#[test]
fn progress_regression_reads_last_weeks_note_beside_it() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("weekly-report.yaml"), "").unwrap();
    let tail = "\n# 下周工作及目标\n\n1. x\n";
    std::fs::write(tmp.path().join("第27周 2023-07-01.md"), format!("# 第27周 2023-07-01\n\n## 系统运行数据\n\n- 入金成功率：99.9%\n\n## O1 x\n\n- 网联代收：开发进度 85%\n{tail}")).unwrap();
    let this = tmp.path().join("第28周 2023-07-08.md");
    std::fs::write(&this, format!("# 第28周 2023-07-08\n\n## 系统运行数据\n\n- 入金成功率：99.9%\n\n## O1 x\n\n- 网联代收：开发进度 70%\n{tail}")).unwrap();
    let (code, out) = check(&[this.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code, Some(0));
    assert!(
        out.contains("网联代收 is at 70%, down from 85% in 第27周 2023-07-01.md"),
        "{out}"
    );
}

#[test]
fn last_weeks_note_is_found_across_the_new_year() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("weekly-report.yaml"), "").unwrap();
    let note = |title: &str, progress: u32| {
        format!("# {title}\n\n## O1 x\n\n- 网联代收：开发进度 {progress}%\n\n# 下周工作及目标\n\n1. x\n")
    };
    // Another year's note in the folder with a nearby week number is not last week's.
    std::fs::write(
        tmp.path().join("第52周 2022-12-31.md"),
        note("第52周 2022-12-31", 10),
    )
    .unwrap();
    std::fs::write(
        tmp.path().join("第53周 2023-12-30.md"),
        note("第53周 2023-12-30", 85),
    )
    .unwrap();
    let this = tmp.path().join("第1周 2024-01-06.md");
    std::fs::write(&this, note("第1周 2024-01-06", 70)).unwrap();
    let (_, out) = check(&[this.to_str().unwrap(), "--format", "json"]);
    assert!(
        out.contains("网联代收 is at 70%, down from 85% in 第53周 2023-12-30.md"),
        "{out}"
    );
}

#[test]
fn rules_lists_every_rule() {
    let out = cmd().arg("rules").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().count(), weekly_report::lint::RULES.len());
    assert!(text.contains("WR003  ratio-mismatch"));
}

#[test]
fn init_scaffolds_and_never_overwrites() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("weekly-report.yaml"), "# mine\n").unwrap();
    cmd()
        .arg("init")
        .arg(tmp.path())
        .assert()
        .success()
        .stderr(predicate::str::contains("kept").and(predicate::str::contains("wrote")));
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("weekly-report.yaml")).unwrap(),
        "# mine\n"
    );
    for f in [
        ".pre-commit-config.yaml",
        ".github/workflows/weekly-report.yml",
        "templates/weekly-note.md",
    ] {
        assert!(tmp.path().join(f).is_file(), "{f}");
    }
    // What init writes is valid configuration.
    let fresh = tempfile::tempdir().unwrap();
    cmd().arg("init").arg(fresh.path()).assert().success();
    cmd()
        .arg("config")
        .arg(fresh.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("valid"));
}

#[test]
fn completions_and_man_page() {
    cmd()
        .args(["completions", "bash"])
        .assert()
        .success()
        .stdout(predicate::str::contains("weekly-report"));
    cmd()
        .args(["completions", "zsh"])
        .assert()
        .success()
        .stdout(predicate::str::contains("#compdef weekly-report"));
    cmd()
        .arg("man")
        .assert()
        .success()
        .stdout(predicate::str::contains(".TH weekly-report 1"));
}
