//! A new user's first hour in a notes repository: `git init`, `init`, `pre-commit install`, the
//! first commit of everything `init` wrote, `new weekly`, `new daily`, a second `new weekly`
//! for the same week refused, `build --check` passing after `init`.
//!
//! The run with the real hook needs git and pre-commit, so it is `#[ignore]`d unless asked
//! for (`.ci/run` asks); the same hour without the hook always runs.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The binary's folder, put first on `PATH` so that the hook `init` wrote (`language: system`)
/// runs this build.
fn bin_dir() -> PathBuf {
    assert_cmd::cargo::cargo_bin("weekly-report")
        .parent()
        .unwrap()
        .to_path_buf()
}

fn path_with_bin() -> std::ffi::OsString {
    let mut paths = vec![bin_dir()];
    paths.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    std::env::join_paths(paths).unwrap()
}

/// Runs `program` in `dir` with the test binary on `PATH`.
fn run(dir: &Path, program: &str, args: &[&str]) -> Output {
    Command::new(program)
        .current_dir(dir)
        .env("PATH", path_with_bin())
        .env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("PRE_COMMIT_HOME", common::root("target/pre-commit-home"))
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program}: {e}"))
}

fn text(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
}

/// Runs `weekly-report args` in `dir`; asserts its exit code; returns stdout + stderr.
fn wr(dir: &Path, args: &[&str], code: i32) -> String {
    let out = run(
        dir,
        assert_cmd::cargo::cargo_bin("weekly-report")
            .to_str()
            .unwrap(),
        args,
    );
    let all = text(&out);
    assert_eq!(
        out.status.code(),
        Some(code),
        "weekly-report {args:?}:\n{all}"
    );
    all
}

fn ok(dir: &Path, program: &str, args: &[&str]) -> String {
    let out = run(dir, program, args);
    let all = text(&out);
    assert!(out.status.success(), "{program} {args:?}:\n{all}");
    all
}

fn replace_in(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{}: {text}", path.display());
    std::fs::write(path, text.replace(from, to)).unwrap();
}

/// The hour, with the real hook when `hooks`.
fn first_hour(repo: &Path, hooks: bool) {
    if hooks {
        ok(repo, "git", &["init", "-q"]);
    }
    let said = wr(repo, &["init", "--lang", "zh"], 0);
    for file in [
        "weekly-report.yaml",
        ".pre-commit-config.yaml",
        ".github/workflows/weekly-report.yml",
        "templates/weekly-note.md",
        "templates/daily-note.md",
        "weekly-report.schema.json",
        "REPORT.md",
    ] {
        assert!(repo.join(file).is_file(), "{file}");
        assert!(said.contains(&format!("wrote ./{file}")), "{said}");
    }
    // The workflow's last step passes on the first push.
    wr(repo, &["build", ".", "-o", "REPORT.md", "--check"], 0);
    // The hook passes on the first commit of everything init wrote (the template's blanks
    // are meant; REPORT.md is the tool's).
    if hooks {
        ok(repo, "pre-commit", &["install"]);
        ok(repo, "git", &["add", "-A"]);
        let committed = ok(repo, "git", &["commit", "-q", "-m", "weekly-report init"]);
        assert!(committed.contains("weekly-report check"), "{committed}");
        assert!(committed.contains("Passed"), "{committed}");
    }

    // This week's note, shaped by the template init wrote.
    let said = wr(repo, &["new", "weekly", "--date", "2023-07-29"], 0);
    assert_eq!(said, "wrote ./第31周 2023-07-28.md\n");
    let weekly = repo.join("第31周 2023-07-28.md");
    let template = std::fs::read_to_string(repo.join("templates/weekly-note.md")).unwrap();
    let note = std::fs::read_to_string(&weekly).unwrap();
    assert_eq!(
        note.lines()
            .skip(1)
            .filter(|l| !l.trim().is_empty())
            .map(str::trim_end)
            .collect::<Vec<_>>(),
        template
            .lines()
            .skip(1)
            .filter(|l| !l.trim().is_empty())
            .map(str::trim_end)
            .collect::<Vec<_>>(),
        "the note is the template with its title filled in:\n{note}"
    );
    assert!(note.starts_with("# 第31周 2023-07-28\n"), "{note}");

    // Today's daily note; asked again it refuses, and --force (which it suggests) replaces it.
    let said = wr(repo, &["new", "daily", "--date", "2023-07-27"], 0);
    assert_eq!(said, "wrote ./2023-07-27 周四.md\n");
    let daily = repo.join("2023-07-27 周四.md");
    let again = wr(repo, &["new", "daily", "--date", "2023-07-27"], 2);
    assert!(again.contains("use --force to replace it"), "{again}");
    wr(
        repo,
        &["new", "daily", "--date", "2023-07-27", "--force"],
        0,
    );

    // A second weekly note for the week is refused, whatever day is given.
    let refused = wr(repo, &["new", "weekly", "--date", "2023-07-25"], 2);
    assert_eq!(
        refused,
        "error: `./第31周 2023-07-28.md` is already week 2023-W31's note; edit it, or give another week with --date\n"
    );
    assert_eq!(
        std::fs::read_dir(repo)
            .unwrap()
            .filter(|e| e
                .as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".md"))
            .count(),
        3
    );

    // The blanks stop the commit until they are filled in.
    if hooks {
        ok(repo, "git", &["add", "-A"]);
        let refused = run(repo, "git", &["commit", "-q", "-m", "week 31"]);
        let all = text(&refused);
        assert!(!refused.status.success(), "{all}");
        assert!(all.contains("WR015 unfilled-placeholder"), "{all}");
    }
    replace_in(&weekly, "入金有效成功率：__%", "入金有效成功率：99.95%");
    replace_in(
        &daily,
        "## 今日进展\n\n- __",
        "## 今日进展\n\n- 网联代收：联调完成",
    );
    replace_in(&daily, "## 问题与风险\n\n- __", "## 问题与风险\n\n- 无");
    replace_in(&daily, "## 明日计划\n\n- __", "## 明日计划\n\n- 写周报");
    wr(repo, &["check", "."], 0);
    // The report is stale until it is rebuilt, as the workflow would say.
    let stale = wr(repo, &["build", ".", "-o", "REPORT.md", "--check"], 1);
    assert!(stale.contains("REPORT.md"), "{stale}");
    wr(repo, &["build", ".", "-o", "REPORT.md"], 0);
    wr(repo, &["build", ".", "-o", "REPORT.md", "--check"], 0);
    if hooks {
        ok(repo, "git", &["add", "-A"]);
        let committed = ok(repo, "git", &["commit", "-q", "-m", "week 31"]);
        assert!(committed.contains("Passed"), "{committed}");
    }

    // A second note of the week written by hand is found by `check` (rule duplicate-week).
    let copy = repo.join("2023-W31 2023-07-29.md");
    std::fs::write(
        &copy,
        note.replace("# 第31周 2023-07-28", "# 2023-W31 2023-07-29")
            .replace("__", "99.9"),
    )
    .unwrap();
    let found = wr(repo, &["check", ".", "--format", "json-lines"], 1);
    let dupes: Vec<serde_json::Value> = found
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|f| f["rule"] == "WR018")
        .collect();
    assert_eq!(dupes.len(), 2, "{found}");
    assert_eq!(
        dupes[0]["message"],
        "week 2023-W31 also has the note 第31周 2023-07-28.md"
    );
    assert_eq!(
        dupes[1]["message"],
        "week 2023-W31 also has the note 2023-W31 2023-07-29.md"
    );
}

#[test]
fn the_first_hour_without_the_hook() {
    let repo = tempfile::tempdir().unwrap();
    first_hour(repo.path(), false);
}

#[test]
#[ignore = "needs git and pre-commit (.ci/run installs pre-commit; run with --include-ignored)"]
fn the_first_hour_with_git_and_the_pre_commit_hook() {
    common::tool("git", common::on_path("git"));
    common::tool("pre-commit", common::on_path("pre-commit"));
    let repo = tempfile::tempdir().unwrap();
    first_hour(repo.path(), true);
}

#[test]
fn init_speaks_the_language_of_the_notes_there_else_the_locale() {
    let english = |dir: &Path| {
        std::fs::read_to_string(dir.join("templates/weekly-note.md"))
            .unwrap()
            .starts_with("# Week N")
    };
    // Chinese notes already there.
    let zh = tempfile::tempdir().unwrap();
    std::fs::write(
        zh.path().join("第1周 2023-01-07.md"),
        "# 第1周 2023-01-07\n",
    )
    .unwrap();
    wr(zh.path(), &["init"], 0);
    assert!(!english(zh.path()));
    // No notes: the locale (C.UTF-8 in `run`) picks English; --lang overrides.
    let en = tempfile::tempdir().unwrap();
    wr(en.path(), &["init"], 0);
    assert!(english(en.path()));
    let said = wr(en.path(), &["new", "weekly", "--date", "2023-07-29"], 0);
    assert_eq!(said, "wrote ./Week 31 2023-07-28.md\n");
    let said = wr(en.path(), &["new", "daily", "--date", "2023-07-27"], 0);
    assert_eq!(said, "wrote ./2023-07-27 Thu.md\n");
    let daily = std::fs::read_to_string(en.path().join("2023-07-27 Thu.md")).unwrap();
    assert_eq!(
        daily,
        "# 2023-07-27 Thu\n\n## Done today\n\n- __\n\n## Risks\n\n- __\n\n## Tomorrow\n\n- __\n"
    );
    let forced = tempfile::tempdir().unwrap();
    wr(forced.path(), &["init", "--lang", "zh"], 0);
    assert!(!english(forced.path()));
}

#[test]
fn check_of_a_folder_lints_notes_only() {
    let repo = tempfile::tempdir().unwrap();
    wr(repo.path(), &["init", "--lang", "zh"], 0);
    for name in ["README.md", "CHANGELOG.md", "CONTRIBUTING.md"] {
        std::fs::write(
            repo.path().join(name),
            "# Our notes\n\nSee the weekly notes.\n",
        )
        .unwrap();
    }
    std::fs::create_dir_all(repo.path().join("platform/templates")).unwrap();
    std::fs::copy(
        repo.path().join("templates/weekly-note.md"),
        repo.path().join("platform/templates/weekly-note.md"),
    )
    .unwrap();
    // The folder: the README, CHANGELOG, CONTRIBUTING, REPORT.md and templates are not notes.
    assert_eq!(wr(repo.path(), &["check", "."], 0), "");
    // Named on the command line, they are checked.
    let named = wr(
        repo.path(),
        &["check", "README.md", "templates/weekly-note.md"],
        1,
    );
    assert!(
        named.contains("README.md") && named.contains("WR009 missing-section"),
        "{named}"
    );
    assert!(named.contains("WR015 unfilled-placeholder"), "{named}");
}

#[test]
fn today_is_the_flag_else_the_configured_time_zone() {
    let repo = tempfile::tempdir().unwrap();
    wr(repo.path(), &["init", "--lang", "en"], 0);
    let said = wr(repo.path(), &["new", "daily", "--today", "2023-07-27"], 0);
    assert_eq!(said, "wrote ./2023-07-27 Thu.md\n");
    let said = wr(
        repo.path(),
        &["new", "weekly", "--today", "2023-07-27", "--stdout"],
        0,
    );
    assert!(said.starts_with("# Week 31 2023-07-28\n"), "{said}");
    let said = wr(repo.path(), &["draft", "--today", "2023-07-27"], 0);
    assert!(said.starts_with("# Week 31 2023-07-27\n"), "{said}");
    std::fs::write(
        repo.path().join("weekly-report.yaml"),
        "timezone: Mars/Olympus\n",
    )
    .unwrap();
    let bad = wr(repo.path(), &["new", "daily"], 2);
    assert!(
        bad.contains("weekly-report.yaml")
            && bad.contains("timezone: `Mars/Olympus` is not a time zone"),
        "{bad}"
    );
}

#[test]
fn a_template_without_a_title_still_gives_the_note_its_title() {
    let repo = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(repo.path().join("templates")).unwrap();
    std::fs::write(
        repo.path().join("templates/weekly-note.md"),
        "## Key metrics\n\n- Uptime: __%\n\n## Next week\n\n1. __\n",
    )
    .unwrap();
    let said = wr(
        repo.path(),
        &["new", "weekly", "--date", "2023-07-29", "--stdout"],
        0,
    );
    assert_eq!(
        said,
        "# Week 31 2023-07-28\n\n## Key metrics\n\n- Uptime: __%\n\n## Next week\n\n1. __\n"
    );
}
