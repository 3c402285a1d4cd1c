//! GIFT (docs.moodle.org "GIFT format"): one question per paragraph,
//! `::title:: text { answers }`. Options and zone lines are multiple choice with
//! `#feedback`; hosts to order are matching (tied hosts share a place, as in Moodle
//! XML, R1.7); a command is short answer. Each bank is a `$CATEGORY:`; a
//! question's objectives, category, difficulty and scope are `// [tag:…]` comment
//! lines and its bank/id a `// [id:…]` line, which Moodle (3.6 and later) reads as
//! tags and ID number and other readers skip as comments.
//!
//! Escaping follows Moodle's reader (qformat_gift): `\` before `~ = # { } :` and
//! before a backslash; every text on one line (a blank line ends a question); a `%`
//! written as the HTML entity `&#37;`, since GIFT has no escape for the `%` that
//! starts an answer's weight (texts are `[html]`).

use super::moodle::{category, command_forms};
use super::{
    Exported, MATCHING_HINT, Output, clean, html_escape, matching_answers, one_line, question_html,
    tags,
};
use crate::kind::Forms;
use crate::quiz::preview::Preview;
use std::fmt::Write;

/// Escapes GIFT's special characters (`~ = # { } :` and the backslash), with the
/// text's lines joined by spaces (a blank line would end the question).
pub fn escape(text: &str) -> String {
    let text = clean(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '~' | '=' | '#' | '{' | '}' | ':' | '\\') {
            out.push('\\');
        }
        out.push(if c == '\n' { ' ' } else { c });
    }
    out
}

/// HTML-escaped (a `%` as `&#37;`, and a leading `[`, which would name a text
/// format, as `&#91;`), then GIFT-escaped.
fn html(text: &str) -> String {
    let html = html_escape(&one_line(text)).replace('%', "&#37;");
    let html = match html.strip_prefix('[') {
        Some(rest) => format!("&#91;{rest}"),
        None => html,
    };
    escape(&html)
}

/// The question text on one line, with what else the form needs said (`hint`).
fn question_text(p: &Preview, hint: Option<&str>) -> String {
    let mut text = question_html(p, "<br>");
    if let Some(hint) = hint {
        text.push_str(&format!("<p>{}</p>", html_escape(hint)));
    }
    escape(&text.replace('%', "&#37;"))
}

/// A comment's text: on one line, without control characters.
fn comment(text: &str) -> String {
    one_line(text)
}

/// A tag in Moodle's `[tag:…]` comment syntax (a `]` escaped).
fn tag(text: &str) -> String {
    format!("[tag:{}]", comment(text).replace(']', "\\]"))
}

fn title(out: &mut String, p: &Preview, hint: Option<&str>) {
    // Writing to a String cannot fail.
    let id = comment(&format!("{}/{}", p.bank, p.id)).replace(']', "\\]");
    let _ = writeln!(out, "// [id:{id}]");
    let tags: Vec<String> = tags(p).iter().map(|t| tag(t)).collect();
    if !tags.is_empty() {
        let _ = writeln!(out, "// {}", tags.join(" "));
    }
    let _ = write!(
        out,
        "::{}::[html]{} {{",
        escape(&p.id),
        question_text(p, hint)
    );
}

fn feedback(out: &mut String, p: &Preview) {
    let _ = writeln!(out, "\t####{}\n}}\n", html(&p.explanation));
}

/// Multiple choice: `=right ~wrong` when exactly one is right and the kind asks for
/// one, else weights per option (`many`: pick all that apply).
fn multiple_choice(out: &mut String, p: &Preview, many: bool) {
    let right = p.options.iter().filter(|o| o.correct).count();
    let single = right == 1 && !many;
    title(out, p, None);
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

/// Each host matched to its place, tied hosts sharing one; places no host takes are
/// wrong answers with no host (`= -> tried 2nd`), as in Moodle XML.
fn matching(out: &mut String, p: &Preview, groups: &[Vec<String>]) {
    title(out, p, Some(MATCHING_HINT));
    out.push('\n');
    let (pairs, extra) = matching_answers(groups);
    for (host, place) in pairs {
        let _ = writeln!(out, "\t={} -> {}", html(&host), escape(&place));
    }
    for place in extra {
        let _ = writeln!(out, "\t= -> {}", escape(&place));
    }
    feedback(out, p);
}

fn short_answer(out: &mut String, p: &Preview, name: &str, rtype: &str) {
    title(out, p, None);
    out.push('\n');
    for form in command_forms(name, rtype) {
        let _ = writeln!(out, "\t={}", escape(&form));
    }
    feedback(out, p);
}

/// A GIFT file being written, with its notes.
struct Gift {
    out: String,
    notes: Vec<String>,
}

impl Forms for Gift {
    fn choices(&mut self, p: &Preview, many: bool) -> Result<(), String> {
        if !p.shuffle {
            self.notes.push(format!(
                "{}/{}: GIFT cannot say `shuffle: false`; the choices are written in order, but a platform may shuffle them (Moodle XML keeps the order)",
                p.bank, p.id
            ));
        }
        multiple_choice(&mut self.out, p, many);
        Ok(())
    }

    fn matching(
        &mut self,
        p: &Preview,
        groups: &[Vec<String>],
        _preferences: &[u16],
    ) -> Result<(), String> {
        if groups.iter().map(Vec::len).sum::<usize>() < 2 {
            return Err("GIFT matching needs at least two hosts".into());
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
    let mut gift = Gift {
        out: String::new(),
        notes: Vec::new(),
    };
    for b in banks {
        if let Some(seed) = b.seed {
            let _ = writeln!(
                gift.out,
                "// Choices shuffled with seed {seed} (mxdrill export --seed {seed} writes them again).\n"
            );
        }
        // `$CATEGORY:` is read without GIFT's escapes: the title on one line, no
        // backslash (which would start an escape).
        let _ = writeln!(
            gift.out,
            "$CATEGORY: {}\n",
            category(&b.bank.title).replace('\\', "-")
        );
        for p in &b.questions {
            let written = match p.key.unpreparable() {
                Some(reason) => Err(reason.to_string()),
                None => p.kind.rules().export(p, &mut gift),
            };
            if let Err(reason) = written {
                gift.notes
                    .push(format!("{}/{}: left out: {reason}", p.bank, p.id));
            }
        }
    }
    Output {
        text: gift.out,
        notes: gift.notes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gift_specials_are_escaped_and_texts_stay_on_one_line() {
        assert_eq!(escape("a~b=c#d{e}f:g\\h"), "a\\~b\\=c\\#d\\{e\\}f\\:g\\\\h");
        assert_eq!(escape("one\n\ntwo"), "one  two");
        assert_eq!(escape("nul\u{0}"), "nul\u{FFFD}");
    }

    /// GIFT has no escape for `%`: a leading `%50%` would be read as a weight, a
    /// leading `[plain]` as a text format; as HTML entities they are text.
    #[test]
    fn a_leading_weight_or_format_is_written_as_html_entities() {
        assert_eq!(html("%50%half"), "&\\#37;50&\\#37;half");
        assert_eq!(html("[plain] x"), "&\\#91;plain] x");
        assert_eq!(html("<b>&"), "&lt;b&gt;&amp;");
    }
}
