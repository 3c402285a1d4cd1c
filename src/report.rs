//! `mxdrill report`: a learner's results as CSV or JSON, or a class CSV merged from
//! several learners' JSON reports.

use crate::learner;
use mxdrill::cli::{Cli, ReportFormat};
use mxdrill::output;
use mxdrill::progress::{self, Report};
use std::path::PathBuf;
use std::process::ExitCode;

/// Runs the command.
pub fn run(cli: &Cli, format: ReportFormat, merge: &[PathBuf]) -> ExitCode {
    if !merge.is_empty() {
        let mut reports = Vec::new();
        for path in merge {
            let parsed = std::fs::read(path)
                .map_err(|e| e.to_string())
                .and_then(|b| serde_json::from_slice::<Report>(&b).map_err(|e| e.to_string()));
            match parsed {
                Ok(r) => reports.push(r),
                Err(e) => {
                    eprintln!("mxdrill report: {}: {e}", path.display());
                    return ExitCode::from(2);
                }
            }
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
    let text = match format {
        ReportFormat::Csv => progress::csv(&store.progress),
        // A report of strings and numbers: serializing cannot fail.
        ReportFormat::Json => format!(
            "{}\n",
            serde_json::to_string_pretty(&progress::json(&store.progress, &cli.learner))
                .unwrap_or_default()
        ),
    };
    output::finish("mxdrill report", output::print(&text), ExitCode::SUCCESS)
}
