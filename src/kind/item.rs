//! A question ready to be asked, and what its kind makes of it: the options as
//! shown, the right answer in their terms, the learner's response and its grade.

use super::{Category, Kind};
use crate::delivery::Setup;
use hickory_proto::rr::{Name, RecordType};
use serde::{Deserialize, Serialize};

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

/// What the learner answered: options by their place as shown, or a typed
/// command. Saved exams keep it as it is (`{"pick": [1]}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
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

    /// The zone shown with the question (beside it, above or below its options):
    /// its numbered lines, unless the kind's entry shows them as its options
    /// already (zone-line). The app and the plain mode ask here.
    pub fn zone_beside(&self) -> &[(u32, String)] {
        if self.kind.entry().shows_zone() {
            &self.zone_lines
        } else {
            &[]
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
    /// The zone shown with it, as numbered lines (line of the zone from 1, text).
    pub zone_lines: Vec<(u32, String)>,
    /// What its zone's listing is headed with: the zone's name, the `$ORIGIN`
    /// that `@` stands for (`dns::Zone::heading`).
    pub zone_heading: Option<String>,
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

impl Answer {
    /// The options that are (part of) the answer when it is picked: none for an
    /// order or a command.
    pub fn right_options(&self) -> &[usize] {
        match self {
            Answer::One(r) => std::slice::from_ref(r),
            Answer::Set(s) => s,
            Answer::Groups(_) | Answer::Query(..) => &[],
        }
    }

    /// The answer once the options have moved: `place[old]` is an option's new place.
    pub fn rearranged(&self, place: &[usize]) -> Answer {
        let moved = |v: &[usize]| v.iter().map(|&j| place[j]).collect::<Vec<_>>();
        match self {
            Answer::One(r) => Answer::One(place[*r]),
            Answer::Set(s) => Answer::Set(moved(s)),
            Answer::Groups(g) => Answer::Groups(g.iter().map(|x| moved(x)).collect()),
            Answer::Query(..) => self.clone(),
        }
    }
}

impl Response {
    /// The options picked (none for an order or a command).
    pub fn picked(&self) -> &[usize] {
        match self {
            Response::Pick(p) => p,
            Response::Order(_) | Response::Command(_) => &[],
        }
    }

    /// The options in the learner's order, for an order.
    pub fn order(&self) -> Option<&[usize]> {
        match self {
            Response::Order(o) => Some(o),
            Response::Pick(_) | Response::Command(_) => None,
        }
    }

    /// The command typed, for a command.
    pub fn command(&self) -> Option<&str> {
        match self {
            Response::Command(c) => Some(c),
            Response::Pick(_) | Response::Order(_) => None,
        }
    }

    /// Whether it still fits a question of `n` options: picks among them, or all
    /// of them in some order; a command always fits.
    pub fn fits(&self, n: usize) -> bool {
        match self {
            Response::Pick(p) => p.iter().all(|&j| j < n),
            Response::Order(o) => o.len() == n && o.iter().all(|&j| j < n),
            Response::Command(_) => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Response;

    #[test]
    fn a_response_is_saved_as_exams_have_always_kept_it() {
        let saved = |r: &Response| serde_json::to_string(r).expect("a response serializes");
        assert_eq!(saved(&Response::Pick(vec![1])), r#"{"pick":[1]}"#);
        assert_eq!(
            saved(&Response::Order(vec![2, 0, 1])),
            r#"{"order":[2,0,1]}"#
        );
        assert_eq!(
            saved(&Response::Command("dig a.example MX".into())),
            r#"{"command":"dig a.example MX"}"#
        );
        let back: Response = serde_json::from_str(r#"{"order":[1,0]}"#).expect("it reads back");
        assert_eq!(back, Response::Order(vec![1, 0]));
    }

    #[test]
    fn a_kept_response_fits_only_the_options_it_was_given_for() {
        assert!(Response::Pick(vec![0, 2]).fits(3));
        assert!(!Response::Pick(vec![3]).fits(3), "a pick past the options");
        assert!(Response::Order(vec![2, 0, 1]).fits(3));
        assert!(
            !Response::Order(vec![1, 0]).fits(3),
            "an order of fewer hosts"
        );
        assert!(
            !Response::Order(vec![0, 1, 5]).fits(3),
            "an order naming no option"
        );
        assert!(Response::Command("dig a.example MX".into()).fits(0));
    }
}
