//! `explain` output: a note line by line with a compiler-like gutter, one JSON record per
//! line, and a folder's summary. (The HTML form is the `explain.html` template.)

use std::io::Write;

use anstyle::{AnsiColor, Style};

use super::{printable, RenderError};
use crate::explain::{Explanation, Fact, FolderSummary, PatternKind, SectionReading, Why};

const HEAD: Style = Style::new().bold();
const GUTTER: Style = AnsiColor::Blue.on_default();
const SECTION: Style = AnsiColor::Cyan.on_default();
const FACT: Style = AnsiColor::Green.on_default();
const UNREAD: Style = AnsiColor::Yellow.on_default().bold();
const DIM: Style = Style::new().dimmed();

/// `1 fact`, `2 facts`.
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The header line of an explanation: `path: weekly note, 21 facts, 0 unread lines`.
pub fn headline(e: &Explanation) -> String {
    format!(
        "{}: {} note, {}, {}",
        printable(&e.path),
        crate::explain::kind_name(e.kind),
        count(e.facts, "fact", "facts"),
        count(e.unread, "unread line", "unread lines")
    )
}

/// How a heading's role is shown: `metrics (the word `系统运行数据`)`.
pub fn section_text(s: &SectionReading) -> String {
    let role = crate::explain::role_name(s.role);
    let why = match &s.why {
        Why::Title => "the note's title".to_string(),
        Why::Word { word } => format!("the word `{word}`"),
        Why::Objective => "an objective's shape (O1 …)".to_string(),
        Why::Lettered => "a lettered sub-project (A. …)".to_string(),
        Why::Parent { heading } => format!("under `{heading}`"),
        Why::Unknown => "no section word: read as other".to_string(),
    };
    format!("section {role} ({why})")
}

/// How a fact is shown: `metric 入金有效成功率: value 99.99 · unit % · kind success_rate`.
pub fn fact_text(f: &Fact) -> String {
    let kind = crate::explain::fact_kind_name(f.kind);
    let values = &f.summary;
    match (f.name.is_empty(), values.is_empty()) {
        (true, true) => kind.to_string(),
        (true, false) => format!("{kind}: {values}"),
        (false, true) => format!("{kind} {}", f.name),
        (false, false) => format!("{kind} {}: {values}", f.name),
    }
}

/// Writes an explanation as text: each non-blank line of the note after a gutter with its
/// number, then what it gave (`=` a section or a fact, `!` unread, `?` a diagnostic). ANSI
/// styles are always written; the caller strips them when the output is not a terminal.
pub fn write_text<W: Write>(mut w: W, e: &Explanation) -> Result<(), RenderError> {
    writeln!(w, "{HEAD}{}{HEAD:#}", headline(e))?;
    let width = e.lines.last().map_or(1, |l| l.line.to_string().len());
    let pad = " ".repeat(width);
    for l in &e.lines {
        if l.text.trim().is_empty() {
            continue;
        }
        writeln!(
            w,
            "{GUTTER}{:>width$} │{GUTTER:#} {}",
            l.line,
            printable(&l.text)
        )?;
        if let Some(s) = &l.section {
            writeln!(
                w,
                "{pad} {SECTION}= {}{SECTION:#}",
                printable(&section_text(s))
            )?;
        }
        for f in &l.facts {
            writeln!(w, "{pad} {FACT}= {}{FACT:#}", printable(&fact_text(f)))?;
        }
        if let Some(of) = l.part_of.filter(|_| !l.text.trim().is_empty()) {
            writeln!(w, "{pad} {DIM}= part of line {of}{DIM:#}")?;
        }
        if let Some(u) = &l.unread {
            writeln!(
                w,
                "{pad} {UNREAD}! unread:{UNREAD:#} {}",
                printable(&u.message)
            )?;
            if let Some(h) = &u.hint {
                writeln!(w, "{pad}   {DIM}help: {}{DIM:#}", printable(h))?;
            }
        } else {
            for d in &l.diagnostics {
                writeln!(
                    w,
                    "{pad} {UNREAD}?{UNREAD:#} {} [{}]",
                    printable(&d.message),
                    d.code
                )?;
            }
        }
    }
    Ok(())
}

/// Writes an explanation as JSON lines: one object per line of the note, in order, with the
/// note's path, the line's number, text and span, and what it gave.
pub fn write_json_lines<W: Write>(mut w: W, e: &Explanation) -> Result<(), RenderError> {
    #[derive(serde::Serialize)]
    struct Record<'a> {
        path: &'a str,
        #[serde(flatten)]
        line: &'a crate::explain::LineReading,
    }
    for l in &e.lines {
        serde_json::to_writer(
            &mut w,
            &Record {
                path: &e.path,
                line: l,
            },
        )
        .map_err(|err| RenderError::Serialize(err.to_string()))?;
        writeln!(w)?;
    }
    Ok(())
}

/// Writes a folder's summary as text: a table of the notes, the sections not recognised, and
/// the top unread patterns with what would teach the tool.
pub fn write_summary_text<W: Write>(
    mut w: W,
    root: &str,
    s: &FolderSummary,
) -> Result<(), RenderError> {
    writeln!(
        w,
        "{HEAD}{}: {}, {}, {}{HEAD:#}",
        printable(root),
        count(s.notes.len(), "note", "notes"),
        count(s.facts, "fact", "facts"),
        count(s.unread, "unread line", "unread lines")
    )?;
    if s.notes.is_empty() {
        return Ok(());
    }
    writeln!(w)?;
    writeln!(w, "{DIM}{:>6} {:>6}  note{DIM:#}", "facts", "unread")?;
    for n in &s.notes {
        let unknown = if n.unknown_sections.is_empty() {
            String::new()
        } else {
            format!(
                "  {UNREAD}not recognised:{UNREAD:#} {}",
                n.unknown_sections
                    .iter()
                    .map(|k| format!("`{}`", printable(k)))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        writeln!(
            w,
            "{:>6} {:>6}  {}{unknown}",
            n.facts,
            n.unread,
            printable(&n.path)
        )?;
    }
    if s.patterns.is_empty() {
        return Ok(());
    }
    writeln!(
        w,
        "\n{HEAD}what the tool did not read, most notes first{HEAD:#}"
    )?;
    for p in &s.patterns {
        let what = match p.kind {
            PatternKind::UnknownSection => {
                format!("use `{}`, read as other", printable(&p.what))
            }
            PatternKind::UnreadLine => {
                format!("have unread lines opening with `{}`", printable(&p.what))
            }
        };
        writeln!(
            w,
            "  {} ({}) {what}",
            count(p.notes, "note", "notes"),
            count(p.lines, "line", "lines")
        )?;
        if let Some(h) = &p.hint {
            writeln!(w, "    {DIM}help: {}{DIM:#}", printable(h))?;
        }
    }
    Ok(())
}
