//! The exam's review list and the practice of what it missed (issue 24), driven by
//! keys: the first S (or g) lists every question answered, unanswered or flagged
//! with a mark and a word; ↑ ↓, a typed number and Enter, or u go to a question;
//! Esc goes back to the question it came from; S S still submits; the results
//! offer `m`, a practice of exactly the questions missed.

use mxdrill::content;
use mxdrill::quiz::Mode;
use mxdrill::tui::{App, Screen, Theme};
use ratatui::crossterm::event::KeyCode;

#[path = "common/screen.rs"]
mod screen;
use screen::{NOW, SIZES, key as press, render, rows, spec, text as screen, typed};

/// The study fixture: an exam of six questions, one of every kind.
fn exam(color: bool) -> App {
    let mut a = screen::app_with("tests/fixtures/study/bank.yaml", color);
    a.start(&spec(Mode::Exam, None, 7)).expect("an exam");
    keys_again(&mut a);
    a
}

/// Out of a command line, so that keys are keys.
fn keys_again(a: &mut App) {
    if a.typing() {
        press(a, KeyCode::Tab);
    }
}

/// The header's "question N/T".
fn at(a: &App) -> String {
    let head = rows(a, 120, 40).join(" ");
    let from = head.find("question ").expect("a question");
    head[from..]
        .split_whitespace()
        .nth(1)
        .unwrap_or_default()
        .to_string()
}

/// The header's kind (the last part of its first line).
fn kind(a: &App) -> String {
    rows(a, 120, 40)[0]
        .split(" · ")
        .nth(3)
        .unwrap_or_default()
        .trim()
        .to_string()
}

fn snap(name: &str, app: &App) {
    for (w, h) in SIZES {
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), render(app, w, h).backend());
    }
}

/// Flags question 2, answers the first choice or predict question (1), and
/// returns its number; the exam is then on the question after it.
fn flag_and_answer_one(a: &mut App) -> usize {
    press(a, KeyCode::Right);
    keys_again(a);
    press(a, KeyCode::Char('f'));
    press(a, KeyCode::Left);
    for n in 1..=6 {
        keys_again(a);
        if matches!(kind(a).as_str(), "choice" | "predict") {
            press(a, KeyCode::Char('1'));
            return n;
        }
        press(a, KeyCode::Right);
    }
    panic!("no choice question");
}

#[test]
fn the_first_s_lists_every_question_answered_unanswered_and_flagged_and_s_again_submits() {
    let mut a = exam(false);
    let answered = flag_and_answer_one(&mut a);
    keys_again(&mut a);
    press(&mut a, KeyCode::Char('S'));
    let list = screen(&a, 80, 24);
    assert!(list.contains("Exam review: every question"), "{list}");
    assert!(
        list.contains("1 answered · 5 unanswered · 1 flagged · "),
        "{list}"
    );
    assert!(
        list.contains("Submit the exam? 5 unanswered, 1 flagged."),
        "{list}"
    );
    let row = |n: usize| {
        rows(&a, 80, 24)
            .into_iter()
            .find(|r| {
                let rest: String = r.chars().skip(1).collect();
                rest.trim_start().starts_with(&format!("{n}  "))
            })
            .unwrap_or_default()
    };
    assert!(row(answered).contains("✓ answered"), "{list}");
    assert!(row(2).contains("⚑ flagged"), "{list}");
    let open = (1..=6).find(|n| *n != answered).expect("an open one");
    assert!(row(open).contains("· unanswered"), "{list}");
    // The muscle memory of S S holds: the second S submits.
    press(&mut a, KeyCode::Char('S'));
    assert_eq!(a.screen(), Screen::Results);
}

#[test]
fn g_lists_at_any_time_esc_goes_back_to_the_same_question_and_a_number_jumps() {
    let mut a = exam(false);
    // The first S lists; Esc there goes back to the question, the exam goes on.
    press(&mut a, KeyCode::Char('S'));
    assert!(screen(&a, 80, 24).contains("Exam review: every question"));
    press(&mut a, KeyCode::Esc);
    assert_eq!((a.screen(), at(&a).as_str()), (Screen::Quiz, "1/6"));
    assert!(!screen(&a, 80, 24).contains("Exam review"));
    keys_again(&mut a);
    press(&mut a, KeyCode::Right);
    keys_again(&mut a);
    press(&mut a, KeyCode::Right);
    keys_again(&mut a);
    assert_eq!(at(&a), "3/6");
    // A click on the list picks no option of the question beneath it.
    press(&mut a, KeyCode::Char('g'));
    for row in 0..24 {
        a.click(row);
    }
    assert!(screen(&a, 80, 24).contains("0 answered · 6 unanswered"));
    press(&mut a, KeyCode::Esc);
    press(&mut a, KeyCode::Char('g'));
    let list = screen(&a, 80, 24);
    assert!(
        list.contains("0 answered · 6 unanswered · 0 flagged"),
        "{list}"
    );
    assert!(
        list.contains("▶  3  · unanswered"),
        "the question it came from: {list}"
    );
    assert!(list.contains("↑ ↓ select"), "the list's keys: {list}");
    press(&mut a, KeyCode::Down);
    press(&mut a, KeyCode::Down);
    press(&mut a, KeyCode::Esc);
    assert_eq!(a.screen(), Screen::Quiz, "Esc does not leave the exam");
    assert_eq!(at(&a), "3/6", "Esc goes back to the question it came from");
    assert!(!screen(&a, 80, 24).contains("Leave the exam?"));
    // A number and Enter go there; one that is no question is refused.
    keys_again(&mut a);
    press(&mut a, KeyCode::Char('g'));
    typed(&mut a, "9");
    press(&mut a, KeyCode::Enter);
    assert!(screen(&a, 80, 24).contains("There is no question 9: choose 1 to 6."));
    typed(&mut a, "5");
    assert!(screen(&a, 80, 24).contains("Go to question 5 (Enter)"));
    press(&mut a, KeyCode::Enter);
    assert_eq!(at(&a), "5/6");
    // ↑ and Enter open the row selected.
    keys_again(&mut a);
    press(&mut a, KeyCode::Char('g'));
    press(&mut a, KeyCode::Up);
    press(&mut a, KeyCode::Enter);
    assert_eq!(at(&a), "4/6");
    // u opens the next unanswered question.
    keys_again(&mut a);
    press(&mut a, KeyCode::Char('g'));
    press(&mut a, KeyCode::Char('u'));
    assert_eq!(at(&a), "5/6");
}

#[test]
fn the_list_of_twenty_scrolls_at_80x24_with_the_selected_row_in_view() {
    let library = content::load(&content::bundled_sources());
    let theme = Theme {
        color: false,
        ascii: false,
    };
    let mut a = App::new(library, theme, NOW, 41);
    a.start(&spec(Mode::Exam, None, 3)).expect("an exam");
    keys_again(&mut a);
    press(&mut a, KeyCode::Char('g'));
    let shown = |a: &App, n: usize| {
        rows(a, 80, 24).iter().any(|r| {
            r.get(..4).is_some_and(|c| c.trim() == n.to_string())
                || r.starts_with(&format!("▶{n:>3}"))
        })
    };
    assert!(shown(&a, 1) && !shown(&a, 20), "{}", screen(&a, 80, 24));
    for _ in 0..19 {
        press(&mut a, KeyCode::Down);
    }
    let list = screen(&a, 80, 24);
    assert!(
        list.contains("▶ 20  · unanswered"),
        "the selected row in view: {list}"
    );
    assert!(!shown(&a, 1), "scrolled: {list}");
    assert!(list.contains("S submit the exam"), "{list}");
    press(&mut a, KeyCode::Enter);
    assert_eq!(at(&a), "20/20");
}

#[test]
fn results_offer_m_a_practice_of_exactly_the_questions_missed() {
    let mut a = exam(false);
    let answered = flag_and_answer_one(&mut a);
    keys_again(&mut a);
    press(&mut a, KeyCode::Char('S'));
    press(&mut a, KeyCode::Char('S'));
    let results = screen(&a, 120, 40);
    // The answered one is right or wrong; the other five were left unanswered.
    let right = results.contains(&format!("✓ {answered:>2}. "));
    let missed = if right { 5 } else { 6 };
    assert!(
        results.contains(&format!(
            "m: practice the {missed} questions you missed now"
        )),
        "{results}"
    );
    press(&mut a, KeyCode::Char('m'));
    assert_eq!(a.screen(), Screen::Quiz);
    let first = screen(&a, 120, 40);
    assert!(
        first.contains(&format!("Practice · question 1/{missed}")),
        "{first}"
    );
    // In exam order: the first missed is question 1, unless it was answered right.
    let exam_first = if right && answered == 1 { 2 } else { 1 };
    let prompt: String = results
        .lines()
        .find_map(|l| l.split_once(&format!("{exam_first:>2}. ")).map(|(_, p)| p))
        .expect("listed")
        .chars()
        .take(40)
        .collect();
    assert!(first.contains(&prompt), "{prompt:?} first: {first}");
    // Answered there, it is saved as practice: instant feedback.
    if !a.typing() && matches!(kind(&a).as_str(), "choice" | "predict") {
        press(&mut a, KeyCode::Char('1'));
        assert!(screen(&a, 120, 40).contains("orrect"), "feedback at once");
    }
}

#[test]
fn the_review_list_at_both_sizes_and_without_colour() {
    let mut a = exam(true);
    flag_and_answer_one(&mut a);
    keys_again(&mut a);
    press(&mut a, KeyCode::Char('S'));
    snap("review_list", &a);
    press(&mut a, KeyCode::Down);
    snap("review_list_keys", &a);
    let mut plain = exam(false);
    flag_and_answer_one(&mut plain);
    keys_again(&mut plain);
    press(&mut plain, KeyCode::Char('g'));
    snap("review_list_no_color", &plain);
}

#[path = "common/binary.rs"]
mod binary;

/// `mxdrill exam --plain` with `stdin`: its standard output.
fn plain_exam(stdin: &str) -> String {
    let out = binary::mxdrill()
        .args([
            "exam", "--plain", "--seed", "2", "--count", "3", "--kind", "choice",
        ])
        .write_stdin(stdin.to_string())
        .assert()
        .success();
    String::from_utf8_lossy(&out.get_output().stdout).to_string()
}

#[test]
fn the_plain_mode_lists_every_question_before_submitting_and_goes_to_a_number() {
    // Three answers, a number that is no question, question 2 again, then Enter.
    let text = plain_exam("1\n1\n1\n9\n2\n2\n\n");
    assert!(
        text.contains("Before you submit, every question:"),
        "{text}"
    );
    assert!(
        text.contains("3 answered · 0 unanswered · 0 flagged · "),
        "{text}"
    );
    assert!(text.contains("   1. ✓ answered"), "{text}");
    assert!(
        text.contains("There is no question 9: choose 1 to 3."),
        "{text}"
    );
    assert_eq!(
        text.matches("Question 2/3").count(),
        2,
        "asked again: {text}"
    );
    assert!(
        text.contains("Your answer: "),
        "the answer kept is shown: {text}"
    );
    assert_eq!(
        text.matches("Before you submit").count(),
        3,
        "listed again after each change: {text}"
    );
    assert!(text.contains("Score: "), "submitted: {text}");
}

#[test]
fn the_plain_mode_offers_the_missed_as_practice_default_no() {
    // Answers only, as a script gives them: the run ends as before, graded.
    let scripted = plain_exam("1\n1\n1\n");
    assert!(scripted.contains("Results"), "{scripted}");
    let offered = scripted.contains("questions you missed now? [y/N]")
        || scripted.contains("question you missed now? [y/N]");
    assert!(
        offered || scripted.contains("You missed none: there is nothing to practice."),
        "{scripted}"
    );
    assert!(!scripted.contains("Practice of the questions you missed"));
    if !offered {
        return;
    }
    let missed = if scripted.contains("the question you missed") {
        1
    } else {
        let at = scripted.find("Practice the ").expect("offer") + "Practice the ".len();
        scripted[at..]
            .split_whitespace()
            .next()
            .and_then(|n| n.parse().ok())
            .expect("a count")
    };
    // Yes: a practice of exactly those, with feedback at once.
    let answers = "1\n".repeat(missed);
    let practised = plain_exam(&format!("1\n1\n1\n\ny\n{answers}"));
    let after = practised
        .split("Practice of the questions you missed:")
        .nth(1)
        .unwrap_or_else(|| panic!("{practised}"));
    assert!(after.contains(&format!("Question 1/{missed}")), "{after}");
    assert!(after.contains("orrect."), "instant feedback: {after}");
    assert!(
        after.contains(&format!("/{missed}\n")),
        "its score: {after}"
    );
}

/// The list opens clean: a question's own notice (Enter with nothing marked)
/// stays with that question, and a prompt that breaks its line before a command
/// is listed as one line of words.
#[test]
fn the_list_shows_no_notice_of_a_question_and_prompts_on_one_line() {
    let mut a = exam(false);
    // Enter with nothing chosen on a multi or order question leaves a notice.
    for _ in 1..=6 {
        keys_again(&mut a);
        if matches!(kind(&a).as_str(), "multi") {
            break;
        }
        press(&mut a, KeyCode::Right);
    }
    press(&mut a, KeyCode::Enter);
    let before = screen(&a, 80, 24);
    assert!(before.contains("first"), "a notice to clear: {before}");
    press(&mut a, KeyCode::Char('g'));
    let list = screen(&a, 80, 24);
    assert!(!list.contains("with Space first"), "{list}");
    for row in rows(&a, 120, 40).iter().filter(|r| r.contains("answered")) {
        assert!(
            !row.trim_end().ends_with(':'),
            "a prompt cut at its line break: {row}"
        );
    }
}
