//! Findings of [`crate::workspace::check::Checker`] as LSP diagnostics.
//!
//! A diagnostic is the finding `check` prints, moved into the editor's terms: its span as a
//! UTF-16 range, the rule's id as `code` with a link to its section of the rules reference,
//! the configured severity, the hint after the message, and for WR012 the project's line in
//! last week's note as related information.

use std::path::Path;

use lsp_types::{
    CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location,
    NumberOrString, Position, Range, Uri,
};

use super::text::Lines;
use super::uri;
use crate::config::RuleLevel;
use crate::lint::{Finding, Related};

/// What every diagnostic of this server says it comes from.
pub const SOURCE: &str = "weekly-report";

/// The link to a rule's section of the rules reference: `base` (the reference's address)
/// and the heading's anchor (`#wr003-ratio-mismatch`).
pub fn rule_link(base: &str, id: &str, name: &str) -> Option<Uri> {
    format!("{base}#{}-{name}", id.to_ascii_lowercase())
        .parse()
        .ok()
}

/// The LSP severity of a rule level.
pub fn severity(level: RuleLevel) -> DiagnosticSeverity {
    match level {
        RuleLevel::Error => DiagnosticSeverity::ERROR,
        RuleLevel::Warning => DiagnosticSeverity::WARNING,
        RuleLevel::Info | RuleLevel::Off => DiagnosticSeverity::INFORMATION,
    }
}

/// `finding` of the checked `text` (whose lines are `lines`) as a diagnostic; `rules_url` is
/// the rules reference's address (none: no link); `max_bytes` caps what is read of a related note.
pub fn diagnostic(
    finding: &Finding,
    text: &str,
    lines: &Lines,
    rules_url: Option<&str>,
    max_bytes: u64,
) -> Diagnostic {
    let message = match &finding.hint {
        Some(hint) => format!("{}\nhelp: {hint}", finding.message),
        None => finding.message.clone(),
    };
    Diagnostic {
        range: lines.range(text, finding.span.start, finding.span.end),
        severity: Some(severity(finding.level)),
        code: Some(NumberOrString::String(finding.rule.to_string())),
        code_description: rules_url
            .and_then(|url| rule_link(url, finding.rule, finding.name))
            .map(|href| CodeDescription { href }),
        source: Some(SOURCE.to_string()),
        message,
        related_information: finding
            .related
            .as_ref()
            .and_then(|r| related(r, max_bytes))
            .map(|r| vec![r]),
        tags: None,
        data: None,
    }
}

/// A related place as a location: its span's range in that note as it is on disk (its line
/// when the note cannot be read any more).
fn related(r: &Related, max_bytes: u64) -> Option<DiagnosticRelatedInformation> {
    let path = Path::new(&r.path);
    let range = match crate::source::read_note(path, max_bytes) {
        Ok(file) => {
            let text = &file.decoded.text;
            Lines::new(text).range(text, r.span.start, r.span.end)
        }
        Err(_) => {
            let line = Position::new(r.line.saturating_sub(1), 0);
            Range::new(line, line)
        }
    };
    Some(DiagnosticRelatedInformation {
        location: Location {
            uri: uri::from_path(path)?,
            range,
        },
        message: r.message.clone(),
    })
}

/// A note that could not be checked (too large, an invalid configuration, an internal
/// error): one diagnostic at its start saying why, instead of findings.
pub fn not_checked(why: &str) -> Diagnostic {
    Diagnostic {
        range: Range::default(),
        severity: Some(DiagnosticSeverity::ERROR),
        source: Some(SOURCE.to_string()),
        message: format!("weekly-report could not check this note: {why}"),
        ..Diagnostic::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rule_links_to_its_heading_in_the_reference() {
        let link = rule_link(
            "https://example.org/docs/rules.md",
            "WR003",
            "ratio-mismatch",
        );
        assert_eq!(
            link.unwrap().as_str(),
            "https://example.org/docs/rules.md#wr003-ratio-mismatch"
        );
    }
}
