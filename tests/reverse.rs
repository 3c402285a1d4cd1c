//! Issue 26: the reverse zones (zones/reverse-*.yaml) give every sample mail host a
//! PTR that is forward-confirmed, and the lookup tools answer reverse lookups.

use hickory_proto::rr::{Name, RData, RecordType};
use mxdrill::content;
use mxdrill::dns::tools::{self, Context};
use std::collections::BTreeSet;
use std::net::IpAddr;

/// The one PTR that names another host on purpose: Saltmarsh Bakery's mail server
/// keeps its ISP's generic name (questions/reverse-dns.yaml, rdns-helo-mismatch-fix).
const MISMATCH: (&str, &str) = ("192.0.2.182", "static-192-0-2-182.broadband.example.net.");

/// The address a reverse name stands for.
fn address_of(name: &Name) -> Option<IpAddr> {
    let text = name.to_ascii().to_ascii_lowercase();
    if let Some(v4) = text.strip_suffix(".in-addr.arpa.") {
        let octets: Vec<&str> = v4.split('.').rev().collect();
        return octets.join(".").parse().ok();
    }
    let v6 = text.strip_suffix(".ip6.arpa.")?;
    let nibbles: String = v6.split('.').rev().collect();
    let groups: Vec<&str> = (0..8).map(|i| &nibbles[i * 4..i * 4 + 4]).collect();
    groups.join(":").parse().ok()
}

fn addresses(world: &mxdrill::dns::World, host: &Name) -> BTreeSet<IpAddr> {
    let mut out = BTreeSet::new();
    for rtype in [RecordType::A, RecordType::AAAA] {
        for r in world.records(host, rtype) {
            match &r.data {
                RData::A(a) => out.insert(IpAddr::V4(a.0)),
                RData::AAAA(a) => out.insert(IpAddr::V6(a.0)),
                _ => false,
            };
        }
    }
    out
}

#[test]
fn every_mail_host_has_a_forward_confirmed_ptr() {
    let library = content::load(&content::bundled_sources());
    let world = &library.world;
    let mut ptrs = 0;
    let mut covered = BTreeSet::new();
    for zone in world.zones() {
        for zr in &zone.records {
            let RData::PTR(target) = &zr.record.data else {
                continue;
            };
            let ip = address_of(&zr.record.name).expect("a reverse name");
            covered.insert(ip);
            ptrs += 1;
            if (ip.to_string().as_str(), target.0.to_ascii().as_str()) == MISMATCH {
                assert!(addresses(world, &target.0).is_empty());
                continue;
            }
            assert!(
                addresses(world, &target.0).contains(&ip),
                "{ip} PTR {}: not forward-confirmed",
                target.0
            );
        }
    }
    // Every address of every MX target has a PTR (scripts/reverse-zones.py was run).
    for zone in world.zones() {
        for zr in &zone.records {
            let RData::MX(mx) = &zr.record.data else {
                continue;
            };
            for ip in addresses(world, &mx.exchange) {
                assert!(
                    covered.contains(&ip),
                    "{ip} ({}) has no PTR: run python3 scripts/reverse-zones.py",
                    mx.exchange
                );
            }
        }
    }
    assert!(ptrs >= 80, "only {ptrs} PTR records");
}

#[test]
fn dig_x_nslookup_and_host_answer_with_the_ptr() {
    let library = content::load(&content::bundled_sources());
    let cx = Context {
        world: &library.world,
        now: 1_795_827_205,
        id: 4242,
    };
    let run = |line: &str| tools::run(&tools::parse(line).expect(line), &cx);
    let (out, _) = run("dig -x 203.0.113.25 +short");
    assert_eq!(out.trim(), "backupmail.petalmail.example.");
    let (out, status) = run("nslookup 198.51.100.25");
    assert!(
        out.contains("25.100.51.198.in-addr.arpa\tname = mail.petalmail.example."),
        "{out}"
    );
    assert_eq!(status, 0);
    let (out, status) = run("host 2001:db8:26::25");
    assert!(
        out.ends_with("ip6.arpa domain name pointer backupmail.petalmail.example.\n"),
        "{out}"
    );
    assert_eq!(status, 0);
    let (out, status) = run("host 203.0.113.99");
    assert_eq!(
        out,
        "Host 99.113.0.203.in-addr.arpa. not found: 3(NXDOMAIN)\n"
    );
    assert_eq!(status, 1);
}
