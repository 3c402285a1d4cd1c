//! The lab console screen: the play layer's [`Console`](crate::play::console::Console)
//! is its state; this maps the key table's actions to its commands.

use super::keys::Action;
use crate::play::Edit;
use crate::play::console::Command;

pub use crate::play::console::{Console as LabState, History};

/// The console's command for an action, if it is one of its keys.
pub fn command(action: Action) -> Option<Command> {
    Some(match action {
        Action::Type(c) => Command::Edit(Edit::Insert(c)),
        Action::Backspace => Command::Edit(Edit::DeleteBack),
        Action::Edit(e) => Command::Edit(e),
        Action::PageUp => Command::Scroll(-10),
        Action::PageDown => Command::Scroll(10),
        Action::Up => Command::Browse(true),
        Action::Down => Command::Browse(false),
        Action::Enter => Command::Run,
        _ => return None,
    })
}
