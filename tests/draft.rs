//! `draft` and `new`: a week's note written from its daily notes and last week's note.

mod common;

use std::collections::BTreeMap;

use assert_cmd::Command;
use predicates::prelude::*;
use weekly_report::analyze::project_key;
use weekly_report::lint::{self, LinkStatus, LintInput};
use weekly_report::model::{Item, Note, Status};

fn cmd() -> Command {
    let mut c = Command::cargo_bin("weekly-report").unwrap();
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

fn draft(args: &[&str]) -> String {
    let out = cmd()
        .arg("draft")
        .args(args)
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).unwrap()
}

/// `(status, progress, due, done_on)` of an item, to compare what two notes say of a project.
type Facts = (Status, Option<String>, Option<String>, Option<String>);

fn facts(i: &Item) -> Facts {
    (
        i.status,
        i.progress.map(common::dec),
        i.due.map(|d| d.to_string()),
        i.done_on.map(|d| d.to_string()),
    )
}

/// The note's items by project key, blanks left out.
fn by_key(note: &Note) -> BTreeMap<String, Facts> {
    note.progress_items()
        .filter(|i| !i.name.trim_matches('_').is_empty())
        .map(|i| (project_key(&i.name), facts(i)))
        .collect()
}

#[test]
fn the_draft_of_a_week_with_daily_notes() {
    let text = draft(&["examples/notes", "--week", "2023-W29"]);
    insta::assert_snapshot!("draft_2023_w29", text);
}

#[test]
fn the_draft_parses_back_to_what_the_daily_notes_said() {
    let text = draft(&["examples/notes", "--week", "2023-W29"]);
    let drafted = weekly_report::parse_note("examples/notes/draft.md", &text, &common::CONFIG);
    assert_eq!(drafted.title.as_deref(), Some("第29周 2023-07-15"));
    assert_eq!(
        drafted.week.map(|w| w.to_string()).as_deref(),
        Some("2023-W29")
    );
    assert!(drafted.diagnostics.is_empty(), "{:?}", drafted.diagnostics);
    let targets: Vec<&str> = drafted
        .daily_links
        .iter()
        .map(|l| l.target.as_str())
        .collect();
    assert_eq!(
        targets,
        [
            "daily/2023-07-10 周一.md",
            "daily/2023-07-11 周二.md",
            "daily/2023-07-12 周三.md",
            "daily/2023-07-13 周四.md",
            "daily/2023-07-14 周五.md",
        ]
    );
    assert!(text.contains("[2023/07/10 周一](daily/2023-07-10%20周一.md)"));

    // The latest thing the week's dailies say of each project, as `parse` reads the dailies.
    let mut said: BTreeMap<String, Facts> = BTreeMap::new();
    for day in 10..=14 {
        let path = std::fs::read_dir(common::root("examples/notes/daily"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.to_string_lossy().contains(&format!("2023-07-{day}")))
            .unwrap();
        let daily = weekly_report::read_note(&path, &common::CONFIG).unwrap();
        for i in daily.progress_items().filter(|i| i.text.contains('：')) {
            if i.status != Status::Unknown || i.progress.is_some() || i.due.is_some() {
                said.insert(project_key(&i.name), facts(i));
            }
        }
    }
    let drafted = by_key(&drafted);
    for (project, facts) in &said {
        assert_eq!(drafted.get(project), Some(facts), "{project}");
    }
    // The figures of the example, spelled out.
    assert_eq!(
        drafted["网联代收"],
        (Status::Unknown, None, Some("2023-07-19".into()), None)
    );
    assert_eq!(drafted["店东看账"].3.as_deref(), Some("2023-07-13"));
    assert_eq!(drafted["小贝帮帮项目"].0, Status::Delayed);
    assert_eq!(drafted["小贝帮帮项目"].2.as_deref(), Some("2023-07-20"));
    assert_eq!(drafted["账户1.x存量单迁移"].1.as_deref(), Some("40"));
    // Each carried fact names its source, hidden from the rendered page.
    assert!(
        text.contains("- 网联代收：上线评审通过，计划7/19上线 <!-- daily/2023-07-14 周五.md:5 -->")
    );
    // A project first seen in a daily sits under a marked heading.
    let new = text
        .find("### 新增（日报中首次出现）")
        .expect("a new-projects heading");
    assert!(text[new..].contains("- 账户1.x存量单迁移：开发进度 40%"));
    // Metrics are blanks, never numbers.
    assert!(text.contains("- 入金有效成功率：__%\n"));
    assert!(text.contains("- 事故数AB级__次，CD级__次\n"));
}

#[test]
fn a_week_without_daily_notes_carries_last_weeks_open_projects_unchanged() {
    let text = draft(&["examples/notes", "--week", "2023-W31"]);
    let drafted = weekly_report::parse_note("examples/notes/draft.md", &text, &common::CONFIG);
    assert_eq!(drafted.title.as_deref(), Some("第31周 2023-07-29"));
    let last = common::note("examples/notes/第30周 2023-07-22.md");
    let before = by_key(&last);
    let carried = by_key(&drafted);
    assert!(!carried.is_empty());
    for (project, facts) in &carried {
        assert_eq!(
            before.get(project),
            Some(facts),
            "{project} is carried unchanged"
        );
    }
    // Nothing done last week comes back, and every open project does.
    fn leaves<'a>(items: &'a [Item], out: &mut Vec<&'a Item>) {
        for i in items {
            if i.children.is_empty() {
                out.push(i);
            }
            leaves(&i.children, out);
        }
    }
    let mut projects = Vec::new();
    for o in &last.objectives {
        leaves(&o.items, &mut projects);
    }
    for item in projects {
        let key = project_key(&item.name);
        assert_eq!(
            carried.contains_key(&key),
            item.status != Status::Done,
            "{}",
            item.name
        );
    }
    assert!(!text.contains("<!--"), "no source comments without dailies");
}

#[test]
fn check_on_a_draft_reports_the_blanks_and_nothing_new() {
    let text = draft(&["examples/notes", "--week", "2023-W29"]);
    let lint_names =
        |note: &Note, text: &str| -> Vec<(&'static str, weekly_report::config::RuleLevel)> {
            let links = vec![LinkStatus::Exists; note.daily_links.len()];
            lint::lint(&LintInput {
                note,
                text,
                document: &weekly_report::parse::Document::parse(text),
                previous: None,
                links: &links,
                same_week: &[],
                config: &common::CONFIG,
            })
            .into_iter()
            .map(|f| (f.name, f.level))
            .collect()
        };
    let drafted = weekly_report::parse_note("draft.md", &text, &common::CONFIG);
    let found = lint_names(&drafted, &text);
    let blanks = found
        .iter()
        .filter(|(n, _)| *n == "unfilled-placeholder")
        .count();
    // 4 metrics, 2 incident grades, 其他, 收获与反思, 下周工作及目标.
    assert_eq!(blanks, 9, "{found:?}");
    let errors: Vec<_> = found
        .iter()
        .filter(|(_, l)| *l == weekly_report::config::RuleLevel::Error)
        .collect();
    assert!(
        errors.iter().all(|(n, _)| *n == "unfilled-placeholder"),
        "{errors:?}"
    );
    // Anything else is what last week's text, carried over, already said.
    let last_text =
        std::fs::read_to_string(common::root("examples/notes/第28周 2023-07-08.md")).unwrap();
    let last = common::parse(&last_text);
    let before: Vec<_> = lint_names(&last, &last_text)
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    for (name, _) in found.iter().filter(|(n, _)| *n != "unfilled-placeholder") {
        assert!(before.contains(name), "{name} is new in the draft");
    }
    // And through the binary: exit 1, so a pre-commit hook stops it.
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("第29周 2023-07-15.md");
    std::fs::write(&path, &text).unwrap();
    cmd()
        .arg("check")
        .arg(&path)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("WR015 unfilled-placeholder"));
}

#[test]
fn output_is_never_written_over_an_existing_note_without_force() {
    let (_tmp, notes) = common::example_copy();
    let existing = notes.join("第29周 2023-07-15.md");
    let before = std::fs::read(&existing).unwrap();
    cmd()
        .arg("draft")
        .arg(&notes)
        .args(["--week", "2023-W29", "-o"])
        .arg(&existing)
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("never overwrites").and(predicate::str::contains("--force")),
        );
    assert_eq!(std::fs::read(&existing).unwrap(), before);
    cmd()
        .arg("draft")
        .arg(&notes)
        .args(["--week", "2023-W29", "--force", "-o"])
        .arg(&existing)
        .assert()
        .code(0);
    assert!(std::fs::read_to_string(&existing).unwrap().contains("__%"));
}

#[test]
fn the_default_week_follows_the_latest_weekly_note() {
    let text = draft(&["examples/notes"]);
    assert!(text.starts_with("# 第31周 2023-07-29\n"), "{}", &text[..40]);
}

#[test]
fn an_english_team_gets_english_words() {
    let text = draft(&["examples/notes/platform-team"]);
    assert!(text.starts_with("# Week 12 2024-03-22\n"), "{text}");
    assert!(text.contains("- Payment success rate: __%\n"));
    assert!(text.contains("- Incidents: SEV1 __, SEV2 __\n"));
    assert!(text.contains("# Last week's plans\n"));
    assert!(text.contains("2. Ledger v2 cutover: not in the daily notes\n"));
}

#[test]
fn new_daily_starts_today_from_yesterdays_plans() {
    let (_tmp, notes) = common::example_copy();
    cmd()
        .args(["new", "daily", "--date", "2023-07-18"])
        .arg(&notes)
        .assert()
        .code(0);
    let written = std::fs::read_to_string(notes.join("daily/2023-07-18 周二.md")).unwrap();
    assert_eq!(
        written,
        "# 2023/07/18 周二\n\n## 今日进展\n\n- 小贝帮帮项目上线准备\n\n## 问题与风险\n\n- __\n\n## 明日计划\n\n- __\n"
    );
    // Never twice.
    cmd()
        .args(["new", "daily", "--date", "2023-07-18"])
        .arg(&notes)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("never overwrites"));
}

#[test]
fn new_weekly_is_the_draft_of_the_current_week_named_like_the_others() {
    let (_tmp, notes) = common::example_copy();
    cmd()
        .args(["new", "weekly", "--date", "2023-07-26"])
        .arg(&notes)
        .assert()
        .code(0);
    let written = std::fs::read_to_string(notes.join("第31周 2023-07-29.md")).unwrap();
    assert!(written.starts_with("# 第31周 2023-07-29\n"));
}

#[test]
fn without_a_weekly_note_the_draft_has_the_samples_shape_and_the_dailies_events() {
    let tmp = tempfile::tempdir().unwrap();
    let daily = tmp.path().join("daily");
    std::fs::create_dir_all(&daily).unwrap();
    std::fs::write(
        daily.join("2023-07-12 周三.md"),
        "# 2023/07/12 周三\n\n## 今日进展\n\n- 网联代收：开发进度 90%\n\n## 生产稳定性事件\n\n- 7/12 14:05 支付通道告警，原因：通道超时，处置：切换备用通道后恢复，影响12分钟\n\n## 问题与风险\n\n- 无\n",
    )
    .unwrap();
    let text = draft(&[tmp.path().to_str().unwrap(), "--date", "2023-07-15"]);
    let note = weekly_report::parse_note("draft.md", &text, &common::CONFIG);
    assert_eq!(note.title.as_deref(), Some("第29周 2023-07-15"));
    assert_eq!(
        common::item(&note, "网联代收")
            .progress
            .map(common::dec)
            .as_deref(),
        Some("90")
    );
    assert_eq!(note.events.len(), 1, "{text}");
    let e = &note.events[0];
    assert_eq!(
        e.at.map(|t| t.to_string()).as_deref(),
        Some("2023-07-12 14:05:00")
    );
    assert_eq!(e.impact_minutes.map(common::dec).as_deref(), Some("12"));
    assert_eq!(e.cause.as_deref(), Some("通道超时"));
    // "无" is not a risk.
    assert!(note.risks.is_empty());
    assert_eq!(note.daily_links.len(), 1);
}

#[test]
fn the_folder_may_be_written_with_a_trailing_slash() {
    assert_eq!(
        draft(&["examples/notes/", "--week", "2023-W29"]),
        draft(&["examples/notes", "--week", "2023-W29"])
    );
}

#[test]
fn new_daily_follows_an_english_teams_naming() {
    let (_tmp, notes) = common::example_copy();
    let team = notes.join("platform-team");
    cmd()
        .args(["new", "daily", "--date", "2024-03-05"])
        .arg(&team)
        .assert()
        .code(0);
    let written = std::fs::read_to_string(team.join("daily/2024-03-05 Tue.md")).unwrap();
    assert!(
        written.starts_with("# 2024/03/05 Tue\n\n## Today\n\n- "),
        "{written}"
    );
    let note = weekly_report::parse_note("d.md", &written, &common::CONFIG);
    assert_eq!(
        note.date.map(|d| d.to_string()).as_deref(),
        Some("2024-03-05")
    );
}
