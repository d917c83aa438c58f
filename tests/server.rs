//! `weekly-report server` driven over stdio as an editor drives it: the handshake, the
//! sample's diagnostics, hover, code actions applied and checked again, the outline, the
//! folder context read from disk and reloaded, and a clean shutdown.

mod common;
#[path = "common/lsp.rs"]
mod lsp;

use std::path::PathBuf;

use lsp::{file_uri, Client};
use serde_json::{json, Value};

const SAMPLE: &str = "第28周 2023-07-08.md";

fn binary() -> PathBuf {
    assert_cmd::cargo::cargo_bin("weekly-report")
}

/// A server started in a fresh copy of `examples/notes`, with the sample opened.
fn open_sample(options: Value) -> (tempfile::TempDir, PathBuf, Client, String, String) {
    let (dir, notes) = common::example_copy();
    let mut client = Client::start(&binary(), &[], &notes, options);
    let path = notes.join(SAMPLE);
    let text = std::fs::read_to_string(&path).unwrap();
    let uri = file_uri(&path);
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "markdown", "version": 1, "text": text } }),
    );
    (dir, notes, client, uri, text)
}

fn rule_codes(diagnostics: &[Value]) -> Vec<(String, u64)> {
    diagnostics
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or("").to_string(),
                d["range"]["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn find<'d>(diagnostics: &'d [Value], code: &str) -> &'d Value {
    diagnostics
        .iter()
        .find(|d| d["code"] == code)
        .unwrap_or_else(|| panic!("no {code} in {diagnostics:#?}"))
}

/// Applies the `changes` of a workspace edit to the text of `uri`, as an editor does: the
/// edits of one document do not overlap and are applied from the last.
fn apply(text: &str, edit: &Value, uri: &str) -> String {
    let mut edits: Vec<&Value> = edit["changes"][uri].as_array().unwrap().iter().collect();
    edits.sort_by_key(|e| {
        std::cmp::Reverse((
            e["range"]["start"]["line"].as_u64().unwrap(),
            e["range"]["start"]["character"].as_u64().unwrap(),
        ))
    });
    let mut out = text.to_string();
    for e in edits {
        let start = offset(&out, &e["range"]["start"]);
        let end = offset(&out, &e["range"]["end"]);
        out.replace_range(start..end, e["newText"].as_str().unwrap());
    }
    out
}

/// The byte offset of an LSP position (UTF-16 columns) in `text`.
fn offset(text: &str, position: &Value) -> usize {
    let line = position["line"].as_u64().unwrap() as usize;
    let character = position["character"].as_u64().unwrap() as usize;
    let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
    let mut units = 0;
    for (i, c) in text[start..].char_indices() {
        if units >= character || c == '\n' {
            return start + i;
        }
        units += c.len_utf16();
    }
    text.len()
}

fn change_all(client: &mut Client, uri: &str, version: i32, text: &str) {
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [{ "text": text }] }),
    );
}

#[test]
fn an_editor_session_sees_the_samples_findings_hovers_fixes_the_title_and_exits() {
    let (_dir, _notes, mut client, uri, text) = open_sample(Value::Null);

    // The same findings as `check`: WR005 on line 19, WR003 on line 62 (0-based 61), column
    // 50 in characters (0-based 49 in UTF-16 units: the line is all BMP characters).
    let diagnostics = client.diagnostics(&uri);
    assert_eq!(
        rule_codes(&diagnostics),
        [("WR005".to_string(), 18), ("WR003".to_string(), 61)]
    );
    let wr003 = find(&diagnostics, "WR003");
    assert_eq!(wr003["range"]["start"]["character"], 49);
    assert_eq!(wr003["source"], "weekly-report");
    assert_eq!(wr003["severity"], 2, "warning, the rule's default level");
    assert!(wr003["message"]
        .as_str()
        .unwrap()
        .starts_with("stated 26.97% but 48/179 is 26.82%"));
    // The code links to the rule in the reference the server wrote to its cache folder, which
    // an editor opens offline.
    let reference = client
        .cache
        .path()
        .join("weekly-report")
        .join(env!("CARGO_PKG_VERSION"))
        .join("rules.md");
    let href = wr003["codeDescription"]["href"].as_str().unwrap();
    assert_eq!(
        href,
        format!("file://{}#wr003-ratio-mismatch", reference.display())
    );
    assert!(std::fs::read_to_string(&reference)
        .unwrap()
        .contains("\n## WR003 ratio-mismatch\n"));

    // Hovering the first metric line (line 13, `- 入金有效成功率：99.99%`) shows what
    // `explain` read from it.
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 12, "character": 4 } }),
    );
    let shown = hover["result"]["contents"]["value"].as_str().unwrap();
    assert!(shown.contains("metric 入金有效成功率"), "{shown}");
    assert!(shown.contains("value 99.99"), "{shown}");
    assert!(shown.contains("kind success\\_rate"), "{shown}");
    assert_eq!(hover["result"]["range"]["start"]["line"], 12);

    // Breaking the title's week (28 → 30, characters 3..5 of `# 第28周 2023-07-08`).
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": uri, "version": 2 },
            "contentChanges": [{
                "range": { "start": { "line": 0, "character": 3 }, "end": { "line": 0, "character": 5 } },
                "text": "30",
            }],
        }),
    );
    let broken = text.replacen("第28周", "第30周", 1);
    let diagnostics = client.diagnostics(&uri);
    let wr004 = find(&diagnostics, "WR004");
    assert_eq!(wr004["range"]["start"]["line"], 0);

    // Its quick fix puts the week the date gives back.
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": wr004["range"],
            "context": { "diagnostics": [wr004] },
        }),
    );
    let actions = actions["result"].as_array().unwrap();
    let fix = actions
        .iter()
        .find(|a| a["kind"] == "quickfix" && a["isPreferred"] == true)
        .unwrap_or_else(|| panic!("no preferred quick fix in {actions:#?}"));
    assert_eq!(fix["title"], "correct the week: 30 → 28");
    assert_eq!(fix["diagnostics"][0]["code"], "WR004");
    let fixed = apply(&broken, &fix["edit"], &uri);
    assert_eq!(fixed, text);
    change_all(&mut client, &uri, 3, &fixed);
    let diagnostics = client.diagnostics(&uri);
    assert_eq!(
        rule_codes(&diagnostics),
        [("WR005".to_string(), 18), ("WR003".to_string(), 61)],
        "the WR004 diagnostic is gone, the others stay"
    );

    assert!(client.shutdown(), "the server exits with status 0");
}

#[test]
fn hovering_an_event_shows_its_derived_impact_and_a_continuation_line_its_event() {
    let (_dir, _notes, mut client, uri, _text) = open_sample(Value::Null);
    client.diagnostics(&uri);
    let hover = |client: &mut Client, line: u64| {
        let answer = client.request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": 2 } }),
        );
        answer["result"]["contents"]["value"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    // Line 67: `- 7/5 11:21 监控发现企查查异常…` with its recovery at 16:53 further on.
    let event = hover(&mut client, 66);
    assert!(event.contains("at 2023-07-05 11:21"), "{event}");
    assert!(event.contains("impact 332 min"), "{event}");
    assert!(event.contains("derived 332 min = 16:53 − 11:21"), "{event}");
    // Line 66, `原因：… 影响8分钟`, belongs to the event of line 65.
    let continuation = hover(&mut client, 65);
    assert!(continuation.contains("part of line 65:"), "{continuation}");
    assert!(continuation.contains("impact 8 min"), "{continuation}");
    // A blank line gave nothing: no hover.
    let blank = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 1, "character": 0 } }),
    );
    assert_eq!(blank["result"], Value::Null);
    assert!(client.shutdown());
}

#[test]
fn incremental_edits_count_utf16_columns_of_chinese_text() {
    let (_dir, _notes, mut client, uri, _text) = open_sample(Value::Null);
    client.diagnostics(&uri);
    // `26.97` is characters 53..58 of line 62 (`完成率：` starts at 49); typing the right
    // figure clears WR003.
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": uri, "version": 2 },
            "contentChanges": [{
                "range": { "start": { "line": 61, "character": 53 }, "end": { "line": 61, "character": 58 } },
                "text": "26.82",
            }],
        }),
    );
    let diagnostics = client.diagnostics(&uri);
    assert_eq!(rule_codes(&diagnostics), [("WR005".to_string(), 18)]);
    // An emoji (two UTF-16 units) after `1. ` moves the figure by two columns.
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": uri, "version": 3 },
            "contentChanges": [
                { "range": { "start": { "line": 61, "character": 53 }, "end": { "line": 61, "character": 58 } }, "text": "26.97" },
                { "range": { "start": { "line": 61, "character": 3 }, "end": { "line": 61, "character": 3 } }, "text": "🎉" },
            ],
        }),
    );
    let diagnostics = client.diagnostics(&uri);
    let wr003 = find(&diagnostics, "WR003");
    assert_eq!(wr003["range"]["start"]["line"], 61);
    // The finding's span now has the emoji (two UTF-16 units) before it: 49 + 2.
    assert_eq!(wr003["range"]["start"]["character"], 51);
    assert!(client.shutdown());
}

#[test]
fn a_burst_of_changes_within_the_debounce_is_checked_once_at_its_last_version() {
    let (_dir, notes) = common::example_copy();
    let mut client = Client::start(&binary(), &["--debounce-ms", "400"], &notes, Value::Null);
    let path = notes.join(SAMPLE);
    let text = std::fs::read_to_string(&path).unwrap();
    let uri = file_uri(&path);
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "markdown", "version": 1, "text": text } }),
    );
    client.diagnostics(&uri);
    // Five keystrokes, the last one putting the right figure in.
    for (version, figure) in [(2, "2"), (3, "26"), (4, "26."), (5, "26.8"), (6, "26.82")] {
        change_all(&mut client, &uri, version, &text.replace("26.97", figure));
    }
    // The first publication after the burst is of its last version: none of 2–5 was checked.
    let published = client.wait_for(|m| m["method"] == "textDocument/publishDiagnostics");
    assert_eq!(published["params"]["version"], 6);
    assert_eq!(
        rule_codes(published["params"]["diagnostics"].as_array().unwrap()),
        [("WR005".to_string(), 18)]
    );
    assert!(client.shutdown());
}

#[test]
fn a_crlf_buffer_gets_the_positions_of_its_lines_and_fixes_that_keep_its_line_endings() {
    let (_dir, notes) = common::example_copy();
    let mut client = Client::start(&binary(), &[], &notes, Value::Null);
    let path = notes.join(SAMPLE);
    let crlf = std::fs::read_to_string(&path)
        .unwrap()
        .replace('\n', "\r\n");
    let broken = crlf.replacen("第28周", "第30周", 1);
    let uri = file_uri(&path);
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "markdown", "version": 1, "text": broken } }),
    );
    let diagnostics = client.diagnostics(&uri);
    assert_eq!(
        rule_codes(&diagnostics),
        [
            ("WR004".to_string(), 0),
            ("WR005".to_string(), 18),
            ("WR003".to_string(), 61)
        ]
    );
    assert_eq!(
        find(&diagnostics, "WR003")["range"]["start"]["character"],
        49
    );
    let wr004 = find(&diagnostics, "WR004").clone();
    let actions = client.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": wr004["range"], "context": { "diagnostics": [wr004] } }),
    );
    let fix = actions["result"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["isPreferred"] == true)
        .unwrap()
        .clone();
    assert_eq!(apply(&broken, &fix["edit"], &uri), crlf);
    assert!(client.shutdown());
}

#[test]
fn disabling_a_rule_for_the_note_inserts_the_directive_below_the_title() {
    let (_dir, _notes, mut client, uri, text) = open_sample(Value::Null);
    let diagnostics = client.diagnostics(&uri);
    let wr003 = find(&diagnostics, "WR003").clone();
    let actions = client.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": wr003["range"], "context": { "diagnostics": [wr003] } }),
    );
    let actions = actions["result"].as_array().unwrap();
    let disable = actions
        .iter()
        .find(|a| a["title"] == "disable WR003 ratio-mismatch for this note")
        .unwrap_or_else(|| panic!("no disable action in {actions:#?}"));
    let edited = apply(&text, &disable["edit"], &uri);
    assert!(
        edited.starts_with("# 第28周 2023-07-08\n<!-- weekly-report-disable WR003 -->\n\nCreated:"),
        "{}",
        &edited[..80]
    );
    change_all(&mut client, &uri, 2, &edited);
    let diagnostics = client.diagnostics(&uri);
    assert_eq!(rule_codes(&diagnostics), [("WR005".to_string(), 19)]);

    // A second rule joins the same directive.
    let wr005 = find(&diagnostics, "WR005").clone();
    let actions = client.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": wr005["range"], "context": { "diagnostics": [wr005] } }),
    );
    let disable = actions["result"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "disable WR005 incident-event-mismatch for this note")
        .unwrap()
        .clone();
    let edited = apply(&edited, &disable["edit"], &uri);
    assert!(edited.contains("<!-- weekly-report-disable WR003 WR005 -->\n"));
    change_all(&mut client, &uri, 3, &edited);
    assert_eq!(client.diagnostics(&uri), Vec::<Value>::new());
    assert!(client.shutdown());
}

#[test]
fn a_progress_regression_points_at_last_weeks_line() {
    let (_dir, notes, mut client, _uri, _text) = open_sample(Value::Null);
    // Week 29 says 网联代收 is at 70%; week 28 (on disk) said 85% on its line 32.
    let path = notes.join("第29周 2023-07-15.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let line = text
        .lines()
        .find(|l| l.contains("网联代收"))
        .expect("week 29 mentions 网联代收");
    let regressed = text.replace(line, "    5. 网联代收：开发进度 70%");
    let uri = file_uri(&path);
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "markdown", "version": 1, "text": regressed } }),
    );
    let diagnostics = client.diagnostics(&uri);
    let wr012 = find(&diagnostics, "WR012");
    assert!(wr012["message"]
        .as_str()
        .unwrap()
        .starts_with("网联代收 is at 70%, down from 85% in 第28周 2023-07-08.md"));
    let related = &wr012["relatedInformation"][0];
    assert_eq!(related["location"]["uri"], file_uri(&notes.join(SAMPLE)));
    assert_eq!(related["location"]["range"]["start"]["line"], 31);
    assert_eq!(related["message"], "85% in 第28周 2023-07-08.md");
    assert!(client.shutdown());
}

#[test]
fn the_configuration_on_disk_is_read_again_when_the_editor_says_it_changed() {
    let (_dir, notes, mut client, uri, _text) = open_sample(Value::Null);
    assert_eq!(rule_codes(&client.diagnostics(&uri)).len(), 2);
    let config = notes.join("weekly-report.yaml");
    client.save(&config, "rules:\n  ratio-mismatch: off\n  WR005: info\n");
    let diagnostics = client.diagnostics(&uri);
    assert_eq!(rule_codes(&diagnostics), [("WR005".to_string(), 18)]);
    assert_eq!(diagnostics[0]["severity"], 3, "information, as configured");

    // An invalid configuration is one diagnostic naming it, not a crash.
    client.save(&config, "rules:\n  no-such-rule: off\n");
    let diagnostics = client.diagnostics(&uri);
    assert_eq!(diagnostics.len(), 1);
    let message = diagnostics[0]["message"].as_str().unwrap();
    assert!(
        message.contains("rules.no-such-rule: there is no such rule"),
        "{message}"
    );
    assert!(client.shutdown());
}

#[test]
fn a_daily_note_created_on_disk_mends_a_broken_link_after_the_watch_event() {
    let (_dir, notes, mut client, uri, text) = open_sample(Value::Null);
    client.diagnostics(&uri);
    let daily = "2023-07-09 周日.md";
    let broken = text.replace(
        "](2023-07-03%20周一_dtMuCKJNdfq3ynVd5DE9zv.md)",
        "](2023-07-09%20周日.md)",
    );
    change_all(&mut client, &uri, 2, &broken);
    let diagnostics = client.diagnostics(&uri);
    assert!(
        diagnostics.iter().any(|d| d["code"] == "WR008"),
        "{diagnostics:#?}"
    );
    std::fs::copy(
        notes.join("2023-07-03 周一_dtMuCKJNdfq3ynVd5DE9zv.md"),
        notes.join(daily),
    )
    .unwrap();
    client.file_changed(&notes.join(daily), 1);
    let diagnostics = client.diagnostics(&uri);
    assert!(
        !diagnostics.iter().any(|d| d["code"] == "WR008"),
        "{diagnostics:#?}"
    );
    assert!(client.shutdown());
}

#[test]
fn an_unknown_section_can_be_named_in_a_new_configuration_beside_the_note() {
    let (_dir, notes, mut client, uri, text) = open_sample(Value::Null);
    client.diagnostics(&uri);
    let with_section = text.replacen(
        "# 下周工作及目标",
        "# 发布统计\n\n- 本周发布12次，回滚1次\n\n# 下周工作及目标",
        1,
    );
    change_all(&mut client, &uri, 2, &with_section);
    let diagnostics = client.diagnostics(&uri);
    let wr017 = find(&diagnostics, "WR017").clone();
    let actions = client.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": wr017["range"], "context": { "diagnostics": [wr017] } }),
    );
    let actions = actions["result"].as_array().unwrap();
    let name = actions
        .iter()
        .find(|a| a["title"] == "read `发布统计` as progress: add it to weekly-report.yaml")
        .unwrap_or_else(|| panic!("no configuration action in {actions:#?}"));
    let changes = name["edit"]["documentChanges"].as_array().unwrap();
    let config = notes.join("weekly-report.yaml");
    assert_eq!(changes[0]["kind"], "create");
    assert_eq!(changes[0]["uri"], file_uri(&config));
    let inserted = changes[1]["edits"][0]["newText"].as_str().unwrap();
    assert_eq!(
        inserted,
        "vocabulary:\n  sections:\n    progress: [发布统计]\n"
    );
    // The editor writes the file and says so; the finding goes.
    client.save(&config, inserted);
    let diagnostics = client.diagnostics(&uri);
    assert!(
        !diagnostics.iter().any(|d| d["code"] == "WR017"),
        "{diagnostics:#?}"
    );
    assert!(client.shutdown());
}

#[test]
fn the_outline_holds_sections_objectives_and_projects_and_sections_fold() {
    let (_dir, _notes, mut client, uri, _text) = open_sample(Value::Null);
    client.diagnostics(&uri);
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri } }),
    );
    let roots = symbols["result"].as_array().unwrap();
    let names: Vec<&str> = roots.iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [
            "第28周 2023-07-08",
            "第28周 2023/07/08",
            "上周进展",
            "下周工作及目标",
            "日报合集"
        ]
    );
    let progress = &roots[2];
    let children: Vec<&str> = progress["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        children,
        [
            "【系统运行数据】",
            "【O1 服务业务】",
            "【O2系统升级】",
            "B. POS收单系统建设",
            "【O3 安全稳定、降本提效】",
            "【其他】",
            "收获与反思"
        ]
    );
    let o1 = &progress["children"][1];
    assert_eq!(o1["kind"], 5, "an objective is a class");
    let projects: Vec<&str> = o1["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        projects,
        [
            "小贝帮帮项目",
            "店东看账",
            "商户降客询",
            "杭州政府存管",
            "新支付能力建设"
        ]
    );
    let o2 = &progress["children"][2];
    assert_eq!(o2["children"][0]["name"], "A. 支付账户2.0升级");
    assert_eq!(
        o2["children"][0]["kind"], 19,
        "a project written as a heading is an object"
    );

    let folds = client.request(
        "textDocument/foldingRange",
        json!({ "textDocument": { "uri": uri } }),
    );
    let folds: Vec<(u64, u64)> = folds["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["startLine"].as_u64().unwrap(),
                f["endLine"].as_u64().unwrap(),
            )
        })
        .collect();
    // `# 上周进展` (line 7) folds down to the last line before `# 下周工作及目标` (line 100);
    // `【O1 服务业务】` (line 21) down to the line before `【O2系统升级】` (line 35).
    assert!(folds.contains(&(6, 97)), "{folds:?}");
    assert!(folds.contains(&(20, 32)), "{folds:?}");
    assert!(client.shutdown());
}

#[test]
fn inlay_hints_are_off_unless_asked_for_and_then_show_derived_impacts() {
    let range =
        json!({ "start": { "line": 0, "character": 0 }, "end": { "line": 200, "character": 0 } });
    let (_dir, _notes, mut client, uri, _text) = open_sample(Value::Null);
    client.diagnostics(&uri);
    let hints = client.request(
        "textDocument/inlayHint",
        json!({ "textDocument": { "uri": uri }, "range": range }),
    );
    assert_eq!(hints["result"], Value::Null);
    assert!(client.shutdown());

    let (_dir, _notes, mut client, uri, _text) = open_sample(json!({ "inlayHints": true }));
    client.diagnostics(&uri);
    let hints = client.request(
        "textDocument/inlayHint",
        json!({ "textDocument": { "uri": uri }, "range": range }),
    );
    let hints = hints["result"].as_array().unwrap();
    let labels: Vec<&str> = hints.iter().map(|h| h["label"].as_str().unwrap()).collect();
    assert_eq!(labels, ["→ 332 min"]);
    assert_eq!(hints[0]["tooltip"], "derived: 332 min = 16:53 − 11:21");
    assert!(client.shutdown());
}

#[test]
fn a_note_larger_than_the_limit_is_one_diagnostic_and_the_server_goes_on() {
    let (_dir, notes, mut client, uri, text) = open_sample(Value::Null);
    client.diagnostics(&uri);
    client.save(&notes.join("weekly-report.yaml"), "max_note_bytes: 1000\n");
    let diagnostics = client.diagnostics(&uri);
    assert_eq!(diagnostics.len(), 1);
    let message = diagnostics[0]["message"].as_str().unwrap();
    assert!(
        message.starts_with("weekly-report could not check this note: it is")
            && message.contains("more than max_note_bytes (1000)"),
        "{message}"
    );
    // A request for a method the server does not answer is an error response, not a crash.
    let answer = client.request(
        "textDocument/definition",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 0, "character": 0 } }),
    );
    assert_eq!(answer["error"]["code"], -32601);
    let end = (0..=900).rev().find(|&i| text.is_char_boundary(i)).unwrap();
    change_all(&mut client, &uri, 2, &text[..end]);
    assert!(client
        .diagnostics(&uri)
        .iter()
        .all(|d| d["code"].is_string()));
    assert!(client.shutdown());
}

/// The README's Neovim 0.7–0.10 snippet, as a user pastes it into `init.lua`.
fn readme_neovim_snippet() -> String {
    let readme = std::fs::read_to_string(common::root("README.md")).unwrap();
    let after = readme
        .split_once("Neovim 0.7 to 0.10")
        .expect("the README has the Neovim 0.7 snippet")
        .1;
    let block = after.split_once("```lua\n").unwrap().1;
    block.split_once("```").unwrap().0.to_string()
}

/// What the test adds to the user's `init.lua`: once Neovim has started, wait for the
/// diagnostics, hover the first metric line, write both out as JSON and quit.
const NVIM_HARNESS: &str = r#"
vim.api.nvim_create_autocmd('VimEnter', { callback = function()
  vim.wait(20000, function() return #vim.diagnostic.get(0) > 0 end, 20)
  local result = { diagnostics = {}, filetype = vim.bo.filetype }
  for _, d in ipairs(vim.diagnostic.get(0)) do
    local lsp = d.user_data and d.user_data.lsp or {}
    table.insert(result.diagnostics, {
      lnum = d.lnum, col = d.col, source = d.source, message = d.message,
      code = d.code or lsp.code,
    })
  end
  local params = {
    textDocument = vim.lsp.util.make_text_document_params(),
    position = { line = 12, character = 4 },
  }
  local answers = vim.lsp.buf_request_sync(0, 'textDocument/hover', params, 10000) or {}
  for _, answer in pairs(answers) do
    if answer.result then result.hover = answer.result.contents.value end
  end
  local out = io.open(os.getenv('WR_NVIM_OUT'), 'w')
  out:write(vim.fn.json_encode(result))
  out:close()
  vim.cmd('qa!')
end })
"#;

#[test]
#[ignore = "needs nvim (Debian's neovim; .ci/run installs it; run with --include-ignored)"]
fn neovim_shows_the_samples_diagnostics_through_the_readme_config() {
    let nvim = common::tool("nvim", common::on_path("nvim"));
    let (dir, notes) = common::example_copy();
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let init = home.join("init.lua");
    std::fs::write(
        &init,
        format!("{}\n{NVIM_HARNESS}", readme_neovim_snippet()),
    )
    .unwrap();
    let out = dir.path().join("nvim.json");
    // `weekly-report` on PATH, as the snippet expects.
    let bin_dir = binary().parent().unwrap().to_path_buf();
    let path = std::env::join_paths(
        std::iter::once(bin_dir).chain(std::env::split_paths(&std::env::var_os("PATH").unwrap())),
    )
    .unwrap();
    let status = std::process::Command::new(nvim)
        .args(["--headless", "-i", "NONE", "-u"])
        .arg(&init)
        .arg(notes.join(SAMPLE))
        .current_dir(&notes)
        .env("PATH", path)
        .env("WR_NVIM_OUT", &out)
        .env("XDG_CONFIG_HOME", &home)
        .env("XDG_DATA_HOME", &home)
        .env("XDG_STATE_HOME", &home)
        .env("XDG_CACHE_HOME", &home)
        .stdin(std::process::Stdio::null())
        .status()
        .expect("nvim runs");
    assert!(status.success());
    let result: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(result["filetype"], "markdown");
    let mut seen: Vec<(String, u64, u64)> = result["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            assert_eq!(d["source"], "weekly-report");
            (
                d["code"].as_str().unwrap().to_string(),
                d["lnum"].as_u64().unwrap(),
                d["col"].as_u64().unwrap(),
            )
        })
        .collect();
    seen.sort();
    // Neovim turns the UTF-16 column (49) back into a byte column of the line: the server's
    // columns landed on `完成率` in its terms too.
    let text = std::fs::read_to_string(notes.join(SAMPLE)).unwrap();
    let line_62 = text.lines().nth(61).unwrap();
    let bytes_before: usize = line_62.chars().take(49).map(char::len_utf8).sum();
    assert!(line_62[bytes_before..].starts_with("完成率"));
    assert_eq!(
        seen,
        [
            ("WR003".to_string(), 61, bytes_before as u64),
            ("WR005".to_string(), 18, 2)
        ],
        "{result:#}"
    );
    let hover = result["hover"].as_str().unwrap();
    assert!(
        hover.contains("metric 入金有效成功率") && hover.contains("value 99.99"),
        "{hover}"
    );
}

#[test]
fn exit_without_shutdown_ends_the_server_with_an_error_status() {
    let (_dir, _notes, mut client, uri, _text) = open_sample(Value::Null);
    client.diagnostics(&uri);
    client.notify("exit", Value::Null);
    // The protocol: "otherwise with error code 1".
    assert_eq!(client.exit_status().code(), Some(1));
}

/// The server's resident set, in KB.
fn rss_kb(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

#[test]
fn memory_does_not_grow_with_edits() {
    let (_dir, _notes, mut client, uri, _text) = open_sample(Value::Null);
    client.diagnostics(&uri);
    let edit = |client: &mut Client, version: i32| {
        let figure = if version % 2 == 0 { "26.82" } else { "26.97" };
        client.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": uri, "version": version },
                "contentChanges": [{
                    "range": { "start": { "line": 61, "character": 53 }, "end": { "line": 61, "character": 58 } },
                    "text": figure,
                }],
            }),
        );
        client.wait_for(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["version"] == version
        });
        client.backlog.clear();
    };
    for version in 2..102 {
        edit(&mut client, version);
    }
    let after_100 = rss_kb(client.pid());
    for version in 102..602 {
        edit(&mut client, version);
    }
    let after_600 = rss_kb(client.pid());
    // Each check replaces the note's last one: 500 more edits leave the resident set where
    // it was (within 1 MB of allocator slack).
    assert!(
        after_600 <= after_100 + 1024,
        "{after_100} KB after 100 edits, {after_600} KB after 600"
    );
    assert!(client.shutdown());
}
