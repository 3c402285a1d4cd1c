//! The delivery as a picture, at one step of its trace: the sending MTA, the DNS
//! resolver, the MX hosts in preference groups with their addresses and states,
//! what each connection came to in this attempt, and where the *message* is (not
//! what is being looked up). The app's topology and `simulate --svg` both draw it.
//! Also the step list a person steps through: steps by kind, repeated attempts
//! folded as the CLI folds them ([`Trace::runs`]).

use super::scenario::SimHost;
use crate::delivery::{OutcomeKind, Run, Step, StepKind, Trace, Wire, elapsed};
use crate::dns::HostState;
use crate::ground::bare;

/// Where the message is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    /// At the sending MTA (looking things up, or about to try the next host).
    Sender,
    /// Waiting in the sender's queue for the next attempt (R1.10).
    Queue,
    /// On its way to address `wire` of host `host` (indices into the picture's hosts).
    Wire { host: usize, wire: usize },
    /// Delivered into host `host` (R1.11).
    Host(usize),
    /// Returned to the sender (a bounce).
    Bounced,
}

/// One address of a host and what connecting to it came to in this attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The address.
    pub address: String,
    /// `None`: not tried (yet) in this attempt.
    pub wire: Option<Wire>,
}

/// One MX host's box.
#[derive(Debug, Clone, PartialEq)]
pub struct HostBox {
    /// Its name, without the final dot.
    pub name: String,
    /// Its state in this delivery.
    pub state: HostState,
    /// How long the state lasts (`None`: for ever).
    pub lasts: Option<u64>,
    /// Its addresses.
    pub links: Vec<Link>,
}

/// Hosts of one preference: more than one share the load (R1.7).
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// The preference (`None`: an implicit MX, R1.4).
    pub preference: Option<u16>,
    /// Indices into [`Picture::hosts`].
    pub hosts: Vec<usize>,
}

impl Group {
    /// Equal preferences: the sender picks among them at random (R1.7).
    pub fn shares_load(&self) -> bool {
        self.hosts.len() > 1
    }
}

/// The DNS leg: the sender's question to its resolver and the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dns {
    /// Not asked yet.
    Idle,
    /// Asking now (this step is a lookup).
    Asking,
    /// Answered earlier.
    Answered,
}

/// The whole picture at one step.
#[derive(Debug, Clone, PartialEq)]
pub struct Picture {
    /// The recipient.
    pub recipient: String,
    /// The hosts, in the order the trace meets them.
    pub hosts: Vec<HostBox>,
    /// The hosts grouped by preference, most preferred first.
    pub groups: Vec<Group>,
    /// The DNS leg.
    pub dns: Dns,
    /// Where the message is.
    pub marker: Marker,
    /// The attempt of this step, of how many.
    pub attempt: u32,
    /// Attempts in all.
    pub attempts: u32,
    /// The step's time, as `+5m`.
    pub at: String,
    /// What happens, in one line.
    pub caption: String,
    /// The outcome, once the picture shows the last step.
    pub outcome: Option<String>,
    /// The outcome in a word or two, for big text: `DELIVERED`, `BOUNCED 5.7.1`.
    pub headline: Option<String>,
    /// The domain publishes a null MX (R2.1): no host will ever be tried.
    pub null_mx: bool,
}

impl HostBox {
    /// The state's label from its table row, with its duration: `✗ down for +2h00m`.
    pub fn state_text(&self) -> String {
        match self.lasts {
            Some(s) => format!("{} for {}", self.state.label(), elapsed(s)),
            None => self.state.label().to_string(),
        }
    }
}

/// A wire's label: `✗ refused`, `✗ timed out`, or the reply code.
pub fn wire_label(wire: &Wire) -> String {
    match wire {
        Wire::Refused => "✗ refused".into(),
        Wire::TimedOut => "✗ timed out".into(),
        Wire::Reply(code) if code.starts_with('2') => format!("✓ {code}"),
        Wire::Reply(code) => format!("✗ {code}"),
    }
}

/// The outcome in one line, as the CLI ends its text.
pub fn outcome_line(trace: &Trace) -> String {
    let o = &trace.outcome;
    let attempts = match o.attempts {
        1 => "1 attempt".to_string(),
        n => format!("{n} attempts"),
    };
    match o.kind {
        OutcomeKind::Delivered => format!(
            "✓ Delivered to {} after {attempts}, {}",
            o.host.as_deref().unwrap_or("?"),
            elapsed(o.seconds)
        ),
        OutcomeKind::Bounced => format!(
            "✗ Bounced {} after {attempts}, {}: {}",
            o.dsn.as_deref().unwrap_or("5.0.0"),
            elapsed(o.seconds),
            o.reason.as_deref().unwrap_or("")
        ),
    }
}

impl Picture {
    /// The picture of `trace` after its step `at` (an index; past the end: the last).
    pub fn new(recipient: &str, hosts: &[SimHost], trace: Option<&Trace>, at: usize) -> Self {
        let mut boxes: Vec<HostBox> = hosts
            .iter()
            .map(|h| HostBox {
                name: bare(&h.name),
                state: h.behaviour.state,
                lasts: h.behaviour.lasts,
                links: Vec::new(),
            })
            .collect();
        let steps: &[Step] = trace.map_or(&[], |t| &t.steps);
        for s in steps {
            let Some(i) = s.host.as_deref().and_then(|h| find(&boxes, h)) else {
                continue;
            };
            for address in addresses_of(s) {
                if !boxes[i].links.iter().any(|l| l.address == address) {
                    boxes[i].links.push(Link {
                        address,
                        wire: None,
                    });
                }
            }
        }
        let mut groups: Vec<Group> = Vec::new();
        let mut order: Vec<usize> = (0..hosts.len()).collect();
        // Stable: equal preferences keep the order the trace met them in.
        order.sort_by_key(|&i| hosts[i].preference);
        for i in order {
            let preference = hosts[i].preference;
            match groups.last_mut() {
                Some(g) if g.preference == preference => g.hosts.push(i),
                _ => groups.push(Group {
                    preference,
                    hosts: vec![i],
                }),
            }
        }
        let mut picture = Picture {
            recipient: recipient.to_string(),
            hosts: boxes,
            groups,
            dns: Dns::Idle,
            marker: Marker::Sender,
            attempt: 1,
            attempts: trace.map_or(0, |t| t.outcome.attempts),
            at: elapsed(0),
            caption: String::new(),
            outcome: None,
            headline: None,
            null_mx: steps.iter().any(|s| s.text.contains("null MX")),
        };
        if let Some(trace) = trace
            && !trace.steps.is_empty()
        {
            picture.follow(trace, at.min(trace.steps.len() - 1));
        }
        picture
    }

    /// Walks the steps of the current attempt up to `at`: the wires it lit and
    /// where the message went.
    fn follow(&mut self, trace: &Trace, at: usize) {
        let step = &trace.steps[at];
        self.attempt = step.attempt;
        self.at = elapsed(step.at);
        self.caption = step.text.clone();
        let first = trace.steps[..=at]
            .iter()
            .rposition(|s| s.attempt != step.attempt)
            .map_or(0, |i| i + 1);
        self.dns = if trace.steps[first..=at].iter().any(is_lookup) {
            Dns::Answered
        } else {
            Dns::Idle
        };
        for s in &trace.steps[first..=at] {
            self.marker = match s.kind {
                StepKind::Connect | StepKind::Smtp => self.light(s).unwrap_or(self.marker),
                StepKind::Deliver => s
                    .host
                    .as_deref()
                    .and_then(|h| find(&self.hosts, h))
                    .map_or(Marker::Sender, Marker::Host),
                StepKind::Defer => Marker::Queue,
                StepKind::Bounce => Marker::Bounced,
                _ => Marker::Sender,
            };
        }
        if is_lookup(step) {
            self.dns = Dns::Asking;
        }
        if at + 1 == trace.steps.len() {
            self.outcome = Some(outcome_line(trace));
            let o = &trace.outcome;
            self.headline = Some(match o.kind {
                OutcomeKind::Delivered => "DELIVERED".to_string(),
                OutcomeKind::Bounced => format!("BOUNCED {}", o.dsn.as_deref().unwrap_or("")),
            });
        }
    }

    /// Marks the wire a connect or SMTP step used; the marker is on it.
    fn light(&mut self, s: &Step) -> Option<Marker> {
        let host = find(&self.hosts, s.host.as_deref()?)?;
        let address = s.address()?;
        let wire = self.hosts[host]
            .links
            .iter()
            .position(|l| l.address == address)?;
        self.hosts[host].links[wire].wire = s.wire();
        Some(Marker::Wire { host, wire })
    }

    /// The host the message is at or on its way to.
    pub fn marked_host(&self) -> Option<usize> {
        match self.marker {
            Marker::Wire { host, .. } | Marker::Host(host) => Some(host),
            _ => None,
        }
    }
}

fn find(boxes: &[HostBox], name: &str) -> Option<usize> {
    let name = name.trim_end_matches('.');
    boxes.iter().position(|b| b.name.eq_ignore_ascii_case(name))
}

fn is_lookup(s: &Step) -> bool {
    matches!(
        s.kind,
        StepKind::MxLookup | StepKind::AddressLookup | StepKind::ImplicitMx
    )
}

/// The addresses a step names: an address lookup's answer, a connection's target.
fn addresses_of(s: &Step) -> Vec<String> {
    match s.kind {
        StepKind::AddressLookup => s
            .text
            .rsplit_once(": ")
            .map(|(_, list)| list.split(", ").map(str::to_string).collect())
            .unwrap_or_default(),
        _ => s.address().map(str::to_string).into_iter().collect(),
    }
}

/// The kinds of step the event list filters by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// MX and address lookups, sorting, skipping (§1).
    Dns,
    /// A TCP connection that failed.
    Connect,
    /// An SMTP conversation.
    Smtp,
    /// Fallback, deferral, retries (R1.10).
    Queue,
    /// Delivered or bounced.
    Verdict,
}

impl Family {
    /// Every family, in the order the filter cycles.
    pub const ALL: [Family; 5] = [
        Family::Dns,
        Family::Connect,
        Family::Smtp,
        Family::Queue,
        Family::Verdict,
    ];

    /// A short tag for lists.
    pub fn tag(self) -> &'static str {
        match self {
            Family::Dns => "DNS",
            Family::Connect => "connect",
            Family::Smtp => "SMTP",
            Family::Queue => "queue",
            Family::Verdict => "verdict",
        }
    }

    /// The next filter after `filter` (`None`: every kind).
    pub fn cycle(filter: Option<Family>) -> Option<Family> {
        match filter {
            None => Some(Family::Dns),
            Some(f) => {
                let i = Family::ALL.iter().position(|&x| x == f).unwrap_or(0);
                Family::ALL.get(i + 1).copied()
            }
        }
    }
}

/// The family of step `i` of `trace`; a note belongs to DNS before the attempt's
/// first connection, to the queue after it.
pub fn family(trace: &Trace, i: usize) -> Family {
    let s = &trace.steps[i];
    match s.kind {
        StepKind::Connect => Family::Connect,
        StepKind::Smtp => Family::Smtp,
        StepKind::Fallback | StepKind::Defer | StepKind::Retry => Family::Queue,
        StepKind::Bounce | StepKind::Deliver => Family::Verdict,
        StepKind::Note => {
            let connected = trace.steps[..i]
                .iter()
                .rev()
                .take_while(|p| p.attempt == s.attempt)
                .any(|p| matches!(p.kind, StepKind::Connect | StepKind::Smtp));
            if connected {
                Family::Queue
            } else {
                Family::Dns
            }
        }
        _ => Family::Dns,
    }
}

/// One line of the event list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    /// A step (index into the trace's steps).
    Step(usize),
    /// Attempts `from` to `to` went as attempt `like`; `last` is the last step of
    /// attempt `to`, where the picture stands.
    Repeats {
        from: u32,
        to: u32,
        like: u32,
        last: usize,
    },
}

impl Entry {
    /// The trace step the picture shows for this entry.
    pub fn step(self) -> usize {
        match self {
            Entry::Step(i) => i,
            Entry::Repeats { last, .. } => last,
        }
    }
}

/// The event list: every step, or (`expanded` false) repeated attempts folded into
/// one entry as the CLI folds them; with a filter, only steps of that family (a
/// folded run always shows, it stands for whole attempts).
pub fn entries(trace: &Trace, expanded: bool, filter: Option<Family>) -> Vec<Entry> {
    let keep = |i: usize| filter.is_none_or(|f| family(trace, i) == f);
    let steps_of = |n: u32| {
        trace
            .steps
            .iter()
            .enumerate()
            .filter(move |(_, s)| s.attempt == n)
            .map(|(i, _)| i)
    };
    let mut out = Vec::new();
    for run in trace.runs() {
        match run {
            Run::Repeats { from, to, like } if !expanded => {
                if let Some(last) = steps_of(to).next_back() {
                    out.push(Entry::Repeats {
                        from,
                        to,
                        like,
                        last,
                    });
                }
            }
            Run::Repeats { from, to, .. } => {
                for n in from..=to {
                    out.extend(steps_of(n).filter(|&i| keep(i)).map(Entry::Step));
                }
            }
            Run::Attempt(n) => out.extend(steps_of(n).filter(|&i| keep(i)).map(Entry::Step)),
        }
    }
    out
}
