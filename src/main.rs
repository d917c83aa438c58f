//! The `weekly-report` binary: argument parsing and exit codes live in `cli`.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
