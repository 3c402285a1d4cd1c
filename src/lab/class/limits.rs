//! What the class server allows each address and each student: pure, with the time
//! passed in, so that every limit is checked in a unit test without waiting.

use std::collections::HashMap;
use std::net::IpAddr;
use std::time::{Duration, Instant};

/// A token bucket: up to `burst` tokens, refilled at `per_second`.
#[derive(Debug, Clone)]
pub struct Bucket {
    tokens: f64,
    burst: f64,
    per_second: f64,
    last: Instant,
}

impl Bucket {
    /// A full bucket.
    pub fn full(burst: u32, per_second: f64, now: Instant) -> Self {
        Bucket {
            tokens: f64::from(burst),
            burst: f64::from(burst),
            per_second,
            last: now,
        }
    }

    fn refill(&mut self, now: Instant) {
        let elapsed = now.saturating_duration_since(self.last).as_secs_f64();
        self.tokens = (self.tokens + elapsed * self.per_second).min(self.burst);
        self.last = now;
    }

    /// Takes one token if there is one.
    pub fn take_one(&mut self, now: Instant) -> bool {
        self.refill(now);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }

    /// Takes up to `wanted` tokens; how many it got.
    pub fn take_up_to(&mut self, wanted: usize, now: Instant) -> usize {
        self.refill(now);
        // Whole tokens only; the bucket never holds more than `burst` (a u32).
        let got = (self.tokens.floor() as usize).min(wanted);
        self.tokens -= got as f64;
        got
    }

    /// Whether it is full again (nothing to remember).
    fn is_full(&mut self, now: Instant) -> bool {
        self.refill(now);
        self.tokens >= self.burst
    }

    /// How long until one token is there.
    pub fn wait(&mut self, now: Instant) -> Duration {
        self.refill(now);
        if self.tokens >= 1.0 || self.per_second <= 0.0 {
            return Duration::ZERO;
        }
        Duration::from_secs_f64((1.0 - self.tokens) / self.per_second)
    }
}

/// What one address may do: connect `attempts_per_minute` times (a burst of that
/// many, then one each 60/N seconds), and give `wrong_codes` wrong join codes (then
/// one more each `wrong_code_pause`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AddressLimits {
    pub attempts_per_minute: u32,
    pub wrong_codes: u32,
    pub wrong_code_pause: Duration,
}

/// An address as the limits count it: IPv4 whole, IPv6 by its /64 (one machine
/// holds a whole /64, so counting single IPv6 addresses would limit nothing).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Origin([u8; 16]);

impl Origin {
    pub fn of(ip: IpAddr) -> Self {
        match ip.to_canonical() {
            IpAddr::V4(v4) => {
                let mut b = [0u8; 16];
                b[..4].copy_from_slice(&v4.octets());
                Origin(b)
            }
            IpAddr::V6(v6) => {
                let mut b = v6.octets();
                b[8..].fill(0xff); // apart from every IPv4 key
                Origin(b)
            }
        }
    }
}

/// How many addresses are remembered at most: full buckets are forgotten first, and
/// a new address beyond this is refused (many addresses at once is an attack, not a
/// class).
pub const TRACKED_ADDRESSES: usize = 4096;

#[derive(Debug)]
struct Gate {
    attempts: Bucket,
    wrong_codes: Bucket,
}

/// The per-address limits of the whole server.
#[derive(Debug)]
pub struct Doorkeeper {
    limits: AddressLimits,
    gates: HashMap<Origin, Gate>,
}

impl Doorkeeper {
    pub fn new(limits: AddressLimits) -> Self {
        Doorkeeper {
            limits,
            gates: HashMap::new(),
        }
    }

    fn gate(&mut self, ip: IpAddr, now: Instant) -> Option<&mut Gate> {
        let origin = Origin::of(ip);
        if !self.gates.contains_key(&origin) && self.gates.len() >= TRACKED_ADDRESSES {
            self.gates
                .retain(|_, g| !(g.attempts.is_full(now) && g.wrong_codes.is_full(now)));
            if self.gates.len() >= TRACKED_ADDRESSES {
                return None;
            }
        }
        let limits = self.limits;
        Some(self.gates.entry(origin).or_insert_with(|| Gate {
            attempts: Bucket::full(
                limits.attempts_per_minute,
                f64::from(limits.attempts_per_minute) / 60.0,
                now,
            ),
            wrong_codes: Bucket::full(
                limits.wrong_codes,
                1.0 / limits.wrong_code_pause.as_secs_f64().max(0.001),
                now,
            ),
        }))
    }

    /// Counts a connection from `ip`: false when that address is over its limit.
    pub fn connection(&mut self, ip: IpAddr, now: Instant) -> bool {
        self.gate(ip, now).is_some_and(|g| g.attempts.take_one(now))
    }

    /// How long `ip` must wait before a code is checked again (zero: it may try now).
    pub fn locked_for(&mut self, ip: IpAddr, now: Instant) -> Duration {
        let pause = self.limits.wrong_code_pause;
        match self.gate(ip, now) {
            Some(g) => g.wrong_codes.wait(now),
            None => pause,
        }
    }

    /// Counts a wrong code from `ip`.
    pub fn wrong_code(&mut self, ip: IpAddr, now: Instant) {
        if let Some(g) = self.gate(ip, now) {
            g.wrong_codes.take_one(now);
        }
    }
}

/// A terminal size as the screens get it: a zero (unknown) is 80×24, and a size
/// beyond 400×200 is cut to it, so a client cannot make the hub draw a huge screen.
pub fn terminal_size(cols: u32, rows: u32) -> (u16, u16) {
    let fit = |n: u32, default: u16, max: u16| match n {
        0 => default,
        n => u16::try_from(n).unwrap_or(max).min(max),
    };
    (fit(cols, 80, MAX_COLS), fit(rows, 24, MAX_ROWS))
}

pub const MAX_COLS: u16 = 400;
pub const MAX_ROWS: u16 = 200;

/// At most one `Resized` per student each `RESIZE_GAP`: a window dragged by its
/// corner sends dozens a second, and the last size is the one that matters.
pub const RESIZE_GAP: Duration = Duration::from_millis(100);

/// What to do with a new terminal size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resize {
    /// Report it now.
    Now((u16, u16)),
    /// Hold it, and ask [`Resizes::due`] at this time (no timer is running yet).
    At(Instant),
    /// Held: a timer already runs, or it is the size last reported.
    Held,
}

/// The sizes a student's terminal reports, coalesced.
#[derive(Debug, Default)]
pub struct Resizes {
    last: Option<(Instant, (u16, u16))>,
    pending: Option<(u16, u16)>,
    timer: bool,
    closed: bool,
}

impl Resizes {
    /// Starts from the size the student joined with.
    pub fn joined(size: (u16, u16), now: Instant) -> Self {
        Resizes {
            last: Some((now, size)),
            pending: None,
            timer: false,
            closed: false,
        }
    }

    pub fn offer(&mut self, size: (u16, u16), now: Instant) -> Resize {
        if self.timer || self.closed {
            self.pending = Some(size);
            return Resize::Held;
        }
        match self.last {
            Some((_, last)) if last == size => Resize::Held,
            Some((at, _)) if now.saturating_duration_since(at) < RESIZE_GAP => {
                self.pending = Some(size);
                self.timer = true;
                Resize::At(at + RESIZE_GAP)
            }
            _ => {
                self.last = Some((now, size));
                Resize::Now(size)
            }
        }
    }

    /// The student left: nothing more is reported.
    pub fn close(&mut self) {
        self.closed = true;
    }

    /// The timer fired: the size to report, if it changed.
    pub fn due(&mut self, now: Instant) -> Option<(u16, u16)> {
        self.timer = false;
        let size = self.pending.take().filter(|_| !self.closed)?;
        if self.last.is_some_and(|(_, last)| last == size) {
            return None;
        }
        self.last = Some((now, size));
        Some(size)
    }
}

/// Bytes of keys forwarded from one student: at most `KEYS_PER_ARRIVAL` in one
/// `Keys`, and `KEYS_PER_SECOND` a second (a burst of as many); the rest of a huge
/// paste is dropped. Typing sends a few bytes a keystroke; a pasted answer to a
/// command question is under a hundred.
pub const KEYS_PER_ARRIVAL: usize = 1024;
pub const KEYS_PER_SECOND: u32 = 4096;

/// The keys budget of one student.
pub fn keys_budget(now: Instant) -> Bucket {
    Bucket::full(KEYS_PER_SECOND, f64::from(KEYS_PER_SECOND), now)
}

/// Compares a given code with the join code in time that depends only on the given
/// code's length, never on where the first difference is.
pub fn same_code(given: &[u8], code: &[u8]) -> bool {
    let mut diff = u8::from(given.len() != code.len());
    for (i, g) in given.iter().enumerate() {
        diff |= g ^ code.get(i).copied().unwrap_or(0xff);
    }
    std::hint::black_box(diff) == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::{Ipv4Addr, Ipv6Addr};

    fn limits() -> AddressLimits {
        AddressLimits {
            attempts_per_minute: 3,
            wrong_codes: 2,
            wrong_code_pause: Duration::from_secs(30),
        }
    }

    #[test]
    fn an_address_gets_its_burst_of_connections_then_one_each_interval() {
        let now = Instant::now();
        let ip = IpAddr::V4(Ipv4Addr::LOCALHOST);
        let mut door = Doorkeeper::new(limits());
        assert!((0..3).all(|_| door.connection(ip, now)));
        assert!(!door.connection(ip, now), "the fourth at once is refused");
        let other = IpAddr::V4(Ipv4Addr::new(10, 0, 0, 2));
        assert!(door.connection(other, now), "another address is not");
        assert!(door.connection(ip, now + Duration::from_secs(20)));
        assert!(!door.connection(ip, now + Duration::from_secs(20)));
    }

    #[test]
    fn wrong_codes_lock_an_address_for_a_while() {
        let now = Instant::now();
        let ip = IpAddr::V4(Ipv4Addr::LOCALHOST);
        let mut door = Doorkeeper::new(limits());
        assert_eq!(door.locked_for(ip, now), Duration::ZERO);
        door.wrong_code(ip, now);
        assert_eq!(door.locked_for(ip, now), Duration::ZERO);
        door.wrong_code(ip, now);
        let wait = door.locked_for(ip, now);
        assert!(wait > Duration::from_secs(29) && wait <= Duration::from_secs(30));
        assert_eq!(
            door.locked_for(ip, now + Duration::from_secs(30)),
            Duration::ZERO
        );
    }

    #[test]
    fn ipv6_addresses_count_by_their_64_prefix() {
        let a: Ipv6Addr = "2001:db8::1".parse().expect("address");
        let b: Ipv6Addr = "2001:db8::ffff:2".parse().expect("address");
        let c: Ipv6Addr = "2001:db8:0:1::1".parse().expect("address");
        assert_eq!(Origin::of(a.into()), Origin::of(b.into()));
        assert_ne!(Origin::of(a.into()), Origin::of(c.into()));
        let mapped: Ipv6Addr = "::ffff:127.0.0.1".parse().expect("address");
        assert_eq!(
            Origin::of(mapped.into()),
            Origin::of(Ipv4Addr::LOCALHOST.into())
        );
    }

    #[test]
    fn too_many_addresses_at_once_are_refused_and_idle_ones_forgotten() {
        let now = Instant::now();
        let mut door = Doorkeeper::new(limits());
        for i in 0..TRACKED_ADDRESSES as u32 {
            assert!(door.connection(IpAddr::V4(Ipv4Addr::from(i + 1)), now));
        }
        let next = IpAddr::V4(Ipv4Addr::from(u32::MAX));
        assert!(!door.connection(next, now), "beyond the table: refused");
        assert!(
            door.connection(next, now + Duration::from_secs(60)),
            "a minute on, the others are full again and forgotten"
        );
    }

    #[test]
    fn terminal_sizes_are_defaulted_and_capped() {
        assert_eq!(terminal_size(0, 0), (80, 24));
        assert_eq!(terminal_size(132, 43), (132, 43));
        assert_eq!(terminal_size(u32::MAX, 70_000), (MAX_COLS, MAX_ROWS));
    }

    #[test]
    fn a_resize_storm_reports_at_most_one_size_a_gap_and_the_last_one() {
        let t0 = Instant::now();
        let mut r = Resizes::joined((80, 24), t0);
        assert_eq!(r.offer((80, 24), t0), Resize::Held, "unchanged");
        let t1 = t0 + RESIZE_GAP;
        assert_eq!(r.offer((81, 24), t1), Resize::Now((81, 24)));
        let t2 = t1 + Duration::from_millis(10);
        assert_eq!(r.offer((82, 24), t2), Resize::At(t1 + RESIZE_GAP));
        for c in 83..200 {
            assert_eq!(r.offer((c, 24), t2), Resize::Held);
        }
        assert_eq!(r.due(t1 + RESIZE_GAP), Some((199, 24)));
        assert_eq!(r.due(t1 + RESIZE_GAP), None);
    }

    #[test]
    fn a_paste_is_cut_to_the_keys_budget() {
        let now = Instant::now();
        let mut budget = keys_budget(now);
        let mut forwarded = 0;
        for _ in 0..100 {
            forwarded += budget.take_up_to(KEYS_PER_ARRIVAL, now);
        }
        assert_eq!(forwarded, KEYS_PER_SECOND as usize);
        assert_eq!(budget.take_up_to(10, now + Duration::from_millis(1)), 4);
    }

    #[test]
    fn codes_compare_whole() {
        assert!(same_code(b"4321", b"4321"));
        assert!(!same_code(b"4320", b"4321"));
        assert!(!same_code(b"432", b"4321"));
        assert!(!same_code(b"43210", b"4321"));
        assert!(!same_code(b"", b"4321"));
    }
}
