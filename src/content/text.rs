//! What the text of a content file may hold, whatever its field: no control
//! characters (a NUL, ESC, BEL or BS drives the learner's terminal and passes raw
//! into GIFT and Markdown), no noncharacters U+FFFE and U+FFFF (Moodle XML and SVG
//! cannot hold them), line breaks and tabs only in fields that may hold several
//! lines, and no empty text where the learner must read something (a question's
//! `prompt` and `explanation`). Checked on the YAML as written, so each problem is
//! reported at its field's line, for banks and zone files alike.

use super::diagnostic::{Diagnostic, Pos};
use super::yaml::{Node, Value};

/// Fields shown on one line (a menu entry, a GIFT `$CATEGORY`): no line breaks, no tabs.
const ONE_LINE: [&str; 1] = ["title"];

/// Fields a question must not leave empty, with what the learner would miss.
const NOT_EMPTY: [(&str, &str); 2] = [
    ("prompt", "write the question the learner answers"),
    (
        "explanation",
        "write the teaching point the learner reads after answering",
    ),
];

/// Errors for the text of a bank or zone file (`node`: the whole document).
pub fn check(path: &str, node: &Node, out: &mut Vec<Diagnostic>) {
    walk(path, node, "", node.pos, out);
    if let Some(Value::Seq(questions)) = node.get("questions").map(|n| &n.value) {
        for question in questions {
            empty_fields(path, question, out);
        }
    }
}

/// Errors for the text of a master file (`*.zone`): its lines are shown in
/// listings, questions and exports as they are.
pub fn check_master(path: &str, text: &str, out: &mut Vec<Diagnostic>) {
    for (i, line) in text.lines().enumerate() {
        if let Some(c) = line.chars().find(|&c| refused(c, false)) {
            let line = Pos::line(i as u32 + 1);
            out.push(Diagnostic::error(path, line, message("this line", c)));
        }
    }
}

/// Every scalar under `node`, which sits in the field `field` written at `at`.
fn walk(path: &str, node: &Node, field: &str, at: Pos, out: &mut Vec<Diagnostic>) {
    match &node.value {
        Value::Scalar {
            text, block_line, ..
        } => {
            let one_line = ONE_LINE.contains(&field);
            if let Some((i, c)) = text.char_indices().find(|&(_, c)| refused(c, one_line)) {
                // A `|` block keeps its lines: the character's own line is known.
                let line = match block_line {
                    Some(first) => Pos::line(*first + text[..i].matches('\n').count() as u32),
                    None => at,
                };
                out.push(Diagnostic::error(path, line, message(field, c)));
            }
        }
        Value::Seq(items) => {
            for item in items {
                walk(path, item, field, item.pos, out);
            }
        }
        Value::Map(entries) => {
            for (key, value) in entries {
                let name = key.as_str().unwrap_or_default();
                walk(path, value, name, key.pos, out);
            }
        }
    }
}

/// Whether `c` may not stand in text (`one_line`: a field shown on one line).
fn refused(c: char, one_line: bool) -> bool {
    match c {
        '\n' | '\t' => one_line,
        '\u{FFFE}' | '\u{FFFF}' => true,
        c => c.is_control(),
    }
}

fn message(field: &str, c: char) -> String {
    let field = match field {
        "" => "the file".to_string(),
        "this line" => "this line".to_string(),
        f => format!("`{f}`"),
    };
    match c {
        '\n' => format!(
            "{field} is shown on one line but holds a line break: write it on one line (a `>-` block folds lines into one)"
        ),
        '\t' => format!("{field} is shown on one line but holds a tab: use a space"),
        '\u{FFFE}' | '\u{FFFF}' => format!(
            "{field} holds the noncharacter U+{:04X}, which Moodle XML and SVG cannot hold: remove it",
            u32::from(c)
        ),
        c => format!(
            "{field} holds the control character U+{:04X}{}: it would act on the learner's terminal and break exports; remove it",
            u32::from(c),
            match name(c) {
                Some(n) => format!(" ({n})"),
                None => String::new(),
            }
        ),
    }
}

/// The usual name of a control character.
fn name(c: char) -> Option<&'static str> {
    Some(match c {
        '\0' => "NUL",
        '\u{7}' => "BEL",
        '\u{8}' => "BS",
        '\u{b}' => "VT",
        '\u{c}' => "FF",
        '\r' => "CR",
        '\u{1b}' => "ESC",
        '\u{7f}' => "DEL",
        '\u{85}' => "NEL",
        _ => return None,
    })
}

/// A question's `prompt` or `explanation` written but empty (a missing one is
/// serde's "missing field").
fn empty_fields(path: &str, question: &Node, out: &mut Vec<Diagnostic>) {
    for (key, value) in question.entries() {
        let Some((field, why)) = NOT_EMPTY.iter().find(|(f, _)| key.as_str() == Some(*f)) else {
            continue;
        };
        if let Value::Scalar { text, plain, .. } = &value.value {
            // A plain empty value is null: serde reports it ("found nothing").
            if !*plain && text.trim().is_empty() {
                let msg = format!("`{field}` is empty: {why}");
                out.push(Diagnostic::error(path, key.pos, msg));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::yaml::parse;

    fn errors(yaml: &str) -> Vec<(u32, String)> {
        let mut out = Vec::new();
        check("f.yaml", &parse(yaml).expect("YAML"), &mut out);
        out.into_iter().map(|d| (d.pos.line, d.message)).collect()
    }

    #[test]
    fn control_characters_are_refused_in_every_field_at_its_line() {
        // NUL, ESC, BEL, BS and C1 controls drive terminals and break GIFT and
        // Markdown; U+FFFE/U+FFFF make XML not well-formed (issue 25).
        let got = errors(
            "bank: b\ntitle: \"B\\e[2J\"\nquestions:\n  - prompt: \"a\\0b\"\n    choices:\n      - why: \"\\a\"\n      - text: \"\\b\"\n      - text: \"\\x85\"\n    explanation: \"x\\uFFFE\"\n",
        );
        let lines: Vec<u32> = got.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, [2, 4, 6, 7, 8, 9], "{got:?}");
        assert!(
            got[0]
                .1
                .contains("`title` holds the control character U+001B (ESC)")
        );
        assert!(got[1].1.contains("U+0000 (NUL)"));
        assert!(got[2].1.contains("`why`") && got[2].1.contains("(BEL)"));
        assert!(got[3].1.contains("(BS)"));
        assert!(got[4].1.contains("U+0085"));
        assert!(got[5].1.contains("noncharacter U+FFFE"));
    }

    #[test]
    fn tabs_and_line_breaks_only_in_fields_of_several_lines() {
        let got = errors(
            "bank: b\ntitle: \"One\\nTwo\"\ndescription: \"a\\tb\\nc\"\nquestions:\n  - prompt: |\n      line\n      \tindented by a tab\n",
        );
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].0, 2);
        assert!(
            got[0]
                .1
                .contains("`title` is shown on one line but holds a line break")
        );
        // A folded title is one line.
        assert!(errors("title: >-\n  One\n  Two\n").is_empty());
    }

    #[test]
    fn a_control_character_in_a_block_is_reported_at_its_own_line() {
        let got = errors("zone: z\nrecords: |\n  a IN A 192.0.2.1\n  b IN TXT \"\u{7}\"\n");
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].0, 4);
    }

    #[test]
    fn a_master_file_line_with_a_control_character_is_refused() {
        let mut out = Vec::new();
        check_master(
            "z.zone",
            "@ IN NS ns1\t; ok\nt IN TXT \"\u{1b}[2J\"\n",
            &mut out,
        );
        assert_eq!(out.len(), 1, "{out:?}");
        assert_eq!(out[0].pos.line, 2);
        assert!(
            out[0]
                .message
                .contains("this line holds the control character U+001B (ESC)")
        );
    }

    #[test]
    fn an_empty_explanation_or_prompt_is_an_error() {
        let got = errors(
            "questions:\n  - prompt: \" \"\n    explanation: \"\"\n  - prompt: Fine\n    explanation: >-\n\n  - explanation:\n",
        );
        let lines: Vec<u32> = got.iter().map(|(l, _)| *l).collect();
        // The last, `explanation:` with nothing, is null: serde reports it.
        assert_eq!(lines, [2, 3, 5], "{got:?}");
        assert!(
            got[1]
                .1
                .contains("`explanation` is empty: write the teaching point")
        );
    }
}
