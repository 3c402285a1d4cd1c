//! `predict`: say where the mail ends up. The author writes the scenario and the
//! outcomes to choose from; the simulator decides which is right (its first
//! attempt), never the author.

use super::Rules;
use super::check::{Report, Written};
use super::entry::Entry;
use super::forms::Forms;
use super::item::{Answer, Item, Offer, Response, Verdict};
use super::key::{Key, Preview};
use super::options::{arrange, grade_one, mismatch, shown};
use super::question::{Outcome, Question, Scenario};
use crate::delivery::{self, Behaviour, Setup};
use crate::dns::{World, Zone};
use crate::ground::{RefKind, Reference, bare, zone_name};
use rand::Rng;
use std::fmt::Write;
use std::str::FromStr;

/// The `predict` kind.
pub(super) struct Predict;

impl Rules for Predict {
    fn name(&self) -> &'static str {
        "predict"
    }

    fn fields(&self) -> &'static [&'static str] {
        &["zone", "scenario", "choices", "shuffle"]
    }

    fn needs_zone(&self) -> bool {
        true
    }

    /// A scenario with a recipient address, host states of hosts in the world, and
    /// at least two outcomes, none marked correct.
    fn check(&self, q: &Question, at: &dyn Written, report: &mut dyn Report) {
        let Some(scenario) = &q.scenario else {
            report.error(
                at.at("kind"),
                "predict questions need `scenario: { recipient: ... }`".into(),
            );
            return;
        };
        let written = at.field("scenario").unwrap_or(at);
        let recipient = written.at("recipient");
        match scenario.recipient.rsplit_once('@') {
            Some((local, domain)) if !local.is_empty() => match zone_name(domain) {
                Ok(name) => report.refers(Reference {
                    pos: recipient,
                    kind: RefKind::Domain,
                    name,
                }),
                Err(msg) => report.error(recipient, msg),
            },
            _ => report.error(
                recipient,
                format!("`{}` is not an email address", scenario.recipient),
            ),
        }
        let hosts = written
            .field("states")
            .map(|s| s.keys())
            .unwrap_or_default();
        for (key, pos) in hosts {
            match zone_name(key) {
                Ok(name) => report.refers(Reference {
                    pos,
                    kind: RefKind::Host,
                    name,
                }),
                Err(msg) => report.error(pos, msg),
            }
        }
        if q.choices.len() < 2 {
            report.error(
                at.at("choices"),
                "a predict question needs at least two outcomes to choose from".into(),
            );
        }
        let choices = at.field("choices").map(|c| c.items()).unwrap_or_default();
        for (i, choice) in q.choices.iter().enumerate() {
            let pos = choices.get(i).map_or(at.pos(), |n| n.pos());
            if choice.correct.is_some() {
                report.error(
                    pos,
                    "predict answers are computed by the simulator: remove `correct`".into(),
                );
            }
            match choice.outcome.as_deref().map(str::parse::<Outcome>) {
                None => report.error(pos, "a predict choice needs `outcome`".into()),
                Some(Err(msg)) => report.error(pos, msg),
                Some(Ok(Outcome::Delivered(host))) => report.refers(Reference {
                    pos,
                    kind: RefKind::Host,
                    name: host,
                }),
                Some(Ok(_)) => {}
            }
        }
    }

    /// The simulator's first-attempt outcome picks the right option.
    fn prepare(
        &self,
        q: &Question,
        _zone: Option<&Zone>,
        item: &mut Item,
        world: &World,
        shuffle: bool,
        rng: &mut dyn Rng,
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
                n => format!(
                    "{n} choices match the simulator's outcome `{outcome}`: exactly one must"
                ),
            });
        };
        item.options = options;
        item.answer = Answer::One(right);
        item.context = scenario_lines(&setup);
        item.replay = Some(setup);
        Ok(())
    }

    fn entry(&self) -> Entry {
        Entry::ONE
    }

    fn hint(&self) -> &'static str {
        "Type the number of your answer."
    }

    /// The right outcome, then the delivery as the simulator ran it, so the learner
    /// sees why.
    fn grade(&self, item: &Item, response: &Response, world: &World, _now: u64) -> Verdict {
        let (Answer::One(right), Response::Pick(picked)) = (&item.answer, response) else {
            return mismatch();
        };
        grade_one(item, *right, picked, delivery_lines(item, world))
    }

    /// The outcome the simulator computes, with its scenario and trace.
    fn key(&self, _q: &Question, item: &Item, world: &World, p: &mut Preview) {
        p.options = shown(item);
        let Some(replay) = &item.replay else {
            p.key = Key::Choices;
            return;
        };
        let scenario = delivery::Scenario {
            world,
            recipient: &replay.recipient,
            overrides: replay.overrides.clone(),
            profile: replay.profile,
            self_host: replay.self_host.clone(),
            seed: 0,
        };
        p.key = match delivery::simulate(&scenario) {
            Ok(trace) => Key::Outcome {
                outcome: verdict_outcome(&trace.verdict()),
                recipient: replay.recipient.clone(),
                states: replay
                    .overrides
                    .iter()
                    .map(|(h, b)| format!("{}: {}", bare(h), b.state.name()))
                    .collect(),
                profile: replay.profile.name().into(),
                trace_text: trace.to_text(),
                trace: trace.steps,
            },
            Err(e) => Key::Unpreparable {
                reason: e.to_string(),
            },
        };
    }

    fn key_text(&self, p: &Preview, out: &mut String) {
        let Key::Outcome {
            outcome,
            trace_text,
            ..
        } = &p.key
        else {
            return;
        };
        // Writing to a String cannot fail.
        let _ = writeln!(out, "{outcome}");
        for line in trace_text.lines() {
            let _ = writeln!(out, "    {line}");
        }
    }

    fn export(&self, p: &Preview, to: &mut dyn Forms) -> Result<(), String> {
        to.choices(p, false)
    }
}

/// The delivery a predict question describes.
pub fn setup_of(scenario: &Scenario) -> Result<Setup, String> {
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

/// A predict scenario as the learner is told it: the recipient, the sending MTA and
/// every host whose state the question sets.
fn scenario_lines(setup: &Setup) -> Vec<String> {
    let mut lines = vec![format!(
        "Message to {} · sending MTA: {}",
        setup.recipient,
        setup.profile.name()
    )];
    for (host, behaviour) in &setup.overrides {
        // The learner's words for the state (`✗ 5xx greeting`), not its name in files.
        lines.push(format!("  {}: {}", bare(host), behaviour.state.label()));
    }
    if let Some(host) = &setup.self_host {
        lines.push(format!("  the sending server is {}", bare(host)));
    }
    lines
}

/// The delivery as the simulator ran it, step by step (the first attempt and the
/// outcome).
fn delivery_lines(item: &Item, world: &World) -> Vec<String> {
    let Some(setup) = item.replay.as_ref() else {
        return Vec::new();
    };
    let Ok(trace) = setup.run(world) else {
        return Vec::new();
    };
    let mut lines = vec![format!("The delivery (profile {}):", setup.profile.name())];
    lines.extend(
        trace
            .steps
            .iter()
            .filter(|s| s.attempt == 1)
            .enumerate()
            .map(|(n, s)| {
                let rule = s.rule.map(|r| format!(" ({r})")).unwrap_or_default();
                format!("{:>2}. {}{rule}", n + 1, s.text)
            }),
    );
    match trace.outcome.attempts {
        1 => {}
        2 => lines.push("... then one more attempt on the retry schedule.".into()),
        n => lines.push(format!(
            "... then {} more attempts on the retry schedule.",
            n - 1
        )),
    }
    lines
}

/// A verdict as an author writes it in `outcome:`.
pub fn verdict_outcome(verdict: &delivery::Verdict) -> String {
    match verdict {
        delivery::Verdict::Delivered(host) => format!("delivered {host}."),
        delivery::Verdict::Deferred => "deferred".into(),
        delivery::Verdict::Bounced => "bounced".into(),
    }
}

/// The words for an outcome when the author gave none.
pub(crate) fn outcome_text(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Delivered(host) => format!("It is delivered to {}", bare(host)),
        Outcome::Deferred => "It stays queued and is retried later".into(),
        Outcome::Bounced => "It bounces back to the sender".into(),
    }
}

/// Whether an authored outcome says what the simulation did.
pub(crate) fn matches(outcome: &Outcome, verdict: &delivery::Verdict) -> bool {
    match (outcome, verdict) {
        (Outcome::Delivered(host), delivery::Verdict::Delivered(to)) => &bare(host) == to,
        (Outcome::Deferred, delivery::Verdict::Deferred)
        | (Outcome::Bounced, delivery::Verdict::Bounced) => true,
        _ => false,
    }
}
