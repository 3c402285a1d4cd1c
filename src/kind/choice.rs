//! `choice`: the author's options, exactly one of them right.

use super::Rules;
use super::check::{Report, Written};
use super::entry::Entry;
use super::forms::Forms;
use super::item::{Answer, Item, Response, Verdict};
use super::key::{Key, Preview};
use super::options::{
    arrange, authored, check_choices, choice_at, grade_one, mismatch, right_options_text, shown,
};
use super::question::Question;
use crate::dns::{World, Zone};
use rand::Rng;

/// The correct choice is much longer than every distractor.
pub const LONG_CORRECT: &str = "item-long-correct";

/// How much longer than the longest distractor a key may be before it gives itself
/// away: half as long again, and at least this many characters more.
const LONG_RATIO: f64 = 1.5;
const LONG_MARGIN: usize = 20;

/// The `choice` kind.
pub(super) struct Choice;

impl Rules for Choice {
    fn name(&self) -> &'static str {
        "choice"
    }

    fn fields(&self) -> &'static [&'static str] {
        &["choices", "shuffle", "zone"]
    }

    fn needs_zone(&self) -> bool {
        false
    }

    fn check(&self, q: &Question, at: &dyn Written, report: &mut dyn Report) {
        let correct = check_choices(q, at, report);
        match correct.as_slice() {
            [] => report.error(at.at("choices"), "a choice question needs exactly one correct choice; none is marked `correct: true`".into()),
            [_, second, ..] => report.error(choice_at(at, *second), format!("a choice question needs exactly one correct choice; {} are marked (use kind: multi for several)", correct.len())),
            [_] => {}
        }
    }

    /// The key should not stand out by its length: test-wise learners pick the
    /// longest option.
    fn lint(&self, q: &Question, report: &mut dyn Report) {
        let len = |t: &Option<String>| t.as_deref().unwrap_or_default().trim().chars().count();
        let Some(key) = q.choices.iter().find(|c| c.correct == Some(true)) else {
            return;
        };
        let longest = q
            .choices
            .iter()
            .filter(|c| c.correct != Some(true))
            .map(|c| len(&c.text))
            .max()
            .unwrap_or(0);
        let key_len = len(&key.text);
        if key_len as f64 > longest as f64 * LONG_RATIO && key_len >= longest + LONG_MARGIN {
            let msg = format!(
                "the correct choice ({key_len} characters) is much longer than every distractor (at most {longest}): test-wise learners pick the longest; trim it or add detail to the others"
            );
            report.lint(key.pos, LONG_CORRECT, msg);
        }
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
        item.answer = match correct.first() {
            Some(&right) => Answer::One(right),
            None => Answer::Set(correct),
        };
        Ok(())
    }

    fn entry(&self) -> Entry {
        Entry::ONE
    }

    fn hint(&self) -> &'static str {
        "Type the number of your answer."
    }

    fn grade(&self, item: &Item, response: &Response, _world: &World, _now: u64) -> Verdict {
        let (Answer::One(right), Response::Pick(picked)) = (&item.answer, response) else {
            return mismatch();
        };
        grade_one(item, *right, picked, Vec::new())
    }

    fn key(&self, _q: &Question, item: &Item, _world: &World, p: &mut Preview) {
        p.options = shown(item);
        p.key = Key::Choices;
    }

    fn key_text(&self, p: &Preview, out: &mut String) {
        right_options_text(p, out);
    }

    fn export(&self, p: &Preview, to: &mut dyn Forms) -> Result<(), String> {
        to.choices(p, false)
    }
}
