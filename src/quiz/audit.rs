//! What `check` adds to loading: every question of every loaded bank is prepared
//! exactly as a session prepares it (the simulator run for predict, the MX hosts
//! ordered for order, the linter for zone-line, the expected query resolved for
//! command), so a bank that passes `check` can be played; and the item-writing lint.

use super::prepare;
use crate::content::item_lint::lint_items;
use crate::content::{Bank, Diagnostic, Library, Pos};
use crate::dns::Check;
use crate::ground::Reference;
use crate::kind::Report;
use rand::SeedableRng;
use rand::rngs::StdRng;

/// Diagnostics for the questions of the banks `checked` picks (`check FILE` shows
/// only its files): those that load but cannot be asked (errors, at the question's
/// line), and how questions are written (warnings; near-duplicates are looked for
/// in every bank). A bank left out for errors is audited too, on its questions
/// that have none of their own (`Library::rejected`): one run shows every problem.
pub fn audit(library: &Library, checked: impl Fn(&Bank) -> bool) -> Vec<Diagnostic> {
    let banks: Vec<Bank> = library
        .banks
        .iter()
        .chain(&library.rejected)
        .cloned()
        .collect();
    let mut out = unpreparable_in(&banks, library, &checked, true);
    out.extend(lint_items(&banks, &checked));
    out
}

/// One error per loaded question that a session could not prepare.
pub fn unpreparable(library: &Library) -> Vec<Diagnostic> {
    unpreparable_in(&library.banks, library, &|_| true, false)
}

/// One error per question of `banks` that cannot be prepared; with `audit`, what
/// each kind finds in the questions that can ([`crate::kind::Rules::audit`]).
fn unpreparable_in(
    banks: &[Bank],
    library: &Library,
    checked: &dyn Fn(&Bank) -> bool,
    audit: bool,
) -> Vec<Diagnostic> {
    // The seed only shuffles options; whether a question can be prepared does not
    // depend on it.
    let mut rng = StdRng::seed_from_u64(0);
    let mut out = Vec::new();
    for bank in banks.iter().filter(|b| checked(b)) {
        for q in &bank.questions {
            match prepare(bank, q, &library.world, &mut rng) {
                Err(e) => {
                    let message = format!("question `{}` cannot be asked: {}", q.id, e.reason);
                    out.push(Diagnostic::error(&bank.path, q.pos, message));
                }
                Ok(item) if audit => {
                    let mut report = Audited {
                        path: &bank.path,
                        out: &mut out,
                    };
                    q.kind.rules().audit(q, &item, &library.world, &mut report);
                }
                Ok(_) => {}
            }
        }
    }
    out
}

/// Where a kind's audit reports: diagnostics of the bank's file.
struct Audited<'a> {
    path: &'a str,
    out: &'a mut Vec<Diagnostic>,
}

impl Report for Audited<'_> {
    fn error(&mut self, at: Pos, message: String) {
        self.out.push(Diagnostic::error(self.path, at, message));
    }

    fn warning(&mut self, at: Pos, message: String) {
        self.out.push(Diagnostic::warning(self.path, at, message));
    }

    fn lint(&mut self, at: Pos, code: &'static str, message: String) {
        let mut d = Diagnostic::warning(self.path, at, format!("{message} [{code}]"));
        d.code = Some(code.to_string());
        self.out.push(d);
    }

    // The names and defects a question uses were resolved when it loaded.
    fn refers(&mut self, _reference: Reference) {}

    fn uses_defects(&mut self, _zone: &str, _wanted: &[Check], _at: Pos) {}
}
