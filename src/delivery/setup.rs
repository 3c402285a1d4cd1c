//! A delivery set up once and run anywhere: the recipient, the host behaviours that
//! override the zone files, the profile, the sender's own name and the seed, and for
//! generated drills a world of their own. The CLI, predict grading, replays, the
//! simulator screen and the tests all run deliveries through this one type.

use super::{
    Behaviour, Profile, Scenario, SimError, Step, Trace, Verdict, behaviour_in, first_attempt,
    simulate,
};
use crate::dns::World;
use hickory_proto::rr::Name;
use std::sync::Arc;

/// Everything a delivery needs but the world it runs in.
#[derive(Debug, Clone)]
pub struct Setup {
    /// The recipient address.
    pub recipient: String,
    /// Host behaviours that override the zone files, by host name.
    pub overrides: Vec<(Name, Behaviour)>,
    /// The sending MTA.
    pub profile: Profile,
    /// The sender's own host name (R1.9).
    pub self_host: Option<Name>,
    /// Seed for record rotation and tie shuffling (R1.7).
    pub seed: u64,
    /// A world of its own (generated drills); `None`: the world it is run in.
    pub world: Option<Arc<World>>,
}

impl Setup {
    /// A delivery to `recipient` with every host as its zone file says, Postfix's
    /// profile and seed 0.
    pub fn new(recipient: impl Into<String>) -> Self {
        Setup {
            recipient: recipient.into(),
            overrides: Vec::new(),
            profile: Profile::default(),
            self_host: None,
            seed: 0,
            world: None,
        }
    }

    /// The world this delivery runs in: its own, else `world`.
    pub fn world<'a>(&'a self, world: &'a World) -> &'a World {
        self.world.as_deref().unwrap_or(world)
    }

    /// Runs the delivery (its own world first, else `world`).
    pub fn run(&self, world: &World) -> Result<Trace, SimError> {
        simulate(&self.scenario(world))
    }

    /// The scenario the engine runs: this setup in its world.
    fn scenario<'a>(&'a self, world: &'a World) -> Scenario<'a> {
        Scenario {
            world: self.world(world),
            recipient: &self.recipient,
            overrides: self.overrides.clone(),
            profile: self.profile,
            self_host: self.self_host.clone(),
            seed: self.seed,
        }
    }

    /// How the first attempt of [`Setup::run`] ends, with its steps, without the
    /// queue's later attempts.
    pub fn first_attempt(&self, world: &World) -> Result<(Verdict, Vec<Step>), SimError> {
        first_attempt(&self.scenario(world))
    }

    /// How `host` behaves in this delivery: its override, else its zone file (with
    /// the duration the zone gives), else up.
    pub fn behaviour(&self, world: &World, host: &Name) -> Behaviour {
        behaviour_in(self.world(world), &self.overrides, host)
    }

    /// Sets how `host` behaves, replacing any earlier override of it.
    pub fn set_behaviour(&mut self, host: Name, behaviour: Behaviour) {
        self.overrides.retain(|(h, _)| *h != host);
        self.overrides.push((host, behaviour));
    }

    /// The recipient's domain (after the last `@`).
    pub fn domain(&self) -> &str {
        self.recipient.rsplit_once('@').map_or("", |(_, d)| d)
    }
}
