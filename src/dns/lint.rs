//! The MX linter (mx-rules.md §5, L1–L10): what `named-checkzone` finds, in words
//! close to BIND's, and what it misses. Exchanges in other zones are checked against
//! the whole world.

use super::generic_rdata::{SPF, text_of};
use super::name_map::{NameMap, same_name};
use super::world::World;
use super::zone::{Zone, ZoneRecord};
use crate::ground::{Level, Pos, bare};
use hickory_proto::rr::{Name, RData, RecordType};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::net::IpAddr;

/// A linter check. The same ids name the defects a zone declares (`defects: [mx-cname]`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Check {
    /// L1: the exchange is written as an IP address.
    MxIsAddress,
    /// L2, L6: the exchange is an alias (RFC 2181 §10.3).
    MxCname,
    /// L3: the exchange has no A or AAAA record.
    MxNoAddress,
    /// L4: the exchange lies below a DNAME.
    MxBelowDname,
    /// L5: a null MX together with other MX records (RFC 7505 §3).
    NullMxMixed,
    /// L5: a null MX with a preference other than 0.
    NullMxPreference,
    /// L8: a CNAME and other data at one name (RFC 1034 §3.6.2).
    CnameAndOtherData,
    /// L9: a record of the obsolete SPF type (RFC 7208 §3.1).
    SpfType,
    /// L10: more than one `v=spf1` TXT record at one name (RFC 7208 §4.5).
    MultipleSpf,
    /// L11: an apex NS whose name lies inside the zone has no A or AAAA record
    /// (BIND refuses to load such a zone).
    NsNoAddress,
    /// Note: a valid null MX — the domain accepts no mail (RFC 7505).
    NullMx,
    /// L7 note: no MX at the zone apex, so the implicit MX applies (R1.4).
    ImplicitMx,
    /// Note: an exchange outside the loaded zones could not be checked.
    MxOutsideWorld,
}

impl Check {
    /// The id used in zone files and diagnostics (`mx-cname`).
    pub fn id(self) -> &'static str {
        match self {
            Check::MxIsAddress => "mx-is-address",
            Check::MxCname => "mx-cname",
            Check::MxNoAddress => "mx-no-address",
            Check::MxBelowDname => "mx-below-dname",
            Check::NullMxMixed => "null-mx-mixed",
            Check::NullMxPreference => "null-mx-preference",
            Check::CnameAndOtherData => "cname-and-other-data",
            Check::SpfType => "spf-type",
            Check::MultipleSpf => "multiple-spf",
            Check::NsNoAddress => "ns-no-address",
            Check::NullMx => "null-mx",
            Check::ImplicitMx => "implicit-mx",
            Check::MxOutsideWorld => "mx-outside-world",
        }
    }

    /// The rule in mx-rules.md §5.
    pub fn rule(self) -> &'static str {
        match self {
            Check::MxIsAddress => "L1",
            Check::MxCname => "L2",
            Check::MxNoAddress => "L3",
            Check::MxBelowDname => "L4",
            Check::NullMxMixed | Check::NullMxPreference | Check::NullMx => "L5",
            Check::ImplicitMx => "L7",
            Check::CnameAndOtherData => "L8",
            Check::SpfType => "L9",
            Check::MultipleSpf => "L10",
            Check::NsNoAddress => "L11",
            Check::MxOutsideWorld => "L3",
        }
    }

    /// How serious a finding of this check is when the zone does not declare it.
    pub fn level(self) -> Level {
        match self {
            Check::MxCname
            | Check::MxNoAddress
            | Check::MxBelowDname
            | Check::CnameAndOtherData
            | Check::NsNoAddress => Level::Error,
            Check::MxIsAddress | Check::NullMxMixed | Check::SpfType | Check::MultipleSpf => {
                Level::Warning
            }
            Check::NullMxPreference | Check::NullMx | Check::ImplicitMx | Check::MxOutsideWorld => {
                Level::Note
            }
        }
    }

    /// Whether a zone may declare this check as a defect (notes are facts, not defects).
    pub fn is_defect(self) -> bool {
        !matches!(
            self,
            Check::NullMx | Check::ImplicitMx | Check::MxOutsideWorld
        )
    }
}

/// One thing the linter found.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// Which check.
    pub check: Check,
    /// The line (and column) of the record concerned.
    pub pos: Pos,
    /// The owner name of the record concerned.
    pub owner: Name,
    /// The MX exchange concerned, if any.
    pub target: Option<Name>,
    /// The message, in BIND's words where BIND has words for it.
    pub message: String,
    /// The other lines whose records make the fault with this one (the first of
    /// two SPF policies, the CNAME beside other data): they take part in the
    /// finding, which is reported on `pos` only.
    pub also: Vec<u32>,
}

/// Lints one zone of the world.
pub fn lint_zone(world: &World, zone: &Zone) -> Vec<Finding> {
    lint_zone_on(world, zone, crate::ground::threads())
}

/// [`lint_zone`] with at most `threads` threads.
pub(crate) fn lint_zone_on(world: &World, zone: &Zone, threads: usize) -> Vec<Finding> {
    let mut findings = Vec::new();
    // Records grouped by owner, from the world's index (findings are sorted below).
    let in_world = world
        .zone(&zone.origin)
        .filter(|z| std::ptr::eq(*z, zone))
        .and_then(|_| world.zone_index_for(&zone.origin));
    let local: Vec<Vec<usize>>;
    let groups: Vec<&[usize]> = match in_world {
        Some(zi) => world.owner_groups(zi).collect(),
        None => {
            local = group_by_owner(zone);
            local.iter().map(Vec::as_slice).collect()
        }
    };
    // A large zone is linted in slices on the machine's cores; the findings are
    // sorted below, and a slice's findings keep their order, so the result is the
    // same as linting group after group.
    if threads < 2 || groups.len() < 20_000 {
        lint_groups(world, zone, &groups, &mut findings);
    } else {
        let size = groups.len().div_ceil(threads);
        std::thread::scope(|scope| {
            let workers: Vec<_> = groups
                .chunks(size)
                .map(|slice| {
                    scope.spawn(move || {
                        let mut found = Vec::new();
                        lint_groups(world, zone, slice, &mut found);
                        found
                    })
                })
                .collect();
            for worker in workers {
                findings.extend(crate::ground::joined(worker));
            }
        });
    }
    findings.sort_by_key(|f| f.pos);
    findings
}

fn finding(check: Check, zr: &ZoneRecord, target: Option<&Name>, message: String) -> Finding {
    Finding {
        check,
        pos: zr.pos,
        owner: zr.record.name.clone(),
        target: target.cloned(),
        message,
        also: Vec::new(),
    }
}

fn lint_mx(world: &World, owner: &Name, records: &[&ZoneRecord], out: &mut Vec<Finding>) {
    let mx = || {
        records.iter().filter_map(|zr| match &zr.record.data {
            RData::MX(mx) => Some((*zr, mx.preference, &mx.exchange)),
            _ => None,
        })
    };
    let (count, nulls) = mx().fold((0, 0), |(n, z), (_, _, ex)| {
        (n + 1, z + usize::from(ex.is_root()))
    });
    for (zr, preference, exchange) in mx() {
        if exchange.is_root() {
            let owner_text = bare(owner);
            if count > nulls {
                let msg = format!(
                    "{owner_text}/MX: null MX '{preference} .' mixed with other MX records: RFC 7505 allows the null MX only alone"
                );
                out.push(finding(Check::NullMxMixed, zr, None, msg));
            } else if preference != 0 {
                let msg = format!(
                    "{owner_text}/MX: null MX with preference {preference}: RFC 7505 requires '0 .'"
                );
                out.push(finding(Check::NullMxPreference, zr, None, msg));
            } else {
                let msg = format!(
                    "{owner_text}/MX: null MX: {owner_text} accepts no mail, senders bounce at once (RFC 7505)"
                );
                out.push(finding(Check::NullMx, zr, None, msg));
            }
            continue;
        }
        lint_exchange(world, owner, zr, exchange, out);
    }
}

fn lint_exchange(
    world: &World,
    owner: &Name,
    zr: &ZoneRecord,
    exchange: &Name,
    out: &mut Vec<Finding>,
) {
    // Names are turned into text only when there is something to report: `check`
    // on a large zone spends its time here.
    let words = || (bare(owner), bare(exchange));
    if let Some(token) = &zr.exchange_token
        && token.trim_end_matches('.').parse::<IpAddr>().is_ok()
    {
        out.push(finding(
            Check::MxIsAddress,
            zr,
            Some(exchange),
            format!("'{token}': MX is an address"),
        ));
    }
    let Some(zi) = world.zone_index_for(exchange) else {
        let (owner, target) = words();
        let msg = format!(
            "{owner}/MX '{target}' is outside the loaded zones: its address records could not be checked"
        );
        out.push(finding(Check::MxOutsideWorld, zr, Some(exchange), msg));
        return;
    };
    if let Some(cut) = world.zone_cut(zi, exchange) {
        let (owner, target) = words();
        let msg = format!(
            "{owner}/MX '{target}' is below the delegation '{}': its address records could not be checked",
            bare(&cut)
        );
        out.push(finding(Check::MxOutsideWorld, zr, Some(exchange), msg));
        return;
    }
    if let Some(dname) = world.dname_above_in(zi, exchange) {
        let (owner, target) = words();
        let msg = format!(
            "{owner}/MX '{target}' is below a DNAME '{}' (illegal)",
            bare(&dname.name)
        );
        out.push(finding(Check::MxBelowDname, zr, Some(exchange), msg));
        return;
    }
    let owned = world.owned_in(zi, exchange);
    // A name with no records of its own may still match a wildcard: ask as a
    // resolver would, and look at what the first answer record is.
    let synthesized = || world.lookup(exchange, RecordType::A);
    let is_alias = match owned.is_empty() {
        false => owned.iter().any(|r| r.record_type() == RecordType::CNAME),
        true => synthesized()
            .answers()
            .first()
            .is_some_and(|r| r.record_type() == RecordType::CNAME),
    };
    if is_alias {
        let (owner, target) = words();
        let msg = format!("{owner}/MX '{target}' is a CNAME (illegal)");
        out.push(finding(Check::MxCname, zr, Some(exchange), msg));
        return;
    }
    let has_type = |t| owned.iter().any(|r| r.record_type() == t);
    let by_lookup = |t| world.lookup(exchange, t).records_of(t).next().is_some();
    let has_address = has_type(RecordType::A)
        || has_type(RecordType::AAAA)
        || (owned.is_empty() && (by_lookup(RecordType::A) || by_lookup(RecordType::AAAA)));
    if !has_address {
        let (owner, target) = words();
        let msg = format!("{owner}/MX '{target}' has no address records (A or AAAA)");
        out.push(finding(Check::MxNoAddress, zr, Some(exchange), msg));
    }
}

fn lint_cname(owner: &Name, records: &[&ZoneRecord], out: &mut Vec<Finding>) {
    let is_cname = |zr: &&&ZoneRecord| zr.record.record_type() == RecordType::CNAME;
    let (Some(cname), Some(other)) = (
        records.iter().find(is_cname),
        records.iter().find(|zr| !is_cname(zr)),
    ) else {
        return;
    };
    // BIND reports the record that makes the conflict: the later of the two.
    let (earlier, later) = if cname.pos > other.pos {
        (other, cname)
    } else {
        (cname, other)
    };
    out.push(finding(
        Check::CnameAndOtherData,
        later,
        None,
        format!("{}: CNAME and other data", bare(owner)),
    ));
    with_also(out, &[earlier]);
}

/// The last finding pushed takes part `with` these records' lines too.
fn with_also(out: &mut [Finding], with: &[&&ZoneRecord]) {
    if let Some(last) = out.last_mut() {
        last.also = with.iter().map(|zr| zr.pos.line).collect();
    }
}

fn is_spf_policy(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    lower == "v=spf1" || lower.starts_with("v=spf1 ")
}

fn lint_spf(owner: &Name, records: &[&ZoneRecord], out: &mut Vec<Finding>) {
    let spf_txt: Vec<&&ZoneRecord> = records
        .iter()
        .filter(|zr| zr.record.record_type() == RecordType::TXT)
        .filter(|zr| text_of(&zr.record.data).is_some_and(|t| is_spf_policy(&t)))
        .collect();
    let owner_text = || bare(owner);
    if let Some(second) = spf_txt.get(1) {
        let owner_text = owner_text();
        let msg = format!(
            "'{owner_text}' has {} TXT records starting with v=spf1: receivers return permerror, so the domain has no SPF policy (RFC 7208 §4.5)",
            spf_txt.len()
        );
        out.push(finding(Check::MultipleSpf, second, None, msg));
        let others: Vec<&&ZoneRecord> = spf_txt
            .iter()
            .filter(|zr| zr.pos != second.pos)
            .copied()
            .collect();
        with_also(out, &others);
    }
    for zr in records.iter().filter(|zr| zr.record.record_type() == SPF) {
        let owner_text = owner_text();
        let msg = if spf_txt.is_empty() {
            format!(
                "'{owner_text}' found type SPF record but no SPF TXT record found, add matching type TXT record"
            )
        } else {
            format!(
                "'{owner_text}' has a record of the obsolete type SPF: receivers ignore it, publish SPF in TXT only (RFC 7208 §3.1)"
            )
        };
        out.push(finding(Check::SpfType, zr, None, msg));
    }
}

/// The checks on each owner's records (`groups`: indices into the zone's records).
fn lint_groups(world: &World, zone: &Zone, groups: &[&[usize]], findings: &mut Vec<Finding>) {
    // One buffer for every group: a large zone has as many groups as names.
    let mut records: Vec<&ZoneRecord> = Vec::new();
    for group in groups {
        records.clear();
        records.extend(group.iter().map(|&i| &zone.records[i]));
        let owner = &records[0].record.name;
        lint_mx(world, owner, &records, findings);
        lint_cname(owner, &records, findings);
        lint_spf(owner, &records, findings);
        if same_name(owner, &zone.origin) {
            lint_apex(zone, &records, findings);
            lint_apex_ns(world, zone, &records, findings);
        }
    }
}

/// The apex's own checks, on the records owned by the zone's name.
fn lint_apex(zone: &Zone, apex: &[&ZoneRecord], out: &mut Vec<Finding>) {
    // A reverse zone (in-addr.arpa, ip6.arpa) maps addresses to names: no mail is
    // addressed to it, so the implicit-MX note does not apply.
    let origin = zone.origin.to_ascii().to_ascii_lowercase();
    if origin.ends_with("in-addr.arpa.") || origin.ends_with("ip6.arpa.") {
        return;
    }
    if apex
        .iter()
        .any(|zr| zr.record.record_type() == RecordType::MX)
    {
        return;
    }
    let Some(anchor) = apex
        .iter()
        .find(|zr| zr.record.record_type() == RecordType::SOA)
        .or(apex.first())
    else {
        return;
    };
    let has_address = apex
        .iter()
        .any(|zr| matches!(zr.record.record_type(), RecordType::A | RecordType::AAAA));
    let origin = bare(&zone.origin);
    let msg = if has_address {
        format!(
            "{origin} has no MX record: senders use the implicit MX, the domain's own address records (RFC 5321 §5.1)"
        )
    } else {
        format!(
            "{origin} has no MX record and no address records: mail to {origin} cannot be delivered (RFC 5321 §5.1)"
        )
    };
    out.push(finding(Check::ImplicitMx, anchor, None, msg));
}

/// L11: each apex NS whose name lies inside the zone needs an address there, as
/// BIND's check at load time demands (`NS 'ns1.example.com' has no address records
/// (A or AAAA)`, and the zone is not loaded). Names in other zones are not checked
/// (BIND looks them up on the Internet; `-i local` skips them), nor are delegations
/// below the apex (BIND only warns about those).
fn lint_apex_ns(world: &World, zone: &Zone, apex: &[&ZoneRecord], out: &mut Vec<Finding>) {
    let Some(zi) = world
        .zone(&zone.origin)
        .filter(|z| std::ptr::eq(*z, zone))
        .and_then(|_| world.zone_index_for(&zone.origin))
    else {
        return;
    };
    for zr in apex {
        let RData::NS(ns) = &zr.record.data else {
            continue;
        };
        let host = &ns.0;
        if !zone.origin.zone_of(host) || world.zone_index_for(host) != Some(zi) {
            continue;
        }
        let owned = world.owned_in(zi, host);
        let has = |t| owned.iter().any(|r| r.record_type() == t);
        let by_lookup = |t| world.lookup(host, t).records_of(t).next().is_some();
        let has_address = has(RecordType::A)
            || has(RecordType::AAAA)
            || (owned.is_empty() && (by_lookup(RecordType::A) || by_lookup(RecordType::AAAA)));
        if !has_address {
            let msg = format!("NS '{}' has no address records (A or AAAA)", bare(host));
            out.push(finding(Check::NsNoAddress, zr, Some(host), msg));
        }
    }
}

/// Records grouped by owner (as indices, each group in file order) for a zone that
/// is not (or not this copy) in the world.
fn group_by_owner(zone: &Zone) -> Vec<Vec<usize>> {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut group_of: NameMap<usize> = NameMap::default();
    for (r, zr) in zone.records.iter().enumerate() {
        let next = groups.len();
        let i = *group_of.entry(zr.record.name.clone()).or_insert(next);
        if i == next {
            groups.push(Vec::new());
        }
        groups[i].push(r);
    }
    groups
}
