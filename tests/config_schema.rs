//! The JSON Schema of `weekly-report.yaml` (`config --schema`, generated with schemars from the
//! configuration types): committed as `docs/config.schema.json`, current, and — checked by
//! python3's jsonschema — accepting the configurations the project ships and refusing an
//! unknown key, as the tool does.

mod common;

use std::process::Command;

fn weekly_report(args: &[&str]) -> String {
    let out = Command::new(assert_cmd::cargo::cargo_bin("weekly-report"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "{args:?}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_committed_schema_is_current() {
    let committed = std::fs::read_to_string(common::root("docs/config.schema.json")).unwrap();
    assert_eq!(
        weekly_report(&["config", "--schema"]),
        committed,
        "run `cargo run -- config --schema > docs/config.schema.json`"
    );
    let schema: serde_json::Value = serde_json::from_str(&committed).unwrap();
    assert_eq!(
        schema["additionalProperties"], false,
        "unknown keys are refused"
    );
    assert!(schema["properties"]["timezone"].is_object());
}

/// The configurations to accept: the built-in one, the one `init` writes, the README's
/// example and the test fixture for charts.
fn shipped_configs() -> Vec<(String, String)> {
    let readme = std::fs::read_to_string(common::root("README.md")).unwrap();
    let section = &readme[readme.find("## Configuration").unwrap()..];
    let start = section.find("```yaml\n").unwrap() + "```yaml\n".len();
    let example = section[start..start + section[start..].find("```").unwrap()].to_string();
    let init = tempfile::tempdir().unwrap();
    Command::new(assert_cmd::cargo::cargo_bin("weekly-report"))
        .args(["init", "--lang", "en"])
        .arg(init.path())
        .output()
        .unwrap();
    vec![
        (
            "config --default".into(),
            weekly_report(&["config", "--default"]),
        ),
        (
            "init's weekly-report.yaml".into(),
            std::fs::read_to_string(init.path().join("weekly-report.yaml")).unwrap(),
        ),
        ("README's example".into(), example),
        (
            "tests/fixtures/charts.yaml".into(),
            std::fs::read_to_string(common::root("tests/fixtures/charts.yaml")).unwrap(),
        ),
    ]
}

const VALIDATE: &str = r#"
import json, sys, jsonschema
schema = json.load(open("docs/config.schema.json"))
jsonschema.Draft202012Validator.check_schema(schema)
for name, config in json.load(sys.stdin):
    errors = [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(config)]
    print(name + ": " + ("valid" if not errors else "; ".join(errors)))
"#;

#[test]
#[ignore = "needs python3 with jsonschema (.ci/run installs it; run with --include-ignored)"]
fn the_schema_accepts_the_shipped_configurations_and_refuses_an_unknown_key() {
    use std::io::Write;
    let mut cases: Vec<(String, serde_json::Value)> = shipped_configs()
        .into_iter()
        .map(|(name, yaml)| {
            let value: serde_json::Value = if yaml.trim().is_empty() {
                serde_json::json!({})
            } else {
                serde_saphyr::from_str(&yaml).unwrap_or_else(|e| panic!("{name}: {e}"))
            };
            (name, value)
        })
        .collect();
    cases.push(("unknown key".into(), serde_json::json!({"bogus": 1})));
    cases.push((
        "unknown rule level".into(),
        serde_json::json!({"rules": {"WR003": "loud"}}),
    ));
    let python = common::tool("python3", common::on_path("python3"));
    let mut child = Command::new(python)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["-c", VALIDATE])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(serde_json::to_string(&cases).unwrap().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let said = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<&str> = said.lines().collect();
    assert_eq!(
        lines[..4],
        [
            "config --default: valid",
            "init's weekly-report.yaml: valid",
            "README's example: valid",
            "tests/fixtures/charts.yaml: valid",
        ]
    );
    assert_eq!(
        lines[4],
        "unknown key: Additional properties are not allowed ('bogus' was unexpected)"
    );
    assert!(
        lines[5].starts_with("unknown rule level: 'loud' is not valid"),
        "{said}"
    );
}
