//! Deliveries as the front ends build them: `HOST=STATE[:DURATION]` overrides from
//! the command line, and the simulator's what-ifs (a domain, host states, profile,
//! seed and MX edits) that rerun the delivery at once. Every run goes through
//! [`Setup`], so the CLI and the app give the same outcome for the same choices.

use super::library::mail_domains;
use crate::content::zone::{parse_duration, zone_name};
use crate::delivery::{Behaviour, Profile, Setup, Trace};
use crate::dns::{HostState, World, ZoneRecord};
use crate::ground::bare;
use hickory_proto::rr::{Name, RData, RecordType};

/// A host the world knows: it has an address record somewhere in the loaded zones.
pub fn known_host(world: &World, text: &str) -> Result<Name, String> {
    let name = zone_name(text)?;
    let has = |t| world.lookup(&name, t).records_of(t).next().is_some();
    match has(RecordType::A) || has(RecordType::AAAA) {
        true => Ok(name),
        false => Err(format!(
            "host {} is not in the simulated world (no A or AAAA record)",
            bare(&name)
        )),
    }
}

/// `HOST=STATE` or `HOST=STATE:DURATION` (the state lasts that long, then the host is up).
pub fn parse_override(world: &World, text: &str) -> Result<(Name, Behaviour), String> {
    let (host, rest) = text.split_once('=').ok_or_else(|| {
        format!("--state '{text}': write HOST=STATE, such as mx1.example.com=down")
    })?;
    let (state, lasts) = match rest.split_once(':') {
        Some((state, duration)) => (state, Some(parse_duration(duration)?)),
        None => (rest, None),
    };
    let state: HostState = state.parse()?;
    Ok((known_host(world, host)?, Behaviour { state, lasts }))
}

/// One MX host as the simulator shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct SimHost {
    /// Its name.
    pub name: Name,
    /// Its MX preference (`None` for an implicit MX).
    pub preference: Option<u16>,
    /// How it behaves in this delivery (with the zone's duration, if any).
    pub behaviour: Behaviour,
}

/// A delivery the learner can change: which domain, how each host behaves, the
/// profile, the seed; each change reruns it.
#[derive(Debug, Clone)]
pub struct WhatIf {
    /// Mail domains to choose from (zones with MX records).
    pub domains: Vec<Name>,
    /// The domain shown.
    pub domain: usize,
    /// The delivery.
    pub setup: Setup,
    /// Its trace (`None` if it cannot run).
    pub trace: Option<Trace>,
    /// The hosts, in the order the trace meets them.
    pub hosts: Vec<SimHost>,
}

impl WhatIf {
    /// The first mail domain (the showcase when loaded), every host as its zone says.
    pub fn new(world: &World) -> Self {
        let mut w = WhatIf {
            domains: mail_domains(world),
            domain: 0,
            setup: Setup::new(String::new()),
            trace: None,
            hosts: Vec::new(),
        };
        w.load(world);
        w
    }

    /// The delivery `setup` describes, as the simulator shows it (the CLI's
    /// `--svg` picture): its zone selected when it is a mail domain.
    pub fn of(setup: Setup, world: &World) -> Self {
        let domains = mail_domains(world);
        let zone = zone_name(setup.domain())
            .ok()
            .and_then(|d| world.zone_index_for(&d))
            .map(|i| world.zones()[i].origin.clone());
        let domain = domains
            .iter()
            .position(|d| Some(d) == zone.as_ref())
            .unwrap_or(0);
        let mut w = WhatIf {
            domains,
            domain,
            setup,
            trace: None,
            hosts: Vec::new(),
        };
        w.rerun(world);
        w
    }

    /// The picture after trace step `at` (past the end: the outcome).
    pub fn picture(&self, at: usize) -> super::picture::Picture {
        super::picture::Picture::new(self.recipient(), &self.hosts, self.trace.as_ref(), at)
    }

    /// Shows `domain` (a zone name), if it is one of the mail domains.
    pub fn select(&mut self, domain: &str, world: &World) -> bool {
        let wanted = domain.trim_end_matches('.').to_ascii_lowercase();
        match self
            .domains
            .iter()
            .position(|d| bare(d).to_ascii_lowercase() == wanted)
        {
            Some(i) => {
                self.domain = i;
                self.load(world);
                true
            }
            None => false,
        }
    }

    /// The delivery behind a question (its own setup), if the simulator can show it:
    /// its domain must be one of the world's mail domains.
    pub fn replay(&mut self, setup: &Setup, world: &World) -> bool {
        if setup.world.is_some() || !self.select(setup.domain(), world) {
            return false;
        }
        self.setup = Setup {
            seed: self.setup.seed,
            ..setup.clone()
        };
        self.rerun(world);
        true
    }

    /// The domain's delivery as the zones describe it (overrides dropped).
    pub fn load(&mut self, world: &World) {
        let recipient = self
            .domains
            .get(self.domain)
            .map_or(String::new(), |d| format!("info@{}", bare(d)));
        self.setup = Setup {
            profile: self.setup.profile,
            seed: self.setup.seed,
            ..Setup::new(recipient)
        };
        self.rerun(world);
    }

    /// Runs the delivery again; the hosts are read from the new trace.
    pub fn rerun(&mut self, world: &World) {
        self.trace = self.setup.run(world).ok();
        let mut names: Vec<Name> = Vec::new();
        for host in self
            .trace
            .iter()
            .flat_map(|t| &t.steps)
            .filter_map(|s| s.host.as_deref())
        {
            if let Ok(name) = zone_name(host)
                && !names.contains(&name)
            {
                names.push(name);
            }
        }
        let preferences = self.preferences(world);
        self.hosts = names
            .into_iter()
            .map(|name| SimHost {
                preference: preferences
                    .iter()
                    .find(|(_, h)| *h == name)
                    .map(|(p, _)| *p),
                behaviour: self.setup.behaviour(world, &name),
                name,
            })
            .collect();
    }

    /// The recipient's domain's MX records: (preference, exchange).
    fn preferences(&self, world: &World) -> Vec<(u16, Name)> {
        let Some(domain) = self.mail_domain() else {
            return Vec::new();
        };
        world
            .records(&domain, RecordType::MX)
            .iter()
            .filter_map(|r| match &r.data {
                RData::MX(mx) => Some((mx.preference, mx.exchange.clone())),
                _ => None,
            })
            .collect()
    }

    /// The recipient.
    pub fn recipient(&self) -> &str {
        &self.setup.recipient
    }

    /// Gives host `i` the next state of mx-rules.md §4, for ever.
    pub fn cycle_state(&mut self, i: usize, world: &World) {
        let Some(host) = self.hosts.get(i) else {
            return;
        };
        let cycle = HostState::ALL;
        let now = cycle
            .iter()
            .position(|s| *s == host.behaviour.state)
            .unwrap_or(0);
        let state = cycle[(now + 1) % cycle.len()];
        self.setup
            .set_behaviour(host.name.clone(), Behaviour { state, lasts: None });
        self.rerun(world);
    }

    /// The next profile: postfix, exim, rfc.
    pub fn switch_profile(&mut self, world: &World) {
        self.setup.profile = match self.setup.profile {
            Profile::Postfix => Profile::Exim,
            Profile::Exim => Profile::Rfc,
            Profile::Rfc => Profile::Postfix,
        };
        self.rerun(world);
    }

    /// A new seed for the tie shuffle.
    pub fn reseed(&mut self, world: &World) {
        self.setup.seed = self.setup.seed.wrapping_add(1);
        self.rerun(world);
    }

    /// The next mail domain.
    pub fn next_domain(&mut self, world: &World) {
        if !self.domains.is_empty() {
            self.domain = (self.domain + 1) % self.domains.len();
            self.load(world);
        }
    }

    /// The previous mail domain.
    pub fn previous_domain(&mut self, world: &World) {
        if !self.domains.is_empty() {
            self.domain = (self.domain + self.domains.len() - 1) % self.domains.len();
            self.load(world);
        }
    }

    /// The domain shown.
    pub fn domain_name(&self) -> Option<&Name> {
        self.domains.get(self.domain)
    }

    /// The recipient's domain (the zone's apex or a name inside it, such as `lists.`).
    pub fn mail_domain(&self) -> Option<Name> {
        zone_name(self.setup.domain()).ok()
    }

    /// The recipients the zone offers: `info@` each name of the zone that owns MX
    /// records, the apex first.
    pub fn recipients(&self, world: &World) -> Vec<String> {
        let Some(zone) = self
            .domain_name()
            .and_then(|d| world.zone_index_for(d))
            .map(|i| &world.zones()[i])
        else {
            return Vec::new();
        };
        let mut names: Vec<Name> = vec![zone.origin.clone()];
        for r in &zone.records {
            if r.record.record_type() == RecordType::MX && !names.contains(&r.record.name) {
                names.push(r.record.name.clone());
            }
        }
        names.iter().map(|n| format!("info@{}", bare(n))).collect()
    }

    /// The next recipient the zone offers (see [`WhatIf::recipients`]); host states,
    /// profile and seed stay.
    pub fn next_recipient(&mut self, world: &World) {
        let all = self.recipients(world);
        if all.is_empty() {
            return;
        }
        let now = all.iter().position(|r| *r == self.setup.recipient);
        let next = now.map_or(0, |i| (i + 1) % all.len());
        self.setup.recipient = all[next].clone();
        self.rerun(world);
    }
}

/// A mail host `domain` could add as a new MX (the what-if "add an MX"): a host the
/// world declares as a mail server that `domain` does not name yet, one of its own
/// zone first. `None` if there is none.
pub fn spare_host(world: &World, domain: &Name) -> Option<Name> {
    let named: Vec<Name> = world
        .records(domain, RecordType::MX)
        .iter()
        .filter_map(|r| match &r.data {
            RData::MX(mx) => Some(mx.exchange.clone()),
            _ => None,
        })
        .collect();
    let own = world.zone_index_for(domain);
    let mut spare: Vec<(bool, &Name)> = world
        .zones()
        .iter()
        .enumerate()
        .flat_map(|(i, z)| z.mail_servers.iter().map(move |(n, _)| (Some(i) != own, n)))
        .filter(|(_, n)| !named.contains(n) && known_host(world, &n.to_string()).is_ok())
        .collect();
    // Stable: the own zone's hosts first, each in file order.
    spare.sort_by_key(|(other, _)| *other);
    spare.first().map(|(_, n)| (*n).clone())
}

/// A what-if change to one MX record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MxEdit {
    /// Remove the record.
    Remove,
    /// Preference number +10 (tried later).
    Raise,
    /// Preference number −10 (tried sooner).
    Lower,
    /// Add an MX record for the host, 10 after the highest preference.
    Add,
}

/// The world with `domain`'s MX record for `host` changed; `None` if there is none.
pub fn edit_mx(world: &World, domain: &Name, host: &Name, edit: MxEdit) -> Option<World> {
    let zi = world.zone_index_for(domain)?;
    let mut zones = world.zones().to_vec();
    let is_it = |r: &ZoneRecord| {
        r.record.name == *domain && matches!(&r.record.data, RData::MX(mx) if mx.exchange == *host)
    };
    if edit == MxEdit::Add {
        return add_mx(world, domain, host);
    }
    if !zones[zi].records.iter().any(is_it) {
        return None;
    }
    match edit {
        MxEdit::Add => {}
        MxEdit::Remove => zones[zi].records.retain(|r| !is_it(r)),
        MxEdit::Raise | MxEdit::Lower => {
            for r in zones[zi].records.iter_mut().filter(|r| is_it(r)) {
                if let RData::MX(mx) = &mut r.record.data {
                    mx.preference = match edit {
                        MxEdit::Raise => mx.preference.saturating_add(10),
                        _ => mx.preference.saturating_sub(10),
                    };
                }
            }
        }
    }
    Some(World::new(zones))
}

/// The world with an MX record for `host` added to `domain`, after its last one.
fn add_mx(world: &World, domain: &Name, host: &Name) -> Option<World> {
    let zi = world.zone_index_for(domain)?;
    let mut zones = world.zones().to_vec();
    let records = &mut zones[zi].records;
    let is_mx =
        |r: &ZoneRecord| r.record.name == *domain && r.record.record_type() == RecordType::MX;
    let highest = records
        .iter()
        .filter_map(|r| match &r.record.data {
            RData::MX(mx) if is_mx(r) => Some(mx.preference),
            _ => None,
        })
        .max();
    // A copy of the zone's own last MX (or first record) keeps its TTL and position.
    let template = records
        .iter()
        .rev()
        .find(|r| is_mx(r))
        .or(records.first())?
        .clone();
    let mut added = template;
    added.record = hickory_proto::rr::Record::from_rdata(
        domain.clone(),
        added.record.ttl,
        RData::MX(hickory_proto::rr::rdata::MX::new(
            highest.map_or(10, |p| p.saturating_add(10)),
            host.clone(),
        )),
    );
    added.exchange_token = Some(host.to_string().into());
    records.push(added);
    Some(World::new(zones))
}
