//! The in-process stages on the user's sample note and on the example notes folder:
//! `cargo bench --bench stages`. Whole-process numbers against the parsing floor and peer
//! tools come from `scripts/bench.sh`; results are in BENCHMARKS.md.

use std::sync::LazyLock;

use weekly_report::analyze::{self, RollupOptions};
use weekly_report::config::Config;
use weekly_report::lint::{self, LinkStatus, LintInput};
use weekly_report::model::Note;
use weekly_report::render::{rollup_value, Templates};
use weekly_report::{extract, parse, source};

fn main() {
    divan::main();
}

const SAMPLE: &[u8] = include_bytes!("../tests/fixtures/第28周 2023-07-08.md");

/// The built-in configuration as a build of many notes has it: every vocabulary matcher the
/// sample uses has searched enough to move to its DFA (see `config::matcher`), so the stages
/// below measure a build's steady state, not a process's first notes.
static CONFIG: LazyLock<Config> = LazyLock::new(|| {
    let config = Config::builtin();
    for _ in 0..1_000 {
        weekly_report::parse_note_bytes("sample.md", SAMPLE, &config).unwrap();
    }
    config
});

static EXAMPLES: LazyLock<Vec<Note>> = LazyLock::new(|| {
    let found = source::find_notes(std::path::Path::new("examples/notes"), &[]);
    weekly_report::read_notes(&found.notes, &CONFIG)
        .into_iter()
        .collect::<Result<_, _>>()
        .expect("the example notes read")
});

/// The floor for one note: pulldown-cmark's events with offsets, nothing kept.
#[divan::bench]
fn pulldown_cmark_events() -> usize {
    let text = std::str::from_utf8(divan::black_box(SAMPLE)).unwrap();
    pulldown_cmark::Parser::new_ext(text, parse::options())
        .into_offset_iter()
        .count()
}

#[divan::bench]
fn decode() -> source::Decoded {
    source::decode(divan::black_box(SAMPLE)).unwrap()
}

#[divan::bench]
fn section_tree(bencher: divan::Bencher) {
    let text = source::decode(SAMPLE).unwrap().text;
    bencher.bench(|| parse::Document::parse(divan::black_box(&text)));
}

#[divan::bench]
fn extract_facts(bencher: divan::Bencher) {
    let decoded = source::decode(SAMPLE).unwrap();
    let doc = parse::Document::parse(&decoded.text);
    let config = &*CONFIG;
    bencher.bench(|| extract::extract("sample.md", &decoded, divan::black_box(&doc), config));
}

/// Bytes → model: what `parse` does per note.
#[divan::bench]
fn parse_note_bytes() -> Note {
    weekly_report::parse_note_bytes("sample.md", divan::black_box(SAMPLE), &CONFIG).unwrap()
}

/// Every lint rule over the parsed sample: what `check` adds per note.
#[divan::bench]
fn lint_rules(bencher: divan::Bencher) {
    let text = source::decode(SAMPLE).unwrap().text;
    let note = weekly_report::parse_note("sample.md", &text, &CONFIG);
    let links = vec![LinkStatus::Exists; note.daily_links.len()];
    let document = weekly_report::parse::Document::parse(&text);
    bencher.bench(|| {
        lint::lint(&LintInput {
            note: divan::black_box(&note),
            text: &text,
            document: &document,
            previous: None,
            links: &links,
            same_week: &[],
            config: &CONFIG,
        })
    });
}

/// Reading the built-in configuration: paid once per process.
#[divan::bench(sample_count = 20)]
fn read_builtin_configuration() -> Config {
    Config::builtin()
}

/// Reading the built-in configuration and building every vocabulary automaton, as checking
/// one note does: paid once per process.
#[divan::bench(sample_count = 20)]
fn compile_builtin_vocabulary() -> Config {
    let config = Config::builtin();
    let v = &config.vocabulary;
    divan::black_box((
        v.sections(),
        v.metric_kinds(),
        v.table_columns(),
        v.targets(),
    ));
    divan::black_box((v.progress(), v.fillers(), v.incident_words(), v.grades()));
    divan::black_box((
        v.statuses(),
        v.dates_before(),
        v.dates_after(),
        v.event_labels(),
    ));
    config
}

#[divan::bench]
fn rollup_examples() -> analyze::Rollup {
    analyze::rollup(
        divan::black_box(&EXAMPLES),
        &RollupOptions {
            root: "examples/notes".into(),
            ..RollupOptions::default()
        },
        &CONFIG,
    )
}

#[divan::bench(args = ["report.md", "report.html"])]
fn render_examples(bencher: divan::Bencher, template: &str) {
    let rollup = rollup_examples();
    let templates = Templates::new(Vec::new()).unwrap();
    // The clone for each run is made outside the measured part.
    bencher
        .with_inputs(|| rollup.clone())
        .bench_values(|rollup| {
            templates
                .render_value(template, rollup_value(divan::black_box(rollup)))
                .unwrap()
        });
}
