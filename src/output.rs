//! Standard output as Unix tools use it: a reader that goes away (`mxdrill check | head`)
//! ends the command quietly, and any other write failure (`> /dev/full`) is an error
//! message and a non-zero exit, never a panic (`print!` panics on both).

use std::io::{self, Write};
use std::process::ExitCode;

/// Exit status when standard output cannot be written (sysexits' `EX_IOERR`).
pub const WRITE_FAILED: u8 = 74;

/// Writes `text` to standard output and flushes it, so that a full disk is noticed here
/// and not lost when the process exits.
pub fn print(text: &str) -> io::Result<()> {
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()
}

/// Runs `write` on a buffered standard output and flushes it.
pub fn with_stdout(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    write(&mut out)?;
    out.flush()
}

/// What a write outcome means for the exit: success keeps `code`; a closed reader
/// (EPIPE) also keeps it, silently (the reader chose to stop reading); any other
/// failure is reported as `command: cannot write output: ...` and exits with
/// [`WRITE_FAILED`].
pub fn finish(command: &str, written: io::Result<()>, code: ExitCode) -> ExitCode {
    match failure(command, written) {
        None => code,
        Some(message) => {
            eprintln!("{message}");
            ExitCode::from(WRITE_FAILED)
        }
    }
}

/// The message for a failed write, or `None` when there is nothing to say
/// (written, or the reader went away).
pub fn failure(command: &str, written: io::Result<()>) -> Option<String> {
    match written {
        Ok(()) => None,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => None,
        Err(e) => Some(format!("{command}: cannot write output: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_closed_reader_is_not_an_error_but_a_full_disk_is() {
        assert_eq!(failure("mxdrill check", Ok(())), None);
        let pipe = io::Error::from(io::ErrorKind::BrokenPipe);
        assert_eq!(failure("mxdrill check", Err(pipe)), None);
        let full = io::Error::from_raw_os_error(28); // ENOSPC
        let message = failure("mxdrill check", Err(full)).expect("a message");
        assert!(message.starts_with("mxdrill check: cannot write output: "));
    }
}
