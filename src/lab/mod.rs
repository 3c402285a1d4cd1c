//! The lab DNS server: the zone world as a real authoritative server on UDP and
//! TCP, so the real dig, nslookup and host — a whole classroom — can query it. The
//! only module with sockets and an async runtime.
//!
//! Answers come from `dns::message::respond`, the same code behind `mxdrill dig`
//! (one source of truth); this module only frames packets. hickory-server's request
//! pipeline would have rebuilt the same answers a second way, so it is not used.

use crate::dns::World;
use crate::dns::message::{COOKIE, Question, UDP_PAYLOAD, respond};
use hickory_proto::op::{Edns, Message, MessageType, OpCode, ResponseCode};
use hickory_proto::rr::rdata::opt::EdnsOption;
use std::net::SocketAddr;
use std::sync::{Arc, RwLock};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream, UdpSocket};
use tokio::sync::mpsc::UnboundedSender;

/// One query as the log shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryLog {
    /// Who asked.
    pub client: SocketAddr,
    /// The name and type asked (`?` when the packet was malformed).
    pub question: String,
    /// The response code sent, or `dropped`.
    pub rcode: String,
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
    let limit = max_udp.map(|default| {
        request
            .edns
            .as_ref()
            .map_or(default, |e| usize::from(e.max_payload().max(512)))
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

/// The world as the server sees it: shared, so that what-if edits are served at once.
pub type SharedWorld = Arc<RwLock<World>>;

fn answer_shared(
    world: &SharedWorld,
    packet: &[u8],
    max_udp: Option<usize>,
) -> (Option<Vec<u8>>, String, String) {
    match world.read() {
        Ok(w) => answer(&w, packet, max_udp),
        Err(poisoned) => answer(&poisoned.into_inner(), packet, max_udp),
    }
}

async fn udp(socket: UdpSocket, world: SharedWorld, log: UnboundedSender<QueryLog>) {
    let mut buf = vec![0u8; 65_535];
    loop {
        let Ok((n, client)) = socket.recv_from(&mut buf).await else {
            continue;
        };
        let (reply, question, rcode) = answer_shared(&world, &buf[..n], Some(512));
        if let Some(reply) = reply {
            let _ = socket.send_to(&reply, client).await;
        }
        let _ = log.send(QueryLog {
            client,
            question,
            rcode,
            tcp: false,
        });
    }
}

async fn tcp_client(
    mut stream: TcpStream,
    client: SocketAddr,
    world: SharedWorld,
    log: UnboundedSender<QueryLog>,
) {
    // Length-prefixed messages (RFC 1035 §4.2.2), several per connection.
    loop {
        let mut len = [0u8; 2];
        let read = tokio::time::timeout(Duration::from_secs(10), stream.read_exact(&mut len)).await;
        if !matches!(read, Ok(Ok(_))) {
            return;
        }
        let mut packet = vec![0u8; usize::from(u16::from_be_bytes(len))];
        if !matches!(
            tokio::time::timeout(Duration::from_secs(10), stream.read_exact(&mut packet)).await,
            Ok(Ok(_))
        ) {
            return;
        }
        let (reply, question, rcode) = answer_shared(&world, &packet, None);
        let _ = log.send(QueryLog {
            client,
            question,
            rcode,
            tcp: true,
        });
        let Some(reply) = reply else { return };
        let Ok(size) = u16::try_from(reply.len()) else {
            return;
        };
        if stream.write_all(&size.to_be_bytes()).await.is_err()
            || stream.write_all(&reply).await.is_err()
        {
            return;
        }
    }
}

async fn tcp(listener: TcpListener, world: SharedWorld, log: UnboundedSender<QueryLog>) {
    loop {
        let Ok((stream, client)) = listener.accept().await else {
            continue;
        };
        tokio::spawn(tcp_client(stream, client, world.clone(), log.clone()));
    }
}

/// Binds UDP and TCP on every address; then serves until the runtime stops.
pub async fn serve(
    addrs: &[SocketAddr],
    world: SharedWorld,
    log: UnboundedSender<QueryLog>,
) -> std::io::Result<()> {
    let mut tasks = Vec::new();
    for addr in addrs {
        let socket = UdpSocket::bind(addr).await?;
        let listener = TcpListener::bind(addr).await?;
        tasks.push(tokio::spawn(udp(socket, world.clone(), log.clone())));
        tasks.push(tokio::spawn(tcp(listener, world.clone(), log.clone())));
    }
    for task in tasks {
        let _ = task.await;
    }
    Ok(())
}

/// Runs the server on a runtime of its own, in the calling thread.
pub fn run_blocking(
    addrs: &[SocketAddr],
    world: SharedWorld,
    log: UnboundedSender<QueryLog>,
) -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(serve(addrs, world, log))
}

/// A server running in a thread of its own.
#[derive(Debug)]
pub struct LabHandle {
    /// The world it serves: write to it and the next answer has the change.
    pub world: SharedWorld,
    /// The queries it answers, as they arrive.
    pub log: std::sync::mpsc::Receiver<QueryLog>,
    /// Where it listens.
    pub addrs: Vec<SocketAddr>,
}

/// Starts a server on `addrs` in a background thread; binding errors come back here.
pub fn spawn(addrs: &[SocketAddr], world: World) -> std::io::Result<LabHandle> {
    // Bind first, so that a busy port is reported to the caller.
    let mut sockets = Vec::new();
    for addr in addrs {
        let udp = std::net::UdpSocket::bind(addr)?;
        let tcp = std::net::TcpListener::bind(addr)?;
        udp.set_nonblocking(true)?;
        tcp.set_nonblocking(true)?;
        sockets.push((udp, tcp));
    }
    let shared: SharedWorld = Arc::new(RwLock::new(world));
    let (tx, rx) = std::sync::mpsc::channel();
    let (async_tx, mut async_rx) = tokio::sync::mpsc::unbounded_channel::<QueryLog>();
    let served = shared.clone();
    std::thread::spawn(move || {
        let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        else {
            return;
        };
        runtime.block_on(async move {
            for (udp_socket, tcp_listener) in sockets {
                if let (Ok(u), Ok(t)) = (
                    UdpSocket::from_std(udp_socket),
                    TcpListener::from_std(tcp_listener),
                ) {
                    tokio::spawn(udp(u, served.clone(), async_tx.clone()));
                    tokio::spawn(tcp(t, served.clone(), async_tx.clone()));
                }
            }
            while let Some(entry) = async_rx.recv().await {
                if tx.send(entry).is_err() {
                    return; // the app has gone
                }
            }
        });
    });
    Ok(LabHandle {
        world: shared,
        log: rx,
        addrs: addrs.to_vec(),
    })
}
