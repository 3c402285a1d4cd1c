//! From an authored question to an item with its answer computed: the zone's MX
//! records for `order`, the linter's lines for `zone-line`, the simulator's outcome
//! for `predict` — never a hand-written answer where the engine can compute one.

use super::{Answer, Item, Offer, Replay};
use crate::content::bank::{Bank, Kind, Outcome, Question};
use crate::content::{bare, zone::zone_name};
use crate::delivery::{self, Behaviour, Scenario, Verdict};
use crate::dns::{Check, World, lint_zone};
use hickory_proto::rr::{RData, RecordType};
use rand::Rng;
use rand::seq::SliceRandom;
use std::str::FromStr;

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
        zone_lines: zone
            .map(|z| {
                (z.first_line..)
                    .zip(z.text.lines().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default(),
        options: Vec::new(),
        answer: Answer::Set(Vec::new()),
        explanation: q.explanation.trim().to_string(),
        generated: false,
        replay: None,
    };
    let shuffle = q.shuffle.unwrap_or(true);
    match q.kind {
        Kind::Choice | Kind::Multi => {
            let offers = q.choices.iter().map(|c| {
                (
                    Offer {
                        text: c.text.clone().unwrap_or_default(),
                        why: c.why.trim().to_string(),
                    },
                    c.correct == Some(true),
                )
            });
            let (options, correct) = arrange(offers.collect(), shuffle, rng);
            item.options = options;
            item.answer = if q.kind == Kind::Choice {
                Answer::One(correct[0])
            } else {
                Answer::Set(correct)
            };
        }
        Kind::Predict => {
            let scenario = q
                .scenario
                .as_ref()
                .ok_or_else(|| fail("no scenario".into()))?;
            let overrides = scenario
                .states
                .iter()
                .map(|(h, s)| {
                    zone_name(h).map(|n| {
                        (
                            n,
                            Behaviour {
                                state: *s,
                                lasts: None,
                            },
                        )
                    })
                })
                .collect::<Result<Vec<_>, _>>()
                .map_err(fail)?;
            let self_host = scenario
                .self_host
                .as_deref()
                .map(zone_name)
                .transpose()
                .map_err(fail)?;
            let replay = Replay {
                recipient: scenario.recipient.clone(),
                overrides,
                profile: scenario.profile.unwrap_or_default(),
                self_host,
                world: None,
            };
            let verdict = simulate(&replay, world).map_err(fail)?;
            let mut offers = Vec::new();
            for c in &q.choices {
                let outcome =
                    Outcome::from_str(c.outcome.as_deref().unwrap_or_default()).map_err(fail)?;
                let text = c.text.clone().unwrap_or_else(|| outcome_text(&outcome));
                offers.push((
                    Offer {
                        text,
                        why: c.why.trim().to_string(),
                    },
                    matches(&outcome, &verdict),
                ));
            }
            let (options, correct) = arrange(offers, shuffle, rng);
            let [right] = correct[..] else {
                let outcome = verdict_outcome(&verdict);
                return Err(fail(match correct.len() {
                    0 => format!(
                        "the simulator's outcome, `{outcome}`, is not among the choices: add a choice with `outcome: {outcome}` or change the scenario"
                    ),
                    n => format!(
                        "{n} choices match the simulator's outcome `{outcome}`: exactly one must"
                    ),
                }));
            };
            item.options = options;
            item.answer = Answer::One(right);
            item.replay = Some(replay);
        }
        Kind::Order => {
            let zone = zone.ok_or_else(|| fail("no zone".into()))?;
            let domain = match &q.domain {
                Some(d) => zone_name(d).map_err(fail)?,
                None => zone.origin.clone(),
            };
            let mx: Vec<(u16, String)> = world
                .lookup(&domain, RecordType::MX)
                .records_of(RecordType::MX)
                .filter_map(|r| match &r.data {
                    RData::MX(m) if !m.exchange.is_root() => {
                        Some((m.preference, bare(&m.exchange)))
                    }
                    _ => None,
                })
                .collect();
            if mx.len() < 2 {
                return Err(fail(format!(
                    "{} has fewer than two MX hosts to order",
                    bare(&domain)
                )));
            }
            let (options, answer) = order_answer(mx, rng);
            item.options = options;
            item.answer = answer;
            item.replay = Some(Replay {
                recipient: format!("postmaster@{}", bare(&domain)),
                overrides: Vec::new(),
                profile: Default::default(),
                self_host: None,
                world: None,
            });
        }
        Kind::ZoneLine => {
            let zone = zone.ok_or_else(|| fail("no zone".into()))?;
            let wanted: Vec<Check> = if q.defects.is_empty() {
                zone.defects.clone()
            } else {
                q.defects.clone()
            };
            let faulty: Vec<u32> = lint_zone(world, zone)
                .iter()
                .filter(|f| wanted.contains(&f.check))
                .map(|f| f.pos.line)
                .collect();
            let lines: Vec<(u32, String)> = item
                .zone_lines
                .iter()
                .filter(|(_, t)| !t.trim().is_empty())
                .cloned()
                .collect();
            item.options = lines
                .iter()
                .map(|(n, t)| Offer {
                    text: format!("{n:>3}  {t}"),
                    why: String::new(),
                })
                .collect();
            let answer: Vec<usize> = lines
                .iter()
                .enumerate()
                .filter(|(_, (n, _))| faulty.contains(n))
                .map(|(i, _)| i)
                .collect();
            if answer.is_empty() {
                return Err(fail("the linter finds none of the wanted defects".into()));
            }
            item.answer = Answer::Set(answer);
        }
        Kind::Command => {
            let expect = q.expect.as_ref().ok_or_else(|| fail("no expect".into()))?;
            let name = zone_name(&expect.name).map_err(fail)?;
            // A name in no zone is a typo: the world would answer NXDOMAIN, and a learner
            // who types the intended name would be marked wrong.
            if world.zone_index_for(&name).is_none() {
                return Err(fail(format!(
                    "expect.name {} is in no loaded zone",
                    bare(&name)
                )));
            }
            let rtype = RecordType::from_str(&expect.rtype.to_ascii_uppercase())
                .map_err(|e| fail(e.to_string()))?;
            item.answer = Answer::Query(name, rtype);
        }
    }
    Ok(item)
}

/// Shuffles the offers (unless `shuffle` is false) and returns them with the
/// indices of the right ones.
fn arrange(
    mut offers: Vec<(Offer, bool)>,
    shuffle: bool,
    rng: &mut impl Rng,
) -> (Vec<Offer>, Vec<usize>) {
    if shuffle {
        offers.shuffle(rng);
    }
    let correct = offers
        .iter()
        .enumerate()
        .filter(|(_, (_, right))| *right)
        .map(|(i, _)| i)
        .collect();
    (offers.into_iter().map(|(o, _)| o).collect(), correct)
}

/// Hosts in random order, and the groups of equal preference in the order a
/// sender tries them (R1.7).
pub(super) fn order_answer(
    mut mx: Vec<(u16, String)>,
    rng: &mut impl Rng,
) -> (Vec<super::Offer>, Answer) {
    mx.shuffle(rng);
    let mut preferences: Vec<u16> = mx.iter().map(|(p, _)| *p).collect();
    preferences.sort_unstable();
    preferences.dedup();
    let groups = preferences
        .iter()
        .map(|p| {
            mx.iter()
                .enumerate()
                .filter(|(_, (q, _))| q == p)
                .map(|(i, _)| i)
                .collect()
        })
        .collect();
    let options = mx
        .into_iter()
        .map(|(p, host)| Offer {
            text: host,
            why: format!("preference {p}"),
        })
        .collect();
    (options, Answer::Groups(groups))
}

/// What happens at the first attempt of a replayed delivery.
pub(super) fn simulate(replay: &Replay, world: &World) -> Result<Verdict, String> {
    let world = replay.world.as_deref().unwrap_or(world);
    let scenario = Scenario {
        world,
        recipient: &replay.recipient,
        overrides: replay.overrides.clone(),
        profile: replay.profile,
        self_host: replay.self_host.clone(),
        seed: 0,
    };
    delivery::simulate(&scenario)
        .map(|t| t.verdict())
        .map_err(|e| e.to_string())
}

/// A verdict as an author writes it in `outcome:`.
pub fn verdict_outcome(verdict: &Verdict) -> String {
    match verdict {
        Verdict::Delivered(host) => format!("delivered {host}."),
        Verdict::Deferred => "deferred".into(),
        Verdict::Bounced => "bounced".into(),
    }
}

/// The words for an outcome when the author gave none.
pub(super) fn outcome_text(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Delivered(host) => format!("It is delivered to {}", bare(host)),
        Outcome::Deferred => "It stays queued and is retried later".into(),
        Outcome::Bounced => "It bounces back to the sender".into(),
    }
}

/// Whether an authored outcome says what the simulation did.
pub(super) fn matches(outcome: &Outcome, verdict: &Verdict) -> bool {
    match (outcome, verdict) {
        (Outcome::Delivered(host), Verdict::Delivered(to)) => &bare(host) == to,
        (Outcome::Deferred, Verdict::Deferred) | (Outcome::Bounced, Verdict::Bounced) => true,
        _ => false,
    }
}
