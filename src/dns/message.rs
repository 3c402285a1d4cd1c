//! Real DNS messages built from the world: what an authoritative server (BIND with
//! `recursion no; minimal-responses yes;`) sends back, so that `MSG SIZE` is true.

use super::{Lookup, Rcode, World};
use hickory_proto::op::{Edns, Message, OpCode, Query, ResponseCode};
use hickory_proto::rr::rdata::opt::EdnsOption;
use hickory_proto::rr::{Name, RData, Record, RecordType};

/// The EDNS buffer size BIND 9.18 advertises.
pub const UDP_PAYLOAD: u16 = 1232;
/// The EDNS option code of DNS cookies (RFC 7873).
pub const COOKIE: u16 = 10;

/// A query as a client sends it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    /// The name asked.
    pub name: Name,
    /// The type asked.
    pub rtype: RecordType,
    /// The RD flag (dig's `+rec`, the default).
    pub recursion_desired: bool,
    /// The message id.
    pub id: u16,
}

/// The response the world's servers give to `q`. Names outside the world are
/// REFUSED, as an authoritative-only server refuses them.
pub fn respond(world: &World, q: &Question) -> Message {
    let mut m = Message::response(q.id, OpCode::Query);
    m.metadata.recursion_desired = q.recursion_desired;
    m.metadata.recursion_available = false;
    m.add_query(Query::query(q.name.clone(), q.rtype));
    match world.lookup(&q.name, q.rtype) {
        Lookup::OutsideWorld => m.metadata.response_code = ResponseCode::Refused,
        Lookup::Answer {
            zone,
            rcode,
            answers,
            authority,
            referral,
        } => {
            m.metadata.authoritative = !referral;
            m.metadata.response_code = match rcode {
                Rcode::NoError => ResponseCode::NoError,
                Rcode::NxDomain => ResponseCode::NXDomain,
            };
            let glue = glue(world, &zone, answers.iter().chain(&authority));
            m.add_answers(answers);
            m.add_authorities(authority);
            m.add_additionals(glue);
        }
    }
    let mut edns = Edns::new();
    edns.set_max_payload(UDP_PAYLOAD).set_version(0);
    edns.options_mut()
        .insert(EdnsOption::Unknown(COOKIE, cookie(q.id)));
    m.set_edns(edns);
    m
}

/// A client cookie (8 bytes) and a server cookie (16 bytes), as BIND answers dig;
/// derived from the id so that output is reproducible.
pub fn cookie(id: u16) -> Vec<u8> {
    let mut state = u64::from(id).wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    (0..24)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect()
}

/// The addresses of the name servers in an answer or a referral that lie inside the
/// answering zone: BIND adds them to ADDITIONAL even with `minimal-responses yes`.
fn glue<'a>(world: &World, zone: &Name, records: impl Iterator<Item = &'a Record>) -> Vec<Record> {
    let servers = records.filter_map(|r| match &r.data {
        RData::NS(ns) if zone.zone_of(&ns.0) => Some(ns.0.clone()),
        _ => None,
    });
    let mut out: Vec<Record> = Vec::new();
    for server in servers {
        for rtype in [RecordType::A, RecordType::AAAA] {
            for r in world.records(&server, rtype) {
                if !out.contains(r) {
                    out.push(r.clone());
                }
            }
        }
    }
    out
}
