//! The master-file lexer: tokens with their positions, grouped into entries (a
//! line, or a parenthesised group of lines).

use super::Placement;
use crate::content::diagnostic::{Level, Pos};

/// One token of a master file: a slice of the text as written (escapes kept).
#[derive(Debug, Clone)]
pub(super) struct Token<'a> {
    pub(super) text: &'a str,
    pub(super) pos: Pos,
    pub(super) quoted: bool,
}

/// One logical entry: the tokens of a line (or of a parenthesised group of lines).
#[derive(Debug)]
pub(super) struct Entry<'a> {
    pub(super) tokens: Vec<Token<'a>>,
    /// The line began with white space: the owner is the previous one.
    pub(super) inherits_owner: bool,
    pub(super) pos: Pos,
}

/// Where the lexer is: a byte offset, and the line and column (in characters) of it.
struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
    line: u32,
    col: u32,
    indent: u32,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    /// Steps over one byte; a column is one character, so UTF-8 continuation bytes
    /// take none.
    fn bump(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.at += 1;
        if b == b'\n' {
            self.line += 1;
            self.col = self.indent + 1;
        } else if b & 0xC0 != 0x80 {
            self.col += 1;
        }
        Some(b)
    }

    fn pos(&self) -> Pos {
        Pos::new(self.line, self.col)
    }
}

fn ends_word(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b';' | b'(' | b')' | b'"')
}

/// Splits master-file text into entries — one per line, or per parenthesised group —
/// and hands each to `emit` as soon as it is complete (a large zone is never held
/// as tokens all at once). Every delimiter is ASCII, so each token is a slice of
/// `text` on character boundaries.
pub(super) fn lex<'a>(
    text: &'a str,
    at: Placement,
    problems: &mut Vec<(Pos, Level, String)>,
    mut emit: impl FnMut(Entry<'a>),
) {
    let mut cur = Cursor {
        bytes: text.as_bytes(),
        at: 0,
        line: at.first_line,
        col: at.indent + 1,
        indent: at.indent,
    };
    let mut tokens: Vec<Token<'a>> = Vec::new();
    let mut inherits_owner = false;
    let mut at_line_start = true;
    let mut entry_pos = cur.pos();
    let mut paren: Option<Pos> = None;

    while let Some(c) = cur.peek() {
        let here = cur.pos();
        let start = cur.at;
        cur.bump();
        match c {
            b'\n' => {
                if paren.is_none() {
                    if !tokens.is_empty() {
                        emit(Entry {
                            tokens: std::mem::take(&mut tokens),
                            inherits_owner,
                            pos: entry_pos,
                        });
                    }
                    at_line_start = true;
                    inherits_owner = false;
                }
            }
            b' ' | b'\t' | b'\r' => {
                if at_line_start && paren.is_none() && tokens.is_empty() {
                    inherits_owner = true;
                }
            }
            b';' => {
                while cur.peek().is_some_and(|b| b != b'\n') {
                    cur.bump();
                }
            }
            b'(' => {
                if paren.is_some() {
                    problems.push((here, Level::Error, "nested '(' is not allowed".into()));
                }
                paren = Some(here);
            }
            b')' => {
                if paren.take().is_none() {
                    problems.push((here, Level::Error, "')' without a matching '('".into()));
                }
            }
            b'"' => {
                let mut closed = false;
                let mut end = cur.at;
                while let Some(b) = cur.bump() {
                    match b {
                        b'"' => {
                            closed = true;
                            break;
                        }
                        b'\\' => {
                            cur.bump();
                        }
                        b'\n' => break,
                        _ => {}
                    }
                    end = cur.at;
                }
                if !closed {
                    // The record ends here; the next line is a record of its own.
                    problems.push((here, Level::Error, "unbalanced quotes".into()));
                    tokens.clear();
                    paren = None;
                    at_line_start = true;
                    inherits_owner = false;
                    continue;
                }
                if tokens.is_empty() {
                    entry_pos = here;
                }
                tokens.push(Token {
                    text: &text[start + 1..end],
                    pos: here,
                    quoted: true,
                });
            }
            _ => {
                let mut escaped = c == b'\\';
                while let Some(next) = cur.peek() {
                    if !escaped && ends_word(next) {
                        break;
                    }
                    escaped = !escaped && next == b'\\';
                    cur.bump();
                }
                if tokens.is_empty() {
                    entry_pos = here;
                }
                tokens.push(Token {
                    text: &text[start..cur.at],
                    pos: here,
                    quoted: false,
                });
            }
        }
        if c != b'\n' && !matches!(c, b' ' | b'\t' | b'\r') {
            at_line_start = false;
        }
    }
    if let Some(open) = paren {
        problems.push((open, Level::Error, "'(' is never closed".into()));
    }
    if !tokens.is_empty() {
        emit(Entry {
            tokens,
            inherits_owner,
            pos: entry_pos,
        });
    }
}

/// Resolves `\X` and `\DDD` into the bytes of a character-string (RFC 1035 §5.1).
pub(super) fn unescape(text: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(text.len());
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'\\' {
            out.push(bytes[i]);
            i += 1;
            continue;
        }
        let digits = bytes
            .get(i + 1..i + 4)
            .filter(|d| d.iter().all(u8::is_ascii_digit));
        match digits {
            Some(d) => {
                let value = d.iter().fold(0u32, |v, b| v * 10 + u32::from(b - b'0'));
                out.push(
                    u8::try_from(value)
                        .map_err(|_| format!("escape \\{value} is out of range (0-255)"))?,
                );
                i += 4;
            }
            None => {
                out.extend(bytes.get(i + 1));
                i += 2;
            }
        }
    }
    Ok(out)
}
