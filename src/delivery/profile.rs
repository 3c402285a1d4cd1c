//! How each sending MTA behaves where the RFC leaves room (mx-rules.md §1, §4).

use crate::dns::HostState;
use crate::dns::host_state::{Smtp, Stage};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A sending MTA's behaviour profile (mx-rules.md §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Profile {
    /// Postfix defaults.
    #[default]
    Postfix,
    /// Exim defaults.
    Exim,
    /// The RFC 5321 text.
    Rfc,
}

/// What the sender does after a failure at one host (mx-rules.md §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// Try the next address or host; if none is left, defer.
    NextHost,
    /// Try the next host; if none is left, bounce unless some host failed only for
    /// now (a permanent reply was seen: the RFC reading of R1.11).
    NextHostThenBounce,
    /// Try the next host in the same run; the last host tried decides: if it too
    /// failed permanently, bounce, else defer (Exim, measured: mx-rules.md §4).
    NextHostLastDecides,
    /// Return the message to the sender now.
    Bounce,
}

/// A failure at one host, as the §4 table names its rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// Connection refused, or the connection attempt timed out.
    Connect,
    /// A 4xx greeting.
    Greeting4xx,
    /// A 5xx greeting (554).
    Greeting5xx,
    /// A 4xx reply to RCPT TO.
    Rcpt4xx,
    /// A 5xx reply to RCPT TO (unknown user, relaying denied).
    Rcpt5xx,
    /// A 4xx reply at the end of DATA.
    Data4xx,
    /// A 5xx reply at the end of DATA.
    Data5xx,
}

impl Failure {
    /// The §4 row a host in `state` puts the sender in, read from the state's
    /// table row; `None`: the host takes the message. (A host that does not
    /// accept the domain fails at RCPT whatever its state: [`Failure::Rcpt5xx`].)
    pub fn of(state: HostState) -> Option<Failure> {
        Some(match state.smtp() {
            Smtp::Accepts => return None,
            Smtp::Refuses | Smtp::Silent => Failure::Connect,
            Smtp::Replies(stage, reply) => Failure::at(stage, reply.permanent()),
        })
    }

    /// The §4 row of a 4xx (or, `permanent`, 5xx) reply at `stage`.
    pub fn at(stage: Stage, permanent: bool) -> Failure {
        match (stage, permanent) {
            (Stage::Greeting, false) => Failure::Greeting4xx,
            (Stage::Greeting, true) => Failure::Greeting5xx,
            (Stage::Rcpt, false) => Failure::Rcpt4xx,
            (Stage::Rcpt, true) => Failure::Rcpt5xx,
            (Stage::Data, false) => Failure::Data4xx,
            (Stage::Data, true) => Failure::Data5xx,
        }
    }
}

impl Profile {
    /// The name used on the command line and in traces.
    pub fn name(self) -> &'static str {
        match self {
            Profile::Postfix => "postfix",
            Profile::Exim => "exim",
            Profile::Rfc => "rfc",
        }
    }

    /// What this sender does after `failure` (mx-rules.md §4).
    pub fn after(self, failure: Failure) -> Next {
        use Failure::*;
        match (self, failure) {
            (_, Connect | Greeting4xx) => Next::NextHost,
            (Profile::Postfix, Greeting5xx) => Next::NextHost, // smtp_skip_5xx_greeting=yes
            // Exim 4.96, measured (tests/mta): the other hosts are tried in this run.
            (Profile::Exim, Greeting5xx) => Next::NextHostLastDecides,
            (Profile::Rfc, Greeting5xx) => Next::NextHostThenBounce,
            (_, Rcpt4xx | Data4xx) => Next::NextHost,
            (_, Rcpt5xx | Data5xx) => Next::Bounce,
        }
    }

    /// How long a connection attempt to a silent host waits, in seconds.
    pub fn connect_timeout(self) -> u64 {
        match self {
            Profile::Postfix => 30, // smtp_connect_timeout
            Profile::Exim => 300,   // connect_timeout
            Profile::Rfc => 300,    // RFC 5321 §4.5.3.2: initial 220, 5 minutes
        }
    }

    /// Most addresses tried in one attempt (R1.8), if limited.
    pub fn address_limit(self) -> Option<usize> {
        match self {
            Profile::Postfix => Some(5), // smtp_mx_address_limit
            Profile::Exim => Some(5),    // hosts_max_try
            Profile::Rfc => None,
        }
    }

    /// Most SMTP sessions (connections that got a greeting) in one attempt (R1.8).
    pub fn session_limit(self) -> Option<usize> {
        match self {
            Profile::Postfix => Some(2), // smtp_mx_session_limit
            Profile::Exim | Profile::Rfc => None,
        }
    }

    /// How long a message may stay queued, in seconds (R1.10).
    pub fn lifetime(self) -> u64 {
        match self {
            Profile::Postfix => 5 * 86_400, // maximal_queue_lifetime
            Profile::Exim => 4 * 86_400,    // F,4d,6h: the retry rule ends at 4 days
            Profile::Rfc => 5 * 86_400,     // "at least 4-5 days"
        }
    }

    /// The wait before the next attempt, after `failures` failed attempts that began
    /// at `first` and the latest at `now` (R1.10).
    pub fn backoff(self, failures: u32, first: u64, now: u64) -> u64 {
        match self {
            // minimal_backoff_time=300s, doubling, maximal_backoff_time=4000s.
            Profile::Postfix => (300u64 << failures.saturating_sub(1).min(8)).min(4000),
            Profile::Exim => exim_backoff(now - first, failures),
            // RFC 5321 §4.5.4.1: at least 30 minutes.
            Profile::Rfc => 1800,
        }
    }

    /// The retry rule in words, for the trace.
    pub fn schedule(self) -> &'static str {
        match self {
            Profile::Postfix => {
                "Postfix backs off from 300 s, doubling up to 4000 s, for up to 5 days"
            }
            Profile::Exim => {
                "Exim's default rule F,2h,15m; G,16h,1h,1.5; F,4d,6h gives up after 4 days"
            }
            Profile::Rfc => {
                "RFC 5321 asks for at least 30 minutes between tries and 4-5 days before giving up"
            }
        }
    }
}

/// Exim's default retry rule `F,2h,15m; G,16h,1h,1.5; F,4d,6h`: every 15 minutes for
/// the first 2 hours, then from 1 hour growing by 1.5 up to 16 hours, then every 6 hours.
fn exim_backoff(age: u64, failures: u32) -> u64 {
    const FIXED_END: u64 = 2 * 3600;
    if age < FIXED_END {
        return 900;
    }
    if age < 16 * 3600 {
        // Failures already spent in the first rule: one every 15 minutes.
        let in_first = (FIXED_END / 900) as u32;
        let step = failures.saturating_sub(in_first + 1).min(20);
        return (3600.0 * 1.5f64.powi(step as i32)) as u64;
    }
    6 * 3600
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postfix_doubles_from_300_to_4000_seconds_r1_10() {
        let waits: Vec<u64> = (1..=7).map(|n| Profile::Postfix.backoff(n, 0, 0)).collect();
        assert_eq!(waits, vec![300, 600, 1200, 2400, 4000, 4000, 4000]);
    }

    #[test]
    fn exim_follows_its_default_retry_rule_r1_10() {
        assert_eq!(Profile::Exim.backoff(1, 0, 0), 900);
        assert_eq!(Profile::Exim.backoff(9, 0, 2 * 3600), 3600);
        assert_eq!(Profile::Exim.backoff(10, 0, 3 * 3600), 5400);
        assert_eq!(Profile::Exim.backoff(20, 0, 17 * 3600), 6 * 3600);
    }

    #[test]
    fn the_5xx_greeting_is_where_profiles_differ_mx_rules_4() {
        assert_eq!(Profile::Postfix.after(Failure::Greeting5xx), Next::NextHost);
        assert_eq!(
            Profile::Exim.after(Failure::Greeting5xx),
            Next::NextHostLastDecides
        );
        assert_eq!(
            Profile::Rfc.after(Failure::Greeting5xx),
            Next::NextHostThenBounce
        );
    }

    #[test]
    fn every_sender_tries_the_next_host_after_a_4xx_mx_rules_4() {
        for profile in [Profile::Postfix, Profile::Exim, Profile::Rfc] {
            assert_eq!(profile.after(Failure::Rcpt4xx), Next::NextHost);
            assert_eq!(profile.after(Failure::Data4xx), Next::NextHost);
        }
        assert_eq!(Profile::Postfix.after(Failure::Rcpt5xx), Next::Bounce);
    }
}
