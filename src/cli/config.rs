//! `weekly-report config`: print the built-in configuration, or check the one in use.

use std::path::PathBuf;

use weekly_report::config::DEFAULT_CONFIG_YAML;

use super::Outcome;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print the built-in configuration, with comments (a starting point for your own).
    #[arg(long, conflicts_with = "schema")]
    default: bool,
    /// Print the JSON Schema of weekly-report.yaml (docs/config.schema.json), for editors.
    #[arg(long)]
    schema: bool,
    /// Configuration file to check [default: the nearest weekly-report.yaml].
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Notes folder whose configuration to check.
    #[arg(default_value = ".")]
    dir: PathBuf,
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    if args.schema {
        let schema = weekly_report::config::json_schema();
        super::stdout_write(|w| Ok(weekly_report::render::write_json(w, &schema)?))?;
        return Ok(Outcome::Clean);
    }
    if args.default {
        super::stdout_write(|w| Ok(w.write_all(DEFAULT_CONFIG_YAML.as_bytes())?))?;
        return Ok(Outcome::Clean);
    }
    let (_, path) = weekly_report::workspace::load_config(args.config.as_deref(), &args.dir)?;
    let message = match path {
        Some(p) => format!("{}: valid\n", p.display()),
        None => "no weekly-report.yaml found; the built-in configuration is in use\n".to_string(),
    };
    super::stdout_write(|w| Ok(w.write_all(message.as_bytes())?))?;
    Ok(Outcome::Clean)
}
