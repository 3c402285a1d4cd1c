//! Issue 27 #1 and #5: nothing of the learner's is lost or waited on. A saved exam
//! that cannot be read, is of a newer format or cannot be resumed with the banks
//! loaded now is kept aside under a new name, as the progress store is, and the
//! learner told where; a save that fails is said at once and the status says it at
//! the end; a store that cannot be read at all (a folder, a FIFO, a link to
//! `/dev/zero`) is refused, not moved aside, read without end or waited on; and
//! `simulate --svg` never waits on a FIFO. Through the binary, every run bounded in
//! time (a run past its deadline is killed and the test fails).

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

#[path = "common/screen.rs"]
mod screen;

/// How long any run here may take, on a loaded CI machine.
const DEADLINE: Duration = Duration::from_secs(60);

/// The binary with progress kept in `data`.
fn mxdrill(data: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_mxdrill"));
    command
        .env("XDG_DATA_HOME", data)
        .env("HOME", data)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

/// The default learner's folder in `data`.
fn learner(data: &Path) -> PathBuf {
    data.join("mxdrill").join("default")
}

/// A pipe's bytes, read on a thread of its own, as they come.
fn reader(mut pipe: impl Read + Send + 'static) -> mpsc::Receiver<Vec<u8>> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = pipe.read(&mut buf) {
            if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    rx
}

/// Waits for `child` until the deadline; killed and the test failed past it.
fn wait(
    mut child: Child,
    out: &mpsc::Receiver<Vec<u8>>,
    err: &mpsc::Receiver<Vec<u8>>,
    mut stdout: Vec<u8>,
) -> Output {
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if start.elapsed() > DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            panic!("still running after {DEADLINE:?}: it waits or reads without end");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    // The pipes close with the process; what is left arrives at once.
    let drain = |rx: &mpsc::Receiver<Vec<u8>>, into: &mut Vec<u8>| {
        while let Ok(chunk) = rx.recv_timeout(Duration::from_secs(10)) {
            into.extend(chunk);
        }
    };
    drain(out, &mut stdout);
    let mut stderr = Vec::new();
    drain(err, &mut stderr);
    Output {
        status,
        stdout,
        stderr,
    }
}

/// Runs `command` with `input` on standard input, bounded in time.
fn run(mut command: Command, input: &str) -> Output {
    let mut child = command.spawn().expect("spawn");
    let out = reader(child.stdout.take().expect("stdout"));
    let err = reader(child.stderr.take().expect("stderr"));
    let mut stdin = child.stdin.take().expect("stdin");
    // A process that stops reading does not block the test: written on a thread.
    let input = input.to_string();
    std::thread::spawn(move || {
        let _ = stdin.write_all(input.as_bytes());
    });
    wait(child, &out, &err, Vec::new())
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).to_string()
}

/// The files in `dir` whose names begin with `prefix`.
fn named(dir: &Path, prefix: &str) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("list")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(prefix))
        .map(|e| e.path())
        .collect();
    found.sort();
    found
}

/// A one-question exam with one answer, as `mxdrill exam --plain` runs it.
const ONE: [&str; 8] = [
    "exam", "--plain", "--seed", "2", "--count", "1", "--kind", "choice",
];

/// Writes `bytes` as the saved exam of a fresh data folder.
fn with_exam(bytes: &[u8]) -> tempfile::TempDir {
    let data = tempfile::tempdir().expect("data");
    std::fs::create_dir_all(learner(data.path())).expect("folder");
    std::fs::write(learner(data.path()).join("exam.json"), bytes).expect("write");
    data
}

/// The one kept-aside copy of the saved exam holds `bytes`, and `said` names it.
fn kept(data: &Path, why: &str, bytes: &[u8], said: &str) {
    let aside = named(&learner(data), &format!("exam.json.{why}-"));
    assert_eq!(aside.len(), 1, "{aside:?}\n{said}");
    assert_eq!(std::fs::read(&aside[0]).expect("read"), bytes);
    assert!(
        said.contains(&format!("it was kept as {}", aside[0].display())),
        "{said}"
    );
}

#[test]
fn a_damaged_saved_exam_is_kept_aside_when_a_new_exam_starts() {
    // Before: "cannot be read", then written over by the new exam and removed once
    // it was submitted.
    let garbage = b"{ not an exam".to_vec();
    let data = with_exam(&garbage);
    let mut command = mxdrill(data.path());
    command.args(ONE);
    let out = run(command, "1\n");
    assert!(out.status.success(), "{out:?}");
    assert!(text(&out.stdout).contains("Score: "), "{out:?}");
    kept(data.path(), "unreadable", &garbage, &text(&out.stderr));
    assert!(
        !learner(data.path()).join("exam.json").exists(),
        "submitted"
    );
}

#[test]
fn a_saved_exam_of_a_newer_format_is_kept_aside_on_resume() {
    let newer = br#"{"version": 2, "elapsed": 0, "limit": 60, "pass_mark": null, "current": 0, "questions": [], "sections": []}"#.to_vec();
    let data = with_exam(&newer);
    let mut command = mxdrill(data.path());
    command.args(["exam", "--plain", "--resume", "--count", "1"]);
    let out = run(command, "");
    assert!(out.status.success(), "{out:?}");
    let said = text(&out.stdout);
    assert!(said.contains("exam format 2 is not 1"), "{said}");
    assert!(said.contains("; a new exam starts."), "{said}");
    kept(data.path(), "unreadable", &newer, &said);
}

#[test]
fn a_saved_exam_of_a_bank_not_loaded_is_kept_aside_and_resumes_with_its_bank() {
    // Before: deleted ("none of the saved exam's questions is in the banks any more").
    let data = tempfile::tempdir().expect("data");
    let mut command = mxdrill(data.path());
    command.args([
        "--content",
        "tests/fixtures/study",
        "exam",
        "--plain",
        "--bank",
        "study",
        "--count",
        "2",
        "--seed",
        "1",
    ]);
    let out = run(command, "1\n");
    assert!(out.status.success(), "{out:?}");
    let file = learner(data.path()).join("exam.json");
    let saved = std::fs::read(&file).expect("saved after one answer");

    let mut command = mxdrill(data.path());
    command.args(["exam", "--plain", "--resume", "--count", "1"]);
    let out = run(command, "");
    assert!(out.status.success(), "{out:?}");
    let said = text(&out.stdout);
    assert!(said.contains("the saved exam cannot be resumed"), "{said}");
    assert!(
        said.contains("--content FOLDER holding its banks (study)"),
        "{said}"
    );
    kept(data.path(), "unresumable", &saved, &said);

    // What the message says to do resumes it.
    let aside = named(&learner(data.path()), "exam.json.unresumable-");
    std::fs::rename(&aside[0], &file).expect("renamed back");
    let mut command = mxdrill(data.path());
    command.args([
        "--content",
        "tests/fixtures/study",
        "exam",
        "--plain",
        "--resume",
    ]);
    let out = run(command, "");
    assert!(
        text(&out.stdout).starts_with("Resuming the saved exam: 1 of 2 answered"),
        "{out:?}"
    );
}

#[test]
fn the_app_keeps_a_damaged_saved_exam_aside_and_says_where() {
    let garbage = b"\x00\x01 garbage".to_vec();
    let data = with_exam(&garbage);
    let dir = learner(data.path());
    let store = mxdrill::progress::Store::open(&dir, screen::NOW, 1)
        .expect("store")
        .store;
    let app =
        screen::app_with("tests/fixtures/study/bank.yaml", false).with_store(Some(store), None);
    let shown = screen::text(&app, 200, 40);
    let aside = named(&dir, "exam.json.unreadable-");
    assert_eq!(aside.len(), 1, "{aside:?}");
    assert_eq!(std::fs::read(&aside[0]).expect("read"), garbage);
    assert!(
        shown.contains("the saved exam could not be read"),
        "{shown}"
    );
    assert!(!shown.contains("Resume exam"), "{shown}");
}

#[test]
fn a_failed_save_is_said_under_the_first_answer_and_the_status_says_it() {
    // Before: three answers, "Score 0/3", then three warnings, and exit 0. The
    // store's lock is made a folder once the session has opened the store (after
    // the first question is shown): every save then fails, as root too.
    let data = tempfile::tempdir().expect("data");
    let mut command = mxdrill(data.path());
    command.args([
        "practice", "--plain", "--seed", "2", "--count", "3", "--kind", "choice",
    ]);
    let mut child = command.spawn().expect("spawn");
    let out = reader(child.stdout.take().expect("stdout"));
    let err = reader(child.stderr.take().expect("stderr"));
    let mut shown = Vec::new();
    let start = Instant::now();
    while !text(&shown).contains("Question 1/3") {
        match out.recv_timeout(Duration::from_millis(200)) {
            Ok(chunk) => shown.extend(chunk),
            Err(mpsc::RecvTimeoutError::Disconnected) => panic!("{}", text(&shown)),
            Err(mpsc::RecvTimeoutError::Timeout) => {}
        }
        if start.elapsed() > DEADLINE {
            let _ = child.kill();
            panic!("no first question: {}", text(&shown));
        }
    }
    let lock = learner(data.path()).join("progress.lock");
    std::fs::remove_file(&lock).expect("the lock");
    std::fs::create_dir(&lock).expect("a folder in its place");
    let mut stdin = child.stdin.take().expect("stdin");
    stdin.write_all(b"1\n1\n1\n").expect("answers");
    drop(stdin);
    let output = wait(child, &out, &err, shown);
    let stdout = text(&output.stdout);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(73), "{stdout}\n{stderr}");
    // Said once, under the first answer's feedback, naming the file and the reason.
    assert_eq!(stdout.matches("Warning: ").count(), 1, "{stdout}");
    let warning = stdout
        .find("Warning: this answer could not be saved: ")
        .expect(&stdout);
    let second = stdout.find("Question 2/3").expect(&stdout);
    assert!(warning < second, "{stdout}");
    assert!(stdout[warning..].contains("progress.lock"), "{stdout}");
    assert!(stdout.contains("Score: "), "the session went on: {stdout}");
    assert!(
        stderr.contains("mxdrill practice: progress not fully saved (3 saves failed); the first: this answer could not be saved: "),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

/// `mxdrill report` on a store that is `kind` at `progress.json`: refused, left
/// as it is (nothing moved aside), exit 1 with the reason.
fn report_refuses(data: &Path, why: &str) {
    let mut command = mxdrill(data);
    command.arg("report");
    let out = run(command, "");
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("the progress store cannot be read: ")
            && stderr.contains("progress.json")
            && stderr.contains(why)
            && stderr.contains("it is left as it is"),
        "{stderr}"
    );
    let dir = learner(data);
    assert!(
        dir.join("progress.json").symlink_metadata().is_ok(),
        "left in place"
    );
    assert!(
        named(&dir, "progress.json.").is_empty(),
        "nothing moved aside"
    );
}

#[test]
fn a_store_that_cannot_be_read_is_not_moved_aside() {
    // A store the learner may not read is not damaged: before, `report` renamed
    // it aside. Root reads whatever the permissions say, so a folder stands in
    // for a file that cannot be read (the decision is the same: read nothing,
    // move nothing).
    let data = tempfile::tempdir().expect("data");
    std::fs::create_dir_all(learner(data.path()).join("progress.json")).expect("folder");
    report_refuses(data.path(), "");
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().expect("mkfifo");
    assert!(status.success());
}

#[cfg(unix)]
#[test]
fn a_store_that_is_a_fifo_or_a_link_to_dev_zero_is_refused_at_once() {
    // Before: a FIFO waited for a writer forever, `/dev/zero` was read until memory
    // ran out.
    let data = tempfile::tempdir().expect("data");
    std::fs::create_dir_all(learner(data.path())).expect("folder");
    mkfifo(&learner(data.path()).join("progress.json"));
    report_refuses(data.path(), "not a regular file");

    let data = tempfile::tempdir().expect("data");
    std::fs::create_dir_all(learner(data.path())).expect("folder");
    std::os::unix::fs::symlink("/dev/zero", learner(data.path()).join("progress.json"))
        .expect("link");
    report_refuses(data.path(), "not a regular file");
}

#[cfg(unix)]
#[test]
fn a_saved_exam_that_is_a_fifo_is_left_alone_and_not_waited_on() {
    let data = tempfile::tempdir().expect("data");
    let dir = learner(data.path());
    std::fs::create_dir_all(&dir).expect("folder");
    mkfifo(&dir.join("exam.json"));
    let mut command = mxdrill(data.path());
    command.args(ONE);
    let out = run(command, "1\n");
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(stdout.contains("Score: "), "{stdout}\n{stderr}");
    assert!(
        stderr.contains("the saved exam cannot be read: ") && stderr.contains("not a regular file"),
        "{stderr}"
    );
    // The exam in progress could not be kept: said, and the status says it.
    assert_eq!(out.status.code(), Some(73), "{stdout}\n{stderr}");
    let fifo = dir
        .join("exam.json")
        .symlink_metadata()
        .expect("still there");
    assert!(!fifo.is_file(), "not written over");
    assert!(named(&dir, "exam.json.").is_empty());
}

#[cfg(unix)]
#[test]
fn simulate_never_waits_to_write_its_picture_into_a_fifo() {
    let data = tempfile::tempdir().expect("data");
    let fifo = data.path().join("picture.svg");
    mkfifo(&fifo);
    let mut command = mxdrill(data.path());
    command
        .args([
            "simulate",
            "info@blossomflowers.example",
            "--seed",
            "0",
            "--svg",
        ])
        .arg(&fifo);
    let out = run(command, "");
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("picture.svg: not a regular file (a FIFO, device or socket); give the path of a file to write"),
        "{stderr}"
    );
}

#[test]
fn the_app_says_a_failed_save_on_the_first_answer() {
    // The app already said it at once (this keeps it so): the feedback of the
    // answer whose save failed carries the problem.
    let dir = tempfile::tempdir().expect("dir");
    let store = mxdrill::progress::Store::open(dir.path(), screen::NOW, 1)
        .expect("store")
        .store;
    let mut app =
        screen::app_with("tests/fixtures/study/bank.yaml", false).with_store(Some(store), None);
    let spec = screen::spec(
        mxdrill::quiz::Mode::Practice,
        Some(mxdrill::content::bank::Kind::Choice),
        1,
    );
    app.start(&spec).expect("practice");
    let lock = dir.path().join("progress.lock");
    std::fs::remove_file(&lock).expect("the lock");
    std::fs::create_dir(&lock).expect("a folder in its place");
    screen::key(&mut app, ratatui::crossterm::event::KeyCode::Char('1'));
    let shown = screen::text(&app, 120, 40);
    assert!(
        shown.contains("this answer could not be saved") && shown.contains("progress.lock"),
        "{shown}"
    );
}
