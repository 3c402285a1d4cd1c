//! Bank ids and question ids across files. Progress is kept by bank id + question
//! id (`progress::key`), so two files with one bank id would mix their learners'
//! results, and an export would write two banks with one id.
//!
//! A user file with the id of a bundled bank replaces it, as a user zone replaces a
//! bundled zone (a note says so): it is the instructor's edition of that bank, and
//! its learners' history carries over as when a typo is fixed. Otherwise the file
//! loaded first keeps the id (the bundled banks come before `--content` folders,
//! folders in the order given, files in name order); a later file with the same
//! bank id is an error and its bank is left out, and each of its question ids the
//! first file uses is an error too. The same question id in two different banks is
//! fine: their progress keys differ.

use super::bank::LoadedBank;
use super::diagnostic::{Diagnostic, Level};

/// The banks that stay in play, in their order, each with what its id's use by
/// other files gave: a note when it replaces a bundled bank, errors when an earlier
/// file has its id.
pub(super) fn settle_ids(banks: Vec<LoadedBank>) -> Vec<(LoadedBank, Vec<Diagnostic>)> {
    let replaced = |b: &LoadedBank| {
        b.bundled
            && !b.bank.bank.is_empty()
            && banks
                .iter()
                .any(|user| !user.bundled && user.bank.bank == b.bank.bank)
    };
    let gone: Vec<bool> = banks.iter().map(replaced).collect();
    let mut notes: Vec<Vec<Diagnostic>> = vec![Vec::new(); banks.len()];
    for (i, user) in banks.iter().enumerate().filter(|(_, b)| !b.bundled) {
        let first_user = !banks[..i]
            .iter()
            .any(|b| !b.bundled && b.bank.bank == user.bank.bank);
        let bundled = banks
            .iter()
            .zip(&gone)
            .find(|(b, gone)| **gone && b.bank.bank == user.bank.bank);
        if let (true, Some((bundled, _))) = (first_user, bundled)
            && bundled.bank.path != user.bank.path
        {
            notes[i].push(Diagnostic::new(
                &user.bank.path,
                user.id_pos,
                Level::Note,
                format!(
                    "bank {} replaces the bundled bank of {}:{}",
                    user.bank.bank, bundled.bank.path, bundled.id_pos.line
                ),
            ));
        }
    }
    let kept: Vec<(LoadedBank, Vec<Diagnostic>)> = banks
        .into_iter()
        .zip(notes)
        .zip(gone)
        .filter(|(_, gone)| !gone)
        .map(|(pair, _)| pair)
        .collect();
    let errors: Vec<Vec<Diagnostic>> = (0..kept.len())
        .map(|i| duplicate_ids(&kept[i].0, kept[..i].iter().map(|(b, _)| b)))
        .collect();
    kept.into_iter()
        .zip(errors)
        .map(|((bank, mut said), errors)| {
            said.extend(errors);
            (bank, said)
        })
        .collect()
}

/// The errors of `later`'s ids that the `earlier` banks already use.
fn duplicate_ids<'a>(
    later: &LoadedBank,
    earlier: impl Iterator<Item = &'a LoadedBank>,
) -> Vec<Diagnostic> {
    let id = &later.bank.bank;
    let same: Vec<&LoadedBank> = earlier
        .filter(|b| !id.is_empty() && &b.bank.bank == id)
        .collect();
    let Some(first) = same.first() else {
        return Vec::new();
    };
    let path = &later.bank.path;
    let mut errors = vec![Diagnostic::error(
        path,
        later.id_pos,
        format!(
            "bank id `{id}` is already used by {}:{}: progress is kept by bank id and question id, so the two banks' results would mix; this file's bank is left out (the file loaded first keeps the id): give it another `bank:` id",
            first.bank.path, first.id_pos.line
        ),
    )];
    for q in &later.bank.questions {
        let used = same
            .iter()
            .flat_map(|b| b.bank.questions.iter().map(move |fq| (&b.bank.path, fq)))
            .find(|(_, fq)| fq.id == q.id);
        if let Some((first_path, fq)) = used {
            errors.push(Diagnostic::error(
                path,
                q.pos,
                format!(
                    "question id `{}` of bank `{id}` is already used at {first_path}:{}: both would be kept under one progress key ({id}/{}); rename one, or give this file another bank id",
                    q.id, fq.pos.line, q.id
                ),
            ));
        }
    }
    errors
}
