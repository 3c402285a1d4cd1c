//! The store on disk: `progress.json` in the learner's folder, written with a
//! temporary file, fsync, rename and an fsync of the folder, under a lock, after
//! re-reading and merging what another instance may have written.

use super::{Event, Progress, Rating, VERSION};
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Why the store could not be used.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The store is there but could not be read (no permission, not a regular
    /// file, too large); it is left as it is.
    #[error("{0}; it is left as it is and nothing was written over it")]
    Refused(String),
    /// Reading or writing failed.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: String,
        /// The error.
        source: io::Error,
    },
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> StoreError + '_ {
    move |source| StoreError::Io {
        path: path.display().to_string(),
        source,
    }
}

fn refused(why: String) -> StoreError {
    StoreError::Refused(format!("the progress store cannot be read: {why}"))
}

/// The learner's store.
#[derive(Debug)]
pub struct Store {
    dir: PathBuf,
    /// The progress as last read or written.
    pub progress: Progress,
    nonce: u64,
    /// The time of the latest answer (or of opening): names a file moved aside.
    now: u64,
    /// Stores found unreadable (or of a newer version) when saving, kept under these names.
    moved_aside: Vec<PathBuf>,
    /// The ratings this instance gave, by question key and answer: newer than any
    /// on disk, so they stand after each merge.
    rated: Vec<(String, String, (u64, u64), Rating)>,
}

/// What opening found.
#[derive(Debug)]
pub struct Opened {
    /// The store.
    pub store: Store,
    /// An unreadable store was moved here; a fresh one started.
    pub moved_aside: Option<PathBuf>,
}

/// Writes `bytes` to `path` atomically: a temporary file in the same folder, synced,
/// then put in place of `path` in one step (`platform::replace_file`: a rename and a
/// sync of the folder on Unix, a write-through replace on Windows). `fill` writes
/// the content (tests make it fail midway: the old file is then untouched, and the
/// temporary file is removed).
pub fn atomic_write(path: &Path, fill: impl FnOnce(&mut File) -> io::Result<()>) -> io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(TEMPORARY)
        .tempfile_in(dir)?;
    fill(tmp.as_file_mut())?;
    tmp.as_file().sync_all()?;
    // Closed before the move (Windows cannot replace with a file open without
    // sharing); the temporary path still removes the file if the move fails.
    let tmp = tmp.into_temp_path();
    crate::platform::replace_file(&tmp, path)?;
    // Moved: nothing is left at the temporary name to remove.
    let _ = tmp.keep();
    Ok(())
}

/// How temporary files of [`atomic_write`] begin (tempfile's own default, `.tmp`, was
/// used before, so both are cleaned).
const TEMPORARY: &str = ".tmp";

/// Removes temporary files that killed writers left behind. Called under the store's
/// lock: a live writer holds the lock for as long as its temporary file exists.
fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let stale = entry
            .file_name()
            .to_str()
            .is_some_and(|n| n.starts_with(TEMPORARY))
            && entry.file_type().is_ok_and(|t| t.is_file());
        if stale {
            let _ = fs::remove_file(entry.path());
        }
    }
}

fn lock(dir: &Path) -> Result<File, StoreError> {
    let lock_path = dir.join("progress.lock");
    let lock = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .map_err(io_err(&lock_path))?;
    lock.lock().map_err(io_err(&lock_path))?;
    Ok(lock)
}

impl Store {
    /// The store's file in `dir`.
    pub(crate) fn file(dir: &Path) -> PathBuf {
        dir.join("progress.json")
    }

    /// Opens (or creates) the store in `dir`. An unreadable store is moved aside
    /// under a timestamped name, never overwritten, and a fresh one starts.
    pub fn open(dir: &Path, now: u64, nonce: u64) -> Result<Opened, StoreError> {
        fs::create_dir_all(dir).map_err(io_err(dir))?;
        let lock = lock(dir)?;
        remove_stale_temporaries(dir);
        let path = Self::file(dir);
        let opened = match read(&path) {
            Ok(progress) => Ok((progress, None)),
            Err(NotRead::Unreadable(_)) => {
                move_aside(&path, now).map(|aside| (Progress::new(), Some(aside)))
            }
            Err(NotRead::Refused(why)) => Err(refused(why)),
        };
        let _ = lock.unlock();
        let (progress, moved_aside) = opened?;
        Ok(Opened {
            store: Store {
                dir: dir.to_path_buf(),
                progress,
                nonce,
                now,
                moved_aside: Vec::new(),
                rated: Vec::new(),
            },
            moved_aside,
        })
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Where stores that could not be read when saving were kept, since the last call;
    /// the caller tells the learner.
    pub fn take_moved_aside(&mut self) -> Vec<PathBuf> {
        std::mem::take(&mut self.moved_aside)
    }

    /// What to tell the learner about stores kept aside since the last call.
    pub fn take_notice(&mut self) -> Option<String> {
        let aside = self.take_moved_aside();
        (!aside.is_empty()).then(|| {
            let names: Vec<String> = aside.iter().map(|p| p.display().to_string()).collect();
            format!(
                "the progress store on disk could not be read (damaged, or written by a newer mxdrill); it was kept as {} and this session's answers saved in a fresh one",
                names.join(", ")
            )
        })
    }

    /// Records an answer and writes the store at once: under the lock, re-read
    /// what is on disk, merge, write atomically. Returns the answer's event (its
    /// `at` and `nonce` name it, to rate it later).
    pub fn record(
        &mut self,
        bank: &str,
        question: &str,
        category: &str,
        objectives: &[String],
        correct: bool,
        at: u64,
    ) -> Result<Event, StoreError> {
        self.nonce = self.nonce.wrapping_add(1);
        self.now = self.now.max(at);
        let event = Event {
            at,
            nonce: self.nonce,
            correct,
            rating: None,
        };
        self.progress
            .record(bank, question, category, objectives, event);
        self.save().map(|()| event)
    }

    /// Rates the right answer `id` (`at`, `nonce`, as [`record`](Self::record)
    /// returned it) and writes the store at once, as `record` does. The same
    /// answer, rated again, keeps only the last rating. When the write fails the
    /// rating is taken back, so nothing shows a rating that is not on disk. A
    /// wrong answer is not rated (it stays Again): nothing is written.
    pub fn rate(
        &mut self,
        bank: &str,
        question: &str,
        id: (u64, u64),
        rating: Rating,
    ) -> Result<(), StoreError> {
        let wrong_or_missing = |p: &Progress| {
            p.entries
                .get(&super::key(bank, question))
                .and_then(|e| e.events.iter().find(|e| (e.at, e.nonce) == id))
                .is_none_or(|e| !e.correct)
        };
        if wrong_or_missing(&self.progress) {
            return Ok(());
        }
        let before = self
            .progress
            .rate(bank, question, id, Some(rating))
            .flatten();
        let kept = self.rated.len();
        let given = (bank.to_string(), question.to_string(), id, rating);
        let earlier = self
            .rated
            .iter()
            .position(|r| (&r.0, &r.1, r.2) == (&given.0, &given.1, id));
        let replaced = earlier.map(|i| std::mem::replace(&mut self.rated[i], given.clone()));
        if replaced.is_none() {
            self.rated.push(given);
        }
        let saved = self.save();
        if saved.is_err() {
            self.progress.rate(bank, question, id, before);
            match (earlier, replaced) {
                (Some(i), Some(old)) => self.rated[i] = old,
                _ => self.rated.truncate(kept),
            }
        }
        saved
    }

    /// Merges what is on disk and writes the union.
    pub fn save(&mut self) -> Result<(), StoreError> {
        let lock = lock(&self.dir)?;
        let path = Self::file(&self.dir);
        // Another instance may have written since we read: keep its answers too. A
        // file that cannot be read now (damaged, or replaced by a newer version's
        // store) is never written over: it is kept aside first, and the caller says so.
        match read(&path) {
            Ok(on_disk) => {
                self.progress.merge(&on_disk);
                // This instance's ratings are newer than any on disk.
                for (bank, question, id, rating) in &self.rated {
                    self.progress.rate(bank, question, *id, Some(*rating));
                }
            }
            Err(NotRead::Unreadable(_)) => match move_aside(&path, self.now) {
                Ok(aside) => self.moved_aside.push(aside),
                Err(e) => {
                    let _ = lock.unlock();
                    return Err(e);
                }
            },
            Err(NotRead::Refused(why)) => {
                let _ = lock.unlock();
                return Err(refused(why));
            }
        }
        let bytes = serde_json::to_vec_pretty(&self.progress).map_err(|e| StoreError::Io {
            path: path.display().to_string(),
            source: io::Error::other(e),
        })?;
        let result = atomic_write(&path, |f| f.write_all(&bytes)).map_err(io_err(&path));
        let _ = lock.unlock();
        result
    }
}

/// The most a store may hold (a learner answering all day for years stays far
/// below it): a larger file is refused, not read.
pub const MAX_STORE_BYTES: u64 = 64 << 20;

/// Why a file of the learner's folder (the store, the saved exam) was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotRead {
    /// It could not be read at all (no permission, a folder, a FIFO or device, too
    /// large): it is not known to be damaged, nor ours to move, so it is left where
    /// it is and nothing is written over it.
    Refused(String),
    /// Its bytes were read and are not a store of this version (damaged, or written
    /// by a newer mxdrill): it is kept aside, never written over.
    Unreadable(String),
}

impl std::fmt::Display for NotRead {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NotRead::Refused(why) | NotRead::Unreadable(why) => f.write_str(why),
        }
    }
}

/// The bytes of `path` through content's reader (regular files only, capped):
/// `None` when there is no file.
pub(crate) fn read_bytes(path: &Path, max: u64) -> Result<Option<Vec<u8>>, NotRead> {
    judge(path, crate::content::read_limited(path, max))
}

/// What a read of `path` means for the learner's folder: no file, the bytes, or a
/// refusal (every error of opening or reading, a permission error included: only
/// bytes that were read can be judged damaged).
fn judge(
    path: &Path,
    read: Result<Vec<u8>, crate::content::ReadError>,
) -> Result<Option<Vec<u8>>, NotRead> {
    match read {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.is_missing() => Ok(None),
        Err(e) => Err(NotRead::Refused(format!("{}: {e}", path.display()))),
    }
}

fn read(path: &Path) -> Result<Progress, NotRead> {
    let Some(bytes) = read_bytes(path, MAX_STORE_BYTES)? else {
        return Ok(Progress::new());
    };
    let progress: Progress = serde_json::from_slice(&bytes)
        .map_err(|e| NotRead::Unreadable(format!("{}: {e}", path.display())))?;
    if progress.version != VERSION {
        return Err(NotRead::Unreadable(format!(
            "{}: store version {} is not {VERSION}",
            path.display(),
            progress.version
        )));
    }
    Ok(progress)
}

/// Moves an unreadable store to `progress.json.unreadable-<time>` (never over
/// another file).
fn move_aside(path: &Path, now: u64) -> Result<PathBuf, StoreError> {
    keep_aside(path, "unreadable", now).map_err(io_err(path))
}

/// Moves `path` to `<its name>.<why>-<time>` in its folder, never over another file
/// (`-1`, `-2`, … follow when the name is taken): the one way a file of the
/// learner's folder is put out of the way.
pub fn keep_aside(path: &Path, why: &str, now: u64) -> io::Result<PathBuf> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let mut n = 0;
    loop {
        let suffix = if n == 0 {
            String::new()
        } else {
            format!("-{n}")
        };
        let aside = path.with_file_name(format!("{name}.{why}-{now}{suffix}"));
        // `symlink_metadata`: a dangling link there is a name taken too.
        if aside.symlink_metadata().is_err() {
            fs::rename(path, &aside)?;
            return Ok(aside);
        }
        n += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::ReadError;
    use crate::platform::OpenError;

    #[test]
    fn only_bytes_read_can_be_judged_damaged() {
        let path = Path::new("progress.json");
        let open = |kind: io::ErrorKind| Err(ReadError::Open(OpenError::Io(io::Error::from(kind))));
        assert_eq!(judge(path, open(io::ErrorKind::NotFound)), Ok(None));
        for refused in [
            open(io::ErrorKind::PermissionDenied),
            Err(ReadError::Open(OpenError::NotRegular)),
            Err(ReadError::TooBig {
                size: 1 << 30,
                max: MAX_STORE_BYTES,
            }),
            Err(ReadError::Read(io::Error::from(io::ErrorKind::Interrupted))),
        ] {
            assert!(matches!(judge(path, refused), Err(NotRead::Refused(_))));
        }
        assert!(matches!(read_garbage(), Err(NotRead::Unreadable(_))));
    }

    fn read_garbage() -> Result<Progress, NotRead> {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("progress.json");
        fs::write(&path, "garbage").expect("write");
        read(&path)
    }

    #[test]
    fn a_store_that_cannot_be_read_is_left_where_it_is() {
        let dir = tempfile::tempdir().expect("dir");
        let path = Store::file(dir.path());
        fs::create_dir(&path).expect("a folder");
        let err = Store::open(dir.path(), 7, 1).expect_err("refused");
        assert!(matches!(err, StoreError::Refused(_)), "{err}");
        assert!(path.is_dir(), "left where it is");
        let names: Vec<_> = fs::read_dir(dir.path())
            .expect("list")
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().to_string())
            .collect();
        assert!(!names.iter().any(|n| n.contains("unreadable")), "{names:?}");
    }
}
