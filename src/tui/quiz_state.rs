//! A session on screen: the play layer's [`Sitting`](crate::play::sitting::Sitting)
//! is its state; this maps the key table's actions to its commands and finds the
//! option under a mouse click as the view lays the question out.

use super::keys::Action;
use super::theme::Theme;
use crate::play::sitting::Command;

pub use crate::play::sitting::{Effect, Sitting as QuizState};

/// The sitting's command for an action, if it is one of its keys.
pub fn command(action: Action) -> Option<Command> {
    Some(match action {
        Action::Up => Command::Up,
        Action::Down => Command::Down,
        Action::Choose(n) => Command::Choose(n),
        Action::Toggle => Command::Toggle,
        Action::MoveUp => Command::MoveUp,
        Action::MoveDown => Command::MoveDown,
        Action::Enter => Command::Enter,
        Action::Prev => Command::Prev,
        Action::Next => Command::Next,
        Action::Flag => Command::Flag,
        Action::Submit => Command::Submit,
        Action::Yes => Command::Yes,
        Action::Type(c) => Command::Type(c),
        Action::Backspace => Command::Backspace,
        Action::Edit(e) => Command::Edit(e),
        Action::PageUp => Command::PageUp,
        Action::PageDown => Command::PageDown,
        Action::StopTyping => Command::StopTyping,
        Action::EditAnswer => Command::EditAnswer,
        Action::Replay => Command::Replay,
        Action::Rate(r) => Command::Rate(r),
        Action::List => Command::List,
        Action::NextUnanswered => Command::NextUnanswered,
        _ => return None,
    })
}

/// The option drawn on body row `row` (0: the first row under the header) of a
/// terminal `width` wide with a body `height` rows high, as the view lays `q` out
/// in theme `t`.
pub fn option_at(q: &QuizState, row: u16, t: Theme, width: u16, height: u16) -> Option<usize> {
    if q.graded() {
        return None;
    }
    let page = super::quiz_layout::page(q, t, width, height);
    let shown = super::quiz_layout::shown(&page, height, q.scroll);
    let at = *shown.get(usize::from(row))?;
    page.options
        .iter()
        .position(|&(first, n)| (first..first + n).contains(&at))
        .filter(|_| q.item().is_some_and(|i| !i.kind.entry().typed()))
}
