//! `build --watch`: rebuild when a note changes.

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use anyhow::Context;
use notify::{RecursiveMode, Watcher};

use super::Outcome;

/// Builds once, then again after every burst of changes under `dir` (changes to `output` and
/// to our own temporary files are ignored), until interrupted.
pub fn run(
    dir: &Path,
    output: &Path,
    build: impl Fn() -> anyhow::Result<()>,
) -> anyhow::Result<Outcome> {
    let report = |r: anyhow::Result<()>| {
        if let Err(e) = r {
            eprintln!("error: {e:#}");
        }
    };
    report(build());
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(tx).context("cannot watch for changes")?;
    watcher
        .watch(dir, RecursiveMode::Recursive)
        .with_context(|| format!("cannot watch `{}`", dir.display()))?;
    let output_name = output.file_name().map(|n| n.to_os_string());
    let relevant = |event: &notify::Event| {
        event.paths.iter().any(|p| {
            let name = p.file_name();
            name != output_name.as_deref()
                && !name
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with(".weekly-report-"))
        })
    };
    eprintln!("watching {} for changes (Ctrl-C to stop)", dir.display());
    while let Ok(event) = rx.recv() {
        let Ok(event) = event else { continue };
        if !relevant(&event) || event.kind.is_access() {
            continue;
        }
        // Let a burst of saves settle before rebuilding.
        while rx.recv_timeout(Duration::from_millis(300)).is_ok() {}
        report(build());
    }
    Ok(Outcome::Clean)
}
