//! Bytes → model, under every configuration that changes how a note is read: the built-in
//! vocabulary, ISO week numbering, and a replaced vocabulary. Then the lint rules over the
//! result, since they re-read the note's text at the model's spans.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use weekly_report::config::Config;
use weekly_report::lint::{self, LinkStatus, LintInput};

static CONFIGS: LazyLock<Vec<Config>> = LazyLock::new(|| {
    vec![
        Config::builtin(),
        Config::from_yaml("week_numbering: iso\n", "fuzz iso").expect("valid"),
        Config::from_yaml(
            "builtin_vocabulary: false\nvocabulary:\n  sections:\n    metrics: [KPIs]\n",
            "fuzz replaced",
        )
        .expect("valid"),
    ]
});

fuzz_target!(|bytes: &[u8]| {
    for config in CONFIGS.iter() {
        let Ok(note) = weekly_report::parse_note_bytes("fuzz.md", bytes, config) else {
            return;
        };
        let text = weekly_report::source::decode(bytes).expect("decoded once").text;
        let links = vec![LinkStatus::Exists; note.daily_links.len()];
        let findings = lint::lint(&LintInput {
            note: &note,
            text: &text,
            previous: None,
            links: &links,
            same_week: &[],
            config,
        });
        let _ = lint::apply_fixes(&text, &findings);
    }
});
