//! The one key table: it drives key handling and the help overlay and footer.

use crate::play::Edit;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What a key asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Leave the app.
    Quit,
    /// Back to the previous screen (or close the overlay).
    Back,
    /// Show or hide the help overlay.
    Help,
    /// Move up.
    Up,
    /// Move down.
    Down,
    /// Previous question.
    Prev,
    /// Next question.
    Next,
    /// Confirm: open the menu item, answer the question, continue.
    Enter,
    /// Mark or unmark the option under the cursor.
    Toggle,
    /// Choose option N (0-based).
    Choose(usize),
    /// Move the option under the cursor up (order questions).
    MoveUp,
    /// Move the option under the cursor down (order questions).
    MoveDown,
    /// Flag the question for review (exam).
    Flag,
    /// Submit the exam.
    Submit,
    /// A character typed into the command line.
    Type(char),
    /// Delete the character before the cursor.
    Backspace,
    /// Simulator: play or pause the animation.
    Play,
    /// Simulator: start the delivery again.
    Restart,
    /// Simulator: jump to the outcome.
    End,
    /// Simulator: select the next mail host.
    NextHost,
    /// Simulator: cycle the selected host's state.
    CycleState,
    /// Simulator: switch the sending MTA's profile.
    SwitchProfile,
    /// Simulator: a new seed for the tie shuffle.
    Reseed,
    /// Simulator: the next scenario (zone).
    NextScenario,
    /// After a predict or order question: watch its delivery in the simulator.
    Replay,
    /// Home: practice and take exams from the next bank (or all of them).
    NextBank,
    /// Home: the lower table shows readiness per objective or the categories (both
    /// when tall enough).
    SwitchTable,
    /// Simulator what-if: remove the selected host's MX record.
    RemoveMx,
    /// Simulator what-if: raise the selected host's preference number by 10.
    RaisePreference,
    /// Simulator what-if: lower the selected host's preference number by 10.
    LowerPreference,
    /// Leave the app at once, even from an exam (it is saved).
    QuitNow,
    /// Ctrl+Z: give the terminal back to the shell and stop until `fg`, as vim,
    /// htop and less do (raw mode delivers Ctrl+Z as a key, not as SIGTSTP).
    Suspend,
    /// Yes: leave the exam, or submit it, as the confirm line asks.
    Yes,
    /// An edit of the command line (cursor, deletions).
    Edit(Edit),
    /// Scroll up a page.
    PageUp,
    /// Scroll down a page.
    PageDown,
    /// Leave the command line, so that keys are keys again (command questions).
    StopTyping,
    /// Exam: type into the answered command again (it is locked until then).
    EditAnswer,
    /// Show or hide the rules cited on screen (R1.7, L3, …).
    Rules,
    /// Simulator what-if: add an MX record for a spare mail host.
    AddMx,
    /// Simulator what-if: the next recipient the zone offers.
    NextRecipient,
    /// Simulator: the previous scenario (zone).
    PreviousScenario,
    /// Simulator: jump to the next delivery attempt.
    NextAttempt,
    /// Simulator: jump to where the message goes to another host.
    NextHop,
    /// Simulator: play more slowly.
    Slower,
    /// Simulator: play faster.
    Faster,
    /// Simulator: fold or unfold repeated attempts.
    Expand,
    /// Simulator: list only steps of the next kind.
    Filter,
    /// Simulator: presenter mode on or off.
    Presenter,
    /// Simulator: scroll the inspector up.
    ScrollUp,
    /// Simulator: scroll the inspector down.
    ScrollDown,
    /// Simulator: the sandbox back to the zones as written (undo the MX what-ifs).
    AsWritten,
    /// After a right answer: rate how well it was known (1 Again to 4 Easy).
    Rate(crate::progress::Rating),
    /// Exam: the review list of every question.
    List,
    /// Review list: open the next unanswered question.
    NextUnanswered,
    /// Exam results: practice the questions missed.
    PractiseMissed,
}

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Everywhere.
    Global,
    /// Lists and menus.
    Lists,
    /// The home menu.
    Home,
    /// A question.
    Quiz,
    /// A graded predict or order question, whose delivery can be watched.
    Feedback,
    /// An exam.
    Exam,
    /// The simulator.
    Simulator,
    /// A question waits for yes (leave or submit the exam).
    Confirm,
    /// Screens that cite rules: questions and results.
    Rules,
    /// The exam results.
    Results,
    /// A right answer's feedback offers to rate it (1 to 4, before "1-9").
    Rating,
    /// The exam's review list (every question, before submitting).
    ExamList,
    /// A student's screen in a class session (issue 28): the quiz's keys and these.
    Class,
    /// The instructor's projector in a class session.
    Projector,
}

/// One line of the key table.
pub struct Binding {
    /// The keys as shown in help.
    pub keys: &'static str,
    /// What they do.
    pub help: &'static str,
    /// What they do in a word or two, for the footer.
    pub hint: &'static str,
    /// Where.
    pub scope: Scope,
    /// The action for a key, if this binding takes it.
    pub action: fn(&KeyEvent) -> Option<Action>,
}

fn plain(key: &KeyEvent) -> bool {
    !key.modifiers
        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
}

/// The bindings, in the order help lists them.
pub const TABLE: &[Binding] = &[
    Binding {
        keys: "Ctrl-C",
        help: "quit at once",
        hint: "quit now",
        scope: Scope::Global,
        action: |k| {
            (k.modifiers.contains(KeyModifiers::CONTROL) && k.code == KeyCode::Char('c'))
                .then_some(Action::QuitNow)
        },
    },
    Binding {
        keys: "q",
        help: "quit",
        hint: "quit",
        scope: Scope::Global,
        action: |k| (plain(k) && k.code == KeyCode::Char('q')).then_some(Action::Quit),
    },
    Binding {
        keys: "?",
        help: "help",
        hint: "help",
        scope: Scope::Global,
        action: |k| (k.code == KeyCode::Char('?')).then_some(Action::Help),
    },
    Binding {
        keys: "Esc",
        help: "back",
        hint: "back",
        scope: Scope::Global,
        action: |k| (k.code == KeyCode::Esc).then_some(Action::Back),
    },
    Binding {
        keys: "↑ k",
        help: "move up",
        hint: "up",
        scope: Scope::Lists,
        action: |k| matches!(k.code, KeyCode::Up | KeyCode::Char('k')).then_some(Action::Up),
    },
    Binding {
        keys: "↓ j",
        help: "move down",
        hint: "down",
        scope: Scope::Lists,
        action: |k| matches!(k.code, KeyCode::Down | KeyCode::Char('j')).then_some(Action::Down),
    },
    Binding {
        keys: "Enter",
        help: "choose / answer / next",
        hint: "choose / answer",
        scope: Scope::Lists,
        action: |k| (k.code == KeyCode::Enter).then_some(Action::Enter),
    },
    Binding {
        keys: "b",
        help: "bank",
        hint: "bank",
        scope: Scope::Home,
        action: |k| (k.code == KeyCode::Char('b')).then_some(Action::NextBank),
    },
    Binding {
        keys: "o",
        help: "readiness",
        hint: "readiness",
        scope: Scope::Home,
        action: |k| (k.code == KeyCode::Char('o')).then_some(Action::SwitchTable),
    },
    Binding {
        keys: "Space",
        help: "mark an option",
        hint: "mark",
        scope: Scope::Quiz,
        action: |k| (k.code == KeyCode::Char(' ')).then_some(Action::Toggle),
    },
    Binding {
        keys: "1-4",
        help: "rate your answer",
        hint: "rate",
        scope: Scope::Rating,
        action: |k| match k.code {
            KeyCode::Char(c @ '1'..='4') => crate::progress::Rating::parse(&c.to_string())
                .filter(|_| plain(k))
                .map(Action::Rate),
            _ => None,
        },
    },
    Binding {
        keys: "1-9",
        help: "choose option N",
        hint: "pick",
        scope: Scope::Lists,
        action: |k| match k.code {
            KeyCode::Char(c @ '1'..='9') => Some(Action::Choose(c as usize - '1' as usize)),
            _ => None,
        },
    },
    Binding {
        keys: "K J",
        help: "move a host up / down (order)",
        hint: "move host",
        scope: Scope::Quiz,
        action: |k| match k.code {
            KeyCode::Char('K') => Some(Action::MoveUp),
            KeyCode::Char('J') => Some(Action::MoveDown),
            _ => None,
        },
    },
    Binding {
        keys: "v",
        help: "watch the delivery (after answering)",
        hint: "watch delivery",
        scope: Scope::Feedback,
        action: |k| (k.code == KeyCode::Char('v')).then_some(Action::Replay),
    },
    Binding {
        keys: "← h",
        help: "previous question",
        hint: "previous",
        scope: Scope::Exam,
        action: |k| matches!(k.code, KeyCode::Left | KeyCode::Char('h')).then_some(Action::Prev),
    },
    Binding {
        keys: "→ l Tab",
        help: "next question",
        hint: "next",
        scope: Scope::Exam,
        action: |k| {
            matches!(k.code, KeyCode::Right | KeyCode::Char('l') | KeyCode::Tab)
                .then_some(Action::Next)
        },
    },
    Binding {
        keys: "f",
        help: "flag for review",
        hint: "flag",
        scope: Scope::Exam,
        action: |k| (k.code == KeyCode::Char('f')).then_some(Action::Flag),
    },
    Binding {
        keys: "S",
        help: "submit the exam",
        hint: "submit",
        scope: Scope::Exam,
        action: |k| (k.code == KeyCode::Char('S')).then_some(Action::Submit),
    },
    Binding {
        keys: "e",
        help: "edit the answered command",
        hint: "edit",
        scope: Scope::Exam,
        action: |k| (k.code == KeyCode::Char('e')).then_some(Action::EditAnswer),
    },
    Binding {
        keys: "g",
        help: "list every question, go to one",
        hint: "list",
        scope: Scope::Exam,
        action: |k| (k.code == KeyCode::Char('g')).then_some(Action::List),
    },
    Binding {
        keys: "S",
        help: "submit the exam",
        hint: "submit",
        scope: Scope::ExamList,
        action: |k| (k.code == KeyCode::Char('S')).then_some(Action::Submit),
    },
    Binding {
        keys: "↑ ↓",
        help: "select a question",
        hint: "select",
        scope: Scope::ExamList,
        action: |k| match k.code {
            KeyCode::Up | KeyCode::Char('k') => Some(Action::Up),
            KeyCode::Down | KeyCode::Char('j') => Some(Action::Down),
            _ => None,
        },
    },
    Binding {
        keys: "Enter",
        help: "open the question selected (or the number typed)",
        hint: "open",
        scope: Scope::ExamList,
        action: |k| (k.code == KeyCode::Enter).then_some(Action::Enter),
    },
    Binding {
        keys: "0-9",
        help: "type a question's number",
        hint: "number",
        scope: Scope::ExamList,
        action: |k| match k.code {
            KeyCode::Char(c) if c.is_ascii_digit() => Some(Action::Type(c)),
            KeyCode::Backspace => Some(Action::Backspace),
            _ => None,
        },
    },
    Binding {
        keys: "u",
        help: "open the next unanswered question",
        hint: "unanswered",
        scope: Scope::ExamList,
        action: |k| (k.code == KeyCode::Char('u')).then_some(Action::NextUnanswered),
    },
    Binding {
        keys: "m",
        help: "practice the questions you missed",
        hint: "practice missed",
        scope: Scope::Results,
        action: |k| (k.code == KeyCode::Char('m')).then_some(Action::PractiseMissed),
    },
    Binding {
        keys: "PgUp PgDn",
        help: "scroll the page and the zone",
        hint: "scroll",
        scope: Scope::Quiz,
        action: |k| match k.code {
            KeyCode::PageUp => Some(Action::PageUp),
            KeyCode::PageDown => Some(Action::PageDown),
            _ => None,
        },
    },
    Binding {
        keys: "PgUp PgDn",
        help: "scroll the answers",
        hint: "scroll",
        scope: Scope::Results,
        action: |k| match k.code {
            KeyCode::PageUp => Some(Action::PageUp),
            KeyCode::PageDown => Some(Action::PageDown),
            _ => None,
        },
    },
    Binding {
        keys: "r",
        help: "the rules cited (R1.7, L3 …) in plain words",
        hint: "rules",
        scope: Scope::Rules,
        action: |k| (k.code == KeyCode::Char('r')).then_some(Action::Rules),
    },
    Binding {
        keys: "y",
        help: "yes",
        hint: "yes",
        scope: Scope::Confirm,
        action: |k| matches!(k.code, KeyCode::Char('y' | 'Y')).then_some(Action::Yes),
    },
    Binding {
        keys: "Space",
        help: "play / pause",
        hint: "play",
        scope: Scope::Simulator,
        action: |k| (k.code == KeyCode::Char(' ')).then_some(Action::Play),
    },
    Binding {
        keys: "→ l",
        help: "step forward",
        hint: "step",
        scope: Scope::Simulator,
        action: |k| matches!(k.code, KeyCode::Right | KeyCode::Char('l')).then_some(Action::Next),
    },
    Binding {
        keys: "← h",
        help: "step back",
        hint: "step back",
        scope: Scope::Simulator,
        action: |k| matches!(k.code, KeyCode::Left | KeyCode::Char('h')).then_some(Action::Prev),
    },
    Binding {
        keys: "r",
        help: "restart",
        hint: "restart",
        scope: Scope::Simulator,
        action: |k| (k.code == KeyCode::Char('r')).then_some(Action::Restart),
    },
    Binding {
        keys: "End G",
        help: "jump to the outcome",
        hint: "outcome",
        scope: Scope::Simulator,
        action: |k| matches!(k.code, KeyCode::End | KeyCode::Char('G')).then_some(Action::End),
    },
    Binding {
        keys: "Tab",
        help: "select the next host",
        hint: "host",
        scope: Scope::Simulator,
        action: |k| (k.code == KeyCode::Tab).then_some(Action::NextHost),
    },
    Binding {
        keys: "s",
        help: "cycle the host's state",
        hint: "state",
        scope: Scope::Simulator,
        action: |k| (k.code == KeyCode::Char('s')).then_some(Action::CycleState),
    },
    Binding {
        keys: "p",
        help: "switch profile (postfix, exim, rfc)",
        hint: "profile",
        scope: Scope::Simulator,
        action: |k| (k.code == KeyCode::Char('p')).then_some(Action::SwitchProfile),
    },
    Binding {
        keys: "n",
        help: "new seed for ties",
        hint: "seed",
        scope: Scope::Simulator,
        action: |k| (k.code == KeyCode::Char('n')).then_some(Action::Reseed),
    },
    Binding {
        keys: "z",
        help: "next scenario",
        hint: "scenario",
        scope: Scope::Simulator,
        action: |k| (k.code == KeyCode::Char('z')).then_some(Action::NextScenario),
    },
    Binding {
        keys: "x",
        help: "remove the host's MX record",
        hint: "remove MX",
        scope: Scope::Simulator,
        action: |k| (k.code == KeyCode::Char('x')).then_some(Action::RemoveMx),
    },
    Binding {
        keys: "+ -",
        help: "preference +10 / -10",
        hint: "preference",
        scope: Scope::Simulator,
        action: |k| match k.code {
            KeyCode::Char('+') => Some(Action::RaisePreference),
            KeyCode::Char('-') => Some(Action::LowerPreference),
            _ => None,
        },
    },
    Binding {
        keys: "i",
        help: "add an MX record (a spare mail host)",
        hint: "add MX",
        scope: Scope::Simulator,
        action: |k| (k.code == KeyCode::Char('i')).then_some(Action::AddMx),
    },
    Binding {
        keys: "u",
        help: "next recipient in the zone",
        hint: "recipient",
        scope: Scope::Simulator,
        action: |k| (k.code == KeyCode::Char('u')).then_some(Action::NextRecipient),
    },
    Binding {
        keys: "Z",
        help: "previous scenario",
        hint: "scenario back",
        scope: Scope::Simulator,
        action: |k| (k.code == KeyCode::Char('Z')).then_some(Action::PreviousScenario),
    },
    Binding {
        keys: "a PgDn",
        help: "next attempt",
        hint: "attempt",
        scope: Scope::Simulator,
        action: |k| {
            matches!(k.code, KeyCode::Char('a') | KeyCode::PageDown).then_some(Action::NextAttempt)
        },
    },
    Binding {
        keys: "o",
        help: "next host the message goes to",
        hint: "hop",
        scope: Scope::Simulator,
        action: |k| (k.code == KeyCode::Char('o')).then_some(Action::NextHop),
    },
    Binding {
        keys: "[ ]",
        help: "slower / faster",
        hint: "speed",
        scope: Scope::Simulator,
        action: |k| match k.code {
            KeyCode::Char('[') => Some(Action::Slower),
            KeyCode::Char(']') => Some(Action::Faster),
            _ => None,
        },
    },
    Binding {
        keys: "Enter",
        help: "inspect the step (DNS message, SMTP, DSN, rule)",
        hint: "inspect",
        scope: Scope::Simulator,
        action: |k| (k.code == KeyCode::Enter).then_some(Action::Enter),
    },
    Binding {
        keys: "↑ ↓ k j",
        help: "scroll the inspector",
        hint: "scroll",
        scope: Scope::Simulator,
        action: |k| match k.code {
            KeyCode::Up | KeyCode::Char('k') => Some(Action::ScrollUp),
            KeyCode::Down | KeyCode::Char('j') => Some(Action::ScrollDown),
            _ => None,
        },
    },
    Binding {
        keys: "f",
        help: "filter steps: DNS, connect, SMTP, queue, verdict",
        hint: "filter",
        scope: Scope::Simulator,
        action: |k| (k.code == KeyCode::Char('f')).then_some(Action::Filter),
    },
    Binding {
        keys: "e",
        help: "expand / fold repeated attempts",
        hint: "fold",
        scope: Scope::Simulator,
        action: |k| (k.code == KeyCode::Char('e')).then_some(Action::Expand),
    },
    Binding {
        keys: "P",
        help: "presenter mode on / off",
        hint: "presenter",
        scope: Scope::Simulator,
        action: |k| (k.code == KeyCode::Char('P')).then_some(Action::Presenter),
    },
    Binding {
        keys: "w",
        help: "undo the MX what-ifs",
        hint: "undo what-ifs",
        scope: Scope::Simulator,
        action: |k| (k.code == KeyCode::Char('w')).then_some(Action::AsWritten),
    },
    Binding {
        keys: "Ctrl-D",
        help: "leave the class",
        hint: "leave",
        scope: Scope::Class,
        action: |k| {
            (k.modifiers.contains(KeyModifiers::CONTROL) && k.code == KeyCode::Char('d'))
                .then_some(Action::QuitNow)
        },
    },
    Binding {
        keys: "Enter Space n",
        help: "next step: open, close, reveal, next question",
        hint: "next step",
        scope: Scope::Projector,
        action: |k| {
            matches!(k.code, KeyCode::Enter | KeyCode::Char(' ' | 'n')).then_some(Action::Next)
        },
    },
    Binding {
        keys: "r",
        help: "replay the delivery (predict and order, once revealed)",
        hint: "replay",
        scope: Scope::Projector,
        action: |k| (k.code == KeyCode::Char('r')).then_some(Action::Replay),
    },
];

/// The action for `key` in the given scopes. While a command line takes input,
/// printable keys are typed, except Ctrl-C, Esc and Enter.
pub fn action(key: &KeyEvent, scopes: &[Scope], typing: bool) -> Option<Action> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl && key.code == KeyCode::Char('z') {
        return Some(Action::Suspend);
    }
    if typing {
        let edit = |e| Some(Action::Edit(e));
        return match key.code {
            KeyCode::Char('c') if ctrl => Some(Action::QuitNow),
            KeyCode::Char('u') if ctrl => edit(Edit::KillToStart),
            KeyCode::Char('w') if ctrl => edit(Edit::KillWord),
            KeyCode::Char('a') if ctrl => edit(Edit::Home),
            KeyCode::Char('e') if ctrl => edit(Edit::End),
            KeyCode::Char(c) if plain(key) => Some(Action::Type(c)),
            KeyCode::Backspace => Some(Action::Backspace),
            KeyCode::Delete => edit(Edit::DeleteForward),
            KeyCode::Left => edit(Edit::Left),
            KeyCode::Right => edit(Edit::Right),
            KeyCode::Home => edit(Edit::Home),
            KeyCode::End => edit(Edit::End),
            KeyCode::PageUp => Some(Action::PageUp),
            KeyCode::PageDown => Some(Action::PageDown),
            KeyCode::Tab => Some(Action::StopTyping),
            KeyCode::Enter => Some(Action::Enter),
            KeyCode::Esc => Some(Action::Back),
            KeyCode::Up => Some(Action::Up),
            KeyCode::Down => Some(Action::Down),
            _ => None,
        };
    }
    TABLE
        .iter()
        .filter(|b| b.scope == Scope::Global || scopes.contains(&b.scope))
        .find_map(|b| (b.action)(key))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyEventKind;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent {
            code,
            modifiers: KeyModifiers::NONE,
            kind: KeyEventKind::Press,
            state: ratatui::crossterm::event::KeyEventState::NONE,
        }
    }

    #[test]
    fn keys_become_actions() {
        let quiz = [Scope::Lists, Scope::Quiz];
        assert_eq!(
            action(&key(KeyCode::Char('q')), &quiz, false),
            Some(Action::Quit)
        );
        assert_eq!(
            action(&key(KeyCode::Char('j')), &quiz, false),
            Some(Action::Down)
        );
        assert_eq!(action(&key(KeyCode::Up), &quiz, false), Some(Action::Up));
        assert_eq!(
            action(&key(KeyCode::Char('3')), &quiz, false),
            Some(Action::Choose(2))
        );
        assert_eq!(
            action(&key(KeyCode::Char(' ')), &quiz, false),
            Some(Action::Toggle)
        );
        assert_eq!(
            action(&key(KeyCode::Char('f')), &quiz, false),
            None,
            "flag is for exams"
        );
        assert_eq!(
            action(&key(KeyCode::Char('f')), &[Scope::Exam], false),
            Some(Action::Flag)
        );
        let ctrl_c = KeyEvent {
            modifiers: KeyModifiers::CONTROL,
            ..key(KeyCode::Char('c'))
        };
        assert_eq!(
            action(&ctrl_c, &[], true),
            Some(Action::QuitNow),
            "Ctrl-C always quits"
        );
        assert_eq!(
            action(&key(KeyCode::Char('q')), &quiz, true),
            Some(Action::Type('q')),
            "typing a command"
        );
        let ctrl_z = KeyEvent {
            modifiers: KeyModifiers::CONTROL,
            ..key(KeyCode::Char('z'))
        };
        for typing in [false, true] {
            assert_eq!(
                action(&ctrl_z, &quiz, typing),
                Some(Action::Suspend),
                "Ctrl-Z suspends, typing or not"
            );
        }
        assert_eq!(
            action(&key(KeyCode::Tab), &quiz, true),
            Some(Action::StopTyping),
            "Tab leaves the command line"
        );
        let ctrl_w = KeyEvent {
            modifiers: KeyModifiers::CONTROL,
            ..key(KeyCode::Char('w'))
        };
        assert_eq!(
            action(&ctrl_w, &quiz, true),
            Some(Action::Edit(Edit::KillWord))
        );
        assert_eq!(
            action(
                &key(KeyCode::Char('y')),
                &[Scope::Exam, Scope::Confirm],
                false
            ),
            Some(Action::Yes)
        );
        assert_eq!(
            action(&key(KeyCode::Char('y')), &[Scope::Exam], false),
            None
        );
        // The review list (issue 24): g opens it; on it digits are a number, u and
        // S its own; m on the results practises the missed.
        assert_eq!(
            action(&key(KeyCode::Char('g')), &[Scope::Exam], false),
            Some(Action::List)
        );
        let list = [Scope::ExamList];
        assert_eq!(
            action(&key(KeyCode::Char('7')), &list, false),
            Some(Action::Type('7'))
        );
        assert_eq!(
            action(&key(KeyCode::Char('u')), &list, false),
            Some(Action::NextUnanswered)
        );
        assert_eq!(
            action(&key(KeyCode::Char('S')), &list, false),
            Some(Action::Submit)
        );
        assert_eq!(
            action(&key(KeyCode::Char('m')), &[Scope::Results], false),
            Some(Action::PractiseMissed)
        );
    }
}
