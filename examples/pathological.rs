//! Times the parse of every pathological note (see `tests/common/pathological.rs`), in process,
//! with the built-in vocabulary: size, time, throughput and the diagnostics raised. Then the
//! cases that were quadratic in the number of notes, plans or metrics: `check` of a folder of
//! thousands of notes (the release binary, whole process), a week of plans followed by a week
//! of projects, and metrics that each appear in one week of many.
//!
//! `cargo build --release && cargo run --release --example pathological` (add `-- quadratic`
//! for the quadratic cases only)

#[path = "../tests/common/pathological.rs"]
mod pathological;

use std::collections::BTreeSet;
use std::io::Write;
use std::time::Instant;

use weekly_report::analyze::{self, RollupOptions};
use weekly_report::config::Config;
use weekly_report::render::{self, RollupContext};

fn main() {
    let config = weekly_report::config::Config::builtin();
    let quadratic_only = std::env::args().any(|a| a == "quadratic");
    println!(
        "| case | size (MB) | parse (s) | MB/s | diagnostics |\n| --- | ---: | ---: | ---: | --- |"
    );
    let cases = if quadratic_only {
        vec![]
    } else {
        pathological::cases()
            .into_iter()
            .chain([pathological::huge_note()])
            .collect()
    };
    for case in cases {
        let started = Instant::now();
        let note = weekly_report::parse_note("case.md", &case.text, &config);
        let seconds = started.elapsed().as_secs_f64();
        let mb = case.text.len() as f64 / 1e6;
        let codes: BTreeSet<&str> = note.diagnostics.iter().map(|d| d.code.as_str()).collect();
        println!(
            "| {} | {mb:.1} | {seconds:.3} | {:.0} | {} |",
            case.name,
            mb / seconds,
            codes.into_iter().collect::<Vec<_>>().join(", ")
        );
    }
    println!("\n| quadratic case | size | time (s) | output |\n| --- | --- | ---: | --- |");
    for notes in [5_000, 10_000] {
        check_folder(notes);
    }
    plans_and_projects(&config, 10_000, 100_000);
    sparse_metrics(&config, 100, 1_000);
}

/// The date of weekly note `i` of a series starting on Saturday 2000-01-08.
fn date(i: usize) -> chrono::NaiveDate {
    let first = chrono::NaiveDate::from_ymd_opt(2000, 1, 8).expect("a date");
    first + chrono::Days::new(7 * i as u64)
}

/// A small weekly note of week `i`, with `body` under its sections.
fn weekly(i: usize, body: &str) -> String {
    let week = weekly_report::analyze::week_of(date(i), Default::default());
    format!("# 第{}周 {}\n\n{body}", week.number, date(i))
}

/// `weekly-report check DIR` of `count` notes in one folder, each looking for last week's.
fn check_folder(count: usize) {
    let bin = std::env::current_exe()
        .ok()
        .and_then(|e| Some(e.parent()?.parent()?.join("weekly-report")))
        .filter(|b| b.is_file());
    let Some(bin) = bin else {
        println!("| check of a folder of {count} notes | | | skipped: run `cargo build --release` first |");
        return;
    };
    let dir = tempfile::tempdir().expect("a temporary folder");
    for i in 0..count {
        let body = format!(
            "## 系统运行数据\n\n- 入金有效成功率：99.9{}%\n\n## 【O1 目标】\n\n- 项目甲：开发中 {}%\n\n# 下周工作及目标\n\n1. 跟进\n",
            i % 10,
            i % 100
        );
        let name = format!("{}.md", date(i));
        std::fs::write(dir.path().join(name), weekly(i, &body)).expect("a note is written");
    }
    let started = Instant::now();
    let out = std::process::Command::new(bin)
        .args(["check", "--format", "json"])
        .arg(dir.path())
        .output()
        .expect("the binary runs");
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "| check of a folder of {count} notes | {count} notes | {seconds:.2} | {} findings, exit {:?} |",
        out.stdout.iter().filter(|&&b| b == b'\n').count(),
        out.status.code()
    );
}

/// The rollup of a week with `plans` plans followed by a week with `projects` projects.
fn plans_and_projects(config: &Config, plans: usize, projects: usize) {
    // Nine plans in ten name no project, so each is compared with every project.
    let plan_lines: String = (0..plans)
        .map(|i| match i % 10 {
            0 => format!("{}. 跟进项目{}\n", i + 1, i * 7),
            _ => format!("{}. 整理文档第{i}篇\n", i + 1),
        })
        .collect();
    let project_lines: String = (0..projects)
        .map(|i| format!("- 项目{i}：开发中\n"))
        .collect();
    let notes = [
        weekly(0, &format!("# 下周工作及目标\n\n{plan_lines}")),
        weekly(1, &format!("## 【O1 目标】\n\n{project_lines}")),
    ];
    let notes: Vec<_> = notes
        .iter()
        .enumerate()
        .map(|(i, text)| weekly_report::parse_note(&format!("w{i}.md"), text, config))
        .collect();
    let started = Instant::now();
    let rollup = analyze::rollup(&notes, &options(), config);
    let seconds = started.elapsed().as_secs_f64();
    let followed = rollup.teams[0]
        .plans
        .iter()
        .filter(|p| p.followed_up == Some(true))
        .count();
    println!(
        "| {plans} plans, then {projects} projects | 2 notes | {seconds:.2} | {followed} plans followed up |"
    );
}

/// `weeks` weekly notes, each with `per_week` metrics no other week names.
fn sparse_metrics(config: &Config, weeks: usize, per_week: usize) {
    let mut written = 0;
    let notes: Vec<_> = (0..weeks)
        .map(|w| {
            let lines: String = (0..per_week)
                .map(|j| format!("- 接口A{}成功率：9{}.5%\n", w * per_week + j, j % 10))
                .collect();
            let text = weekly(w, &format!("## 系统运行数据\n\n{lines}"));
            written += text.len();
            weekly_report::parse_note(&format!("w{w}.md"), &text, config)
        })
        .collect();
    let started = Instant::now();
    let rollup = analyze::rollup(&notes, &options(), config);
    let mut out = Counting(0);
    render::write_json(&mut out, &RollupContext::new(&rollup)).expect("JSON is written");
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "| {} metrics over {weeks} weeks | {:.1} MB of notes | {seconds:.2} | {:.1} MB of JSON |",
        weeks * per_week,
        written as f64 / 1e6,
        out.0 as f64 / 1e6
    );
}

fn options() -> RollupOptions {
    RollupOptions {
        root: String::new(),
        period: Default::default(),
        from: None,
        to: None,
    }
}

/// A writer that only counts bytes.
struct Counting(usize);

impl Write for Counting {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
