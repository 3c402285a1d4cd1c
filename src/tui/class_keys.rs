//! A student's keys in a class session (issue 28): the raw bytes their terminal
//! sends over SSH (UTF-8 characters, `\r` for Enter, 0x7f for Backspace, `ESC [ A`
//! and `ESC O A` for the arrows, `ESC [5~` for PgUp, bracketed pastes, Ctrl+C as
//! 0x03) decoded into key events, kept across chunks so that a sequence split
//! between two chunks still counts, then turned into the class's commands by the
//! app's one key table (`keys::TABLE`, scopes `Lists`, `Quiz` and `Class`).
//!
//! Hostile input does nothing harmful: garbage and unknown sequences are dropped,
//! an unfinished sequence kept between chunks is at most [`PENDING_LIMIT`] bytes,
//! a chunk gives at most [`KEYS_PER_CHUNK`] keys, and a paste never answers (its
//! contents are skipped, however long, up to its end marker).

use super::keys::{self, Action, Scope};
use crate::play::sitting::Command;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers};

/// The most keys one chunk of input gives; the rest of the chunk is dropped.
pub const KEYS_PER_CHUNK: usize = 64;
/// The longest unfinished escape sequence kept for the next chunk.
pub const PENDING_LIMIT: usize = 32;

const PASTE_START: &[u8] = b"\x1b[200~";
const PASTE_END: &[u8] = b"\x1b[201~";

/// What a student's key asks of the class.
#[derive(Debug, Clone, PartialEq)]
pub enum StudentKey {
    /// A command for the open question (moving, marking, ordering, sending).
    Command(Command),
    /// Scroll their screen a page up (`true`) or down.
    Scroll(bool),
    /// Leave the class (q, Ctrl+C, Ctrl+D): the hub closes the connection.
    Leave,
}

/// Decodes one student's input, chunk by chunk.
#[derive(Debug, Default)]
pub struct Decoder {
    /// The start of a sequence or character the last chunk ended in.
    pending: Vec<u8>,
    /// Inside a bracketed paste: skipping up to its end marker.
    pasting: bool,
    /// The last byte was `\r` (a `\n` after it is the same Enter).
    after_cr: bool,
}

/// One step of decoding at the start of a buffer.
enum Token {
    /// A key, and the bytes it took.
    Key(KeyEvent, usize),
    /// Bytes that mean nothing to the class (an unknown sequence, a stray byte).
    Skip(usize),
    /// A paste begins; the bytes of its marker.
    PasteStart(usize),
    /// The buffer ends inside a sequence or a character.
    Unfinished,
}

fn key(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
    KeyEvent {
        code,
        modifiers,
        kind: KeyEventKind::Press,
        state: KeyEventState::NONE,
    }
}

impl Decoder {
    /// The key events in `chunk`, after what the previous chunks left unfinished.
    pub fn feed(&mut self, chunk: &[u8]) -> Vec<KeyEvent> {
        let mut buf = std::mem::take(&mut self.pending);
        buf.extend_from_slice(chunk);
        let mut keys = Vec::new();
        let mut at = 0;
        while at < buf.len() {
            if self.pasting {
                match find(&buf[at..], PASTE_END) {
                    Some(end) => {
                        at += end + PASTE_END.len();
                        self.pasting = false;
                    }
                    None => {
                        // Keep what could be the start of the end marker.
                        let keep = (1..PASTE_END.len())
                            .rev()
                            .find(|&n| buf[at..].ends_with(&PASTE_END[..n]))
                            .unwrap_or(0);
                        self.pending = buf[buf.len() - keep..].to_vec();
                        return keys;
                    }
                }
                continue;
            }
            match token(&buf[at..]) {
                Token::Key(event, n) => {
                    let byte = buf[at];
                    at += n;
                    let same_enter = byte == b'\n' && self.after_cr;
                    self.after_cr = byte == b'\r';
                    if !same_enter && keys.len() < KEYS_PER_CHUNK {
                        keys.push(event);
                    }
                }
                Token::Skip(n) => {
                    at += n;
                    self.after_cr = false;
                }
                Token::PasteStart(n) => {
                    at += n;
                    self.pasting = true;
                    self.after_cr = false;
                }
                Token::Unfinished => {
                    let rest = &buf[at..];
                    // A longer unfinished sequence is garbage: dropped.
                    if rest.len() <= PENDING_LIMIT {
                        self.pending = rest.to_vec();
                    }
                    return keys;
                }
            }
        }
        keys
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The token at the start of `b` (never empty).
fn token(b: &[u8]) -> Token {
    let none = KeyModifiers::NONE;
    let ctrl = KeyModifiers::CONTROL;
    match b[0] {
        0x1b => escape(b),
        b'\r' | b'\n' => Token::Key(key(KeyCode::Enter, none), 1),
        0x7f | 0x08 => Token::Key(key(KeyCode::Backspace, none), 1),
        b'\t' => Token::Key(key(KeyCode::Tab, none), 1),
        c @ 0x01..=0x1a => Token::Key(key(KeyCode::Char(char::from(c + b'a' - 1)), ctrl), 1),
        0x00..=0x1f => Token::Skip(1),
        c if c < 0x80 => Token::Key(key(KeyCode::Char(char::from(c)), none), 1),
        c => {
            let len = match c {
                0xc2..=0xdf => 2,
                0xe0..=0xef => 3,
                0xf0..=0xf4 => 4,
                _ => return Token::Skip(1),
            };
            if b.len() < len {
                // Unfinished only if what is there can still become a character.
                return match b[1..].iter().all(|&x| x & 0xc0 == 0x80) {
                    true => Token::Unfinished,
                    false => Token::Skip(1),
                };
            }
            match std::str::from_utf8(&b[..len])
                .ok()
                .and_then(|s| s.chars().next())
            {
                Some(ch) if !ch.is_control() => Token::Key(key(KeyCode::Char(ch), none), len),
                _ => Token::Skip(1),
            }
        }
    }
}

/// A sequence starting with ESC: CSI (`ESC [`), SS3 (`ESC O`), or Esc itself.
fn escape(b: &[u8]) -> Token {
    let none = KeyModifiers::NONE;
    match b.get(1) {
        None => Token::Unfinished,
        Some(b'[') => csi(b),
        Some(b'O') => match b.get(2) {
            None => Token::Unfinished,
            Some(&f) => match arrow(f) {
                Some(code) => Token::Key(key(code, none), 3),
                None => Token::Skip(3),
            },
        },
        // Esc, then whatever follows on its own.
        Some(_) => Token::Key(key(KeyCode::Esc, none), 1),
    }
}

fn arrow(f: u8) -> Option<KeyCode> {
    Some(match f {
        b'A' => KeyCode::Up,
        b'B' => KeyCode::Down,
        b'C' => KeyCode::Right,
        b'D' => KeyCode::Left,
        b'H' => KeyCode::Home,
        b'F' => KeyCode::End,
        _ => return None,
    })
}

/// `ESC [ params final`: arrows (with modifiers as `1;2A`), PgUp, PgDn, Home,
/// End, Delete, the paste markers; anything else is skipped whole.
fn csi(b: &[u8]) -> Token {
    let Some(end) = b[2..].iter().position(|&c| !(0x20..=0x3f).contains(&c)) else {
        return Token::Unfinished;
    };
    let end = end + 2;
    let n = end + 1;
    let f = b[end];
    if !(0x40..=0x7e).contains(&f) {
        // Not a sequence after all: drop the ESC [ and go on from there.
        return Token::Skip(2);
    }
    let params = &b[2..end];
    let modifiers = match params.split(|&c| c == b';').nth(1) {
        Some(m) => match m {
            b"2" => KeyModifiers::SHIFT,
            b"3" => KeyModifiers::ALT,
            b"5" => KeyModifiers::CONTROL,
            _ => KeyModifiers::NONE,
        },
        None => KeyModifiers::NONE,
    };
    if let Some(code) = arrow(f) {
        return Token::Key(key(code, modifiers), n);
    }
    if &b[..n] == PASTE_START {
        return Token::PasteStart(n);
    }
    let code = match (f, params) {
        (b'~', b"5") => KeyCode::PageUp,
        (b'~', b"6") => KeyCode::PageDown,
        (b'~', b"3") => KeyCode::Delete,
        (b'~', b"1" | b"7") => KeyCode::Home,
        (b'~', b"4" | b"8") => KeyCode::End,
        (b'Z', _) => KeyCode::BackTab,
        _ => return Token::Skip(n),
    };
    Token::Key(key(code, modifiers), n)
}

/// The scopes a student's keys are looked up in.
pub const SCOPES: &[Scope] = &[Scope::Lists, Scope::Quiz, Scope::Class];

/// What a student's key asks, through the app's key table; `None`: nothing.
/// `typing`: the open question is answered by typing a command, so keys are
/// characters (as the app's command line takes them; Ctrl+C still leaves).
pub fn student_key(event: &KeyEvent, typing: bool) -> Option<StudentKey> {
    let action = keys::action(event, SCOPES, typing)?;
    match action {
        Action::Quit | Action::QuitNow => Some(StudentKey::Leave),
        Action::PageUp => Some(StudentKey::Scroll(true)),
        Action::PageDown => Some(StudentKey::Scroll(false)),
        _ => super::quiz_state::command(action).map(StudentKey::Command),
    }
}

#[cfg(test)]
#[path = "class_keys_tests.rs"]
mod tests;
