//! The `weekly-report` binary: arguments, stdout, stderr and exit codes.

mod common;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn cmd() -> Command {
    let mut c = Command::cargo_bin("weekly-report").unwrap();
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

fn json(out: &[u8]) -> Value {
    serde_json::from_slice(out).expect("stdout is JSON")
}

#[test]
fn parse_one_note_prints_one_object() {
    let out = cmd()
        .args(["parse", common::SAMPLE])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v = json(&out);
    assert_eq!(v["schema_version"], 2);
    assert_eq!(v["week"]["number"], 28);
    assert_eq!(v["metrics"][3]["value"].to_string(), "99.998");
    assert_eq!(v["events"][1]["impact_minutes"], 332);
}

#[test]
fn parse_several_notes_prints_an_array_in_argument_order() {
    let out = cmd()
        .args([
            "parse",
            "examples/notes/第29周 2023-07-15.md",
            common::SAMPLE,
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v = json(&out);
    let weeks: Vec<i64> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["week"]["number"].as_i64().unwrap())
        .collect();
    assert_eq!(weeks, [29, 28]);
}

#[test]
fn parse_as_yaml() {
    let out = cmd()
        .args(["parse", "--format", "yaml", common::SAMPLE])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("schema_version: 2"), "{text}");
    let v: Value = serde_saphyr::from_str(&text).unwrap();
    assert_eq!(v["incidents"]["by_grade"]["CD"], 1);
    assert_eq!(v["metrics"][3]["value"].as_f64(), Some(99.998));
}

#[test]
fn a_missing_file_is_an_error_naming_it_with_exit_code_2() {
    cmd()
        .args(["parse", "no/such/note.md"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            predicate::str::contains("error: cannot read `no/such/note.md`")
                .and(predicate::str::contains("No such file")),
        );
}

#[test]
fn a_binary_file_is_an_error_naming_it_with_exit_code_2() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("image.md");
    std::fs::write(&path, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR").unwrap();
    cmd().arg("parse").arg(&path).assert().code(2).stderr(
        predicate::str::contains("image.md").and(predicate::str::contains(
            "NUL byte (line 3, byte 1 of the line): this is not a text note",
        )),
    );
}

#[test]
fn an_unreadable_note_is_reported_and_the_others_still_parse() {
    let out = cmd()
        .args(["parse", common::SAMPLE, "missing.md"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.md"));
    // Two paths asked for: an array, whatever failed.
    let v = json(&out.stdout);
    assert_eq!(v.as_array().map(Vec::len), Some(1));
    assert_eq!(v[0]["title"], "第28周 2023-07-08");
}

#[test]
fn a_gb18030_note_parses_with_a_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gbk.md");
    let text = std::fs::read_to_string(common::root(common::SAMPLE)).unwrap();
    std::fs::write(&path, encoding_rs::GB18030.encode(&text).0).unwrap();
    let out = cmd()
        .arg("parse")
        .arg(&path)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v = json(&out);
    assert_eq!(v["diagnostics"][0]["code"], "gb18030-decoded");
    assert_eq!(v["metrics"][0]["name"], "入金有效成功率");
}

#[test]
fn the_notes_folder_configuration_extends_the_vocabulary() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("weekly-report.yaml"),
        "vocabulary:\n  sections:\n    metrics: [经营数据]\n",
    )
    .unwrap();
    let note = dir.path().join("w.md");
    std::fs::write(
        &note,
        "# 第28周 2023-07-08\n\n## 经营数据\n\n- 日均订单：1,200\n",
    )
    .unwrap();
    let out = cmd()
        .arg("parse")
        .arg(&note)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(json(&out)["metrics"][0]["value"], 1200);
    // Without the configuration (an empty one instead) the section is not a metrics section.
    let empty = note.with_file_name("empty.yaml");
    std::fs::write(&empty, "").unwrap();
    let out = cmd()
        .arg("parse")
        .arg(&note)
        .arg("--config")
        .arg(&empty)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(json(&out)["metrics"], Value::Array(vec![]));
}

#[test]
fn an_unknown_configuration_key_names_the_key_and_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("weekly-report.yaml");
    std::fs::write(&config, "vocabulary:\n  statusses:\n    done: [ok]\n").unwrap();
    cmd()
        .arg("parse")
        .arg(common::SAMPLE)
        .arg("--config")
        .arg(&config)
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("weekly-report.yaml")
                .and(predicate::str::contains("statusses")),
        );
}

#[test]
fn config_default_prints_the_builtin_configuration_which_reads_back() {
    let out = cmd()
        .args(["config", "--default"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.starts_with("# weekly-report configuration"));
    assert!(text.contains("week_numbering: jan1"));
    weekly_report::config::Config::from_yaml(&text, "printed")
        .expect("the printed default is a valid configuration");
}

#[test]
fn config_checks_the_file_in_use() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("weekly-report.yaml"),
        "week_numbering: iso\n",
    )
    .unwrap();
    cmd()
        .arg("config")
        .arg(dir.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("weekly-report.yaml: valid"));
}

#[test]
fn help_documents_exit_codes() {
    cmd()
        .args(["parse", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Exit codes:"));
}

#[test]
fn usage_errors_exit_2() {
    cmd().args(["parse"]).assert().code(2);
    cmd()
        .args(["parse", "--format", "xml", common::SAMPLE])
        .assert()
        .code(2);
}

#[test]
fn parse_a_folder_gives_every_note_in_path_order() {
    let out = cmd()
        .args(["parse", "examples/notes/platform-team"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let v = json(&out);
    let paths: Vec<&str> = v
        .as_array()
        .expect("a folder gives an array")
        .iter()
        .map(|n| n["path"].as_str().unwrap())
        .collect();
    assert!(paths.len() >= 3, "{paths:?}");
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
    assert!(paths
        .iter()
        .all(|p| p.starts_with("examples/notes/platform-team/")));
}
