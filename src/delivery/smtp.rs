//! One SMTP conversation with one mail host in a given state (mx-rules.md §4):
//! the lines the real servers say, and what the sender makes of them.

use super::profile::Failure;
use crate::dns::HostState;
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
pub fn converse(
    host: &str,
    address: IpAddr,
    state: HostState,
    accepts: bool,
    client: &Client,
    connect_timeout: u64,
) -> Conversation {
    if let Some(ended) = before_greeting(host, address, state, connect_timeout) {
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
    if let Some((failure, dsn, reply)) = rcpt_refusal(state, accepts, client) {
        lines.push(format!("S: {reply}"));
        lines.push("C: QUIT".into());
        return done(lines, Ending::Failed(failure, dsn, reply));
    }
    lines.push("S: 250 2.1.5 Ok".into());
    lines.push("C: DATA".into());
    lines.push("S: 354 End data with <CR><LF>.<CR><LF>".into());
    lines.push("C: (the message) .".into());
    let ending = match data_refusal(state) {
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
    state: HostState,
    connect_timeout: u64,
) -> Option<Conversation> {
    let target = format!("{host}[{address}]:25");
    let unconnected = |said: String, seconds| Conversation {
        lines: vec![said],
        ending: Ending::Failed(
            Failure::Connect,
            "4.4.1",
            match state {
                HostState::Down => format!("connect to {target}: Connection refused"),
                _ => format!("connect to {target}: Connection timed out"),
            },
        ),
        greeted: false,
        handshake: false,
        seconds,
    };
    let refused_greeting = |failure, dsn, reply: String| Conversation {
        lines: vec![format!("S: {reply}")],
        ending: Ending::Failed(failure, dsn, reply),
        greeted: true,
        handshake: false,
        seconds: 1,
    };
    match state {
        HostState::Down => Some(unconnected(
            format!("connect to {target}: Connection refused"),
            0,
        )),
        HostState::Timeout => Some(unconnected(
            format!("connect to {target}: Connection timed out (after {connect_timeout} s)"),
            connect_timeout,
        )),
        HostState::Greet4xx => Some(refused_greeting(
            Failure::Greeting4xx,
            "4.3.2",
            format!("421 4.3.2 {host} Service not available, try again later"),
        )),
        HostState::Greet5xx => Some(refused_greeting(
            Failure::Greeting5xx,
            "5.3.2",
            format!("554 5.3.2 {host} No SMTP service here"),
        )),
        _ => None,
    }
}

/// The reply to RCPT TO when it is not 250: the domain is not accepted here (5xx,
/// R1.11), or the host's state refuses the recipient.
fn rcpt_refusal(
    state: HostState,
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
    match state {
        HostState::Rcpt4xx => Some((
            Failure::Rcpt4xx,
            "4.2.0",
            format!(
                "450 4.2.0 <{}>: Recipient address rejected: try again later",
                client.to
            ),
        )),
        HostState::Rcpt5xx => Some((
            Failure::Rcpt5xx,
            "5.1.1",
            format!(
                "550 5.1.1 <{}>: Recipient address rejected: User unknown",
                client.to
            ),
        )),
        _ => None,
    }
}

/// The reply after the message data when it is not 250.
fn data_refusal(state: HostState) -> Option<(Failure, &'static str, String)> {
    match state {
        HostState::Data4xx => Some((
            Failure::Data4xx,
            "4.3.0",
            "451 4.3.0 Error: queue file write error".to_string(),
        )),
        HostState::Data5xx => Some((
            Failure::Data5xx,
            "5.7.1",
            "554 5.7.1 Message rejected: content refused by policy".to_string(),
        )),
        _ => None,
    }
}
