//! What a learner has entered so far (cursor, marks, the order of hosts, a typed
//! command), and how it — or a line of text in the plain mode — becomes a response.
//! The app and the plain mode share it, so both accept and refuse the same answers;
//! what each key does for a question is its kind's entry (`kind::Entry`).

use super::line::LineEditor;
use crate::kind::{Entered, Kind};
use crate::quiz::{Item, Response};

pub use crate::kind::{answer_words, response_words};

/// The answer being entered for one question.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AnswerInput {
    /// The option under the cursor.
    pub cursor: usize,
    /// Marked options (multi, zone-line); the picked one (choice, predict).
    pub marks: Vec<bool>,
    /// The learner's arrangement (order): option indices, top first.
    pub arrangement: Vec<usize>,
    /// The typed command (command).
    pub command: LineEditor,
    /// The learner moved the cursor or changed something since it was shown.
    pub touched: bool,
}

impl AnswerInput {
    /// Input for `item`, showing `previous` (an answer given earlier) if any.
    pub fn new(item: &Item, previous: Option<&Response>) -> Self {
        let n = item.options.len();
        let mut input = AnswerInput {
            cursor: 0,
            marks: vec![false; n],
            arrangement: (0..n).collect(),
            command: LineEditor::default(),
            touched: false,
        };
        if let Some(previous) = previous {
            previous
                .picked()
                .iter()
                .filter(|&&j| j < n)
                .for_each(|&j| input.marks[j] = true);
            if let Some(order) = previous.order().filter(|o| o.len() == n) {
                input.arrangement = order.to_vec();
            }
            if let Some(command) = previous.command() {
                input.command = LineEditor::new(command);
            }
        }
        if let Some(first) = input.marks.iter().position(|m| *m) {
            input.cursor = first;
        }
        input
    }

    /// Moves the cursor up.
    pub fn up(&mut self) {
        self.touched = true;
        self.cursor = self.cursor.saturating_sub(1);
    }

    /// Moves the cursor down.
    pub fn down(&mut self) {
        self.touched = true;
        self.cursor = (self.cursor + 1).min(self.marks.len().saturating_sub(1));
    }

    /// Option `k` chosen: picked (choice, predict), marked or unmarked (multi,
    /// zone-line), or put under the cursor (order).
    pub fn choose(&mut self, kind: Kind, k: usize) {
        if k >= self.marks.len() {
            return;
        }
        self.cursor = k;
        self.touched = true;
        kind.entry().choose(&mut self.marks, k);
    }

    /// Space: the option under the cursor chosen.
    pub fn toggle(&mut self, kind: Kind) {
        self.choose(kind, self.cursor);
    }

    /// Order: the host under the cursor moves up (`up`) or down one place.
    pub fn shift(&mut self, up: bool) {
        let c = self.cursor;
        let to = if up { c.checked_sub(1) } else { Some(c + 1) };
        if let Some(to) = to.filter(|&t| t < self.arrangement.len()) {
            self.arrangement.swap(c, to);
            self.cursor = to;
            self.touched = true;
        }
    }

    /// What has been entered, as the question's kind reads it.
    fn entered(&self) -> Entered<'_> {
        Entered {
            marks: &self.marks,
            arrangement: &self.arrangement,
            cursor: self.cursor,
            touched: self.touched,
            command: self.command.text(),
        }
    }

    /// The response entered so far; `Err` says what is missing or wrong. On a
    /// choice with nothing picked, Enter picks the option under the cursor once the
    /// learner has moved it (never option 1 of an untouched question).
    pub fn response(&self, item: &Item) -> Result<Response, String> {
        item.kind.entry().response(&self.entered())
    }

    /// What an exam keeps as the answer while the learner moves between questions
    /// (as the real exam keeps marks without an Enter): `Some(answer)` replaces the
    /// kept answer, `None` leaves it. Picked and marked options count, an
    /// arrangement the learner changed, a command that runs; moving the cursor
    /// alone never answers.
    pub fn draft(&self, item: &Item) -> Option<Option<Response>> {
        item.kind.entry().draft(&self.entered())
    }
}

/// The hint the plain mode prints under a question.
pub fn hint(kind: Kind) -> &'static str {
    kind.rules().hint()
}

/// A line of text as a response (the plain mode): numbers for options, zone line
/// numbers for zone lines, a command for command questions.
pub fn parse_line(item: &Item, line: &str) -> Result<Response, String> {
    item.kind.entry().parse_line(item, line)
}
