//! The same note written with a BOM, CRLF line endings, full-width percent signs and tab
//! indentation, or encoded as GB18030, yields the same facts.

mod common;

use serde_json::Value;
use weekly_report::extract::fold_char;
use weekly_report::model::Note;

/// The model as JSON, without what legitimately differs between encodings of one note: the
/// path, byte spans, and the full-width forms of text kept as written.
fn comparable(note: &Note) -> Value {
    fn scrub(v: &mut Value) {
        match v {
            Value::Object(map) => {
                map.remove("span");
                // Only spans: where a derived impact's two times are written.
                map.remove("derived_from");
                map.remove("path");
                map.values_mut().for_each(scrub);
            }
            Value::Array(items) => items.iter_mut().for_each(scrub),
            Value::String(s) => *s = s.chars().map(fold_char).collect(),
            _ => {}
        }
    }
    let mut v = serde_json::to_value(note).unwrap();
    scrub(&mut v);
    v
}

/// Equal, or a failure that shows the first lines that differ.
fn assert_same(a: &Value, b: &Value) {
    let (a, b) = (
        serde_json::to_string_pretty(a).unwrap(),
        serde_json::to_string_pretty(b).unwrap(),
    );
    if let Some((i, (x, y))) = a
        .lines()
        .zip(b.lines())
        .enumerate()
        .find(|(_, (x, y))| x != y)
    {
        panic!(
            "models differ at JSON line {}:\n  plain:   {x}\n  variant: {y}",
            i + 1
        );
    }
    assert_eq!(
        a.lines().count(),
        b.lines().count(),
        "models differ in length"
    );
}

fn sample_text() -> String {
    std::fs::read_to_string(common::root(common::SAMPLE)).unwrap()
}

#[test]
fn bom_crlf_full_width_percent_and_tabs_give_the_same_model() {
    let plain = sample_text();
    let mut variant = String::from("\u{FEFF}");
    for line in plain.lines() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        variant.push_str(&"\t".repeat(indent / 4));
        variant.push_str(&" ".repeat(indent % 4));
        let body = line.trim_start_matches(' ');
        // Percent signs people type, not the `%20` of a link target.
        let body = if body.contains("](") {
            body.to_string()
        } else {
            body.replace('%', "％")
        };
        variant.push_str(&body);
        variant.push_str("\r\n");
    }
    assert!(variant.contains("\t1. 银商支付宝APP花呗") && variant.contains("99.99％"));
    let config = &*common::CONFIG;
    let a = weekly_report::parse_note_bytes("a.md", plain.as_bytes(), config).unwrap();
    let b = weekly_report::parse_note_bytes("b.md", variant.as_bytes(), config).unwrap();
    assert_same(&comparable(&a), &comparable(&b));
    assert_eq!(b.metrics[0].value.to_string(), "99.99");
}

#[test]
fn gb18030_gives_the_same_model_and_says_so() {
    let plain = sample_text();
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(&plain);
    assert!(!unmappable);
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the fixture must really be non-UTF-8"
    );
    let config = &*common::CONFIG;
    let a = weekly_report::parse_note_bytes("a.md", plain.as_bytes(), config).unwrap();
    let mut b = weekly_report::parse_note_bytes("a.md", &bytes, config).unwrap();
    let diag = b.diagnostics.remove(0);
    assert_eq!(diag.code.as_str(), "gb18030-decoded");
    assert_eq!(a, b);
}

#[test]
fn front_matter_after_a_bom_is_front_matter_not_a_heading() {
    let text = "\u{FEFF}---\ntitle: 周报\nweek: 28\ndate: 2023-07-08\n---\n\n## 系统运行数据\n\n- 入金成功率：99.9%\n";
    let note = weekly_report::parse_note_bytes("n.md", text.as_bytes(), &common::CONFIG).unwrap();
    let fm = note.front_matter.expect("front matter");
    assert_eq!(fm["title"], "周报");
    assert_eq!(note.title.as_deref(), Some("周报"));
    assert_eq!(
        note.date.map(|d| d.to_string()).as_deref(),
        Some("2023-07-08")
    );
    assert_eq!(note.week.map(|w| w.number), Some(28));
    assert_eq!(note.metrics.len(), 1);
}

#[test]
fn cr_only_line_endings_are_lines() {
    let text = "# 第28周 2023-07-08\r\r## 系统运行数据\r\r- 入金成功率：99.9%\r- 事故数AB级0次\r";
    let note = weekly_report::parse_note_bytes("n.md", text.as_bytes(), &common::CONFIG).unwrap();
    assert_eq!(note.metrics[0].line, 5);
    assert_eq!(note.incidents.unwrap().line, 6);
}
