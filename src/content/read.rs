//! Reading content from disk without being led astray: regular files only, symbolic
//! links followed only while they stay inside the folder given, loops refused, and the
//! size cap checked on the opened file before a byte is read (a link to `/dev/zero`,
//! a FIFO, a file that grows while read).

use super::{Diagnostic, MAX_FILE_BYTES, Pos, Source};
use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};

fn refuse(path: &Path, message: impl Into<String>) -> Diagnostic {
    Diagnostic::error(&path.display().to_string(), Pos::line(1), message)
}

/// Reads one file of at most `max` bytes. It must be a regular file, told by its
/// type before a byte is read (`platform::open_content`: a FIFO, device or console
/// is refused, never waited on), and is read through a limit, so that a file that
/// grows meanwhile cannot make it read more.
pub fn read_capped(path: &Path, max: u64) -> Result<Vec<u8>, String> {
    read_limited(path, max).map_err(|e| e.to_string())
}

/// Why [`read_limited`] read nothing.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// Opening failed (missing, no permission), or it is not a regular file.
    #[error(transparent)]
    Open(#[from] crate::platform::OpenError),
    /// Larger than the cap.
    #[error("file is {} MB; files of this kind may be at most {} MB", .size >> 20, .max >> 20)]
    TooBig {
        /// Its size in bytes.
        size: u64,
        /// The cap in bytes.
        max: u64,
    },
    /// Reading the opened file failed.
    #[error("cannot read: {0}")]
    Read(std::io::Error),
}

impl ReadError {
    /// Whether the file is not there at all.
    pub fn is_missing(&self) -> bool {
        matches!(self, ReadError::Open(crate::platform::OpenError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound)
    }
}

/// [`read_capped`] with the reason kept: the content's reader, and the progress
/// store's and the saved exam's (a store that is a FIFO or a link to `/dev/zero`
/// is refused, not waited on or read without end).
pub fn read_limited(path: &Path, max: u64) -> Result<Vec<u8>, ReadError> {
    let file = crate::platform::open_content(path)?;
    let meta = file.metadata().map_err(ReadError::Read)?;
    if meta.len() > max {
        return Err(ReadError::TooBig {
            size: meta.len(),
            max,
        });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Read)?;
    if bytes.len() as u64 > max {
        return Err(ReadError::TooBig {
            size: bytes.len() as u64,
            max,
        });
    }
    Ok(bytes)
}

/// Reads content files: a folder is searched (recursively, sorted) for `*.yaml`,
/// `*.yml` and `*.zone`; a file is taken as it is. Inside a folder, a symbolic link
/// whose target lies outside that folder is refused (it would echo, say,
/// `/etc/shadow` in diagnostics), as is a link that loops.
pub fn read_sources(path: &Path) -> Result<Vec<Source>, Diagnostic> {
    read_paths(&[path])
}

/// Reads several folders and files; a file named twice (by two arguments, or by a
/// folder and a path inside it) is read once, under the first name it was given.
pub fn read_paths(paths: &[&Path]) -> Result<Vec<Source>, Diagnostic> {
    let mut files = HashSet::new();
    let mut sources = Vec::new();
    for path in paths {
        let root = path
            .canonicalize()
            .map_err(|e| refuse(path, format!("cannot read: {e}")))?;
        let mut walk = Walk {
            root: root.clone(),
            seen: HashSet::new(),
            files,
            sources,
        };
        if root.is_dir() {
            walk.folder(path, root)?;
        } else {
            walk.file(path)?;
        }
        (files, sources) = (walk.files, walk.sources);
    }
    Ok(sources)
}

struct Walk {
    /// The folder given, resolved: nothing outside it is read.
    root: PathBuf,
    /// Folders already walked, resolved: a second visit is a loop.
    seen: HashSet<PathBuf>,
    /// Files already read, resolved: each is read once.
    files: HashSet<PathBuf>,
    sources: Vec<Source>,
}

impl Walk {
    fn folder(&mut self, shown: &Path, real: PathBuf) -> Result<(), Diagnostic> {
        if !self.seen.insert(real) {
            return Err(refuse(
                shown,
                "symbolic link loop: this folder was already read",
            ));
        }
        let mut entries: Vec<_> = std::fs::read_dir(shown)
            .map_err(|e| refuse(shown, format!("cannot read: {e}")))?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .collect();
        entries.sort();
        for entry in entries {
            let is_content = entry
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| matches!(e, "yaml" | "yml" | "zone"));
            let Ok(meta) = entry.symlink_metadata() else {
                continue; // removed meanwhile
            };
            let real = if meta.file_type().is_symlink() {
                match entry.canonicalize() {
                    Ok(real) if real.starts_with(&self.root) => real,
                    Ok(real) => {
                        if !is_content && !real.is_dir() {
                            continue;
                        }
                        return Err(refuse(
                            &entry,
                            format!(
                                "symbolic link to {} leads outside the content folder {}; refused",
                                real.display(),
                                self.root.display()
                            ),
                        ));
                    }
                    Err(_) if !is_content => continue,
                    Err(e) if crate::platform::is_link_loop(&e) => {
                        return Err(refuse(&entry, "symbolic link loop"));
                    }
                    Err(e) => return Err(refuse(&entry, format!("cannot read: {e}"))),
                }
            } else {
                entry.clone()
            };
            if real.is_dir() {
                let real = real.canonicalize().unwrap_or(real);
                self.folder(&entry, real)?;
            } else if is_content {
                self.file(&entry)?;
            }
        }
        Ok(())
    }

    fn file(&mut self, path: &Path) -> Result<(), Diagnostic> {
        if let Ok(real) = path.canonicalize()
            && !self.files.insert(real)
        {
            return Ok(());
        }
        let bytes = read_capped(path, MAX_FILE_BYTES).map_err(|m| refuse(path, m))?;
        let shown = path.display().to_string();
        // A file that is not UTF-8 is one diagnostic; the rest loads.
        let (text, unreadable) = match String::from_utf8(bytes) {
            Ok(text) => (text, None),
            Err(e) => (
                String::new(),
                Some(not_utf8(&shown, e.as_bytes(), e.utf8_error())),
            ),
        };
        self.sources.push(Source {
            path: shown,
            text,
            bundled: false,
            unreadable,
        });
        Ok(())
    }
}

/// The diagnostic for a file that is not UTF-8, at its first bad byte.
fn not_utf8(path: &str, bytes: &[u8], e: std::str::Utf8Error) -> Diagnostic {
    let valid = &bytes[..e.valid_up_to()];
    // The prefix up to `valid_up_to` is valid UTF-8 by definition.
    let before = std::str::from_utf8(valid).unwrap_or_default();
    // The byte order mark is not text: it takes no column (as in `Source::as_read`).
    let before = super::without_bom(before);
    let line = before.matches('\n').count() as u32 + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() as u32 + 1;
    Diagnostic::error(
        path,
        Pos::new(line, col),
        format!(
            "not UTF-8 text (byte 0x{:02x}); the file is skipped: save it as UTF-8 (in most editors: Save with Encoding, UTF-8)",
            bytes.get(e.valid_up_to()).copied().unwrap_or(0)
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A folder with `inside/bank.yaml`, and `outside/secret.yaml` beside it.
    fn folders() -> (tempfile::TempDir, PathBuf, PathBuf) {
        let top = tempfile::tempdir().expect("tempdir");
        let (inside, outside) = (top.path().join("inside"), top.path().join("outside"));
        for dir in [&inside, &outside] {
            std::fs::create_dir(dir).expect("folder");
        }
        std::fs::write(inside.join("bank.yaml"), "id: a\n").expect("write");
        std::fs::write(outside.join("secret.yaml"), "secret\n").expect("write");
        (top, inside, outside)
    }

    fn link_or_skip(target: &Path, link: &Path) -> bool {
        match crate::platform::symlink(target, link) {
            // Wine's CreateSymbolicLinkW reports success and makes nothing.
            Ok(()) if link.symlink_metadata().is_err() => {
                eprintln!("skipped: the symbolic link was not made");
                false
            }
            Ok(()) => true,
            Err(e) => {
                eprintln!("skipped: cannot make a symbolic link here ({e})");
                false
            }
        }
    }

    #[test]
    fn a_link_inside_the_content_folder_is_read_once() {
        let (_top, inside, _) = folders();
        if !link_or_skip(&inside.join("bank.yaml"), &inside.join("again.yaml")) {
            return;
        }
        let sources = read_sources(&inside).expect("reads");
        assert_eq!(sources.len(), 1, "the file and its link are one file");
    }

    #[test]
    fn a_link_out_of_the_content_folder_is_refused() {
        let (_top, inside, outside) = folders();
        if !link_or_skip(&outside.join("secret.yaml"), &inside.join("leak.yaml")) {
            return;
        }
        let refused = read_sources(&inside).expect_err("refused");
        assert!(
            refused.message.contains("leads outside the content folder"),
            "{}",
            refused.message
        );
    }

    #[test]
    fn a_linked_folder_out_of_the_content_folder_is_refused() {
        let (_top, inside, outside) = folders();
        if !link_or_skip(&outside, &inside.join("more")) {
            return;
        }
        assert!(read_sources(&inside).is_err());
    }

    #[test]
    fn a_file_larger_than_the_cap_is_refused_before_reading() {
        let (_top, inside, _) = folders();
        let refused = read_capped(&inside.join("bank.yaml"), 3).expect_err("too big");
        assert!(refused.contains("at most"), "{refused}");
    }

    fn position(bytes: &[u8]) -> Pos {
        let e = std::str::from_utf8(bytes).unwrap_err();
        not_utf8("f.yaml", bytes, e).pos
    }

    #[test]
    fn a_bad_byte_is_at_the_same_column_with_or_without_a_byte_order_mark_or_crlf() {
        assert_eq!(position(b"bank: caf\xe9\n"), Pos::new(1, 10));
        assert_eq!(position(b"\xef\xbb\xbfbank: caf\xe9\r\n"), Pos::new(1, 10));
        assert_eq!(position(b"bank: x\ntitle: caf\xe9\n"), Pos::new(2, 11));
        assert_eq!(
            position(b"\xef\xbb\xbfbank: x\r\ntitle: caf\xe9\r\n"),
            Pos::new(2, 11)
        );
    }
}
