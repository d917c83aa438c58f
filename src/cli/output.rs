//! Where output goes: stdout, or a file written atomically.

use std::io::Write;
use std::path::Path;

use anyhow::{bail, Context};

/// Writes `bytes` to `path` atomically: a temporary file in the same folder, then a rename,
/// so a failed or interrupted run leaves the previous file intact. Refuses to write through a
/// symbolic link.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        bail!(
            "refusing to write `{}`: it is a symbolic link; give the real path",
            path.display()
        );
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".weekly-report-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .with_context(|| format!("cannot create a temporary file in `{}`", dir.display()))?;
    tmp.write_all(bytes)
        .and_then(|()| tmp.as_file().sync_all())
        .with_context(|| format!("cannot write `{}`", path.display()))?;
    tmp.persist(path)
        .map_err(|e| e.error)
        .with_context(|| format!("cannot write `{}`", path.display()))?;
    Ok(())
}
