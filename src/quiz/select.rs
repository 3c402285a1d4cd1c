//! Choosing the questions of a session: which ones may come (kind, category, bank),
//! in which order (shuffled, weakest categories first, or due for review first),
//! how many; each prepared, and those that cannot be prepared set aside with why.

use super::{Item, PrepareError, Score, prepare};
use crate::content::Library;
use crate::content::bank::{Bank, Category, Kind, Question, Scope};
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use std::collections::BTreeMap;

/// Which questions may come.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Only this kind.
    pub kind: Option<Kind>,
    /// Only this category.
    pub category: Option<Category>,
    /// Only these banks (empty: every bank).
    pub banks: Vec<String>,
    /// Only questions within the exam objectives (no deep-dive scope): exams.
    pub exam_only: bool,
}

impl Filter {
    /// Whether `q` of `bank` may come.
    pub fn admits(&self, bank: &Bank, q: &Question) -> bool {
        self.kind.is_none_or(|k| q.kind == k)
            && self.category.is_none_or(|c| q.category == c)
            && (self.banks.is_empty() || self.banks.contains(&bank.bank))
            && !(self.exam_only && q.scope == Scope::DeepDive)
    }
}

/// In which order they come (after a shuffle with the seed).
#[derive(Debug, Clone, Copy)]
pub enum Order<'a> {
    /// As shuffled.
    Shuffled,
    /// The weakest categories of this history first.
    Weakest(&'a Score),
    /// Review: questions due by `now` first (the most overdue first), then those
    /// answered wrong last time, then unseen ones, then the rest by due date.
    Due {
        /// `bank/question` → (due time, last answer right).
        due: &'a BTreeMap<String, (u64, bool)>,
        /// The clock.
        now: u64,
    },
}

/// The questions chosen, and those that could not be prepared.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Ready to ask.
    pub items: Vec<Item>,
    /// Set aside, with why.
    pub skipped: Vec<PrepareError>,
}

/// Chooses up to `count` questions of `library` that pass `filter`, in `order`,
/// shuffled with `seed`; a question that cannot be prepared is set aside and the
/// next one takes its place.
pub fn select(
    library: &Library,
    filter: &Filter,
    order: Order,
    count: Option<usize>,
    seed: u64,
) -> Selection {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut chosen: Vec<(&Bank, &Question)> = library
        .banks
        .iter()
        .flat_map(|b| b.questions.iter().map(move |q| (b, q)))
        .filter(|(b, q)| filter.admits(b, q))
        .collect();
    chosen.shuffle(&mut rng);
    match order {
        Order::Shuffled => {}
        Order::Weakest(history) => {
            let weakness =
                |c: Category| history.by_category.get(c.name()).map_or(0, |t| t.percent());
            chosen.sort_by_key(|(_, q)| weakness(q.category));
        }
        Order::Due { due, now } => {
            let rank = |bank: &str, id: &str| match due.get(&format!("{bank}/{id}")) {
                Some(&(t, _)) if t <= now => (0, t),
                Some(&(t, false)) => (1, t),
                None => (2, 0),
                Some(&(t, true)) => (3, t),
            };
            chosen.sort_by_key(|(b, q)| rank(&b.bank, &q.id));
        }
    }
    let want = count.unwrap_or(usize::MAX);
    let mut selection = Selection::default();
    for (bank, q) in chosen {
        if selection.items.len() >= want {
            break;
        }
        match prepare(bank, q, &library.world, &mut rng) {
            Ok(item) => selection.items.push(item),
            Err(e) => selection.skipped.push(e),
        }
    }
    selection
}
