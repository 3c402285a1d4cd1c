//! `mxdrill report`: a learner's results as CSV or JSON, or a class CSV merged from
//! several learners' JSON reports.

use super::args::{Cli, ReportFormat};
use super::policy::{self, Done, Out, Stop};
use mxdrill::content;
use mxdrill::progress::{self, Report};
use std::io::Write;
use std::path::PathBuf;

/// Runs the command.
pub fn run(
    cli: &Cli,
    format: ReportFormat,
    merge: &[PathBuf],
    banks: &[String],
    out: &mut Out,
) -> Done {
    if !merge.is_empty() {
        return merged(merge, out);
    }
    let folder = policy::learner_folder(cli).map_err(Stop::Usage)?;
    // A learner named on the command line must exist; the default learner's report
    // is empty until they answer.
    if cli.learner != progress::learner::DEFAULT && !progress::learner::has_progress(&folder) {
        return Err(Stop::Failed(format!(
            "no learner '{}' here: no progress in {} (practice with --learner {} first, or name a learner who has)",
            cli.learner,
            folder.display(),
            cli.learner
        )));
    }
    let now = policy::now();
    // A store that cannot be read (no permission, not a regular file) is left as
    // it is: the report fails and says why.
    let (store, message) = policy::store(cli, now).map_err(Stop::Failed)?;
    if let Some(message) = message {
        policy::say(&format!("{}: {message}", out.command()));
    }
    let progress = store.progress.only_banks(banks);
    // Readiness counts the unseen questions of the banks reported on.
    let readiness = |progress: &progress::Progress| -> Result<_, Stop> {
        let library = policy::library(cli)?;
        let questions = library
            .banks
            .iter()
            .filter(|b| banks.is_empty() || banks.contains(&b.bank))
            .flat_map(|b| b.questions.iter().map(move |q| (b.bank.as_str(), q)));
        Ok(progress::readiness(progress, questions, now))
    };
    let report = |progress: &progress::Progress| -> Result<Report, Stop> {
        let mut report = progress::json(progress, &cli.learner);
        report.readiness = readiness(progress)?;
        Ok(report)
    };
    let text = match format {
        ReportFormat::Csv => progress::csv(&progress),
        // A report of strings and numbers: serializing cannot fail.
        ReportFormat::Json => format!(
            "{}\n",
            serde_json::to_string_pretty(&report(&progress)?).unwrap_or_default()
        ),
        ReportFormat::Text => progress::text(&report(&progress)?),
    };
    out.write_all(text.as_bytes())?;
    Ok(0)
}

/// `--merge`: one class CSV from learners' JSON reports.
fn merged(paths: &[PathBuf], out: &mut Out) -> Done {
    let mut reports = Vec::new();
    for path in paths {
        // The same care as content files: regular files only, size capped first, and
        // a byte order mark (a report saved by a Windows editor) is not text.
        let report = content::read_capped(path, content::MAX_FILE_BYTES)
            .and_then(|b| {
                serde_json::from_slice::<Report>(content::bytes_without_bom(&b))
                    .map_err(|e| e.to_string())
            })
            .map_err(|e| {
                let shown = path.display().to_string();
                Stop::Usage(format!(
                    "{}: {}",
                    content::printable(&shown),
                    content::printable(&e)
                ))
            })?;
        reports.push(report);
    }
    for name in progress::colliding_learners(&reports) {
        policy::warn(&format!(
            "learner name '{}' is in several reports; their rows cannot be told apart (export each with --learner NAME)",
            content::printable(&name)
        ));
    }
    out.write_all(progress::merge_reports(&reports).as_bytes())?;
    Ok(0)
}
