//! `multi`: the author's options, all that apply marked; the prompt says how many,
//! as CompTIA's "Choose two." does.

use super::Rules;
use super::check::{Report, Written};
use super::entry::Entry;
use super::forms::Forms;
use super::item::{Answer, Item, Response, Verdict};
use super::key::{Key, Preview};
use super::options::{
    arrange, authored, check_choices, mismatch, numbers, right_options_text, shown, text,
};
use super::question::Question;
use crate::dns::{World, Zone};
use rand::Rng;
use std::collections::BTreeSet;

/// A multi question does not say how many choices to pick (or says a wrong number).
pub const MULTI_COUNT: &str = "item-multi-count";

/// The `multi` kind.
pub(super) struct Multi;

impl Rules for Multi {
    fn name(&self) -> &'static str {
        "multi"
    }

    fn fields(&self) -> &'static [&'static str] {
        &["choices", "shuffle", "zone"]
    }

    fn needs_zone(&self) -> bool {
        false
    }

    fn check(&self, q: &Question, at: &dyn Written, report: &mut dyn Report) {
        if check_choices(q, at, report).is_empty() {
            report.error(
                at.at("choices"),
                "a multi question needs at least one correct choice".into(),
            );
        }
    }

    /// The prompt says how many to pick, and the number is right.
    fn lint(&self, q: &Question, report: &mut dyn Report) {
        let correct = q.choices.iter().filter(|c| c.correct == Some(true)).count();
        let msg = match asked_count(&q.prompt) {
            Some(n) if n == correct => return,
            Some(n) => format!("the prompt asks for {n} choices but {correct} are marked correct"),
            None => format!(
                "say how many to pick, as the exam does: end the prompt with \"(Choose {}.)\"",
                ["one", "two", "three", "four", "five", "six"]
                    .get(correct.wrapping_sub(1))
                    .copied()
                    .unwrap_or("all that apply")
            ),
        };
        report.lint(q.pos, MULTI_COUNT, msg);
    }

    fn prepare(
        &self,
        q: &Question,
        _zone: Option<&Zone>,
        item: &mut Item,
        _world: &World,
        shuffle: bool,
        rng: &mut dyn Rng,
    ) -> Result<(), String> {
        let (options, correct) = arrange(authored(q), shuffle, rng);
        item.options = options;
        item.answer = Answer::Set(correct);
        Ok(())
    }

    fn entry(&self) -> Entry {
        Entry::MANY
    }

    fn hint(&self) -> &'static str {
        "Type the numbers of all that apply, separated by spaces."
    }

    fn grade(&self, item: &Item, response: &Response, _world: &World, _now: u64) -> Verdict {
        let (Answer::Set(right), Response::Pick(picked)) = (&item.answer, response) else {
            return mismatch();
        };
        let want: BTreeSet<usize> = right.iter().copied().collect();
        let got: BTreeSet<usize> = picked.iter().copied().collect();
        Verdict {
            correct: want == got,
            summary: format!("The right answers: {}", numbers(right)),
            details: right.iter().map(|&i| text(item, i)).collect(),
        }
    }

    fn key(&self, _q: &Question, item: &Item, _world: &World, p: &mut Preview) {
        p.options = shown(item);
        p.key = Key::Choices;
    }

    fn key_text(&self, p: &Preview, out: &mut String) {
        right_options_text(p, out);
    }

    fn export(&self, p: &Preview, to: &mut dyn Forms) -> Result<(), String> {
        to.choices(p, true)
    }
}

/// The number a prompt asks for: "Choose two", "select 3", "(pick TWO.)".
fn asked_count(prompt: &str) -> Option<usize> {
    const NUMBERS: [&str; 6] = ["one", "two", "three", "four", "five", "six"];
    let words: Vec<String> = prompt
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    words.windows(2).find_map(|pair| {
        if !matches!(pair[0].as_str(), "choose" | "select" | "pick" | "mark") {
            return None;
        }
        let n = &pair[1];
        n.parse()
            .ok()
            .or_else(|| NUMBERS.iter().position(|w| w == n).map(|i| i + 1))
    })
}

#[cfg(test)]
mod tests {
    use super::asked_count;

    #[test]
    fn the_asked_count_is_read_from_words_and_digits() {
        assert_eq!(asked_count("Which are MX hosts? (Choose two.)"), Some(2));
        assert_eq!(asked_count("Select 3 answers"), Some(3));
        assert_eq!(asked_count("Which records apply?"), None);
        assert_eq!(asked_count("Choose all that apply"), None);
    }
}
