//! A printable handout: the questions numbered, as the learner sees them, then an
//! answer key with each answer, why, and the explanation.

use super::{Exported, Output, ordinal, prompt_lines};
use crate::kind::Forms;
use crate::quiz::preview::{Preview, letter};
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
    if let Some(heading) = &p.zone_heading {
        let _ = writeln!(out, "{}\n", escape(heading));
    }
    if !p.zone_beside().is_empty() {
        out.push_str("```\n");
        for (line, text) in p.zone_beside() {
            let _ = writeln!(out, "{line:>3}  {text}");
        }
        out.push_str("```\n\n");
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
        self.out
            .push_str("Number the hosts in the order a sender tries them:\n\n");
        for o in &p.options {
            let _ = writeln!(self.out, "- [ ] {}", escape(&o.text));
        }
        Ok(())
    }

    fn lines(&mut self, p: &Preview, _: &[(u32, String)]) -> Result<(), String> {
        self.out.push_str("Circle the faulty line(s):\n\n```\n");
        for o in &p.options {
            let _ = writeln!(self.out, "{}", o.text);
        }
        self.out.push_str("```\n");
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
        self.answer = groups
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
            .join(", then ");
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
        self.answer = format!("`{example}` (or the same query with nslookup or host)");
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
            .filter(|p| match p.key.unpreparable() {
                Some(reason) => {
                    notes.push(format!("{}/{}: left out: {reason}", p.bank, p.id));
                    false
                }
                None => true,
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
