//! GIFT (docs.moodle.org "GIFT format"): one question per paragraph,
//! `::title:: text { answers }`. Options and zone lines are multiple choice with
//! `#feedback`; hosts to order are matching (at least three hosts, as GIFT
//! requires; fewer are left out with a note); a command is short answer.

use super::moodle::command_forms;
use super::{Exported, Output, html_escape, ordinal, question_html};
use crate::kind::Forms;
use crate::quiz::preview::Preview;
use std::fmt::Write;

/// Escapes GIFT's special characters (`~ = # { } :` and the backslash).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '~' | '=' | '#' | '{' | '}' | ':' | '\\') {
            out.push('\\');
        }
        // A blank line ends a GIFT question: keep every text on one line.
        out.push(if c == '\n' || c == '\r' { ' ' } else { c });
    }
    out
}

/// HTML-escaped, then GIFT-escaped.
fn html(text: &str) -> String {
    escape(&html_escape(text))
}

/// The question text on one line (a blank line would end the question in GIFT).
fn question_text(p: &Preview) -> String {
    escape(&question_html(p, "<br>"))
}

fn title(out: &mut String, p: &Preview) {
    // Writing to a String cannot fail.
    let _ = writeln!(out, "// {}/{}", p.bank, p.id);
    let _ = write!(out, "::{}::[html]{} {{", escape(&p.id), question_text(p));
}

fn feedback(out: &mut String, p: &Preview) {
    let _ = writeln!(out, "\t####{}\n}}\n", html(&p.explanation));
}

/// Multiple choice: `=right ~wrong` when exactly one is right and the kind asks for
/// one, else weights per option (`many`: pick all that apply).
fn multiple_choice(out: &mut String, p: &Preview, many: bool) {
    let right = p.options.iter().filter(|o| o.correct).count();
    let single = right == 1 && !many;
    title(out, p);
    out.push('\n');
    for o in &p.options {
        let mark = match (single, o.correct) {
            (true, true) => "=".to_string(),
            (true, false) => "~".to_string(),
            (false, true) => format!("~%{}%", super::moodle::fraction(right)),
            (false, false) => format!("~%-{}%", super::moodle::fraction(right)),
        };
        let why = if o.why.is_empty() {
            String::new()
        } else {
            format!("#{}", html(&o.why))
        };
        let _ = writeln!(out, "\t{mark}{}{why}", html(&o.text));
    }
    feedback(out, p);
}

fn matching(out: &mut String, p: &Preview, groups: &[Vec<String>]) {
    title(out, p);
    out.push('\n');
    for (n, group) in groups.iter().enumerate() {
        for host in group {
            let _ = writeln!(out, "\t={} -> tried {}", html(host), ordinal(n + 1));
        }
    }
    feedback(out, p);
}

fn short_answer(out: &mut String, p: &Preview, name: &str, rtype: &str) {
    title(out, p);
    out.push('\n');
    for form in command_forms(name, rtype) {
        let _ = writeln!(out, "\t={}", escape(&form));
    }
    feedback(out, p);
}

/// A GIFT file being written.
struct Gift {
    out: String,
}

impl Forms for Gift {
    fn choices(&mut self, p: &Preview, many: bool) -> Result<(), String> {
        multiple_choice(&mut self.out, p, many);
        Ok(())
    }

    fn matching(
        &mut self,
        p: &Preview,
        groups: &[Vec<String>],
        _preferences: &[u16],
    ) -> Result<(), String> {
        if groups.iter().map(Vec::len).sum::<usize>() < 3 {
            return Err("GIFT matching needs at least three hosts".into());
        }
        matching(&mut self.out, p, groups);
        Ok(())
    }

    fn lines(&mut self, p: &Preview, _lines: &[(u32, String)]) -> Result<(), String> {
        multiple_choice(&mut self.out, p, true);
        Ok(())
    }

    fn command(
        &mut self,
        p: &Preview,
        name: &str,
        rtype: &str,
        _example: &str,
    ) -> Result<(), String> {
        short_answer(&mut self.out, p, name, rtype);
        Ok(())
    }
}

/// The banks as one GIFT file.
pub fn gift(banks: &[Exported]) -> Output {
    let mut gift = Gift { out: String::new() };
    let mut notes = Vec::new();
    for b in banks {
        let _ = writeln!(
            gift.out,
            "$CATEGORY: $course$/top/{}\n",
            b.bank.title.replace('/', "-")
        );
        for p in &b.questions {
            let written = match p.key.unpreparable() {
                Some(reason) => Err(reason.to_string()),
                None => p.kind.rules().export(p, &mut gift),
            };
            if let Err(reason) = written {
                notes.push(format!("{}/{}: left out: {reason}", p.bank, p.id));
            }
        }
    }
    Output {
        text: gift.out,
        notes,
    }
}
