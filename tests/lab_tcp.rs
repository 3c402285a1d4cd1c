//! The lab server's TCP cannot be shut out (issue 27, item 2): clients that pipeline
//! queries and never read their answers, or that open connections and send nothing,
//! leave room for a client that asks. Run against the real binary, with bounded counts
//! and deadlines.
#![cfg(unix)]

use hickory_proto::op::{Edns, Message, Query};
use hickory_proto::rr::{Name, RecordType};
use std::io::{BufRead, Read, Write};
use std::net::{SocketAddr, TcpStream, UdpSocket};
use std::os::fd::FromRawFd;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

#[path = "common/binary.rs"]
mod binary;

fn query(name: &str, rtype: RecordType, id: u16) -> Vec<u8> {
    let mut m = Message::query();
    m.metadata.id = id;
    m.add_query(Query::query(Name::from_ascii(name).expect("name"), rtype));
    m.set_edns(Edns::new());
    m.to_vec().expect("encode")
}

/// `packet` with its two-byte length, as TCP carries it (RFC 1035 §4.2.2).
fn framed(packet: &[u8]) -> Vec<u8> {
    [&(packet.len() as u16).to_be_bytes()[..], packet].concat()
}

/// `mxdrill serve` on a free loopback port, its query log read and thrown away.
struct Server {
    child: Child,
    addr: SocketAddr,
    /// Keeps the data folder until the server is gone.
    _command: binary::Isolated<std::process::Command>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve() -> Server {
    let mut command = binary::process();
    command
        .args(["serve", "--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    let mut child = command.spawn().expect("the server starts");
    let mut log = std::io::BufReader::new(child.stdout.take().expect("stdout"));
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
    Server {
        child,
        addr,
        _command: command,
    }
}

/// One query over a new TCP connection: the answer's id, or what went wrong, all
/// within `within`.
fn tcp_ask(addr: SocketAddr, id: u16, within: Duration) -> Result<u16, String> {
    let started = Instant::now();
    let mut stream =
        TcpStream::connect_timeout(&addr, within).map_err(|e| format!("connect: {e}"))?;
    let left = within
        .saturating_sub(started.elapsed())
        .max(Duration::from_millis(1));
    stream
        .set_read_timeout(Some(left))
        .map_err(|e| e.to_string())?;
    stream
        .write_all(&framed(&query(
            "blossomflowers.example.",
            RecordType::MX,
            id,
        )))
        .map_err(|e| format!("send: {e}"))?;
    let mut len = [0u8; 2];
    stream
        .read_exact(&mut len)
        .map_err(|e| format!("no answer after {:?}: {e}", started.elapsed()))?;
    let mut reply = vec![0u8; usize::from(u16::from_be_bytes(len))];
    stream.read_exact(&mut reply).map_err(|e| e.to_string())?;
    Message::from_vec(&reply)
        .map(|m| m.metadata.id)
        .map_err(|e| e.to_string())
}

/// The same query over UDP, asked up to five times (a loaded machine may drop one).
fn udp_answered(addr: SocketAddr) -> bool {
    let socket = UdpSocket::bind("127.0.0.1:0").expect("bind");
    socket
        .set_read_timeout(Some(Duration::from_secs(1)))
        .expect("timeout");
    let packet = query("blossomflowers.example.", RecordType::MX, 77);
    (0..5).any(|_| {
        let _ = socket.send_to(&packet, addr);
        let mut buf = [0u8; 1500];
        socket.recv(&mut buf).is_ok()
    })
}

/// A TCP connection to `addr` whose receive buffer is a few KB, so that a server
/// writing to it and never read fills it quickly, as a client that never reads over
/// a slow link would.
fn small_window(addr: SocketAddr) -> std::io::Result<TcpStream> {
    let SocketAddr::V4(v4) = addr else {
        panic!("a loopback IPv4 address")
    };
    // SAFETY: plain system calls on a descriptor this function owns; it is handed to
    // TcpStream, which closes it, or closed here on error.
    unsafe {
        let fd = libc::socket(libc::AF_INET, libc::SOCK_STREAM, 0);
        if fd < 0 {
            return Err(std::io::Error::last_os_error());
        }
        let stream = TcpStream::from_raw_fd(fd);
        let size: libc::c_int = 4096;
        libc::setsockopt(
            fd,
            libc::SOL_SOCKET,
            libc::SO_RCVBUF,
            (&raw const size).cast(),
            std::mem::size_of::<libc::c_int>() as libc::socklen_t,
        );
        let sin = libc::sockaddr_in {
            sin_family: libc::AF_INET as libc::sa_family_t,
            sin_port: v4.port().to_be(),
            sin_addr: libc::in_addr {
                s_addr: u32::from(*v4.ip()).to_be(),
            },
            sin_zero: [0; 8],
        };
        if libc::connect(
            fd,
            (&raw const sin).cast(),
            std::mem::size_of::<libc::sockaddr_in>() as libc::socklen_t,
        ) != 0
        {
            return Err(std::io::Error::last_os_error());
        }
        Ok(stream)
    }
}

/// More clients than the server has TCP slots each pipeline thousands of ANY queries
/// and never read an answer; a client that then asks is answered within seconds, and
/// UDP goes on answering. (Before: every slot stayed held by a write that never
/// finished, and the new client waited in the backlog for good.)
#[test]
fn clients_that_never_read_do_not_shut_out_a_new_tcp_client() {
    let server = serve();
    let addr = server.addr;
    let pipelined: Vec<u8> = (0..4000u16)
        .flat_map(|id| framed(&query("blossomflowers.example.", RecordType::ANY, id)))
        .collect();
    let mut readers = Vec::new();
    for _ in 0..mxdrill::lab::TCP_CLIENTS + 8 {
        let Ok(mut stream) = small_window(addr) else {
            continue;
        };
        // As much of the pipeline as the buffers take now; the client never reads.
        let _ = stream.set_nonblocking(true);
        let _ = stream.write(&pipelined);
        readers.push(stream);
    }
    assert!(
        readers.len() > mxdrill::lab::TCP_CLIENTS,
        "only {} slow readers connected",
        readers.len()
    );
    // Give the server time to fill every one of them and block on its writes.
    let settle = Instant::now() + Duration::from_secs(1);
    while Instant::now() < settle {
        for r in &mut readers {
            let _ = r.write(&pipelined);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(tcp_ask(addr, 4242, Duration::from_secs(5)), Ok(4242));
    assert!(udp_answered(addr), "UDP goes on answering");
    drop(readers);
}

/// Hundreds of connections that send nothing, then a client that asks: it is
/// answered within seconds. (Before: the first TCP_CLIENTS held every slot until
/// their read timed out after 10 s, and the others queued behind them.)
#[test]
fn idle_connections_do_not_delay_a_new_tcp_client() {
    let server = serve();
    let addr = server.addr;
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit writes the limit into the struct it is given; setrlimit
    // reads it (raising this test process's soft limit towards its hard one).
    assert_eq!(
        unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) },
        0
    );
    limit.rlim_cur = limit.rlim_cur.max(limit.rlim_max.min(4096));
    let _ = unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &limit) };
    let count = (limit.rlim_cur.saturating_sub(200) as usize).min(600);
    assert!(count > 2 * mxdrill::lab::TCP_CLIENTS, "{count} descriptors");
    let mut idle = Vec::new();
    let opening = Instant::now() + Duration::from_secs(10);
    while idle.len() < count && Instant::now() < opening {
        if let Ok(s) = TcpStream::connect_timeout(&addr, Duration::from_millis(200)) {
            idle.push(s);
        }
    }
    assert!(
        idle.len() > 2 * mxdrill::lab::TCP_CLIENTS,
        "{} idle",
        idle.len()
    );
    assert_eq!(tcp_ask(addr, 4343, Duration::from_secs(5)), Ok(4343));
    assert!(udp_answered(addr), "UDP goes on answering");
    drop(idle);
}

/// A single client that pipelines queries and never reads is closed once an answer
/// has waited TCP_WRITE_TIMEOUT for it: its writes then fail. (Before: the server's
/// write waited for good, and the connection stayed open.)
#[test]
fn a_client_that_never_reads_is_closed() {
    let server = serve();
    let pipelined: Vec<u8> = (0..4000u16)
        .flat_map(|id| framed(&query("blossomflowers.example.", RecordType::ANY, id)))
        .collect();
    let mut reader = small_window(server.addr).expect("connects");
    reader.set_nonblocking(true).expect("nonblocking");
    let deadline = Instant::now() + mxdrill::lab::TCP_WRITE_TIMEOUT + Duration::from_secs(15);
    let closed = loop {
        match reader.write(&pipelined) {
            Err(e) if e.kind() != std::io::ErrorKind::WouldBlock => break true,
            _ if Instant::now() > deadline => break false,
            _ => std::thread::sleep(Duration::from_millis(100)),
        }
    };
    assert!(closed, "the server closed the client that does not read");
}
