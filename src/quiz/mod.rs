//! Questions as a learner meets them: each kind's answer computed from the world,
//! the linter and the simulator; grading; sessions (practice, exam, review);
//! scoring; generated drills. Pure: the seed and the clock are passed in.

mod audit;
mod drill;
mod grade;
mod prepare;
pub mod preview;
mod select;
mod session;

pub use audit::{audit, unpreparable};
pub use drill::{drills, order_drill, predict_drill};
pub use grade::grade;
pub use prepare::{PrepareError, prepare, setup_of, verdict_outcome};
pub use select::{Filter, Order, Selection, select};
pub use session::{Mode, Score, Session, Tally};

use crate::content::bank::{Category, Kind};
use crate::delivery::Setup;
use hickory_proto::rr::{Name, RecordType};

/// One option the learner can pick (a choice, a host to order, a zone line).
#[derive(Debug, Clone, PartialEq)]
pub struct Offer {
    /// What is shown.
    pub text: String,
    /// Why it is right or wrong (for a host to order: its preference; for a zone
    /// line: what the checker says of it).
    pub why: String,
}

/// The right answer, in terms of the options as shown.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// Exactly this option (choice, predict).
    One(usize),
    /// Exactly these options (multi, zone-line).
    Set(Vec<usize>),
    /// These groups in this order; any order inside a group (order: equal preferences).
    Groups(Vec<Vec<usize>>),
    /// A command that asks this name and type (command).
    Query(Name, RecordType),
}

/// What the learner answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Response {
    /// Picked options (one for choice and predict, several for multi and zone-line).
    Pick(Vec<usize>),
    /// The options in the learner's order (order).
    Order(Vec<usize>),
    /// A typed command (command).
    Command(String),
}

/// The grade of one response.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    /// Right or wrong.
    pub correct: bool,
    /// One line: what the right answer was.
    pub summary: String,
    /// Further lines: what a typed command really asks and its output.
    pub details: Vec<String>,
}

impl Item {
    /// The question id progress is kept under: generated drills count per category,
    /// under one entry per kind.
    pub fn progress_id(&self) -> String {
        if self.generated {
            format!("{}-drill", self.kind.name())
        } else {
            self.id.clone()
        }
    }

    /// The zone shown with the question (beside it, above or below its options, or
    /// in an export): its numbered lines, except for a zone-line question, whose
    /// options are those lines already. Every front end and export asks here.
    pub fn zone_beside(&self) -> &[(u32, String)] {
        match self.kind {
            Kind::ZoneLine => &[],
            _ => &self.zone_lines,
        }
    }
}

/// A question ready to be asked.
#[derive(Debug, Clone)]
pub struct Item {
    /// The bank id (`generated` for drills).
    pub bank: String,
    /// The question id.
    pub id: String,
    /// Its kind.
    pub kind: Kind,
    /// Its category.
    pub category: Category,
    /// Its exam objectives.
    pub objectives: Vec<String>,
    /// 1–3.
    pub difficulty: u8,
    /// The question.
    pub prompt: String,
    /// What the learner is told besides the prompt (a predict question's recipient,
    /// host states and sending MTA), one line each.
    pub context: Vec<String>,
    /// The zone shown with it, as numbered lines (file line, text).
    pub zone_lines: Vec<(u32, String)>,
    /// The options, in the order shown.
    pub options: Vec<Offer>,
    /// The right answer.
    pub answer: Answer,
    /// The teaching point.
    pub explanation: String,
    /// Made by a drill generator, not written by an author.
    pub generated: bool,
    /// The delivery behind a predict or order question.
    pub replay: Option<Setup>,
}
