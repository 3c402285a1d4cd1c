//! A question with the answer the engine computes, as authors and exports see it:
//! each kind fills in its own key (`Rules::key`).

use super::Kind;
use crate::delivery::Step;
use serde::Serialize;

/// One option as shown, and whether it is (part of) the answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Shown {
    /// The text shown.
    pub text: String,
    /// Right (for choice, multi, predict, zone-line).
    pub correct: bool,
    /// Why it is right or wrong (the author's `why`; the linter's message for a faulty zone line).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub why: String,
}

/// The computed answer of a question.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Key {
    /// choice, multi: the options marked right.
    Choices,
    /// predict: what the simulator says happens at the first attempt, and how.
    Outcome {
        /// In the `outcome:` syntax (`delivered HOST.`, `deferred`, `bounced`).
        outcome: String,
        /// The recipient.
        recipient: String,
        /// Host states of the scenario (`host: state`).
        states: Vec<String>,
        /// The sending MTA.
        profile: String,
        /// The steps of the delivery.
        trace: Vec<Step>,
        /// The steps as a person reads them.
        trace_text: String,
    },
    /// order: the hosts in the order a sender tries them, equal preferences grouped.
    Groups {
        /// Each group: the hosts of one preference, in any order.
        groups: Vec<Vec<String>>,
        /// The preference of each group.
        preferences: Vec<u16>,
    },
    /// zone-line: the faulty lines (line numbers in the zone), with the linter's message.
    Lines {
        /// (line, message).
        lines: Vec<(u32, String)>,
    },
    /// command: the name and type a right command asks.
    Query {
        /// The name.
        name: String,
        /// The record type.
        rtype: String,
        /// A command that asks it.
        example: String,
    },
    /// The question cannot be prepared (`check` reports it as an error).
    Unpreparable {
        /// Why.
        reason: String,
    },
}

/// A question with its computed answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Preview {
    /// The bank id.
    pub bank: String,
    /// The question id.
    pub id: String,
    /// Where it is written (`path:line`).
    pub at: String,
    /// Its kind.
    pub kind: Kind,
    /// Its category.
    pub category: String,
    /// 1–3.
    pub difficulty: u8,
    /// Its exam objectives.
    pub objectives: Vec<String>,
    /// The question.
    pub prompt: String,
    /// The zone shown with it: (line of the zone from 1, text).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub zone_lines: Vec<(u32, String)>,
    /// What the zone's listing is headed with (its name, the `$ORIGIN`); not in
    /// the JSON, whose readers have the zone's name in its files.
    #[serde(skip)]
    pub zone_heading: Option<String>,
    /// The options, in the authored order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<Shown>,
    /// The answer.
    pub key: Key,
    /// The teaching point.
    pub explanation: String,
    /// The options may be shuffled (the question does not say `shuffle: false`).
    #[serde(skip)]
    pub shuffle: bool,
    /// Beyond the exam objectives (`scope: deep-dive`).
    #[serde(skip)]
    pub deep_dive: bool,
}

impl Preview {
    /// The zone printed with the question, as [`super::Item::zone_beside`] shows it
    /// to learners (none for a kind whose options are the zone's lines).
    pub fn zone_beside(&self) -> &[(u32, String)] {
        if self.kind.entry().shows_zone() {
            &self.zone_lines
        } else {
            &[]
        }
    }
}

/// A predict question's scenario as its key tells it: what the learner is told
/// above the choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Told<'a> {
    /// The recipient.
    pub recipient: &'a str,
    /// Host states (`host: state`).
    pub states: &'a [String],
    /// The sending MTA.
    pub profile: &'a str,
}

impl Key {
    /// Why the question cannot be asked, if it cannot.
    pub fn unpreparable(&self) -> Option<&str> {
        match self {
            Key::Unpreparable { reason } => Some(reason),
            Key::Choices
            | Key::Outcome { .. }
            | Key::Groups { .. }
            | Key::Lines { .. }
            | Key::Query { .. } => None,
        }
    }

    /// The delivery scenario the learner is told, for a key that has one.
    pub fn scenario(&self) -> Option<Told<'_>> {
        match self {
            Key::Outcome {
                recipient,
                states,
                profile,
                ..
            } => Some(Told {
                recipient,
                states,
                profile,
            }),
            Key::Choices
            | Key::Groups { .. }
            | Key::Lines { .. }
            | Key::Query { .. }
            | Key::Unpreparable { .. } => None,
        }
    }
}
