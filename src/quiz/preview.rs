//! Each question as the learner sees it, with the answer the engine computes: the
//! predict outcome and its trace, the order groups, the faulty zone lines with the
//! linter's message, the command's expected query. For authors (`mxdrill preview`,
//! `check --answers`) and for exports; the same preparation a session runs.

use super::{Answer, Item, prepare};
use crate::content::bank::{Bank, Question};
use crate::content::zone::zone_name;
use crate::content::{Library, bare};
use crate::delivery::{self, Scenario, Step};
use crate::dns::{Check, lint_zone};
use crate::quiz::prepare::verdict_outcome;
use rand::SeedableRng;
use rand::rngs::StdRng;
use serde::Serialize;
use std::fmt::Write;

/// One option as shown, and whether it is (part of) the answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Shown {
    /// The text shown.
    pub text: String,
    /// Right (for choice, multi, predict, zone-line).
    pub correct: bool,
    /// Why it is right or wrong (the author's `why`; the linter's message for a faulty zone line).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub why: String,
}

/// The computed answer of a question.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Key {
    /// choice, multi: the options marked right.
    Choices,
    /// predict: what the simulator says happens at the first attempt, and how.
    Outcome {
        /// In the `outcome:` syntax (`delivered HOST.`, `deferred`, `bounced`).
        outcome: String,
        /// The recipient.
        recipient: String,
        /// Host states of the scenario (`host: state`).
        states: Vec<String>,
        /// The sending MTA.
        profile: String,
        /// The steps of the delivery.
        trace: Vec<Step>,
        /// The steps as a person reads them.
        trace_text: String,
    },
    /// order: the hosts in the order a sender tries them, equal preferences grouped.
    Groups {
        /// Each group: the hosts of one preference, in any order.
        groups: Vec<Vec<String>>,
        /// The preference of each group.
        preferences: Vec<u16>,
    },
    /// zone-line: the faulty lines (file line numbers), with the linter's message.
    Lines {
        /// (line, message).
        lines: Vec<(u32, String)>,
    },
    /// command: the name and type a right command asks.
    Query {
        /// The name.
        name: String,
        /// The record type.
        rtype: String,
        /// A command that asks it.
        example: String,
    },
    /// The question cannot be prepared (`check` reports it as an error).
    Unpreparable {
        /// Why.
        reason: String,
    },
}

/// A question with its computed answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Preview {
    /// The bank id.
    pub bank: String,
    /// The question id.
    pub id: String,
    /// Where it is written (`path:line`).
    pub at: String,
    /// Its kind.
    pub kind: String,
    /// Its category.
    pub category: String,
    /// 1–3.
    pub difficulty: u8,
    /// Its exam objectives.
    pub objectives: Vec<String>,
    /// The question.
    pub prompt: String,
    /// The zone shown with it: (file line, text).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub zone_lines: Vec<(u32, String)>,
    /// The part of the zone printed beside the question ([`Item::zone_beside`]).
    #[serde(skip)]
    pub zone_beside: Vec<(u32, String)>,
    /// The options, in the authored order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<Shown>,
    /// The answer.
    pub key: Key,
    /// The teaching point.
    pub explanation: String,
}

/// The questions `target` names: `BANK`, `BANK/ID`, or every question (`None`).
pub fn select<'a>(
    library: &'a Library,
    target: Option<&str>,
) -> Result<Vec<(&'a Bank, &'a Question)>, String> {
    let (bank_id, question_id) = match target {
        None => (None, None),
        Some(t) => match t.split_once('/') {
            Some((b, q)) => (Some(b), Some(q)),
            None => (Some(t), None),
        },
    };
    let banks: Vec<&Bank> = library
        .banks
        .iter()
        .filter(|b| bank_id.is_none_or(|id| b.bank == id))
        .collect();
    if banks.is_empty() {
        let known: Vec<&str> = library.banks.iter().map(|b| b.bank.as_str()).collect();
        return Err(format!(
            "no bank `{}` is loaded (loaded: {})",
            bank_id.unwrap_or_default(),
            known.join(", ")
        ));
    }
    let chosen: Vec<(&Bank, &Question)> = banks
        .into_iter()
        .flat_map(|b| b.questions.iter().map(move |q| (b, q)))
        .filter(|(_, q)| question_id.is_none_or(|id| q.id == id))
        .collect();
    if chosen.is_empty() {
        return Err(format!(
            "bank `{}` has no question `{}`",
            bank_id.unwrap_or_default(),
            question_id.unwrap_or_default()
        ));
    }
    Ok(chosen)
}

/// Prepares `q` as a session would, with its options in the authored order.
pub fn preview(library: &Library, bank: &Bank, q: &Question) -> Preview {
    let mut authored = q.clone();
    authored.shuffle = Some(false);
    // Only order questions shuffle anyway (their hosts); a fixed seed keeps previews stable.
    let mut rng = StdRng::seed_from_u64(0);
    let mut preview = Preview {
        bank: bank.bank.clone(),
        id: q.id.clone(),
        at: format!("{}:{}", bank.path, q.pos.line),
        kind: q.kind.name().into(),
        category: q.category.name().into(),
        difficulty: q.difficulty,
        objectives: q.objectives.clone(),
        prompt: q.prompt.trim().to_string(),
        zone_lines: Vec::new(),
        zone_beside: Vec::new(),
        options: Vec::new(),
        key: Key::Choices,
        explanation: q.explanation.trim().to_string(),
    };
    match prepare(bank, &authored, &library.world, &mut rng) {
        Ok(item) => fill(library, q, item, &mut preview),
        Err(e) => preview.key = Key::Unpreparable { reason: e.reason },
    }
    preview
}

fn fill(library: &Library, q: &Question, item: Item, p: &mut Preview) {
    let picked = |i: usize| match &item.answer {
        Answer::One(right) => *right == i,
        Answer::Set(set) => set.contains(&i),
        _ => false,
    };
    p.options = item
        .options
        .iter()
        .enumerate()
        .map(|(i, o)| Shown {
            text: o.text.clone(),
            correct: picked(i),
            why: o.why.clone(),
        })
        .collect();
    p.zone_lines = item.zone_lines.clone();
    p.zone_beside = item.zone_beside().to_vec();
    p.key = match (&item.answer, &item.replay) {
        (Answer::Groups(groups), _) => {
            let host = |i: &usize| item.options[*i].text.clone();
            let preference = |g: &Vec<usize>| {
                g.first()
                    .and_then(|i| item.options[*i].why.strip_prefix("preference "))
                    .and_then(|p| p.parse().ok())
                    .unwrap_or(0)
            };
            Key::Groups {
                groups: groups
                    .iter()
                    .map(|g| g.iter().map(host).collect())
                    .collect(),
                preferences: groups.iter().map(preference).collect(),
            }
        }
        (Answer::One(_), Some(replay)) => {
            let scenario = Scenario {
                world: &library.world,
                recipient: &replay.recipient,
                overrides: replay.overrides.clone(),
                profile: replay.profile,
                self_host: replay.self_host.clone(),
                seed: 0,
            };
            match delivery::simulate(&scenario) {
                Ok(trace) => Key::Outcome {
                    outcome: verdict_outcome(&trace.verdict()),
                    recipient: replay.recipient.clone(),
                    states: replay
                        .overrides
                        .iter()
                        .map(|(h, b)| format!("{}: {}", bare(h), state_name(b.state)))
                        .collect(),
                    profile: replay.profile.name().into(),
                    trace_text: trace.to_text(),
                    trace: trace.steps,
                },
                Err(e) => Key::Unpreparable {
                    reason: e.to_string(),
                },
            }
        }
        (Answer::Set(set), _) if item.kind == crate::content::bank::Kind::ZoneLine => {
            let messages = zone_messages(library, q);
            let lines = set
                .iter()
                .map(|i| {
                    let line = item.options[*i]
                        .text
                        .split_whitespace()
                        .next()
                        .and_then(|n| n.parse().ok())
                        .unwrap_or(0);
                    let why = messages
                        .iter()
                        .filter(|(l, _)| *l == line)
                        .map(|(_, m)| m.as_str())
                        .collect::<Vec<_>>()
                        .join("; ");
                    if let Some(shown) = p.options.get_mut(*i) {
                        shown.why = why.clone();
                    }
                    (line, why)
                })
                .collect();
            Key::Lines { lines }
        }
        (Answer::Query(name, rtype), _) => Key::Query {
            name: bare(name),
            rtype: rtype.to_string(),
            example: format!("dig {} {rtype}", bare(name)),
        },
        _ => Key::Choices,
    };
}

/// The name of a host state as written in banks (`greet-4xx`).
fn state_name(state: crate::dns::HostState) -> &'static str {
    crate::dns::HostState::NAMES
        .iter()
        .find(|(_, s)| *s == state)
        .map_or("?", |(name, _)| name)
}

/// The linter's findings a zone-line question counts: (line, message).
fn zone_messages(library: &Library, q: &Question) -> Vec<(u32, String)> {
    let Some(zone) = q
        .zone
        .as_deref()
        .and_then(|z| zone_name(z).ok())
        .and_then(|n| library.world.zone(&n))
    else {
        return Vec::new();
    };
    let wanted: &[Check] = if q.defects.is_empty() {
        &zone.defects
    } else {
        &q.defects
    };
    lint_zone(&library.world, zone)
        .into_iter()
        .filter(|f| wanted.contains(&f.check))
        .map(|f| (f.pos.line, format!("{} [{}]", f.message, f.check.id())))
        .collect()
}

/// The preview as plain text: the question as shown, then `Answer:` and the key.
pub fn to_text(p: &Preview) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = writeln!(
        out,
        "{}/{}  ({}, {}, difficulty {})  {}",
        p.bank, p.id, p.kind, p.category, p.difficulty, p.at
    );
    let _ = writeln!(out, "{}", p.prompt);
    if let Key::Outcome {
        recipient,
        states,
        profile,
        ..
    } = &p.key
    {
        let _ = writeln!(out, "  Recipient: {recipient}   Sending MTA: {profile}");
        for s in states {
            let _ = writeln!(out, "  Host state: {s}");
        }
    }
    let zone_line_kind = matches!(p.key, Key::Lines { .. });
    // An order question's hosts are shown bare: their preferences are the answer.
    let bare_options = zone_line_kind || matches!(p.key, Key::Groups { .. });
    for (n, text) in &p.zone_beside {
        let _ = writeln!(out, "  {n:>3} | {text}");
    }
    for (i, o) in p.options.iter().enumerate() {
        let mark = if o.correct { "*" } else { " " };
        let _ = writeln!(out, "  {mark} {}) {}", letter(i), o.text);
        if !o.why.is_empty() && !bare_options {
            let _ = writeln!(out, "        {}", o.why);
        }
    }
    let _ = write!(out, "Answer: ");
    match &p.key {
        Key::Choices => {
            let right: Vec<String> = p
                .options
                .iter()
                .enumerate()
                .filter(|(_, o)| o.correct)
                .map(|(i, o)| format!("{}) {}", letter(i), o.text))
                .collect();
            let _ = writeln!(out, "{}", right.join("; "));
        }
        Key::Outcome {
            outcome,
            trace_text,
            ..
        } => {
            let _ = writeln!(out, "{outcome}");
            for line in trace_text.lines() {
                let _ = writeln!(out, "    {line}");
            }
        }
        Key::Groups {
            groups,
            preferences,
        } => {
            let _ = writeln!(out);
            for (n, (g, pref)) in groups.iter().zip(preferences).enumerate() {
                let tie = if g.len() > 1 { ", any order" } else { "" };
                let _ = writeln!(
                    out,
                    "  {}. {} (preference {pref}{tie})",
                    n + 1,
                    g.join(", ")
                );
            }
        }
        Key::Lines { lines } => {
            let _ = writeln!(out);
            for (line, why) in lines {
                let _ = writeln!(out, "  line {line}: {why}");
            }
        }
        Key::Query {
            name,
            rtype,
            example,
        } => {
            let _ = writeln!(
                out,
                "a command that asks {name} {rtype}, such as `{example}`"
            );
        }
        Key::Unpreparable { reason } => {
            let _ = writeln!(out, "none: the question cannot be asked: {reason}");
        }
    }
    let _ = writeln!(out, "Explanation: {}", p.explanation);
    out
}

/// a, b, c … for options (then the number past z).
pub fn letter(i: usize) -> String {
    match u8::try_from(i) {
        Ok(n) if n < 26 => char::from(b'a' + n).to_string(),
        _ => (i + 1).to_string(),
    }
}
