//! The lab DNS server: answers in-process, robustness against random packets, and
//! the real dig over UDP and TCP compared with BIND named serving the same zones.

use hickory_proto::op::{Edns, Message, MessageType, OpCode, Query, ResponseCode};
use hickory_proto::rr::{Name, RecordType};
use mxdrill::content;
use mxdrill::lab::{self, answer};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use std::net::{SocketAddr, UdpSocket};
use std::process::Command;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

#[path = "common/live.rs"]
mod live;

fn world() -> &'static mxdrill::dns::World {
    static LIB: OnceLock<content::Library> = OnceLock::new();
    &LIB.get_or_init(|| content::load(&content::bundled_sources()))
        .world
}

fn query(name: &str, rtype: RecordType, id: u16) -> Vec<u8> {
    let mut m = Message::query();
    m.metadata.id = id;
    m.metadata.recursion_desired = true;
    m.add_query(Query::query(Name::from_ascii(name).expect("name"), rtype));
    m.set_edns(Edns::new());
    m.to_vec().expect("encode")
}

fn ask(name: &str, rtype: RecordType) -> Message {
    let (bytes, _, _) = answer(world(), &query(name, rtype, 7), Some(512));
    Message::from_vec(&bytes.expect("an answer")).expect("decodes")
}

#[test]
fn answers_are_authoritative_from_the_world() {
    let m = ask("blossomflowers.example.", RecordType::MX);
    assert_eq!(
        (
            m.metadata.id,
            m.metadata.message_type,
            m.metadata.authoritative
        ),
        (7, MessageType::Response, true)
    );
    assert_eq!(m.metadata.response_code, ResponseCode::NoError);
    assert_eq!(m.answers.len(), 2);
    assert!(!m.metadata.recursion_available, "no recursion");
    let nx = ask("nosuch.blossomflowers.example.", RecordType::MX);
    assert_eq!(nx.metadata.response_code, ResponseCode::NXDomain);
    assert_eq!(nx.authorities[0].record_type(), RecordType::SOA);
    let outside = ask("example.invalid.", RecordType::A);
    assert_eq!(outside.metadata.response_code, ResponseCode::Refused);
}

#[test]
fn malformed_packets_get_formerr_or_are_dropped() {
    let (short, _, _) = answer(world(), &[1, 2, 3], Some(512));
    assert!(short.is_none());
    let mut bad = query("blossomflowers.example.", RecordType::MX, 99);
    bad.truncate(20);
    let (reply, _, rcode) = answer(world(), &bad, Some(512));
    let m = Message::from_vec(&reply.expect("FORMERR")).expect("decodes");
    assert_eq!(
        (m.metadata.id, m.metadata.response_code, rcode.as_str()),
        (99, ResponseCode::FormErr, "FORMERR")
    );
    let mut update = Message::query();
    update.metadata.op_code = OpCode::Update;
    let (reply, _, _) = answer(world(), &update.to_vec().expect("encode"), Some(512));
    assert_eq!(
        Message::from_vec(&reply.expect("reply"))
            .expect("decodes")
            .metadata
            .response_code,
        ResponseCode::NotImp
    );
}

/// A lab server on a free port, which answers from the moment this returns (its
/// sockets are bound; queries wait in them), and the address it got.
fn start_server() -> (lab::LabHandle, SocketAddr) {
    let any: SocketAddr = "127.0.0.1:0".parse().expect("address");
    let server = lab::spawn(&[any], content::load(&content::bundled_sources()).world)
        .expect("the server binds");
    let addr = server.addrs[0];
    assert_ne!(addr.port(), 0, "the port it got, not the one asked");
    (server, addr)
}

#[test]
fn a_server_on_port_0_reports_one_port_that_answers_udp_and_tcp() {
    use std::io::{Read, Write};
    let (_server, addr) = start_server();
    let m = udp_ask(addr, &query("blossomflowers.example.", RecordType::MX, 11))
        .expect("answered over UDP");
    assert_eq!(m.metadata.id, 11);
    let mut tcp = std::net::TcpStream::connect(addr).expect("TCP on the same port");
    tcp.set_read_timeout(Some(Duration::from_secs(5)))
        .expect("timeout");
    let packet = query("blossomflowers.example.", RecordType::MX, 12);
    tcp.write_all(&[&(packet.len() as u16).to_be_bytes()[..], &packet].concat())
        .expect("send");
    let mut len = [0u8; 2];
    tcp.read_exact(&mut len).expect("answered over TCP");
    let mut reply = vec![0u8; usize::from(u16::from_be_bytes(len))];
    tcp.read_exact(&mut reply).expect("the whole answer");
    assert_eq!(Message::from_vec(&reply).expect("decodes").metadata.id, 12);
}

fn udp_ask(addr: SocketAddr, packet: &[u8]) -> Option<Message> {
    let socket = UdpSocket::bind("127.0.0.1:0").expect("client");
    socket
        .set_read_timeout(Some(Duration::from_secs(2)))
        .expect("timeout");
    socket.send_to(packet, addr).expect("send");
    let mut buf = [0u8; 4096];
    let (n, _) = socket.recv_from(&mut buf).ok()?;
    Message::from_vec(&buf[..n]).ok()
}

#[test]
fn ten_thousand_random_packets_then_a_valid_query_is_still_answered() {
    let (_server, addr) = start_server();
    let mut rng = StdRng::seed_from_u64(1);
    let sender = UdpSocket::bind("127.0.0.1:0").expect("sender");
    for _ in 0..10_000 {
        let len = rng.random_range(0..600);
        let packet: Vec<u8> = (0..len).map(|_| rng.random()).collect();
        let _ = answer(world(), &packet, Some(512)); // in-process: never panics
        let _ = sender.send_to(&packet, addr);
    }
    // The server may still be working through the flood (or the kernel may have
    // dropped a datagram from a full buffer, as UDP may): ask again, up to five
    // times, each waiting two seconds, before calling it silent.
    let valid = query("blossomflowers.example.", RecordType::MX, 4242);
    let m = (0..5)
        .find_map(|_| udp_ask(addr, &valid))
        .expect("still answering");
    assert_eq!((m.metadata.id, m.answers.len()), (4242, 2));
}

/// The parts of dig's output the comparison uses: status, aa, the answer and
/// authority records (sorted).
fn dig_summary(args: &[&str]) -> (String, bool, Vec<String>, Vec<String>) {
    let out = Command::new("dig")
        .args(args)
        .args(["+noall", "+comments", "+answer", "+authority"])
        .output()
        .expect("dig runs");
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    let status = text
        .lines()
        .find_map(|l| l.split("status: ").nth(1))
        .and_then(|s| s.split(',').next())
        .unwrap_or("?")
        .to_string();
    let aa = text.lines().any(|l| {
        l.starts_with(";; flags:") && l.split(';').nth(2).is_some_and(|f| f.contains(" aa"))
    });
    let section = |title: &str| -> Vec<String> {
        let mut lines: Vec<String> = text
            .lines()
            .skip_while(|l| !l.contains(title))
            .skip(1)
            .take_while(|l| !l.is_empty())
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect();
        lines.sort();
        lines
    };
    (
        status,
        aa,
        section("ANSWER SECTION"),
        section("AUTHORITY SECTION"),
    )
}

/// BIND named serving the bundled zones, and its port. named cannot be given a
/// bound socket nor asked for a free port, so a free port is looked up and named is
/// started on it; should another program take the port meanwhile, named does not
/// answer there and is started again on another.
fn start_named() -> (std::process::Child, tempfile::TempDir, u16) {
    for _ in 0..5 {
        let port = UdpSocket::bind("127.0.0.1:0")
            .and_then(|s| s.local_addr())
            .map(|a| a.port())
            .expect("port");
        let (mut named, dir) = spawn_named(port).expect("named starts");
        if named_answers(port, Duration::from_secs(30)) {
            return (named, dir, port);
        }
        let _ = named.kill();
        let _ = named.wait();
    }
    panic!("named did not answer on any of five ports");
}

/// Whether named answers on `port` (an SOA query, asked until it is answered
/// authoritatively or `deadline` has passed, each try waiting up to 200 ms).
fn named_answers(port: u16, deadline: Duration) -> bool {
    let socket = UdpSocket::bind("127.0.0.1:0").expect("client");
    socket
        .set_read_timeout(Some(Duration::from_millis(200)))
        .expect("timeout");
    let packet = query("blossomflowers.example.", RecordType::SOA, 77);
    let started = Instant::now();
    let mut buf = [0u8; 4096];
    while started.elapsed() < deadline {
        let _ = socket.send_to(&packet, ("127.0.0.1", port));
        if let Ok((n, _)) = socket.recv_from(&mut buf)
            && let Ok(m) = Message::from_vec(&buf[..n])
            && m.metadata.id == 77
            && m.metadata.authoritative
        {
            return true;
        }
    }
    false
}

/// BIND named serving the bundled zones on `port`, if named is installed.
fn spawn_named(port: u16) -> Option<(std::process::Child, tempfile::TempDir)> {
    let dir = tempfile::tempdir().ok()?;
    let mut conf = format!(
        "options {{ directory \"{0}\"; listen-on port {port} {{ 127.0.0.1; }}; listen-on-v6 {{ none; }}; pid-file \"{0}/pid\"; recursion no; minimal-responses yes; dnssec-validation no; }};\n",
        dir.path().display()
    );
    for zone in world().zones() {
        let file = dir.path().join(format!("{}.zone", zone.origin));
        std::fs::write(&file, &zone.text).ok()?;
        let check = Command::new("named-checkzone")
            .args(["-q", &zone.origin.to_string(), &file.display().to_string()])
            .status()
            .ok()?;
        if check.success() {
            conf.push_str(&format!(
                "zone \"{}\" {{ type primary; file \"{}\"; }};\n",
                zone.origin,
                file.display()
            ));
        }
    }
    let conf_path = dir.path().join("named.conf");
    std::fs::write(&conf_path, conf).ok()?;
    let child = Command::new("named")
        .args(["-g", "-c", &conf_path.display().to_string(), "-n", "1"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .ok()?;
    Some((child, dir))
}

#[test]
fn the_real_dig_gets_what_bind_gives_over_udp_and_tcp() {
    let tools = Command::new("dig").arg("-v").output().is_ok()
        && Command::new("named").arg("-v").output().is_ok();
    if !tools {
        live::skip(
            live::REQUIRE_BIND,
            "dig or named is not installed (bash .ci/run installs them)",
        );
        return;
    }
    let (_server, ours) = start_server();
    let (mut named, _dir, bind_port) = start_named();
    let queries = [
        ("blossomflowers.example", "MX"),
        ("blossomflowers.example", "A"),
        ("blossomflowers.example", "TXT"),
        ("blossomflowers.example", "NS"),
        ("blossomflowers.example", "SOA"),
        ("blossomflowers.example", "AAAA"),
        ("www.blossomflowers.example", "A"),
        ("nosuch.blossomflowers.example", "MX"),
        ("petalmail.example", "AAAA"),
        ("mail.petalmail.example", "A"),
        ("tidewater-logistics.example.net", "MX"),
        ("quietmeadow.example.org", "MX"),
        ("riverside-cycles.example.org", "MX"),
        ("mail.oakridge-law.example.com", "A"),
        ("cedarpoint.example.com", "MX"),
        ("lanternworks.example.com", "MX"),
        // The reverse zones (zones/reverse-*.yaml): what `dig -x` asks.
        ("25.113.0.203.in-addr.arpa", "PTR"),
        ("182.2.0.192.in-addr.arpa", "PTR"),
        ("99.113.0.203.in-addr.arpa", "PTR"),
        (
            "5.2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.5.2.0.0.8.b.d.0.1.0.0.2.ip6.arpa",
            "PTR",
        ),
        ("100.51.198.in-addr.arpa", "NS"),
    ];
    let mut compared = 0;
    for (name, rtype) in queries {
        for transport in ["+notcp", "+tcp"] {
            let ours_port = ours.port().to_string();
            let bind_port = bind_port.to_string();
            let a = dig_summary(&["@127.0.0.1", "-p", &ours_port, transport, name, rtype]);
            let b = dig_summary(&["@127.0.0.1", "-p", &bind_port, transport, name, rtype]);
            assert_eq!(a, b, "{name} {rtype} {transport}");
            compared += 1;
        }
    }
    let _ = named.kill();
    let _ = named.wait();
    assert!(compared >= 40);
}

/// A world with one name holding 40 TXT records of 200 bytes: about 8 KB of answer.
fn big_world() -> mxdrill::dns::World {
    let mut zone = String::from(
        "$ORIGIN big.example.\n$TTL 300\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n@ IN NS ns1\nns1 IN A 192.0.2.53\n",
    );
    for i in 0..40 {
        zone.push_str(&format!("@ IN TXT \"{i:03}{}\"\n", "x".repeat(197)));
    }
    let mut sources = content::bundled_sources();
    sources.push(content::Source {
        path: "big.zone".into(),
        text: zone,
        bundled: false,
        unreadable: None,
    });
    content::load(&sources).world
}

/// The server advertises a 1232-byte buffer (as BIND 9.18 does) and never sends more
/// over UDP, whatever the client claims: a 40-byte query must not draw 8 KB at a
/// spoofed address. The answer is truncated with TC set, for a retry over TCP.
#[test]
fn udp_answers_stay_within_the_advertised_buffer() {
    let world = big_world();
    let mut m = Message::query();
    m.metadata.id = 3;
    m.add_query(Query::query(
        Name::from_ascii("big.example.").expect("name"),
        RecordType::TXT,
    ));
    let mut edns = Edns::new();
    edns.set_max_payload(65_535);
    m.set_edns(edns);
    let (reply, _, _) = answer(&world, &m.to_vec().expect("encode"), Some(512));
    let reply = reply.expect("an answer");
    assert!(reply.len() <= 1232, "{} bytes over UDP", reply.len());
    let m = Message::from_vec(&reply).expect("decodes");
    assert!(m.metadata.truncation, "TC is set");
    // Over TCP the whole answer goes.
    let (reply, _, _) = answer(&world, &query("big.example.", RecordType::TXT, 4), None);
    assert!(reply.expect("an answer").len() > 8000);
}

/// Zone transfers are refused, as BIND refuses them with `allow-transfer { none; }`.
#[test]
fn zone_transfers_are_refused() {
    for rtype in [RecordType::AXFR, RecordType::IXFR] {
        let (reply, question, rcode) =
            answer(world(), &query("blossomflowers.example.", rtype, 5), None);
        let m = Message::from_vec(&reply.expect("a reply")).expect("decodes");
        assert_eq!(m.metadata.response_code, ResponseCode::Refused, "{rtype}");
        assert_eq!(rcode, "REFUSED");
        assert_eq!(question, format!("blossomflowers.example. {rtype}"));
    }
}

/// The query log holds a bounded number of lines: when its reader falls behind,
/// new lines are dropped and counted, never kept in memory without end.
#[test]
fn the_query_log_drops_and_counts_when_the_reader_falls_behind() {
    let (tx, rx) = lab::query_log(3);
    for i in 0..10u16 {
        tx.send(lab::QueryLog {
            client: SocketAddr::from(([127, 0, 0, 1], i)),
            question: "x. A".into(),
            rcode: "NOERROR".into(),
            tcp: false,
        });
    }
    assert_eq!(rx.take_dropped(), 7);
    assert_eq!(rx.take_dropped(), 0, "the count starts again");
    let kept: Vec<u16> = std::iter::from_fn(|| rx.try_recv().ok())
        .map(|q| q.client.port())
        .collect();
    assert_eq!(kept, [0, 1, 2], "the oldest lines are kept, in order");
}

/// Out of descriptors (here a limit of 32, reached by idle TCP clients), the server
/// keeps answering over UDP and on the connections it holds, and it stops accepting
/// until descriptors are free (it backs off instead of spinning on EMFILE).
#[test]
fn with_descriptors_exhausted_udp_and_open_connections_still_work() {
    use std::io::{BufRead, Read, Write};
    use std::net::TcpStream;
    use std::os::unix::process::CommandExt;
    let mut command = Command::new(env!("CARGO_BIN_EXE_mxdrill"));
    command
        .args(["serve", "--listen", "127.0.0.1:0"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null());
    // SAFETY: between fork and exec the child only calls setrlimit(2), which is
    // async-signal-safe, with a limit that lives on its own stack.
    unsafe {
        command.pre_exec(|| {
            let limit = libc::rlimit {
                rlim_cur: 32,
                rlim_max: 32,
            };
            match libc::setrlimit(libc::RLIMIT_NOFILE, &limit) {
                0 => Ok(()),
                _ => Err(std::io::Error::last_os_error()),
            }
        });
    }
    let mut server = command.spawn().expect("server");
    // The banner's first line names the address the server got; it is bound by then.
    let mut log = std::io::BufReader::new(server.stdout.take().expect("stdout"));
    let mut banner = String::new();
    log.read_line(&mut banner).expect("the banner");
    let addr: SocketAddr = banner
        .split("listening on ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|a| a.parse().ok())
        .unwrap_or_else(|| panic!("an address in {banner:?}"));
    // The query log goes on being read, so the server never waits on a full pipe.
    std::thread::spawn(move || std::io::copy(&mut log, &mut std::io::sink()));
    let packet = query("blossomflowers.com.", RecordType::MX, 41);
    assert!(udp_ask(addr, &packet).is_some(), "the server answers");
    let mut first = TcpStream::connect(addr).expect("a first client");
    let mut idle = Vec::new();
    for _ in 0..48 {
        if let Ok(s) = TcpStream::connect_timeout(&addr, Duration::from_millis(300)) {
            idle.push(s);
        }
    }
    let reply = udp_ask(addr, &packet).expect("UDP is answered with descriptors exhausted");
    assert_eq!(reply.metadata.id, 41);
    first
        .set_read_timeout(Some(Duration::from_secs(5)))
        .expect("timeout");
    first
        .write_all(&[&(packet.len() as u16).to_be_bytes()[..], &packet].concat())
        .expect("send");
    let mut len = [0u8; 2];
    first
        .read_exact(&mut len)
        .expect("an open connection is still answered");
    assert!(u16::from_be_bytes(len) > 12);
    let _ = server.kill();
    let _ = server.wait();
}
