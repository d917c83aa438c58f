//! How long `weekly-report server` takes from an editor's `didChange` to the
//! `publishDiagnostics` of that version, over stdio, as an editor sees it; and whether its
//! memory grows with edits.
//!
//!     cargo build --release --bin weekly-report --example lsp_latency
//!     target/release/examples/lsp_latency [NOTE] [EDITS] [--server BINARY]
//!
//! NOTE defaults to the sample (`examples/notes/第28周 2023-07-08.md`), EDITS to 2000. Each
//! edit is an incremental change of one figure on the note's longest line containing a
//! percentage (its first digit made 7, then put back), so each version is checked anew.
//! Prints a Markdown table (BENCHMARKS.md quotes it).

#[path = "../tests/common/lsp.rs"]
mod lsp;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

fn main() {
    let mut args = std::env::args().skip(1);
    let mut note = PathBuf::from("examples/notes/第28周 2023-07-08.md");
    let mut edits = 2000usize;
    let mut server = PathBuf::from("target/release/weekly-report");
    let mut positional = 0;
    while let Some(arg) = args.next() {
        if arg == "--server" {
            server = PathBuf::from(args.next().expect("--server BINARY"));
        } else if positional == 0 {
            note = PathBuf::from(arg);
            positional += 1;
        } else {
            edits = arg.parse().expect("EDITS is a number");
        }
    }
    let note = std::fs::canonicalize(&note).expect("the note exists");
    // The server starts in the note's folder, so its path must not be relative.
    let server = std::fs::canonicalize(&server).expect("the server binary exists");
    let text = std::fs::read_to_string(&note).expect("the note is UTF-8");
    let folder = note.parent().expect("a note has a folder");
    let (line, start, figure) = a_figure(&text);

    let mut client = lsp::Client::start(&server, &[], folder, Value::Null);
    let uri = lsp::file_uri(&note);
    let opened = Instant::now();
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "markdown", "version": 1, "text": text } }),
    );
    let first = wait_version(&mut client, &uri, 1);
    let open_time = opened.elapsed();

    let mut times = Vec::with_capacity(edits);
    let mut rss_after_100 = 0;
    let changed = figure.replacen(|c: char| c.is_ascii_digit(), "7", 1);
    for i in 0..edits {
        let version = i as i64 + 2;
        let new = if i % 2 == 0 { &changed } else { &figure };
        let end = start + figure.encode_utf16().count() as u64;
        let sent = Instant::now();
        client.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": uri, "version": version },
                "contentChanges": [{
                    "range": { "start": { "line": line, "character": start }, "end": { "line": line, "character": end } },
                    "text": new,
                }],
            }),
        );
        wait_version(&mut client, &uri, version);
        times.push(sent.elapsed());
        if i == 99 {
            rss_after_100 = rss_kb(client.pid());
        }
    }
    let rss_end = rss_kb(client.pid());
    let hover_sent = Instant::now();
    client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": start } }),
    );
    let hover = hover_sent.elapsed();
    assert!(client.shutdown(), "the server exits cleanly");

    times.sort();
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    let ms = |d: Duration| format!("{:.2}", d.as_secs_f64() * 1e3);
    println!(
        "note: {} ({} bytes, {} findings on open), {edits} edits",
        note.file_name().unwrap().to_string_lossy(),
        text.len(),
        first
    );
    println!();
    println!("| didChange → publishDiagnostics | ms |");
    println!("| --- | ---: |");
    println!("| didOpen → first publish | {} |", ms(open_time));
    println!("| min | {} |", ms(times[0]));
    println!("| median | {} |", ms(at(0.5)));
    println!("| p95 | {} |", ms(at(0.95)));
    println!("| p99 | {} |", ms(at(0.99)));
    println!("| max | {} |", ms(*times.last().unwrap()));
    println!("| hover of the edited line | {} |", ms(hover));
    println!();
    println!(
        "server RSS: {:.1} MB after 100 edits, {:.1} MB after {edits}",
        rss_after_100 as f64 / 1024.0,
        rss_end as f64 / 1024.0
    );
}

/// Waits for the diagnostics of `version`; returns how many there were.
fn wait_version(client: &mut lsp::Client, uri: &str, version: i64) -> usize {
    let m = client.wait_for(|m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == uri
            && m["params"]["version"] == version
    });
    client.backlog.clear();
    m["params"]["diagnostics"].as_array().map_or(0, Vec::len)
}

/// A percentage to edit: its 0-based line, UTF-16 column and text (`26.97`), on the longest
/// line that has one.
fn a_figure(text: &str) -> (u64, u64, String) {
    let (n, line) = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains('%'))
        .max_by_key(|(_, l)| l.len())
        .expect("the note has a percentage");
    let percent = line.find('%').unwrap();
    let digits = line[..percent]
        .rfind(|c: char| !(c.is_ascii_digit() || c == '.'))
        .map_or(0, |i| i + line[i..].chars().next().unwrap().len_utf8());
    let column = line[..digits].encode_utf16().count() as u64;
    (n as u64, column, line[digits..percent].to_string())
}

/// The resident set of process `pid`, in KB.
fn rss_kb(pid: u32) -> u64 {
    let status = std::fs::read_to_string(Path::new("/proc").join(pid.to_string()).join("status"))
        .unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}
