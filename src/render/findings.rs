//! Findings of `check` as a compiler-style report, GitHub workflow commands, a JSON array or
//! JSON lines, SARIF 2.1.0, a GitLab Code Quality report or a JUnit XML report.

use std::io::Write;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde_sarif::sarif;

use super::RenderError;
use crate::config::RuleLevel;
use crate::lint::{Finding, RULES};
use crate::parse::LineIndex;

/// The text a finding points into, for showing the source line.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    /// The note's path as shown.
    pub path: &'a str,
    /// Its decoded text.
    pub text: &'a str,
}

/// How `check` prints its findings: one seam for every format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Like a compiler: location, rule, message, the source line underlined, a hint.
    Human,
    /// GitHub Actions workflow commands (annotations on the pull request).
    Github,
    /// One JSON array of findings (as ruff and rumdl print).
    Json,
    /// One JSON object per finding per line.
    JsonLines,
    /// SARIF 2.1.0, for code-scanning upload.
    Sarif,
    /// A GitLab Code Quality report (`artifacts: reports: codequality:`).
    Gitlab,
    /// A JUnit XML report: a test suite per note, a failed test case per finding.
    Junit,
}

/// One note checked: its text and what was found in it.
#[derive(Debug, Clone, Copy)]
pub struct Checked<'a> {
    /// The note.
    pub source: Source<'a>,
    /// Its findings, by position.
    pub findings: &'a [Finding],
}

/// Writes the findings of `notes` in `format`; `fail_at` is the severity that fails the run
/// (JUnit reports the others as passing).
pub fn write<W: Write>(
    mut w: W,
    format: Format,
    notes: &[Checked<'_>],
    fail_at: RuleLevel,
) -> Result<(), RenderError> {
    let all: Vec<Finding> = notes
        .iter()
        .flat_map(|c| c.findings.iter().cloned())
        .collect();
    match format {
        Format::Human => {
            for c in notes {
                write_human(&mut w, c.source, c.findings)?;
            }
            Ok(())
        }
        Format::Github => write_github(w, &all),
        Format::Json => write_json_array(w, &all),
        Format::JsonLines => write_json_lines(w, &all),
        Format::Gitlab => write_gitlab(w, &all),
        Format::Junit => {
            let paths: Vec<&str> = notes.iter().map(|c| c.source.path).collect();
            write_junit(w, &paths, &all, fail_at)
        }
        Format::Sarif => super::write_json(&mut w, &sarif_log(&all)),
    }
}

fn level_word(level: RuleLevel) -> &'static str {
    match level {
        RuleLevel::Error => "error",
        RuleLevel::Warning => "warning",
        RuleLevel::Info | RuleLevel::Off => "info",
    }
}

/// Writes findings like a compiler: `path:line:col`, severity, rule, message, the source line
/// with the span underlined, and the hint. ANSI styles are always written; the caller strips
/// them when the output is not a terminal.
pub fn write_human<W: Write>(
    mut w: W,
    source: Source<'_>,
    findings: &[Finding],
) -> Result<(), RenderError> {
    let lines = LineIndex::new(source.text);
    let renderer = Renderer::styled();
    let path = super::printable(source.path);
    for f in findings {
        let level = match f.level {
            RuleLevel::Error => Level::ERROR,
            RuleLevel::Warning => Level::WARNING,
            RuleLevel::Info | RuleLevel::Off => Level::INFO,
        };
        let first = lines.line_range(source.text, f.line).unwrap_or(0..0);
        let last = lines
            .line_range(source.text, f.end_line.max(f.line))
            .unwrap_or(first.clone());
        let excerpt = &source.text[first.start..last.end.max(first.start)];
        let start = f.span.start.clamp(first.start, first.start + excerpt.len()) - first.start;
        let end = f
            .span
            .end
            .clamp(first.start + start, first.start + excerpt.len())
            - first.start;
        let title = format!("{} [{} {}]", f.message, f.rule, f.name);
        let mut report = vec![level.primary_title(title).element(
            Snippet::source(excerpt)
                .line_start(f.line as usize)
                .path(path.as_ref())
                .annotation(AnnotationKind::Primary.span(start..end)),
        )];
        if let Some(hint) = &f.hint {
            report.push(Group::with_title(
                Level::HELP.secondary_title(hint.as_str()),
            ));
        }
        writeln!(w, "{}\n", renderer.render(&report))?;
    }
    let count = |l: RuleLevel| findings.iter().filter(|f| f.level == l).count();
    let (e, wn, i) = (
        count(RuleLevel::Error),
        count(RuleLevel::Warning),
        count(RuleLevel::Info),
    );
    if !findings.is_empty() {
        writeln!(w, "{path}: {e} error(s), {wn} warning(s), {i} note(s)")?;
    }
    Ok(())
}

/// Escapes a GitHub workflow command's data (`%`, CR, LF) and, in properties, `:` and `,`.
fn gh_escape(s: &str, property: bool) -> String {
    let mut out = s
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    if property {
        out = out.replace(':', "%3A").replace(',', "%2C");
    }
    out
}

/// Writes `::error file=…,line=…,col=…,title=…::message` lines for GitHub Actions.
pub fn write_github<W: Write>(mut w: W, findings: &[Finding]) -> Result<(), RenderError> {
    for f in findings {
        let kind = match f.level {
            RuleLevel::Error => "error",
            RuleLevel::Warning => "warning",
            RuleLevel::Info | RuleLevel::Off => "notice",
        };
        let mut message = f.message.clone();
        if let Some(h) = &f.hint {
            message = format!("{message} (hint: {h})");
        }
        writeln!(
            w,
            "::{kind} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            gh_escape(&f.path, true),
            f.line,
            f.column,
            f.end_line,
            f.end_column,
            gh_escape(&format!("{} {}", f.rule, f.name), true),
            gh_escape(&message, false)
        )?;
    }
    Ok(())
}

/// Writes one JSON object per finding per line.
pub fn write_json_lines<W: Write>(mut w: W, findings: &[Finding]) -> Result<(), RenderError> {
    for f in findings {
        serde_json::to_writer(&mut w, f).map_err(|e| RenderError::Serialize(e.to_string()))?;
        w.write_all(b"\n")?;
    }
    Ok(())
}

/// Writes the findings as one JSON array (as ruff and rumdl do), each object as in
/// [`write_json_lines`].
pub fn write_json_array<W: Write>(mut w: W, findings: &[Finding]) -> Result<(), RenderError> {
    serde_json::to_writer_pretty(&mut w, findings)
        .map_err(|e| RenderError::Serialize(e.to_string()))?;
    w.write_all(b"\n")?;
    Ok(())
}

/// One issue of a GitLab Code Quality report (the subset of Code Climate's format GitLab
/// reads).
#[derive(Debug, serde::Serialize)]
struct CodeQualityIssue<'a> {
    description: String,
    check_name: String,
    fingerprint: String,
    severity: &'static str,
    location: CodeQualityLocation<'a>,
}

#[derive(Debug, serde::Serialize)]
struct CodeQualityLocation<'a> {
    path: &'a str,
    lines: CodeQualityLines,
}

#[derive(Debug, serde::Serialize)]
struct CodeQualityLines {
    begin: u32,
    end: u32,
}

/// A stable 64-bit FNV-1a hash, hex: the same finding gets the same fingerprint in every run.
fn fingerprint(parts: &[&str]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain([0]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

/// Writes a GitLab Code Quality report (`artifacts: reports: codequality:`): a JSON array of
/// issues with a description, check name, fingerprint, severity and location.
pub fn write_gitlab<W: Write>(mut w: W, findings: &[Finding]) -> Result<(), RenderError> {
    let issues: Vec<CodeQualityIssue<'_>> = findings
        .iter()
        .map(|f| {
            let line = f.line.to_string();
            let column = f.column.to_string();
            CodeQualityIssue {
                description: match &f.hint {
                    Some(h) => format!("{} (hint: {h})", f.message),
                    None => f.message.clone(),
                },
                check_name: format!("{} {}", f.rule, f.name),
                fingerprint: fingerprint(&[f.rule, &f.path, &line, &column, &f.message]),
                severity: match f.level {
                    RuleLevel::Error => "major",
                    RuleLevel::Warning => "minor",
                    RuleLevel::Info | RuleLevel::Off => "info",
                },
                location: CodeQualityLocation {
                    path: &f.path,
                    lines: CodeQualityLines {
                        begin: f.line,
                        end: f.end_line.max(f.line),
                    },
                },
            }
        })
        .collect();
    serde_json::to_writer_pretty(&mut w, &issues)
        .map_err(|e| RenderError::Serialize(e.to_string()))?;
    w.write_all(b"\n")?;
    Ok(())
}

/// Escapes text for XML attributes and content; characters XML 1.0 cannot hold are dropped.
fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Writes a JUnit XML report: one test suite per note checked (`paths`), one test case per
/// note without findings and per finding; findings at `fail_at` or above are failures, the
/// others pass with their message as output. CI systems (GitLab, Jenkins, Azure) show it as
/// test results.
pub fn write_junit<W: Write>(
    mut w: W,
    paths: &[&str],
    findings: &[Finding],
    fail_at: RuleLevel,
) -> Result<(), RenderError> {
    let failing = |f: &&Finding| f.level >= fail_at;
    writeln!(w, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        w,
        r#"<testsuites name="weekly-report check" tests="{}" failures="{}">"#,
        paths
            .iter()
            .map(|p| findings.iter().filter(|f| f.path == *p).count().max(1))
            .sum::<usize>(),
        findings.iter().filter(failing).count()
    )?;
    for path in paths {
        let own: Vec<&Finding> = findings.iter().filter(|f| f.path == *path).collect();
        let name = xml_escape(path);
        writeln!(
            w,
            r#"  <testsuite name="{name}" tests="{}" failures="{}" errors="0" skipped="0">"#,
            own.len().max(1),
            own.iter().copied().filter(failing).count()
        )?;
        if own.is_empty() {
            writeln!(
                w,
                r#"    <testcase name="{name}" classname="weekly-report"/>"#
            )?;
        }
        for f in own {
            let case = xml_escape(&format!(
                "{}:{}:{} {} {}",
                f.path, f.line, f.column, f.rule, f.name
            ));
            let message = xml_escape(&match &f.hint {
                Some(h) => format!("{} (hint: {h})", f.message),
                None => f.message.clone(),
            });
            writeln!(
                w,
                r#"    <testcase name="{case}" classname="weekly-report.{}">"#,
                f.rule
            )?;
            if failing(&f) {
                writeln!(
                    w,
                    r#"      <failure message="{message}" type="{}">{message}</failure>"#,
                    level_word(f.level)
                )?;
            } else {
                writeln!(w, "      <system-out>{message}</system-out>")?;
            }
            writeln!(w, "    </testcase>")?;
        }
        writeln!(w, "  </testsuite>")?;
    }
    writeln!(w, "</testsuites>")?;
    Ok(())
}

/// Builds a SARIF 2.1.0 log of `findings`, with every rule's metadata.
pub fn sarif_log(findings: &[Finding]) -> sarif::Sarif {
    let rules: Vec<sarif::ReportingDescriptor> = RULES
        .iter()
        .map(|r| {
            sarif::ReportingDescriptor::builder()
                .id(r.id)
                .name(r.name)
                .short_description(
                    sarif::MultiformatMessageString::builder()
                        .text(r.summary)
                        .build(),
                )
                .full_description(
                    sarif::MultiformatMessageString::builder()
                        .text(r.docs)
                        .markdown(r.docs)
                        .build(),
                )
                .default_configuration(
                    sarif::ReportingConfiguration::builder()
                        .level(serde_json::Value::String(
                            level_word(r.default_level).into(),
                        ))
                        .build(),
                )
                .build()
        })
        .collect();
    let results: Vec<sarif::Result> = findings
        .iter()
        .map(|f| {
            let level = match f.level {
                RuleLevel::Error => sarif::ResultLevel::Error,
                RuleLevel::Warning => sarif::ResultLevel::Warning,
                RuleLevel::Info | RuleLevel::Off => sarif::ResultLevel::Note,
            };
            let text = match &f.hint {
                Some(h) => format!("{} (hint: {h})", f.message),
                None => f.message.clone(),
            };
            let region = sarif::Region::builder()
                .start_line(i64::from(f.line))
                .start_column(i64::from(f.column))
                .end_line(i64::from(f.end_line))
                .end_column(i64::from(f.end_column))
                .build();
            let location = sarif::Location::builder()
                .physical_location(
                    sarif::PhysicalLocation::builder()
                        .artifact_location(
                            sarif::ArtifactLocation::builder()
                                .uri(f.path.clone())
                                .build(),
                        )
                        .region(region)
                        .build(),
                )
                .build();
            sarif::Result::builder()
                .rule_id(f.rule)
                .rule_index(RULES.iter().position(|r| r.id == f.rule).unwrap_or(0) as i64)
                .level(level)
                .message(sarif::Message::builder().text(text).build())
                .locations(vec![location])
                .build()
        })
        .collect();
    let driver = sarif::ToolComponent::builder()
        .name("weekly-report")
        .semantic_version(env!("CARGO_PKG_VERSION"))
        .rules(rules)
        .build();
    let run = sarif::Run::builder()
        .tool(sarif::Tool::builder().driver(driver).build())
        .column_kind(serde_json::Value::String("unicodeCodePoints".into()))
        .results(results)
        .build();
    sarif::Sarif::builder()
        .schema("https://json.schemastore.org/sarif-2.1.0.json")
        .version(serde_json::Value::String("2.1.0".into()))
        .runs(vec![run])
        .build()
}
