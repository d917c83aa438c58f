//! The tool never loses or damages a file: what `-o` may replace, what `check --fix` may
//! change, what an interrupt leaves, what a FIFO or a huge file does, and what reaches a
//! spreadsheet, a rendered report or a terminal. Each test is a case that once went wrong.

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;
use predicates::prelude::*;

fn cmd() -> Command {
    let mut c = Command::cargo_bin("weekly-report").unwrap();
    c.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .timeout(Duration::from_secs(120));
    c
}

/// A folder `notes` in a fresh temporary folder, holding `(relative path, text)` files.
fn folder(files: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let notes = tmp.path().join("notes");
    for (name, text) in files {
        let path = notes.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    std::fs::create_dir_all(&notes).unwrap();
    (tmp, notes)
}

const WEEK: &str = "# 第28周 2023-07-08\n\n## 系统运行数据\n\n- 入金有效成功率：99.99%\n\n# 下周工作及目标\n\n1. 跟进\n";

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn is_root() -> bool {
    std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

fn mkfifo(path: &Path) {
    let ok = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(ok.success());
}

/// The tool's temporary files in `dir`.
fn temporaries(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".weekly-report-"))
        .collect()
}

// --- -o ---------------------------------------------------------------------------------------

#[test]
fn output_onto_a_fifo_or_a_device_is_refused_and_the_node_kept() {
    let (tmp, notes) = folder(&[("w.md", WEEK)]);
    let fifo = tmp.path().join("pipe");
    mkfifo(&fifo);
    let mut nodes = vec![fifo];
    if is_root() {
        // A copy of /dev/null (character device 1,3).
        let null = tmp.path().join("null");
        let ok = std::process::Command::new("mknod")
            .arg(&null)
            .args(["c", "1", "3"])
            .status()
            .unwrap();
        assert!(ok.success());
        nodes.push(null);
    }
    for node in &nodes {
        let out = cmd()
            .arg("build")
            .arg(&notes)
            .arg("-o")
            .arg(node)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
        assert!(
            stderr_of(&out).contains("not a regular file"),
            "{}",
            stderr_of(&out)
        );
        let kind = std::fs::symlink_metadata(node).unwrap().file_type();
        assert!(!kind.is_file(), "{} is still a node", node.display());
    }
    // `-o -` is standard output.
    cmd()
        .arg("build")
        .arg(&notes)
        .args(["-o", "-"])
        .assert()
        .success()
        .stdout(predicate::str::contains("# Weekly report rollup"));
    assert!(temporaries(tmp.path()).is_empty());
}

#[test]
fn output_never_replaces_a_note_or_a_file_it_did_not_write_without_force() {
    let reflections = "# 第28周 2023-07-08\n\n## 收获与反思\n\n- 写测试\n";
    let undated = "# 随手记\n\n- 一些想法\n";
    let (tmp, notes) = folder(&[
        ("w.md", WEEK),
        ("UP.MD", WEEK),
        ("反思 2023-07-08.md", reflections),
        ("idea.md", undated),
    ]);
    let other = tmp.path().join("data.json");
    std::fs::write(&other, "{\"mine\": true}").unwrap();
    for target in [
        notes.join("UP.MD"),
        notes.join("反思 2023-07-08.md"),
        notes.join("idea.md"),
        other.clone(),
    ] {
        let before = std::fs::read(&target).unwrap();
        let out = cmd()
            .arg("build")
            .arg(&notes)
            .arg("-o")
            .arg(&target)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{}", target.display());
        assert!(
            stderr_of(&out).contains("refusing to overwrite")
                && stderr_of(&out).contains("--force"),
            "{}",
            stderr_of(&out)
        );
        assert_eq!(std::fs::read(&target).unwrap(), before);
    }
    // --force replaces it, with a report that says it is one.
    cmd()
        .arg("build")
        .arg(&notes)
        .arg("-o")
        .arg(&other)
        .arg("--force")
        .assert()
        .success();
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&other).unwrap()).unwrap();
    assert_eq!(written["generator"], "weekly-report");
    // A report the tool wrote is replaced without --force, in every format.
    for name in ["report.md", "report.html", "report.json", "report.csv"] {
        let report = tmp.path().join(name);
        for _ in 0..2 {
            cmd()
                .arg("build")
                .arg(&notes)
                .arg("-o")
                .arg(&report)
                .assert()
                .success();
        }
    }
    assert!(temporaries(tmp.path()).is_empty());
}

#[test]
fn a_database_replaces_only_a_database_the_tool_wrote() {
    let (tmp, notes) = folder(&[("w.md", WEEK)]);
    let db = |path: &Path| {
        let mut c = cmd();
        c.arg("build")
            .arg(&notes)
            .args(["--format", "sqlite", "-o"])
            .arg(path);
        c
    };
    // Someone else's database, a file of theirs and a note are refused and kept.
    let theirs = tmp.path().join("theirs.db");
    rusqlite::Connection::open(&theirs)
        .unwrap()
        .execute_batch("CREATE TABLE mine (x); INSERT INTO mine VALUES (1);")
        .unwrap();
    let file = tmp.path().join("data.db");
    std::fs::write(&file, "mine").unwrap();
    for target in [theirs.clone(), file.clone(), notes.join("w.md")] {
        let before = std::fs::read(&target).unwrap();
        let out = db(&target).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{}", target.display());
        assert!(
            stderr_of(&out).contains("refusing to overwrite")
                && stderr_of(&out).contains("--force"),
            "{}",
            stderr_of(&out)
        );
        assert_eq!(std::fs::read(&target).unwrap(), before);
    }
    // The tool's own database is replaced, and is known by its header, whatever its name.
    let ours = tmp.path().join("facts.sqlite");
    db(&ours).assert().success();
    let first = std::fs::read(&ours).unwrap();
    assert!(first.starts_with(b"SQLite format 3\0") && &first[68..72] == b"WRPT");
    db(&ours).assert().success();
    // --force replaces their file, with a database that says it is the tool's.
    db(&file).arg("--force").assert().success();
    assert_eq!(&std::fs::read(&file).unwrap()[68..72], b"WRPT");
    // Standard output is no place for a database.
    cmd()
        .arg("build")
        .arg(&notes)
        .args(["--format", "sqlite"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("give -o FILE"));
    // A read error keeps the previous database, and no temporary file is left.
    std::fs::write(notes.join("broken.md"), b"\x00binary").unwrap();
    db(&ours)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("left as it was"));
    assert_eq!(std::fs::read(&ours).unwrap(), first);
    assert!(temporaries(tmp.path()).is_empty());
    // Never a symbolic link or a FIFO, even with --force.
    let link = tmp.path().join("link.db");
    std::os::unix::fs::symlink(&ours, &link).unwrap();
    let fifo = tmp.path().join("fifo.db");
    mkfifo(&fifo);
    std::fs::remove_file(notes.join("broken.md")).unwrap();
    for target in [&link, &fifo] {
        db(target)
            .arg("--force")
            .assert()
            .code(2)
            .stderr(predicate::str::contains("refusing to write"));
    }
    assert_eq!(std::fs::read(&ours).unwrap(), first);
}

#[test]
fn a_committed_report_is_not_read_as_a_note() {
    let (_tmp, notes) = folder(&[("w.md", WEEK)]);
    let alone = cmd().arg("build").arg(&notes).output().unwrap().stdout;
    let report = notes.join("REPORT.md");
    cmd()
        .arg("build")
        .arg(&notes)
        .arg("-o")
        .arg(&report)
        .assert()
        .success();
    let text = std::fs::read_to_string(&report).unwrap();
    assert!(
        text.starts_with("<!-- generated by weekly-report"),
        "{text}"
    );
    // Another build (to stdout, so REPORT.md is not excluded as the output) does not read it.
    let again = cmd().arg("build").arg(&notes).output().unwrap().stdout;
    assert_eq!(again, alone);
    // check lints only the note; parse reads only the note.
    let out = cmd()
        .args(["check", "--format", "json"])
        .arg(&notes)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        !String::from_utf8_lossy(&out.stdout).contains("REPORT.md"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let parsed: serde_json::Value =
        serde_json::from_slice(&cmd().arg("parse").arg(&notes).output().unwrap().stdout).unwrap();
    assert_eq!(parsed.as_array().unwrap().len(), 1, "{parsed}");
    // Given by name, as a pre-commit hook does, it is skipped and said so.
    cmd()
        .arg("check")
        .arg(&report)
        .assert()
        .code(0)
        .stdout("")
        .stderr(predicate::str::contains(
            "is a report written by weekly-report",
        ));
}

#[test]
fn a_read_error_keeps_the_previous_report() {
    let (tmp, notes) = folder(&[("w.md", WEEK)]);
    let report = tmp.path().join("report.md");
    cmd()
        .arg("build")
        .arg(&notes)
        .arg("-o")
        .arg(&report)
        .assert()
        .success();
    let good = std::fs::read(&report).unwrap();
    std::fs::write(notes.join("broken.md"), b"\x00binary").unwrap();
    std::fs::remove_file(notes.join("w.md")).unwrap();
    cmd()
        .arg("build")
        .arg(&notes)
        .arg("-o")
        .arg(&report)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("left as it was"));
    assert_eq!(std::fs::read(&report).unwrap(), good);
    assert!(temporaries(tmp.path()).is_empty());
}

#[test]
fn watch_keeps_the_report_when_the_folder_goes_and_watches_it_again_when_it_is_back() {
    use std::io::BufRead;
    let (tmp, notes) = folder(&[("w.md", WEEK)]);
    let report = tmp.path().join("report.md");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("weekly-report"))
        .arg("build")
        .arg(&notes)
        .arg("-o")
        .arg(&report)
        .arg("--watch")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let stderr = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut seen = Vec::new();
    let mut wait_for = |what: &str| {
        while let Ok(line) = rx.recv_timeout(Duration::from_secs(60)) {
            seen.push(line.clone());
            if line.contains(what) {
                return true;
            }
        }
        false
    };
    let watching = wait_for("watching");
    let first = std::fs::read_to_string(&report).unwrap_or_default();
    std::fs::remove_dir_all(&notes).unwrap();
    let gone = wait_for("is gone");
    let kept = std::fs::read_to_string(&report).unwrap_or_default();
    std::fs::create_dir_all(&notes).unwrap();
    std::fs::write(
        notes.join("w.md"),
        WEEK.replace("99.99%", "99.91%").as_bytes(),
    )
    .unwrap();
    let back = wait_for("is back");
    let rebuilt = wait_for("wrote");
    let rearmed = wait_for("watching");
    // And it watches again: a change is rebuilt.
    std::fs::write(
        notes.join("w.md"),
        WEEK.replace("99.99%", "99.92%").as_bytes(),
    )
    .unwrap();
    let rebuilt_again = wait_for("wrote");
    let last = std::fs::read_to_string(&report).unwrap_or_default();
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(watching && first.contains("99.99%"), "{seen:?}");
    assert!(gone, "{seen:?}");
    assert_eq!(kept, first, "the report is kept while the folder is gone");
    assert!(back && rebuilt && rearmed && rebuilt_again, "{seen:?}");
    assert!(last.contains("99.92%"), "{last}");
}

// --- Interrupts -------------------------------------------------------------------------------

/// A folder big enough that a build lasts a while, and a report of it.
fn slow_build() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let notes = tmp.path().join("notes");
    std::fs::create_dir_all(&notes).unwrap();
    let sample = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/第28周 2023-07-08.md"),
    )
    .unwrap();
    for i in 0..4000 {
        std::fs::write(notes.join(format!("w{i:05}.md")), &sample).unwrap();
    }
    let report = tmp.path().join("report.md");
    std::fs::write(
        &report,
        "<!-- generated by weekly-report; edits are replaced by the next build -->\nold\n",
    )
    .unwrap();
    (tmp, notes, report)
}

/// Starts a build into `report` and waits until its temporary file exists.
fn build_until_temporary(notes: &Path, report: &Path) -> std::process::Child {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("weekly-report"))
        .arg("build")
        .arg(notes)
        .arg("-o")
        .arg(report)
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let dir = report.parent().unwrap();
    for _ in 0..20_000 {
        if !temporaries(dir).is_empty() {
            return child;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("the build never made its temporary file");
}

fn signal(child: &std::process::Child, name: &str) {
    let ok = std::process::Command::new("kill")
        .arg(format!("-{name}"))
        .arg(child.id().to_string())
        .status()
        .unwrap();
    assert!(ok.success());
}

#[test]
fn sigint_and_sigterm_remove_the_temporary_file_and_keep_the_report() {
    let (tmp, notes, report) = slow_build();
    for (name, code) in [("INT", 130), ("TERM", 143)] {
        let mut child = build_until_temporary(&notes, &report);
        signal(&child, name);
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(code), "SIG{name}: {status:?}");
        assert_eq!(temporaries(tmp.path()), Vec::<String>::new(), "SIG{name}");
        assert!(std::fs::read_to_string(&report).unwrap().ends_with("old\n"));
    }
}

#[test]
fn the_temporary_file_of_a_killed_run_is_removed_by_the_next_run() {
    let (tmp, notes, report) = slow_build();
    let mut child = build_until_temporary(&notes, &report);
    signal(&child, "KILL");
    child.wait().unwrap();
    assert_eq!(temporaries(tmp.path()).len(), 1, "SIGKILL leaves it");
    std::fs::remove_dir_all(&notes).unwrap();
    std::fs::create_dir_all(&notes).unwrap();
    std::fs::write(notes.join("w.md"), WEEK).unwrap();
    cmd()
        .arg("build")
        .arg(&notes)
        .arg("-o")
        .arg(&report)
        .assert()
        .success();
    assert_eq!(temporaries(tmp.path()), Vec::<String>::new());
}

// --- check --fix ------------------------------------------------------------------------------

#[test]
fn fix_changes_only_the_week_digits_of_real_headings_and_says_so() {
    let text = "---\r\ntitle: x\r\n# 第30周 2023-07-08\r\n---\r\n\
                # 第30周 2023-07-08\r\n\r\n## 系统运行数据\r\n\r\n- 入金有效成功率：99.99%\r\n\r\n\
                ```\r\n# 第30周 2023-07-08\r\n```\r\n\r\n<!--\r\n# 第30周 2023-07-08\r\n-->\r\n\r\n\
                # 下周工作及目标\r\n\r\n1. 跟进\r\n";
    let (_tmp, notes) = folder(&[("第30周 2023-07-08.md", text)]);
    let note = notes.join("第30周 2023-07-08.md");
    let out = cmd().arg("check").arg("--fix").arg(&note).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let expected = text.replacen(
        "\r\n# 第30周 2023-07-08\r\n\r\n",
        "\r\n# 第28周 2023-07-08\r\n\r\n",
        1,
    );
    assert_ne!(expected, text);
    assert_eq!(std::fs::read_to_string(&note).unwrap(), expected);
    assert!(
        stderr_of(&out).contains("fixed: ") && stderr_of(&out).contains(".md:5 week 30 → 28"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn fix_keeps_mode_and_owner_and_refuses_read_only_and_hard_linked_notes() {
    let wrong = WEEK.replace("第28周", "第30周");
    let (tmp, notes) = folder(&[("a.md", &wrong), ("ro.md", &wrong), ("linked.md", &wrong)]);
    let a = notes.join("a.md");
    std::fs::set_permissions(&a, std::fs::Permissions::from_mode(0o640)).unwrap();
    let owner = if is_root() {
        std::os::unix::fs::chown(&a, Some(4321), Some(4321)).unwrap();
        Some((4321, 4321))
    } else {
        None
    };
    cmd().arg("check").arg("--fix").arg(&a).assert().success();
    let meta = std::fs::metadata(&a).unwrap();
    assert_eq!(meta.permissions().mode() & 0o7777, 0o640);
    if let Some(owner) = owner {
        assert_eq!((meta.uid(), meta.gid()), owner);
    }
    assert!(std::fs::read_to_string(&a).unwrap().starts_with("# 第28周"));

    let ro = notes.join("ro.md");
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o444)).unwrap();
    let linked = notes.join("linked.md");
    std::fs::hard_link(&linked, tmp.path().join("other-name.md")).unwrap();
    for (path, why) in [(&ro, "read-only"), (&linked, "hard links")] {
        cmd()
            .arg("check")
            .arg("--fix")
            .arg(path)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(why));
        assert_eq!(std::fs::read_to_string(path).unwrap(), wrong);
    }
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("other-name.md")).unwrap(),
        wrong
    );
    assert!(temporaries(&notes).is_empty());
}

// --- Weeks straddling the new year ------------------------------------------------------------

fn week_note(title: &str) -> String {
    format!(
        "# {title}\n\n## 系统运行数据\n\n- 入金有效成功率：99.99%\n\n# 下周工作及目标\n\n1. 跟进\n"
    )
}

#[test]
fn the_week_straddling_the_new_year_goes_by_both_names_and_is_one_week() {
    let (_tmp, notes) = folder(&[
        ("第52周 2024-12-24.md", &week_note("第52周 2024-12-24")),
        ("第53周 2024-12-31.md", &week_note("第53周 2024-12-31")),
        ("第2周 2025-01-07.md", &week_note("第2周 2025-01-07")),
    ]);
    cmd().arg("check").arg(&notes).assert().code(0);
    let json: serde_json::Value = serde_json::from_slice(
        &cmd()
            .arg("build")
            .arg(&notes)
            .args(["--format", "json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let weeks = json["teams"][0]["weeks"].as_array().unwrap();
    let ids: Vec<&str> = weeks.iter().map(|w| w["id"].as_str().unwrap()).collect();
    let labels: Vec<&str> = weeks.iter().map(|w| w["label"].as_str().unwrap()).collect();
    assert_eq!(ids, ["2024-W52", "2025-W01", "2025-W02"]);
    assert_eq!(labels, ids, "across years a label carries its year");
    // diff finds the one note by either name (and shows it by its title's).
    for name in ["2024-W53", "2025-W01"] {
        cmd()
            .args(["diff", "2024-W52", name, "--dir"])
            .arg(&notes)
            .assert()
            .success()
            .stdout(predicate::str::starts_with("2024-W52 → 2024-W53\n"));
    }
}

#[test]
fn fix_never_moves_a_note_to_the_next_years_numbering() {
    let (_tmp, notes) = folder(&[
        ("a.md", &week_note("第52周 2024-12-31")),
        ("b.md", &week_note("第3周 2025-01-02")),
    ]);
    cmd()
        .arg("check")
        .arg("--fix")
        .arg(notes.join("a.md"))
        .arg(notes.join("b.md"))
        .assert()
        .success();
    assert!(std::fs::read_to_string(notes.join("a.md"))
        .unwrap()
        .starts_with("# 第53周 2024-12-31\n"));
    assert!(std::fs::read_to_string(notes.join("b.md"))
        .unwrap()
        .starts_with("# 第1周 2025-01-02\n"));
}

// --- Hangs and floods ---------------------------------------------------------------------------

#[test]
fn fifos_and_devices_given_by_name_are_refused_at_once() {
    let (tmp, notes) = folder(&[("w.md", WEEK)]);
    let fifo = tmp.path().join("fifo.md");
    mkfifo(&fifo);
    let fifo = fifo.to_str().unwrap();
    let notes = notes.to_str().unwrap();
    for args in [
        vec!["check", fifo],
        vec!["parse", fifo],
        vec!["parse", "/dev/zero"],
        vec!["check", notes, "--config", fifo],
        vec!["build", notes, "--template", fifo],
        vec!["build", notes, "--config", "/dev/zero"],
        vec!["build", notes, "-o", fifo, "--check"],
    ] {
        cmd()
            .timeout(Duration::from_secs(20))
            .args(&args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("not a regular file"));
    }
}

#[test]
fn a_note_above_the_size_cap_is_an_error_naming_it() {
    let big = format!("{WEEK}{}", "- 填充\n".repeat(9 * 1024 * 1024 / 9));
    assert!(big.len() > 8 * 1024 * 1024);
    let (tmp, notes) = folder(&[("big.md", &big), ("w.md", WEEK)]);
    cmd()
        .arg("parse")
        .arg(notes.join("big.md"))
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("big.md")
                .and(predicate::str::contains("8388608-byte limit"))
                .and(predicate::str::contains("max_note_bytes")),
        );
    // The others are still read; the cap is configurable.
    cmd()
        .arg("build")
        .arg(&notes)
        .assert()
        .code(2)
        .stdout(predicate::str::contains("1 weekly note ("));
    let config = tmp.path().join("small.yaml");
    std::fs::write(&config, "max_note_bytes: 100\n").unwrap();
    cmd()
        .arg("check")
        .arg(notes.join("w.md"))
        .arg("--config")
        .arg(&config)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("100-byte limit"));
}

// --- Injection ----------------------------------------------------------------------------------

#[test]
fn csv_cells_a_spreadsheet_would_run_are_neutralised() {
    let (_tmp, notes) = folder(&[("=HYPERLINK(\"x\")/w.md", WEEK), ("@SUM(A1)/w.md", WEEK)]);
    let out = cmd()
        .arg("build")
        .arg(&notes)
        .args(["--format", "csv"])
        .output()
        .unwrap();
    let csv = String::from_utf8(out.stdout).unwrap();
    assert!(
        csv.lines().next() == Some("team,week,date,metric,kind,value,unit,target,breach"),
        "{csv}"
    );
    let teams: Vec<&str> = csv
        .lines()
        .skip(1)
        .map(|l| l.rsplitn(9, ',').last().unwrap())
        .collect();
    assert_eq!(teams, ["\"'=HYPERLINK(\"\"x\"\")\"", "'@SUM(A1)"], "{csv}");
}

#[test]
fn raw_html_in_notes_and_folder_names_is_escaped_in_the_markdown_report() {
    let note = "# 第28周 2023-07-08\n\n## 生产稳定性事件\n\n- 7/3 18:40 支付告警，原因：`<script>alert(1)</script>`，处置：重启，影响8分钟\n\n# 下周工作及目标\n\n1. 跟进\n";
    let (_tmp, notes) = folder(&[("<b>team</b>/w.md", note)]);
    let out = cmd().arg("build").arg(&notes).output().unwrap();
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(!md.contains("<script") && !md.contains("<b>"), "{md}");
    assert!(md.contains("&lt;b>team&lt;/b>"), "{md}");
    assert!(md.contains("&lt;script>"), "{md}");
}

#[test]
fn control_characters_in_file_names_never_reach_the_terminal() {
    let (_tmp, notes) = folder(&[("w.md", WEEK)]);
    let evil = notes.join("\u{1b}]0;owned\u{7}\u{1b}[2Jx.md");
    std::fs::write(&evil, b"\x00binary").unwrap();
    let out = cmd().arg("check").arg(&notes).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = stderr_of(&out);
    assert!(
        !stderr.contains('\u{1b}') && !stderr.contains('\u{7}'),
        "{stderr:?}"
    );
    assert!(stderr.contains("\\u{1b}[2Jx.md"), "{stderr}");
}

// --- Configuration ------------------------------------------------------------------------------

#[test]
fn a_threshold_with_a_decimal_comma_is_an_error_naming_it() {
    let (_tmp, notes) = folder(&[
        ("w.md", WEEK),
        (
            "weekly-report.yaml",
            "thresholds:\n  入金有效成功率: \"> 99,9\"\n",
        ),
    ]);
    cmd().arg("build").arg(&notes).assert().code(2).stderr(
        predicate::str::contains("`> 99,9`")
            .and(predicate::str::contains("comma"))
            .and(predicate::str::contains("> 99.9")),
    );
}

#[test]
fn configuration_is_never_looked_for_above_the_home_directory() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("home");
    let notes = home.join("work/notes");
    std::fs::create_dir_all(&notes).unwrap();
    std::fs::write(notes.join("w.md"), WEEK).unwrap();
    std::fs::write(tmp.path().join("weekly-report.yaml"), "not: [valid\n").unwrap();
    cmd()
        .env("HOME", &home)
        .arg("config")
        .arg(&notes)
        .assert()
        .success()
        .stdout(predicate::str::contains("no weekly-report.yaml found"));
    // At or below home, the nearest one is used.
    std::fs::write(home.join("weekly-report.yaml"), "week_numbering: iso\n").unwrap();
    cmd()
        .env("HOME", &home)
        .arg("config")
        .arg(&notes)
        .assert()
        .success()
        .stdout(predicate::str::contains("home/weekly-report.yaml: valid"));
}
