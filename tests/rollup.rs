//! The rollup of the example notes: slips, stalls, plan follow-up, KPIs and incidents.

mod common;

use chrono::NaiveDate;
use weekly_report::analyze::{self, Facts, Period, RollupOptions, TeamRollup};
use weekly_report::config::Config;
use weekly_report::model::{Note, NoteKind, Status};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn notes() -> Vec<Note> {
    let found = weekly_report::source::find_notes(&common::root("examples/notes"), &[]);
    weekly_report::read_notes(&found.notes, &common::CONFIG)
        .into_iter()
        .map(Result::unwrap)
        .collect()
}

fn options() -> RollupOptions {
    RollupOptions {
        root: common::root("examples/notes").display().to_string(),
        period: Period::Month,
        from: None,
        to: None,
    }
}

fn chinese_team(config: &Config) -> TeamRollup {
    let rollup = analyze::rollup(&notes(), &options(), config);
    assert_eq!(
        rollup
            .teams
            .iter()
            .map(|t| t.team.as_str())
            .collect::<Vec<_>>(),
        ["", "platform-team"]
    );
    rollup.teams.into_iter().next().unwrap()
}

#[test]
fn weeks_are_ordered_and_carry_their_daily_notes() {
    let t = chinese_team(&common::CONFIG);
    let ids: Vec<&str> = t.weeks.iter().map(|w| w.id.as_str()).collect();
    assert_eq!(ids, ["2023-W27", "2023-W28", "2023-W29", "2023-W30"]);
    let dailies: Vec<usize> = t.weeks.iter().map(|w| w.dailies.len()).collect();
    assert_eq!(dailies, [1, 1, 5, 1]);
    assert_eq!(
        t.weeks[1].dailies[0].path,
        "2023-07-03 周一_dtMuCKJNdfq3ynVd5DE9zv.md"
    );
}

#[test]
fn a_moved_due_date_is_a_slip_with_its_days_and_week() {
    let t = chinese_team(&common::CONFIG);
    let p = t
        .projects
        .iter()
        .find(|p| p.name == "小贝帮帮项目")
        .unwrap();
    let slip = p.slipped.as_ref().expect("slipped");
    assert_eq!(
        (slip.original_due, slip.latest_due),
        (d("2023-07-13"), d("2023-07-20"))
    );
    assert_eq!((slip.moved_days, slip.overdue_days, slip.days), (7, 0, 7));
    assert_eq!(slip.moved_in, ["2023-W29"]);
    assert_eq!(p.done_week.as_deref(), Some("2023-W30"));
    assert!(p.completed_in_range);
    let statuses: Vec<(String, Status, Status)> = p
        .status_changes
        .iter()
        .map(|c| (c.week.clone(), c.from, c.to))
        .collect();
    assert_eq!(
        statuses,
        [
            ("2023-W28".into(), Status::InProgress, Status::Testing),
            ("2023-W29".into(), Status::Testing, Status::Delayed),
            ("2023-W30".into(), Status::Delayed, Status::Done),
        ]
    );
    // Done on time: not a slip.
    let on_time = t.projects.iter().find(|p| p.name == "店东看账").unwrap();
    assert!(on_time.slipped.is_none());
    assert_eq!(on_time.done_week.as_deref(), Some("2023-W29"));
    assert_eq!(t.summary.slipped, 1);
}

#[test]
fn a_due_date_passed_without_done_is_overdue() {
    let w = |text: &str| common::parse(text);
    let notes = [
        w("# 第27周 2023-07-01\n\n## O1 x\n\n- 迁移：开发中，计划7/5上线\n"),
        w("# 第28周 2023-07-08\n\n## O1 x\n\n- 迁移：开发中\n"),
    ];
    let rollup = analyze::rollup(&notes, &RollupOptions::default(), &common::CONFIG);
    let p = &rollup.teams[0].projects[0];
    let slip = p.slipped.as_ref().expect("overdue");
    assert_eq!((slip.moved_days, slip.overdue_days, slip.days), (0, 3, 3));
    assert_eq!(
        p.due,
        Some(d("2023-07-05")),
        "a due date stays in force until another is stated"
    );
}

#[test]
fn three_weeks_at_one_progress_is_a_stall() {
    let t = chinese_team(&common::CONFIG);
    let stalled: Vec<(&str, String, Vec<String>)> = t
        .projects
        .iter()
        .filter_map(|p| {
            p.stalled
                .as_ref()
                .map(|s| (p.name.as_str(), s.progress.to_string(), s.weeks.clone()))
        })
        .collect();
    assert_eq!(
        stalled,
        [(
            "人谷系统技术栈改造",
            "95".to_string(),
            vec!["2023-W28".to_string(), "2023-W29".into(), "2023-W30".into()]
        )]
    );
    // Two weeks at one progress are not enough, and done projects never stall.
    let w = |text: &str| common::parse(text);
    let notes = [
        w("# 第27周 2023-07-01\n\n## O1 x\n\n- 甲：开发进度 50%\n- 乙：已上线，进度 100%\n"),
        w("# 第28周 2023-07-08\n\n## O1 x\n\n- 甲：开发进度 50%\n- 乙：已上线，进度 100%\n"),
        w("# 第29周 2023-07-15\n\n## O1 x\n\n- 甲：开发进度 60%\n- 乙：已上线，进度 100%\n"),
    ];
    let rollup = analyze::rollup(&notes, &RollupOptions::default(), &common::CONFIG);
    let done = &rollup.teams[0].projects[1];
    assert_eq!((done.name.as_str(), done.status), ("乙", Status::Done));
    assert!(rollup.teams[0].projects.iter().all(|p| p.stalled.is_none()));
}

#[test]
fn plans_are_followed_up_by_key_or_text() {
    let t = chinese_team(&common::CONFIG);
    let w27: Vec<(&str, Option<bool>, Option<&str>)> = t
        .plans
        .iter()
        .filter(|p| p.week == "2023-W27")
        .map(|p| (p.text.as_str(), p.followed_up, p.matched.as_deref()))
        .collect();
    assert_eq!(
        w27,
        [
            (
                "2023H1支付技术部述职",
                Some(true),
                Some("2023H1支付技术部述职")
            ),
            (
                "商户降客询登录密码控件降级方案上线",
                Some(true),
                Some("商户降客询")
            ),
            ("重点项目跟进：网联代收", Some(true), Some("网联代收")),
        ]
    );
    let w28_followed = t
        .plans
        .iter()
        .filter(|p| p.week == "2023-W28")
        .filter(|p| p.followed_up == Some(true))
        .count();
    assert_eq!(
        w28_followed, 0,
        "none of W28's four plans is reported in W29"
    );
    assert!(t
        .plans
        .iter()
        .filter(|p| p.week == "2023-W30")
        .all(|p| p.followed_up.is_none()));
    assert_eq!((t.summary.plans, t.summary.plans_followed_up), (10, 6));
}

#[test]
fn kpis_and_breaches() {
    let config =
        Config::from_yaml("thresholds:\n  一次支付成功率: \">= 99.1\"\n", "test.yaml").unwrap();
    let t = chinese_team(&config);
    let k = t.kpis.iter().find(|k| k.name == "出金有效成功率").unwrap();
    let values: Vec<String> = k.values.iter().map(|(_, _, v)| v.to_string()).collect();
    assert_eq!(values, ["99.93", "99.95", "99.96", "99.94"]);
    assert_eq!(
        (k.min.to_string(), k.mean.to_string(), k.last.to_string()),
        ("99.93".into(), "99.945".into(), "99.94".into())
    );
    assert_eq!(k.change_pp.map(|c| c.to_string()).as_deref(), Some("0.01"));
    // W30 states a target of 99.95 beside 99.94.
    assert_eq!(k.breaches.len(), 1);
    assert_eq!(
        (k.breaches[0].week.as_str(), k.breaches[0].bound.to_string()),
        ("2023-W30", "99.95".to_string())
    );
    // The configured threshold: 99.08 in W27 breaks >= 99.1.
    let k = t.kpis.iter().find(|k| k.name == "一次支付成功率").unwrap();
    let weeks: Vec<&str> = k.breaches.iter().map(|b| b.week.as_str()).collect();
    assert_eq!(weeks, ["2023-W27"]);
    let chart = t.chart.as_ref().unwrap();
    assert_eq!(chart.series.len(), 4);
    assert_eq!(
        (chart.y_min.to_string(), chart.y_max.to_string()),
        ("98.98".into(), "100".into())
    );
}

#[test]
fn incidents_and_the_error_budget() {
    let config = Config::from_yaml("slo:\n  availability: 99.99\n", "test.yaml").unwrap();
    let t = chinese_team(&config);
    let i = &t.incidents;
    assert_eq!(i.grades, ["AB", "CD", "P0", "P1", "P2"]);
    assert_eq!(i.total_by_grade["CD"], 1);
    assert_eq!(i.total_by_grade["P2"], 2);
    let minutes: Vec<String> = i
        .weeks
        .iter()
        .map(|w| w.impact_minutes.to_string())
        .collect();
    assert_eq!(minutes, ["0", "340", "0", "57"]);
    assert_eq!(i.total_impact_minutes.to_string(), "397");
    // 4 weeks × 10080 min × 0.01% = 4.032 minutes allowed; 397 burned.
    let b = i.error_budget.as_ref().unwrap();
    assert_eq!(b.budget_minutes.to_string(), "4.03");
    assert_eq!(b.remaining_minutes.to_string(), "-392.97");
    assert_eq!(b.burned_percent.to_string(), "9846.23");
    assert_eq!(t.periods.len(), 1);
    assert_eq!(t.periods[0].key, "2023-07");
    assert_eq!(
        t.periods[0]
            .error_budget
            .as_ref()
            .unwrap()
            .burned_minutes
            .to_string(),
        "397"
    );
}

#[test]
fn from_and_to_bound_the_weeks_and_periods_group_them() {
    let mut o = options();
    o.from = Some(d("2023-07-03"));
    o.to = Some(d("2023-07-16"));
    o.period = Period::Week;
    let rollup = analyze::rollup(&notes(), &o, &common::CONFIG);
    assert_eq!(
        rollup.teams.len(),
        1,
        "the 2024 English weeks are outside the range"
    );
    let keys: Vec<&str> = rollup.teams[0]
        .periods
        .iter()
        .map(|p| p.key.as_str())
        .collect();
    assert_eq!(keys, ["2023-W28", "2023-W29"]);
}

/// Ten weekly notes, W27–W36 of 2023, with one success rate rising by 0.01 a week.
fn ten_weeks() -> Vec<Note> {
    (0..10)
        .map(|k| {
            let date = d("2023-07-01") + chrono::Days::new(7 * k);
            let text = format!(
                "# 第{}周 {date}\n\n## 系统运行数据\n\n- 入金成功率：{}%\n",
                27 + k,
                Num99(k)
            );
            weekly_report::parse_note(&format!("w{k}.md"), &text, &common::CONFIG)
        })
        .collect()
}

struct Num99(u64);

impl std::fmt::Display for Num99 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "99.{:02}", 90 + self.0)
    }
}

#[test]
fn kpis_per_period() {
    let rollup = analyze::rollup(&ten_weeks(), &RollupOptions::default(), &common::CONFIG);
    let k = &rollup.teams[0].kpis[0];
    let periods: Vec<(String, String, String)> = k
        .periods
        .iter()
        .map(|p| {
            (
                p.key.clone(),
                p.mean.unwrap().to_string(),
                p.last.unwrap().to_string(),
            )
        })
        .collect();
    // July: 7/1, 7/8, 7/15, 7/22, 7/29 → 99.90..99.94; August: 8/5..8/26 → 99.95..99.98; September: 9/2 → 99.99.
    assert_eq!(
        periods,
        [
            (
                "2023-07".to_string(),
                "99.92".to_string(),
                "99.94".to_string()
            ),
            ("2023-08".into(), "99.965".into(), "99.98".into()),
            ("2023-09".into(), "99.99".into(), "99.99".into()),
        ]
    );
    assert_eq!(k.change_pp.unwrap().to_string(), "0.09");
}

#[test]
fn more_than_eight_weeks_show_kpis_per_period() {
    let rollup = analyze::rollup(&ten_weeks(), &RollupOptions::default(), &common::CONFIG);
    let templates = weekly_report::render::Templates::new(vec![]).unwrap();
    let md = templates
        .render_value("report.md", weekly_report::render::rollup_value(rollup))
        .unwrap();
    assert!(
        md.contains("| metric | 2023-07 | 2023-08 | 2023-09 | min | mean | last | change |"),
        "{md}"
    );
    assert!(
        md.contains(
            "| 入金成功率 | 99.92% | 99.965% | 99.99% | 99.9% | 99.945% | 99.99% | +0.09 pp |"
        ),
        "{md}"
    );
}

#[test]
fn the_reduced_facts_roll_up_exactly_like_the_notes() {
    // `build` keeps only `facts_for_rollup` of each note; nothing it drops may change the report.
    let notes = notes();
    assert!(notes.iter().any(|n| n.kind == NoteKind::Daily));
    let full = analyze::rollup(&notes, &options(), &common::CONFIG);
    let facts: Vec<Facts> = notes.into_iter().map(analyze::facts_for_rollup).collect();
    let daily = facts
        .iter()
        .find_map(|f| match f {
            Facts::Daily(d) => Some(d),
            Facts::Weekly(_) => None,
        })
        .expect("the examples have daily notes");
    assert!(daily.path.ends_with(".md") && daily.date.is_some());
    assert_eq!(
        analyze::rollup_facts(facts, &options(), &common::CONFIG),
        full
    );
    assert!(full.teams.iter().map(|t| t.summary.dailies).sum::<usize>() > 0);
    let t = full.teams.iter().find(|t| !t.plans.is_empty()).unwrap();
    assert!(t.plans.iter().any(|p| p.followed_up == Some(true)));
}

#[test]
fn a_daily_note_belongs_to_the_nearest_team_folder_above_it() {
    let weekly = |path: &str| {
        let text = "# 第28周 2023-07-08\n\n## 系统运行数据\n\n- 入金成功率：99.9%\n";
        weekly_report::parse_note(path, text, &common::CONFIG)
    };
    let daily = |path: &str| {
        let text = "# 2023/07/05 周三\n\n## 今日进展\n\n- 网联代收：开发进度 80%\n";
        weekly_report::parse_note(path, text, &common::CONFIG)
    };
    let notes = vec![
        weekly("w.md"),
        weekly("a/w.md"),
        weekly("a/b/w.md"),
        daily("a/b/c/d/2023-07-05.md"),
        daily("a/x/2023-07-05.md"),
        daily("ab/2023-07-05.md"),
        daily("2023-07-05.md"),
    ];
    assert_eq!(notes[3].kind, NoteKind::Daily);
    let rollup = analyze::rollup(&notes, &RollupOptions::default(), &common::CONFIG);
    let dailies: Vec<(&str, Vec<&str>)> = rollup
        .teams
        .iter()
        .map(|t| {
            let paths = t.weeks[0].dailies.iter().map(|d| d.path.as_str()).collect();
            (t.team.as_str(), paths)
        })
        .collect();
    assert_eq!(
        dailies,
        [
            ("", vec!["2023-07-05.md", "ab/2023-07-05.md"]),
            ("a", vec!["a/x/2023-07-05.md"]),
            ("a/b", vec!["a/b/c/d/2023-07-05.md"]),
        ]
    );
}

#[test]
fn a_metric_stated_in_one_week_of_many_costs_one_entry_in_the_json() {
    // Twenty weeks, each with a metric no other week names.
    let notes: Vec<Note> = (0..20)
        .map(|k| {
            let date = d("2023-01-07") + chrono::Days::new(7 * k);
            let text = format!(
                "# 第{}周 {date}\n\n## 系统运行数据\n\n- 接口A{k}成功率：99.{k:02}%\n",
                2 + k
            );
            weekly_report::parse_note(&format!("w{k}.md"), &text, &common::CONFIG)
        })
        .collect();
    let rollup = analyze::rollup(&notes, &RollupOptions::default(), &common::CONFIG);
    let json = serde_json::to_value(weekly_report::render::RollupContext::new(&rollup)).unwrap();
    let kpis = json["teams"][0]["kpis"].as_array().unwrap();
    assert_eq!(kpis.len(), 20);
    for (k, kpi) in kpis.iter().enumerate() {
        let values = kpi["values"].as_object().unwrap();
        let week = format!("2023-W{:02}", 2 + k);
        let weeks: Vec<&String> = values.keys().collect();
        assert_eq!(weeks, [&week], "{kpi}");
        assert!(kpi["targets"].as_object().unwrap().is_empty());
        assert_eq!(kpi["periods"].as_object().unwrap().len(), 1, "{kpi}");
    }
}
