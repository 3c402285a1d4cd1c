//! The zone world answers as an authoritative server does (issue 2, item 4).

mod common;

use hickory_proto::rr::{Name, RData, RecordType};
use mxdrill::content;
use mxdrill::dns::{Lookup, Rcode, World};

fn name(text: &str) -> Name {
    Name::from_ascii(text).expect("name")
}

/// The bundled world plus the given zones.
fn world(extra: &[(&str, &str)]) -> World {
    let library = common::load_with(extra);
    assert!(
        !content::has_errors(&library.diagnostics),
        "{:?}",
        library.diagnostics
    );
    library.world
}

const TEST_ZONE: &str = "$ORIGIN lab.example.\n$TTL 3600\n\
@ IN SOA ns1 hostmaster 1 7200 3600 1209600 600\n@ IN NS ns1\nns1 IN A 192.0.2.53\n\
*.pool IN A 192.0.2.49\nx.deep.ent IN A 192.0.2.50\n\
loop1 IN CNAME loop2\nloop2 IN CNAME loop1\n\
out IN CNAME www.blossomflowers.example.\n\
corp IN DNAME blossomflowers.example.\n\
sub IN NS ns.example.net.\n";

fn answer(lookup: &Lookup) -> (Rcode, Vec<String>, Vec<(String, u32)>) {
    match lookup {
        Lookup::OutsideWorld => panic!("outside the world"),
        Lookup::Answer {
            rcode,
            answers,
            authority,
            ..
        } => (
            *rcode,
            answers
                .iter()
                .map(|r| format!("{} {} {}", r.name, r.record_type(), r.data))
                .collect(),
            authority
                .iter()
                .map(|r| (r.name.to_string(), r.ttl))
                .collect(),
        ),
    }
}

#[test]
fn mx_answer_is_noerror_with_the_records() {
    let w = world(&[]);
    let (rcode, answers, authority) =
        answer(&w.lookup(&name("blossomflowers.example."), RecordType::MX));
    assert_eq!(rcode, Rcode::NoError);
    assert_eq!(
        answers,
        vec![
            "blossomflowers.example. MX 10 mail.petalmail.example.",
            "blossomflowers.example. MX 20 backupmail.petalmail.example."
        ]
    );
    assert!(authority.is_empty());
}

#[test]
fn cname_is_followed_inside_the_world_r1_1() {
    let w = world(&[("lab.zone", TEST_ZONE)]);
    let (_, answers, _) = answer(&w.lookup(&name("www.blossomflowers.example."), RecordType::A));
    assert_eq!(
        answers,
        vec![
            "www.blossomflowers.example. CNAME blossomflowers.example.",
            "blossomflowers.example. A 192.0.2.1"
        ]
    );
    // Across zones: lab.example → blossomflowers.example.
    let (_, answers, _) = answer(&w.lookup(&name("out.lab.example."), RecordType::A));
    assert_eq!(answers.len(), 3, "{answers:?}");
}

#[test]
fn nxdomain_carries_the_soa_with_ttl_min_of_ttl_and_minimum() {
    let w = world(&[("lab.zone", TEST_ZONE)]);
    let (rcode, answers, authority) =
        answer(&w.lookup(&name("nosuch.blossomflowers.example."), RecordType::MX));
    assert_eq!((rcode, answers.len()), (Rcode::NxDomain, 0));
    assert_eq!(
        authority,
        vec![("blossomflowers.example.".to_string(), 300)]
    ); // min(3600, 300)
    let (_, _, authority) = answer(&w.lookup(&name("nosuch.lab.example."), RecordType::A));
    assert_eq!(authority, vec![("lab.example.".to_string(), 600)]); // min(3600, 600)
}

#[test]
fn no_data_is_noerror_with_the_soa() {
    let w = world(&[("lab.zone", TEST_ZONE)]);
    let (rcode, answers, authority) = answer(&w.lookup(&name("ns1.lab.example."), RecordType::MX));
    assert_eq!(
        (rcode, answers.len(), authority.len()),
        (Rcode::NoError, 0, 1)
    );
    // An empty non-terminal exists: NOERROR, not NXDOMAIN.
    let (rcode, _, _) = answer(&w.lookup(&name("deep.ent.lab.example."), RecordType::A));
    assert_eq!(rcode, Rcode::NoError);
}

#[test]
fn names_outside_every_zone_are_reported_as_such() {
    let w = world(&[]);
    assert_eq!(
        w.lookup(&name("example.invalid."), RecordType::MX),
        Lookup::OutsideWorld
    );
}

#[test]
fn wildcards_match_with_the_asked_name_as_owner() {
    let w = world(&[("lab.zone", TEST_ZONE)]);
    let (rcode, answers, _) = answer(&w.lookup(&name("host7.pool.lab.example."), RecordType::A));
    assert_eq!(rcode, Rcode::NoError);
    assert_eq!(answers, vec!["host7.pool.lab.example. A 192.0.2.49"]);
}

#[test]
fn dname_synthesises_a_cname() {
    let w = world(&[("lab.zone", TEST_ZONE)]);
    let lookup = w.lookup(&name("www.corp.lab.example."), RecordType::A);
    let types: Vec<RecordType> = lookup.answers().iter().map(|r| r.record_type()).collect();
    assert_eq!(
        types,
        vec![
            RecordType::DNAME,
            RecordType::CNAME,
            RecordType::CNAME,
            RecordType::A
        ]
    );
    assert!(
        matches!(&lookup.answers()[1].data, RData::CNAME(c) if c.0 == name("www.blossomflowers.example."))
    );
}

#[test]
fn cname_loops_end() {
    let w = world(&[("lab.zone", TEST_ZONE)]);
    let (rcode, answers, _) = answer(&w.lookup(&name("loop1.lab.example."), RecordType::A));
    assert_eq!((rcode, answers.len()), (Rcode::NoError, 2));
}

#[test]
fn any_returns_every_record_at_the_name() {
    let w = world(&[]);
    let lookup = w.lookup(&name("blossomflowers.example."), RecordType::ANY);
    assert!(
        lookup.records_of(RecordType::SOA).count() == 1
            && lookup.records_of(RecordType::MX).count() == 2
    );
}

#[test]
fn a_cname_query_through_a_dname_stops_at_the_synthesised_cname() {
    let w = world(&[("lab.zone", TEST_ZONE)]);
    let lookup = w.lookup(&name("www.corp.lab.example."), RecordType::CNAME);
    let types: Vec<RecordType> = lookup.answers().iter().map(|r| r.record_type()).collect();
    assert_eq!(types, vec![RecordType::DNAME, RecordType::CNAME]);
}

#[test]
fn names_below_a_delegation_get_a_referral() {
    let w = world(&[("lab.zone", TEST_ZONE)]);
    match w.lookup(&name("www.sub.lab.example."), RecordType::A) {
        Lookup::Answer {
            rcode,
            answers,
            authority,
            referral,
            ..
        } => {
            assert_eq!((rcode, answers.len(), referral), (Rcode::NoError, 0, true));
            assert_eq!(authority[0].record_type(), RecordType::NS);
        }
        other => panic!("{other:?}"),
    }
}
