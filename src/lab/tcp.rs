//! The lab server over TCP: length-prefixed queries, several per connection (RFC 1035
//! §4.2.2, RFC 7766), with every connection's time and unread output bounded and a
//! slot always found for a new client, so that no client can shut the others out.
//!
//! The limits live here, in one place. A connection is served in order: a query is
//! read, answered, and its answer written before the next query is read, so what a
//! client has not read is at most the kernel's socket buffers plus one answer; a
//! client that does not take an answer within [`TCP_WRITE_TIMEOUT`] is closed.

use super::{LogSender, QueryLog, SharedWorld, answer_shared};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;
use tokio::time::{Instant, timeout};

/// At most this many TCP connections at once (BIND's `tcp-clients`, 150 by default).
/// When all are taken, a new connection does not wait: the connection that has gone
/// longest without progress (idle, or stalled on a client that does not read) is
/// closed to make room, as RFC 7766 §6.2.3 allows ("Servers MAY use zero timeouts
/// when they are experiencing heavy load or are under attack").
pub const TCP_CLIENTS: usize = 128;
/// How long a new connection may take to send its first query (BIND's
/// `tcp-initial-timeout`, 30 s by default, 2.5 s at least; RFC 7766 §6.2.3: "A
/// timeout of at least a few seconds is advisable for normal operations").
pub const TCP_INITIAL_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a connection may wait between an answer and the whole of its next query
/// (BIND's `tcp-idle-timeout`; RFC 7766 §6.2.3 recommends an idle period "of the
/// order of seconds"). A client trickling a query byte by byte is bounded by it too.
pub const TCP_IDLE_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a client may take to read one answer. A client that pipelines queries
/// and never reads fills the socket buffers; its next answer then waits, and after
/// this long the connection is closed (no further query is read meanwhile).
pub const TCP_WRITE_TIMEOUT: Duration = Duration::from_secs(5);
/// The longest a connection lives, however busy: a client cannot keep a slot by
/// asking slowly forever (the total-duration limit of RFC 7766 §10's list of
/// defences against TCP resource exhaustion). Two minutes is ample for a lab session
/// of `dig +tcp` queries; the client simply connects again.
pub const TCP_LIFETIME: Duration = Duration::from_secs(120);
/// How long accepting pauses when the process is out of descriptors or memory (the
/// error repeats until some are freed): UDP and open connections are served meanwhile.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(100);

/// One open connection as the slot table sees it.
#[derive(Debug)]
struct Slot {
    /// When it last finished reading a query or writing an answer (or connected).
    progress: Instant,
    /// Wakes its task to close it.
    close: Arc<Notify>,
}

/// The open connections, at most [`TCP_CLIENTS`].
#[derive(Debug, Default)]
struct Slots {
    open: Mutex<(u64, HashMap<u64, Slot>)>,
}

impl Slots {
    fn with<T>(&self, f: impl FnOnce(&mut (u64, HashMap<u64, Slot>)) -> T) -> T {
        // A panic elsewhere cannot leave the table half-changed: each change is one
        // map operation, so a poisoned lock's contents are still sound.
        f(&mut self.open.lock().unwrap_or_else(PoisonError::into_inner))
    }

    /// A slot for a new connection: its number and what closes it. When every slot
    /// is taken, the connection without progress for longest is told to close.
    fn enter(&self) -> (u64, Arc<Notify>) {
        self.with(|(next, open)| {
            if open.len() >= TCP_CLIENTS
                && let Some(stalest) = open
                    .iter()
                    .min_by_key(|(_, s)| s.progress)
                    .map(|(id, _)| *id)
                && let Some(slot) = open.remove(&stalest)
            {
                slot.close.notify_one();
            }
            *next += 1;
            let close = Arc::new(Notify::new());
            open.insert(
                *next,
                Slot {
                    progress: Instant::now(),
                    close: close.clone(),
                },
            );
            (*next, close)
        })
    }

    fn progress(&self, id: u64) {
        self.with(|(_, open)| {
            if let Some(slot) = open.get_mut(&id) {
                slot.progress = Instant::now();
            }
        });
    }

    fn leave(&self, id: u64) {
        self.with(|(_, open)| open.remove(&id));
    }
}

/// Serves one connection until the client closes it, a limit ends it, or a new
/// client needs its slot.
async fn connection(
    mut stream: TcpStream,
    client: SocketAddr,
    world: SharedWorld,
    log: LogSender,
    slots: Arc<Slots>,
    (id, close): (u64, Arc<Notify>),
) {
    tokio::select! {
        _ = timeout(TCP_LIFETIME, exchange(&mut stream, client, &world, &log, &slots, id)) => {}
        () = close.notified() => {}
    }
    slots.leave(id);
}

/// Queries in, answers out, one at a time.
async fn exchange(
    stream: &mut TcpStream,
    client: SocketAddr,
    world: &SharedWorld,
    log: &LogSender,
    slots: &Slots,
    id: u64,
) {
    let (reader, mut writer) = stream.split();
    let mut reader = BufReader::new(reader);
    let mut wait = TCP_INITIAL_TIMEOUT;
    let mut packet = Vec::new();
    loop {
        let read = async {
            let size = reader.read_u16().await?;
            packet.resize(usize::from(size), 0);
            reader.read_exact(&mut packet).await
        };
        if !matches!(timeout(wait, read).await, Ok(Ok(_))) {
            return;
        }
        slots.progress(id);
        let (reply, question, rcode) = answer_shared(world, &packet, None);
        log.send(QueryLog {
            client,
            question: question.into(),
            rcode: rcode.into(),
            tcp: true,
        });
        let Some(reply) = reply else { return };
        let Ok(size) = u16::try_from(reply.len()) else {
            return;
        };
        let framed = [&size.to_be_bytes()[..], &reply].concat();
        if !matches!(
            timeout(TCP_WRITE_TIMEOUT, writer.write_all(&framed)).await,
            Ok(Ok(()))
        ) {
            return;
        }
        slots.progress(id);
        wait = TCP_IDLE_TIMEOUT;
    }
}

/// Accepts connections on `listener` for as long as the process lives.
pub(super) async fn serve(listener: TcpListener, world: SharedWorld, log: LogSender) {
    let slots = Arc::new(Slots::default());
    loop {
        match listener.accept().await {
            Ok((stream, client)) => {
                let slot = slots.enter();
                let (world, log, slots) = (world.clone(), log.clone(), slots.clone());
                tokio::spawn(connection(stream, client, world, log, slots, slot));
            }
            // Out of descriptors (EMFILE, ENFILE) or memory: wait instead of spinning.
            Err(_) => tokio::time::sleep(ACCEPT_BACKOFF).await,
        }
    }
}
