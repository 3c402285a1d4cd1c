//! The class session's transport: an embedded SSH server (russh, ring backend) that
//! students join with the `ssh` client their system already has. The SSH user name
//! is the student's display name, the password the join code. It offers only an
//! interactive session with a pseudo-terminal: bytes in ([`Arrival`]), bytes out
//! ([`ClassServer::send`]); no quiz logic and no drawing here.
//!
//! The server runs on a thread of its own with its own runtime, so the hub (the
//! instructor's non-async loop) polls arrivals from a `std::sync::mpsc` channel and
//! never blocks on a student: each student's output waits in an outbox, and a
//! student with more than `outbox_limit` unsent bytes whose channel has taken
//! nothing for [`STALL`] (the client does not read: its SSH window is full), or
//! with [`BURST_FACTOR`] times that unsent, is dropped.

mod host_key;
mod limits;
mod student;

pub use limits::{
    AddressLimits, KEYS_PER_ARRIVAL, KEYS_PER_SECOND, MAX_COLS, MAX_ROWS, RESIZE_GAP,
};

use limits::Doorkeeper;
use std::collections::HashMap;
use std::net::{Shutdown, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};
use tokio::net::TcpListener;
use tokio::sync::mpsc::UnboundedSender;

/// At most this many students by default; more are refused with a message.
pub const DEFAULT_MAX_STUDENTS: usize = 200;
/// Bytes waiting unsent to one student before that student is dropped: a few full
/// redraws of a large terminal (one is tens of kilobytes), beyond the 2 MB that
/// OpenSSH's channel window already lets through.
pub const DEFAULT_OUTBOX_LIMIT: usize = 256 * 1024;
/// Per-address limits by default. A whole class may sit behind one school NAT and
/// join at once (200 students, some reconnecting), so connections are generous:
/// the limit only stops a flood of handshakes. Wrong codes are the guessing
/// attack: 10 typos, then one try each 30 s, so a 4-digit code holds for a lesson
/// (a one-hour class lets one address try about 130 of 10,000 codes) while a
/// student who mistyped a few times is not locked out.
pub const DEFAULT_PER_ADDRESS: AddressLimits = AddressLimits {
    attempts_per_minute: 240,
    wrong_codes: 10,
    wrong_code_pause: Duration::from_secs(30),
};
/// A connection that has not joined (code, pseudo-terminal and shell) this long
/// after it opened is cut, as sshd's LoginGraceTime does.
pub const LOGIN_GRACE: Duration = Duration::from_secs(30);
/// A closed student gets this long to receive its last words and close its side.
pub const CLOSE_GRACE: Duration = Duration::from_secs(2);
/// A student whose channel has taken nothing for this long while more than
/// `outbox_limit` bytes wait is dropped (see `Hall::too_slow`).
pub const STALL: Duration = Duration::from_secs(1);
const STALL_MS: u64 = 1000;
/// So many times `outbox_limit` waiting drops a student at once.
pub const BURST_FACTOR: usize = 8;
/// Connections being set up (not seated), beyond the seats: handshakes in flight.
const HANDSHAKES: usize = 32;
/// The server asks a silent client whether it is there every `KEEPALIVE` and drops
/// it after `KEEPALIVE_MAX` unanswered asks: a closed laptop leaves within a minute.
const KEEPALIVE: Duration = Duration::from_secs(15);
const KEEPALIVE_MAX: usize = 4;

/// What the class server needs.
#[derive(Debug, Clone)]
pub struct ClassConfig {
    /// Where it listens (the command line decides the default, 127.0.0.1:2222).
    pub listen: SocketAddr,
    /// The join code: the SSH password, 4–6 digits.
    pub code: String,
    /// Where the host key lives: made on first use (and its folder), then kept.
    pub host_key: PathBuf,
    /// At most this many student sessions at once; more are told the class is full.
    /// A resource bound: which names may sit is the caller's decision.
    pub max_students: usize,
    /// Bytes queued unsent to one student before that student is dropped (once its
    /// channel has taken nothing for [`STALL`], or at once past [`BURST_FACTOR`]
    /// times as many).
    pub outbox_limit: usize,
    /// Connection attempts and wrong codes allowed per address.
    pub per_address: AddressLimits,
}

impl ClassConfig {
    /// The defaults for everything but where, the code and the key.
    pub fn new(listen: SocketAddr, code: &str, host_key: PathBuf) -> Self {
        ClassConfig {
            listen,
            code: code.to_string(),
            host_key,
            max_students: DEFAULT_MAX_STUDENTS,
            outbox_limit: DEFAULT_OUTBOX_LIMIT,
            per_address: DEFAULT_PER_ADDRESS,
        }
    }
}

/// One student's connection, numbered from 1 in the order they connected.
pub type ConnId = u64;

/// What comes from the students.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arrival {
    /// Right code, a pseudo-terminal and a shell: a student is in, with the name
    /// `name_rule` gave and the terminal's size (capped at [`MAX_COLS`]×[`MAX_ROWS`]).
    Joined {
        conn: ConnId,
        name: String,
        peer: SocketAddr,
        cols: u16,
        rows: u16,
    },
    /// What the student typed, raw; at most [`KEYS_PER_ARRIVAL`] bytes, and
    /// [`KEYS_PER_SECOND`] a second (the rest of a huge paste is dropped).
    Keys { conn: ConnId, bytes: Vec<u8> },
    /// The terminal's new size; at most one each [`RESIZE_GAP`], the latest.
    Resized { conn: ConnId, cols: u16, rows: u16 },
    /// The student is gone: disconnected, dropped for not reading, or closed by
    /// [`ClassServer::close`]. Once per `Joined`, the last arrival of that `conn`.
    Left { conn: ConnId },
}

/// Cuts a connection: shuts its socket down both ways (through a second handle on
/// it), which ends the SSH session whatever it waits for, a full send buffer too.
#[derive(Debug)]
struct Cut(std::net::TcpStream);

impl Cut {
    fn cut(&self) {
        let _ = self.0.shutdown(Shutdown::Both);
    }
}

/// What a student's writer task sends.
#[derive(Debug)]
enum Out {
    Bytes(Vec<u8>),
    /// Last words, then the channel's end.
    Close(Vec<u8>),
}

/// A joined student's way out.
#[derive(Debug)]
struct Seat {
    outbox: UnboundedSender<Out>,
    /// Bytes given to `send` and not yet handed to the SSH channel.
    queued: Arc<AtomicUsize>,
    /// When the write under way began ([`Hall::now`]), 0 when none is: a write
    /// that waits long waits for a client that does not read.
    stuck: Arc<AtomicU64>,
    cut: Arc<Cut>,
}

/// What the connections share.
struct Hall {
    code: String,
    max_students: usize,
    outbox_limit: usize,
    name_rule: fn(&str) -> Result<String, String>,
    arrivals: std::sync::mpsc::Sender<Arrival>,
    /// Joined students that can be written to.
    seats: Mutex<HashMap<ConnId, Seat>>,
    /// Joined students whose connection is still open (a closed one keeps its seat
    /// until it is gone).
    seated: AtomicUsize,
    /// Every open connection, to cut them all when the class stops.
    connections: Mutex<HashMap<ConnId, Arc<Cut>>>,
    door: Mutex<Doorkeeper>,
    /// Where [`Hall::now`] counts from.
    epoch: Instant,
}

/// A lock, also after a thread panicked while holding it: every map here stays
/// consistent between statements.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Hall {
    /// Milliseconds since the server started.
    fn now(&self) -> u64 {
        u64::try_from(self.epoch.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    /// Whether a student with `waiting` bytes unsent is too slow: more than the
    /// limit waits and its channel has taken nothing for [`STALL`] (its SSH window
    /// is full), or so much waits ([`BURST_FACTOR`] times the limit) that memory
    /// must not wait for that second.
    fn too_slow(&self, seat: &Seat, waiting: usize) -> bool {
        let since = seat.stuck.load(Ordering::Acquire);
        let stalled = since != 0 && self.now().saturating_sub(since) >= STALL_MS;
        waiting > self.outbox_limit
            && (stalled || waiting > self.outbox_limit.saturating_mul(BURST_FACTOR))
    }

    fn arrive(&self, arrival: Arrival) {
        // The hub is gone: nobody to tell.
        let _ = self.arrivals.send(arrival);
    }

    /// Takes a seat if one is free.
    fn take_seat(&self) -> bool {
        self.seated
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < self.max_students).then_some(n + 1)
            })
            .is_ok()
    }

    fn free_seat(&self) {
        self.seated.fetch_sub(1, Ordering::AcqRel);
    }

    fn unseat(&self, conn: ConnId) -> Option<Seat> {
        lock(&self.seats).remove(&conn)
    }
}

/// The running class server.
pub struct ClassServer {
    hall: Arc<Hall>,
    addr: SocketAddr,
    fingerprint: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl std::fmt::Debug for ClassServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClassServer")
            .field("addr", &self.addr)
            .field("fingerprint", &self.fingerprint)
            .finish()
    }
}

impl ClassServer {
    /// Binds (the error names the address), loads or makes the host key, and starts
    /// the server on its own thread with its own runtime. Arrivals come on the
    /// returned channel, for a non-async loop to poll. `name_rule` turns an SSH user
    /// name into a display name, or says why it cannot be one.
    pub fn start(
        config: ClassConfig,
        name_rule: fn(&str) -> Result<String, String>,
    ) -> Result<(ClassServer, std::sync::mpsc::Receiver<Arrival>), String> {
        let key = host_key::load_or_make(&config.host_key)?;
        let fingerprint = host_key::fingerprint(&key);
        let listen = config.listen;
        let bind_error = |e: std::io::Error| format!("cannot listen on {listen}: {e}");
        let listener = std::net::TcpListener::bind(listen).map_err(bind_error)?;
        let addr = listener.local_addr().map_err(bind_error)?;
        listener.set_nonblocking(true).map_err(bind_error)?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| format!("cannot start the class server: {e}"))?;
        let listener = {
            let _inside = runtime.enter();
            TcpListener::from_std(listener).map_err(bind_error)?
        };
        let (arrivals, receiver) = std::sync::mpsc::channel();
        let hall = Arc::new(Hall {
            code: config.code.clone(),
            max_students: config.max_students,
            outbox_limit: config.outbox_limit,
            name_rule,
            arrivals,
            seats: Mutex::new(HashMap::new()),
            seated: AtomicUsize::new(0),
            connections: Mutex::new(HashMap::new()),
            door: Mutex::new(Doorkeeper::new(config.per_address)),
            epoch: Instant::now(),
        });
        let ssh = Arc::new(ssh_config(key));
        let (stop, stopped) = tokio::sync::oneshot::channel();
        let served = hall.clone();
        let thread = std::thread::Builder::new()
            .name("class-ssh".into())
            .spawn(move || {
                runtime.block_on(accept(listener, served, ssh, stopped));
                runtime.shutdown_timeout(Duration::from_secs(1));
            })
            .map_err(|e| format!("cannot start the class server: {e}"))?;
        Ok((
            ClassServer {
                hall,
                addr,
                fingerprint,
                stop: Some(stop),
                thread: Some(thread),
            },
            receiver,
        ))
    }

    /// Where it listens, with the port the system gave for port 0.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// The host key's fingerprint as `ssh` prints it (`SHA256:…`), for the
    /// projector: students can check it against what their client shows.
    pub fn host_key_fingerprint(&self) -> String {
        self.fingerprint.clone()
    }

    /// Queues `bytes` for a student. False when that student is gone, or was just
    /// dropped for not reading: more than `outbox_limit` bytes wait unsent to it
    /// and its channel took nothing for [`STALL`], or [`BURST_FACTOR`] times as
    /// many wait (its `Left` follows). Never blocks.
    pub fn send(&self, conn: ConnId, bytes: Vec<u8>) -> bool {
        let mut seats = lock(&self.hall.seats);
        let Some(seat) = seats.get(&conn) else {
            return false;
        };
        let len = bytes.len();
        let waiting = seat.queued.fetch_add(len, Ordering::AcqRel) + len;
        if self.hall.too_slow(seat, waiting) || seat.outbox.send(Out::Bytes(bytes)).is_err() {
            if let Some(seat) = seats.remove(&conn) {
                seat.cut.cut();
            }
            return false;
        }
        true
    }

    /// Sends `last_words` after what is queued, then closes that student's
    /// session (its `Left` follows). A student that does not take them within
    /// [`CLOSE_GRACE`] is cut. Its keys may still arrive until that `Left`.
    pub fn close(&self, conn: ConnId, last_words: Vec<u8>) {
        if let Some(seat) = self.hall.unseat(conn)
            && seat.outbox.send(Out::Close(last_words)).is_err()
        {
            seat.cut.cut();
        }
    }

    /// Stops listening, closes every student still there and ends the server's
    /// thread (within about [`CLOSE_GRACE`] and a second).
    pub fn stop(self) {
        drop(self);
    }
}

impl Drop for ClassServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// russh's settings: password only, a short wait after a wrong code (none after
/// the first probe), keepalives instead of an idle limit (a student may well type
/// nothing for ten minutes while the instructor explains).
fn ssh_config(key: russh::keys::PrivateKey) -> russh::server::Config {
    use russh::{MethodKind, MethodSet};
    russh::server::Config {
        methods: MethodSet::from(&[MethodKind::Password][..]),
        auth_rejection_time: Duration::from_secs(1),
        auth_rejection_time_initial: Some(Duration::ZERO),
        // The "none" probe and three codes, as OpenSSH asks three times.
        max_auth_attempts: 4,
        keys: vec![key],
        inactivity_timeout: Some(Duration::from_secs(30 * 60)),
        keepalive_interval: Some(KEEPALIVE),
        keepalive_max: KEEPALIVE_MAX,
        nodelay: true,
        ..Default::default()
    }
}

/// A second handle on the socket, to cut it from outside the session.
fn cuttable(stream: tokio::net::TcpStream) -> std::io::Result<(tokio::net::TcpStream, Arc<Cut>)> {
    let stream = stream.into_std()?;
    let cut = Arc::new(Cut(stream.try_clone()?));
    Ok((tokio::net::TcpStream::from_std(stream)?, cut))
}

async fn accept(
    listener: TcpListener,
    hall: Arc<Hall>,
    ssh: Arc<russh::server::Config>,
    mut stopped: tokio::sync::oneshot::Receiver<()>,
) {
    let mut last: ConnId = 0;
    loop {
        let (stream, peer) = tokio::select! {
            _ = &mut stopped => break,
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                // Out of descriptors or memory: wait for some to be freed.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
        };
        // Over a limit: the connection is closed before a byte is sent.
        if !lock(&hall.door).connection(peer.ip(), Instant::now())
            || lock(&hall.connections).len() >= hall.max_students + HANDSHAKES
        {
            continue;
        }
        let Ok((stream, cut)) = cuttable(stream) else {
            continue;
        };
        last += 1;
        let conn = last;
        lock(&hall.connections).insert(conn, cut.clone());
        tokio::spawn(serve(hall.clone(), ssh.clone(), conn, peer, stream, cut));
    }
    drop(listener);
    farewell(&hall).await;
}

/// Closes the students still seated, gives them [`CLOSE_GRACE`] to go, then cuts
/// every connection left.
async fn farewell(hall: &Hall) {
    let seats: Vec<Seat> = lock(&hall.seats).drain().map(|(_, s)| s).collect();
    for seat in &seats {
        let _ = seat.outbox.send(Out::Close(Vec::new()));
    }
    let deadline = tokio::time::Instant::now() + CLOSE_GRACE;
    while !lock(&hall.connections).is_empty() && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    for cut in lock(&hall.connections).values() {
        cut.cut();
    }
}

/// One connection, from the handshake to its end.
async fn serve(
    hall: Arc<Hall>,
    ssh: Arc<russh::server::Config>,
    conn: ConnId,
    peer: SocketAddr,
    stream: tokio::net::TcpStream,
    cut: Arc<Cut>,
) {
    let joined = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let watchdog = {
        let (joined, cut) = (joined.clone(), cut.clone());
        tokio::spawn(async move {
            tokio::time::sleep(LOGIN_GRACE).await;
            if !joined.load(Ordering::Acquire) {
                cut.cut();
            }
        })
    };
    let student = student::Student::new(hall.clone(), conn, peer, cut, joined);
    if let Ok(session) = russh::server::run_stream(ssh, stream, student).await {
        // The student (the handler) is dropped when the session ends: it leaves.
        let _ = session.await;
    }
    watchdog.abort();
    lock(&hall.connections).remove(&conn);
}
