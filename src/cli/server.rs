//! `weekly-report server`: the language server, over standard input and output.

use std::path::PathBuf;
use std::time::Duration;

use weekly_report::server::{self, Options};

use super::Outcome;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Configuration file for every note [default: each note's nearest weekly-report.yaml,
    /// else built-in].
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Wait this long after the last change before checking a note (changes already
    /// received are always checked together).
    #[arg(long, value_name = "MS", default_value_t = 0)]
    debounce_ms: u64,
    /// Show derived values (an event's impact worked out from its times) as inlay hints.
    #[arg(long)]
    inlay_hints: bool,
    /// Where diagnostic codes link to: the address of the rules reference (docs/rules.md)
    /// [default: a copy the server writes to the user's cache folder].
    #[arg(long, value_name = "URL")]
    rules_url: Option<String>,
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let served = server::run(Options {
        config: args.config,
        debounce: Duration::from_millis(args.debounce_ms),
        rules_url: args.rules_url.or_else(server::local_rules_reference),
        inlay_hints: args.inlay_hints,
    });
    match served {
        Ok(()) => Ok(Outcome::Clean),
        // The protocol has a server told to exit before shutdown end with status 1.
        Err(err @ server::ServerError::ExitBeforeShutdown) => {
            super::report_skipped(&err);
            Ok(Outcome::Findings)
        }
        Err(err) => Err(err.into()),
    }
}
