//! A printable handout: the questions numbered, as the learner sees them (choices
//! shuffled with the export's seed, which the handout prints), then after a page
//! break an answer key with each answer, why, and the explanation. [`Part`] writes
//! the questions only (for students) or the key only.
//!
//! The page break is the HTML `<div style="page-break-before: always"></div>`,
//! which HTML-based converters honour when printing (pandoc to HTML or with
//! wkhtmltopdf/WeasyPrint, VS Code's Markdown PDF, Typora, a browser's print);
//! pandoc's LaTeX route drops raw HTML and so prints no break.

use super::{Exported, Output, Part, clean, one_line, place_numbers, places, prompt_lines};
use crate::kind::Forms;
use crate::quiz::preview::{Preview, letter};
use std::fmt::Write;

/// What starts a new page when the handout is printed.
pub const PAGE_BREAK: &str = "<div style=\"page-break-before: always\"></div>";

/// Escapes running text: on one line, control characters replaced, Markdown's
/// inline markup characters (and `&`, which starts an HTML entity) after a
/// backslash, and a start that would open a list, a heading or a quote escaped.
fn escape(text: &str) -> String {
    let text = one_line(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '&' | '!' | '$'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    // A line that starts with `-`, `+`, `=` or `1.`/`1)` is a list item or a
    // heading's underline.
    if out.starts_with(['-', '+', '=']) {
        out.insert(0, '\\');
    } else if let Some(end) = out.find(|c: char| !c.is_ascii_digit())
        && end > 0
        && out[end..].starts_with(['.', ')'])
    {
        out.insert(end, '\\');
    }
    out
}

/// A fenced code block holding `lines` as written (control characters replaced),
/// its fence longer than any run of backticks in them.
fn code_block(out: &mut String, lines: &[String]) {
    let lines: Vec<String> = lines.iter().map(|l| one_line_raw(l)).collect();
    let longest = lines.iter().map(|l| longest_run(l, '`')).max().unwrap_or(0);
    let fence = "`".repeat((longest + 1).max(3));
    let _ = writeln!(out, "{fence}");
    for line in &lines {
        let _ = writeln!(out, "{line}");
    }
    let _ = writeln!(out, "{fence}");
}

/// Inline code holding `text`, its backticks longer than any run in it.
fn code_span(text: &str) -> String {
    let text = one_line_raw(text);
    let ticks = "`".repeat(longest_run(&text, '`') + 1);
    format!("{ticks} {text} {ticks}")
}

/// `text` cleaned and on one line, spaces kept as written.
fn one_line_raw(text: &str) -> String {
    clean(text).replace('\n', " ")
}

fn longest_run(text: &str, c: char) -> usize {
    text.split(|x| x != c).map(str::len).max().unwrap_or(0)
}

fn question(out: &mut String, n: usize, p: &Preview) {
    // Writing to a String cannot fail.
    let _ = writeln!(out, "### {n}. {}\n", escape(&prompt_lines(p)[0]));
    for line in &prompt_lines(p)[1..] {
        let _ = writeln!(out, "- {}", escape(line));
    }
    if prompt_lines(p).len() > 1 {
        out.push('\n');
    }
    if let Some(heading) = &p.zone_heading {
        let _ = writeln!(out, "{}\n", escape(heading));
    }
    if !p.zone_beside().is_empty() {
        let lines: Vec<String> = p
            .zone_beside()
            .iter()
            .map(|(line, text)| format!("{line:>3}  {text}"))
            .collect();
        code_block(out, &lines);
        out.push('\n');
    }
    // Every form a handout takes is written: nothing is left out here.
    let _ = p.kind.rules().export(p, &mut Handout { out: &mut *out });
    out.push('\n');
}

/// A question's body in the handout: what to do, and the options.
struct Handout<'a> {
    out: &'a mut String,
}

impl Forms for Handout<'_> {
    fn choices(&mut self, p: &Preview, many: bool) -> Result<(), String> {
        if many {
            self.out.push_str("Pick all that apply.\n\n");
        }
        for (i, o) in p.options.iter().enumerate() {
            let _ = writeln!(self.out, "- **{})** {}", letter(i), escape(&o.text));
        }
        Ok(())
    }

    fn matching(&mut self, p: &Preview, _: &[Vec<String>], _: &[u16]) -> Result<(), String> {
        self.out.push_str(
            "Number the hosts 1, 2, 3 … in the order a sender tries them (hosts a sender tries in either order may take their numbers in any order):\n\n",
        );
        for o in &p.options {
            let _ = writeln!(self.out, "- [ ] {}", escape(&o.text));
        }
        Ok(())
    }

    fn lines(&mut self, p: &Preview, _: &[(u32, String)]) -> Result<(), String> {
        self.out.push_str("Circle the faulty line(s):\n\n");
        let lines: Vec<String> = p.options.iter().map(|o| o.text.clone()).collect();
        code_block(self.out, &lines);
        Ok(())
    }

    fn command(&mut self, _: &Preview, _: &str, _: &str, _: &str) -> Result<(), String> {
        self.out
            .push_str("Command: ________________________________\n");
        Ok(())
    }
}

/// A question's answer in the key, on one line.
struct AnswerKey {
    answer: String,
}

impl Forms for AnswerKey {
    fn choices(&mut self, p: &Preview, _many: bool) -> Result<(), String> {
        self.answer = p
            .options
            .iter()
            .enumerate()
            .filter(|(_, o)| o.correct)
            .map(|(i, o)| format!("**{})** {}", letter(i), escape(&o.text)))
            .collect::<Vec<_>>()
            .join("; ");
        Ok(())
    }

    fn matching(
        &mut self,
        _: &Preview,
        groups: &[Vec<String>],
        preferences: &[u16],
    ) -> Result<(), String> {
        // The same places the learner numbers, tied hosts sharing a span (R1.7).
        self.answer = groups
            .iter()
            .zip(preferences)
            .zip(places(groups))
            .map(|((g, pref), place)| {
                format!(
                    "{}: {} (preference {pref})",
                    place_numbers(place),
                    escape(&g.join(", "))
                )
            })
            .collect::<Vec<_>>()
            .join("; then ");
        Ok(())
    }

    fn lines(&mut self, _: &Preview, lines: &[(u32, String)]) -> Result<(), String> {
        self.answer = lines
            .iter()
            .map(|(line, why)| format!("line {line} ({})", escape(why)))
            .collect::<Vec<_>>()
            .join("; ");
        Ok(())
    }

    fn command(&mut self, _: &Preview, _: &str, _: &str, example: &str) -> Result<(), String> {
        self.answer = format!(
            "{} (or the same query with nslookup or host)",
            code_span(example)
        );
        Ok(())
    }
}

fn key(out: &mut String, n: usize, p: &Preview) {
    let mut key = AnswerKey {
        answer: String::new(),
    };
    // Every form has an answer line: nothing is left out here.
    let _ = p.kind.rules().export(p, &mut key);
    let _ = writeln!(out, "{n}. {}  ", key.answer);
    // Why each right option is right, where the author wrote it (a zone line's
    // checker message is already in the answer).
    if p.kind.entry().teaches_whys() {
        for o in p.options.iter().filter(|o| o.correct && !o.why.is_empty()) {
            let _ = writeln!(out, "   {}  ", escape(&o.why));
        }
    }
    let _ = writeln!(out, "   *{}*\n", escape(&p.explanation));
}

/// The banks as a Markdown handout: for each bank its questions, then after a page
/// break its answer key (`part`: the questions only, or the key only).
pub fn markdown(banks: &[Exported], part: Part) -> Output {
    let mut out = String::new();
    let mut notes = Vec::new();
    for (n, b) in banks.iter().enumerate() {
        if n > 0 {
            let _ = writeln!(out, "{PAGE_BREAK}\n");
        }
        let _ = writeln!(out, "# {}\n", escape(&b.bank.title));
        if let Some(seed) = b.seed {
            let _ = writeln!(
                out,
                "*Choices shuffled with seed {seed}: the same export with `--seed {seed}` writes this handout and its key again.*\n"
            );
        }
        if part != Part::Key
            && let Some(d) = &b.bank.description
        {
            let _ = writeln!(out, "{}\n", escape(d.trim()));
        }
        let shown: Vec<&Preview> = b
            .questions
            .iter()
            .filter(|p| match p.key.unpreparable() {
                Some(reason) => {
                    notes.push(format!("{}/{}: left out: {reason}", p.bank, p.id));
                    false
                }
                None => true,
            })
            .collect();
        if part != Part::Key {
            for (i, p) in shown.iter().enumerate() {
                question(&mut out, i + 1, p);
            }
        }
        if part == Part::Both {
            let _ = writeln!(out, "{PAGE_BREAK}\n");
        }
        if part != Part::Questions {
            let _ = writeln!(out, "## Answer key: {}\n", escape(&b.bank.title));
            for (i, p) in shown.iter().enumerate() {
                key(&mut out, i + 1, p);
            }
        }
    }
    Output { text: out, notes }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_markup_and_line_starts_are_escaped() {
        assert_eq!(
            escape("*a* _b_ `c` <d> [e] #f |g ~h &i !j $k"),
            "\\*a\\* \\_b\\_ \\`c\\` \\<d\\> \\[e\\] \\#f \\|g \\~h \\&i \\!j \\$k"
        );
        assert_eq!(escape("- item"), "\\- item");
        assert_eq!(escape("12. item"), "12\\. item");
        assert_eq!(escape("3) item"), "3\\) item");
        assert_eq!(escape("line\n# heading"), "line \\# heading");
        assert_eq!(escape("bell\u{7}esc\u{1b}"), "bell\u{FFFD}esc\u{FFFD}");
    }

    #[test]
    fn a_code_block_outlasts_the_backticks_in_it() {
        let mut out = String::new();
        code_block(&mut out, &["a ```` b".to_string()]);
        assert_eq!(out, "`````\na ```` b\n`````\n");
        assert_eq!(code_span("a`b"), "`` a`b ``");
    }
}
