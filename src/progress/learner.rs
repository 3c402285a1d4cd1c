//! Where a learner's progress lives: one folder per learner inside the data folder
//! (`platform::data_dir`), so that learners who share a classroom machine keep
//! histories of their own. Every front end (the app, the plain mode, `report`, a
//! class session) opens a learner's store through here.

use super::{Opened, Store};
use std::path::{Path, PathBuf};

/// The learner everyone is until they give a name.
pub const DEFAULT: &str = "default";

/// The folder of `learner` inside `data`. A name holds letters, digits, `-` and `_`
/// only, so that it never leaves the data folder (`../etc`) nor names a device.
pub fn folder(data: &Path, learner: &str) -> Result<PathBuf, String> {
    check_name(learner)?;
    Ok(data.join(learner))
}

/// Whether `learner` is a name a learner can have: letters, digits, `-` and `_`
/// (a class seats students under the same rule, `play::class::seat_name`).
pub fn check_name(learner: &str) -> Result<(), String> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    if learner.is_empty() || !learner.chars().all(allowed) {
        return Err(format!(
            "learner name '{learner}': use letters, digits, - and _"
        ));
    }
    Ok(())
}

/// Whether a learner's `folder` holds progress (a store was saved there): a name
/// without any is no learner yet, and a report on it says so.
pub fn has_progress(folder: &Path) -> bool {
    Store::file(folder).is_file()
}

/// Opens (or starts) the store in a learner's `folder` at `now`; `nonce` tells this
/// process's answers from another's. The message, when there is one, says where an
/// unreadable store was kept: the learner must be told.
pub fn open(folder: &Path, now: u64, nonce: u64) -> Result<(Store, Option<String>), String> {
    let Opened { store, moved_aside } =
        Store::open(folder, now, nonce).map_err(|e| e.to_string())?;
    let message = moved_aside.map(|aside| {
        format!(
            "the progress store could not be read; it was kept as {} and a fresh one started",
            aside.display()
        )
    });
    Ok((store, message))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_learner_name_stays_inside_the_data_folder() {
        let data = Path::new("data");
        assert_eq!(folder(data, "ana-2_b"), Ok(data.join("ana-2_b")));
        for bad in ["", "..", "../etc", "a/b", "a\\b", "ana b", "con:", "é"] {
            assert!(folder(data, bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn an_unreadable_store_is_kept_and_named() {
        let dir = tempfile::tempdir().expect("dir");
        std::fs::write(dir.path().join("progress.json"), "garbage").expect("write");
        let (store, message) = open(dir.path(), 1_795_827_205, 1).expect("opens");
        assert!(store.progress.entries.is_empty(), "a fresh store");
        let message = message.expect("a message");
        assert!(
            message.contains("could not be read; it was kept as"),
            "{message}"
        );
    }
}
