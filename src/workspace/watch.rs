//! `build --watch`: rebuild when a note changes.

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use notify::{RecursiveMode, Watcher};

/// How often a folder that disappeared is looked for.
const REAPPEAR_POLL: Duration = Duration::from_millis(250);

/// What happens while a folder is watched, for the caller to say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Watching {
    /// The folder is watched (again).
    Started,
    /// The folder is gone; the report is kept and the folder waited for.
    Gone,
    /// The folder is back; it is rebuilt and watched again.
    Back,
}

/// Why watching stopped.
#[derive(Debug, thiserror::Error)]
#[error("cannot watch `{}`", dir.display())]
pub struct WatchError {
    /// The folder.
    pub dir: std::path::PathBuf,
    /// The cause.
    #[source]
    pub source: notify::Error,
}

/// Runs `build` once, then again after every burst of changes under `dir` (changes to the
/// file named `output` and to the tool's temporary files are ignored), until interrupted or
/// the watch fails. When `dir` disappears the report is kept and the folder is waited for;
/// when it is back, it is watched again. `said` hears each of these moments.
pub fn watch(
    dir: &Path,
    output: &Path,
    mut build: impl FnMut(),
    mut said: impl FnMut(Watching),
) -> Result<std::convert::Infallible, WatchError> {
    let failed = |source| WatchError {
        dir: dir.to_path_buf(),
        source,
    };
    build();
    let output_name = output.file_name().map(|n| n.to_os_string());
    let relevant = |event: &notify::Event| {
        event.paths.iter().any(|p| {
            let name = p.file_name();
            name != output_name.as_deref()
                && !name
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with(crate::sink::TEMP_PREFIX))
        })
    };
    loop {
        let (tx, rx) = mpsc::channel();
        let mut watcher = notify::recommended_watcher(tx).map_err(failed)?;
        watcher
            .watch(dir, RecursiveMode::Recursive)
            .map_err(failed)?;
        said(Watching::Started);
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
            build();
        }
        // The folder is gone (its watch with it): keep the report and wait for it.
        drop(watcher);
        if !dir.is_dir() {
            said(Watching::Gone);
            while !dir.is_dir() {
                std::thread::sleep(REAPPEAR_POLL);
            }
            // Let the folder fill before the first build.
            std::thread::sleep(REAPPEAR_POLL);
            said(Watching::Back);
        }
        build();
    }
}
