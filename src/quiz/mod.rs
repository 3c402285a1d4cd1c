//! Questions as a learner meets them: each kind's answer computed from the world,
//! the linter and the simulator; grading; sessions (practice, exam, review);
//! scoring; generated drills. Pure: the seed and the clock are passed in.

mod audit;
mod drill;
mod grade;
mod prepare;
pub mod preview;
mod select;
mod session;

pub use audit::{audit, unpreparable};
pub use drill::{drills, order_drill, predict_drill};
pub use grade::grade;
pub use prepare::{PrepareError, prepare};
pub use select::{Filter, Order, Selection, select};
pub use session::{Mode, Score, Session, Tally};

pub use crate::kind::{Answer, Item, Offer, Response, Verdict, setup_of, verdict_outcome};
