//! The self-rating of a right answer (Again / Hard / Good / Easy, Anki's keys 1
//! to 4), offered after it is saved in practice and review: each rating with when
//! the question would come back so rated, from the store's own schedule, so the
//! offer, the hint once rated and `report`'s `next_due` agree. Not in exams (their
//! feedback comes at the end), not for generated drills nor without a store: the
//! same rule as the "Comes back for review" hint.

use super::session::Study;
use crate::progress::{Rating, Store, when};
use crate::quiz::Mode;

/// The offer after a right answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offer {
    /// The question's index in the session.
    pub index: usize,
    /// Each rating, Again to Easy, with when the question would come back so
    /// rated ("now", "in 4 days").
    pub choices: Vec<(Rating, String)>,
    /// The rating chosen and saved; none yet: the answer counts as Good.
    pub chosen: Option<Rating>,
    /// The last rating could not be saved: why (beginning with
    /// `session::RATING_NOT_SAVED`); the answer keeps the rating it had.
    pub problem: Option<String>,
}

impl Offer {
    /// The offer for question `i` of `study` at `now`, if it is one to rate: a
    /// right answer on disk, not in an exam, not a generated drill.
    pub fn of(study: &Study, i: usize, store: &Store, now: u64) -> Option<Offer> {
        let item = study.session.items.get(i)?;
        let right = study.session.verdicts.get(i)?.as_ref()?.correct;
        if !right || item.generated || study.session.mode == Mode::Exam {
            return None;
        }
        let id = study.answer_on_disk(i)?;
        let question = item.progress_id();
        let choices = Rating::ALL
            .into_iter()
            .map(|r| {
                let due = store.progress.due_if(&item.bank, &question, id, r)?;
                Some((r, when(due, now)))
            })
            .collect::<Option<Vec<_>>>()?;
        let chosen = store
            .progress
            .entries
            .get(&crate::progress::question_key(&item.bank, &question))
            .and_then(|e| e.events.iter().find(|e| (e.at, e.nonce) == id))
            .and_then(|e| e.rating);
        Some(Offer {
            index: i,
            choices,
            chosen,
            problem: None,
        })
    }

    /// Each choice as the learner reads it: "1 Again — now", "3 Good — in 4 days".
    pub fn parts(&self) -> Vec<String> {
        self.choices
            .iter()
            .map(|(r, when)| format!("{} {} — {when}", r.number(), r.word()))
            .collect()
    }

    /// What the offer asks, before the choices: which rating counts now.
    pub fn question(&self) -> String {
        match self.chosen {
            None => "How well did you know it? (Enter: Good)".to_string(),
            Some(r) => format!("You rated it {} (saved); change it:", r.word()),
        }
    }

    /// The words the "Comes back for review" hint ends with once rated.
    pub fn rated(&self) -> Option<String> {
        self.chosen.map(|r| format!("(rated {})", r.word()))
    }
}

/// A rating as the plain mode takes it: its word, in any case ("easy"); never a
/// number, which is an answer there.
pub fn word(text: &str) -> Option<Rating> {
    Rating::ALL
        .into_iter()
        .find(|r| text.trim().eq_ignore_ascii_case(r.word()))
}

/// The plain mode's offer: each rating's word with when the question would come
/// back so rated, and how to give one.
pub fn plain_offer(offer: &Offer) -> String {
    let choices: Vec<String> = offer
        .choices
        .iter()
        .map(|(r, when)| format!("{} — {when}", r.word().to_lowercase()))
        .collect();
    format!(
        "Rate it if you like: {}. Type the word before your next answer (none: good).",
        choices.join(" · ")
    )
}
