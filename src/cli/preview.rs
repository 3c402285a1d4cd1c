//! `mxdrill preview [BANK[/ID]] [--json]` and `check --answers`: each question as
//! the learner sees it, with the computed answer (rendered by `quiz::preview`).

use super::args::Cli;
use super::policy::{self, Done, Out, Stop};
use mxdrill::content::{Bank, Library};
use mxdrill::quiz::preview::{preview, select, to_text};
use std::io::Write;

/// Runs `preview`.
pub fn run(cli: &Cli, target: Option<&str>, json: bool, out: &mut Out) -> Done {
    let library = policy::library(cli)?;
    let chosen = select(&library, target).map_err(Stop::Usage)?;
    let previews: Vec<_> = chosen
        .into_iter()
        .map(|(b, q)| preview(&library, b, q))
        .collect();
    if json {
        // Strings, numbers and lists only: serializing cannot fail.
        let text = serde_json::to_string_pretty(&previews).unwrap_or_default();
        writeln!(out, "{text}")?;
    } else {
        let texts: Vec<String> = previews.iter().map(to_text).collect();
        write!(out, "{}", texts.join("\n"))?;
    }
    Ok(0)
}

/// `check --answers`: the previews of the banks `check` audited (`checked`), one
/// text each.
pub fn checked(library: &Library, checked: impl Fn(&Bank) -> bool) -> Vec<String> {
    library
        .banks
        .iter()
        .filter(|b| checked(b))
        .flat_map(|bank| {
            bank.questions
                .iter()
                .map(move |q| to_text(&preview(library, bank, q)))
        })
        .collect()
}
