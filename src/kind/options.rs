//! What the kinds share whose answer is among options: the checks on authored
//! choices, shuffling, grading one picked option, and showing the options with the
//! right ones marked.

use super::check::{Report, Written};
use super::item::{Item, Offer, Verdict};
use super::key::{Preview, Shown};
use super::question::Question;
use crate::ground::Pos;
use rand::Rng;
use rand::seq::SliceRandom;
use std::fmt::Write;

/// Where choice `i` is written; where `choices` is, for one that is not.
pub(super) fn choice_at(at: &dyn Written, i: usize) -> Pos {
    at.field("choices")
        .and_then(|c| c.items().get(i).map(|n| n.pos()))
        .unwrap_or_else(|| at.at("choices"))
}

/// What every authored choice needs (choice, multi): at least two of them, each with
/// a text written once, none with a predict `outcome`. Returns the right ones.
pub(super) fn check_choices(q: &Question, at: &dyn Written, report: &mut dyn Report) -> Vec<usize> {
    if q.choices.len() < 2 {
        report.error(
            at.at("choices"),
            "a question needs at least two choices".into(),
        );
    }
    let mut seen: Vec<&str> = Vec::new();
    for (i, choice) in q.choices.iter().enumerate() {
        match choice.text.as_deref() {
            None => report.error(choice_at(at, i), "choice has no `text`".into()),
            Some(text) if seen.contains(&text) => {
                report.warning(choice_at(at, i), format!("choice `{text}` appears twice"));
            }
            Some(text) => seen.push(text),
        }
        if choice.outcome.is_some() {
            report.error(
                choice_at(at, i),
                "`outcome` is only used by predict questions".into(),
            );
        }
    }
    (0..q.choices.len())
        .filter(|&i| q.choices[i].correct == Some(true))
        .collect()
}

/// The author's choices as offers, each with whether it is right.
pub(super) fn authored(q: &Question) -> Vec<(Offer, bool)> {
    q.choices
        .iter()
        .map(|c| {
            (
                Offer {
                    text: c.text.clone().unwrap_or_default(),
                    why: c.why.trim().to_string(),
                },
                c.correct == Some(true),
            )
        })
        .collect()
}

/// Shuffles the offers (unless `shuffle` is false) and returns them with the
/// indices of the right ones.
pub(super) fn arrange(
    mut offers: Vec<(Offer, bool)>,
    shuffle: bool,
    rng: &mut dyn Rng,
) -> (Vec<Offer>, Vec<usize>) {
    if shuffle {
        offers.shuffle(rng);
    }
    let correct = offers
        .iter()
        .enumerate()
        .filter(|(_, (_, right))| *right)
        .map(|(i, _)| i)
        .collect();
    (offers.into_iter().map(|(o, _)| o).collect(), correct)
}

/// The grade of a response of another shape than the question's answer.
pub(super) fn mismatch() -> Verdict {
    Verdict {
        correct: false,
        summary: "That kind of answer does not fit this question".into(),
        details: Vec::new(),
    }
}

/// Option `i`'s text (empty past the end).
pub(super) fn text(item: &Item, i: usize) -> String {
    item.options
        .get(i)
        .map_or(String::new(), |o| o.text.clone())
}

/// Option numbers as the learner sees them: `1, 3`.
pub(super) fn numbers(indices: &[usize]) -> String {
    indices
        .iter()
        .map(|i| (i + 1).to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// One option is right: the response must pick it alone.
pub(super) fn grade_one(
    item: &Item,
    right: usize,
    picked: &[usize],
    details: Vec<String>,
) -> Verdict {
    Verdict {
        correct: picked == [right],
        summary: format!("The answer is {}: {}", right + 1, text(item, right)),
        details,
    }
}

/// The options as a preview shows them, the right ones marked.
pub(super) fn shown(item: &Item) -> Vec<Shown> {
    let right = item.answer.right_options();
    item.options
        .iter()
        .enumerate()
        .map(|(i, o)| Shown {
            text: o.text.clone(),
            correct: right.contains(&i),
            why: o.why.clone(),
        })
        .collect()
}

/// The key of options: the right ones by letter, `a) text; c) text`.
pub(super) fn right_options_text(p: &Preview, out: &mut String) {
    let right: Vec<String> = p
        .options
        .iter()
        .enumerate()
        .filter(|(_, o)| o.correct)
        .map(|(i, o)| format!("{}) {}", letter(i), o.text))
        .collect();
    // Writing to a String cannot fail.
    let _ = writeln!(out, "{}", right.join("; "));
}

/// a, b, c … for options (then the number past z).
pub fn letter(i: usize) -> String {
    match u8::try_from(i) {
        Ok(n) if n < 26 => char::from(b'a' + n).to_string(),
        _ => (i + 1).to_string(),
    }
}
