//! The forms a question takes in an export: each format (`export/`) offers these,
//! each kind picks its own in [`Rules::export`], so a format writes forms and never
//! asks which kind a question is. A format that cannot hold a question in the form
//! asked returns why, and the question is left out with that note.
//!
//! [`Rules::export`]: super::Rules::export

use super::key::Preview;

/// What an export format can write.
pub trait Forms {
    /// The options, the right ones marked (`Shown::correct`); `many`: the learner
    /// picks all that apply, however many are right.
    fn choices(&mut self, p: &Preview, many: bool) -> Result<(), String>;

    /// Each host matched to the place it is tried in: `groups` in order, equal
    /// preferences sharing a place, each group with its `preferences`.
    fn matching(
        &mut self,
        p: &Preview,
        groups: &[Vec<String>],
        preferences: &[u16],
    ) -> Result<(), String>;

    /// The zone's lines as options, the faulty `lines` (line of the zone, why) marked.
    fn lines(&mut self, p: &Preview, lines: &[(u32, String)]) -> Result<(), String>;

    /// A typed command that must ask `name` `rtype`, such as `example`.
    fn command(
        &mut self,
        p: &Preview,
        name: &str,
        rtype: &str,
        example: &str,
    ) -> Result<(), String>;
}
