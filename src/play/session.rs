//! Sessions as every front end starts them: one spec (mode, drills, filter, count,
//! seed) with one set of defaults per mode, the questions chosen once, the pass
//! mark decided once, and answers recorded into the progress store once.

use crate::content::Library;
use crate::content::bank::{Category, Kind};
use crate::progress::{self, Progress, Store};
use crate::quiz::{self, Filter, Mode, Order, PrepareError, Score, Session};

/// The most questions a session asks (a bound, so a typo cannot ask for billions,
/// and drills, generated per question, stay within time and memory).
pub const MAX_COUNT: usize = 1000;

/// What a learner asked of a session, as a front end received it (the command
/// line's `--count`, `--kind`, ...), not yet checked: [`SessionSpec::from_options`]
/// checks it and fills in the defaults.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SessionOptions {
    /// How many questions (1 to [`MAX_COUNT`]); `None`: the mode's default.
    pub count: Option<usize>,
    /// Seed for choosing and shuffling; `None`: the front end's own.
    pub seed: Option<u64>,
    /// Only this kind, by name (`zone-line`).
    pub kind: Option<String>,
    /// Only this category, by name.
    pub category: Option<String>,
    /// Only questions of these banks.
    pub banks: Vec<String>,
    /// Generated drills instead of the banks.
    pub drills: bool,
    /// Go on with the saved exam (exams only).
    pub resume: bool,
}

/// How a problem of [`Study::save`] begins when the answer itself is not on disk
/// (other problems are notices about the store).
pub const NOT_SAVED: &str = "this answer could not be saved";

/// How a problem of [`Study::rate`] begins: the rating is not on disk (and not
/// taken: the question keeps the date it had).
pub const RATING_NOT_SAVED: &str = "this rating could not be saved";

/// How a problem of `ExamKeeper::keep` begins: the exam in progress is not on disk.
pub const EXAM_NOT_SAVED: &str = "the exam could not be saved";

/// Whether `problem` says that something the learner did is not on disk (an
/// answer, a rating, the exam in progress), not a notice about the store.
pub fn is_not_saved(problem: &str) -> bool {
    [NOT_SAVED, RATING_NOT_SAVED, EXAM_NOT_SAVED]
        .iter()
        .any(|p| problem.starts_with(p))
}

/// What a session asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionSpec {
    /// Practice, exam or review.
    pub mode: Mode,
    /// Generated drills instead of the banks.
    pub drills: bool,
    /// Which questions may come.
    pub filter: Filter,
    /// How many; `None`: the mode's default.
    pub count: Option<usize>,
    /// Seed for choosing and shuffling.
    pub seed: u64,
}

impl SessionSpec {
    /// A session of `mode` with the defaults.
    pub fn new(mode: Mode, seed: u64) -> Self {
        SessionSpec {
            mode,
            drills: false,
            filter: Filter::default(),
            count: None,
            seed,
        }
    }

    /// The spec a learner's `options` ask for; `seed` when they give none.
    pub fn from_options(mode: Mode, options: &SessionOptions, seed: u64) -> Result<Self, String> {
        if options.resume && mode != Mode::Exam {
            return Err("--resume: only an exam is saved to go on with later".into());
        }
        let kind = options.kind.as_deref().map(parse_kind).transpose()?;
        let category = options
            .category
            .as_deref()
            .map(parse_category)
            .transpose()?;
        if let Some(n) = options.count
            && !(1..=MAX_COUNT).contains(&n)
        {
            return Err(format!("--count {n}: choose from 1 to {MAX_COUNT}"));
        }
        Ok(SessionSpec {
            mode,
            drills: options.drills,
            filter: Filter {
                kind,
                category,
                banks: options.banks.clone(),
                exam_only: false,
            },
            count: options.count,
            seed: options.seed.unwrap_or(seed),
        })
    }

    /// How many questions: the spec's count, else 20 for an exam or drills, 10
    /// otherwise.
    pub fn count(&self) -> usize {
        self.count
            .unwrap_or(if self.mode == Mode::Exam || self.drills {
                20
            } else {
                10
            })
            .min(MAX_COUNT)
    }

    /// Starts the session at `now`. Review follows the progress store's schedule when
    /// there is one, else this run's weakest categories (`history`).
    pub fn start(
        &self,
        library: &Library,
        progress: Option<&Progress>,
        history: &Score,
        now: u64,
    ) -> Result<Study, String> {
        if let Some(unknown) = self
            .filter
            .banks
            .iter()
            .find(|id| !library.banks.iter().any(|b| &b.bank == *id))
        {
            if let Some(why) = library.skipped_bank(unknown) {
                return Err(format!("no bank '{unknown}': {why}"));
            }
            let known: Vec<&str> = library.banks.iter().map(|b| b.bank.as_str()).collect();
            return Err(format!("no bank '{unknown}' (banks: {})", known.join(", ")));
        }
        if self.drills {
            let items = quiz::drills(self.seed, self.count());
            return Ok(Study::new(
                Session::new(self.mode, items, now, None),
                Vec::new(),
            ));
        }
        let due;
        let order = match (self.mode, progress) {
            (Mode::Review, Some(p)) => {
                due = progress::due_order(p);
                Order::Due { due: &due, now }
            }
            (Mode::Review, None) => Order::Weakest(history),
            _ => Order::Shuffled,
        };
        // Exams keep to the objectives: deep-dive questions are for practice.
        let filter = Filter {
            exam_only: self.mode == Mode::Exam,
            ..self.filter.clone()
        };
        let picked = quiz::select(library, &filter, order, Some(self.count()), self.seed);
        if picked.items.is_empty() {
            return Err(match picked.skipped.first() {
                Some(e) => format!("no question can be asked: {e}"),
                None => "no question matches".into(),
            });
        }
        let pass_mark = pass_mark(library, &picked.items);
        let session = Session::new(self.mode, picked.items, now, pass_mark);
        Ok(Study::new(session, picked.skipped))
    }
}

/// A bank's pass mark applies to a session drawn from that bank only: every item
/// must come from banks with the same mark.
fn pass_mark(library: &Library, items: &[quiz::Item]) -> Option<u8> {
    let mark_of = |bank: &str| {
        library
            .banks
            .iter()
            .find(|b| b.bank == bank)
            .and_then(|b| b.pass_mark)
    };
    let first = mark_of(&items.first()?.bank)?;
    items
        .iter()
        .all(|i| mark_of(&i.bank) == Some(first))
        .then_some(first)
}

/// `choice`, `multi`, ... as a kind.
pub fn parse_kind(text: &str) -> Result<Kind, String> {
    Kind::ALL
        .into_iter()
        .find(|k| k.name() == text)
        .ok_or_else(|| {
            let names: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
            format!("unknown kind '{text}' ({})", names.join(", "))
        })
}

/// `priority`, `tools`, ... as a category.
pub fn parse_category(text: &str) -> Result<Category, String> {
    Category::ALL
        .into_iter()
        .find(|c| c.name() == text)
        .ok_or_else(|| {
            let names: Vec<&str> = Category::ALL.iter().map(|c| c.name()).collect();
            format!("unknown category '{text}' ({})", names.join(", "))
        })
}

/// A session and what became of its answers.
#[derive(Debug, Clone)]
pub struct Study {
    /// The session.
    pub session: Session,
    /// Questions that could not be prepared, with why.
    pub skipped: Vec<PrepareError>,
    /// Which verdicts are in the progress store.
    saved: Vec<bool>,
    /// The answers on disk, by question: their events' `(at, nonce)`, to rate them.
    answers: Vec<Option<(u64, u64)>>,
}

impl Study {
    /// A study of `session`.
    pub fn new(session: Session, skipped: Vec<PrepareError>) -> Self {
        let saved = vec![false; session.items.len()];
        let answers = vec![None; session.items.len()];
        Study {
            session,
            skipped,
            saved,
            answers,
        }
    }

    /// Records every verdict not yet in `store` (practice at once, an exam when
    /// submitted); generated drills count per category, under one entry per kind.
    /// Returns what could not be saved.
    pub fn save(&mut self, store: &mut Store, now: u64) -> Vec<String> {
        let mut problems = Vec::new();
        for (i, item) in self.session.items.iter().enumerate() {
            let Some(v) = self.session.verdicts[i].as_ref().filter(|_| !self.saved[i]) else {
                continue;
            };
            match store.record(
                &item.bank,
                &item.progress_id(),
                item.category.name(),
                &item.objectives,
                v.correct,
                now,
            ) {
                Ok(event) => self.answers[i] = Some((event.at, event.nonce)),
                Err(e) => problems.push(format!("{NOT_SAVED}: {e}")),
            }
            // A store that could not be read back was kept aside: say where.
            if let Some(notice) = store.take_notice() {
                problems.push(notice);
            }
            self.saved[i] = true;
        }
        problems
    }

    /// The answer to question `i` as it is on disk: its event's `(at, nonce)`.
    pub fn answer_on_disk(&self, i: usize) -> Option<(u64, u64)> {
        self.answers.get(i).copied().flatten()
    }

    /// Rates the answer to question `i`, already on disk, and writes the store at
    /// once ([`Store::rate`]). Returns what could not be saved (beginning with
    /// [`RATING_NOT_SAVED`]); an answer not on disk is not rated.
    pub fn rate(&mut self, i: usize, rating: progress::Rating, store: &mut Store) -> Vec<String> {
        let (Some(item), Some(id)) = (self.session.items.get(i), self.answer_on_disk(i)) else {
            return vec![format!("{RATING_NOT_SAVED}: the answer is not saved")];
        };
        let mut problems = Vec::new();
        if let Err(e) = store.rate(&item.bank, &item.progress_id(), id, rating) {
            problems.push(format!("{RATING_NOT_SAVED}: {e}"));
        }
        if let Some(notice) = store.take_notice() {
            problems.push(notice);
        }
        problems
    }
}
