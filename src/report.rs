//! `mxdrill report`: a learner's results as CSV or JSON, or a class CSV merged from
//! several learners' JSON reports.

use crate::learner;
use mxdrill::cli::{Cli, ReportFormat};
use mxdrill::content;
use mxdrill::output;
use mxdrill::progress::{self, Report};
use std::path::PathBuf;
use std::process::ExitCode;

/// Runs the command.
pub fn run(cli: &Cli, format: ReportFormat, merge: &[PathBuf], banks: &[String]) -> ExitCode {
    if !merge.is_empty() {
        let mut reports = Vec::new();
        for path in merge {
            // The same care as content files: regular files only, size capped first.
            let parsed = content::read_capped(path, content::MAX_FILE_BYTES)
                .and_then(|b| serde_json::from_slice::<Report>(&b).map_err(|e| e.to_string()));
            match parsed {
                Ok(r) => reports.push(r),
                Err(e) => {
                    let shown = path.display().to_string();
                    eprintln!(
                        "mxdrill report: {}: {}",
                        content::printable(&shown),
                        content::printable(&e)
                    );
                    return ExitCode::from(2);
                }
            }
        }
        for name in progress::colliding_learners(&reports) {
            eprintln!(
                "warning: learner name '{}' is in several reports; their rows cannot be told apart (export each with --learner NAME)",
                content::printable(&name)
            );
        }
        let written = output::print(&progress::merge_reports(&reports));
        return output::finish("mxdrill report", written, ExitCode::SUCCESS);
    }
    let store = match learner::open(&cli.learner) {
        Ok(store) => store,
        Err(e) => {
            eprintln!("mxdrill report: {e}");
            return ExitCode::from(2);
        }
    };
    let progress = store.progress.only_banks(banks);
    let text = match format {
        ReportFormat::Csv => progress::csv(&progress),
        // A report of strings and numbers: serializing cannot fail.
        ReportFormat::Json => format!(
            "{}\n",
            serde_json::to_string_pretty(&progress::json(&progress, &cli.learner))
                .unwrap_or_default()
        ),
    };
    output::finish("mxdrill report", output::print(&text), ExitCode::SUCCESS)
}
