//! `file:` URIs and paths.

use std::path::{Path, PathBuf};

use lsp_types::Uri;
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, CONTROLS};

/// What a path segment of a `file:` URI escapes: everything but unreserved characters, `/`
/// and the few a path may hold unescaped. Non-ASCII (Chinese names) is escaped as UTF-8.
const PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// The file a `file:` URI names (`None` for another scheme, such as an unsaved `untitled:`
/// buffer, or a URI with a host).
pub fn to_path(uri: &Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    let rest = rest.split(['?', '#']).next().unwrap_or_default();
    if !rest.starts_with('/') {
        return None;
    }
    let decoded = percent_decode_str(rest).decode_utf8().ok()?;
    Some(PathBuf::from(decoded.as_ref()))
}

/// The `file:` URI of an absolute path (`None` for a relative one).
pub fn from_path(path: &Path) -> Option<Uri> {
    let absolute;
    let path = if path.is_absolute() {
        path
    } else {
        absolute = std::env::current_dir().ok()?.join(path);
        &absolute
    };
    let text = path.to_str()?;
    format!("file://{}", utf8_percent_encode(text, PATH))
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_names_and_spaces_round_trip() {
        let path = Path::new("/notes/第28周 2023-07-08.md");
        let uri = from_path(path).unwrap();
        assert_eq!(
            uri.as_str(),
            "file:///notes/%E7%AC%AC28%E5%91%A8%202023-07-08.md"
        );
        assert_eq!(to_path(&uri).unwrap(), path);
        let untitled: Uri = "untitled:Untitled-1".parse().unwrap();
        assert_eq!(to_path(&untitled), None);
    }
}
