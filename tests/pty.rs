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
    p.send("2").expect("answer option 2");
    // The bundled banks come first in the draw, so option 2 may be right or wrong.
    p.expect(expectrl::Regex("Correct|Incorrect"))
        .expect("the verdict");
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

/// `--ascii`, as Windows' classic console needs: every byte the real binary writes
/// while it shows a question and its verdict, the home screen, the keys overlay and
/// the simulator is ASCII (box drawing, ✓ ✗ ▶ and … are bytes of 0x80 and up in
/// UTF-8), and the borders are there, drawn with `+`, `-` and `|`.
#[test]
fn ascii_writes_only_ascii_bytes() {
    let data = tempfile::tempdir().expect("a scratch data folder");
    let mut command = Command::new(env!("CARGO_BIN_EXE_mxdrill"));
    command
        .env("TERM", "xterm")
        .env("XDG_DATA_HOME", data.path())
        .args(["--ascii", "--content", "tests/fixtures/tui"])
        .args([
            "practice", "--bank", "screens", "--kind", "choice", "--seed", "3",
        ]);
    let mut p = Session::spawn(command).expect("spawn in a pty");
    p.get_process_mut()
        .set_window_size(100, 30)
        .expect("window size");
    p.set_expect_timeout(Some(Duration::from_secs(20)));
    let mut written: Vec<u8> = Vec::new();
    let mut step = |p: &mut Session<_, _>, keys: &str, shown: &str| {
        p.send(keys)
            .unwrap_or_else(|e| panic!("send {keys:?}: {e}"));
        let found = p.expect(shown).unwrap_or_else(|e| panic!("{shown}: {e}"));
        written.extend_from_slice(found.as_bytes());
    };
    // Words without spaces: the screen is written by differences, and cells that
    // did not change (a space where a space was) are skipped with cursor moves.
    step(&mut p, "", "Practice");
    step(&mut p, "1", "Incorrect");
    step(&mut p, "\x1b", "Questions");
    step(&mut p, "?", "Keys");
    step(&mut p, "?", "");
    step(&mut p, "5", "Steps");
    step(&mut p, "\x1b[F", "Delivered");
    p.send("q").expect("quit");
    let end = p.expect(Eof).expect("the app ends");
    written.extend_from_slice(end.as_bytes());
    let wide: Vec<String> = written
        .iter()
        .enumerate()
        .filter(|(_, b)| !b.is_ascii())
        .map(|(i, _)| {
            let from = i.saturating_sub(30);
            String::from_utf8_lossy(&written[from..(i + 10).min(written.len())]).into_owned()
        })
        .take(5)
        .collect();
    assert!(wide.is_empty(), "bytes beyond ASCII, in: {wide:#?}");
    let text = String::from_utf8_lossy(&written);
    assert!(
        text.contains("-----+") && text.contains('|'),
        "no ASCII borders: {text}"
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
