//! `weekly-report completions SHELL` and `weekly-report man`: install like other CLIs.

use clap::CommandFactory;

use super::{Cli, Outcome};

#[derive(Debug, clap::Args)]
pub struct CompletionArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

/// Prints a completion script for the shell.
pub fn completions(args: CompletionArgs) -> anyhow::Result<Outcome> {
    let mut command = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut command, "weekly-report", &mut out);
    super::stdout_write(|w| Ok(w.write_all(&out)?))?;
    Ok(Outcome::Clean)
}

/// Prints the man page (roff).
pub fn man() -> anyhow::Result<Outcome> {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut out)?;
    super::stdout_write(|w| Ok(w.write_all(&out)?))?;
    Ok(Outcome::Clean)
}
