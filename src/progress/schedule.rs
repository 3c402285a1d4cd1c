//! Review scheduling with FSRS: each question's answers, replayed in order, give a
//! memory state and a due date: each answer's grade ([`Event::grade`]) is FSRS's
//! again, hard, good or easy (a wrong answer is again; a right one its rating,
//! good when it has none).

use super::{Entry, Event, Progress, Rating, key};
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

/// A wrong answer (or a right one rated Again) is due again this soon: at once, so the next review brings it
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
            let state = match event.grade() {
                Rating::Again => next.again,
                Rating::Hard => next.hard,
                Rating::Good => next.good,
                Rating::Easy => next.easy,
            };
            memory = Some(state.memory);
            last = Some(event.at);
            // A wrong answer, or a right one rated Again, is relearnt at once.
            let due = match event.grade() {
                Rating::Again => event.at + RELEARN_SECONDS,
                _ => event.at + (state.interval.max(0.0) * 86_400.0) as u64,
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

/// When a question due at `due` comes back for review, seen at `now`, as the
/// feedback says it: "Comes back for review in 10 minutes", "in 5 hours",
/// "tomorrow", "in 3 days" (minutes under an hour, hours under a day, days
/// otherwise, each rounded to the nearest), or "now" when it is due already.
/// The app and the plain mode both say it from [`Schedule::of`]'s `due`.
pub fn comes_back(due: u64, now: u64) -> String {
    format!("Comes back for review {}", when(due, now))
}

/// The words of [`comes_back`] for when: "now", "in 10 minutes", "in 5 hours",
/// "tomorrow", "in 3 days" (the rating offer says each rating's so).
pub fn when(due: u64, now: u64) -> String {
    let secs = due.saturating_sub(now);
    let plural = |n: u64, unit: &str| match n {
        1 => format!("in 1 {unit}"),
        _ => format!("in {n} {unit}s"),
    };
    let minutes = (secs + 30) / 60;
    let hours = (secs + 1_800) / 3_600;
    let days = (secs + 43_200) / 86_400;
    if secs == 0 {
        "now".to_string()
    } else if minutes < 60 {
        plural(minutes.max(1), "minute")
    } else if hours < 24 {
        plural(hours, "hour")
    } else if days == 1 {
        "tomorrow".to_string()
    } else {
        plural(days, "day")
    }
}

impl Progress {
    /// What the feedback says of a question after an answer: when it comes back
    /// for review, from its entry's [`Schedule`]; `None` when it has no answers.
    pub fn comes_back(&self, bank: &str, question: &str, now: u64) -> Option<String> {
        let entry = self.entries.get(&key(bank, question))?;
        Schedule::of(entry).map(|s| comes_back(s.due, now))
    }

    /// When a question would be due were its answer `id` (`at`, `nonce`) rated
    /// `rating`: [`Schedule::of`] on its entry so rated (the rating offer's dates,
    /// which are then the store's once chosen). `None` without such an answer.
    pub fn due_if(
        &self,
        bank: &str,
        question: &str,
        id: (u64, u64),
        rating: Rating,
    ) -> Option<u64> {
        let mut entry = self.entries.get(&key(bank, question))?.clone();
        let event: &mut Event = entry.events.iter_mut().find(|e| (e.at, e.nonce) == id)?;
        event.rating = Some(rating);
        Schedule::of(&entry).map(|s| s.due)
    }
}

#[cfg(test)]
mod comes_back_tests {
    use super::comes_back;

    #[test]
    fn rounds_to_minutes_hours_and_days() {
        let now = 1_000_000;
        assert_eq!(comes_back(now, now), "Comes back for review now");
        assert_eq!(comes_back(now - 5, now), "Comes back for review now");
        assert_eq!(
            comes_back(now + 10, now),
            "Comes back for review in 1 minute"
        );
        assert_eq!(
            comes_back(now + 600, now),
            "Comes back for review in 10 minutes"
        );
        assert_eq!(
            comes_back(now + 3_569, now),
            "Comes back for review in 59 minutes"
        );
        assert_eq!(
            comes_back(now + 3_580, now),
            "Comes back for review in 1 hour"
        );
        assert_eq!(
            comes_back(now + 5 * 3_600, now),
            "Comes back for review in 5 hours"
        );
        assert_eq!(
            comes_back(now + 86_400, now),
            "Comes back for review tomorrow"
        );
        assert_eq!(
            comes_back(now + 23 * 3_600 + 1_900, now),
            "Comes back for review tomorrow"
        );
        assert_eq!(
            comes_back(now + 3 * 86_400, now),
            "Comes back for review in 3 days"
        );
    }
}
