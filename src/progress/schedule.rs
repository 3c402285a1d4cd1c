//! Review scheduling with FSRS: each question's answers, replayed in order, give a
//! memory state and a due date (right = "good", wrong = "again").

use super::{Entry, Progress, key};
use fsrs::{FSRS, MemoryState};
use std::collections::BTreeMap;

/// The retention FSRS schedules for.
const RETENTION: f32 = 0.9;

/// Where a question stands.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Schedule {
    /// FSRS's memory state after the last answer.
    pub memory: MemoryState,
    /// Days until the next review.
    pub interval_days: f32,
    /// When it is due (seconds since 1970).
    pub due: u64,
    /// Whether the last answer was right.
    pub last_correct: bool,
}

/// A wrong answer is due again this soon: at once, so the next review brings it
/// back (a relearning step, as flashcard schedulers take), whatever interval FSRS
/// gives the lapse.
pub const RELEARN_SECONDS: u64 = 0;

impl Schedule {
    /// Replays a question's answers; `None` before the first answer.
    pub fn of(entry: &Entry) -> Option<Schedule> {
        // The default parameters are valid by construction: FSRS::new(&[]) cannot fail.
        let fsrs = FSRS::new(&[]).ok()?;
        let mut memory: Option<MemoryState> = None;
        let mut last = None;
        let mut schedule = None;
        for event in &entry.events {
            let days = last.map_or(0, |prev: u64| {
                (event.at.saturating_sub(prev) / 86_400) as u32
            });
            let next = fsrs.next_states(memory, RETENTION, days).ok()?;
            let state = if event.correct { next.good } else { next.again };
            memory = Some(state.memory);
            last = Some(event.at);
            let due = match event.correct {
                true => event.at + (state.interval.max(0.0) * 86_400.0) as u64,
                false => event.at + RELEARN_SECONDS,
            };
            schedule = Some(Schedule {
                memory: state.memory,
                interval_days: state.interval,
                due,
                last_correct: event.correct,
            });
        }
        schedule
    }
}

/// Due dates, and whether the last answer was right, by question key.
pub fn due_order(progress: &Progress) -> BTreeMap<String, (u64, bool)> {
    progress
        .entries
        .iter()
        .filter_map(|(k, e)| Schedule::of(e).map(|s| (k.clone(), (s.due, s.last_correct))))
        .collect()
}

/// The key of a question, for callers that hold bank and question ids.
pub fn question_key(bank: &str, question: &str) -> String {
    key(bank, question)
}
