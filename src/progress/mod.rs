//! Learner progress: every answer kept in a versioned store keyed by bank id and
//! question id, written atomically and merged under a lock so that two instances
//! lose nothing; FSRS review scheduling; stats and reports. Time is passed in.

mod exam;
pub mod learner;
mod readiness;
mod report;
mod schedule;
mod store;

pub use exam::{EXAM_VERSION, SavedAnswer, SavedExam, SavedQuestion, read_exam, write_exam};
pub use readiness::{
    FORECAST_DAYS, HEADING, Level, NEARLY_PERCENT, READY_PERCENT, READY_UNSEEN_PERCENT,
    RECENT_DAYS, Readiness, due_by_category, forecast, readiness,
};
pub use report::{Report, colliding_learners, csv, date, json, merge_reports, text};
pub use schedule::{Schedule, comes_back, due_order, question_key};
pub use store::{Opened, Store, StoreError, atomic_write};

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The store format's version.
pub const VERSION: u32 = 1;

/// One answer to one question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Event {
    /// When (seconds since 1970, UTC).
    pub at: u64,
    /// A number unique to the answering process, so equal times stay distinct.
    pub nonce: u64,
    /// Right or wrong.
    pub correct: bool,
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
        if let Err(i) = entry.events.binary_search(&event) {
            entry.events.insert(i, event);
        }
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

    /// Everything in `other` that this store lacks (the union of both).
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
