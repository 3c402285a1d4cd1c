//! From an authored question to an item with its answer computed: the zone's MX
//! records for `order`, the linter's lines for `zone-line`, the simulator's outcome
//! for `predict` — never a hand-written answer where the engine can compute one.

use super::{Answer, Item, Offer};
use crate::content::bank::{self, Bank, Kind, Outcome, Question};
use crate::content::{bare, zone::zone_name};
use crate::delivery::{Behaviour, Setup, Verdict};
use crate::dns::{Check, Finding, HostState, World, Zone, lint_zone};
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
        context: Vec::new(),
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
    let done = match q.kind {
        Kind::Choice | Kind::Multi => {
            choices(q, &mut item, shuffle, rng);
            Ok(())
        }
        Kind::Predict => predict(q, &mut item, world, shuffle, rng),
        Kind::Order => {
            let zone = zone.ok_or_else(|| fail("no zone".into()))?;
            order(q, zone, &mut item, world, rng)
        }
        Kind::ZoneLine => {
            let zone = zone.ok_or_else(|| fail("no zone".into()))?;
            zone_line(q, zone, &mut item, world)
        }
        Kind::Command => command(q, &mut item, world),
    };
    done.map_err(fail)?;
    Ok(item)
}

/// choice and multi: the author's options, shuffled.
fn choices(q: &Question, item: &mut Item, shuffle: bool, rng: &mut impl Rng) {
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
    item.answer = match (q.kind, correct.first()) {
        (Kind::Choice, Some(&right)) => Answer::One(right),
        _ => Answer::Set(correct),
    };
}

/// The delivery a predict question describes.
pub fn setup_of(scenario: &bank::Scenario) -> Result<Setup, String> {
    let mut setup = Setup::new(scenario.recipient.clone());
    for (host, state) in &scenario.states {
        let behaviour = Behaviour {
            state: *state,
            lasts: None,
        };
        setup.set_behaviour(zone_name(host)?, behaviour);
    }
    setup.profile = scenario.profile.unwrap_or_default();
    setup.self_host = scenario.self_host.as_deref().map(zone_name).transpose()?;
    Ok(setup)
}

/// predict: the simulator's first-attempt outcome picks the right option.
fn predict(
    q: &Question,
    item: &mut Item,
    world: &World,
    shuffle: bool,
    rng: &mut impl Rng,
) -> Result<(), String> {
    let scenario = q.scenario.as_ref().ok_or("no scenario")?;
    let setup = setup_of(scenario)?;
    let verdict = setup.run(world).map_err(|e| e.to_string())?.verdict();
    let mut offers = Vec::new();
    for c in &q.choices {
        let outcome = Outcome::from_str(c.outcome.as_deref().unwrap_or_default())?;
        let text = c.text.clone().unwrap_or_else(|| outcome_text(&outcome));
        let why = c.why.trim().to_string();
        offers.push((Offer { text, why }, matches(&outcome, &verdict)));
    }
    let (options, correct) = arrange(offers, shuffle, rng);
    let [right] = correct[..] else {
        let outcome = verdict_outcome(&verdict);
        return Err(match correct.len() {
            0 => format!(
                "the simulator's outcome, `{outcome}`, is not among the choices: add a choice with `outcome: {outcome}` or change the scenario"
            ),
            n => format!("{n} choices match the simulator's outcome `{outcome}`: exactly one must"),
        });
    };
    item.options = options;
    item.answer = Answer::One(right);
    item.context = scenario_lines(&setup);
    item.replay = Some(setup);
    Ok(())
}

/// A predict scenario as the learner is told it: the recipient, the sending MTA and
/// every host whose state the question sets.
fn scenario_lines(setup: &Setup) -> Vec<String> {
    let mut lines = vec![format!(
        "Message to {} · sending MTA: {}",
        setup.recipient,
        setup.profile.name()
    )];
    for (host, behaviour) in &setup.overrides {
        let state = HostState::NAMES
            .iter()
            .find(|(_, s)| *s == behaviour.state)
            .map_or("up", |(n, _)| n);
        lines.push(format!("  {}: {state}", bare(host)));
    }
    if let Some(host) = &setup.self_host {
        lines.push(format!("  the sending server is {}", bare(host)));
    }
    lines
}

/// order: the MX hosts of the domain, grouped by preference.
fn order(
    q: &Question,
    zone: &Zone,
    item: &mut Item,
    world: &World,
    rng: &mut impl Rng,
) -> Result<(), String> {
    let domain = match &q.domain {
        Some(d) => zone_name(d)?,
        None => zone.origin.clone(),
    };
    let mx: Vec<(u16, String)> = world
        .lookup(&domain, RecordType::MX)
        .records_of(RecordType::MX)
        .filter_map(|r| match &r.data {
            RData::MX(m) if !m.exchange.is_root() => Some((m.preference, bare(&m.exchange))),
            _ => None,
        })
        .collect();
    if mx.len() < 2 {
        return Err(format!(
            "{} has fewer than two MX hosts to order",
            bare(&domain)
        ));
    }
    let (options, answer) = order_answer(mx, rng);
    item.options = options;
    item.answer = answer;
    item.replay = Some(Setup::new(format!("postmaster@{}", bare(&domain))));
    Ok(())
}

/// zone-line: the lines the linter finds the declared defects on.
fn zone_line(q: &Question, zone: &Zone, item: &mut Item, world: &World) -> Result<(), String> {
    let wanted: &[Check] = if q.defects.is_empty() {
        &zone.defects
    } else {
        &q.defects
    };
    let findings = lint_zone(world, zone);
    let faulty: Vec<u32> = findings
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
            why: line_why(*n, t, &findings, wanted),
        })
        .collect();
    let answer: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, (n, _))| faulty.contains(n))
        .map(|(i, _)| i)
        .collect();
    if answer.is_empty() {
        return Err("the linter finds none of the wanted defects".into());
    }
    item.answer = Answer::Set(answer);
    Ok(())
}

/// Why a zone line is or is not a right pick: the linter's message for a faulty
/// line (the learner reads what the checker reports), and for any other line that
/// it is fine, or faulty in a way this question does not ask about.
fn line_why(line: u32, text: &str, findings: &[Finding], wanted: &[Check]) -> String {
    let on_line = |asked: bool| -> Vec<&str> {
        findings
            .iter()
            .filter(|f| f.pos.line == line && wanted.contains(&f.check) == asked)
            .map(|f| f.message.as_str())
            .collect()
    };
    let asked = on_line(true);
    if !asked.is_empty() {
        return format!(
            "The checker reports: {}.",
            asked.join("; ").trim_end_matches('.')
        );
    }
    let other = on_line(false);
    if !other.is_empty() {
        return format!(
            "Not the fault asked about here, though the checker notes: {}.",
            other.join("; ").trim_end_matches('.')
        );
    }
    if text.trim_start().starts_with('$') {
        "This line is fine: a directive for the lines below it, not a record.".into()
    } else {
        "This line is fine: the checks find nothing wrong with this record.".into()
    }
}

/// command: the query the learner's command must ask; the name must be one the
/// world answers for, or no command could be right.
fn command(q: &Question, item: &mut Item, world: &World) -> Result<(), String> {
    let expect = q.expect.as_ref().ok_or("no expect")?;
    let name = zone_name(&expect.name)?;
    let rtype =
        RecordType::from_str(&expect.rtype.to_ascii_uppercase()).map_err(|e| e.to_string())?;
    // Reverse names are graded on the question asked: the world has no reverse zones.
    let reverse = ["in-addr.arpa.", "ip6.arpa."]
        .iter()
        .any(|z| name.to_ascii().to_ascii_lowercase().ends_with(z));
    if world.zone_index_for(&name).is_none() && !reverse {
        return Err(format!(
            "expect.name {} is in no loaded zone: no command could ask for it",
            bare(&name)
        ));
    }
    item.answer = Answer::Query(name, rtype);
    Ok(())
}

/// A verdict as an author writes it in `outcome:`.
pub fn verdict_outcome(verdict: &Verdict) -> String {
    match verdict {
        Verdict::Delivered(host) => format!("delivered {host}."),
        Verdict::Deferred => "deferred".into(),
        Verdict::Bounced => "bounced".into(),
    }
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
