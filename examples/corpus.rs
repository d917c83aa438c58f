//! Writes a deterministic corpus of notes for benchmarks: N weekly notes shaped like the
//! user's sample (Chinese, ~5 KB: metrics, incidents, stability events, objectives with
//! projects that progress, slip and finish, reflections, next-week plans, daily links) and 5·N
//! daily notes, spread over team folders.
//!
//! `cargo run --release --example corpus -- OUT_DIR [--weeks N] [--teams T] [--seed S]`
//!
//! Defaults: 1,000 weeks, one team per 500 weeks (at least 2), seed 1. The same arguments
//! always write the same bytes.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// SplitMix64: a small, fast, deterministic generator (no dependency for a benchmark helper).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }

    /// True with probability `percent`%.
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

const PROJECT_NAMES: &[&str] = &[
    "小贝帮帮项目",
    "店东看账",
    "商户降客询",
    "杭州政府存管",
    "网联代收",
    "银联信用卡分期",
    "账户2.0升级",
    "人谷系统技术栈改造",
    "融合系统建设",
    "Hive数仓建设",
    "帆软报表迁移",
    "数据分类分级",
    "健康分治理",
    "风控巡检优化",
    "对账平台重构",
    "清结算系统升级",
    "商户入网流程优化",
    "收银台改版",
    "分账短信通知",
    "资金平台接口",
];
const OBJECTIVES: &[&str] = &["服务业务", "系统升级", "安全稳定、降本提效"];
const STATUS_WORDS: &[&str] = &["开发中", "测试中", "联调中", "方案评审完成", "按计划进行中"];
const CAUSES: &[&str] = &[
    "单中心查询分账库出现超时",
    "第三方通道响应缓慢",
    "数据库主从切换",
    "缓存集群节点故障",
    "发布配置错误",
];
const ACTIONS: &[&str] = &[
    "重启账单系统后恢复",
    "切换备用通道后恢复",
    "回滚发布后恢复",
    "扩容后恢复",
];
const FILLER: &str = "本周我们回顾了上半年的工作，并做了反思和复盘：对项目的思考尤其技术解决问题的思考增加了，产研的磨合和效率提高了。我们不能止步于需求实现，同时要深入理解需求的目标以及想达成的业务价值，更聪明的选择技术方案，更聪明的确定工作计划，以拿到更高的投入产出比。";

/// A project's state, carried from week to week.
struct Project {
    name: String,
    objective: usize,
    progress: u64,
    due: NaiveDate,
    done: bool,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut out = None;
    let (mut weeks, mut teams, mut seed) = (1_000u64, None, 1u64);
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = || -> u64 {
            it.next()
                .and_then(|v| v.parse().ok())
                .unwrap_or_else(|| usage(&format!("{a} needs a number")))
        };
        match a.as_str() {
            "--weeks" => weeks = value(),
            "--teams" => teams = Some(value()),
            "--seed" => seed = value(),
            _ if out.is_none() && !a.starts_with('-') => out = Some(PathBuf::from(a)),
            _ => usage(&format!("unexpected argument {a}")),
        }
    }
    let out = out.unwrap_or_else(|| usage("give the output folder"));
    let teams = teams.unwrap_or((weeks / 500).max(2)).max(1);
    let mut rng = Rng(seed);
    let mut bytes = 0usize;
    for team in 0..teams {
        let count = weeks / teams + u64::from(team < weeks % teams);
        bytes += write_team(&out.join(format!("team-{team:02}")), count, &mut rng);
    }
    eprintln!(
        "wrote {weeks} weekly and {} daily notes in {teams} team folders under {} ({:.1} MB)",
        weeks * 5,
        out.display(),
        bytes as f64 / 1e6
    );
}

fn usage(message: &str) -> ! {
    eprintln!("error: {message}\nusage: corpus OUT_DIR [--weeks N] [--teams T] [--seed S]");
    std::process::exit(2)
}

/// Writes one team's weekly and daily notes; returns the bytes written.
fn write_team(dir: &Path, weeks: u64, rng: &mut Rng) -> usize {
    let daily_dir = dir.join("daily");
    std::fs::create_dir_all(&daily_dir).expect("create the corpus folder");
    // Saturdays from the first one of 2000, so that 500 weeks per team stay in range.
    let mut saturday = NaiveDate::from_ymd_opt(2000, 1, 1).expect("a date");
    let mut projects: Vec<Project> = Vec::new();
    let mut next_name = 0usize;
    let mut written = 0;
    for _ in 0..weeks {
        while projects.iter().filter(|p| !p.done).count() < 8 {
            let name = format!(
                "{}{}",
                PROJECT_NAMES[next_name % PROJECT_NAMES.len()],
                next_name / PROJECT_NAMES.len() + 1
            );
            next_name += 1;
            projects.push(Project {
                name,
                objective: rng.below(3) as usize,
                progress: rng.below(40),
                due: saturday + Duration::days(14 + rng.below(60) as i64),
                done: false,
            });
        }
        let dailies = daily_dates(saturday);
        for (i, day) in dailies.iter().enumerate() {
            let text = daily_note(*day, &projects, i, rng);
            written += text.len();
            std::fs::write(daily_dir.join(daily_name(*day)), text).expect("write a daily note");
        }
        let text = weekly_note(saturday, &mut projects, &dailies, rng);
        written += text.len();
        std::fs::write(dir.join(weekly_name(saturday)), text).expect("write a weekly note");
        projects.retain(|p| !p.done || rng.chance(30));
        saturday += Duration::days(7);
    }
    written
}

/// `第28周 2023-07-08`: week numbering `jan1`, as in the sample.
fn week_number(date: NaiveDate) -> u32 {
    let jan1 = NaiveDate::from_ymd_opt(date.year(), 1, 1).expect("a date");
    let offset = jan1.weekday().num_days_from_monday();
    (date.ordinal0() + offset) / 7 + 1
}

fn weekly_name(date: NaiveDate) -> String {
    format!("第{}周 {}.md", week_number(date), date.format("%Y-%m-%d"))
}

fn daily_dates(saturday: NaiveDate) -> Vec<NaiveDate> {
    (1..=5).map(|d| saturday - Duration::days(6 - d)).collect()
}

fn weekday_zh(date: NaiveDate) -> &'static str {
    match date.weekday() {
        Weekday::Mon => "周一",
        Weekday::Tue => "周二",
        Weekday::Wed => "周三",
        Weekday::Thu => "周四",
        Weekday::Fri => "周五",
        Weekday::Sat => "周六",
        Weekday::Sun => "周日",
    }
}

fn daily_name(date: NaiveDate) -> String {
    format!("{} {}.md", date.format("%Y-%m-%d"), weekday_zh(date))
}

fn percent(rng: &mut Rng, floor: u64) -> String {
    let hundredths = 10_000 - rng.below(10_000 - floor * 100);
    format!("{}.{:02}", hundredths / 100, hundredths % 100)
}

fn weekly_note(
    saturday: NaiveDate,
    projects: &mut [Project],
    dailies: &[NaiveDate],
    rng: &mut Rng,
) -> String {
    let mut s = String::with_capacity(6 * 1024);
    let week = week_number(saturday);
    let _ = write!(
        s,
        "# 第{week}周 {}\n\nCreated: {}年{}月{}日 20:56\n\n# 上周进展\n\n## 【系统运行数据】\n\n成功率：\n\n",
        saturday.format("%Y-%m-%d"),
        saturday.year(),
        saturday.month(),
        saturday.day()
    );
    let _ = writeln!(s, "- 入金有效成功率：{}%", percent(rng, 99));
    let _ = writeln!(
        s,
        "- 出金有效成功率：{}% ，一次支付成功率：{}%\n\n可用性：\n",
        percent(rng, 99),
        percent(rng, 98)
    );
    let _ = writeln!(s, "- 支付系统年度可用性：99.9{}%", 80 + rng.below(20));
    let events = rng.below(3);
    let cd = events.min(rng.below(2));
    let _ = writeln!(s, "- 事故数AB级0次，CD级{cd}次");
    let _ = writeln!(
        s,
        "- 当前tps≈{}，目标{}tps\n",
        10 + rng.below(40),
        50 + 10 * rng.below(5)
    );
    for (o, objective) in OBJECTIVES.iter().enumerate() {
        let _ = writeln!(s, "## 【O{} {objective}】\n", o + 1);
        for p in projects.iter_mut().filter(|p| p.objective == o && !p.done) {
            advance(p, saturday, rng);
            let _ = writeln!(s, "- {}", project_line(p));
        }
        let _ = writeln!(s);
        if o == 2 {
            let total = 100 + rng.below(200);
            let part = rng.below(total);
            let _ = writeln!(
                s,
                "1. 数据分类分级，一共{total}个数据库，目前打标完成{part}个数据库，完成率：{:.2}%",
                part as f64 * 100.0 / total as f64
            );
            let _ = writeln!(s, "2. 生产稳定性事件：");
            for e in 0..events {
                let day = dailies[rng.below(5) as usize];
                let hour = 9 + rng.below(10);
                let _ = writeln!(
                    s,
                    "- {}/{} {hour}:{:02} 监控发现告警{}\n原因：{}， 处置：{}，影响{}分钟",
                    day.month(),
                    day.day(),
                    rng.below(60),
                    e + 1,
                    rng.pick(CAUSES),
                    rng.pick(ACTIONS),
                    1 + rng.below(30)
                );
            }
            let _ = writeln!(s);
        }
    }
    s.push_str(
        "## 【其他】\n\n1. 团队述职\n2. 安全素材征集与审核\n3. 技术交流\n\n## 收获与反思\n\n",
    );
    while s.len() < 4_600 {
        s.push_str(FILLER);
        s.push_str("\n\n");
    }
    s.push_str("# 下周工作及目标\n\n");
    for (i, p) in projects.iter().filter(|p| !p.done).take(4).enumerate() {
        let _ = writeln!(s, "{}. 重点项目跟进：{}", i + 1, p.name);
    }
    s.push_str("\n# 日报合集\n\n");
    for d in dailies {
        let _ = writeln!(
            s,
            "[{} {}](daily/{}%20{}.md)\n",
            d.format("%Y/%m/%d"),
            weekday_zh(*d),
            d.format("%Y-%m-%d"),
            weekday_zh(*d)
        );
    }
    s
}

/// One week of a project's life: progress, and now and then a slip or the finish.
fn advance(p: &mut Project, saturday: NaiveDate, rng: &mut Rng) {
    p.progress = (p.progress + rng.below(20)).min(100);
    if p.progress < 100 && p.due <= saturday + Duration::days(3) {
        p.due += Duration::days(7 * (1 + rng.below(3) as i64));
    }
    if p.progress == 100 || (p.due <= saturday + Duration::days(7) && rng.chance(50)) {
        p.done = true;
        p.progress = 100;
    }
}

fn project_line(p: &Project) -> String {
    if p.done {
        format!("{}：已上线", p.name)
    } else {
        format!(
            "{}，{}，进度{}%，计划{}/{}上线",
            p.name,
            STATUS_WORDS[p.name.len() % STATUS_WORDS.len()],
            p.progress,
            p.due.month(),
            p.due.day()
        )
    }
}

fn daily_note(day: NaiveDate, projects: &[Project], index: usize, rng: &mut Rng) -> String {
    let mut s = format!(
        "# {} {}\n\n## 今日进展\n\n",
        day.format("%Y/%m/%d"),
        weekday_zh(day)
    );
    for p in projects.iter().filter(|p| !p.done).skip(index).take(4) {
        let _ = writeln!(s, "- {}：开发进度 {}%", p.name, p.progress);
    }
    s.push_str("\n## 问题与风险\n\n");
    if rng.chance(20) {
        let _ = writeln!(s, "- {}", rng.pick(CAUSES));
    } else {
        s.push_str("- 无\n");
    }
    s.push_str("\n## 明日计划\n\n");
    for p in projects.iter().filter(|p| !p.done).take(2) {
        let _ = writeln!(s, "- {}联调", p.name);
    }
    s
}
