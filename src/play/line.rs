//! A one-line command editor, as a shell's: a cursor that moves by character, Home
//! and End, Backspace and Delete at the cursor, Ctrl-U (kill to the start) and
//! Ctrl-W (kill the word before the cursor). The lab console and command questions
//! share it.
//!
//! Written here rather than taken from `tui-input` (0.15 does fit our terminal
//! library's 0.30) or its text-area sibling: both are built around terminal events
//! and widgets, which the play layer must not see, and the app needs only these
//! nine edits on one line, covered here in a page with tests.

/// One edit of the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    /// Insert a character at the cursor.
    Insert(char),
    /// Delete the character before the cursor (Backspace).
    DeleteBack,
    /// Delete the character under the cursor (Delete).
    DeleteForward,
    /// One character left.
    Left,
    /// One character right.
    Right,
    /// To the start of the line (Home, Ctrl-A).
    Home,
    /// To the end of the line (End, Ctrl-E).
    End,
    /// Delete everything before the cursor (Ctrl-U).
    KillToStart,
    /// Delete the word before the cursor and the spaces after it (Ctrl-W).
    KillWord,
}

/// A line being typed, with its cursor (a character index, never past the end).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineEditor {
    text: String,
    cursor: usize,
}

impl LineEditor {
    /// A line holding `text`, the cursor at its end.
    pub fn new(text: &str) -> Self {
        LineEditor {
            text: text.to_string(),
            cursor: text.chars().count(),
        }
    }

    /// The text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The cursor, in characters from the start.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// The text before and from the cursor.
    pub fn split(&self) -> (&str, &str) {
        self.text.split_at(self.byte(self.cursor))
    }

    /// Whether nothing is typed.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Empties the line.
    pub fn clear(&mut self) {
        *self = LineEditor::default();
    }

    fn byte(&self, chars: usize) -> usize {
        self.text
            .char_indices()
            .nth(chars)
            .map_or(self.text.len(), |(i, _)| i)
    }

    /// Applies one edit.
    pub fn edit(&mut self, edit: Edit) {
        let len = self.text.chars().count();
        match edit {
            Edit::Insert(c) => {
                let at = self.byte(self.cursor);
                self.text.insert(at, c);
                self.cursor += 1;
            }
            Edit::DeleteBack if self.cursor > 0 => {
                self.cursor -= 1;
                let at = self.byte(self.cursor);
                self.text.remove(at);
            }
            Edit::DeleteForward if self.cursor < len => {
                let at = self.byte(self.cursor);
                self.text.remove(at);
            }
            Edit::Left => self.cursor = self.cursor.saturating_sub(1),
            Edit::Right => self.cursor = (self.cursor + 1).min(len),
            Edit::Home => self.cursor = 0,
            Edit::End => self.cursor = len,
            Edit::KillToStart => {
                let at = self.byte(self.cursor);
                self.text.replace_range(..at, "");
                self.cursor = 0;
            }
            Edit::KillWord => {
                let before: Vec<char> = self.text.chars().take(self.cursor).collect();
                let mut start = before.len();
                while start > 0 && before[start - 1].is_whitespace() {
                    start -= 1;
                }
                while start > 0 && !before[start - 1].is_whitespace() {
                    start -= 1;
                }
                let (from, to) = (self.byte(start), self.byte(self.cursor));
                self.text.replace_range(from..to, "");
                self.cursor = start;
            }
            Edit::DeleteBack | Edit::DeleteForward => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(text: &str) -> LineEditor {
        let mut line = LineEditor::default();
        text.chars().for_each(|c| line.edit(Edit::Insert(c)));
        line
    }

    #[test]
    fn a_typo_is_fixed_in_place_as_in_a_shell() {
        let mut line = typed("dgi example MX");
        line.edit(Edit::Home);
        line.edit(Edit::Right);
        line.edit(Edit::DeleteForward);
        line.edit(Edit::Right);
        line.edit(Edit::Insert('g'));
        assert_eq!(line.text(), "dig example MX");
        assert_eq!(line.split(), ("dig", " example MX"));
        line.edit(Edit::End);
        line.edit(Edit::DeleteBack);
        assert_eq!(line.text(), "dig example M");
    }

    #[test]
    fn ctrl_w_kills_the_word_before_the_cursor_and_ctrl_u_the_start() {
        let mut line = typed("dig blossomflowers.example  MX");
        line.edit(Edit::KillWord);
        assert_eq!(line.text(), "dig blossomflowers.example  ");
        line.edit(Edit::KillWord);
        assert_eq!(line.text(), "dig ");
        line.edit(Edit::Insert('x'));
        line.edit(Edit::Left);
        line.edit(Edit::KillToStart);
        assert_eq!((line.text(), line.cursor()), ("x", 0));
    }

    #[test]
    fn edits_at_the_ends_and_wide_characters_never_panic() {
        let mut line = LineEditor::new("é✓");
        line.edit(Edit::DeleteForward);
        line.edit(Edit::Right);
        assert_eq!(line.cursor(), 2);
        line.edit(Edit::DeleteBack);
        assert_eq!(line.text(), "é");
        line.edit(Edit::Home);
        line.edit(Edit::DeleteBack);
        line.edit(Edit::KillWord);
        assert_eq!(line.text(), "é");
    }
}
