//! `mxdrill preview [BANK[/ID]] [--json]` and `check --answers`: each question as
//! the learner sees it, with the computed answer (rendered by `quiz::preview`).

use mxdrill::cli::Cli;
use mxdrill::content::{Bank, Library};
use mxdrill::quiz::preview::{preview, select, to_text};
use std::process::ExitCode;

/// Runs `preview`.
pub fn run(cli: &Cli, target: Option<&str>, json: bool) -> ExitCode {
    let library = match mxdrill::play::load(&cli.content) {
        Ok(library) => library,
        Err(e) => {
            eprintln!("mxdrill preview: {e}");
            return ExitCode::from(2);
        }
    };
    let chosen = match select(&library, target) {
        Ok(chosen) => chosen,
        Err(message) => {
            eprintln!("mxdrill preview: {message}");
            return ExitCode::from(2);
        }
    };
    let previews: Vec<_> = chosen
        .into_iter()
        .map(|(b, q)| preview(&library, b, q))
        .collect();
    if json {
        // Strings, numbers and lists only: serializing cannot fail.
        println!(
            "{}",
            serde_json::to_string_pretty(&previews).unwrap_or_default()
        );
    } else {
        let texts: Vec<String> = previews.iter().map(to_text).collect();
        print!("{}", texts.join("\n"));
    }
    ExitCode::SUCCESS
}

/// `check --answers`: the previews of the banks `check` audited (`checked`), after
/// the diagnostics.
pub fn print_checked(
    out: &mut dyn std::io::Write,
    library: &Library,
    checked: impl Fn(&Bank) -> bool,
) -> std::io::Result<()> {
    for bank in library.banks.iter().filter(|b| checked(b)) {
        for q in &bank.questions {
            writeln!(out, "{}", to_text(&preview(library, bank, q)))?;
        }
    }
    Ok(())
}
