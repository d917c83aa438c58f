//! `build --watch`: rebuild when a note changes.

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use anyhow::Context;
use notify::{RecursiveMode, Watcher};

use super::Outcome;

/// How often a folder that disappeared is looked for.
const REAPPEAR_POLL: Duration = Duration::from_millis(250);

/// Builds once, then again after every burst of changes under `dir` (changes to `output` and
/// to our own temporary files are ignored), until interrupted. When `dir` disappears the
/// report is kept and the folder is waited for; when it is back, it is watched again.
pub fn run(
    dir: &Path,
    output: &Path,
    build: impl Fn() -> anyhow::Result<()>,
) -> anyhow::Result<Outcome> {
    let report = |r: anyhow::Result<()>| {
        if let Err(e) = r {
            super::report_skipped(&format!("{e:#}"));
        }
    };
    let shown = super::shown(dir);
    report(build());
    let output_name = output.file_name().map(|n| n.to_os_string());
    let relevant = |event: &notify::Event| {
        event.paths.iter().any(|p| {
            let name = p.file_name();
            name != output_name.as_deref()
                && !name
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with(weekly_report::sink::TEMP_PREFIX))
        })
    };
    loop {
        let (tx, rx) = mpsc::channel();
        let mut watcher = notify::recommended_watcher(tx).context("cannot watch for changes")?;
        watcher
            .watch(dir, RecursiveMode::Recursive)
            .with_context(|| format!("cannot watch `{shown}`"))?;
        eprintln!("watching {shown} for changes (Ctrl-C to stop)");
        while let Ok(event) = rx.recv() {
            let Ok(event) = event else { continue };
            if !relevant(&event) || event.kind.is_access() {
                continue;
            }
            // Let a burst of saves settle before rebuilding.
            while rx.recv_timeout(Duration::from_millis(300)).is_ok() {}
            if !dir.is_dir() {
                break;
            }
            report(build());
        }
        // The folder is gone (its watch with it): keep the report and wait for it.
        drop(watcher);
        if !dir.is_dir() {
            eprintln!(
                "{shown} is gone; {} is kept as it was; waiting for the folder to come back",
                super::shown(output)
            );
            while !dir.is_dir() {
                std::thread::sleep(REAPPEAR_POLL);
            }
            // Let the folder fill before the first build.
            std::thread::sleep(REAPPEAR_POLL);
            eprintln!("{shown} is back; rebuilding and watching it again");
        }
        report(build());
    }
}
