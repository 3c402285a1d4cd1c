//! `mxdrill class` end to end, as a room uses it (issue 28): the real binary's
//! projector in a pseudo-terminal, students joining with the real OpenSSH client
//! (`ssh` with the join code given by `sshpass`), each in a pseudo-terminal of its
//! own, every screen read back through a vt100 parser. Loopback only; every wait
//! has a deadline. Skipped, with the reason printed, where `ssh` or `sshpass` is
//! missing (`.ci/run` installs both).

use expectrl::Session;
use expectrl::session::OsSession;
use std::io::{ErrorKind, Write};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// How long any one thing may take to show on a screen (a loaded CI machine).
const PATIENCE: Duration = Duration::from_secs(60);

/// A program in a pseudo-terminal, and its screen as a terminal shows it.
struct Screen {
    pty: OsSession,
    vt: vt100::Parser,
}

impl Screen {
    fn spawn(command: Command, cols: u16, rows: u16) -> Screen {
        let mut pty = Session::spawn(command).expect("spawn in a pty");
        pty.get_process_mut()
            .set_window_size(cols, rows)
            .expect("window size");
        let n = |v| std::num::NonZeroU16::new(v).expect("not zero");
        Screen {
            pty,
            vt: vt100::Parser::new(n(rows), n(cols), 0),
        }
    }

    /// Takes what the program wrote so far; `false` when it has ended.
    fn pump(&mut self) -> bool {
        let mut buf = [0u8; 1 << 16];
        loop {
            match self.pty.try_read(&mut buf) {
                Ok(0) => return false,
                Ok(n) => self.vt.process(&buf[..n]),
                Err(e) if e.kind() == ErrorKind::WouldBlock => return true,
                Err(_) => return false,
            }
        }
    }

    fn text(&self) -> String {
        self.vt.screen().contents()
    }

    /// Waits until the screen shows `words`, reading the other screens meanwhile
    /// (a pty nobody reads would stall its program).
    fn wait_for(&mut self, words: &str, others: &mut [&mut Screen]) {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let alive = self.pump();
            others.iter_mut().for_each(|o| {
                o.pump();
            });
            if self.text().contains(words) {
                return;
            }
            assert!(
                alive && Instant::now() < deadline,
                "waited for {words:?}; the screen shows:\n{}",
                self.text()
            );
            // A poll interval, not a wait for something: the deadline decides.
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn send(&mut self, bytes: &str) {
        self.pty.write_all(bytes.as_bytes()).expect("typed");
        self.pty.flush().expect("flushed");
    }
}

/// Whether the real OpenSSH client and sshpass are here.
fn have_ssh() -> bool {
    let runs = |tool: &str, arg: &str| {
        Command::new(tool)
            .arg(arg)
            .output()
            .is_ok_and(|o| o.status.success() || !o.stderr.is_empty())
    };
    let ok = runs("ssh", "-V") && runs("sshpass", "-V");
    if !ok {
        assert!(
            std::env::var_os("MXDRILL_REQUIRE_SSH").is_none(),
            "MXDRILL_REQUIRE_SSH is set (CI installed them): ssh and sshpass must be here"
        );
        eprintln!("skipped: needs `ssh` and `sshpass` (apt-get install openssh-client sshpass)");
    }
    ok
}

/// The instructor's `mxdrill class` in a pty, on a free loopback port.
fn projector(data: &Path, extra: &[&str]) -> (Screen, u16) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_mxdrill"));
    command
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
        .env("XDG_DATA_HOME", data)
        .args(["class", "--listen", "127.0.0.1:0", "--code", "4321"])
        .args(["--kind", "choice", "--count", "3", "--seed", "3"])
        .args(extra);
    let mut screen = Screen::spawn(command, 100, 30);
    screen.wait_for("NAME@127.0.0.1", &mut []);
    let text = screen.text();
    let port = text
        .split("ssh -p ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("a port on the projector:\n{text}"));
    (screen, port)
}

/// `ssh` as a student types it, with the code from sshpass; `args` after the host.
fn ssh(port: u16, name: &str, code: &str, args: &[&str]) -> Command {
    let mut command = Command::new("sshpass");
    command
        .env("TERM", "xterm")
        .args(["-p", code, "ssh", "-p", &port.to_string()])
        .args([
            "-o",
            "StrictHostKeyChecking=no",
            "-o",
            "UserKnownHostsFile=/dev/null",
        ])
        .args(["-o", "LogLevel=ERROR", "-o", "ConnectTimeout=30"])
        .arg(format!("{name}@127.0.0.1"))
        .args(args);
    command
}

fn student(port: u16, name: &str) -> Screen {
    Screen::spawn(ssh(port, name, "4321", &["-tt"]), 80, 24)
}

#[test]
fn two_students_join_answer_and_the_reveal_and_csv_have_both() {
    if !have_ssh() {
        return;
    }
    let data = tempfile::tempdir().expect("a data folder");
    let (mut room, port) = projector(data.path(), &["--keep-progress"]);
    let mut ana = student(port, "ana");
    let mut ben = student(port, "ben");
    ana.wait_for("Welcome ana", &mut [&mut room]);
    ben.wait_for("Welcome ben", &mut [&mut room]);
    room.wait_for("2 joined", &mut [&mut ana, &mut ben]);

    room.send("\r");
    ana.wait_for("question 1/3", &mut [&mut room, &mut ben]);
    ben.wait_for("question 1/3", &mut [&mut room, &mut ana]);
    ana.send("1");
    ben.send("2");
    room.wait_for("2/2 answered", &mut [&mut ana, &mut ben]);

    room.send("\r");
    room.wait_for("closed", &mut [&mut ana, &mut ben]);
    room.send("\r");
    room.wait_for("revealed", &mut [&mut ana, &mut ben]);
    assert!(
        room.text().contains('█') || room.text().contains('░'),
        "the chart:\n{}",
        room.text()
    );
    assert!(
        room.text().contains("✓"),
        "the right answer marked:\n{}",
        room.text()
    );
    ana.wait_for("revealed", &mut [&mut room, &mut ben]);

    room.send("q");
    room.send("y");
    room.wait_for("Results saved", &mut [&mut ana, &mut ben]);
    room.send("q");
    let deadline = Instant::now() + PATIENCE;
    while room.pump() {
        assert!(Instant::now() < deadline, "the projector ends");
        std::thread::sleep(Duration::from_millis(20));
    }
    let csv = std::fs::read_dir(data.path().join("mxdrill").join("default"))
        .expect("the instructor's folder")
        .flatten()
        .find(|e| e.file_name().to_string_lossy().starts_with("class-"))
        .map(|e| std::fs::read_to_string(e.path()).expect("the CSV"))
        .expect("a class CSV beside the progress store");
    assert!(
        csv.starts_with("learner,category,answered,correct,percent\n"),
        "{csv}"
    );
    assert!(csv.contains("\nana,") && csv.contains("\nben,"), "{csv}");
    // --keep-progress: each student's answer in their own store, under their name.
    for name in ["ana", "ben"] {
        let store = data.path().join("mxdrill").join(name).join("progress.json");
        let text = std::fs::read_to_string(&store).unwrap_or_default();
        assert!(text.contains("\"events\""), "{name}'s progress: {text}");
    }
}

#[test]
fn a_wrong_code_is_refused_and_a_command_runs_nothing() {
    if !have_ssh() {
        return;
    }
    let data = tempfile::tempdir().expect("a data folder");
    let (mut room, port) = projector(data.path(), &[]);
    let wrong = ssh(
        port,
        "eve",
        "0000",
        &["-tt", "-o", "NumberOfPasswordPrompts=1"],
    )
    .output()
    .expect("ssh runs");
    assert!(!wrong.status.success());
    assert!(
        String::from_utf8_lossy(&wrong.stderr).contains("Permission denied"),
        "{}",
        String::from_utf8_lossy(&wrong.stderr)
    );
    let cat = ssh(port, "eve", "4321", &["cat", "/etc/passwd"])
        .output()
        .expect("ssh runs");
    assert!(!cat.status.success(), "an exec is refused");
    assert!(
        !String::from_utf8_lossy(&cat.stdout).contains("root:"),
        "nothing ran: {}",
        String::from_utf8_lossy(&cat.stdout)
    );
    room.pump();
    assert!(room.text().contains("0 joined"), "{}", room.text());
    // The key students are asked to trust, as ssh prints it.
    assert!(
        room.text().contains("host key (ssh asks once): SHA256:"),
        "{}",
        room.text()
    );
}

#[test]
fn a_student_who_reconnects_gets_their_seat_and_answer_back() {
    if !have_ssh() {
        return;
    }
    let data = tempfile::tempdir().expect("a data folder");
    let (mut room, port) = projector(data.path(), &[]);
    let mut ana = student(port, "ana");
    room.wait_for("1 joined", &mut [&mut ana]);
    room.send("\r");
    ana.wait_for("question 1/3", &mut [&mut room]);
    ana.send("2");
    room.wait_for("1/1 answered", &mut [&mut ana]);
    ana.wait_for("answer sent", &mut [&mut room]);
    // The connection drops (the laptop's lid closes): ssh is killed.
    drop(ana);
    room.wait_for("0 joined", &mut []);
    let mut again = student(port, "ana");
    again.wait_for("answer sent", &mut [&mut room]);
    room.wait_for("1 joined", &mut [&mut again]);
    assert!(room.text().contains("1/1 answered"), "{}", room.text());
}

/// `--max-students`: the class (not the SSH server) decides who may sit. A new
/// name past the seats is told the class is full; a student who dropped still
/// gets their seat back.
#[test]
fn a_full_class_turns_a_new_name_away_and_seats_a_returning_one() {
    if !have_ssh() {
        return;
    }
    let data = tempfile::tempdir().expect("a data folder");
    let (mut room, port) = projector(data.path(), &["--max-students", "1"]);
    let mut ana = student(port, "ana");
    room.wait_for("1 joined", &mut [&mut ana]);
    let mut bob = student(port, "bob");
    bob.wait_for("the class is full (1 student)", &mut [&mut room, &mut ana]);
    room.wait_for("turned away", &mut [&mut ana, &mut bob]);
    drop(ana);
    room.wait_for("0 joined", &mut [&mut bob]);
    let mut again = student(port, "ana");
    again.wait_for("Welcome ana", &mut [&mut room]);
    room.wait_for("1 joined", &mut [&mut again]);
}
