//! Every answer of a finished exam, as the results list it: the app's results page
//! and the plain mode both list these, in the same words.

use crate::kind::{answer_words, response_words};
use crate::quiz::Session;

/// One question on the results list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reviewed {
    /// Its number, from 1.
    pub number: usize,
    /// Right (`Some(true)`), wrong, or not answered (`None`).
    pub right: Option<bool>,
    /// The first line of its prompt.
    pub prompt: String,
    /// The learner's answer in words (`unanswered` when none).
    pub given: String,
    /// The right answer in words.
    pub answer: String,
    /// Each wrong option picked, with why it is wrong in the author's words.
    pub wrong_picks: Vec<(String, String)>,
    /// The explanation.
    pub why: String,
}

/// Every question of `session`, in order.
pub fn reviewed(session: &Session) -> Vec<Reviewed> {
    session
        .items
        .iter()
        .enumerate()
        .map(|(n, item)| {
            let response = session.responses[n].as_ref();
            let right = item.answer.right_options();
            let wrong_picks = response
                .map(|r| {
                    r.picked()
                        .iter()
                        .filter(|j| !right.contains(j))
                        .filter_map(|&j| item.options.get(j))
                        .filter(|o| !o.why.is_empty())
                        .map(|o| (o.text.clone(), o.why.clone()))
                        .collect()
                })
                .unwrap_or_default();
            Reviewed {
                number: n + 1,
                right: session.verdicts[n].as_ref().map(|v| v.correct),
                prompt: item.prompt.lines().next().unwrap_or_default().to_string(),
                given: response
                    .map_or_else(|| "unanswered".to_string(), |r| response_words(item, r)),
                answer: answer_words(item),
                wrong_picks,
                why: item.explanation.clone(),
            }
        })
        .collect()
}

impl Reviewed {
    /// The mark before its number: ✓ right, ✗ wrong, · not answered.
    pub fn mark(&self) -> &'static str {
        match self.right {
            Some(true) => "✓",
            Some(false) => "✗",
            None => "·",
        }
    }

    /// The rows under its first line, as `(label, text)`: the answer given, the
    /// right one, why each wrong pick is wrong, and the explanation.
    pub fn rows(&self) -> Vec<(String, String)> {
        let mut rows = vec![
            ("Your answer".to_string(), self.given.clone()),
            ("Right answer".to_string(), self.answer.clone()),
        ];
        for (text, why) in &self.wrong_picks {
            rows.push((format!("Not {text}"), why.clone()));
        }
        rows.push(("Why".to_string(), self.why.clone()));
        rows
    }
}
