//! A session on screen: the study from `play`, the answer being entered, the
//! feedback scroll; and what the keys do to a question. It knows nothing of the
//! other screens: what it cannot do itself it returns as an [`Effect`].

use super::keys::Action;
use super::lab::History;
use super::theme::Theme;
use crate::content::bank::Kind;
use crate::delivery::Setup;
use crate::dns::World;
use crate::play::{AnswerInput, Edit, Study};
use crate::quiz::{Item, Mode};

/// A session on screen.
#[derive(Debug, Clone)]
pub struct QuizState {
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
    /// Why the last Enter was refused (a command that does not run, nothing marked).
    pub notice: Option<String>,
    /// Keys go into the command line (command questions; Tab and Esc leave it).
    pub editing: bool,
    /// The exam ended because its time was up.
    pub times_up: bool,
}

/// What a key asks of the app beyond this screen.
#[derive(Debug, Clone)]
pub enum Effect {
    /// Nothing more.
    None,
    /// Show the results.
    Results,
    /// Watch this delivery in the simulator.
    Watch(Setup),
}

impl QuizState {
    /// The screen of a new study.
    pub fn new(study: Study) -> Self {
        let mut state = QuizState {
            study,
            input: AnswerInput::default(),
            confirm_submit: false,
            scroll: 0,
            zone_scroll: 0,
            counted: false,
            notice: None,
            editing: true,
            times_up: false,
        };
        state.show();
        state
    }

    /// The question shown.
    pub fn item(&self) -> Option<&Item> {
        self.study.session.items.get(self.study.session.current)
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
        self.editing = true;
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
        self.study.session.submit(world, now);
    }

    /// Whether the current question has been graded (practice feedback is showing).
    pub fn graded(&self) -> bool {
        let s = &self.study.session;
        s.verdicts.get(s.current).is_some_and(Option::is_some)
    }

    /// Whether keys go into the command line.
    pub fn typing(&self) -> bool {
        self.editing
            && !self.graded()
            && !self.study.session.submitted
            && self.item().is_some_and(|i| i.kind == Kind::Command)
    }

    /// Applies a key's action.
    pub fn update(
        &mut self,
        action: Action,
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
            if exam && matches!(action, Action::Submit | Action::Yes) {
                self.submit(world, now);
                return Effect::Results;
            }
        }
        match action {
            Action::PageUp | Action::PageDown => {
                let up = action == Action::PageUp;
                self.scroll = (self.scroll + if up { -10 } else { 10 }).clamp(-500, 500);
                self.zone_scroll = match up {
                    true => self.zone_scroll.saturating_sub(10),
                    false => self.zone_scroll.saturating_add(10).min(500),
                };
                return Effect::None;
            }
            Action::StopTyping => {
                self.editing = false;
                return Effect::None;
            }
            _ => {}
        }
        if self.graded() && !exam {
            return self.feedback(action, &item);
        }
        let i = self.study.session.current;
        let last = self.study.session.items.len().saturating_sub(1);
        if !matches!(action, Action::PageUp | Action::PageDown) {
            self.scroll = 0;
        }
        let typing = self.typing();
        match action {
            Action::Up | Action::Down if typing => {
                let line = history.browse(action == Action::Up, self.input.command.text());
                self.input.command = crate::play::LineEditor::new(&line);
                self.input.touched = true;
            }
            Action::Type(c) if typing => self.edit(Edit::Insert(c)),
            Action::Backspace if typing => self.edit(Edit::DeleteBack),
            Action::Edit(e) if typing => self.edit(e),
            Action::Enter if item.kind == Kind::Command && !typing => self.editing = true,
            Action::Up => self.input.up(),
            Action::Down => self.input.down(),
            Action::Choose(k) => {
                self.input.choose(item.kind, k);
                if matches!(item.kind, Kind::Choice | Kind::Predict) && k < item.options.len() {
                    self.answer(&item, world, now, history);
                }
            }
            Action::Toggle => self.input.toggle(item.kind),
            Action::MoveUp if item.kind == Kind::Order => self.input.shift(true),
            Action::MoveDown if item.kind == Kind::Order => self.input.shift(false),
            Action::Enter => self.answer(&item, world, now, history),
            Action::Prev if exam && i > 0 => self.go(i - 1),
            Action::Next if exam && i < last => self.go(i + 1),
            Action::Next if exam => {
                self.keep_draft();
                self.confirm_submit = true;
            }
            Action::Flag if exam => self.study.session.toggle_flag(),
            Action::Submit if exam => {
                self.keep_draft();
                self.confirm_submit = true;
            }
            _ => {}
        }
        // An exam keeps what is entered at once, so it is saved with the exam.
        self.keep_draft();
        Effect::None
    }

    fn edit(&mut self, edit: Edit) {
        self.input.command.edit(edit);
        self.input.touched = true;
        self.notice = None;
    }

    /// Practice feedback is showing: arrows scroll it, `v` watches the delivery,
    /// Enter moves on.
    fn feedback(&mut self, action: Action, item: &Item) -> Effect {
        match action {
            Action::Up => self.scroll = (self.scroll - 1).max(-500),
            Action::Down => self.scroll = (self.scroll + 1).min(500),
            Action::Replay => {
                if let Some(setup) = &item.replay {
                    return Effect::Watch(setup.clone());
                }
            }
            Action::Enter => {
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

    /// Enter: the answer entered so far, if it is one; an exam moves on.
    fn answer(&mut self, item: &Item, world: &World, now: u64, history: &mut History) {
        if item.kind == Kind::Command {
            history.push(self.input.command.text());
        }
        match self.input.response(item) {
            Ok(response) => {
                self.notice = None;
                self.study.session.answer(response, world, now);
                self.input.touched = false;
                let s = &self.study.session;
                if s.mode == Mode::Exam {
                    match s.current + 1 < s.items.len() {
                        true => self.go(s.current + 1),
                        // The last question: offer to submit.
                        false => self.confirm_submit = true,
                    }
                }
            }
            Err(why) => self.notice = Some(why),
        }
    }
}

impl QuizState {
    /// The option drawn on body row `row` (0: the first row under the header) of a
    /// terminal `width` wide with a body `height` rows high, as the view lays it out
    /// in theme `t`.
    pub fn option_at(&self, row: u16, t: Theme, width: u16, height: u16) -> Option<usize> {
        if self.graded() {
            return None;
        }
        let page = super::quiz_layout::page(self, t, width, height);
        let shown = super::quiz_layout::shown(&page, height, self.scroll);
        let at = *shown.get(usize::from(row))?;
        page.options
            .iter()
            .position(|&(first, n)| (first..first + n).contains(&at))
            .filter(|_| self.item().is_some_and(|i| i.kind != Kind::Command))
    }
}
