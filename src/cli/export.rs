//! `mxdrill export --format moodle-xml|gift|markdown [--bank ID]...`: the text on
//! standard output, notes on what was left out on standard error.

use super::args::{Cli, ExportFormat};
use super::policy::{self, Done, Out, Stop};
use mxdrill::export;
use std::io::Write;

/// Runs `export`.
pub fn run(cli: &Cli, format: ExportFormat, ids: &[String], out: &mut Out) -> Done {
    let library = policy::library(cli)?;
    let banks = export::banks(&library, ids).map_err(Stop::Usage)?;
    let output = export::export(&banks, format.into());
    out.write_all(output.text.as_bytes())?;
    for note in &output.notes {
        policy::say(&format!("{}: note: {note}", out.command()));
    }
    Ok(0)
}
