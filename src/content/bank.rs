//! Question banks: the YAML format and its checks. Each question is read on its
//! own, so one broken question does not hide the problems of the others.

use super::diagnostic::{Diagnostic, Level, Pos};
use super::yaml::{self, Node, Value};
use super::zone::zone_name;
use super::{RefKind, Reference};
use crate::delivery::Profile;
use crate::dns::{Check, HostState};
use hickory_proto::rr::RecordType;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::str::FromStr;

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

/// The kind of a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// One correct choice.
    Choice,
    /// All that apply.
    Multi,
    /// Arrange the MX hosts in the order a sender tries them (computed from the zone).
    Order,
    /// Pick the faulty line(s) of a zone (computed by the linter).
    ZoneLine,
    /// Type a dig / nslookup / host command that asks the right question.
    Command,
    /// Say where the mail ends up (computed by the simulator).
    Predict,
}

impl Kind {
    /// Every kind.
    pub const ALL: [Kind; 6] = [
        Kind::Choice,
        Kind::Multi,
        Kind::Order,
        Kind::ZoneLine,
        Kind::Command,
        Kind::Predict,
    ];

    /// The name written in banks (`zone-line`).
    pub fn name(self) -> &'static str {
        match self {
            Kind::Choice => "choice",
            Kind::Multi => "multi",
            Kind::Order => "order",
            Kind::ZoneLine => "zone-line",
            Kind::Command => "command",
            Kind::Predict => "predict",
        }
    }
}

/// The category a question counts towards.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// Which record does what.
    Identification,
    /// Preference values and the order of hosts.
    Priority,
    /// Why mail fails.
    Troubleshooting,
    /// dig, nslookup, host.
    Tools,
    /// SPF, DKIM, DMARC, spam filters, hijacking.
    Security,
    /// How delivery works.
    Concepts,
}

impl Category {
    /// Every category.
    pub const ALL: [Category; 6] = [
        Category::Identification,
        Category::Priority,
        Category::Troubleshooting,
        Category::Tools,
        Category::Security,
        Category::Concepts,
    ];

    /// The name written in banks.
    pub fn name(self) -> &'static str {
        match self {
            Category::Identification => "identification",
            Category::Priority => "priority",
            Category::Troubleshooting => "troubleshooting",
            Category::Tools => "tools",
            Category::Security => "security",
            Category::Concepts => "concepts",
        }
    }
}

/// How far a question goes beyond the exam objectives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    /// Within the exam objectives: in practice, review and exams.
    #[default]
    Exam,
    /// Beyond the objectives (MTA internals, RFC detail): practice and review offer it,
    /// exams leave it out.
    DeepDive,
}

impl Scope {
    fn is_exam(&self) -> bool {
        *self == Scope::Exam
    }
}

/// One question.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Unique in the bank: lowercase letters, digits and hyphens.
    pub id: String,
    /// choice, multi, order, zone-line, command or predict.
    pub kind: Kind,
    /// The category.
    pub category: Category,
    /// Exam objectives, e.g. `N10-009 3.4`, `220-1101 2.6`, `220-1201 2.4`.
    pub objectives: Vec<String>,
    /// 1 (recall) to 3 (analysis); 2 when left out.
    #[serde(default = "default_difficulty")]
    #[schemars(range(min = 1, max = 3))]
    pub difficulty: u8,
    /// `exam` (default) or `deep-dive`: beyond the objectives, left out of exams.
    #[serde(default, skip_serializing_if = "Scope::is_exam")]
    pub scope: Scope,
    /// The question text.
    pub prompt: String,
    /// A zone of the world shown with the question (required by order, zone-line, predict).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zone: Option<String>,
    /// order: the mail domain whose MX hosts are ordered (default: the zone).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    /// choice, multi, predict: the choices.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<Choice>,
    /// Shuffle the choices each session (default true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shuffle: Option<bool>,
    /// The teaching point, shown after answering.
    pub explanation: String,
    /// zone-line: which of the zone's declared defects count (default: all).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub defects: Vec<Check>,
    /// command: what the typed command must ask.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expect: Option<Expect>,
    /// predict: the delivery to simulate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scenario: Option<Scenario>,
    /// Where the question starts in its file (set by the loader).
    #[serde(skip)]
    #[schemars(skip)]
    pub pos: Pos,
}

/// The difficulty of a question that does not give one.
fn default_difficulty() -> u8 {
    2
}

/// One choice.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// The text shown (predict: optional, generated from the outcome).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// choice, multi: whether this choice is right. Never on predict questions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correct: Option<bool>,
    /// Why this choice is right or wrong (a choice without one draws a warning).
    #[serde(default)]
    pub why: String,
    /// predict: `delivered HOST`, `deferred` or `bounced`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    /// Where the choice starts in its file (set by the loader).
    #[serde(skip)]
    #[schemars(skip)]
    pub pos: Pos,
}

/// What a command question expects the learner to ask.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    /// The name queried.
    pub name: String,
    /// The record type queried (A, AAAA, MX, CNAME, TXT, NS, SOA, PTR, ANY).
    #[serde(rename = "type")]
    pub rtype: String,
}

/// A delivery for a predict question.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// The recipient address.
    pub recipient: String,
    /// Host states for this scenario, overriding the zone files.
    #[serde(default)]
    pub states: BTreeMap<String, HostState>,
    /// The sending MTA (default postfix).
    #[serde(default)]
    pub profile: Option<Profile>,
    /// The sender's own host name (R1.9).
    #[serde(default, rename = "self")]
    pub self_host: Option<String>,
}

/// A predict choice's outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Delivered by this host.
    Delivered(hickory_proto::rr::Name),
    /// Queued for a later retry.
    Deferred,
    /// Returned to the sender.
    Bounced,
}

impl FromStr for Outcome {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        let mut words = text.split_whitespace();
        match (words.next(), words.next(), words.next()) {
            (Some("deferred"), None, _) => Ok(Outcome::Deferred),
            (Some("bounced"), None, _) => Ok(Outcome::Bounced),
            (Some("delivered"), Some(host), None) => zone_name(host).map(Outcome::Delivered),
            _ => Err(format!(
                "bad outcome '{text}': write `delivered HOST`, `deferred` or `bounced`"
            )),
        }
    }
}

/// The objectives the product knows (mx-rules.md §7).
/// The 3.4 / 2.6 / 2.4 lines are DNS and spam management; N10-009 1.4 and the A+ 2.1
/// lines are ports and protocols (25, 110, 143, 587, 993, 995); the A+ 1.4 lines are
/// mobile-device mail account setup. A+ Core 2 (220-1102) has no objective on
/// DNS records, so none of its objectives is accepted.
pub const OBJECTIVES: [&str; 7] = [
    "N10-009 3.4",
    "N10-009 1.4",
    "220-1101 2.6",
    "220-1101 2.1",
    "220-1101 1.4",
    "220-1201 2.4",
    "220-1201 2.1",
];

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
    check_labels(path, q, item, out);
    check_fields_used(path, q, item, out);
    let needs_zone = matches!(q.kind, Kind::Order | Kind::ZoneLine | Kind::Predict);
    if needs_zone && q.zone.is_none() {
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
    match q.kind {
        Kind::Choice | Kind::Multi => check_choices(path, q, item, out),
        Kind::Predict => check_predict(path, q, item, loaded, out),
        Kind::Command => check_expect(path, q, item, out),
        Kind::ZoneLine => {
            if let Some(zone) = &q.zone {
                loaded
                    .defect_uses
                    .push((zone.clone(), q.defects.clone(), field_pos(item, "zone")));
            }
        }
        Kind::Order => {}
    }
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

/// A command question's `expect`: a name, and a type the lookup tools serve.
fn check_expect(path: &str, q: &Question, item: &Node, out: &mut Vec<Diagnostic>) {
    let error = |out: &mut Vec<Diagnostic>, field: &str, msg: String| {
        out.push(Diagnostic::error(path, field_pos(item, field), msg))
    };
    let Some(expect) = &q.expect else {
        error(
            out,
            "kind",
            "command questions need `expect: { name: ..., type: ... }`".into(),
        );
        return;
    };
    if let Err(msg) = zone_name(&expect.name) {
        error(out, "expect", msg);
    }
    let known = ["A", "AAAA", "MX", "CNAME", "TXT", "NS", "SOA", "PTR", "ANY"];
    let upper = expect.rtype.to_ascii_uppercase();
    if !known.contains(&upper.as_str()) || RecordType::from_str(&upper).is_err() {
        error(
            out,
            "expect",
            format!(
                "unknown record type `{}` (use one of {})",
                expect.rtype,
                known.join(", ")
            ),
        );
    }
}

/// Warns about fields the question's kind does not use: they would be silently ignored.
fn check_fields_used(path: &str, q: &Question, item: &Node, out: &mut Vec<Diagnostic>) {
    let used: &[&str] = match q.kind {
        Kind::Choice | Kind::Multi => &["choices", "shuffle", "zone"],
        Kind::Order => &["zone", "domain"],
        Kind::ZoneLine => &["zone", "defects"],
        Kind::Command => &["expect", "zone"],
        Kind::Predict => &["zone", "scenario", "choices", "shuffle"],
    };
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

fn check_choices(path: &str, q: &Question, item: &Node, out: &mut Vec<Diagnostic>) {
    let nodes = choice_nodes(item);
    let at = |i: usize| nodes.get(i).map_or(field_pos(item, "choices"), |n| n.pos);
    if q.choices.len() < 2 {
        out.push(Diagnostic::error(
            path,
            field_pos(item, "choices"),
            "a question needs at least two choices",
        ));
    }
    let mut seen: Vec<&str> = Vec::new();
    for (i, choice) in q.choices.iter().enumerate() {
        match choice.text.as_deref() {
            None => out.push(Diagnostic::error(path, at(i), "choice has no `text`")),
            Some(text) if seen.contains(&text) => {
                out.push(Diagnostic::warning(
                    path,
                    at(i),
                    format!("choice `{text}` appears twice"),
                ));
            }
            Some(text) => seen.push(text),
        }
        if choice.outcome.is_some() {
            out.push(Diagnostic::error(
                path,
                at(i),
                "`outcome` is only used by predict questions",
            ));
        }
    }
    let correct: Vec<usize> = (0..q.choices.len())
        .filter(|&i| q.choices[i].correct == Some(true))
        .collect();
    match (q.kind, correct.as_slice()) {
        (Kind::Choice, []) => out.push(Diagnostic::error(path, field_pos(item, "choices"), "a choice question needs exactly one correct choice; none is marked `correct: true`")),
        (Kind::Choice, [_, second, ..]) => out.push(Diagnostic::error(path, at(*second), format!("a choice question needs exactly one correct choice; {} are marked (use kind: multi for several)", correct.len()))),
        (Kind::Multi, []) => out.push(Diagnostic::error(path, field_pos(item, "choices"), "a multi question needs at least one correct choice")),
        _ => {}
    }
}

fn check_predict(
    path: &str,
    q: &Question,
    item: &Node,
    loaded: &mut LoadedBank,
    out: &mut Vec<Diagnostic>,
) {
    let nodes = choice_nodes(item);
    let Some(scenario) = &q.scenario else {
        out.push(Diagnostic::error(
            path,
            field_pos(item, "kind"),
            "predict questions need `scenario: { recipient: ... }`",
        ));
        return;
    };
    let scenario_node = item.get("scenario").unwrap_or(item);
    match scenario.recipient.rsplit_once('@') {
        Some((local, domain)) if !local.is_empty() => match zone_name(domain) {
            Ok(name) => loaded.references.push(Reference {
                pos: field_pos(scenario_node, "recipient"),
                kind: RefKind::Domain,
                name,
            }),
            Err(msg) => out.push(Diagnostic::error(
                path,
                field_pos(scenario_node, "recipient"),
                msg,
            )),
        },
        _ => out.push(Diagnostic::error(
            path,
            field_pos(scenario_node, "recipient"),
            format!("`{}` is not an email address", scenario.recipient),
        )),
    }
    let states_node = scenario_node.get("states");
    for (key, _) in states_node.map(Node::entries).unwrap_or_default() {
        match zone_name(key.as_str().unwrap_or_default()) {
            Ok(name) => loaded.references.push(Reference {
                pos: key.pos,
                kind: RefKind::Host,
                name,
            }),
            Err(msg) => out.push(Diagnostic::error(path, key.pos, msg)),
        }
    }
    if q.choices.len() < 2 {
        out.push(Diagnostic::error(
            path,
            field_pos(item, "choices"),
            "a predict question needs at least two outcomes to choose from",
        ));
    }
    for (i, choice) in q.choices.iter().enumerate() {
        let pos = nodes.get(i).map_or(item.pos, |n| n.pos);
        if choice.correct.is_some() {
            out.push(Diagnostic::error(
                path,
                pos,
                "predict answers are computed by the simulator: remove `correct`",
            ));
        }
        match choice.outcome.as_deref().map(str::parse::<Outcome>) {
            None => out.push(Diagnostic::error(
                path,
                pos,
                "a predict choice needs `outcome`",
            )),
            Some(Err(msg)) => out.push(Diagnostic::error(path, pos, msg)),
            Some(Ok(Outcome::Delivered(host))) => loaded.references.push(Reference {
                pos,
                kind: RefKind::Host,
                name: host,
            }),
            Some(Ok(_)) => {}
        }
    }
}
