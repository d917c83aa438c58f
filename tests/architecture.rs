//! The architecture's rules that a reader of the tree could break without noticing: checked on
//! the source files themselves.

use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// A file's code before its test module (`#[cfg(test)]` followed by `mod tests`), without
/// line comments: what ships.
fn shipped_code(text: &str) -> Vec<(usize, &str)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("#[cfg(test)]")
            && lines
                .get(i + 1)
                .is_some_and(|l| l.trim_start().starts_with("mod tests"))
        {
            break;
        }
        if trimmed.starts_with("//") {
            continue;
        }
        out.push((i + 1, *line));
    }
    out
}

/// The string and character literals of a line (`"…"`, `'…'`), roughly: enough for code
/// formatted by rustfmt.
fn literals(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                let start = i;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                out.push(&line[start..(i + 1).min(line.len())]);
            }
            b'\'' => {
                // A char literal is one char (or an escape) then `'`; a lifetime is not.
                let rest = &line[i + 1..];
                if let Some(c) = rest.chars().next() {
                    let close = i + 1 + c.len_utf8();
                    if c != '\\' && line.as_bytes().get(close) == Some(&b'\'') {
                        out.push(&line[i..=close]);
                        i = close;
                    }
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => break,
            _ => {}
        }
        i += 1;
    }
    out
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}')
}

#[test]
fn no_chinese_word_is_written_in_rust_code_outside_tests() {
    // Every word the tool knows is in the built-in vocabulary (src/config/default.yaml), the
    // script's marks (src/config/script.yaml) or a template. Full-width punctuation (`，`, `：`)
    // is Unicode punctuation, not a word, and is not counted.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut found = Vec::new();
    for file in rust_files(&root) {
        let text = std::fs::read_to_string(&file).unwrap();
        for (n, line) in shipped_code(&text) {
            for literal in literals(line) {
                if literal.chars().any(is_han) {
                    let shown = file.strip_prefix(&root).unwrap().display();
                    found.push(format!("src/{shown}:{n}: {literal}"));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "Chinese words in code:\n{}",
        found.join("\n")
    );
}

#[test]
fn no_lint_rule_parses_markdown() {
    // Rules receive the parsed note (`LintInput::document`); parsing again would let a rule
    // see a different note than the facts were extracted from.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lint");
    for file in rust_files(&root) {
        let text = std::fs::read_to_string(&file).unwrap();
        for needle in ["pulldown_cmark", "Document::parse", "parse_note"] {
            assert!(!text.contains(needle), "{} uses {needle}", file.display());
        }
    }
}

#[test]
fn the_literal_finder_sees_strings_and_chars_but_not_lifetimes_or_comments() {
    assert_eq!(
        literals(r#"f::<'a>("年", '月', "a\"b") // "注释""#),
        [r#""年""#, "'月'", r#""a\"b""#]
    );
    assert!(literals("x // '年'").is_empty());
}

#[test]
fn chart_code_reads_the_typed_rollup_not_json_values() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/render");
    let mut chart_files = rust_files(&root.join("svg"));
    chart_files.push(root.join("charts.rs"));
    for file in chart_files {
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(
            !text.contains("serde_json::Value"),
            "{} reads JSON values",
            file.display()
        );
    }
}
