//! A printable handout: the questions numbered, as the learner sees them, then an
//! answer key with each answer, why, and the explanation.

use super::{Exported, Output, ordinal, prompt_lines};
use crate::quiz::preview::{Key, Preview, letter};
use std::fmt::Write;

/// Escapes Markdown's inline markup characters in running text.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
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
    if !p.zone_beside.is_empty() {
        out.push_str("```\n");
        for (line, text) in &p.zone_beside {
            let _ = writeln!(out, "{line:>3}  {text}");
        }
        out.push_str("```\n\n");
    }
    match &p.key {
        Key::Groups { .. } => {
            out.push_str("Number the hosts in the order a sender tries them:\n\n");
            for o in &p.options {
                let _ = writeln!(out, "- [ ] {}", escape(&o.text));
            }
        }
        Key::Query { .. } => out.push_str("Command: ________________________________\n"),
        Key::Lines { .. } => {
            out.push_str("Circle the faulty line(s):\n\n```\n");
            for o in &p.options {
                let _ = writeln!(out, "{}", o.text);
            }
            out.push_str("```\n");
        }
        _ => {
            if p.kind == "multi" {
                out.push_str("Pick all that apply.\n\n");
            }
            for (i, o) in p.options.iter().enumerate() {
                let _ = writeln!(out, "- **{})** {}", letter(i), escape(&o.text));
            }
        }
    }
    out.push('\n');
}

fn key(out: &mut String, n: usize, p: &Preview) {
    let answer = match &p.key {
        Key::Choices | Key::Outcome { .. } => p
            .options
            .iter()
            .enumerate()
            .filter(|(_, o)| o.correct)
            .map(|(i, o)| format!("**{})** {}", letter(i), escape(&o.text)))
            .collect::<Vec<_>>()
            .join("; "),
        Key::Groups {
            groups,
            preferences,
        } => groups
            .iter()
            .zip(preferences)
            .enumerate()
            .map(|(i, (g, pref))| {
                format!(
                    "{} {} (preference {pref})",
                    ordinal(i + 1),
                    escape(&g.join(" = "))
                )
            })
            .collect::<Vec<_>>()
            .join(", then "),
        Key::Lines { lines } => lines
            .iter()
            .map(|(line, why)| format!("line {line} ({})", escape(why)))
            .collect::<Vec<_>>()
            .join("; "),
        Key::Query { example, .. } => {
            format!("`{example}` (or the same query with nslookup or host)")
        }
        Key::Unpreparable { reason } => format!("none: {}", escape(reason)),
    };
    let _ = writeln!(out, "{n}. {answer}  ");
    for o in p.options.iter().filter(|o| o.correct && !o.why.is_empty()) {
        if !matches!(p.key, Key::Lines { .. }) {
            let _ = writeln!(out, "   {}  ", escape(&o.why));
        }
    }
    let _ = writeln!(out, "   *{}*\n", escape(&p.explanation));
}

/// The banks as a Markdown handout with an answer key at the end.
pub fn markdown(banks: &[Exported]) -> Output {
    let mut out = String::new();
    let mut notes = Vec::new();
    for b in banks {
        let _ = writeln!(out, "# {}\n", escape(&b.bank.title));
        if let Some(d) = &b.bank.description {
            let _ = writeln!(out, "{}\n", escape(d.trim()));
        }
        let shown: Vec<&Preview> = b
            .questions
            .iter()
            .filter(|p| {
                let keep = !matches!(p.key, Key::Unpreparable { .. });
                if let (false, Key::Unpreparable { reason }) = (keep, &p.key) {
                    notes.push(format!("{}/{}: left out: {reason}", p.bank, p.id));
                }
                keep
            })
            .collect();
        for (i, p) in shown.iter().enumerate() {
            question(&mut out, i + 1, p);
        }
        let _ = writeln!(out, "## Answer key: {}\n", escape(&b.bank.title));
        for (i, p) in shown.iter().enumerate() {
            key(&mut out, i + 1, p);
        }
    }
    Output { text: out, notes }
}
