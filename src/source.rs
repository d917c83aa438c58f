//! Finding and reading notes: the only stage that touches the filesystem for input.
//!
//! A note is read as bytes and decoded here: a UTF-8 BOM is dropped, GB18030/GBK is decoded
//! when the bytes are not UTF-8 (and the caller is told, so it can say so), and CRLF or lone CR
//! line endings become `\n`. Everything after this stage sees clean UTF-8 text, whose byte
//! offsets are what [`crate::model::Span`]s count.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Name of the configuration file looked for in the notes folder.
pub const CONFIG_FILE_NAME: &str = "weekly-report.yaml";

/// Largest note read, in bytes. A bigger file is refused rather than read into memory.
pub const MAX_NOTE_BYTES: u64 = 256 * 1024 * 1024;

/// Largest configuration file read, in bytes.
pub const MAX_CONFIG_BYTES: u64 = 256 * 1024;

/// How a note's bytes were encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 without a byte-order mark.
    Utf8,
    /// UTF-8 with a byte-order mark (removed).
    Utf8Bom,
    /// GB18030 (a superset of GBK and GB2312), decoded to UTF-8.
    Gb18030,
}

/// A note's text after decoding and normalising line endings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text: UTF-8, no BOM, `\n` line endings.
    pub text: String,
    /// What the bytes were.
    pub encoding: Encoding,
}

/// Why a note's bytes could not be turned into text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// The bytes hold a NUL: this is not a text note.
    #[error("it contains a NUL byte (line {}, byte {} of the line): this is not a text note", at.line, at.column)]
    Binary {
        /// Where the first NUL byte is.
        at: BytePosition,
    },
    /// UTF-16 text (recognised by its byte-order mark).
    #[error("it is UTF-16 text; save it as UTF-8")]
    Utf16,
    /// Neither UTF-8 nor GB18030.
    #[error("it is neither UTF-8 nor GB18030 (invalid byte at line {}, byte {} of the line); save it as UTF-8", at.line, at.column)]
    Undecodable {
        /// Where the first byte that is not valid UTF-8 is.
        at: BytePosition,
    },
}

/// Where a byte is in a file that could not be decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BytePosition {
    /// Offset from the start of the file.
    pub offset: usize,
    /// 1-based line (lines end at `\n`).
    pub line: usize,
    /// 1-based byte of that line.
    pub column: usize,
}

impl BytePosition {
    /// The position of `offset` in `bytes`.
    pub fn of(bytes: &[u8], offset: usize) -> Self {
        let before = &bytes[..offset.min(bytes.len())];
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        BytePosition {
            offset,
            line: before.iter().filter(|&&b| b == b'\n').count() + 1,
            column: offset - line_start + 1,
        }
    }
}

/// Why a file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// The operating system refused.
    // The reason is part of the message, not a `source()`, so that an error chain printed
    // with `{:#}` says it once.
    #[error("cannot read `{}`: {reason}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        reason: std::io::Error,
    },
    /// The file is larger than we read.
    #[error("`{}` is {size} bytes, more than the {limit}-byte limit for this kind of file", path.display())]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// The bytes are not text we can decode.
    #[error("cannot read `{}`: {reason}", path.display())]
    Decode {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: DecodeError,
    },
}

/// A note read from disk.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as given.
    pub path: PathBuf,
    /// Its decoded text.
    pub decoded: Decoded,
}

/// Decodes a note's bytes: see the module documentation.
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(DecodeError::Utf16);
    }
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(DecodeError::Binary {
            at: BytePosition::of(bytes, offset),
        });
    }
    let (body, bom) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (rest, true),
        None => (bytes, false),
    };
    let body_start = bytes.len() - body.len();
    let (text, encoding) = match std::str::from_utf8(body) {
        Ok(s) => (
            s.to_owned(),
            if bom {
                Encoding::Utf8Bom
            } else {
                Encoding::Utf8
            },
        ),
        Err(e) => {
            let decoded = encoding_rs::GB18030
                .decode_without_bom_handling_and_without_replacement(body)
                .ok_or_else(|| DecodeError::Undecodable {
                    at: BytePosition::of(bytes, body_start + e.valid_up_to()),
                })?;
            (decoded.into_owned(), Encoding::Gb18030)
        }
    };
    Ok(Decoded {
        text: normalize_line_endings(text),
        encoding,
    })
}

/// Turns CRLF and lone CR into LF; returns the input unchanged (no copy) when it has no CR.
pub fn normalize_line_endings(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

/// Reads a file's bytes, refusing one larger than `limit`.
pub fn read_bytes(path: &Path, limit: u64) -> Result<Vec<u8>, SourceError> {
    let io = |reason| SourceError::Io {
        path: path.to_owned(),
        reason,
    };
    let file = fs::File::open(path).map_err(io)?;
    let meta = file.metadata().map_err(io)?;
    if meta.is_dir() {
        return Err(io(std::io::Error::new(
            std::io::ErrorKind::IsADirectory,
            "it is a directory",
        )));
    }
    if meta.len() > limit {
        return Err(SourceError::TooLarge {
            path: path.to_owned(),
            size: meta.len(),
            limit,
        });
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // `take` guards against a file that grows while we read it.
    file.take(limit + 1).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > limit {
        return Err(SourceError::TooLarge {
            path: path.to_owned(),
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

/// Reads and decodes one note.
pub fn read_note(path: &Path) -> Result<SourceFile, SourceError> {
    let bytes = read_bytes(path, MAX_NOTE_BYTES)?;
    let decoded = decode(&bytes).map_err(|reason| SourceError::Decode {
        path: path.to_owned(),
        reason,
    })?;
    Ok(SourceFile {
        path: path.to_owned(),
        decoded,
    })
}

/// Reads a configuration file as UTF-8 text (BOM allowed), capped at [`MAX_CONFIG_BYTES`].
pub fn read_config(path: &Path) -> Result<String, SourceError> {
    let bytes = read_bytes(path, MAX_CONFIG_BYTES)?;
    let decoded = decode(&bytes).map_err(|reason| SourceError::Decode {
        path: path.to_owned(),
        reason,
    })?;
    Ok(decoded.text)
}

/// Notes found under a folder, and what could not be walked.
#[derive(Debug, Default)]
pub struct Found {
    /// Markdown files, sorted by path.
    pub notes: Vec<PathBuf>,
    /// Folders or entries that could not be read (reported, then skipped).
    pub errors: Vec<String>,
}

/// Finds the Markdown notes (`*.md`, `*.markdown`) under `root`, respecting `.gitignore`,
/// `.ignore` and hidden files, never following symbolic links (so a link loop or a link out of
/// the notes folder is never read). Paths in `exclude` (the report being written) and the
/// `templates/` folder at the root are left out.
pub fn find_notes(root: &Path, exclude: &[PathBuf]) -> Found {
    let mut found = Found::default();
    let templates = root.join("templates");
    let excluded: Vec<PathBuf> = exclude
        .iter()
        .filter_map(|p| fs::canonicalize(p).ok())
        .collect();
    let walker = ignore::WalkBuilder::new(root)
        .follow_links(false)
        .require_git(false)
        .sort_by_file_path(|a, b| a.cmp(b))
        .filter_entry(move |e| e.path() != templates)
        .build();
    for entry in walker {
        match entry {
            Ok(e) => {
                let is_file = e.file_type().is_some_and(|t| t.is_file());
                let is_md = e.path().extension().is_some_and(|x| {
                    x.eq_ignore_ascii_case("md") || x.eq_ignore_ascii_case("markdown")
                });
                if is_file && is_md {
                    let skip = !excluded.is_empty()
                        && fs::canonicalize(e.path()).is_ok_and(|c| excluded.contains(&c));
                    if !skip {
                        found.notes.push(e.into_path());
                    }
                }
            }
            Err(err) => found.errors.push(err.to_string()),
        }
    }
    found
}

/// What a link in a note points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkStatus {
    /// A file inside the notes folder.
    Exists,
    /// Inside the notes folder, but there is no such file.
    Missing,
    /// An absolute path, or one that leaves the notes folder (by `..` or through a symbolic
    /// link). It is never read.
    OutsideRoot,
    /// A URL (`https:`, `mailto:`…), not a file.
    External,
}

/// Resolves the links of one note against the notes folder, looking only at file metadata,
/// never at contents. The notes folder and the note's own folder are made absolute once, not
/// once per link (each costs a system call per path component).
#[derive(Debug, Clone)]
pub struct LinkResolver {
    /// The notes folder, absolute and without symbolic links.
    root: Option<PathBuf>,
    /// The note's folder, likewise.
    dir: Option<PathBuf>,
}

impl LinkResolver {
    /// A resolver for the links of the note at `note` in the notes folder `root`.
    pub fn new(note: &Path, root: &Path) -> Self {
        let dir = note.parent().and_then(|d| {
            fs::canonicalize(if d.as_os_str().is_empty() {
                Path::new(".")
            } else {
                d
            })
            .ok()
        });
        LinkResolver {
            root: fs::canonicalize(root).ok(),
            dir,
        }
    }

    /// Where `target` (URL-decoded) leads.
    pub fn status(&self, target: &str) -> LinkStatus {
        let target = target.split(['#', '?']).next().unwrap_or(target);
        if target.contains("://") || target.starts_with("mailto:") {
            return LinkStatus::External;
        }
        if target.starts_with('/') || target.starts_with('\\') || target.get(1..2) == Some(":") {
            return LinkStatus::OutsideRoot;
        }
        let (Some(root), Some(dir)) = (&self.root, &self.dir) else {
            return LinkStatus::Missing;
        };
        // Lexically first: `..` must not climb out of the root.
        let mut lexical = dir.clone();
        for part in Path::new(target).components() {
            match part {
                std::path::Component::ParentDir => {
                    lexical.pop();
                }
                std::path::Component::Normal(p) => lexical.push(p),
                _ => {}
            }
        }
        if !lexical.starts_with(root) {
            return LinkStatus::OutsideRoot;
        }
        // Then through symbolic links.
        match fs::canonicalize(&lexical) {
            Ok(real) if !real.starts_with(root) => LinkStatus::OutsideRoot,
            Ok(real) if real.is_file() => LinkStatus::Exists,
            _ => LinkStatus::Missing,
        }
    }
}

/// The notes folder a note belongs to: the nearest folder at or above it holding
/// `weekly-report.yaml` or `.git`, else the note's own folder.
pub fn notes_root(note: &Path) -> PathBuf {
    let dir = match note.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let Ok(absolute) = fs::canonicalize(&dir) else {
        return dir;
    };
    absolute
        .ancestors()
        .find(|d| d.join(CONFIG_FILE_NAME).is_file() || d.join(".git").exists())
        .map_or(absolute.clone(), Path::to_path_buf)
}

/// The other Markdown files in `note`'s folder (names only are looked at), sorted.
pub fn sibling_notes(note: &Path) -> Vec<PathBuf> {
    let dir = match note.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let own = note.file_name();
    let Ok(entries) = fs::read_dir(dir) else {
        return vec![];
    };
    let mut out: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| {
            e.file_type().is_ok_and(|t| t.is_file()) && Some(e.file_name().as_os_str()) != own
        })
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    // All in one folder: comparing the bytes orders them as comparing components would.
    out.sort_unstable_by(|a, b| a.as_os_str().cmp(b.as_os_str()));
    out
}

/// Finds `weekly-report.yaml` in `start` or the nearest folder above it, stopping at the top
/// of a git repository (a folder holding `.git`).
pub fn find_config(start: &Path) -> Option<PathBuf> {
    let start = if start.as_os_str().is_empty() {
        Path::new(".")
    } else {
        start
    };
    let absolute = fs::canonicalize(start).ok()?;
    for dir in absolute.ancestors() {
        let candidate = dir.join(CONFIG_FILE_NAME);
        if candidate.is_file() {
            return Some(candidate);
        }
        if dir.join(".git").exists() {
            break;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_bom_is_removed() {
        let d = decode(b"\xEF\xBB\xBF---\ntitle: x\n---\n").unwrap();
        assert_eq!(d.text, "---\ntitle: x\n---\n");
        assert_eq!(d.encoding, Encoding::Utf8Bom);
    }

    #[test]
    fn crlf_and_lone_cr_become_lf() {
        let d = decode(b"a\r\nb\rc\n").unwrap();
        assert_eq!(d.text, "a\nb\nc\n");
    }

    #[test]
    fn gb18030_is_decoded() {
        let (bytes, _, _) = encoding_rs::GB18030.encode("# 第28周\n成功率：99.99%\n");
        let d = decode(&bytes).unwrap();
        assert_eq!(d.text, "# 第28周\n成功率：99.99%\n");
        assert_eq!(d.encoding, Encoding::Gb18030);
    }

    #[test]
    fn nul_bytes_mean_binary() {
        assert_eq!(
            decode(b"PK\x03\x04\x00\x00"),
            Err(DecodeError::Binary {
                at: BytePosition {
                    offset: 4,
                    line: 1,
                    column: 5
                }
            })
        );
    }

    #[test]
    fn utf16_is_named() {
        assert_eq!(decode(b"\xFF\xFEa\x00"), Err(DecodeError::Utf16));
    }

    #[test]
    fn bytes_that_are_neither_utf8_nor_gb18030_are_refused() {
        // 0x80 alone and 0xFF are invalid in both encodings.
        assert_eq!(
            decode(b"\xEF\xBB\xBFline 1\nok \x80\xFF"),
            Err(DecodeError::Undecodable {
                at: BytePosition {
                    offset: 13,
                    line: 2,
                    column: 4
                }
            })
        );
    }
}
