//! The bundled example notes repository (`examples/notes/`) reads as its author meant.

mod common;

use chrono::NaiveDate;
use common::{dec, item, note};
use weekly_report::model::{NoteKind, Status};

fn date(s: &str) -> Option<NaiveDate> {
    Some(s.parse().unwrap())
}

fn all_notes() -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut dirs = vec![common::root("examples/notes")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn every_example_parses_cleanly_with_the_right_kind() {
    let (mut weekly, mut daily) = (0, 0);
    for path in all_notes() {
        let n = weekly_report::read_note(&path, &common::CONFIG).unwrap();
        assert!(
            n.diagnostics.is_empty(),
            "{}: {:?}",
            path.display(),
            n.diagnostics
        );
        assert!(n.date.is_some(), "{} has no date", path.display());
        match n.kind {
            NoteKind::Weekly => {
                weekly += 1;
                assert!(n.week.is_some(), "{}", path.display());
                assert!(
                    !n.metrics.is_empty() && !n.objectives.is_empty(),
                    "{}",
                    path.display()
                );
            }
            NoteKind::Daily => {
                daily += 1;
                assert!(
                    !n.items.is_empty() && !n.tomorrow.is_empty(),
                    "{}",
                    path.display()
                );
            }
        }
    }
    assert_eq!((weekly, daily), (6, 9));
}

#[test]
fn a_project_slips_then_ships() {
    let w28 = note("examples/notes/第28周 2023-07-08.md");
    let w29 = note("examples/notes/第29周 2023-07-15.md");
    let w30 = note("examples/notes/第30周 2023-07-22.md");
    assert_eq!(item(&w28, "小贝帮帮项目").due, date("2023-07-13"));
    let slipped = item(&w29, "小贝帮帮项目");
    assert_eq!(
        (slipped.status, slipped.due),
        (Status::Delayed, date("2023-07-20"))
    );
    let shipped = item(&w30, "小贝帮帮项目");
    assert_eq!(
        (shipped.status, shipped.done_on),
        (Status::Done, date("2023-07-20"))
    );
    let on_time = item(&w29, "店东看账");
    assert_eq!(
        (on_time.status, on_time.done_on),
        (Status::Done, date("2023-07-13"))
    );
}

#[test]
fn a_kpi_table_and_p_grades_in_week_30() {
    let w30 = note("examples/notes/第30周 2023-07-22.md");
    let m = &w30.metrics[1];
    assert_eq!(
        (m.name.as_str(), dec(m.value), m.target.map(dec)),
        ("出金有效成功率", "99.94".into(), Some("99.95".into()))
    );
    let inc = w30.incidents.as_ref().unwrap();
    assert_eq!(inc.by_grade.get("P2"), Some(&2));
    let grades: Vec<_> = w30.events.iter().map(|e| e.grade.as_deref()).collect();
    assert_eq!(grades, [Some("P2"), Some("P2")]);
    let minutes: Vec<_> = w30
        .events
        .iter()
        .map(|e| e.impact_minutes.map(dec))
        .collect();
    assert_eq!(minutes, [Some("12".into()), Some("45".into())]);
    assert_eq!(item(&w30, "健康分治理").status, Status::Blocked);
    assert_eq!(
        w30.next_week.len(),
        3,
        "下周计划 is a next-week heading too"
    );
}

#[test]
fn english_weeks() {
    let w10 = note("examples/notes/platform-team/Week 10 2024-03-08.md");
    assert_eq!(w10.front_matter.as_ref().unwrap()["team"], "Platform");
    let names: Vec<&str> = w10.metrics.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Payment success rate",
            "Refund success rate",
            "first-attempt success rate",
            "Gateway availability",
            "Checkout API throughput"
        ]
    );
    assert_eq!(
        w10.incidents.as_ref().unwrap().by_grade.get("SEV2"),
        Some(&1)
    );
    assert_eq!(w10.events[0].impact_minutes.map(dec).as_deref(), Some("17"));
    let revamp = item(&w10, "Merchant onboarding revamp");
    assert_eq!(
        (revamp.progress.map(dec), revamp.due),
        (Some("60".into()), date("2024-03-15"))
    );
    let w11 = note("examples/notes/platform-team/Week 11 2024-03-15.md");
    let revamp = item(&w11, "Merchant onboarding revamp");
    assert_eq!(
        (revamp.status, revamp.due, revamp.progress.map(dec)),
        (Status::Delayed, date("2024-03-22"), Some("90".into()))
    );
    assert_eq!(item(&w11, "Card tokenization").done_on, date("2024-03-14"));
}

#[test]
fn daily_notes() {
    let d = note("examples/notes/2023-07-03 周一_dtMuCKJNdfq3ynVd5DE9zv.md");
    assert_eq!((d.kind, d.date), (NoteKind::Daily, date("2023-07-03")));
    assert_eq!(item(&d, "小贝帮帮项目").status, Status::Testing);
    assert_eq!(
        item(&d, "网联代收").progress.map(dec).as_deref(),
        Some("80")
    );
    assert_eq!(
        d.events[0].at.map(|a| a.to_string()).as_deref(),
        Some("2023-07-03 18:40:00")
    );
    assert_eq!(d.risks.len(), 1);
    let d = note("examples/notes/daily/2023-07-12 周三.md");
    let p = item(&d, "小贝帮帮项目");
    assert_eq!((p.status, p.due), (Status::Delayed, date("2023-07-20")));
}
