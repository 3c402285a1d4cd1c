//! The `mxdrill` binary as the tests run it: every run has a data folder of its own
//! (`XDG_DATA_HOME`, and `HOME` for the platforms that ignore it), made fresh and
//! removed with the command, so that tests running in parallel never share a
//! learner's progress. A test that needs one history across runs sets
//! `XDG_DATA_HOME` to a folder of its own again.
// Each test crate that includes this uses a different part of it.
#![allow(dead_code)]

use std::ops::{Deref, DerefMut};
use std::path::Path;

/// A command for the binary with the data folder it alone uses; it derefs to the
/// command (`mxdrill().args([...]).assert()`).
pub struct Isolated<C> {
    command: C,
    data: tempfile::TempDir,
}

impl<C> Isolated<C> {
    /// The run's data folder.
    pub fn data(&self) -> &Path {
        self.data.path()
    }
}

impl<C> Deref for Isolated<C> {
    type Target = C;
    fn deref(&self) -> &C {
        &self.command
    }
}

impl<C> DerefMut for Isolated<C> {
    fn deref_mut(&mut self) -> &mut C {
        &mut self.command
    }
}

/// A fresh, empty data folder under the tests' scratch folder.
pub fn data_folder() -> tempfile::TempDir {
    tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("a scratch data folder")
}

/// The binary under `assert_cmd`, with a data folder of its own.
pub fn mxdrill() -> Isolated<assert_cmd::Command> {
    let data = data_folder();
    let mut command = assert_cmd::Command::new(env!("CARGO_BIN_EXE_mxdrill"));
    command
        .env("XDG_DATA_HOME", data.path())
        .env("HOME", data.path());
    Isolated { command, data }
}

/// The binary as a `std::process::Command` (for standard output into a closed pipe
/// or a full device), with a data folder of its own.
pub fn process() -> Isolated<std::process::Command> {
    let data = data_folder();
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_mxdrill"));
    command
        .env("XDG_DATA_HOME", data.path())
        .env("HOME", data.path());
    Isolated { command, data }
}
