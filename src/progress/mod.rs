//! Learner progress: every answer kept in a versioned store keyed by bank id and
//! question id, written atomically and merged under a lock so that two instances
//! lose nothing; FSRS review scheduling; stats and reports. Time is passed in.

mod exam;
pub mod learner;
mod readiness;
mod report;
mod schedule;
mod store;

pub use exam::{
    EXAM_VERSION, SavedAnswer, SavedExam, SavedQuestion, exam_file, read_exam, write_exam,
};
pub use readiness::{
    FORECAST_DAYS, HEADING, Level, NEARLY_PERCENT, READY_PERCENT, READY_UNSEEN_PERCENT,
    RECENT_DAYS, Readiness, due_by_category, forecast, readiness,
};
pub use report::{Report, Summary, colliding_learners, csv, date, json, merge_reports, text};
pub use schedule::{Schedule, comes_back, due_order, question_key, when};
pub use store::{MAX_STORE_BYTES, NotRead, Opened, Store, StoreError, atomic_write, keep_aside};

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The store format's version.
pub const VERSION: u32 = 1;

/// How well the learner says they knew a right answer (FSRS's four grades, as
/// Anki names them). A wrong answer is always [`Rating::Again`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Rating {
    /// Not really known: it comes back at once, as a wrong answer does.
    Again,
    /// Known, with effort: a shorter interval than Good.
    Hard,
    /// Known: what a right answer counts as when it is not rated.
    Good,
    /// Known at once: a longer interval than Good.
    Easy,
}

impl Rating {
    /// The four, in the order of their keys (1 to 4).
    pub const ALL: [Rating; 4] = [Rating::Again, Rating::Hard, Rating::Good, Rating::Easy];

    /// Its word for learners: "Again", "Hard", "Good", "Easy".
    pub fn word(self) -> &'static str {
        match self {
            Rating::Again => "Again",
            Rating::Hard => "Hard",
            Rating::Good => "Good",
            Rating::Easy => "Easy",
        }
    }

    /// Its key and number: 1 (Again) to 4 (Easy).
    pub fn number(self) -> usize {
        self as usize + 1
    }

    /// The rating of key `n` (1 to 4), or of its word in any case ("easy").
    pub fn parse(text: &str) -> Option<Rating> {
        let text = text.trim();
        Rating::ALL
            .into_iter()
            .find(|r| text == r.number().to_string() || text.eq_ignore_ascii_case(r.word()))
    }
}

/// One answer to one question. Its identity is `(at, nonce)`: rating an answer
/// changes that event, never adds one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Event {
    /// When (seconds since 1970, UTC).
    pub at: u64,
    /// A number unique to the answering process, so equal times stay distinct.
    pub nonce: u64,
    /// Right or wrong.
    pub correct: bool,
    /// The learner's rating of a right answer; none: a right answer is Good, a
    /// wrong one Again (stores written before ratings have none, and read as
    /// they were; the format's version stays 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating: Option<Rating>,
}

impl Event {
    /// The grade FSRS is given for it: a wrong answer is Again whatever it
    /// holds, a right one its rating or Good.
    pub fn grade(&self) -> Rating {
        match self.correct {
            false => Rating::Again,
            true => self.rating.unwrap_or(Rating::Good),
        }
    }

    fn id(&self) -> (u64, u64) {
        (self.at, self.nonce)
    }
}

/// A question's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// The bank id.
    pub bank: String,
    /// The question id.
    pub question: String,
    /// Its category (as last seen).
    pub category: String,
    /// Its objectives (as last seen).
    pub objectives: Vec<String>,
    /// Every answer, oldest first.
    pub events: Vec<Event>,
}

impl Entry {
    /// Answers given.
    pub fn attempts(&self) -> usize {
        self.events.len()
    }

    /// Right answers.
    pub fn correct(&self) -> usize {
        self.events.iter().filter(|e| e.correct).count()
    }

    /// The last answer's time.
    pub fn last(&self) -> Option<u64> {
        self.events.last().map(|e| e.at)
    }
}

/// The store's content.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Progress {
    /// The format version.
    pub version: u32,
    /// Questions by `bank/question`.
    pub entries: BTreeMap<String, Entry>,
}

/// The key of a question: bank id + question id (never its text).
pub fn key(bank: &str, question: &str) -> String {
    format!("{bank}/{question}")
}

impl Progress {
    /// An empty store.
    pub fn new() -> Self {
        Progress {
            version: VERSION,
            entries: BTreeMap::new(),
        }
    }

    /// Records one answer.
    pub fn record(
        &mut self,
        bank: &str,
        question: &str,
        category: &str,
        objectives: &[String],
        event: Event,
    ) {
        let entry = self
            .entries
            .entry(key(bank, question))
            .or_insert_with(|| Entry {
                bank: bank.into(),
                question: question.into(),
                category: category.into(),
                objectives: objectives.to_vec(),
                events: Vec::new(),
            });
        entry.category = category.into();
        entry.objectives = objectives.to_vec();
        match entry.events.binary_search_by_key(&event.id(), Event::id) {
            // The same answer: a rating given since replaces the one it had.
            Ok(i) => {
                if event.rating.is_some() {
                    entry.events[i].rating = event.rating;
                }
            }
            Err(i) => entry.events.insert(i, event),
        }
    }

    /// Rates the answer `(at, nonce)` of a question; `None` when there is no such
    /// answer, else the rating it had (a wrong answer is never rated: it stays
    /// Again, and `Some(None)` is returned unchanged).
    pub fn rate(
        &mut self,
        bank: &str,
        question: &str,
        (at, nonce): (u64, u64),
        rating: Option<Rating>,
    ) -> Option<Option<Rating>> {
        let entry = self.entries.get_mut(&key(bank, question))?;
        let i = entry
            .events
            .binary_search_by_key(&(at, nonce), Event::id)
            .ok()?;
        let event = &mut entry.events[i];
        let before = event.rating;
        if event.correct {
            event.rating = rating;
        }
        Some(before)
    }

    /// Only the questions of these banks (all of them when `banks` is empty).
    pub fn only_banks(&self, banks: &[String]) -> Progress {
        Progress {
            version: self.version,
            entries: self
                .entries
                .iter()
                .filter(|(_, e)| banks.is_empty() || banks.contains(&e.bank))
                .map(|(k, e)| (k.clone(), e.clone()))
                .collect(),
        }
    }

    /// Everything in `other` that this store lacks (the union of both). One answer
    /// is one event in both: where `other` holds it rated, its rating is taken
    /// (an unrated copy never takes a rating away).
    pub fn merge(&mut self, other: &Progress) {
        for entry in other.entries.values() {
            for event in &entry.events {
                self.record(
                    &entry.bank,
                    &entry.question,
                    &entry.category,
                    &entry.objectives,
                    *event,
                );
            }
        }
    }
}

/// What the stats screen shows, from the store.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Stats {
    /// Answered and right per category.
    pub by_category: BTreeMap<String, (usize, usize)>,
    /// Answered and right per objective.
    pub by_objective: BTreeMap<String, (usize, usize)>,
    /// Answers on each of the last 14 days, oldest first (today last).
    pub per_day: Vec<u64>,
    /// Days in a row, up to today, with at least one answer.
    pub streak: u32,
    /// Questions due for review now.
    pub due: usize,
}

impl Progress {
    /// The stats at time `now`.
    pub fn stats(&self, now: u64) -> Stats {
        let mut s = Stats {
            per_day: vec![0; 14],
            ..Stats::default()
        };
        let today = now / 86_400;
        let mut days = std::collections::BTreeSet::new();
        for entry in self.entries.values() {
            let (answered, correct) = (entry.attempts(), entry.correct());
            let bump = |m: &mut BTreeMap<String, (usize, usize)>, k: &str| {
                let t = m.entry(k.to_string()).or_default();
                t.0 += answered;
                t.1 += correct;
            };
            bump(&mut s.by_category, &entry.category);
            for o in &entry.objectives {
                bump(&mut s.by_objective, o);
            }
            for e in &entry.events {
                let day = e.at / 86_400;
                days.insert(day);
                if let Some(back) = today.checked_sub(day).filter(|b| *b < 14) {
                    s.per_day[13 - back as usize] += 1;
                }
            }
            if schedule::Schedule::of(entry).is_some_and(|sch| sch.due <= now) {
                s.due += 1;
            }
        }
        while days.contains(&(today - u64::from(s.streak))) {
            s.streak += 1;
        }
        s
    }
}
