//! Questions as authors write them in banks (`questions/*.yaml`): the fields every
//! kind shares and the fields some kinds read. Which fields a kind reads, and what
//! it requires of them, its module in `kind/` decides.

use super::Kind;
use crate::delivery::Profile;
use crate::dns::{Check, HostState};
use crate::ground::{Pos, zone_name};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::str::FromStr;

/// The category a question counts towards.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// Which record does what.
    Identification,
    /// Preference values and the order of hosts.
    Priority,
    /// Why mail fails.
    Troubleshooting,
    /// dig, nslookup, host.
    Tools,
    /// SPF, DKIM, DMARC, spam filters, hijacking.
    Security,
    /// How delivery works.
    Concepts,
}

impl Category {
    /// Every category.
    pub const ALL: [Category; 6] = [
        Category::Identification,
        Category::Priority,
        Category::Troubleshooting,
        Category::Tools,
        Category::Security,
        Category::Concepts,
    ];

    /// The name written in banks.
    pub fn name(self) -> &'static str {
        match self {
            Category::Identification => "identification",
            Category::Priority => "priority",
            Category::Troubleshooting => "troubleshooting",
            Category::Tools => "tools",
            Category::Security => "security",
            Category::Concepts => "concepts",
        }
    }
}

/// How far a question goes beyond the exam objectives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    /// Within the exam objectives: in practice, review and exams.
    #[default]
    Exam,
    /// Beyond the objectives (MTA internals, RFC detail): practice and review offer it,
    /// exams leave it out.
    DeepDive,
}

impl Scope {
    fn is_exam(&self) -> bool {
        *self == Scope::Exam
    }
}

/// One question.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Unique in the bank: lowercase letters, digits and hyphens.
    pub id: String,
    /// choice, multi, order, zone-line, command or predict.
    pub kind: Kind,
    /// The category.
    pub category: Category,
    /// Exam objectives, e.g. `N10-009 3.4`, `220-1101 2.6`, `220-1201 2.4`.
    pub objectives: Vec<String>,
    /// 1 (recall) to 3 (analysis); 2 when left out.
    #[serde(default = "default_difficulty")]
    #[schemars(range(min = 1, max = 3))]
    pub difficulty: u8,
    /// `exam` (default) or `deep-dive`: beyond the objectives, left out of exams.
    #[serde(default, skip_serializing_if = "Scope::is_exam")]
    pub scope: Scope,
    /// The question text.
    pub prompt: String,
    /// A zone of the world shown with the question (required by order, zone-line, predict).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zone: Option<String>,
    /// order: the mail domain whose MX hosts are ordered (default: the zone).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    /// choice, multi, predict: the choices.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<Choice>,
    /// Shuffle the choices each session (default true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shuffle: Option<bool>,
    /// The teaching point, shown after answering.
    pub explanation: String,
    /// zone-line: which of the zone's declared defects count (default: all).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub defects: Vec<Check>,
    /// command: what the typed command must ask.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expect: Option<Expect>,
    /// predict: the delivery to simulate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scenario: Option<Scenario>,
    /// Where the question starts in its file (set by the loader).
    #[serde(skip)]
    #[schemars(skip)]
    pub pos: Pos,
}

/// The difficulty of a question that does not give one.
fn default_difficulty() -> u8 {
    2
}

/// One choice.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// The text shown (predict: optional, generated from the outcome).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// choice, multi: whether this choice is right. Never on predict questions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correct: Option<bool>,
    /// Why this choice is right or wrong (a choice without one draws a warning).
    #[serde(default)]
    pub why: String,
    /// predict: `delivered HOST`, `deferred` or `bounced`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    /// Where the choice starts in its file (set by the loader).
    #[serde(skip)]
    #[schemars(skip)]
    pub pos: Pos,
}

/// What a command question expects the learner to ask.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    /// The name queried.
    pub name: String,
    /// The record type queried (A, AAAA, MX, CNAME, TXT, NS, SOA, PTR, ANY).
    #[serde(rename = "type")]
    pub rtype: String,
}

/// A delivery for a predict question.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// The recipient address.
    pub recipient: String,
    /// Host states for this scenario, overriding the zone files.
    #[serde(default)]
    pub states: BTreeMap<String, HostState>,
    /// The sending MTA (default postfix).
    #[serde(default)]
    pub profile: Option<Profile>,
    /// The sender's own host name (R1.9).
    #[serde(default, rename = "self")]
    pub self_host: Option<String>,
    /// Ties decide: the seed of the sender's random order of equal preferences (R1.7),
    /// for a question about that order whose prompt says which host is tried first.
    /// Left out, the answer must be the same for every order (`check` tries many).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
}

/// A predict choice's outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Delivered by this host.
    Delivered(hickory_proto::rr::Name),
    /// Queued for a later retry.
    Deferred,
    /// Returned to the sender.
    Bounced,
}

impl FromStr for Outcome {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        let mut words = text.split_whitespace();
        match (words.next(), words.next(), words.next()) {
            (Some("deferred"), None, _) => Ok(Outcome::Deferred),
            (Some("bounced"), None, _) => Ok(Outcome::Bounced),
            (Some("delivered"), Some(host), None) => zone_name(host).map(Outcome::Delivered),
            _ => Err(format!(
                "bad outcome '{text}': write `delivered HOST`, `deferred` or `bounced`"
            )),
        }
    }
}
