//! The facts database: `build --format sqlite` read by Python's `sqlite3` (a client nobody
//! here wrote), the rollup's views against the rollup's JSON, `sql` in each format, what `sql`
//! refuses, and the Datasette example's canned queries.

mod common;

use std::path::PathBuf;
use std::time::Duration;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::{json, Value};

fn cmd() -> Command {
    let mut c = Command::cargo_bin("weekly-report").unwrap();
    c.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .timeout(Duration::from_secs(120));
    c
}

/// `examples/notes` built into `facts.db` in a fresh temporary folder.
fn examples_db() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("facts.db");
    cmd()
        .args(["build", "examples/notes", "--format", "sqlite", "-o"])
        .arg(&db)
        .assert()
        .success()
        .stdout("");
    (tmp, db)
}

/// `sql QUERY examples/notes --format FORMAT` (and `extra` arguments): its standard output.
fn sql(query: &str, format: &str, extra: &[&str]) -> String {
    let out = cmd()
        .args(["sql", query, "examples/notes", "--format", format])
        .args(extra)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{query}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn sql_json(query: &str, extra: &[&str]) -> Value {
    serde_json::from_str(&sql(query, "json", extra)).unwrap()
}

const PYTHON_CHECKS: &str = r#"
import json, sqlite3, sys
db = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
q = lambda sql: [list(r) for r in db.execute(sql).fetchall()]
print(json.dumps({
    "user_version": q("PRAGMA user_version")[0][0],
    "application_id": q("PRAGMA application_id")[0][0],
    "rate": q("SELECT value, value_text, unit, path, line FROM metrics "
              "WHERE name = '入金有效成功率' AND week = '2023-W28' AND team = ''"),
    "derived": q("SELECT week, at, impact_minutes, impact_minutes_text, recovered_at, path, line "
                 "FROM events WHERE impact_source = 'derived' ORDER BY at"),
    "dues": q("SELECT week, due FROM items WHERE key = '小贝帮帮项目' "
              "AND path NOT LIKE '%daily%' AND path LIKE '第%' ORDER BY week"),
    "slip": q("SELECT original_due, latest_due, moved_days, moved_in, done_week FROM slips "
              "WHERE key = '小贝帮帮项目'"),
    "exact": q("SELECT value, value_text FROM metrics WHERE name = 'first-attempt success rate'"),
    "kinds": q("SELECT kind, team, count(*) FROM notes GROUP BY kind, team ORDER BY kind, team"),
    "tables": q("SELECT name FROM sqlite_schema WHERE type = 'view' ORDER BY name"),
}, ensure_ascii=False))
"#;

#[test]
#[ignore = "needs python3 (.ci/run has it; run with --include-ignored)"]
fn python_sqlite3_reads_the_examples_facts() {
    let python = common::tool("python3", common::on_path("python3"));
    let (_tmp, db) = examples_db();
    let out = std::process::Command::new(python)
        .args(["-c", PYTHON_CHECKS])
        .arg(&db)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(got["user_version"], 1);
    assert_eq!(got["application_id"], i32::from_be_bytes(*b"WRPT"));
    assert_eq!(
        got["rate"],
        json!([[99.99, "99.99", "%", "第28周 2023-07-08.md", 13]])
    );
    // The impact of these events is not written in the notes: it comes from the recovery time.
    assert_eq!(
        got["derived"],
        json!([
            [
                "2023-W28",
                "2023-07-05T11:21:00",
                332.0,
                "332",
                "2023-07-05T16:53:00",
                "第28周 2023-07-08.md",
                67
            ],
            [
                "2023-W30",
                "2023-07-20T21:05:00",
                45.0,
                "45",
                "2023-07-20T21:50:00",
                "第30周 2023-07-22.md",
                22
            ]
        ])
    );
    // The slipped project's two due dates, week by week, and its slip.
    assert_eq!(
        got["dues"],
        json!([
            ["2023-W27", "2023-07-13"],
            ["2023-W28", "2023-07-13"],
            ["2023-W29", "2023-07-20"],
            ["2023-W30", null]
        ])
    );
    assert_eq!(
        got["slip"],
        json!([["2023-07-13", "2023-07-20", 7, "[\"2023-W29\"]", "2023-W30"]])
    );
    // A decimal keeps the digits it was written with.
    assert_eq!(got["exact"], json!([[98.8, "98.80"]]));
    // Daily notes belong to the team folder above them.
    assert_eq!(
        got["kinds"],
        json!([
            ["daily", "", 8],
            ["daily", "platform-team", 1],
            ["weekly", "", 4],
            ["weekly", "platform-team", 2]
        ])
    );
    assert_eq!(
        got["tables"],
        json!([["kpi_by_week"], ["project_timeline"], ["slips"]])
    );
}

#[test]
fn the_views_hold_the_rollups_numbers() {
    let rollup: Value = serde_json::from_slice(
        &cmd()
            .args(["build", "examples/notes", "--format", "json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let mut slips = Vec::new();
    let mut entries = 0;
    let mut kpis = Vec::new();
    for team in rollup["teams"].as_array().unwrap() {
        for p in team["projects"].as_array().unwrap() {
            entries += p["entries"].as_array().unwrap().len();
            if let Some(s) = p["slipped"].as_object() {
                slips.push(json!([
                    team["team"],
                    p["name"],
                    s["original_due"],
                    s["latest_due"],
                    s["moved_days"],
                    s["overdue_days"],
                    s["days"]
                ]));
            }
        }
        for k in team["kpis"].as_array().unwrap() {
            for (week, value) in k["values"].as_object().unwrap() {
                // As the REAL the database holds (`15`, a throughput, is `15.0`).
                kpis.push(json!([team["team"], week, k["name"], value.as_f64()]));
            }
        }
    }
    slips.sort_by_key(|s| s.to_string());
    kpis.sort_by_key(|k| k.to_string());
    assert_eq!(slips.len(), 2, "the examples have two slipped projects");
    assert_eq!(
        rows_of(
            "slips",
            &[
                "team",
                "name",
                "original_due",
                "latest_due",
                "moved_days",
                "overdue_days",
                "days"
            ]
        ),
        slips
    );
    assert_eq!(
        sql_json("SELECT count(*) AS n FROM project_timeline", &[])[0]["n"],
        entries
    );
    assert_eq!(
        rows_of("kpi_by_week", &["team", "week", "name", "value"]),
        kpis
    );
}

/// The rows of `table`, each as its values in the order of `columns`, sorted.
fn rows_of(table: &str, columns: &[&str]) -> Vec<Value> {
    let query = format!("SELECT {} FROM {table}", columns.join(", "));
    let mut rows: Vec<Value> = sql_json(&query, &[])
        .as_array()
        .unwrap()
        .iter()
        // A JSON object's keys come back sorted: take them in the query's order.
        .map(|r| Value::Array(columns.iter().map(|c| r[*c].clone()).collect()))
        .collect();
    rows.sort_by_key(|r| r.to_string());
    rows
}

const KPI_QUERY: &str = "SELECT week, name, value_text, value, unit, target_text, breach, line \
                         FROM kpi_by_week WHERE team = '' AND name IN ('入金有效成功率', '出金有效成功率') \
                         ORDER BY name, week";

#[test]
fn sql_prints_a_table() {
    insta::assert_snapshot!("sql_table", sql(KPI_QUERY, "table", &[]));
}

#[test]
fn sql_prints_csv() {
    insta::assert_snapshot!("sql_csv", sql(KPI_QUERY, "csv", &[]));
}

#[test]
fn sql_prints_json() {
    insta::assert_snapshot!("sql_json", sql(KPI_QUERY, "json", &[]));
}

#[test]
fn sql_prints_a_markdown_table() {
    insta::assert_snapshot!("sql_md", sql(KPI_QUERY, "md", &[]));
}

#[test]
fn sql_csv_neutralises_cells_a_spreadsheet_would_run() {
    let out = sql(
        "SELECT '=HYPERLINK(\"http://x\")' AS link, -0.5 AS n, '@SUM(A1)' AS s",
        "csv",
        &[],
    );
    assert_eq!(
        out,
        "link,n,s\n\"'=HYPERLINK(\"\"http://x\"\")\",-0.5,'@SUM(A1)\n"
    );
}

#[test]
fn a_writing_statement_is_refused_with_exit_2() {
    for (query, why) in [
        (
            "DELETE FROM metrics",
            "the query would delete from `metrics`",
        ),
        (
            "UPDATE items SET status = 'done'",
            "the query would update `items`",
        ),
        ("DROP VIEW slips", "the query would change the schema"),
        (
            "ATTACH DATABASE 'other.db' AS other",
            "the query would attach a database file",
        ),
        (
            "PRAGMA query_only = 0",
            "the query would set PRAGMA query_only",
        ),
        (
            "VACUUM INTO 'copy.db'",
            "SQLite reports that the statement writes",
        ),
    ] {
        cmd()
            .args(["sql", query, "examples/notes"])
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains(format!("refused: {why}")))
            .stderr(predicate::str::contains("`sql` only reads the facts"));
    }
    assert!(!common::root("copy.db").exists() && !common::root("other.db").exists());
}

#[test]
fn a_bad_query_is_an_error_naming_the_problem() {
    cmd()
        .args(["sql", "SELECT nope FROM metrics", "examples/notes"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no such column: nope"));
    cmd()
        .args(["sql", "SELECT 1; SELECT 2", "examples/notes"])
        .assert()
        .code(2)
        .stderr(
            "error: the query was not run: the query holds more than one statement; give one\n",
        );
    cmd()
        .args(["sql", "  ;  ", "examples/notes"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("the query is empty"));
}

#[test]
fn a_query_past_its_time_limit_is_stopped_with_exit_2() {
    cmd()
        .args([
            "sql",
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n",
            "examples/notes",
            "--timeout",
            "0.2",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("ran longer than"));
}

#[test]
fn from_and_to_bound_the_facts_as_they_bound_the_rollup() {
    let weeks = sql_json(
        "SELECT DISTINCT week FROM notes WHERE kind = 'weekly' ORDER BY week",
        &["--from", "2023-W28", "--to", "2023-W29"],
    );
    assert_eq!(weeks, json!([{"week": "2023-W28"}, {"week": "2023-W29"}]));
    let rollup = sql_json(
        "SELECT DISTINCT week FROM kpi_by_week ORDER BY week",
        &["--from", "2023-W28", "--to", "2023-W29"],
    );
    assert_eq!(rollup, weeks);
}

#[test]
fn sql_schema_prints_the_tables_and_views() {
    let out = cmd().args(["sql", "--schema"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    for table in [
        "notes",
        "metrics",
        "incidents",
        "events",
        "items",
        "plans",
        "risks",
        "daily_links",
        "diagnostics",
    ] {
        assert!(text.contains(&format!("CREATE TABLE {table} (")), "{table}");
    }
    for view in ["project_timeline", "slips", "kpi_by_week"] {
        assert!(text.contains(&format!("CREATE VIEW {view} AS")), "{view}");
    }
    assert!(text.contains("CREATE INDEX items_key ON items (key);"));
}

/// The same database a build writes and `sql` queries: every table has the same rows.
#[test]
fn the_file_and_the_query_hold_the_same_rows() {
    let (_tmp, db) = examples_db();
    let conn =
        rusqlite::Connection::open_with_flags(&db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    let count = |table: &str| -> i64 {
        conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    };
    for table in [
        "notes",
        "metrics",
        "events",
        "items",
        "plans",
        "kpi_by_week",
        "slips",
    ] {
        let query = format!("SELECT count(*) AS n FROM {table}");
        assert_eq!(sql_json(&query, &[])[0]["n"], count(table), "{table}");
        assert!(count(table) > 0, "{table} is empty");
    }
    // Two builds of the same notes give the same bytes.
    let again = db.with_file_name("again.db");
    cmd()
        .args(["build", "examples/notes", "-o"])
        .arg(&again)
        .assert()
        .success();
    assert_eq!(std::fs::read(&db).unwrap(), std::fs::read(&again).unwrap());
}

/// The queries of `examples/datasette/metadata.yml`, by name.
fn canned_queries() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(common::root("examples/datasette/metadata.yml")).unwrap();
    let meta: Value = serde_saphyr::from_str(&text).unwrap();
    meta["databases"]["facts"]["queries"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(name, q)| (name.clone(), q["sql"].as_str().unwrap().to_string()))
        .collect()
}

#[test]
fn the_datasette_canned_queries_answer_a_leads_questions() {
    let queries = canned_queries();
    assert_eq!(queries.len(), 5);
    let run = |name: &str| -> Value {
        let (_, query) = queries
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("no canned query {name}"));
        sql_json(query, &[])
    };
    let under = run("kpi_under_target");
    let names: Vec<(&str, &str, &str)> = under
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["week"].as_str().unwrap(),
                r["name"].as_str().unwrap(),
                r["value"].as_str().unwrap(),
            )
        })
        .collect();
    assert!(
        names.contains(&("2023-W30", "出金有效成功率", "99.94")),
        "{names:?}"
    );
    assert!(
        names.contains(&("2023-W27", "出金有效成功率", "99.93")),
        "{names:?}"
    );
    assert!(names.contains(&("2024-W10", "first-attempt success rate", "98.80")));
    assert!(
        !names.iter().any(|(_, n, _)| *n == "入金有效成功率"),
        "{names:?}"
    );
    let breach = under
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["week"] == "2023-W30" && r["name"] == "出金有效成功率")
        .unwrap();
    assert_eq!(breach["breach"], "target");
    assert_eq!(breach["line"], 12);

    let slipped = run("slipped_projects");
    assert_eq!(
        slipped,
        json!([
            {"team": "platform-team", "name": "Merchant onboarding revamp", "original_due": "2024-03-15",
             "latest_due": "2024-03-22", "times_moved": 1, "moved_days": 7, "overdue_days": 0, "days": 7,
             "status": "delayed"},
            {"team": "", "name": "小贝帮帮项目", "original_due": "2023-07-13", "latest_due": "2023-07-20",
             "times_moved": 1, "moved_days": 7, "overdue_days": 0, "days": 7, "status": "done"}
        ])
    );

    let causes = run("impact_by_cause");
    assert_eq!(causes[0]["cause"], "企查查服务异常");
    assert_eq!(causes[0]["impact_minutes"], 332.0);
    assert_eq!(causes[0]["derived"], 1);
    let total: f64 = causes
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["impact_minutes"].as_f64().unwrap())
        .sum();
    // The Chinese team's 397 minutes (as the report says) and the platform team's 17.
    assert_eq!(total, 397.0 + 17.0);

    let open = run("unfinished_projects");
    let ledger = open
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "Ledger v2 cutover")
        .unwrap();
    assert_eq!(
        ledger,
        &json!({"team": "platform-team", "name": "Ledger v2 cutover", "weeks": 2,
                "first_week": "2024-W10", "last_week": "2024-W11", "status": "in_progress",
                "progress": "85", "due": "2024-03-29"})
    );
    assert!(open
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["status"] != "done"));

    let plans = run("plans_not_followed_up");
    let texts: Vec<&str> = plans
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        texts,
        [
            "团队骨干的1v1沟通",
            "下半年重点工作脑暴，以及OKR沟通",
            "账户2.0能力价值输出，以及支付1.x存量系统盘点",
            "重点项目跟进：Hive数仓账单切换"
        ]
    );
    assert!(plans
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["week"] == "2023-W28"));
}

/// Where the example database is documented, its version is the one written.
#[test]
fn the_schema_page_names_the_schema_version() {
    let page = std::fs::read_to_string(common::root("docs/sqlite.md")).unwrap();
    assert!(page.contains(&format!(
        "PRAGMA user_version` is {}",
        weekly_report::render::sqlite::SQLITE_SCHEMA_VERSION
    )));
}

/// Datasette itself (pinned in `examples/datasette/requirements.txt`, installed by `.ci/run`)
/// serves each canned query over the built database with the rows `sql` gives.
#[test]
#[ignore = "needs datasette (.ci/run installs it; run with --include-ignored)"]
fn datasette_serves_the_canned_queries_with_the_rows_sql_gives() {
    let datasette = common::tool("datasette", common::on_path("datasette"));
    let (_tmp, db) = examples_db();
    for (name, query) in canned_queries() {
        let out = std::process::Command::new(&datasette)
            .arg(&db)
            .arg("--metadata")
            .arg(common::root("examples/datasette/metadata.yml"))
            .args(["--get", &format!("/facts/{name}.json?_shape=array")])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let served: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert!(!served.as_array().unwrap().is_empty(), "{name}");
        assert_eq!(served, sql_json(&query, &[]), "{name}");
    }
}
