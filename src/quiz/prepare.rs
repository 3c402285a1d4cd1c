//! From an authored question to an item with its answer computed: what every
//! question shows (prompt, zone, explanation) here, its options and answer by its
//! kind (`kind/`: the zone's MX records for `order`, the linter's lines for
//! `zone-line`, the simulator's outcome for `predict`) — never a hand-written
//! answer where the engine can compute one.

use super::{Answer, Item};
use crate::content::bank::{Bank, Question};
use crate::content::zone::zone_name;
use crate::dns::World;
use rand::Rng;

/// Why a question cannot be asked (the loader should have refused it).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{bank}/{id}: {reason}")]
pub struct PrepareError {
    /// The bank.
    pub bank: String,
    /// The question.
    pub id: String,
    /// What is wrong.
    pub reason: String,
}

/// Prepares `q` of `bank` for asking; `rng` shuffles the options.
pub fn prepare(
    bank: &Bank,
    q: &Question,
    world: &World,
    rng: &mut impl Rng,
) -> Result<Item, PrepareError> {
    let fail = |reason: String| PrepareError {
        bank: bank.bank.clone(),
        id: q.id.clone(),
        reason,
    };
    let zone = match &q.zone {
        Some(z) => Some(
            zone_name(z)
                .ok()
                .and_then(|n| world.zone(&n))
                .ok_or_else(|| fail(format!("no zone {z}")))?,
        ),
        None => None,
    };
    let mut item = Item {
        bank: bank.bank.clone(),
        id: q.id.clone(),
        kind: q.kind,
        category: q.category,
        objectives: q.objectives.clone(),
        difficulty: q.difficulty,
        prompt: q.prompt.trim().to_string(),
        context: Vec::new(),
        zone_lines: zone.map(|z| z.listing()).unwrap_or_default(),
        zone_heading: zone.map(|z| z.heading()),
        options: Vec::new(),
        answer: Answer::Set(Vec::new()),
        explanation: q.explanation.trim().to_string(),
        generated: false,
        replay: None,
    };
    let shuffle = q.shuffle.unwrap_or(true);
    q.kind
        .rules()
        .prepare(q, zone, &mut item, world, shuffle, rng)
        .map_err(fail)?;
    Ok(item)
}
