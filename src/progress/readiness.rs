//! Readiness per exam objective, and the reviews falling due: what home, the stats
//! screen and `report` show, decided here once. Time is passed in.
//!
//! "Recent" is the questions answered in the last [`RECENT_DAYS`] days, each judged
//! by its last answer: what the learner knows now, not how often they drilled one
//! question or what they got wrong a season ago.

use super::{Progress, key, schedule::Schedule};
use crate::content::bank::{OBJECTIVES, objective_name};
use crate::kind::Question;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The heading over [`Readiness::row`]s: what the figures are, in one line of 80.
pub const HEADING: &str = "Objectives: right / answered in the last 30 days, questions unseen";

/// How far back an answer counts as recent.
pub const RECENT_DAYS: u64 = 30;

/// Ready: at least this share of recent answers right...
pub const READY_PERCENT: u64 = 80;

/// ...and at most this share of the objective's questions unseen.
pub const READY_UNSEEN_PERCENT: u64 = 20;

/// Nearly: at least this share right (or ready's share, with too much unseen).
pub const NEARLY_PERCENT: u64 = 60;

/// One word for where the learner stands on an objective.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    /// Nothing answered in the last [`RECENT_DAYS`] days.
    NotStarted,
    /// Under [`NEARLY_PERCENT`] right.
    Practise,
    /// [`NEARLY_PERCENT`] right or more, but not ready.
    Nearly,
    /// [`READY_PERCENT`] right or more, at most [`READY_UNSEEN_PERCENT`] unseen.
    Ready,
}

impl Level {
    /// The word shown.
    pub fn word(self) -> &'static str {
        match self {
            Level::NotStarted => "not started",
            Level::Practise => "practice",
            Level::Nearly => "nearly",
            Level::Ready => "ready",
        }
    }
}

/// Where the learner stands on one objective, over the questions in scope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Readiness {
    /// The objective, e.g. `N10-009 3.4`.
    pub objective: String,
    /// Its plain name, e.g. `network services (DNS)`.
    pub name: String,
    /// Questions in scope tagged with it.
    pub questions: usize,
    /// Of those, answered at least once.
    pub answered: usize,
    /// Of those, never answered.
    pub unseen: usize,
    /// Of those, answered in the last [`RECENT_DAYS`] days.
    pub recent: usize,
    /// Of the recent ones, whose last answer was right.
    pub recent_right: usize,
    /// The one word.
    pub readiness: Level,
}

impl Readiness {
    /// Recent answers right, in percent (none without recent answers).
    pub fn percent(&self) -> Option<u64> {
        (self.recent > 0)
            .then(|| crate::ground::percent(self.recent_right as u64, self.recent as u64))
    }

    /// The objective with its plain name: `N10-009 3.4 network services (DNS)`.
    pub fn title(&self) -> String {
        format!("{} {}", self.objective, self.name)
    }

    /// One line, as home and `report` show it under [`HEADING`] (77 columns):
    /// `N10-009 3.4 network services (DNS)   12/40  (30%)   28 unseen  practice`.
    pub fn row(&self) -> String {
        let recent = match self.percent() {
            Some(p) => format!("{:>3}/{:<3} ({p}%)", self.recent_right, self.recent),
            None => "nothing lately".to_string(),
        };
        format!(
            "{:<34}  {recent:<14}  {:>3} unseen  {}",
            self.title(),
            self.unseen,
            self.readiness.word()
        )
    }
}

fn level(recent: usize, right: usize, questions: usize, unseen: usize) -> Level {
    if recent == 0 {
        return Level::NotStarted;
    }
    let percent = crate::ground::percent(right as u64, recent as u64);
    let few_unseen = unseen as u64 * 100 <= questions as u64 * READY_UNSEEN_PERCENT;
    match percent {
        p if p >= READY_PERCENT && few_unseen => Level::Ready,
        p if p >= NEARLY_PERCENT => Level::Nearly,
        _ => Level::Practise,
    }
}

/// Readiness for each objective the product knows (in [`OBJECTIVES`] order) that
/// the questions in scope (`(bank id, question)`) are tagged with.
pub fn readiness<'a>(
    progress: &Progress,
    questions: impl IntoIterator<Item = (&'a str, &'a Question)>,
    now: u64,
) -> Vec<Readiness> {
    let since = now.saturating_sub(RECENT_DAYS * 86_400);
    let mut by: BTreeMap<&str, Readiness> = BTreeMap::new();
    for (bank, q) in questions {
        let last = progress
            .entries
            .get(&key(bank, &q.id))
            .and_then(|e| e.events.last());
        for objective in OBJECTIVES
            .iter()
            .filter(|o| q.objectives.iter().any(|t| t == *o))
        {
            let r = by.entry(objective).or_insert_with(|| Readiness {
                objective: objective.to_string(),
                name: objective_name(objective).unwrap_or_default().to_string(),
                questions: 0,
                answered: 0,
                unseen: 0,
                recent: 0,
                recent_right: 0,
                readiness: Level::NotStarted,
            });
            r.questions += 1;
            match last {
                None => r.unseen += 1,
                Some(e) => {
                    r.answered += 1;
                    if e.at >= since {
                        r.recent += 1;
                        r.recent_right += usize::from(e.correct);
                    }
                }
            }
        }
    }
    OBJECTIVES
        .iter()
        .filter_map(|o| by.remove(o))
        .map(|mut r| {
            r.readiness = level(r.recent, r.recent_right, r.questions, r.unseen);
            r
        })
        .collect()
}

/// Questions due for review at `now`, per category.
pub fn due_by_category(progress: &Progress, now: u64) -> BTreeMap<String, usize> {
    let mut due = BTreeMap::new();
    for entry in progress.entries.values() {
        if Schedule::of(entry).is_some_and(|s| s.due <= now) {
            *due.entry(entry.category.clone()).or_default() += 1;
        }
    }
    due
}

/// How many days the stats screen's forecast covers, as its answers chart does.
pub const FORECAST_DAYS: usize = 14;

/// Reviews falling due on each of the next `days` days (UTC), today first: today's
/// count holds those due already as well as those due later today.
pub fn forecast(progress: &Progress, now: u64, days: usize) -> Vec<u64> {
    let today = now / 86_400;
    let mut out = vec![0; days];
    for entry in progress.entries.values() {
        if let Some(s) = Schedule::of(entry) {
            let day = (s.due / 86_400).saturating_sub(today);
            if let Some(n) = usize::try_from(day).ok().and_then(|d| out.get_mut(d)) {
                *n += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::Event;

    const DAY: u64 = 86_400;
    const NOW: u64 = 1_795_827_205;

    fn question(id: &str, category: &str, objectives: &[&str]) -> Question {
        serde_json::from_value(serde_json::json!({
            "id": id, "kind": "choice", "category": category,
            "objectives": objectives, "prompt": "p", "explanation": "e",
        }))
        .expect("a question")
    }

    fn answer(p: &mut Progress, bank: &str, q: &Question, at: u64, correct: bool) {
        let objectives: Vec<String> = q.objectives.clone();
        let category = q.category.name();
        let event = Event {
            at,
            nonce: at,
            correct,
            rating: None,
        };
        p.record(bank, &q.id, category, &objectives, event);
    }

    #[test]
    fn unseen_counts_questions_in_scope_without_an_answer() {
        let qs = [
            question("a", "tools", &["N10-009 3.4", "220-1101 2.6"]),
            question("b", "tools", &["N10-009 3.4"]),
            question("c", "tools", &["N10-009 3.4"]),
        ];
        let mut p = Progress::new();
        answer(&mut p, "x", &qs[0], NOW - DAY, true);
        let r = readiness(&p, qs.iter().map(|q| ("x", q)), NOW);
        assert_eq!(r.len(), 2, "only objectives the questions carry");
        assert_eq!(r[0].objective, "N10-009 3.4", "in OBJECTIVES order");
        assert_eq!(r[0].title(), "N10-009 3.4 network services (DNS)");
        assert_eq!(
            r[0].row(),
            "N10-009 3.4 network services (DNS)    1/1   (100%)    2 unseen  nearly"
        );
        assert_eq!((r[0].questions, r[0].answered, r[0].unseen), (3, 1, 2));
        assert_eq!((r[1].questions, r[1].answered, r[1].unseen), (1, 1, 0));
        assert_eq!(r[1].readiness, Level::Ready, "1 of 1 right, none unseen");
        assert_eq!(r[0].readiness, Level::Nearly, "all right but 2 of 3 unseen");
    }

    #[test]
    fn recent_is_the_last_answer_of_each_question_in_the_last_30_days() {
        let qs = [
            question("a", "tools", &["N10-009 1.4"]),
            question("b", "tools", &["N10-009 1.4"]),
            question("c", "tools", &["N10-009 1.4"]),
        ];
        let mut p = Progress::new();
        // a: wrong, then right: its last answer counts, once.
        answer(&mut p, "x", &qs[0], NOW - 3 * DAY, false);
        answer(&mut p, "x", &qs[0], NOW - 2 * DAY, true);
        // b: right, then wrong.
        answer(&mut p, "x", &qs[1], NOW - 3 * DAY, true);
        answer(&mut p, "x", &qs[1], NOW - DAY, false);
        // c: answered 31 days ago: answered, not recent.
        answer(&mut p, "x", &qs[2], NOW - 31 * DAY, true);
        let r = &readiness(&p, qs.iter().map(|q| ("x", q)), NOW)[0];
        assert_eq!((r.answered, r.unseen), (3, 0));
        assert_eq!((r.recent, r.recent_right), (2, 1));
        assert_eq!(r.percent(), Some(50));
        assert_eq!(r.readiness, Level::Practise);
        let later = &readiness(&p, qs.iter().map(|q| ("x", q)), NOW + 40 * DAY)[0];
        assert_eq!(later.recent, 0, "nothing in the last 30 days");
        assert_eq!(later.readiness, Level::NotStarted);
        assert_eq!(later.percent(), None);
        assert!(later.row().contains("nothing lately"), "{}", later.row());
    }

    #[test]
    fn scope_is_the_banks_whose_questions_are_passed() {
        let q = question("a", "tools", &["220-1201 2.4"]);
        let mut p = Progress::new();
        answer(&mut p, "other", &q, NOW, true);
        let r = &readiness(&p, [("mine", &q)], NOW)[0];
        assert_eq!(
            (r.answered, r.unseen),
            (0, 1),
            "the same id in another bank is another question"
        );
        assert!(
            readiness(&p, [], NOW).is_empty(),
            "no questions, no objectives"
        );
    }

    #[test]
    fn every_objective_has_a_name_and_its_row_fits_80_columns() {
        for o in OBJECTIVES {
            let q = question("a", "tools", &[o]);
            let r = &readiness(&Progress::new(), [("x", &q)], NOW)[0];
            assert!(!r.name.is_empty(), "{o} has a name");
            let widest = Readiness {
                unseen: 999,
                recent: 999,
                recent_right: 999,
                ..r.clone()
            };
            assert!(widest.row().chars().count() <= 78, "{}", widest.row());
        }
        assert!(HEADING.chars().count() <= 80);
    }

    #[test]
    fn due_per_category_counts_reviews_due_now() {
        let qs = [
            question("a", "tools", &[]),
            question("b", "tools", &[]),
            question("c", "security", &[]),
        ];
        let mut p = Progress::new();
        answer(&mut p, "x", &qs[0], NOW - DAY, false);
        answer(&mut p, "x", &qs[1], NOW - DAY, true);
        answer(&mut p, "x", &qs[2], NOW - 60, false);
        let due = due_by_category(&p, NOW);
        assert_eq!(due.get("tools"), Some(&1), "a wrong answer is due at once");
        assert_eq!(due.get("security"), Some(&1));
        let right_due = Schedule::of(&p.entries["x/b"]).expect("answered").due;
        assert_eq!(due_by_category(&p, right_due).get("tools"), Some(&2));
    }

    #[test]
    fn the_forecast_counts_each_due_date_on_its_day() {
        let qs = [
            question("a", "tools", &[]),
            question("b", "tools", &[]),
            question("c", "tools", &[]),
        ];
        let mut p = Progress::new();
        answer(&mut p, "x", &qs[0], NOW - 5 * DAY, false);
        answer(&mut p, "x", &qs[1], NOW, true);
        answer(&mut p, "x", &qs[2], NOW, true);
        let f = forecast(&p, NOW, 14);
        assert_eq!(f.len(), 14);
        assert_eq!(f[0], 1, "overdue counts today");
        let due = Schedule::of(&p.entries["x/b"]).expect("answered").due;
        let day = (due / DAY - NOW / DAY) as usize;
        assert!(day >= 1, "a right answer is not due today");
        if day < 14 {
            assert_eq!(f[day], 2, "both right answers fall due on the same day");
        }
        assert_eq!(f.iter().sum::<u64>(), 1 + if day < 14 { 2 } else { 0 });
    }
}
