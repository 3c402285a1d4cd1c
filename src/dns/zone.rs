//! One loaded zone: its records with their source lines, and what the simulator
//! needs to know about the mail servers it names.

use crate::ground::Pos;
use hickory_proto::rr::{Name, Record};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Check;

/// A record and where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct ZoneRecord {
    /// The record, as hickory-proto encodes it.
    pub record: Record,
    /// Line and column of the record's first token in its file.
    pub pos: Pos,
    /// For MX: the exchange exactly as written (BIND's "MX is an address" check, L1,
    /// looks at the text: `192.0.2.25` and `192.0.2.25.` both count).
    pub exchange_token: Option<Box<str>>,
}

/// How a mail host answers an SMTP client (mx-rules.md §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum HostState {
    /// Accepts mail (for the domains it accepts).
    #[default]
    Up,
    /// Connection refused.
    Down,
    /// Connection times out.
    Timeout,
    /// Greets with a 4xx reply.
    #[serde(rename = "greet-4xx")]
    Greet4xx,
    /// Greets with a 5xx reply (554).
    #[serde(rename = "greet-5xx")]
    Greet5xx,
    /// Answers RCPT TO with a 4xx reply.
    #[serde(rename = "rcpt-4xx")]
    Rcpt4xx,
    /// Answers RCPT TO with a 5xx reply.
    #[serde(rename = "rcpt-5xx")]
    Rcpt5xx,
    /// Answers the end of DATA with a 4xx reply.
    #[serde(rename = "data-4xx")]
    Data4xx,
    /// Answers the end of DATA with a 5xx reply.
    #[serde(rename = "data-5xx")]
    Data5xx,
}

impl HostState {
    /// Every state, by the name used in zone files and on the command line.
    pub const NAMES: [(&'static str, HostState); 9] = [
        ("up", HostState::Up),
        ("down", HostState::Down),
        ("timeout", HostState::Timeout),
        ("greet-4xx", HostState::Greet4xx),
        ("greet-5xx", HostState::Greet5xx),
        ("rcpt-4xx", HostState::Rcpt4xx),
        ("rcpt-5xx", HostState::Rcpt5xx),
        ("data-4xx", HostState::Data4xx),
        ("data-5xx", HostState::Data5xx),
    ];
}

impl std::str::FromStr for HostState {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        let found = HostState::NAMES
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(text));
        found.map(|(_, state)| *state).ok_or_else(|| {
            let names: Vec<&str> = HostState::NAMES.iter().map(|(name, _)| *name).collect();
            format!("unknown state '{text}' (use one of {})", names.join(", "))
        })
    }
}

/// What a zone file says about one mail host.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MailServer {
    /// The mail domains this server accepts; absent means any domain. A server that
    /// does not accept the recipient's domain answers RCPT with 550 5.7.1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepts: Option<Vec<String>>,
    /// How the server behaves; absent means `up`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<HostState>,
    /// How long `state` lasts from the moment the message is queued, such as `2h`
    /// or `90m`; afterwards the server is up. Absent: for the whole simulation.
    #[serde(default, rename = "for", skip_serializing_if = "Option::is_none")]
    pub lasts_text: Option<String>,
    /// `for` in seconds (filled in when the zone is loaded).
    #[serde(skip)]
    #[schemars(skip)]
    pub lasts: Option<u64>,
}

/// A zone of the world.
#[derive(Debug, Clone)]
pub struct Zone {
    /// The zone's name (its apex).
    pub origin: Name,
    /// The file it came from.
    pub path: String,
    /// A one-line title for menus.
    pub title: Option<String>,
    /// The scenario in words.
    pub description: Option<String>,
    /// Defects the zone contains on purpose (for troubleshooting questions).
    pub defects: Vec<Check>,
    /// The records, in file order.
    pub records: Vec<ZoneRecord>,
    /// Mail hosts and their behaviour, by host name.
    pub mail_servers: Vec<(Name, MailServer)>,
    /// The master-file text, for excerpts.
    pub text: String,
    /// The file line of the text's first line.
    pub first_line: u32,
}
