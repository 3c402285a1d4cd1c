//! An exam in progress, kept as `exam.json` beside `progress.json` and written
//! atomically as answers are given, so that a quit, a closed terminal or a crash
//! loses nothing: the next start offers to resume it. Questions are kept by bank id
//! and question id with their options' texts in the order shown, never by position
//! in a bank, so an edited bank cannot shift an answer onto another question.

use super::store::{MAX_STORE_BYTES, NotRead, atomic_write, read_bytes};
use serde::{Deserialize, Serialize};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The format's version.
pub const EXAM_VERSION: u32 = 1;

/// One question of a saved exam.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedQuestion {
    /// The bank id.
    pub bank: String,
    /// The question id.
    pub question: String,
    /// The options' texts in the order shown (answers index into these).
    pub options: Vec<String>,
    /// The answer given so far.
    pub answer: Option<SavedAnswer>,
    /// Flagged for review.
    pub flagged: bool,
}

/// An answer as given: options by their place as shown, or a typed command. It is
/// the learner's response as the kinds define it, kept as it serializes
/// (`{"pick": [1]}`, `{"order": [2, 0, 1]}`, `{"command": "dig …"}`).
pub type SavedAnswer = crate::kind::Response;

/// An exam in progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedExam {
    /// The format version.
    pub version: u32,
    /// Seconds of the time limit already used.
    pub elapsed: u64,
    /// The time limit in seconds.
    pub limit: u64,
    /// The pass mark in percent, if the bank has one.
    pub pass_mark: Option<u8>,
    /// The question shown when it was saved.
    pub current: usize,
    /// The questions, in the exam's order.
    pub questions: Vec<SavedQuestion>,
}

/// The saved exam's file in the learner's folder `dir`.
pub fn exam_file(dir: &Path) -> PathBuf {
    dir.join("exam.json")
}

/// Writes `exam` into `dir` atomically, or removes the saved exam (`None`: the exam
/// was submitted).
pub fn write_exam(dir: &Path, exam: Option<&SavedExam>) -> io::Result<()> {
    let path = exam_file(dir);
    match exam {
        Some(exam) => {
            let bytes = serde_json::to_vec_pretty(exam).map_err(io::Error::other)?;
            atomic_write(&path, |f| f.write_all(&bytes))
        }
        None => match std::fs::remove_file(&path) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        },
    }
}

/// The exam saved in `dir`: `None` when there is none; `Err` says why a file that
/// is there cannot be read: [`NotRead::Refused`] when it could not be read at all
/// (no permission, not a regular file, too large: read through content's reader,
/// so a FIFO or a link to `/dev/zero` is refused at once), [`NotRead::Unreadable`]
/// when its bytes are not an exam of this version (damaged, or newer).
pub fn read_exam(dir: &Path) -> Option<Result<SavedExam, NotRead>> {
    let path = exam_file(dir);
    let bytes = match read_bytes(&path, MAX_STORE_BYTES) {
        Ok(None) => return None,
        Err(e) => return Some(Err(e)),
        Ok(Some(bytes)) => bytes,
    };
    let unreadable = |why: String| NotRead::Unreadable(format!("{}: {why}", path.display()));
    Some(
        serde_json::from_slice::<SavedExam>(&bytes)
            .map_err(|e| unreadable(e.to_string()))
            .and_then(|exam| match exam.version == EXAM_VERSION {
                true => Ok(exam),
                false => Err(unreadable(format!(
                    "exam format {} is not {EXAM_VERSION}",
                    exam.version
                ))),
            }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_exam_reads_back_and_is_removed_once_submitted() {
        let dir = tempfile::tempdir().expect("dir");
        assert!(read_exam(dir.path()).is_none());
        let exam = SavedExam {
            version: EXAM_VERSION,
            elapsed: 75,
            limit: 1200,
            pass_mark: None,
            current: 1,
            questions: vec![SavedQuestion {
                bank: "mx-core".into(),
                question: "ident-mail-record".into(),
                options: vec!["A".into(), "MX".into()],
                answer: Some(SavedAnswer::Pick(vec![1])),
                flagged: true,
            }],
        };
        write_exam(dir.path(), Some(&exam)).expect("written");
        assert_eq!(read_exam(dir.path()), Some(Ok(exam)));
        write_exam(dir.path(), None).expect("removed");
        assert!(read_exam(dir.path()).is_none());
        write_exam(dir.path(), None).expect("removing twice is fine");
    }

    #[test]
    fn a_damaged_exam_file_is_reported_not_a_panic() {
        let dir = tempfile::tempdir().expect("dir");
        std::fs::write(dir.path().join("exam.json"), b"{ not json").expect("write");
        let err = read_exam(dir.path()).expect("there").expect_err("damaged");
        assert!(matches!(err, NotRead::Unreadable(_)), "{err:?}");
        assert!(err.to_string().contains("exam.json"), "{err}");
    }
}
