//! GIFT (docs.moodle.org "GIFT format"): one question per paragraph,
//! `::title:: text { answers }`. choice, multi, predict and zone-line are multiple
//! choice with `#feedback`; order is matching (at least three hosts, as GIFT
//! requires; fewer are left out with a note); command is short answer.

use super::moodle::command_forms;
use super::{Exported, Output, html_escape, ordinal, question_html};
use crate::quiz::preview::{Key, Preview};
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

fn multiple_choice(out: &mut String, p: &Preview) {
    let right = p.options.iter().filter(|o| o.correct).count();
    let single = right == 1 && !matches!(p.kind.as_str(), "multi" | "zone-line");
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

/// The banks as one GIFT file.
pub fn gift(banks: &[Exported]) -> Output {
    let mut out = String::new();
    let mut notes = Vec::new();
    for b in banks {
        let _ = writeln!(
            out,
            "$CATEGORY: $course$/top/{}\n",
            b.bank.title.replace('/', "-")
        );
        for p in &b.questions {
            match &p.key {
                Key::Choices | Key::Outcome { .. } | Key::Lines { .. } => {
                    multiple_choice(&mut out, p)
                }
                Key::Groups { groups, .. } if groups.iter().map(Vec::len).sum::<usize>() >= 3 => {
                    matching(&mut out, p, groups)
                }
                Key::Groups { .. } => notes.push(format!(
                    "{}/{}: left out: GIFT matching needs at least three hosts",
                    p.bank, p.id
                )),
                Key::Query { name, rtype, .. } => short_answer(&mut out, p, name, rtype),
                Key::Unpreparable { reason } => {
                    notes.push(format!("{}/{}: left out: {reason}", p.bank, p.id));
                }
            }
        }
    }
    Output { text: out, notes }
}
