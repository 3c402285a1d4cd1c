//! A session on screen: the cursor, the marks, the arrangement, the command line;
//! and what the keys do to a question.

use super::app::{App, MENU, Screen};
use super::keys::Action;
use super::sim::SimState;
use crate::content::bank::Kind;
use crate::quiz::{Mode, Response, Session};

/// A session on screen: where the cursor is and what is marked.
#[derive(Debug, Clone)]
pub struct QuizState {
    /// The session.
    pub session: Session,
    /// The option under the cursor.
    pub cursor: usize,
    /// Marked options (multi, zone-line).
    pub marks: Vec<bool>,
    /// The learner's arrangement (order): option indices, top first.
    pub arrangement: Vec<usize>,
    /// The command line (command).
    pub input: String,
    /// Exam: waiting for a second S to submit.
    pub confirm_submit: bool,
    /// Lines scrolled while feedback is showing.
    pub scroll: u16,
    /// Its answers are in the run's history.
    pub counted: bool,
    /// Which verdicts are in the progress store.
    pub saved: Vec<bool>,
}

impl QuizState {
    pub(super) fn new(session: Session) -> Self {
        let mut state = QuizState {
            session,
            cursor: 0,
            marks: Vec::new(),
            arrangement: Vec::new(),
            input: String::new(),
            confirm_submit: false,
            scroll: 0,
            counted: false,
            saved: Vec::new(),
        };
        state.reset();
        state
    }

    /// Clears the marks for the current question (restoring an exam answer).
    pub(super) fn reset(&mut self) {
        let i = self.session.current;
        let n = self.session.items.get(i).map_or(0, |it| it.options.len());
        self.cursor = 0;
        self.scroll = 0;
        self.marks = vec![false; n];
        self.arrangement = (0..n).collect();
        self.input.clear();
        match self.session.responses.get(i).cloned().flatten() {
            Some(Response::Pick(p)) => p
                .into_iter()
                .filter(|&j| j < n)
                .for_each(|j| self.marks[j] = true),
            Some(Response::Order(o)) => self.arrangement = o,
            Some(Response::Command(c)) => self.input = c,
            None => {}
        }
    }

    /// Whether the current question has been graded (practice feedback is showing).
    pub fn graded(&self) -> bool {
        self.session
            .verdicts
            .get(self.session.current)
            .is_some_and(Option::is_some)
    }
}

impl App {
    /// A left click on screen row `row`: a menu item on the home screen, an option
    /// of a choice question (rows of the options as drawn without scrolling).
    pub fn click(&mut self, row: u16) {
        if self.help {
            return;
        }
        match self.screen {
            Screen::Home => {
                let first = super::view::first_menu_row();
                if row >= first && usize::from(row - first) < MENU.len() {
                    self.update(Action::Choose(usize::from(row - first)));
                }
            }
            Screen::Quiz => {
                let Some(q) = &self.quiz else { return };
                let Some(item) = q.session.items.get(q.session.current) else {
                    return;
                };
                if q.graded() || !matches!(item.kind, Kind::Choice | Kind::Predict | Kind::Multi) {
                    return;
                }
                // Header, prompt lines, a blank line, then one row per option — when
                // nothing wraps; otherwise clicks could land on the wrong option.
                let fits = |text: &str| text.chars().count() + 8 < usize::from(self.width);
                let inline_zone = !item.zone_lines.is_empty() && self.width < 110;
                if inline_zone
                    || !item.prompt.lines().all(fits)
                    || !item.options.iter().all(|o| fits(&o.text))
                {
                    return;
                }
                let first = 1
                    + u16::from(q.session.mode == Mode::Exam)
                    + item.prompt.lines().count() as u16
                    + 1;
                if row >= first && usize::from(row - first) < item.options.len() {
                    self.update(Action::Choose(usize::from(row - first)));
                }
            }
            _ => {}
        }
    }

    pub(super) fn quiz_action(&mut self, action: Action) {
        let (world, now) = (&self.library.world, self.now);
        let Some(q) = &mut self.quiz else { return };
        let i = q.session.current;
        let Some(item) = q.session.items.get(i).cloned() else {
            return;
        };
        let n = item.options.len();
        let exam = q.session.mode == Mode::Exam;
        if action != Action::Submit {
            q.confirm_submit = false;
        }
        if q.graded() && !exam {
            // Feedback is showing: arrows scroll it, Enter moves on.
            match action {
                Action::Up => q.scroll = q.scroll.saturating_sub(1),
                Action::Down => q.scroll = q.scroll.saturating_add(1),
                Action::Replay => {
                    if let Some(replay) = &item.replay {
                        let mut sim = SimState::new(world);
                        if sim.replay(replay, world) {
                            self.sim = Some(sim);
                            self.screen = Screen::Simulator;
                        }
                    }
                }
                _ => {}
            }
            if action == Action::Enter {
                if i + 1 < q.session.items.len() {
                    q.session.go(i + 1);
                    q.reset();
                } else {
                    self.screen = Screen::Results;
                }
            }
            return;
        }
        match action {
            Action::Up | Action::Down if item.kind == Kind::Command => {
                self.lab.input = q.input.clone();
                self.lab.browse(action == Action::Up);
                q.input = self.lab.input.clone();
                self.lab.input.clear();
            }
            Action::Up => q.cursor = q.cursor.saturating_sub(1),
            Action::Down => q.cursor = (q.cursor + 1).min(n.saturating_sub(1)),
            Action::Choose(k) if k < n => match item.kind {
                Kind::Choice | Kind::Predict => {
                    q.cursor = k;
                    q.session.answer(Response::Pick(vec![k]), world, now);
                }
                Kind::Multi | Kind::ZoneLine => q.marks[k] = !q.marks[k],
                _ => q.cursor = k,
            },
            Action::Toggle if matches!(item.kind, Kind::Multi | Kind::ZoneLine) && n > 0 => {
                q.marks[q.cursor] = !q.marks[q.cursor]
            }
            Action::MoveUp if item.kind == Kind::Order && q.cursor > 0 => {
                q.arrangement.swap(q.cursor, q.cursor - 1);
                q.cursor -= 1;
            }
            Action::MoveDown if item.kind == Kind::Order && q.cursor + 1 < n => {
                q.arrangement.swap(q.cursor, q.cursor + 1);
                q.cursor += 1;
            }
            Action::Type(c) => q.input.push(c),
            Action::Backspace => {
                q.input.pop();
            }
            Action::Enter => {
                let response = match item.kind {
                    Kind::Choice | Kind::Predict => Response::Pick(vec![q.cursor]),
                    Kind::Multi | Kind::ZoneLine => {
                        Response::Pick((0..n).filter(|&j| q.marks[j]).collect())
                    }
                    Kind::Order => Response::Order(q.arrangement.clone()),
                    Kind::Command => {
                        // Typed commands join the console's history.
                        if !q.input.trim().is_empty() {
                            self.lab.history.push(q.input.trim().to_string());
                        }
                        self.lab.browsing = None;
                        Response::Command(q.input.trim().to_string())
                    }
                };
                let empty = matches!(&response, Response::Pick(p) if p.is_empty())
                    || matches!(&response, Response::Command(c) if c.is_empty());
                if !empty {
                    q.session.answer(response, world, now);
                    if exam && i + 1 < q.session.items.len() {
                        q.session.go(i + 1);
                        q.reset();
                    }
                }
            }
            Action::Prev if exam && i > 0 => {
                q.session.go(i - 1);
                q.reset();
            }
            Action::Next if exam && i + 1 < q.session.items.len() => {
                q.session.go(i + 1);
                q.reset();
            }
            Action::Flag if exam => q.session.toggle_flag(),
            Action::Submit if exam => {
                if q.confirm_submit {
                    q.session.submit(world, now);
                    self.screen = Screen::Results;
                } else {
                    q.confirm_submit = true;
                }
            }
            _ => {}
        }
    }
}
