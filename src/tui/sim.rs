//! The simulator screen: the play layer's [`Simulator`](crate::play::simulator::Simulator)
//! is its state; this maps the key table's actions to its commands.

use super::keys::Action;
use crate::play::MxEdit;
use crate::play::simulator::Command;

pub use crate::play::simulator::{SPEEDS, Simulator as SimState};

/// The simulator's command for an action, if it is one of its keys.
pub fn command(action: Action) -> Option<Command> {
    Some(match action {
        Action::Play => Command::Play,
        Action::Next => Command::Next,
        Action::Prev => Command::Prev,
        Action::End => Command::End,
        Action::Restart => Command::Restart,
        Action::NextAttempt => Command::NextAttempt,
        Action::NextHop => Command::NextHop,
        Action::Slower => Command::Slower,
        Action::Faster => Command::Faster,
        Action::Enter => Command::Inspect,
        Action::ScrollUp => Command::ScrollUp,
        Action::ScrollDown => Command::ScrollDown,
        Action::Expand => Command::Expand,
        Action::Filter => Command::Filter,
        Action::NextHost => Command::NextHost,
        Action::CycleState => Command::CycleState,
        Action::SwitchProfile => Command::SwitchProfile,
        Action::Reseed => Command::Reseed,
        Action::NextRecipient => Command::NextRecipient,
        Action::NextScenario => Command::NextScenario,
        Action::PreviousScenario => Command::PreviousScenario,
        Action::RemoveMx => Command::Edit(MxEdit::Remove),
        Action::RaisePreference => Command::Edit(MxEdit::Raise),
        Action::LowerPreference => Command::Edit(MxEdit::Lower),
        Action::AddMx => Command::Edit(MxEdit::Add),
        Action::AsWritten => Command::AsWritten,
        _ => return None,
    })
}
