//! The study desk: the sitting in progress, the exam keeper and the scores of this
//! run's sessions. A front end that runs sessions one after another (the app, a
//! class) holds one and asks it to start, resume, save and finish sessions.

use super::keeper::ExamKeeper;
use super::session::SessionSpec;
use super::sitting::Sitting;
use crate::content::Library;
use crate::progress::{Progress, Store};
use crate::quiz::Score;
use std::path::Path;

/// Sessions of one run.
#[derive(Debug, Clone, Default)]
pub struct Desk {
    /// The session on the desk, if any (it stays after it ends, for its results).
    pub sitting: Option<Sitting>,
    /// The exam in progress, kept beside the progress store.
    pub keeper: ExamKeeper,
    /// Scores of the sessions of this run (the stats without a progress store).
    pub scores: Score,
    /// Percent right of each finished session, oldest first.
    pub sessions: Vec<u64>,
}

impl Desk {
    /// A desk whose exams are kept in `dir` (`None`: for this run only); the
    /// message says why a saved exam there cannot be read.
    pub fn open(dir: Option<&Path>, now: u64) -> (Self, Option<String>) {
        let (keeper, message) = ExamKeeper::open(dir, now);
        let desk = Desk {
            keeper,
            ..Desk::default()
        };
        (desk, message)
    }

    /// Whether an exam is running (not submitted).
    pub fn in_exam(&self) -> bool {
        self.sitting.as_ref().is_some_and(Sitting::in_exam)
    }

    /// Starts the session `spec` asks for at `now`, after finishing the one on the
    /// desk; `Ok` carries a note on questions that could not be prepared, `Err`
    /// why it cannot start.
    pub fn start(
        &mut self,
        spec: &SessionSpec,
        library: &Library,
        progress: Option<&Progress>,
        now: u64,
    ) -> Result<Option<String>, String> {
        self.finish();
        let study = spec.start(library, progress, &self.scores, now)?;
        // A question that cannot be prepared is skipped, and the learner told which.
        let note = study.skipped.first().map(|e| {
            let n = study.skipped.len();
            let more = if n > 1 {
                format!(" (and {} more)", n - 1)
            } else {
                String::new()
            };
            format!("skipped {e}{more}")
        });
        self.sitting = Some(Sitting::new(study));
        Ok(note)
    }

    /// Resumes the saved exam at `now`; `Ok` carries a note on questions left out.
    pub fn resume(&mut self, library: &Library, now: u64) -> Result<Option<String>, String> {
        self.finish();
        let (study, note) = self.keeper.resume(library, now)?;
        self.sitting = Some(Sitting::new(study));
        Ok(note)
    }

    /// After an exam's results: a practice session of exactly the questions it
    /// missed (`play::review::practise_missed`), after finishing the exam; `Err`
    /// says why there is none.
    pub fn practise_missed(&mut self, now: u64) -> Result<(), String> {
        let study = self
            .sitting
            .as_ref()
            .and_then(|s| super::review::practise_missed(&s.study.session, now))
            .ok_or(super::review::NONE_MISSED)?;
        self.finish();
        self.sitting = Some(Sitting::new(study));
        Ok(())
    }

    /// Adds the session's graded answers to this run's scores, once.
    pub fn finish(&mut self) {
        let Some(s) = &mut self.sitting else { return };
        if s.counted {
            return;
        }
        let session = &s.study.session;
        let score = session.score();
        if score.total.answered > 0 {
            for (item, verdict) in session.items.iter().zip(&session.verdicts) {
                if let Some(v) = verdict {
                    self.scores.add(item, v.correct);
                }
            }
            self.sessions.push(u64::from(score.total.percent()));
        }
        s.counted = true;
    }

    /// Writes the verdicts not yet in `store`; the last problem, to tell the learner.
    pub fn save_verdicts(&mut self, store: &mut Store, now: u64) -> Option<String> {
        let s = self.sitting.as_mut()?;
        s.study.save(store, now).into_iter().last()
    }

    /// Saves the exam in progress when it changed (`force`: the clock too); a
    /// problem writing it, to tell the learner.
    pub fn keep_exam(&mut self, now: u64, force: bool) -> Option<String> {
        let s = self.sitting.as_mut()?;
        let problem = self.keeper.keep(&s.study, now, force);
        // Said under the question too, at once: the exam is not being kept.
        if problem.is_some() {
            s.notice.clone_from(&problem);
        }
        problem
    }

    /// Leaving an exam: what was entered on the current question is kept, and the
    /// exam saved with the time used.
    pub fn leave_exam(&mut self, now: u64) -> Option<String> {
        let s = self.sitting.as_mut().filter(|s| s.in_exam())?;
        s.keep_draft();
        self.keep_exam(now, true)
    }
}
