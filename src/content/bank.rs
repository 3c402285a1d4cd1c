//! Question banks: the YAML format and its checks. Each question is read on its
//! own, so one broken question does not hide the problems of the others. What
//! every question needs (id, labels, a zone that exists) is checked here; what a
//! kind requires of its own fields, its module in `kind/` checks, reading the
//! question's positions through `Written` and reporting through `Report`.

use super::diagnostic::{Diagnostic, Level, Pos};
use super::yaml::{self, Node, Value};
use super::zone::zone_name;
use super::{RefKind, Reference};
use crate::dns::Check;
use crate::kind::{Report, Written};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

pub use crate::kind::{Category, Choice, Expect, Kind, Outcome, Question, Scenario, Scope};

/// A question bank (`questions/*.yaml`).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Bank {
    /// Stable id; progress is keyed by bank id + question id.
    pub bank: String,
    /// Shown in menus.
    pub title: String,
    /// What the bank covers.
    #[serde(default)]
    pub description: Option<String>,
    /// Exam pass mark in percent (0-100); without it, exams show an estimated scaled score.
    #[serde(default)]
    #[schemars(range(max = 100))]
    pub pass_mark: Option<u8>,
    /// The questions.
    pub questions: Vec<Question>,
    /// The file it came from.
    #[serde(skip)]
    #[schemars(skip)]
    pub path: String,
}

/// The objectives the product knows (mx-rules.md §7).
/// The 3.4 / 2.6 / 2.4 lines are DNS and spam management; N10-009 1.4 and the A+ 2.1
/// lines are ports and protocols (25, 110, 143, 587, 993, 995); the A+ 1.4 lines are
/// mobile-device mail account setup. A+ Core 2 (220-1102) has no objective on
/// DNS records, so none of its objectives is accepted.
pub const OBJECTIVES: [&str; 8] = [
    "N10-009 3.4",
    "N10-009 1.4",
    "220-1101 2.6",
    "220-1101 2.1",
    "220-1101 1.4",
    "220-1201 2.4",
    "220-1201 2.1",
    // 220-1201 1.3 "Given a scenario, configure mobile device network connectivity and
    // application support": the new version of 220-1101 1.4, where account setup and
    // mail synchronization live (CompTIA A+ 220-1201 exam objectives, domain 1.0 Mobile
    // Devices; checked against a reproduction of the objective list, brainscape.com
    // "220-1201 Exam Objectives" cards, where 1.3 holds connectivity, MDM and sync).
    "220-1201 1.3",
];

/// Each of [`OBJECTIVES`] in a few plain words (mx-rules.md §7 and the note above), for
/// screens and reports: "N10-009 3.4 network services (DNS)".
pub fn objective_name(objective: &str) -> Option<&'static str> {
    Some(match objective {
        "N10-009 3.4" => "network services (DNS)",
        "N10-009 1.4" => "ports and protocols",
        "220-1101 2.6" => "DNS records and spam",
        "220-1101 2.1" => "ports and protocols",
        "220-1101 1.4" => "mobile mail setup",
        "220-1201 2.4" => "DNS records and spam",
        "220-1201 2.1" => "ports and protocols",
        "220-1201 1.3" => "mobile mail setup",
        _ => return None,
    })
}

/// A bank read from a file, with the references it makes to the world.
#[derive(Debug)]
pub struct LoadedBank {
    /// The bank (only its valid questions).
    pub bank: Bank,
    /// Zones and hosts its questions name.
    pub references: Vec<Reference>,
    /// zone-line questions: (zone, wanted defects, position) to check against the zone.
    pub defect_uses: Vec<(String, Vec<Check>, Pos)>,
    /// The file had errors: its references are still checked (all problems in one
    /// run), but the bank is not loaded.
    pub has_errors: bool,
    /// The first line of each question as written, read or not: a question spans
    /// from its line to the next one's, so an error is known to be its own.
    pub starts: Vec<u32>,
    /// Where `bank:` is written (for an id another file uses too).
    pub id_pos: Pos,
    /// Compiled into the binary (a user file with its id replaces it).
    pub bundled: bool,
}

/// Reads a bank; `has_errors` tells whether the file had any error.
pub fn load(path: &str, node: &Node, out: &mut Vec<Diagnostic>) -> LoadedBank {
    let errors_before = out.iter().filter(|d| d.level == Level::Error).count();
    // The header is read without its questions (each is read on its own, below); an
    // empty list stands in for them, since the format requires the field.
    let placeholder = |value| Node {
        value,
        pos: node.pos,
    };
    let mut entries: Vec<(Node, Node)> = node
        .entries()
        .iter()
        .filter(|(k, _)| k.as_str() != Some("questions"))
        .cloned()
        .collect();
    entries.push((
        placeholder(Value::Scalar {
            text: "questions".into(),
            plain: true,
            block_line: None,
        }),
        placeholder(Value::Seq(Vec::new())),
    ));
    let header = Node {
        value: Value::Map(entries),
        pos: node.pos,
    };
    let mut bank: Bank = match yaml::from_node(&header) {
        Ok(bank) => bank,
        Err(e) => {
            out.push(Diagnostic::error(
                path,
                e.pos.unwrap_or(node.pos),
                e.message,
            ));
            Bank {
                bank: String::new(),
                title: String::new(),
                description: None,
                pass_mark: None,
                questions: Vec::new(),
                path: String::new(),
            }
        }
    };
    bank.path = path.to_string();
    if bank.pass_mark.is_some_and(|p| p > 100) {
        let pos = node.get("pass_mark").map_or(node.pos, |n| n.pos);
        out.push(Diagnostic::error(
            path,
            pos,
            "pass_mark is a percentage: 0-100",
        ));
    }
    let mut loaded = LoadedBank {
        bank,
        references: Vec::new(),
        defect_uses: Vec::new(),
        has_errors: false,
        starts: Vec::new(),
        id_pos: node.get("bank").map_or(node.pos, |n| n.pos),
        bundled: false,
    };
    let items = match node.get("questions").map(|n| &n.value) {
        Some(Value::Seq(items)) => items.as_slice(),
        Some(_) => {
            let pos = node.get("questions").map_or(node.pos, |n| n.pos);
            out.push(Diagnostic::error(path, pos, "`questions` must be a list"));
            &[]
        }
        None => {
            out.push(Diagnostic::error(
                path,
                node.pos,
                "missing field `questions`",
            ));
            &[]
        }
    };
    loaded.starts = items.iter().map(|item| item.pos.line).collect();
    let mut ids: HashMap<String, u32> = HashMap::new();
    for item in items {
        let id_pos = item.get("id").map_or(item.pos, |n| n.pos);
        let id = item.get("id").and_then(Node::as_str).unwrap_or_default();
        if let Some(first) = ids.insert(id.to_string(), id_pos.line) {
            let msg = format!("duplicate question id `{id}` (first used at line {first})");
            out.push(Diagnostic::error(path, id_pos, msg));
        }
        let mut question: Question = match yaml::from_node(item) {
            Ok(q) => q,
            Err(e) => {
                let first = Diagnostic::error(path, e.pos.unwrap_or(item.pos), e.message);
                // serde stops at the question's first problem: read the choices on
                // their own too, so that every broken choice is reported.
                for choice in choice_nodes(item) {
                    if let Err(e) = yaml::from_node::<Choice>(choice) {
                        let d = Diagnostic::error(path, e.pos.unwrap_or(choice.pos), e.message);
                        if d != first {
                            out.push(d);
                        }
                    }
                }
                out.push(first);
                continue;
            }
        };
        question.pos = item.pos;
        for (choice, node) in question.choices.iter_mut().zip(choice_nodes(item)) {
            choice.pos = node.pos;
        }
        check_question(path, &question, item, &mut loaded, out);
        loaded.bank.questions.push(question);
    }
    loaded.has_errors = out.iter().filter(|d| d.level == Level::Error).count() > errors_before;
    loaded
}

fn field_pos(item: &Node, field: &str) -> Pos {
    item.get(field).map_or(item.pos, |n| n.pos)
}

fn check_question(
    path: &str,
    q: &Question,
    item: &Node,
    loaded: &mut LoadedBank,
    out: &mut Vec<Diagnostic>,
) {
    let rules = q.kind.rules();
    check_labels(path, q, item, out);
    check_fields_used(path, q, rules.fields(), item, out);
    if rules.needs_zone() && q.zone.is_none() {
        let msg = format!("{} questions need `zone`", q.kind.name());
        out.push(Diagnostic::error(path, field_pos(item, "kind"), msg));
    }
    if let Some(zone) = &q.zone {
        match zone_name(zone) {
            Ok(name) => loaded.references.push(Reference {
                pos: field_pos(item, "zone"),
                kind: RefKind::Zone,
                name,
            }),
            Err(msg) => out.push(Diagnostic::error(path, field_pos(item, "zone"), msg)),
        }
    }
    let mut report = Loading {
        path,
        out,
        references: &mut loaded.references,
        defect_uses: &mut loaded.defect_uses,
    };
    rules.check(q, item, &mut report);
}

/// The id, difficulty and objectives every question carries.
fn check_labels(path: &str, q: &Question, item: &Node, out: &mut Vec<Diagnostic>) {
    let error = |out: &mut Vec<Diagnostic>, field: &str, msg: String| {
        out.push(Diagnostic::error(path, field_pos(item, field), msg))
    };
    let id = &q.id;
    if id.is_empty()
        || !id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        error(
            out,
            "id",
            format!("question id `{id}`: use lowercase letters, digits and hyphens"),
        );
    }
    if !(1..=3).contains(&q.difficulty) {
        error(
            out,
            "difficulty",
            format!("difficulty {} is out of range (1-3)", q.difficulty),
        );
    }
    if q.objectives.is_empty() {
        error(
            out,
            "objectives",
            "a question needs at least one objective".into(),
        );
    }
    for objective in q
        .objectives
        .iter()
        .filter(|o| !OBJECTIVES.contains(&o.as_str()))
    {
        let msg = format!(
            "unknown objective `{objective}` (known: {})",
            OBJECTIVES.join(", ")
        );
        out.push(Diagnostic::warning(
            path,
            field_pos(item, "objectives"),
            msg,
        ));
    }
}

/// Warns about fields the question's kind does not use (`used`): they would be
/// silently ignored.
fn check_fields_used(
    path: &str,
    q: &Question,
    used: &[&str],
    item: &Node,
    out: &mut Vec<Diagnostic>,
) {
    for field in [
        "choices", "shuffle", "zone", "domain", "defects", "expect", "scenario",
    ] {
        if item.get(field).is_some() && !used.contains(&field) {
            let msg = format!("`{field}` is not used by {} questions", q.kind.name());
            out.push(Diagnostic::error(path, field_pos(item, field), msg));
        }
    }
}

fn choice_nodes(item: &Node) -> &[Node] {
    match item.get("choices").map(|n| &n.value) {
        Some(Value::Seq(nodes)) => nodes,
        _ => &[],
    }
}

/// Where a kind's checks report while a bank loads: diagnostics of the bank's
/// file, and the names and defects to check once the world is loaded.
pub(super) struct Loading<'a> {
    /// The bank's file.
    pub path: &'a str,
    /// Its diagnostics.
    pub out: &'a mut Vec<Diagnostic>,
    /// Names its questions refer to.
    pub references: &'a mut Vec<Reference>,
    /// zone-line questions' defects.
    pub defect_uses: &'a mut Vec<(String, Vec<Check>, Pos)>,
}

impl Report for Loading<'_> {
    fn error(&mut self, at: Pos, message: String) {
        self.out.push(Diagnostic::error(self.path, at, message));
    }

    fn warning(&mut self, at: Pos, message: String) {
        self.out.push(Diagnostic::warning(self.path, at, message));
    }

    fn lint(&mut self, at: Pos, code: &'static str, message: String) {
        self.out
            .push(super::item_lint::warning(self.path, at, code, message));
    }

    fn refers(&mut self, reference: Reference) {
        self.references.push(reference);
    }

    fn uses_defects(&mut self, zone: &str, wanted: &[Check], at: Pos) {
        self.defect_uses
            .push((zone.to_string(), wanted.to_vec(), at));
    }
}

/// A question as written, for the kinds' checks.
impl Written for Node {
    fn pos(&self) -> Pos {
        self.pos
    }

    fn field(&self, name: &str) -> Option<&dyn Written> {
        self.get(name).map(|n| n as &dyn Written)
    }

    fn items(&self) -> Vec<&dyn Written> {
        match &self.value {
            Value::Seq(items) => items.iter().map(|n| n as &dyn Written).collect(),
            _ => Vec::new(),
        }
    }

    fn keys(&self) -> Vec<(&str, Pos)> {
        self.entries()
            .iter()
            .map(|(k, _)| (k.as_str().unwrap_or_default(), k.pos))
            .collect()
    }
}
