//! The real binary in a pseudo-terminal: a practice session from the command line
//! (a fixed seed and kind, so the run is the same every time and cannot hang on a
//! command line that swallows keys), an answer, home, help, quit.

use expectrl::{Eof, Expect, Session};
use std::process::Command;
use std::time::Duration;

#[test]
fn practice_answer_home_help_quit() {
    let data = tempfile::tempdir().expect("a scratch data folder");
    let mut command = Command::new(env!("CARGO_BIN_EXE_mxdrill"));
    command
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
        .env("XDG_DATA_HOME", data.path())
        .args(["--content", "tests/fixtures/tui"])
        // The fixture bank only, so the question is the same whatever the bundled banks hold.
        .args([
            "practice", "--bank", "screens", "--kind", "choice", "--seed", "3",
        ]);
    let mut p = Session::spawn(command).expect("spawn in a pty");
    p.get_process_mut()
        .set_window_size(100, 30)
        .expect("window size");
    p.set_expect_timeout(Some(Duration::from_secs(20)));
    p.expect("Practice · question 1/1").expect("the question");
    p.send("2").expect("answer MX");
    p.expect("Correct").expect("the verdict");
    p.send("\x1b").expect("Esc: home");
    p.expect("Questions by category").expect("the home screen");
    p.send("?").expect("send ?");
    p.expect("Keys").expect("the help overlay");
    p.send("?").expect("close help");
    p.send("q").expect("quit");
    p.expect(Eof).expect("the app ends");
    let status = p.get_process_mut().wait().expect("exit status");
    assert!(
        format!("{status:?}").starts_with("Exited(") && format!("{status:?}").ends_with(", 0)"),
        "{status:?}"
    );
}

/// `kill -TERM`, `-HUP` or `-INT` while the app runs: it leaves the alternate screen
/// and turns mouse reporting off before it exits, so the terminal stays usable.
#[test]
fn signals_restore_the_terminal() {
    for (signal, number) in [
        ("TERM", libc::SIGTERM),
        ("HUP", libc::SIGHUP),
        ("INT", libc::SIGINT),
    ] {
        let mut command = Command::new(env!("CARGO_BIN_EXE_mxdrill"));
        command
            .env("NO_COLOR", "1")
            .env("TERM", "xterm")
            .args(["--content", "tests/fixtures/tui"]);
        let mut p = Session::spawn(command).expect("spawn in a pty");
        p.get_process_mut()
            .set_window_size(100, 30)
            .expect("window size");
        p.set_expect_timeout(Some(Duration::from_secs(20)));
        p.expect("Questions by category").expect("the home screen");
        let pid = p.get_process().pid().as_raw();
        // SAFETY: kill(2) on the child this test spawned; no memory is involved.
        let sent = unsafe { libc::kill(pid, number) };
        assert_eq!(sent, 0, "kill -{signal}");
        p.expect("\x1b[?1000l")
            .unwrap_or_else(|e| panic!("SIG{signal}: mouse reporting left on: {e}"));
        p.expect("\x1b[?1049l")
            .unwrap_or_else(|e| panic!("SIG{signal}: alternate screen left on: {e}"));
    }
}
