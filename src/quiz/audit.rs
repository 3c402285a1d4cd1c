//! What `check` adds to loading: every question of every loaded bank is prepared
//! exactly as a session prepares it (the simulator run for predict, the MX hosts
//! ordered for order, the linter for zone-line, the expected query resolved for
//! command), so a bank that passes `check` can be played; and the item-writing lint.

use super::prepare;
use crate::content::item_lint::lint_items;
use crate::content::{Diagnostic, Library};
use rand::SeedableRng;
use rand::rngs::StdRng;

/// Diagnostics for questions that load but cannot be asked (errors, at the
/// question's line) and for how questions are written (warnings).
pub fn audit(library: &Library) -> Vec<Diagnostic> {
    let mut out = unpreparable(library);
    out.extend(lint_items(&library.banks));
    out
}

/// One error per loaded question that a session could not prepare.
pub fn unpreparable(library: &Library) -> Vec<Diagnostic> {
    // The seed only shuffles options; whether a question can be prepared does not
    // depend on it.
    let mut rng = StdRng::seed_from_u64(0);
    let mut out = Vec::new();
    for bank in &library.banks {
        for q in &bank.questions {
            if let Err(e) = prepare(bank, q, &library.world, &mut rng) {
                let message = format!("question `{}` cannot be asked: {}", q.id, e.reason);
                out.push(Diagnostic::error(&bank.path, q.pos, message));
            }
        }
    }
    out
}
