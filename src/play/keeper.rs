//! The exam keeper: an exam in progress is written as `exam.json` beside the
//! progress store whenever it changes (an answer, a flag, a move, and the clock
//! every half minute), removed once submitted, and resumed from there by any front
//! end (the app's *Resume exam*, `mxdrill exam --plain --resume`).

use super::exam;
use super::session::{EXAM_NOT_SAVED, Study};
use crate::content::Library;
use crate::progress::{self, NotRead, SavedExam};
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
    /// Why the `exam.json` there could not be read at all (no permission, a folder,
    /// a FIFO): it is left as it is, and no exam is written over it.
    refused: Option<String>,
}

impl ExamKeeper {
    /// A keeper that writes into `dir` (`None`: memory only), with the exam saved
    /// there read back. As the progress store: a saved exam whose bytes are not an
    /// exam of this version (damaged, or written by a newer mxdrill) is kept aside as
    /// `exam.json.unreadable-<now>`, never written over; one that cannot be read at
    /// all is left where it is and no exam is saved over it. The message says which,
    /// and where, for the app, the plain mode and the command line alike.
    pub fn open(dir: Option<&Path>, now: u64) -> (Self, Option<String>) {
        let mut keeper = ExamKeeper {
            dir: dir.map(Path::to_path_buf),
            saved: None,
            saved_at: now,
            refused: None,
        };
        let message = match dir.map(|d| (d, progress::read_exam(d))) {
            Some((_, Some(Ok(exam)))) => {
                keeper.saved = Some(exam);
                None
            }
            Some((dir, Some(Err(NotRead::Unreadable(why))))) => {
                let path = progress::exam_file(dir);
                Some(match progress::keep_aside(&path, "unreadable", now) {
                    Ok(aside) => format!(
                        "the saved exam could not be read ({why}); it was kept as {}",
                        aside.display()
                    ),
                    Err(e) => {
                        let problem = format!(
                            "the saved exam could not be read ({why}) nor kept aside ({e}); it is left as it is and no exam is saved over it"
                        );
                        keeper.refused = Some(problem.clone());
                        problem
                    }
                })
            }
            Some((_, Some(Err(NotRead::Refused(why))))) => {
                let problem = format!(
                    "the saved exam cannot be read: {why}; it is left as it is and no exam is saved over it"
                );
                keeper.refused = Some(problem.clone());
                Some(problem)
            }
            Some((_, None)) | None => None,
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
        let problem = match (&self.dir, &self.refused) {
            // A file not ours is never removed, nor written over.
            (Some(_), Some(why)) => now_saved
                .as_ref()
                .map(|_| format!("{EXAM_NOT_SAVED}: {why}")),
            (Some(dir), None) => progress::write_exam(dir, now_saved.as_ref())
                .err()
                .map(|e| {
                    let path = progress::exam_file(dir);
                    format!("{EXAM_NOT_SAVED}: {}: {e}", path.display())
                }),
            (None, _) => None,
        };
        self.saved = now_saved;
        self.saved_at = now;
        problem
    }

    /// The saved exam as a study again at `now`, with a note when questions changed
    /// in the banks and were left out. One that cannot be resumed with the banks
    /// loaded now (a `--content` bank not given this time) is never removed: it is
    /// kept aside as `exam.json.unresumable-<now>`, out of the way of new exams
    /// (left in place it would stop every new exam from being saved, and the app's
    /// *Resume exam* would fail each time), and `Err` says why, where it is and how
    /// to go on with it.
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
                let mut banks: Vec<&str> =
                    saved.questions.iter().map(|q| q.bank.as_str()).collect();
                banks.sort_unstable();
                banks.dedup();
                let banks = banks.join(", ");
                let kept = match &self.dir {
                    Some(dir) => {
                        let path = progress::exam_file(dir);
                        match progress::keep_aside(&path, "unresumable", now) {
                            Ok(aside) => format!(
                                "; it was kept as {}: to go on with it, rename it back to {} and start mxdrill with --content FOLDER holding its banks ({banks})",
                                aside.display(),
                                path.display()
                            ),
                            Err(err) => {
                                let left = format!(
                                    "; it is left as {} ({err}) and no exam is saved over it: start mxdrill with --content FOLDER holding its banks ({banks}) to go on with it",
                                    path.display()
                                );
                                self.refused = Some(format!("the saved exam{left}"));
                                left
                            }
                        }
                    }
                    None => String::new(),
                };
                self.saved = None;
                Err(format!("the saved exam cannot be resumed: {e}{kept}"))
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
