//! The master-file lexer: tokens with their positions, grouped into entries (a
//! line, or a parenthesised group of lines).

use super::Placement;
use crate::content::diagnostic::{Level, Pos};

/// One token of a master file.
#[derive(Debug, Clone)]
pub(super) struct Token {
    pub(super) text: String,
    pub(super) pos: Pos,
    pub(super) quoted: bool,
}

/// One logical entry: the tokens of a line (or of a parenthesised group of lines).
#[derive(Debug)]
pub(super) struct Entry {
    pub(super) tokens: Vec<Token>,
    /// The line began with white space: the owner is the previous one.
    pub(super) inherits_owner: bool,
    pub(super) pos: Pos,
}

/// Splits master-file text into entries — one per line, or per parenthesised group —
/// and hands each to `emit` as soon as it is complete (a large zone is never held
/// as tokens all at once).
pub(super) fn lex(
    text: &str,
    at: Placement,
    problems: &mut Vec<(Pos, Level, String)>,
    mut emit: impl FnMut(Entry),
) {
    let mut line = at.first_line;
    let mut col = at.indent + 1;
    let mut chars = text.chars().peekable();
    let mut tokens: Vec<Token> = Vec::new();
    let mut inherits_owner = false;
    let mut at_line_start = true;
    let mut entry_pos = Pos::new(line, col);
    let mut paren: Option<Pos> = None;

    while let Some(c) = chars.next() {
        let here = Pos::new(line, col);
        col += 1;
        match c {
            '\n' => {
                line += 1;
                col = at.indent + 1;
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
            ' ' | '\t' | '\r' => {
                if at_line_start && paren.is_none() && tokens.is_empty() {
                    inherits_owner = true;
                }
            }
            ';' => {
                while chars.peek().is_some_and(|&c| c != '\n') {
                    chars.next();
                    col += 1;
                }
            }
            '(' => {
                if paren.is_some() {
                    problems.push((here, Level::Error, "nested '(' is not allowed".into()));
                }
                paren = Some(here);
            }
            ')' => {
                if paren.take().is_none() {
                    problems.push((here, Level::Error, "')' without a matching '('".into()));
                }
            }
            '"' => {
                let mut text = String::new();
                let mut closed = false;
                while let Some(c) = chars.next() {
                    col += 1;
                    match c {
                        '"' => {
                            closed = true;
                            break;
                        }
                        '\\' => {
                            text.push(c);
                            if let Some(next) = chars.next() {
                                col += 1;
                                text.push(next);
                                if next == '\n' {
                                    line += 1;
                                    col = at.indent + 1;
                                }
                            }
                        }
                        '\n' => break,
                        _ => text.push(c),
                    }
                }
                if !closed {
                    // The record ends here; the next line is a record of its own.
                    problems.push((here, Level::Error, "unbalanced quotes".into()));
                    line += 1;
                    col = at.indent + 1;
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
                    text,
                    pos: here,
                    quoted: true,
                });
            }
            _ => {
                let mut word = String::from(c);
                while let Some(&next) = chars.peek() {
                    if matches!(next, ' ' | '\t' | '\r' | '\n' | ';' | '(' | ')' | '"') {
                        break;
                    }
                    word.push(next);
                    chars.next();
                    col += 1;
                    if next == '\\'
                        && let Some(escaped) = chars.next()
                    {
                        word.push(escaped);
                        col += 1;
                        if escaped == '\n' {
                            line += 1;
                            col = at.indent + 1;
                        }
                    }
                }
                if tokens.is_empty() {
                    entry_pos = here;
                }
                tokens.push(Token {
                    text: word,
                    pos: here,
                    quoted: false,
                });
            }
        }
        if c != '\n' && !matches!(c, ' ' | '\t' | '\r') {
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
