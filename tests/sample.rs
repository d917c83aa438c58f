//! Every fact of the user's real sample note (`第28周 2023-07-08.md`, a Notion export).

mod common;

use chrono::{NaiveDate, NaiveDateTime};
use common::{dec, item, note, SAMPLE};
use weekly_report::model::{ImpactSource, MetricKind, NoteKind, Status, WeekId};

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn datetime(s: &str) -> NaiveDateTime {
    s.parse().unwrap()
}

#[test]
fn header() {
    let n = note(SAMPLE);
    assert_eq!(n.kind, NoteKind::Weekly);
    assert_eq!(n.title.as_deref(), Some("第28周 2023-07-08"));
    assert_eq!(
        n.week,
        Some(WeekId {
            year: 2023,
            number: 28
        })
    );
    assert_eq!(n.date, Some(date("2023-07-08")));
    assert_eq!(n.created, Some(datetime("2023-11-29T20:56:00")));
    assert_eq!(n.front_matter, None);
    assert!(n.diagnostics.is_empty(), "{:?}", n.diagnostics);
}

#[test]
fn metrics_keep_their_exact_values() {
    let n = note(SAMPLE);
    let got: Vec<(&str, MetricKind, String, Option<&str>)> = n
        .metrics
        .iter()
        .map(|m| (m.name.as_str(), m.kind, dec(m.value), m.unit.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "入金有效成功率",
                MetricKind::SuccessRate,
                "99.99".into(),
                Some("%")
            ),
            (
                "出金有效成功率",
                MetricKind::SuccessRate,
                "99.95".into(),
                Some("%")
            ),
            (
                "一次支付成功率",
                MetricKind::SuccessRate,
                "99.13".into(),
                Some("%")
            ),
            (
                "支付系统年度可用性",
                MetricKind::Availability,
                "99.998".into(),
                Some("%")
            ),
            (
                "刷卡消费和余额查询tps",
                MetricKind::Throughput,
                "20".into(),
                Some("tps")
            ),
            ("完成率", MetricKind::Ratio, "26.97".into(), Some("%")),
        ]
    );
    // Two metrics on one line keep their own lines and spans.
    assert_eq!(n.metrics[1].line, 14);
    assert_eq!(n.metrics[2].line, 14);
    assert!(n.metrics[1].span.end <= n.metrics[2].span.start);
    let tps = &n.metrics[4];
    assert_eq!(tps.target.map(dec).as_deref(), Some("50"));
    assert_eq!(tps.line, 49);
    let ratio = n.metrics[5]
        .basis
        .expect("48 of 179 stated beside the ratio");
    assert_eq!(
        (dec(ratio.part), dec(ratio.total)),
        ("48".into(), "179".into())
    );
}

#[test]
fn metric_spans_point_at_the_source() {
    let n = note(SAMPLE);
    let text = std::fs::read_to_string(common::root(SAMPLE)).unwrap();
    let m = &n.metrics[3];
    assert_eq!(
        &text[m.span.start..m.span.end],
        "支付系统年度可用性：99.998%"
    );
}

#[test]
fn incidents_by_grade() {
    let n = note(SAMPLE);
    let inc = n.incidents.expect("incident counts");
    assert_eq!(
        inc.by_grade.into_iter().collect::<Vec<_>>(),
        [("AB".to_string(), 0), ("CD".to_string(), 1)]
    );
    assert_eq!(inc.line, 19);
}

#[test]
fn stability_events_stated_and_derived() {
    let n = note(SAMPLE);
    assert_eq!(n.events.len(), 2);
    let e = &n.events[0];
    assert_eq!(e.at, Some(datetime("2023-07-03T18:40:00")));
    assert_eq!(e.summary, "监控发现企业钱包出现大量告警");
    assert_eq!(e.cause.as_deref(), Some("单中心查询分账库出现超时"));
    assert_eq!(e.action.as_deref(), Some("重启账单系统后恢复，影响8分钟"));
    assert_eq!(e.impact_minutes.map(dec).as_deref(), Some("8"));
    assert_eq!(e.impact_source, Some(ImpactSource::Stated));
    assert_eq!(e.line, 65);

    let e = &n.events[1];
    assert_eq!(e.at, Some(datetime("2023-07-05T11:21:00")));
    assert_eq!(
        e.summary,
        "监控发现企查查异常，调用时持续出现read time out，影响风控的商户巡检"
    );
    assert_eq!(e.cause.as_deref(), Some("企查查服务异常"));
    assert!(e
        .action
        .as_deref()
        .unwrap()
        .starts_with("1. 16:53 服务恢复 2. 当前调用企业信息场景"));
    assert_eq!(e.recovered_at, Some(datetime("2023-07-05T16:53:00")));
    assert_eq!(e.impact_minutes.map(dec).as_deref(), Some("332"));
    assert_eq!(e.impact_source, Some(ImpactSource::Derived));
}

#[test]
fn objectives_and_their_projects() {
    let n = note(SAMPLE);
    let codes: Vec<(&str, &str)> = n
        .objectives
        .iter()
        .map(|o| (o.code.as_str(), o.title.as_str()))
        .collect();
    assert_eq!(
        codes,
        [
            ("O1", "服务业务"),
            ("O2", "系统升级"),
            ("O3", "安全稳定、降本提效")
        ]
    );

    let p = item(&n, "小贝帮帮项目");
    assert_eq!(
        (p.status, p.due),
        (Status::Testing, Some(date("2023-07-13")))
    );
    let p = item(&n, "店东看账");
    assert_eq!(
        (p.status, p.due),
        (Status::InProgress, Some(date("2023-07-13")))
    );
    let p = item(&n, "网联代收");
    assert_eq!(
        (p.status, p.progress.map(dec).as_deref()),
        (Status::InProgress, Some("85"))
    );
    assert_eq!(item(&n, "银商支付宝APP花呗").status, Status::Done);
    assert_eq!(item(&n, "银联代收").status, Status::Done);
    assert_eq!(item(&n, "杭州政府存管").status, Status::InProgress);
}

#[test]
fn two_clauses_keep_both_and_the_first_wins() {
    let n = note(SAMPLE);
    let p = item(&n, "商户降客询");
    assert_eq!(p.status, Status::Done);
    assert_eq!(p.done_on, Some(date("2023-07-06")));
    let clauses: Vec<_> = p
        .children
        .iter()
        .map(|c| (c.name.as_str(), c.status, c.due, c.done_on))
        .collect();
    assert_eq!(
        clauses,
        [
            (
                "登录密码控件降级方案",
                Status::Done,
                None,
                Some(date("2023-07-06"))
            ),
            (
                "入网流程优化showcase",
                Status::InProgress,
                Some(date("2023-07-11")),
                None
            ),
        ]
    );
}

#[test]
fn lettered_subprojects_all_belong_to_o2_whatever_their_heading_level() {
    let n = note(SAMPLE);
    let o2 = &n.objectives[1];
    let names: Vec<&str> = o2.items.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(
        names,
        ["支付账户2.0升级", "POS收单系统建设", "HIVE标准数仓建设"]
    );
    let pos = &o2.items[1];
    let rengu = &pos.children[0];
    assert_eq!(rengu.name, "人谷系统技术栈改造");
    assert_eq!(rengu.status, Status::InProgress);
    assert_eq!(rengu.progress.map(dec).as_deref(), Some("95"));
    assert_eq!(rengu.children.len(), 2);
    let hive = &o2.items[2].children[0];
    assert_eq!(
        (hive.name.as_str(), hive.progress.map(dec)),
        ("Hive数仓建设", Some("97.6".into()))
    );
}

#[test]
fn o3_items_exclude_the_events_they_list() {
    let n = note(SAMPLE);
    let names: Vec<(&str, Status)> = n.objectives[2]
        .items
        .iter()
        .map(|i| (i.name.as_str(), i.status))
        .collect();
    assert_eq!(
        names,
        [
            ("数据分类分级沟通", Status::InProgress),
            ("健康分治理", Status::InProgress)
        ]
    );
}

#[test]
fn plans_others_reflections_and_daily_links() {
    let n = note(SAMPLE);
    let plans: Vec<&str> = n.next_week.iter().map(|i| i.text.as_str()).collect();
    assert_eq!(
        plans,
        [
            "团队骨干的1v1沟通",
            "下半年重点工作脑暴，以及OKR沟通",
            "账户2.0能力价值输出，以及支付1.x存量系统盘点",
            "重点项目跟进：Hive数仓账单切换"
        ]
    );
    assert_eq!(n.others.len(), 3);
    assert_eq!(n.others[0].name, "2023H1支付技术部述职");
    assert!(n.reflections[0]
        .text
        .starts_with("上半年，我们完成了很多困难的项目"));
    assert_eq!(n.reflections.len(), 11);
    assert_eq!(n.daily_links.len(), 1);
    let link = &n.daily_links[0];
    assert_eq!(link.text, "2023/07/03 周一");
    assert_eq!(link.target, "2023-07-03 周一_dtMuCKJNdfq3ynVd5DE9zv.md");
    assert_eq!(link.date, Some(date("2023-07-03")));
}

#[test]
fn sample_json_snapshot() {
    let n = note(SAMPLE);
    let mut out = Vec::new();
    weekly_report::render::write_notes(
        &mut out,
        &[n],
        weekly_report::render::DataFormat::Json,
        weekly_report::render::Shape::Object,
    )
    .unwrap();
    let json = String::from_utf8(out).unwrap();
    let json = json.replace(&common::root("").display().to_string(), "<root>/");
    insta::assert_snapshot!("sample_json", json);
}
