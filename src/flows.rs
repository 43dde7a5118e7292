//! The `flows` and `follow` subcommands (TCP reassembly).

use std::process::ExitCode;

use crate::cli::args::Command;
use crate::error::AppError;

/// Runs a subcommand.
pub fn run(cmd: &Command) -> Result<ExitCode, AppError> {
    match cmd {
        Command::Flows(_) | Command::Follow(_) => Err(AppError::Usage(
            "flow reassembly is not available in this build yet".into(),
        )),
    }
}
