//! The lab DNS server: the zone world as a real authoritative server on UDP and
//! TCP, so the real dig, nslookup and host — a whole classroom — can query it. The
//! only module with sockets and an async runtime.
//!
//! Answers come from `dns::message::respond`, the same code behind `mxdrill dig`
//! (one source of truth); this module only frames packets. hickory-server's request
//! pipeline would have rebuilt the same answers a second way, so it is not used.

pub mod class;

use crate::dns::World;
use crate::dns::message::{COOKIE, Question, UDP_PAYLOAD, respond};
use hickory_proto::op::{Edns, Message, MessageType, OpCode, ResponseCode};
use hickory_proto::rr::RecordType;
use hickory_proto::rr::rdata::opt::EdnsOption;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, TryRecvError, TrySendError};
use std::sync::{Arc, PoisonError, RwLock, RwLockReadGuard};
use tokio::net::TcpListener;

mod tcp;
mod udp;

pub use tcp::{
    TCP_CLIENTS, TCP_IDLE_TIMEOUT, TCP_INITIAL_TIMEOUT, TCP_LIFETIME, TCP_WRITE_TIMEOUT,
};

/// How many log lines wait for a slow reader before new ones are dropped (and counted).
pub const LOG_QUEUE: usize = 4096;
/// The sending half of the query log: a bounded queue that never blocks the server.
/// When the reader falls behind, entries are dropped and counted (not kept in memory).
#[derive(Debug, Clone)]
pub struct LogSender {
    queue: SyncSender<QueryLog>,
    dropped: Arc<AtomicU64>,
}

/// The reading half of the query log.
#[derive(Debug)]
pub struct LogReceiver {
    queue: Receiver<QueryLog>,
    dropped: Arc<AtomicU64>,
}

/// A query log holding at most `capacity` unread entries.
pub fn query_log(capacity: usize) -> (LogSender, LogReceiver) {
    let (queue, rx) = std::sync::mpsc::sync_channel(capacity);
    let dropped = Arc::new(AtomicU64::new(0));
    (
        LogSender {
            queue,
            dropped: dropped.clone(),
        },
        LogReceiver { queue: rx, dropped },
    )
}

impl LogSender {
    /// Queues `entry`, or counts it as dropped when the queue is full.
    pub fn send(&self, entry: QueryLog) {
        if let Err(TrySendError::Full(_)) = self.queue.try_send(entry) {
            self.dropped.fetch_add(1, Ordering::Relaxed);
        }
    }
}

impl LogReceiver {
    /// Waits for the next entry, then takes every other waiting one too, into
    /// `batch`; `false` when the server has stopped.
    pub fn recv_batch(&self, batch: &mut Vec<QueryLog>) -> bool {
        let Ok(first) = self.queue.recv() else {
            return false;
        };
        batch.push(first);
        batch.extend(self.queue.try_iter());
        true
    }

    /// The next entry, if one is waiting.
    pub fn try_recv(&self) -> Result<QueryLog, TryRecvError> {
        self.queue.try_recv()
    }

    /// How many entries were dropped since the last call.
    pub fn take_dropped(&self) -> u64 {
        self.dropped.swap(0, Ordering::Relaxed)
    }
}

/// One query as the log shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryLog {
    /// Who asked.
    pub client: SocketAddr,
    /// The name and type asked (`?` when the packet was malformed).
    pub question: Arc<str>,
    /// The response code sent, or `dropped`.
    pub rcode: Arc<str>,
    /// Over TCP.
    pub tcp: bool,
}

impl std::fmt::Display for QueryLog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let transport = if self.tcp { "TCP" } else { "UDP" };
        write!(
            f,
            "{} {transport} {} {}",
            self.client, self.question, self.rcode
        )
    }
}

/// The answer to one packet: the bytes to send back (`None`: drop it), and what to log.
pub fn answer(
    world: &World,
    packet: &[u8],
    max_udp: Option<usize>,
) -> (Option<Vec<u8>>, String, String) {
    let request = match Message::from_vec(packet) {
        Ok(m) => m,
        // A header we can read gets FORMERR with its id; anything shorter is dropped.
        Err(_) if packet.len() >= 12 => {
            let id = u16::from_be_bytes([packet[0], packet[1]]);
            let reply = Message::error_msg(id, OpCode::Query, ResponseCode::FormErr);
            return (reply.to_vec().ok(), "?".into(), "FORMERR".into());
        }
        Err(_) => return (None, "?".into(), "dropped".into()),
    };
    let meta = &request.metadata;
    if meta.message_type != MessageType::Query {
        return (None, "?".into(), "dropped".into());
    }
    let error = |code| {
        (
            Message::error_msg(meta.id, meta.op_code, code)
                .to_vec()
                .ok(),
            "?".to_string(),
            crate::dns::tools::status(code).to_string(),
        )
    };
    if meta.op_code != OpCode::Query {
        return error(ResponseCode::NotImp);
    }
    let [query] = &request.queries[..] else {
        return error(ResponseCode::FormErr);
    };
    // Zone transfers are not offered (BIND's `allow-transfer { none; }`).
    if matches!(query.query_type(), RecordType::AXFR | RecordType::IXFR) {
        let mut refused = error(ResponseCode::Refused);
        refused.1 = format!("{} {}", query.name(), query.query_type());
        return refused;
    }
    let question = Question {
        name: query.name().clone(),
        rtype: query.query_type(),
        recursion_desired: meta.recursion_desired,
        id: meta.id,
    };
    let mut response = respond(world, &question);
    response.edns = request.edns.as_ref().map(|asked| {
        // Echo the client's cookie with a server cookie, as BIND does (RFC 7873).
        let mut edns = Edns::new();
        edns.set_max_payload(UDP_PAYLOAD).set_version(0);
        let client = asked.options().as_ref().iter().find_map(|(_, o)| match o {
            EdnsOption::Unknown(COOKIE, bytes) if bytes.len() >= 8 => Some(bytes[..8].to_vec()),
            _ => None,
        });
        if let Some(mut cookie) = client {
            cookie.extend(&crate::dns::message::cookie(meta.id)[8..]);
            edns.options_mut()
                .insert(EdnsOption::Unknown(COOKIE, cookie));
        }
        edns
    });
    // The client's buffer, but never above the one we advertise (1232): a bigger
    // answer would let a 40-byte query draw kilobytes at a spoofed address.
    let limit = max_udp.map(|default| {
        request.edns.as_ref().map_or(default, |e| {
            usize::from(e.max_payload().clamp(512, UDP_PAYLOAD))
        })
    });
    let mut bytes = response.to_vec().ok();
    if let (Some(limit), Some(b)) = (limit, &bytes)
        && b.len() > limit
    {
        // Too big for UDP: the client retries over TCP.
        bytes = response.truncate().to_vec().ok();
    }
    let rcode = crate::dns::tools::status(response.metadata.response_code).to_string();
    (
        bytes,
        format!("{} {}", query.name(), query.query_type()),
        rcode,
    )
}

/// The world the server answers from, shared so that what-if edits are served at
/// once. Its edition counts replacements: the UDP threads' cached answers belong
/// to one edition and are dropped when it changes.
#[derive(Debug)]
pub struct Served {
    world: RwLock<World>,
    edition: AtomicU64,
}

/// The world as the server and its owner share it.
pub type SharedWorld = Arc<Served>;

impl Served {
    /// `world`, ready to be served.
    pub fn new(world: World) -> SharedWorld {
        Arc::new(Served {
            world: RwLock::new(world),
            edition: AtomicU64::new(0),
        })
    }

    /// Serves `world` from the next answer on.
    pub fn replace(&self, world: World) {
        *self.world.write().unwrap_or_else(PoisonError::into_inner) = world;
        // After the write: a thread that sees the new edition reads the new world.
        self.edition.fetch_add(1, Ordering::Release);
    }

    /// The world now (a panic elsewhere cannot leave it half-replaced: a
    /// replacement is one assignment).
    pub fn read(&self) -> RwLockReadGuard<'_, World> {
        self.world.read().unwrap_or_else(PoisonError::into_inner)
    }

    fn edition(&self) -> u64 {
        self.edition.load(Ordering::Acquire)
    }
}

fn answer_shared(
    world: &Served,
    packet: &[u8],
    max_udp: Option<usize>,
) -> (Option<Vec<u8>>, String, String) {
    answer(&world.read(), packet, max_udp)
}

/// A UDP socket and a TCP listener per address, bound (so that a busy port is
/// reported before anything starts).
type Bound = Vec<(std::net::UdpSocket, std::net::TcpListener)>;

/// How often port 0 is tried again when the TCP port matching the system's choice
/// of UDP port is taken.
const PORT_TRIES: usize = 16;

/// A UDP socket and a TCP listener on `addr`. For port 0 the system picks a free UDP
/// port and TCP takes the same number (another pick when that one is taken), so that
/// one address serves both, as a real server's does.
fn bind_pair(addr: SocketAddr) -> std::io::Result<(std::net::UdpSocket, std::net::TcpListener)> {
    if addr.port() != 0 {
        return Ok((
            std::net::UdpSocket::bind(addr)?,
            std::net::TcpListener::bind(addr)?,
        ));
    }
    let mut taken = std::io::Error::from(std::io::ErrorKind::AddrInUse);
    for _ in 0..PORT_TRIES {
        let udp = std::net::UdpSocket::bind(addr)?;
        match std::net::TcpListener::bind(udp.local_addr()?) {
            Ok(tcp) => return Ok((udp, tcp)),
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => taken = e,
            Err(e) => return Err(e),
        }
    }
    Err(taken)
}

/// Binds every address; the error names the address that could not be had
/// ("cannot listen on 127.0.0.1:53: Address already in use").
fn bind(addrs: &[SocketAddr]) -> std::io::Result<Bound> {
    addrs
        .iter()
        .map(|addr| {
            bind_pair(*addr)
                .map_err(|e| std::io::Error::new(e.kind(), format!("cannot listen on {addr}: {e}")))
        })
        .collect()
}

/// The addresses `bound` listens on (the ports the system picked for port 0).
fn local_addrs(bound: &Bound) -> std::io::Result<Vec<SocketAddr>> {
    bound.iter().map(|(udp, _)| udp.local_addr()).collect()
}

/// A lab server bound to its addresses and not yet serving: a busy port is an error
/// here, before anything is printed, and the addresses it got are known.
#[derive(Debug)]
pub struct Listening {
    bound: Bound,
    addrs: Vec<SocketAddr>,
}

impl Listening {
    /// Binds UDP and TCP on every address of `addrs` (port 0: a free port, the same
    /// for UDP and TCP).
    pub fn bind(addrs: &[SocketAddr]) -> std::io::Result<Self> {
        let bound = bind(addrs)?;
        let addrs = local_addrs(&bound)?;
        Ok(Listening { bound, addrs })
    }

    /// Where it listens, with the ports it got.
    pub fn addrs(&self) -> &[SocketAddr] {
        &self.addrs
    }

    /// Serves `world` in the calling thread (and its UDP threads) until the process
    /// ends, logging each query to `log`.
    pub fn serve(self, world: SharedWorld, log: LogSender) -> std::io::Result<()> {
        serve(self.bound, &world, &log)
    }
}

/// Serves `bound` until the process ends: UDP on threads of its own, TCP on an
/// async runtime in the calling thread.
fn serve(bound: Bound, world: &SharedWorld, log: &LogSender) -> std::io::Result<()> {
    let mut listeners = Vec::new();
    for (socket, listener) in bound {
        for _ in 0..crate::ground::threads() {
            let (socket, world, log) = (socket.try_clone()?, world.clone(), log.clone());
            std::thread::spawn(move || udp::serve(&socket, &world, &log));
        }
        listener.set_nonblocking(true)?;
        listeners.push(listener);
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let mut tasks = Vec::new();
        for listener in listeners {
            let listener = TcpListener::from_std(listener)?;
            tasks.push(tokio::spawn(tcp::serve(
                listener,
                world.clone(),
                log.clone(),
            )));
        }
        for task in tasks {
            let _ = task.await;
        }
        Ok(())
    })
}

/// Runs the server in the calling thread (and its UDP threads), until the process ends.
pub fn run_blocking(
    addrs: &[SocketAddr],
    world: SharedWorld,
    log: LogSender,
) -> std::io::Result<()> {
    Listening::bind(addrs)?.serve(world, log)
}

/// A server running in a thread of its own.
#[derive(Debug)]
pub struct LabHandle {
    /// The world it serves: [`Served::replace`] it and the next answer has the change.
    pub world: SharedWorld,
    /// The queries it answers, as they arrive (the latest [`LOG_QUEUE`] at most).
    pub log: LogReceiver,
    /// Where it listens, with the ports it got (port 0 asks for a free one).
    pub addrs: Vec<SocketAddr>,
}

/// Starts a server on `addrs` in a background thread; binding errors come back here.
/// It answers as soon as this returns: the sockets are bound and queries wait in
/// them until the server's threads read them.
pub fn spawn(addrs: &[SocketAddr], world: World) -> std::io::Result<LabHandle> {
    let bound = bind(addrs)?;
    let addrs = local_addrs(&bound)?;
    let shared = Served::new(world);
    let (tx, rx) = query_log(LOG_QUEUE);
    let served = shared.clone();
    std::thread::spawn(move || serve(bound, &served, &tx));
    Ok(LabHandle {
        world: shared,
        log: rx,
        addrs,
    })
}
