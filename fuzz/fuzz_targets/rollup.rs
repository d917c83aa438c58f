//! A small notes folder → every report format. The input is up to six notes separated by
//! lines `---8<---`; note `i` goes to team folder `i % 2`, and the first byte picks the period.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use weekly_report::analyze::{self, Period, RollupOptions};
use weekly_report::config::Config;
use weekly_report::render::{self, templates::Templates, RollupContext};

static CONFIG: LazyLock<Config> = LazyLock::new(|| {
    Config::from_yaml("slo:\n  availability: 99.9\n", "fuzz").expect("valid")
});
static TEMPLATES: LazyLock<Templates> =
    LazyLock::new(|| Templates::new(Vec::new()).expect("the defaults compile"));

fuzz_target!(|bytes: &[u8]| {
    let period = match bytes.first().map(|b| b % 5) {
        Some(1) => Period::Month,
        Some(2) => Period::Quarter,
        Some(3) => Period::Half,
        Some(4) => Period::Year,
        _ => Period::Week,
    };
    let notes: Vec<_> = bytes
        .split(|&b| b == b'\n')
        .collect::<Vec<_>>()
        .split(|line| *line == b"---8<---")
        .take(6)
        .enumerate()
        .filter_map(|(i, lines)| {
            let text = lines.join(&b'\n');
            let path = format!("notes/team{}/note{i}.md", i % 2);
            weekly_report::parse_note_bytes(&path, &text, &CONFIG).ok()
        })
        .collect();
    let options = RollupOptions {
        root: "notes".into(),
        period,
        from: None,
        to: None,
    };
    let rollup = analyze::rollup(&notes, &options, &CONFIG);
    let context = RollupContext::new(&rollup);
    for name in ["report.md", "report.html"] {
        TEMPLATES.render(name, &context).expect("the default templates render any rollup");
    }
    let mut out = Vec::new();
    render::write_json(&mut out, &context).expect("JSON");
    render::write_kpi_csv(&mut out, &rollup).expect("CSV");
    if let [old, new, ..] = notes.as_slice() {
        let diff = analyze::diff(old, new, &Default::default());
        render::write_diff_text(&mut out, &diff).expect("diff text");
    }
});
