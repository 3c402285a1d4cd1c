//! The simulator screen's state: a scenario, host states the learner cycles, the
//! trace, and how far the animation has got.

use super::keys::Action;
use crate::content::bank::Profile;
use crate::delivery::{Behaviour, Scenario, Trace, simulate};
use crate::dns::{HostState, World};
use hickory_proto::rr::{Name, RData, RecordType};

/// The simulator's state.
#[derive(Debug, Clone)]
pub struct SimState {
    /// Mail domains to choose from (zones with MX records).
    pub domains: Vec<Name>,
    /// The domain shown.
    pub domain: usize,
    /// Its MX hosts in preference order: (preference, host).
    pub hosts: Vec<(u16, Name)>,
    /// The learner's host states.
    pub states: Vec<HostState>,
    /// The selected host.
    pub selected: usize,
    /// The sending MTA.
    pub profile: Profile,
    /// The tie shuffle seed.
    pub seed: u64,
    /// The delivery.
    pub trace: Option<Trace>,
    /// Steps shown so far.
    pub shown: usize,
    /// The animation runs.
    pub playing: bool,
}

impl SimState {
    /// A simulator on the world's first mail domain (Blossom Flowers when bundled).
    pub fn new(world: &World) -> Self {
        let mut domains: Vec<Name> = world
            .zones()
            .iter()
            .filter(|z| !world.records(&z.origin, RecordType::MX).is_empty())
            .map(|z| z.origin.clone())
            .collect();
        if let Some(i) = domains
            .iter()
            .position(|d| d.to_string() == "blossomflowers.example.")
        {
            domains.swap(0, i);
        }
        let mut s = SimState {
            domains,
            domain: 0,
            hosts: Vec::new(),
            states: Vec::new(),
            selected: 0,
            profile: Profile::Postfix,
            seed: 1,
            trace: None,
            shown: 1,
            playing: false,
        };
        s.load(world);
        s
    }

    /// Shows the scenario of `domain` (a zone name), if it is one of the mail domains.
    pub fn select(&mut self, domain: &str, world: &World) -> bool {
        let wanted = domain.trim_end_matches('.').to_ascii_lowercase();
        match self
            .domains
            .iter()
            .position(|d| crate::content::bare(d).to_ascii_lowercase() == wanted)
        {
            Some(i) => {
                self.domain = i;
                self.load(world);
                true
            }
            None => false,
        }
    }

    /// The delivery behind a question: its domain, host states and profile.
    pub fn replay(&mut self, replay: &crate::quiz::Replay, world: &World) -> bool {
        let domain = replay.recipient.rsplit_once('@').map_or("", |(_, d)| d);
        if replay.world.is_some() || !self.select(domain, world) {
            return false;
        }
        for (i, (_, host)) in self.hosts.iter().enumerate() {
            if let Some((_, b)) = replay.overrides.iter().find(|(h, _)| h == host) {
                self.states[i] = b.state;
            }
        }
        self.profile = replay.profile;
        self.rerun(world);
        self.playing = true;
        true
    }

    /// Reads the scenario's MX hosts and their states from the world again.
    pub fn load(&mut self, world: &World) {
        self.hosts.clear();
        if let Some(domain) = self.domains.get(self.domain) {
            let mut hosts: Vec<(u16, Name)> = world
                .records(domain, RecordType::MX)
                .iter()
                .filter_map(|r| match &r.data {
                    RData::MX(mx) if !mx.exchange.is_root() => {
                        Some((mx.preference, mx.exchange.clone()))
                    }
                    _ => None,
                })
                .collect();
            hosts.sort_by_key(|(p, _)| *p);
            self.hosts = hosts;
        }
        self.states = self
            .hosts
            .iter()
            .map(|(_, h)| {
                world
                    .mail_server(h)
                    .and_then(|m| m.state)
                    .unwrap_or_default()
            })
            .collect();
        self.selected = 0;
        self.rerun(world);
    }

    /// Runs the delivery again with the current choices; the animation restarts.
    pub fn rerun(&mut self, world: &World) {
        let Some(domain) = self.domains.get(self.domain) else {
            return;
        };
        let recipient = format!("info@{}", crate::content::bare(domain));
        let overrides = self
            .hosts
            .iter()
            .zip(&self.states)
            .map(|((_, h), s)| {
                (
                    h.clone(),
                    Behaviour {
                        state: *s,
                        lasts: None,
                    },
                )
            })
            .collect();
        let scenario = Scenario {
            world,
            recipient: &recipient,
            overrides,
            profile: self.profile,
            self_host: None,
            seed: self.seed,
        };
        self.trace = simulate(&scenario).ok();
        self.shown = 1;
    }

    /// The recipient of the delivery.
    pub fn recipient(&self) -> String {
        self.domains.get(self.domain).map_or(String::new(), |d| {
            format!("info@{}", crate::content::bare(d))
        })
    }

    /// How many steps the trace has.
    pub fn steps(&self) -> usize {
        self.trace.as_ref().map_or(0, |t| t.steps.len())
    }

    /// Advances the animation by one step; stops at the end.
    pub fn tick(&mut self) {
        if self.playing {
            self.shown = (self.shown + 1).min(self.steps());
            self.playing = self.shown < self.steps();
        }
    }

    /// Applies a simulator action.
    pub fn update(&mut self, action: Action, world: &World) {
        match action {
            Action::Play => self.playing = !self.playing && self.shown < self.steps(),
            Action::Next => self.shown = (self.shown + 1).min(self.steps()),
            Action::Prev => self.shown = self.shown.saturating_sub(1).max(1),
            Action::Restart => {
                self.shown = 1;
                self.playing = true;
            }
            Action::NextHost if !self.hosts.is_empty() => {
                self.selected = (self.selected + 1) % self.hosts.len()
            }
            Action::CycleState if !self.states.is_empty() => {
                // Every state of mx-rules.md §4, in turn.
                let cycle = HostState::NAMES.map(|(_, s)| s);
                let now = cycle
                    .iter()
                    .position(|s| *s == self.states[self.selected])
                    .unwrap_or(0);
                self.states[self.selected] = cycle[(now + 1) % cycle.len()];
                self.rerun(world);
            }
            Action::SwitchProfile => {
                self.profile = match self.profile {
                    Profile::Postfix => Profile::Exim,
                    Profile::Exim => Profile::Rfc,
                    Profile::Rfc => Profile::Postfix,
                };
                self.rerun(world);
            }
            Action::Reseed => {
                self.seed = self.seed.wrapping_add(1);
                self.rerun(world);
            }
            Action::NextScenario if !self.domains.is_empty() => {
                self.domain = (self.domain + 1) % self.domains.len();
                self.load(world);
            }
            _ => {}
        }
    }
}
