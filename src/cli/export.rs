//! `mxdrill export --format moodle-xml|gift|markdown [--bank ID]... [--seed N]
//! [--part questions|key|both]`: the text on standard output, notes on what was
//! left out on standard error. A handout's and a GIFT file's choices are shuffled
//! with the seed (given, or the policy's seed of the clock) and the seed is printed
//! in them; Moodle XML keeps the authored order and lets Moodle shuffle
//! (`shuffleanswers`) for each attempt.

use super::args::{Cli, ExportFormat, ExportPart};
use super::policy::{self, Done, Out, Stop};
use mxdrill::export::{self, Format, Part};
use std::io::Write;

/// Runs `export`.
pub fn run(
    cli: &Cli,
    format: ExportFormat,
    ids: &[String],
    seed: Option<u64>,
    part: Option<ExportPart>,
    out: &mut Out,
) -> Done {
    let format: Format = format.into();
    if part.is_some() && format != Format::Markdown {
        return Err(Stop::Usage(
            "--part chooses what a Markdown handout holds: use it with --format markdown (Moodle XML and GIFT always hold questions and answers together)".into(),
        ));
    }
    let library = policy::library(cli)?;
    let banks = match format {
        Format::MoodleXml => export::banks(&library, ids),
        Format::Gift | Format::Markdown => {
            let seed = seed.unwrap_or_else(|| policy::seed(policy::now()));
            export::shuffled_banks(&library, ids, seed)
        }
    }
    .map_err(Stop::Usage)?;
    let part = part.map_or(Part::Both, Part::from);
    let output = export::export_part(&banks, format, part);
    out.write_all(output.text.as_bytes())?;
    for note in &output.notes {
        policy::say(&format!("{}: note: {note}", out.command()));
    }
    Ok(0)
}
