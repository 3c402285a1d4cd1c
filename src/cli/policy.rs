//! The command line's one policy, which every command follows:
//!
//! - **content**: [`library`] loads the bundled content and the `--content` folders
//!   the same way for every command, or the command exits 2 with the reason;
//! - **output**: [`Out`] is the one writer of standard output. A reader that goes
//!   away (`mxdrill check | head`) ends the command quietly, with the status the
//!   command had decided ([`Out::decide`]; 0 unless it decided otherwise); any other
//!   write failure (`> /dev/full`) is `mxdrill COMMAND: cannot write output: ...` on
//!   standard error and exit [`WRITE_FAILED`];
//! - **input**: a command that reads standard input (the plain mode's answers)
//!   and finds it wrong — a line longer than the cap, bytes that are not UTF-8,
//!   or something that cannot be read, such as a folder — says what was wrong,
//!   `mxdrill COMMAND: why`, and exits [`BAD_INPUT`] ([`Stop::Input`]), never as an
//!   output error;
//! - **messages**: usage errors exit [`USAGE`] and failures exit 1, each with one
//!   line `mxdrill COMMAND: why` on standard error ([`Stop`]); standard error is
//!   written by [`say`] only, which ignores a failure there (nothing is left to tell
//!   it to) instead of panicking as `eprintln!` does;
//! - **time**: [`clock`] is the binary's one reading of the clock (the library is
//!   given the time), and a seed the learner did not give is [`seed`] of it.

use crate::cli::args::Cli;
use mxdrill::content::Library;
use mxdrill::platform;
use mxdrill::progress::{Store, learner};
use std::io::{self, Write};
use std::process::ExitCode;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Exit status of a usage error: a wrong command line, or content that cannot load.
pub const USAGE: u8 = 2;
/// Exit status when standard output cannot be written (sysexits' `EX_IOERR`).
pub const WRITE_FAILED: u8 = 74;
/// Exit status when standard input is wrong or cannot be read (sysexits'
/// `EX_DATAERR`): not [`USAGE`], since the command line was right, nor
/// [`WRITE_FAILED`], which is the output's.
pub const BAD_INPUT: u8 = 65;
/// Exit status of a session whose answers (or ratings, or exam) could not all be
/// saved in the progress store (sysexits' `EX_CANTCREAT`, an output file that
/// cannot be written): the session itself ran to its end, so not 1; and not
/// [`WRITE_FAILED`], which says standard output failed, so a script can tell a
/// learner whose progress was lost from a closed terminal.
pub const NOT_SAVED: u8 = 73;
/// Seeds made from the clock are below this: five digits, short enough to retype
/// from a printed trace (`simulate`'s "seed 4711"), and the same seed comes back
/// only a day later (100,000 seconds).
pub const SEED_SPAN: u64 = 100_000;

/// Time since 1970: the binary's one reading of the clock.
pub fn clock() -> Duration {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
}

/// Seconds since 1970, from [`clock`].
pub fn now() -> u64 {
    clock().as_secs()
}

/// The seed of a run whose seed the learner did not give: the time `now` in seconds,
/// modulo [`SEED_SPAN`]. Sessions, the app and `simulate` all use this rule.
pub fn seed(now: u64) -> u64 {
    now % SEED_SPAN
}

/// Writes `line` on standard error. A standard error that cannot be written is
/// ignored: there is nowhere left to report it.
pub fn say(line: &str) {
    // What the learner typed (a name, an address) comes back in messages: its
    // control characters (an ESC would drive the terminal) are shown escaped, as
    // content's are, line by line.
    let shown: Vec<_> = line.split('\n').map(mxdrill::content::printable).collect();
    let mut err = io::stderr().lock();
    let _ = writeln!(err, "{}", shown.join("\n"));
    let _ = err.flush();
}

/// `warning: ...` on standard error.
pub fn warn(message: &str) {
    say(&format!("warning: {message}"));
}

/// Why a command stopped before its end.
#[derive(Debug)]
pub enum Stop {
    /// The command line or the content is wrong: `COMMAND: why`, exit [`USAGE`].
    Usage(String),
    /// A lookup tool's own words for its usage error, shown as the real tool shows
    /// them (`Invalid option: +bogus`), exit [`USAGE`].
    ToolUsage(String),
    /// The command could not do its work: `COMMAND: why`, exit 1.
    Failed(String),
    /// Standard input was wrong or could not be read: `COMMAND: why`, exit
    /// [`BAD_INPUT`].
    Input(String),
    /// Standard output could not be written.
    Write(io::Error),
}

impl From<io::Error> for Stop {
    fn from(e: io::Error) -> Stop {
        Stop::Write(e)
    }
}

/// What a command returns: its exit status, or why it stopped.
pub type Done = Result<u8, Stop>;

/// Standard output for one command, buffered; see the module's policy.
pub struct Out {
    command: &'static str,
    stdout: Box<dyn Write + Send>,
    status: u8,
}

impl Out {
    /// Standard output, for `command` (`mxdrill check`: how messages start).
    pub fn stdout(command: &'static str) -> Out {
        Out::to(command, io::BufWriter::new(io::stdout()))
    }

    /// `writer` in place of standard output (tests).
    pub fn to(command: &'static str, writer: impl Write + Send + 'static) -> Out {
        Out {
            command,
            stdout: Box::new(writer),
            status: 0,
        }
    }

    /// The command these messages are about.
    pub fn command(&self) -> &'static str {
        self.command
    }

    /// The status the command ends with, decided before it writes: kept when the
    /// reader goes away before reading it all (`check` with errors stays 1).
    pub fn decide(&mut self, status: u8) {
        self.status = status;
    }
}

impl Write for Out {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.stdout.write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.stdout.write_all(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.stdout.flush()
    }
}

/// Ends a command: its output flushed, what stopped it said on standard error, its
/// exit status.
pub fn end(mut out: Out, done: Done) -> ExitCode {
    let (status, message) = settle(&mut out, done);
    if let Some(message) = message {
        say(&message);
    }
    ExitCode::from(status)
}

/// The exit status and the message of a command that returned `done`, once its
/// output is flushed (a full disk is often noticed only here).
fn settle(out: &mut Out, done: Done) -> (u8, Option<String>) {
    let done = done.and_then(|status| {
        out.flush()?;
        Ok(status)
    });
    verdict(out.command, out.status, done)
}

/// The exit status and the message for how a command ended; `decided` is the
/// status it had decided when its reader went away.
pub fn verdict(command: &str, decided: u8, done: Done) -> (u8, Option<String>) {
    match done {
        Ok(status) => (status, None),
        Err(Stop::Write(e)) if e.kind() == io::ErrorKind::BrokenPipe => (decided, None),
        Err(Stop::Write(e)) => (
            WRITE_FAILED,
            Some(format!("{command}: cannot write output: {e}")),
        ),
        Err(Stop::Usage(why)) => (USAGE, Some(format!("{command}: {why}"))),
        Err(Stop::ToolUsage(words)) => (USAGE, Some(words)),
        Err(Stop::Failed(why)) => (1, Some(format!("{command}: {why}"))),
        Err(Stop::Input(why)) => (BAD_INPUT, Some(format!("{command}: {why}"))),
    }
}

/// Ends the process from a thread other than the command's own (the lab server's,
/// when it stops serving): what stopped it on standard error, and its status.
pub fn exit(command: &str, stop: Stop) -> ! {
    let (status, message) = verdict(command, 0, Err(stop));
    if let Some(message) = message {
        say(&message);
    }
    std::process::exit(i32::from(status))
}

/// The bundled content and the `--content` folders, loaded once; a folder that
/// cannot be read stops the command with exit [`USAGE`].
pub fn library(cli: &Cli) -> Result<Library, Stop> {
    mxdrill::play::load(&cli.content).map_err(Stop::Usage)
}

/// The `--learner`'s folder in the platform's data folder.
pub fn learner_folder(cli: &Cli) -> Result<std::path::PathBuf, String> {
    let data = platform::data_dir().ok_or("no home folder to keep progress in")?;
    learner::folder(&data, &cli.learner)
}

/// Opens the `--learner`'s progress store at `now`, in the platform's data folder;
/// the message says where an unreadable store was kept.
pub fn store(cli: &Cli, now: u64) -> Result<(Store, Option<String>), String> {
    let folder = learner_folder(cli)?;
    // Process id and time: answers of two instances never share a nonce.
    let nonce = (u64::from(std::process::id()) << 32) | (now % (1 << 32));
    learner::open(&folder, now, nonce)
}

/// Help or a usage error from clap: printed (help and `--version` on standard output,
/// through the same policy as every command's output), with clap's status.
pub fn clap_error(e: &clap::Error) -> ExitCode {
    // 0 for --help and --version, 2 for a usage error.
    let status = u8::try_from(e.exit_code()).unwrap_or(USAGE);
    let printed = e.print();
    if e.use_stderr() {
        return ExitCode::from(status); // a failing standard error is ignored
    }
    let printed = printed.and_then(|()| io::stdout().flush());
    let (status, message) = verdict(
        "mxdrill",
        status,
        printed.map(|()| status).map_err(Stop::Write),
    );
    if let Some(message) = message {
        say(&message);
    }
    ExitCode::from(status)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn broken(kind: io::ErrorKind) -> Done {
        Err(Stop::Write(io::Error::from(kind)))
    }

    #[test]
    fn a_closed_reader_ends_quietly_with_the_decided_status() {
        assert_eq!(verdict("mxdrill check", 0, Ok(1)), (1, None));
        let pipe = broken(io::ErrorKind::BrokenPipe);
        assert_eq!(verdict("mxdrill check", 1, pipe), (1, None));
        let pipe = broken(io::ErrorKind::BrokenPipe);
        assert_eq!(verdict("mxdrill preview", 0, pipe), (0, None));
    }

    #[test]
    fn a_full_disk_is_a_message_and_exit_74() {
        let full = Err(Stop::Write(io::Error::from_raw_os_error(28))); // ENOSPC
        let (status, message) = verdict("mxdrill check", 1, full);
        assert_eq!(status, WRITE_FAILED);
        let message = message.expect("a message");
        assert!(message.starts_with("mxdrill check: cannot write output: "));
    }

    #[test]
    fn usage_errors_exit_2_and_failures_1_with_one_line() {
        let usage = verdict("mxdrill preview", 0, Err(Stop::Usage("no bank `x`".into())));
        assert_eq!(usage, (2, Some("mxdrill preview: no bank `x`".into())));
        let tool = verdict(
            "mxdrill dig",
            0,
            Err(Stop::ToolUsage("Invalid option: +x".into())),
        );
        assert_eq!(tool, (2, Some("Invalid option: +x".into())));
        let failed = verdict(
            "mxdrill serve",
            0,
            Err(Stop::Failed("address in use".into())),
        );
        assert_eq!(failed, (1, Some("mxdrill serve: address in use".into())));
        let input = verdict(
            "mxdrill practice",
            0,
            Err(Stop::Input("an input line is not UTF-8".into())),
        );
        let said = Some("mxdrill practice: an input line is not UTF-8".into());
        assert_eq!(input, (BAD_INPUT, said));
    }

    #[test]
    fn one_rule_makes_seeds_from_the_clock() {
        assert_eq!(seed(1_795_827_205), 27_205);
        assert!(seed(now()) < SEED_SPAN);
    }

    /// A writer whose flush fails as a full disk does.
    struct Full;

    impl Write for Full {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Err(io::Error::from_raw_os_error(28))
        }
    }

    #[test]
    fn the_output_is_flushed_before_the_status_is_given() {
        let mut out = Out::to("mxdrill report", Full);
        let (status, message) = settle(&mut out, Ok(0));
        assert_eq!(status, WRITE_FAILED);
        assert!(message.is_some_and(|m| m.starts_with("mxdrill report: cannot write output")));
    }
}
