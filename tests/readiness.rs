//! Issue 24: home's due counts per category and readiness per exam objective (the
//! `o` key switches home's lower table where both do not fit; both show at 120×40),
//! and the stats screen's forecast of reviews falling due. Driven by keys, with a
//! progress store in a temporary folder, at 80×24 and 120×40.

use mxdrill::progress::Store;
use mxdrill::quiz::Mode;
use mxdrill::tui::App;
use ratatui::crossterm::event::KeyCode;

#[path = "common/screen.rs"]
mod screen;
use screen::{NOW, SIZES, key, render, spec, text};

fn snap(name: &str, app: &App) {
    for (w, h) in SIZES {
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), render(app, w, h).backend());
    }
}

/// The fixed bank (3 questions, all N10-009 3.4, one also 220-1101 2.6) with a
/// store: the choice question answered wrong, the order question right.
fn answered(dir: &std::path::Path) -> App {
    let store = Store::open(dir, NOW, 1).expect("store").store;
    let mut a =
        screen::app_with("tests/fixtures/tui/bank.yaml", false).with_store(Some(store), None);
    a.start(&spec(
        Mode::Practice,
        Some(mxdrill::content::bank::Kind::Choice),
        3,
    ))
    .expect("a session");
    key(&mut a, KeyCode::Char('1')); // A: wrong
    key(&mut a, KeyCode::Esc);
    a
}

#[test]
fn home_shows_due_per_category_and_o_switches_to_readiness_per_objective() {
    let dir = tempfile::tempdir().expect("dir");
    let mut a = answered(dir.path());
    let small = text(&a, 80, 24);
    assert!(
        small.contains("identification     0/1   right (0%)         1 due  1 question"),
        "the wrong answer is due now, on its category's line:\n{small}"
    );
    assert!(
        small.contains("· o: objectives"),
        "the heading names o:\n{small}"
    );
    assert!(
        !small.contains("N10-009 3.4"),
        "one table at 80x24:\n{small}"
    );
    let both = text(&a, 120, 40);
    assert!(
        both.contains("1 due") && both.contains("N10-009 3.4 network services (DNS)"),
        "both tables at 120x40:\n{both}"
    );
    snap("readiness_home_categories", &a);
    key(&mut a, KeyCode::Char('o'));
    let small = text(&a, 80, 24);
    assert!(
        small.contains("N10-009 3.4 network services (DNS)    0/1   (0%)      2 unseen  practice"),
        "1 of 3 answered, wrong:\n{small}"
    );
    assert!(
        small.contains("220-1101 2.6 DNS records and spam     0/1   (0%)      0 unseen  practice"),
        "{small}"
    );
    assert!(small.contains("· o: categories"), "{small}");
    assert!(!small.contains("identification"), "{small}");
    snap("readiness_home_objectives", &a);
    key(&mut a, KeyCode::Char('o'));
    assert!(
        text(&a, 80, 24).contains("identification"),
        "o again: categories"
    );
}

#[test]
fn the_bank_key_scopes_the_due_counts_and_readiness() {
    let dir = tempfile::tempdir().expect("dir");
    let mut a = answered(dir.path());
    key(&mut a, KeyCode::Char('b')); // the one bank: the same figures
    let one = text(&a, 120, 40);
    assert!(
        one.contains("Bank screens") && one.contains("1 due"),
        "{one}"
    );
    assert!(one.contains("2 unseen"), "{one}");
}

#[test]
fn stats_shows_the_forecast_of_reviews_due_beside_the_answers() {
    let dir = tempfile::tempdir().expect("dir");
    let mut a = answered(dir.path());
    key(&mut a, KeyCode::Char('7'));
    let shown = text(&a, 80, 24);
    assert!(
        shown.contains("Reviews due per day — most 1") && shown.contains("in 13 days"),
        "{shown}"
    );
    assert!(shown.contains("Answers per day — most 1"), "{shown}");
    snap("readiness_stats", &a);
}
