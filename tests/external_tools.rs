//! `check` against real outside tools: Microsoft's SARIF validator and the pre-commit framework.
//!
//! `.ci/run` installs both and runs these tests with `--include-ignored`; elsewhere `cargo test`
//! lists them as ignored, with the tool they need. Asked to run without the tool, they fail.

mod common;

use std::path::PathBuf;
use std::process::Command;

fn sarif_validator() -> PathBuf {
    let candidate = std::env::var_os("SARIF_MULTITOOL")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            common::root(".ci/node/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool")
        });
    common::tool(
        "the SARIF multitool",
        candidate.is_file().then_some(candidate),
    )
}

/// Runs the validator on `sarif`; returns its error-level results.
fn validation_errors(tool: &PathBuf, sarif: &str) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.sarif");
    let output = dir.path().join("out.sarif");
    std::fs::write(&input, sarif).unwrap();
    let status = Command::new(tool)
        .arg("validate")
        .arg(&input)
        .arg("--output")
        .arg(&output)
        .status()
        .unwrap();
    let report: serde_json::Value = match std::fs::read_to_string(&output) {
        Ok(text) => serde_json::from_str(&text).unwrap(),
        Err(_) => panic!("the validator wrote no report (exit status {status})"),
    };
    report["runs"][0]["results"]
        .as_array()
        .map(|r| {
            r.iter()
                .filter(|x| x["level"] == "error")
                .map(|x| x["message"]["text"].to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
#[ignore = "needs the SARIF multitool (.ci/run installs it; run with --include-ignored)"]
fn sarif_output_passes_the_sarif_validator() {
    let tool = sarif_validator();
    for note in [common::SAMPLE, "tests/fixtures/broken.md"] {
        let out = Command::new(assert_cmd::cargo::cargo_bin("weekly-report"))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(["check", note, "--format", "sarif"])
            .output()
            .unwrap();
        let sarif = String::from_utf8(out.stdout).unwrap();
        assert_eq!(
            validation_errors(&tool, &sarif),
            Vec::<String>::new(),
            "{note}"
        );
    }
    // The validator does catch a broken log, so the assertion above can fail.
    let broken =
        r#"{"version":"2.1.0","runs":[{"tool":{"driver":{}},"results":[{"message":{}}]}]}"#;
    assert!(!validation_errors(&tool, broken).is_empty());
}

fn git(dir: &std::path::Path, args: &[&str]) {
    let status = Command::new("git")
        .current_dir(dir)
        .args(args)
        .status()
        .unwrap();
    assert!(status.success(), "git {args:?}");
}

#[test]
#[ignore = "needs pre-commit (.ci/run installs it; run with --include-ignored)"]
fn pre_commit_refuses_a_bad_note_and_passes_a_good_one() {
    let pre_commit = common::tool("pre-commit", common::on_path("pre-commit"));
    let repo = tempfile::tempdir().unwrap();
    git(repo.path(), &["init", "-q"]);
    let good = "# 第28周 2023-07-08\n\n## 系统运行数据\n\n- 入金成功率：99.9%\n\n# 下周工作及目标\n\n1. 跟进\n";
    std::fs::write(repo.path().join("good.md"), good).unwrap();
    std::fs::write(repo.path().join("bad.md"), good.replace("第28周", "第27周")).unwrap();
    git(repo.path(), &["add", "."]);
    // pre-commit builds the hook with `cargo install` once and caches it here.
    let home = common::root("target/pre-commit-home");
    let run = |file: &str| {
        Command::new(&pre_commit)
            .current_dir(repo.path())
            .env("PRE_COMMIT_HOME", &home)
            .args([
                "try-repo",
                env!("CARGO_MANIFEST_DIR"),
                "weekly-report-check",
                "--files",
                file,
            ])
            .output()
            .unwrap()
    };
    let passed = run("good.md");
    let text = String::from_utf8_lossy(&passed.stdout).to_string()
        + &String::from_utf8_lossy(&passed.stderr);
    assert!(passed.status.success(), "{text}");
    assert!(text.contains("Passed"), "{text}");
    let refused = run("bad.md");
    let text = String::from_utf8_lossy(&refused.stdout).to_string()
        + &String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success(), "{text}");
    assert!(
        text.contains("Failed") && text.contains("WR004 week-date-mismatch"),
        "{text}"
    );
}

/// `weekly-report check ARGS` in the crate root: its stdout.
fn check_output(args: &[&str]) -> String {
    let out = Command::new(assert_cmd::cargo::cargo_bin("weekly-report"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("check")
        .args(args)
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}

/// Runs `python3 -c script` with `input` on stdin; returns (success, stdout + stderr).
fn python(script: &str, input: &str) -> (bool, String) {
    use std::io::Write;
    let python = common::tool("python3", common::on_path("python3"));
    let mut child = Command::new(python)
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
    )
}

const VALIDATE_GITLAB: &str = r#"
import json, sys, jsonschema
schema = json.load(open(sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures/gitlab-codequality.schema.json"))
report = json.load(sys.stdin)
jsonschema.validate(report, schema)
fingerprints = [issue["fingerprint"] for issue in report]
assert len(set(fingerprints)) == len(fingerprints), "fingerprints are unique"
print(len(report), "issues")
"#;

#[test]
#[ignore = "needs python3 with jsonschema (.ci/run installs it; run with --include-ignored)"]
fn gitlab_report_matches_the_code_quality_format() {
    let report = check_output(&["tests/fixtures/broken.md", "--format", "gitlab"]);
    let (ok, said) = python(VALIDATE_GITLAB, &report);
    assert!(ok, "{said}");
    assert_eq!(said.trim(), "13 issues");
    let (ok, said) = python(
        VALIDATE_GITLAB,
        &check_output(&[common::SAMPLE, "--format", "gitlab"]),
    );
    assert!(ok && said.trim() == "3 issues", "{said}");
    // The schema does reject a broken report, so the assertions above can fail.
    let broken = report.replacen("\"major\"", "\"serious\"", 1);
    let (ok, said) = python(VALIDATE_GITLAB, &broken);
    assert!(!ok && said.contains("serious"), "{said}");
}

const READ_JUNIT: &str = r#"
import sys, xml.etree.ElementTree as ET
root = ET.fromstring(sys.stdin.buffer.read())
assert root.tag == "testsuites", root.tag
total = failures = 0
for suite in root:
    assert suite.tag == "testsuite", suite.tag
    for attr in ("name", "tests", "failures", "errors", "skipped"):
        assert attr in suite.attrib, attr
    cases = suite.findall("testcase")
    assert int(suite.get("tests")) == len(cases), (suite.get("name"), len(cases))
    failed = [c for c in cases if c.find("failure") is not None]
    assert int(suite.get("failures")) == len(failed)
    for case in cases:
        assert case.get("name") and case.get("classname")
    for case in failed:
        assert case.find("failure").get("message")
    total += len(cases)
    failures += len(failed)
assert int(root.get("tests")) == total and int(root.get("failures")) == failures
print(total, "cases", failures, "failures")
"#;

#[test]
#[ignore = "needs python3 (.ci/run has it; run with --include-ignored)"]
fn junit_report_reads_in_an_xml_parser_with_consistent_counts() {
    let (ok, said) = python(
        READ_JUNIT,
        &check_output(&["tests/fixtures/broken.md", "--format", "junit"]),
    );
    assert!(ok, "{said}");
    assert_eq!(
        said.trim(),
        "13 cases 5 failures",
        "errors fail; warnings pass with output"
    );
    let (ok, said) = python(
        READ_JUNIT,
        &check_output(&[
            "tests/fixtures/broken.md",
            "--format",
            "junit",
            "--fail-level",
            "warning",
        ]),
    );
    assert!(ok && said.trim() == "13 cases 13 failures", "{said}");
    // A note without findings is one passing case; markup in a message stays text.
    let dir = tempfile::tempdir().unwrap();
    let clean = dir.path().join("第28周 2023-07-08.md");
    std::fs::write(&clean, "# 第28周 2023-07-08\n\n## 系统运行数据\n\n- 入金成功率：99.9%\n\n# 下周工作及目标\n\n1. 跟进\n").unwrap();
    let hostile = dir.path().join("a<&\"'>.md");
    std::fs::write(&hostile, "# <b>&\"'\n").unwrap();
    let (ok, said) = python(
        READ_JUNIT,
        &check_output(&[
            clean.to_str().unwrap(),
            hostile.to_str().unwrap(),
            "--format",
            "junit",
        ]),
    );
    assert!(ok, "{said}");
    assert_eq!(said.trim(), "3 cases 0 failures");
}
