//! Moodle XML (docs.moodle.org "Moodle XML format"): a `<quiz>` of `<question>`s,
//! one `category` question per bank. Options and zone lines become `multichoice`
//! with per-answer feedback; hosts to order become `matching` (each host to the
//! place it is tried in: equal preferences share a place, R1.7); a command becomes
//! `shortanswer` with the usual spellings of the right command. A question's
//! objectives, category, difficulty and scope become its `<tags>`.

use super::{
    Exported, MATCHING_HINT, Output, clean, html_escape, matching_answers, one_line, question_html,
    tags,
};
use crate::kind::Forms;
use crate::quiz::preview::Preview;
use std::fmt::Write;

/// Escapes text for XML character data and attribute values. Characters XML 1.0
/// cannot hold at all (control characters, U+FFFE, U+FFFF) become U+FFFD.
pub fn escape(text: &str) -> String {
    let text = clean(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// HTML for a `format="html"` text: `& < >` escaped for HTML, then the whole
/// escaped again for the XML.
fn html(text: &str) -> String {
    escape(&html_escape(text))
}

fn text_element(out: &mut String, indent: &str, tag: &str, html_text: &str) {
    // Writing to a String cannot fail.
    let _ = writeln!(
        out,
        "{indent}<{tag} format=\"html\"><text>{html_text}</text></{tag}>"
    );
}

/// The question text: prompt, scenario, the zone as a preformatted block, and
/// what else the form needs said (`hint`).
fn question_text(p: &Preview, hint: Option<&str>) -> String {
    let mut text = question_html(p, "\n");
    if let Some(hint) = hint {
        text.push_str(&format!("<p>{}</p>", html_escape(hint)));
    }
    escape(&text)
}

/// A fraction Moodle accepts: 100/k rounded to 7 significant places.
pub(super) fn fraction(k: usize) -> String {
    let f = 100.0 / k.max(1) as f64;
    let s = format!("{f:.5}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn header(out: &mut String, kind: &str, p: &Preview, hint: Option<&str>) {
    let _ = writeln!(out, "  <question type=\"{kind}\">");
    let _ = writeln!(
        out,
        "    <name><text>{}</text></name>",
        escape(&one_line(&p.id))
    );
    text_element(out, "    ", "questiontext", &question_text(p, hint));
    text_element(out, "    ", "generalfeedback", &html(&p.explanation));
    let _ = writeln!(out, "    <defaultgrade>1</defaultgrade>");
    let _ = writeln!(out, "    <penalty>0.3333333</penalty>");
    let _ = writeln!(out, "    <hidden>0</hidden>");
    let _ = writeln!(
        out,
        "    <idnumber>{}</idnumber>",
        escape(&one_line(&format!("{}/{}", p.bank, p.id)))
    );
    let _ = writeln!(out, "    <tags>");
    for tag in tags(p) {
        let _ = writeln!(out, "      <tag><text>{}</text></tag>", escape(&tag));
    }
    let _ = writeln!(out, "    </tags>");
}

/// A `multichoice` question: single when exactly one option is right and the kind
/// asks for one (`many`: pick all that apply), with per-answer feedback.
fn multichoice(out: &mut String, p: &Preview, many: bool) {
    let right = p.options.iter().filter(|o| o.correct).count();
    let single = right == 1 && !many;
    header(out, "multichoice", p, None);
    let _ = writeln!(out, "    <single>{single}</single>");
    let _ = writeln!(out, "    <shuffleanswers>{}</shuffleanswers>", p.shuffle);
    let _ = writeln!(out, "    <answernumbering>abc</answernumbering>");
    let wrong = if single {
        "0".to_string()
    } else {
        format!("-{}", fraction(right))
    };
    for o in &p.options {
        let grade = if o.correct {
            fraction(right)
        } else {
            wrong.clone()
        };
        let _ = writeln!(out, "    <answer fraction=\"{grade}\" format=\"html\">");
        let _ = writeln!(out, "      <text>{}</text>", html(&o.text));
        text_element(out, "      ", "feedback", &html(&o.why));
        let _ = writeln!(out, "    </answer>");
    }
    let _ = writeln!(out, "  </question>");
}

/// Each host matched to its place; tied hosts share a place such as "tried
/// 1st–2nd (any order)", so either order within a tie is graded right (R1.7).
fn matching(out: &mut String, p: &Preview, groups: &[Vec<String>]) {
    header(out, "matching", p, Some(MATCHING_HINT));
    let _ = writeln!(out, "    <shuffleanswers>true</shuffleanswers>");
    let (pairs, extra) = matching_answers(groups);
    for (host, place) in pairs {
        let _ = writeln!(out, "    <subquestion format=\"html\">");
        let _ = writeln!(out, "      <text>{}</text>", html(&host));
        let _ = writeln!(
            out,
            "      <answer><text>{}</text></answer>",
            escape(&place)
        );
        let _ = writeln!(out, "    </subquestion>");
    }
    // Moodle wants at least three answers: extra places are distractors (a
    // subquestion with no text).
    for place in extra {
        let _ = writeln!(out, "    <subquestion format=\"html\">");
        let _ = writeln!(out, "      <text></text>");
        let _ = writeln!(
            out,
            "      <answer><text>{}</text></answer>",
            escape(&place)
        );
        let _ = writeln!(out, "    </subquestion>");
    }
    let _ = writeln!(out, "  </question>");
}

/// The usual spellings of a command that asks `name` `rtype` (R6: dig, nslookup, host).
pub(crate) fn command_forms(name: &str, rtype: &str) -> Vec<String> {
    let lower = rtype.to_ascii_lowercase();
    vec![
        format!("dig {name} {rtype}"),
        format!("dig {rtype} {name}"),
        format!("dig -t {rtype} {name}"),
        format!("nslookup -type={lower} {name}"),
        format!("nslookup -query={lower} {name}"),
        format!("host -t {lower} {name}"),
    ]
}

fn shortanswer(out: &mut String, p: &Preview, name: &str, rtype: &str) {
    header(out, "shortanswer", p, None);
    let _ = writeln!(out, "    <usecase>0</usecase>");
    for form in command_forms(name, rtype) {
        let _ = writeln!(
            out,
            "    <answer fraction=\"100\" format=\"moodle_auto_format\">"
        );
        let _ = writeln!(out, "      <text>{}</text>", escape(&form));
        let _ = writeln!(out, "    </answer>");
    }
    let _ = writeln!(out, "  </question>");
}

/// A Moodle XML file being written, with its notes.
struct Moodle {
    out: String,
    notes: Vec<String>,
}

impl Forms for Moodle {
    fn choices(&mut self, p: &Preview, many: bool) -> Result<(), String> {
        multichoice(&mut self.out, p, many);
        Ok(())
    }

    fn matching(
        &mut self,
        p: &Preview,
        groups: &[Vec<String>],
        _preferences: &[u16],
    ) -> Result<(), String> {
        matching(&mut self.out, p, groups);
        Ok(())
    }

    fn lines(&mut self, p: &Preview, _lines: &[(u32, String)]) -> Result<(), String> {
        multichoice(&mut self.out, p, true);
        Ok(())
    }

    fn command(
        &mut self,
        p: &Preview,
        name: &str,
        rtype: &str,
        _example: &str,
    ) -> Result<(), String> {
        shortanswer(&mut self.out, p, name, rtype);
        self.notes.push(format!(
            "{}/{}: a short answer accepting the usual spellings of `dig {name} {rtype}` (Moodle compares text; mxdrill parses the command)",
            p.bank, p.id
        ));
        Ok(())
    }
}

/// The banks as one Moodle XML file.
pub fn moodle_xml(banks: &[Exported]) -> Output {
    let mut moodle = Moodle {
        out: String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<quiz>\n"),
        notes: Vec::new(),
    };
    for b in banks {
        let out = &mut moodle.out;
        let _ = writeln!(out, "  <question type=\"category\">");
        let _ = writeln!(
            out,
            "    <category><text>{}</text></category>",
            escape(&category(&b.bank.title))
        );
        let _ = writeln!(out, "  </question>");
        for p in &b.questions {
            let written = match p.key.unpreparable() {
                Some(reason) => Err(reason.to_string()),
                None => p.kind.rules().export(p, &mut moodle),
            };
            if let Err(reason) = written {
                moodle
                    .notes
                    .push(format!("{}/{}: left out: {reason}", p.bank, p.id));
            }
        }
    }
    moodle.out.push_str("</quiz>\n");
    Output {
        text: moodle.out,
        notes: moodle.notes,
    }
}

/// A bank's title as a category under the course's top category: on one line,
/// its slashes (Moodle's path separator) as hyphens.
pub(super) fn category(title: &str) -> String {
    format!("$course$/top/{}", one_line(title).replace('/', "-"))
}
