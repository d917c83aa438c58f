//! Properties over generated input: parsing never panics and is deterministic.

mod common;

use proptest::prelude::*;

/// Pieces of real notes, recombined at random into note-shaped input.
const FRAGMENTS: &[&str] = &[
    "# 第28周 2023-07-08",
    "# Week 10 2024-03-08",
    "## 【系统运行数据】",
    "## 【O1 服务业务】",
    "### A. 支付账户2.0升级",
    "## B. POS收单系统建设",
    "# 下周工作及目标",
    "# 日报合集",
    "## 生产稳定性事件",
    "- 入金有效成功率：99.99%",
    "- 出金有效成功率：99.95% ，一次支付成功率：99.13%",
    "- 事故数AB级0次，CD级1次",
    "P0故障0起，P1故障2起",
    "- 7/3 18:40 监控发现告警",
    "原因：超时， 处置：重启后恢复，影响8分钟",
    "    处置：1. 16:53 服务恢复",
    "- 小贝帮帮项目，自然人代开版本完成提测和Showcase，计划7/13上线",
    "- 商户降客询，登录密码控件降级方案7/6上线完毕；入网流程优化showcase完成，预计7/11上线",
    "    1. 网联代收：开发进度 85%",
    "- Merchant onboarding revamp: in progress, 60%, planned launch 3/15",
    "| 指标 | 本周 | 目标 |",
    "|---|---|---|",
    "| 入金有效成功率 | 99.97% | 99.95% |",
    "[2023/07/03 周一](2023-07-03%20周一.md)",
    "---",
    "title: [x",
    "- 7/32 25:61 影响-5分钟 199.99% 2023-13-45",
    "- [x] done",
    "> quoted 7/3 18:40",
    "```",
    "Created: 2023年11月29日 20:56",
    "：，％；\u{00A0}\u{3000}\t",
    "- ",
    "",
];

fn note_shaped() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        4 => proptest::sample::select(FRAGMENTS).prop_map(str::to_string),
        1 => "\\PC{0,40}",
        1 => "[ \\-*>#|:：%0-9/年月日]{0,20}",
    ];
    (
        proptest::collection::vec(line, 0..40),
        proptest::sample::select(&["\n", "\r\n", "\r", "\n\n"][..]),
    )
        .prop_map(|(lines, sep)| lines.join(sep))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn note_shaped_input_never_panics_and_is_deterministic(text in note_shaped()) {
        let a = common::parse(&text);
        let b = common::parse(&text);
        prop_assert_eq!(&a, &b);
        for d in &a.diagnostics {
            prop_assert!(d.line >= 1 && d.column >= 1);
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = weekly_report::parse_note_bytes("x.md", &bytes, &common::CONFIG);
    }
}
