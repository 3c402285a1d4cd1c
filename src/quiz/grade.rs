//! Grading a response, fairly: ties in any order, any tool's form of the right
//! question. Each kind grades its own answers (`kind/`).

use super::{Item, Response, Verdict};
use crate::dns::World;

/// Grades `response` to `item`. `world` answers typed commands; `now` is the clock
/// for their output.
pub fn grade(item: &Item, response: &Response, world: &World, now: u64) -> Verdict {
    item.kind.rules().grade(item, response, world, now)
}
