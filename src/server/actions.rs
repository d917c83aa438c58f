//! Code actions on the findings of a note.
//!
//! - every fix `check --fix` makes, as a quick fix of its finding, and all of them at once
//!   as the note's "fix all" source action;
//! - "disable this rule for this note": the rule's id added to the note's
//!   `<!-- weekly-report-disable … -->` directive, or a new directive below the title;
//! - for an unknown section (WR017): the heading added to the section vocabulary of the
//!   `weekly-report.yaml` the note is checked with (created beside the note when it is
//!   checked with the built-in configuration). The action is offered only when the edited
//!   configuration is valid and reads the heading with the suggested role.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CreateFile, CreateFileOptions,
    DocumentChangeOperation, DocumentChanges, OneOf, OptionalVersionedTextDocumentIdentifier,
    Range, ResourceOp, TextDocumentEdit, TextEdit, Uri, WorkspaceEdit,
};

use super::{diagnostics, uri, View};
use crate::config::{Config, SectionRole};
use crate::explain::role_name;
use crate::lint::{self, Finding};

/// The code actions for the findings that touch `range`, and the note's "fix all".
pub fn code_actions(view: &View<'_>, range: Range) -> Vec<CodeActionOrCommand> {
    let checked = view.checked;
    let text = checked.text.as_str();
    let touching: Vec<&Finding> = checked
        .findings
        .iter()
        .filter(|f| {
            let r = checked.lines.range(text, f.span.start, f.span.end);
            (r.start.line, r.start.character) <= (range.end.line, range.end.character)
                && (range.start.line, range.start.character) <= (r.end.line, r.end.character)
        })
        .collect();
    let mut actions = Vec::new();
    for f in &touching {
        if let Some(action) = quick_fix(view, f) {
            actions.push(action);
        }
    }
    for f in &touching {
        if f.rule == "WR017" {
            if let Some(action) = name_section(view, f) {
                actions.push(action);
            }
        }
    }
    let mut disabled = Vec::new();
    for f in &touching {
        if !disabled.contains(&f.rule) {
            disabled.push(f.rule);
            actions.push(disable(view, f));
        }
    }
    let all = lint::applicable_fixes(text, &checked.findings);
    if !all.is_empty() {
        let edits = all
            .iter()
            .map(|fix| {
                TextEdit::new(
                    checked.lines.range(text, fix.span.start, fix.span.end),
                    fix.replacement.clone(),
                )
            })
            .collect();
        actions.push(action(
            format!("weekly-report: apply {} fix(es) to this note", all.len()),
            CodeActionKind::SOURCE_FIX_ALL,
            vec![],
            edit_of(view.uri, edits),
            false,
        ));
    }
    actions
        .into_iter()
        .map(CodeActionOrCommand::CodeAction)
        .collect()
}

/// The fix of `finding`, if it has one that applies to the text.
fn quick_fix(view: &View<'_>, finding: &Finding) -> Option<CodeAction> {
    let checked = view.checked;
    let text = checked.text.as_str();
    let fix = finding.fix.as_ref()?;
    let old = text.get(fix.span.start..fix.span.end)?;
    let range = checked.lines.range(text, fix.span.start, fix.span.end);
    Some(action(
        format!("correct the {}: {old} → {}", fix.subject, fix.replacement),
        CodeActionKind::QUICKFIX,
        vec![finding],
        edit_of(
            view.uri,
            vec![TextEdit::new(range, fix.replacement.clone())],
        ),
        true,
    ))
}

/// Silences `finding`'s rule for the note.
fn disable(view: &View<'_>, finding: &Finding) -> CodeAction {
    let checked = view.checked;
    let text = checked.text.as_str();
    let edit = match existing_directive(text) {
        Some(end) => TextEdit::new(
            checked.lines.range(text, end, end),
            format!(" {}", finding.rule),
        ),
        None => {
            let at = below_title(view);
            TextEdit::new(
                checked.lines.range(text, at, at),
                format!("<!-- weekly-report-disable {} -->\n", finding.rule),
            )
        }
    };
    action(
        format!("disable {} {} for this note", finding.rule, finding.name),
        CodeActionKind::QUICKFIX,
        vec![finding],
        edit_of(view.uri, vec![edit]),
        false,
    )
}

/// Where the rules of the note's first `weekly-report-disable` directive end (just before
/// the space and `-->` that close it), when it names rules.
fn existing_directive(text: &str) -> Option<usize> {
    let start = text.find("<!--")?;
    let mut from = start;
    while let Some(open) = text[from..].find("<!--").map(|i| from + i) {
        let close = open + text[open..].find("-->")?;
        let inner = &text[open + 4..close];
        if let Some(rules) = inner.trim_start().strip_prefix("weekly-report-disable") {
            if rules.trim().is_empty() {
                return None;
            }
            return Some(open + 4 + inner.trim_end().len());
        }
        from = close + 3;
    }
    None
}

/// The start of the line after the note's title (after its front matter when it has no
/// title, else the start).
fn below_title(view: &View<'_>) -> usize {
    let checked = view.checked;
    let text = checked.text.as_str();
    let note = checked.note(view.config);
    let title = note.sections.iter().find(|s| s.role == SectionRole::Title);
    match title {
        Some(t) => checked
            .lines
            .start_of(checked.lines.line_of(t.span.start) + 1, text),
        None if text.starts_with("---\n") => text[4..]
            .find("\n---\n")
            .map_or(0, |i| 4 + i + "\n---\n".len()),
        None => 0,
    }
}

/// Teaches the configuration the heading of an unknown-section finding.
fn name_section(view: &View<'_>, finding: &Finding) -> Option<CodeAction> {
    let checked = view.checked;
    let note = checked.note(view.config);
    let explanation = crate::explain::explain(&checked.text, note, view.config);
    let unknown = explanation
        .unknown_sections
        .iter()
        .find(|u| u.span == finding.span)?;
    let role = role_name(unknown.suggested_role);
    let (path, existing) = match view.config_path {
        Some(p) => (p.to_path_buf(), Some(crate::source::read_config(p).ok()?)),
        None => (config_beside(view.path), None),
    };
    let before = existing.clone().unwrap_or_default();
    let (at, insert) = add_section_word(&before, role, &unknown.key)?;
    let mut after = before.clone();
    after.insert_str(at, &insert);
    // Offer it only when the configuration stays valid and reads the heading as `role`.
    let config = Config::from_yaml(&after, &path.display().to_string()).ok()?;
    let reread = crate::parse_note(&checked.shown, &checked.text, &config);
    let now = reread.sections.iter().find(|s| s.span == unknown.span)?;
    if now.role != unknown.suggested_role {
        return None;
    }
    let config_uri = uri::from_path(&path)?;
    let lines = super::text::Lines::new(&before);
    let edit = TextEdit::new(lines.range(&before, at, at), insert);
    let workspace_edit = match existing {
        Some(_) => edit_of(&config_uri, vec![edit]),
        None => WorkspaceEdit {
            document_changes: Some(DocumentChanges::Operations(vec![
                DocumentChangeOperation::Op(ResourceOp::Create(CreateFile {
                    uri: config_uri.clone(),
                    options: Some(CreateFileOptions {
                        overwrite: Some(false),
                        ignore_if_exists: Some(true),
                    }),
                    annotation_id: None,
                })),
                DocumentChangeOperation::Edit(TextDocumentEdit {
                    text_document: OptionalVersionedTextDocumentIdentifier {
                        uri: config_uri,
                        version: None,
                    },
                    edits: vec![OneOf::Left(edit)],
                }),
            ])),
            ..WorkspaceEdit::default()
        },
    };
    Some(action(
        format!(
            "read `{}` as {role}: add it to {}",
            unknown.key,
            path.file_name()?.to_string_lossy()
        ),
        CodeActionKind::QUICKFIX,
        vec![finding],
        workspace_edit,
        false,
    ))
}

/// The configuration file made for a note checked with the built-in configuration: in its
/// folder, where it is the nearest.
fn config_beside(note: &Path) -> PathBuf {
    note.parent()
        .unwrap_or(Path::new("."))
        .join("weekly-report.yaml")
}

/// Where to insert what into a configuration's YAML so that `vocabulary.sections.<role>`
/// lists `word` (block style, as `init` writes it); `None` when the file is written in a
/// way this does not edit (flow mappings), for the user to do by hand.
fn add_section_word(yaml: &str, role: &str, word: &str) -> Option<(usize, String)> {
    let lines: Vec<(usize, &str)> = yaml
        .split_inclusive('\n')
        .scan(0, |at, l| {
            let start = *at;
            *at += l.len();
            Some((start, l))
        })
        .collect();
    let end_of = |(start, l): (usize, &str)| start + l.len();
    let indent = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let key_of = |l: &str| {
        let t = l.trim();
        (!t.starts_with('#') && !t.starts_with('-'))
            .then(|| {
                t.split_once(':')
                    .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
            })
            .flatten()
    };
    let newline_before = if yaml.is_empty() || yaml.ends_with('\n') {
        ""
    } else {
        "\n"
    };
    // The lines of the block under line `i` (more indented, or blank), as indices.
    let block = |i: usize| -> std::ops::Range<usize> {
        let own = indent(lines[i].1);
        let mut j = i + 1;
        while j < lines.len() {
            let l = lines[j].1;
            if !l.trim().is_empty() && !l.trim_start().starts_with('#') && indent(l) <= own {
                break;
            }
            j += 1;
        }
        i + 1..j
    };
    let find = |range: std::ops::Range<usize>, depth: Option<usize>, key: &str| {
        range.into_iter().find(|&j| {
            let l = lines[j].1;
            depth.is_none_or(|d| indent(l) == d) && key_of(l).is_some_and(|(k, _)| k == key)
        })
    };
    let Some(v) = find(0..lines.len(), Some(0), "vocabulary") else {
        return Some((
            yaml.len(),
            format!("{newline_before}vocabulary:\n  sections:\n    {role}: [{word}]\n"),
        ));
    };
    if !key_of(lines[v].1)?.1.is_empty() {
        return None;
    }
    let under_v = block(v);
    let first_child = under_v
        .clone()
        .find(|&j| !lines[j].1.trim().is_empty() && !lines[j].1.trim_start().starts_with('#'));
    let child_indent = first_child.map_or(2, |j| indent(lines[j].1));
    let line_end = |j: usize| {
        let e = end_of(lines[j]);
        (e, if lines[j].1.ends_with('\n') { "" } else { "\n" })
    };
    let Some(s) = find(under_v, Some(child_indent), "sections") else {
        let (at, nl) = line_end(v);
        let pad = " ".repeat(child_indent);
        return Some((
            at,
            format!("{nl}{pad}sections:\n{pad}{pad}{role}: [{word}]\n"),
        ));
    };
    let (_, value) = key_of(lines[s].1)?;
    if !value.is_empty() {
        return None;
    }
    let under_s = block(s);
    let role_indent = under_s
        .clone()
        .find(|&j| !lines[j].1.trim().is_empty())
        .map_or(child_indent * 2, |j| indent(lines[j].1));
    let Some(r) = find(under_s, Some(role_indent), role) else {
        let (at, nl) = line_end(s);
        return Some((
            at,
            format!("{nl}{}{role}: [{word}]\n", " ".repeat(role_indent)),
        ));
    };
    let (_, value) = key_of(lines[r].1)?;
    let (start, line) = lines[r];
    if value.starts_with('[') {
        let close = start + line.rfind(']')?;
        let empty = value.trim_start_matches('[').trim_start().starts_with(']');
        return Some((
            close,
            if empty {
                word.to_string()
            } else {
                format!(", {word}")
            },
        ));
    }
    if !value.is_empty() {
        return None;
    }
    let items = block(r);
    let last = items
        .clone()
        .rev()
        .find(|&j| lines[j].1.trim_start().starts_with('-'))?;
    let pad = " ".repeat(indent(lines[last].1));
    let (at, nl) = line_end(last);
    Some((at, format!("{nl}{pad}- {word}\n")))
}

fn action(
    title: String,
    kind: CodeActionKind,
    findings: Vec<&Finding>,
    edit: WorkspaceEdit,
    preferred: bool,
) -> CodeAction {
    CodeAction {
        title,
        kind: Some(kind),
        diagnostics: (!findings.is_empty()).then(|| {
            findings
                .iter()
                .map(|f| lsp_types::Diagnostic {
                    code: Some(lsp_types::NumberOrString::String(f.rule.to_string())),
                    source: Some(diagnostics::SOURCE.to_string()),
                    message: f.message.clone(),
                    ..lsp_types::Diagnostic::default()
                })
                .collect()
        }),
        edit: Some(edit),
        command: None,
        is_preferred: preferred.then_some(true),
        disabled: None,
        data: None,
    }
}

fn edit_of(uri: &Uri, edits: Vec<TextEdit>) -> WorkspaceEdit {
    WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), edits)])),
        ..WorkspaceEdit::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn added(yaml: &str) -> Option<String> {
        let (at, insert) = add_section_word(yaml, "metrics", "发布统计")?;
        let mut out = yaml.to_string();
        out.insert_str(at, &insert);
        Some(out)
    }

    #[test]
    fn a_section_word_goes_where_the_configuration_lists_that_role() {
        assert_eq!(
            added("").unwrap(),
            "vocabulary:\n  sections:\n    metrics: [发布统计]\n"
        );
        assert_eq!(
            added("team: 支付\n").unwrap(),
            "team: 支付\nvocabulary:\n  sections:\n    metrics: [发布统计]\n"
        );
        assert_eq!(
            added("vocabulary:\n  sections:\n    metrics: [运行数据]\nteam: x\n").unwrap(),
            "vocabulary:\n  sections:\n    metrics: [运行数据, 发布统计]\nteam: x\n"
        );
        assert_eq!(
            added("vocabulary:\n  sections:\n    metrics:\n      - 运行数据\n    events: [a]\n")
                .unwrap(),
            "vocabulary:\n  sections:\n    metrics:\n      - 运行数据\n      - 发布统计\n    events: [a]\n"
        );
        assert_eq!(
            added("vocabulary:\n  sections:\n    events: [a]\n").unwrap(),
            "vocabulary:\n  sections:\n    metrics: [发布统计]\n    events: [a]\n"
        );
        assert_eq!(
            added("vocabulary:\n  statuses:\n    done: [搞定]\n").unwrap(),
            "vocabulary:\n  sections:\n    metrics: [发布统计]\n  statuses:\n    done: [搞定]\n"
        );
        assert_eq!(added("vocabulary: {sections: {}}\n"), None);
    }

    #[test]
    fn a_directive_naming_rules_is_extended_one_naming_none_is_not() {
        let text = "# t\n<!-- weekly-report-disable WR016 -->\n";
        assert_eq!(existing_directive(text), Some(text.find(" -->").unwrap()));
        assert_eq!(
            existing_directive("<!-- note --> <!-- weekly-report-disable -->"),
            None
        );
        assert_eq!(existing_directive("# t\n"), None);
    }
}
