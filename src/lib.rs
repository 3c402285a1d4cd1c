//! mxdrill: a terminal trainer for DNS MX records and email routing.
//!
//! Data flows one way: disk → [`content`] → [`content::Library`] (banks and the
//! [`dns::World`]) → lookups, the linter, and later the simulator and the app.

pub mod calendar;
pub mod content;
pub mod delivery;
pub mod dns;
pub mod export;
pub mod ground;
pub mod kind;
pub mod lab;
pub mod platform;
pub mod play;
pub mod progress;
pub mod quiz;
pub mod tui;
