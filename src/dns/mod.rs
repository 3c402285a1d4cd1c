//! The simulated DNS: zones, the world they form, authoritative lookups and the
//! MX linter. Pure: no sockets, no clock.

pub mod generic_rdata;
pub mod host_state;
pub mod lint;
pub mod message;
pub mod name_map;
pub mod tools;
mod world;
mod zone;

pub use host_state::HostState;
pub use lint::{Check, Finding, lint_zone};
pub use world::{Lookup, Rcode, World};
pub use zone::{MailServer, Zone, ZoneRecord, zone_heading};
