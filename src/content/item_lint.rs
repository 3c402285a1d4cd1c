//! Item-writing lint: warnings about how a question is written, not whether it
//! loads. Each has an id that `docs/authoring.md` §5.3 explains; none is an error,
//! so `check` still passes on a bank that draws them.
//!
//! The rules follow common item-writing guidance for multiple-choice tests: the
//! key should not stand out by its length, "all/none of the above" tests reading
//! tricks rather than knowledge, a multi question says how many answers it wants
//! (as CompTIA's "Choose two." does), every option teaches why it is right or
//! wrong, and no question is asked twice.

use super::bank::{Bank, Loading, Question};
use super::diagnostic::{Diagnostic, Pos};
use std::collections::BTreeSet;

pub use crate::kind::{LONG_CORRECT, MULTI_COUNT};

/// A choice reads "all of the above" or "none of the above".
pub const ALL_NONE_ABOVE: &str = "item-all-none-above";
/// Two questions ask the same (or nearly the same) thing.
pub const DUPLICATE_PROMPT: &str = "item-duplicate-prompt";
/// A choice has no `why`.
pub const NO_WHY: &str = "item-no-why";

/// Every item-lint id, for documentation and tests.
pub const IDS: [&str; 5] = [
    LONG_CORRECT,
    ALL_NONE_ABOVE,
    MULTI_COUNT,
    DUPLICATE_PROMPT,
    NO_WHY,
];

/// Word-set overlap (Jaccard) from which two prompts count as near-duplicates.
const NEAR_DUPLICATE: f64 = 0.8;

/// An item-writing warning: the message ends with its id, which it also carries.
pub(super) fn warning(path: &str, pos: Pos, code: &str, message: String) -> Diagnostic {
    let mut d = Diagnostic::warning(path, pos, format!("{message} [{code}]"));
    d.code = Some(code.to_string());
    d
}

/// Lints every question of every bank.
pub fn lint_items(banks: &[Bank], checked: &dyn Fn(&Bank) -> bool) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for bank in banks.iter().filter(|b| checked(b)) {
        for q in &bank.questions {
            lint_question(&bank.path, q, &mut out);
        }
    }
    duplicates(banks, checked, &mut out);
    out
}

fn lint_question(path: &str, q: &Question, out: &mut Vec<Diagnostic>) {
    for c in &q.choices {
        if c.why.trim().is_empty() {
            let msg = "this choice has no `why`: say why it is right or wrong, the learner reads it after answering".to_string();
            out.push(warning(path, c.pos, NO_WHY, msg));
        }
        let text = c.text.as_deref().unwrap_or_default().to_lowercase();
        if text.contains("all of the above") || text.contains("none of the above") {
            let msg = "\"all/none of the above\" tests reading tricks, and choices are shuffled: write a real option".to_string();
            out.push(warning(path, c.pos, ALL_NONE_ABOVE, msg));
        }
    }
    // What each kind asks of how its questions are written (a choice's key, a
    // multi question's count).
    let mut report = Loading {
        path,
        out,
        references: &mut Vec::new(),
        defect_uses: &mut Vec::new(),
    };
    q.kind.rules().lint(q, &mut report);
}

/// What a question asks, as comparable words: its prompt and, for questions the
/// engine computes, the zone and scenario (one prompt may serve many scenarios).
fn signature(q: &Question) -> BTreeSet<String> {
    let mut text = q.prompt.clone();
    if let Some(zone) = &q.zone {
        text.push_str(&format!(" zone:{zone}"));
    }
    if let Some(domain) = &q.domain {
        text.push_str(&format!(" domain:{domain}"));
    }
    if let Some(s) = &q.scenario {
        text.push_str(&format!(" recipient:{}", s.recipient));
        for (host, state) in &s.states {
            text.push_str(&format!(" state:{host}={state:?}"));
        }
        if let Some(p) = s.profile {
            text.push_str(&format!(" profile:{p:?}"));
        }
    }
    for d in &q.defects {
        text.push_str(&format!(" defect:{}", d.id()));
    }
    text.split(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | '?' | '!' | '(' | ')'))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn duplicates(banks: &[Bank], checked: &dyn Fn(&Bank) -> bool, out: &mut Vec<Diagnostic>) {
    let all: Vec<(&Bank, &Question, BTreeSet<String>)> = banks
        .iter()
        .flat_map(|b| b.questions.iter().map(move |q| (b, q, signature(q))))
        .collect();
    for (i, (bank, q, words)) in all.iter().enumerate() {
        if !checked(bank) {
            continue;
        }
        let earlier = all[..i].iter().find(|(_, other, theirs)| {
            other.kind == q.kind && {
                let shared = words.intersection(theirs).count() as f64;
                let union = words.union(theirs).count().max(1) as f64;
                shared / union >= NEAR_DUPLICATE
            }
        });
        if let Some((first_bank, first, _)) = earlier {
            let msg = format!(
                "this question asks nearly the same as {}/{} ({}:{}): merge them or make them differ",
                first_bank.bank, first.id, first_bank.path, first.pos.line
            );
            out.push(warning(&bank.path, q.pos, DUPLICATE_PROMPT, msg));
        }
    }
}
