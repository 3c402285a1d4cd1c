//! `mxdrill completions SHELL`: a shell completion script for the command line.

use super::args::Cli;
use super::policy::{Done, Out};
use clap::CommandFactory;
use std::io::Write;

/// Prints the script for `shell`.
pub fn run(shell: clap_complete::Shell, out: &mut Out) -> Done {
    // Written to a buffer first: clap_complete panics on a failed write.
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "mxdrill", &mut script);
    out.write_all(&script)?;
    Ok(0)
}
