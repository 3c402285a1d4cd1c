//! The Windows side of [`super`].

use std::fs::File;
use std::io;
use std::os::windows::io::AsRawHandle;
use std::path::Path;
use std::sync::OnceLock;
use windows_sys::Win32::Foundation::{
    ERROR_ACCESS_DENIED, ERROR_CANT_RESOLVE_FILENAME, ERROR_SHARING_VIOLATION,
};
use windows_sys::Win32::Storage::FileSystem::{FILE_TYPE_DISK, GetFileType};
use windows_sys::Win32::System::Console::{
    CTRL_BREAK_EVENT, CTRL_C_EVENT, CTRL_CLOSE_EVENT, CTRL_LOGOFF_EVENT, CTRL_SHUTDOWN_EVENT,
    SetConsoleCtrlHandler,
};

pub const LINK_LOOP: i32 = ERROR_CANT_RESOLVE_FILENAME as i32;

/// The exit status of a console program ended by Ctrl+C (`STATUS_CONTROL_C_EXIT`),
/// as `cmd` and PowerShell report it.
const CONTROL_C_EXIT: i32 = 0xC000_013Au32 as i32;

pub fn open_for_reading(path: &Path) -> io::Result<File> {
    File::open(path)
}

/// A console (`CON`, `CONIN$`), a pipe, `NUL` or a serial port is not a disk file,
/// though std's metadata reports it as a file; reading one could block or never end.
pub fn is_disk_file(file: &File) -> bool {
    // SAFETY: the handle is valid for as long as `file` lives; GetFileType only
    // reads it.
    unsafe { GetFileType(file.as_raw_handle()) == FILE_TYPE_DISK }
}

pub fn create_private(path: &Path) -> io::Result<File> {
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
}

pub fn replace_file(from: &Path, to: &Path) -> io::Result<()> {
    // std's rename replaces with POSIX semantics where the system has them (Windows
    // 10 1607 and later, NTFS: a reader holding the old file keeps reading it), and
    // falls back to MoveFileExW(MOVEFILE_REPLACE_EXISTING). Another program holding
    // the old file without FILE_SHARE_DELETE makes the fallback fail for as long as
    // it does: usually a moment (a scanner, an indexer, a backup).
    let mut tries = 0;
    loop {
        let Err(error) = std::fs::rename(from, to) else {
            return Ok(());
        };
        let busy = [ERROR_ACCESS_DENIED, ERROR_SHARING_VIOLATION]
            .iter()
            .any(|&code| error.raw_os_error() == Some(code as i32));
        tries += 1;
        if !busy || tries == 20 {
            return Err(error);
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

static RESTORE: OnceLock<fn()> = OnceLock::new();

/// Whether a console control event asks the program to end.
pub fn ends_the_program(event: u32) -> bool {
    matches!(
        event,
        CTRL_C_EVENT
            | CTRL_BREAK_EVENT
            | CTRL_CLOSE_EVENT
            | CTRL_LOGOFF_EVENT
            | CTRL_SHUTDOWN_EVENT
    )
}

/// Runs on a thread of its own that Windows starts for each console event; after a
/// close event Windows ends the process a few seconds later whatever it does.
unsafe extern "system" fn on_console_event(event: u32) -> windows_sys::core::BOOL {
    if !ends_the_program(event) {
        return 0;
    }
    if let Some(restore) = RESTORE.get() {
        restore();
    }
    std::process::exit(CONTROL_C_EXIT)
}

pub fn on_exit_request(restore: fn()) -> io::Result<()> {
    let _ = RESTORE.set(restore);
    // SAFETY: the handler is a plain function that lives for the whole program.
    if unsafe { SetConsoleCtrlHandler(Some(on_console_event), 1) } == 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

pub const JOB_CONTROL: bool = false;

pub fn watch_job_control() -> io::Result<()> {
    Ok(())
}

pub fn job_signal() -> Option<super::JobSignal> {
    None
}

pub fn stop_process() -> io::Result<()> {
    Ok(())
}

pub fn keyboard_available() -> bool {
    std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("CONIN$")
        .is_ok()
}

pub fn mouse_reporting(on: bool, _escapes: &[u8]) -> io::Result<()> {
    use ratatui::crossterm::event::{DisableMouseCapture, EnableMouseCapture};
    let mut out = std::io::stdout();
    if on {
        ratatui::crossterm::execute!(out, EnableMouseCapture)
    } else {
        ratatui::crossterm::execute!(out, DisableMouseCapture)
    }
}

/// Windows: not listed (the caller says where to find them: `ipconfig`).
pub fn host_addresses() -> Vec<std::net::IpAddr> {
    Vec::new()
}

#[cfg(test)]
pub fn symlink(target: &Path, link: &Path) -> io::Result<()> {
    if target.is_dir() {
        std::os::windows::fs::symlink_dir(target, link)
    } else {
        std::os::windows::fs::symlink_file(target, link)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_console_event_that_ends_a_program_restores_the_console() {
        for event in [
            CTRL_C_EVENT,
            CTRL_BREAK_EVENT,
            CTRL_CLOSE_EVENT,
            CTRL_LOGOFF_EVENT,
            CTRL_SHUTDOWN_EVENT,
        ] {
            assert!(ends_the_program(event), "{event}");
        }
        assert!(!ends_the_program(99));
    }
}
