//! Bank ids and question ids across files. Progress is kept by bank id + question
//! id (`progress::key`), so two files with one bank id would mix their learners'
//! results, and an export would write two banks with one id. The file loaded first
//! keeps the id (the bundled banks come before `--content` folders, folders in the
//! order given, files in name order); a later file with the same bank id is an
//! error and its bank is left out. The same question id in two different banks is
//! fine: their progress keys differ.

use super::bank::LoadedBank;
use super::diagnostic::Diagnostic;

/// Per bank (in `banks`' order), the errors of its ids already used by an earlier
/// file: empty for a bank whose id is its own.
pub(super) fn duplicate_ids(banks: &[LoadedBank]) -> Vec<Vec<Diagnostic>> {
    let mut errors = vec![Vec::new(); banks.len()];
    for (i, later) in banks.iter().enumerate() {
        let id = &later.bank.bank;
        let same: Vec<&LoadedBank> = banks[..i]
            .iter()
            .filter(|b| !id.is_empty() && &b.bank.bank == id)
            .collect();
        let Some(first) = same.first() else {
            continue;
        };
        let path = &later.bank.path;
        errors[i].push(Diagnostic::error(
            path,
            later.id_pos,
            format!(
                "bank id `{id}` is already used by {}:{}: progress is kept by bank id and question id, so the two banks' results would mix; this file's bank is left out (the file loaded first keeps the id): give it another `bank:` id",
                first.bank.path, first.id_pos.line
            ),
        ));
        for q in &later.bank.questions {
            let earlier = same
                .iter()
                .flat_map(|b| b.bank.questions.iter().map(move |fq| (&b.bank.path, fq)))
                .find(|(_, fq)| fq.id == q.id);
            if let Some((first_path, fq)) = earlier {
                errors[i].push(Diagnostic::error(
                    path,
                    q.pos,
                    format!(
                        "question id `{}` of bank `{id}` is already used at {first_path}:{}: both would be kept under one progress key ({id}/{}); rename one, or give this file another bank id",
                        q.id, fq.pos.line, q.id
                    ),
                ));
            }
        }
    }
    errors
}
