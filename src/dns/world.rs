//! The world: every loaded zone together, answering as an authoritative server does.

use super::generic_rdata::dname_target;
use super::name_map::{NameMap, NameSet, same_name};
use super::zone::{MailServer, Zone};
use crate::ground::{bare, one_typo};
use hickory_proto::rr::rdata::CNAME;
use hickory_proto::rr::{Name, RData, Record, RecordType};
use std::collections::hash_map::Entry;

/// How many CNAME/DNAME hops a lookup follows (BIND stops at 16 as well).
const MAX_CHAIN: usize = 16;

/// The response code of an authoritative answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rcode {
    /// The name exists (with or without data of the asked type).
    NoError,
    /// The name does not exist.
    NxDomain,
}

/// The answer to one question.
#[derive(Debug, Clone, PartialEq)]
pub enum Lookup {
    /// The name lies outside every zone of the world (a real authoritative server
    /// would refuse; a resolver would go to the Internet).
    OutsideWorld,
    /// An authoritative answer from `zone`.
    Answer {
        /// The zone that answered (the first one, for a CNAME chain).
        zone: Name,
        /// NOERROR or NXDOMAIN.
        rcode: Rcode,
        /// Answer records, CNAME chain first.
        answers: Vec<Record>,
        /// Negative answers: the zone's SOA, TTL = min(SOA TTL, MINIMUM).
        /// Referrals: the NS records of the delegation.
        authority: Vec<Record>,
        /// The name lies below a delegation to other servers: a referral, not an
        /// authoritative answer (no `aa` flag).
        referral: bool,
    },
}

impl Lookup {
    /// The answer records (empty when outside the world).
    pub fn answers(&self) -> &[Record] {
        match self {
            Lookup::Answer { answers, .. } => answers,
            Lookup::OutsideWorld => &[],
        }
    }

    /// The records of the asked type at the end of the chain.
    pub fn records_of(&self, rtype: RecordType) -> impl Iterator<Item = &Record> {
        self.answers()
            .iter()
            .filter(move |r| r.record_type() == rtype)
    }
}

/// The index of one zone.
#[derive(Debug, Default)]
struct Index {
    /// Every name that exists → its slot in `lists`: owners, and with no records
    /// their ancestors up to the apex (empty non-terminals answer NOERROR, not
    /// NXDOMAIN). One map, so each name is held once.
    owners: NameMap<usize>,
    /// Per name, indices into the zone's records, in file order; the names in order
    /// of first appearance, so walking them walks the records nearly in file order.
    lists: Vec<Vec<usize>>,
    /// Names below the apex with NS records (delegations).
    cuts: NameSet,
    /// Names with a DNAME record.
    dnames: NameSet,
    /// The apex SOA record.
    soa: Option<usize>,
    /// While indexing: the apex is among `owners`.
    apex_known: bool,
}

/// All loaded zones.
#[derive(Debug, Default)]
pub struct World {
    zones: Vec<Zone>,
    indexes: Vec<Index>,
    by_origin: NameMap<usize>,
}

enum Step {
    Records(Vec<Record>),
    Alias(Vec<Record>, Name),
    NoData,
    NxDomain,
    Referral(Vec<Record>),
}

impl World {
    /// Builds the world. Zones must have distinct origins (the loader checks); a
    /// later zone with an origin already present is ignored.
    pub fn new(zones: Vec<Zone>) -> Self {
        let mut world = World::default();
        for zone in zones {
            let key = zone.origin.clone();
            if world.by_origin.contains_key(&key) {
                continue;
            }
            world.by_origin.insert(key, world.zones.len());
            world.indexes.push(index(&zone));
            world.zones.push(zone);
        }
        world
    }

    /// The zones, in load order.
    pub fn zones(&self) -> &[Zone] {
        &self.zones
    }

    /// The zone named `origin`.
    pub fn zone(&self, origin: &Name) -> Option<&Zone> {
        self.by_origin.get(origin).map(|&i| &self.zones[i])
    }

    /// What the zone files say about mail host `host`, if anything.
    pub fn mail_server(&self, host: &Name) -> Option<&MailServer> {
        let servers = self.zones.iter().flat_map(|z| &z.mail_servers);
        servers
            .into_iter()
            .find(|(name, _)| name == host)
            .map(|(_, server)| server)
    }

    /// The deepest zone that contains `name`.
    pub fn zone_index_for(&self, name: &Name) -> Option<usize> {
        let mut candidate = name.clone();
        loop {
            if let Some(&i) = self.by_origin.get(&candidate) {
                return Some(i);
            }
            if candidate.is_root() {
                return None;
            }
            candidate = candidate.base_name();
        }
    }

    /// The records owned by `name` in zone `zi`.
    fn at(&self, zi: usize, name: &Name) -> impl Iterator<Item = &Record> {
        self.indexes[zi]
            .owners
            .get(name)
            .map(|&slot| &self.indexes[zi].lists[slot])
            .into_iter()
            .flatten()
            .map(move |&i| &self.zones[zi].records[i].record)
    }

    /// The records of `rtype` at `name`, wherever in the world it is (no aliases).
    pub fn records(&self, name: &Name, rtype: RecordType) -> Vec<&Record> {
        match self.zone_index_for(name) {
            Some(zi) => self
                .at(zi, name)
                .filter(|r| r.record_type() == rtype)
                .collect(),
            None => Vec::new(),
        }
    }

    /// The records of zone `zi` grouped by owner, as indices into its records, each
    /// group in file order.
    pub fn owner_groups(&self, zi: usize) -> impl Iterator<Item = &[usize]> {
        self.indexes[zi]
            .lists
            .iter()
            .filter(|v| !v.is_empty())
            .map(Vec::as_slice)
    }

    /// Every record owned by `name` in zone `zi` (from [`World::zone_index_for`]).
    pub fn owned_in(&self, zi: usize, name: &Name) -> Vec<&Record> {
        self.at(zi, name).collect()
    }

    /// The DNAME record above `name` inside zone `zi`, if any (RFC 6672).
    pub fn dname_above_in(&self, zi: usize, name: &Name) -> Option<&Record> {
        if self.indexes[zi].dnames.is_empty() {
            return None;
        }
        let origin = &self.zones[zi].origin;
        let mut ancestor = name.clone();
        while ancestor.num_labels() > origin.num_labels() {
            ancestor = ancestor.base_name();
            // The set first: scanning the records of every ancestor (the apex may
            // hold 100,000) for each name would make checking a zone quadratic.
            if !self.indexes[zi].dnames.contains(&ancestor) {
                continue;
            }
            if let Some(r) = self
                .at(zi, &ancestor)
                .find(|r| r.record_type() == RecordType::DNAME)
            {
                return Some(r);
            }
        }
        None
    }

    /// Answers `name`/`rtype` as the authoritative servers of the world would:
    /// CNAME and DNAME chains are followed inside the world (R1.1), wildcards
    /// match, negative answers carry the SOA.
    pub fn lookup(&self, name: &Name, rtype: RecordType) -> Lookup {
        let Some(first_zone) = self.zone_index_for(name) else {
            return Lookup::OutsideWorld;
        };
        let mut answers: Vec<Record> = Vec::new();
        let mut seen = NameSet::default();
        let mut current = name.clone();
        let mut zi = first_zone;
        let negative = |world: &World, zi: usize, rcode, answers| Lookup::Answer {
            zone: world.zones[first_zone].origin.clone(),
            rcode,
            answers,
            authority: world.negative_soa(zi).into_iter().collect(),
            referral: false,
        };
        for _ in 0..MAX_CHAIN {
            if !seen.insert(current.clone()) {
                break; // a CNAME loop: stop with what we have, as servers do
            }
            match self.step(zi, &current, rtype) {
                Step::Records(records) => {
                    answers.extend(records);
                    break;
                }
                Step::Alias(records, target) => {
                    answers.extend(records);
                    match self.zone_index_for(&target) {
                        Some(next) => {
                            zi = next;
                            current = target;
                        }
                        None => break, // the chain leaves the world
                    }
                }
                Step::NoData => return negative(self, zi, Rcode::NoError, answers),
                Step::NxDomain => return negative(self, zi, Rcode::NxDomain, answers),
                Step::Referral(ns) => {
                    return Lookup::Answer {
                        zone: self.zones[first_zone].origin.clone(),
                        rcode: Rcode::NoError,
                        answers,
                        authority: ns,
                        referral: true,
                    };
                }
            }
        }
        Lookup::Answer {
            zone: self.zones[first_zone].origin.clone(),
            rcode: Rcode::NoError,
            answers,
            authority: Vec::new(),
            referral: false,
        }
    }

    /// Whether `name` exists in the world: it owns records, is an empty
    /// non-terminal, matches a wildcard or lies below a delegation (`Some(false)`:
    /// NXDOMAIN); `None` when it lies outside every zone.
    pub fn exists(&self, name: &Name) -> Option<bool> {
        match self.lookup(name, RecordType::A) {
            Lookup::OutsideWorld => None,
            Lookup::Answer { rcode, answers, .. } => {
                Some(rcode == Rcode::NoError || !answers.is_empty())
            }
        }
    }

    /// The loaded names one typo away from `name` (`one_typo`), in alphabetical
    /// order: zone names only with `zones_only`, else zones and record owners. For
    /// "did you mean" when `name` is not loaded; it reads every record, so it is
    /// asked only about names that are not found.
    pub fn near(&self, name: &Name, zones_only: bool) -> Vec<String> {
        let wanted = bare(name).to_ascii_lowercase();
        let mut found = std::collections::BTreeSet::new();
        let mut consider = |candidate: &Name| {
            let text = bare(candidate).to_ascii_lowercase();
            if one_typo(wanted.as_bytes(), text.as_bytes()) {
                found.insert(text);
            }
        };
        for zone in &self.zones {
            consider(&zone.origin);
            if !zones_only {
                zone.records.iter().for_each(|zr| consider(&zr.record.name));
            }
        }
        found.into_iter().collect()
    }

    /// The delegation at or above `name` inside zone `zi` (NS records below the apex).
    pub fn zone_cut(&self, zi: usize, name: &Name) -> Option<Name> {
        let cuts = &self.indexes[zi].cuts;
        if cuts.is_empty() {
            return None;
        }
        let apex_labels = self.zones[zi].origin.num_labels();
        let mut candidate = name.clone();
        while candidate.num_labels() > apex_labels {
            if cuts.contains(&candidate) {
                return Some(candidate);
            }
            candidate = candidate.base_name();
        }
        None
    }

    fn step(&self, zi: usize, name: &Name, rtype: RecordType) -> Step {
        if let Some(cut) = self.zone_cut(zi, name) {
            let ns = self
                .at(zi, &cut)
                .filter(|r| r.record_type() == RecordType::NS);
            return Step::Referral(ns.cloned().collect());
        }
        if let Some(dname) = self.dname_above_in(zi, name)
            && let Some(target) = dname_target(&dname.data)
        {
            let keep = usize::from(name.num_labels() - dname.name.num_labels());
            let prefix = Name::from_labels(name.iter().take(keep)).unwrap_or_default();
            let Ok(synth) = prefix.append_domain(&target) else {
                return Step::NxDomain; // YXDOMAIN in a real server: the name got too long
            };
            let cname =
                Record::from_rdata(name.clone(), dname.ttl, RData::CNAME(CNAME(synth.clone())));
            if rtype == RecordType::CNAME {
                return Step::Records(vec![dname.clone(), cname]); // the CNAME is the answer
            }
            return Step::Alias(vec![dname.clone(), cname], synth);
        }
        let owned: Vec<&Record> = self.at(zi, name).collect();
        let (owned, owner_name) = if owned.is_empty() && !self.indexes[zi].owners.contains_key(name)
        {
            match self.wildcard(zi, name) {
                Some(records) => (records, Some(name)),
                None => return Step::NxDomain,
            }
        } else {
            (owned, None)
        };
        let rename = |r: &Record| {
            let mut r = r.clone();
            if let Some(n) = owner_name {
                r.name = n.clone();
            }
            r
        };
        let matching: Vec<Record> = owned
            .iter()
            .filter(|r| rtype == RecordType::ANY || r.record_type() == rtype)
            .map(|r| rename(r))
            .collect();
        if !matching.is_empty() {
            return Step::Records(matching);
        }
        if let Some(cname) = owned.iter().find(|r| r.record_type() == RecordType::CNAME)
            && let RData::CNAME(target) = &cname.data
        {
            return Step::Alias(vec![rename(cname)], target.0.clone());
        }
        Step::NoData
    }

    /// The wildcard records matching `name` (RFC 4592: `*.` below the closest encloser).
    fn wildcard(&self, zi: usize, name: &Name) -> Option<Vec<&Record>> {
        let origin = &self.zones[zi].origin;
        let mut encloser = name.base_name();
        while encloser.num_labels() >= origin.num_labels() {
            if self.indexes[zi].owners.contains_key(&encloser) {
                let star = Name::from_ascii("*").ok()?.append_domain(&encloser).ok()?;
                let records: Vec<&Record> = self.at(zi, &star).collect();
                return (!records.is_empty()).then_some(records);
            }
            if encloser.is_root() {
                break;
            }
            encloser = encloser.base_name();
        }
        None
    }

    /// The SOA for a negative answer from zone `zi`: TTL = min(SOA TTL, MINIMUM), as BIND does.
    pub fn negative_soa(&self, zi: usize) -> Option<Record> {
        let soa = &self.zones[zi].records[self.indexes[zi].soa?].record;
        let mut soa = soa.clone();
        if let RData::SOA(data) = &soa.data {
            soa.ttl = soa.ttl.min(data.minimum);
        }
        Some(soa)
    }
}

fn index(zone: &Zone) -> Index {
    let mut idx = Index {
        owners: NameMap::with_capacity_and_hasher(zone.records.len(), Default::default()),
        ..Index::default()
    };
    let apex_labels = zone.origin.num_labels();
    // Records of one owner usually stand together: each run of them is hashed into
    // the map once, not once per record.
    let mut run: Option<(&Name, Vec<usize>)> = None;
    for (i, zr) in zone.records.iter().enumerate() {
        let owner = &zr.record.name;
        let at_apex = owner.num_labels() == apex_labels;
        match zr.record.record_type() {
            RecordType::NS if !at_apex => {
                idx.cuts.insert(owner.clone());
            }
            RecordType::DNAME => {
                idx.dnames.insert(owner.clone());
            }
            RecordType::SOA if at_apex && idx.soa.is_none() => idx.soa = Some(i),
            _ => {}
        }
        match &mut run {
            Some((name, list)) if same_name(name, owner) => list.push(i),
            _ => {
                if let Some((name, list)) = run.replace((owner, vec![i])) {
                    add_owner(&mut idx, &zone.origin, name, list);
                }
            }
        }
    }
    if let Some((name, list)) = run {
        add_owner(&mut idx, &zone.origin, name, list);
    }
    idx
}

/// Records `list` under `owner`; a name new to the index brings its ancestors up to
/// the apex with it.
fn add_owner(idx: &mut Index, origin: &Name, owner: &Name, list: Vec<usize>) {
    let slot = idx.lists.len();
    match idx.owners.entry(owner.clone()) {
        Entry::Occupied(known) => {
            idx.lists[*known.get()].extend(list);
            return;
        }
        Entry::Vacant(new) => {
            new.insert(slot);
            idx.lists.push(list);
        }
    }
    let apex_labels = origin.num_labels();
    // Most names sit just below the apex: once the apex is in, they add nothing.
    // (Counted with the `*`: `*.pool` has a parent to add.)
    if idx.apex_known && owner.iter().len() == usize::from(apex_labels) + 1 {
        return;
    }
    let mut ancestor = owner.base_name();
    while ancestor.num_labels() >= apex_labels && !idx.owners.contains_key(&ancestor) {
        let parent = ancestor.base_name();
        idx.owners.insert(ancestor, idx.lists.len());
        idx.lists.push(Vec::new());
        ancestor = parent;
    }
    idx.apex_known = idx.apex_known || idx.owners.contains_key(origin);
}
