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
    let target = format!("{host}[{address}]:25");
    let mut lines = Vec::new();
    let done = |lines, ending, greeted, seconds| Conversation {
        lines,
        ending,
        greeted,
        handshake: greeted,
        seconds,
    };
    let refused_greeting = |lines, ending| Conversation {
        lines,
        ending,
        greeted: true,
        handshake: false,
        seconds: 1,
    };
    match state {
        HostState::Down => {
            lines.push(format!("connect to {target}: Connection refused"));
            return done(
                lines,
                Ending::Failed(
                    Failure::Connect,
                    "4.4.1",
                    format!("connect to {target}: Connection refused"),
                ),
                false,
                0,
            );
        }
        HostState::Timeout => {
            lines.push(format!(
                "connect to {target}: Connection timed out (after {connect_timeout} s)"
            ));
            return done(
                lines,
                Ending::Failed(
                    Failure::Connect,
                    "4.4.1",
                    format!("connect to {target}: Connection timed out"),
                ),
                false,
                connect_timeout,
            );
        }
        HostState::Greet4xx => {
            let reply = format!("421 4.3.2 {host} Service not available, try again later");
            lines.push(format!("S: {reply}"));
            return refused_greeting(lines, Ending::Failed(Failure::Greeting4xx, "4.3.2", reply));
        }
        HostState::Greet5xx => {
            let reply = format!("554 5.3.2 {host} No SMTP service here");
            lines.push(format!("S: {reply}"));
            return refused_greeting(lines, Ending::Failed(Failure::Greeting5xx, "5.3.2", reply));
        }
        _ => {}
    }
    lines.push(format!("S: 220 {host} ESMTP"));
    lines.push(format!("C: EHLO {}", client.helo));
    lines.push(format!("S: 250 {host}"));
    lines.push(format!("C: MAIL FROM:<{}>", client.from));
    lines.push("S: 250 2.1.0 Ok".into());
    lines.push(format!("C: RCPT TO:<{}>", client.to));
    let rcpt = if !accepts {
        Some((
            Failure::Rcpt5xx,
            "5.7.1",
            "550 5.7.1 Relaying denied".to_string(),
        ))
    } else {
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
    };
    if let Some((failure, dsn, reply)) = rcpt {
        lines.push(format!("S: {reply}"));
        lines.push("C: QUIT".into());
        return done(lines, Ending::Failed(failure, dsn, reply), true, 1);
    }
    lines.push("S: 250 2.1.5 Ok".into());
    lines.push("C: DATA".into());
    lines.push("S: 354 End data with <CR><LF>.<CR><LF>".into());
    lines.push("C: (the message) .".into());
    let end = match state {
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
    };
    let ending = match end {
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
    done(lines, ending, true, 1)
}
