//! The HTML report: self-contained, escaped, and checked in a real browser.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::Command as Cmd;

fn build_html(dir: &Path, out: &Path) -> String {
    Cmd::cargo_bin("weekly-report")
        .unwrap()
        .arg("build")
        .arg(dir)
        .arg("-o")
        .arg(out)
        .assert()
        .success();
    std::fs::read_to_string(out).unwrap()
}

#[test]
fn the_page_is_self_contained_and_has_its_parts() {
    let tmp = tempfile::tempdir().unwrap();
    let html = build_html(
        &common::root("examples/notes"),
        &tmp.path().join("report.html"),
    );
    // The report's marker, a comment (allowed before the doctype), then the page.
    let page = html
        .strip_prefix(weekly_report::source::REPORT_MARKER)
        .expect("the report opens with its marker");
    assert!(page.starts_with("\n<!doctype html>"));
    // Nothing is fetched: no scripts, no external styles, images, fonts or frames.
    let lower = html.to_lowercase();
    for forbidden in [
        "<script",
        "<link",
        "<img",
        "<iframe",
        "@import",
        "url(",
        "src=\"http",
        "href=\"http",
    ] {
        assert!(!lower.contains(forbidden), "{forbidden}");
    }
    assert_eq!(
        html.matches("<svg class=\"chart\"").count(),
        6,
        "KPI, impact and timeline charts for each of two teams"
    );
    for part in [
        "prefers-color-scheme: dark",
        "@media print",
        "@media (max-width: 640px)",
        "\"PingFang SC\"",
        "\"Noto Sans CJK SC\"",
        "<meta name=\"viewport\"",
    ] {
        assert!(html.contains(part), "{part}");
    }
    // The figures of the examples, in the page.
    assert!(html.contains("<td class=\"num breach\" title=\"breach\">99.94% ⚠</td>"));
    assert!(html.contains("332 <span class=\"derived\">derived</span>"));
    assert!(html.contains("<title>W30 出金有效成功率: 99.94% (breach)</title>"));
    assert!(html.contains("小贝帮帮项目: due 2023-07-13 → 2023-07-20"));
}

#[test]
fn hostile_note_text_is_inert() {
    let tmp = tempfile::tempdir().unwrap();
    let notes = tmp.path().join("notes");
    std::fs::create_dir_all(&notes).unwrap();
    let hostile = [
        "<script>alert(1)</script>",
        "&lt;script&gt;alert(2)&lt;/script&gt;",
        "`<script>alert(3)</script>`",
        "<img src=x onerror=alert(4)>",
        "<svg onload=alert(5)>",
        "[click](javascript:alert(6))",
        "[click](java&#x73;cript:alert(7))",
        "[click](JaVaScRiPt:alert(8))",
    ];
    let mut note = String::from(
        "# 第28周 2023-07-08\n\n## 系统运行数据\n\n- 入金成功率：99.9%\n\n## 生产稳定性事件\n\n",
    );
    for (i, h) in hostile.iter().enumerate() {
        note.push_str(&format!(
            "- 7/{} 10:00 事件{h}，原因：{h}，处置：{h}，影响5分钟\n",
            i + 1
        ));
    }
    note.push_str("\n## 【O1 目标】\n\n");
    for h in &hostile {
        note.push_str(&format!("- 项目{h}：开发中\n"));
    }
    note.push_str("\n# 下周工作及目标\n\n");
    for h in &hostile {
        note.push_str(&format!("1. 计划{h}\n"));
    }
    std::fs::write(notes.join("w.md"), &note).unwrap();
    let html = build_html(&notes, &tmp.path().join("report.html"));
    let lower = html.to_lowercase();
    for active in [
        "<script",
        "onerror",
        "onload",
        "javascript:",
        "<img",
        "<svg onload",
    ] {
        assert!(!lower.contains(active), "`{active}` is active in the page");
    }
    // The text is still there, escaped, so the reader sees what was written.
    assert!(
        html.contains("&lt;script&gt;alert(2)&lt;/script&gt;"),
        "escaped text is shown"
    );
    // A link keeps its text; its target never reaches the page (comrak's blanking of dangerous
    // targets, the second line of defence, is tested with the `markdown` filter).
    assert!(
        html.contains("事件click") && !lower.contains("alert(6)") && !lower.contains("alert(7)")
    );
}

/// A tool that must be there under CI, and may be missing on a developer's machine.
fn require(name: &str, found: Option<PathBuf>) -> Option<PathBuf> {
    if found.is_some() {
        return found;
    }
    if std::env::var_os("CI").is_some() {
        panic!("{name} is not installed; .ci/run installs it");
    }
    eprintln!("skipped: {name} is not installed (see tests/README.md)");
    None
}

#[test]
fn the_page_renders_in_headless_chromium() {
    let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.is_file());
    let Some(_) = require("Chromium", chromium) else {
        return;
    };
    let playwright = common::root(".ci/node/node_modules/playwright-core");
    let Some(_) = require("playwright-core", playwright.is_dir().then_some(playwright)) else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let report = tmp.path().join("report.html");
    build_html(&common::root("examples/notes"), &report);
    let out = Command::new("node")
        .arg(common::root("scripts/check-html.mjs"))
        .arg(&report)
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    for view in ["desktop", "phone"] {
        let v = &summary[view];
        assert_eq!(v["charts"].as_array().unwrap().len(), 6, "{view}");
        assert!(v["charts"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["width"].as_f64() > Some(0.0) && c["height"].as_f64() > Some(0.0)));
        assert_eq!(v["consoleErrors"], serde_json::json!([]), "{view}");
        assert_eq!(v["requests"], serde_json::json!([]), "{view}");
        assert_eq!(v["problems"], serde_json::json!([]), "{view}");
    }
    assert_eq!(summary["phone"]["pageWidth"], 375);
}
