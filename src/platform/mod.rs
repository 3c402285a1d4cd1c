//! What differs by operating system, in one place: every `cfg(unix)` and
//! `cfg(windows)` of the crate lives under this folder (`tests/architecture.rs`
//! checks it), each difference behind one function whose contract is the same on
//! every platform:
//!
//! - [`open_content`]: open a content file for reading, refusing what is not a
//!   regular file by its type before a byte is read;
//! - [`is_link_loop`]: whether resolving a path failed on a loop of links;
//! - [`replace_file`]: put a fully written temporary file in place of another,
//!   atomically (the progress store and the saved exam);
//! - [`on_exit_request`]: put the terminal back when the process is asked to end
//!   from outside (signals on Unix, console control events on Windows);
//! - [`watch_job_control`], [`job_signal`], [`stop_process`]: suspend and continue
//!   (SIGTSTP, SIGCONT and stopping on Unix; Windows has no job control);
//! - [`keyboard_available`]: whether there is a terminal to read keys from;
//! - [`mouse_reporting`]: clicks and the wheel for the app, motion left alone;
//! - [`data_dir`]: where the operating system keeps a program's data;
//! - [`host_addresses`]: the machine's interface addresses (the class's join lines);
//! - [`write_private`]: a new file only its owner may read (the class's SSH host key).
//!
//! The lab server needs no twin: a Windows UDP socket reports `WSAECONNRESET` on the
//! read after one of its replies met an ICMP port unreachable, and the server's read
//! loop (`lab::udp`) already goes on after a failed read.

#[cfg(unix)]
mod unix;
#[cfg(unix)]
use unix as os;
#[cfg(windows)]
mod windows;
#[cfg(windows)]
use windows as os;

use std::fs::File;
use std::io;
use std::path::Path;

/// Why [`open_content`] refused a file.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// Opening or inspecting failed.
    #[error("cannot read: {0}")]
    Io(#[from] io::Error),
    /// A folder, device, FIFO, pipe, socket or console: never read as content.
    #[error("not a regular file (a device, FIFO or socket is never read)")]
    NotRegular,
}

/// Opens `path` for reading if it is a regular file. Unix opens without blocking
/// (a FIFO would wait for a writer forever) and without taking a terminal as the
/// controlling one, then asks the opened file its type; Windows asks the opened
/// handle its type (`GetFileType`: a console, pipe or `NUL` is not a disk file,
/// though std's metadata calls it a file) before anything is read.
pub fn open_content(path: &Path) -> Result<File, OpenError> {
    let file = os::open_for_reading(path)?;
    if file.metadata()?.is_file() && os::is_disk_file(&file) {
        Ok(file)
    } else {
        Err(OpenError::NotRegular)
    }
}

/// Whether resolving a path failed because its links loop (`ELOOP` on Unix,
/// `ERROR_CANT_RESOLVE_FILENAME` on Windows).
pub fn is_link_loop(error: &io::Error) -> bool {
    error.raw_os_error() == Some(os::LINK_LOOP)
}

/// Moves the written and synced temporary file `from` over `to` in one step: a
/// reader sees the old file or the new one, never a part. Unix renames, then syncs
/// the folder so that the rename itself survives a crash. Windows replaces with
/// `MoveFileExW(MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH)` (a folder cannot
/// be opened to sync it there; write-through makes the move durable instead), and
/// tries again for a moment while another program (a virus scanner, a backup tool,
/// an editor) holds the old file open without sharing delete access.
pub fn replace_file(from: &Path, to: &Path) -> io::Result<()> {
    os::replace_file(from, to)
}

/// Calls `restore` and ends the process when it is asked to end from outside:
/// SIGTERM, SIGHUP (the terminal window closed) or SIGINT on Unix, exiting with
/// 128 + the signal as a shell reports a killed process; Ctrl+C, Ctrl+Break, the
/// console window closed, log-off or shut-down on Windows, exiting with
/// `STATUS_CONTROL_C_EXIT`. Without it the learner's terminal is left in raw mode
/// on the alternate screen.
pub fn on_exit_request(restore: fn()) -> io::Result<()> {
    os::on_exit_request(restore)
}

/// Whether this system stops and continues programs from the shell (`Ctrl+Z`,
/// `fg`): Unix does, Windows does not.
pub const JOB_CONTROL: bool = os::JOB_CONTROL;

/// What job control asked of a running app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobSignal {
    /// SIGTSTP (`kill -TSTP`): give the terminal back, then [`stop_process`].
    Suspend,
    /// SIGCONT (`fg`, `kill -CONT`): take the terminal again and redraw it all.
    Continue,
}

/// Watches for SIGTSTP and SIGCONT from now on (the default stop on SIGTSTP is
/// replaced: the app stops itself once the terminal is given back). Each one is
/// kept for [`job_signal`] and wakes a waiting `crossterm::event::read` with a
/// SIGWINCH to the process, which it reports as a resize. Nothing on Windows.
pub fn watch_job_control() -> io::Result<()> {
    os::watch_job_control()
}

/// The latest job-control signal not yet taken, if any.
pub fn job_signal() -> Option<JobSignal> {
    os::job_signal()
}

/// Stops the whole process (SIGSTOP: a stop that even an orphaned process group
/// obeys) and returns once it is continued. Returns at once where there is no job
/// control.
pub fn stop_process() -> io::Result<()> {
    os::stop_process()
}

/// Whether keys can be read from a terminal even when standard input is not one:
/// `/dev/tty` on Unix, `CONIN$` on Windows.
pub fn keyboard_available() -> bool {
    os::keyboard_available()
}

/// Turns the mouse reporting of clicks and the wheel on or off. A Unix terminal is
/// sent `escapes` (the app's own, which ask for no motion events); the Windows
/// console reports the mouse through its input mode, which crossterm sets by API
/// there (the app ignores the motion events the console adds).
pub fn mouse_reporting(on: bool, escapes: &[u8]) -> io::Result<()> {
    os::mouse_reporting(on, escapes)
}

/// Where this operating system keeps mxdrill's data (learners' progress), as the
/// `directories` crate knows it: `$XDG_DATA_HOME/mxdrill/` (else
/// `~/.local/share/mxdrill/`) on Linux, `~/Library/Application Support/mxdrill/` on
/// macOS, `%APPDATA%\mxdrill\data\` on Windows. `None` without a home folder.
pub fn data_dir() -> Option<std::path::PathBuf> {
    directories::ProjectDirs::from("", "", "mxdrill").map(|d| d.data_dir().to_path_buf())
}

/// The addresses of this machine's network interfaces (loopback included), for
/// the class session's join lines; empty where they cannot be listed (Windows:
/// the caller points at `ipconfig`).
pub fn host_addresses() -> Vec<std::net::IpAddr> {
    os::host_addresses()
}

/// Writes `bytes` to a new file at `path` that only its owner may read or write (a
/// secret such as the class server's SSH host key), synced to disk. An existing file
/// is never replaced: the error is then `AlreadyExists`. Unix creates it with mode
/// 0600 (a umask only takes bits away); on Windows the file inherits the folder's access list,
/// and the data folder (`%APPDATA%`) is the user's own.
pub fn write_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write;
    let mut file = os::create_private(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Makes a symbolic link to a file or folder, for tests of the content walk. Windows
/// needs the privilege to make one (Developer Mode or an administrator): the error
/// then says so and the test skips.
#[cfg(test)]
pub fn symlink(target: &Path, link: &Path) -> io::Result<()> {
    os::symlink(target, link)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn the_host_addresses_include_loopback() {
        let found = host_addresses();
        assert!(
            found.iter().any(|a| a.is_loopback()),
            "loopback is an interface: {found:?}"
        );
    }

    #[test]
    fn a_regular_file_opens_and_a_folder_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("bank.yaml");
        std::fs::write(&file, "questions: []\n").expect("write");
        assert!(open_content(&file).is_ok());
        assert!(matches!(
            open_content(dir.path()),
            Err(OpenError::NotRegular) | Err(OpenError::Io(_))
        ));
    }

    #[test]
    fn the_null_device_is_refused() {
        #[cfg(unix)]
        assert!(matches!(
            open_content(Path::new("/dev/null")),
            Err(OpenError::NotRegular)
        ));
        // Windows (and Wine) may refuse `NUL` already when asked its metadata.
        #[cfg(windows)]
        assert!(open_content(Path::new("NUL")).is_err());
    }

    #[test]
    fn replacing_a_file_keeps_the_new_bytes_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("progress.json");
        for round in 0..3 {
            let tmp = dir.path().join(format!(".tmp{round}"));
            std::fs::write(&tmp, format!("round {round}")).expect("write");
            replace_file(&tmp, &target).expect("replace");
            assert!(!tmp.exists());
            assert_eq!(
                std::fs::read_to_string(&target).expect("read"),
                format!("round {round}")
            );
        }
    }

    #[test]
    #[cfg_attr(
        windows,
        ignore = "Windows replaces a file open elsewhere only with POSIX rename semantics (Windows 10 1607+ on NTFS), which Wine lacks"
    )]
    fn a_file_open_for_reading_is_still_replaced() {
        // Another mxdrill reading the store never blocks a save.
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("exam.json");
        std::fs::write(&target, "old").expect("write");
        let reader = File::open(&target).expect("open");
        let tmp = dir.path().join(".tmp-new");
        std::fs::write(&tmp, "new").expect("write");
        replace_file(&tmp, &target).expect("replace while open");
        drop(reader);
        assert_eq!(std::fs::read_to_string(&target).expect("read"), "new");
    }

    #[test]
    fn the_data_folder_is_mxdrills_own() {
        let dir = data_dir().expect("a home folder");
        assert!(dir.is_absolute(), "{}", dir.display());
        assert!(
            dir.components().any(|c| c.as_os_str() == "mxdrill"),
            "{}",
            dir.display()
        );
    }

    #[test]
    fn only_a_loop_error_is_a_link_loop() {
        assert!(is_link_loop(&io::Error::from_raw_os_error(os::LINK_LOOP)));
        assert!(!is_link_loop(&io::Error::from(io::ErrorKind::NotFound)));
    }
}
