//! The application layer every front end shares: the CLI commands, the plain line
//! mode and the terminal app ask it for content, a delivery, a session or a parsed
//! answer, so that they decide nothing twice. Pure like the engines: the clock and
//! the seeds are passed in; no terminal, no sockets.

pub mod class;
pub mod console;
pub mod desk;
pub mod exam;
pub mod input;
pub mod inspect;
pub mod keeper;
pub mod library;
pub mod line;
pub mod picture;
pub mod plain;
pub mod rating;
pub mod results;
pub mod review;
pub mod rules;
pub mod scenario;
pub mod session;
pub mod simulator;
pub mod sitting;
pub mod svg;

pub use input::AnswerInput;
pub use library::{load, presentable, showcase_domain};
pub use line::{Edit, LineEditor};
pub use scenario::{MxEdit, WhatIf, edit_mx, parse_override, spare_host};
pub use session::{SessionSpec, Study};
