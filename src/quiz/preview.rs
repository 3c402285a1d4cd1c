//! Each question as the learner sees it, with the answer the engine computes: the
//! predict outcome and its trace, the order groups, the faulty zone lines with the
//! linter's message, the command's expected query. For authors (`mxdrill preview`,
//! `check --answers`) and for exports; the same preparation a session runs.

use super::prepare;
use crate::content::Library;
use crate::content::bank::{Bank, Question};
use crate::kind::Scope;
use rand::SeedableRng;
use rand::rngs::StdRng;
use std::fmt::Write;

pub use crate::kind::{Key, Preview, Shown, letter};

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
        let id = bank_id.unwrap_or_default();
        if let Some(why) = library.skipped_bank(id) {
            return Err(format!("no bank `{id}` is loaded: {why}"));
        }
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
    prepared(library, bank, &authored, q, 0)
}

/// Prepares `q` as a session seeded with `seed` would: its options shuffled unless
/// the question says `shuffle: false` (handouts that cannot be answered by position).
pub fn shuffled(library: &Library, bank: &Bank, q: &Question, seed: u64) -> Preview {
    prepared(library, bank, q, q, seed)
}

/// `asked` prepared (the question as written, `q`, for its metadata).
fn prepared(library: &Library, bank: &Bank, asked: &Question, q: &Question, seed: u64) -> Preview {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut preview = Preview {
        bank: bank.bank.clone(),
        id: q.id.clone(),
        at: format!("{}:{}", bank.path, q.pos.line),
        kind: q.kind,
        category: q.category.name().into(),
        difficulty: q.difficulty,
        objectives: q.objectives.clone(),
        prompt: q.prompt.trim().to_string(),
        zone_lines: Vec::new(),
        zone_heading: None,
        options: Vec::new(),
        key: Key::Choices,
        explanation: q.explanation.trim().to_string(),
        shuffle: q.shuffle.unwrap_or(true),
        deep_dive: q.scope == Scope::DeepDive,
    };
    match prepare(bank, asked, &library.world, &mut rng) {
        Ok(item) => {
            preview.zone_lines = item.zone_lines.clone();
            preview.zone_heading = item.zone_heading.clone();
            q.kind.rules().key(q, &item, &library.world, &mut preview);
        }
        Err(e) => preview.key = Key::Unpreparable { reason: e.reason },
    }
    preview
}

/// The preview as plain text: the question as shown, then `Answer:` and the key.
pub fn to_text(p: &Preview) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = writeln!(
        out,
        "{}/{}  ({}, {}, difficulty {})  {}",
        p.bank,
        p.id,
        p.kind.name(),
        p.category,
        p.difficulty,
        p.at
    );
    let _ = writeln!(out, "{}", p.prompt);
    if let Some(told) = p.key.scenario() {
        let _ = writeln!(
            out,
            "  Recipient: {}   Sending MTA: {}",
            told.recipient, told.profile
        );
        for s in told.states {
            let _ = writeln!(out, "  Host state: {s}");
        }
    }
    if let Some(heading) = &p.zone_heading {
        let _ = writeln!(out, "  {heading}");
    }
    for (n, text) in p.zone_beside() {
        let _ = writeln!(out, "  {n:>3} | {text}");
    }
    for (i, o) in p.options.iter().enumerate() {
        let mark = if o.correct { "*" } else { " " };
        let _ = writeln!(out, "  {mark} {}) {}", letter(i), o.text);
        // Hosts to order and zone lines are shown bare: their preferences and the
        // checker's words are the answer.
        if !o.why.is_empty() && p.kind.entry().teaches_whys() {
            let _ = writeln!(out, "        {}", o.why);
        }
    }
    let _ = write!(out, "Answer: ");
    match p.key.unpreparable() {
        Some(reason) => {
            let _ = writeln!(out, "none: the question cannot be asked: {reason}");
        }
        None => p.kind.rules().key_text(p, &mut out),
    }
    let _ = writeln!(out, "Explanation: {}", p.explanation);
    out
}
