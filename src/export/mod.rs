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
use crate::quiz::preview::{Preview, preview, shuffled};

pub use gift::gift;
pub use markdown::{PAGE_BREAK, markdown};
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

/// Which parts of a handout to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Part {
    /// The questions, then the answer key after a page break.
    #[default]
    Both,
    /// The questions only, for students.
    Questions,
    /// The answer key only.
    Key,
}

/// One bank's questions with their computed answers.
#[derive(Debug, Clone)]
pub struct Exported<'a> {
    /// The bank.
    pub bank: &'a Bank,
    /// Its questions, prepared.
    pub questions: Vec<Preview>,
    /// The seed their options were shuffled with (none: in the authored order).
    pub seed: Option<u64>,
}

/// The export and the notes on what was left out, one line each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// The exported text.
    pub text: String,
    /// What was left out, and why.
    pub notes: Vec<String>,
}

/// Prepares the banks named in `ids` (every bank when empty) with their options in
/// the authored order; an unknown id is an error.
pub fn banks<'a>(library: &'a Library, ids: &[String]) -> Result<Vec<Exported<'a>>, String> {
    prepared(library, ids, None)
}

/// Prepares the banks named in `ids` with each question's options shuffled as a
/// session would (unless it says `shuffle: false`). Each question's order comes
/// from `seed`, its bank and its id only, so a question is shuffled the same
/// whichever banks are exported with it.
pub fn shuffled_banks<'a>(
    library: &'a Library,
    ids: &[String],
    seed: u64,
) -> Result<Vec<Exported<'a>>, String> {
    prepared(library, ids, Some(seed))
}

/// A question's own seed: FNV-1a over the export's seed, bank id and question id
/// (stable across Rust versions, unlike the standard hasher).
fn question_seed(seed: u64, bank: &str, id: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let bytes = seed
        .to_le_bytes()
        .into_iter()
        .chain(bank.bytes())
        .chain([0])
        .chain(id.bytes());
    for b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

fn prepared<'a>(
    library: &'a Library,
    ids: &[String],
    seed: Option<u64>,
) -> Result<Vec<Exported<'a>>, String> {
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
        .map(|bank| {
            let mut questions: Vec<Preview> = bank
                .questions
                .iter()
                .map(|q| match seed {
                    Some(seed) => {
                        shuffled(library, bank, q, question_seed(seed, &bank.bank, &q.id))
                    }
                    None => preview(library, bank, q),
                })
                .collect();
            if let Some(seed) = seed {
                spread_keys(&mut questions, seed);
            }
            Exported {
                bank,
                questions,
                seed,
            }
        })
        .collect())
}

/// Moves each shuffled single-answer question's right option to the letter the
/// bank's earlier questions used least (ties broken by the question's seed), so a
/// handout's key is spread over the letters, however few questions the bank has
/// (a shuffle alone puts half of a 16-question key on one letter for some seeds).
/// The other options keep their shuffled order around it.
fn spread_keys(questions: &mut [Preview], seed: u64) {
    let mut used: Vec<usize> = Vec::new();
    for p in questions.iter_mut() {
        let single = p.kind.entry().picks_one()
            && p.kind.entry().numbered()
            && p.options.iter().filter(|o| o.correct).count() == 1;
        if !p.shuffle || !single {
            continue;
        }
        let Some(right) = p.options.iter().position(|o| o.correct) else {
            continue;
        };
        let n = p.options.len();
        if used.len() < n {
            used.resize(n, 0);
        }
        let least = used[..n].iter().copied().min().unwrap_or(0);
        let candidates: Vec<usize> = (0..n).filter(|&i| used[i] == least).collect();
        let pick = question_seed(seed, &p.bank, &p.id) as usize % candidates.len().max(1);
        let target = candidates.get(pick).copied().unwrap_or(right);
        p.options.swap(right, target);
        used[target] += 1;
    }
}

/// Renders the banks in `format` (a handout with its questions and its key).
pub fn export(banks: &[Exported], format: Format) -> Output {
    export_part(banks, format, Part::Both)
}

/// Renders the banks in `format`; `part` chooses what a Markdown handout holds
/// (the other formats hold questions and answers together).
pub fn export_part(banks: &[Exported], format: Format, part: Part) -> Output {
    match format {
        Format::MoodleXml => moodle_xml(banks),
        Format::Gift => gift(banks),
        Format::Markdown => markdown(banks, part),
    }
}

/// `text` with what no export should carry replaced: control characters (C0 but
/// tab and newline, DEL, C1) and Unicode noncharacters (U+FFFE, U+FFFF, U+FDD0–
/// U+FDEF …), which XML 1.0 cannot hold and which print as garbage, become U+FFFD;
/// a carriage return (with or without its newline) becomes a newline and a tab a
/// space. Each format escapes the rest.
pub(crate) fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\n' => out.push('\n'),
            '\t' => out.push(' '),
            c if c.is_control() || is_noncharacter(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// U+FDD0–U+FDEF and the last two code points of every plane.
fn is_noncharacter(c: char) -> bool {
    let n = c as u32;
    (0xFDD0..=0xFDEF).contains(&n) || n & 0xFFFE == 0xFFFE
}

/// `text` cleaned and on one line: its lines joined by spaces.
pub(crate) fn one_line(text: &str) -> String {
    clean(text)
        .split('\n')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The question's metadata as tags, for a platform's question bank to filter by:
/// its exam objectives as written, its category, `difficulty N`, and `deep-dive`
/// for a question beyond the objectives. Each tag is one line without commas
/// (Moodle separates tags with commas).
pub(crate) fn tags(p: &Preview) -> Vec<String> {
    let mut tags: Vec<String> = p.objectives.clone();
    tags.push(p.category.clone());
    tags.push(format!("difficulty {}", p.difficulty));
    if p.deep_dive {
        tags.push("deep-dive".into());
    }
    tags.iter()
        .map(|t| one_line(&t.replace(',', " ")))
        .filter(|t| !t.is_empty())
        .collect()
}

/// The places of a host order (R1.7: hosts of equal preference are tried in any
/// order among themselves): for each group, the first and last place it covers,
/// counting hosts from 1. Groups of 2, 1 and 1 hosts cover 1–2, 3 and 4.
pub(crate) fn places(groups: &[Vec<String>]) -> Vec<(usize, usize)> {
    let mut next = 1;
    groups
        .iter()
        .map(|g| {
            let first = next;
            next += g.len().max(1);
            (first, next - 1)
        })
        .collect()
}

/// A place as a matching answer: "tried 3rd", or for tied hosts "tried 1st–2nd
/// (any order)".
pub(crate) fn place_answer((first, last): (usize, usize)) -> String {
    if first == last {
        format!("tried {}", ordinal(first))
    } else {
        format!("tried {}–{} (any order)", ordinal(first), ordinal(last))
    }
}

/// The places as a person numbers hosts: "1–2 in any order", "3".
pub(crate) fn place_numbers((first, last): (usize, usize)) -> String {
    if first == last {
        first.to_string()
    } else {
        format!("{first}–{last} in any order")
    }
}

/// What a matching question adds to its text so the learner can read its answers.
pub(crate) const MATCHING_HINT: &str = "Match each host to the place a sender tries it in. Hosts that a sender tries in either order share one place, such as “tried 1st–2nd (any order)”.";

/// The answers a matching question offers: each group's place, then single places
/// as wrong answers until there are at least three (Moodle's minimum); for tied
/// hosts the single places are the tempting wrong answers.
pub(crate) fn matching_answers(groups: &[Vec<String>]) -> (Vec<(String, String)>, Vec<String>) {
    let mut pairs = Vec::new();
    let mut answers: Vec<String> = Vec::new();
    for (group, place) in groups.iter().zip(places(groups)) {
        let answer = place_answer(place);
        for host in group {
            pairs.push((host.clone(), answer.clone()));
        }
        if !answers.contains(&answer) {
            answers.push(answer);
        }
    }
    let mut extra = Vec::new();
    let mut n = 1;
    while answers.len() + extra.len() < 3 {
        let single = place_answer((n, n));
        if !answers.contains(&single) {
            extra.push(single);
        }
        n += 1;
    }
    (pairs, extra)
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

/// `text` cleaned, with HTML's `&`, `<` and `>` escaped.
pub(crate) fn html_escape(text: &str) -> String {
    clean(text)
        .replace('&', "&amp;")
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_replaces_what_no_format_can_hold() {
        assert_eq!(
            clean("a\u{0}b\u{1b}c\u{7}\u{8}"),
            "a\u{FFFD}b\u{FFFD}c\u{FFFD}\u{FFFD}"
        );
        assert_eq!(
            clean("x\u{FFFE}\u{FFFF}\u{FDD0}\u{1FFFF}"),
            "x\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}"
        );
        assert_eq!(clean("one\r\ntwo\rthree\tfour"), "one\ntwo\nthree four");
        assert_eq!(clean("ünïcødé – “quotes”"), "ünïcødé – “quotes”");
        assert_eq!(one_line("  a\n\n  b\r\n"), "a b");
    }

    /// R1.7: hosts of equal preference are tried in any order among themselves, so
    /// a tied group covers a span of places and the next group starts after it.
    #[test]
    fn tied_hosts_share_a_span_of_places_r1_7() {
        let groups: Vec<Vec<String>> = vec![
            vec!["a".into(), "b".into()],
            vec!["c".into()],
            vec!["d".into()],
        ];
        assert_eq!(places(&groups), [(1, 2), (3, 3), (4, 4)]);
        assert_eq!(place_answer((1, 2)), "tried 1st–2nd (any order)");
        assert_eq!(place_answer((3, 3)), "tried 3rd");
        assert_eq!(place_numbers((1, 2)), "1–2 in any order");
        let (pairs, extra) = matching_answers(&groups);
        assert_eq!(
            pairs[1],
            ("b".to_string(), "tried 1st–2nd (any order)".to_string())
        );
        assert!(extra.is_empty(), "three places already");
        // Two tied hosts: the single places are the wrong answers Moodle needs.
        let (_, extra) = matching_answers(&[vec!["a".into(), "b".into()]]);
        assert_eq!(extra, ["tried 1st", "tried 2nd"]);
    }

    #[test]
    fn the_question_seed_depends_on_seed_bank_and_id_only() {
        assert_eq!(question_seed(1, "b", "q"), question_seed(1, "b", "q"));
        assert_ne!(question_seed(1, "b", "q"), question_seed(2, "b", "q"));
        assert_ne!(question_seed(1, "b", "q"), question_seed(1, "bq", ""));
    }
}
