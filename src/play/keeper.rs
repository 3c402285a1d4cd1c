//! The exam keeper: an exam in progress is written as `exam.json` beside the
//! progress store whenever it changes (an answer, a flag, a move, and the clock
//! every half minute), removed once submitted, and resumed from there by any front
//! end (the app's *Resume exam*, `mxdrill exam --plain --resume`).

use super::exam;
use super::session::Study;
use crate::content::Library;
use crate::progress::{self, SavedExam};
use crate::quiz::Mode;
use std::path::{Path, PathBuf};

/// How often the clock alone is saved with the exam (seconds): a crash costs at
/// most this much of the time used.
pub const CLOCK_EVERY: u64 = 30;

/// The saved exam and where it is kept.
#[derive(Debug, Clone, Default)]
pub struct ExamKeeper {
    /// The learner's folder (`None`: kept in memory only, for this run).
    dir: Option<PathBuf>,
    /// The exam in progress as last saved.
    pub saved: Option<SavedExam>,
    /// When it was last saved.
    saved_at: u64,
}

impl ExamKeeper {
    /// A keeper that writes into `dir` (`None`: memory only), with the exam saved
    /// there read back; the message says why a saved exam there cannot be read.
    pub fn open(dir: Option<&Path>, now: u64) -> (Self, Option<String>) {
        let mut keeper = ExamKeeper {
            dir: dir.map(Path::to_path_buf),
            saved: None,
            saved_at: now,
        };
        let message = match dir.and_then(progress::read_exam) {
            Some(Ok(exam)) => {
                keeper.saved = Some(exam);
                None
            }
            Some(Err(e)) => Some(format!("the saved exam cannot be read: {e}")),
            None => None,
        };
        (keeper, message)
    }

    /// Whether the saved exam is `study`'s own (the same questions in order).
    pub fn holds(&self, study: &Study) -> bool {
        let items = &study.session.items;
        self.saved.as_ref().is_some_and(|saved| {
            saved.questions.len() == items.len()
                && saved
                    .questions
                    .iter()
                    .zip(items)
                    .all(|(a, b)| a.bank == b.bank && a.question == b.id)
        })
    }

    /// Whether only the clock is due to be saved at `now`.
    pub fn clock_due(&self, now: u64) -> bool {
        now >= self.saved_at + CLOCK_EVERY
    }

    /// Saves `study`'s exam when it changed (an answer, a flag, a move), or removes
    /// the saved one once it is submitted. `force`: also when only the clock moved.
    /// Returns a problem writing it, to tell the learner.
    pub fn keep(&mut self, study: &Study, now: u64, force: bool) -> Option<String> {
        if study.session.mode != Mode::Exam {
            return None;
        }
        let now_saved = exam::saved(study, now);
        // Nothing to keep (generated questions) removes only this exam's own file.
        if now_saved.is_none() && !self.holds(study) {
            return None;
        }
        let same = match (&now_saved, &self.saved) {
            (Some(a), Some(b)) => !force && a.questions == b.questions && a.current == b.current,
            (None, None) => true,
            _ => false,
        };
        if same {
            return None;
        }
        let problem = self
            .dir
            .as_deref()
            .and_then(|dir| progress::write_exam(dir, now_saved.as_ref()).err())
            .map(|e| format!("the exam could not be saved: {e}"));
        self.saved = now_saved;
        self.saved_at = now;
        problem
    }

    /// The saved exam as a study again at `now`, with a note when questions changed
    /// in the banks and were left out. One that cannot be resumed is removed, and
    /// `Err` says why.
    pub fn resume(
        &mut self,
        library: &Library,
        now: u64,
    ) -> Result<(Study, Option<String>), String> {
        let Some(saved) = &self.saved else {
            return Err("there is no saved exam".into());
        };
        match exam::resume(library, saved, now) {
            Ok((study, dropped)) => {
                let note = (dropped > 0).then(|| {
                    format!(
                        "{dropped} question{} of the saved exam changed in the banks and {} left out",
                        if dropped == 1 { "" } else { "s" },
                        if dropped == 1 { "was" } else { "were" }
                    )
                });
                Ok((study, note))
            }
            Err(e) => {
                if let Some(dir) = &self.dir {
                    let _ = progress::write_exam(dir, None);
                }
                self.saved = None;
                Err(format!("the saved exam cannot be resumed: {e}"))
            }
        }
    }

    /// How many of the saved exam's questions are answered, and how many it has.
    pub fn answered(&self) -> Option<(usize, usize)> {
        self.saved.as_ref().map(|exam| {
            let answered = exam.questions.iter().filter(|q| q.answer.is_some()).count();
            (answered, exam.questions.len())
        })
    }
}
