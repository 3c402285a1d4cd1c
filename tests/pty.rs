//! The real binary in a pseudo-terminal: a practice session from the command line
//! (a fixed seed and kind, so the run is the same every time and cannot hang on a
//! command line that swallows keys), an answer, home, help, quit.

use expectrl::session::OsSession;
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

/// The app on its home screen in a pseudo-terminal, with everything it wrote so far.
fn home_screen() -> (OsSession, Vec<u8>, tempfile::TempDir) {
    let data = tempfile::tempdir().expect("a scratch data folder");
    let mut command = Command::new(env!("CARGO_BIN_EXE_mxdrill"));
    command
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
        .env("XDG_DATA_HOME", data.path())
        .args(["--content", "tests/fixtures/tui"]);
    let mut p = Session::spawn(command).expect("spawn in a pty");
    p.get_process_mut()
        .set_window_size(100, 30)
        .expect("window size");
    p.set_expect_timeout(Some(Duration::from_secs(20)));
    let mut written = Vec::new();
    read_until(&mut p, "Questions by category", &mut written);
    (p, written, data)
}

/// Reads the app's output up to and including `shown` into `written`.
fn read_until(p: &mut OsSession, shown: &str, written: &mut Vec<u8>) {
    let found = p.expect(shown).unwrap_or_else(|e| {
        panic!(
            "{shown:?} never came: {e}; written so far: {:?}",
            String::from_utf8_lossy(written)
        )
    });
    written.extend_from_slice(found.as_bytes());
}

/// Where `escape` last occurs in `written`.
fn last(written: &[u8], escape: &str) -> Option<usize> {
    written
        .windows(escape.len())
        .rposition(|w| w == escape.as_bytes())
}

const HIDE_CURSOR: &str = "\x1b[?25l";
const SHOW_CURSOR: &str = "\x1b[?25h";
const LEAVE_ALTERNATE: &str = "\x1b[?1049l";
const ENTER_ALTERNATE: &str = "\x1b[?1049h";

/// The terminal is the learner's again: the alternate screen left last, and the
/// cursor shown after the last time it was hidden.
fn assert_given_back(written: &[u8], when: &str) {
    let text = String::from_utf8_lossy(written);
    let left = last(written, LEAVE_ALTERNATE);
    let entered = last(written, ENTER_ALTERNATE);
    assert!(
        left.is_some() && left > entered,
        "{when}: alternate screen not left: {text:?}"
    );
    let shown = last(written, SHOW_CURSOR);
    assert!(
        shown.is_some() && shown > last(written, HIDE_CURSOR),
        "{when}: cursor left hidden: {text:?}"
    );
}

/// `kill -TERM`, `-HUP` or `-INT`: the cursor is shown again too, not only the
/// alternate screen left (issue 27, item 4).
#[test]
fn signals_show_the_cursor_again() {
    for (signal, number) in [
        ("TERM", libc::SIGTERM),
        ("HUP", libc::SIGHUP),
        ("INT", libc::SIGINT),
    ] {
        let (mut p, mut written, _data) = home_screen();
        let pid = p.get_process().pid().as_raw();
        // SAFETY: kill(2) on the child this test spawned; no memory is involved.
        assert_eq!(unsafe { libc::kill(pid, number) }, 0, "kill -{signal}");
        read_until(&mut p, LEAVE_ALTERNATE, &mut written);
        if let Ok(end) = p.expect(Eof) {
            written.extend_from_slice(end.as_bytes());
        }
        assert_given_back(&written, &format!("SIG{signal}"));
    }
}

/// The state letter of process `pid` in /proc (`T` stopped, `S` sleeping, ...).
fn state(pid: i32) -> Option<char> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The name in parentheses may hold spaces; the state follows the last ')'.
    stat.rsplit_once(')')?.1.trim_start().chars().next()
}

/// Polls until process `pid` is in `wanted` state, for at most 20 s.
fn wait_for_state(pid: i32, wanted: char) {
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        let now = state(pid);
        if now == Some(wanted) {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "process {pid} is in state {now:?}, not {wanted}, after 20 s"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// `kill -TSTP` (what Ctrl+Z is in a shell), then `kill -CONT` (what `fg` sends):
/// the app gives the terminal back and really stops; continued, it takes the
/// alternate screen again, draws the whole screen anew and still answers keys.
#[test]
#[cfg(target_os = "linux")]
fn suspend_gives_the_terminal_back_and_continue_redraws() {
    suspend_and_continue(|p| {
        let pid = p.get_process().pid().as_raw();
        // SAFETY: kill(2) on the child this test spawned; no memory is involved.
        assert_eq!(unsafe { libc::kill(pid, libc::SIGTSTP) }, 0, "kill -TSTP");
    });
}

/// Ctrl+Z typed in the app (raw mode delivers it as a key, not as SIGTSTP)
/// suspends it the same way.
#[test]
#[cfg(target_os = "linux")]
fn ctrl_z_suspends_like_a_shell_program() {
    suspend_and_continue(|p| p.send("\x1a").expect("Ctrl+Z"));
}

fn suspend_and_continue(suspend: impl Fn(&mut OsSession)) {
    let (mut p, mut written, _data) = home_screen();
    let pid = p.get_process().pid().as_raw();
    suspend(&mut p);
    read_until(&mut p, LEAVE_ALTERNATE, &mut written);
    read_until(&mut p, SHOW_CURSOR, &mut written);
    wait_for_state(pid, 'T');
    assert_given_back(&written, "suspended");

    // SAFETY: kill(2) on the child this test spawned; no memory is involved.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGCONT) }, 0, "kill -CONT");
    let mut after = Vec::new();
    read_until(&mut p, ENTER_ALTERNATE, &mut after);
    read_until(&mut p, "Questions by category", &mut after);

    p.send("q").expect("quit");
    let end = p.expect(Eof).expect("the app ends");
    after.extend_from_slice(end.as_bytes());
    let status = p.get_process_mut().wait().expect("exit status");
    assert!(
        format!("{status:?}").starts_with("Exited(") && format!("{status:?}").ends_with(", 0)"),
        "{status:?}: {:?}",
        String::from_utf8_lossy(&after)
    );
    assert_given_back(&after, "quit after continue");
}
