//! One loaded zone: its records with their source lines, and what the simulator
//! needs to know about the mail servers it names.

use crate::ground::Pos;
use hickory_proto::rr::{Name, Record};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Check, HostState};

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

impl Zone {
    /// The zone as learners see it listed (questions, the lab, preview, exports):
    /// its master-file lines numbered from the zone's first line, 1, whatever line
    /// of its file (a YAML `records:` block) the text starts on.
    pub fn listing(&self) -> Vec<(u32, String)> {
        (1..).zip(self.text.lines().map(str::to_string)).collect()
    }

    /// The listing's number of a line of the file (diagnostics keep file lines).
    pub fn listing_line(&self, file_line: u32) -> u32 {
        (file_line + 1).saturating_sub(self.first_line)
    }

    /// What the listing is headed with: the zone's name, which is the `$ORIGIN`
    /// its lines start from, so `@` (and every name without a final dot) is read
    /// from it.
    pub fn heading(&self) -> String {
        zone_heading(&self.origin.to_string())
    }
}

/// The heading of a zone listing for the zone named `origin` (with its final dot).
pub fn zone_heading(origin: &str) -> String {
    format!("Zone {origin}  (the $ORIGIN: @ means this name)")
}
