//! `mxdrill export --format moodle-xml|gift|markdown [--bank ID]...`: the text on
//! standard output, notes on what was left out on standard error.

use mxdrill::cli::{Cli, ExportFormat};
use mxdrill::export::{self, Format};
use std::process::ExitCode;

/// Runs `export`.
pub fn run(cli: &Cli, format: ExportFormat, ids: &[String]) -> ExitCode {
    let library = match mxdrill::play::load(&cli.content) {
        Ok(library) => library,
        Err(e) => {
            eprintln!("mxdrill export: {e}");
            return ExitCode::from(2);
        }
    };
    let banks = match export::banks(&library, ids) {
        Ok(banks) => banks,
        Err(message) => {
            eprintln!("mxdrill export: {message}");
            return ExitCode::from(2);
        }
    };
    let format = match format {
        ExportFormat::MoodleXml => Format::MoodleXml,
        ExportFormat::Gift => Format::Gift,
        ExportFormat::Markdown => Format::Markdown,
    };
    let output = export::export(&banks, format);
    print!("{}", output.text);
    for note in &output.notes {
        eprintln!("mxdrill export: note: {note}");
    }
    ExitCode::SUCCESS
}
