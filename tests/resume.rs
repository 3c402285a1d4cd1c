//! The plain mode resumes a saved exam (issue 23): it keeps an exam with the same
//! keeper as the app, so an exam whose input ends before the last answer is saved
//! (not graded) as `exam.json`, and `mxdrill exam --plain --resume` goes on with it
//! where it stopped, with the answers given before; the app resumes the same file.
//! Run through the binary, with answers on standard input and a data folder of each
//! test's own.

use assert_cmd::Command;
use mxdrill::progress::Store;
use mxdrill::quiz::Mode;
use mxdrill::tui::Screen;
use ratatui::crossterm::event::KeyCode;
use std::path::{Path, PathBuf};

#[path = "common/screen.rs"]
mod screen;

/// The exam every run here starts: five choice questions, seed 2.
const EXAM: [&str; 8] = [
    "exam", "--plain", "--seed", "2", "--count", "5", "--kind", "choice",
];

/// Runs mxdrill with progress kept in `data`, `stdin` as the answers; its stdout.
fn run(data: &Path, args: &[&str], stdin: &str) -> String {
    let out = Command::cargo_bin("mxdrill")
        .expect("binary")
        .env("XDG_DATA_HOME", data)
        .args(args)
        .write_stdin(stdin)
        .assert()
        .success();
    String::from_utf8_lossy(&out.get_output().stdout).to_string()
}

/// The saved exam of the default learner in `data`.
fn exam_file(data: &Path) -> PathBuf {
    data.join("mxdrill").join("default").join("exam.json")
}

/// The saved exam's answers, question by question (`null`: unanswered).
fn saved_answers(data: &Path) -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(exam_file(data)).expect("exam.json");
    let exam: serde_json::Value = serde_json::from_str(&text).expect("json");
    exam["questions"]
        .as_array()
        .expect("questions")
        .iter()
        .map(|q| q["answer"].clone())
        .collect()
}

/// What follows `Results` (the results by category and the score), or "".
fn results(out: &str) -> &str {
    out.find("Results\n").map_or("", |i| &out[i..])
}

#[test]
fn an_exam_left_after_two_answers_is_resumed_with_them() {
    let data = tempfile::tempdir().expect("data");
    let data = data.path();
    // Two answers, then the input ends: saved, not graded.
    let first = run(data, &EXAM, "1\n2\n");
    assert!(
        first.contains(
            "Input ended with 2 of 5 questions answered: the exam is saved, not graded; `mxdrill exam --plain --resume` goes on with it."
        ),
        "{first}"
    );
    assert!(
        !first.contains("Results") && !first.contains("Score:"),
        "{first}"
    );
    let answers = saved_answers(data);
    assert_eq!(answers.len(), 5);
    assert_eq!(answers[0], serde_json::json!({ "pick": [0] }));
    assert_eq!(answers[1], serde_json::json!({ "pick": [1] }));
    assert!(
        answers[2..].iter().all(serde_json::Value::is_null),
        "{answers:?}"
    );

    // Resumed with no input: it says how far the exam got, asks question 3 first,
    // and keeps the two answers.
    let resumed = run(data, &["exam", "--plain", "--resume"], "");
    assert!(
        resumed.starts_with("Resuming the saved exam: 2 of 5 answered, "),
        "{resumed}"
    );
    assert!(
        resumed.contains("Question 3/5") && !resumed.contains("Question 1/5"),
        "{resumed}"
    );
    assert!(resumed.contains("Input ended with 2 of 5 questions answered"));
    assert_eq!(saved_answers(data)[..2], answers[..2]);

    // A new exam while one is saved leaves the saved one alone.
    let other = run(
        data,
        &["exam", "--plain", "--seed", "9", "--count", "1"],
        "",
    );
    assert!(
        other.starts_with("(A saved exam, 2 of 5 answered, is kept: `mxdrill exam --plain --resume` goes on with it. This exam is not saved.)"),
        "{other}"
    );
    assert_eq!(saved_answers(data), answers);

    // The last three answers: graded with the first two, as one sitting would be.
    let done = run(data, &["exam", "--plain", "--resume"], "1\n1\n1\n");
    assert!(!exam_file(data).exists(), "removed once submitted");
    let whole = tempfile::tempdir().expect("data");
    let at_once = run(whole.path(), &EXAM, "1\n2\n1\n1\n1\n");
    assert!(results(&done).contains("Score: "), "{done}");
    assert_eq!(results(&done), results(&at_once));
}

#[test]
fn only_an_exam_resumes_and_without_a_saved_one_a_new_exam_starts() {
    let data = tempfile::tempdir().expect("data");
    for mode in ["practice", "review"] {
        Command::cargo_bin("mxdrill")
            .expect("binary")
            .env("XDG_DATA_HOME", data.path())
            .args([mode, "--plain", "--resume"])
            .write_stdin("")
            .assert()
            .code(2)
            .stderr(predicates::str::contains("--resume"));
    }
    let out = run(
        data.path(),
        &["exam", "--plain", "--resume", "--count", "2"],
        "",
    );
    assert!(
        out.starts_with("No saved exam to resume: a new exam starts.\nQuestion 1/2"),
        "{out}"
    );
    // Nothing answered: graded as an exam always was when its input ended.
    assert!(out.contains("Score: 0/2"), "{out}");
    assert!(!exam_file(data.path()).exists());
}

#[test]
fn an_exam_left_in_the_plain_mode_is_offered_back_by_the_app() {
    let data = tempfile::tempdir().expect("data");
    run(data.path(), &EXAM, "1\n2\n");
    let dir = data.path().join("mxdrill").join("default");
    let store = Store::open(&dir, screen::NOW, 1).expect("store").store;
    let library = mxdrill::content::load(&mxdrill::content::bundled_sources());
    let theme = mxdrill::tui::Theme {
        color: false,
        ascii: false,
    };
    let mut a =
        mxdrill::tui::App::new(library, theme, screen::NOW, 1).with_store(Some(store), None);
    let home = screen::text(&a, 120, 40);
    assert!(
        home.contains("Resume exam") && home.contains("2 of 5 answered"),
        "{home}"
    );
    // `mxdrill exam --resume` opens it on its first open question.
    a.resume_or_start(&screen::spec(Mode::Exam, None, 7))
        .expect("resumed");
    assert_eq!(a.screen(), Screen::Quiz);
    let shown = screen::text(&a, 120, 40);
    assert!(
        shown.contains("question 3/5") && shown.contains("2 answered"),
        "{shown}"
    );
    screen::key(&mut a, KeyCode::Left);
    let shown = screen::text(&a, 120, 40);
    assert!(
        shown.contains("question 2/5") && shown.contains("(•)"),
        "the answer kept:\n{shown}"
    );
}
