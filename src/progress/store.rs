//! The store on disk: `progress.json` in the learner's folder, written with a
//! temporary file, fsync, rename and an fsync of the folder, under a lock, after
//! re-reading and merging what another instance may have written.

use super::{Event, Progress, VERSION};
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Why the store could not be used.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
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

/// The learner's store.
#[derive(Debug)]
pub struct Store {
    dir: PathBuf,
    /// The progress as last read or written.
    pub progress: Progress,
    nonce: u64,
}

/// What opening found.
#[derive(Debug)]
pub struct Opened {
    /// The store.
    pub store: Store,
    /// An unreadable store was moved here; a fresh one started.
    pub moved_aside: Option<PathBuf>,
}

/// Writes `bytes` to `path` atomically: a temporary file in the same folder, fsync,
/// rename over `path`, fsync of the folder. `fill` writes the content (tests make
/// it fail midway: the old file is then untouched).
pub fn atomic_write(path: &Path, fill: impl FnOnce(&mut File) -> io::Result<()>) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    fill(tmp.as_file_mut())?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    File::open(dir)?.sync_all()
}

impl Store {
    fn file(dir: &Path) -> PathBuf {
        dir.join("progress.json")
    }

    /// Opens (or creates) the store in `dir`. An unreadable store is moved aside
    /// under a timestamped name, never overwritten, and a fresh one starts.
    pub fn open(dir: &Path, now: u64, nonce: u64) -> Result<Opened, StoreError> {
        fs::create_dir_all(dir).map_err(io_err(dir))?;
        let path = Self::file(dir);
        let (progress, moved_aside) = match read(&path) {
            Ok(progress) => (progress, None),
            Err(_) => (Progress::new(), Some(move_aside(&path, now)?)),
        };
        Ok(Opened {
            store: Store {
                dir: dir.to_path_buf(),
                progress,
                nonce,
            },
            moved_aside,
        })
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Records an answer and writes the store at once: under the lock, re-read
    /// what is on disk, merge, write atomically.
    pub fn record(
        &mut self,
        bank: &str,
        question: &str,
        category: &str,
        objectives: &[String],
        correct: bool,
        at: u64,
    ) -> Result<(), StoreError> {
        self.nonce = self.nonce.wrapping_add(1);
        let event = Event {
            at,
            nonce: self.nonce,
            correct,
        };
        self.progress
            .record(bank, question, category, objectives, event);
        self.save()
    }

    /// Merges what is on disk and writes the union.
    pub fn save(&mut self) -> Result<(), StoreError> {
        let lock_path = self.dir.join("progress.lock");
        let lock = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(io_err(&lock_path))?;
        lock.lock().map_err(io_err(&lock_path))?;
        let path = Self::file(&self.dir);
        // Another instance may have written since we read: keep its answers too. An
        // unreadable file here was readable at open: leave it for the next open.
        if let Ok(on_disk) = read(&path) {
            self.progress.merge(&on_disk);
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

fn read(path: &Path) -> Result<Progress, String> {
    match fs::read(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Progress::new()),
        Err(e) => Err(e.to_string()),
        Ok(bytes) => {
            let progress: Progress = serde_json::from_slice(&bytes).map_err(|e| e.to_string())?;
            if progress.version != VERSION {
                return Err(format!(
                    "store version {} is not {VERSION}",
                    progress.version
                ));
            }
            Ok(progress)
        }
    }
}

/// Moves an unreadable store to `progress.json.unreadable-<time>` (never over
/// another file).
fn move_aside(path: &Path, now: u64) -> Result<PathBuf, StoreError> {
    let mut n = 0;
    loop {
        let suffix = if n == 0 {
            String::new()
        } else {
            format!("-{n}")
        };
        let aside = path.with_file_name(format!("progress.json.unreadable-{now}{suffix}"));
        if !aside.exists() {
            fs::rename(path, &aside).map_err(io_err(path))?;
            return Ok(aside);
        }
        n += 1;
    }
}
