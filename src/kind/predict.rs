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
use hickory_proto::rr::Name;
use rand::Rng;
use std::collections::BTreeSet;
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

    /// A choice whose text says something else than its outcome: waiting on a
    /// delivery, delivery on a bounce, another host than the one delivered to.
    fn lint(&self, q: &Question, report: &mut dyn Report) {
        let scenario = q.scenario.as_ref();
        let mut named: Vec<Name> = q
            .choices
            .iter()
            .filter_map(|c| match c.outcome.as_deref().map(str::parse::<Outcome>) {
                Some(Ok(Outcome::Delivered(host))) => Some(host),
                _ => None,
            })
            .collect();
        named.extend(
            scenario
                .into_iter()
                .flat_map(|s| s.states.keys())
                .filter_map(|h| zone_name(h).ok()),
        );
        let sender = scenario
            .and_then(|s| s.self_host.as_deref())
            .and_then(|h| zone_name(h).ok());
        for c in &q.choices {
            let (Some(text), Some(Ok(outcome))) = (
                c.text.as_deref(),
                c.outcome.as_deref().map(str::parse::<Outcome>),
            ) else {
                continue;
            };
            if let Some(problem) = contradiction(text, &outcome, &named, sender.as_ref()) {
                report.warning(c.pos, problem);
            }
        }
    }

    /// Unless the scenario fixes the sender's random choices (`seed`, the question is
    /// about how ties fall), its first attempt must end the same for every seed
    /// (R1.7: equal preferences are tried in random order): else the key is wrong
    /// for some senders.
    fn audit(&self, q: &Question, item: &Item, world: &World, report: &mut dyn Report) {
        let (Some(scenario), Some(setup)) = (&q.scenario, &item.replay) else {
            return;
        };
        if scenario.seed.is_some() {
            return;
        }
        if let Some((seed, key, other)) = seed_dependence(setup, world) {
            report.error(
                q.pos,
                format!(
                    "question `{}`: its answer depends on the random order of equal preferences (R1.7): with seed {} (the one sessions use) the first attempt ends `{}`, with seed {seed} it ends `{}`, so the key is wrong for some senders; make the outcome the same whichever tied host is tried first (give the tied hosts the same state), or, if the question is about that order, fix it with `seed:` in the scenario and say in the prompt which host the sender tries first",
                    q.id,
                    setup.seed,
                    verdict_outcome(&key),
                    verdict_outcome(&other),
                ),
            );
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
            seed: replay.seed,
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
    setup.seed = scenario.seed.unwrap_or(0);
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

/// How many of the sender's random choices (seeds 0 to 63) `check` runs each
/// predict scenario with.
pub const SEEDS: u64 = 64;

/// The first seed whose first attempt ends otherwise than `setup`'s own, with both
/// verdicts (`setup`'s first); `None` when all [`SEEDS`] agree, or once every order
/// the ties can take has been seen.
fn seed_dependence(
    setup: &Setup,
    world: &World,
) -> Option<(u64, delivery::Verdict, delivery::Verdict)> {
    let (key, steps) = setup.first_attempt(world).ok()?;
    // The seed reaches the first attempt only through the order of equal
    // preferences (R1.7), which the steps show as shuffles: without one, every seed
    // ends the first attempt alike; with them, seeds that give an order already seen
    // end it as before.
    let first = tie_orders(&steps);
    if first.is_empty() {
        return None;
    }
    let possible = possible_orders(&first);
    let mut seen = BTreeSet::from([first]);
    let mut run = setup.clone();
    for seed in (0..SEEDS).filter(|s| *s != setup.seed) {
        if possible.is_some_and(|p| seen.len() as u64 >= p) {
            break;
        }
        run.seed = seed;
        let (verdict, steps) = run.first_attempt(world).ok()?;
        if verdict != key {
            return Some((seed, key, verdict));
        }
        seen.insert(tie_orders(&steps));
    }
    None
}

/// How an attempt ordered its ties: the texts of its shuffle steps.
fn tie_orders(steps: &[delivery::Step]) -> Vec<String> {
    steps
        .iter()
        .filter(|s| s.kind == delivery::StepKind::Shuffle)
        .map(|s| s.text.clone())
        .collect()
}

/// How many orders the ties of `orders` can take (each group of n hosts, n! ways);
/// `None` when a step does not list its hosts as `... order is a, b`.
fn possible_orders(orders: &[String]) -> Option<u64> {
    orders.iter().try_fold(1u64, |product, text| {
        let (_, hosts) = text.split_once("order is ")?;
        let n = hosts.split(", ").count() as u64;
        Some((1..=n).fold(product, u64::saturating_mul))
    })
}

/// Words of a choice's text that speak of waiting for a later attempt.
const WAITING: &[&str] = &[
    "wait",
    "waits",
    "waiting",
    "waited",
    "queue",
    "queues",
    "queued",
    "queueing",
    "queuing",
    "retry",
    "retries",
    "retried",
    "retrying",
    "defer",
    "defers",
    "deferred",
    "deferring",
    "later",
];

/// Words of a choice's text that speak of the message arriving.
const ARRIVING: &[&str] = &[
    "deliver",
    "delivers",
    "delivered",
    "delivering",
    "accepts",
    "accepted",
];

/// First labels that texts use as plain words ("the mail", "the backup"): they
/// name no host in a text.
const PLAIN_LABELS: &[&str] = &[
    "mail", "mx", "smtp", "www", "relay", "backup", "gateway", "filter", "spare", "host", "server",
    "main",
];

/// What a predict choice's `text` says that its `outcome` does not, in words for
/// its author; `named` are the hosts the question names (outcomes and states),
/// `sender` the sending host (which a text may name).
fn contradiction(
    text: &str,
    outcome: &Outcome,
    named: &[Name],
    sender: Option<&Name>,
) -> Option<String> {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .filter(|w| !w.is_empty())
        .collect();
    let said = |list: &[&str]| words.iter().find(|w| list.contains(w)).copied();
    match outcome {
        Outcome::Delivered(host) => {
            if let Some(word) = said(WAITING) {
                return Some(format!(
                    "this choice's text speaks of waiting (`{word}`), but its outcome `delivered {host}` says the first attempt delivers the message: reword the text, or make the outcome `deferred`"
                ));
            }
            let names: Vec<String> = lower
                .split_whitespace()
                .map(|w| w.trim_matches(|c: char| !(c.is_alphanumeric() || c == '-')))
                .filter(|w| looks_like_host(w))
                .map(str::to_string)
                .collect();
            let full = |h: &Name| bare(h).to_lowercase();
            let first = |h: &Name| full(h).split('.').next().unwrap_or_default().to_string();
            let mentions = |h: &Name, plain_counts: bool| {
                let label = first(h);
                names.contains(&full(h))
                    || (words.contains(&label.as_str())
                        && (plain_counts || !PLAIN_LABELS.contains(&label.as_str())))
            };
            if mentions(host, true) {
                return None;
            }
            // Another host, as the text writes it and by its full name.
            let (word, other) = named
                .iter()
                .filter(|h| *h != host && Some(*h) != sender)
                .find_map(|h| {
                    if names.contains(&full(h)) {
                        Some((full(h), full(h)))
                    } else if first(h) != first(host) && mentions(h, false) {
                        Some((first(h), full(h)))
                    } else {
                        None
                    }
                })
                .or_else(|| {
                    names
                        .iter()
                        .find(|n| sender.is_none_or(|s| full(s) != **n))
                        .map(|n| (n.clone(), n.clone()))
                })?;
            Some(format!(
                "this choice's text names `{word}`, but its outcome is `delivered {host}`: the learner reads the text and the simulator grades the outcome; name {} in the text, or make the outcome `delivered {other}.`",
                first(host)
            ))
        }
        Outcome::Bounced => said(ARRIVING).map(|word| {
            format!(
                "this choice's text speaks of delivery (`{word}`), but its outcome is `bounced`: reword the text, or write the outcome it describes (`delivered HOST.`)"
            )
        }),
        Outcome::Deferred => None,
    }
}

/// A word written as a host name: two labels or more, a letter among them
/// (`www.blossomflowers.example`, not `5.7.1`).
fn looks_like_host(word: &str) -> bool {
    let word = word.trim_end_matches('.');
    word.contains('.')
        && word.chars().any(|c| c.is_ascii_alphabetic())
        && word
            .split('.')
            .all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
}

#[cfg(test)]
mod tests {
    use super::{Outcome, contradiction, looks_like_host, possible_orders};
    use crate::ground::zone_name;
    use hickory_proto::rr::Name;

    fn name(host: &str) -> Name {
        zone_name(host).expect("a host name")
    }

    fn said(text: &str, outcome: &str, sender: Option<&str>) -> Option<String> {
        let named = [
            name("mx-a.ties.example."),
            name("mx-b.ties.example."),
            name("mail.ties.example."),
            name("spool1.relay.example."),
        ];
        let outcome: Outcome = outcome.parse().expect("an outcome");
        contradiction(text, &outcome, &named, sender.map(name).as_ref())
    }

    /// `delivered HOST` is the first attempt's outcome (R1.11): a text that speaks
    /// of waiting for a retry (R1.10) describes `deferred`.
    #[test]
    fn waiting_on_a_delivery_is_named() {
        let problem = said(
            "mx-a accepts it after a retry",
            "delivered mx-a.ties.example.",
            None,
        )
        .expect("a warning");
        assert!(problem.contains("(`retry`)"), "{problem}");
        assert!(problem.contains("`deferred`"), "{problem}");
        for text in [
            "It is queued for later",
            "mx-a takes it once the sender waits",
        ] {
            assert!(
                said(text, "delivered mx-a.ties.example.", None).is_some(),
                "{text}"
            );
        }
        // Waiting is what `deferred` means.
        assert_eq!(said("It waits in the queue", "deferred", None), None);
    }

    #[test]
    fn delivery_on_a_bounce_is_named() {
        let problem = said("mx-b accepts it", "bounced", None).expect("a warning");
        assert!(problem.contains("(`accepts`)"), "{problem}");
        assert_eq!(
            said(
                "It bounces with \"550 5.7.1 Relaying denied\" from mx-b",
                "bounced",
                None
            ),
            None
        );
    }

    #[test]
    fn another_host_than_the_one_delivered_to_is_named() {
        let problem =
            said("mx-a takes it", "delivered mx-b.ties.example.", None).expect("a warning");
        assert!(problem.contains("names `mx-a`"), "{problem}");
        assert!(
            problem.contains("`delivered mx-a.ties.example.`"),
            "{problem}"
        );
        // A full name the question does not use elsewhere counts too.
        let problem = said(
            "mx9.other.example accepts it",
            "delivered mx-b.ties.example.",
            None,
        )
        .expect("a warning");
        assert!(problem.contains("names `mx9.other.example`"), "{problem}");
    }

    #[test]
    fn texts_that_agree_with_their_outcome_pass() {
        let fine = [
            ("mx-b accepts it", "delivered mx-b.ties.example."),
            (
                "mx-a refuses, so mx-b accepts it",
                "delivered mx-b.ties.example.",
            ),
            (
                "mx-b.ties.example accepts it",
                "delivered mx-b.ties.example.",
            ),
            // `mail` is a plain word here, not the host mail.ties.example.
            ("The mail reaches mx-b", "delivered mx-b.ties.example."),
            (
                "The office's mail server accepts it",
                "delivered mail.ties.example.",
            ),
            // A reply code is no host name.
            ("It bounces with 5.7.1", "bounced"),
        ];
        for (text, outcome) in fine {
            assert_eq!(said(text, outcome, None), None, "{text}");
        }
        // The sending host may be named (R1.9 questions are about it).
        assert_eq!(
            said(
                "spool1 passes it to the office's server",
                "delivered mail.ties.example.",
                Some("spool1.relay.example."),
            ),
            None
        );
    }

    /// R1.7: a group of n equal preferences can be tried in n! orders; once every
    /// order of every group has been seen, further seeds repeat one of them.
    #[test]
    fn the_orders_ties_can_take() {
        let orders = [
            "Preference 10 is shared: this time the order is a.example, b.example, c.example"
                .to_string(),
            "Preference 20 is shared: this time the order is d.example, e.example".to_string(),
        ];
        assert_eq!(possible_orders(&orders), Some(12));
        assert_eq!(possible_orders(&orders[1..]), Some(2));
        // A step worded otherwise: no count, so every seed is run.
        assert_eq!(possible_orders(&["shuffled".to_string()]), None);
    }

    #[test]
    fn host_names_are_told_from_numbers() {
        assert!(looks_like_host("www.blossomflowers.example"));
        assert!(looks_like_host("mx1.example.net."));
        assert!(!looks_like_host("5.7.1"));
        assert!(!looks_like_host("it"));
    }
}
