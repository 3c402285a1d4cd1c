//! A sitting: one study as a learner works through it, whatever the front end. It
//! holds the answer being entered, the exam's drafts (what is entered is kept when
//! the learner moves on), auto-advance after an exam answer, the second S that
//! submits, and where the page is scrolled; it takes [`Command`]s and says what it
//! cannot do itself as an [`Effect`]. The app maps keys to commands and draws it;
//! the plain mode gives it whole answers, one a line.

use super::console::History;
use super::input::AnswerInput;
use super::line::{Edit, LineEditor};
use super::review::{self, ReviewList};
use super::session::Study;
use crate::delivery::Setup;
use crate::dns::World;
use crate::progress::Store;
use crate::quiz::{Item, Mode, Response};

/// What a learner asks of a question.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Move the cursor up (while typing: an older command from the history).
    Up,
    /// Move the cursor down (while typing: a newer command).
    Down,
    /// Choose option N (0-based): a choice or predict question is answered at once.
    Choose(usize),
    /// Mark or unmark the option under the cursor.
    Toggle,
    /// Move the host under the cursor up (order questions).
    MoveUp,
    /// Move the host under the cursor down (order questions).
    MoveDown,
    /// Answer with what is entered; on feedback, go on; on a command question
    /// whose line was left, type again.
    Enter,
    /// A whole answer at once (a line of the plain mode).
    Answer(Response),
    /// Exam: the previous question.
    Prev,
    /// Exam: the next question (after the last: offer to submit).
    Next,
    /// Exam: flag the question for review.
    Flag,
    /// Exam: submit (the first asks, a second submits).
    Submit,
    /// Yes to the question asked (submit the exam).
    Yes,
    /// A character typed into the command line.
    Type(char),
    /// Delete the character before the cursor.
    Backspace,
    /// An edit of the command line.
    Edit(Edit),
    /// Scroll up a page (the question and the zone beside it).
    PageUp,
    /// Scroll down a page.
    PageDown,
    /// Leave the command line, so that keys are keys again.
    StopTyping,
    /// Exam: type into an answered command again (Enter does the same).
    EditAnswer,
    /// After a predict or order question: watch its delivery.
    Replay,
    /// After a right answer in practice or review: rate how well it was known
    /// (saved at once; see [`super::rating::Offer`]).
    Rate(crate::progress::Rating),
    /// Exam: open the review list of every question (`play::review`).
    List,
    /// Review list: back to the question it was opened from.
    CloseList,
    /// Review list: open the next unanswered question.
    NextUnanswered,
}

/// What a command asks of the front end beyond this sitting.
#[derive(Debug, Clone)]
pub enum Effect {
    /// Nothing more.
    None,
    /// Show the results.
    Results,
    /// Watch this delivery in the simulator.
    Watch(Setup),
}

/// A study being worked through.
#[derive(Debug, Clone)]
pub struct Sitting {
    /// The session and its saving.
    pub study: Study,
    /// The answer being entered.
    pub input: AnswerInput,
    /// Exam: waiting for a second S to submit.
    pub confirm_submit: bool,
    /// Rows the learner scrolled the page, from where the focus keeps it.
    pub scroll: i32,
    /// Rows the zone beside the question is scrolled.
    pub zone_scroll: u16,
    /// Its answers are in the run's history.
    pub counted: bool,
    /// Why the last Enter was refused (a command that does not run, nothing marked),
    /// or that the answer just given could not be saved.
    pub notice: Option<String>,
    /// Keys go into the command line (command questions; Tab and Esc leave it). An
    /// answered command is locked: exam keys stay keys until Enter or `e` edits it.
    pub editing: bool,
    /// The exam ended because its time was up.
    pub times_up: bool,
    /// After an answer saved to the store: the question's index and when it comes
    /// back for review (`progress::comes_back`); not for generated drills.
    pub comes_back: Option<(usize, String)>,
    /// After a right answer saved to the store: the offer to rate it.
    pub rating: Option<super::rating::Offer>,
    /// Exam: the review list of every question is open (the first S, or the list
    /// key); commands move in it until it opens a question or closes.
    pub review: Option<super::review::ReviewList>,
}

impl Sitting {
    /// A sitting of `study`, on its current question.
    pub fn new(study: Study) -> Self {
        let mut sitting = Sitting {
            study,
            input: AnswerInput::default(),
            confirm_submit: false,
            scroll: 0,
            zone_scroll: 0,
            counted: false,
            notice: None,
            editing: true,
            times_up: false,
            comes_back: None,
            rating: None,
            review: None,
        };
        sitting.show();
        sitting
    }

    /// The question shown.
    pub fn item(&self) -> Option<&Item> {
        self.study.session.items.get(self.study.session.current)
    }

    /// Whether this is an exam still running (not submitted).
    pub fn in_exam(&self) -> bool {
        self.study.session.mode == Mode::Exam && !self.study.session.submitted
    }

    /// Shows the current question with the answer given earlier, if any.
    fn show(&mut self) {
        let s = &self.study.session;
        self.input = match s.items.get(s.current) {
            Some(item) => AnswerInput::new(item, s.responses[s.current].as_ref()),
            None => AnswerInput::default(),
        };
        self.scroll = 0;
        self.zone_scroll = 0;
        self.notice = None;
        self.editing = s.responses.get(s.current).is_none_or(Option::is_none);
    }

    /// Moves to question `index`. In an exam, what was entered on the question left
    /// (marks, an arrangement, a command that runs) is kept as its answer, as on
    /// the real exam; unmarking everything leaves it unanswered.
    pub fn go(&mut self, index: usize) {
        self.keep_draft();
        self.study.session.go(index);
        self.show();
    }

    /// Exam: the answer entered on the current question, kept in the session.
    pub fn keep_draft(&mut self) {
        let s = &self.study.session;
        if s.mode != Mode::Exam || s.submitted {
            return;
        }
        // Kept as entered, even in the last second: an exam grades only on submit.
        let i = s.current;
        if let Some(kept) = s.items.get(i).and_then(|item| self.input.draft(item)) {
            self.study.session.responses[i] = kept;
        }
    }

    /// Exam: how many questions are unanswered and flagged.
    pub fn open_and_flagged(&self) -> (usize, usize) {
        let s = &self.study.session;
        (
            s.responses.iter().filter(|r| r.is_none()).count(),
            s.flagged.iter().filter(|f| **f).count(),
        )
    }

    /// Exam: keeps the current answer and grades the exam.
    pub fn submit(&mut self, world: &World, now: u64) {
        self.keep_draft();
        self.confirm_submit = false;
        self.review = None;
        self.study.session.submit(world, now);
    }

    /// The clock moved to `now`: an exam whose time is up is submitted (true).
    pub fn time_up(&mut self, world: &World, now: u64) -> bool {
        let s = &self.study.session;
        if s.remaining(now) != Some(0) || s.submitted {
            return false;
        }
        self.submit(world, now);
        self.times_up = true;
        true
    }

    /// The offer to rate the current question's right answer, if there is one.
    pub fn offer(&self) -> Option<&super::rating::Offer> {
        self.rating
            .as_ref()
            .filter(|o| o.index == self.study.session.current && self.graded())
    }

    /// Whether the feedback offers to rate the answer (keys 1 to 4).
    pub fn offers_rating(&self) -> bool {
        self.offer().is_some()
    }

    /// Whether the current question has been graded (practice feedback is showing).
    pub fn graded(&self) -> bool {
        let s = &self.study.session;
        s.verdicts.get(s.current).is_some_and(Option::is_some)
    }

    /// Whether keys go into the command line.
    pub fn typing(&self) -> bool {
        self.editing
            && self.review.is_none()
            && !self.graded()
            && !self.study.session.submitted
            && self.item().is_some_and(|i| i.kind.entry().typed())
    }

    /// Exam: the current question is an answered command, locked until the learner
    /// asks to edit it (Enter or `e`).
    pub fn locked(&self) -> bool {
        let s = &self.study.session;
        self.in_exam()
            && !self.editing
            && self.item().is_some_and(|i| i.kind.entry().typed())
            && s.responses.get(s.current).is_some_and(Option::is_some)
    }

    /// The learner points at option `i` (a mouse click): the first time the cursor
    /// moves there; true when it is there already and the option is to be chosen
    /// (an order question has nothing to choose: pointing only moves the cursor).
    pub fn point(&mut self, i: usize) -> bool {
        if self.input.cursor == i {
            return self
                .item()
                .is_some_and(|item| !item.kind.entry().arranged());
        }
        self.input.cursor = i;
        self.input.touched = true;
        self.scroll = 0;
        false
    }

    /// Applies a command at `now`; `history` holds the commands typed.
    pub fn update(
        &mut self,
        command: Command,
        world: &World,
        now: u64,
        history: &mut History,
    ) -> Effect {
        let Some(item) = self.item().cloned() else {
            return Effect::None;
        };
        let exam = self.study.session.mode == Mode::Exam;
        if self.confirm_submit {
            self.confirm_submit = false;
            if exam && matches!(command, Command::Submit | Command::Yes) {
                self.submit(world, now);
                return Effect::Results;
            }
        }
        if exam && !self.study.session.submitted && self.review.is_some() {
            return self.in_list(command, world, now);
        }
        match command {
            Command::PageUp | Command::PageDown => {
                let up = command == Command::PageUp;
                self.scroll = (self.scroll + if up { -10 } else { 10 }).clamp(-500, 500);
                self.zone_scroll = match up {
                    true => self.zone_scroll.saturating_sub(10),
                    false => self.zone_scroll.saturating_add(10).min(500),
                };
                return Effect::None;
            }
            Command::StopTyping => {
                self.editing = false;
                return Effect::None;
            }
            _ => {}
        }
        if self.graded() && !exam {
            return self.feedback(command, &item);
        }
        let i = self.study.session.current;
        let last = self.study.session.items.len().saturating_sub(1);
        self.scroll = 0;
        let typing = self.typing();
        match command {
            Command::Up | Command::Down if typing => {
                let line = history.browse(command == Command::Up, self.input.command.text());
                self.input.command = LineEditor::new(&line);
                self.input.touched = true;
            }
            Command::Type(c) if typing => self.edit(Edit::Insert(c)),
            Command::Backspace if typing => self.edit(Edit::DeleteBack),
            Command::Edit(e) if typing => self.edit(e),
            Command::Enter | Command::EditAnswer if item.kind.entry().typed() && !typing => {
                self.editing = true
            }
            Command::Up => self.input.up(),
            Command::Down => self.input.down(),
            Command::Choose(k) => {
                self.input.choose(item.kind, k);
                if item.kind.entry().picks_one() && k < item.options.len() {
                    self.answer(&item, world, now, history);
                }
            }
            Command::Toggle => self.input.toggle(item.kind),
            Command::MoveUp if item.kind.entry().arranged() => self.input.shift(true),
            Command::MoveDown if item.kind.entry().arranged() => self.input.shift(false),
            Command::Enter => self.answer(&item, world, now, history),
            Command::Answer(response) => {
                // Shown as entered, so the exam's draft keeps it when moving on.
                self.input = AnswerInput::new(&item, Some(&response));
                self.record(response, world, now);
            }
            Command::Prev if exam && i > 0 => self.go(i - 1),
            Command::Next if exam && i < last => self.go(i + 1),
            Command::Next if exam => {
                self.keep_draft();
                self.confirm_submit = true;
            }
            Command::Flag if exam => self.study.session.toggle_flag(),
            // The first S shows the review list and asks; S again submits.
            Command::Submit if exam => {
                self.keep_draft();
                self.confirm_submit = true;
                self.notice = None;
                self.review = Some(ReviewList::at(i));
            }
            Command::List if exam => {
                self.keep_draft();
                // A question's notice ("mark an option first") is not the list's.
                self.notice = None;
                self.review = Some(ReviewList::at(i));
            }
            _ => {}
        }
        // An exam keeps what is entered at once, so it is saved with the exam.
        self.keep_draft();
        Effect::None
    }

    /// Applies a command like [`update`](Self::update), then writes any verdict it
    /// gave to `store` before returning, so that a front end shows feedback only for
    /// an answer already on disk (a kill right after the feedback loses nothing).
    /// Returns the effect and what could not be saved.
    pub fn update_saving(
        &mut self,
        command: Command,
        world: &World,
        now: u64,
        history: &mut History,
        store: Option<&mut Store>,
    ) -> (Effect, Vec<String>) {
        if let Command::Rate(rating) = command {
            return (Effect::None, self.rate(rating, now, store));
        }
        let i = self.study.session.current;
        let answered = self
            .study
            .session
            .verdicts
            .get(i)
            .is_some_and(Option::is_some);
        let effect = self.update(command, world, now, history);
        let problems = match store {
            Some(store) => {
                let problems = self.study.save(store, now);
                let graded = self
                    .study
                    .session
                    .verdicts
                    .get(i)
                    .is_some_and(Option::is_some);
                // Said only of an answer that is on disk.
                let saved = !problems
                    .iter()
                    .any(|p| p.starts_with(crate::play::session::NOT_SAVED));
                // Said at once under the answer, in every front end: the learner
                // knows from the first failure that progress is not being kept.
                if !saved {
                    self.notice = problems
                        .iter()
                        .find(|p| p.starts_with(crate::play::session::NOT_SAVED))
                        .cloned();
                }
                if graded && !answered && saved {
                    let item = &self.study.session.items[i];
                    // Generated drills share one entry per kind and are never
                    // reviewed: no hint for them.
                    self.comes_back = (!item.generated)
                        .then(|| {
                            store
                                .progress
                                .comes_back(&item.bank, &item.progress_id(), now)
                        })
                        .flatten()
                        .map(|hint| (i, hint));
                    self.rating = super::rating::Offer::of(&self.study, i, store, now);
                }
                problems
            }
            None => Vec::new(),
        };
        (effect, problems)
    }

    /// Rates the right answer offered for rating (the app offers it while its
    /// feedback shows; the plain mode takes the rating on the next line, when the
    /// next question is shown already), saved at once; the offer and the hint then
    /// say the rating and its date. Returns what could not be saved.
    fn rate(
        &mut self,
        rating: crate::progress::Rating,
        now: u64,
        store: Option<&mut Store>,
    ) -> Vec<String> {
        let (Some(store), Some(i)) = (store, self.rating.as_ref().map(|o| o.index)) else {
            return Vec::new();
        };
        let problems = self.study.rate(i, rating, store);
        if let Some(failed) = problems
            .iter()
            .find(|p| p.starts_with(super::session::RATING_NOT_SAVED))
        {
            // Said on the feedback itself: the date shown stays the one on disk.
            if let Some(offer) = self.rating.as_mut() {
                offer.problem = Some(failed.clone());
            }
            return problems;
        }
        self.rating = super::rating::Offer::of(&self.study, i, store, now);
        let item = &self.study.session.items[i];
        let hint = store
            .progress
            .comes_back(&item.bank, &item.progress_id(), now);
        let rated = self.rating.as_ref().and_then(super::rating::Offer::rated);
        self.comes_back = hint.map(|h| match rated {
            Some(rated) => (i, format!("{h} {rated}")),
            None => (i, h),
        });
        problems
    }

    /// The review list is open: ↑ ↓ and a typed number select a question, Enter
    /// opens it, `u` opens the next unanswered one, Esc goes back to the question
    /// the list was opened from, S submits.
    fn in_list(&mut self, command: Command, world: &World, now: u64) -> Effect {
        let Some(list) = self.review.as_mut() else {
            return Effect::None;
        };
        let total = self.study.session.items.len();
        self.notice = None;
        match command {
            Command::Up | Command::Down => list.step(command == Command::Up, total),
            Command::Type(c) => list.digit(c, total),
            Command::Backspace => list.back(total),
            Command::Enter => match list.refused(total) {
                Some(why) => {
                    list.typed.clear();
                    self.notice = Some(why);
                }
                None => {
                    let to = list.target(total).unwrap_or(list.selected);
                    self.review = None;
                    self.go(to);
                }
            },
            Command::NextUnanswered => {
                let after = list.selected;
                match review::next_unanswered(&self.study.session, after) {
                    Some(to) => {
                        self.review = None;
                        self.go(to);
                    }
                    None => self.notice = Some("Every question is answered.".into()),
                }
            }
            Command::CloseList => {
                let from = list.from;
                self.review = None;
                if from != self.study.session.current {
                    self.go(from);
                }
            }
            Command::Submit | Command::Yes => {
                self.submit(world, now);
                return Effect::Results;
            }
            _ => {}
        }
        Effect::None
    }

    fn edit(&mut self, edit: Edit) {
        self.input.command.edit(edit);
        self.input.touched = true;
        self.notice = None;
    }

    /// Practice feedback is showing: up and down scroll it, Replay watches the
    /// delivery, Enter moves on.
    fn feedback(&mut self, command: Command, item: &Item) -> Effect {
        match command {
            Command::Up => self.scroll = (self.scroll - 1).max(-500),
            Command::Down => self.scroll = (self.scroll + 1).min(500),
            Command::Replay => {
                if let Some(setup) = &item.replay {
                    return Effect::Watch(setup.clone());
                }
            }
            Command::Enter => {
                let next = self.study.session.current + 1;
                if next < self.study.session.items.len() {
                    self.study.session.go(next);
                    self.show();
                } else {
                    return Effect::Results;
                }
            }
            _ => {}
        }
        Effect::None
    }

    /// Enter: the answer entered so far, if it is one.
    fn answer(&mut self, item: &Item, world: &World, now: u64, history: &mut History) {
        if item.kind.entry().typed() {
            history.push(self.input.command.text());
        }
        match self.input.response(item) {
            Ok(response) => self.record(response, world, now),
            Err(why) => self.notice = Some(why),
        }
    }

    /// Records `response` as the current question's answer (practice grades it);
    /// an exam moves on, and after its last question offers to submit.
    fn record(&mut self, response: Response, world: &World, now: u64) {
        self.notice = None;
        self.study.session.answer(response, world, now);
        self.input.touched = false;
        // An answered command is locked: the keys that follow are keys, not text.
        self.editing = false;
        let s = &self.study.session;
        if s.mode == Mode::Exam {
            match s.current + 1 < s.items.len() {
                true => self.go(s.current + 1),
                // The last question: offer to submit.
                false => self.confirm_submit = true,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::play::SessionSpec;
    use crate::quiz::{Filter, Score};

    /// An exam of two multi questions (whose draft of nothing marked is "no answer").
    fn exam() -> (crate::content::Library, Sitting) {
        let library = crate::content::load(&crate::content::bundled_sources());
        let spec = SessionSpec {
            filter: Filter {
                kind: Some(crate::content::bank::Kind::Multi),
                ..Filter::default()
            },
            count: Some(2),
            ..SessionSpec::new(Mode::Exam, 3)
        };
        let study = spec
            .start(&library, None, &Score::default(), 0)
            .expect("an exam");
        (library, Sitting::new(study))
    }

    #[test]
    fn an_exam_moves_on_after_each_answer_keeps_it_and_offers_to_submit_after_the_last() {
        let (library, mut s) = exam();
        let (world, mut history) = (&library.world, History::default());
        let pick = Response::Pick(vec![0, 1]);
        s.update(Command::Answer(pick.clone()), world, 0, &mut history);
        assert_eq!(s.study.session.current, 1, "auto-advance");
        s.update(Command::Prev, world, 0, &mut history);
        s.update(Command::Next, world, 0, &mut history);
        assert_eq!(s.study.session.responses[0], Some(pick.clone()), "kept");
        s.update(Command::Answer(pick.clone()), world, 0, &mut history);
        assert!(s.confirm_submit, "the last answer offers to submit");
        assert!(matches!(
            s.update(Command::Yes, world, 0, &mut history),
            Effect::Results
        ));
        assert!(s.study.session.submitted);
        assert_eq!(
            s.study.session.responses,
            vec![Some(pick.clone()), Some(pick)]
        );
    }

    #[test]
    fn keys_mark_a_draft_that_the_exam_keeps_and_unmarking_takes_it_back() {
        let (library, mut s) = exam();
        let (world, mut history) = (&library.world, History::default());
        s.update(Command::Toggle, world, 0, &mut history);
        assert_eq!(s.study.session.responses[0], Some(Response::Pick(vec![0])));
        s.update(Command::Toggle, world, 0, &mut history);
        assert_eq!(s.study.session.responses[0], None);
    }
}
