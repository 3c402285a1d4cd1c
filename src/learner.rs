//! Where a learner's progress lives: the data folder `directories` gives for mxdrill
//! (`$XDG_DATA_HOME/mxdrill/` on Linux, `~/Library/Application Support/mxdrill/` on
//! macOS, `%APPDATA%\mxdrill\data\` on Windows), one folder per learner.

use mxdrill::progress::{Opened, Store};
use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

/// Seconds since 1970.
pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// The learner's folder; the name may hold letters, digits, `-` and `_` only.
pub fn dir(learner: &str) -> Result<PathBuf, String> {
    if learner.is_empty()
        || !learner
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(format!(
            "learner name '{learner}': use letters, digits, - and _"
        ));
    }
    let dirs = directories::ProjectDirs::from("", "", "mxdrill")
        .ok_or("no home folder to keep progress in")?;
    Ok(dirs.data_dir().join(learner))
}

/// Opens the learner's store; says on standard error where an unreadable store went.
pub fn open(learner: &str) -> Result<Store, String> {
    let (store, message) = open_quietly(learner)?;
    if let Some(message) = message {
        eprintln!("mxdrill: {message}");
    }
    Ok(store)
}

/// Opens the learner's store; the message says where an unreadable store went.
pub fn open_quietly(learner: &str) -> Result<(Store, Option<String>), String> {
    let dir = dir(learner)?;
    // Process id and time: answers of two instances never share a nonce.
    let nonce = (u64::from(std::process::id()) << 32) | (now() % (1 << 32));
    let Opened { store, moved_aside } =
        Store::open(&dir, now(), nonce).map_err(|e| e.to_string())?;
    let message = moved_aside.map(|aside| {
        format!(
            "the progress store could not be read; it was kept as {} and a fresh one started",
            aside.display()
        )
    });
    Ok((store, message))
}
