//! Pathological notes: the CommonMark implementations' own pathological inputs (cmark's
//! `test/pathological_tests.py`, at its sizes) and the cases of this project's robustness issue
//! that stress our own extraction. Shared by `tests/robustness.rs`, which checks that each one
//! parses without a crash, and `examples/pathological.rs`, which times each one.

/// One pathological note.
pub struct Case {
    /// A short name for reports.
    pub name: &'static str,
    /// The note's text.
    pub text: String,
}

fn case(name: &'static str, text: String) -> Case {
    Case { name, text }
}

/// The sample note, for building large notes from real content.
const SAMPLE: &str = include_str!("../fixtures/第28周 2023-07-08.md");

/// Every pathological case except the 50 MB note (see [`huge_note`]).
pub fn cases() -> Vec<Case> {
    vec![
        case("nested block quotes (> ×25,000)", "> ".repeat(25_000) + "a"),
        case("nested block quotes (> ×50,000)", "> ".repeat(50_000) + "a"),
        case(
            "nested list markers (- ×100,000)",
            "- ".repeat(100_000) + "a",
        ),
        case(
            "2,000 levels of nested list items",
            (0..2_000)
                .map(|i| format!("{}- a\n", "  ".repeat(i)))
                .collect(),
        ),
        case(
            "nested strong emphasis",
            "*a **a ".repeat(65_000) + "b" + &" a** a*".repeat(65_000),
        ),
        case("emphasis closers without openers", "a_ ".repeat(65_000)),
        case("emphasis openers without closers", "_a ".repeat(65_000)),
        case("mismatched openers and closers", "*a_ ".repeat(50_000)),
        case(
            "openers and closers multiple of 3",
            "a**b".to_string() + &"c* ".repeat(50_000),
        ),
        case("link closers without openers", "a]".repeat(65_000)),
        case("link openers without closers", "[a".repeat(65_000)),
        case("link openers and emphasis closers", "[ a_".repeat(50_000)),
        case("pattern [ (]( repeated", "[ (](".repeat(80_000)),
        case("pattern ![[]() repeated", "![[]()".repeat(160_000)),
        case(
            "nested brackets",
            "[".repeat(50_000) + "a" + &"]".repeat(50_000),
        ),
        case(
            "backticks",
            (1..2_500).map(|i| format!("e{}", "`".repeat(i))).collect(),
        ),
        case("unclosed links A", "[a](<b".repeat(30_000)),
        case("unclosed links B", "[a](b".repeat(30_000)),
        case(
            "unclosed HTML comments",
            "</".to_string() + &"<!--".repeat(300_000),
        ),
        case(
            "table of 10,000 columns",
            format!(
                "{}|\n{}|\n{}|\n",
                "|a".repeat(10_000),
                "|-".repeat(10_000),
                "|99.9%".repeat(10_000)
            ),
        ),
        case(
            "80,000 link reference definitions",
            (1..80_000)
                .map(|i| format!("[{i}]: u\n"))
                .chain(std::iter::once("[0] ".repeat(1_200)))
                .collect(),
        ),
        case(
            "4 MB line of metrics",
            "# 第28周 2023-07-08\n## 系统运行数据\n- ".to_string()
                + &"入金有效成功率：99.99%，".repeat(4 * 1024 * 1024 / 33),
        ),
        case(
            "4 MB line of events",
            "# 第28周 2023-07-08\n## 生产稳定性事件\n- ".to_string()
                + &"7/3 18:40 告警，原因：超时，影响8分钟；".repeat(4 * 1024 * 1024 / 52),
        ),
        case(
            "4 MB line of project clauses",
            "# 第28周 2023-07-08\n## 【O1 目标】\n- ".to_string()
                + &"项目甲：开发中 85%，计划7/13上线；".repeat(4 * 1024 * 1024 / 45),
        ),
        case("4 MB line of digits", "9".repeat(4 * 1024 * 1024)),
        case(
            "1 MB runs of digits wherever weeks, dates, metrics and progress are read",
            format!(
                "# 第{d}周 W{d} {d}-07-08\n## 系统运行数据\n- 成功率 {d}%\n## {d}\n\
                 ## 【O1 目标】\n- 项目{d}：完成 {d}%，计划{d}/13上线\n",
                d = "9".repeat(1024 * 1024)
            ),
        ),
        case(
            "4 MB line of full-width punctuation",
            "：％，".repeat(4 * 1024 * 1024 / 9),
        ),
        case(
            "100,000 headings",
            (0..100_000)
                .map(|i| format!("{} O{i} 目标\n", "#".repeat(i % 6 + 1)))
                .collect(),
        ),
    ]
}

/// A 50 MB note: the sample's body repeated, so every kind of fact occurs many times.
pub fn huge_note() -> Case {
    let copies = 50 * 1024 * 1024 / SAMPLE.len();
    case("50 MB note (the sample repeated)", SAMPLE.repeat(copies))
}
