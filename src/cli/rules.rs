//! `weekly-report rules`: list the lint rules, or print their reference.

use weekly_report::config::RuleLevel;
use weekly_report::lint::{reference_markdown, RULES};

use super::Outcome;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print the full reference in Markdown (as committed in docs/rules.md).
    #[arg(long)]
    markdown: bool,
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let text = if args.markdown {
        reference_markdown()
    } else {
        let mut out = String::new();
        for r in RULES {
            let level = match r.default_level {
                RuleLevel::Off => "off",
                RuleLevel::Info => "info",
                RuleLevel::Warning => "warning",
                RuleLevel::Error => "error",
            };
            out.push_str(&format!(
                "{}  {:<24} {:<8} {}\n",
                r.id, r.name, level, r.summary
            ));
        }
        out
    };
    super::stdout_write(|w| Ok(w.write_all(text.as_bytes())?))?;
    Ok(Outcome::Clean)
}
