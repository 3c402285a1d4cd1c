//! The queue: delivery attempts at the planned hosts until delivery, a bounce, or
//! expiry; each attempt walks the hosts with the profile's limits (R1.7–R1.11, §4).

use super::route::{self, Plan, Target};
use super::smtp::{self, Client, Ending};
use super::{
    Behaviour, Failure, Next, Profile, SENDER, Scenario, Step, StepKind, Trace, behaviour_of, step,
};
use super::{Outcome, OutcomeKind, Verdict, elapsed};
use crate::ground::bare;
use hickory_proto::rr::Name;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;

pub(super) fn bounce(
    mut steps: Vec<Step>,
    dsn: &str,
    reason: String,
    attempts: u32,
    at: u64,
) -> Trace {
    let mut last = step(
        StepKind::Bounce,
        format!("Return the message to the sender: {dsn}"),
        None,
        &reason,
    );
    last.at = at;
    last.attempt = attempts;
    steps.push(last);
    Trace {
        outcome: Outcome {
            kind: OutcomeKind::Bounced,
            host: None,
            dsn: Some(dsn.to_string()),
            reason: Some(reason),
            attempts,
            seconds: at,
        },
        steps,
    }
}

/// The queue: attempts at the planned hosts until delivery, a bounce, or expiry.
pub(super) struct Queue<'a> {
    pub(super) scenario: &'a Scenario<'a>,
    pub(super) domain: &'a Name,
    /// The hosts to try, once the route is planned.
    pub(super) targets: Vec<Target>,
    pub(super) steps: Vec<Step>,
    pub(super) rng: StdRng,
    /// The domain's DNS is unreachable (until a time, or for ever).
    pub(super) outage: Option<Option<u64>>,
}

/// How one attempt ended.
enum Attempt {
    Delivered(String),
    Bounced(&'static str, String),
    Deferred(&'static str, String),
}

impl Queue<'_> {
    /// How the first attempt ends (what [`Trace::verdict`] of [`Queue::run`] says),
    /// with its steps, without the later attempts of the queue's life.
    pub(super) fn first(mut self) -> (Verdict, Vec<Step>) {
        let mut now = 0;
        let result = match self.route(now, 1) {
            Some(result) => result,
            None => self.attempt(&mut now, 1),
        };
        let verdict = match result {
            Attempt::Delivered(host) => Verdict::Delivered(host),
            Attempt::Bounced(..) => Verdict::Bounced,
            // As `run`: a message whose first attempt outlives the queue bounces.
            Attempt::Deferred(..) if now >= self.scenario.profile.lifetime() => Verdict::Bounced,
            Attempt::Deferred(..) => Verdict::Deferred,
        };
        (verdict, self.steps)
    }

    pub(super) fn run(mut self) -> Trace {
        let profile = self.scenario.profile;
        let (mut now, mut attempt) = (0u64, 1u32);
        loop {
            if attempt > 1 {
                self.push(
                    step(
                        StepKind::Retry,
                        format!("Attempt {attempt}: try the hosts again"),
                        Some("R1.10"),
                        "the queue manager retries deferred mail on its schedule",
                    ),
                    now,
                    attempt,
                    None,
                );
            }
            let result = match self.route(now, attempt) {
                Some(result) => result,
                None => self.attempt(&mut now, attempt),
            };
            match result {
                Attempt::Delivered(host) => {
                    let text = format!("Delivered to {host}");
                    self.push(step(StepKind::Deliver, text, Some("R1.11"), "a 250 reply after the message data means the server took responsibility for it"), now, attempt, Some(host.clone()));
                    let outcome = Outcome {
                        kind: OutcomeKind::Delivered,
                        host: Some(host),
                        dsn: None,
                        reason: None,
                        attempts: attempt,
                        seconds: now,
                    };
                    return Trace {
                        outcome,
                        steps: self.steps,
                    };
                }
                Attempt::Bounced(dsn, reason) => {
                    return bounce(self.steps, dsn, reason, attempt, now);
                }
                Attempt::Deferred(dsn, reason) => {
                    if now >= profile.lifetime() {
                        let reason = format!(
                            "message expired after {} in the queue; last error: {reason}",
                            elapsed(profile.lifetime()).trim_start_matches('+')
                        );
                        return bounce(self.steps, "5.4.7", reason, attempt, now);
                    }
                    let wait = profile.backoff(attempt, 0, now);
                    let text = format!(
                        "Keep the message queued ({dsn}); next attempt at {}",
                        elapsed(now + wait)
                    );
                    self.push(
                        step(StepKind::Defer, text, Some("R1.10"), profile.schedule()),
                        now,
                        attempt,
                        None,
                    );
                    now += wait;
                    attempt += 1;
                }
            }
        }
    }

    /// Before the first connection: the MX lookup and the route (R1.1–R1.9), or the
    /// SERVFAIL of an unreachable DNS (R1.3). `Some` ends the attempt.
    fn route(&mut self, now: u64, attempt: u32) -> Option<Attempt> {
        if let Some(until) = self.outage
            && until.is_none_or(|end| now < end)
        {
            let name = bare(self.domain);
            let mut ask = step(
                StepKind::MxLookup,
                format!("Ask DNS for the MX records of {name}: no answer"),
                Some("R1.3"),
                "every name server of the domain is unreachable: SERVFAIL is temporary, so the message waits",
            );
            ask.artefact = vec![
                format!(";{}  IN  MX", self.domain),
                "status: SERVFAIL".into(),
            ];
            self.push(ask, now, attempt, None);
            return Some(Attempt::Deferred(
                "4.4.3",
                format!("Host or domain name lookup failure for {name}: SERVFAIL"),
            ));
        }
        if !self.targets.is_empty() {
            return None;
        }
        let first = self.steps.len();
        let s = self.scenario;
        let plan = route::plan(
            s.world,
            self.domain,
            s.profile,
            s.self_host.as_ref(),
            &mut self.rng,
            &mut self.steps,
        );
        for step in &mut self.steps[first..] {
            step.at = now;
            step.attempt = attempt;
        }
        match plan {
            Plan::Bounce(dsn, reason) => Some(Attempt::Bounced(dsn, reason)),
            Plan::Defer(dsn, reason) => Some(Attempt::Deferred(dsn, reason)),
            Plan::ServFail => Some(Attempt::Deferred(
                "4.4.3",
                format!(
                    "Host or domain name lookup failure for {}: SERVFAIL",
                    bare(self.domain)
                ),
            )),
            Plan::Hosts(targets) => {
                self.targets = targets;
                None
            }
        }
    }

    fn push(&mut self, mut s: Step, at: u64, attempt: u32, host: Option<String>) {
        s.at = at;
        s.attempt = attempt;
        s.host = host.or(s.host);
        self.steps.push(s);
    }

    /// How a target's host behaves (under its canonical name, else the exchange name),
    /// and whether it accepts the recipient's domain.
    fn behaviour(&self, target: &Target) -> (Behaviour, bool) {
        let s = self.scenario;
        let named =
            |n: &Name| s.overrides.iter().any(|(o, _)| o == n) || s.world.mail_server(n).is_some();
        let host = if named(&target.host) || !named(&target.exchange) {
            &target.host
        } else {
            &target.exchange
        };
        let domain = bare(self.domain);
        let accepts = s
            .world
            .mail_server(host)
            .and_then(|m| m.accepts.as_ref())
            .is_none_or(|list| {
                list.iter()
                    .any(|d| d.trim_end_matches('.').eq_ignore_ascii_case(&domain))
            });
        (behaviour_of(s, host), accepts)
    }

    /// One pass over the hosts (R1.7, R1.8, §4).
    fn attempt(&mut self, now: &mut u64, attempt: u32) -> Attempt {
        let profile = self.scenario.profile;
        let helo = self
            .scenario
            .self_host
            .as_ref()
            .map_or("mta.sender.example".to_string(), bare);
        let client = Client {
            helo: &helo,
            from: SENDER,
            to: self.scenario.recipient,
        };
        if attempt > 1 {
            self.reshuffle(*now, attempt);
        }
        let (mut addresses_tried, mut sessions) = (0usize, 0usize);
        let mut last: (&'static str, String) = ("4.4.1", "no host could be reached".into());
        let (mut permanent, mut temporary) = (None, false);
        let targets = self.targets.clone();
        'hosts: for (i, target) in targets.iter().enumerate() {
            let host = bare(&target.host);
            let (behaviour, accepts) = self.behaviour(target);
            for (a, address) in target.addresses.iter().enumerate() {
                if let Some(why) = limit_reached(profile, addresses_tried, sessions) {
                    let text = "Limit reached: no more hosts in this attempt".to_string();
                    self.push(
                        step(StepKind::Note, text, Some("R1.8"), &why),
                        *now,
                        attempt,
                        None,
                    );
                    temporary = true;
                    break 'hosts;
                }
                addresses_tried += 1;
                let mut talk = smtp::converse(
                    &host,
                    *address,
                    behaviour.at(*now),
                    accepts,
                    &client,
                    profile.connect_timeout(),
                );
                sessions += usize::from(talk.handshake);
                self.record_talk(target, *address, &mut talk, accepts, *now, attempt);
                *now += talk.seconds;
                let (failure, dsn, reply) = match talk.ending {
                    // The outcome names the MX exchange, as the JSON does.
                    Ending::Accepted => return Attempt::Delivered(bare(&target.exchange)),
                    Ending::Failed(failure, dsn, reply) => (failure, dsn, reply),
                };
                // Postfix turns a skipped 5xx greeting into a temporary error
                // (measured, Postfix 3.7: dsn=4.3.2 when the last host greets 554).
                let dsn = match (profile, failure) {
                    (Profile::Postfix, Failure::Greeting5xx) => "4.3.2",
                    _ => dsn,
                };
                last = (dsn, reply.clone());
                match profile.after(failure) {
                    Next::Bounce => {
                        return Attempt::Bounced(dsn, format!("host {host} said: {reply}"));
                    }
                    Next::NextHostThenBounce => {
                        permanent = Some((dsn, format!("host {host} said: {reply}")))
                    }
                    Next::NextHostLastDecides => {
                        permanent = Some((dsn, format!("host {host} said: {reply}")));
                        temporary = false;
                    }
                    Next::NextHost => temporary = true,
                }
                // A refused connection or greeting moves on to the host's next address
                // (measured: Postfix and Exim try a host's IPv6 address after its IPv4
                // one greets 554).
                let next_address = a + 1 < target.addresses.len()
                    && matches!(
                        failure,
                        Failure::Connect | Failure::Greeting4xx | Failure::Greeting5xx
                    );
                if next_address {
                    continue;
                }
                if i + 1 < targets.len()
                    && limit_reached(profile, addresses_tried, sessions).is_none()
                {
                    let why = "the next host in preference order gets the message";
                    let next = step(
                        StepKind::Fallback,
                        "Try the next host".into(),
                        Some("R1.7"),
                        why,
                    );
                    self.push(next, *now, attempt, None);
                }
                break;
            }
        }
        // A permanent reply bounces only if no host failed just for now (R1.11).
        match permanent {
            Some((dsn, reason)) if !temporary => Attempt::Bounced(dsn, reason),
            _ => Attempt::Deferred(last.0, last.1),
        }
    }

    /// The step of one connection: what was said, and why the sender does what it
    /// does next (R1.7-R1.11, the profile's §4 row).
    fn record_talk(
        &mut self,
        target: &Target,
        address: std::net::IpAddr,
        talk: &mut smtp::Conversation,
        accepts: bool,
        now: u64,
        attempt: u32,
    ) {
        let host = bare(&target.host);
        let preference = target.preference;
        let (kind, text) = match talk.greeted {
            true => (
                StepKind::Smtp,
                format!("SMTP with {host} [{address}] (preference {preference})"),
            ),
            false => (
                StepKind::Connect,
                format!("Connect to {host} [{address}] port 25 (preference {preference})"),
            ),
        };
        let (why, rule) = match &talk.ending {
            Ending::Accepted => (
                "the server accepted the recipient and the message".to_string(),
                "R1.11",
            ),
            Ending::Failed(failure, _, _) => explain(self.scenario.profile, *failure, accepts),
        };
        let mut s = step(kind, text, Some(rule), &why);
        s.artefact = std::mem::take(&mut talk.lines);
        self.push(s, now, attempt, Some(host));
    }

    /// Each attempt shuffles equal preferences anew (R1.7), as a new lookup would.
    fn reshuffle(&mut self, now: u64, attempt: u32) {
        let mut start = 0;
        while start < self.targets.len() {
            let preference = self.targets[start].preference;
            let end = start
                + self.targets[start..]
                    .iter()
                    .take_while(|t| t.preference == preference)
                    .count();
            if end - start > 1 {
                self.targets[start..end].shuffle(&mut self.rng);
                let order: Vec<String> = self.targets[start..end]
                    .iter()
                    .map(|t| bare(&t.exchange))
                    .collect();
                let text = format!(
                    "Preference {preference} is shared: this attempt tries {}",
                    order.join(", ")
                );
                self.push(
                    step(
                        StepKind::Shuffle,
                        text,
                        Some("R1.7"),
                        "equal preferences are shuffled again at every attempt",
                    ),
                    now,
                    attempt,
                    None,
                );
            }
            start = end;
        }
    }
}

/// Why this attempt may try no more addresses (R1.8), if so.
fn limit_reached(profile: Profile, addresses: usize, sessions: usize) -> Option<String> {
    if let Some(limit) = profile.address_limit().filter(|l| addresses >= *l) {
        return Some(format!(
            "{} tries at most {limit} addresses per delivery attempt",
            profile.name()
        ));
    }
    let limit = profile.session_limit().filter(|l| sessions >= *l)?;
    Some(format!(
        "Postfix opens at most {limit} SMTP sessions per delivery attempt (smtp_mx_session_limit)"
    ))
}

/// The why of a failure, saying where the profiles differ (mx-rules.md §4).
fn explain(profile: Profile, failure: Failure, accepts: bool) -> (String, &'static str) {
    let why = match (failure, profile) {
        (Failure::Connect, _) => {
            "no SMTP server took the connection on port 25: a temporary failure (4.4.1); the sender tries another address or host, else queues"
        }
        (Failure::Greeting4xx, _) => "a 4xx greeting is temporary: try the next host, or later",
        (Failure::Greeting5xx, Profile::Postfix) => {
            "Postfix skips a host that greets with 5xx (smtp_skip_5xx_greeting=yes) and defers if it was the last; Exim bounces only if the last host it tried greets 5xx too"
        }
        (Failure::Greeting5xx, Profile::Exim) => {
            "Exim tries the other hosts in this run after a 5xx greeting and bounces only if the last host it tries greets 5xx too; Postfix would defer instead of bouncing"
        }
        (Failure::Greeting5xx, Profile::Rfc) => {
            "a 5xx reply is permanent for this server (RFC 5321 §4.2.1): try the other hosts, then give up; real MTAs differ (Postfix defers, Exim lets the last host decide)"
        }
        (Failure::Rcpt4xx, _) => {
            "a 4xx at RCPT is temporary: keep the recipient for the next host in this run, or later"
        }
        (Failure::Rcpt5xx, _) if !accepts => {
            "this server does not accept the domain, and a 5xx at RCPT is permanent: the sender bounces without trying another host"
        }
        (Failure::Rcpt5xx, _) => {
            "a 5xx at RCPT is permanent: the sender bounces without trying another host"
        }
        (Failure::Data4xx, _) => {
            "a 4xx after DATA is temporary: try the next host in this run, or later"
        }
        (Failure::Data5xx, _) => "a 5xx after DATA is permanent: the message bounces",
    };
    let rule = if failure == Failure::Connect {
        "R1.8"
    } else {
        "R1.11"
    };
    (why.to_string(), rule)
}
