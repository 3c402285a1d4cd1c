//! The linter against BIND: for every bundled zone and every zone in
//! tests/bind/zones, `named-checkzone -i local` (captured by tests/bind/capture.sh
//! into tests/bind/expected) finds the same MX problems as mxdrill (L1–L4, L8, L9,
//! and L11: an apex NS inside the zone with no address, which BIND refuses),
//! and mxdrill's extra findings are the ones BIND does not look for (L5–L10, notes).

use mxdrill::content::{self, Source, bare};
use mxdrill::dns::{Check, Finding, World, Zone, lint_zone};
use std::collections::BTreeSet;
use std::path::Path;

/// What a finding is compared on: the check, and a line or an owner/target pair.
type Key = (Check, String);

fn bind_findings(text: &str) -> BTreeSet<Key> {
    let mut keys = BTreeSet::new();
    for line in text.lines() {
        let quoted: Vec<&str> = line.split('\'').collect();
        let file_line = || line.split(':').nth(1).unwrap_or("").to_string();
        if line.ends_with("MX is an address") {
            keys.insert((Check::MxIsAddress, file_line()));
        } else if line.ends_with("CNAME and other data") && line.starts_with("dns_master_load") {
            keys.insert((
                Check::CnameAndOtherData,
                line.split(':').nth(2).unwrap_or("").trim().to_string(),
            ));
        } else if line.contains("found type SPF record but no SPF TXT") {
            keys.insert((Check::SpfType, quoted[1].to_string()));
        } else if let Some(rest) = line.strip_prefix("zone ") {
            let Some((_, finding)) = rest.split_once(": ") else {
                continue;
            };
            if finding.starts_with("NS '")
                && finding.ends_with("has no address records (A or AAAA)")
            {
                keys.insert((Check::NsNoAddress, quoted[1].to_string()));
                continue;
            }
            let owner = finding.split("/MX").next().unwrap_or("").to_string();
            let target = quoted.get(1).copied().unwrap_or("");
            let check = if finding.ends_with("is a CNAME (illegal)") {
                Check::MxCname
            } else if finding.ends_with("has no address records (A or AAAA)") {
                Check::MxNoAddress
            } else if finding.contains("is below a DNAME") {
                Check::MxBelowDname
            } else {
                continue;
            };
            keys.insert((check, format!("{owner} {target}")));
        }
    }
    keys
}

/// The key of one of our findings, in the coordinates of the extracted zone file;
/// `None` for findings BIND does not make (with `-i local`).
fn our_key(world: &World, zone: &Zone, f: &Finding) -> Option<Key> {
    let line = (f.pos.line + 1 - zone.first_line).to_string();
    let owner = bare(&f.owner);
    let target = f.target.as_ref().map(bare).unwrap_or_default();
    let in_zone = f.target.as_ref().is_some_and(|t| zone.origin.zone_of(t));
    let has_spf_txt = world
        .records(&f.owner, hickory_proto::rr::RecordType::TXT)
        .iter()
        .any(|r| {
            mxdrill::dns::generic_rdata::text_of(&r.data).is_some_and(|t| t.starts_with("v=spf1"))
        });
    match f.check {
        Check::MxIsAddress => Some((f.check, line)),
        Check::CnameAndOtherData => Some((f.check, line)),
        Check::SpfType if !has_spf_txt => Some((f.check, owner)),
        Check::NsNoAddress => Some((f.check, target)),
        Check::MxCname | Check::MxNoAddress | Check::MxBelowDname if in_zone => {
            Some((f.check, format!("{owner} {target}")))
        }
        _ => None,
    }
}

fn sources() -> Vec<Source> {
    let mut sources = content::bundled_sources();
    sources.extend(content::read_sources(Path::new("tests/bind/zones")).expect("test zones"));
    sources
}

/// The checks mxdrill adds to BIND's, per test zone (bundled zones: any of the
/// kinds BIND lacks).
fn expected_extras(name: &str) -> Option<Vec<Check>> {
    use Check::*;
    Some(match name {
        "alias" | "clean" | "dname" | "spfonly" | "generic" => vec![],
        "wild" => vec![MxOutsideWorld], // below a delegation: BIND -i local cannot check it either
        "address" => vec![MxOutsideWorld, MxOutsideWorld],
        "noaddr" => vec![],
        "nsnoaddr" => vec![], // BIND's L11; the NS in another zone is checked by neither
        "cnameother" => vec![],
        "nomx" => vec![ImplicitMx],
        "nullmixed" => vec![NullMxMixed],
        "nullpref" => vec![NullMxPreference],
        "spfboth" => vec![SpfType],
        "twospf" => vec![MultipleSpf],
        _ => return None,
    })
}

#[test]
fn linter_finds_what_named_checkzone_finds_plus_its_own_checks() {
    let library = content::load(&sources());
    let world = &library.world;
    let mut compared = 0;
    for zone in world.zones() {
        let name = Path::new(&zone.path)
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        let expected = format!("tests/bind/expected/{name}.txt");
        let bind_text = std::fs::read_to_string(&expected)
            .unwrap_or_else(|_| panic!("{expected} missing: run tests/bind/capture.sh"));
        let bind = bind_findings(&bind_text);
        let findings = lint_zone(world, zone);
        let ours: BTreeSet<Key> = findings
            .iter()
            .filter_map(|f| our_key(world, zone, f))
            .collect();
        if bind_text.contains("not loaded due to errors") {
            // BIND stops at its first load error (L8); compare that one.
            assert!(
                bind.is_subset(&ours),
                "{name}: BIND {bind:?}, ours {ours:?}"
            );
        } else {
            assert_eq!(bind, ours, "{name}: BIND and mxdrill disagree");
        }
        let extras: Vec<Check> = findings
            .iter()
            .filter(|f| our_key(world, zone, f).is_none())
            .map(|f| f.check)
            .collect();
        match expected_extras(name) {
            Some(want) => assert_eq!(extras, want, "{name}: extra findings"),
            None => {
                let bind_kinds = [
                    Check::MxIsAddress,
                    Check::MxBelowDname,
                    Check::CnameAndOtherData,
                ];
                assert!(
                    extras.iter().all(|c| !bind_kinds.contains(c)),
                    "{name}: {extras:?}"
                );
            }
        }
        compared += 1;
    }
    assert!(compared >= 30, "only {compared} zones compared");
}
