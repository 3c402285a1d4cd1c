//! Text as a terminal shows it: tabs expanded to tab stops, lines wrapped with a
//! hanging indent, anything cut marked with `…`. Every screen draws through these,
//! so no text is clipped silently.

use unicode_width::UnicodeWidthStr;

/// The tab stops of a terminal: every 8 columns.
const TAB: usize = 8;

/// `line` with each tab replaced by spaces up to the next tab stop, as a terminal
/// shows `dig`'s columns.
pub fn expand_tabs(line: &str) -> String {
    if !line.contains('\t') {
        return line.to_string();
    }
    let mut out = String::with_capacity(line.len() + 16);
    let mut column = 0;
    for c in line.chars() {
        if c == '\t' {
            let pad = TAB - column % TAB;
            out.extend(std::iter::repeat_n(' ', pad));
            column += pad;
        } else {
            out.push(c);
            column += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        }
    }
    out
}

/// How many columns `text` takes.
pub fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// `text` cut to `max` columns, ending in `…` when anything was cut.
pub fn clip(text: &str, max: usize) -> String {
    cut(text, max, "…")
}

/// `text` cut to `max` columns, ending in `mark` when anything was cut (the mark
/// alone, itself cut, where `max` leaves no room for text).
pub fn cut(text: &str, max: usize, mark: &str) -> String {
    if width(text) <= max {
        return text.to_string();
    }
    let room = max.saturating_sub(width(mark));
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > room {
            break;
        }
        out.push(c);
        used += w;
    }
    for c in mark.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > max {
            break;
        }
        out.push(c);
        used += w;
    }
    out
}

/// `text` wrapped to `max` columns; lines after the first of each paragraph start
/// `indent` columns in (a hanging indent). Tabs are expanded first.
pub fn wrap(text: &str, max: usize, indent: usize) -> Vec<String> {
    let max = max.max(indent + 8);
    let hang = " ".repeat(indent);
    if text.is_empty() {
        return vec![String::new()]; // an empty line is still a line
    }
    let options = textwrap::Options::new(max)
        .subsequent_indent(&hang)
        .break_words(true);
    text.lines()
        .flat_map(|line| {
            let line = expand_tabs(line);
            if line.trim().is_empty() {
                return vec![String::new()];
            }
            textwrap::wrap(&line, &options)
                .into_iter()
                .map(|l| l.into_owned())
                .collect()
        })
        .collect()
}

/// Whole `parts` joined by ` · ` into lines of at most `max` columns, at most
/// `lines` of them: the first part that does not fit on the last line is left out
/// whole with those after it, never cut, so no line ends in `…`. A single part wider
/// than a line is cut. The headers' state lines and the footer's keys are packed so.
pub fn pack<S: AsRef<str>>(parts: &[S], max: usize, lines: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for part in parts.iter().map(AsRef::as_ref) {
        let full = out.len() >= lines.max(1);
        match out.last_mut() {
            Some(line) if width(line) + 3 + width(part) <= max => {
                line.push_str(" · ");
                line.push_str(part);
            }
            _ if !full => out.push(clip(part, max)),
            _ => break,
        }
    }
    out
}

/// `1 bank`, `4 banks`: the count with its noun in the right number.
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// `part` of `whole` in percent: the one rule, [`crate::ground::percent`].
pub use crate::ground::percent;

#[cfg(test)]
mod tests {
    #[test]
    fn pack_keeps_parts_whole_and_leaves_out_what_does_not_fit() {
        let parts = ["? help", "Space play", "p profile", "n seed", "q quit"];
        assert_eq!(super::pack(&parts, 80, 2), vec![parts.join(" · ")]);
        assert_eq!(
            super::pack(&parts, 22, 2),
            vec!["? help · Space play", "p profile · n seed"]
        );
        assert_eq!(super::pack(&parts, 22, 1), vec!["? help · Space play"]);
    }

    use super::*;

    #[test]
    fn percentages_round_and_plurals_agree() {
        assert_eq!(percent(2, 3), 67);
        assert_eq!(percent(1, 3), 33);
        assert_eq!(percent(0, 0), 0);
        assert_eq!(plural(1, "attempt"), "1 attempt");
        assert_eq!(plural(2, "file"), "2 files");
    }

    #[test]
    fn tabs_stop_every_eight_columns_as_in_a_terminal() {
        assert_eq!(
            expand_tabs("example.\t3600\tIN\tMX\t10 mail."),
            "example.        3600    IN      MX      10 mail."
        );
    }

    #[test]
    fn clipped_text_says_so() {
        assert_eq!(
            clip("v=spf1 include:petalmail.example -all", 20),
            "v=spf1 include:peta…"
        );
        assert_eq!(clip("short", 20), "short");
        assert_eq!(width(&clip("✓ ✗ ⚑ wide text here", 7)), 7);
        assert_eq!(
            cut("v=spf1 include:petalmail.example", 12, "..."),
            "v=spf1 in..."
        );
        assert_eq!(cut("v=spf1", 2, "..."), "..");
        assert_eq!(clip("v=spf1", 0), "");
    }

    #[test]
    fn wrapped_lines_hang_under_the_first() {
        let lines = wrap("1. a long option that wraps onto a second line", 20, 3);
        assert!(lines.len() > 1);
        assert!(lines[1..].iter().all(|l| l.starts_with("   ")));
        assert!(lines.iter().all(|l| width(l) <= 20));
    }
}
