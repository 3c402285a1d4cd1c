//! `mxdrill export --format moodle-xml|gift|markdown [--bank ID]...`.
use mxdrill::cli::{Cli, ExportFormat};
use std::process::ExitCode;

/// Runs `export`.
pub fn run(_cli: &Cli, _format: ExportFormat, _banks: &[String]) -> ExitCode {
    ExitCode::FAILURE
}
