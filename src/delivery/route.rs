//! Route planning: from the recipient's domain to the ordered list of mail hosts
//! and their addresses (mx-rules.md §1–§3). DNS is static during a simulation, so
//! the plan is made once and every attempt follows it.

use super::profile::Profile;
use super::step;
use super::trace::{Step, StepKind};
use crate::dns::{Lookup, Rcode, World};
use crate::ground::bare;
use hickory_proto::rr::{Name, RData, Record, RecordType};
use rand::seq::SliceRandom;
use rand::{Rng, RngExt};
use std::net::IpAddr;

/// One mail host to try, with its addresses.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    /// The MX exchange (or the domain itself, for an implicit MX).
    pub exchange: Name,
    /// The host it leads to: the exchange, or the end of its CNAME chain (R3.2).
    pub host: Name,
    /// Its preference.
    pub preference: u16,
    /// Its addresses, IPv4 first.
    pub addresses: Vec<IpAddr>,
}

/// Where the plan leads.
#[derive(Debug, Clone, PartialEq)]
pub enum Plan {
    /// Try these hosts, in this order.
    Hosts(Vec<Target>),
    /// No host can be tried: bounce with this DSN status and reason.
    Bounce(&'static str, String),
    /// The MX lookup fails for now (SERVFAIL): try again later (R1.3).
    ServFail,
    /// No host can be tried for now: keep the message queued with this DSN status and
    /// reason (Exim, when the lowest MX is itself: R1.9).
    Defer(&'static str, String),
}

/// A record as dig prints it.
pub fn record_line(r: &Record) -> String {
    format!("{}  {}  IN  {}  {}", r.name, r.ttl, r.record_type(), r.data)
}

/// Plans the route to `domain`; steps are appended to `steps`.
pub fn plan(
    world: &World,
    domain: &Name,
    profile: Profile,
    self_host: Option<&Name>,
    rng: &mut impl Rng,
    steps: &mut Vec<Step>,
) -> Plan {
    let lookup = world.lookup(domain, RecordType::MX);
    let mut answer_lines: Vec<String> = lookup.answers().iter().map(record_line).collect();
    let mut mx: Vec<(u16, Name)> = lookup
        .records_of(RecordType::MX)
        .filter_map(|r| match &r.data {
            RData::MX(m) => Some((m.preference, m.exchange.clone())),
            _ => None,
        })
        .collect();
    // Authoritative servers rotate the order of a record set between answers.
    if mx.len() > 1 {
        let turn = rng.random_range(0..mx.len());
        mx.rotate_left(turn);
        let first_mx = answer_lines.len() - mx.len();
        answer_lines[first_mx..].rotate_left(turn);
    }
    let nx = matches!(
        lookup,
        Lookup::Answer {
            rcode: Rcode::NxDomain,
            ..
        }
    );
    let name = bare(domain);
    let mut ask = step(
        StepKind::MxLookup,
        format!("Ask DNS for the MX records of {name}"),
        Some("R1.1"),
        "the sender looks up the MX records of the domain after the @",
    );
    ask.artefact.push(format!(";{domain}  IN  MX"));
    ask.artefact.extend(answer_lines);
    if nx {
        ask.artefact
            .push(format!("status: NXDOMAIN ({name} does not exist)"));
    } else if mx.is_empty() {
        ask.artefact.push("status: NOERROR, no MX records".into());
    }
    steps.push(ask);
    if lookup
        .answers()
        .iter()
        .any(|r| r.record_type() == RecordType::CNAME)
    {
        steps.push(step(
            StepKind::Note,
            format!("{name} is an alias: the lookup restarted at its target"),
            Some("R1.1"),
            "a CNAME answer makes the MX lookup start again at the CNAME's target",
        ));
    }
    if nx {
        let reason = format!(
            "Host or domain name not found. Name service error for name={name} type=MX: Host not found"
        );
        return Plan::Bounce("5.4.4", reason);
    }
    if mx.is_empty() && ends_in_alias(&lookup) {
        steps.push(step(
            StepKind::Note,
            format!("The CNAME chain of {name} never ends: the lookup fails (SERVFAIL)"),
            Some("R1.3"),
            "a resolver gives up on a looping alias with SERVFAIL, a temporary failure",
        ));
        return Plan::ServFail;
    }
    if mx.is_empty() {
        if self_host == Some(domain) {
            return Plan::Bounce("5.4.6", format!("mail for {name} loops back to myself"));
        }
        steps.push(step(
            StepKind::ImplicitMx,
            format!("No MX records: use {name} itself as the mail host, preference 0"),
            Some("R1.4"),
            "with no MX, the domain's own A/AAAA records receive mail (the implicit MX)",
        ));
        return resolve(world, vec![(0, domain.clone())], profile, steps, true);
    }
    // The domain's own records, not those of an alias target.
    let own =
        world.records(domain, RecordType::A).len() + world.records(domain, RecordType::AAAA).len();
    if own > 0 {
        steps.push(step(
            StepKind::Note,
            format!("{name} also has address records; they are not used for mail"),
            Some("R1.5"),
            "once any MX record exists, the domain's own A/AAAA records are never used for mail",
        ));
    }
    if let Some(plan) = null_mx(&name, &mut mx, profile, steps) {
        return plan;
    }
    order(&mut mx, rng, steps);
    if let Some(me) = self_host
        && let Some(plan) = drop_self(world, &name, me, profile, &mut mx, steps)
    {
        return plan;
    }
    resolve(world, mx, profile, steps, false)
}

/// Null MX (RFC 7505, R2.1–R2.3). Postfix treats any `.` exchange as null MX;
/// others honour it only alone and skip a stray `.` record.
fn null_mx(
    name: &str,
    mx: &mut Vec<(u16, Name)>,
    profile: Profile,
    steps: &mut Vec<Step>,
) -> Option<Plan> {
    let nulls = mx.iter().filter(|(_, ex)| ex.is_root()).count();
    if nulls == 0 {
        return None;
    }
    let alone = nulls == mx.len();
    if profile == Profile::Postfix || alone {
        let why = if alone {
            "a single MX '0 .' says the domain accepts no mail: fail at once, no queueing, no retries"
        } else {
            "Postfix treats any '.' exchange as a null MX, even mixed with other records; other senders would skip it"
        };
        steps.push(step(
            StepKind::Note,
            format!("{name} publishes a null MX"),
            Some(if alone { "R2.2" } else { "R2.3" }),
            why,
        ));
        return Some(match profile {
            Profile::Postfix => Plan::Bounce(
                "5.1.0",
                format!("Domain {name} does not accept mail (nullMX)"),
            ),
            _ => Plan::Bounce(
                "5.1.10",
                format!("{name} publishes a null MX: it accepts no mail (RFC 7505)"),
            ),
        });
    }
    mx.retain(|(_, ex)| !ex.is_root());
    steps.push(step(
        StepKind::Skip,
        "Skip the '.' record mixed with other MX records".into(),
        Some("R2.1"),
        "a null MX must stand alone; mixed with other MX it names no host and is left out (Exim does so; Postfix bounces the mail as null MX)",
    ));
    None
}

/// Sort by preference, shuffling equal preferences (R1.7).
fn order(mx: &mut [(u16, Name)], rng: &mut impl Rng, steps: &mut Vec<Step>) {
    mx.sort_by_key(|(p, _)| *p);
    let mut sort = step(
        StepKind::Sort,
        "Sort the MX hosts by preference, lowest first".into(),
        Some("R1.7"),
        "a lower preference number means a more preferred host",
    );
    let mut start = 0;
    while start < mx.len() {
        let end = start
            + mx[start..]
                .iter()
                .take_while(|(p, _)| *p == mx[start].0)
                .count();
        if end - start > 1 {
            mx[start..end].shuffle(rng);
            let order: Vec<String> = mx[start..end].iter().map(|(_, ex)| bare(ex)).collect();
            steps.push(step(
                StepKind::Shuffle,
                format!(
                    "Preference {} is shared: this time the order is {}",
                    mx[start].0,
                    order.join(", ")
                ),
                Some("R1.7"),
                "equal preferences are tried in random order: load sharing, not failover",
            ));
        }
        start = end;
    }
    sort.artefact = mx.iter().map(|(p, ex)| format!("{p:>5}  {ex}")).collect();
    let at = steps.len()
        - steps
            .iter()
            .rev()
            .take_while(|s| s.kind == StepKind::Shuffle)
            .count();
    steps.insert(at, sort);
}

/// The sender is one of the MX hosts: keep only more preferred ones (R1.9).
fn drop_self(
    world: &World,
    name: &str,
    me: &Name,
    profile: Profile,
    mx: &mut Vec<(u16, Name)>,
    steps: &mut Vec<Step>,
) -> Option<Plan> {
    // The sender is an MX host if the exchange names it, or leads to one of its addresses.
    let mine = addresses(world, me).addresses;
    let is_me = |ex: &Name| {
        ex == me
            || addresses(world, ex)
                .addresses
                .iter()
                .any(|a| mine.contains(a))
    };
    let own = mx.iter().find(|(_, ex)| is_me(ex))?.0;
    mx.retain(|(p, _)| *p < own);
    let text = format!(
        "This server ({}) is itself an MX host at preference {own}: drop every host at {own} or above",
        bare(me)
    );
    steps.push(step(
        StepKind::SelfFilter,
        text,
        Some("R1.9"),
        "a backup MX relays only towards more preferred hosts, or mail would loop",
    ));
    if !mx.is_empty() {
        return None;
    }
    // Measured (tests/mta): Postfix 3.7 bounces; Exim 4.96 defers and freezes the
    // message ("lowest numbered MX record points to local host", router option self=freeze).
    Some(match profile {
        Profile::Exim => {
            steps.push(step(
                StepKind::Note,
                "Exim freezes the message: it waits in the queue for an administrator".into(),
                Some("R1.9"),
                "Exim's router option self=freeze (the default) keeps mail whose lowest MX is this server; Postfix bounces it",
            ));
            Plan::Defer(
                "4.4.6",
                format!("lowest numbered MX record points to local host: {name}"),
            )
        }
        _ => Plan::Bounce("5.4.6", format!("mail for {name} loops back to myself")),
    })
}

/// An answer that is a CNAME chain looping back on itself, or too long to follow.
fn ends_in_alias(lookup: &Lookup) -> bool {
    let answers = lookup.answers();
    let Some(RData::CNAME(target)) = answers.last().map(|r| &r.data) else {
        return false;
    };
    answers.len() >= 16 || answers.iter().any(|r| r.name == target.0)
}

/// Looks up the address of every host (R1.6, R3.1–R3.4).
fn resolve(
    world: &World,
    mx: Vec<(u16, Name)>,
    profile: Profile,
    steps: &mut Vec<Step>,
    implicit: bool,
) -> Plan {
    let mut targets = Vec::new();
    let mut numeric = false;
    for (preference, exchange) in mx {
        let host = bare(&exchange);
        let (mut s, target, lines) = if let Ok(ip) = host.parse::<IpAddr>() {
            numeric = true;
            let (s, target) = ip_exchange(&host, ip, &exchange, preference, profile);
            (s, target, Vec::new())
        } else {
            let found = addresses(world, &exchange);
            let (s, target) = if found.aliases > 0 {
                alias_exchange(&host, &exchange, preference, profile, &found)
            } else {
                named_exchange(&host, &exchange, preference, implicit, &found)
            };
            (s, target, found.lines)
        };
        s.host = Some(host);
        s.artefact = lines;
        steps.push(s);
        targets.extend(target);
    }
    if targets.is_empty() {
        let reason = if numeric && profile == Profile::Exim {
            "all relevant MX records point to non-existent hosts or (invalidly) to IP addresses"
                .to_string()
        } else {
            "no MX host could be used: each was skipped (see above)".to_string()
        };
        return Plan::Bounce("5.4.4", reason);
    }
    Plan::Hosts(targets)
}

/// An MX whose exchange is an IP address (R3.3): Postfix connects, the others skip it.
fn ip_exchange(
    host: &str,
    ip: IpAddr,
    exchange: &Name,
    preference: u16,
    profile: Profile,
) -> (Step, Option<Target>) {
    let s = match profile {
        Profile::Postfix => step(
            StepKind::Note,
            format!("{host} is an IP address, not a host name: Postfix uses it anyway"),
            Some("R3.3"),
            "Postfix logs 'numeric domain name in resource data of MX record' and connects; Exim refuses unless allow_mx_to_ip is set",
        ),
        Profile::Exim => step(
            StepKind::Skip,
            format!("Skip {host}: an MX must name a host, not an IP address"),
            Some("R3.3"),
            "Exim refuses MX records that point to IP addresses unless allow_mx_to_ip is set; Postfix would connect",
        ),
        Profile::Rfc => step(
            StepKind::Skip,
            format!("Skip {host}: an MX must name a host, not an IP address"),
            Some("R3.3"),
            "RFC 5321 §5.1: the exchange is a domain name, looked up for A/AAAA; there is no such name. Real MTAs differ: Postfix connects to the address anyway, Exim refuses it",
        ),
    };
    let target = (profile == Profile::Postfix).then(|| Target {
        host: exchange.clone(),
        exchange: exchange.clone(),
        preference,
        addresses: vec![ip],
    });
    (s, target)
}

/// An MX whose exchange is an alias (R3.1, R3.2): used as far as the profile
/// follows CNAMEs.
fn alias_exchange(
    host: &str,
    exchange: &Name,
    preference: u16,
    profile: Profile,
    found: &Found,
) -> (Step, Option<Target>) {
    let canonical = found.canonical.clone().unwrap_or_else(|| exchange.clone());
    let (limit, how) = match profile {
        Profile::Postfix => (10, "Postfix follows up to 10 CNAMEs anyway"),
        // Measured (tests/mta): Exim 4.96 uses the whole chain the resolver
        // returns; dns_cname_loops=1 only limits lookups it makes itself.
        Profile::Exim => (10, "Exim uses the alias chain the resolver returns"),
        Profile::Rfc => (usize::MAX, "the resolver follows it"),
    };
    let usable = found.aliases <= limit && !found.addresses.is_empty();
    let (text, why) = match (usable, found.addresses.is_empty()) {
        (true, _) => (format!("{host} is an alias (CNAME) for {}: illegal for an MX", bare(&canonical)), format!("an MX must not point to an alias (RFC 2181 §10.3); {how}: it works, but it is fragile")),
        (false, true) => (format!("Skip {host}: its CNAME chain never reaches an address"), "an alias that loops or ends nowhere gives the sender nothing to connect to (RFC 2181 §10.3)".to_string()),
        (false, false) => (format!("Skip {host}: its CNAME chain is {} long", found.aliases), format!("an MX must not point to an alias (RFC 2181 §10.3); {how}, no more")),
    };
    let (kind, rule) = match usable {
        true => (StepKind::Note, "R3.2"),
        false => (StepKind::Skip, "R3.1"),
    };
    let target = usable.then(|| Target {
        exchange: exchange.clone(),
        host: canonical,
        preference,
        addresses: found.addresses.clone(),
    });
    (step(kind, text, Some(rule), &why), target)
}

/// An MX whose exchange is a host name: its addresses, or why it has none (R1.4, R1.6).
fn named_exchange(
    host: &str,
    exchange: &Name,
    preference: u16,
    implicit: bool,
    found: &Found,
) -> (Step, Option<Target>) {
    let s = match (&found.addresses[..], found.outside) {
        (_, true) => step(
            StepKind::Skip,
            format!("Skip {host}: it is outside the simulated world"),
            Some("R1.6"),
            "its address cannot be looked up here",
        ),
        ([], _) => {
            let why = if looks_relative_ip(exchange) {
                "the MX was written as an IP address without a trailing dot, so the zone turned it into a name with no address records (R3.4)"
            } else {
                "an MX exchange must be a host name with at least one A or AAAA record"
            };
            step(
                StepKind::Skip,
                format!("Skip {host}: it has no A or AAAA record"),
                Some("R1.6"),
                why,
            )
        }
        (list, _) => {
            let shown: Vec<String> = list.iter().map(IpAddr::to_string).collect();
            let (rule, why) = match implicit {
                true => (
                    "R1.4",
                    "the implicit MX uses the domain's own A/AAAA records",
                ),
                false => (
                    "R1.6",
                    "the MX names a host; its A/AAAA records give the addresses to connect to",
                ),
            };
            step(
                StepKind::AddressLookup,
                format!("Look up {host}: {}", shown.join(", ")),
                Some(rule),
                why,
            )
        }
    };
    let target = (!found.addresses.is_empty()).then(|| Target {
        exchange: exchange.clone(),
        host: found.canonical.clone().unwrap_or_else(|| exchange.clone()),
        preference,
        addresses: found.addresses.clone(),
    });
    (s, target)
}

/// An exchange such as `192.0.2.25.example.com.`: an address written without its dot.
fn looks_relative_ip(exchange: &Name) -> bool {
    let text = bare(exchange);
    let first_four: Vec<&str> = text.splitn(5, '.').take(4).collect();
    first_four.len() == 4 && first_four.iter().all(|l| l.parse::<u8>().is_ok())
}

struct Found {
    addresses: Vec<IpAddr>,
    lines: Vec<String>,
    aliases: usize,
    outside: bool,
    /// Where the CNAME chain ends.
    canonical: Option<Name>,
}

fn addresses(world: &World, host: &Name) -> Found {
    let mut found = Found {
        addresses: Vec::new(),
        lines: Vec::new(),
        aliases: 0,
        outside: false,
        canonical: None,
    };
    for rtype in [RecordType::A, RecordType::AAAA] {
        let lookup = world.lookup(host, rtype);
        found.outside |= lookup == Lookup::OutsideWorld;
        found.lines.push(format!(";{host}  IN  {rtype}"));
        for r in lookup.answers() {
            found.lines.push(record_line(r));
            match &r.data {
                RData::A(a) => found.addresses.push(IpAddr::V4(a.0)),
                RData::AAAA(a) => found.addresses.push(IpAddr::V6(a.0)),
                RData::CNAME(target) if rtype == RecordType::A => {
                    found.aliases += 1;
                    found.canonical = Some(target.0.clone());
                }
                _ => {}
            }
        }
    }
    found
}
