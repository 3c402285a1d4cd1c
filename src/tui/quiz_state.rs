//! A session on screen: the study from `play`, the answer being entered, the
//! feedback scroll; and what the keys do to a question. It knows nothing of the
//! other screens: what it cannot do itself it returns as an [`Effect`].

use super::keys::Action;
use super::lab::History;
use crate::content::bank::Kind;
use crate::delivery::Setup;
use crate::dns::World;
use crate::play::{AnswerInput, Study};
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
    /// Lines scrolled while feedback is showing.
    pub scroll: u16,
    /// Its answers are in the run's history.
    pub counted: bool,
    /// Why the last Enter was refused (a command that does not run, nothing marked).
    pub notice: Option<String>,
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
            counted: false,
            notice: None,
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
        self.notice = None;
    }

    /// Moves to question `index`.
    pub fn go(&mut self, index: usize) {
        self.study.session.go(index);
        self.show();
    }

    /// Whether the current question has been graded (practice feedback is showing).
    pub fn graded(&self) -> bool {
        let s = &self.study.session;
        s.verdicts.get(s.current).is_some_and(Option::is_some)
    }

    /// Whether keys go into the command line.
    pub fn typing(&self) -> bool {
        !self.graded() && self.item().is_some_and(|i| i.kind == Kind::Command)
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
        if action != Action::Submit {
            self.confirm_submit = false;
        }
        let exam = self.study.session.mode == Mode::Exam;
        if self.graded() && !exam {
            return self.feedback(action, &item);
        }
        let i = self.study.session.current;
        let last = self.study.session.items.len().saturating_sub(1);
        match action {
            Action::Up | Action::Down if item.kind == Kind::Command => {
                self.input.command = history.browse(action == Action::Up, &self.input.command);
            }
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
            Action::Type(c) => self.input.command.push(c),
            Action::Backspace => {
                self.input.command.pop();
            }
            Action::Enter => self.answer(&item, world, now, history),
            Action::Prev if exam && i > 0 => self.go(i - 1),
            Action::Next if exam && i < last => self.go(i + 1),
            Action::Flag if exam => self.study.session.toggle_flag(),
            Action::Submit if exam && self.confirm_submit => {
                self.study.session.submit(world, now);
                return Effect::Results;
            }
            Action::Submit if exam => self.confirm_submit = true,
            _ => {}
        }
        Effect::None
    }

    /// Practice feedback is showing: arrows scroll it, `v` watches the delivery,
    /// Enter moves on.
    fn feedback(&mut self, action: Action, item: &Item) -> Effect {
        match action {
            Action::Up => self.scroll = self.scroll.saturating_sub(1),
            Action::Down => self.scroll = self.scroll.saturating_add(1),
            Action::Replay => {
                if let Some(setup) = &item.replay {
                    return Effect::Watch(setup.clone());
                }
            }
            Action::Enter => {
                let next = self.study.session.current + 1;
                if next < self.study.session.items.len() {
                    self.go(next);
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
            history.push(&self.input.command);
        }
        match self.input.response(item) {
            Ok(response) => {
                self.notice = None;
                self.study.session.answer(response, world, now);
                let s = &self.study.session;
                if s.mode == Mode::Exam && s.current + 1 < s.items.len() {
                    self.go(s.current + 1);
                }
            }
            Err(why) => self.notice = Some(why),
        }
    }
}

impl QuizState {
    /// The option drawn on screen row `row` of a terminal `width` wide, for a mouse
    /// click: header, prompt lines, a blank line, then one row per option — only
    /// when nothing wraps, or a click could land on the wrong option.
    pub fn option_at(&self, row: u16, width: u16) -> Option<usize> {
        let item = self.item()?;
        if self.graded() || !matches!(item.kind, Kind::Choice | Kind::Predict | Kind::Multi) {
            return None;
        }
        let fits = |text: &str| text.chars().count() + 8 < usize::from(width);
        let inline_zone = !item.zone_lines.is_empty() && width < 110;
        if inline_zone
            || !item.prompt.lines().all(fits)
            || !item.options.iter().all(|o| fits(&o.text))
        {
            return None;
        }
        let exam = self.study.session.mode == Mode::Exam;
        let above = item.prompt.lines().count() + item.context.len();
        let first = 1 + u16::from(exam) + above as u16 + 1;
        row.checked_sub(first)
            .map(usize::from)
            .filter(|&i| i < item.options.len())
    }
}
