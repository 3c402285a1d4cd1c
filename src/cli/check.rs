//! `mxdrill check [PATH...] [--json] [--answers]`: diagnostics of the bundled content
//! and `--content` folders, or of the named files checked against the whole world.

use super::args::Cli;
use super::policy::{Done, Out, Stop};
use super::preview;
use mxdrill::content::{self, Diagnostic, Level};
use mxdrill::play;
use std::io::Write;
use std::path::PathBuf;

/// Runs the check; exit 1 when an error is shown.
pub fn run(cli: &Cli, paths: &[PathBuf], json: bool, answers: bool, out: &mut Out) -> Done {
    let dirs: Vec<_> = cli.content.iter().chain(paths).cloned().collect();
    let sources = play::library::sources(&dirs)
        .map_err(|d| Stop::Usage(format!("{}: {}", d.path, d.message)))?;
    let mut library = content::load(&sources);
    // With paths, only their files are reported, so only their banks are audited.
    let named: Vec<&str> = sources
        .iter()
        .filter(|s| !s.bundled || paths.is_empty())
        .map(|s| s.path.as_str())
        .collect();
    let checked = |bank: &content::Bank| named.contains(&bank.path.as_str());
    let audit = mxdrill::quiz::audit(&library, checked);
    library.merge(audit, &sources);
    hint_unnamed_zones(&mut library.diagnostics, paths);
    let shown: Vec<&Diagnostic> = library
        .diagnostics
        .iter()
        .filter(|d| paths.is_empty() || named.contains(&d.path.as_str()))
        .collect();
    let status = u8::from(shown.iter().any(|d| d.level == Level::Error));
    out.decide(status);
    let files = if paths.is_empty() {
        sources.len()
    } else {
        sources.iter().filter(|s| !s.bundled).count()
    };
    let written = write(out, &shown, files, json, || {
        answers.then(|| preview::checked(&library, checked))
    });
    // The process ends soon: freeing a large zone record by record would only add
    // to `check`'s time (a tenth of it on 100,000 records), so the memory goes back
    // to the system with the process.
    std::mem::forget(library);
    written?;
    Ok(status)
}

/// Words of the errors about a name that no loaded zone holds (`content::load`'s
/// references, `quiz::audit`'s command names).
const NOT_LOADED: [&str; 2] = ["is loaded", "is in no loaded zone"];

/// Files checked on their own load with the bundled content only: when a name a
/// named file needs is in no loaded zone (and no skipped file would have defined
/// it), says how to load the zone's file too.
fn hint_unnamed_zones(diagnostics: &mut [Diagnostic], paths: &[PathBuf]) {
    if paths.is_empty() {
        return;
    }
    for d in diagnostics.iter_mut().filter(|d| {
        d.level == Level::Error
            && NOT_LOADED.iter().any(|w| d.message.contains(w))
            && !d.message.contains("was skipped")
    }) {
        d.message.push_str(
            " (only the paths named and the bundled content are loaded: if the zone is in another file, name that file or its folder too, as in `mxdrill check questions/ zones/`, or add `--content DIR`)",
        );
    }
}

/// The diagnostics (as JSON, or one a line with the previews of `--answers` and a
/// summary).
fn write(
    out: &mut Out,
    shown: &[&Diagnostic],
    files: usize,
    json: bool,
    previews: impl FnOnce() -> Option<Vec<String>>,
) -> std::io::Result<()> {
    if json {
        // Diagnostics are plain strings and numbers: serializing cannot fail.
        let text = serde_json::to_string_pretty(&shown).unwrap_or_default();
        return writeln!(out, "{text}");
    }
    for d in shown {
        writeln!(out, "{d}")?;
    }
    for text in previews().unwrap_or_default() {
        writeln!(out, "{text}")?;
    }
    let count = |level| shown.iter().filter(|d| d.level == level).count();
    let n = |k: usize, word: &str| match k {
        1 => format!("1 {word}"),
        _ => format!("{k} {word}s"),
    };
    writeln!(
        out,
        "{} checked: {}, {}, {}",
        n(files, "file"),
        n(count(Level::Error), "error"),
        n(count(Level::Warning), "warning"),
        n(count(Level::Note), "note")
    )
}
