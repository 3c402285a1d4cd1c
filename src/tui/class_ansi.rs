//! A ratatui backend that writes ANSI escapes into memory: a class student's
//! screen is drawn by ratatui (its diff sends only the cells that changed) and
//! the bytes go over SSH. It writes the escapes itself rather than through
//! crossterm's `queue!`, which on a Windows console without ANSI support would run
//! each command on the instructor's own console instead of writing it.

use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use ratatui::style::{Color, Modifier};
use std::fmt::Write as _;

/// The smallest screen drawn for a student (a smaller pty is drawn at this size).
pub const MIN_SIZE: (u16, u16) = (20, 6);
/// The largest: a 65535×65535 pty gets this, so it cannot exhaust memory.
pub const MAX_SIZE: (u16, u16) = (300, 100);

/// A pty's size within [`MIN_SIZE`] and [`MAX_SIZE`].
pub fn clamp(cols: u16, rows: u16) -> Size {
    Size {
        width: cols.clamp(MIN_SIZE.0, MAX_SIZE.0),
        height: rows.clamp(MIN_SIZE.1, MAX_SIZE.1),
    }
}

/// A screen of `size` whose output collects in [`AnsiBackend::take`].
#[derive(Debug)]
pub struct AnsiBackend {
    out: String,
    size: Size,
    cursor: Position,
    cursor_hidden: bool,
}

impl AnsiBackend {
    /// A screen of `size` (clamp it first).
    pub fn new(size: Size) -> Self {
        AnsiBackend {
            out: String::new(),
            size,
            cursor: Position::ORIGIN,
            cursor_hidden: false,
        }
    }

    /// The screen has a new size: the next draw redraws it whole.
    pub fn set_size(&mut self, size: Size) {
        self.size = size;
    }

    /// The bytes written since the last call.
    pub fn take(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.out).into_bytes()
    }
}

fn color(out: &mut String, c: Color, base: u8) {
    // `base` is 30 for the foreground, 40 for the background.
    let _ = match c {
        Color::Reset => write!(out, ";{}", base + 9),
        Color::Black => write!(out, ";{base}"),
        Color::Red => write!(out, ";{}", base + 1),
        Color::Green => write!(out, ";{}", base + 2),
        Color::Yellow => write!(out, ";{}", base + 3),
        Color::Blue => write!(out, ";{}", base + 4),
        Color::Magenta => write!(out, ";{}", base + 5),
        Color::Cyan => write!(out, ";{}", base + 6),
        Color::Gray => write!(out, ";{}", base + 7),
        Color::DarkGray => write!(out, ";{}", base + 60),
        Color::LightRed => write!(out, ";{}", base + 61),
        Color::LightGreen => write!(out, ";{}", base + 62),
        Color::LightYellow => write!(out, ";{}", base + 63),
        Color::LightBlue => write!(out, ";{}", base + 64),
        Color::LightMagenta => write!(out, ";{}", base + 65),
        Color::LightCyan => write!(out, ";{}", base + 66),
        Color::White => write!(out, ";{}", base + 67),
        Color::Indexed(i) => write!(out, ";{};5;{i}", base + 8),
        Color::Rgb(r, g, b) => write!(out, ";{};2;{r};{g};{b}", base + 8),
    };
}

/// The SGR that sets a cell's whole style from scratch.
fn style(out: &mut String, cell: &Cell) {
    out.push_str("\x1b[0");
    for (m, code) in [
        (Modifier::BOLD, ";1"),
        (Modifier::DIM, ";2"),
        (Modifier::ITALIC, ";3"),
        (Modifier::UNDERLINED, ";4"),
        (Modifier::SLOW_BLINK, ";5"),
        (Modifier::RAPID_BLINK, ";6"),
        (Modifier::REVERSED, ";7"),
        (Modifier::HIDDEN, ";8"),
        (Modifier::CROSSED_OUT, ";9"),
    ] {
        if cell.modifier.contains(m) {
            out.push_str(code);
        }
    }
    color(out, cell.fg, 30);
    color(out, cell.bg, 40);
    out.push('m');
}

impl Backend for AnsiBackend {
    type Error = std::io::Error;

    fn draw<'a, I>(&mut self, content: I) -> std::io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let mut last: Option<Position> = None;
        let mut styled: Option<(Color, Color, Modifier)> = None;
        for (x, y, cell) in content {
            if !matches!(last, Some(p) if x == p.x + 1 && y == p.y) {
                let _ = write!(self.out, "\x1b[{};{}H", y + 1, x + 1);
            }
            last = Some(Position { x, y });
            let now = (cell.fg, cell.bg, cell.modifier);
            if styled != Some(now) {
                style(&mut self.out, cell);
                styled = Some(now);
            }
            // Cells hold text that `content::text` checked; a control character
            // from anywhere else is drawn as a space, never sent.
            match cell.symbol().chars().any(char::is_control) {
                true => self.out.push(' '),
                false => self.out.push_str(cell.symbol()),
            }
        }
        if styled.is_some() {
            self.out.push_str("\x1b[0m");
        }
        Ok(())
    }

    fn hide_cursor(&mut self) -> std::io::Result<()> {
        // Once is enough: an unchanged frame then writes nothing at all.
        if !self.cursor_hidden {
            self.out.push_str("\x1b[?25l");
            self.cursor_hidden = true;
        }
        Ok(())
    }

    fn show_cursor(&mut self) -> std::io::Result<()> {
        if self.cursor_hidden {
            self.out.push_str("\x1b[?25h");
            self.cursor_hidden = false;
        }
        Ok(())
    }

    fn get_cursor_position(&mut self) -> std::io::Result<Position> {
        Ok(self.cursor)
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> std::io::Result<()> {
        let p = position.into();
        self.cursor = p;
        let _ = write!(self.out, "\x1b[{};{}H", p.y + 1, p.x + 1);
        Ok(())
    }

    fn clear(&mut self) -> std::io::Result<()> {
        self.out.push_str("\x1b[0m\x1b[2J");
        Ok(())
    }

    fn clear_region(&mut self, clear_type: ClearType) -> std::io::Result<()> {
        self.out.push_str(match clear_type {
            ClearType::All => "\x1b[0m\x1b[2J",
            ClearType::AfterCursor => "\x1b[0J",
            ClearType::BeforeCursor => "\x1b[1J",
            ClearType::CurrentLine => "\x1b[2K",
            ClearType::UntilNewLine => "\x1b[0K",
        });
        Ok(())
    }

    fn size(&self) -> std::io::Result<Size> {
        Ok(self.size)
    }

    fn window_size(&mut self) -> std::io::Result<WindowSize> {
        Ok(WindowSize {
            columns_rows: self.size,
            pixels: Size::default(),
        })
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::Terminal;
    use ratatui::style::Style;
    use ratatui::text::Span;

    #[test]
    fn frames_become_ansi_and_only_changes_follow_the_first() {
        let mut t = Terminal::new(AnsiBackend::new(Size::new(10, 2))).expect("a terminal");
        t.draw(|f| f.render_widget(Span::styled("hi", Style::new().green().bold()), f.area()))
            .expect("drawn");
        let first = String::from_utf8(t.backend_mut().take()).expect("utf-8");
        assert!(first.contains("\x1b[0;1;32;49mhi"), "{first:?}");
        assert!(first.contains("\x1b[?25l"), "the cursor hidden");
        t.draw(|f| f.render_widget(Span::styled("hi", Style::new().green().bold()), f.area()))
            .expect("drawn");
        assert!(
            t.backend_mut().take().is_empty(),
            "nothing changed, nothing sent"
        );
        t.draw(|f| f.render_widget(Span::raw("ho"), f.area()))
            .expect("drawn");
        let second = String::from_utf8(t.backend_mut().take()).expect("utf-8");
        assert!(
            second.contains("ho") && !second.contains("\x1b[2J"),
            "{second:?}"
        );
    }

    #[test]
    fn sizes_are_clamped() {
        assert_eq!(clamp(65535, 65535), Size::new(300, 100));
        assert_eq!(clamp(0, 0), Size::new(20, 6));
        assert_eq!(clamp(80, 24), Size::new(80, 24));
    }
}
