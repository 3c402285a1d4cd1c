//! Export banks for the tools instructors already use: Moodle XML, GIFT (both
//! import into Moodle and other platforms) and a printable Markdown handout with
//! an answer key. Pure: from previews (each question with the answer the engine
//! computes) to text. Each format writes the forms of `kind::Forms` (options,
//! matching, zone lines, a command); each kind says which form is its own. A
//! question a format cannot hold is left out with a note.

mod gift;
mod markdown;
mod moodle;

use crate::content::Library;
use crate::content::bank::Bank;
use crate::quiz::preview::{Preview, preview};

pub use gift::gift;
pub use markdown::markdown;
pub use moodle::{escape as xml_escape, moodle_xml};

/// An export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Moodle's question XML.
    MoodleXml,
    /// GIFT text.
    Gift,
    /// A Markdown handout with an answer key.
    Markdown,
}

/// One bank's questions with their computed answers.
#[derive(Debug, Clone)]
pub struct Exported<'a> {
    /// The bank.
    pub bank: &'a Bank,
    /// Its questions, prepared.
    pub questions: Vec<Preview>,
}

/// The export and the notes on what was left out, one line each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// The exported text.
    pub text: String,
    /// What was left out, and why.
    pub notes: Vec<String>,
}

/// Prepares the banks named in `ids` (every bank when empty); an unknown id is an error.
pub fn banks<'a>(library: &'a Library, ids: &[String]) -> Result<Vec<Exported<'a>>, String> {
    if let Some(unknown) = ids
        .iter()
        .find(|id| !library.banks.iter().any(|b| &b.bank == *id))
    {
        if let Some(why) = library.skipped_bank(unknown) {
            return Err(format!("no bank `{unknown}` is loaded: {why}"));
        }
        let known: Vec<&str> = library.banks.iter().map(|b| b.bank.as_str()).collect();
        return Err(format!(
            "no bank `{unknown}` is loaded (loaded: {})",
            known.join(", ")
        ));
    }
    Ok(library
        .banks
        .iter()
        .filter(|b| ids.is_empty() || ids.contains(&b.bank))
        .map(|bank| Exported {
            bank,
            questions: bank
                .questions
                .iter()
                .map(|q| preview(library, bank, q))
                .collect(),
        })
        .collect())
}

/// Renders the banks in `format`.
pub fn export(banks: &[Exported], format: Format) -> Output {
    match format {
        Format::MoodleXml => moodle_xml(banks),
        Format::Gift => gift(banks),
        Format::Markdown => markdown(banks),
    }
}

/// The prompt with what a predict question shows above its choices (recipient and
/// host states), as plain lines.
pub(crate) fn prompt_lines(p: &Preview) -> Vec<String> {
    let mut lines = vec![p.prompt.clone()];
    if let Some(told) = p.key.scenario() {
        lines.push(format!(
            "Recipient: {}. Sending MTA: {}.",
            told.recipient, told.profile
        ));
        for s in told.states {
            lines.push(format!("Host state: {s}."));
        }
    }
    lines
}

/// `text` with HTML's `&`, `<` and `>` escaped.
pub(crate) fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The question as HTML, before the format's own escaping: the prompt lines as
/// paragraphs, and the zone (unless the question is about its lines) as a
/// preformatted block whose lines are joined by `line_break`.
pub(crate) fn question_html(p: &Preview, line_break: &str) -> String {
    let mut body: String = prompt_lines(p)
        .iter()
        .map(|l| format!("<p>{}</p>", html_escape(l)))
        .collect();
    if let Some(heading) = &p.zone_heading {
        body.push_str(&format!("<p>{}</p>", html_escape(heading)));
    }
    if !p.zone_beside().is_empty() {
        let lines: Vec<String> = p
            .zone_beside()
            .iter()
            .map(|(n, t)| html_escape(&format!("{n:>3}  {t}")))
            .collect();
        body.push_str(&format!("<pre>{}</pre>", lines.join(line_break)));
    }
    body
}

/// "1st", "2nd", "3rd", "4th" … for the order a host is tried in.
pub(crate) fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (1, 11) | (2, 12) | (3, 13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}
