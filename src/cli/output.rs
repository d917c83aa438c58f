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
    // A temporary file is private (0600); the report keeps the old file's mode, else 0644.
    let mode = std::fs::metadata(path)
        .map(|m| m.permissions())
        .ok()
        .or_else(default_permissions);
    if let Some(mode) = mode {
        tmp.as_file()
            .set_permissions(mode)
            .with_context(|| format!("cannot set the permissions of `{}`", path.display()))?;
    }
    tmp.write_all(bytes)
        .and_then(|()| tmp.as_file().sync_all())
        .with_context(|| format!("cannot write `{}`", path.display()))?;
    tmp.persist(path)
        .map_err(|e| e.error)
        .with_context(|| format!("cannot write `{}`", path.display()))?;
    Ok(())
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
