//! The trace of one simulated delivery: its steps, each with the real artefact
//! (DNS records, SMTP lines), the simulated time, the host and a *why* citing the
//! rule; and the outcome.

use serde::Serialize;
use std::fmt::Write;

/// What a step is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StepKind {
    /// The MX question and its answer (R1.1).
    MxLookup,
    /// The MX answer sorted by preference (R1.7).
    Sort,
    /// Equal preferences put in random order (R1.7).
    Shuffle,
    /// No MX: the domain itself is the mail host (R1.4).
    ImplicitMx,
    /// The sender found itself in the list (R1.9).
    SelfFilter,
    /// The address lookup of a mail host (R1.6).
    AddressLookup,
    /// A host left out of the list, and why.
    Skip,
    /// A TCP connection to port 25 that failed.
    Connect,
    /// An SMTP conversation.
    Smtp,
    /// Moving on to the next host.
    Fallback,
    /// The message stays queued; the next attempt is scheduled (R1.10).
    Defer,
    /// A later delivery attempt begins.
    Retry,
    /// The message is returned to the sender.
    Bounce,
    /// The message is delivered.
    Deliver,
    /// A remark where the profiles differ, or a fact worth knowing.
    Note,
}

/// One step a sending server takes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    /// What kind of step.
    pub kind: StepKind,
    /// One line saying what happens.
    pub text: String,
    /// The rule behind it (mx-rules.md), if any.
    pub rule: Option<&'static str>,
    /// Why, in one line.
    pub why: String,
    /// The real artefact: DNS records, SMTP lines (`S:` server, `C:` client).
    pub artefact: Vec<String>,
    /// Seconds since the message entered the queue.
    pub at: u64,
    /// The mail host involved, if any.
    pub host: Option<String>,
    /// Which delivery attempt (1 for the first).
    pub attempt: u32,
}

/// What a connection to one address came to, read from a connect or SMTP step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Wire {
    /// Nothing listened on port 25 (R1.8).
    Refused,
    /// No answer before the sender gave up (R1.8).
    TimedOut,
    /// The server answered; its last reply code (`250`, `550`, `421`…).
    Reply(String),
}

impl Step {
    /// The address a connect or SMTP step went to (`[...]` in its text).
    pub fn address(&self) -> Option<&str> {
        if !matches!(self.kind, StepKind::Connect | StepKind::Smtp) {
            return None;
        }
        let start = self.text.find('[')? + 1;
        let end = start + self.text[start..].find(']')?;
        Some(&self.text[start..end])
    }

    /// What the connection of a connect or SMTP step came to.
    pub fn wire(&self) -> Option<Wire> {
        match self.kind {
            StepKind::Connect => {
                let timed_out = self.artefact.iter().any(|l| l.contains("timed out"));
                Some(if timed_out {
                    Wire::TimedOut
                } else {
                    Wire::Refused
                })
            }
            StepKind::Smtp => {
                let last = self
                    .artefact
                    .iter()
                    .rev()
                    .find_map(|l| l.strip_prefix("S: "))?;
                Some(Wire::Reply(last.chars().take(3).collect()))
            }
            _ => None,
        }
    }
}

/// How the delivery ended.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    /// `delivered` or `bounced`.
    pub kind: OutcomeKind,
    /// The MX host that accepted the message.
    pub host: Option<String>,
    /// The DSN status of a bounce (RFC 3463), such as `5.1.10`.
    pub dsn: Option<String>,
    /// Why it bounced, in the sender's words.
    pub reason: Option<String>,
    /// Delivery attempts made.
    pub attempts: u32,
    /// Seconds from queueing to the end.
    pub seconds: u64,
}

/// delivered or bounced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OutcomeKind {
    /// Accepted by a mail host.
    Delivered,
    /// Returned to the sender.
    Bounced,
}

/// Attempts as a person reads them (see [`Trace::runs`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Run {
    /// One attempt, step by step.
    Attempt(u32),
    /// Attempts `from` to `to` went exactly as attempt `like`.
    Repeats {
        /// The first repeating attempt.
        from: u32,
        /// The last.
        to: u32,
        /// The attempt they repeat.
        like: u32,
    },
}

/// A whole simulated delivery.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trace {
    /// How it ended.
    pub outcome: Outcome,
    /// The steps, in order.
    pub steps: Vec<Step>,
}

/// `+0s`, `+5m`, `+1h20m`, `+4d23h`: a simulated time for people.
pub fn elapsed(seconds: u64) -> String {
    let (d, h, m, s) = (
        seconds / 86_400,
        seconds / 3600 % 24,
        seconds / 60 % 60,
        seconds % 60,
    );
    match (d, h, m) {
        (0, 0, 0) => format!("+{s}s"),
        (0, 0, _) if s == 0 => format!("+{m}m"),
        (0, 0, _) => format!("+{m}m{s:02}s"),
        (0, _, _) => format!("+{h}h{m:02}m"),
        _ => format!("+{d}d{h:02}h{m:02}m"),
    }
}

/// What happens to the message at its first attempt: the answer a `predict`
/// question asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Delivered at once, by this host (its name without the final dot).
    Delivered(String),
    /// Queued for later attempts (whatever happens in the end).
    Deferred,
    /// Returned to the sender at once.
    Bounced,
}

impl Trace {
    /// What happened at the first attempt.
    pub fn verdict(&self) -> Verdict {
        match (self.outcome.attempts, self.outcome.kind) {
            (1, OutcomeKind::Delivered) => {
                Verdict::Delivered(self.outcome.host.clone().unwrap_or_default())
            }
            (1, OutcomeKind::Bounced) => Verdict::Bounced,
            _ => Verdict::Deferred,
        }
    }

    /// The steps of one attempt.
    fn attempt(&self, n: u32) -> impl Iterator<Item = &Step> {
        self.steps.iter().filter(move |s| s.attempt == n)
    }

    /// What an attempt did, without its times: equal for attempts that repeat.
    fn signature(&self, n: u32) -> Vec<(StepKind, &str)> {
        self.attempt(n)
            .filter(|s| s.kind != StepKind::Retry && s.kind != StepKind::Defer)
            .map(|s| (s.kind, s.text.as_str()))
            .collect()
    }

    /// The attempts as a person reads them: each attempt on its own, except runs of
    /// attempts (not the first, not the last) that do exactly what the one before
    /// did, which fold into one [`Run::Repeats`]. The CLI's text and the app's
    /// timeline both fold with this.
    pub fn runs(&self) -> Vec<Run> {
        let last = self.outcome.attempts;
        // An attempt (not the first, not the last) that did what the one before did.
        let repeats = |k: u32| k > 1 && k < last && self.signature(k) == self.signature(k - 1);
        let mut runs = Vec::new();
        let mut n = 1;
        while n <= last {
            if repeats(n) {
                let from = n;
                while repeats(n + 1) {
                    n += 1;
                }
                runs.push(Run::Repeats {
                    from,
                    to: n,
                    like: from - 1,
                });
            } else {
                runs.push(Run::Attempt(n));
            }
            n += 1;
        }
        runs
    }

    /// When attempt `n` started (seconds since queueing).
    pub fn started(&self, n: u32) -> u64 {
        self.attempt(n).next().map_or(0, |s| s.at)
    }

    /// The numbered steps a person reads; attempts that repeat the one before are
    /// folded into one line.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let mut number = 0;
        for run in self.runs() {
            match run {
                Run::Attempt(n) => {
                    for step in self.attempt(n) {
                        number += 1;
                        write_step(&mut out, number, step);
                    }
                }
                Run::Repeats { from, to, like } => {
                    number += 1;
                    let (start, end) = (elapsed(self.started(from)), elapsed(self.started(to)));
                    let _ = writeln!(
                        out,
                        "{number:>3}. {start:>10}  Attempts {from} to {to} (until {end}) go exactly as attempt {like}."
                    );
                }
            }
        }
        let o = &self.outcome;
        let attempts = if o.attempts == 1 {
            "1 attempt".to_string()
        } else {
            format!("{} attempts", o.attempts)
        };
        let _ = match o.kind {
            OutcomeKind::Delivered => writeln!(
                out,
                "\nDelivered to {} after {attempts} ({}).",
                o.host.as_deref().unwrap_or("?"),
                elapsed(o.seconds)
            ),
            OutcomeKind::Bounced => writeln!(
                out,
                "\nBounced after {attempts} ({}): {} {}",
                elapsed(o.seconds),
                o.dsn.as_deref().unwrap_or("5.0.0"),
                o.reason.as_deref().unwrap_or("")
            ),
        };
        out
    }
}

fn write_step(out: &mut String, number: usize, step: &Step) {
    let _ = writeln!(out, "{number:>3}. {:>10}  {}", elapsed(step.at), step.text);
    for line in &step.artefact {
        let _ = writeln!(out, "                   {line}");
    }
    let rule = step.rule.map(|r| format!(" ({r})")).unwrap_or_default();
    if !step.why.is_empty() {
        let _ = writeln!(out, "                 why: {}{rule}", step.why);
    }
}

#[cfg(test)]
mod tests {
    use super::elapsed;

    #[test]
    fn times_read_like_a_queue_listing() {
        assert_eq!(elapsed(0), "+0s");
        assert_eq!(elapsed(300), "+5m");
        assert_eq!(elapsed(330), "+5m30s");
        assert_eq!(elapsed(4800), "+1h20m");
        assert_eq!(elapsed(5 * 86_400 + 3600), "+5d01h00m");
    }
}
