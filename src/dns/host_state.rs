//! Each host state in one table (mx-rules.md §4): its name in zone files, banks and
//! on the command line, its words for authors (the JSON Schema) and for learners
//! (the picture's label), how severe the picture shows it, and what the host does
//! when a sender connects. Parsing and printing the name, the schema, the SMTP
//! conversation (`delivery::smtp`), the topology, the SVG and the live MTA harness
//! (`tests/mta`) all read [`TABLE`]; no code branches on a state.
//!
//! The table sits in `dns` because zone files set states (`MailServer::state`) and
//! `dns` is the lowest layer that holds them. What the *host* does is plain data
//! here ([`Smtp`]); what the *sender* does about it, which differs per MTA
//! profile, stays in `delivery` (`Profile::after`), keyed by the §4 row the
//! host's reply falls in (`Failure::of`), so a state whose reply falls in an
//! existing row needs nothing there.

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Deserializer, EnumAccess, VariantAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::borrow::Cow;
use std::fmt;

/// How a mail host answers an SMTP client. What each state means, its name and
/// everything else about it is its row in [`TABLE`]: a new state is a variant at
/// the end here and its row at the end of the table ([`HostState::descriptor`]
/// finds a state's row by its place; a check below refuses rows out of order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum HostState {
    #[default]
    Up,
    Down,
    Timeout,
    Greet4xx,
    Greet5xx,
    Rcpt4xx,
    Rcpt5xx,
    Data4xx,
    Data5xx,
}

/// One state, everything about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Descriptor {
    /// The state.
    pub state: HostState,
    /// Its name in zone files, banks and `--state HOST=STATE`: parsed and printed
    /// from here only.
    pub name: &'static str,
    /// What it means, for authors (the JSON Schema's description).
    pub about: &'static str,
    /// How the learner reads it in the picture, with a mark so that colour is
    /// never the only sign (`✓ up`).
    pub label: &'static str,
    /// How the topology colours it.
    pub severity: Severity,
    /// What the host does when a sender connects.
    pub smtp: Smtp,
}

/// How bad a state looks in the picture. The label's mark says the same without
/// colour (✓, ⚠ or ⏱, ✗).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Severity {
    /// Works (green).
    Fine,
    /// Holds the message up for now (yellow).
    Warning,
    /// Refuses the connection, or the message for good with a 5xx reply (red).
    Failing,
}

/// What a host does when a sender connects (mx-rules.md §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Smtp {
    /// Takes the message, if it accepts the recipient's domain.
    Accepts,
    /// Refuses the connection.
    Refuses,
    /// Never answers the connection: the sender gives up at its connect timeout.
    Silent,
    /// Answers `Reply` at `Stage` instead of going on.
    Replies(Stage, Reply),
}

/// Where in the conversation a host refuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Instead of the 220 greeting (the reply names the host).
    Greeting,
    /// At `RCPT TO` (the reply names the recipient).
    Rcpt,
    /// At the end of the message data.
    Data,
}

/// An SMTP reply that is not a success.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reply {
    /// The reply code: 4xx for now, 5xx for good.
    pub code: u16,
    /// The enhanced status code (RFC 3463), which the DSN reports.
    pub dsn: &'static str,
    /// The text after the codes (and after the host or recipient the stage names).
    pub text: &'static str,
}

impl Reply {
    /// A 5xx reply: the sender must not repeat the request (R1.11).
    pub const fn permanent(&self) -> bool {
        self.code >= 500
    }

    /// The reply line as the host says it at `stage`: a greeting names the host,
    /// a reply to RCPT the recipient (`named`), a reply after DATA nothing.
    pub fn line(&self, stage: Stage, named: &str) -> String {
        let Reply { code, dsn, text } = self;
        match stage {
            Stage::Greeting => format!("{code} {dsn} {named} {text}"),
            Stage::Rcpt => format!("{code} {dsn} <{named}>: {text}"),
            Stage::Data => format!("{code} {dsn} {text}"),
        }
    }
}

const fn reply(stage: Stage, code: u16, dsn: &'static str, text: &'static str) -> Smtp {
    Smtp::Replies(stage, Reply { code, dsn, text })
}

/// Every state, in the order of the enum (the simulator's `s` key cycles through
/// them in this order).
pub const TABLE: &[Descriptor] = &[
    Descriptor {
        state: HostState::Up,
        name: "up",
        about: "Accepts mail (for the domains it accepts).",
        label: "✓ up",
        severity: Severity::Fine,
        smtp: Smtp::Accepts,
    },
    Descriptor {
        state: HostState::Down,
        name: "down",
        about: "Connection refused.",
        label: "✗ down",
        severity: Severity::Failing,
        smtp: Smtp::Refuses,
    },
    Descriptor {
        state: HostState::Timeout,
        name: "timeout",
        about: "Connection times out.",
        label: "⏱ timeout",
        severity: Severity::Warning,
        smtp: Smtp::Silent,
    },
    Descriptor {
        state: HostState::Greet4xx,
        name: "greet-4xx",
        about: "Greets with a 4xx reply.",
        label: "⚠ 4xx greeting",
        severity: Severity::Warning,
        smtp: reply(
            Stage::Greeting,
            421,
            "4.3.2",
            "Service not available, try again later",
        ),
    },
    Descriptor {
        state: HostState::Greet5xx,
        name: "greet-5xx",
        about: "Greets with a 5xx reply (554).",
        label: "✗ 5xx greeting",
        severity: Severity::Failing,
        smtp: reply(Stage::Greeting, 554, "5.3.2", "No SMTP service here"),
    },
    Descriptor {
        state: HostState::Rcpt4xx,
        name: "rcpt-4xx",
        about: "Answers RCPT TO with a 4xx reply.",
        label: "⚠ 4xx at RCPT",
        severity: Severity::Warning,
        smtp: reply(
            Stage::Rcpt,
            450,
            "4.2.0",
            "Recipient address rejected: try again later",
        ),
    },
    Descriptor {
        state: HostState::Rcpt5xx,
        name: "rcpt-5xx",
        about: "Answers RCPT TO with a 5xx reply.",
        label: "✗ 5xx at RCPT",
        severity: Severity::Failing,
        smtp: reply(
            Stage::Rcpt,
            550,
            "5.1.1",
            "Recipient address rejected: User unknown",
        ),
    },
    Descriptor {
        state: HostState::Data4xx,
        name: "data-4xx",
        about: "Answers the end of DATA with a 4xx reply.",
        label: "⚠ 4xx after DATA",
        severity: Severity::Warning,
        smtp: reply(Stage::Data, 451, "4.3.0", "Error: queue file write error"),
    },
    Descriptor {
        state: HostState::Data5xx,
        name: "data-5xx",
        about: "Answers the end of DATA with a 5xx reply.",
        label: "✗ 5xx after DATA",
        severity: Severity::Failing,
        smtp: reply(
            Stage::Data,
            554,
            "5.7.1",
            "Message rejected: content refused by policy",
        ),
    },
];

// Row i describes the state whose discriminant is i, so `descriptor` can index.
const _: () = {
    let mut i = 0;
    while i < TABLE.len() {
        assert!(
            TABLE[i].state as usize == i,
            "TABLE rows must follow the order of HostState"
        );
        i += 1;
    }
};

const COUNT: usize = TABLE.len();

const fn names() -> [&'static str; COUNT] {
    let mut out = [""; COUNT];
    let mut i = 0;
    while i < COUNT {
        out[i] = TABLE[i].name;
        i += 1;
    }
    out
}

const fn states() -> [HostState; COUNT] {
    let mut out = [HostState::Up; COUNT];
    let mut i = 0;
    while i < COUNT {
        out[i] = TABLE[i].state;
        i += 1;
    }
    out
}

/// The names alone, for serde's "expected one of" message.
const VARIANT_NAMES: [&str; COUNT] = names();

impl HostState {
    /// Every state, in table order.
    pub const ALL: [HostState; COUNT] = states();

    /// This state's row of [`TABLE`].
    pub const fn descriptor(self) -> &'static Descriptor {
        &TABLE[self as usize]
    }

    /// Its name in zone files and on the command line (`greet-4xx`).
    pub const fn name(self) -> &'static str {
        self.descriptor().name
    }

    /// Its label in the picture (`⚠ 4xx greeting`).
    pub const fn label(self) -> &'static str {
        self.descriptor().label
    }

    /// How the picture colours it.
    pub const fn severity(self) -> Severity {
        self.descriptor().severity
    }

    /// What the host does when a sender connects.
    pub const fn smtp(self) -> Smtp {
        self.descriptor().smtp
    }

    /// The host takes no connection at all (refused or silent): as a name server
    /// it answers no query either (R1.3).
    pub const fn unreachable(self) -> bool {
        matches!(self.smtp(), Smtp::Refuses | Smtp::Silent)
    }

    /// The state written exactly `name`, as zone files and banks must.
    pub fn named(name: &str) -> Option<HostState> {
        TABLE.iter().find(|d| d.name == name).map(|d| d.state)
    }
}

/// The command line's `--state HOST=STATE`: any case.
impl std::str::FromStr for HostState {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        let found = TABLE.iter().find(|d| d.name.eq_ignore_ascii_case(text));
        found.map(|d| d.state).ok_or_else(|| {
            format!(
                "unknown state '{text}' (use one of {})",
                VARIANT_NAMES.join(", ")
            )
        })
    }
}

impl fmt::Display for HostState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for HostState {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_unit_variant("HostState", *self as u32, self.name())
    }
}

/// Reads a state as serde reads a unit enum: its exact name, else "unknown
/// variant `x`, expected one of `up`, …" (the words `check` has always shown).
impl<'de> Deserialize<'de> for HostState {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_enum("HostState", &VARIANT_NAMES, StateVisitor)
    }
}

struct StateVisitor;

impl<'de> Visitor<'de> for StateVisitor {
    type Value = HostState;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("enum HostState")
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<HostState, A::Error> {
        let (Named(state), variant) = data.variant()?;
        variant.unit_variant()?;
        Ok(state)
    }
}

/// A state's name, as the variant of an enum.
struct Named(HostState);

impl<'de> Deserialize<'de> for Named {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_identifier(NameVisitor)
    }
}

struct NameVisitor;

impl Visitor<'_> for NameVisitor {
    type Value = Named;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("variant identifier")
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<Named, E> {
        HostState::named(name)
            .map(Named)
            .ok_or_else(|| E::unknown_variant(name, &VARIANT_NAMES))
    }
}

/// The schema editors validate zone files and banks with: one `const` per row.
impl JsonSchema for HostState {
    fn schema_name() -> Cow<'static, str> {
        "HostState".into()
    }

    fn schema_id() -> Cow<'static, str> {
        concat!(module_path!(), "::HostState").into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let one_of: Vec<serde_json::Value> = TABLE
            .iter()
            .map(|d| serde_json::json!({"description": d.about, "type": "string", "const": d.name}))
            .collect();
        json_schema!({
            "description": "How a mail host answers an SMTP client (mx-rules.md §4).",
            "oneOf": one_of,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_is_read_back_from_the_name_it_prints() {
        for state in HostState::ALL {
            assert_eq!(HostState::named(state.name()), Some(state));
            assert_eq!(state.name().parse::<HostState>(), Ok(state));
            assert_eq!(state.to_string(), state.name());
        }
        assert_eq!("GREET-4XX".parse::<HostState>(), Ok(HostState::Greet4xx));
        assert_eq!(HostState::named("Down"), None, "zone files are exact");
    }

    #[test]
    fn names_and_labels_are_distinct() {
        for (i, a) in TABLE.iter().enumerate() {
            for b in &TABLE[i + 1..] {
                assert_ne!(a.name, b.name);
                assert_ne!(a.label, b.label);
            }
        }
    }

    /// A reply's class, its DSN's class and its severity agree: 4xx replies hold
    /// the message up (a warning), 5xx replies refuse it (RFC 3463, R1.11).
    #[test]
    fn replies_agree_with_their_dsn_and_severity() {
        for d in TABLE {
            if let Smtp::Replies(_, reply) = d.smtp {
                assert!((400..600).contains(&reply.code), "{}", d.name);
                let class = if reply.permanent() { "5." } else { "4." };
                assert!(reply.dsn.starts_with(class), "{}", d.name);
                let severity = if reply.permanent() {
                    Severity::Failing
                } else {
                    Severity::Warning
                };
                assert_eq!(d.severity, severity, "{}", d.name);
            }
        }
    }

    /// Colour is never the only sign: the label's mark matches the severity.
    #[test]
    fn each_label_is_marked_as_its_severity() {
        for d in TABLE {
            let marks: &[&str] = match d.severity {
                Severity::Fine => &["✓"],
                Severity::Warning => &["⚠", "⏱"],
                Severity::Failing => &["✗"],
            };
            assert!(
                marks.iter().any(|m| d.label.starts_with(m)),
                "{}: {}",
                d.name,
                d.label
            );
        }
    }

    /// docs/authoring.md's table of states names every state.
    #[test]
    fn the_authoring_guide_lists_every_state() {
        let guide = include_str!("../../docs/authoring.md");
        let listed: Vec<&str> = guide
            .lines()
            .filter_map(|l| l.strip_prefix("| `"))
            .filter_map(|l| l.split_once("` |").map(|(name, _)| name))
            .filter(|name| name.contains(|c: char| c.is_ascii_lowercase()))
            .collect();
        for d in TABLE {
            assert!(
                listed.contains(&d.name),
                "docs/authoring.md lacks `{}`",
                d.name
            );
        }
    }
}
