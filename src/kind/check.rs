//! What a kind's checks see of a question as written, and where they report: the
//! loader (`content`) implements both over its YAML tree and its diagnostics, so
//! the kinds check questions without depending on the loader.

use crate::dns::Check;
use crate::ground::{Pos, Reference};

/// Where the parts of a question (or of one of its values) are written.
pub trait Written {
    /// Where this value starts.
    fn pos(&self) -> Pos;

    /// The value of the mapping key `name`, if written.
    fn field(&self, name: &str) -> Option<&dyn Written>;

    /// The items of a list (none for any other value).
    fn items(&self) -> Vec<&dyn Written>;

    /// The keys of a mapping with where each is written (a key that is no text
    /// reads as empty).
    fn keys(&self) -> Vec<(&str, Pos)>;

    /// Where the value of `name` is written; where this value starts when it is not.
    fn at(&self, name: &str) -> Pos {
        self.field(name).map_or(self.pos(), |f| f.pos())
    }
}

/// Where a kind's checks put what they find.
pub trait Report {
    /// A problem that keeps the question's bank from loading.
    fn error(&mut self, at: Pos, message: String);

    /// Probably a mistake; the bank still loads.
    fn warning(&mut self, at: Pos, message: String);

    /// An item-writing warning with its id (`docs/authoring.md` §5.3).
    fn lint(&mut self, at: Pos, code: &'static str, message: String);

    /// A name the question refers to, resolved once the world is loaded.
    fn refers(&mut self, reference: Reference);

    /// Defects of `zone` the question counts (all its declared ones when `wanted`
    /// is empty), checked against the zone once it is loaded.
    fn uses_defects(&mut self, zone: &str, wanted: &[Check], at: Pos);
}
