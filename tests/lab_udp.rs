//! The lab server's UDP answers come from a cache of encoded answers: each reply is
//! byte for byte what `lab::answer` encodes for that very packet (its id, its EDNS,
//! its cookie), and a new world is served from the next answer on.

use hickory_proto::op::{Edns, Message, Query};
use hickory_proto::rr::rdata::opt::EdnsOption;
use hickory_proto::rr::{Name, RecordType};
use mxdrill::dns::World;
use mxdrill::dns::message::COOKIE;
use mxdrill::{content, lab};
use std::net::{SocketAddr, UdpSocket};
use std::time::Duration;

/// A query for `name`: without EDNS, with EDNS and no option, or with a cookie.
fn query(name: &str, rtype: RecordType, id: u16, edns: Option<Option<[u8; 8]>>) -> Vec<u8> {
    let mut m = Message::query();
    m.metadata.id = id;
    m.metadata.recursion_desired = true;
    m.add_query(Query::query(Name::from_ascii(name).expect("name"), rtype));
    if let Some(cookie) = edns {
        let mut e = Edns::new();
        if let Some(c) = cookie {
            e.options_mut()
                .insert(EdnsOption::Unknown(COOKIE, c.to_vec()));
        }
        m.set_edns(e);
    }
    m.to_vec().expect("encode")
}

/// The server's reply to `packet`, asked up to five times (UDP may drop one).
fn reply(addr: SocketAddr, packet: &[u8]) -> Vec<u8> {
    let socket = UdpSocket::bind("127.0.0.1:0").expect("client");
    socket
        .set_read_timeout(Some(Duration::from_secs(2)))
        .expect("timeout");
    for _ in 0..5 {
        socket.send_to(packet, addr).expect("send");
        let mut buf = [0u8; 4096];
        if let Ok(n) = socket.recv(&mut buf) {
            return buf[..n].to_vec();
        }
    }
    panic!("no reply from {addr}")
}

#[test]
fn every_udp_reply_is_the_answer_encoded_for_its_own_packet() {
    let world = content::load(&content::bundled_sources()).world;
    let server = lab::spawn(
        &["127.0.0.1:0".parse().expect("addr")],
        World::new(world.zones().to_vec()),
    )
    .expect("the server binds");
    let addr = server.addrs[0];
    let asked = [
        ("blossomflowers.example.", RecordType::MX),
        ("nosuch.blossomflowers.example.", RecordType::MX),
        ("blossomflowers.example.", RecordType::ANY),
        ("example.invalid.", RecordType::A),
    ];
    let edns = [None, Some(None), Some(Some(*b"cookie01"))];
    let mut id = 100;
    // Each packet twice with new ids: the second reply comes from the cache.
    for (name, rtype) in asked {
        for e in edns {
            for _ in 0..2 {
                id += 1;
                let packet = query(name, rtype, id, e);
                let (expected, _, _) = lab::answer(&world, &packet, Some(512));
                assert_eq!(
                    Some(reply(addr, &packet)),
                    expected,
                    "{name} {rtype} with id {id}, EDNS {e:?}"
                );
            }
        }
    }
    // A new world: the cached answer is not served again.
    let packet = query("blossomflowers.example.", RecordType::MX, 7, None);
    server.world.replace(World::new(Vec::new()));
    let empty = World::new(Vec::new());
    let (expected, _, rcode) = lab::answer(&empty, &packet, Some(512));
    assert_eq!(rcode, "REFUSED");
    assert_eq!(Some(reply(addr, &packet)), expected);
}
