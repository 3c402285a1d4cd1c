//! The study screens at 80×24 and 120×40, driven by key events the way a learner
//! drives them: every question kind shows its prompt's first line, every option and
//! the feedback line; dig's columns keep their spacing; nothing is cut without `…`.
//! Exams ask before they are left, keep marks while moving, survive a quit and
//! resume with their answers; a wrong answer comes back first in review.

use mxdrill::content::bank::Kind;
use mxdrill::progress::Store;
use mxdrill::quiz::Mode;
use mxdrill::tui::text::expand_tabs;
use mxdrill::tui::{App, Screen};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::path::Path;

#[path = "common/screen.rs"]
mod screen;
use screen::{NOW, SIZES, key as press, render, rows, spec, text as screen, typed};

/// The bundled zones and the study bank: one question of every kind.
fn app() -> App {
    screen::app_with("tests/fixtures/study/bank.yaml", false)
}

fn with_store(dir: &Path) -> App {
    let store = Store::open(dir, NOW, 1).expect("store").store;
    app().with_store(Some(store), None)
}

fn practice(kind: Kind) -> App {
    let mut a = app();
    a.start(&spec(Mode::Practice, Some(kind), 7))
        .expect("a session");
    a
}

fn snap(name: &str, app: &App) {
    for (w, h) in SIZES {
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), render(app, w, h).backend());
    }
}

/// The longest stretch of `row` (from any column) that `text` starts with.
fn best_match(row: &[char], text: &[char]) -> (usize, usize) {
    let mut best = (0, 0);
    for c in 0..row.len() {
        let k = row[c..]
            .iter()
            .zip(text)
            .take_while(|(a, b)| a == b)
            .count();
        if k > best.1 {
            best = (c, k);
        }
    }
    best
}

/// Checks that `line` is on screen whole: on one row, or wrapped over the rows
/// below it, or cut with `…` where it stops. A line cut silently fails.
fn assert_shown(rows: &[String], line: &str) {
    let full: Vec<char> = expand_tabs(line).trim().chars().collect();
    if full.is_empty() {
        return;
    }
    let grid: Vec<Vec<char>> = rows.iter().map(|r| r.chars().collect()).collect();
    let (mut r, (mut c, mut k)) = grid
        .iter()
        .enumerate()
        .map(|(i, row)| (i, best_match(row, &full)))
        .max_by_key(|(i, (_, k))| (*k, usize::MAX - i))
        .expect("rows");
    assert!(k > 0, "not on screen: {line:?}\n{}", rows.join("\n"));
    let mut rest = &full[..];
    loop {
        if k == rest.len() {
            return;
        }
        let row = &grid[r];
        let after = row.get(c + k).copied();
        if after == Some('…') {
            return; // cut, and it says so
        }
        // Wrapped: the row ends here (spaces or a panel border), and the rest
        // carries on in the next row.
        let box_drawing = |ch: char| ('\u{2500}'..='\u{257f}').contains(&ch);
        let ends = row[c + k..]
            .iter()
            .find(|ch| **ch != ' ')
            .is_none_or(|ch| box_drawing(*ch));
        assert!(
            ends && r + 1 < grid.len(),
            "cut without …: {line:?} stops after {:?} on row {r}\n{}",
            rest[..k].iter().collect::<String>(),
            rows.join("\n")
        );
        rest = &rest[k..];
        while rest.first() == Some(&' ') {
            rest = &rest[1..];
        }
        r += 1;
        (c, k) = best_match(&grid[r], rest);
        assert!(
            k > 0,
            "cut without …: {line:?} does not go on in row {r}\n{}",
            rows.join("\n")
        );
    }
}

/// The prompt's first line, every option and, once answered, the feedback line are
/// on screen at both sizes, each whole or marked as cut.
fn assert_readable(app: &App, prompt: &str, options: &[&str], feedback: Option<&str>) {
    for (w, h) in SIZES {
        let shown = rows(app, w, h);
        assert_shown(&shown, prompt);
        for o in options {
            assert_shown(&shown, o);
        }
        if let Some(f) = feedback {
            assert_shown(&shown, f);
        }
    }
}

#[test]
fn the_checker_catches_a_line_cut_without_a_marker() {
    let rows = vec![
        "│ v=spf1 include:petalm│".to_string(),
        "│ v=spf1 include:peta… │".to_string(),
        "│ wrapped onto         │".to_string(),
        "│   the next row       │".to_string(),
    ];
    assert_shown(&rows, "wrapped onto the next row");
    assert_shown(&rows[1..], "v=spf1 include:petalmail.example -all");
    let silent = std::panic::catch_unwind(|| {
        assert_shown(&rows[..1], "v=spf1 include:petalmail.example -all")
    });
    assert!(silent.is_err(), "a silent cut is caught");
}

#[test]
fn choice_with_nslookup_output_keeps_its_columns() {
    let mut a = practice(Kind::Choice);
    let first = "A technician checks Tamarind Kitchen's mail with nslookup:";
    let options = [
        "1. The MX record names a host that does not exist, so senders have no address to connect to at all",
        "2. The DNS server at 127.0.0.1 is down",
        "3. The answer is fake, because it is non-authoritative",
        "4. The MX preference 10 is too high to be used",
    ];
    assert_readable(&a, first, &options, None);
    // Tabs to tab stops, as the terminal shows nslookup's output.
    // (The prompt indents the output by two; the columns are the terminal's.)
    let tabbed =
        expand_tabs("tamarind-kitchen.example.org\tmail exchanger = 10 mx1.petalmail.example.");
    assert!(
        screen(&a, 120, 40).contains(&format!("  {tabbed}")),
        "{}",
        screen(&a, 120, 40)
    );
    let shown = screen(&a, 80, 24);
    assert!(shown.contains("  Server:         127.0.0.1"), "{shown}");
    assert!(shown.contains("  Address:        127.0.0.1#53"), "{shown}");
    snap("study_choice", &a);
    press(&mut a, KeyCode::Enter);
    assert!(
        screen(&a, 80, 24).contains("choose an option"),
        "Enter on an untouched choice answers nothing"
    );
    press(&mut a, KeyCode::Char('2'));
    assert_readable(&a, first, &[], Some("✗ Incorrect."));
    snap("study_choice_feedback", &a);
}

#[test]
fn multi_keeps_every_option_and_the_verdict_in_view() {
    let mut a = practice(Kind::Multi);
    let first = "Which of these record types hold a host name in their data? Select TWO.";
    let options = ["[ ] 1. MX", "[ ] 2. A", "[ ] 3. CNAME", "[ ] 4. TXT"];
    assert_readable(&a, first, &options, None);
    press(&mut a, KeyCode::Char(' '));
    press(&mut a, KeyCode::Down);
    press(&mut a, KeyCode::Down);
    press(&mut a, KeyCode::Char(' '));
    snap("study_multi", &a);
    press(&mut a, KeyCode::Enter);
    assert_readable(&a, first, &["1. MX", "3. CNAME"], Some("✓ Correct."));
    snap("study_multi_feedback", &a);
}

#[test]
fn order_with_a_long_zone_shows_the_hosts_and_the_zone() {
    let mut a = practice(Kind::Order);
    let first = "Arrange Hollowoak Architects' mail hosts for the main domain in the order a sender tries them.";
    let hosts = [
        "mail.hollowoak-architects.example.net",
        "spool1.relaybay.example.net",
        "spool2.relaybay.example.net",
    ];
    assert_readable(&a, first, &hosts, None);
    // Beside the question at 120 columns, with its own scroll and a count of the rest.
    let wide = screen(&a, 120, 40);
    assert!(wide.contains("20 spool2.relaybay.example.net."), "{wide}");
    press(&mut a, KeyCode::Char('J'));
    snap("study_order", &a);
    press(&mut a, KeyCode::Enter);
    assert_readable(&a, first, &hosts, Some("✗ Incorrect.")); // J moved mail (10) down
}

#[test]
fn predict_shows_every_outcome_with_the_cursor_on_the_last() {
    let mut a = practice(Kind::Predict);
    let first =
        "The US office's own server mail-us is switched off, so connections to it are refused.";
    let options = [
        "1. The head-office server mail (preference 10) accepts it",
        "2. RelayBay's spool1 (preference 30) accepts it",
        "3. The sender queues it until mail-us is back",
        "4. It bounces back to the sender at once",
    ];
    for _ in 0..3 {
        press(&mut a, KeyCode::Down);
    }
    assert_readable(&a, first, &options, None);
    snap("study_predict", &a);
    press(&mut a, KeyCode::Char('1'));
    assert_readable(&a, first, &[], Some("✓ Correct."));
    snap("study_predict_feedback", &a);
}

#[test]
fn zone_line_options_are_the_zone_lines() {
    let mut a = practice(Kind::ZoneLine);
    let first =
        "Wrenfield Accounting's zone has two faults that affect mail. Mark both faulty lines.";
    let lines = [
        "@        IN MX    20 oldmail",
        "@        IN SPF   \"v=spf1 mx -all\"",
    ];
    assert_readable(&a, first, &lines, None);
    // The focused line stays in view at 80×24 however far down it is.
    for _ in 0..11 {
        press(&mut a, KeyCode::Down);
    }
    assert!(screen(&a, 80, 24).contains('▶'), "{}", screen(&a, 80, 24));
    assert_readable(&a, first, &lines[1..], None);
    press(&mut a, KeyCode::Char(' '));
    snap("study_zone_line", &a);
    press(&mut a, KeyCode::Enter);
    assert_readable(&a, first, &[], Some("✗ Incorrect."));
}

#[test]
fn command_output_keeps_dig_spacing_and_the_line_edits() {
    let mut a = practice(Kind::Command);
    assert!(a.typing());
    typed(&mut a, "dgi blossomflowers.example MX");
    // Fix the typo in place: Home, →, Delete, →, g.
    press(&mut a, KeyCode::Home);
    press(&mut a, KeyCode::Right);
    press(&mut a, KeyCode::Delete);
    press(&mut a, KeyCode::Right);
    typed(&mut a, "g");
    assert!(screen(&a, 80, 24).contains("$ dig blossomflowers.example MX"));
    snap("study_command", &a);
    press(&mut a, KeyCode::Enter);
    let first = "Type a command that shows where mail for blossomflowers.example goes.";
    assert_readable(&a, first, &[], Some("✓ Correct."));
    let answer = expand_tabs("blossomflowers.example.\t3600\tIN\tMX\t10 mail.petalmail.example.");
    assert!(
        screen(&a, 120, 40).contains(&answer),
        "{}",
        screen(&a, 120, 40)
    );
    snap("study_command_feedback", &a);
    // At 80×24 dig's answer is a page down, its columns intact.
    press(&mut a, KeyCode::PageDown);
    assert!(
        screen(&a, 80, 24).contains(&answer),
        "{}",
        screen(&a, 80, 24)
    );
}

#[test]
fn the_lab_console_scrolls_edits_and_explains() {
    let mut a = app();
    press(&mut a, KeyCode::Char('6'));
    typed(&mut a, "dig blossomflowers.example MX");
    press(&mut a, KeyCode::Enter);
    let answer = expand_tabs("blossomflowers.example.\t3600\tIN\tMX\t10 mail.petalmail.example.");
    for (w, h) in SIZES {
        assert!(screen(&a, w, h).contains(&answer), "{}", screen(&a, w, h));
    }
    snap("study_lab", &a);
    // The start of dig's output is in view at 80×24 (issue 24 #8: it was scrolled
    // to its end, with the start a PgUp back); PgDn reaches the end and PgUp the
    // start again.
    assert!(screen(&a, 80, 24).contains("; <<>> DiG"));
    press(&mut a, KeyCode::PageDown);
    assert!(!screen(&a, 80, 24).contains("; <<>> DiG"));
    press(&mut a, KeyCode::PageUp);
    assert!(
        screen(&a, 80, 24).contains("; <<>> DiG"),
        "{}",
        screen(&a, 80, 24)
    );
    // Ctrl-W and Ctrl-U edit the line as a shell does.
    typed(&mut a, "host -t mx wrong.example");
    a.press(&KeyEvent::new(KeyCode::Char('w'), KeyModifiers::CONTROL));
    typed(&mut a, "nosuch.invalid");
    press(&mut a, KeyCode::Enter);
    let refused = screen(&a, 80, 24);
    assert!(refused.contains("outside the sample zones"), "{refused}");
    typed(&mut a, "zones");
    press(&mut a, KeyCode::Enter);
    assert!(screen(&a, 120, 40).contains("blossomflowers.example"));
    typed(&mut a, "help");
    press(&mut a, KeyCode::Enter);
    assert!(screen(&a, 120, 40).contains("Ctrl-U Ctrl-W"));
    typed(&mut a, "dig");
    a.press(&KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
    assert!(screen(&a, 80, 24).contains("$ █"));
}

/// The kind of the question on screen, from the header.
fn kind_shown(a: &App) -> String {
    let head = screen(a, 120, 40);
    let first = head.lines().next().unwrap_or_default().to_string();
    first
        .split(" · ")
        .nth(3)
        .unwrap_or_default()
        .trim()
        .to_string()
}

/// Enters something on the question shown, by keys, without Enter.
fn mark_something(a: &mut App) {
    match kind_shown(a).as_str() {
        "command" => {
            typed(a, "dig blossomflowers.example MX");
            press(a, KeyCode::Tab); // leave the command line: keys are keys again
        }
        "order" => press(a, KeyCode::Char('J')),
        _ => {
            press(a, KeyCode::Down);
            press(a, KeyCode::Char(' '));
        }
    }
}

#[test]
fn an_exam_asks_before_leaving_and_resumes_after_a_quit_with_its_answers() {
    let dir = tempfile::tempdir().expect("dir");
    let mut a = with_store(dir.path());
    press(&mut a, KeyCode::Char('2')); // Exam
    assert_eq!(a.screen(), Screen::Quiz);
    // Three questions answered by keys (moving on keeps the marks), one flagged.
    for _ in 0..3 {
        mark_something(&mut a);
        press(&mut a, KeyCode::Right);
    }
    press(&mut a, KeyCode::Char('f'));
    let navigator = |a: &App| {
        screen(a, 120, 40)
            .lines()
            .find(|l| l.starts_with("Questions:"))
            .unwrap_or_default()
            .trim()
            .to_string()
    };
    let before = navigator(&a);
    assert!(before.starts_with("Questions: 1✓ 2✓ 3✓ 4⚑"), "{before}");
    assert!(
        dir.path().join("exam.json").exists(),
        "saved as answers are given"
    );
    // Esc asks; another key stays.
    press(&mut a, KeyCode::Esc);
    assert!(screen(&a, 80, 24).contains("Leave the exam?"));
    press(&mut a, KeyCode::Char('j'));
    assert_eq!(a.screen(), Screen::Quiz);
    // q asks; q again quits.
    press(&mut a, KeyCode::Char('q'));
    assert!(!a.quitting());
    assert!(screen(&a, 80, 24).contains("Quit mxdrill?"));
    press(&mut a, KeyCode::Char('q'));
    assert!(a.quitting());
    // A new start: the home menu offers the exam back, answers and flag intact.
    let mut b = with_store(dir.path());
    assert!(
        screen(&b, 80, 24).contains("Resume exam"),
        "{}",
        screen(&b, 80, 24)
    );
    press(&mut b, KeyCode::Char('2'));
    assert_eq!(navigator(&b), before);
    // Submitting counts what is open and flagged, then the saved exam is gone.
    press(&mut b, KeyCode::Char('S'));
    let ask = screen(&b, 120, 40);
    assert!(
        ask.contains("Submit the exam? 3 unanswered, 1 flagged."),
        "{ask}"
    );
    press(&mut b, KeyCode::Char('y'));
    assert_eq!(b.screen(), Screen::Results);
    assert!(!dir.path().join("exam.json").exists());
    let results = screen(&b, 120, 40);
    assert!(results.contains("Your answer: unanswered"), "{results}");
    assert!(results.contains("Right answer:"), "{results}");
}

#[test]
fn results_say_answers_in_words_and_when_time_ran_out() {
    let mut a = app();
    a.start(&spec(Mode::Exam, Some(Kind::Multi), 3))
        .expect("exam");
    press(&mut a, KeyCode::Char(' '));
    press(&mut a, KeyCode::Down);
    press(&mut a, KeyCode::Char(' '));
    a.tick(NOW + 3600);
    assert_eq!(a.screen(), Screen::Results);
    let shown = screen(&a, 120, 40);
    assert!(shown.contains("Time's up"), "{shown}");
    assert!(shown.contains("Your answer: MX; A"), "marks kept: {shown}");
    assert!(shown.contains("Right answer: MX; CNAME"), "{shown}");
    assert!(
        shown.contains("Why: MX, CNAME, NS and PTR hold names"),
        "{shown}"
    );
    snap("study_results", &a);
}

#[test]
fn enter_on_the_last_exam_question_offers_to_submit() {
    let mut a = app();
    a.start(&spec(Mode::Exam, Some(Kind::Choice), 3))
        .expect("exam");
    press(&mut a, KeyCode::Char('1'));
    assert!(screen(&a, 120, 40).contains("Submit the exam? 0 unanswered, 0 flagged."));
    press(&mut a, KeyCode::Char('j'));
    assert_eq!(a.screen(), Screen::Quiz, "any other key goes on");
    // The footer always shows submit.
    assert!(
        screen(&a, 80, 24)
            .lines()
            .last()
            .unwrap_or_default()
            .starts_with("S submit")
    );
}

#[test]
fn a_wrong_answer_comes_back_in_review_before_any_unseen_question() {
    for seed in 1..6 {
        let dir = tempfile::tempdir().expect("dir");
        let mut a = with_store(dir.path());
        a.start(&spec(Mode::Practice, Some(Kind::Choice), seed))
            .expect("practice");
        press(&mut a, KeyCode::Char('2')); // wrong
        assert!(screen(&a, 80, 24).contains("✗ Incorrect."));
        press(&mut a, KeyCode::Esc);
        assert!(screen(&a, 80, 24).contains("1 question due for review"));
        a.start(&spec(Mode::Review, None, seed)).expect("review");
        let shown = screen(&a, 120, 40);
        assert!(shown.contains("Review · question 1/6"), "{shown}");
        assert!(
            shown.contains("A technician checks Tamarind Kitchen's mail"),
            "seed {seed}: the mistake first, before 5 unseen questions\n{shown}"
        );
    }
}

#[test]
fn rule_ids_in_feedback_open_a_plain_words_page() {
    let mut a = practice(Kind::Choice);
    press(&mut a, KeyCode::Char('2'));
    press(&mut a, KeyCode::Char('r'));
    let shown = screen(&a, 80, 24);
    assert!(
        shown.contains("R1.6  An exchange needs an address"),
        "{shown}"
    );
    assert!(shown.contains("L3  MX has no address"), "{shown}");
    assert_shown(
        &rows(&a, 80, 24),
        "The name in an MX record must be a host name with at least one A or AAAA record.",
    );
    snap("study_rules", &a);
    press(&mut a, KeyCode::Esc);
    assert!(!screen(&a, 80, 24).contains("Rules cited"));
    assert_eq!(a.screen(), Screen::Quiz);
}

#[test]
fn the_mouse_reports_clicks_never_motion_and_can_be_left_to_the_terminal() {
    // 1000: button presses and the wheel; 1006: SGR coordinates. Never 1002/1003,
    // which report motion and keep the terminal from selecting text.
    assert_eq!(mxdrill::tui::MOUSE_ON, b"\x1b[?1000h\x1b[?1006h");
    assert_eq!(mxdrill::tui::MOUSE_OFF, b"\x1b[?1006l\x1b[?1000l");
    // `--no-mouse` leaves the mouse to the terminal: parsed in src/cli/args.rs's tests.
}

#[test]
fn a_click_on_a_wrapped_option_at_80x24_selects_that_option() {
    let mut a = practice(Kind::Choice);
    a.resize_to(80, 24);
    let shown = rows(&a, 80, 24);
    let row = shown
        .iter()
        .position(|r| r.contains("4. The MX preference 10 is too high"))
        .expect("option 4 on screen") as u16;
    a.click(row);
    assert!(
        screen(&a, 80, 24).contains("▶( ) 4."),
        "{}",
        screen(&a, 80, 24)
    );
    a.click(row);
    assert!(screen(&a, 80, 24).contains("✗ Incorrect."));
}

#[test]
fn a_crash_loses_no_mark_and_moving_the_cursor_answers_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let mut a = with_store(dir.path());
    a.start(&spec(Mode::Exam, Some(Kind::Multi), 3))
        .expect("exam");
    press(&mut a, KeyCode::Char(' ')); // MX marked, no Enter, no move
    drop(a); // the terminal is closed: no quit, no leaving
    let mut b = with_store(dir.path());
    press(&mut b, KeyCode::Char('2'));
    assert!(
        screen(&b, 80, 24).contains("[x] 1. MX"),
        "{}",
        screen(&b, 80, 24)
    );
    assert!(screen(&b, 80, 24).contains("Questions: 1✓"));
    // On a choice question the cursor alone is no answer.
    let mut c = app();
    c.start(&spec(Mode::Exam, None, 3)).expect("exam");
    for n in 0..6 {
        match kind_shown(&c).as_str() {
            "choice" | "predict" => press(&mut c, KeyCode::Down),
            "command" => press(&mut c, KeyCode::Tab), // out of the command line
            _ => {}
        }
        if n < 5 {
            press(&mut c, KeyCode::Right);
        }
    }
    press(&mut c, KeyCode::Char('S'));
    assert!(
        screen(&c, 120, 40).contains("Submit the exam? 6 unanswered"),
        "{}",
        screen(&c, 120, 40)
    );
}

#[test]
fn an_exam_predict_question_draws_option_4_under_the_cursor_at_80x24() {
    let mut a = app();
    a.start(&spec(Mode::Exam, Some(Kind::Predict), 3))
        .expect("exam");
    for _ in 0..3 {
        press(&mut a, KeyCode::Down);
    }
    let first =
        "The US office's own server mail-us is switched off, so connections to it are refused.";
    assert_readable(
        &a,
        first,
        &["▶( ) 4. It bounces back to the sender at once"],
        None,
    );
    snap("study_exam_predict", &a);
}

#[test]
fn the_clock_is_saved_with_the_exam_so_a_resumed_exam_does_not_gain_time() {
    let dir = tempfile::tempdir().expect("dir");
    let mut a = with_store(dir.path());
    a.start(&spec(Mode::Exam, None, 3)).expect("exam");
    a.tick(NOW + 100);
    let saved = mxdrill::progress::read_exam(dir.path())
        .expect("saved")
        .expect("readable");
    assert_eq!(saved.elapsed, 100);
    let mut b = with_store(dir.path());
    b.tick(NOW + 5000); // the next day, say: the clock resumes where it stopped
    press(&mut b, KeyCode::Char('2'));
    assert!(
        screen(&b, 120, 40).contains("⏱ 4:20"),
        "{}",
        screen(&b, 120, 40)
    );
}

#[test]
fn pgdn_and_pgup_scroll_the_results_as_their_heading_offers() {
    let mut a = app();
    a.start(&spec(Mode::Exam, None, 3)).expect("exam");
    if a.typing() {
        press(&mut a, KeyCode::Tab); // a command question: keys again
    }
    press(&mut a, KeyCode::Char('S'));
    press(&mut a, KeyCode::Char('y'));
    assert_eq!(a.screen(), Screen::Results);
    let top = screen(&a, 80, 24);
    assert!(top.contains("PgUp PgDn"), "the heading offers them: {top}");
    press(&mut a, KeyCode::PageDown);
    let down = screen(&a, 80, 24);
    assert_ne!(down, top, "PgDn scrolls the answers");
    press(&mut a, KeyCode::PageUp);
    assert_eq!(screen(&a, 80, 24), top, "PgUp scrolls back");
}

#[test]
fn n_answers_no_to_the_leave_prompt_and_the_next_esc_asks_again() {
    let mut a = app();
    a.start(&spec(Mode::Exam, Some(Kind::Choice), 3))
        .expect("exam");
    press(&mut a, KeyCode::Esc);
    assert!(screen(&a, 80, 24).contains("Leave the exam?"));
    press(&mut a, KeyCode::Char('n'));
    assert!(!screen(&a, 80, 24).contains("Leave the exam?"), "n cancels");
    press(&mut a, KeyCode::Esc);
    assert_eq!(a.screen(), Screen::Quiz, "the next Esc asks again");
    assert!(screen(&a, 80, 24).contains("Leave the exam?"));
}

/// Issue 24 (spaced repetition you can see): the app's feedback says when a saved
/// answer's question comes back for review, from the store; without a store it
/// says nothing of it.
#[test]
fn the_feedback_says_when_a_saved_answer_comes_back() {
    let dir = tempfile::tempdir().expect("dir");
    let mut a = with_store(dir.path());
    a.start(&spec(Mode::Practice, Some(Kind::Choice), 1))
        .expect("practice");
    press(&mut a, KeyCode::Char('2')); // wrong
    let shown = screen(&a, 120, 60);
    assert!(shown.contains("✗ Incorrect."), "{shown}");
    assert!(shown.contains("Comes back for review now."), "{shown}");
    let mut none = app();
    none.start(&spec(Mode::Practice, Some(Kind::Choice), 1))
        .expect("practice");
    press(&mut none, KeyCode::Char('2'));
    let shown = screen(&none, 120, 60);
    assert!(shown.contains("✗ Incorrect."), "{shown}");
    assert!(!shown.contains("Comes back for review"), "{shown}");
    // At 80x24 the hint is in the feedback, which scrolls: the header and the
    // footer are the same rows as without it.
    let (with, without) = (rows(&a, 80, 24), rows(&none, 80, 24));
    assert_eq!(with.first(), without.first());
    assert_eq!(with.last(), without.last());
}

/// Issue 24 (an optional self-rating for right answers): after a right answer
/// saved to the store, the feedback offers 1 Again · 2 Hard · 3 Good · 4 Easy,
/// each with when the question would come back; `4` saves Easy on the answer's
/// own event (no new answer) before the hint says its date and the rating; `2`
/// changes it. Snapshots of the offer, and of it once rated, at 80x24 and 120x40.
#[test]
fn a_right_answer_can_be_rated_and_the_hint_follows_the_rating() {
    let dir = tempfile::tempdir().expect("dir");
    let mut a = with_store(dir.path());
    a.start(&spec(Mode::Practice, Some(Kind::Multi), 1))
        .expect("practice");
    press(&mut a, KeyCode::Char(' ')); // 1. MX
    press(&mut a, KeyCode::Down);
    press(&mut a, KeyCode::Down);
    press(&mut a, KeyCode::Char(' ')); // 3. CNAME
    press(&mut a, KeyCode::Enter);
    let shown = screen(&a, 80, 24);
    assert!(shown.contains("✓ Correct."), "{shown}");
    assert!(
        shown.contains("How well did you know it? (Enter: Good)"),
        "{shown}"
    );
    for part in ["1 Again — now", "2 Hard — ", "3 Good — ", "4 Easy — "] {
        assert!(shown.contains(part), "{part}: {shown}");
    }
    assert!(
        shown.contains("1-4 rate your answer"),
        "the footer: {shown}"
    );
    snap("study_rating_offer", &a);
    let store = || Store::open(dir.path(), NOW, 9).expect("store").store;
    let events = |s: &Store| {
        s.progress
            .entries
            .values()
            .next()
            .expect("entry")
            .events
            .clone()
    };
    let before = events(&store());
    assert_eq!(before.len(), 1);
    assert_eq!(before[0].rating, None, "Enter alone: Good, nothing written");
    press(&mut a, KeyCode::Char('4'));
    let after = events(&store());
    assert_eq!(after.len(), 1, "the same answer, rated");
    assert_eq!(
        (after[0].at, after[0].nonce),
        (before[0].at, before[0].nonce)
    );
    assert_eq!(after[0].rating, Some(mxdrill::progress::Rating::Easy));
    let entry = store()
        .progress
        .entries
        .values()
        .next()
        .expect("entry")
        .clone();
    let due = mxdrill::progress::Schedule::of(&entry).expect("due").due;
    let hint = format!("{} (rated Easy).", mxdrill::progress::comes_back(due, NOW));
    let tall = screen(&a, 120, 60);
    assert!(tall.contains(&hint), "{hint}: {tall}");
    let shown = screen(&a, 80, 24);
    assert!(shown.contains("You rated it Easy (saved)"), "{shown}");
    let easy = format!("4 Easy — {}", mxdrill::progress::when(due, NOW));
    assert!(
        shown.contains(&easy),
        "the offer's date is the hint's: {shown}"
    );
    snap("study_rating_easy", &a);
    press(&mut a, KeyCode::Char('2'));
    assert_eq!(
        events(&store())[0].rating,
        Some(mxdrill::progress::Rating::Hard),
        "changed before moving on"
    );
    assert!(screen(&a, 120, 60).contains("(rated Hard)."));
}

/// No offer after a wrong answer, nor without a store (the same rule as the
/// hint): 1-4 are then no keys of the feedback.
#[test]
fn no_rating_is_offered_for_wrong_answers_nor_without_a_store() {
    let dir = tempfile::tempdir().expect("dir");
    let mut a = with_store(dir.path());
    a.start(&spec(Mode::Practice, Some(Kind::Choice), 1))
        .expect("practice");
    press(&mut a, KeyCode::Char('2')); // wrong
    let shown = screen(&a, 120, 60);
    assert!(!shown.contains("How well did you know it"), "{shown}");
    assert!(!shown.contains("1-4"), "{shown}");
    press(&mut a, KeyCode::Char('4'));
    let store = Store::open(dir.path(), NOW, 9).expect("store").store;
    let entry = store.progress.entries.values().next().expect("entry");
    assert_eq!(entry.events.len(), 1);
    assert_eq!(entry.events[0].rating, None);
    let mut none = app();
    none.start(&spec(Mode::Practice, Some(Kind::Choice), 1))
        .expect("practice");
    press(&mut none, KeyCode::Char('1')); // right
    let shown = screen(&none, 120, 60);
    assert!(shown.contains("✓ Correct."), "{shown}");
    assert!(!shown.contains("How well did you know it"), "{shown}");
}

/// A rating that cannot be written says so on the feedback, and nothing claims
/// it: the store keeps the answer unrated and the offer names no rating.
#[test]
fn a_rating_that_cannot_be_saved_says_so() {
    let dir = tempfile::tempdir().expect("dir");
    let mut a = with_store(dir.path());
    a.start(&spec(Mode::Practice, Some(Kind::Choice), 1))
        .expect("practice");
    press(&mut a, KeyCode::Char('1')); // right
    assert!(screen(&a, 80, 24).contains("How well did you know it?"));
    // The store's lock cannot be opened: every write fails.
    let lock = dir.path().join("progress.lock");
    std::fs::remove_file(&lock).expect("remove the lock");
    std::fs::create_dir(&lock).expect("a folder in its place");
    press(&mut a, KeyCode::Char('4'));
    let shown = screen(&a, 80, 24);
    assert!(
        shown.contains("⚠ this rating could not be saved"),
        "{shown}"
    );
    assert!(!shown.contains("You rated it"), "{shown}");
    assert!(!screen(&a, 120, 60).contains("(rated Easy)"));
    std::fs::remove_dir(&lock).expect("the folder");
    let store = Store::open(dir.path(), NOW, 9).expect("store").store;
    let entry = store.progress.entries.values().next().expect("entry");
    assert_eq!(entry.events[0].rating, None, "not on disk");
    // A later save (the next rating) writes only what the learner then chose.
    press(&mut a, KeyCode::Char('2'));
    let store = Store::open(dir.path(), NOW, 9).expect("store").store;
    let entry = store.progress.entries.values().next().expect("entry");
    assert_eq!(
        entry.events[0].rating,
        Some(mxdrill::progress::Rating::Hard)
    );
    assert!(screen(&a, 80, 24).contains("You rated it Hard (saved)"));
}
