//! One step of a delivery in full, for the simulator's inspector: the DNS message as
//! `dig` prints it, the SMTP transcript, the bounce message (DSN, RFC 3464), and the
//! rule the step follows with the rule's text from mx-rules.md.

use super::picture::{Entry, Family, family};
use crate::delivery::{OutcomeKind, StepKind, Trace, elapsed, rule_text};
use crate::dns::World;
use crate::dns::tools::{self, Context};

/// A step, opened up.
#[derive(Debug, Clone, PartialEq)]
pub struct Inspection {
    /// What happens, with its time and kind.
    pub title: String,
    /// The artefact in full, line by line.
    pub artefact: Vec<String>,
    /// Why, in one line.
    pub why: String,
    /// The rule id and its text.
    pub rule: Option<(&'static str, String)>,
}

/// `dig ARGS` against the world, as the lab console prints it.
fn dig(world: &World, args: &str) -> Vec<String> {
    match tools::parse(&format!("dig {args}")) {
        Ok(command) => {
            let cx = Context {
                world,
                now: 0,
                id: 4242,
            };
            tools::run(&command, &cx)
                .0
                .lines()
                .map(str::to_string)
                .collect()
        }
        Err(e) => vec![format!("(dig {args}: {e})")],
    }
}

/// The bounce message the sender's MTA returns (RFC 3464 delivery status).
fn dsn(trace: &Trace, recipient: &str) -> Vec<String> {
    let o = &trace.outcome;
    let status = o.dsn.as_deref().unwrap_or("5.0.0");
    let reason = o.reason.as_deref().unwrap_or("");
    let diagnostic = reason.split_once("said: ").map_or(reason, |(_, r)| r);
    [
        "From: MAILER-DAEMON@mta.sender.example (Mail Delivery System)".to_string(),
        "To: alice@sender.example".into(),
        "Subject: Undelivered Mail Returned to Sender".into(),
        "Content-Type: multipart/report; report-type=delivery-status".into(),
        String::new(),
        format!("<{recipient}>: {reason}"),
        String::new(),
        "Reporting-MTA: dns; mta.sender.example".into(),
        format!("Final-Recipient: rfc822; {recipient}"),
        "Action: failed".into(),
        format!("Status: {status}"),
        format!("Diagnostic-Code: smtp; {diagnostic}"),
    ]
    .into()
}

/// Entry `entry` of `trace` in full.
pub fn inspect(trace: &Trace, entry: Entry, world: &World, recipient: &str) -> Inspection {
    let i = entry.step();
    let Some(step) = trace.steps.get(i) else {
        return Inspection {
            title: String::new(),
            artefact: Vec::new(),
            why: String::new(),
            rule: None,
        };
    };
    if let Entry::Repeats { from, to, like, .. } = entry {
        return Inspection {
            title: format!(
                "{} · queue · Attempts {from} to {to} go exactly as attempt {like}",
                elapsed(trace.started(from))
            ),
            artefact: vec![format!(
                "Each retry meets the same hosts in the same states; e expands them (until {}).",
                elapsed(trace.started(to))
            )],
            why: "the queue manager retries deferred mail on its schedule".into(),
            rule: Some(("R1.10", rule_text("R1.10").unwrap_or_default())),
        };
    }
    let domain = recipient.rsplit_once('@').map_or("", |(_, d)| d);
    let artefact = match step.kind {
        StepKind::MxLookup => dig(world, &format!("{domain} MX")),
        StepKind::AddressLookup | StepKind::ImplicitMx => {
            let host = step.host.as_deref().unwrap_or(domain);
            let mut out = dig(world, &format!("{host} A"));
            out.push(String::new());
            out.extend(dig(world, &format!("{host} AAAA")));
            out
        }
        StepKind::Bounce if trace.outcome.kind == OutcomeKind::Bounced => dsn(trace, recipient),
        // The delivery is the conversation that ended in 250 (R1.11).
        StepKind::Deliver => trace.steps[..i]
            .iter()
            .rev()
            .find(|s| s.kind == StepKind::Smtp)
            .map_or_else(Vec::new, |s| s.artefact.clone()),
        _ => step.artefact.clone(),
    };
    Inspection {
        title: format!(
            "{} · {} · {}",
            elapsed(step.at),
            family(trace, i).tag(),
            step.text
        ),
        artefact,
        why: step.why.clone(),
        rule: step.rule.map(|r| {
            (
                r,
                rule_text(r).unwrap_or_else(|| "(this rule has no text yet)".into()),
            )
        }),
    }
}

/// The family tag of an entry (a folded run is queue business).
pub fn tag(trace: &Trace, entry: Entry) -> &'static str {
    match entry {
        Entry::Step(i) => family(trace, i).tag(),
        Entry::Repeats { .. } => Family::Queue.tag(),
    }
}
