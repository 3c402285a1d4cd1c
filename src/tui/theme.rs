//! Styles and symbols. Colour is never the only signal: marks (✓ ✗ ▶ [x]) and
//! bold/reverse carry the meaning; `NO_COLOR` / `--no-color` give a monochrome
//! theme, `--ascii` draws every screen in ASCII (stand-ins from `tui::glyphs`).

use super::glyphs::{self, Glyphs};
use super::text;
use ratatui::style::{Color, Modifier, Style};
use ratatui::widgets::Block;
use std::borrow::Cow;

/// The styles and symbols of the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// Whether colours may be used.
    pub color: bool,
    /// ASCII only, for consoles whose font lacks box drawing and symbols.
    pub ascii: bool,
}

impl Theme {
    /// Colour unless `no_color` or the `NO_COLOR` variable says otherwise; ASCII
    /// only with `ascii`.
    pub fn from_env(no_color: bool, ascii: bool) -> Self {
        let env = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Theme {
            color: !(no_color || env),
            ascii,
        }
    }

    /// The symbols that are not characters of text: borders, bars, the cursor.
    pub fn glyphs(self) -> &'static Glyphs {
        match self.ascii {
            true => &glyphs::ASCII,
            false => &glyphs::UNICODE,
        }
    }

    /// A block with the theme's borders: every bordered panel starts here.
    pub fn block(self) -> Block<'static> {
        Block::bordered().border_set(self.glyphs().border)
    }

    /// `text` as this theme draws it: in ASCII, each character's stand-in.
    pub fn text(self, text: &str) -> Cow<'_, str> {
        match self.ascii {
            true => glyphs::ascii(text),
            false => Cow::Borrowed(text),
        }
    }

    /// `text` cut to `max` columns, the cut marked (`…`, in ASCII `...`).
    pub fn clip(self, text: &str, max: usize) -> String {
        text::cut(&self.text(text), max, &self.text("…"))
    }

    /// `text` wrapped to `max` columns with a hanging `indent` (`text::wrap`),
    /// after its characters are the theme's.
    pub fn wrap(self, text: &str, max: usize, indent: usize) -> Vec<String> {
        text::wrap(&self.text(text), max, indent)
    }

    fn fg(self, color: Color) -> Style {
        if self.color {
            Style::new().fg(color)
        } else {
            Style::new()
        }
    }

    /// Titles and headings.
    pub fn title(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    /// The selected row.
    pub fn selected(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }

    /// Right answers.
    pub fn right(self) -> Style {
        self.fg(Color::Green).add_modifier(Modifier::BOLD)
    }

    /// Wrong answers.
    pub fn wrong(self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    /// Secondary text: hints, footers, line numbers.
    pub fn dim(self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new()
        }
    }

    /// Text that needs attention: timers, flags.
    pub fn warn(self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }
}
