//! The parsing floor for benchmarks: find every note under a folder the way the tool does,
//! read it, and run a bare pulldown-cmark pass over its events with byte offsets (the same
//! options the tool parses with). Nothing is extracted or kept. Parallel over files with rayon,
//! like `build` (`RAYON_NUM_THREADS=1` for one thread).
//!
//! `cargo build --release --example floor && target/release/examples/floor DIR`

use rayon::prelude::*;

fn main() {
    let Some(dir) = std::env::args_os().nth(1) else {
        eprintln!("usage: floor DIR|FILE");
        std::process::exit(2);
    };
    let dir = std::path::PathBuf::from(dir);
    let files = if dir.is_dir() {
        weekly_report::source::find_notes(&dir, &[]).notes
    } else {
        vec![dir]
    };
    let (bytes, events): (usize, usize) = files
        .par_iter()
        .map(|path| {
            let Ok(data) = std::fs::read(path) else {
                return (0, 0);
            };
            let text = String::from_utf8_lossy(&data);
            let events = pulldown_cmark::Parser::new_ext(&text, weekly_report::parse::options())
                .into_offset_iter()
                .count();
            (data.len(), events)
        })
        .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    println!("{} files, {bytes} bytes, {events} events", files.len());
}
