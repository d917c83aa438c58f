//! "This line → these facts": the vocabulary at a glance, in Chinese and English.
//!
//! Each case puts its Markdown under a heading (`zh-metrics` is `## 【系统运行数据】` in a
//! Chinese note dated 2023-07-08; `en-o1` is `## O1 Merchant services` in an English note dated
//! 2024-03-08; `note` is a whole note) and lists every fact the tool must find, in the compact
//! form of `describe` below. All cases run; every mismatch is reported at once.

mod common;

use weekly_report::model::{Item, Note};

struct Case {
    ctx: &'static str,
    input: &'static str,
    want: &'static [&'static str],
}

const fn case(ctx: &'static str, input: &'static str, want: &'static [&'static str]) -> Case {
    Case { ctx, input, want }
}

const CASES: &[Case] = &[
    // ---- metrics -------------------------------------------------------------------------
    case("zh-metrics", "- 入金有效成功率：99.99%", &["metric 入金有效成功率 success_rate 99.99%"]),
    case(
        "zh-metrics",
        "- 出金有效成功率：99.95% ，一次支付成功率：99.13%",
        &["metric 出金有效成功率 success_rate 99.95%", "metric 一次支付成功率 success_rate 99.13%"],
    ),
    case("zh-metrics", "- 支付系统年度可用性：99.998%", &["metric 支付系统年度可用性 availability 99.998%"]),
    case("zh-metrics", "- 入金成功率：99.99 %", &["metric 入金成功率 success_rate 99.99%"]),
    case("zh-metrics", "- 入金成功率：９９.９９％", &["metric 入金成功率 success_rate 99.99%"]),
    case("zh-metrics", "- 入金成功率: 99.90%", &["metric 入金成功率 success_rate 99.9%"]),
    case("zh-metrics", "- 平均耗时：120ms", &["metric 平均耗时 latency 120ms"]),
    case("zh-metrics", "- 交易笔数：1,234,567", &["metric 交易笔数 count 1234567"]),
    case(
        "zh-metrics",
        "- 入金成功率：199.99%",
        &["metric 入金成功率 success_rate 199.99%", "diag value-out-of-range 7:9"],
    ),
    case(
        "zh-metrics",
        "| 指标 | 本周 | 目标 |\n|---|---|---|\n| 入金有效成功率 | 99.97% | 99.95% |\n| 刷卡tps | 41 | 50 |",
        &["metric 入金有效成功率 success_rate 99.97% target=99.95", "metric 刷卡tps throughput 41tps target=50"],
    ),
    // A change column (`Trend`, `环比`) is no value of this week; a cell of two figures
    // (`9 / 12`, opened / closed) is not guessed at.
    case(
        "en-metrics",
        "| Metric | This week | Target | Last week | Trend |\n|---|---|---|---|---|\n| Checkout conversion | 3.42% | 3.50% | 3.38% | ▲ 0.04 pp |",
        &["metric Checkout conversion other 3.42% target=3.5"],
    ),
    case(
        "en-metrics",
        "| Metric | This cycle | Cycle 30 |\n|---|---|---|\n| Bugs opened / closed | 9 / 12 | 11 / 8 |\n| Escaped defects | 2 | 1 |",
        &["metric Escaped defects other 2", "metric Escaped defects Cycle 30 other 1"],
    ),
    // An example (`示例：`, `e.g.`) is no figure of the week; nor is a figure of another period
    // (`(Q1 avg)`, `（月均）`).
    case("zh-metrics", "- 示例：支付成功率 99.90%", &[]),
    case(
        "en-metrics",
        "- MTTR went from 52 min (Q1 avg) to 38 min (Q2 avg)\n- MTTR: 41 min",
        &["metric MTTR duration 41min"],
    ),
    case("zh-metrics", "- 交易笔数：3.2万（月均）", &[]),
    // `~60% done` says how much is done, not that it is.
    case(
        "en-o1",
        "- Payout batching v2 — ~60% done; slipped from Jul 12 to Jul 24",
        &["item Payout batching v2 delayed"],
    ),
    // Text inside an admonition fence (`:::tips` … `:::`, Yuque's callouts) is a callout:
    // its lines are no projects.
    case(
        "zh-o1",
        ":::tips\n填写说明：每周五更新\n:::\n\n- 对账平台：开发中",
        &["item 对账平台 in_progress"],
    ),
    case(
        "zh-o1",
        "- 性能测试进行中，当前刷卡消费和余额查询tps≈20，目标50tps",
        &["metric 刷卡消费和余额查询tps throughput 20tps target=50", "item 性能测试 in_progress"],
    ),
    case(
        "zh-o1",
        "- 数据打标，一共179个数据库，目前打标完成48个数据库，完成率：26.97%",
        &["metric 完成率 ratio 26.97% basis=48/179", "item 数据打标 in_progress progress=26.97"],
    ),
    case("zh-o1", "- 网联代收：开发进度 85%", &["item 网联代收 in_progress progress=85"]),
    // A paragraph line that is a figure among the projects is a metric, not a project…
    case(
        "zh-o1",
        "availability 99.97% (目标 99.9%)",
        &["metric availability availability 99.97% target=99.9"],
    ),
    // … while a sentence that mentions a figure is still a piece of work.
    case(
        "zh-o1",
        "性能测试进行中，当前刷卡消费和余额查询tps≈20，目标50tps",
        &["metric 刷卡消费和余额查询tps throughput 20tps target=50", "item 性能测试 in_progress"],
    ),
    case("en-metrics", "- Payment success rate: 99.97%", &["metric Payment success rate success_rate 99.97%"]),
    case(
        "en-metrics",
        "- Gateway availability: 99.995% (target 99.99%)",
        &["metric Gateway availability availability 99.995% target=99.99"],
    ),
    case(
        "en-metrics",
        "- Checkout API throughput 120 tps, target 200 tps",
        &["metric Checkout API throughput throughput 120tps target=200"],
    ),
    case(
        "en-metrics",
        "| Metric | Value | Target |\n| --- | --- | --- |\n| Refund success rate | 99.93% | 99.90% |",
        &["metric Refund success rate success_rate 99.93% target=99.9"],
    ),
    // ---- incidents -----------------------------------------------------------------------
    case("zh-metrics", "- 事故数AB级0次，CD级1次", &["incidents AB=0 CD=1"]),
    case("zh-metrics", "P0故障0起，P1故障2起", &["incidents P0=0 P1=2"]),
    case("en-metrics", "- Incidents: SEV1 0, SEV2 1", &["incidents SEV1=0 SEV2=1"]),
    case("zh-o1", "- 杭州政府存管，针对3个P0级需求，按计划开发中。", &["item 杭州政府存管 in_progress"]),
    // ---- stability events ----------------------------------------------------------------
    case(
        "zh-o3",
        "3. 生产稳定性事件：\n- 7/3 18:40 监控发现告警\n原因：查询超时， 处置：重启后恢复，影响8分钟",
        &["event 2023-07-03T18:40 监控发现告警 | cause=查询超时 | action=重启后恢复，影响8分钟 | impact=8 stated"],
    ),
    case(
        "zh-events",
        "- 7/5 11:21 企查查异常\n\n    原因：服务异常\n\n    处置：16:53 服务恢复",
        &["event 2023-07-05T11:21 企查查异常 | cause=服务异常 | action=16:53 服务恢复 | impact=332 derived | recovered=2023-07-05T16:53"],
    ),
    case(
        "zh-events",
        "- 7月6日 10:00 数据库主从切换（C级），影响1.5小时",
        &["event 2023-07-06T10:00 数据库主从切换（C级），影响1.5小时 | grade=C | impact=90 stated"],
    ),
    case(
        "zh-events",
        "- 7/7 23:50 批量任务失败，原因：磁盘满，处置：00:20 恢复",
        &[
            "event 2023-07-07T23:50 批量任务失败 | cause=磁盘满 | action=00:20 恢复 | recovered=2023-07-07T00:20",
            "diag recovery-before-event 7:3",
        ],
    ),
    case(
        "zh-events",
        "- 7/7 23:50 批量任务失败，原因：磁盘满，处置：7/8 00:20 恢复",
        &["event 2023-07-07T23:50 批量任务失败 | cause=磁盘满 | action=7/8 00:20 恢复 | impact=30 derived | recovered=2023-07-08T00:20"],
    ),
    case(
        "zh-events",
        "- 7/5 10:00 网关告警，影响-5分钟",
        &["event 2023-07-05T10:00 网关告警，影响-5分钟", "diag value-out-of-range 7:20"],
    ),
    case(
        "zh-events",
        "- 7/5 25:61 网关告警，原因：未知",
        &["event - 网关告警 | cause=未知", "diag invalid-time 7:7"],
    ),
    case(
        "en-events",
        "- 3/5 14:05 Checkout latency alerts\n    - Cause: pool exhausted\n    - Action: rolled back, impact 17 minutes",
        &["event 2024-03-05T14:05 Checkout latency alerts | cause=pool exhausted | action=rolled back, impact 17 minutes | impact=17 stated"],
    ),
    case(
        "en-events",
        "- 3/6 09:00 Ledger job stuck (SEV2). Cause: lock contention. Action: restarted, recovered at 09:45",
        &["event 2024-03-06T09:00 Ledger job stuck (SEV2) | grade=SEV2 | cause=lock contention | action=restarted, recovered at 09:45 | impact=45 derived | recovered=2024-03-06T09:45"],
    ),
    case(
        "note",
        "# 第1周 2024-01-05\n\n## 生产稳定性事件\n\n- 12/29 08:00 跨年批量延迟，影响20分钟\n",
        &["note weekly 2024-W01 2024-01-05", "event 2023-12-29T08:00 跨年批量延迟，影响20分钟 | impact=20 stated"],
    ),
    // ---- projects ------------------------------------------------------------------------
    case(
        "zh-o1",
        "- 小贝帮帮项目，自然人代开版本完成提测和Showcase，计划7/13上线",
        &["item 小贝帮帮项目 testing due=2023-07-13"],
    ),
    case("zh-o1", "- 店东看账，分账短信通知优化开发中，计划7/13上线；", &["item 店东看账 in_progress due=2023-07-13"]),
    case(
        "zh-o1",
        "- 商户降客询，登录密码控件降级方案7/6上线完毕；入网流程优化showcase完成，预计7/11上线",
        &[
            "item 商户降客询 done done=2023-07-06",
            "  item 登录密码控件降级方案 done done=2023-07-06",
            "  item 入网流程优化showcase in_progress due=2023-07-11",
        ],
    ),
    case("zh-o1", "- 人谷系统技术栈改造按计划进行中，总体进度95%", &["item 人谷系统技术栈改造 in_progress progress=95"]),
    case("zh-o1", "- 退款对账逻辑改造：比对逻辑写完，整体约 55%", &["item 退款对账逻辑改造 in_progress progress=55"]),
    case(
        "zh-o1",
        "- 账户迁移：开发中；计划7/20上线",
        &["item 账户迁移 in_progress due=2023-07-20", "  item 账户迁移 in_progress", "  item 账户迁移 unknown due=2023-07-20"],
    ),
    case("zh-o1", "- 小贝帮帮项目，延期至7/20上线", &["item 小贝帮帮项目 delayed due=2023-07-20"]),
    case("zh-o1", "- 账户迁移：计划7月20日上线", &["item 账户迁移 unknown due=2023-07-20"]),
    case("zh-o1", "- 账户迁移：预计2023-07-20上线", &["item 账户迁移 unknown due=2023-07-20"]),
    case("zh-o1", "- 店东看账：7/20前上线", &["item 店东看账 unknown due=2023-07-20"]),
    case("zh-o1", "- 商户降客询：7/6上线", &["item 商户降客询 done done=2023-07-06"]),
    case("zh-o1", "- 银商支付宝APP花呗：已投产", &["item 银商支付宝APP花呗 done"]),
    case("zh-o1", "- 银联代收：已上线", &["item 银联代收 done"]),
    case("zh-o1", "- 资金平台接口：已提测", &["item 资金平台接口 testing"]),
    case("zh-o1", "- 健康分治理：阻塞，等待应用团队排期", &["item 健康分治理 blocked"]),
    case("zh-o1", "- 数据中台：待启动", &["item 数据中台 planned"]),
    case("zh-o1", "- 健康分治理，兼容性调试完成，下周启动应用系统层面沟通", &["item 健康分治理 in_progress"]),
    case("zh-o1", "- Hive数仓切换账户2.0正式数据库3518 完成", &["item Hive数仓切换账户2.0正式数据库3518 done"]),
    case(
        "zh-o1",
        "- 项目甲：计划7/32上线",
        &["item 项目甲 unknown", "diag invalid-date 7:9"],
    ),
    case("zh-o1", "- 项目乙：开发进度 120%", &["item 项目乙 in_progress", "diag value-out-of-range 7:12"]),
    case(
        "en-o1",
        "- Merchant onboarding revamp: in progress, 60%, planned launch 3/15",
        &["item Merchant onboarding revamp in_progress progress=60 due=2024-03-15"],
    ),
    case("en-o1", "- Risk engine upgrade: launch moved to 3/22", &["item Risk engine upgrade delayed due=2024-03-22"]),
    case("en-o1", "- Settlement reconciliation: shipped 3/6", &["item Settlement reconciliation done done=2024-03-06"]),
    case("en-o1", "- Card tokenization: certification passed", &["item Card tokenization done"]),
    case(
        "en-o1",
        "- Card tokenization: certification passed, launch planned 3/20",
        &["item Card tokenization in_progress due=2024-03-20"],
    ),
    case("en-o1", "- Ledger v2 cutover: overall progress 72%", &["item Ledger v2 cutover in_progress progress=72"]),
    case("en-o1", "- Merchant onboarding revamp: in testing, 90%", &["item Merchant onboarding revamp testing progress=90"]),
    case("en-o1", "- Legacy reports: blocked, waiting for finance sign-off", &["item Legacy reports blocked"]),
    case("en-o1", "- Billing export: due Mar 29", &["item Billing export unknown due=2024-03-29"]),
    case("en-o1", "- [x] Write the runbook\n- [ ] Rotate the keys", &["item Write the runbook done", "item Rotate the keys unknown"]),
    // ---- incident counts ------------------------------------------------------------------
    // Grades joined by `/` share a count of none; `x1` after a grade counts it; a line
    // labelled with an incidents section's name is about incidents.
    case("zh-o3", "本周P0/P1故障 0 起，P2故障 1 起。", &["incidents P0=0 P1=0 P2=1"]),
    case("zh-o1", "稳定性: 本周 P2 x1, 无P1", &["incidents P1=0 P2=1"]),
    case("zh-o1", "本周 P1/P2故障 2 起", &["incidents P1/P2=2"]),
    // ---- plans, links ----------------------------------------------------------------------
    case("zh-next", "1. 团队骨干的1v1沟通\n2. 网联代收上线", &["next 团队骨干的1v1沟通 unknown", "next 网联代收 unknown"]),
    case("en-next", "1. Merchant onboarding revamp launch on 3/22", &["next Merchant onboarding revamp unknown due=2024-03-22"]),
    // In a plans section a figure written like a month and day is its date when it opens or
    // ends a phrase and falls in the two months ahead; a version or a second figure is not.
    case("zh-next", "1. 指标平台需求评审，7.14 正式启动", &["next 指标平台需求评审 unknown due=2023-07-14"]),
    case("zh-next", "1. 启动 Q3 OKR 共创，初稿 7.21", &["next 启动 Q3 OKR 共创 unknown due=2023-07-21"]),
    case("zh-next", "1. Redis 客户端升级 @吴桐 7.15", &["next Redis 客户端升级 7.15 unknown due=2023-07-15 owner=吴桐"]),
    case("zh-next", "1. 客户端升级到 lettuce 6.3", &["next 客户端升级到 lettuce 6.3 unknown"]),
    case("zh-next", "1. DQ-Monitor 下一版 7.10", &["next DQ-Monitor 下一版 7.10 unknown"]),
    case("zh-next", "1. 镜像 tag 统一为 7.10，旧 tag 清理", &["next 镜像 tag 统一为 7.10 unknown"]),
    case(
        "zh-next",
        "1. 方案评审 7.12，灰度 7.20",
        &["next 方案评审 7.12 unknown"],
    ),
    // A done word after a date still to come: the day it is due.
    case("zh-next", "1. 退款链路异步化 7月12日全量", &["next 退款链路异步化 unknown due=2023-07-12"]),
    case("zh-next", "1. 旧 Ceph 集群 7.17 下线", &["next 旧 Ceph 集群 unknown due=2023-07-17"]),
    case(
        "zh-links",
        "[2023/07/03 周一](2023-07-03%20周一_dtMuCKJNdfq3ynVd5DE9zv.md)",
        &["link 2023-07-03 周一_dtMuCKJNdfq3ynVd5DE9zv.md 2023-07-03"],
    ),
    case("en-links", "- [Mon](daily/2024-03-04%20Mon.md)", &["link daily/2024-03-04 Mon.md 2024-03-04"]),
    // ---- titles, properties, front matter ------------------------------------------------
    case("note", "# 2023年第28周 周报\n", &["note weekly 2023-W28 -"]),
    case("note", "# Week 28 (2023-07-08)\n", &["note weekly 2023-W28 2023-07-08"]),
    case("note", "# 2023-W28\n", &["note weekly 2023-W28 -"]),
    case(
        "note",
        "# Week 10 2024-03-08\n\nCreated: March 8, 2024 5:30 PM\n",
        &["note weekly 2024-W10 2024-03-08", "created 2024-03-08T17:30"],
    ),
    case(
        "note",
        "---\ndate: 2023-07-08\nweek: 28\nkind: weekly\n---\n# 周报\n",
        &["note weekly 2023-W28 2023-07-08", "front_matter date,kind,week"],
    ),
    case(
        "note",
        "# 2023/07/10 周一\n\n## 今日进展\n\n- 网联代收：已提测\n\n## 问题与风险\n\n- 联调环境不稳定\n\n## 明日计划\n\n- 上线评审\n",
        &["note daily - 2023-07-10", "item 网联代收 testing", "tomorrow 上线评审 unknown", "risk 联调环境不稳定 unknown"],
    ),
    // A standup without sections per day: a person's heading over `Yesterday:` / `Today:` /
    // `Blocker:` lines; `Today:` is the plan, and the work is the person's.
    case(
        "note",
        "# Daily standup\n\nDate: 2024-06-14\n\n## Amy\n- Yesterday: A/B config done\n- Today: API 34 bump, aim to finish by Mon\n- Blocker: legal copy still missing\n",
        &[
            "note daily - 2024-06-14",
            "item A/B config done",
            "tomorrow API 34 bump unknown due=2024-06-17",
            "risk legal copy still missing unknown",
        ],
    ),
    // Under a daily note's title, links to dated daily notes are its daily links; a line that
    // names one time zone and no time gives the zone of the note's event times.
    case(
        "note",
        "# Standup 2024-06-13 (Thu)\n\nprev: [[2024-06-12 standup]] · [[周报-W24]]\n",
        &["note daily - 2024-06-13", "link 2024-06-12 standup 2024-06-12"],
    ),
    case(
        "note",
        "# 稳定性值班周报 2024-06-28\n\n值班：@郑凯　※ 以下时间均为北京时间\n\n## 生产稳定性事件\n\n- 6/26 23:10 订单服务超时，影响45分钟\n",
        &["note weekly - 2024-06-28", "event 2024-06-26T23:10 订单服务超时，影响45分钟 | impact=45 stated | tz=北京时间"],
    ),
    // A due date later than the one it replaced is a delay.
    case("en-o1", "- Store submission: due Mar 17 (was Mar 5)", &["item Store submission delayed due=2024-03-17"]),
    // Owners: a person in brackets before a due phrase, an English owner label without a colon.
    case("en-next", "1. Data migration dry-run #3 (J. Alvarez), by Mar 21", &["next Data migration dry-run #3 (J. Alvarez) unknown due=2024-03-21 owner=J. Alvarez"]),
    case("en-next", "1. Payout scheduler spike (Marco, by Mar 19)", &["next Payout scheduler spike (Marco unknown due=2024-03-19 owner=Marco"]),
    case("zh-next", "1. namenode 需要申请扩容, owner 张伟, 7.20前", &["next namenode 需要申请扩容 unknown due=2023-07-20 owner=张伟"]),
    case("en-next", "1. Checkout (NL, BE) launch", &["next Checkout (NL unknown"]),
    // Next week's plans: a weekday after a due word is next week's.
    case("en-next", "1. circulate the RFC for comments by Fri", &["next circulate the RFC for comments by unknown due=2024-03-15"]),
    // A title's week and dates without a year take it from the week, or from a date under
    // the title; a reporting period may name the week.
    case(
        "note",
        "# 稳定性值班周报｜2024 第26周（6.24 ~ 6.30）\n",
        &["note weekly 2024-W26 2024-06-30"],
    ),
    case(
        "note",
        "# 增长组 OKR 周报 · W25（6.17 - 6.21）\n\n> 2024 Q2 ｜ 更新于 2024-06-21 18:30\n",
        &["note weekly 2024-W25 2024-06-21"],
    ),
    case(
        "note",
        "# 数据中台 项目周报（2024.6.10-6.14）\n\n日期：2024.6.17　　报告周期：第24周\n",
        &["note weekly 2024-W24 2024-06-17"],
    ),
    case(
        "note",
        "# 第54周 2023-07-08\n",
        &["note weekly - 2023-07-08", "diag value-out-of-range 1:3"],
    ),
    case(
        "note",
        "---\ntitle: [unclosed\n---\n# 第28周 2023-07-08\n",
        &["note weekly 2023-W28 2023-07-08", "diag invalid-front-matter 1:1"],
    ),
    // DingTalk: numbered lines without Markdown (`1、`), a week with its year and no date, and
    // the submission time as the note's creation.
    case(
        "note",
        "# 周报 - 王磊 - 2024年第24周\n\n提交时间：2024-06-14 18:40\n\n**本周完成工作**\n\n1、退款回调重复通知问题修复，6/12已上线\n2、商户限额配置与风控组联调完成\n",
        &[
            "note weekly 2024-W24 -",
            "created 2024-06-14T18:40",
            "item 退款回调重复通知问题修复 done done=2024-06-12",
            "item 商户限额配置与风控组联调 done",
        ],
    ),
    case(
        "note",
        "# 周报 2024年第24周\n\n## 本周完成\n\n- 灰度 6/12 已上线\n",
        &["note weekly 2024-W24 -", "item 灰度 done done=2024-06-12"],
    ),
    // A KPI among the week's work is a metric, not a project with its figure as progress.
    case(
        "zh-o1",
        "- 支付成功率（本周均值）：99.91%，较上周提升0.03个百分点（目标≥99.9%）",
        &["metric 支付成功率(本周均值) success_rate 99.91% target=99.9"],
    ),
    // An overall-progress label with words and no figure sums the week up: no project.
    case("zh-o1", "- 整体：本周主要精力在渠道路由灰度，对账平台进度偏慢。", &[]),
];

fn wrap(ctx: &str, input: &str) -> String {
    let (header, section) = match ctx {
        "note" => return input.to_string(),
        c if c.starts_with("zh-") => ("# 第28周 2023-07-08\n\n# 上周进展\n\n", &c[3..]),
        c => ("# Week 10 2024-03-08\n\n# Last week\n\n", &c[3..]),
    };
    let heading = match (ctx.starts_with("zh-"), section) {
        (true, "metrics") => "## 【系统运行数据】",
        (true, "o1") => "## 【O1 服务业务】",
        (true, "o3") => "## 【O3 安全稳定】",
        (true, "events") => "## 生产稳定性事件",
        (true, "next") => "# 下周工作及目标",
        (true, "links") => "# 日报合集",
        (false, "metrics") => "## System metrics",
        (false, "o1") => "## O1 Merchant services",
        (false, "events") => "## Stability events",
        (false, "next") => "# Next week",
        (false, "links") => "# Daily notes",
        _ => panic!("unknown case context {ctx}"),
    };
    format!("{header}{heading}\n\n{input}\n")
}

fn item_lines(prefix: &str, item: &Item, depth: usize, out: &mut Vec<String>) {
    let mut s = format!(
        "{}{prefix} {} {}",
        "  ".repeat(depth),
        item.name,
        item.status
    );
    if let Some(p) = item.progress {
        s += &format!(" progress={p}");
    }
    if let Some(d) = item.due {
        s += &format!(" due={d}");
    }
    if let Some(d) = item.done_on {
        s += &format!(" done={d}");
    }
    // Owners are shown for plans, whose cases are few.
    if let (Some(o), "next") = (&item.owner, prefix) {
        s += &format!(" owner={o}");
    }
    out.push(s);
    for child in &item.children {
        item_lines(prefix, child, depth + 1, out);
    }
}

/// Every fact of a note, one compact line each.
fn describe(note: &Note, whole_note: bool) -> Vec<String> {
    let mut out = Vec::new();
    let opt = |v: Option<String>| v.unwrap_or_else(|| "-".into());
    if whole_note {
        out.push(format!(
            "note {} {} {}",
            serde_json::to_value(note.kind).unwrap().as_str().unwrap(),
            opt(note.week.map(|w| w.to_string())),
            opt(note.date.map(|d| d.to_string()))
        ));
        if let Some(c) = note.created {
            out.push(format!("created {}", c.format("%Y-%m-%dT%H:%M")));
        }
        if let Some(fm) = &note.front_matter {
            out.push(format!(
                "front_matter {}",
                fm.keys().cloned().collect::<Vec<_>>().join(",")
            ));
        }
    }
    for m in &note.metrics {
        let mut s = format!(
            "metric {} {} {}{}",
            m.name,
            serde_json::to_value(m.kind).unwrap().as_str().unwrap(),
            m.value,
            m.unit.as_deref().unwrap_or("")
        );
        if let Some(t) = m.target {
            s += &format!(" target={t}");
        }
        if let Some(b) = m.basis {
            s += &format!(" basis={}/{}", b.part, b.total);
        }
        out.push(s);
    }
    if let Some(inc) = &note.incidents {
        let grades: Vec<String> = inc
            .by_grade
            .iter()
            .map(|(g, n)| format!("{g}={n}"))
            .collect();
        out.push(format!("incidents {}", grades.join(" ")));
    }
    for e in &note.events {
        let mut s = format!(
            "event {} {}",
            opt(e.at.map(|a| a.format("%Y-%m-%dT%H:%M").to_string())),
            e.summary
        );
        if let Some(g) = &e.grade {
            s += &format!(" | grade={g}");
        }
        if let Some(c) = &e.cause {
            s += &format!(" | cause={c}");
        }
        if let Some(a) = &e.action {
            s += &format!(" | action={a}");
        }
        if let (Some(m), Some(src)) = (e.impact_minutes, e.impact_source) {
            s += &format!(
                " | impact={m} {}",
                serde_json::to_value(src).unwrap().as_str().unwrap()
            );
        }
        if let Some(r) = e.recovered_at {
            s += &format!(" | recovered={}", r.format("%Y-%m-%dT%H:%M"));
        }
        if let Some(z) = &e.timezone {
            s += &format!(" | tz={z}");
        }
        out.push(s);
    }
    for o in &note.objectives {
        for i in &o.items {
            item_lines("item", i, 0, &mut out);
        }
    }
    for (prefix, items) in [
        ("item", &note.items),
        ("next", &note.next_week),
        ("tomorrow", &note.tomorrow),
        ("risk", &note.risks),
    ] {
        for i in items {
            item_lines(prefix, i, 0, &mut out);
        }
    }
    for l in &note.daily_links {
        out.push(format!(
            "link {} {}",
            l.target,
            opt(l.date.map(|d| d.to_string()))
        ));
    }
    for d in &note.diagnostics {
        out.push(format!("diag {} {}:{}", d.code, d.line, d.column));
    }
    out
}

#[test]
fn every_line_gives_exactly_its_facts() {
    let mut failures = Vec::new();
    for case in CASES {
        let note = common::parse(&wrap(case.ctx, case.input));
        let got = describe(&note, case.ctx == "note");
        if got != case.want {
            failures.push(format!(
                "[{}] {}\n   want: {:#?}\n    got: {:#?}",
                case.ctx,
                case.input.replace('\n', "⏎"),
                case.want,
                got
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
}
