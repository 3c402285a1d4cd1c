//! Sessions: practice (feedback at once), exam (timed, flags, graded on submit),
//! review (weakest categories first); and scoring by category and objective.

use super::{Item, Response, Verdict, grade};
use crate::dns::World;
use std::collections::BTreeMap;

/// How a session runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Instant feedback after each answer.
    Practice,
    /// Timed; no feedback until submitted.
    Exam,
    /// Weakest categories first, with feedback.
    Review,
}

/// Answered and correct counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tally {
    /// Questions answered.
    pub answered: u32,
    /// Of which right.
    pub correct: u32,
}

impl Tally {
    /// Percent right by [`crate::ground::percent`]'s rule (2 of 3 is 67%), 0 when
    /// nothing was answered: what is shown is what a pass mark is compared with.
    pub fn percent(self) -> u32 {
        let p = crate::ground::percent(u64::from(self.correct), u64::from(self.answered));
        // At most 100 when no more are right than answered.
        u32::try_from(p).unwrap_or(u32::MAX)
    }
}

/// Scores overall, per category and per objective.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Score {
    /// All questions.
    pub total: Tally,
    /// By category name.
    pub by_category: BTreeMap<String, Tally>,
    /// By objective.
    pub by_objective: BTreeMap<String, Tally>,
}

impl Score {
    /// Counts one graded item.
    pub fn add(&mut self, item: &Item, correct: bool) {
        let bump = |t: &mut Tally| {
            t.answered += 1;
            t.correct += u32::from(correct);
        };
        bump(&mut self.total);
        bump(
            self.by_category
                .entry(item.category.name().to_string())
                .or_default(),
        );
        for objective in &item.objectives {
            bump(self.by_objective.entry(objective.clone()).or_default());
        }
    }

    /// A CompTIA-style scaled score, 100–900. CompTIA's scale is not a linear map of
    /// percent correct (mx-rules.md §7): this is an estimate and must be shown as one.
    pub fn scaled_estimate(&self) -> u32 {
        100 + 8 * self.total.percent()
    }
}

/// A session in progress.
#[derive(Debug, Clone)]
pub struct Session {
    /// Practice, exam or review.
    pub mode: Mode,
    /// The questions.
    pub items: Vec<Item>,
    /// The learner's answers.
    pub responses: Vec<Option<Response>>,
    /// Grades (practice and review at once; exam on submit).
    pub verdicts: Vec<Option<Verdict>>,
    /// Exam: flagged for review.
    pub flagged: Vec<bool>,
    /// The question shown.
    pub current: usize,
    /// When the session began (seconds).
    pub started: u64,
    /// Exam: its length in seconds (a minute per question, as CompTIA's 90 in 90).
    pub limit: Option<u64>,
    /// Exam: submitted.
    pub submitted: bool,
    /// The pass mark in percent, from the bank, if it has one.
    pub pass_mark: Option<u8>,
}

impl Session {
    /// A new session at time `now`.
    pub fn new(mode: Mode, items: Vec<Item>, now: u64, pass_mark: Option<u8>) -> Self {
        let n = items.len();
        let limit = (mode == Mode::Exam).then_some(60 * n as u64);
        Session {
            mode,
            items,
            responses: vec![None; n],
            verdicts: vec![None; n],
            flagged: vec![false; n],
            current: 0,
            started: now,
            limit,
            submitted: false,
            pass_mark,
        }
    }

    /// Answers the current question. Practice and review grade it at once and
    /// return the verdict; an exam keeps it until submitted.
    pub fn answer(&mut self, response: Response, world: &World, now: u64) -> Option<&Verdict> {
        let i = self.current;
        let item = self.items.get(i)?;
        if self.submitted || self.remaining(now) == Some(0) {
            return None;
        }
        if self.mode != Mode::Exam {
            self.verdicts[i] = Some(grade(item, &response, world, now));
        }
        self.responses[i] = Some(response);
        self.verdicts[i].as_ref()
    }

    /// Flags or unflags the current question (exam).
    pub fn toggle_flag(&mut self) {
        if let Some(f) = self.flagged.get_mut(self.current) {
            *f = !*f;
        }
    }

    /// Moves to question `index` (clamped).
    pub fn go(&mut self, index: usize) {
        self.current = index.min(self.items.len().saturating_sub(1));
    }

    /// Exam: seconds left; `None` without a time limit.
    pub fn remaining(&self, now: u64) -> Option<u64> {
        self.limit.map(|l| (self.started + l).saturating_sub(now))
    }

    /// Exam: grades every answer (unanswered ones are wrong) and ends the session.
    pub fn submit(&mut self, world: &World, now: u64) -> Score {
        for (i, item) in self.items.iter().enumerate() {
            if self.verdicts[i].is_none()
                && let Some(response) = &self.responses[i]
            {
                self.verdicts[i] = Some(grade(item, response, world, now));
            }
        }
        self.submitted = true;
        self.score()
    }

    /// The score so far: answered questions (after submit: all of them).
    pub fn score(&self) -> Score {
        let mut score = Score::default();
        for (i, item) in self.items.iter().enumerate() {
            match &self.verdicts[i] {
                Some(v) => score.add(item, v.correct),
                None if self.submitted => score.add(item, false),
                None => {}
            }
        }
        score
    }

    /// Whether the session passed: against the bank's pass mark, or else against
    /// CompTIA's 720 on the estimated scale.
    pub fn passed(&self) -> bool {
        let score = self.score();
        match self.pass_mark {
            Some(mark) => score.total.percent() >= u32::from(mark),
            None => score.scaled_estimate() >= 720,
        }
    }
}
