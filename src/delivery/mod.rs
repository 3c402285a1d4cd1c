//! The sending MTA: RFC 5321 route planning, SMTP outcomes, the retry queue and the
//! step trace (mx-rules.md §1–§4). Pure: the world, the seed and the start time are
//! passed in.

mod profile;
mod queue;
mod route;
mod rules;
mod setup;
mod smtp;
mod trace;

pub use profile::{Failure, Next, Profile};
pub use route::{Plan, Target};
pub use rules::rule_text;
pub use setup::Setup;
pub use trace::{Outcome, OutcomeKind, Run, Step, StepKind, Trace, Verdict, Wire, elapsed};

use crate::dns::{HostState, World};
use crate::ground::bare;
use hickory_proto::rr::Name;
use queue::Queue;
use rand::SeedableRng;
use rand::rngs::StdRng;

/// How one host behaves: a state, possibly only for the first seconds of the queue
/// life (down for 2 hours, then up).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Behaviour {
    /// The state.
    pub state: HostState,
    /// How long the state lasts; after that the host is up. `None`: for ever.
    pub lasts: Option<u64>,
}

impl Behaviour {
    /// The state at `at` seconds.
    pub fn at(self, at: u64) -> HostState {
        match self.lasts {
            Some(lasts) if at >= lasts => HostState::Up,
            _ => self.state,
        }
    }
}

/// Everything a simulation needs.
#[derive(Debug, Clone)]
pub struct Scenario<'a> {
    /// The zones.
    pub world: &'a World,
    /// The recipient address.
    pub recipient: &'a str,
    /// Host behaviours that override the zone files, by host name.
    pub overrides: Vec<(Name, Behaviour)>,
    /// The sending MTA.
    pub profile: Profile,
    /// The sender's own host name (R1.9).
    pub self_host: Option<Name>,
    /// Seed for record rotation and tie shuffling (R1.7).
    pub seed: u64,
}

/// Why a simulation cannot start.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SimError {
    /// Not `local@domain`.
    #[error("'{0}' is not an email address (local-part@domain)")]
    BadAddress(String),
    /// The domain is in no loaded zone.
    #[error("{0} is in no loaded zone: the simulated world cannot answer for it")]
    OutsideWorld(String),
}

/// A local part as a sender would accept it: not empty, no `@`, no white space.
fn valid_local(local: &str) -> bool {
    !local.is_empty() && !local.contains(|c: char| c == '@' || c.is_whitespace())
}

/// The envelope sender of every simulated message (a documentation domain).
const SENDER: &str = "alice@sender.example";

/// A step at time 0 of attempt 1; the simulation fills in time and attempt.
pub(crate) fn step(kind: StepKind, text: String, rule: Option<&'static str>, why: &str) -> Step {
    Step {
        kind,
        text,
        rule,
        why: why.to_string(),
        artefact: Vec::new(),
        at: 0,
        host: None,
        attempt: 1,
    }
}

/// Simulates the delivery of one message to `scenario.recipient`.
pub fn simulate(scenario: &Scenario) -> Result<Trace, SimError> {
    queue(scenario, |q| q.run())
}

/// How the first attempt of [`simulate`] ends, with that attempt's steps, without
/// running the queue's later attempts (a deferred message is retried for days).
pub fn first_attempt(scenario: &Scenario) -> Result<(Verdict, Vec<Step>), SimError> {
    queue(scenario, |q| q.first())
}

/// What `go` makes of the queue for `scenario`, once its recipient is one the world
/// can answer for.
fn queue<T>(scenario: &Scenario, go: impl FnOnce(Queue) -> T) -> Result<T, SimError> {
    let recipient = scenario.recipient;
    let domain = match recipient.rsplit_once('@') {
        Some((local, domain))
            if valid_local(local)
                && !domain.is_empty()
                && !domain.contains(char::is_whitespace) =>
        {
            domain
        }
        _ => return Err(SimError::BadAddress(recipient.to_string())),
    };
    let mut domain_name =
        Name::from_ascii(domain).map_err(|_| SimError::BadAddress(recipient.to_string()))?;
    domain_name.set_fqdn(true);
    if scenario.world.zone_index_for(&domain_name).is_none() {
        return Err(SimError::OutsideWorld(bare(&domain_name)));
    }
    let queue = Queue {
        scenario,
        domain: &domain_name,
        targets: Vec::new(),
        steps: Vec::new(),
        rng: StdRng::seed_from_u64(scenario.seed),
        outage: dns_outage(scenario, &domain_name),
    };
    Ok(go(queue))
}

/// How `host` behaves: the command line's override, else its zone file, else up.
fn behaviour_in(world: &World, overrides: &[(Name, Behaviour)], host: &Name) -> Behaviour {
    let declared = world.mail_server(host).map_or(
        Behaviour {
            state: HostState::Up,
            lasts: None,
        },
        |s| Behaviour {
            state: s.state.unwrap_or_default(),
            lasts: s.lasts,
        },
    );
    overrides
        .iter()
        .find(|(n, _)| n == host)
        .map_or(declared, |(_, b)| *b)
}

/// How `host` behaves in `scenario`.
fn behaviour_of(scenario: &Scenario, host: &Name) -> Behaviour {
    behaviour_in(scenario.world, &scenario.overrides, host)
}

/// When every name server of the domain's zone is down, the MX lookup fails with
/// SERVFAIL (R1.3): `Some(None)` for the whole simulation, `Some(Some(t))` until `t`.
fn dns_outage(scenario: &Scenario, domain: &Name) -> Option<Option<u64>> {
    let world = scenario.world;
    let zone = &world.zones()[world.zone_index_for(domain)?];
    let servers: Vec<Name> = world
        .records(&zone.origin, hickory_proto::rr::RecordType::NS)
        .iter()
        .filter_map(|r| match &r.data {
            hickory_proto::rr::RData::NS(ns) => Some(ns.0.clone()),
            _ => None,
        })
        .collect();
    let mut until: Option<u64> = Some(0);
    for server in &servers {
        let behaviour = behaviour_of(scenario, server);
        if !behaviour.state.unreachable() {
            return None;
        }
        until = match (until, behaviour.lasts) {
            (Some(a), Some(b)) => Some(a.max(b)),
            _ => None,
        };
    }
    (!servers.is_empty()).then_some(until)
}
