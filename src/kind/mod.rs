//! Question kinds, each in one module that owns everything the kind decides: what
//! it requires of a question when a bank is loaded (and how it should be written),
//! how it is prepared from the world, its answer and how it is graded, how the
//! answer is entered, its key for previews, and the form each export format gives
//! it. The rest of the crate asks a kind through [`Kind::rules`], the one place
//! that names every kind, so a new kind is its module plus three registrations
//! here: `mod`, the variant (in `Kind::ALL` too), and its arm in `rules`.
//!
//! The kinds sit below `content`: the loader runs their checks through the
//! [`Written`] and [`Report`] traits it implements over its YAML tree, and `quiz`,
//! `play`, `export` and the front ends build on the items, answers and keys defined
//! here. Pure, like the engines: randomness and the clock are passed in.

mod check;
mod entry;
mod forms;
mod item;
mod key;
mod options;
mod question;

mod choice;
mod command;
mod multi;
mod order;
mod predict;
mod zone_line;

pub use check::{Report, Written};
pub use entry::{Entered, Entry, answer_words, response_words};
pub use forms::Forms;
pub use item::{Answer, Item, Offer, Response, Verdict};
pub use key::{Key, Preview, Shown, Told};
pub use options::letter;
pub use question::{Category, Choice, Expect, Outcome, Question, Scenario, Scope};

pub use choice::LONG_CORRECT;
pub use multi::MULTI_COUNT;
pub(crate) use order::order_answer;
pub(crate) use predict::{matches, outcome_text};
pub use predict::{setup_of, verdict_outcome};

use crate::dns::{World, Zone};
use rand::Rng;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The kind of a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// One correct choice.
    Choice,
    /// All that apply.
    Multi,
    /// Arrange the MX hosts in the order a sender tries them (computed from the zone).
    Order,
    /// Pick the faulty line(s) of a zone (computed by the linter).
    ZoneLine,
    /// Type a dig / nslookup / host command that asks the right question.
    Command,
    /// Say where the mail ends up (computed by the simulator).
    Predict,
}

impl Kind {
    /// Every kind.
    pub const ALL: [Kind; 6] = [
        Kind::Choice,
        Kind::Multi,
        Kind::Order,
        Kind::ZoneLine,
        Kind::Command,
        Kind::Predict,
    ];

    /// What the kind decides: the one dispatch on kinds.
    pub fn rules(self) -> &'static dyn Rules {
        match self {
            Kind::Choice => &choice::Choice,
            Kind::Multi => &multi::Multi,
            Kind::Order => &order::Order,
            Kind::ZoneLine => &zone_line::ZoneLine,
            Kind::Command => &command::Command,
            Kind::Predict => &predict::Predict,
        }
    }

    /// The name written in banks (`zone-line`).
    pub fn name(self) -> &'static str {
        self.rules().name()
    }

    /// How the answer is entered and the options are shown.
    pub fn entry(self) -> Entry {
        self.rules().entry()
    }
}

/// What a question kind decides. Each kind's module implements it; every other
/// module reaches it through [`Kind::rules`].
pub trait Rules: Sync {
    /// The name banks write (`zone-line`).
    fn name(&self) -> &'static str;

    /// The optional fields of a question this kind reads; any other written draws
    /// an error, since it would be silently ignored.
    fn fields(&self) -> &'static [&'static str];

    /// Whether a question of this kind needs `zone`.
    fn needs_zone(&self) -> bool;

    /// What this kind requires of a question when its bank is loaded: problems, the
    /// names it refers to and the defects it counts go to `report`.
    fn check(&self, q: &Question, at: &dyn Written, report: &mut dyn Report);

    /// How a question of this kind is written: item-writing warnings (`check` adds
    /// them after loading).
    fn lint(&self, _q: &Question, _report: &mut dyn Report) {}

    /// What `check` finds once `item` is prepared from `q` against the world (a key
    /// that holds for some of the sender's random choices only, an explanation the
    /// zone no longer bears out): problems go to `report`.
    fn audit(&self, _q: &Question, _item: &Item, _world: &World, _report: &mut dyn Report) {}

    /// Computes `item`'s options and answer from the world; `zone` is the zone the
    /// question names, if any; `shuffle` and `rng` order the options.
    fn prepare(
        &self,
        q: &Question,
        zone: Option<&Zone>,
        item: &mut Item,
        world: &World,
        shuffle: bool,
        rng: &mut dyn Rng,
    ) -> Result<(), String>;

    /// How the answer is entered and the options are shown.
    fn entry(&self) -> Entry;

    /// The line the plain mode prints under a question.
    fn hint(&self) -> &'static str;

    /// Grades `response` to `item`; `world` answers typed commands and `now` is the
    /// clock for their output.
    fn grade(&self, item: &Item, response: &Response, world: &World, now: u64) -> Verdict;

    /// Fills in `preview`'s options and key from `item`, prepared from `q` with its
    /// options in the authored order.
    fn key(&self, q: &Question, item: &Item, world: &World, preview: &mut Preview);

    /// The key as a preview's text prints it after `Answer: `.
    fn key_text(&self, p: &Preview, out: &mut String);

    /// Writes the question in an export format through the form it takes there;
    /// `Err` says why the format cannot hold it (it is then left out with a note).
    fn export(&self, p: &Preview, to: &mut dyn Forms) -> Result<(), String>;
}

#[cfg(test)]
mod tests {
    use super::Kind;

    #[test]
    fn each_kind_is_named_as_banks_write_it() {
        for kind in Kind::ALL {
            let written = serde_json::to_value(kind).expect("a kind serializes");
            assert_eq!(written.as_str(), Some(kind.name()), "{kind:?}");
        }
    }
}
