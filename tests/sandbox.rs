//! The simulator's what-ifs edit its own copy of the world (issue 23): questions
//! are prepared and graded on the zones as written, the lab console answers from
//! them, and the simulator says when its world differs (a *modified* badge) until
//! `w` puts the zones back as written. Driven by key events only.

use mxdrill::content::bank::Kind;
use mxdrill::progress::Store;
use mxdrill::quiz::Mode;
use mxdrill::tui::{App, Screen};
use ratatui::crossterm::event::KeyCode;

#[path = "common/screen.rs"]
mod screen;
use screen::{NOW, SIZES, key, rows, spec, text, typed};

/// The bundled zones and one predict question on blossomflowers.example, whose
/// first option (mail.petalmail.example, preference 10) is right as written.
fn app(store: Store) -> App {
    screen::app_with("tests/fixtures/sandbox/bank.yaml", false).with_store(Some(store), None)
}

/// The simulator's header row at `width`.
fn header(app: &App, width: u16) -> String {
    rows(app, width, 24).remove(0)
}

/// The footer row at `width`×`height`.
fn footer(app: &App, width: u16, height: u16) -> String {
    rows(app, width, height).pop().unwrap_or_default()
}

#[test]
fn what_ifs_never_reach_the_questions_the_lab_console_or_the_progress_store() {
    let dir = tempfile::tempdir().expect("dir");
    let store = Store::open(dir.path(), NOW, 1).expect("store").store;
    let mut a = app(store);
    // The simulator from home: the zone as written, no badge.
    key(&mut a, KeyCode::Char('5'));
    assert_eq!(a.screen(), Screen::Simulator);
    assert!(
        !header(&a, 120).contains("[modified]"),
        "{}",
        header(&a, 120)
    );
    // x removes the primary's MX, i adds a spare host's, - lowers the one now
    // first (backupmail, 20 → 10), s takes it down: every what-if at once.
    for k in ['x', 'i', '-', 's'] {
        key(&mut a, KeyCode::Char(k));
    }
    key(&mut a, KeyCode::End);
    let shown = text(&a, 120, 40);
    assert!(!shown.contains(" mail.petalmail.example"), "{shown}");
    assert!(
        shown.contains("preference 10") && shown.contains("backupmail"),
        "{shown}"
    );
    for (w, h) in SIZES {
        assert!(
            header(&a, w).starts_with("Simulator [modified] · info@blossomflowers.example"),
            "{w}x{h}: {}",
            header(&a, w)
        );
        assert!(
            footer(&a, w, h).starts_with("w undo the MX what-ifs · q quit"),
            "{w}x{h}: {}",
            footer(&a, w, h)
        );
    }
    // Leave; the predict question on the same zone is graded on the zone as written.
    key(&mut a, KeyCode::Esc);
    a.start(&spec(Mode::Practice, Some(Kind::Predict), 1))
        .expect("a session");
    let shown = text(&a, 120, 40);
    assert!(shown.contains("1. mail.petalmail.example"), "{shown}");
    key(&mut a, KeyCode::Char('1'));
    let shown = text(&a, 120, 40);
    assert!(shown.contains("✓ Correct."), "graded right:\n{shown}");
    let saved = &a.store().expect("store").progress.entries["sandbox/lowest-first"];
    assert_eq!(
        (saved.attempts(), saved.correct()),
        (1, 1),
        "saved as right"
    );
    let on_disk = Store::open(dir.path(), NOW, 2).expect("reopen").store;
    assert_eq!(
        on_disk.progress.entries["sandbox/lowest-first"].correct(),
        1
    );
    // The lab console's dig answers from the zone as written.
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('6'));
    typed(&mut a, "dig +short blossomflowers.example MX");
    key(&mut a, KeyCode::Enter);
    let shown = text(&a, 120, 40);
    assert!(
        shown.contains("10 mail.petalmail.example.")
            && shown.contains("20 backupmail.petalmail.example."),
        "{shown}"
    );
    // The simulator kept its what-ifs meanwhile; w puts the zones back as written
    // (the host state stays: it is the delivery's, not the zone's).
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('5'));
    assert!(header(&a, 120).contains("[modified]"));
    key(&mut a, KeyCode::Char('w'));
    key(&mut a, KeyCode::End);
    let shown = text(&a, 120, 40);
    assert!(!header(&a, 120).contains("[modified]"), "{shown}");
    assert!(
        !footer(&a, 120, 40).starts_with("w "),
        "{}",
        footer(&a, 120, 40)
    );
    assert!(
        shown.contains("Delivered to mail.petalmail.example") && shown.contains("✗ down"),
        "as written, with backupmail.petalmail.example still down: {shown}"
    );
}

#[test]
fn edits_that_undo_each_other_leave_no_badge() {
    let dir = tempfile::tempdir().expect("dir");
    let store = Store::open(dir.path(), NOW, 1).expect("store").store;
    let mut a = app(store);
    key(&mut a, KeyCode::Char('5'));
    key(&mut a, KeyCode::Char('-'));
    assert!(header(&a, 120).contains("[modified]"));
    key(&mut a, KeyCode::Char('+'));
    assert!(!header(&a, 120).contains("[modified]"), "10 - 10 + 10 = 10");
    // w with nothing to undo changes nothing.
    let before = text(&a, 120, 40);
    key(&mut a, KeyCode::Char('w'));
    assert_eq!(text(&a, 120, 40), before);
}
