//! One SMTP conversation with one mail host in a given state (mx-rules.md §4):
//! the lines the real servers say, and what the sender makes of them.

use super::profile::Failure;
use crate::dns::HostState;
use crate::dns::host_state::{Smtp, Stage};
use std::net::IpAddr;

/// The sender's side of the conversation.
pub struct Client<'a> {
    /// The name the sender gives in EHLO.
    pub helo: &'a str,
    /// The envelope sender.
    pub from: &'a str,
    /// The envelope recipient.
    pub to: &'a str,
}

/// How a conversation ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ending {
    /// The message was accepted.
    Accepted,
    /// A failure: which row of §4, the DSN status and the reply (or error) text.
    Failed(Failure, &'static str, String),
}

/// A conversation: its transcript, how it ended, whether the server greeted
/// (Postfix's session limit counts only those), and how long it took.
pub struct Conversation {
    /// `S:` and `C:` lines, or the connection error.
    pub lines: Vec<String>,
    /// Accepted or failed.
    pub ending: Ending,
    /// The server sent a greeting line (any reply code).
    pub greeted: bool,
    /// The server greeted with 220: the initial handshake completed, so Postfix
    /// counts this as a session (smtp_mx_session_limit ignores the others).
    pub handshake: bool,
    /// Seconds spent.
    pub seconds: u64,
}

/// Talks to `host` at `address`, which is in `state` and accepts mail for the
/// recipient's domain or not (550 5.7.1 relaying denied: the misconfigured backup MX).
/// What the host says comes from the state's row of `dns::host_state::TABLE`.
pub fn converse(
    host: &str,
    address: IpAddr,
    state: HostState,
    accepts: bool,
    client: &Client,
    connect_timeout: u64,
) -> Conversation {
    let smtp = state.smtp();
    if let Some(ended) = before_greeting(host, address, smtp, connect_timeout) {
        return ended;
    }
    let done = |lines, ending| Conversation {
        lines,
        ending,
        greeted: true,
        handshake: true,
        seconds: 1,
    };
    let mut lines = vec![
        format!("S: 220 {host} ESMTP"),
        format!("C: EHLO {}", client.helo),
        format!("S: 250 {host}"),
        format!("C: MAIL FROM:<{}>", client.from),
        "S: 250 2.1.0 Ok".into(),
        format!("C: RCPT TO:<{}>", client.to),
    ];
    if let Some((failure, dsn, reply)) = rcpt_refusal(smtp, accepts, client) {
        lines.push(format!("S: {reply}"));
        lines.push("C: QUIT".into());
        return done(lines, Ending::Failed(failure, dsn, reply));
    }
    lines.push("S: 250 2.1.5 Ok".into());
    lines.push("C: DATA".into());
    lines.push("S: 354 End data with <CR><LF>.<CR><LF>".into());
    lines.push("C: (the message) .".into());
    let ending = match refusal_at(Stage::Data, smtp, "") {
        Some((failure, dsn, reply)) => {
            lines.push(format!("S: {reply}"));
            Ending::Failed(failure, dsn, reply)
        }
        None => {
            lines.push("S: 250 2.0.0 Ok: queued as 4F7C21A3".into());
            Ending::Accepted
        }
    };
    lines.push("C: QUIT".into());
    done(lines, ending)
}

/// A host that never gets to EHLO: the connection is refused or times out, or the
/// greeting is a 4xx or 5xx. `None`: it greets with 220.
fn before_greeting(
    host: &str,
    address: IpAddr,
    smtp: Smtp,
    connect_timeout: u64,
) -> Option<Conversation> {
    let target = format!("{host}[{address}]:25");
    // The error goes into the DSN; the transcript also says how long it waited.
    let unconnected = |error: &str, waited: String, seconds| Conversation {
        lines: vec![format!("connect to {target}: {error}{waited}")],
        ending: Ending::Failed(
            Failure::Connect,
            "4.4.1",
            format!("connect to {target}: {error}"),
        ),
        greeted: false,
        handshake: false,
        seconds,
    };
    match smtp {
        Smtp::Refuses => Some(unconnected("Connection refused", String::new(), 0)),
        Smtp::Silent => Some(unconnected(
            "Connection timed out",
            format!(" (after {connect_timeout} s)"),
            connect_timeout,
        )),
        Smtp::Accepts | Smtp::Replies(..) => {
            let (failure, dsn, reply) = refusal_at(Stage::Greeting, smtp, host)?;
            Some(Conversation {
                lines: vec![format!("S: {reply}")],
                ending: Ending::Failed(failure, dsn, reply),
                greeted: true,
                handshake: false,
                seconds: 1,
            })
        }
    }
}

/// The reply to RCPT TO when it is not 250: the domain is not accepted here (5xx,
/// R1.11), or the host's state refuses the recipient.
fn rcpt_refusal(
    smtp: Smtp,
    accepts: bool,
    client: &Client,
) -> Option<(Failure, &'static str, String)> {
    if !accepts {
        return Some((
            Failure::Rcpt5xx,
            "5.7.1",
            "550 5.7.1 Relaying denied".to_string(),
        ));
    }
    refusal_at(Stage::Rcpt, smtp, client.to)
}

/// The host's refusal at `stage`, if its state refuses there: the §4 row, the DSN
/// and the reply line (naming the host at the greeting, the recipient at RCPT).
fn refusal_at(stage: Stage, smtp: Smtp, named: &str) -> Option<(Failure, &'static str, String)> {
    match smtp {
        Smtp::Replies(at, reply) if at == stage => Some((
            Failure::at(stage, reply.permanent()),
            reply.dsn,
            reply.line(stage, named),
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::delivery::{Next, Profile};

    /// One state as mx-rules.md §4 describes it.
    struct Fact {
        state: &'static str,
        /// The reply the host gives, or the connection error, as the real servers
        /// say it (the lines `tests/mta` compared with Postfix and Exim).
        says: &'static str,
        /// The §4 row and DSN; `None`: delivered.
        fails: Option<(Failure, &'static str)>,
        /// What Postfix, Exim and the RFC text do next.
        then: Option<[Next; 3]>,
        seconds: u64,
    }

    const TARGET: &str = "connect to mx.example.com[192.0.2.25]:25";

    /// Every state, as the simulator has said it since tests/mta measured it.
    fn facts() -> [Fact; 9] {
        use Failure::*;
        use Next::*;
        let fact = |state, says, fails, then, seconds| Fact {
            state,
            says,
            fails,
            then,
            seconds,
        };
        [
            fact("up", "S: 250 2.0.0 Ok: queued as 4F7C21A3", None, None, 1),
            fact(
                "down",
                "{target}: Connection refused",
                Some((Connect, "4.4.1")),
                Some([NextHost; 3]),
                0,
            ),
            fact(
                "timeout",
                "{target}: Connection timed out (after 30 s)",
                Some((Connect, "4.4.1")),
                Some([NextHost; 3]),
                30,
            ),
            fact(
                "greet-4xx",
                "S: 421 4.3.2 mx.example.com Service not available, try again later",
                Some((Greeting4xx, "4.3.2")),
                Some([NextHost; 3]),
                1,
            ),
            fact(
                "greet-5xx",
                "S: 554 5.3.2 mx.example.com No SMTP service here",
                Some((Greeting5xx, "5.3.2")),
                Some([NextHost, NextHostLastDecides, NextHostThenBounce]),
                1,
            ),
            fact(
                "rcpt-4xx",
                "S: 450 4.2.0 <bob@example.com>: Recipient address rejected: try again later",
                Some((Rcpt4xx, "4.2.0")),
                Some([NextHost; 3]),
                1,
            ),
            fact(
                "rcpt-5xx",
                "S: 550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown",
                Some((Rcpt5xx, "5.1.1")),
                Some([Bounce; 3]),
                1,
            ),
            fact(
                "data-4xx",
                "S: 451 4.3.0 Error: queue file write error",
                Some((Data4xx, "4.3.0")),
                Some([NextHost; 3]),
                1,
            ),
            fact(
                "data-5xx",
                "S: 554 5.7.1 Message rejected: content refused by policy",
                Some((Data5xx, "5.7.1")),
                Some([Bounce; 3]),
                1,
            ),
        ]
    }

    /// What each state makes the host say, how the conversation ends, how long it
    /// took, and what each sender does next (mx-rules.md §4).
    #[test]
    fn each_state_behaves_as_mx_rules_4_says() {
        let client = Client {
            helo: "sender.example",
            from: "alice@sender.example",
            to: "bob@example.com",
        };
        let facts = facts();
        assert_eq!(
            facts.len(),
            HostState::ALL.len(),
            "a state without its facts"
        );
        for fact in facts {
            let name = fact.state;
            let state: HostState = name.parse().expect("a state");
            let talk = converse(
                "mx.example.com",
                [192, 0, 2, 25].into(),
                state,
                true,
                &client,
                30,
            );
            let says = fact.says.replace("{target}", TARGET);
            assert!(talk.lines.contains(&says), "{name}: {:?}", talk.lines);
            let ending = match fact.fails {
                None => Ending::Accepted,
                // The reason is the reply, or the connection error without the wait.
                Some((failure, dsn)) => Ending::Failed(
                    failure,
                    dsn,
                    says.trim_start_matches("S: ")
                        .trim_end_matches(" (after 30 s)")
                        .to_string(),
                ),
            };
            assert_eq!(talk.ending, ending, "{name}");
            assert_eq!(talk.seconds, fact.seconds, "{name}");
            let connected = !matches!(name, "down" | "timeout");
            assert_eq!(talk.greeted, connected, "{name}");
            assert_eq!(
                talk.handshake,
                connected && !name.starts_with("greet"),
                "{name}"
            );
            let profiles = [Profile::Postfix, Profile::Exim, Profile::Rfc];
            let then = Failure::of(state).map(|f| profiles.map(|p| p.after(f)));
            assert_eq!(Failure::of(state), fact.fails.map(|f| f.0), "{name}");
            assert_eq!(then, fact.then, "{name}");
        }
    }

    /// A host that does not accept the domain refuses at RCPT whatever its state
    /// says about later stages (R1.11).
    #[test]
    fn a_host_that_refuses_the_domain_says_relaying_denied() {
        let client = Client {
            helo: "h",
            from: "a@b",
            to: "bob@example.com",
        };
        for state in [HostState::Up, HostState::Data5xx, HostState::Rcpt4xx] {
            let talk = converse("mx", [192, 0, 2, 1].into(), state, false, &client, 30);
            assert_eq!(
                talk.ending,
                Ending::Failed(
                    Failure::Rcpt5xx,
                    "5.7.1",
                    "550 5.7.1 Relaying denied".into()
                )
            );
        }
    }
}
