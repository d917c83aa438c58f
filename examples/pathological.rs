//! Times the parse of every pathological note (see `tests/common/pathological.rs`), in process,
//! with the built-in vocabulary: size, time, throughput and the diagnostics raised.
//!
//! `cargo run --release --example pathological`

#[path = "../tests/common/pathological.rs"]
mod pathological;

use std::collections::BTreeSet;
use std::time::Instant;

fn main() {
    let config = weekly_report::config::Config::builtin();
    println!(
        "| case | size (MB) | parse (s) | MB/s | diagnostics |\n| --- | ---: | ---: | ---: | --- |"
    );
    for case in pathological::cases()
        .into_iter()
        .chain([pathological::huge_note()])
    {
        let started = Instant::now();
        let note = weekly_report::parse_note("case.md", &case.text, &config);
        let seconds = started.elapsed().as_secs_f64();
        let mb = case.text.len() as f64 / 1e6;
        let codes: BTreeSet<&str> = note.diagnostics.iter().map(|d| d.code.as_str()).collect();
        println!(
            "| {} | {mb:.1} | {seconds:.3} | {:.0} | {} |",
            case.name,
            mb / seconds,
            codes.into_iter().collect::<Vec<_>>().join(", ")
        );
    }
}
