//! Generated drills: random MX sets (2–5 records, ties, random failures) for endless
//! `order` and `predict` practice, seeded, and labelled as generated.

use super::{Answer, Item, Offer};
use crate::content::bank::{Category, Kind, Outcome};
use crate::content::{Source, load};
use crate::delivery::Profile;
use crate::delivery::{Behaviour, Setup};
use crate::dns::{HostState, World};
use crate::kind::{matches, order_answer, outcome_text};
use hickory_proto::rr::Name;
use rand::rngs::StdRng;
use rand::seq::{IndexedRandom, SliceRandom};
use rand::{RngExt, SeedableRng};
use std::sync::Arc;

/// The drill domain (a documentation name).
const DOMAIN: &str = "drill.example";

/// A random MX set: (preference, host label).
fn mx_set(rng: &mut StdRng) -> Vec<(u16, String)> {
    let n = rng.random_range(2..=5);
    let pool = [0u16, 5, 10, 10, 20, 20, 30, 50, 100];
    (0..n)
        .map(|i| (*pool.choose(rng).unwrap_or(&10), format!("mx{}", i + 1)))
        .collect()
}

fn base(id: String, kind: Kind, category: Category, prompt: String, explanation: &str) -> Item {
    Item {
        bank: "generated".into(),
        id,
        kind,
        category,
        objectives: vec!["N10-009 3.4".into()],
        difficulty: 2,
        prompt,
        context: Vec::new(),
        zone_lines: Vec::new(),
        zone_heading: None,
        options: Vec::new(),
        answer: Answer::Set(Vec::new()),
        explanation: explanation.into(),
        generated: true,
        replay: None,
    }
}

fn listing(mx: &[(u16, String)]) -> String {
    mx.iter()
        .map(|(p, h)| format!("  {DOMAIN}.  3600  IN  MX  {p} {h}.{DOMAIN}."))
        .collect::<Vec<_>>()
        .join("\n")
}

/// An `order` drill: arrange a random MX set in the order a sender tries it.
pub fn order_drill(seed: u64) -> Item {
    let mut rng = StdRng::seed_from_u64(seed);
    let mx = mx_set(&mut rng);
    let prompt = format!(
        "Generated drill. In what order does a sender try these mail hosts?\n{}",
        listing(&mx)
    );
    let mut item = base(
        format!("order-{seed}"),
        Kind::Order,
        Category::Priority,
        prompt,
        "Lower preference first; equal preferences in random order (R1.7).",
    );
    let hosts = mx
        .iter()
        .map(|(p, h)| (*p, format!("{h}.{DOMAIN}")))
        .collect();
    let (options, answer) = order_answer(hosts, &mut rng);
    item.options = options;
    item.answer = answer;
    item
}

/// A `predict` drill: a random MX set and random host failures; the simulator
/// decides the answer.
pub fn predict_drill(seed: u64) -> Item {
    let mut rng = StdRng::seed_from_u64(seed);
    let mx = mx_set(&mut rng);
    let mut zone = format!(
        "$ORIGIN {DOMAIN}.\n$TTL 3600\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n@ IN NS ns1\nns1 IN A 192.0.2.53\n"
    );
    for (i, (p, h)) in mx.iter().enumerate() {
        zone.push_str(&format!(
            "@ IN MX {p} {h}\n{h} IN A 198.51.100.{}\n",
            i + 10
        ));
    }
    let world: World = load(&[Source {
        path: "generated.zone".into(),
        text: zone,
        bundled: false,
        unreadable: None,
    }])
    .world;
    let states = [
        HostState::Up,
        HostState::Down,
        HostState::Timeout,
        HostState::Greet4xx,
        HostState::Rcpt4xx,
        HostState::Rcpt5xx,
    ];
    // Tied hosts share a state, so the answer does not hang on the shuffle.
    let mut by_preference: Vec<(u16, HostState)> = Vec::new();
    let mut overrides = Vec::new();
    let mut described = Vec::new();
    for (p, h) in &mx {
        let state = match by_preference.iter().find(|(q, _)| q == p) {
            Some((_, s)) => *s,
            None => {
                let s = *states.choose(&mut rng).unwrap_or(&HostState::Up);
                by_preference.push((*p, s));
                s
            }
        };
        let name: Name = format!("{h}.{DOMAIN}.").parse().unwrap_or_default();
        overrides.push((name, Behaviour { state, lasts: None }));
        described.push(format!("  {h}.{DOMAIN}: {}", state.label()));
    }
    let replay = Setup {
        overrides,
        profile: Profile::Postfix,
        world: Some(Arc::new(world)),
        ..Setup::new(format!("info@{DOMAIN}"))
    };
    let verdict = replay.run(&World::default()).ok().map(|t| t.verdict());
    let prompt = format!(
        "Generated drill (Postfix). Mail for info@{DOMAIN}; the MX records:\n{}\nThe hosts today:\n{}\nWhat happens at the first delivery attempt?",
        listing(&mx),
        described.join("\n")
    );
    let mut item = base(
        format!("predict-{seed}"),
        Kind::Predict,
        Category::Troubleshooting,
        prompt,
        "The sender tries the hosts in order of preference, lowest first (R1.7). A refused or timed-out connection or a 4xx reply is temporary, so it moves on to the next host; a 5xx reply to RCPT TO is permanent and bounces the message at once (R1.11). If every host failed only for now, the message waits in the queue.",
    );
    let mut outcomes: Vec<Outcome> = mx
        .iter()
        .map(|(_, h)| Outcome::Delivered(format!("{h}.{DOMAIN}.").parse().unwrap_or_default()))
        .collect();
    outcomes.push(Outcome::Deferred);
    outcomes.push(Outcome::Bounced);
    outcomes.shuffle(&mut rng);
    let right = verdict
        .as_ref()
        .and_then(|v| outcomes.iter().position(|o| matches(o, v)))
        .unwrap_or(0);
    item.options = outcomes
        .iter()
        .map(|o| Offer {
            text: outcome_text(o),
            why: String::new(),
        })
        .collect();
    item.answer = Answer::One(right);
    item.replay = Some(replay);
    item
}

/// `n` drills from `seed`, order and predict in turn: endless in principle, as every
/// seed gives a new one.
pub fn drills(seed: u64, n: usize) -> Vec<Item> {
    (0..n as u64)
        .map(|i| {
            if i % 2 == 0 {
                order_drill(seed.wrapping_add(i))
            } else {
                predict_drill(seed.wrapping_add(i))
            }
        })
        .collect()
}
