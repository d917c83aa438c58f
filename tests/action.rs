//! `action.yml`, the composite GitHub Action: well formed, every input documented in the
//! README, inputs reaching scripts only through `env` (no expression in a `run:` script).
//!
//! actionlint would check more; its PyPI wrapper downloads the binary from GitHub when it is
//! installed, which the machines this suite runs on cannot reach.

mod common;

use serde_json::Value;

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
