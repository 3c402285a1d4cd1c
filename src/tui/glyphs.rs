//! What the app draws in ASCII (`--ascii`), decided here once: consoles whose font
//! lacks box-drawing characters and symbols such as ✓ ✗ ▶ … (Windows' classic
//! console) get an ASCII stand-in for each. Screens never choose: they ask the
//! theme (`Theme::block`, `Theme::clip`, `Theme::wrap`, `Theme::text`,
//! `Theme::glyphs`), which asks here.
//!
//! One table serves two steps. Text that is measured (cut with a mark, wrapped) is
//! made ASCII first ([`ascii`]), so a stand-in wider than its character (`…` →
//! `...`) is counted where it is laid out. The last step of every frame
//! ([`ascii_cells`]) then makes each cell ASCII in place, one stand-in per cell:
//! box drawing, marks and content drawn without measuring are covered too, and a
//! character the table does not know shows as `?` (`??` where it is two columns
//! wide), never as a glyph the console cannot draw.

use ratatui::buffer::Buffer;
use ratatui::symbols::{bar, border};
use std::borrow::Cow;
use tui_big_text::PixelSize;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// The symbols the app draws that are not characters of its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Glyphs {
    /// Block borders.
    pub border: border::Set<'static>,
    /// The bars of the stats chart.
    pub bars: bar::Set<'static>,
    /// The cursor at the end of a command being typed.
    pub cursor: &'static str,
    /// The presenter's big letters: their pixels, and the columns a letter takes.
    pub big: (PixelSize, u16),
}

/// Box drawing, block elements, a block cursor, letters of quadrant pixels.
pub const UNICODE: Glyphs = Glyphs {
    border: border::PLAIN,
    bars: bar::NINE_LEVELS,
    cursor: "█",
    big: (PixelSize::Quadrant, 4),
};

/// `+--+` borders, bars of `_ - = #`, an underscore cursor, and letters of
/// half-height pixels, whose `#`, `"` and `_` still read as letters (quadrant
/// pixels in one ASCII character each do not).
pub const ASCII: Glyphs = Glyphs {
    border: border::Set {
        top_left: "+",
        top_right: "+",
        bottom_left: "+",
        bottom_right: "+",
        vertical_left: "|",
        vertical_right: "|",
        horizontal_top: "-",
        horizontal_bottom: "-",
    },
    bars: bar::Set {
        full: "#",
        seven_eighths: "#",
        three_quarters: "=",
        five_eighths: "=",
        half: "=",
        three_eighths: "-",
        one_quarter: "_",
        one_eighth: "_",
        empty: " ",
    },
    cursor: "_",
    big: (PixelSize::HalfHeight, 8),
};

/// Each character the app, its content or a widget it uses draws that is not
/// ASCII, with its stand-in. Symbols keep their one column, so pictures stay
/// aligned; only a few stand-ins are wider, in text that is measured.
const STAND_INS: &[(char, &str)] = &[
    // Marks: right, wrong, warnings, flags, the clock, the cursor and the message.
    ('✓', "+"),
    ('✔', "+"),
    ('✗', "x"),
    ('✘', "x"),
    ('⚠', "!"),
    ('⚑', "F"),
    ('⏱', "T"),
    ('⏸', "||"),
    ('▶', ">"),
    ('▸', ">"),
    ('◀', "<"),
    ('◂', "<"),
    ('●', "*"),
    ('•', "*"),
    ('·', "-"),
    ('…', "..."),
    ('╳', "X"),
    ('←', "<"),
    ('→', ">"),
    ('↑', "^"),
    ('↓', "v"),
    // Lines and boxes.
    ('─', "-"),
    ('━', "-"),
    ('═', "="),
    ('│', "|"),
    ('┃', "|"),
    ('║', "|"),
    ('┌', "+"),
    ('┐', "+"),
    ('└', "+"),
    ('┘', "+"),
    ('├', "+"),
    ('┤', "+"),
    ('┬', "+"),
    ('┴', "+"),
    ('┼', "+"),
    ('╭', "+"),
    ('╮', "+"),
    ('╰', "+"),
    ('╯', "+"),
    ('╔', "+"),
    ('╗', "+"),
    ('╚', "+"),
    ('╝', "+"),
    // Bars and the presenter's big letters (quadrant pixels).
    ('█', "#"),
    ('░', "."),
    ('▇', "#"),
    ('▆', "="),
    ('▅', "="),
    ('▃', "-"),
    ('▂', "_"),
    ('▁', "_"),
    ('▀', "\""),
    ('▄', "_"),
    ('▌', "|"),
    ('▐', "|"),
    ('▘', "'"),
    ('▝', "'"),
    ('▖', ","),
    ('▗', ","),
    ('▞', "/"),
    ('▚', "\\"),
    ('▙', "#"),
    ('▛', "#"),
    ('▜', "#"),
    ('▟', "#"),
    // Punctuation and signs in content and explanations.
    ('—', "-"),
    ('–', "-"),
    ('−', "-"),
    ('‘', "'"),
    ('’', "'"),
    ('“', "\""),
    ('”', "\""),
    ('×', "x"),
    ('§', "section "),
    ('\u{a0}', " "),
    ('≤', "<="),
    ('≥', ">="),
];

/// The ASCII stand-in of `c`, a character that is not ASCII; `None` if there is none.
pub fn stand_in(c: char) -> Option<&'static str> {
    STAND_INS
        .iter()
        .find(|(k, _)| *k == c)
        .map(|&(_, ascii)| ascii)
}

/// Letters every console font has (Latin-1 and Latin Extended-A: é, ü, ø, ł):
/// kept, so that names and words in content are not turned into `?`.
fn console_letter(c: char) -> bool {
    matches!(c, '\u{c0}'..='\u{17f}') && c.is_alphabetic()
}

/// `text` in ASCII: each character replaced by its stand-in, one without shown as
/// `?` (`??` if two columns wide), Latin letters kept ([`console_letter`]); marks
/// that take no column (accents, emoji presentation selectors) are dropped.
pub fn ascii(text: &str) -> Cow<'_, str> {
    if text.chars().all(|c| c.is_ascii() || console_letter(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match (c.is_ascii() || console_letter(c), stand_in(c), c.width()) {
            (true, ..) => out.push(c),
            (false, Some(s), _) => out.push_str(s),
            (false, None, Some(0) | None) => {}
            (false, None, Some(w)) => out.extend(std::iter::repeat_n('?', w)),
        }
    }
    Cow::Owned(out)
}

/// Every cell of `buffer` made ASCII in place: each symbol's stand-in, cut or
/// padded to the columns the symbol takes, so nothing after it moves. A symbol two
/// columns wide gets both of its cells.
pub fn ascii_cells(buffer: &mut Buffer) {
    let area = buffer.area;
    for y in area.top()..area.bottom() {
        let mut x = area.left();
        while x < area.right() {
            let symbol = buffer[(x, y)].symbol();
            if symbol.chars().all(|c| c.is_ascii() || console_letter(c)) {
                x += 1;
                continue;
            }
            let columns = u16::try_from(symbol.width().max(1)).unwrap_or(1);
            let mut stand = ascii(symbol).chars().collect::<Vec<_>>().into_iter();
            for k in 0..columns.min(area.right() - x) {
                let c = stand.next().unwrap_or(' ');
                buffer[(x + k, y)].set_char(c);
            }
            x += columns;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;

    #[test]
    fn every_stand_in_is_ascii_and_every_character_is_listed_once() {
        for (i, (c, s)) in STAND_INS.iter().enumerate() {
            assert!(!c.is_ascii() && s.is_ascii() && !s.is_empty(), "{c}");
            assert!(
                STAND_INS[..i].iter().all(|(k, _)| k != c),
                "{c} listed twice"
            );
        }
    }

    #[test]
    fn text_keeps_ascii_and_replaces_the_rest() {
        assert_eq!(
            ascii("✓ Correct — RFC 5321 §5.1 says “MX” …"),
            "+ Correct - RFC 5321 section 5.1 says \"MX\" ..."
        );
        assert!(matches!(ascii("plain"), Cow::Borrowed("plain")));
        // Unknown: one `?` per column; a presentation selector takes none.
        assert_eq!(ascii("日本 ok ⚠\u{fe0f}"), "???? ok !");
        // Letters every console font has stay.
        assert!(matches!(ascii("José Łódź"), Cow::Borrowed("José Łódź")));
    }

    #[test]
    fn cells_become_ascii_without_moving_what_follows() {
        let mut buffer = Buffer::empty(Rect::new(0, 0, 12, 1));
        buffer.set_string(0, 0, "┌日…✓é─┐", ratatui::style::Style::new());
        ascii_cells(&mut buffer);
        let row: String = (0..12).map(|x| buffer[(x, 0)].symbol()).collect();
        // The wide character fills its two cells; `…` keeps its one column; the
        // letter stays.
        assert_eq!(row, "+??.+é-+    ");
    }
}
