//! Where output goes: a file written so that nothing is ever lost, and nothing is replaced
//! that the tool may not replace.
//!
//! A file is written through a temporary file beside it (`.weekly-report-PID-XXXXXX.tmp`),
//! reserved before the work starts and renamed over the target only when the output is
//! complete. Until then the target is untouched: a failed run, SIGINT or SIGTERM (the
//! temporary file is removed, then the process exits 130 or 143) leaves it as it was, and a
//! temporary file left by a killed run is removed by the next run that writes in that folder.
//!
//! What may be replaced is decided here, in one place: never a symbolic link, a FIFO, a device
//! or anything but a regular file; never a read-only file or one with other hard links; the
//! old file's mode and owner are kept (or the write is refused). A new file is created without
//! ever replacing one that appeared in the meantime (`renameat2(RENAME_NOREPLACE)` or `link`).

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use crate::source;

/// How the tool's temporary files are named: `PREFIX` + process id + `-` + random + `SUFFIX`.
pub const TEMP_PREFIX: &str = ".weekly-report-";
const TEMP_SUFFIX: &str = ".tmp";

/// A temporary file older than this, whose process cannot be checked, is stale.
const STALE_AFTER: Duration = Duration::from_secs(60 * 60);

/// The folders of the temporary files being written (one entry per file), where the interrupt
/// handler removes this process's temporary files. A folder is listed before its file is
/// created, so a signal between the two cannot leave the file behind.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// The name every temporary file of this process starts with.
fn own_prefix() -> String {
    format!("{TEMP_PREFIX}{}-", std::process::id())
}

/// On SIGINT or SIGTERM, removes the temporary files being written, then exits with
/// 128 + the signal's number (130, 143), as a shell reports a process the signal ended.
pub fn clean_up_on_interrupt() {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else {
        return;
    };
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            // Held until exit: a rename in progress finishes first, and none starts after.
            let pending = PENDING.lock().unwrap_or_else(|e| e.into_inner());
            let prefix = own_prefix();
            for dir in pending.iter() {
                for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                    if entry.file_name().to_string_lossy().starts_with(&prefix) {
                        let _ = std::fs::remove_file(entry.path());
                    }
                }
            }
            std::process::exit(128 + signal);
        }
    });
}

/// Why a file was not written. The target is left as it was.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The target is something the tool never replaces (a note, a link, a device, …); the
    /// message says what and what to do.
    #[error("{0}")]
    Refused(String),
    /// The file system refused an operation.
    #[error("{what}")]
    Io {
        /// What was being done, naming the path (`cannot write `r.md``).
        what: String,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
}

/// Attaches what was being done to an I/O error.
trait IoContext<T> {
    fn doing(self, what: impl FnOnce() -> String) -> Result<T, WriteError>;
}

impl<T> IoContext<T> for std::io::Result<T> {
    fn doing(self, what: impl FnOnce() -> String) -> Result<T, WriteError> {
        self.map_err(|source| WriteError::Io {
            what: what(),
            source,
        })
    }
}

macro_rules! refuse {
    ($($arg:tt)*) => {
        return Err(WriteError::Refused(format!($($arg)*)))
    };
}

/// What may stand at the target path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replace {
    /// Only a report the tool wrote (its first line says so), or anything with `force`.
    Report {
        /// `--force`: replace a regular file that is not a report.
        force: bool,
    },
    /// Nothing: the file must be new, and one that appears meanwhile is kept.
    Never,
    /// A regular file (the note `check --fix` rewrites, `--force` of `draft` and `templates`).
    File,
}

/// An output file reserved before the work, written by [`Pending::commit`].
pub struct Pending {
    path: PathBuf,
    replace: Replace,
    /// Taken by [`Pending::commit`]; dropped (and so removed) on any other way out.
    tmp: Option<tempfile::NamedTempFile>,
    /// Declared after `tmp`, so the folder is unlisted only once the file is gone.
    _listed: Listed,
}

/// A folder listed in [`PENDING`] while it holds one of our temporary files.
struct Listed(PathBuf);

impl Listed {
    fn new(dir: &Path) -> Listed {
        let dir = dir.to_path_buf();
        lock_pending().push(dir.clone());
        Listed(dir)
    }
}

impl Drop for Listed {
    fn drop(&mut self) {
        let mut pending = lock_pending();
        if let Some(i) = pending.iter().position(|d| *d == self.0) {
            pending.swap_remove(i);
        }
    }
}

impl Pending {
    /// Checks that `path` may be written as `replace` allows, removes stale temporary files
    /// of the tool beside it, and reserves a temporary file there.
    pub fn reserve(path: &Path, replace: Replace) -> Result<Pending, WriteError> {
        check_target(path, replace)?;
        let dir = folder_of(path);
        remove_stale_temporaries(dir);
        let listed = Listed::new(dir);
        let tmp = tempfile::Builder::new()
            .prefix(&own_prefix())
            .suffix(TEMP_SUFFIX)
            .tempfile_in(dir)
            .doing(|| format!("cannot create a temporary file in `{}`", dir.display()))?;
        Ok(Pending {
            path: path.to_path_buf(),
            replace,
            tmp: Some(tmp),
            _listed: listed,
        })
    }

    /// The temporary file, for a writer that fills it by name (SQLite) before
    /// [`Pending::commit_written`].
    pub fn temp_path(&self) -> &Path {
        self.tmp
            .as_ref()
            .expect("a pending file is not committed yet")
            .path()
    }

    /// Puts the temporary file, filled through [`Pending::temp_path`], in place, exactly as
    /// [`Pending::commit`] puts written bytes.
    pub fn commit_written(self) -> Result<(), WriteError> {
        self.commit(&[])
    }

    /// Writes `bytes` and puts the file in place.
    pub fn commit(mut self, bytes: &[u8]) -> Result<(), WriteError> {
        let mut tmp = self.tmp.take().expect("a pending file is committed once");
        let path = self.path.clone();
        let shown = path.display();
        // Checked again: the target may have changed while the work was done. A new file
        // needs no check: the rename itself refuses to replace one.
        if self.replace != Replace::Never {
            check_target(&path, self.replace)?;
        }
        let old = std::fs::metadata(&path).ok();
        // A temporary file is private (0600); the file keeps the old one's mode, else 0644.
        let mode = old
            .as_ref()
            .map(std::fs::Metadata::permissions)
            .or_else(default_permissions);
        if let Some(mode) = mode {
            tmp.as_file()
                .set_permissions(mode)
                .doing(|| format!("cannot set the permissions of `{shown}`"))?;
        }
        if let Some(old) = &old {
            keep_owner(tmp.as_file(), old, &path)?;
        }
        tmp.write_all(bytes)
            .and_then(|()| tmp.as_file().sync_all())
            .doing(|| format!("cannot write `{shown}`"))?;
        // Under the lock: an interrupt waits for the rename rather than racing it.
        let pending = lock_pending();
        let persisted = match self.replace {
            Replace::Never => tmp.persist_noclobber(&path),
            Replace::Report { .. } | Replace::File => tmp.persist(&path),
        };
        drop(pending);
        match persisted {
            Ok(_) => Ok(()),
            Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => refuse!(
                "`{shown}` appeared while it was being written; weekly-report never overwrites it (use --force to replace it)"
            ),
            Err(e) => Err::<(), _>(e.error).doing(|| format!("cannot write `{shown}`")),
        }
    }
}

fn lock_pending() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    PENDING.lock().unwrap_or_else(|e| e.into_inner())
}

/// Writes `bytes` to `path` atomically, replacing what `replace` allows.
pub fn write_file(path: &Path, bytes: &[u8], replace: Replace) -> Result<(), WriteError> {
    Pending::reserve(path, replace)?.commit(bytes)
}

fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// Refuses a target that `replace` does not allow, with the reason in the user's terms.
fn check_target(path: &Path, replace: Replace) -> Result<(), WriteError> {
    let shown = path.display();
    let meta = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e).doing(|| format!("cannot look at `{shown}`")),
    };
    if meta.file_type().is_symlink() {
        refuse!("refusing to write `{shown}`: it is a symbolic link; give the real path");
    }
    if !meta.is_file() {
        refuse!(
            "refusing to write `{shown}`: it is {}, not a regular file; write to a regular file or a new path (`-o -`, or no -o, writes to standard output)",
            source::file_kind(meta.file_type())
        );
    }
    match replace {
        Replace::Never => {
            refuse!(
                "`{shown}` exists; weekly-report never overwrites it (use --force to replace it)"
            )
        }
        Replace::Report { force: false } if !is_report(path)? => {
            let what = if source::is_note_path(path) {
                "it is a note, not a report written by weekly-report"
            } else {
                "it is not a report written by weekly-report"
            };
            refuse!(
                "refusing to overwrite `{shown}`: {what} (a report's first line is `{}`); choose another -o, or pass --force to replace it",
                source::REPORT_MARKER
            );
        }
        _ => {}
    }
    if meta.permissions().readonly() {
        refuse!("refusing to replace `{shown}`: it is read-only");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if meta.nlink() > 1 {
            refuse!(
                "refusing to replace `{shown}`: it has {} hard links, and replacing it would split it from the others",
                meta.nlink()
            );
        }
    }
    Ok(())
}

/// Whether the regular file at `path` starts as a report the tool wrote.
fn is_report(path: &Path) -> Result<bool, WriteError> {
    let mut head = Vec::with_capacity(256);
    std::fs::File::open(path)
        .and_then(|f| f.take(256).read_to_end(&mut head))
        .doing(|| format!("cannot read `{}`", path.display()))?;
    Ok(source::is_generated_report(&head))
}

/// The new file keeps the old one's owner and group, or the write is refused.
#[cfg(unix)]
fn keep_owner(tmp: &std::fs::File, old: &std::fs::Metadata, path: &Path) -> Result<(), WriteError> {
    use std::os::unix::fs::MetadataExt;
    let new = tmp
        .metadata()
        .doing(|| format!("cannot look at `{}`", path.display()))?;
    if (new.uid(), new.gid()) == (old.uid(), old.gid()) {
        return Ok(());
    }
    std::os::unix::fs::fchown(tmp, Some(old.uid()), Some(old.gid())).doing(|| {
        format!(
            "refusing to replace `{}`: it belongs to user {} and group {}, which a new file could not keep",
            path.display(),
            old.uid(),
            old.gid()
        )
    })
}

#[cfg(not(unix))]
fn keep_owner(_: &std::fs::File, _: &std::fs::Metadata, _: &Path) -> Result<(), WriteError> {
    Ok(())
}

/// Removes the tool's temporary files in `dir` whose process is gone (or, where that cannot
/// be known, that are older than an hour): what a killed run left.
fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let now = SystemTime::now();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(middle) = name
            .to_str()
            .and_then(|n| n.strip_prefix(TEMP_PREFIX))
            .and_then(|n| n.strip_suffix(TEMP_SUFFIX))
        else {
            continue;
        };
        let Ok(meta) = entry.metadata() else { continue };
        if !meta.is_file() {
            continue;
        }
        let pid = middle
            .split_once('-')
            .and_then(|(pid, _)| pid.parse::<u32>().ok());
        let gone = match pid {
            Some(pid) if pid == std::process::id() => false,
            Some(pid) if Path::new("/proc/self").exists() => {
                !Path::new("/proc").join(pid.to_string()).exists()
            }
            _ => meta
                .modified()
                .ok()
                .and_then(|m| now.duration_since(m).ok())
                .is_some_and(|age| age > STALE_AFTER),
        };
        if gone {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(unix)]
fn default_permissions() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(std::fs::Permissions::from_mode(0o644))
}

/// Elsewhere a new file's default permissions are already the right ones.
#[cfg(not(unix))]
fn default_permissions() -> Option<std::fs::Permissions> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_file_never_replaces_one_that_appeared_after_the_check() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("new.md");
        let pending = Pending::reserve(&path, Replace::Never).unwrap();
        // Someone creates the file between the check and the write.
        std::fs::write(&path, "mine").unwrap();
        let err = pending.commit(b"drafted").unwrap_err();
        assert!(format!("{err:#}").contains("never overwrites"), "{err:#}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "mine");
        let left: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "the temporary file is removed");
    }

    #[test]
    fn stale_temporary_files_of_dead_processes_are_removed() {
        let tmp = tempfile::tempdir().unwrap();
        // No process has this id (Linux's pid_max is at most 2^22).
        let stale = tmp.path().join(".weekly-report-4294967-abc.tmp");
        let live = tmp
            .path()
            .join(format!(".weekly-report-{}-abc.tmp", std::process::id()));
        let other = tmp.path().join("notes.md");
        for p in [&stale, &live, &other] {
            std::fs::write(p, "x").unwrap();
        }
        remove_stale_temporaries(tmp.path());
        assert!(!stale.exists());
        assert!(live.exists() && other.exists());
    }
}
